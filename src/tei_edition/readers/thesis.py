"""Reader for plain text extracted from a PDF thesis (profile ``thesis-text``).

The layout rules it implements (not the quirks of one file):

* The whole text may occur twice (PDF extractors that emit a layer twice); the repeat is found by
  comparing whitespace-free content, the first copy is kept and the decision recorded.
* Footnotes are numbered continuously. A page's note bodies stand at its foot, each opening with
  its number (``29 Доклад…`` or glued ``32Договор…``); continuation lines follow. The next page
  begins with a line indented by a space, or after a printed page number standing alone.
* A note body is recognised only when its number is the next one expected and its reference mark
  was seen on the same page; reference marks are then found in the running text in numbering
  order, told apart from years, counts, list and section numbers by position and context.
* Paragraphs are rebuilt from lines: a break needs a sentence end before and a capital (or list
  marker) after, plus a layout cue: a blank line in single-spaced parts, a short last line in
  double-spaced parts. Line-end hyphenation is removed with a lexicon (:mod:`tei_edition.readers.hyphen`).
* Headings (ВВЕДЕНИЕ, «Глава N.», «N.M.», ЗАКЛЮЧЕНИЕ) build the div hierarchy.
* Page numbers come from the few printed ones; the others are counted from them and marked as
  inferred (``cert="medium"``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from collections.abc import Callable, Mapping
from typing import Any

from ..diagnostics import EditionError, Report
from ..model import Block, Division, Document, Mark
from .base import ReaderBase
from .duplicate import find_copy
from .hyphen import join_lines
from .options import ReaderOptions
from .statements import seed_statement
from .textio import strip_xml_invalid

__all__ = ["read_thesis", "find_repeat", "PROFILE"]

PROFILE = "thesis-text"

# ---------------------------------------------------------------------------- patterns

_NOTE_START = re.compile(r"^ ?(\d{1,3})(?:\s+|(?=[^\d\s.,:;)\]–-]))(\S.*)$")
_PAGE_NUMBER = re.compile(r"^\s*(\d{1,3})\s*$")
_HEAD_TOP = re.compile(r"^(ВВЕДЕНИЕ|ЗАКЛЮЧЕНИЕ|СПИСОК\s.+|БИБЛИОГРАФИ\w*|ПРИЛОЖЕНИ\w*(\s.*)?|ОГЛАВЛЕНИЕ|СОДЕРЖАНИЕ)\s*$")
_HEAD_CHAPTER = re.compile(r"^Глава\s+(\d+|[IVXLC]+)\.?\s*(.*)$")
_HEAD_SECTION = re.compile(r"^(\d{1,2})\.(\d{1,2})\.?\s*([А-ЯЁA-Z«\"].*)$")
_LIST_ITEM = re.compile(r"^(?:([–—-])\s+|(\d{1,2})[.)](?:\s+|(?=[А-ЯЁA-Z«\"])))(?=\S)")
_SENT_END = re.compile(r"[.!?:;…](?:[\"»”)]*)$")
_INITIAL_END = re.compile(r"(?:^|[\s.])[А-ЯЁA-Z]\.$")
# abbreviations that do not end a sentence ("и т.д." and "и др." usually do, so they are absent)
_ABBREV_END = re.compile(r"(?:\b(?:т|см|ср|им|ок|напр|тыс|млн|ст|с|т\.е|и\.о|к\.и\.н|д\.и\.н)\.)$")
_LABEL = re.compile(r"^[А-ЯЁ][а-яё]{5,}(?:\s[а-яё]+)?\.\s+[А-ЯЁ]")  # "Историография. Первые…"
_OPENING = re.compile(r"^[\"«“„(]*[А-ЯЁA-Z0-9–—-]")

# words after a number that show it is a quantity or a date, not a note mark
_UNIT_AFTER = re.compile(
    r"^\s*(?:г\.|гг\.|в\.|вв\.|т\.|тт\.|с\.|ч\.|кв\.|%|[-–](?:х|е|ые|го|й|ого|ом|м|я)\b|"
    r"(?:год\w*|лет|чел\w*|тыс\w*|млн|млрд|км|томах|том|руб\w*|иен\w*|январ\w*|феврал\w*|"
    r"март\w*|апрел\w*|ма[яй]|июн\w*|июл\w*|август\w*|сентябр\w*|октябр\w*|ноябр\w*|"
    r"декабр\w*|век\w*|человек\w*|солдат\w*|суд[ао]\w*|дивизи\w*|лодок|раз|процент\w*|стр|"
    r"штук\w*|единиц\w*|орудий|танков|самол[её]т\w*)\b)"
)


@dataclass
class _Line:
    no: int  # 1-based line number in the source file
    text: str  # the line without its trailing spaces and the page-start indent
    raw: str
    blank_before: int = 0
    page: int = 0
    trailing: int = 0  # trailing spaces in the source (a weak paragraph-end cue)


@dataclass
class _Note:
    n: int
    page: int
    line: int
    parts: list[str] = field(default_factory=list)
    mark: tuple[int, int, int] | None = None  # (flow index, start, end) of the reference mark


@dataclass
class _Layout:
    lines: list[_Line]
    notes: list[_Note]
    page_starts: list[int]  # source line of the first line of each page (page 0 first)
    printed: dict[int, int]  # page index -> printed number


# ---------------------------------------------------------------------------- duplicate copy

def find_repeat(lines: list[str]) -> int | None:
    """Index of the first line of a second copy of the whole text that may be dropped (it has no
    word the first copy lacks), or None.

    >>> find_repeat(["Один два.", "Три.", "Один два.", "Три."])
    2
    >>> find_repeat(["Один два.", "Три."]) is None
    True
    """
    copy = find_copy(lines)
    return copy.start if copy is not None and not copy.own_words else None


# ---------------------------------------------------------------------------- page layout

def _note_start(s: str, expected: int) -> str | None:
    m = _NOTE_START.match(s)
    if m and int(m.group(1)) == expected:
        return m.group(2)
    return None


def _mark_candidates(text: str, n: int) -> list[tuple[int, int, int]]:
    """Places where ``n`` could be a note reference in ``text``: (start, end, score)."""
    out = []
    for m in re.finditer(rf"(?<![\d/№])({n})(?![\d])", text):
        s, e = m.span(1)
        before = text[:s]
        after = text[e:]
        if after[:1] in ("-", "–") and after[1:2].isdigit():
            continue  # a range "5–7"
        if after[:1] in (".",) and after[1:2].isdigit():
            continue  # a section number "1.2"
        if re.search(r"(?:№|\bN|(?:^|[\s–-])[СсТт]\.)\s?$", before):
            continue  # a page, volume or issue number in a citation
        glued = bool(before) and not before[-1].isspace()
        if glued and (before[-1].isdigit() or (before[-1] in ".,:" and before[-2:-1].isdigit())):
            continue  # part of a number, a date or a section number
        if _UNIT_AFTER.match(after):
            continue
        if glued:
            prev = before[-1]
            if not (prev.isalpha() or prev in "\"»”).,;:!?…'"):
                continue
            score = 3
        else:
            stripped = before.rstrip()
            if not stripped:
                score = 1  # at a line start: only as a continuation of the previous line
            elif stripped[-1].isalpha() or stripped[-1] in "\"»”).,;:!?…":
                score = 2
            else:
                continue
            nxt = after.lstrip()[:1]
            if nxt and nxt.isdigit():
                continue
        out.append((s, e, score))
    return out


def _scan(lines: list[str], base: int, report: Report, source: str) -> _Layout:
    """Classify lines into running text, note bodies, page numbers; find page starts."""
    return _Scanner(lines, base, report, source).run()


class _Scanner:
    """One pass over the lines of a thesis, in one of three states: running text, the note
    bodies at a page foot, or just after a printed page number (the next line opens a page)."""

    def __init__(self, lines: list[str], base: int, report: Report, source: str) -> None:
        self.lines, self.base, self.report, self.source = lines, base, report, source
        self.flow: list[_Line] = []
        self.notes: list[_Note] = []
        self.page_starts = [base + 1]
        self.printed: dict[int, int] = {}
        self.expected = 1  # the number of the next note body
        self.page = 0
        self.state = "text"  # text | notes | after-page
        self.blanks = 0
        self.page_text: list[str] = []  # running text of the current page, to check marks
        self.last_printed = 0
        lengths = sorted(len(x.strip()) for x in lines if x.strip())
        # note lines are set in a smaller font: wider than most running-text lines
        self.wide = 1.15 * lengths[int(len(lengths) * 0.6)] if lengths else 10**6

    def run(self) -> _Layout:
        for idx, raw in enumerate(self.lines):
            no = self.base + idx + 1
            s = raw.rstrip()
            stripped = s.strip()
            if self.state == "notes" and self.note_line(no, raw, s, stripped):
                continue
            if self.state == "after-page":
                if not stripped:
                    continue
                self.new_page(no)
                self.state = "text"
                self.blanks = 0
            if not stripped:
                self.blanks += 1
                continue
            self.text_line(idx, no, raw, s, stripped)
        return _Layout(self.flow, self.notes, self.page_starts, self.printed)

    def note_line(self, no: int, raw: str, s: str, stripped: str) -> bool:
        """A line at a page foot: a note body, its continuation or the page number; False when
        it opens the next page (an indented line), which is then read as running text."""
        if not stripped:
            return True
        body = _note_start(s, self.expected)
        if body is not None:
            self.add_note(no, body)
            return True
        body = _note_start(s, self.expected + 1)
        if body is not None and self.marked(self.expected + 1):
            self.skip_missing(no)
            self.add_note(no, body)
            return True
        pm = _PAGE_NUMBER.match(s)
        if pm and self.last_printed < int(pm.group(1)) < 1000:
            self.printed_number(int(pm.group(1)))
            return True
        if raw.startswith(" "):
            self.new_page(no)
            self.state = "text"
            self.blanks = 0
            return False
        self.notes[-1].parts.append(stripped)
        return True

    def text_line(self, idx: int, no: int, raw: str, s: str, stripped: str) -> None:
        """A line of running text, or the first note body of the foot, or a printed page number."""
        # a reference to the next note seen on this page (a number opening a line is too weak)
        pending = self.marked(self.expected)
        if raw.startswith(" ") and self.flow and self.page_text and not pending:
            # an indented first line opens a page that has no notes at its foot; while the
            # current page still waits for the body of a note referenced on it, it cannot end
            self.new_page(no)
            self.blanks = 0
        body = _note_start(s, self.expected)
        if body is None and not pending and self.marked(self.expected + 1):
            # the body of note ``expected`` is missing: the next one opens the foot
            body = _note_start(s, self.expected + 1)
            if body is not None:
                self.skip_missing(no)
                pending = True
        if body is not None and pending:
            self.reclaim()
            self.add_note(no, body)
            self.state = "notes"
            return
        pm = _PAGE_NUMBER.match(s)
        if pm and 0 < int(pm.group(1)) < 1000 and int(pm.group(1)) > self.last_printed and self.blanks:
            nxt = next((x for x in self.lines[idx + 1: idx + 3] if x.strip()), "")
            if not _NOTE_START.match(nxt.rstrip()) or not nxt.strip():
                self.printed_number(int(pm.group(1)))
                return
        self.flow.append(_Line(no, stripped, raw, self.blanks, self.page, len(raw) - len(raw.rstrip(" "))))
        self.page_text.append(stripped)
        self.blanks = 0

    def add_note(self, no: int, body: str) -> None:
        self.notes.append(_Note(self.expected, self.page, no, [body]))
        self.expected += 1

    def printed_number(self, n: int) -> None:
        """A printed page number ends the page."""
        self.printed[self.page] = n
        self.last_printed = n
        self.state = "after-page"

    def reclaim(self) -> None:
        """Give the foot lines that continue the previous page's last note back to that note.

        Note lines are set in a smaller font, so they are wider than the running text; a run of
        such lines after a blank line at the foot of a page, before its own notes, is the end of
        a note begun on the page before.
        """
        flow, page, wide = self.flow, self.page, self.wide
        if not self.notes or self.notes[-1].page != page - 1:
            return
        run: list[int] = []
        k = len(flow) - 1
        while k >= 0 and flow[k].page == page and (len(flow[k].text) > wide or not run):
            run.insert(0, k)
            if flow[k].blank_before:
                break
            k -= 1
        if not run or not flow[run[0]].blank_before or not any(len(flow[j].text) > wide for j in run):
            return
        if run[0] == 0 or flow[run[0] - 1].page != page:
            return  # nothing of the page's own text before it: not a foot
        self.notes[-1].parts.extend(flow[j].text for j in run)
        self.report.info(self.source, flow[run[0]].no, "note-continued",
                         f"note {self.notes[-1].n} continues at the foot of the next page; joined")
        del flow[run[0]:]
        self.page_text = self.page_text[: len(self.page_text) - len(run)]

    def marked(self, n: int) -> bool:
        """A strong reference candidate for note ``n`` in this page's running text."""
        return any(score >= 2 for t in self.page_text for _s, _e, score in _mark_candidates(t, n))

    def skip_missing(self, no: int) -> None:
        """Note ``expected`` has no body: report it and continue the numbering after it."""
        self.report.warn(self.source, no, "note-missing",
                         f"note {self.expected} has no body (the foot of its page goes on with note "
                         f"{self.expected + 1}); its reference mark stays in the text and the notes after it are kept")
        self.expected += 1

    def new_page(self, at: int) -> None:
        self.reclaim()
        self.page += 1
        self.page_starts.append(at)
        self.page_text = []


# ---------------------------------------------------------------------------- reference marks

def _place_marks(layout: _Layout, report: Report, source: str) -> None:
    """Find each note's reference mark in the running text, in numbering order."""
    by_page: dict[int, list[int]] = {}
    for i, line in enumerate(layout.lines):
        by_page.setdefault(line.page, []).append(i)
    pos = (0, 0)  # (flow index, offset) after the previous mark
    for note in layout.notes:
        idxs = [i for i in by_page.get(note.page, []) if i >= pos[0]]
        best = None
        for i in idxs:
            text = layout.lines[i].text
            cands = _mark_candidates(text, note.n)
            for s, e, score in cands:
                if (i, s) < pos:
                    continue
                if score == 1 and i > 0:
                    prev = layout.lines[i - 1].text
                    if not prev or prev[-1].isdigit():
                        continue
                if best is None or score > best[3]:
                    best = (i, s, e, score)
                if score == 3:
                    break
            if best is not None and best[3] >= 2:
                break
        if best is None:
            report.warn(source, note.line, "note-unmatched",
                        f"note {note.n}: no reference mark found on its page; anchored at the page's last paragraph")
            last = max((i for i in by_page.get(note.page, [])), default=len(layout.lines) - 1)
            last = max(last, pos[0])
            note.mark = (last, len(layout.lines[last].text), len(layout.lines[last].text))
            continue
        i, s, e, _ = best
        note.mark = (i, s, e)
        pos = (i, e)


# ---------------------------------------------------------------------------- paragraphs

@dataclass
class _Para:
    kind: str  # p | head | item
    lines: list[int]  # flow indices
    level: int = 0
    marker: str = ""


def _head_kind(text: str) -> tuple[str, str | None] | None:
    if _HEAD_TOP.match(text):
        return ("top", None)
    m = _HEAD_CHAPTER.match(text)
    if m:
        return ("chapter", m.group(1))
    m = _HEAD_SECTION.match(text)
    if m and len(text) < 160:
        return ("section", f"{m.group(1)}.{m.group(2)}")
    return None


def _sentence_end(text: str) -> bool:
    t = re.sub(r"(?<=[.!?:;…\"»”)])\s?\d{1,3}\s*$", "", text.rstrip())  # drop a trailing note mark
    if not _SENT_END.search(t):
        return False
    if _INITIAL_END.search(t) or _ABBREV_END.search(t):
        return False
    return True


def _segment(layout: _Layout, width: int) -> list[_Para]:
    """Group flow lines into headings, list items and paragraphs."""
    lines = layout.lines
    paras: list[_Para] = []
    cur: _Para | None = None
    n = len(lines)
    # spacing mode of each gap: blank lines in the gaps around it
    gaps = [lines[i].blank_before for i in range(n)]

    def double_spaced(i: int) -> bool:
        window = [gaps[k] > 0 for k in range(max(1, i - 3), min(n, i + 4)) if k != i]
        return sum(window) >= max(1, len(window) * 0.6)

    i = 0
    while i < n:
        line = lines[i]
        hk = _head_kind(line.text)
        if hk and (cur is None or _sentence_end(lines[i - 1].text)):
            cur = _Para("head", [i], marker=hk[0])
            paras.append(cur)
            # a heading wraps onto short lines that follow without a blank line
            while i + 1 < n and gaps[i + 1] == 0 and len(lines[i + 1].text) < 0.6 * width \
                    and lines[i + 1].page == line.page and not _head_kind(lines[i + 1].text) \
                    and not lines[i].text.endswith("."):
                i += 1
                cur.lines.append(i)
            cur = None
            i += 1
            continue
        li = _LIST_ITEM.match(line.text)
        if cur is None:
            cur = _Para("item" if li else "p", [i], marker=(li.group(1) or li.group(2)) if li else "")
            paras.append(cur)
            i += 1
            continue
        prev = lines[cur.lines[-1]]
        if _breaks(cur, prev, line, li, width, gaps[i] > 0, lambda: double_spaced(i)):
            cur = _Para("item" if li else "p", [i], marker=(li.group(1) or li.group(2)) if li else "")
            paras.append(cur)
        else:
            cur.lines.append(i)
        i += 1
    return paras


def _breaks(cur: _Para, prev: _Line, line: _Line, li: re.Match | None, width: int, gap: bool,
            double_spaced: Callable[[], bool]) -> bool:
    """Does ``line`` open a new paragraph (or list item) after ``prev``, the last line of ``cur``?

    It needs a sentence end before and a capital (or list marker) after, plus a layout cue: a
    blank line in single-spaced parts (``gap``), a short last line in double-spaced parts.
    """
    if not (_sentence_end(prev.text) or (li and prev.text.rstrip().endswith((";", ":", ".")))):
        return False
    if not (_OPENING.match(line.text) or li):
        return False
    # the previous line ended early: the next line's first word would have fitted
    first = line.text.split(" ", 1)[0]
    # a paragraph's first line is indented in print, so it is shorter by the indent
    indent = max(4, round(width * 0.07)) if len(cur.lines) == 1 else 0
    fits = len(prev.text) + indent + 1 + len(first) <= width - max(2, width * 0.04)
    short = fits or len(prev.text) < 0.6 * width or prev.trailing >= 2
    if li and (cur.kind == "item" or prev.text.endswith(":")):
        return True
    if _LABEL.match(line.text):
        return True  # a run-in label opens a paragraph
    if prev.page != line.page or double_spaced():
        return short
    return gap or fits


# ---------------------------------------------------------------------------- assembly

def _join(layout: _Layout, para: _Para, notes_at: dict[int, list[_Note]], page_no: dict[int, tuple[str, str | None]],
          page_first_line: set[int]) -> Block:
    """Join a paragraph's lines: remove marks and hyphenation, anchor notes and page breaks."""
    text = ""
    marks: list[Mark] = []
    for k, fi in enumerate(para.lines):
        line = layout.lines[fi]
        seg, local = _cut_marks(line.text, notes_at.get(fi, []))
        text, base, _ = join_lines(text, seg, glue_hyphen=True)
        if fi in page_first_line:
            n, cert = page_no[fi]
            marks.append(Mark(base, "pb", n=n, cert=cert))
        for off, note in local:
            marks.append(Mark(base + off, "note", n=str(note.n), text=_note_text(note), id=None))
    # normalise spaces, keeping offsets right
    text, marks = _squeeze(text, marks)
    return Block("p", text, marks, line=layout.lines[para.lines[0]].no)


def _cut_marks(text: str, notes: list[_Note]) -> tuple[str, list[tuple[int, _Note]]]:
    """Remove the reference marks of ``notes`` from a line; return the text and note offsets.

    A detached mark followed by punctuation takes the space before it along (``"…" 4 , в`` ->
    ``"…", в``); the note is anchored right after the word or punctuation that carried the mark.
    """
    out = ""
    local: list[tuple[int, _Note]] = []
    prev_end = 0
    for note in sorted(notes, key=lambda n: n.mark[1]):
        s, e = note.mark[1], note.mark[2]
        out += text[prev_end:s]
        if out.endswith(" ") and re.match(r"\s*[,.;:)»\"]", text[e:]):
            out = out.rstrip()
            while e < len(text) and text[e] == " ":
                e += 1
        local.append((len(out.rstrip()), note))
        prev_end = e
    out += text[prev_end:]
    return out, local


def _squeeze(text: str, marks: list[Mark]) -> tuple[str, list[Mark]]:
    """Collapse whitespace runs and strip, moving mark offsets with the text."""
    out = []
    mapping = []
    prev_space = True
    for ch in text:
        mapping.append(len(out))
        if ch.isspace():
            if not prev_space:
                out.append(" ")
            prev_space = True
        else:
            out.append(ch)
            prev_space = False
    mapping.append(len(out))
    res = "".join(out)
    trimmed = res.rstrip()
    for m in marks:
        m.offset = min(mapping[m.offset], len(trimmed))
    return trimmed, marks


def _note_text(note: _Note) -> str:
    text = ""
    for part in note.parts:
        text = join_lines(text, part, glue_hyphen=True)[0]
    return re.sub(r"\s+", " ", text).strip()


def _page_numbers(layout: _Layout, first_page: int | None, report: Report, source: str) -> list[tuple[str, str | None]]:
    """Number every page from the printed numbers; returns (n, cert) per page index."""
    count = len(layout.page_starts)
    anchors = sorted(layout.printed.items())
    if not anchors:
        start = first_page if first_page is not None else 1
        return [(str(start + k), "medium") for k in range(count)]
    # check consistency between anchors
    for (p1, v1), (p2, v2) in zip(anchors, anchors[1:]):
        if v2 - v1 != p2 - p1:
            report.warn(source, layout.page_starts[p2], "page-count",
                        f"printed page {v2} is {p2 - p1} pages after printed {v1} by layout, expected {v2 - v1}: "
                        "some page breaks are not visible in the text")
    out = []
    for k in range(count):
        prior = [(p, v) for p, v in anchors if p <= k]
        p, v = prior[-1] if prior else anchors[0]
        n = v + (k - p)
        out.append((str(n), None if k in layout.printed else "medium"))
    return out


def _page_firsts(layout: _Layout, pages: list[tuple[str, str | None]]) -> dict[int, tuple[str, str | None]]:
    """The flow index of each page's first line, with that page's (n, cert)."""
    page_no: dict[int, tuple[str, str | None]] = {}
    seen_pages: set[int] = set()
    for fi, line in enumerate(layout.lines):
        if line.page not in seen_pages:
            seen_pages.add(line.page)
            page_no[fi] = pages[line.page] if line.page < len(pages) else (str(line.page), "low")
    return page_no


def _build(layout: _Layout, paras: list[_Para], pages: list[tuple[str, str | None]]) -> list:
    """Divisions (introduction, chapters, sections, ...), list runs and paragraphs from ``paras``."""
    notes_at: dict[int, list[_Note]] = {}
    for note in layout.notes:
        if note.mark:
            notes_at.setdefault(note.mark[0], []).append(note)
    page_no = _page_firsts(layout, pages)
    page_first_line = set(page_no)
    body: list = []
    chapter: Division | None = None
    section: Division | None = None
    top: Division | None = None
    pending_list: Block | None = None

    def container() -> list:
        if section is not None:
            return section.children
        if chapter is not None:
            return chapter.children
        if top is not None:
            return top.children
        return body

    for para in paras:
        block = _join(layout, para, notes_at, page_no, page_first_line)
        if para.kind == "head":
            pending_list = None
            block.kind = "head"
            text = block.text
            kind = _head_kind(text)
            if kind and kind[0] == "chapter":
                chapter = Division("chapter", block, n=kind[1])
                section = None
                top = None
                body.append(chapter)
            elif kind and kind[0] == "section":
                section = Division("section", block, n=kind[1])
                (chapter.children if chapter is not None else body).append(section)
            else:
                dtype = _top_type(text)
                top = Division(dtype, block)
                chapter = section = None
                body.append(top)
            continue
        if para.kind == "item":
            marker = para.marker
            block.kind = "item"
            if marker.isdigit():
                block.attrs["n"] = marker
            rend = "numbered" if marker.isdigit() else "dashed"
            if pending_list is None or pending_list.attrs.get("rend") != rend:
                pending_list = Block("list", attrs={"rend": rend})
                container().append(pending_list)
            pending_list.children.append(block)
            continue
        pending_list = None
        container().append(block)
    return body


def _top_type(text: str) -> str:
    t = text.upper()
    if t.startswith("ВВЕДЕНИЕ"):
        return "introduction"
    if t.startswith("ЗАКЛЮЧЕНИЕ"):
        return "conclusion"
    if t.startswith(("СПИСОК", "БИБЛИОГРАФ")):
        return "bibliography"
    if t.startswith("ПРИЛОЖЕНИ"):
        return "appendix"
    return "section"


def _typical_width(layout: _Layout) -> int:
    lengths = sorted(len(x.text) for x in layout.lines if len(x.text) > 20)
    if not lengths:
        return 70
    return lengths[int(len(lengths) * 0.95)]


def read_thesis(text: str, source: str, options: ReaderOptions | Mapping[str, Any] | None) -> tuple[Document, Report]:
    """Convert thesis text into a :class:`Document`."""
    reader = _ThesisReader(source, options)
    return reader.run(text), reader.report


class _ThesisReader(ReaderBase):
    """The stages of the thesis reader, in order; the layout rules are the functions above."""

    default_id = "thesis"

    def run(self, text: str) -> Document:
        report, source = self.report, self.source
        original = text
        text, removed = strip_xml_invalid(text.replace("\ufeff", ""))
        if removed:
            report.warn(source, 0, "control-chars", f"{removed} control characters removed (not allowed in XML)")
        lines = text.split("\n")
        if not any(s.strip() for s in lines):
            raise EditionError(source, "file has no text", "source-empty")
        decisions: list[str] = []
        lines, second = self.drop_copy(lines, decisions)
        layout = _scan(lines, 0, report, source)
        if second is not None:
            _merge_printed_numbers(layout, _scan(second, len(lines), Report(), source), report, source)
        if not layout.lines:
            raise EditionError(source, "no running text found (only notes or page numbers)", "source-no-text")
        _place_marks(layout, report, source)
        paras = _segment(layout, _typical_width(layout))
        pages = _page_numbers(layout, self.options.first_page, report, source)
        body = _build(layout, paras, pages)
        if not any(isinstance(x, Division) for x in body):
            report.warn(source, 1, "no-headings", "no headings found: the text becomes one undivided body")
        if not layout.notes and _has_mark_sequence(layout):
            raise EditionError(source, "the text has footnote reference marks (1, 2, 3, …) but no note bodies at the "
                               "page feet", "notes-missing")
        for line_no, n in _orphan_marks(layout):
            report.warn(source, line_no, "mark-unmatched", f"number {n} looks like a note reference but no note {n} follows")
        meta = self.metadata(original, detect=False)
        doc = Document(self.doc_id, meta, body=body, decisions=decisions + _statements(layout), profile=PROFILE,
                       extent={"pages": len(layout.page_starts), "notes": len(layout.notes)})
        # note ids are stable: derived from the document id and the printed number
        for block in doc.iter_blocks():
            for mk in block.marks:
                if mk.kind == "note":
                    mk.id = self.note_id("note", mk.n)
        return doc

    def drop_copy(self, lines: list[str], decisions: list[str]) -> tuple[list[str], list[str] | None]:
        """The lines to read and the dropped second copy (or None); what was done is stated."""
        copy = self.find_duplicate(lines)
        if copy is None:
            return lines, None
        if copy.differs_at is not None and not copy.droppable:
            a, b = copy.differs_at
            decisions.append(seed_statement(PROFILE, "duplicate_differs", line=copy.start + 1, first=a + 1, second=b + 1))
        if not copy.droppable:
            return lines, None
        decisions.append(seed_statement(PROFILE, "duplicate_dropped", last=copy.start, line=copy.start + 1))
        return lines[:copy.start], lines[copy.start:]


def _statements(layout: _Layout) -> list[str]:
    """What the edition did to this text (only what was found in it is stated)."""
    keys = (["pages"] if len(layout.page_starts) > 1 else []) + (["notes"] if layout.notes else [])
    return [seed_statement(PROFILE, k) for k in (*keys, "paragraphs", "layout_lines", "spelling")]


def _merge_printed_numbers(first: _Layout, other: _Layout, report: Report, source: str) -> None:
    """Use the page numbers printed in the dropped copy too, when both copies paginate alike.

    The copies differ in where page-layout lines fall, so the second copy may print numbers on
    other pages; they count only if both copies have the same pages and all numbers agree.
    """
    if len(other.page_starts) != len(first.page_starts) or not other.printed:
        return
    merged = dict(first.printed)
    for page, number in other.printed.items():
        merged.setdefault(page, number)
    offsets = {number - page for page, number in merged.items()}
    if len(offsets) == 1:
        first.printed = merged
    else:
        report.warn(source, other.page_starts[0], "page-numbers-disagree",
                    "the page numbers printed in the second copy disagree with the first; only the first copy's are used")


def _orphan_marks(layout: _Layout) -> list[tuple[int, int]]:
    """Glued numbers right after the last note's number that never got a body."""
    nxt = layout.notes[-1].n + 1 if layout.notes else 1
    out = []
    for line in layout.lines:
        for s, e, score in _mark_candidates(line.text, nxt):
            if score == 3:
                out.append((line.no, nxt))
    return out


def _has_mark_sequence(layout: _Layout, length: int = 3) -> bool:
    """True when glued marks 1, 2, 3 follow each other in the running text."""
    want = 1
    for line in layout.lines:
        pos = 0
        while want <= length:
            hits = [s for s, _e, score in _mark_candidates(line.text, want) if score == 3 and s >= pos]
            if not hits:
                break
            pos = min(hits)
            want += 1
        if want > length:
            return True
    return False
