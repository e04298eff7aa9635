#!/usr/bin/env python3
"""Score the annotators on the shared gold excerpts, against plain Natasha, and time them.

Runs :func:`tei_edition.annotate.entities.recognize` and :func:`~tei_edition.annotate.dates.find_dates`
on the block texts of ``shared/gold-dev/*.json`` (a sibling of the repository) and prints the
figures that ``shared/tools/score_gold.py`` computes from TEI: strict/lenient entity P/R/F1 per
type, linking pairwise F1 (same key for same gold ``norm``), dates strict F1 and normalization
accuracy. ``--ablate`` re-scores with each entity rule switched off, so every rule shows what it
brings. Usage: ``.venv/bin/python benchmarks/eval_annotate.py [--ablate] [--no-timing] [-v]``
"""

from __future__ import annotations

import os

# one BLAS thread: the benchmark must not take both shared cores (set before numpy loads)
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
os.environ.setdefault("OMP_NUM_THREADS", "1")
os.environ.setdefault("MKL_NUM_THREADS", "1")

import argparse
import json
import re
import sys
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
sys.path.insert(0, str(ROOT / "src"))

from tei_edition.annotate.dates import find_dates  # noqa: E402
from tei_edition.annotate.entities import RULES, load_models, natasha_spans, recognize  # noqa: E402
from tei_edition.annotate.knowledge import use_curation  # noqa: E402
from tei_edition.annotate.linking import link_document  # noqa: E402

use_curation(ROOT / "curation")  # the edition's own names (curation/names.toml)

SCORED_KINDS = {"p", "head", "figure", "epigraph", "item", "list item"}
DASHES = dict.fromkeys(map(ord, "\u2014\u2013\u2012\u2212"), "\u2013")
QUOTES = dict.fromkeys(map(ord, "\u00ab\u00bb\u201e\u201c\u201d\u201f\u2033"), '"')
NATASHA = {"PER": "person", "LOC": "place", "ORG": "org"}


def norm(s: str) -> str:
    """score_gold.py's text normalization."""
    s = s.replace("\u00ad", "").replace("\u00a0", " ").replace("\u202f", " ")
    return re.sub(r"\s+", " ", s.translate(DASHES).translate(QUOTES)).strip()


def prf(tp: int, fp: int, fn: int) -> dict:
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"p": round(p, 4), "r": round(r, 4), "f1": round(f, 4), "tp": tp, "fp": fp, "fn": fn}


def interval(a: dict) -> tuple:
    """The (first, last) day of a TEI date's attributes, as score_gold.py compares them."""
    import calendar

    def lo(v):
        parts = v.split("-")
        if v.startswith("--"):
            return v
        y = int(parts[0])
        m = int(parts[1]) if len(parts) > 1 else 1
        d = int(parts[2]) if len(parts) > 2 else 1
        return (y, m, d)

    def hi(v):
        if v.startswith("--"):
            return v
        parts = v.split("-")
        y = int(parts[0])
        m = int(parts[1]) if len(parts) > 1 else 12
        d = int(parts[2]) if len(parts) > 2 else calendar.monthrange(y, m)[1]
        return (y, m, d)

    if "when" in a:
        return lo(a["when"]), hi(a["when"])
    a1 = a.get("from") or a.get("notBefore")
    a2 = a.get("to") or a.get("notAfter")
    return (lo(a1) if a1 else None), (hi(a2) if a2 else None)


def load_gold(folders: list[Path] | None = None) -> list[dict]:
    folders = folders or [SHARED / "gold-dev"]
    files = sorted(p for f in folders for p in f.glob("*.json"))
    if not files:
        sys.exit(f"no gold files under {', '.join(map(str, folders))}")
    return [json.loads(p.read_text(encoding="utf-8")) for p in files]


def score_entities(golds, predict, verbose=False) -> dict:
    """predict(text) -> [(type, start, end, key)]. Mirrors score_gold.py (strict, lenient, linking)."""
    per_type = defaultdict(lambda: [0, 0, 0])
    strict = [0, 0, 0]
    lenient = [0, 0, 0]
    pairs = []
    misses = []
    for g in golds:
        blocks = [(i, norm(b["text"])) for i, b in enumerate(g["blocks"]) if b["kind"] in SCORED_KINDS]
        predicted = predict([t for _, t in blocks])  # one excerpt = one document for linking
        for (i, text), pred in zip(blocks, predicted):
            gents = [(e["type"], norm(e["text"]), e["norm"]) for e in g["entities"] if e["block"] == i]
            tents = [(t, text[s:e].strip(), k) for t, s, e, k in pred]
            rem = list(tents)
            for gt, gtext, gnorm in gents:
                hit = next((k for k, (tt, tx, _) in enumerate(rem) if tt == gt and tx == gtext), None)
                if hit is None:
                    strict[2] += 1
                    per_type[gt][2] += 1
                    misses.append(("FN", g["id"], i, gt, gtext))
                    continue
                tt, tx, key = rem.pop(hit)
                strict[0] += 1
                per_type[gt][0] += 1
                pairs.append((gnorm, key or "text:" + tx, gt))
            for tt, tx, _ in rem:
                strict[1] += 1
                per_type[tt][1] += 1
                misses.append(("FP", g["id"], i, tt, tx))
            rem = list(tents)
            hits = 0
            for gt, gtext, _ in gents:
                for k, (tt, tx, _) in enumerate(rem):
                    if tt == gt and tx and (tx in gtext or gtext in tx):
                        rem.pop(k)
                        hits += 1
                        break
            lenient[0] += hits
            lenient[2] += len(gents) - hits
            lenient[1] += len(rem)
    if verbose:
        for m in misses:
            print("   ", *m)
    return {"strict": prf(*strict), "lenient": prf(*lenient),
            "by_type": {t: prf(*v) for t, v in sorted(per_type.items())}, "linking": pairwise(pairs),
            "link_misses": _link_misses(pairs) if verbose else []}


def _link_misses(pairs):
    by_norm = defaultdict(set)
    by_key = defaultdict(set)
    for g, t, _ in pairs:
        by_norm[g].add(t)
        by_key[t].add(g)
    return [("split", g, sorted(ts)) for g, ts in by_norm.items() if len(ts) > 1] + \
        [("merged", t, sorted(gs)) for t, gs in by_key.items() if len(gs) > 1]


def pairwise(pairs) -> dict:
    tp = fp = fn = 0
    by_type = defaultdict(list)
    for g, t, ty in pairs:
        by_type[ty].append((g, t))
    for items in by_type.values():
        for a in range(len(items)):
            for b in range(a + 1, len(items)):
                same_g = items[a][0] == items[b][0]
                same_t = items[a][1] == items[b][1]
                tp += same_g and same_t
                fp += same_t and not same_g
                fn += same_g and not same_t
    return prf(tp, fp, fn)


def score_dates(golds, verbose=False) -> dict:
    tp = fp = fn = ok = total = 0
    for g in golds:
        context = None
        for i, b in enumerate(g["blocks"]):
            if b["kind"] not in SCORED_KINDS:
                continue
            text = norm(b["text"])
            spans = find_dates(text, context)
            for s in spans:  # the nearest preceding year carries over to the next block
                for v in s.attrs.values():
                    if v[:4].isdigit():
                        context = int(v[:4])
            got = [(text[s.start:s.end], s.attrs) for s in spans]
            want = [(norm(d["text"]), {k: d[k] for k in ("when", "from", "to", "notBefore", "notAfter") if k in d})
                    for d in g["dates"] if d["block"] == i]
            rem = list(got)
            for wt, wa in want:
                hit = next((k for k, (t, _) in enumerate(rem) if t == wt), None)
                lenient = hit is None
                if hit is None:
                    hit = next((k for k, (t, _) in enumerate(rem) if t and (t in wt or wt in t)), None)
                if hit is None:
                    fn += 1
                    if verbose:
                        print("    date FN", g["id"], i, wt, wa)
                    continue
                t, a = rem.pop(hit)
                tp += not lenient
                fn += lenient
                total += 1
                good = interval(a) == interval(wa)
                ok += good
                if verbose and (lenient or not good):
                    print("    date", "boundary" if lenient else "norm", g["id"], i, repr(wt), wa, "->", repr(t), a)
            fp += len(rem)
            if verbose:
                for t, a in rem:
                    print("    date FP", g["id"], i, t, a)
    return {"strict": prf(tp, fp, fn), "norm_acc": round(ok / total, 4) if total else 0.0, "norm": [ok, total]}


def ours(disable=frozenset()):
    def predict(texts):
        per_block = [recognize(t, disable=disable) for t in texts]
        link_document([s for spans in per_block for s in spans])
        return [[(s.kind, s.start, s.end, s.key) for s in spans] for spans in per_block]
    return predict


def plain_natasha(texts):
    return [_plain_natasha(t) for t in texts]


def _plain_natasha(text):
    """Baseline: Natasha's spans, linked by its own lemma normalization of the span text."""
    from natasha import Doc, MorphVocab

    seg, ner, mt = load_models()
    doc = Doc(text)
    doc.segment(seg)
    doc.tag_morph(mt)
    doc.tag_ner(ner)
    vocab = _vocab(MorphVocab)
    out = []
    for s in doc.spans:
        s.normalize(vocab)
        out.append((NATASHA[s.type], s.start, s.stop, s.normal))
    return out


_VOCAB = []


def _vocab(cls):
    if not _VOCAB:
        _VOCAB.append(cls())
    return _VOCAB[0]


def line(name: str, r: dict) -> str:
    t = r["by_type"]
    typ = "  ".join(f"{k} {t[k]['f1']:.3f}" for k in ("person", "place", "org") if k in t)
    return (f"{name:28s} strict P {r['strict']['p']:.3f} R {r['strict']['r']:.3f} F1 {r['strict']['f1']:.3f} | "
            f"lenient F1 {r['lenient']['f1']:.3f} | linking F1 {r['linking']['f1']:.3f} | {typ}")


def source_blocks(path: Path) -> list[str]:
    """Paragraphs of a raw source (first copy of the thesis), roughly as a reader gives them."""
    text = path.read_text(encoding="utf-8")
    if path.name.startswith("000_"):
        text = "\n".join(text.split("\n")[:3953])
    text = re.sub(r"(\w)-\n(\w)", r"\1\2", text)
    return [re.sub(r"[\s*#]+", " ", p).strip() for p in re.split(r"\n\s*\n", text) if p.strip()]


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--ablate", action="store_true", help="score with each rule switched off")
    ap.add_argument("--no-timing", action="store_true")
    ap.add_argument("-v", "--verbose", action="store_true", help="list misses")
    ap.add_argument("--gold", type=Path, action="append",
                    help="folder of gold JSON files (repeatable; default ../shared/gold-dev)")
    a = ap.parse_args(argv)
    golds = load_gold(a.gold)
    t0 = time.perf_counter()
    load_models()
    print(f"models loaded in {time.perf_counter() - t0:.1f} s")

    base = score_entities(golds, plain_natasha)
    full = score_entities(golds, ours(), a.verbose)
    print(line("plain Natasha", base))
    print(line("tei-edition", full))
    if a.verbose:
        for m in full["link_misses"]:
            print("    link", *m)
    d = score_dates(golds, a.verbose)
    print(f"{'dates':28s} strict P {d['strict']['p']:.3f} R {d['strict']['r']:.3f} F1 {d['strict']['f1']:.3f} | "
          f"normalization {d['norm_acc']:.3f} ({d['norm'][0]}/{d['norm'][1]})")
    if a.ablate:
        print("rule ablation (figures with the rule switched off; delta = what the rule brings):")
        for name in RULES:
            r = score_entities(golds, ours(frozenset({name})))
            print(f"  -{name:26s} strict F1 {r['strict']['f1']:.3f} ({full['strict']['f1'] - r['strict']['f1']:+.3f})  "
                  f"lenient {r['lenient']['f1']:.3f} ({full['lenient']['f1'] - r['lenient']['f1']:+.3f})  "
                  f"linking {r['linking']['f1']:.3f} ({full['linking']['f1'] - r['linking']['f1']:+.3f})")
    if not a.no_timing:
        for src in sorted((ROOT / "sources").glob("*.txt")):
            blocks = source_blocks(src)
            chars = sum(map(len, blocks))
            t0 = time.perf_counter()
            for b in blocks:
                natasha_spans(b)
            tn = time.perf_counter() - t0
            t0 = time.perf_counter()
            n = sum(len(recognize(b)) + len(find_dates(b)) for b in blocks)
            tt = time.perf_counter() - t0
            print(f"time {src.name}: {len(blocks)} blocks, {chars} chars: plain Natasha {tn:.1f} s, "
                  f"tei-edition {tt:.1f} s ({n} spans)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
