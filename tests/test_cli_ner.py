"""The plain-text ``ner`` command: format, offsets, and no loss against plain Natasha on news."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

pytest.importorskip("natasha")
from click.testing import CliRunner  # noqa: E402

from tei_edition.cli.ner import ner  # noqa: E402

NEWS = Path(__file__).parent / "fixtures" / "annotate" / "news_ru.jsonl"


def _run(tmp_path, records):
    src = tmp_path / "in.jsonl"
    src.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    out = tmp_path / "out.jsonl"
    res = CliRunner().invoke(ner, [str(src), "-o", str(out)])
    assert res.exit_code == 0, res.output
    return [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]


@pytest.mark.parametrize("text, expected", [
    ("Л.М. Карахан прибыл в Пекин.", [("Л.М. Карахан", "PER"), ("Пекин", "LOC")]),
    ("Правительство ДВР обратилось к НКИД.", [("ДВР", "LOC"), ("НКИД", "ORG")]),
    ("😀 Японией", [("Японией", "LOC")]),  # code points, not UTF-16 units
])
def test_cli_ner_spans(tmp_path, text, expected):
    (rec,) = _run(tmp_path, [{"id": "x", "text": text}])
    assert rec["id"] == "x"
    assert [(text[s["start"]:s["end"]], s["type"]) for s in rec["spans"]] == expected


@pytest.mark.parametrize("text, expected", [
    ("Об этом сообщает ИТАР-ТАСС.", [("ИТАР-ТАСС", "ORG")]),  # one name, not two
    ("Акции банка «Россия» выросли.", [("Россия", "ORG")]),  # a quoted name names the bank
    ("В тот же день Южная Корея заявила протест.", [("Южная Корея", "LOC")]),  # the modifier stays
    ("Спрос упал в Латинской Америке.", [("Латинской Америке", "LOC")]),
    ("Реконструкция Большого театра завершена.", [("Большого театра", "ORG")]),
    ("Правда, были задержания.", []),  # a parenthetic word, not the newspaper
])
def test_cli_ner_general_error_classes(tmp_path, text, expected):
    """General text, the library's knowledge only: error classes of the plain rules, fixed."""
    (rec,) = _run(tmp_path, [{"id": "g", "text": text}])
    assert [(text[s["start"]:s["end"]], s["type"]) for s in rec["spans"]] == expected


@pytest.mark.parametrize("content, message", [
    (b'{"id": 1}\n', 'in.jsonl:1: missing "text"'),
    (b'{"id": 1, "text": "\\u041c"}\n{"id": 2, "text": null}\n', 'in.jsonl:2: "text" must be a string, got null'),
    (b'\n{"id": 3, "text": 5}\n', 'in.jsonl:2: "text" must be a string, got int'),
    (b'{"id": 4, "text": ["a"]}\n', 'in.jsonl:1: "text" must be a string, got list'),
    (b'[1, 2]\n', "in.jsonl:1: expected a JSON object"),
    (b'{"id": 5, "text": "a"\n', "in.jsonl:1: not valid JSON"),
    (b'{"id": 6, "text": "\xff"}\n', "in.jsonl:1: not valid UTF-8"),
])
def test_cli_ner_bad_line(tmp_path, content, message):
    """A bad line: one error line naming file and line, exit 1, the previous output untouched."""
    src = tmp_path / "in.jsonl"
    src.write_bytes(content)
    out = tmp_path / "o.jsonl"
    out.write_text("previous\n", encoding="utf-8")
    res = CliRunner().invoke(ner, [str(src), "-o", str(out)])
    assert res.exit_code == 1
    (line,) = res.output.strip().splitlines()
    assert line.startswith("error: ") and message in line, line
    assert "internal error" not in res.output and "Traceback" not in res.output
    assert out.read_text(encoding="utf-8") == "previous\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in.jsonl", "o.jsonl"]


def test_cli_ner_bom(tmp_path):
    """A UTF-8 byte order mark before the first record is no part of it."""
    src = tmp_path / "in.jsonl"
    src.write_bytes("\ufeff".encode() + json.dumps({"id": "b", "text": "Он уехал в Пекин."},
                                                      ensure_ascii=False).encode() + b"\r\n")
    out = tmp_path / "o.jsonl"
    res = CliRunner().invoke(ner, [str(src), "-o", str(out)])
    assert res.exit_code == 0, res.output
    (rec,) = [json.loads(x) for x in out.read_text(encoding="utf-8").splitlines()]
    assert rec["id"] == "b" and [(s["start"], s["end"], s["type"]) for s in rec["spans"]] == [(11, 16, "LOC")]


def _f1(pred, gold):
    tp = len(set(pred) & set(gold))
    return 2 * tp / (len(pred) + len(gold)) if pred or gold else 1.0


def test_cli_ner_news_not_worse_than_natasha(tmp_path):
    """Domain rules must not break general news text."""
    from tei_edition.annotate.entities import natasha_spans

    records = [json.loads(line) for line in NEWS.read_text(encoding="utf-8").splitlines()]
    ours = _run(tmp_path, [{"id": r["id"], "text": r["text"]} for r in records])
    f_ours = f_base = 0.0
    for r, o in zip(records, ours):
        gold = [tuple(g) for g in r["gold"]]
        f_ours += _f1([(r["text"][s["start"]:s["end"]], s["type"]) for s in o["spans"]], gold)
        f_base += _f1([(r["text"][s:e], t) for s, e, t in natasha_spans(r["text"])[0]], gold)
    assert f_ours >= f_base - 1e-9, (f_ours, f_base)
