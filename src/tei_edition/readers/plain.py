"""Reader for plain text of any origin (profile ``plain``): PDF extractions with or without
layout, OCR output and typed text.

It looks for the layout signals the text actually has and uses only those:

* **Pages.** A form feed ends a page. On paged text, lines at the top and foot of pages that
  repeat across pages (digits ignored) are running heads or feet and are removed; a number
  standing alone there is the printed page number. Numbers missing between printed ones are
  counted from them (``cert="medium"``). Text without form feeds gets no page breaks.
* **OCR running heads.** In text with one paragraph per line, short lines that recur in
  similar (garbled) forms between paragraphs are running heads and are removed.
* **Notes.** Bodies at a page foot opening with the next note number (restarting per page or
  continuing), their marks glued to the running text above; bodies opening with an explicit
  label (``[1]``, ``(*)``, ``*``, ``**``, ``*)``, ``†``, ``‡``, ``<sup>…</sup>``, Unicode
  superscripts) anywhere after their marks. A body is matched to the nearest unmatched mark
  before it; a missing or extra body costs that note only and is reported.
* **Paragraphs.** One paragraph per line (OCR, typed text) or wrapped lines broken by blank
  lines, first-line indents and short sentence-final lines; a line opening with a dash after a
  sentence end is a new paragraph (dialogue), never a list item.
* **Headings.** Chapter and part words (several languages), Roman and numbered headings,
  all-caps and letter-spaced lines, and title-case lines standing alone; consecutive all-caps
  lines of one script form one heading. A contents list with dot leaders is a contents list.
"""

from __future__ import annotations

import difflib
import re
from collections import Counter
from dataclasses import dataclass, field
from collections.abc import Mapping
from functools import lru_cache
from typing import Any

from ..diagnostics import Report
from ..model import Block, Division, Document, Mark
from .base import ReaderBase
from .common import SUPERSCRIPT_DIGITS, letters_key, prepare_text
from .hyphen import join_lines
from .options import ReaderOptions
from .outline import Outline
from .statements import statements

__all__ = ["read_plain", "PROFILE"]

PROFILE = "plain"

# ---------------------------------------------------------------------------- patterns

_PAGE_NO = re.compile(r"^[-–—\s]*(\d{1,4}|[ivxlcdm]{1,7})[-–—\s]*$", re.I)
_FOOT_LABEL = re.compile(r"^(\d{1,3})(?:(?:\s+|(?=[^\W\d_«\"(]))(\S.*))?$")
_FOOT_LABEL_ALONE = re.compile(r"^(\d{1,3})$")
_BODY_LABEL = re.compile(
    r"^(?:\[(?P<br>\d{1,3}|\*{1,3}|[a-z†‡])\]|\((?P<ps>\*{1,3})\)|(?P<st>\*{1,3})\)?(?=\s|[^\W\d_]|$)"
    r"|(?P<dg>[†‡]{1,3})|<sup>\s*(?P<sup>[^<\s]{1,4})\s*</sup>|(?P<ss>[¹²³⁴⁵⁶⁷⁸⁹⁰]{1,3})"
    r"|\[Footnote\s+(?P<gf>[\w*]+):)\s*"
)
_MARKS = {
    "br": re.compile(r"\[(\d{1,3}|\*{1,3}|[a-z†‡])\]"),
    "ps": re.compile(r"\(\s*\*[\s*’'`´]{0,4}\)"),
    "st": re.compile(r"(?<=[^\s*])\*{1,3}\)?(?![\w*])"),
    "dg": re.compile(r"(?<=\S)[†‡]{1,3}"),
    "sup": re.compile(r"<sup>\s*([^<\s]{1,4})\s*</sup>"),
    "ss": re.compile(r"(?<=\S)[¹²³⁴⁵⁶⁷⁸⁹⁰]{1,3}"),
    "gf": re.compile(r"\[(\d{1,3}|\*{1,3}|[a-z])\]"),
}
_SENT_END = re.compile(r"[.!?…:;][\"»”’)\]]*$|[.!?…][\"»”’)\]]*\s*[-–—]+$")
_TERMINAL_SOFT = re.compile(r"[.!?…][\"»”’)\]]*$")
_OPENING = re.compile(r"^[\"«“„‘(\[]*[A-ZА-ЯЁЇІЄҐ0-9]")
_DASH_OPEN = re.compile(r"^[—–-]\s")
_HYPHEN_END = re.compile(r"[^\W\d_]-$")
_TOC_LINE = re.compile(r"^(?P<t>\S.*?)\s*(?:\.\s?){3,}\s*(?:\.\s*)*(?P<p>\d{1,4})$|^(?P<t2>\S.*?)\s*…+\s*(?P<p2>\d{1,4})$")
_ROMAN = re.compile(r"^(?=[IVXLC])(?:X{0,3})(?:IX|IV|V?I{0,3})\.?$|^(?:X{0,3})(?:IX|IV|V?I{0,3})\.?$", re.I)
_OCR_ROMAN = re.compile(r"^[IVXІИПШЛ1l]{1,4}\s*\.[\s.]*$")
_NUMBER_HEAD = re.compile(r"^\d{1,3}\.$")
# "4. Title", "2.3 Title", "2.3. Title": a number with a dot, and no sentence inside the title
_NUMBERED = re.compile(r"^(\d{1,2}(?:\.\d{1,2}){0,3}\.|\d{1,2}(?:\.\d{1,2}){1,3})\s+(?!.*[.!?;]\s)(\S.*)$")
_CHAPTER_WORDS = (
    r"глава|часть|книга|раздел|том|отдел|параграф|chapter|part|book|section|volume|kapitel|teil|buch|"
    r"abschnitt|chapitre|partie|livre|capítulo|capitulo|parte|libro|capitolo|rozdział|część|kapitola|část"
)
_CHAPTER = re.compile(
    rf"^(?:(?P<word>{_CHAPTER_WORDS})\s+(?P<num>[IVXLCDM]+|\d{{1,3}}|[а-яёa-z]+(?:ая|ой|ый|ий|ья|ье|st|nd|rd|th)?)\b"
    rf"|§\s*\d{{1,3}})\.?(?:[\s.:—–-]+(?P<title>\S.*))?$",
    re.I,
)
_CHAPTER_WORD_ONLY = re.compile(rf"^(?:{_CHAPTER_WORDS})\.?$", re.I)
_PART_WORDS = {"часть", "книга", "том", "part", "book", "volume", "teil", "buch", "partie", "livre", "parte",
               "libro", "część", "část"}
_FIGURE = re.compile(r"^\[(?:Illustration|Figure|Picture|Иллюстрация|Рисунок|Рис\.)\b[:.]?\s*", re.I)
_WORD = re.compile(r"[^\W\d_]+(?:[-'’][^\W\d_]+)*")
_FUNCTION = {"a", "an", "the", "and", "or", "of", "in", "on", "at", "to", "for", "by", "with", "from", "de", "la",
             "le", "les", "du", "des", "et", "und", "der", "die", "das", "von", "zu", "im", "и", "в", "во", "на",
             "о", "об", "с", "со", "к", "по", "из", "за", "для", "у"}


@dataclass
class _Line:
    no: int  # 1-based source line
    text: str  # whitespace collapsed, no indent
    indent: int
    page: int
    marks: list[tuple[int, Mark]] = field(default_factory=list)
    blank_before: bool = False
    soft: bool = False  # ended with a soft hyphen: the word goes on in the next line


@dataclass
class _Body:
    label: str
    family: str
    line: int  # index in the flow
    page: int
    text: str
    no: int


@dataclass
class _Ref:
    line: int  # index in the flow
    start: int
    end: int
    label: str
    family: str
    matched: bool = False


def _toc(s: str) -> re.Match | None:
    """A contents line (title, dot leaders or ellipsis, page number); cheap test first."""
    if not s[-1:].isdigit() or ("..." not in s and ". . ." not in s and "…" not in s):
        return None
    return _TOC_LINE.match(s)


def _ends_sentence(s: str) -> bool:
    return bool(_SENT_END.search(s[-8:]))


def _open(open_refs: dict[str, dict[str, list[_Ref]]], label: str) -> list[_Ref]:
    """The unmatched references with ``label`` seen so far (of the family that has the most)."""
    lists = [v for v in open_refs.get(label, {}).values() if v]
    return max(lists, key=len) if lists else []


def _norm_label(family: str, raw: str) -> str:
    raw = raw.strip()
    if family in ("ps", "st") or set(raw) <= {"*", " ", "’", "'", "`", "´"}:
        return "*"
    return raw.translate(SUPERSCRIPT_DIGITS)


# ---------------------------------------------------------------------------- pages


@dataclass
class _Paged:
    lines: list[_Line]
    printed: dict[int, int]  # page index -> printed number
    pages: int
    heads_removed: int
    paged: bool


def _split_pages(text: str) -> list[list[tuple[int, str]]]:
    pages: list[list[tuple[int, str]]] = [[]]
    no = 0
    for raw in text.split("\n"):
        no += 1
        parts = raw.split("\f")
        for k, part in enumerate(parts):
            if k:
                pages.append([])
            pages[-1].append((no, part))
    # a final form feed closes the last page: no empty page after it
    while len(pages) > 1 and not any(s.strip() for _, s in pages[-1]):
        pages.pop()
    return pages


_LEAD_NO = re.compile(r"^(\d{1,4})\s+(\S.*)$")
_TRAIL_NO = re.compile(r"^(.*\S)\s+(\d{1,4})$")


def _edge_parts(s: str) -> tuple[str, int | None]:
    """A page-edge line as (key, number at its start or end): "54   Глава 29" -> ("глава 29", 54)."""
    s = s.strip()
    number = None
    m = _LEAD_NO.match(s) or _TRAIL_NO.match(s)
    if m:
        lead = m.re is _LEAD_NO
        number = int(m.group(1) if lead else m.group(2))
        s = m.group(2) if lead else m.group(1)
    return re.sub(r"\s+", " ", s.lower()), number


def _edge_zone(page: list[tuple[int, str]], depth: int = 4) -> tuple[list[int], list[int]]:
    idx = [i for i, (_, s) in enumerate(page) if s.strip()]
    return idx[:depth], idx[-depth:]


def _running_keys(pages: list[list[tuple[int, str]]]) -> dict[str, bool]:
    """Keys of lines repeated at page edges, each with whether its number is the page number.

    A line counts when it stands at the edge of enough pages; a number at its start or end is a
    page number when it grows with the page, part of the line when it never changes, and a
    chapter number (the line is a heading, not a running head) otherwise."""
    occ: dict[str, dict[int, int | None]] = {}
    for p, page in enumerate(pages):
        top, bottom = _edge_zone(page)
        for i in top + bottom:
            key, number = _edge_parts(page[i][1])
            if letters_key(key) or len(key) > 2:
                occ.setdefault(key, {}).setdefault(p, number)
    need = max(2, -(-len(pages) // 4))
    out: dict[str, bool] = {}
    for key, at in occ.items():
        if len(at) < need or _CHAPTER_WORD_ONLY.match(key):
            continue  # "Глава 2": the number belongs to the heading
        nums = [(p, n) for p, n in at.items() if n is not None]
        if len({n for _, n in nums}) > 1:
            offsets = Counter(n - p for p, n in nums)
            if offsets.most_common(1)[0][1] < 0.6 * len(nums) or len(at) < 0.4 * len(pages):
                continue  # numbers that do not follow the pages, or on few pages: chapter headings
            out[key] = True
        else:
            out[key] = False
    return out


def _strip_edges(pages: list[list[tuple[int, str]]]) -> tuple[list[list[tuple[int, str]]], dict[int, int], int]:
    """Remove running heads/feet and page numbers at page edges; returns pages, printed numbers."""
    repeated = _running_keys(pages)
    printed: dict[int, int] = {}
    removed = 0
    out = []
    for p, page in enumerate(pages):
        keep = [True] * len(page)
        for direction in (1, -1):
            order = range(len(page)) if direction == 1 else range(len(page) - 1, -1, -1)
            taken = 0
            for i in order:
                s = page[i][1].strip()
                if not s:
                    continue
                m = _PAGE_NO.match(s)
                key, number = _edge_parts(s)
                if m and m.group(1).isdigit():
                    printed[p] = int(m.group(1))  # a number standing alone wins over one in a head
                    keep[i] = False
                elif key in repeated:
                    if repeated[key] and number is not None:
                        printed.setdefault(p, number)
                    keep[i] = False
                    removed += 1
                else:
                    break
                taken += 1
                if taken >= 4:
                    break
        out.append([ln for ln, k in zip(page, keep) if k])
    return out, printed, removed


def _page_numbers(printed: dict[int, int], pages: int, first_page: int | None) -> list[tuple[str, str | None]]:
    """``(n, cert)`` per page: printed numbers agreeing with the most common offset; the rest
    counted from them."""
    offsets = Counter(n - p for p, n in printed.items())
    if first_page is not None:
        offset, trusted = first_page, set()
    elif offsets:
        offset = offsets.most_common(1)[0][0]
        trusted = {p for p, n in printed.items() if n - p == offset}
    else:
        offset, trusted = 1, set()
    return [(str(p + offset), None if p in trusted else "medium") for p in range(pages)]


# ---------------------------------------------------------------------------- OCR running heads


def _ocr_heads(lines: list[_Line]) -> set[int]:
    """Indices of short lines that recur in similar forms (running heads of OCR'd pages)."""
    short = [i for i, ln in enumerate(lines) if len(ln.text) <= 45 and len(letters_key(ln.text)) >= 6
             and not _DASH_OPEN.match(ln.text)]
    keys = {i: letters_key(lines[i].text) for i in short}
    groups: list[list[int]] = []
    index: dict[str, list[int]] = {}  # trigram -> groups whose first member has it
    for i in short:
        key = keys[i]
        grams = {key[k:k + 3] for k in range(len(key) - 2)}
        shared: Counter = Counter(g for t in grams for g in index.get(t, ()))
        for gi, _ in shared.most_common(4):  # only the few most similar groups are compared
            sm = difflib.SequenceMatcher(None, keys[groups[gi][0]], key, autojunk=False)
            if sm.quick_ratio() >= 0.55 and sm.ratio() >= 0.55:
                groups[gi].append(i)
                break
        else:
            groups.append([i])
            for t in grams:
                index.setdefault(t, []).append(len(groups) - 1)
    out: set[int] = set()
    for g in groups:
        numbered = all(re.search(r"(^\S{1,3}\s)|(\s\S{1,3}$)|\d", lines[i].text) for i in g)
        gaps = sorted(b - a for a, b in zip(g, g[1:]))
        # running heads stand a page of text apart, never in runs of short lines
        paged_apart = bool(gaps) and gaps[len(gaps) // 2] >= 5
        if paged_apart and (len(g) >= 3 or (len(g) == 2 and numbered)):
            for i in g:
                if not _all_caps(lines[i].text) or all(_all_caps(lines[j].text) for j in g):
                    out.add(i)
    return out


# ---------------------------------------------------------------------------- classification helpers


_SPACES = re.compile(r"\s+")
_BULLET = re.compile(r"^([•◦▪▫●○■□➢►])\s+(?=\S)")
_LETTER = re.compile(r"[^\W\d_]")
_LOWER = re.compile(r"[a-zß-öø-ÿа-яѐ-џѣѳѵα-ω]")


@lru_cache(maxsize=8192)
def _all_caps(s: str) -> bool:
    lower = len(_LOWER.findall(s, 0, 200))
    if lower > 20:
        return False
    letters = len(_LETTER.findall(s))
    return letters >= 4 and lower <= 0.1 * letters


def _script(s: str) -> str:
    cyr = sum("\u0400" <= ch <= "\u04ff" for ch in s)
    lat = sum(ch.isascii() and ch.isalpha() for ch in s)
    return "cyr" if cyr >= lat else "lat"


def _letter_spaced(s: str) -> bool:
    toks = s.split()
    if len(toks) < 4 or len(toks[0].strip(".,")) != 1 or not toks[0][0].isalpha():
        return False
    return sum(len(t.strip(".,'’")) <= 2 for t in toks) / len(toks) >= 0.6


def _title_case(s: str) -> bool:
    if s[:1] in "([_<*{" or s[:1].isdigit() or s.endswith(("!", "?", ",", ";", ":")):
        return False
    words = _WORD.findall(s)
    if not words or len(words) > 10:
        return False
    long_words = [w for w in words if w.lower() not in _FUNCTION and len(w) >= 3]
    if not long_words or sum(len(w) for w in words) < 4:
        return False
    if not all(w[0].isupper() for w in long_words):
        return False
    # a title has no sentence inside it
    return not re.search(r"[a-zа-яё]{3,}[.!?]\s+\S", s)


def _strong_head(s: str) -> bool:
    """A line that reads as a heading by its own words: chapter/part word, Roman or numbered."""
    return bool(_CHAPTER.match(s) or _ROMAN.match(s) or _NUMBER_HEAD.match(s)
                or (_NUMBERED.match(s) and len(s) <= 100 and not _ends_sentence(s)))


def _head_rank(text: str, isolated: bool, line_mode: bool, standalone: bool = False) -> tuple[int, str] | None:
    """(rank, div type) when ``text`` (one line or merged caps lines) is a heading.

    ``standalone``: the block opens after a blank line, a page start or another heading (in
    wrapped text a heading never continues a run of lines)."""
    s = text.strip()
    if not s or len(s) > 160 or s[:1] in "[(-–—_*" or s.startswith("--"):
        return None
    if not (line_mode or standalone or isolated):
        return None
    m = _CHAPTER.match(s)
    if m and len(s) <= 120:
        word = (m.group("word") or "").lower()
        return (1, "part") if word in _PART_WORDS else (2, "chapter")
    if _ROMAN.match(s) and s.strip("."):
        return 3, "section"
    if _OCR_ROMAN.match(s) or _NUMBER_HEAD.match(s):
        return 3, "section"
    if _all_caps(s) and not s.endswith((",", ";")):
        return 3, "section"
    if _letter_spaced(s):
        return 3, "section"
    m = _NUMBERED.match(s)
    if m and len(s) <= 100 and not _ends_sentence(s) and m.group(2)[:1].isupper() and (isolated or line_mode or standalone):
        return 4, "subsection" if m.group(1).rstrip(".").count(".") else "section"
    if isolated and not line_mode and len(s) <= 80 and _title_case(s):
        return 4, "section"
    return None


# ---------------------------------------------------------------------------- the reader


class _Reader(ReaderBase):
    default_id = "text"

    def __init__(self, text: str, source: str, options: ReaderOptions | Mapping[str, Any] | None):
        super().__init__(source, options)
        self.original = text
        self.facts: dict[str, Any] = {}

    # -- stage 1: lines and pages
    def lines_and_pages(self, text: str) -> _Paged:
        pages = _split_pages(text)
        paged = len(pages) >= 2
        printed: dict[int, int] = {}
        removed = 0
        if paged:
            pages, printed, removed = _strip_edges(pages)
        lines: list[_Line] = []
        for p, page in enumerate(pages):
            blank = True
            for no, raw in page:
                expanded = raw.expandtabs(8).rstrip()
                stripped = expanded.lstrip()
                if not stripped:
                    blank = True
                    continue
                soft = stripped.endswith("\u00ad")
                text_ = stripped.replace("\u00ad", "") if not soft else stripped[:-1].replace("\u00ad", "")
                if "  " in text_ or "\t" in text_ or "\u00a0" in text_:
                    text_ = _SPACES.sub(" ", text_)
                lines.append(_Line(no, text_, len(expanded) - len(stripped), p, blank_before=blank, soft=soft))
                blank = False
        return _Paged(lines, printed, len(pages), removed, paged)

    # -- stage 2: notes at page feet (numbered, restarting per page or continuing)
    def foot_notes(self, lines: list[_Line], npages: int) -> tuple[set[int], list[tuple[int, Mark]]]:
        """Find page-foot note zones; returns the note line indices and (line index, mark)
        placements (the mark also removed from the line text)."""
        by_page: dict[int, list[int]] = {}
        for i, ln in enumerate(lines):
            by_page.setdefault(ln.page, []).append(i)
        note_lines: set[int] = set()
        placed: list[tuple[int, Mark]] = []
        last = 0
        # the previous page's text after its last placed mark: a body that did not fit under
        # its mark's page is set at the foot of the next one
        carry: list[int] = []
        carry_char = 0
        for p in range(npages):
            idx = by_page.get(p, [])
            zone = self._find_zone(lines, idx, last, carry, carry_char)
            if zone is None:
                carry, carry_char = idx, 0
                continue
            start, labels = zone
            notes = _zone_notes(lines, idx[idx.index(start):], labels)
            note_lines.update(idx[idx.index(start):])
            own = [k for k in idx if k < start]
            body_idx = carry + own
            pos_line, pos_char = self.place_foot_notes(lines, notes, own, body_idx, carry_char if carry else 0,
                                                       last, placed)
            last = notes[-1][0] if notes else last
            rest = body_idx[pos_line:] if pos_line or pos_char else own
            carry = [k for k in rest if lines[k].page == p] or []
            carry_char = pos_char if carry and rest and carry[0] == rest[0] else 0
        return note_lines, placed

    def place_foot_notes(self, lines: list[_Line], notes: list[tuple[int, str, list[str], int]], own: list[int],
                         body_idx: list[int], pos_char: int, last: int,
                         placed: list[tuple[int, Mark]]) -> tuple[int, int]:
        """Move one page's foot notes to their marks in ``body_idx`` (the page's text, after what
        the previous page left over), in order; returns where the last mark was found."""
        pos_line = 0
        expected = last + 1
        for n, label, parts, k in notes:
            if n > expected and n != 1:
                self.report.warn(self.source, lines[k].no, "note-missing",
                                 f"note {expected} has no body (the foot goes on with note {n}); its mark "
                                 "stays in the text and the notes after it are kept")
            expected = n + 1
            mark = Mark(0, "note", n=label, text=_join_parts(parts), place="foot")
            found = self._find_digit_mark(lines, body_idx, label, pos_line, pos_char)
            if found is None:
                self.report.warn(self.source, lines[k].no, "note-unmatched",
                                 f"note {label}: no reference mark found on its page; the note is placed "
                                 "at the end of the page's text")
                target = own[-1] if own else (body_idx[-1] if body_idx else None)
                if target is None:
                    continue
                placed.append((target, mark))
                lines[target].marks.append((len(lines[target].text), mark))
                continue
            li, a, b = found
            ln = lines[li]
            ln.text = ln.text[:a] + ln.text[b:]
            for j, (off, mk) in enumerate(ln.marks):
                if off > a:
                    ln.marks[j] = (off - (b - a), mk)
            ln.marks.append((a, mark))
            placed.append((li, mark))
            pos_line, pos_char = body_idx.index(li), a
        return pos_line, pos_char

    def _find_zone(self, lines: list[_Line], idx: list[int], last: int, carry: list[int],
                   carry_char: int) -> tuple[int, dict[int, int]] | None:
        cands = []
        for k in idx:
            t = lines[k].text
            m = _FOOT_LABEL.match(t)
            if m:
                n = int(m.group(1))
                alone = m.group(2) is None
                if alone and (k + 1 not in idx or _FOOT_LABEL_ALONE.match(lines[k + 1].text)):
                    continue
                cands.append((k, n))
        for c, (k, n) in enumerate(cands):
            if n not in (1, last + 1, last + 2):  # last + 2: the body of note last + 1 is missing
                continue
            body = carry + [j for j in idx if j < k]
            if not body or self._find_digit_mark(lines, body, str(n), 0, carry_char if carry else 0) is None:
                continue
            labels = {k: n}
            expect = n + 1
            for k2, n2 in cands[c + 1:]:
                if n2 in (expect, expect + 1):
                    labels[k2] = n2
                    expect = n2 + 1
            return k, labels
        return None

    @staticmethod
    def _find_digit_mark(lines: list[_Line], body_idx: list[int], label: str, from_line: int, from_char: int):
        # glued to a word or closing punctuation ("ГК)1.", "знаков.1"), or detached after a
        # closing bracket or quote at a sentence end ("(ВОИС) 1.")
        pat = re.compile(rf"(?<=[^\W\d_]|[.,;:)»\"”’\]])({label})(?!\d)(?![.,]\d)"
                         rf"|(?<=[)»\"”] )({label})(?=[.,;:]?$|[.,;:]\s)")
        for pos in range(from_line, len(body_idx)):
            li = body_idx[pos]
            t = lines[li].text
            for m in pat.finditer(t, from_char if pos == from_line else 0):
                before = t[max(0, m.start() - 4):m.start()]
                if re.search(r"\d[.,]?$", before):
                    continue
                return li, m.start(), m.end()
        return None

    # -- stage 3: notes with explicit labels
    def labelled_notes(self, lines: list[_Line], skip: set[int], line_mode: bool) -> set[int]:
        """Note bodies opening with an explicit label (``[1]``, ``*``, ``†``, superscripts, ...),
        matched to the marks before them and moved there; returns the body lines' indices."""
        bodies, body_lines = _labelled_bodies(lines, skip, line_mode)
        if not bodies:
            return set()
        refs = _label_refs(lines, body_lines | skip, {b.family for b in bodies})
        assigned = _assign_refs(bodies, refs, body_lines, skip)
        self.place_labelled(lines, assigned, refs, body_lines, skip)
        return body_lines

    def place_labelled(self, lines: list[_Line], assigned: list[tuple[_Ref | None, _Body]], refs: list[_Ref],
                       body_lines: set[int], skip: set[int]) -> None:
        """Put each labelled note where its mark stood (the mark removed from the text), or after
        the text before its body when it has none; report marks left without a body."""
        # remove matched marks from the text, right to left per line
        place = "foot" if self.facts.get("paged") else "end"
        per_line: dict[int, list[tuple[_Ref, Mark]]] = {}
        for ref, b in assigned:
            mark = Mark(0, "note", n=b.label, text=b.text, place=place)
            if ref is None:
                self.report.warn(self.source, b.no, "note-unmatched",
                                 f"note {b.label}: no reference mark before its body; placed after the preceding text")
                target = next((k for k in range(b.line - 1, -1, -1) if k not in body_lines and k not in skip), None)
                if target is None:
                    lines[b.line].marks.append((0, mark))
                    body_lines.discard(b.line)
                    lines[b.line].text = ""
                    continue
                lines[target].marks.append((len(lines[target].text), mark))
                continue
            per_line.setdefault(ref.line, []).append((ref, mark))
        for ref in refs:
            if not ref.matched and (ref.label.isdigit() or ref.family == "br"):
                self.report.warn(self.source, lines[ref.line].no, "ref-unmatched",
                                 f"mark {ref.label} has no note body; left in the text")
        for li, items in per_line.items():
            ln = lines[li]
            for ref, mark in sorted(items, key=lambda x: -x[0].start):
                a, b = ref.start, ref.end
                if a > 0 and ln.text[a - 1] == " " and (b >= len(ln.text) or not ln.text[b].isalnum()):
                    a -= 1
                ln.text = ln.text[:a] + ln.text[b:]
                ln.marks = [(o - (b - a) if o > a else o, mk) for o, mk in ln.marks]
                ln.marks.append((a, mark))

    # -- stage 4: blocks
    def segment(self, lines: list[_Line], line_mode: bool) -> list[tuple[list[_Line], bool]]:
        """Group flow lines into blocks; each block comes with 'isolated' (blank lines around)."""
        if not lines:
            return []
        lengths = sorted(len(ln.text) + ln.indent for ln in lines)
        width = lengths[int(len(lengths) * 0.9)] if lengths else 70
        base_indent = Counter(ln.indent for ln in lines).most_common(1)[0][0]
        self.width = width
        blocks: list[list[_Line]] = []
        for k, ln in enumerate(lines):
            if not blocks:
                blocks.append([ln])
                continue
            prev = blocks[-1][-1]
            if self._continues(prev, ln, line_mode, width, base_indent, blocks[-1]):
                blocks[-1].append(ln)
            else:
                blocks.append([ln])
        out = []
        for k, b in enumerate(blocks):
            nxt_blank = k + 1 >= len(blocks) or blocks[k + 1][0].blank_before
            out.append((b, b[0].blank_before and nxt_blank))
        return out

    @staticmethod
    def _continues(prev: _Line, ln: _Line, line_mode: bool, width: int, base: int, block: list[_Line]) -> bool:
        a, b = prev.text, ln.text
        caps_a, caps_b = _all_caps(a), _all_caps(b)
        if caps_a and caps_b and len(a) < 80 and len(b) < 80:  # a heading set on several lines
            return len(block) < 4 and not ln.blank_before and _script(a) == _script(b) \
                and not _ends_sentence(a.rstrip(":"))
        toc_a, toc_b = bool(_toc(a)), bool(_toc(b))
        if toc_a or toc_b:
            return toc_a and toc_b  # contents lines stay together, apart from the text
        if ln.blank_before and ln.page == prev.page:
            return False
        if _ends_sentence(a) and len(b) < 0.6 * width and _strong_head(b):
            return False  # a heading after a sentence end, on the same or the next page
        if line_mode:
            return bool(_HYPHEN_END.search(a)) and b[:1].islower()
        if caps_a != caps_b and (len(a) < 80 or len(b) < 80):
            return False
        if _FIGURE.match(b) or _BULLET.match(b):
            return False
        if len(block) == 1 and not _ends_sentence(a) and _strong_head(a) and _OPENING.match(b):
            return False  # a heading line is followed by its first paragraph, not continued by it
        if ln.indent > prev.indent + 1 and ln.indent > base:
            return False
        if _ends_sentence(a) and _DASH_OPEN.match(b):
            return False  # a dialogue line opens its own paragraph
        if _ends_sentence(a) and _OPENING.match(b) and len(a) + prev.indent < 0.8 * width:
            return False
        if ln.blank_before:  # page break inside a paragraph
            return not (_ends_sentence(a) and _OPENING.match(b) and ln.indent > base)
        return True

    def run(self) -> tuple[Document, Report]:
        text = prepare_text(self.original, self.source, self.report)
        text = self.drop_copy(text)
        paged = self.lines_and_pages(text)
        lines = paged.lines
        self.facts["paged"] = paged.paged
        long_share = sum(len(ln.text) > 200 for ln in lines) / max(1, len(lines))
        # one paragraph per line: long lines, or (typed text) nearly every line ends a sentence
        final_share = sum(bool(_TERMINAL_SOFT.search(ln.text)) for ln in lines) / max(1, len(lines))
        line_mode = long_share >= 0.2 or (len(lines) >= 5 and final_share >= 0.75)
        heads_ocr = _ocr_heads(lines) if line_mode and not paged.paged else set()
        if heads_ocr:
            lines = [ln for i, ln in enumerate(lines) if i not in heads_ocr]
        self._glue_drop_caps(lines)
        note_lines: set[int] = set()
        if paged.paged:
            note_lines, _ = self.foot_notes(lines, paged.pages)
        note_lines |= self.labelled_notes(lines, note_lines, line_mode)
        flow = [ln for i, ln in enumerate(lines) if i not in note_lines and (ln.text or ln.marks)]
        # marks of note lines that received an unmatched-body note stay on their flow line
        pages = _page_numbers(paged.printed, paged.pages, self.options.first_page) if paged.paged else []
        nodes = self.build(self.segment(flow, line_mode), pages, line_mode)
        meta = self.metadata(self.original)
        doc = Document(self.doc_id, meta, body=nodes, profile=PROFILE)
        notes = [mk for blk in doc.iter_blocks() for mk in blk.marks if mk.kind == "note"]
        used: Counter = Counter()
        for mk in notes:
            used[mk.n] += 1
            mk.id = self.note_id("n" + str(mk.n), used[mk.n]) if used[mk.n] > 1 or not str(mk.n).isdigit() \
                else self.note_id("n" + str(mk.n))
        # ids must be unique: numbered notes restarting per page repeat their numbers
        seen: set[str] = set()
        for k, mk in enumerate(notes, 1):
            if mk.id in seen:
                mk.id = self.note_id("note", k)
            seen.add(mk.id)
        heads = sum(1 for blk in doc.iter_blocks() if blk.kind == "head")
        doc.extent = {"notes": len(notes)} | ({"pages": paged.pages} if paged.paged else {})
        self.facts.update(pages=paged.pages if paged.paged else 0,
                          printed=sum(1 for _, c in pages if c is None), running_heads=paged.heads_removed + len(heads_ocr),
                          notes=len(notes), headings=heads, note_place={mk.place for mk in notes},
                          line_mode=line_mode)
        doc.decisions = statements(self.facts, meta.language)
        if not heads:
            self.report.warn(self.source, 1, "no-headings", "no headings found: the text becomes one undivided body")
        return doc, self.report

    def drop_copy(self, text: str) -> str:
        """Drop a second copy of the whole text when it has no word of its own; report where
        differing copies differ, whichever is kept."""
        lines = text.split("\n")
        copy = self.find_duplicate(lines)
        if copy is None:
            return text
        self.facts["duplicate"] = {"line": copy.start + 1, "dropped": copy.droppable}
        if copy.differs_at is not None:
            a, b = copy.differs_at
            self.facts["duplicate"]["where"] = f"{a + 1} / {b + 1}"
        return "\n".join(lines[:copy.start]) if copy.droppable else text

    @staticmethod
    def _glue_drop_caps(lines: list[_Line]) -> None:
        """A capital standing alone on its line before a line opening in lower case is a drop
        cap split off by the extractor ("В" + "ажное место" = "Важное место")."""
        for k in range(len(lines) - 1):
            a, b = lines[k], lines[k + 1]
            if len(a.text) == 1 and a.text.isupper() and b.text[:1].islower() and b.page == a.page:
                b.text = a.text + b.text
                b.blank_before = a.blank_before
                a.text = ""

    # -- stage 5: document
    def build(self, blocks: list[tuple[list[_Line], bool]], pages: list[tuple[str, str | None]],
              line_mode: bool) -> list:
        """The body's nodes from the blocks (see :class:`_Assembler`)."""
        asm = _Assembler(self, pages, line_mode)
        for blk_lines, isolated in blocks:
            asm.add(blk_lines, isolated)
        return asm.finish()

    def _centred(self, blk: list[_Line]) -> bool:
        """One short line set in the middle of the measure (layout extraction), reading as a title."""
        if len(blk) != 1:
            return False
        ln = blk[0]
        width = getattr(self, "width", 0)
        s = ln.text
        if ln.indent < 8 or not width or len(s) > 0.6 * width or len(s) < 3:
            return False
        if _TERMINAL_SOFT.search(s) or s.endswith((",", ";", ":")) or not s[:1].isupper() or _DASH_OPEN.match(s):
            return False
        return abs(ln.indent - (width - len(s)) / 2) <= max(4, 0.2 * width)

    def _join(self, blk: list[_Line], pages: list[tuple[str, str | None]], last_page: int):
        text = ""
        marks: list[Mark] = []
        for k, ln in enumerate(blk):
            if k and blk[k - 1].soft:  # a soft hyphen: the word goes on, no space
                joined, offset = text + ln.text, len(text)
            else:
                joined, offset, _ = join_lines(text, ln.text)
            if pages and ln.page != last_page:
                for p in range(last_page + 1, ln.page + 1):
                    n, cert = pages[p]
                    marks.append(Mark(offset, "pb", n=n, cert=cert))
                last_page = ln.page
            text = joined
            for pos, mk in ln.marks:
                mk.offset = offset + min(pos, len(ln.text))
                marks.append(mk)
        # strip and keep offsets valid
        lead = len(text) - len(text.lstrip())
        text = text.strip()
        for mk in marks:
            mk.offset = max(0, min(len(text), mk.offset - lead))
        marks.sort(key=lambda mk: (mk.offset, mk.kind != "pb"))
        return text, marks, last_page



def _zone_notes(lines: list[_Line], zone: list[int], labels: dict[int, int]) -> list[tuple[int, str, list[str], int]]:
    """The notes of a page-foot zone as (number, label, body parts, line index): a labelled line
    opens a note, the lines after it continue it."""
    notes: list[tuple[int, str, list[str], int]] = []
    cur: list[str] | None = None
    for k in zone:
        ln = lines[k]
        if k in labels:
            n = labels[k]
            m = _FOOT_LABEL.match(ln.text)
            body = (m.group(2) or "") + ("\u00ad" if ln.soft else "") if m else ""
            cur = [body] if body else []
            notes.append((n, str(n), cur, k))
        elif cur is not None:
            cur.append(_soft(ln))
    return notes


def _labelled_bodies(lines: list[_Line], skip: set[int], line_mode: bool) -> tuple[list[_Body], set[int]]:
    """The note bodies that open with a label, and the indices of their lines."""
    bodies: list[_Body] = []
    body_lines: set[int] = set()
    i = 0
    n = len(lines)
    while i < n:
        ln = lines[i]
        if i in skip:
            i += 1
            continue
        m = _BODY_LABEL.match(ln.text)
        alone = bool(m) and not ln.text[m.end():].strip()  # a label on its own line, body below
        starts_para = alone or line_mode or ln.blank_before or i == 0 or i - 1 in body_lines or \
            bool(_ends_sentence(lines[i - 1].text))
        if not m or not starts_para or not ln.text[m.end():].strip() and i + 1 >= n:
            i += 1
            continue
        family = next(k for k, v in m.groupdict().items() if v is not None)
        label = _norm_label(family, m.groupdict()[family])
        parts = [_soft(ln)[m.end():]]
        body_lines.add(i)
        j = i + 1
        if not line_mode:
            empty_label = not parts[0].strip()
            while j < n and j not in skip:
                nxt = lines[j]
                if _BODY_LABEL.match(nxt.text) or nxt.page != ln.page and not empty_label:
                    break
                if nxt.blank_before and not empty_label:
                    break
                if nxt.blank_before:
                    empty_label = False
                parts.append(_soft(nxt))
                body_lines.add(j)
                empty_label = False
                j += 1
        bodies.append(_Body(label, "br" if family == "gf" else family, i, ln.page,
                            _join_parts(parts).removesuffix("]") if family == "gf" else _join_parts(parts), ln.no))
        i = j
    return bodies, body_lines


def _label_refs(lines: list[_Line], exclude: set[int], families: set[str]) -> list[_Ref]:
    """The marks of the label ``families`` in the lines not in ``exclude``, in reading order."""
    refs: list[_Ref] = []
    for li, ln in enumerate(lines):
        if li in exclude:
            continue
        for fam in families:
            for m in _MARKS[fam].finditer(ln.text):
                raw = m.group(1) if m.groups() else m.group()
                refs.append(_Ref(li, m.start(), m.end(), _norm_label(fam, raw), fam))
    refs.sort(key=lambda r: (r.line, r.start))
    return refs


def _assign_refs(bodies: list[_Body], refs: list[_Ref], body_lines: set[int],
                 skip: set[int]) -> list[tuple[_Ref | None, _Body]]:
    """Each body with the mark it belongs to (None: no mark): a numbered body takes the nearest
    open mark with its label; a run of symbol bodies (``*``, ``**``) takes the last open marks
    in order."""
    # group consecutive bodies
    groups: list[list[_Body]] = []
    for b in bodies:
        if groups and all(k in body_lines or k in skip for k in range(groups[-1][-1].line, b.line)):
            groups[-1].append(b)
        else:
            groups.append([b])
    assigned: list[tuple[_Ref | None, _Body]] = []
    ref_pos = 0
    open_refs: dict[str, dict[str, list[_Ref]]] = {}  # label -> family -> unmatched refs so far
    for g in groups:
        first = g[0].line
        while ref_pos < len(refs) and refs[ref_pos].line < first:
            r = refs[ref_pos]
            open_refs.setdefault(r.label, {}).setdefault(r.family, []).append(r)
            ref_pos += 1
        pending_symbols: dict[str, list[_Body]] = {}
        for b in g:
            if b.label.isdigit() or b.family == "br":
                cand = _open(open_refs, b.label)
                ref = cand.pop() if cand else None
                if ref:
                    ref.matched = True
                assigned.append((ref, b))
            else:
                pending_symbols.setdefault(b.label, []).append(b)
        for label, bs in pending_symbols.items():
            cand = _open(open_refs, label)
            chosen = cand[-len(bs):] if cand else []
            del cand[len(cand) - len(chosen):]
            for k, b in enumerate(bs):
                ref = chosen[k] if k < len(chosen) else None
                if ref:
                    ref.matched = True
                assigned.append((ref, b))
    return assigned


class _Assembler:
    """The body built block by block: contents lists (dot-leader lines), bulleted lists, figures,
    headings that open nested divisions, and paragraphs; page breaks met in a figure open the
    next block."""

    def __init__(self, reader: _Reader, pages: list[tuple[str, str | None]], line_mode: bool) -> None:
        self.reader, self.pages, self.line_mode = reader, pages, line_mode
        self.out = Outline()
        self.last_page = -1
        self.pending_toc: list[Block] = []
        self.pending_items: list[tuple[str, Block, Block]] = []  # (bullet, as item, as paragraph)
        self.carry_pb: list[Mark] = []
        self.prev_head = False

    def add(self, blk_lines: list[_Line], isolated: bool) -> None:
        """One block of lines; ``isolated``: blank lines around it."""
        text, marks, self.last_page = self.reader._join(blk_lines, self.pages, self.last_page)
        if not text and not marks:
            return
        if self.contents_lines(blk_lines, marks):
            return
        self.flush_toc()
        if self.bullet(text, marks, blk_lines[0].no):
            return
        fig = _FIGURE.match(text)
        if fig:
            self.figure(text, marks, fig.end(), blk_lines[0].no)
            return
        if self.carry_pb:  # page breaks met in a figure open the next block
            marks = [Mark(0, "pb", mk.n, cert=mk.cert) for mk in self.carry_pb] + marks
            self.carry_pb = []
        self.heading_or_paragraph(text, marks, blk_lines, isolated)

    def finish(self) -> list:
        self.flush_toc()
        self.flush_items()
        if self.carry_pb:
            self.out.container().append(Block("p", "", marks=[Mark(0, "pb", mk.n, cert=mk.cert) for mk in self.carry_pb]))
        return _fix_order(self.out.body)

    def contents_lines(self, blk_lines: list[_Line], marks: list[Mark]) -> bool:
        """A block of contents lines (two or more, or more after some) joins the contents list."""
        toc = [_toc(ln.text) for ln in blk_lines]
        if not (all(toc) and (len(blk_lines) >= 2 or self.pending_toc)):
            return False
        for ln, m in zip(blk_lines, toc):
            title = m.group("t") or m.group("t2")
            self.pending_toc.append(Block("item", title, attrs={"n": m.group("p") or m.group("p2")}, line=ln.no))
        self.pending_toc[-len(blk_lines)].marks.extend(mk for mk in marks if mk.kind == "pb")
        return True

    def flush_toc(self) -> None:
        if self.pending_toc:
            self.out.container().append(Block("list", attrs={"type": "contents"}, children=self.pending_toc))
            self.pending_toc = []

    def bullet(self, text: str, marks: list[Mark], line: int) -> bool:
        """A line opened by a bullet waits for the next: lines with the same bullet form a list."""
        bullet = _BULLET.match(text)
        if not bullet or (self.pending_items and self.pending_items[0][0] != bullet.group(1)):
            self.flush_items()  # a different bullet opens a new run
        if not bullet:
            return False
        cut = bullet.end()
        item_marks = [Mark(max(0, mk.offset - cut), mk.kind, mk.n, mk.text, mk.cert, mk.id, mk.place) for mk in marks]
        self.pending_items.append((bullet.group(1), Block("item", text[cut:], marks=item_marks, line=line),
                                   Block("p", text, marks=marks, line=line)))
        return True

    def flush_items(self) -> None:
        """Two or more lines with the same bullet are a list; a lone bullet line stays a paragraph."""
        if len(self.pending_items) >= 2:
            self.out.container().append(Block("list", attrs={"type": "bulleted", "rend": "bulleted"},
                                              children=[item for _, item, _ in self.pending_items]))
        else:
            self.out.container().extend(p for _, _, p in self.pending_items)
        self.pending_items.clear()

    def figure(self, text: str, marks: list[Mark], shift: int, line: int) -> None:
        """The transcriber's description of a picture (``[Illustration: …]``): figDesc, not a
        caption heading, unless a note hangs on it."""
        caption = text[shift:].rstrip().removesuffix("]").strip()
        fmarks = [Mark(max(0, min(len(caption), mk.offset - shift)), mk.kind, mk.n, mk.text, mk.cert, mk.id,
                       mk.place) for mk in marks]
        notes_in = [mk for mk in fmarks if mk.kind == "note"]
        self.out.container().append(Block("figure", "" if not notes_in else caption, marks=notes_in,
                                          attrs={"type": "illustration"}, line=line,
                                          extra={"desc": caption} if not notes_in else {}))
        self.carry_pb += [mk for mk in fmarks if mk.kind == "pb"]  # a page break before a figure stays in the flow

    def heading_or_paragraph(self, text: str, marks: list[Mark], blk_lines: list[_Line], isolated: bool) -> None:
        rank = None
        if len(text) <= 160 and not any(mk.kind == "note" for mk in marks):
            standalone = blk_lines[0].blank_before or self.prev_head
            rank = _head_rank(text, isolated, self.line_mode, standalone)
            if rank is None and standalone and not self.line_mode and self.reader._centred(blk_lines):
                rank = (4, "section")  # a short centred line standing alone in layout text
        self.prev_head = rank is not None
        if rank is not None:
            level, dtype = rank
            self.out.open(level, Division(dtype, head=Block("head", text, marks=marks, line=blk_lines[0].no)))
        else:
            self.out.container().append(Block("p", text, marks=marks, line=blk_lines[0].no))


def _fix_order(nodes: list) -> list:
    """Body content must be blocks then divisions: blocks after the first division at the top
    level (none in practice) move into the last division."""
    out: list = []
    for node in nodes:
        if isinstance(node, Block) and out and isinstance(out[-1], Division):
            target = out[-1]
            while target.children and isinstance(target.children[-1], Division):
                target = target.children[-1]
            target.children.append(node)
        else:
            out.append(node)
    return out


def _soft(ln: _Line) -> str:
    """The line's text, ending with a soft hyphen when the word goes on in the next line."""
    return ln.text + ("\u00ad" if ln.soft else "")


def _join_parts(parts: list[str]) -> str:
    text = ""
    for part in parts:
        part = part.strip()
        if not part:
            continue
        if text.endswith("\u00ad"):
            text = text[:-1] + part
        else:
            text = join_lines(text, part)[0]
    return text.replace("\u00ad", "")


def read_plain(text: str, source: str, options: ReaderOptions | Mapping[str, Any] | None) -> tuple[Document, Report]:
    """Convert plain text (PDF-extracted, OCR or typed) into a :class:`Document`."""
    return _Reader(text, source, options).run()
