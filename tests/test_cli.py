"""The CLI on good and bad input: one-line errors naming the file, exit codes, no partial output."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import run_cli

THESIS_SNIPPET = (
    " ВВЕДЕНИЕ \n\nАктуальность темы исследования определяется тем, что документ1 важен.\n\n"
    "Второй абзац начинается здесь, и статья2 тоже.\n\n1 Первый источник. – М., 1960.\n"
    "2 Второй источник. – М., 1961.\n"
)


run = run_cli


@pytest.fixture
def work(tmp_path):
    return tmp_path


def _write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


def test_cli_convert_writes_tei(work):
    src = _write(work / "t.txt", THESIS_SNIPPET.encode("utf-8"))
    res = run(["convert", str(src), "-o", "out.xml", "--profile", "thesis-text"], work)
    assert res.exit_code == 0, res.output
    xml = (work / "out.xml").read_text(encoding="utf-8")
    assert '<note place="foot" n="1"' in xml and "документ<note" in xml


def test_cli_convert_without_profile_detects_the_format(work):
    """No --profile and no config entry: ``auto`` picks the plain or the Markdown reader."""
    plain = _write(work / "plain.txt", "ГЛАВА I\n\nПервый абзац текста.\n".encode())
    md = _write(work / "md.txt", "# Глава\n\nТекст со сноской[^1] и **важным** словом.\n\n[^1]: Сноска.\n".encode())
    assert run(["convert", str(plain), "-o", "p.xml"], work).exit_code == 0
    assert run(["convert", str(md), "-o", "m.xml"], work).exit_code == 0
    assert "converter profile plain" in (work / "p.xml").read_text(encoding="utf-8")
    m = (work / "m.xml").read_text(encoding="utf-8")
    assert "converter profile markdown" in m and "Сноска.</note>" in m


@pytest.mark.parametrize("encoding", ["cp1251", "koi8_r", "utf-16", "utf-8-sig"])
def test_cli_convert_detects_legacy_encodings(work, encoding):
    text = THESIS_SNIPPET.replace("–", "-")  # KOI8-R has no en dash
    ref = _write(work / "ref.txt", text.encode("utf-8"))
    src = _write(work / "enc.txt", text.replace("\n", "\r\n").encode(encoding))
    assert run(["convert", str(ref), "-o", "ref.xml", "--profile", "thesis-text"], work).exit_code == 0
    res = run(["convert", str(src), "-o", "enc.xml", "--profile", "thesis-text"], work)
    assert res.exit_code == 0, res.output
    body = lambda p: p.read_text(encoding="utf-8").split("<text>")[1]  # noqa: E731
    assert body(work / "enc.xml") == body(work / "ref.xml")


@pytest.mark.parametrize(
    "name, data, args, code, message",
    [
        ("empty.txt", b"", ["--profile", "thesis-text"], 1, "file is empty"),
        ("blank.txt", b"  \n\n \n", ["--profile", "book-markdown"], 1, "file is empty"),
        ("binary.txt", bytes(range(256)) * 8, ["--profile", "thesis-text"], 1, "binary file"),
        ("latin.txt", "caf\xe9 na\xefve r\xe9sum\xe9 ".encode("latin-1") * 20, ["--profile", "thesis-text"], 1,
         "not valid UTF-8"),
        ("refs.txt", " ВВЕДЕНИЕ \n\nТекст1 и еще2 и снова3 без примечаний.\n".encode(), ["--profile", "thesis-text"],
         1, "no note bodies"),
        ("t.txt", THESIS_SNIPPET.encode(), ["--profile", "poetry"], 2, "poetry"),
    ],
)
def test_cli_convert_bad_input_one_line_error_no_output(work, name, data, args, code, message):
    src = _write(work / name, data)
    res = run(["convert", str(src), "-o", "out.xml", *args], work)
    assert res.exit_code == code
    lines = [x for x in res.output.splitlines() if x.strip()]
    assert len(lines) >= 1 and message in res.output
    if code == 1:
        assert len(lines) == 1 and name in lines[0] and "Traceback" not in res.output
    assert not (work / "out.xml").exists()
    assert not [p for p in work.iterdir() if p.name.startswith(".out.xml")]


def test_cli_convert_missing_file(work):
    res = run(["convert", "nope.txt", "-o", "out.xml", "--profile", "thesis-text"], work)
    assert res.exit_code == 2 and "nope.txt: file not found" in res.output


def test_cli_failed_convert_keeps_previous_output(work):
    good = _write(work / "t.txt", THESIS_SNIPPET.encode())
    assert run(["convert", str(good), "-o", "out.xml", "--profile", "thesis-text"], work).exit_code == 0
    before = (work / "out.xml").read_bytes()
    _write(work / "t.txt", b"")
    assert run(["convert", str(good), "-o", "out.xml", "--profile", "thesis-text"], work).exit_code == 1
    assert (work / "out.xml").read_bytes() == before


CONFIG = """
[edition]
title = "t"

[[source]]
id = "thesis"
file = "t.txt"
profile = "thesis-text"
{extra}
"""


@pytest.mark.parametrize(
    "config, message",
    [
        (CONFIG.replace('id = "thesis"', ""), "missing key 'id'"),
        (CONFIG.format(extra='language = "Russian"'), "must be an ISO 639 code"),
        (CONFIG.format(extra='profil = "x"'), "unknown key 'profil' in [[source]] #1 (did you mean 'profile'?)"),
        (CONFIG.replace('file = "t.txt"', 'file = "../outside.txt"'), "outside the project folder"),
        ("[[source]\nid=", "invalid TOML"),
        (CONFIG.format(extra="[source.meta]\ntitel = 'x'"), "unknown key 'titel'"),
    ],
)
def test_cli_build_bad_config(work, config, message):
    _write(work / "t.txt", THESIS_SNIPPET.encode())
    (work / "edition.toml").write_text(config.replace("{extra}", ""), encoding="utf-8")
    res = run(["build"], work)
    assert res.exit_code == 2
    assert message in res.output and "edition.toml" in res.output
    assert not (work / "tei").exists()


def test_cli_build_converts_listed_sources(work):
    _write(work / "t.txt", THESIS_SNIPPET.encode())
    (work / "edition.toml").write_text(CONFIG.replace("{extra}", "[source.meta]\ntitle = 'Заглавие'"),
                                       encoding="utf-8")
    res = run(["build"], work)
    assert res.exit_code == 0, res.output
    xml = (work / "tei" / "thesis.xml").read_text(encoding="utf-8")
    assert '<title type="main">Заглавие</title>' in xml
