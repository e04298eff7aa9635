"""The print edition read back: text, fonts, contents, index (issue 6).

Each book is rendered once per session (the mini fixture and the real thesis) and then read
back with poppler (pdftotext, pdffonts, pdfinfo). PDFs are never compared byte for byte.

Reading the PDF: ``pdftotext -bbox`` gives every word with its box; the word height tells the
running text (10 pt, headings larger) from the footnotes (8 pt), the running heads, marginal
page marks and footnote calls (smaller or in the head/foot zone). Texts are compared as
letters only (lower case), which removes hyphenation, footnote calls, page marks and spacing.
"""

from __future__ import annotations

import html
import re
import shutil
import subprocess
from functools import lru_cache
from pathlib import Path

import pytest
from lxml import etree

pytest.importorskip("weasyprint", reason="weasyprint is not installed (pip install weasyprint)")
pytest.importorskip("saxonche", reason="saxonche is not installed")
for _tool in ("pdftotext", "pdffonts", "pdfinfo"):
    if shutil.which(_tool) is None:
        pytest.skip(f"{_tool} not found (Debian package poppler-utils)", allow_module_level=True)

from tei_edition.render_pdf import render_pdf  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "fixtures" / "pdf"
TEI = {"t": "http://www.tei-c.org/ns/1.0"}

BOOKS = {
    "mini": (FIXTURES / "mini.xml", FIXTURES / "registers.xml", (10, 40)),
    "thesis": (ROOT / "tei" / "thesis.xml", ROOT / "tei" / "registers.xml", (80, 260)),
    "book": (ROOT / "tei" / "book.xml", ROOT / "tei" / "registers.xml", (12, 80)),
}


# ------------------------------------------------------------------------------ helpers

def letters(text: str) -> str:
    """Letters only, lower case: 'Вос‐\\nтоке»2 [14]' -> 'востоке'."""
    return "".join(ch for ch in text.lower() if ch.isalpha())


def _run(*args: str) -> str:
    return subprocess.run(args, capture_output=True, text=True, check=True).stdout


_WORD = re.compile(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">(.*?)</word>')
_PAGE = re.compile(r'<page width="([\d.]+)" height="([\d.]+)">')


class Book:
    """A rendered PDF and what poppler reads from it."""

    def __init__(self, pdf: Path, tei: Path, diagnostics: list):
        self.pdf = pdf
        self.tei = etree.parse(str(tei))
        self.diagnostics = diagnostics
        info = _run("pdfinfo", str(pdf))
        self.pages = int(re.search(r"^Pages:\s+(\d+)", info, re.M).group(1))
        self.info = info
        self.body_words: list[str] = []
        self.note_words: list[str] = []
        self.margin_marks: list[str] = []  # «[14]» in the right margin, in reading order
        bbox = _run("pdftotext", "-bbox", str(pdf), "-")
        for chunk in bbox.split("<page ")[1:]:
            width, height = (float(g) for g in _PAGE.match("<page " + chunk).groups())
            for m in _WORD.finditer(chunk):
                y0, y1 = float(m.group(2)), float(m.group(4))
                h = y1 - y0
                word = html.unescape(m.group(5))
                if float(m.group(1)) > width - 50 and re.fullmatch(r"\[[^\]]+\]", word):
                    self.margin_marks.append(word[1:-1])
                if y0 < 42 or y1 > height - 42:  # running heads and folios
                    continue
                if h >= 12.0:
                    self.body_words.append(word)
                elif 9.8 <= h < 10.9:
                    self.note_words.append(word)
        self.body = letters(" ".join(self.body_words))
        self.notes = letters(" ".join(self.note_words))

    @lru_cache(maxsize=None)
    def page_text(self, n: int, layout: bool = False) -> str:
        args = ["pdftotext", "-f", str(n), "-l", str(n)] + (["-layout"] if layout else ["-raw"])
        return _run(*args, str(self.pdf), "-")

    @lru_cache(maxsize=None)
    def page_body_text(self, n: int) -> str:
        """The text of page n without its running head and folio (the same 42 pt zones as above)."""
        m = _PAGE.search(_run("pdftotext", "-bbox", "-f", str(n), "-l", str(n), str(self.pdf), "-"))
        width, height = float(m.group(1)), float(m.group(2))
        return _run("pdftotext", "-raw", "-f", str(n), "-l", str(n), "-x", "0", "-y", "42",
                    "-W", str(int(width) + 1), "-H", str(int(height - 84)), str(self.pdf), "-")

    def find_page(self, needle: str, last: bool = False) -> int | None:
        order = range(self.pages, 0, -1) if last else range(1, self.pages + 1)
        for n in order:
            if needle in self.page_text(n):
                return n
        return None


@pytest.fixture(scope="module", params=sorted(BOOKS))
def book(request, tmp_path_factory) -> Book:
    tei, registers, _ = BOOKS[request.param]
    out = tmp_path_factory.mktemp("pdf") / f"{request.param}.pdf"
    diags = render_pdf(tei, out, registers=registers)
    book = Book(out, tei, diags)
    book.name = request.param
    return book


def _plain(el: etree._Element) -> str:
    """Text of a TEI element without its notes (they are set at the foot of the page)."""
    parts = [el.text or ""]
    for child in el:
        if etree.QName(child).localname not in ("note", "figure"):
            parts.append(_plain(child))
        parts.append(child.tail or "")
    return "".join(parts)


# ------------------------------------------------------------------------------ tests

def test_pdf_render_no_warnings(book):
    assert [str(d) for d in book.diagnostics] == []


def test_pdf_render_page_count_sane(book):
    low, high = BOOKS[book.name][2]
    assert low <= book.pages <= high


#: What the print edition deliberately does not reproduce (xslt/print/namesdates.xsl,
#: pe:unprinted): the source's title page and printed contents (replaced by the book's own,
#: with this book's page numbers), figDesc and fw. Their page breaks stay as marginal marks.
UNPRINTED = ("ancestor::t:titlePage[parent::t:front] or ancestor::t:div[@type='contents'][parent::t:front]"
             " or ancestor::t:figDesc or ancestor::t:fw")


def test_pdf_render_every_paragraph_in_text(book):
    blocks = book.tei.xpath(f"(//t:text//t:p[not(ancestor::t:note)] | //t:text//t:item)[not({UNPRINTED})]",
                            namespaces=TEI)
    assert blocks
    missing = [b.get("{http://www.w3.org/XML/1998/namespace}id") for b in blocks
               if letters(_plain(b)) not in book.body]
    assert missing == []


def test_pdf_render_every_note_in_text(book):
    notes = book.tei.xpath("//t:text//t:note", namespaces=TEI)
    assert notes
    missing = [n.get("{http://www.w3.org/XML/1998/namespace}id") for n in notes
               if letters("".join(n.itertext())) not in book.notes]
    assert missing == []


def test_pdf_render_all_fonts_embedded(book):
    rows = _run("pdffonts", str(book.pdf)).splitlines()[2:]
    assert rows, "no fonts in the PDF"
    for row in rows:
        cols = row.split()
        # name type [encoding...] emb sub uni object ID: emb is the 5th column from the end
        assert cols[-5] == "yes", row
    assert any("PTSerif" in row.replace(" ", "") or "PT-Serif" in row for row in rows), rows


def test_pdf_render_metadata(book):
    title = book.tei.xpath("string(//t:titleStmt/t:title[@type='main'])", namespaces=TEI)
    assert re.search(r"^Title:\s+" + re.escape(title.strip()), book.info, re.M)
    assert re.search(r"^Tagged:\s+yes", book.info, re.M)
    assert "A5" in _run("pdfinfo", "-box", str(book.pdf)) or re.search(r"Page size:\s+419\.5\d* x 595\.2", book.info)


def _contents(book: Book) -> list[tuple[str, int]]:
    """(title, page) lines of the contents page(s), long titles joined across lines."""
    start = book.find_page("Содержание")
    assert start and start <= 5
    entries, pending = [], ""
    for line in book.page_text(start, layout=True).splitlines():
        line = line.strip()
        if not line or line == "Содержание" or re.fullmatch(r"\d+", line):
            continue
        # "title . . . . 17", or "title 17" when the title fills the line (years have 4 digits)
        m = re.match(r"(.*?)\s*(?:\.\s*)*\s(\d{1,3})$", line)
        if m:
            entries.append(((pending + " " + m.group(1)).strip(), int(m.group(2))))
            pending = ""
        else:
            pending = (pending + " " + line).strip()
    return entries


def test_pdf_render_contents_pages_are_heading_pages(book):
    entries = _contents(book)
    heads = book.tei.xpath("//t:text/*/t:div[t:head]", namespaces=TEI)
    assert len(entries) >= len(heads)
    for title, page in entries:
        # a heading cut by the contents' line end is still a prefix of the heading on its page
        assert letters(title)[:30] in letters(book.page_text(page)), (title, page)


def _index(book: Book) -> list[tuple[str, list[int]]]:
    start = book.find_page("Именной указатель", last=True)
    assert start, "no index"
    # running heads ("Указатели", the book's title) and folios are cut off, not parsed as entries
    text = " ".join(book.page_body_text(n) for n in range(start, book.pages + 1))
    text = text.split("Именной указатель", 1)[1]
    for heading in ("Географический указатель", "Указатель организаций"):
        text = text.replace(heading, " ")
    out = []
    for m in re.finditer(r"([^\d,–\s][^\d–]*?)\s+(\d+(?:–\d+)?(?:,\s*\d+(?:–\d+)?)*)", text):
        pages: list[int] = []
        for part in m.group(2).split(","):
            a, _, b = part.strip().partition("–")
            pages.extend(range(int(a), int(b or a) + 1))
        out.append((m.group(1).strip(), pages))
    return out


def test_pdf_render_index_pages_hold_the_mentions(book):
    entries = _index(book)
    assert len(entries) == 8 if book.name == "mini" else len(entries) > 20
    if book.name != "mini":
        entries = entries[:: max(1, len(entries) // 25)]  # a sample of the real indexes
    registers = etree.parse(str(BOOKS[book.name][1]))
    by_name = {}
    for entry in registers.xpath("//t:standOff//*[@xml:id]", namespaces=TEI):
        canonical = entry.xpath("string(*[@type='canonical'])", namespaces=TEI)
        by_name[letters(canonical)] = entry.get("{http://www.w3.org/XML/1998/namespace}id")
    for name, pages in entries:
        ident = by_name[letters(name)]
        # the mention as printed in the running text: a note inside it is a footnote, set apart
        forms = {letters(_plain(m)) for m in book.tei.xpath(
            f"//t:text//*[@ref='registers.xml#{ident}'][not({UNPRINTED})]", namespaces=TEI)}
        for page in pages:
            page_letters = letters(book.page_text(page))
            assert any(f in page_letters for f in forms), (name, page, forms)
        # every page with a mention is listed: ranges were collapsed, none lost
        assert pages == sorted(set(pages))


def test_pdf_render_index_russian_order_and_ranges(book):
    if book.name != "mini":
        names = [n for n, _ in _index(book)]
        key = [letters(n).replace("ё", "е") for n in names]
        assert len(names) > 20 and key[:10] == sorted(key[:10])
        return
    names = [letters(n) for n, _ in _index(book)][:5]
    # Ё is filed with Е (Ежов before Ёлкин), Й after И (Иоффе before Йосидзава)
    assert names == [letters(s) for s in ("Ежов, Николай Иванович", "Ёлкин, Иван", "Иоффе, Адольф Абрамович",
                                          "Йосидзава, Кэнкити", "Карахан, Лев Михайлович")]
    start = book.find_page("Именной указатель", last=True)
    text = " ".join(book.page_text(n) for n in range(start, book.pages + 1))
    assert re.search(r"\d–\d", text), "no collapsed page range in the index"


def test_pdf_render_figure_block(book):
    figures = book.tei.xpath("//t:text//t:figure", namespaces=TEI)
    page = book.find_page("ФОТОГРАФИЯ В ИСТОЧНИКЕ ОТСУТСТВУЕТ")
    assert bool(page) == bool(figures)
    if book.name == "mini":
        text = book.page_text(page)
        assert "Фото: Фото из архива АА" in text and "японские дипломаты" in text


def test_pdf_render_source_page_marks(book):
    first_pb = book.tei.xpath("string((//t:text//t:pb/@n)[1])", namespaces=TEI)
    last_pb = book.tei.xpath("string((//t:text//t:pb/@n)[last()])", namespaces=TEI)
    assert book.find_page(f"[{first_pb}]") and book.find_page(f"[{last_pb}]")
    # every source page a reader may cite has its mark, in the source's order, once: those
    # of the title page and the printed contents too, though their text is not reproduced
    # (the title page's marks go on the book's title page, which re-sets it)
    numbers = book.tei.xpath("//t:text//t:pb/@n[not(ancestor::t:note)]", namespaces=TEI)
    assert book.margin_marks == [str(n) for n in numbers]
