#!/usr/bin/env python3
"""General-text recognition against plain Natasha: strict span F1 and throughput, one run.

Reads a JSON-lines set of ``{"id", "text", "spans": [{"start", "end", "type"}]}`` (default:
``../shared/ner-dev/factru-dev.jsonl``, the factRuEval-2016 dev part), times plain Natasha
(Segmenter + NewsEmbedding + NewsNERTagger, what ``shared/tools/ner_bench_natasha.py`` runs) and
:func:`tei_edition.annotate.entities.recognize` (what ``tei-edition ner`` runs) back to back in
the same process after loading the models (CPU time of the process, so that other load on a
shared machine does not skew the ratio), and prints strict micro P/R/F1 (exact start, end and
type, as ``shared/tools/ner_bench_eval.py`` scores them) and characters per second of both.
``--ablate`` re-scores with each rule switched off (delta = what the rule brings on general
text). Usage: ``.venv/bin/python benchmarks/bench_ner.py [GOLD.jsonl] [--ablate] [--limit N]``
"""

from __future__ import annotations

import os

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
os.environ.setdefault("OMP_NUM_THREADS", "1")
os.environ.setdefault("MKL_NUM_THREADS", "1")

import argparse
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from tei_edition.annotate.entities import RULES, load_models, natasha_spans, recognize  # noqa: E402
from tei_edition.annotate.linking import gazetteer, morph  # noqa: E402
from tei_edition.annotate.jsonl import TYPE_LABEL  # noqa: E402

DEFAULT = ROOT.parent / "shared" / "ner-dev" / "factru-dev.jsonl"
TYPES = {"PER", "LOC", "ORG"}


def score(gold: list[dict], pred: list[list[tuple[int, int, str]]]) -> dict:
    tp = fp = fn = 0
    for g, p in zip(gold, pred):
        gs = {(s["start"], s["end"], s["type"]) for s in g["spans"] if s["type"] in TYPES}
        ps = {x for x in p if x[2] in TYPES}
        tp += len(gs & ps)
        fp += len(ps - gs)
        fn += len(gs - ps)
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return {"p": p, "r": r, "f1": 2 * p * r / (p + r) if p + r else 0.0}


def ours(texts: list[str], disable: frozenset[str] = frozenset()) -> list[list[tuple[int, int, str]]]:
    return [[(s.start, s.end, TYPE_LABEL[s.kind]) for s in recognize(t, disable)] for t in texts]


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("gold", nargs="?", type=Path, default=DEFAULT)
    ap.add_argument("--ablate", action="store_true", help="score with each rule switched off")
    ap.add_argument("--limit", type=int, default=0, help="only the first N documents")
    a = ap.parse_args(argv)
    if not a.gold.exists():
        print(f"bench_ner: {a.gold} not found (skipped)")
        return 0
    gold = [json.loads(x) for x in a.gold.read_text(encoding="utf-8").splitlines() if x.strip()]
    if a.limit:
        gold = gold[:a.limit]
    texts = [g["text"] for g in gold]
    chars = sum(map(len, texts))
    load_models(), morph(), gazetteer()
    natasha_spans("Прогрев.")
    t0 = time.process_time()
    base = [natasha_spans(t)[0] for t in texts]
    tn = time.process_time() - t0
    t0 = time.process_time()
    pred = ours(texts)
    to = time.process_time() - t0
    sb, so = score(gold, base), score(gold, pred)
    print(f"{a.gold.name}: {len(texts)} documents, {chars} characters")
    print(f"{'':14s} {'P':>6s} {'R':>6s} {'F1':>6s} {'chars/s':>9s}")
    for name, s, t in (("plain Natasha", sb, tn), ("tei-edition", so, to)):
        print(f"{name:14s} {s['p']:6.3f} {s['r']:6.3f} {s['f1']:6.3f} {chars / t:9.0f}")
    print(f"throughput ratio tei-edition / Natasha: {tn / to:.2f}")
    if a.ablate:
        print("rule ablation (strict F1 with the rule switched off; delta = what the rule brings):")
        for name in RULES:
            r = score(gold, ours(texts, frozenset({name})))
            print(f"  -{name:26s} {r['f1']:.4f} ({so['f1'] - r['f1']:+.4f})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
