"""``tei-edition render pdf`` and the print options: sizes, chapter breaks, errors (issue 6)."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

pytest.importorskip("typst", reason="typst is not installed (pip install typst)")
pytest.importorskip("saxonche", reason="saxonche is not installed")
if shutil.which("pdfinfo") is None:
    pytest.skip("pdfinfo not found (Debian package poppler-utils)", allow_module_level=True)

from tei_edition.cli.render_pdf import pdf, render  # noqa: E402
from tei_edition.diagnostics import EditionError  # noqa: E402
from tei_edition.render.pdf import PrintOptions, default_output, render_pdf  # noqa: E402

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "pdf"
MINI = FIXTURES / "mini.xml"


def _info(path: Path) -> str:
    return subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout


def test_pdf_cli_default_output_is_build_pdf_text_id(tmp_path):
    result = CliRunner().invoke(render, ["pdf", str(MINI), "--build-dir", str(tmp_path / "build")])
    assert result.exit_code == 0, result.output
    out = tmp_path / "build" / "pdf" / "mini.pdf"
    assert out.is_file() and str(out) in result.output
    assert default_output(MINI) == Path("build/pdf/mini.pdf")
    assert not list(out.parent.glob("*.tmp"))  # written atomically, no leftovers


def test_pdf_cli_a4_without_chapter_breaks(tmp_path):
    out = tmp_path / "a4.pdf"
    result = CliRunner().invoke(pdf, [str(MINI), "-o", str(out), "--page-size", "a4", "--chapter-break", "none"])
    assert result.exit_code == 0, result.output
    info = _info(out)
    assert re.search(r"Page size:\s+595\.2\d* x 841\.8", info)
    assert int(re.search(r"Pages:\s+(\d+)", info).group(1)) < 12


def test_pdf_cli_output_with_several_inputs_is_a_usage_error(tmp_path):
    result = CliRunner().invoke(pdf, [str(MINI), str(MINI), "-o", str(tmp_path / "x.pdf")])
    assert result.exit_code == 2


def test_pdf_cli_bad_input_fails_cleanly(tmp_path):
    bad = tmp_path / "bad.xml"
    bad.write_text("<TEI xmlns='http://www.tei-c.org/ns/1.0'><unclosed></TEI>", encoding="utf-8")
    result = CliRunner().invoke(pdf, [str(bad), "-o", str(tmp_path / "bad.pdf")])
    assert result.exit_code == 1
    assert "cannot read TEI" in result.output
    assert not (tmp_path / "bad.pdf").exists()


@pytest.mark.parametrize("options", [PrintOptions(page_size="Letter"), PrintOptions(chapter_break="odd")])
def test_pdf_render_rejects_unknown_options(tmp_path, options):
    with pytest.raises(EditionError):
        render_pdf(MINI, tmp_path / "x.pdf", options=options)


def test_pdf_render_warns_about_unresolved_refs(tmp_path):
    # without the registers file beside it, the fixture's mentions resolve nowhere
    text = tmp_path / "mini.xml"
    text.write_bytes(MINI.read_bytes())
    diags = render_pdf(text, tmp_path / "mini.pdf")
    codes = {d.code for d in diags}
    assert "print-no-registers" in codes and "print-ref-unresolved" in codes


@pytest.mark.skipif(shutil.which("pdftohtml") is None, reason="pdftohtml not found (poppler-utils)")
def test_pdf_render_bookmarks_follow_headings(tmp_path):
    out = tmp_path / "mini.pdf"
    render_pdf(MINI, out, registers=FIXTURES / "registers.xml")
    xml = subprocess.run(["pdftohtml", "-xml", "-i", "-stdout", str(out)], capture_output=True, text=True,
                         check=True).stdout
    items = re.findall(r'<item page="\d+">(.*?)</item>', xml)
    assert items[:4] == ["Содержание", "Глава 1. Начало переговоров", "1.1. Пекинская конференция",
                         "1.2. Договор 1925 года"]
    assert "Именной указатель" in items
