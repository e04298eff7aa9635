"""The print edition read back: text, notes, fonts, contents, index (issues 6 and 11).

Each book is rendered once per run (the mini fixture and a generated stress text here; the real
thesis and book are the PDFs of the edition built once per run, conftest ``edition``) and then
read back with poppler (pdftotext, pdffonts, pdfinfo).

Reading the PDF: ``pdftotext -bbox`` gives every word with its box; the word height tells the
running text (10 pt, headings larger) from the footnotes (8 pt), the running heads (8.5 pt),
marginal page marks (7 pt, in the margin) and footnote calls (superscripts). Texts are compared
as letters only (lower case), which removes hyphenation, footnote calls, page marks and spacing.
"""

from __future__ import annotations

import html
import re
import subprocess
from functools import lru_cache
from pathlib import Path

import pytest
from lxml import etree

from conftest import FIXTURES as ALL_FIXTURES, NS as TEI, require_print_toolchain, text_before

require_print_toolchain()

from tei_edition.render.pdf import render_pdf  # noqa: E402

FIXTURES = ALL_FIXTURES / "pdf"
EDITION = "edition"  # the text is the edition's: tei/<name>.xml and build/pdf/<name>.pdf

BOOKS = {
    "mini": (FIXTURES / "mini.xml", FIXTURES / "registers.xml", (10, 40)),
    "thesis": (EDITION, EDITION, (80, 260)),
    "book": (EDITION, EDITION, (12, 80)),
    "stress": (None, None, (8, 60)),
}


# ------------------------------------------------------------------------------ helpers

def letters(text: str) -> str:
    """Letters only, lower case: 'Вос‐\\nтоке»2 [14]' -> 'востоке'."""
    return "".join(ch for ch in text.lower() if ch.isalpha())


def alnum(text: str) -> str:
    """Letters and digits, lower case: 'гг.»24,' -> 'гг24' (a footnote call stays)."""
    return "".join(ch for ch in text.lower() if ch.isalnum())


def _run(*args: str) -> str:
    return subprocess.run(args, capture_output=True, text=True, check=True).stdout


_WORD = re.compile(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">(.*?)</word>')
_PAGE = re.compile(r'<page width="([\d.]+)" height="([\d.]+)">')


class Book:
    """A rendered PDF and what poppler reads from it."""

    def __init__(self, pdf: Path, tei: Path, diagnostics: list):
        self.pdf = pdf
        self.tei_path = tei
        self.tei = etree.parse(str(tei))
        self.diagnostics = diagnostics
        info = _run("pdfinfo", str(pdf))
        self.pages = int(re.search(r"^Pages:\s+(\d+)", info, re.M).group(1))
        self.info = info
        self.body_words: list[str] = []
        self.note_words: list[str] = []
        self.margin_marks: list[str] = []  # «[14]» in the outer margin, in reading order
        #: per page (1-based): text and footnotes (``alnum``), the text alone (``alnum``), the
        #: footnotes alone (``letters``)
        self.page_flow: dict[int, str] = {}
        self.page_body: dict[int, str] = {}
        self.page_notes: dict[int, str] = {}
        #: per page and flow ("text", "notes"): the words of its first and of its last line
        self.page_lines: dict[int, dict[str, tuple[list[str], list[str]]]] = {}
        bbox = _run("pdftotext", "-bbox", str(pdf), "-")
        for number, chunk in enumerate(bbox.split("<page ")[1:], start=1):
            width, height = (float(g) for g in _PAGE.match("<page " + chunk).groups())
            flow, body, notes = [], [], []
            boxes: dict[str, list[tuple[float, float, str]]] = {"text": [], "notes": []}
            for m in _WORD.finditer(chunk):
                x0, y0, x1, y1 = (float(m.group(i)) for i in range(1, 5))
                h = y1 - y0
                word = html.unescape(m.group(5))
                if (x0 > width - 50 or x1 < 50) and re.fullmatch(r"\[[^\]]+\]", word):
                    self.margin_marks.append(word[1:-1])
                    continue
                if y0 < 42 or y1 > height - 42:  # running heads and folios
                    continue
                flow.append(word)
                if h >= 8.8:
                    self.body_words.append(word)
                    body.append(word)
                    boxes["text"].append((y1, x0, word))
                elif 7.5 <= h < 8.3:
                    self.note_words.append(word)
                    notes.append(word)
                    boxes["notes"].append((y1, x0, word))
            self.page_lines[number] = {flow_: _first_and_last_line(words_) for flow_, words_ in boxes.items() if words_}
            self.page_flow[number] = alnum(" ".join(flow))
            self.page_body[number] = alnum(" ".join(body))
            self.page_notes[number] = letters(" ".join(notes))
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


def _first_and_last_line(words: list[tuple[float, float, str]]) -> tuple[list[str], list[str]]:
    """The words (left to right) of the top and of the bottom line, from (bottom, left, word)."""
    top, bottom = min(w[0] for w in words), max(w[0] for w in words)
    def line(near: float) -> list[str]:
        return [w[2] for w in sorted((w for w in words if abs(w[0] - near) < 2), key=lambda w: w[1])]

    return line(top), line(bottom)


_RENDERED: dict[str, Book] = {}


def _registers(book: Book) -> Path:
    registers = BOOKS[book.name][1]
    return book.tei_path.parent / "registers.xml" if registers == EDITION else registers


def _rendered(name: str, tmp_path_factory, edition) -> Book:
    """Each text rendered once per run, whichever fixture asks for it. The edition's texts are
    rendered by its build (``render_pdf`` with the registers beside them, as here); their
    diagnostics are the print diagnostics of that build."""
    if name not in _RENDERED:
        tei, registers, _ = BOOKS[name]
        if tei == EDITION:
            tei = edition.tei_dir / f"{name}.xml"
            diags = [d for d in edition.published if d.code.startswith("print-")]
            _RENDERED[name] = Book(edition.build_dir / "pdf" / f"{name}.pdf", tei, diags)
            _RENDERED[name].name = name
            return _RENDERED[name]
        folder = tmp_path_factory.mktemp("pdf")
        if tei is None:  # the stress text, generated
            tei = folder / "stress.xml"
            tei.write_text(stress_tei(), encoding="utf-8")
        out = folder / f"{name}.pdf"
        diags = render_pdf(tei, out, registers=registers)
        _RENDERED[name] = Book(out, tei, diags)
        _RENDERED[name].name = name
    return _RENDERED[name]


@pytest.fixture(scope="module", params=sorted(BOOKS))
def book(request, tmp_path_factory, edition) -> Book:
    return _rendered(request.param, tmp_path_factory, edition)


@pytest.fixture(scope="module", params=sorted(n for n in BOOKS if n != "stress"))
def named_book(request, tmp_path_factory, edition) -> Book:
    """The real texts and the fixture: they have names, registers and source page breaks."""
    return _rendered(request.param, tmp_path_factory, edition)


@pytest.fixture(scope="module")
def stress_book(tmp_path_factory, edition) -> Book:
    return _rendered("stress", tmp_path_factory, edition)


# ------------------------------------------------------------------------------ the stress text

_WORDS = ("переговоры", "договор", "концессия", "посольство", "нота", "правительство", "граница",
          "соглашение", "делегация", "вопрос", "рыболовство", "конференция", "позиция", "отношения",
          "уступки", "Сахалин", "нефть", "уголь", "миссия", "протокол", "компромисс", "стороны")


def stress_tei(seed: int = 11) -> str:
    """A generated TEI text that footnotes find hard: twenty notes in one paragraph, a note
    longer than a page, and long runs of paragraphs with a note every few lines, so that many
    calls fall in the last line of a page."""
    import random

    rnd = random.Random(seed)
    count = 0

    def words(n: int) -> str:
        return " ".join(rnd.choice(_WORDS) for _ in range(n))

    def note(length_words: int) -> str:
        nonlocal count
        count += 1
        return f'<note place="foot" n="{count}" xml:id="s-n{count}">{words(length_words).capitalize()}.</note>'

    paras = []
    paras.append("<p>" + " ".join(f"{words(4).capitalize()}{note(rnd.randint(4, 12))}." for _ in range(20)) + "</p>")
    paras.append(f"<p>{words(30).capitalize()}{note(900)} {words(40)}.</p>")
    for _ in range(60):
        parts = [f"{words(rnd.randint(6, 18)).capitalize()}{note(rnd.randint(5, 50))}" for _ in range(rnd.randint(3, 6))]
        paras.append("<p>" + ". ".join(parts) + ".</p>")
    body = "\n".join(paras)
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<TEI xmlns="http://www.tei-c.org/ns/1.0" xml:lang="ru" xml:id="stress">
  <teiHeader><fileDesc><titleStmt><title type="main">Проверка сносок</title></titleStmt>
    <publicationStmt><p>test</p></publicationStmt><sourceDesc><p>generated</p></sourceDesc></fileDesc></teiHeader>
  <text><body><div type="chapter"><head>Глава 1. Сноски</head>
{body}
  </div></body></text>
</TEI>
"""


def _plain(el: etree._Element) -> str:
    """Text of a TEI element without its notes (they are set at the foot of the page)."""
    parts = [el.text or ""]
    for child in el:
        if etree.QName(child).localname not in ("note", "figure"):
            parts.append(_plain(child))
        parts.append(child.tail or "")
    return "".join(parts)


# ------------------------------------------------------------------------------ tests

def _footnotes(book: Book) -> list[etree._Element]:
    return book.tei.xpath("//t:text//t:note[not(parent::t:figure)][not(ancestor::t:note)]", namespaces=TEI)


def _printed_numbers(notes: list[etree._Element]) -> list[str]:
    """The numbers the edition prints: the source's when they tell the notes apart, else 1..N
    (the "About this edition" page says so)."""
    ns = [(n.get("n") or "").strip() for n in notes]
    return ns if all(ns) and len(set(ns)) == len(ns) else [str(i) for i in range(1, len(ns) + 1)]


def _call_pages(book: Book) -> tuple[list[tuple[str, str, int | None]], list[str]]:
    """For every footnote: (id, printed number, page of its call); and the problems found."""
    notes = _footnotes(book)
    found, problems, page = [], [], 1
    for note, n in zip(notes, _printed_numbers(notes)):
        ident = note.get("{http://www.w3.org/XML/1998/namespace}id")
        tail = alnum(text_before(note))[-10:]
        call = next((p for p in range(page, book.pages + 1) if tail + n in book.page_flow[p]), None)
        if call is None and len(tail) > 5:  # the words before the call may end on the page before
            call = next((p for p in range(page, book.pages + 1) if tail[-3:] + n in book.page_flow[p]), None)
        found.append((ident, n, call, tail + n))
        if call is None:
            problems.append(f"{ident}: call {n} not found after page {page}")
            continue
        page = call
        text = letters("".join(note.itertext()))
        if text[:40] not in book.page_notes[call]:
            problems.append(f"{ident}: note {n} does not start on page {call}, the page of its call")
        elif text not in "".join(book.page_notes[p] for p in range(call, min(call + 4, book.pages + 1))):
            problems.append(f"{ident}: note {n} is not complete on pages {call}ff.")
    return found, problems


def test_pdf_render_every_note_on_the_page_of_its_call(book):
    found, problems = _call_pages(book)
    assert found and problems == []
    assert len(found) == len(_footnotes(book))
    # never two notes with the same number on one printed page
    by_page: dict[int, list[str]] = {}
    for _ident, n, page, _needle in found:
        by_page.setdefault(page, []).append(n)
    assert {p: ns for p, ns in by_page.items() if len(ns) != len(set(ns))} == {}


def test_pdf_render_stress_text_is_hard(stress_book):
    """The stress text does what it is for: many notes on a page, a split note, calls in the
    last line of a page (the notes test above passes on it)."""
    book = stress_book
    found, _ = _call_pages(book)
    per_page: dict[int, int] = {}
    for _ident, _n, page, _needle in found:
        per_page[page] = per_page.get(page, 0) + 1
    assert max(per_page.values()) >= 8
    long_note = max(_footnotes(book), key=lambda n: len("".join(n.itertext())))
    page = {i: p for i, _n, p, _needle in found}[long_note.get("{http://www.w3.org/XML/1998/namespace}id")]
    text = letters("".join(long_note.itertext()))
    assert text[:40] in book.page_notes[page] and text not in book.page_notes[page]  # split, begun on its page
    # a call within the last ~60 letters of the page's running text: its last line
    last_line = [i for i, _n, p, needle in found
                 if p and 0 <= book.page_body[p].rfind(needle) >= len(book.page_body[p]) - 60 - len(needle)]
    assert len(last_line) >= 3


def test_pdf_render_no_word_hyphenated_across_a_page_turn(book):
    """No page's text, and no page's notes, end in a hyphen the typesetter added (pdftotext
    reads it as a soft hyphen, U+00AD). A page may end at the hyphen of a compound word of the
    source («Мо Дэ-хой»): that one is a plain "-", and the source has the word with it."""
    source = re.sub(r"\s+", "", "".join(book.tei.getroot().find("t:text", TEI).itertext()).lower())
    added, compounds = [], []
    for page, flows in book.page_lines.items():
        for flow, (_first, last) in flows.items():
            if last[-1].endswith("\u00ad"):
                added.append(f"p. {page} {flow}: {' '.join(last[-3:])}")
            elif last[-1].endswith("-") and last[-1][-2:-1].isalpha() and page < book.pages:
                following = book.page_lines.get(page + 1, {}).get(flow)
                if following:
                    head = re.match(r"\w*", following[0][0]).group(0)
                    compounds.append((page, (re.search(r"\w+-$", last[-1]).group(0) + head).lower()))
    assert added == []
    assert [c for c in compounds if c[1] not in source] == []
    if book.name in ("thesis", "book"):  # the reading works: lines do end in added hyphens
        assert sum(w.endswith("\u00ad") for w in book.body_words + book.note_words) > 10


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


def test_pdf_render_index_pages_hold_the_mentions(named_book):
    book = named_book
    entries = _index(book)
    assert len(entries) == 8 if book.name == "mini" else len(entries) > 20
    if book.name != "mini":
        entries = entries[:: max(1, len(entries) // 25)]  # a sample of the real indexes
    registers = etree.parse(str(_registers(book)))
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
            # the mention is on the page, or begins in its last line and ends on the next
            whole = letters(book.page_text(page))
            here = letters(book.page_body[page])
            both = here + (letters(book.page_body[page + 1]) if page < book.pages else "")
            assert any(f in whole or 0 <= both.find(f) < len(here) for f in forms), (name, page, forms)
        # every page with a mention is listed: ranges were collapsed, none lost
        assert pages == sorted(set(pages))


def test_pdf_render_index_russian_order_and_ranges(named_book):
    book = named_book
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
    page = book.find_page("ИЛЛЮСТРАЦИЯ В ЭТОМ ИЗДАНИИ НЕ ВОСПРОИЗВОДИТСЯ")
    assert bool(page) == bool(figures)
    if book.name == "mini":
        text = book.page_text(page)
        assert "Фото: Фото из архива АА" in text and "японские дипломаты" in text


def test_pdf_render_source_page_marks(named_book):
    book = named_book
    first_pb = book.tei.xpath("string((//t:text//t:pb/@n)[1])", namespaces=TEI)
    last_pb = book.tei.xpath("string((//t:text//t:pb/@n)[last()])", namespaces=TEI)
    assert book.find_page(f"[{first_pb}]") and book.find_page(f"[{last_pb}]")
    # every source page a reader may cite has its mark, in the source's order, once: those
    # of the title page and the printed contents too, though their text is not reproduced
    # (the title page's marks go on the book's title page, which re-sets it)
    numbers = book.tei.xpath("//t:text//t:pb/@n[not(ancestor::t:note)]", namespaces=TEI)
    assert book.margin_marks == [str(n) for n in numbers]
