"""`tei-edition convert FILE.pdf` end to end: a typeset PDF becomes valid TEI; bad PDFs (encrypted,
damaged, no text layer, too large) give one line naming the file and the problem, a non-zero exit
and no output; `--ocr` adds the missing text layer first."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import run_cli
from tei_edition.readers import pdf_layout, pdf_source

sys.path.insert(0, str(Path(__file__).parent))
from pdf_synth import FONT_DIRS, Layout, make_pdf  # noqa: E402

pytest.importorskip("typst")
pytestmark = pytest.mark.skipif(not FONT_DIRS, reason="PT Serif (fonts-paratype) is not installed")


run = run_cli


@pytest.fixture
def good_pdf(tmp_path) -> Path:
    data, _ = make_pdf(7, Layout(sections=2), tmp_path)
    path = tmp_path / "book.pdf"
    path.write_bytes(data)
    return path


def _typst_pdf(tmp_path: Path, body: str, name: str) -> Path:
    import typst

    src = tmp_path / f"{name}.typ"
    src.write_text(body, encoding="utf-8")
    out = tmp_path / f"{name}.pdf"
    out.write_bytes(typst.compile(str(src), font_paths=FONT_DIRS, ignore_system_fonts=True))
    return out


def _error_line(result) -> str:
    lines = [ln for ln in result.output.splitlines() if ln.strip()]
    assert len(lines) == 1, result.output
    return lines[0]


def test_convert_pdf_writes_valid_tei(tmp_path, good_pdf):
    out = tmp_path / "book.xml"
    result = run(["convert", good_pdf, "-o", out], tmp_path)
    assert result.exit_code == 0, result.output
    text = out.read_text(encoding="utf-8")
    assert "<note " in text and "<pb " in text and "<head>" in text
    assert run(["validate", out], tmp_path).exit_code == 0


def test_pdf_chosen_by_content_whatever_the_name_or_profile(tmp_path, good_pdf):
    renamed = tmp_path / "book.txt"
    shutil.copy(good_pdf, renamed)
    out = tmp_path / "a.xml"
    result = run(["convert", renamed, "-o", out, "--profile", "thesis-text"], tmp_path)
    assert result.exit_code == 0, result.output
    tei = out.read_text(encoding="utf-8")
    assert "(pdf profile)" in tei and "<note " in tei


def test_same_pdf_same_bytes(tmp_path, good_pdf):
    outs = [tmp_path / "1.xml", tmp_path / "2.xml"]
    for out in outs:
        assert run(["convert", good_pdf, "-o", out], tmp_path).exit_code == 0
    assert outs[0].read_bytes() == outs[1].read_bytes()


@pytest.mark.parametrize("cut", [0.3, 0.6])
def test_damaged_pdf(tmp_path, good_pdf, cut):
    data = good_pdf.read_bytes()
    bad = tmp_path / "bad.pdf"
    bad.write_bytes(data[: int(len(data) * cut)])
    out = tmp_path / "bad.xml"
    result = run(["convert", bad, "-o", out], tmp_path)
    assert result.exit_code != 0
    line = _error_line(result)
    assert "bad.pdf" in line and ("damaged" in line or "no text layer" in line)
    assert not out.exists()


def test_garbage_with_pdf_name(tmp_path):
    bad = tmp_path / "notes.pdf"
    bad.write_bytes(b"%PDF-1.7\n" + bytes(range(256)) * 40)
    out = tmp_path / "x.xml"
    result = run(["convert", bad, "-o", out], tmp_path)
    assert result.exit_code == 1
    assert "notes.pdf" in _error_line(result) and "damaged" in _error_line(result)
    assert not out.exists()


@pytest.mark.skipif(shutil.which("gs") is None, reason="Ghostscript is not installed")
def test_encrypted_pdf(tmp_path, good_pdf):
    enc = tmp_path / "locked.pdf"
    subprocess.run(["gs", "-q", "-sDEVICE=pdfwrite", "-sOwnerPassword=owner", "-sUserPassword=user",
                    "-dEncryptionR=3", "-dKeyLength=128", "-o", str(enc), str(good_pdf)], check=True)
    out = tmp_path / "x.xml"
    result = run(["convert", enc, "-o", out], tmp_path)
    assert result.exit_code == 1
    line = _error_line(result)
    assert "locked.pdf" in line and "encrypted" in line
    assert not out.exists()


def test_no_text_layer(tmp_path):
    scan = _typst_pdf(tmp_path, '#set page(paper: "a6")\n#rect(width: 80%, height: 40%, fill: gray)\n'
                      "#pagebreak()\n#circle(radius: 2cm)\n", "scan")
    out = tmp_path / "x.xml"
    result = run(["convert", scan, "-o", out], tmp_path)
    assert result.exit_code == 1
    line = _error_line(result)
    assert "scan.pdf" in line and "no text layer" in line and "--ocr" in line
    assert not out.exists()


def test_too_many_pages_and_too_large(tmp_path, good_pdf, monkeypatch):
    out = tmp_path / "x.xml"
    monkeypatch.setattr(pdf_layout, "MAX_PDF_PAGES", 2)
    result = run(["convert", good_pdf, "-o", out], tmp_path)
    assert result.exit_code == 1 and "pages, more than the 2 supported" in _error_line(result)
    monkeypatch.setattr(pdf_source, "MAX_PDF_BYTES", 1000)
    result = run(["convert", good_pdf, "-o", out], tmp_path)
    assert result.exit_code == 1 and "larger than" in _error_line(result)
    assert not out.exists()


def test_output_of_a_failed_conversion_is_left_alone(tmp_path):
    bad = tmp_path / "bad.pdf"
    bad.write_bytes(b"%PDF-1.4\n%%EOF\n")
    out = tmp_path / "x.xml"
    out.write_text("previous", encoding="utf-8")
    assert run(["convert", bad, "-o", out], tmp_path).exit_code == 1
    assert out.read_text(encoding="utf-8") == "previous"


@pytest.mark.skipif(shutil.which("ocrmypdf") is None or shutil.which("pdftoppm") is None,
                    reason="OCRmyPDF or poppler is not installed")
def test_ocr_adds_the_text_layer(tmp_path):
    text = _typst_pdf(tmp_path, '#set page(paper: "a6")\n#set text(font: "PT Serif", size: 14pt, lang: "ru")\n'
                      "Государство и право. Советский договор был подписан в городе.\n", "typed")
    subprocess.run(["pdftoppm", "-r", "300", "-png", "-singlefile", str(text), str(tmp_path / "page")], check=True)
    scan = _typst_pdf(tmp_path, '#set page(paper: "a6", margin: 0pt)\n#image("page.png", width: 100%)\n', "scan")
    out = tmp_path / "x.xml"
    assert "no text layer" in _error_line(run(["convert", scan, "-o", out], tmp_path))
    result = run(["convert", scan, "-o", out, "--ocr"], tmp_path)
    assert result.exit_code == 0, result.output
    tei = out.read_text(encoding="utf-8")
    assert "Государство" in tei and "договор" in tei


_TEI = {"t": "http://www.tei-c.org/ns/1.0"}


def _converted_valid(tmp_path: Path, layout: Layout, seed: int):
    """Convert a typeset PDF: (its truth, the TEI tree), after checking the TEI is valid."""
    from lxml import etree

    data, truth = make_pdf(seed, layout, tmp_path)
    src = tmp_path / "typeset.pdf"
    src.write_bytes(data)
    out = tmp_path / "typeset.xml"
    assert run(["convert", src, "-o", out], tmp_path).exit_code == 0
    assert run(["validate", out], tmp_path).exit_code == 0
    return truth, etree.parse(str(out))


def _words(el) -> str:
    return " ".join("".join(el.itertext()).split())


def test_notes_of_several_paragraphs_are_valid_tei(tmp_path):
    """A footnote of several paragraphs becomes a note of as many ``p`` (and no loose text), and
    the TEI stays valid."""
    truth, tree = _converted_valid(tmp_path, Layout(note_paragraphs=True, sections=2), 2)
    notes = tree.findall(".//t:text//t:note", _TEI)
    got = [[_words(p) for p in n.findall("t:p", _TEI)] or [_words(n)] for n in notes]
    assert got == truth.note_paragraphs and any(len(p) > 1 for p in got)
    assert all(not (n.text or "").strip() for n in notes if len(n))  # paragraphs only, no loose text


def test_note_paragraphs_keep_their_annotations():
    """The writer cuts a note's annotations at its paragraph boundaries: nothing runs from one
    paragraph into the next, and the words stay."""
    from lxml import etree

    from tei_edition.model import Mark, Span
    from tei_edition.tei.ns import TEI_NS
    from tei_edition.tei.writer import inline

    text = "Первый абзац о Москве. Второй абзац о Петербурге."
    k = text.index("Второй")
    m, a = text.index("Москве"), text.index("абзац")
    spans = [Span(m, m + 6, "place", "pl-moskva"), Span(a, k + 6, "bibl")]  # the second crosses the break
    p = etree.Element(f"{{{TEI_NS}}}p")
    inline(p, "Текст", [Mark(5, "note", n="1", text=text, paras=(k,), spans=spans)])
    note = p[0]
    paras = note.findall(f"{{{TEI_NS}}}p")
    assert ["".join(x.itertext()) for x in paras] == ["Первый абзац о Москве.", "Второй абзац о Петербурге."]
    assert [x.text for x in note.iter(f"{{{TEI_NS}}}placeName")] == ["Москве"]
    assert ["".join(b.itertext()) for b in note.iter(f"{{{TEI_NS}}}bibl")] == ["абзац о Москве.", "Второй"]


def test_tables_are_valid_tei(tmp_path):
    """Tables read from the layout become table/row/cell, valid against the project's schema."""
    truth, tree = _converted_valid(tmp_path, Layout(tables=True, sections=3), 1)
    tables = tree.findall(".//t:body//t:table", _TEI)
    got = [[[_words(c) for c in r.findall("t:cell", _TEI)] for r in t.findall("t:row", _TEI)] for t in tables]
    assert got == [rows for _, rows in truth.tables] and got
