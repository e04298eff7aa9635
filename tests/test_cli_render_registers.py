"""`render html` finds the corpus registers in every way of calling it (README: registers.xml
next to the TEI files): no arguments (the config's tei_dir), a folder, TEI files named one by
one, the register file named among them, --registers; and warns only when there is none."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from conftest import run_cli

FIX = Path(__file__).resolve().parent / "fixtures" / "html"


@pytest.fixture
def project(tmp_path):
    tei = tmp_path / "tei"
    tei.mkdir()
    for name in ("mini.xml", "mini2.xml", "registers.xml"):
        shutil.copyfile(FIX / name, tei / name)
    return tmp_path


def _run(args, cwd: Path):
    return run_cli(["render", "html", *args], cwd)


def _registers_used(site: Path) -> bool:
    """True when the register pages come from registers.xml (its canonical names, no warnings)."""
    persons = (site / "persons.html").read_text(encoding="utf-8")
    return "Карахан, Лев" in persons


@pytest.mark.parametrize("args", [
    [],                                              # the config's tei_dir (default tei/)
    ["tei"],                                         # a folder
    ["tei/mini.xml", "tei/mini2.xml"],               # TEI files named one by one
    ["tei/mini.xml"],                                # one TEI file
    ["tei/mini.xml", "tei/registers.xml"],           # the register file named among them
    ["tei/mini.xml", "--registers", "tei/registers.xml"],
], ids=["no-args", "folder", "files", "one-file", "registers-named", "registers-option"])
def test_render_html_finds_registers(project, args):
    res = _run([*args, "-o", "site"], project)
    assert res.exit_code == 0, res.output
    assert "html-ref-unresolved" not in res.output
    assert _registers_used(project / "site")


def test_render_html_without_registers_warns(project):
    (project / "tei" / "registers.xml").unlink()
    res = _run(["tei/mini.xml", "-o", "site"], project)
    assert res.exit_code == 0, res.output
    assert "html-ref-unresolved" in res.output
    assert not _registers_used(project / "site")
