"""The plain-text ``ner`` command: format, offsets, and no loss against plain Natasha on news."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

pytest.importorskip("natasha")
from click.testing import CliRunner  # noqa: E402

from tei_edition.cli_ner import ner  # noqa: E402

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


def test_cli_ner_bad_line(tmp_path):
    src = tmp_path / "in.jsonl"
    src.write_text('{"id": 1}\n', encoding="utf-8")
    res = CliRunner().invoke(ner, [str(src), "-o", str(tmp_path / "o.jsonl")])
    assert res.exit_code != 0 and "line 1" in res.output


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
