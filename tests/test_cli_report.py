"""One exit policy and one way to report for every command (tei_edition.cli.report).

0 success, 1 the input is bad or invalid, 2 usage, configuration or I/O problem; an error is
one line ``error: FILE: message``, an unexpected fault one line too, never a traceback.
"""

from __future__ import annotations

import json
import socket
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from conftest import run_cli
from tei_edition.cli.app import main
from tei_edition.cli.report import Command, Group, command
from tei_edition.diagnostics import Diagnostic, EditionError, exit_status


@pytest.mark.parametrize("code, status", [
    ("source-empty", 1), ("source-binary", 1), ("notes-missing", 1), ("curation-invalid", 1), ("html-input", 1),
    ("ner-input", 1), ("invalid-output", 1),
    ("usage", 2), ("config-unknown-key", 2), ("config-missing", 2), ("output-unwritable", 2),
    ("executor-unreachable", 2), ("source-missing", 2), ("source-unreadable", 2), ("profile-unknown", 2),
    ("io-error", 2), ("tool-error", 2), ("xml-too-large", 2),
    ("configuration", 1), ("usages", 1),  # a prefix counts only where the table says so
])
def test_exit_status_of_an_error(code, status):
    assert exit_status(EditionError("f", "m", code)) == status


@pytest.mark.parametrize("diags, status", [
    ([], 0),
    ([Diagnostic("a", 1, "warning", "note-unmatched", "m"), Diagnostic("a", 2, "info", "x", "m")], 0),
    ([Diagnostic("a", 1, "error", "rng", "m")], 1),
    ([Diagnostic("a", 1, "error", "rng", "m"), Diagnostic("b", 0, "error", "io-error", "m")], 2),
    ([Diagnostic("b", 0, "warning", "io-error", "m")], 0),  # only errors fail a run
])
def test_exit_status_of_diagnostics(diags, status):
    assert exit_status(diags) == status


def _raising(exc: BaseException) -> click.Command:
    @command("x")
    def x() -> None:
        raise exc
    return x


@pytest.mark.parametrize("exc, status, line", [
    (EditionError("a.txt", "file is empty", "source-empty"), 1, "error: a.txt: file is empty"),
    (EditionError("edition.toml", "missing key 'id'", "config-missing-key"), 2, "error: edition.toml: missing key 'id'"),
    (PermissionError(13, "Permission denied", "out/x.xml"), 2, "error: out/x.xml: Permission denied"),
    (ValueError("boom"), 1, "error: internal error: ValueError: boom (set TEI_EDITION_DEBUG=1 for details)"),
])
def test_command_reports_one_line_and_the_policy_status(exc, status, line, monkeypatch):
    monkeypatch.delenv("TEI_EDITION_DEBUG", raising=False)
    res = CliRunner().invoke(_raising(exc), [])
    assert res.exit_code == status
    assert res.output.splitlines() == [line]


def test_error_carrying_diagnostics_prints_them_first():
    class Invalid(EditionError):
        def __init__(self):
            self.diagnostics = [Diagnostic("t.xml", 9, "error", "rng", "bad"), Diagnostic("t.xml", 2, "error", "rng", "x")]
            super().__init__("", "the build produced invalid TEI (2 errors); nothing was written", "invalid-output")

    res = CliRunner().invoke(_raising(Invalid()), [])
    assert res.exit_code == 1
    assert res.output.splitlines() == ["t.xml:2: error: x [rng]", "t.xml:9: error: bad [rng]",
                                       "error: the build produced invalid TEI (2 errors); nothing was written"]


def _commands(group: click.Group, prefix: str = ""):
    for name, cmd in sorted(group.commands.items()):
        yield f"{prefix}{name}", cmd
        if isinstance(cmd, click.Group):
            yield from _commands(cmd, f"{prefix}{name} ")


def test_every_command_reports_through_the_one_policy():
    """Every command (and the group) is a report.Command / report.Group: an error escaping any of
    them gets the same line and status, whether run through ``tei-edition`` or on its own."""
    found = dict(_commands(main))
    assert {"build", "convert", "render", "render html", "render pdf", "render epub", "validate", "registers",
            "review", "curate", "curate merge", "ner", "serve", "new", "annotate"} <= set(found)
    assert isinstance(main, Group)
    for name, cmd in found.items():
        assert isinstance(cmd, (Command, Group)), name


def test_serve_busy_port_is_an_io_problem(tmp_path):
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen(1)
        port = busy.getsockname()[1]
        res = run_cli(["serve", "--config", tmp_path / "edition.toml", "--port", port], tmp_path)
    assert res.exit_code == 2
    (line,) = res.output.splitlines()
    assert line.startswith(f"error: cannot listen on 127.0.0.1:{port}: ")


def test_ner_unreadable_input_and_output(tmp_path):
    res = run_cli(["ner", tmp_path / "missing.jsonl"], tmp_path)
    assert res.exit_code == 2 and res.output.startswith(f"error: {tmp_path / 'missing.jsonl'}: cannot read: ")
    src = tmp_path / "in.jsonl"
    src.write_text(json.dumps({"id": 1, "text": "x"}) + "\n", encoding="utf-8")
    (tmp_path / "dir").mkdir()
    res = run_cli(["ner", src, "-o", tmp_path / "dir"], tmp_path)
    assert res.exit_code == 2 and "cannot write output" in res.output


@pytest.mark.parametrize("args", [
    ["render", "epub", "A", "B", "-o", "x.epub"],
    ["render", "pdf", "A", "B", "-o", "x.pdf"],
])
def test_one_output_for_several_inputs_is_a_usage_error(tmp_path, args):
    for name in ("A", "B"):
        (tmp_path / name).write_text("<TEI/>", encoding="utf-8")
    res = run_cli(args, tmp_path)
    assert res.exit_code == 2 and "-o names one output" in res.output
    assert not (tmp_path / args[-1]).exists()


def test_convert_config_that_does_not_list_the_source(tmp_path):
    (tmp_path / "a.txt").write_text("Текст.\n", encoding="utf-8")
    (tmp_path / "b.txt").write_text("Текст.\n", encoding="utf-8")
    (tmp_path / "edition.toml").write_text('[[source]]\nid = "a"\nfile = "a.txt"\n', encoding="utf-8")
    res = run_cli(["convert", "b.txt", "-o", "b.xml", "--config", "edition.toml"], tmp_path)
    assert res.exit_code == 2
    assert res.output.splitlines() == ["error: edition.toml: b.txt is not listed as a source; pass --profile"]
    assert not (tmp_path / "b.xml").exists()


def test_tei_inputs_split_texts_and_registers(tmp_path):
    from tei_edition.tei.files import edition_files, split_inputs

    tei = tmp_path / "tei"
    tei.mkdir()
    for name in ("b.xml", "a.xml", "registers.xml"):
        (tei / name).write_text("<TEI/>", encoding="utf-8")
    assert split_inputs([tei]) == ([tei / "a.xml", tei / "b.xml"], tei / "registers.xml")
    assert split_inputs([tei / "b.xml"]) == ([tei / "b.xml"], tei / "registers.xml")  # found beside the text
    other = tmp_path / "other.xml"
    assert split_inputs([tei / "a.xml"], other) == ([tei / "a.xml"], other)
    assert edition_files(tei) == (tei / "registers.xml", [tei / "a.xml", tei / "b.xml"])
    (tei / "registers.xml").unlink()
    assert split_inputs([tei / "a.xml"]) == ([tei / "a.xml"], None)
    assert edition_files(tei) == (None, [tei / "a.xml", tei / "b.xml"])
    assert edition_files(Path(tmp_path / "none")) == (None, [])
