"""Markdown tokens of a printed book's text: patterns, markup removal, note-reference marks.

What it knows: the inline syntax the book reader meets (emphasis, escapes, inline HTML tags,
the four spellings of a note reference), how one source line becomes normalized text with its
note references lifted out as offsets, and how lines are joined (:class:`TextBuilder`, with the
line-end hyphenation decided by :mod:`tei_edition.readers.hyphen`). The language and layout
knowledge (credits, heading names, abbreviations) is data: ``data/book_ru.json``.
"""

from __future__ import annotations

import re
from typing import Any

from ...model import Block, Mark
from ...resources import data_json
from ..common import SUPERSCRIPT_DIGITS
from ..hyphen import join_lines

def book_data() -> dict[str, Any]:
    """Language and layout knowledge (credits, heading names, abbreviations) kept as data."""
    return data_json("book_ru.json")


# ---------------------------------------------------------------------------- patterns

_REF = re.compile(r"<sup>\s*([0-9]{1,3}|[a-zа-я]|\*{1,3})\s*</sup>|\[\^(\w{1,6})\](?!:)|\^(\d{1,3})\^|([⁰¹²³⁴⁵⁶⁷⁸⁹]+)")
NOTE_BODY = re.compile(
    r"^\s*(?:<sup>\s*([0-9]{1,3}|[a-zа-я]|\*{1,3})\s*</sup>|\[\^(\w{1,6})\]:|\^(\d{1,3})\^|([⁰¹²³⁴⁵⁶⁷⁸⁹]+))\s*(.*)$")
HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
RULE = re.compile(r"^\s*([-*_])(?:\s*\1){2,}\s*$")
TOC_LINE = re.compile(r"^\s*(?P<t>.*?[^\s.…])\s*(?:[.…]{2,}|\t)[\s.…]*(?P<p>\d{1,4})\s*$")
_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!<>|~])")
_TAGS = re.compile(r"</?(?:b|i|em|strong|u|span|small|sup|sub)\b[^>]*>", re.I)
_UNDERSCORE_EMPH = re.compile(r"(?<![\w\\])__?(?=\S)|(?<=\S)__?(?![\w])")
TERMINAL = re.compile(r"[.!?…:;][\"»”’)\]]*$")
YEAR = re.compile(r"\b(1[5-9]\d\d|20\d\d)\b")
RUNIN = re.compile(r"^\s*(\*\*|__)(?P<h>(?:(?!\1).)+?)\1\s*(?P<rest>\S.*)$", re.S)
# a list line of a general Markdown text: bullet or number, then the entry (a link to an anchor or text)
LIST_LINE = re.compile(r"^\s{0,3}(?P<m>[-*+]|\d{1,3}[.)])\s+(?P<t>\S.*?)\s*$")
ANCHOR_LINK = re.compile(r"^\[(?P<t>[^\]]+)\]\(#[^)\s]*\)$")
SPACED_DASH = re.compile(r"\s[-–—]\s")
INDENTED = re.compile(r"^(?: {4}|\t)")
AUTHOR_HEADING = re.compile(r"^[A-ZА-ЯЁ][\w’'-]+,\s+[A-ZА-ЯЁ][\w.\s’'-]*$")
_ESC = "\ue000"  # stands for an escaped markdown character while markup is removed
_REFMARK = "\ue001"  # stands for a note reference while the text is normalized


def ref_number(m: re.Match) -> str:
    for g in m.groups():
        if g:
            return g.translate(SUPERSCRIPT_DIGITS)
    return ""


def abbrev_end_re() -> re.Pattern:
    alts = sorted((re.escape(a).replace(r"\ ", r"\s*") for a in book_data()["ambiguous_abbreviations"]),
                  key=len, reverse=True)
    return re.compile(r"(?:^|[\s(])(?:" + "|".join(alts) + r")\.[\"»”)]*$")


def credit_re() -> re.Pattern:
    return re.compile(r"\s*\((" + book_data()["credit_pattern"] + r")\)\s*$")


# ---------------------------------------------------------------------------- text

SUPERSCRIPT_MARK = re.compile(r"[⁰¹²³⁴⁵⁶⁷⁸⁹]+")


def restore_marks(blk: Block) -> None:
    """Put the characters of ``restore`` marks back into the block text, shifting later marks."""
    restores = sorted((m for m in blk.marks if m.kind == "restore"), key=lambda m: m.offset, reverse=True)
    for r in restores:
        blk.text = blk.text[: r.offset] + r.text + blk.text[r.offset:]
        for m in blk.marks:
            if m is not r and m.offset > r.offset:
                m.offset += len(r.text)
        for sp in blk.spans:
            if sp.start >= r.offset:
                sp.start += len(r.text)
            if sp.end > r.offset:
                sp.end += len(r.text)
    if restores:
        blk.marks = [m for m in blk.marks if m.kind != "restore"]


def _strip_markup(s: str) -> str:
    """Remove markdown emphasis, escapes and inline HTML tags; keep every other character."""
    escaped: list[str] = []

    def keep(m: re.Match) -> str:
        escaped.append(m.group(1))
        return _ESC

    s = _ESCAPE.sub(keep, s)
    s = _TAGS.sub("", s)
    s = s.replace("**", "").replace("*", "")
    s = _UNDERSCORE_EMPH.sub("", s)
    for ch in escaped:
        s = s.replace(_ESC, ch, 1)
    return s


def convert_line(line: str) -> tuple[str, list[tuple[int, str, str]]]:
    """One source line -> (normalized text, [(offset, note number, printed mark)]) with the marks
    removed."""
    numbers: list[tuple[str, str]] = []

    def ref(m: re.Match) -> str:
        numbers.append((ref_number(m), m.group(0)))
        return _REFMARK

    s = _strip_markup(_REF.sub(ref, line))
    s = re.sub(r"\s+", " ", s).strip()
    s = re.sub(r"\s+" + _REFMARK, _REFMARK, s)
    out: list[str] = []
    refs: list[tuple[int, str, str]] = []
    for ch in s:
        if ch == _REFMARK:
            refs.append((len(out), *numbers[len(refs)]))
        else:
            out.append(ch)
    return "".join(out), refs


def plain_text(lines: list[str]) -> str:
    """The normalized text of some lines (for classification only)."""
    b = TextBuilder()
    for ln in lines:
        b.add(convert_line(ln)[0])
    return b.text


class TextBuilder:
    """Accumulates normalized text and zero-width marks while lines and pieces are joined."""

    def __init__(self) -> None:
        self.text = ""
        self.marks: list[Mark] = []
        self.hyphens = 0

    def add(self, text: str, marks: list[Mark] = (), lb: bool = False) -> int:
        """Append ``text`` (its marks shifted); returns the offset of the join point."""
        if not text:
            return len(self.text)
        before = len(self.text)
        self.text, start, removed = join_lines(self.text, text)
        self.hyphens += removed
        spaced = start == before + 1  # joined with a space, not across a hyphen
        join = start - 1 if spaced else start
        if lb and spaced:
            self.marks.append(Mark(join, "lb"))
        for m in marks:
            m.offset += start
            self.marks.append(m)
        return join


# ---------------------------------------------------------------------------- keys

def heading_key(s: str) -> str:
    """Comparison key of a heading: letters and digits only, upper case."""
    return re.sub(r"[^\w]", "", s.upper().replace("Ё", "Е"))



def split_credit(text: str) -> tuple[str, str | None]:
    m = credit_re().search(text)
    if not m:
        return text, None
    return text[:m.start()].rstrip(), m.group(1)

