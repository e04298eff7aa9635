"""``render_text_pages`` (the desk's quick update of one text) writes a text's folder with the
bytes a full ``render_html`` gives it, and nothing else."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import ROOT
from tei_edition.build.publish import render_html, render_text_pages
from tei_edition.render.html import transform_registers

TEI_DIR = ROOT / "tei"


def _files(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_text_pages_same_bytes_as_the_full_site(tmp_path):
    registers = TEI_DIR / "registers.xml"
    texts = sorted(p for p in TEI_DIR.glob("*.xml") if p != registers)
    if not registers.is_file() or not texts:
        pytest.skip("the edition's TEI is not built")
    pdf = tmp_path / "pdf"
    pdf.mkdir()
    full = tmp_path / "full"
    render_html(texts, full, registers=registers, site_title="Издание", pdf_dir=pdf,
                base_url="https://example.org/ed/")
    quick = tmp_path / "quick"
    nav = transform_registers(texts, registers=registers)
    text = next(p for p in texts if p.stem == "thesis") if (TEI_DIR / "thesis.xml").is_file() else texts[0]
    tid = render_text_pages(text, quick, register_pages=nav, registers=registers, site_title="Издание",
                            pdf_dir=pdf, base_url="https://example.org/ed/")
    written = _files(quick)
    assert written and all(rel.startswith(f"{tid}/") for rel in written)  # only the text's folder
    expected = {rel: data for rel, data in _files(full).items() if rel.startswith(f"{tid}/")}
    assert sorted(written) == sorted(expected)
    assert [rel for rel in expected if written[rel] != expected[rel]] == []


def test_text_pages_refuse_a_register_file(tmp_path):
    from tei_edition.diagnostics import EditionError

    if not (TEI_DIR / "registers.xml").is_file():
        pytest.skip("the edition's TEI is not built")
    with pytest.raises(EditionError, match="not a TEI text"):
        render_text_pages(TEI_DIR / "registers.xml", tmp_path, register_pages=[])
