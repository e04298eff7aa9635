"""The typeset print edition read back: lines that end a page with a hyphen the typesetter added.

A word hyphenated across a page turn is a fault of book typography, and Typst has no rule
against it, so ``render_pdf`` reads each compile back (pypdfium2) and sets such a word whole in
the next one. pdfium reports any hyphen at a line end as U+FFFE, the text's own («Мо Дэ-хой»,
«Дальне-восточный») as well as one Typst added; the tagged PDF tells them apart: Typst writes
an added hyphen in a marked span whose ActualText is a soft hyphen (which is also how
``pdftotext`` knows it), and the text's own hyphen without one.

A page has two flows of lines: the text, and below the footnote rule (a short horizontal line)
the notes. The last line of each is the lowest line of the edition's text sizes in that part
of the page: page marks in the margin (7 pt), note calls (superscripts) and the folio (digits
alone) are not lines of the flow.
"""

from __future__ import annotations

import ctypes
from dataclasses import dataclass
from typing import Any

__all__ = ["PageEnd", "page_end_hyphens"]

#: how pdfium may report a hyphen at a line end: its line-end hyphen mark, a soft hyphen (beside a
#: page mark), the hyphen itself
HYPHENS = frozenset("\ufffe\u00ad-\u2010")
#: the smallest font size of the text and the notes, in pt (page marks are 7 pt)
MIN_TEXT_SIZE = 7.5
#: the footnote rule: thinner than this, and between these fractions of the page width long
RULE_THICKNESS = 1.5
RULE_WIDTH = (0.1, 0.45)


@dataclass(frozen=True)
class PageEnd:
    """The last line of a page's text (``area="text"``) or notes (``"notes"``) ends in an added hyphen."""

    page: int
    area: str
    #: the letters of the broken word before the hyphen
    fragment: str


def page_end_hyphens(pdf: bytes) -> list[PageEnd]:
    """Every page whose text or notes end with a word hyphenated across the page turn."""
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(pdf)
    try:
        found: list[PageEnd] = []
        for index in range(len(doc)):
            page = doc[index]
            found += _page_ends(page, index + 1)
            page.close()
        return found
    finally:
        doc.close()


def _page_ends(page: Any, number: int) -> list[PageEnd]:
    import pypdfium2.raw as raw

    textpage = page.get_textpage()
    count = textpage.count_chars()
    text = textpage.get_text_range(0, count)
    if len(text) != count:  # one character per index, as pdfium counts them
        text = "".join(chr(raw.FPDFText_GetUnicode(textpage, i)) for i in range(count))
    if not HYPHENS.intersection(text):
        return []
    x, y = ctypes.c_double(), ctypes.c_double()

    def baseline(i: int) -> float:
        raw.FPDFText_GetCharOrigin(textpage, i, x, y)
        return y.value

    rule = _note_rule(page)

    def area(at: float) -> str:
        return "notes" if rule is not None and at < rule else "text"

    lines = [(baseline(i), area(baseline(i))) for i in _line_heads(text)
             if raw.FPDFText_GetFontSize(textpage, i) >= MIN_TEXT_SIZE]
    ends = []
    for i, ch in enumerate(text):
        if ch not in HYPHENS:
            continue
        if not _added(textpage, i):
            continue  # the text's own hyphen: a compound word may break there
        at = baseline(i)
        if any(a == area(at) and b < at - 2 for b, a in lines):
            continue  # a line of the same flow below: not the page's last
        start = i
        while start > 0 and text[start - 1].isalpha():
            start -= 1
        if start < i:
            ends.append(PageEnd(number, area(at), text[start:i]))
    textpage.close()
    return ends


def _added(textpage: Any, i: int) -> bool:
    """Is the character at ``i`` in a span with an ActualText (a hyphen the typesetter added)?"""
    import pypdfium2.raw as raw

    obj = raw.FPDFText_GetTextObject(textpage, i)
    for k in range(raw.FPDFPageObj_CountMarks(obj) if obj else 0):
        mark = raw.FPDFPageObj_GetMark(obj, k)
        if raw.FPDFPageObjMark_GetParamValueType(mark, b"ActualText") != raw.FPDF_OBJECT_UNKNOWN:
            return True
    return False


def _line_heads(text: str) -> list[int]:
    """The first visible character of each line (a line ends in a generated line break or a
    hyphen: a piece of a line between two hyphens counts as a line too, which does no harm);
    lines of digits alone (folios) are left out."""
    heads = []
    ends = [i for i, ch in enumerate(text) if ch == "\n" or ch in HYPHENS] + [len(text)]
    for s, end in zip([0] + [e + 1 for e in ends[:-1]], ends):
        line = text[s:end]
        if not line.strip() or line.strip().isdigit():
            continue
        heads.append(s + len(line) - len(line.lstrip()))
    return heads


def _note_rule(page: Any) -> float | None:
    """The height of the footnote rule on the page (PDF points from the bottom), or None.

    Walks the page objects through pdfium's raw calls: a page holds hundreds of text objects,
    and wrapping each one in a Python object cost more than the rest of the page's reading."""
    import pypdfium2.raw as raw

    width = page.get_width()
    left, bottom, right, top = (ctypes.c_float() for _ in range(4))
    rules = []
    stack = [raw.FPDFPage_GetObject(page.raw, i) for i in range(raw.FPDFPage_CountObjects(page.raw))]
    while stack:
        obj = stack.pop()
        kind = raw.FPDFPageObj_GetType(obj)
        if kind == raw.FPDF_PAGEOBJ_FORM:
            stack.extend(raw.FPDFFormObj_GetObject(obj, i) for i in range(raw.FPDFFormObj_CountObjects(obj)))
        elif kind == raw.FPDF_PAGEOBJ_PATH and raw.FPDFPageObj_GetBounds(obj, left, bottom, right, top):
            if (top.value - bottom.value < RULE_THICKNESS
                    and RULE_WIDTH[0] * width < right.value - left.value < RULE_WIDTH[1] * width):
                rules.append((bottom.value + top.value) / 2)
    return max(rules, default=None)
