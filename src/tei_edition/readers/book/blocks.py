"""The source of a printed book cut into classified blocks (:class:`Item`).

What it knows: blocks end at blank lines, headings, rules and note bodies; a block is a heading,
rule, note body, contents lines (dot leaders), a list (general Markdown only), an emphasized
caption, a paragraph opened by a run-in heading, or a paragraph; a colophon's code lines
(УДК, ББК, ISBN, the author sign) are recognised here too.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .markup import (HEADING, INDENTED, LIST_LINE, NOTE_BODY, RULE, RUNIN, SPACED_DASH, TOC_LINE, book_data,
                     convert_line, plain_text, ref_number)


@dataclass
class Item:
    """A block of the source: its kind, lines and first line number."""

    kind: str  # head, rule, note, toc, emph, runin, para
    lines: list[str]
    line: int
    level: int = 0
    n: str = ""  # note number
    plain: str = ""

    def hard(self, i: int) -> bool:
        raw = self.lines[i]
        return raw.endswith("  ") or raw.endswith("\\")


def split_blocks(text: str, general: bool = False) -> list[Item]:
    """Cut the source into blocks at blank lines, headings, rules and note bodies.

    ``general`` (a Markdown text, not a print layout): an indented block after a note body is
    that note's next paragraph (pandoc), and a block of list lines is a list."""
    items: list[Item] = []
    cur: list[str] = []
    start = 0

    def close() -> None:
        nonlocal cur
        if cur:
            items.append(Item("para", cur, start))
        cur = []

    for no, raw in enumerate(text.split("\n"), 1):
        raw = raw.rstrip("\r")
        if not raw.strip():
            close()
            continue
        if HEADING.match(raw) or RULE.match(raw):
            close()
            m = HEADING.match(raw)
            items.append(Item("head", [m.group(2)], no, level=len(m.group(1))) if m else Item("rule", [raw], no))
            continue
        if NOTE_BODY.match(raw):
            close()
        if not cur:
            start = no
        cur.append(raw)
    close()
    for it in items:
        if it.kind == "para":
            classify(it, general)
        it.plain = plain_text(it.lines) if it.kind != "rule" else ""
    if general:
        items = join_note_paragraphs(items)
    return items


def join_note_paragraphs(items: list[Item]) -> list[Item]:
    """Indented blocks right after a note body continue that note (pandoc multi-paragraph notes)."""
    out: list[Item] = []
    for it in items:
        prev = out[-1] if out else None
        if prev is not None and prev.kind == "note" and it.kind in ("para", "list", "toc", "emph", "runin") \
                and all(INDENTED.match(ln) for ln in it.lines):
            prev.lines = prev.lines + [ln.strip() for ln in it.lines]
            prev.plain = plain_text(prev.lines)
            continue
        out.append(it)
    return out


def is_emphasized(lines: list[str]) -> bool:
    s = " ".join(ln.strip() for ln in lines)
    for mk in ("**", "__", "*", "_"):
        inner = s[len(mk):-len(mk)]
        if s.startswith(mk) and s.endswith(mk) and len(s) > 2 * len(mk) and mk[0] not in inner:
            return True
    return False


def classify(it: Item, general: bool = False) -> None:
    m = NOTE_BODY.match(it.lines[0])
    if m:
        it.kind, it.n = "note", ref_number(m)
        it.lines = [m.group(5)] + it.lines[1:]
    elif all(TOC_LINE.match(ln) for ln in it.lines):
        it.kind = "toc"
    elif general and len(it.lines) >= 2 and is_list_block(it.lines):
        it.kind = "list"
    elif is_emphasized(it.lines):
        it.kind = "emph"
    elif RUNIN.match("\n".join(it.lines)):
        it.kind = "runin"


def is_list_block(lines: list[str]) -> bool:
    """Two or more list lines with one kind of marker (bullets, or numbers).

    Lines opened by a hyphen with a spaced dash inside (``- Да, - сказал он.``) are dialogue set
    with hyphens, not a list."""
    ms = [LIST_LINE.match(ln) for ln in lines]
    if not all(ms):
        return False
    kinds = {m.group("m")[0].isdigit() or m.group("m") for m in ms}
    if kinds == {"-"} and any(SPACED_DASH.search(m.group("t")) for m in ms):
        return False
    return len(kinds) == 1



def is_code(plain_lines: list[str]) -> bool:
    """УДК/ББК/ISBN lines and the author sign (К61) of a colophon."""
    sign = re.compile(book_data()["author_sign_pattern"] + r"$")
    prefixes = tuple(p for p in book_data()["colophon_prefixes"] if p != "©")
    return all(ln.startswith(prefixes) or sign.match(ln) for ln in plain_lines)


def line_texts(it: Item) -> list[str]:
    return [convert_line(ln)[0] for ln in it.lines]
