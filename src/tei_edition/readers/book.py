"""Reader for Markdown-like text taken from a book's print layout (profile ``book-markdown``).

The layout rules it implements (not the quirks of one file):

* Blocks are separated by blank (or whitespace-only) lines; inside a block, a line ending in two
  spaces is a hard break (kept as ``lb`` in front matter and captions), other line ends are soft
  and line-end hyphenation is removed with a lexicon (:mod:`tei_edition.readers.hyphen`).
* Front matter: short leading blocks form the title page; the colophon (УДК, ББК, the
  bibliographic record, ISBN, ©) and the blurb follow; ``# СОДЕРЖАНИЕ`` with dot-leader lines is the
  contents; stand-alone emphasized blocks before the first chapter are the frontispiece caption and
  the epigraph (a quotation followed by its attribution).
* Body: ``#``/``##`` headings open nested divisions; headings listed in the contents are top-level
  whatever their ``#`` depth. A bold phrase opening a paragraph is a run-in heading.
* Stand-alone bold or italic blocks are photo captions; the final ``(АА)`` is the photo credit.
* Captions and footnotes are set at the foot of a page, so they interrupt the running text. A
  paragraph that does not end a sentence (or ends with a hyphen) continues in the next paragraph
  block: the pieces are rejoined, the captions follow the paragraph. The book is set in two
  columns: an interruption with nothing between its pieces is a column break, one with captions or
  notes between them is a page break; a page holds one column break, so a second bare
  interruption on the same page is a page break too.
* Chapters start a new page. Page numbers are counted from the contents' page numbers; where
  the count between two chapters falls short, paragraph ends that might hide an interruption
  (``… 1931 г.`` / ``КПК …``) are tested, keeping the choice whose columns are most even.
* Footnote numbering restarts on every page: a note body is matched to the reference with the
  same number on the same page.
"""

from __future__ import annotations

import re
import statistics
from dataclasses import dataclass
from functools import lru_cache
from itertools import combinations
from typing import Any

from ..resources import data_json
from ..diagnostics import EditionError, Report
from .hyphen import join_hyphenated
from ..model import Block, Division, Document, Mark, Metadata, Node
from .common import note_id

__all__ = ["read_book"]

PROFILE = "book-markdown"


@lru_cache(maxsize=1)
def _data() -> dict[str, Any]:
    """Language and layout knowledge (credits, heading names, abbreviations) kept as data."""
    return data_json("book_ru.json")


# ---------------------------------------------------------------------------- patterns

_SUPERSCRIPTS = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹", "0123456789")
_REF = re.compile(r"<sup>\s*([0-9]{1,3}|[a-zа-я]|\*{1,3})\s*</sup>|\[\^(\w{1,6})\](?!:)|\^(\d{1,3})\^|([⁰¹²³⁴⁵⁶⁷⁸⁹]+)")
_NOTE_BODY = re.compile(
    r"^\s*(?:<sup>\s*([0-9]{1,3}|[a-zа-я]|\*{1,3})\s*</sup>|\[\^(\w{1,6})\]:|\^(\d{1,3})\^|([⁰¹²³⁴⁵⁶⁷⁸⁹]+))\s*(.*)$")
_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
_RULE = re.compile(r"^\s*([-*_])(?:\s*\1){2,}\s*$")
_TOC_LINE = re.compile(r"^\s*(?P<t>.*?[^\s.…])\s*(?:[.…]{2,}|\t)[\s.…]*(?P<p>\d{1,4})\s*$")
_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!<>|~])")
_TAGS = re.compile(r"</?(?:b|i|em|strong|u|span|small|sup|sub)\b[^>]*>", re.I)
_UNDERSCORE_EMPH = re.compile(r"(?<![\w\\])__?(?=\S)|(?<=\S)__?(?![\w])")
_TERMINAL = re.compile(r"[.!?…:;][\"»”’)\]]*$")
_YEAR = re.compile(r"\b(1[5-9]\d\d|20\d\d)\b")
_RUNIN = re.compile(r"^\s*(\*\*|__)(?P<h>(?:(?!\1).)+?)\1\s*(?P<rest>\S.*)$", re.S)
# a list line of a general Markdown text: bullet or number, then the entry (a link to an anchor or text)
_LIST_LINE = re.compile(r"^\s{0,3}(?P<m>[-*+]|\d{1,3}[.)])\s+(?P<t>\S.*?)\s*$")
_ANCHOR_LINK = re.compile(r"^\[(?P<t>[^\]]+)\]\(#[^)\s]*\)$")
_SPACED_DASH = re.compile(r"\s[-–—]\s")
_INDENTED = re.compile(r"^(?: {4}|\t)")
_AUTHOR_HEADING = re.compile(r"^[A-ZА-ЯЁ][\w’'-]+,\s+[A-ZА-ЯЁ][\w.\s’'-]*$")
_ESC = "\ue000"  # stands for an escaped markdown character while markup is removed
_REFMARK = "\ue001"  # stands for a note reference while the text is normalized


def _ref_number(m: re.Match) -> str:
    for g in m.groups():
        if g:
            return g.translate(_SUPERSCRIPTS)
    return ""


def _abbrev_end() -> re.Pattern:
    alts = sorted((re.escape(a).replace(r"\ ", r"\s*") for a in _data()["ambiguous_abbreviations"]),
                  key=len, reverse=True)
    return re.compile(r"(?:^|[\s(])(?:" + "|".join(alts) + r")\.[\"»”)]*$")


def _credit_re() -> re.Pattern:
    return re.compile(r"\s*\((" + _data()["credit_pattern"] + r")\)\s*$")


# ---------------------------------------------------------------------------- text

_SUPERSCRIPT_MARK = re.compile(r"[⁰¹²³⁴⁵⁶⁷⁸⁹]+")


def _restore_marks(blk: Block) -> None:
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


def _convert(line: str) -> tuple[str, list[tuple[int, str, str]]]:
    """One source line -> (normalized text, [(offset, note number, printed mark)]) with the marks
    removed."""
    numbers: list[tuple[str, str]] = []

    def ref(m: re.Match) -> str:
        numbers.append((_ref_number(m), m.group(0)))
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


def _plain(lines: list[str]) -> str:
    """The normalized text of some lines (for classification only)."""
    b = _Text()
    for ln in lines:
        b.add(_convert(ln)[0])
    return b.text


class _Text:
    """Accumulates normalized text and zero-width marks while lines and pieces are joined."""

    def __init__(self) -> None:
        self.text = ""
        self.marks: list[Mark] = []
        self.hyphens = 0

    def add(self, text: str, marks: list[Mark] = (), lb: bool = False) -> int:
        """Append ``text`` (its marks shifted); returns the offset of the join point."""
        if not text:
            return len(self.text)
        if not self.text:
            join, start = 0, 0
            self.text = text
        elif len(self.text) > 1 and self.text.endswith("-") and self.text[-2].isalpha() and text[:1].isalpha():
            joined, removed = join_hyphenated(self.text, text)
            join = start = len(self.text) - 1 if removed else len(self.text)
            self.hyphens += removed
            self.text = joined
        else:
            join, start = len(self.text), len(self.text) + 1
            self.text += " " + text
            if lb:
                self.marks.append(Mark(join, "lb"))
        for m in marks:
            m.offset += start
            self.marks.append(m)
        return join


# ---------------------------------------------------------------------------- raw blocks

@dataclass
class _Item:
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


def _split(text: str, general: bool = False) -> list[_Item]:
    """Cut the source into blocks at blank lines, headings, rules and note bodies.

    ``general`` (a Markdown text, not a print layout): an indented block after a note body is
    that note's next paragraph (pandoc), and a block of list lines is a list."""
    items: list[_Item] = []
    cur: list[str] = []
    start = 0

    def close() -> None:
        nonlocal cur
        if cur:
            items.append(_Item("para", cur, start))
        cur = []

    for no, raw in enumerate(text.split("\n"), 1):
        raw = raw.rstrip("\r")
        if not raw.strip():
            close()
            continue
        if _HEADING.match(raw) or _RULE.match(raw):
            close()
            m = _HEADING.match(raw)
            items.append(_Item("head", [m.group(2)], no, level=len(m.group(1))) if m else _Item("rule", [raw], no))
            continue
        if _NOTE_BODY.match(raw):
            close()
        if not cur:
            start = no
        cur.append(raw)
    close()
    for it in items:
        if it.kind == "para":
            _classify(it, general)
        it.plain = _plain(it.lines) if it.kind != "rule" else ""
    if general:
        items = _join_note_paragraphs(items)
    return items


def _join_note_paragraphs(items: list[_Item]) -> list[_Item]:
    """Indented blocks right after a note body continue that note (pandoc multi-paragraph notes)."""
    out: list[_Item] = []
    for it in items:
        prev = out[-1] if out else None
        if prev is not None and prev.kind == "note" and it.kind in ("para", "list", "toc", "emph", "runin") \
                and all(_INDENTED.match(ln) for ln in it.lines):
            prev.lines = prev.lines + [ln.strip() for ln in it.lines]
            prev.plain = _plain(prev.lines)
            continue
        out.append(it)
    return out


def _emph(lines: list[str]) -> bool:
    s = " ".join(ln.strip() for ln in lines)
    for mk in ("**", "__", "*", "_"):
        inner = s[len(mk):-len(mk)]
        if s.startswith(mk) and s.endswith(mk) and len(s) > 2 * len(mk) and mk[0] not in inner:
            return True
    return False


def _classify(it: _Item, general: bool = False) -> None:
    m = _NOTE_BODY.match(it.lines[0])
    if m:
        it.kind, it.n = "note", _ref_number(m)
        it.lines = [m.group(5)] + it.lines[1:]
    elif all(_TOC_LINE.match(ln) for ln in it.lines):
        it.kind = "toc"
    elif general and len(it.lines) >= 2 and _list_block(it.lines):
        it.kind = "list"
    elif _emph(it.lines):
        it.kind = "emph"
    elif _RUNIN.match("\n".join(it.lines)):
        it.kind = "runin"


def _list_block(lines: list[str]) -> bool:
    """Two or more list lines with one kind of marker (bullets, or numbers).

    Lines opened by a hyphen with a spaced dash inside (``- Да, - сказал он.``) are dialogue set
    with hyphens, not a list."""
    ms = [_LIST_LINE.match(ln) for ln in lines]
    if not all(ms):
        return False
    kinds = {m.group("m")[0].isdigit() or m.group("m") for m in ms}
    if kinds == {"-"} and any(_SPACED_DASH.search(m.group("t")) for m in ms):
        return False
    return len(kinds) == 1


# ---------------------------------------------------------------------------- helpers

def _key(s: str) -> str:
    """Comparison key of a heading: letters and digits only, upper case."""
    return re.sub(r"[^\w]", "", s.upper().replace("Ё", "Е"))


def _is_code(plain_lines: list[str]) -> bool:
    """УДК/ББК/ISBN lines and the author sign (К61) of a colophon."""
    sign = re.compile(_data()["author_sign_pattern"] + r"$")
    prefixes = tuple(p for p in _data()["colophon_prefixes"] if p != "©")
    return all(ln.startswith(prefixes) or sign.match(ln) for ln in plain_lines)


def _line_texts(it: _Item) -> list[str]:
    return [_convert(ln)[0] for ln in it.lines]


def _split_credit(text: str) -> tuple[str, str | None]:
    m = _credit_re().search(text)
    if not m:
        return text, None
    return text[:m.start()].rstrip(), m.group(1)


# ---------------------------------------------------------------------------- the reader

@dataclass
class _Ref:
    mark: Mark
    page: int
    line: int
    printed: str = ""  # the mark as printed (``<sup>2</sup>``, ``²``)


@dataclass
class _Event:
    """A place where a page or column may begin, in reading order (for page resolution)."""

    kind: str  # chapter | pb | col | amb
    pos: int  # characters of running text before it
    item: int  # index of the item after the break
    page: int | None = None  # chapter: page from the contents
    decision: str = ""  # pb | cb | none
    n: int = 0


class _Reader:
    def __init__(self, text: str, source: str, options: dict[str, Any]):
        self.source = source
        self.options = options
        self.doc_id = str(options.get("id") or "book")
        self.report = Report()
        self.meta = Metadata(source_file=source)
        self.decisions: set[str] = set()
        # a general Markdown text: blocks are never rejoined, notes match by label, lists are lists
        self.general = bool(options.get("general_markdown"))
        self.items = _split(text, self.general)
        self.refs: list[_Ref] = []
        self.page = 0
        self.notes = 0
        self.hyphens = 0
        self.max_page = 0
        self.toc: dict[str, int] = {}
        self.top_lines: set[int] = set()
        self.start_page = 0  # first page of the body when the contents do not give it

    # ------------------------------------------------------------ text with notes

    def text_of(self, it: _Item, lines: list[str] | None = None, lb: bool = False) -> _Text:
        """Normalized text of an item; note references become pending note marks."""
        b = _Text()
        lines = it.lines if lines is None else lines
        for i, ln in enumerate(lines):
            t, refs = _convert(ln)
            marks = []
            for off, n, printed in refs:
                mk = Mark(off, "note", n=n)
                marks.append(mk)
                self.refs.append(_Ref(mk, self.page, it.line + i, printed))
            b.add(t, marks, lb=lb and i > 0 and it.hard(i - 1))
        self.hyphens += b.hyphens
        return b

    def attach_note(self, it: _Item, fallback: Block | None) -> Block | None:
        """Give a note body to the reference with its number on this page (or, failing that, nearby)."""
        body = self.text_of(it).text
        for window in ((self.page,) if self.general else (0, 1)):
            for ref in reversed(self.refs):
                if ref.mark.n == it.n and not ref.mark.text and self.page - window <= ref.page <= self.page:
                    ref.mark.text = body
                    ref.mark.id = note_id(self.doc_id, f"p{ref.page}", f"n{it.n}")
                    self.notes += 1
                    if window and not self.general:
                        self.report.info(self.source, it.line, "note-page",
                                         f"note {it.n} matched a reference on the previous page")
                    return None
        if fallback is None:
            self.report.warn(self.source, it.line, "note-unmatched",
                             f"note body {it.n} has no reference on its page and no text precedes it; "
                             "kept as a paragraph")
            t = self.text_of(it)
            return Block("p", t.text, t.marks, line=it.line) if t.text else None
        self.report.warn(self.source, it.line, "note-unmatched",
                         f"note body {it.n} has no reference on its page; attached after the preceding text")
        fallback.marks.append(Mark(len(fallback.text), "note", n=it.n, text=body,
                                   id=note_id(self.doc_id, f"p{self.page}", f"n{it.n}", f"u{it.line}")))
        self.notes += 1
        return None

    def finish_refs(self) -> None:
        """Report references without a body and remove their empty marks; make note ids unique.

        A reference printed as Unicode superscript characters (``²``) without a body is text, not
        markup (``км²``): its characters go back into the text (kind ``restore``)."""
        used: set[str] = set()
        for ref in self.refs:
            if not ref.mark.text:
                self.report.warn(self.source, ref.line, "ref-unmatched",
                                 f"note reference {ref.mark.n} has no note body on its page")
                if _SUPERSCRIPT_MARK.fullmatch(ref.printed):
                    ref.mark.kind, ref.mark.text = "restore", ref.printed
                else:
                    ref.mark.kind = "dropped"
            elif ref.mark.id:
                base, k = ref.mark.id, 2
                while ref.mark.id in used:
                    ref.mark.id = f"{base}-{k}"
                    k += 1
                used.add(ref.mark.id)

    # ------------------------------------------------------------ structure

    def run(self) -> Document:
        items = self.items
        if not any(it.plain for it in items):
            raise EditionError(self.source, "no text found (only blank lines or markup)", "source-no-text")
        contents = None if self.general else self.find_contents()
        span = range(*contents) if contents else range(0)

        def in_contents(i: int) -> bool:
            return i in span

        heads = [i for i, it in enumerate(items) if it.kind == "head" and not in_contents(i)]
        body_start = heads[0] if heads else len(items)
        contents_at_end = None
        if contents is None:
            if not self.general:  # a general Markdown text has no print pages to calibrate
                self.report.info(self.source, 1, "no-contents", "no contents list found: page numbers are counted, not calibrated")
        elif contents[0] > body_start:
            contents_at_end, contents = contents, None  # a contents list after the text goes to <back>
        pre_end = contents[0] if contents else body_start
        # front matter needs a body after it: a text with no heading after its "colophon" is all body
        front_ok = self.looks_like_front(0, pre_end, contents) and body_start < len(items)
        if not front_ok and pre_end > 0:
            self.report.warn(self.source, 1, "no-front-matter",
                             "no title page or colophon found: the text before the first heading is body text")
        if not front_ok:
            body_start = 0
        body_items = [i for i in range(body_start, len(items)) if not in_contents(i)]
        # pages of the body are resolved first: the front matter counts back from its first page
        if front_ok:
            self.start_page = sum(self.front_units(pre_end, contents, body_start)) + 1
        self.find_top(body_items)
        joints, events = self.plan_body(body_items)
        first_body_page = next((e.n for e in events if e.kind == "chapter"), None)
        front: list[Node] = []
        if front_ok:
            front = self.build_front(pre_end, contents, body_start, first_body_page)
        elif contents:
            front = [self.build_contents(contents, None)]
        self.page = int(self.options.get("first_page") or 1)
        body = self.build_body(body_items, joints, events)
        back = [self.build_contents(contents_at_end, None)] if contents_at_end else []
        self.finish_refs()
        self.apply_meta_overrides()
        doc = Document(self.doc_id, self.meta, front=front, body=body, back=back, profile=PROFILE)
        for blk in doc.iter_blocks():
            _restore_marks(blk)
            blk.marks = [m for m in blk.marks if m.kind != "dropped"]
        doc.decisions = self.statements()
        doc.extent = {"pages": self.max_page, "notes": self.notes}
        return doc

    def find_contents(self) -> tuple[int, int] | None:
        names = {_key(n) for n in _data()["contents_headings"]}
        for i, it in enumerate(self.items):
            if it.kind != "head":
                continue
            j = i + 1
            while j < len(self.items) and self.items[j].kind == "rule":
                j += 1
            k = j
            while k < len(self.items) and self.items[k].kind == "toc":
                k += 1
            if k > j or _key(it.plain) in names:
                for t in self.items[j:k]:
                    for ln in t.lines:
                        m = _TOC_LINE.match(ln)
                        self.toc.setdefault(_key(_convert(m.group("t"))[0]), int(m.group("p")))
                return i, k
        return None

    def looks_like_front(self, start: int, end: int, contents: tuple[int, int] | None) -> bool:
        """Front matter is there when short title blocks are followed by a colophon or contents."""
        zone = self.items[start:end]
        if not zone or zone[0].kind not in ("para", "emph"):
            return contents is not None and contents[0] == 0
        has_code = any(it.kind == "para" and _is_code(_line_texts(it)) for it in zone)
        return has_code or contents is not None

    # ------------------------------------------------------------ front matter

    def build_front(self, pre_end: int, contents: tuple[int, int] | None, body_start: int,
                    first_body_page: int | None) -> list[Node]:
        items = self.items
        i = self.title_end(pre_end)
        title = items[:i]
        zone = list(range(i, pre_end))
        after = list(range(contents[1], body_start)) if contents else []
        units = self.front_units(pre_end, contents, body_start)
        pages = self.front_pages(units, first_body_page)
        nodes: list[Node] = []
        it_pages = iter(pages)
        if title:
            self.page = next(it_pages)
            nodes.append(self.build_title_page(title))
            self.page_mark(nodes[-1].children[0], self.page)
        if zone:
            self.page = next(it_pages)
            zone_nodes = self.build_colophon_zone(zone)
            self.mark_first(zone_nodes, self.page)
            nodes += zone_nodes
        if contents:
            self.page = next(it_pages)
            div = self.build_contents(contents, self.page)
            nodes.append(div)
        if after:
            self.page = next(it_pages)
            extra = self.build_loose(after)
            self.mark_first(extra, self.page)
            nodes += extra
        self.max_page = max(self.max_page, self.page)
        # an epigraph may stand only after the last division of <front>: wrap it otherwise
        out: list[Node] = []
        for k, node in enumerate(nodes):
            later_div = any(isinstance(n, Division) for n in nodes[k + 1:])
            if isinstance(node, Block) and node.kind in ("epigraph", "p") and later_div:
                node = Division(node.kind if node.kind == "epigraph" else "preliminary", children=[node])
            out.append(node)
        return out

    def title_end(self, pre_end: int) -> int:
        """The title page: the leading short blocks, up to the first colophon line."""
        i = 0
        items = self.items
        while i < pre_end and items[i].kind in ("para", "emph") and len(items[i].lines) <= 4 \
                and len(items[i].plain) <= 150 and not _is_code(_line_texts(items[i])) \
                and not items[i].plain.startswith("©"):
            i += 1
        return i

    def front_units(self, pre_end: int, contents: tuple[int, int] | None, body_start: int) -> list[bool]:
        """Which front pages exist: title page, colophon, contents, frontispiece/epigraph."""
        i = self.title_end(pre_end)
        return [i > 0, pre_end > i, contents is not None, bool(contents and body_start > contents[1])]

    def front_pages(self, units: list[bool], first_body_page: int | None) -> list[int]:
        """Page numbers of the front units: the title page is p. 1, the rest count back from the body."""
        count = sum(units)
        if first_body_page is None or first_body_page <= count:
            return list(range(1, count + 1))
        pages = [first_body_page - count + k for k in range(count)]
        if units[0]:
            pages[0] = 1
        self.decisions.add("front")
        return pages

    @staticmethod
    def page_mark(block: Block, n: int, cert: str = "medium") -> None:
        """A page that begins with ``block``: the pb stands at the start of its text.

        (Inside the block rather than hoisted before it, so that tools reading block text see the
        break where the page begins.)
        """
        block.marks.insert(0, Mark(0, "pb", n=str(n), cert=cert))

    def mark_first(self, nodes: list[Node], n: int) -> None:
        for node in nodes:
            blk = node if isinstance(node, Block) else (node.head or next(
                (c for c in node.children if isinstance(c, Block)), None))
            if blk is not None:
                self.page_mark(blk, n)
                return

    def build_title_page(self, blocks: list[_Item]) -> Division:
        main_at = next((k for k, it in enumerate(blocks) if it.kind == "emph"), None)
        if main_at is None:
            main_at = next((k for k, it in enumerate(blocks) if not self.name_like(it.plain)), 0)
        kids: list[Block] = []
        for k, it in enumerate(blocks):
            t = self.text_of(it, lb=True)
            if k != main_at and _YEAR.search(it.plain) and len(it.plain) < 60:
                kind, attrs = "docImprint", {}
                if len(it.lines) >= 2 and not self.meta.pub_place:
                    self.meta.pub_place = _convert(it.lines[0])[0].title()
            elif k < main_at:
                kind, attrs = "docAuthor", {}
                self.meta.author = self.meta.author or it.plain.title()
            elif k == main_at:
                kind, attrs = "titlePart", {"type": "main"}
                self.meta.title = self.meta.title or t.text
            else:
                kind, attrs = "titlePart", {"type": "sub"}
                self.meta.subtitle = self.meta.subtitle or t.text
            kids.append(Block(kind, t.text, t.marks, attrs=attrs, line=it.line))
        m = _YEAR.search(" ".join(it.plain for it in blocks))
        if m and not self.meta.date:
            self.meta.date = m.group(1)
        return Division("titlePage", children=kids)

    @staticmethod
    def name_like(s: str) -> bool:
        return bool(re.fullmatch(r"(?:[A-ZА-ЯЁ][\w.’'-]*\s?){2,3}", s)) and len(s) <= 40

    def build_colophon_zone(self, idx: list[int]) -> list[Node]:
        """Colophon (codes, record, copyright) and blurb, in reading order, as divisions."""
        groups: list[tuple[str, list[Block]]] = []  # (division type, blocks)
        prev_sub = ""
        k = 0
        while k < len(idx):
            it = self.items[idx[k]]
            lines = _line_texts(it)
            nxt = self.items[idx[k + 1]] if k + 1 < len(idx) else None
            if self.is_epigraph(it, nxt):
                groups.append(("figure", [self.epigraph(it, nxt)]))
                prev_sub = "figure"
                k += 2
                continue
            if it.kind == "emph" and _AUTHOR_HEADING.match(it.plain.rstrip(".")) and k + 1 < len(idx) \
                    and self.items[idx[k + 1]].kind in ("para", "runin"):
                nxt = self.items[idx[k + 1]]
                t = self.text_of(it)
                rest = self.text_of(nxt, lb=True)
                t.add(rest.text, rest.marks)
                self.parse_record(it.plain, rest.text, t.text)
                sub, blk = "record", Block("p", t.text, t.marks, line=it.line)
                k += 2
            else:
                if it.kind in ("emph",) and not _is_code(lines):
                    sub = "figure"
                elif _is_code(lines):
                    sub = "code"
                elif it.plain.startswith("©"):
                    sub = "copyright"
                else:
                    sub = "prose"
                if sub in ("code", "copyright"):
                    self.parse_codes(it.plain)
                if sub == "figure":
                    blk = self.figure(it)
                else:
                    t = self.text_of(it, lb=sub != "prose")
                    blk = Block("p", t.text, t.marks, line=it.line)
                k += 1
            dtype = {"prose": "abstract", "figure": "figure"}.get(sub, "colophon")
            if groups and groups[-1][0] == dtype and (sub != prev_sub or sub not in ("code", "copyright")):
                groups[-1][1].append(blk)
            elif groups and groups[-1][0] == dtype and sub == prev_sub:
                last = groups[-1][1][-1]  # consecutive code (or copyright) blocks are one block
                shift = len(last.text) + 1
                last.marks.append(Mark(len(last.text), "lb"))
                for m in blk.marks:
                    m.offset += shift
                last.text += " " + blk.text
                last.marks += blk.marks
            else:
                groups.append((dtype, [blk]))
            prev_sub = sub
        nodes: list[Node] = []
        for dtype, blocks in groups:
            if dtype == "figure":
                nodes += blocks
            else:
                nodes.append(Division(dtype, children=blocks))
        return nodes

    def parse_codes(self, plain: str) -> None:
        for scheme, word in (("UDC", "УДК"), ("BBK", "ББК")):
            for m in re.finditer(word + r"\s+(\S+)", plain):
                if (scheme, m.group(1)) not in self.meta.class_codes:
                    self.meta.class_codes.append((scheme, m.group(1)))
        m = re.search(r"ISBN\s*([\dXx][\d\-Xx ]{8,16}[\dXx])", plain)
        if m and not self.meta.isbn:
            self.meta.isbn = m.group(1).strip()

    def parse_record(self, heading: str, description: str, record: str) -> None:
        """Bibliographic record (ISBD): author heading, then title : subtitle / resp. — place : publisher, date. — extent."""
        self.meta.record = record
        surname, _, forename = heading.rstrip(". ").partition(",")
        self.meta.author = heading.rstrip(". ")
        self.meta.author_surname, self.meta.author_forename = surname.strip(), forename.strip()
        desc = re.sub("^" + _data()["author_sign_pattern"] + r"\s+", "", description)
        areas = [a.strip() for a in re.split(r"\s+[—–]\s+", desc)]
        title_area = areas[0].split(" / ")[0].strip()
        title, _, sub = title_area.partition(" : ")
        self.meta.title, self.meta.subtitle = title.strip(), sub.strip().rstrip(".")
        for area in areas[1:]:
            m = re.match(r"^(?P<place>[^:]+?)\s*:\s*(?P<pub>.+?),\s*(?P<date>\d{4})", area)
            if m and not self.meta.publisher:
                self.meta.pub_place, self.meta.publisher, self.meta.date = m.group("place"), m.group("pub"), m.group("date")
            elif re.match(r"^\d+\s*(?:с|стр|л)\.", area) and not self.meta.extent:
                self.meta.extent = area
        self.parse_codes(record)

    def build_contents(self, contents: tuple[int, int], page: int | None) -> Division:
        head_it = self.items[contents[0]]
        head = Block("head", head_it.plain, line=head_it.line)
        if page is not None:
            self.page_mark(head, page)
        items: list[Block] = []
        for it in self.items[contents[0] + 1:contents[1]]:
            if it.kind != "toc":
                continue
            for ln in it.lines:
                m = _TOC_LINE.match(ln)
                text = _convert(m.group("t"))[0]
                items.append(Block("item", text, attrs={"n": m.group("p")}, extra={"page": m.group("p")}, line=it.line))
        return Division("contents", head=head, children=[Block("list", children=items, line=head_it.line)])

    def list_block(self, it: _Item, prev: _Item | None) -> Block:
        """A list of a general Markdown text; a contents list (dot leaders and page numbers, links to
        anchors, or any list right after a "Contents" line) is ``list type="contents"``."""
        names = {_key(n) for n in _data()["contents_headings_general"]}
        after_name = prev is not None and prev.kind in ("head", "para") and _key(prev.plain) in names
        items: list[Block] = []
        contents = it.kind == "toc" or after_name
        for no, ln in enumerate(it.lines):
            m = _TOC_LINE.match(ln)
            page = None
            if m:
                entry, page = m.group("t"), m.group("p")
                lm = _LIST_LINE.match(entry)
                entry = lm.group("t") if lm else entry
            else:
                entry = _LIST_LINE.match(ln).group("t")
            link = _ANCHOR_LINK.match(entry)
            if link:
                entry, contents = link.group("t"), True
            t = self.text_of(it, [entry])
            items.append(Block("item", t.text, t.marks, attrs={"n": page} if page else {}, line=it.line + no))
        return Block("list", attrs={"type": "contents"} if contents else {}, children=items, line=it.line)

    def build_loose(self, idx: list[int]) -> list[Node]:
        """Captions, epigraphs and stray paragraphs between the contents and the first chapter."""
        nodes: list[Node] = []
        k = 0
        while k < len(idx):
            it = self.items[idx[k]]
            nxt = self.items[idx[k + 1]] if k + 1 < len(idx) else None
            if self.is_epigraph(it, nxt):
                nodes.append(self.epigraph(it, nxt))
                k += 2
                continue
            if it.kind == "emph":
                nodes.append(self.figure(it))
            elif it.kind in ("para", "runin", "toc"):
                t = self.text_of(it)
                nodes.append(Block("p", t.text, t.marks, line=it.line))
            k += 1
        return nodes

    # ------------------------------------------------------------ captions and epigraphs

    def is_epigraph(self, it: _Item, nxt: _Item | None) -> bool:
        """A quotation (emphasized, no credit) followed by a short emphasized attribution."""
        return (it.kind == "emph" and nxt is not None and nxt.kind == "emph"
                and it.plain[:1] in "«\"“„" and _split_credit(it.plain)[1] is None
                and _split_credit(nxt.plain)[1] is None and len(nxt.plain) <= 250)

    def epigraph(self, it: _Item, nxt: _Item) -> Block:
        t = self.text_of(it)
        return Block("epigraph", t.text, t.marks, extra={"source": self.text_of(nxt).text}, line=it.line)

    def figure(self, it: _Item) -> Block:
        t = self.text_of(it, lb=True)
        text, credit = _split_credit(t.text)
        marks = [m for m in t.marks if m.offset < len(text) or m.kind == "note"]
        for m in marks:
            m.offset = min(m.offset, len(text))
        # the caption describes the photograph; no further description is invented (empty figDesc)
        blk = Block("figure", text, marks, line=it.line)
        if credit:
            blk.extra["credit"] = credit
            self.decisions.add("credit")
            if credit not in _data()["photo_credits"]:
                self.report.info(self.source, it.line, "credit-unknown", f"photo credit {credit!r} is not in the known list")
        if any(m.kind == "lb" for m in marks):
            self.decisions.add("lb")
        return blk

    # ------------------------------------------------------------ body: joints and pages

    def ends_open(self, a: _Item) -> bool:
        return not _TERMINAL.search(a.plain) or a.plain.endswith("-")

    def plan_body(self, idx: list[int]) -> tuple[dict[int, tuple[int, str]], list[_Event]]:
        """Find the interruptions (joints) and page/column events of the body, and resolve pages."""
        items = self.items
        abbrev = _abbrev_end()
        joints: dict[int, tuple[int, str]] = {}  # para item -> (continuation item, event kind)
        events: list[_Event] = []
        pos = 0
        k = 0
        while k < len(idx):
            i = idx[k]
            it = items[i]
            if it.kind == "head":
                top = self.is_top(it)
                if top:
                    page = self.toc.get(_key(it.plain))
                    events.append(_Event("chapter", pos, i, page=page))
            if it.kind in ("para", "runin"):
                pos += len(it.plain)
                j = k + 1
                cluster = False
                while j < len(idx) and items[idx[j]].kind in ("note", "emph", "rule"):
                    cluster = cluster or items[idx[j]].kind != "rule"
                    j += 1
                if j < len(idx):
                    nxt = items[idx[j]]
                    kind = ""
                    if nxt.kind == "para":
                        first = nxt.plain[:1]
                        if self.ends_open(it) or (first.isalpha() and first.islower()):
                            kind = "pb" if cluster else "col"
                        elif abbrev.search(it.plain) and not cluster:
                            kind = "amb"
                    if kind and not self.general:
                        joints[i] = (idx[j], kind)
                        events.append(_Event(kind, pos, idx[j]))
                    elif cluster and not (nxt.kind == "head" and self.is_top(nxt)):
                        events.append(_Event("pb", pos, idx[j]))
            k += 1
        self.resolve(events)
        for e in events:
            if e.kind == "amb" and e.decision == "none":
                for a, (b, kind) in list(joints.items()):
                    if b == e.item and kind == "amb":
                        del joints[a]
        return joints, events

    def is_top(self, it: _Item) -> bool:
        return it.line in self.top_lines

    def find_top(self, idx: list[int]) -> None:
        """Top-level headings: listed in the contents, ``#``, or any heading before the first ``#``."""
        seen_first = False
        for i in idx:
            it = self.items[i]
            if it.kind != "head":
                continue
            if _key(it.plain) in self.toc or it.level == 1 or not seen_first:
                self.top_lines.add(it.line)
            seen_first = seen_first or it.level == 1 or _key(it.plain) in self.toc

    def resolve(self, events: list[_Event]) -> None:
        """Decide pb/cb for every event and number the pages, calibrated on the contents."""
        chapters = [k for k, e in enumerate(events) if e.kind == "chapter"]
        bounds = ([0] if not chapters or chapters[0] != 0 else []) + chapters + [len(events)]
        base_cols = self.simulate(events, set())[1]
        typical = statistics.median(base_cols) if base_cols else 0
        for a, b in zip(bounds, bounds[1:]):
            seg = events[a:b]
            amb = [k for k, e in enumerate(seg) if e.kind == "amb"]
            want = None
            if seg and seg[0].kind == "chapter" and seg[0].page and b < len(events) and events[b].page:
                want = events[b].page - seg[0].page - 1
            best: tuple[float, set[int]] = (float("inf"), set())
            if want is not None and amb:
                for size in range(0, min(len(amb), 4) + 1):
                    for combo in combinations(amb, size):
                        pbs, cols = self.simulate(seg, set(combo))
                        if pbs == want:
                            cost = sum((c - typical) ** 2 for c in cols)
                            if cost < best[0]:
                                best = (cost, set(combo))
                    if best[0] < float("inf") and size >= 1:
                        break
            chosen = best[1]
            self.simulate(seg, chosen, apply=True)
            pbs = sum(1 for e in seg if e.decision == "pb")
            if want is not None and pbs != want:
                line = self.items[seg[0].item].line
                self.report.warn(self.source, line, "page-count",
                                 f"{pbs + 1} pages found before the next chapter but the contents imply {want + 1}")
        # numbering (text before the first chapter starts on the first page)
        page = int(self.options.get("first_page") or 1)
        for e in events:
            if e.kind == "chapter":
                if e.page:
                    if page and e.page != page + 1:
                        self.decisions.add("toc-jump")
                    page = e.page
                    self.decisions.add("toc")
                elif e is events[0]:
                    page = self.start_page or page
                else:
                    page += 1
                e.n = page
            elif e.decision == "pb":
                page += 1
                e.n = page
        self.max_page = max(self.max_page, page)

    @staticmethod
    def simulate(seg: list[_Event], include: set[int], apply: bool = False) -> tuple[int, list[int]]:
        """Two columns a page: the first bare interruption on a page is a column break, the next a page break."""
        col_seen = False
        pbs = 0
        last = seg[0].pos if seg else 0
        cols: list[int] = []
        for k, e in enumerate(seg):
            if e.kind == "chapter":
                dec = "chapter"
                col_seen = False
                last = e.pos
            elif e.kind == "pb" or (e.kind in ("col", "amb") and col_seen and (e.kind == "col" or k in include)):
                dec = "pb"
            elif e.kind == "col" or k in include:
                dec = "cb"
            else:
                dec = "none"
            if dec in ("pb", "cb"):
                cols.append(e.pos - last)
                last = e.pos
                col_seen = dec == "cb"
                pbs += dec == "pb"
            if apply:
                e.decision = dec
        return pbs, cols

    # ------------------------------------------------------------ body: building

    def build_body(self, idx: list[int], joints: dict[int, tuple[int, str]], events: list[_Event]) -> list[Node]:
        items = self.items
        body: list[Node] = []
        stack: list[tuple[int, Division]] = []  # (level, division); run-ins get level 99
        by_item: dict[int, _Event] = {e.item: e for e in events if e.decision in ("pb", "cb", "chapter")}
        consumed: set[int] = set()
        last_text: Block | None = None

        def container() -> list[Node]:
            return stack[-1][1].children if stack else body

        def lead_break(i: int) -> Mark | None:
            """The page that begins with item ``i`` (set before its text is read, for its notes)."""
            e = by_item.get(i)
            if e is None or e.decision not in ("pb", "chapter") or not e.n:
                return None
            self.page = e.n
            cert = "high" if e.kind == "chapter" and e.page else "medium"
            return Mark(0, "pb", n=str(e.n), cert=cert)

        def with_lead(blk: Block, mark: Mark | None) -> Block:
            if mark is not None:
                blk.marks.insert(0, mark)
            return blk

        k = 0
        while k < len(idx):
            i = idx[k]
            it = items[i]
            k += 1
            if i in consumed or it.kind == "rule":
                continue
            if it.kind == "head":
                level = 1 if self.is_top(it) else it.level
                while stack and stack[-1][0] >= level:
                    stack.pop()
                lead = lead_break(i)
                t = self.text_of(it)
                head = with_lead(Block("head", t.text, t.marks, line=it.line), lead)
                dtype = _data()["division_types"].get(it.plain.upper().strip(" .")) \
                    or _data()["level_types"].get(str(min(level, 4)), "section")
                div = Division(dtype, head=head)
                container().append(div)
                stack.append((level, div))
                nxt = items[idx[k]] if k < len(idx) else None
                if nxt is not None and self.is_epigraph(nxt, items[idx[k + 1]] if k + 1 < len(idx) else None):
                    div.children.append(self.epigraph(nxt, items[idx[k + 1]]))
                    k += 2
                continue
            if it.kind == "note":
                kept = self.attach_note(it, last_text)
                if kept is not None:
                    container().append(kept)
                    last_text = kept
                continue
            if it.kind in ("list", "toc"):
                blk = self.list_block(it, items[idx[k - 2]] if k >= 2 else None)
                container().append(blk)
                continue
            if it.kind == "emph":
                nxt = items[idx[k]] if k < len(idx) else None
                if self.is_epigraph(it, nxt) and not container():
                    container().append(self.epigraph(it, nxt))
                    k += 1
                else:
                    container().append(self.figure(it))
                continue
            # a paragraph (possibly after a run-in heading), with its continuations
            lead = lead_break(i)
            lines = it.lines
            if it.kind == "runin":
                m = _RUNIN.match("\n".join(lines))
                h = self.text_of(it, m.group("h").split("\n"))
                head_blk = with_lead(Block("head", h.text, h.marks, attrs={"rend": "run-in"}, line=it.line), lead)
                lead = None
                lines = m.group("rest").split("\n")
                while stack and stack[-1][0] == 99:
                    stack.pop()
                div = Division("subsection", head=head_blk)
                container().append(div)
                stack.append((99, div))
                self.decisions.add("runin")
            text = self.text_of(it, lines)
            hyphens_before = text.hyphens
            para = Block("p", "", line=it.line)
            figures: list[Block] = []
            cur = i
            while cur in joints:
                nxt, _kind = joints[cur]
                # the cluster between the pieces: notes belong to this page, captions follow the paragraph
                para.text, para.marks = text.text, text.marks
                for j in (j for j in idx if cur < j < nxt):
                    if items[j].kind == "note":
                        self.attach_note(items[j], para)
                    elif items[j].kind == "emph":
                        figures.append(self.figure(items[j]))
                        self.decisions.add("moved")
                    consumed.add(j)
                e = by_item.get(nxt)
                if e is not None and e.decision == "pb" and e.n:
                    self.page = e.n
                piece = self.text_of(items[nxt])
                join = text.add(piece.text, piece.marks)
                if e is not None and e.decision == "pb":
                    text.marks.append(Mark(join, "pb", n=str(e.n), cert="medium"))
                    self.decisions.add("pb")
                elif e is not None and e.decision == "cb":
                    text.marks.append(Mark(join, "cb"))
                    self.decisions.add("cb")
                consumed.add(nxt)
                cur = nxt
            self.hyphens += text.hyphens - hyphens_before  # words rejoined across interruptions
            para.text, para.marks = text.text, sorted(text.marks, key=lambda m: m.offset)
            with_lead(para, lead)
            if para.text:
                container().append(para)
                last_text = para
            container().extend(figures)
        return body

    # ------------------------------------------------------------ metadata

    def apply_meta_overrides(self) -> None:
        overrides = self.options.get("meta") or {}
        fields = set(Metadata.__dataclass_fields__)
        for key, value in overrides.items():
            if key not in fields:
                self.report.warn(self.source, 0, "meta-unknown", f"unknown metadata field {key!r} ignored")
                continue
            if key == "class_codes":
                value = [tuple(v) for v in value]
            setattr(self.meta, key, value)
        self.meta.source_file = self.source

    def statements(self) -> list[str]:
        out = ["Markdown markup (emphasis, heading marks, rules) removed; whitespace collapsed to single "
               "spaces; all other source characters kept as printed."]
        if self.hyphens:
            out.append("Line-end hyphenation removed where the pymorphy3 dictionary shows a word broken by "
                       "layout; real compound hyphens kept.")
        if "moved" in self.decisions or "pb" in self.decisions:
            out.append("Paragraphs interrupted by the captions and footnotes set at the foot of a page are "
                       "rejoined into one paragraph; the interrupting figures follow the paragraph.")
        if "credit" in self.decisions:
            out.append("Photo credits in the final parentheses of captions are moved out of the caption into "
                       "bibl type=\"credit\".")
        if "lb" in self.decisions:
            out.append("Hard line breaks of the title page, colophon and captions are kept as lb.")
        if self.notes:
            out.append("Footnotes, numbered afresh on every page, are placed where their reference marks stood; "
                       "the marks are removed and the printed number kept in @n.")
        if "cb" in self.decisions:
            out.append("The book is set in two columns: a paragraph interrupted with nothing between its "
                       "pieces is marked with cb, one interrupted by captions or notes with pb (a page holds "
                       "one column break).")
        if "toc" in self.decisions or "front" in self.decisions:
            out.append("Page numbers are not printed in the source: they are inferred from the layout and "
                       "calibrated on the page numbers of the contents (chapters start a new page); inferred "
                       "numbers carry cert=\"medium\", chapter starts taken from the contents cert=\"high\".")
        else:
            out.append("Page numbers are not printed in the source: they are counted from the layout "
                       "(cert=\"medium\").")
        if "runin" in self.decisions:
            out.append("A bold phrase opening a paragraph is a run-in heading: it opens a subsection with "
                       "head rend=\"run-in\", the rest of the paragraph is a separate p.")
        return out


def read_book(text: str, source: str, options: dict[str, Any]) -> tuple[Document, Report]:
    """Read the Markdown-like text of a printed book into a :class:`Document`.

    Raises :class:`EditionError` for a source with no text; layout problems (unmatched notes,
    page counts that disagree with the contents) are warnings in the returned report.
    """
    options = options or {}
    if text is None or not text.strip():
        raise EditionError(source, "file has no text", "source-empty")
    bad = re.findall(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]", text)
    text = text.replace("\ufeff", "")
    reader_report_pre: list[tuple[int, str]] = []
    if bad:
        reader_report_pre.append((0, f"{len(bad)} control characters removed (not allowed in XML)"))
        text = re.sub(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]", "", text)
    reader = _Reader(text, source, options)
    for line, msg in reader_report_pre:
        reader.report.warn(source, line, "control-chars", msg)
    try:
        doc = reader.run()
    except EditionError:
        raise
    except (ValueError, KeyError, IndexError, AttributeError, TypeError) as exc:  # pragma: no cover - last resort
        raise EditionError(source, f"cannot read the book layout ({type(exc).__name__}: {exc})", "book-layout") from exc
    return doc, reader.report
