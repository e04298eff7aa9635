"""The PDF reader on PDFs typeset here with known structure (Typst, PT Serif), and on bad PDFs.

The property tests typeset random Russian text in varied layouts (page sizes, one or two
columns, digit or symbol note marks, running heads, roman-numbered front matter, indented or
spaced paragraphs), read the PDF back and compare every paragraph, heading, note and page
number with what was typeset.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from tei_edition.model import Division
from tei_edition.readers.pdf import read_pdf

sys.path.insert(0, str(Path(__file__).parent))
from pdf_synth import FONT_DIRS, WORDS, Layout, make_pdf  # noqa: E402

typst = pytest.importorskip("typst")
pytestmark = pytest.mark.skipif(not FONT_DIRS, reason="PT Serif (fonts-paratype) is not installed")

LAYOUTS = {
    "a5-digits": Layout(),
    "a4-two-columns-symbols-roman": Layout(paper="a4", columns=2, note_numbering="*", front_pages=2, indent=False),
    "b5-spaced-roman": Layout(paper="iso-b5", front_pages=1, indent=False, body_size=10),
    "a6-small-page": Layout(paper="a6", body_size=9, sections=2, running_head="Глава первая"),
    "a4-two-columns-digits": Layout(paper="a4", columns=2, body_size=10),
    "a5-figures": Layout(figures=True, sections=4),
    "a5-star-paren": Layout(note_numbering="*)", sections=2),
    "b5-digit-paren": Layout(paper="iso-b5", note_numbering="1)", sections=2),
    "a5-long-notes": Layout(long_notes=True, sections=2),
    "a5-folio-in-head-plain-labels": Layout(folio_in_head=True, plain_labels=True, sections=2),
    "a5-text-size-heads": Layout(text_size_heads=True, sections=3),
    "a5-lists": Layout(lists=True, sections=3),
    "a4-two-columns-lists-spaced": Layout(paper="a4", columns=2, body_size=10, indent=False, lists=True),
    "a6-lists-symbols": Layout(paper="a6", body_size=9, note_numbering="*", lists=True, sections=2),
    "a5-pictures": Layout(images=True, sections=3),
    "a4-two-columns-pictures-and-figures": Layout(paper="a4", columns=2, body_size=10, images=True, figures=True),
    "a6-pictures-spaced": Layout(paper="a6", body_size=9, indent=False, images=True, sections=2),
    "a5-note-paragraphs": Layout(note_paragraphs=True, sections=2),
    "b5-spaced-note-paragraphs": Layout(paper="iso-b5", indent=False, body_size=10, note_paragraphs=True, sections=2),
    "a5-long-notes-paragraphs": Layout(long_notes=True, note_paragraphs=True, sections=2),
    "a4-two-columns-note-paragraphs": Layout(paper="a4", columns=2, body_size=10, note_paragraphs=True),
    "a5-drawings": Layout(images=True, drawings=True, sections=3),
    "a4-two-columns-drawings-tables": Layout(paper="a4", columns=2, body_size=10, images=True, drawings=True, tables=True),
    "a5-tables": Layout(tables=True, sections=3),
    "a4-two-columns-tables": Layout(paper="a4", columns=2, body_size=10, tables=True),
    "b5-spaced-tables-lists": Layout(paper="iso-b5", indent=False, body_size=10, tables=True, lists=True),
}


def _norm(s: str) -> str:
    return re.sub(r"\s+", " ", s).strip()


def _read(tmp_path: Path, seed: int, layout: Layout):
    data, truth = make_pdf(seed, layout, tmp_path)
    doc, report = read_pdf(data, "synth.pdf", {"id": "synth"})
    return data, truth, doc, report


def _note_paragraphs(mark) -> list[str]:
    """A note's paragraphs as the reader marked them (one for a note of one paragraph)."""
    bounds = [0, *mark.paras, len(mark.text)]
    return [_norm(mark.text[a:b]) for a, b in zip(bounds, bounds[1:])]


def _heads(doc) -> list[str]:
    out = []

    def walk(nodes):
        for node in nodes:
            if isinstance(node, Division):
                if node.head is not None:
                    out.append(node.head.text)
                walk(node.children)

    walk(doc.body)
    return out


@pytest.mark.parametrize("name", sorted(LAYOUTS))
@pytest.mark.parametrize("seed", [1, 2])
def test_typeset_pdf_reads_back_as_typeset(tmp_path, name, seed):
    _check_reads_back(tmp_path, name, seed)


@pytest.mark.parametrize(("name", "seed"), [
    ("a5-long-notes", 7),  # notes outweigh the text three to one: the text size is still the text's
    ("a4-two-columns-note-paragraphs", 10),  # a note's last line at the foot recurs there on another page
])
def test_hard_typesettings_read_back(tmp_path, name, seed):
    """Seeds that once went wrong, kept as cases of the same property."""
    _check_reads_back(tmp_path, name, seed)


def _check_reads_back(tmp_path, name, seed):
    data, truth, doc, report = _read(tmp_path, seed, LAYOUTS[name])
    blocks = [b for b in doc.iter_blocks() if b.kind == "p"]
    assert [_norm(b.text) for b in blocks] == truth.paragraphs
    assert _heads(doc) == truth.headings
    notes = [(b.text[: m.offset], m) for b in blocks for m in b.marks if m.kind == "note"]
    assert [m.text for _, m in notes] == [body for _, body in truth.notes]
    # every note's paragraphs as typeset: none lost, none made up (a note running on to the next
    # page or column goes on in the same paragraph)
    assert [_note_paragraphs(m) for _, m in notes] == truth.note_paragraphs
    for (before, _), (word, _) in zip(notes, truth.notes):
        assert before.endswith(word)
    assert not [d for d in report if d.code == "note-unanchored"]
    # captions in order ("" for a picture without one): pictures are found by their images,
    # captions by their place under them as well as by caption words
    assert [_norm(b.text) for b in doc.iter_blocks() if b.kind == "figure"] == truth.captions
    # tables: rows of cells as typeset (a cell's lines joined, its hyphens removed), the row of
    # column labels marked as such
    tables = [b for b in doc.iter_blocks() if b.kind == "table"]
    assert [(t.children[0].attrs.get("role") == "label", [[_norm(c.text) for c in r.children] for r in t.children])
            for t in tables] == truth.tables
    lists = [b for b in doc.iter_blocks() if b.kind == "list"]
    assert [(b.attrs["rend"], [_norm(i.text) for i in b.children]) for b in lists] == truth.lists
    for b in lists:  # numbered items keep their numbers, bullets none
        assert [i.attrs.get("n") for i in b.children] == (
            [str(k) for k in range(1, len(b.children) + 1)] if b.attrs["rend"] == "numbered" else [None] * len(b.children))


@pytest.mark.parametrize("name", sorted(LAYOUTS))
def test_pages_and_printed_numbers(tmp_path, name):
    layout = LAYOUTS[name]
    data, truth, doc, _ = _read(tmp_path, 3, layout)
    pbs = [m for b in doc.iter_blocks() for m in b.marks if m.kind == "pb"]
    info = subprocess.run(["pdfinfo", "-"], input=data, capture_output=True).stdout.decode()
    pages = int(re.search(r"Pages:\s+(\d+)", info).group(1))
    roman = ["i", "ii", "iii", "iv"][: layout.front_pages]
    assert [m.n for m in pbs] == roman + [str(k) for k in range(1, pages - len(roman) + 1)]
    assert all(m.cert is None for m in pbs)  # every number was read, none inferred
    # the running head and the page numbers never reach the text
    text = " ".join(b.text for b in doc.iter_blocks())
    assert layout.running_head not in text
    # but the editorial declaration says what was taken out, without the folios
    forme_work = [d for d in doc.decisions if d.startswith("Running heads and feet removed")]
    assert len(forme_work) == 1 and f"«{layout.running_head}» (" in forme_work[0]
    assert not re.search(r"«\d|\d»", forme_work[0])


def test_same_pdf_same_document(tmp_path):
    data, _, doc, _ = _read(tmp_path, 4, Layout())
    again, _ = read_pdf(data, "synth.pdf", {"id": "synth"})
    assert again == doc


def test_raised_mark_without_a_note_stays_in_the_text(tmp_path):
    """A superscript that no note explains (an exponent) is text, not a note call."""
    src = tmp_path / "sup.typ"
    src.write_text('#set page(paper: "a6")\n#set text(font: "PT Serif", size: 11pt, lang: "ru")\n'
                   "Площадь города составляла 5 км#super[2] и росла.\n\nВторой абзац текста здесь.\n",
                   encoding="utf-8")
    data = typst.compile(str(src), font_paths=FONT_DIRS, ignore_system_fonts=True)
    doc, _ = read_pdf(data, "sup.pdf", {"id": "sup"})
    blocks = list(doc.iter_blocks())
    assert blocks[0].text.startswith("Площадь города составляла 5 км2 и росла.")
    assert not [m for b in blocks for m in b.marks if m.kind == "note"]


def test_document_words_decide_a_hyphen_the_lexicon_keeps():
    """An acronym broken at a line end («ВО-» / «ИС») is one word when the document prints it
    whole elsewhere and never hyphenated; without that evidence the lexicon's answer stands."""
    from tei_edition.readers.pdf import _hjoin, _vocabulary

    lines = ["Публикация ВОИС № 250 (R). Женева.", "Публикация ВО-", "ИС. 1992."]
    vocab = _vocabulary(lines)
    assert "воис" in vocab and "во" not in vocab  # a broken line end is not a word of the text
    assert _hjoin("Публикация ВО-", "ИС. 1992.", vocab) == "Публикация ВОИС. 1992."
    assert _hjoin("Публикация ВО-", "ИС. 1992.") == "Публикация ВО-ИС. 1992."
    compound = _vocabulary(["советско-японских отношений", "советскояпонских"])
    assert _hjoin("советско-", "японских", compound) == "советско-японских"


def test_picture_inside_a_form_xobject_is_found_where_it_is_drawn(tmp_path):
    """A page placed as a form XObject (as imposition and PDF editors do), scaled and moved: its
    picture is found at the place the form's matrix draws it."""
    import io

    import pypdfium2 as pdfium
    import pypdfium2.raw as raw

    from tei_edition.readers.pdf_layout import read_pages

    data, truth = make_pdf(2, Layout(images=True, sections=3), tmp_path)
    pages = read_pages(data, "synth.pdf")
    page = next(p for p in pages if p.images)
    src, dst = pdfium.PdfDocument(data), pdfium.PdfDocument.new()
    target = dst.new_page(page.width, page.height)
    form = raw.FPDF_NewFormObjectFromXObject(raw.FPDF_NewXObjectFromPage(dst.raw, src.raw, page.index))
    raw.FPDFPageObj_Transform(form, 0.5, 0, 0, 0.5, 20, 30)  # half size, 20 right and 30 up
    raw.FPDFPage_InsertObject(target.raw, form)
    raw.FPDFPage_GenerateContent(target.raw)
    out = io.BytesIO()
    dst.save(out)
    h = page.height
    expected = [(0.5 * x0 + 20, h - (0.5 * (h - top) + 30), 0.5 * x1 + 20, h - (0.5 * (h - bottom) + 30))
                for x0, top, x1, bottom in page.images]
    found = read_pages(out.getvalue(), "form.pdf")[0].images
    assert len(found) == len(expected)
    for got, want in zip(found, expected):
        assert got == pytest.approx(want, abs=0.5)


def _turned(data: bytes, angle: int, shown: int) -> bytes:
    """The PDF with every page's content turned ``angle`` degrees counter-clockwise on a page of
    the turned size (as a form XObject, the way imposition tools do it), and the page's /Rotate
    set to ``shown``."""
    import io

    import pypdfium2 as pdfium
    import pypdfium2.raw as raw

    src, dst = pdfium.PdfDocument(data), pdfium.PdfDocument.new()
    for i in range(len(src)):
        w, h = src[i].get_size()
        page = dst.new_page(*((h, w) if angle in (90, 270) else (w, h)))
        form = raw.FPDF_NewFormObjectFromXObject(raw.FPDF_NewXObjectFromPage(dst.raw, src.raw, i))
        cos, sin = {0: (1, 0), 90: (0, 1), 180: (-1, 0), 270: (0, -1)}[angle]
        move = {0: (0, 0), 90: (h, 0), 180: (w, h), 270: (0, w)}[angle]  # back onto the page
        raw.FPDFPageObj_Transform(form, cos, sin, -sin, cos, *move)
        raw.FPDFPage_InsertObject(page.raw, form)
        raw.FPDFPage_GenerateContent(page.raw)
        page.set_rotation(shown)
    out = io.BytesIO()
    dst.save(out)
    return out.getvalue()


@pytest.mark.parametrize(("name", "angle", "shown"), [
    ("a5-digits", 0, 90), ("a5-digits", 0, 270), ("a5-pictures", 0, 180),  # only /Rotate: shown turned
    ("a5-digits", 90, 0), ("a5-digits", 270, 270),  # text running up or down the page
    ("a4-two-columns-pictures-and-figures", 90, 90), ("a5-long-notes", 180, 0),
    ("a4-two-columns-symbols-roman", 270, 90),
])
def test_turned_pages_read_as_set(tmp_path, name, angle, shown):
    """A page shown turned (/Rotate) or whose text runs turned on it reads exactly as the
    upright page: the same paragraphs, notes, headings, figures, lists and page numbers."""
    data, _ = make_pdf(1, LAYOUTS[name], tmp_path)
    upright, _ = read_pdf(data, "synth.pdf", {"id": "synth"})
    turned, report = read_pdf(_turned(data, angle, shown), "synth.pdf", {"id": "synth"})
    assert turned.body == upright.body
    assert turned.decisions == upright.decisions
    assert not list(report)


def test_a_turned_page_among_upright_ones(tmp_path):
    """A landscape page set turned on a portrait page (as books set a wide table), its running
    head and folio left upright: its paragraphs read in order, its page number is read, its
    head removed."""
    src = tmp_path / "turned.typ"
    first = "Первый абзац на первой странице довольно длинный текст чтобы занять несколько строк книги."
    turned = ["Повёрнутый абзац первый довольно длинный текст чтобы занять несколько строк на повёрнутой "
              "странице книги и ещё немного слов для проверки порядка чтения.",
              "Повёрнутый абзац второй тоже длинный текст чтобы занять несколько строк на повёрнутой странице."]
    last = "Последний абзац на третьей странице книги."
    src.write_text(
        '#set page(paper: "a5", margin: (x: 2cm, y: 2.2cm), numbering: "1",\n'
        '  header: [#set text(size: 9pt); #h(1fr) Очерк истории #h(1fr)])\n'
        '#set text(font: "PT Serif", size: 11pt, lang: "ru", hyphenate: true)\n'
        '#set par(justify: true, first-line-indent: (amount: 1.5em, all: true), spacing: 0.65em)\n'
        f"{first}\n\n#pagebreak(weak: true)\n"
        "#layout(size => rotate(-90deg, reflow: true, block(width: size.height, height: size.width)[\n"
        + "\n\n".join(turned) + "\n]))\n"
        f"#pagebreak(weak: true)\n{last}\n", encoding="utf-8")
    doc, _ = read_pdf(typst.compile(str(src), font_paths=FONT_DIRS, ignore_system_fonts=True), "t.pdf", {"id": "t"})
    blocks = list(doc.iter_blocks())
    assert [(b.kind, _norm(b.text)) for b in blocks] == [("p", t) for t in [first, *turned, last]]
    assert [m.n for b in blocks for m in b.marks if m.kind == "pb"] == ["1", "2", "3"]
    assert any("«Очерк истории» (3 p.)" in d for d in doc.decisions)


def test_centred_lines_run_on_as_one_paragraph(tmp_path):
    """A block of centred lines (an author's affiliation under the name) is one paragraph,
    its words broken at line ends joined; the paragraphs after it stay apart."""
    src = tmp_path / "centred.typ"
    name = "И.И. Иванов"
    block = ("кандидат исторических наук, доцент кафедры отечественной истории и международных "
             "отношений Новосибирского государственного университета экономики")
    text = ["Первый абзац статьи довольно длинный текст чтобы занять несколько строк на странице книги.",
            "Второй абзац статьи тоже длинный текст чтобы занять несколько строк на странице книги."]
    src.write_text(
        '#set page(paper: "a5", margin: (x: 2cm, y: 2.2cm))\n'
        '#set text(font: "PT Serif", size: 11pt, lang: "ru", hyphenate: true)\n'
        '#set par(justify: true, first-line-indent: (amount: 1.5em, all: true), spacing: 0.65em)\n'
        f"#align(center, block(width: 55%)[#set par(justify: false, first-line-indent: 0pt)\n*{name}*\n\n{block}])\n\n"
        + "\n\n".join(text) + "\n", encoding="utf-8")
    data = typst.compile(str(src), font_paths=FONT_DIRS, ignore_system_fonts=True)
    lines = subprocess.run(["pdftotext", "-", "-"], input=data, capture_output=True).stdout.decode()
    assert re.search(r"[-\u00ad]\n", lines.split("Первый")[0])  # the block does break a word at a line end
    doc, _ = read_pdf(data, "c.pdf", {"id": "c"})
    assert [_norm(b.text) for b in doc.iter_blocks()] == [name, block, *text]


@pytest.mark.parametrize("after", [
    "Абзац после таблицы тоже довольно длинный текст чтобы занять несколько строк книги.",
    "Абзац после.",  # the last page's text narrower than the table: the table is still read
])
def test_a_table_running_on_to_the_next_pages_is_one_table(tmp_path, after):
    """A long table broken across pages, its label row repeated on each: one table, the labels
    once, each page break at the first cell set on the new page."""
    import random

    rng = random.Random(5)
    rows = [[str(1900 + k), " ".join(rng.choice(WORDS) for _ in range(rng.randint(1, 2))).capitalize(),
             rng.choice(WORDS).capitalize()] for k in range(40)]
    labels = ["Год", "Событие", "Место"]
    cells = ", ".join(f"[{c}]" for row in rows for c in row)
    before = "Абзац перед таблицей довольно длинный текст чтобы занять несколько строк книги."
    src = tmp_path / "long.typ"
    src.write_text(
        '#set page(paper: "a6", margin: (x: 1.5cm, y: 2cm), numbering: "1")\n'
        '#set text(font: "PT Serif", size: 10pt, lang: "ru")\n'
        '#set par(justify: true, first-line-indent: (amount: 1.5em, all: true), spacing: 0.65em)\n'
        f"{before}\n\n#[#set par(justify: false)\n#table(columns: 3, table.header([*{labels[0]}*], [*{labels[1]}*], [*{labels[2]}*]), {cells})]\n\n"
        f"{after}\n", encoding="utf-8")
    data = typst.compile(str(src), font_paths=FONT_DIRS, ignore_system_fonts=True)
    doc, _ = read_pdf(data, "long.pdf", {"id": "long"})
    blocks = [b for b in doc.iter_blocks() if b.kind in ("p", "table")]
    assert [b.kind for b in blocks] == ["p", "table", "p"]
    table = blocks[1]
    assert [[_norm(c.text) for c in r.children] for r in table.children] == [labels, *rows]
    assert table.children[0].attrs.get("role") == "label"
    breaks = [(k, m.n) for k, r in enumerate(table.children) for m in r.children[0].marks if m.kind == "pb"]
    pages = int(re.search(r"Pages:\s+(\d+)", subprocess.run(["pdfinfo", "-"], input=data, capture_output=True)
                          .stdout.decode()).group(1))
    assert [n for _, n in breaks] == [str(k) for k in range(2, pages + 1)]
    assert all(k > 1 for k, _ in breaks)


@pytest.mark.parametrize("logo", ["image", "drawing"])
def test_a_logo_on_every_page_is_no_figure(tmp_path, logo):
    """A picture in the running head of every page (a publisher's logo, raster or drawn) is
    forme work: the pictures and captions of the text read back as without it."""
    layout = Layout(images=True, sections=3)
    data, truth = make_pdf(2, layout, tmp_path)
    src = next(tmp_path.glob("synth-2.typ"))
    mark = ('image("grey.png", width: 1.6cm, height: 1.6cm)' if logo == "image"
            else "rect(width: 1.6cm, height: 1.6cm, fill: luma(90))")
    text = src.read_text(encoding="utf-8").replace("header: [", f"header: [#place(left + horizon, {mark})", 1)
    src.write_text(text, encoding="utf-8")
    data = typst.compile(str(src), font_paths=FONT_DIRS, ignore_system_fonts=True)
    doc, _ = read_pdf(data, "logo.pdf", {"id": "logo"})
    assert [_norm(b.text) for b in doc.iter_blocks() if b.kind == "figure"] == truth.captions
    assert [_norm(b.text) for b in doc.iter_blocks() if b.kind == "p"] == truth.paragraphs
