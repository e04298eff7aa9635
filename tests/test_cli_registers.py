"""`tei-edition registers`, `review` and `curate` on a small built edition (no model run)."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from click.testing import CliRunner

from tei_edition.annotate.curation import load_curation
from tei_edition.annotate.linking import Registers
from tei_edition.tei.registers import registers_to_tei
from tei_edition.cli.registers import curate, registers, review
from tei_edition.model import Block, Document, Metadata, Span
from tei_edition.tei.writer import build_tei, serialize

TEXT = "Карахан встретился с Иосидзава в Пекине. Позднее Карахан писал Чжану в Токио."
def _span(text: str, surface: str, kind: str, ident: str, nth: int = 0, auto: bool = True) -> Span:
    start = -1
    for _ in range(nth + 1):
        start = text.index(surface, start + 1)
    return Span(start, start + len(surface), kind, ident, auto=auto)


@pytest.fixture()
def edition(tmp_path: Path) -> Path:
    """tei/ with one annotated text and its registers: one unresolved and one ambiguous mention."""
    spans = [_span(TEXT, "Карахан", "person", "per-karakhan"),
             _span(TEXT, "Иосидзава", "person", "per-iosidzava"),
             _span(TEXT, "Пекине", "place", "pl-beijing", auto=False),
             _span(TEXT, "Карахан", "person", "per-karakhan-jr", nth=1),
             _span(TEXT, "Чжану", "person", "per-nobody"),
             _span(TEXT, "Токио", "place", "pl-tokyo")]
    doc = Document("d", Metadata(title="Test"), body=[Block("p", TEXT, spans=spans)])
    reg = Registers()
    for s in spans[:4] + spans[5:]:
        reg.add(s.key, s.kind, TEXT[s.start:s.end], TEXT[s.start:s.end])
    tei = tmp_path / "tei"
    tei.mkdir()
    (tei / "d.xml").write_bytes(serialize(build_tei(doc)))
    (tei / "registers.xml").write_bytes(serialize(registers_to_tei(reg)))
    return tmp_path


def _run(cmd, args, cwd: Path):
    return CliRunner().invoke(cmd, args + ["--tei-dir", str(cwd / "tei")] if cmd is not curate else args,
                              catch_exceptions=False)


@pytest.mark.parametrize("args, lines", [
    ([], ["per-iosidzava\tperson\t1\tИосидзава\t", "per-karakhan\tperson\t1\tКарахан\t",
          "per-karakhan-jr\tperson\t1\tКарахан\t", "pl-beijing\tplace\t1\tПекине\t", "pl-tokyo\tplace\t1\tТокио\t"]),
    (["--type", "place"], ["pl-beijing\tplace\t1\tПекине\t", "pl-tokyo\tplace\t1\tТокио\t"]),
    (["--unlinked"], ["d:", "Чжану", "registers.xml#per-nobody"]),
    (["--ambiguous"], ["Карахан\tper-karakhan (1), per-karakhan-jr (1)"]),
])
def test_cli_registers_listing(edition, args, lines):
    res = _run(registers, args, edition)
    assert res.exit_code == 0, res.output
    out = res.output
    for line in lines:
        assert line in out
    if args == ["--type", "place"]:
        assert "per-" not in out
    if args == ["--unlinked"]:
        assert len(out.strip().splitlines()) == 1


def test_cli_registers_without_build(tmp_path):
    res = CliRunner().invoke(registers, ["--tei-dir", str(tmp_path)])
    assert res.exit_code == 2 and "run `tei-edition build` first" in res.output


@pytest.mark.parametrize("name", ["review.csv", "review.html"])
def test_cli_review_report(edition, name):
    out = edition / name
    res = _run(review, ["-o", str(out)], edition)
    assert res.exit_code == 0, res.output
    text = out.read_text(encoding="utf-8")
    if name.endswith(".csv"):
        rows = list(csv.DictReader(io.StringIO(text)))
        by_text = {(r["text"], r["entry"]): r for r in rows}
        assert "unresolved" in by_text[("Чжану", "per-nobody")]["reasons"]
        assert "ambiguous" in by_text[("Карахан", "per-karakhan")]["reasons"]
        assert ("Пекине", "pl-beijing") not in by_text  # an editor's mention is settled
        assert rows == sorted(rows, key=lambda r: -int(r["score"]))
        assert all(r["text"] in r["context"] for r in rows)
        assert by_text[("Чжану", "per-nobody")]["command"].startswith("tei-edition curate reject --doc d")
    else:
        assert text.startswith("<!DOCTYPE html>") and "<mark>Чжану</mark>" in text


def test_cli_review_rejects_unknown_format(edition):
    res = _run(review, ["-o", str(edition / "review.txt")], edition)
    assert res.exit_code == 2


@pytest.mark.parametrize("args, expected", [
    (["reject", "--doc", "d", "--text", "Чжану"],
     {"action": "reject", "text": "Чжану", "context": "Позднее Карахан писал Чжану в Токио."}),
    (["relink", "--doc", "d", "--text", "Карахан", "--context", "Позднее Карахан писал", "--ref", "per-karakhan"],
     {"action": "relink", "ref": "per-karakhan", "context": "Позднее Карахан писал"}),
    (["retype", "--doc", "d", "--text", "Токио", "--type", "org"], {"action": "retype", "type": "org"}),
    (["add", "--doc", "d", "--text", "Позднее", "--type", "person", "--note", "test"],
     {"action": "add", "type": "person", "note": "test"}),
    (["accept", "--doc", "d", "--text", "Карахан", "--all"], {"action": "accept", "context": ""}),
])
def test_cli_curate_records_decisions(edition, args, expected):
    folder = edition / "curation"
    res = _run(curate, args + ["--tei-dir", str(edition / "tei"), "--curation-dir", str(folder)], edition)
    assert res.exit_code == 0, res.output
    (d,) = load_curation(folder).decisions
    for key, value in expected.items():
        assert getattr(d, key) == value
    assert d.doc == "d" and d.date  # dated for the editors' history


def test_cli_curate_repeated_text_needs_context(edition):
    folder = edition / "curation"
    res = _run(curate, ["reject", "--doc", "d", "--text", "Карахан", "--tei-dir", str(edition / "tei"),
                        "--curation-dir", str(folder)], edition)
    assert res.exit_code == 2 and "occurs 2 times" in res.output and "--context" in res.output
    assert not (folder / "decisions.toml").exists()


def test_cli_curate_merge_and_entry(edition):
    folder = edition / "curation"
    r1 = _run(curate, ["merge", "per-karakhan-jr", "per-karakhan", "--curation-dir", str(folder)], edition)
    r2 = _run(curate, ["entry", "--type", "place", "--id", "pl-tokyo", "--name", "Токио", "--wikidata", "Q1490",
                       "--lat", "35.68", "--lon", "139.77", "--curation-dir", str(folder)], edition)
    r3 = _run(curate, ["entry", "--type", "place", "--id", "pl-tokyo", "--name", "Токио",
                       "--curation-dir", str(folder)], edition)
    assert (r1.exit_code, r2.exit_code, r3.exit_code) == (0, 0, 1)
    assert "already curated at line" in r3.output
    cur = load_curation(folder)
    assert [(m.source, m.into) for m in cur.merges] == [("per-karakhan-jr", "per-karakhan")]
    assert [(e.id, e.wikidata, e.geo) for e in cur.entries] == [("pl-tokyo", "Q1490", (35.68, 139.77))]
