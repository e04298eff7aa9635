"""Reader for PDF files (profile ``pdf``): the document structure from the page layout.

Every signal a plain-text reader has to guess is explicit in a PDF, and the rules below use
only those signals, never the wording of one book:

* Pages are the PDF's page objects. Running heads and feet are lines in the top or bottom zone
  of a page whose text (digits ignored) recurs on other pages; a line there that is only a number
  (arabic or roman) is the printed page number. Pages without one get a number counted from their
  neighbours, marked ``cert="medium"``.
* Footnotes are the run of lines set smaller than the body type at the foot of a page; a note
  opens with a raised (or ``*``, ``†``, ``‡``) label. Lines before the first label continue the
  last note of the previous page. Note calls are raised characters in smaller type in the running
  text (digits, ``*``, ``*)``, ``†``, ``‡``); a page's calls and notes are paired by label, then in
  order.
* Headings are short runs of lines in larger type (bold, or clearly larger); their level follows
  the size; a leading number (``4.``, ``2.1``, ``Глава 3``, ``§ 2``) becomes ``@n``.
* Paragraphs start at an indented first line, after extra vertical space, or after a short line
  ending a sentence; they run on across pages, columns and footnote blocks. Line-end hyphens are
  removed where the Russian lexicon confirms the joined word (:mod:`tei_edition.readers.hyphen`).
* Two-column pages are read column by column (a gutter no line crosses); a drop capital is joined
  to the word it begins.
* Lists are runs of lines opening with a bullet, or numbered on, whose further lines hang under
  the item's text. Figures are the page's raster pictures and caption lines; a line centred
  under a picture (or set small) is its caption.
"""

from __future__ import annotations

import bisect
import dataclasses
import hashlib
import re
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from ..diagnostics import EditionError, Report
from .common import BULLETS, apply_meta_overrides
from .hyphen import join_hyphenated
from ..model import Block, Division, Document, Mark, Metadata
from .options import ReaderOptions
from .pdf_layout import Line, Page, _mode, join_fragments, read_pages
from .pdf_tables import Table, find_tables

__all__ = ["read_pdf"]

_CALL = re.compile(r"^(?:\d{1,3}\)?|\*{1,4}\)?|[†‡§¶‖]{1,3}\)?|\(\d{1,3}\)|\(\*{1,3}\))$")
_LABEL_NUMBER = re.compile(r"^(\d{1,3})[.)]?\s")
_LABEL_PLAIN = re.compile(r"^(\*{1,4}\)?|[†‡]{1,3}|\(\*{1,3}\))\s*")
_ROMAN = re.compile(r"^(?=[ivxlcdm]+$)m{0,3}(cm|cd|d?c{0,3})(xc|xl|l?x{0,3})(ix|iv|v?i{0,3})$", re.I)
_PAGE_NO = re.compile(r"^[-–—\s]*(\d{1,4}|[ivxlcdmIVXLCDM]{1,7})[-–—\s]*$")
_EDGE_NUMBER = re.compile(r"^(\d{1,4})\s|\s(\d{1,4})$")
_SENT_END = re.compile(r"[.!?:…](?:[\"»”)]*)$")
_HEAD_NUMBER = re.compile(r"^(?:(?:Глава|ГЛАВА|Chapter|CHAPTER|Часть|ЧАСТЬ|Part|PART|Раздел|РАЗДЕЛ)\s+"
                          r"([\dIVXLC]+)|§\s*(\d+)|(\d{1,2}(?:\.\d{1,2})*)\.?(?=\s))")
_NAME_LINE = re.compile(r"^(?:[А-ЯЁA-Z]\.\s?){1,2}[А-ЯЁA-Z][а-яёa-z-]+(?:,.*)?$|^[А-ЯЁA-Z][а-яёa-z-]+\s(?:[А-ЯЁA-Z]\.\s?){1,2}$")


# ---------------------------------------------------------------------------- layout pieces

@dataclass
class _Piece:
    """A body line ready for assembly: text with the call positions cut out."""

    page: int
    text: str
    calls: list[tuple[int, str]]  # (offset in text, label)
    x0: float
    x1: float
    y: float
    size: float
    bold: bool
    italic: bool
    left: float = 0.0  # the column's left margin and right edge on this page
    right: float = 0.0
    spacing: float = 0.0  # the usual baseline distance on this page
    gap: float = 0.0  # distance from the previous line's baseline in the same column (0 at a column top)
    col_start: bool = False
    starts: bool = False  # opens a paragraph whatever its indent (a drop capital)
    justified: bool = False  # the column's lines reach its right edge
    item_x: float = 0.0  # where the text after a list marker begins (0 when the line has none)
    image: bool = False  # not a line: a picture drawn here (x0/x1 its sides, y its lower edge)
    image_top: float = 0.0  # the picture's upper edge
    table: Table | None = None  # not a line: a table set here (x0/x1 its sides, y its lower edge)


@dataclass
class _Note:
    label: str
    page: int
    parts: list[str] = field(default_factory=list)
    placed: bool = False
    breaks: set[int] = field(default_factory=set)  # indices of the parts that open a further paragraph
    ended: bool = False  # its last line so far ends a paragraph (short, after a sentence, justified block)


def _line_text(line: Line, cut_calls: bool) -> tuple[str, list[tuple[int, str]]]:
    """The line's text with word spaces; raised runs that look like note calls cut out."""
    out: list[str] = []
    calls: list[tuple[int, str]] = []
    chars = line.chars
    i = 0
    prev = None
    n = len(chars)
    while i < n:
        c = chars[i]
        if line.raised[i]:
            j = i
            while j < n and line.raised[j] and (j == i or chars[j].x0 - chars[j - 1].x1 < 0.4 * chars[j].size):
                j += 1
            run = "".join(ch.text for ch in chars[i:j])
            if cut_calls and _CALL.match(run):
                text = "".join(out).rstrip() if (c.space or (prev and c.x0 - prev.x1 > 0.25 * c.size)) else "".join(out)
                out = [text]
                calls.append((len(text), run))
                # the character after the call decides its own spacing from the call
                if j < n:
                    nxt = chars[j]
                    if nxt.x0 - chars[j - 1].x1 > 0.3 * nxt.size and text:
                        out.append(" ")
                prev = None
                i = j
                continue
        if prev is not None and ((c.space and c.x0 - prev.x1 > -0.5) or c.x0 - prev.x1 > 0.4 * min(c.size, prev.size)):
            out.append(" ")
        out.append(c.text)
        prev = c
        i += 1
    text = "".join(out)
    stripped = text.lstrip()
    lead = len(text) - len(stripped)
    return stripped.rstrip(), [(max(0, off - lead), lab) for off, lab in calls]


def _body_size(pages: list[Page]) -> float:
    """The size of the running text: the largest size that sets a good share (15 %) of the
    characters. Footnotes are smaller and may outweigh the text three to one in a note-heavy
    work; headings are larger but few."""
    counts: Counter = Counter()
    for p in pages:
        for ln in p.lines:
            counts[ln.size] += len(ln.chars)
    if not counts:
        return 10.0
    total = sum(counts.values())
    major = [size for size, n in counts.items() if n >= 0.15 * total]
    return max(major) if major else counts.most_common(1)[0][0]


def _furniture_key(text: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"\d+", "", text.lower())).strip()


def _strip_furniture(pages: list[Page]) -> tuple[list[list[Line]], list[str | None], list[list[str]]]:
    """Remove running heads, feet and page numbers; return the remaining lines, the printed
    page number of each page (or None) and the removed heads and feet of each page (the lines of
    one zone joined, folios left out)."""
    zone_keys: Counter = Counter()
    cands: list[tuple[list[Line], list[Line]]] = []
    for p in pages:
        lines = p.lines
        top = [ln for ln in lines[:4] if ln.y <= p.height * 0.22]
        bottom = [ln for ln in lines[-4:] if ln.y >= p.height * 0.75]
        cands.append((top, bottom))
        for zone, group in (("t", top), ("b", bottom)):
            for key in {_furniture_key(ln.text) for ln in group}:
                if key:
                    zone_keys[(zone, key)] += 1
    need = max(2, round(0.25 * len(pages)))
    kept: list[list[Line]] = []
    printed: list[str | None] = []
    removed: list[list[str]] = []
    for p, (top, bottom) in zip(pages, cands):
        drop: set[int] = set()
        number = None
        edge_number = None  # a number at either end of a running head ("54  Глава 29")

        def recurs(zone: str, ln: Line) -> bool:
            return len(pages) >= 2 and zone_keys[(zone, _furniture_key(ln.text))] >= need

        def furniture(zone: str, ln: Line, inner: Line | None) -> bool:
            nonlocal number, edge_number
            kind, value = _furniture_kind(ln, inner, lambda x: recurs(zone, x))
            if kind == "folio" and number is None:
                number = value
            elif kind == "head" and value and edge_number is None:
                edge_number = value
            return kind is not None

        top_ids = {id(x) for x in top}
        for k, ln in enumerate(p.lines):  # from the top down, while lines are furniture
            if id(ln) not in top_ids or not furniture("t", ln, _next_level(p.lines, k, 1)):
                break
            drop.add(id(ln))
        bottom_ids = {id(x) for x in bottom}
        for k in range(len(p.lines) - 1, -1, -1):
            ln = p.lines[k]
            if id(ln) in drop:
                continue
            if id(ln) not in bottom_ids or not furniture("b", ln, _next_level(p.lines, k, -1)):
                break
            drop.add(id(ln))
        kept.append([ln for ln in p.lines if id(ln) not in drop])
        # a number standing alone wins; one at the end of a head is checked against its
        # neighbours by _number_pages (a year in a journal's foot is not a folio)
        printed.append(number or edge_number)
        removed.append(_forme_work([ln for ln in top if id(ln) in drop], [ln for ln in bottom if id(ln) in drop],
                                   number or edge_number))
    return kept, printed, removed


def _furniture_kind(ln: Line, inner: Line | None, recurs) -> tuple[str | None, str | None]:
    """("folio", number) for a line that is only a page number, ("head", number at its end or
    None) for a running head or foot (its text recurs in that zone), (None, None) otherwise. A
    line set close to the text next to it (``inner``), in its type, is a line of that text even
    when its words recur there on other pages (the end of a hyphenated word)."""
    m = _PAGE_NO.match(ln.text)
    if m and (m.group(1).isdigit() or _ROMAN.match(m.group(1))):
        return "folio", m.group(1)
    if inner is not None and not recurs(inner) and abs(inner.size - ln.size) < 0.3 \
            and abs(inner.y - ln.y) < 1.5 * ln.size and inner.x0 < ln.x1 and ln.x0 < inner.x1:
        return None, None
    if recurs(ln):
        e = _EDGE_NUMBER.search(ln.text)
        return "head", (e.group(1) or e.group(2)) if e else None
    return None, None


def _next_level(lines: list[Line], k: int, step: int) -> Line | None:
    """The first line after (``step`` 1) or before (-1) ``lines[k]`` on another baseline."""
    y = lines[k].y
    k += step
    while 0 <= k < len(lines):
        if abs(lines[k].y - y) > 0.5:
            return lines[k]
        k += step
    return None


def _forme_work(top: list[Line], bottom: list[Line], folio: str | None) -> list[str]:
    """The texts of a page's removed heads and feet: the lines of each zone joined, lines that
    are only a page number and the page's folio at a line's end left out."""
    out = []
    edge = re.compile(rf"^{re.escape(folio)}\s|\s{re.escape(folio)}$") if folio else None
    for zone in (top, bottom):
        texts = [_line_text(ln, cut_calls=False)[0] for ln in zone if not _PAGE_NO.match(ln.text)]
        texts = [edge.sub(" ", t).strip() if edge else t for t in texts]
        text = " ".join(t for t in texts if t)
        if text:
            out.append(text)
    return out


def _forme_work_statement(removed: list[list[str]], limit: int = 12) -> str:
    """The editorialDecl sentence naming the running heads and feet removed from the text, most
    frequent first (at most ``limit``), so that an editor can see exactly what was taken out."""
    counts: Counter = Counter(text for page in removed for text in page)
    if not counts:
        return ""
    order = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
    named = "; ".join(f"«{text}» ({n} p.)" for text, n in order[:limit])
    more = f"; and {len(order) - limit} more" if len(order) > limit else ""
    return f"Running heads and feet removed from the text (forme work, not the author's words): {named}{more}."


def _number_pages(printed: list[str | None]) -> list[tuple[str | None, str | None]]:
    """(n, cert) per page: printed numbers; the others counted from the nearest printed arabic
    number (``cert="medium"``), or the page's position when nothing is printed (``"low"``).
    Numbers never go down: a page that cannot be numbered in order keeps its break without @n."""
    anchors = [(i, int(n)) for i, n in enumerate(printed) if n and n.isdigit()]
    # a printed number counts when another one agrees with it (a stray number is not a folio)
    offsets = Counter(n - i for i, n in anchors)
    need = min(2, len(anchors))
    good = [(i, n) for i, n in anchors if offsets[n - i] >= need]
    good_set = set(good)
    positions = [i for i, _ in good]
    out: list[tuple[str | None, str | None]] = []
    for i, n in enumerate(printed):
        if n and (not n.isdigit() or (i, int(n)) in good_set):
            out.append((n, None))
        elif good:
            k = bisect.bisect_left(positions, i)
            near = min((g for g in (k - 1, k) if 0 <= g < len(good)), key=lambda g: abs(positions[g] - i))
            value = good[near][1] + (i - positions[near])
            out.append((str(value), "medium") if value > 0 else (None, None))
        else:
            out.append((str(i + 1), "low"))
    last = 0
    for k, (n, cert) in enumerate(out):
        if n is not None and n.isdigit():
            if int(n) <= last:
                out[k] = (None, None)
            else:
                last = int(n)
    return out


# ---------------------------------------------------------------------------- notes

def _split_notes(pages: list[Page], groups_by_page: list[list[list[Line]]],
                 body_size: float) -> tuple[list[list[list[Line]]], list[_Note]]:
    """Cut the footnote block off the foot of each column; return the body lines (page ->
    column -> lines) and the notes in reading order."""
    notes: list[_Note] = []
    body: list[list[list[Line]]] = []
    for p, groups in zip(pages, groups_by_page):
        page_body: list[list[Line]] = []
        calls = {lab for lines in groups for ln in lines if any(ln.raised)
                 for _, lab in _line_text(ln, cut_calls=True)[1]}
        for lines in groups:
            k = _note_block_start(lines, body_size, notes, p.index, calls)
            region = lines[k:]
            labels = [_note_label(ln, calls) for ln in region]
            current = notes[-1] if notes and notes[-1].page >= p.index - 1 else None
            starts, ended = _note_paragraph_starts(region, labels, _left_margin(lines[:k], body_size),
                                                   current is not None and current.ended)
            for ln, lab, new_para in zip(region, labels, starts):
                text, _ = _line_text(ln, cut_calls=False)
                if lab:
                    current = _Note(lab[0], p.index)
                    notes.append(current)
                    text = text[lab[1]:].lstrip()
                if current is not None:
                    if new_para and current.parts:
                        current.breaks.add(len(current.parts))
                    current.parts.append(text)
            if current is not None and region:
                current.ended = ended
            page_body.append(lines[:k])
        body.append(page_body)
    return body, notes


def _note_block_start(lines: list[Line], body_size: float, notes: list[_Note], page: int, calls: set[str]) -> int:
    """Index of the first line of the footnote block at the foot of ``lines`` (``len`` if none)."""
    k = len(lines)
    while k > 0 and lines[k - 1].size <= 0.9 * body_size:
        k -= 1
    if k == len(lines):
        return k
    if k > 0 and lines[k].y - lines[k - 1].y < 1.05 * lines[k - 1].size:
        return len(lines)  # no space between: small type inside the text, not a note block
    labels = [_note_label(ln, calls) for ln in lines[k:]]
    if labels[0]:
        return k
    first = next((i for i, lab in enumerate(labels) if lab), None)
    if notes and notes[-1].page >= page - 1:
        return k  # opens with the continuation of the last note
    if first is None:
        return len(lines)
    return k + first


def _note_paragraph_starts(region: list[Line], labels: list, body_left: float | None,
                           after_end: bool) -> tuple[list[bool], bool]:
    """For each line of a footnote block, whether it opens a further paragraph of its note (a
    line opening a note does not count): set in from the notes' margin, after extra space, or
    after a short line ending a sentence in a justified block. At the top of the block (a note
    continued from the previous page or column) only an indent does, or a capital after a line
    that ended a paragraph there (``after_end``). Also returns whether the block's last line
    ends a paragraph that way."""
    out = [False] * len(region)
    rest = [ln for ln, lab in zip(region, labels) if not lab]
    if not region:
        return out, False
    right = _mode([round(ln.x1) for ln in region])
    justified = len(region) > 2 and sum(1 for ln in region if ln.x1 >= right - 0.3 * ln.size) >= 0.5 * len(region)

    def ends_paragraph(ln: Line) -> bool:
        return justified and ln.x1 < right - 0.3 * ln.size and bool(_SENT_END.search(ln.text))

    if rest:
        own = min(ln.x0 for ln in rest)
        # the text column's margin, unless the notes are set as a block indented from it
        left = min(own, body_left) if body_left is not None and own - body_left < 3 * rest[0].size else own
        gaps = Counter(round(b.y - a.y, 1) for a, b in zip(region, region[1:]) if abs(a.size - b.size) < 0.5)
        spacing = gaps.most_common(1)[0][0] if gaps else 0.0
        for i, (ln, lab) in enumerate(zip(region, labels)):
            if lab:
                continue
            capital = ln.text[:1].isupper()
            if 0.8 * ln.size < ln.x0 - left < 0.4 * (right - left):
                out[i] = True
            elif i == 0:
                out[i] = after_end and capital
            else:
                prev = region[i - 1]
                out[i] = (spacing > 0 and ln.y - prev.y > 1.45 * max(spacing, ln.size)) or (
                    ends_paragraph(prev) and capital)
    return out, ends_paragraph(region[-1])


def _left_margin(lines: list[Line], body_size: float) -> float | None:
    """Where the column's lines of text type begin: the leftmost x that a good share of them
    (at least two) start at; None without such lines."""
    xs = Counter(round(ln.x0) for ln in lines if ln.size >= 0.9 * body_size)
    if not xs:
        return None
    return min((x for x, c in xs.items() if c >= max(2, 0.2 * max(xs.values()))), default=None)


def _note_label(ln: Line, calls: set[str]) -> tuple[str, int] | None:
    """(label, characters to skip) when the line opens a note: a raised mark, a ``*``/``†``/``‡``,
    or a plain number (``12 Text``, ``12. Text``) that is the label of a call on the page."""
    if ln.raised and ln.raised[0]:
        j = 0
        while j < len(ln.chars) and ln.raised[j]:
            j += 1
        label = "".join(c.text for c in ln.chars[:j])
        if _CALL.match(label):
            return label, len(label)
    text = ln.text
    m = _LABEL_PLAIN.match(text)
    if m:
        return m.group(1), len(m.group(1))
    m = _LABEL_NUMBER.match(_line_text(ln, cut_calls=False)[0])
    if m and m.group(1) in calls:
        return m.group(1), m.end()
    return None


def _join_parts(parts: list[str], vocab: frozenset[str] = frozenset(),
                breaks: set[int] = frozenset()) -> tuple[str, tuple[int, ...]]:
    """A note's lines joined into its text (line-end hyphens as in the running text), and the
    offsets where the paragraphs after the first begin (``breaks``: the parts opening one)."""
    text = ""
    paras: list[int] = []
    pending = False
    for k, part in enumerate(parts):
        pending = pending or k in breaks
        if not part:
            continue
        if not text:
            text = part
        elif pending:
            text += " " + part
            paras.append(len(text) - len(part))
        elif text.endswith("-") and len(text) > 1 and text[-2].isalpha() and part[:1].isalpha():
            text = _hjoin(text, part, vocab)
        else:
            text += " " + part
        pending = False
    return text, tuple(paras)


_WORD_TAIL = re.compile(r"([^\W\d_]+)$")
_WORD_HEAD = re.compile(r"^([^\W\d_]+)")
_WORD = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*")
_BROKEN_TAIL = re.compile(r"[^\W\d_-]+-$")


def _vocabulary(texts: list[str]) -> frozenset[str]:
    """The words the document prints whole on a line (lower case, hyphenated compounds as one),
    the line's last word left out: it may be the first half of a word broken at the line end."""
    vocab: set[str] = set()
    for text in texts:
        vocab.update(w.lower() for w in _WORD.findall(_BROKEN_TAIL.sub("", text)))
    return frozenset(vocab)


def _hjoin(text: str, part: str, vocab: frozenset[str] = frozenset()) -> str:
    """``text`` ending in a line-end hyphen joined to the next line ``part``. The lexicon decides;
    where it keeps the hyphen, the document's own words overrule it when they print the joined
    word whole elsewhere and never the hyphenated form (an acronym such as «ВО-ИС»)."""
    head, tail = text[:-60], text[-60:]
    joined, removed = join_hyphenated(tail, part)
    if not removed and vocab:
        left, right = _WORD_TAIL.search(tail[:-1]), _WORD_HEAD.search(part)
        if left and right and (left.group(1) + right.group(1)).lower() in vocab \
                and f"{left.group(1)}-{right.group(1)}".lower() not in vocab:
            joined = tail[:-1] + part
    return head + joined


# ---------------------------------------------------------------------------- columns and lines

def _drop_caps(lines: list[Line], body_size: float) -> tuple[list[Line], set[int], set[int]]:
    """Join a drop capital (one or two letters in very large type) to the line it begins.

    Returns the lines, the ids of lines set beside the capital (not indented, whatever their x)
    and the ids of lines a capital begins (a paragraph start)."""
    out = list(lines)
    beside_ids: set[int] = set()
    start_ids: set[int] = set()
    for cap in [ln for ln in lines if ln.size >= 2 * body_size and len(ln.text) <= 2 and ln.text.isalpha()]:
        beside = [ln for ln in out if ln is not cap and ln.x0 >= cap.x1 - 1 and cap.top - 2 <= ln.y <= cap.y + 0.8 * body_size]
        if not beside:
            continue
        first = min(beside, key=lambda ln: ln.y)
        cap_chars = [dataclasses.replace(c, x1=first.x0 - 0.01, y=first.y, size=first.size) for c in cap.chars]
        merged = Line(cap_chars + first.chars, first.y, first.size, [False] * len(cap.chars) + first.raised)
        first.chars[0].space = False
        out[out.index(first)] = merged
        out.remove(cap)
        start_ids.add(id(merged))
        beside_ids.update(id(ln) for ln in beside if ln is not first)
    return out, beside_ids, start_ids


def _drop_recurring_pictures(pages: list[Page]) -> None:
    """A picture drawn at the same place on many pages (a publisher's logo in the head, a
    frame's ornament) is forme work, not a figure: like running heads, it leaves the pages."""
    def key(box: tuple[float, float, float, float], page: Page) -> tuple[int, ...] | None:
        """Where a picture in the head or foot zone stands (None for one in the text area)."""
        edge = box[3] <= 0.22 * page.height or box[1] >= 0.75 * page.height
        return tuple(round(v / 3) for v in box) if edge else None

    counts = Counter(k for p in pages for k in {key(b, p) for b in p.images + p.drawings} if k)
    need = max(3, round(0.4 * len(pages)))
    if not any(n >= need for n in counts.values()):
        return
    for p in pages:
        p.images = [b for b in p.images if counts[key(b, p)] < need]
        p.drawings = [b for b in p.drawings if counts[key(b, p)] < need]


def _drawn_pictures(page: Page) -> list[tuple[float, float, float, float]]:
    """The page's vector drawings that are pictures: apart from its raster pictures and tables,
    and with no text inside but a few short labels (a ruled table, a framed or shaded paragraph
    holds text)."""
    out: list[tuple[float, float, float, float]] = []
    if not page.drawings:
        return out
    size = Counter(ln.size for ln in page.lines).most_common(1)[0][0] if page.lines else 0.0
    for box in page.drawings:
        def inside(b: tuple[float, float, float, float]) -> bool:
            return box[0] - 1 <= b[0] and b[2] <= box[2] + 1 and box[1] - 1 <= b[1] and b[3] <= box[3] + 1

        def overlaps(b: tuple[float, float, float, float]) -> bool:
            return b[0] < box[2] and box[0] < b[2] and b[1] < box[3] and box[1] < b[3]

        if any(overlaps(b) for b in page.images) or any(overlaps(t.box) for t in page.tables):
            continue
        text = [ln for ln in page.lines if inside((ln.x0, ln.top, ln.x1, ln.y))]
        if len(text) <= 3 and all(len(ln.chars) <= 20 and ln.size <= 1.2 * size for ln in text):
            out.append(box)  # (a capital set large inside a drawing is a drop capital's ornament)
    return out


def _find_gutter(lines: list[Line], width: float,
                 images: list[tuple[float, float, float, float]] = ()) -> float | None:
    """The x of a column gutter: a vertical strip in the middle third that almost no line
    crosses, with a good share of the lines on each side; None for a one-column page. A picture
    counts as the lines its height would hold (a column may hold a picture and its caption only)."""
    if len(lines) < 8:
        return None
    weights = [1] * len(lines) + [max(1, round((b[3] - b[1]) / 14)) for b in images]
    boxes = [(ln.x0, ln.x1) for ln in lines] + [(b[0], b[2]) for b in images]
    starts = sorted(x0 for (x0, _), w in zip(boxes, weights) for _ in range(w))
    ends = sorted(x1 for (_, x1), w in zip(boxes, weights) for _ in range(w))
    best = None
    for x in range(int(width * 0.33), int(width * 0.67), 2):
        # lines with x0 < x < x1: started before x, not yet ended at x
        crossing = bisect.bisect_left(starts, x) - bisect.bisect_right(ends, x)
        if best is None or crossing < best[0]:
            best = (crossing, x)
    crossing, gutter = best
    left = sum(w for (_, x1), w in zip(boxes, weights) if x1 <= gutter)
    right = sum(w for (x0, _), w in zip(boxes, weights) if x0 >= gutter)
    if crossing > 0.1 * len(starts) or min(left, right) < 3 or left + right < 0.5 * len(starts):
        return None
    return float(gutter)


def _columns(lines: list[Line], gutter: float | None) -> list[list[Line]]:
    """The page's lines in reading order, grouped: full-width lines above the columns, the left
    column, the right column, full-width lines below (one group for a one-column page)."""
    if gutter is None:
        return [lines] if lines else []
    left = [ln for ln in lines if ln.x1 <= gutter]
    right = [ln for ln in lines if ln.x0 >= gutter]
    if not left or not right:
        return [lines] if lines else []
    cols_top = min(ln.y for ln in left + right)
    cols_bottom = max(ln.y for ln in left + right)
    span = [ln for ln in lines if ln.x0 < gutter < ln.x1]
    above = [ln for ln in span if ln.y < cols_top]
    below = [ln for ln in span if ln.y > cols_bottom]
    inside = [ln for ln in span if cols_top <= ln.y <= cols_bottom]
    groups = [above, left + inside, right, below]
    return [sorted(g, key=lambda ln: ln.y) for g in groups if g]


def _pieces(page: Page, groups: list[list[Line]], body_size: float) -> list[_Piece]:
    """The page's body lines as pieces, group by group, each picture in the group (column) below
    which it is drawn, at its place in reading order."""
    floats: list[list[tuple[tuple[float, float, float, float], Table | None]]] = [[] for _ in groups]
    placed = [(box, None) for box in page.images] + [(t.box, t) for t in page.tables]
    for box, table in placed:
        centre = (box[0] + box[2]) / 2
        cands = [k for k, g in enumerate(groups) if min(ln.x0 for ln in g) <= centre <= max(ln.x1 for ln in g)]
        if not cands and groups:  # wider than the few lines left on the page: the nearest group
            cands = [min(range(len(groups)), key=lambda k: max(min(ln.x0 for ln in groups[k]) - centre,
                                                               centre - max(ln.x1 for ln in groups[k])))]
        if cands:
            k = min(cands, key=lambda k: min(abs(ln.y - box[3]) for ln in groups[k]))
            floats[k].append((box, table))
    if not groups:  # a page of pictures and tables only
        groups, floats = [[]], [placed]
    out: list[_Piece] = []
    for group, here in zip(groups, floats):
        out.extend(_group_pieces(page, group, body_size, here))
    return out


def _float_piece(page: Page, box: tuple[float, float, float, float], table: Table | None, body_size: float,
                 left: float, right: float, spacing: float, col_start: bool) -> _Piece:
    """The piece standing for a picture or a table drawn in a column."""
    return _Piece(page.index, "", [], box[0], box[2], box[3], body_size, False, False, left, right, spacing, 0.0,
                  col_start, image=table is None, image_top=box[1], table=table)


def _group_pieces(page: Page, lines: list[Line], body_size: float,
                  floats: list[tuple[tuple[float, float, float, float], Table | None]] = ()) -> list[_Piece]:
    """Pieces of one group of lines (a column), with the pictures and tables set in it (each
    before the first line below its lower edge). Over 60 lines: the column's margins, spacing
    and justification are measured here once for all its lines."""
    out: list[_Piece] = []
    pending = sorted(floats, key=lambda f: f[0][3])
    if not lines:  # a page of pictures and tables only
        return [_float_piece(page, b, t, body_size, b[0], b[2], 0.0, k == 0) for k, (b, t) in enumerate(pending)]
    lines, beside, starts = _drop_caps(lines, body_size)
    col = sorted(lines, key=lambda ln: ln.y)
    left = _left_margin(col, body_size)
    if left is None:
        left = min(ln.x0 for ln in col)
    # the right margin is where most lines end (hyphens and punctuation may stand out)
    ends = Counter(round(ln.x1) for ln in col)
    right = max(ends.items(), key=lambda kv: (kv[1], kv[0]))[0]
    if ends[right] < 2:
        right = max(ln.x1 for ln in col)
    justified = sum(1 for ln in col if ln.x1 >= right - 1.5) >= 0.5 * len(col)
    gaps = [round(b.y - a.y, 1) for a, b in zip(col, col[1:]) if abs(a.size - b.size) < 0.5 and b.y > a.y]
    spacing = Counter(gaps).most_common(1)[0][0] if gaps else 1.2 * body_size
    prev = None
    for ln in col:
        while pending and pending[0][0][3] <= ln.y:
            b, t = pending.pop(0)
            out.append(_float_piece(page, b, t, body_size, left, right, spacing, prev is None))
        text, calls = _line_text(ln, cut_calls=True)
        if not text:
            continue
        x0 = ln.x0 if id(ln) not in beside else left
        out.append(_Piece(page.index, text, calls, x0, ln.x1, ln.y, ln.size, ln.bold, ln.italic,
                          left, right, spacing, (ln.y - prev.y) if prev else 0.0, prev is None,
                          id(ln) in starts, justified, _item_text_x(ln, text)))
        prev = ln
    out.extend(_float_piece(page, b, t, body_size, left, right, spacing, False) for b, t in pending)
    return out


def _item_text_x(line: Line, text: str) -> float:
    """The x where the text after a list marker (``•``, ``1.``) begins; 0 without a marker."""
    m = _ITEM.match(text)
    if not m:
        return 0.0
    k = len(m.group(0).replace(" ", ""))  # the marker's characters (spaces are not characters)
    return line.chars[k].x0 if k < len(line.chars) else 0.0


# ---------------------------------------------------------------------------- paragraphs

@dataclass
class _Para:
    kind: str  # "p", "head", "figure" or "item"
    pieces: list[_Piece]
    soft: bool = False  # opened only by a list marker: back into the paragraph if no list forms


_LEADERS = re.compile(r"(?:[.…·]\s?){4,}\s*(?:\d+|[ivxlcdm]+)$", re.I)


def _is_head_line(pc: _Piece, body_size: float) -> bool:
    if _LEADERS.search(pc.text):
        return False  # a contents entry (dot leaders to a page number), not the heading itself
    if pc.size >= 1.05 * body_size and (pc.bold or pc.size >= 1.2 * body_size):
        return len(pc.text) <= 200
    return False


_CAPTION = re.compile(r"^(?:Рис\.|Рисунок|Рис\s|Илл\.|Иллюстрация|Фото|Схема|Карта|Fig\.|Figure|Plate|Map)\s*"
                      r"(?:\d+|[IVXLC]+)?[.:)–—-]?\s", re.I)


def _segment(pieces: list[_Piece], body_size: float) -> list[_Para]:
    """Lines -> paragraphs, headings, list items and figures, in reading order: each line is
    placed by :func:`_place`, then headings set like text and list runs are confirmed."""
    paras: list[_Para] = []
    for pc in pieces:
        _place(paras, pc, body_size)
    for para in paras:
        if para.kind == "p" and _text_type_heading(para.pieces, body_size):
            para.kind = "head"
    _confirm_lists(paras)
    return paras


def _place(paras: list[_Para], pc: _Piece, body_size: float) -> None:
    """Put one line into the block it continues, or open a new block for it."""
    cur = paras[-1] if paras else None
    if pc.image:
        _place_image(paras, cur, pc, body_size)
        return
    if pc.table is not None:
        if cur is not None and cur.kind == "table" and pc.col_start and cur.pieces[-1].table is not None \
                and len(cur.pieces[-1].table.rows[0]) == len(pc.table.rows[0]):
            cur.pieces.append(pc)  # a table that ended its column goes on at the top of the next
        else:
            paras.append(_Para("table", [pc]))
        return
    head = _is_head_line(pc, body_size)
    if cur is not None and cur.kind == "figure" and cur.pieces[-1].image and not head \
            and _captions_image(cur.pieces[-1], pc, body_size):
        cur.pieces.append(pc)
    elif cur is None:
        paras.append(_Para("figure" if _CAPTION.match(pc.text) else "head" if head else "p", [pc]))
    elif _CAPTION.match(pc.text) and not head:
        paras.append(_Para("figure", [pc]))
    elif cur.kind == "figure" and not head and _continues_caption(cur.pieces, pc, body_size):
        cur.pieces.append(pc)
    elif head:
        _place_head(paras, cur, pc)
    elif cur.kind in _FLOATS:
        _place_after_float(paras, pc)
    else:
        _place_text(paras, cur, pc)


_FLOATS = ("figure", "table")  # blocks that may stand inside a paragraph that runs on after them


def _place_image(paras: list[_Para], cur: _Para | None, pc: _Piece, body_size: float) -> None:
    if cur is not None and cur.kind == "figure" and not any(x.image for x in cur.pieces) \
            and cur.pieces[-1].page == pc.page and 0 < pc.image_top - cur.pieces[-1].y < 3 * body_size:
        cur.pieces.append(pc)  # the caption stands above its picture
    else:
        paras.append(_Para("figure", [pc]))


def _place_head(paras: list[_Para], cur: _Para, pc: _Piece) -> None:
    """A heading line: the next line of the heading above (same size, weight, page and script,
    at most four lines, evenly spaced), or a new heading."""
    last = cur.pieces[-1]
    same = (cur.kind == "head" and abs(last.size - pc.size) < 0.5 and last.bold == pc.bold
            and last.page == pc.page and len(cur.pieces) < 4
            and (len(cur.pieces) < 2 or pc.gap <= 1.3 * cur.pieces[-1].gap)
            and _script(last.text) == _script(pc.text))
    if same:
        cur.pieces.append(pc)
    else:
        paras.append(_Para("head", [pc]))


def _place_after_float(paras: list[_Para], pc: _Piece) -> None:
    """A figure or table floats: the text after it may continue the paragraph it interrupted
    (after a table, only a sentence it broke off: tables mostly stand between paragraphs)."""
    k = len(paras) - 1
    while k >= 0 and paras[k].kind in _FLOATS:
        k -= 1
    broken = paras[-1].kind != "table" or not _SENT_END.search(paras[k].pieces[-1].text) if k >= 0 else False
    if k >= 0 and paras[k].kind == "p" and broken and not _starts_paragraph(paras[k].pieces[-1], pc, after_float=True):
        paras[k].pieces.append(pc)
    else:
        paras.append(_Para("p", [pc]))


def _place_text(paras: list[_Para], cur: _Para, pc: _Piece) -> None:
    """A line of text: a new list item, the next line of an item or paragraph, or a new paragraph."""
    last = cur.pieces[-1]
    opens = _opens_item(cur, last, pc)
    if opens:
        paras.append(_Para("item", [pc], soft=opens == "soft"))
    elif cur.kind == "item" and _continues_item(cur, pc):
        cur.pieces.append(pc)
    elif cur.kind == "item" and len(cur.pieces) == 1 and not _starts_paragraph(last, pc):
        cur.kind = "p"  # a line back at the margin: a numbered paragraph, not a list item
        cur.pieces.append(pc)
    elif cur.kind in ("head", "item") or _starts_paragraph(last, pc):
        paras.append(_Para("p", [pc]))
    else:
        cur.pieces.append(pc)


# a bullet or a number opens an item; dashes are not bullets here: a dialogue line opens with one too
_ITEM = re.compile(rf"^(?:([{BULLETS}])|(\d{{1,2}})[.)])\s+(?=\S)")


def _opens_item(cur: _Para, last: _Piece, pc: _Piece) -> str:
    """Whether a line opens a list item (confirmed or undone by :func:`_confirm_lists`): a bullet
    does; a number does after a paragraph's end or another item, and ``1`` does "soft"ly (inside
    a paragraph it may be text that a line break put first). A whole line in bold with a number
    is a heading in text type, not an item. Returns "", "yes" or "soft"."""
    m = _ITEM.match(pc.text)
    if not m:
        return ""
    if m.group(1):
        return "yes"
    if pc.bold:
        return ""
    if cur.kind == "item" or pc.col_start or _starts_paragraph(last, pc) or last.x1 < last.right - 3.0 * pc.size:
        return "yes"
    return "soft" if m.group(2) == "1" and cur.kind == "p" else ""


def _continues_item(item: _Para, pc: _Piece) -> bool:
    """A line of the item's text: hung under the text after the marker, after a line that runs
    to the margin (a short line ends the item), and not set apart by extra space."""
    first, last = item.pieces[0], item.pieces[-1]
    hang = (pc.x0 - pc.left) - (first.item_x - first.left)
    full = last.x1 >= last.right - (0.3 if last.justified else 3.0) * last.size
    return abs(hang) < 0.12 * pc.size and full and (pc.col_start or pc.gap <= 1.45 * max(pc.spacing, pc.size))


def _item_marker(text: str) -> tuple[str, str] | None:
    """("bullet", glyph) or ("number", digits) for a line opening a list item."""
    m = _ITEM.match(text)
    if not m:
        return None
    return ("bullet", m.group(1)) if m.group(1) else ("number", m.group(2))


def _confirm_lists(paras: list[_Para]) -> None:
    """Keep items that form a list: two or more in a row with the same bullet, or numbered on
    from one to the next. Any other tentative item is a paragraph (its marker stays text)."""
    i = 0
    while i < len(paras):
        if paras[i].kind != "item":
            i += 1
            continue
        run = [paras[i]]
        first = _item_marker(paras[i].pieces[0].text)
        prev = first
        j = i + 1
        while j < len(paras) and paras[j].kind == "item":
            marker = _item_marker(paras[j].pieces[0].text)
            if marker is None or marker[0] != first[0] or (
                    marker[0] == "bullet" and marker[1] != first[1]) or (
                    marker[0] == "number" and int(marker[1]) != int(prev[1]) + 1):
                break
            run.append(paras[j])
            prev = marker
            j += 1
        if len(run) < 2:
            paras[i].kind = "p"
            i += 1
            continue
        i = j
    k = 1
    while k < len(paras):  # a soft item that formed no list is the line of a paragraph again
        para, prev_para = paras[k], paras[k - 1]
        if para.soft and para.kind == "p" and prev_para.kind == "p":
            prev_para.pieces.extend(para.pieces)
            del paras[k]
        else:
            k += 1


def _text_type_heading(pieces: list[_Piece], body_size: float) -> bool:
    """A heading set in the text size: one or two whole lines in upright bold, short, not ending
    like a sentence part, and centred, numbered or in capitals."""
    if len(pieces) > 2 or not all(pc.bold and not pc.italic and pc.size >= 0.97 * body_size for pc in pieces):
        return False
    text = " ".join(pc.text for pc in pieces)
    if len(text) > 120 or text.endswith((",", ";", ":", "-")) or _NAME_LINE.match(text):
        return False
    first = pieces[0]
    centre = (first.left + first.right) / 2
    centred = abs((first.x0 + first.x1) / 2 - centre) < first.size and first.x0 > first.left + first.size
    letters = [c for c in text if c.isalpha()]
    return centred or bool(_HEAD_NUMBER.match(text)) or (len(letters) > 3 and all(c.isupper() for c in letters))


def _captions_image(img: _Piece, pc: _Piece, body_size: float) -> bool:
    """The first line of a picture's caption: just below it on its page, and centred on it, set
    smaller than the text, or opening with a caption word."""
    if pc.page != img.page or not 0 < pc.y - img.y <= 3 * max(pc.size, body_size):
        return False
    # clear of both margins, unless the column holds nothing wider than the picture
    inset = pc.x0 > pc.left + pc.size and pc.x1 < pc.right - pc.size or pc.right - pc.left <= img.x1 - img.x0
    centred = abs((pc.x0 + pc.x1) / 2 - (img.x0 + img.x1) / 2) < 1.5 * pc.size and inset
    return centred or pc.size < 0.95 * body_size or bool(_CAPTION.match(pc.text))


def _continues_caption(caption: list[_Piece], pc: _Piece, body_size: float) -> bool:
    """The next line of a caption: close below, in the caption's type, centred like it or set
    smaller than the text."""
    last = caption[-1]
    if pc.page != last.page or abs(pc.size - last.size) > 0.3 or pc.gap > 1.3 * max(pc.spacing, pc.size):
        return False
    centre = (pc.left + pc.right) / 2

    def centred(x: _Piece) -> bool:
        return abs((x.x0 + x.x1) / 2 - centre) < x.size and x.x0 > x.left + x.size and x.x1 < x.right - x.size

    return centred(pc) or pc.size < 0.95 * body_size


def _script(text: str) -> str:
    letters = [c for c in text if c.isalpha()]
    cyr = sum(1 for c in letters if "\u0400" <= c <= "\u04ff")
    return "cyr" if cyr * 2 >= len(letters) else "lat"


def _starts_paragraph(last: _Piece, pc: _Piece, after_float: bool = False) -> bool:
    if pc.starts:
        return True
    indent = pc.x0 - pc.left
    size = pc.size
    if abs(last.size - size) <= 0.6 and last.bold == pc.bold and last.italic == pc.italic and (
            pc.col_start or pc.gap <= 1.3 * max(pc.spacing, size)):
        if _BROKEN_TAIL.search(last.text) and pc.text[:1].islower():
            return False  # a word broken at the line end runs on, whatever the indent
        if (not pc.col_start and not _SENT_END.search(last.text) and abs((last.x0 + last.x1) - (pc.x0 + pc.x1)) < size
                and max(last.x1 - last.x0, pc.x1 - pc.x0) < 0.85 * (pc.right - pc.left)):
            return False  # lines centred on one axis (an affiliation, a title page) run on
    if size * 0.8 < indent < (pc.right - pc.left) * 0.4:
        return True
    if abs(last.size - pc.size) > 0.6 or last.italic != pc.italic and last.bold != pc.bold:
        return True
    if (last.bold and not last.italic) != (pc.bold and not pc.italic):
        return True  # a whole line in upright bold begins or ends: a heading in text type
    if not pc.col_start and not after_float and pc.gap > 1.45 * max(pc.spacing, size):
        return True
    short = last.x1 < last.right - (0.3 if last.justified else 3.0) * size
    return short and bool(_SENT_END.search(last.text)) and pc.text[:1].isupper()


# ---------------------------------------------------------------------------- assembly

def _assemble(para: _Para, notes_by_call: dict[tuple[int, int, int], _Note], pbs: list[tuple[str | None, str | None]],
              index_of: dict[int, int], state: list[int], vocab: frozenset[str] = frozenset()) -> Block:
    """One block: text with hyphenation joined, note and page-break marks at their offsets.
    ``state[0]`` is the next page to mark; pages without running text are marked where the
    text resumes."""
    text = ""
    marks: list[Mark] = []
    block_rows: list[Block] = []
    for pc in para.pieces:
        while state[0] <= pc.page:
            n, cert = pbs[state[0]]
            marks.append(Mark(len(text) + (1 if text else 0), "pb", n=n, cert=cert))
            state[0] += 1
        if pc.image:
            continue  # the picture itself is not reproduced
        if pc.table is not None:
            _add_table_part(block_rows, _table_rows(pc.table, vocab), [m for m in marks if m.kind == "pb"])
            marks = [m for m in marks if m.kind != "pb"]
            continue
        # raised marks without a note (an exponent, a misread) go back into the text
        piece, calls, shift = pc.text, [], 0
        for off, label in pc.calls:
            note = notes_by_call.get((pc.page, index_of[id(pc)], off))
            if note is None:
                piece = piece[:off + shift] + label + piece[off + shift:]
                shift += len(label)
            else:
                calls.append((off + shift, note))
        if text and text.endswith("-") and len(text) > 1 and text[-2].isalpha() and piece[:1].isalpha():
            text = _hjoin(text, piece, vocab)  # the lexicon decides whether the hyphen goes
            start = len(text) - len(piece)
            for mk in marks:  # a page break inside the rejoined word stands where the line began
                if mk.kind == "pb" and mk.offset > start:
                    mk.offset = start
        elif text:
            text += " " + piece
            start = len(text) - len(piece)
        else:
            text = piece
            start = 0
        for off, note in calls:
            body, note_paras = _join_parts(note.parts, vocab, note.breaks)
            marks.append(Mark(start + off, "note", n=note.label, text=body, paras=note_paras))
    marks.sort(key=lambda m: m.offset)
    block = Block(para.kind, text, marks)
    if para.kind == "table":
        block.children = block_rows
    if para.kind == "item":  # the marker is the list's rendering, not the item's text
        m = _ITEM.match(text)
        cut = m.end() if m else 0
        block.text = text[cut:]
        for mk in marks:
            mk.offset = max(0, mk.offset - cut)
        if m and m.group(2):
            block.attrs["n"] = m.group(2)
    if para.kind == "figure":
        block.attrs["type"] = "illustration"
        block.extra["desc"] = ("Picture not reproduced; the caption is read from the PDF." if text
                               else "Picture not reproduced; it has no caption in the PDF.")
    return block


def _add_table_part(rows: list[Block], part: list[Block], breaks: list[Mark]) -> None:
    """Add a table's part (the table, or its part on the next page or column) to the rows read
    so far: the column labels repeated over the part are left out, and the part's page breaks
    open its first cell."""
    if rows and [c.text for c in part[0].children] == [c.text for c in rows[0].children] and len(part) > 1:
        part = part[1:]
    for m in breaks:
        m.offset = 0
    part[0].children[0].marks[:0] = breaks
    rows.extend(part)


def _table_rows(table: Table, vocab: frozenset[str]) -> list[Block]:
    """A table's rows as ``row`` blocks of ``cell`` blocks; a first row set in bold over rows
    that are not is the row of column labels."""
    rows = []
    for cells in table.rows:
        row = Block("row", children=[Block("cell", _join_parts([_line_text(ln, cut_calls=False)[0] for ln in cell],
                                                               vocab)[0]) for cell in cells])
        rows.append(row)

    def bold(cells: list[list[Line]]) -> bool:
        return all(ln.bold for cell in cells for ln in cell)

    if len(table.rows) > 1 and bold(table.rows[0]) and not all(bold(r) for r in table.rows[1:]):
        rows[0].attrs["role"] = "label"
    return rows


def _pair_notes(pieces: list[_Piece], notes: list[_Note], index_of: dict[int, int],
                report: Report, source: str) -> tuple[dict[tuple[int, int, int], _Note], list[_Note]]:
    """Pair notes with calls: by label on the note's page, then on the next or previous page
    (a call on a page's last line), then the page's remaining calls in order."""
    calls_by_page: dict[int, list[tuple[int, int, int, str]]] = {}
    for pc in pieces:
        for off, label in pc.calls:
            calls_by_page.setdefault(pc.page, []).append((pc.page, index_of[id(pc)], off, label))
    paired: dict[tuple[int, int, int], _Note] = {}

    def take(note: _Note, page: int, by_label: bool) -> None:
        free = calls_by_page.get(page, [])
        match = next((c for c in free if c[3] == note.label), None) if by_label else (free[0] if free else None)
        if match is not None:
            free.remove(match)
            paired[match[:3]] = note
            note.placed = True

    for note in notes:  # the call with the note's label on its page
        take(note, note.page, True)
    for note in notes:  # a call on the last line of a page may have its note on the next page
        for page in (note.page + 1, note.page - 1):
            if not note.placed:
                take(note, page, True)
    for note in notes:  # labels that do not match (a misread mark): the page's calls in order
        if not note.placed:
            take(note, note.page, False)
    orphans = [n for n in notes if not n.placed]
    for n in orphans:
        report.warn(source, 0, "note-unanchored", f"page {n.page + 1}: note {n.label} has no call in the text; "
                    "placed at the end of the page's text")
    return paired, orphans


def read_pdf(data: bytes, source: str, options: ReaderOptions | Mapping[str, Any] | None) -> tuple[Document, Report]:
    """Convert a PDF (bytes) into a :class:`Document`."""
    report = Report()
    options = ReaderOptions.of(options)
    doc_id = options.doc_id("pdf")
    pages = read_pages(data, source)
    body_size = _body_size(pages)
    _drop_recurring_pictures(pages)
    gutters = []
    for page in pages:
        gutter = _find_gutter(page.lines, page.width, page.images)
        page.lines, page.tables = find_tables(page.lines, gutter,
                                              lambda lines, p=page: _find_gutter(lines, p.width, p.images))
        if gutter is not None and any(t.box[0] < gutter < t.box[2] for t in page.tables):
            gutter = None  # it was a gap between a table's columns
        page.images = page.images + _drawn_pictures(page)
        page.lines = join_fragments(page.lines, gutter)
        gutters.append(gutter)
    lines_by_page, printed, removed = _strip_furniture(pages)
    numbers = _number_pages(printed)
    groups = [_columns(lines, gutter) for lines, gutter in zip(lines_by_page, gutters)]
    body_groups, notes = _split_notes(pages, groups, body_size)
    pieces: list[_Piece] = []
    for page, page_groups in zip(pages, body_groups):
        pieces.extend(_pieces(page, page_groups, body_size))
    if not pieces:
        raise EditionError(source, "no running text found in the PDF", "source-no-text")
    index_of = {id(pc): i for i, pc in enumerate(pieces)}
    paired, orphans = _pair_notes(pieces, notes, index_of, report, source)
    paras = _segment(pieces, body_size)
    _place_orphans(orphans, pieces, paired, index_of)
    state = [0]  # the next page whose page break is still to be emitted
    vocab = _vocabulary([pc.text for pc in pieces] + [part for note in notes for part in note.parts])
    blocks = [_assemble(para, paired, numbers, index_of, state, vocab) for para in paras]
    _page_breaks_out_of_captions(blocks)
    last = next((b for b in reversed(blocks) if b.kind != "table"), None)
    for pg in range(state[0], len(pages)):  # trailing pages without running text
        n, cert = numbers[pg]
        if last is None:  # nothing but tables: the break closes the last cell
            last = blocks[-1].children[-1].children[-1]
        last.marks.append(Mark(len(last.text), "pb", n=n, cert=cert))
    body = _build(blocks, paras)
    meta = Metadata(source_file=source, source_sha256=hashlib.sha256(data).hexdigest())
    apply_meta_overrides(meta, options, source, report)
    if not meta.title:
        head = next((b for b in blocks if b.kind == "head"), None)
        meta.title = head.text if head else source.rsplit("/", 1)[-1]
    decisions = _decisions(removed, paras, pieces)
    doc = Document(doc_id, meta, body=body, decisions=decisions, profile="pdf",
                   extent={"pages": len(pages), "notes": len(notes)})
    k = 0
    for block in doc.iter_blocks():
        for mk in block.marks:
            if mk.kind == "note":
                k += 1
                mk.id = f"{doc_id}-note-{k}"
    return doc, report


def _place_orphans(orphans: list, pieces: list[_Piece], paired: dict, index_of: dict[int, int]) -> None:
    """Notes without a call go at the end of the last piece of their page."""
    last_of_page: dict[int, _Piece] = {}
    for pc in pieces:
        last_of_page[pc.page] = pc
    for note in orphans:
        pc = last_of_page.get(note.page) or pieces[-1]
        pc.calls.append((len(pc.text), note.label))
        paired[(pc.page, index_of[id(pc)], len(pc.text))] = note


def _page_breaks_out_of_captions(blocks: list[Block]) -> None:
    """A caption or a table holds no page break: it moves to the text that follows (or
    precedes) it."""
    for i, block in enumerate(blocks):
        moved = [m for m in block.marks if m.kind == "pb"] if block.kind in _FLOATS else []
        if not moved:
            continue
        block.marks = [m for m in block.marks if m.kind != "pb"]
        nxt = next((b for b in blocks[i + 1:] if b.kind not in _FLOATS), None)
        if nxt is not None:
            nxt.marks[:0] = [Mark(0, "pb", n=m.n, cert=m.cert) for m in moved]
            continue
        prev = next((b for b in reversed(blocks[:i]) if b.kind not in _FLOATS), None)
        if prev is None and block.kind == "table":  # nothing but tables: the break opens the first cell
            cell = block.children[0].children[0]
            cell.marks[:0] = [Mark(0, "pb", n=m.n, cert=m.cert) for m in moved]
        elif prev is None:
            block.kind, block.attrs, block.extra = "p", {}, {}
            block.marks[:0] = moved
        else:
            prev.marks += [Mark(len(prev.text), "pb", n=m.n, cert=m.cert) for m in moved]


def _decisions(removed: list[list[str]], paras: list[_Para], pieces: list[_Piece]) -> list[str]:
    """The editorialDecl statements: what the reader inferred and what it took out of the text."""
    decisions = [
        "The text was read from the PDF's own layout: page breaks from its pages, printed page numbers "
        "from the page head or foot (others counted from them, cert=\"medium\"), running heads removed.",
        "Footnotes were recognised by their smaller type at the page foot and moved to their raised "
        "reference marks; notes continued on the next page were joined.",
        "Headings were recognised by larger or bold type; paragraphs by first-line indent and spacing, "
        "rejoined across lines, pages and footnote blocks; line-end hyphenation was removed where the "
        "Russian lexicon (pymorphy3/OpenCorpora) confirms the joined word or the document prints it whole "
        "elsewhere.",
    ]
    forme_work = _forme_work_statement(removed)
    if forme_work:
        decisions.insert(1, forme_work)
    if any(p.kind == "item" for p in paras):
        decisions.append("Lists were recognised by their bullets or running numbers with the items' further lines "
                         "hung under the text; the bullets and numbers are not kept as text (item/@n keeps a number).")
    if any(pc.table is not None for pc in pieces):
        decisions.append("Tables were recognised by text set in columns that line up from row to row; each line "
                         "of a row's cells is a row unless it stands closer to the line above than the rows do.")
    if any(pc.image for pc in pieces):
        decisions.append("Pictures were recognised by the PDF's images and vector drawings and are not reproduced; "
                         "a line centred under a picture or set small is taken as its caption.")
    return decisions


def _build(blocks: list[Block], paras: list[_Para]) -> list:
    """Divisions from the headings: a larger heading size is a higher level."""
    sizes = sorted({round(p.pieces[0].size) for p in paras if p.kind == "head"}, reverse=True)[:3]
    body: list = []
    stack: list[tuple[int, Division]] = []  # (level, division)
    current_list: Block | None = None
    for block, para in zip(blocks, paras):
        if block.kind == "item":
            numbered = "n" in block.attrs
            if current_list is None or ("n" in current_list.children[0].attrs) != numbered or (
                    numbered and int(block.attrs["n"]) != int(current_list.children[-1].attrs["n"]) + 1):
                attrs = {"type": "ordered", "rend": "numbered"} if numbered else {"type": "bulleted", "rend": "bulleted"}
                current_list = Block("list", attrs=attrs)
                (stack[-1][1].children if stack else body).append(current_list)
            current_list.children.append(block)
            continue
        current_list = None
        if block.kind == "head":
            size = round(para.pieces[0].size)
            level = sizes.index(size) if size in sizes else len(sizes) - 1
            m = _HEAD_NUMBER.match(block.text)
            n = next((g for g in m.groups() if g), None) if m else None
            if _NAME_LINE.match(block.text):
                block.kind = "p"
            else:
                div = Division("chapter" if level == 0 and len(sizes) > 1 else "section", block, n=n)
                while stack and stack[-1][0] >= level:
                    stack.pop()
                (stack[-1][1].children if stack else body).append(div)
                stack.append((level, div))
                continue
        (stack[-1][1].children if stack else body).append(block)
    return body
