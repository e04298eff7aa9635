"""``tei-edition validate`` command, tested on the click command object itself."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from tei_edition.cli.validate import validate

FIXTURES = Path(__file__).resolve().parent / "fixtures"


def _run(*args: str):
    return CliRunner().invoke(validate, [*args])


def test_validate_cli_valid_folder_exits_0():
    res = _run(str(FIXTURES / "valid"))
    assert res.exit_code == 0, res.output
    assert "4 files checked, 0 invalid: 0 errors, 0 warnings" in res.output


def test_validate_cli_invalid_file_lines_sorted_with_rule_ids():
    path = FIXTURES / "invalid" / "pb-order.xml"
    res = _run(str(path), "--no-hints")
    assert res.exit_code == 1
    lines = res.output.splitlines()
    assert lines[:2] == [
        f'{path}:22:50: error: page break n="15" does not increase: the previous page break has n="15" [pb-order]',
        f'{path}:22:68: error: page break n="3" does not increase: the previous page break has n="15" [pb-order]',
    ]
    assert lines[2] == "1 file checked, 1 invalid: 2 errors, 0 warnings"


def test_validate_cli_hint_on_the_same_line():
    res = _run(str(FIXTURES / "invalid" / "note-without-n.xml"))
    assert "[note-n] (fix: Add n=" in res.output.splitlines()[0]


def test_validate_cli_missing_path_exits_2():
    res = _run(str(FIXTURES / "nope.xml"))
    assert res.exit_code == 2
    assert "no such file or folder [io-error]" in res.output


def test_validate_cli_usage_error_exits_2():
    assert _run().exit_code == 2
    assert _run(str(FIXTURES / "valid"), "--format", "yaml").exit_code == 2


def test_validate_cli_json_format():
    res = _run(str(FIXTURES / "invalid" / "corpus"), "--format", "json")
    assert res.exit_code == 1
    data = json.loads(res.output)
    assert data["summary"] == {"files": 3, "invalid": 3, "errors": 5, "warnings": 1, "exit_status": 1}
    assert {d["code"] for d in data["diagnostics"]} == {"ref-target", "ref-kind", "ref-file", "id-unique",
                                                        "register-unused"}


def test_validate_cli_junit_format():
    res = _run(str(FIXTURES / "valid"), "--format", "junit")
    assert res.exit_code == 0
    assert res.output.startswith("<testsuites")
    assert res.output.count("<testcase ") == 4 and "<failure" not in res.output


def test_validate_cli_max_size(tmp_path):
    big = tmp_path / "big.xml"
    big.write_bytes(b"<TEI>" + b" " * (2 * 2**20) + b"</TEI>")
    res = _run(str(big), "--max-size", "1")
    assert res.exit_code == 2
    assert "[xml-too-large]" in res.output
