"""Speed of the ``plain`` reader on generated texts of 0.1-5 MB (layout, OCR, Gutenberg styles).

Usage: python benchmarks/bench_plain.py [--sizes 0.1,0.5,1,2,5] [--styles layout,ocr,gutenberg]
Prints seconds per MB for each style and size: conversion is linear when the figure stays flat.
Reading + conversion to TEI bytes, in process, after a warm-up (imports and the hyphenation
lexicon are not measured).
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from synth_plain import sized  # noqa: E402

from tei_edition.build.pipeline import convert_text  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--sizes", default="0.1,0.5,1,2,5")
    ap.add_argument("--styles", default="layout,ocr,gutenberg")
    args = ap.parse_args()
    convert_text("Абзац текста про- \nдолжается.\n", "plain", "warmup", {})
    print(f"{'style':10} {'MB':>6} {'seconds':>8} {'s/MB':>6} {'MB/s':>6}")
    for style in args.styles.split(","):
        for mb in (float(x) for x in args.sizes.split(",")):
            text = sized(style, int(mb * 1_000_000))
            size = len(text.encode("utf-8")) / 1e6
            t0 = time.perf_counter()
            convert_text(text, "plain", f"{style}.txt", {"id": style})
            secs = time.perf_counter() - t0
            print(f"{style:10} {size:6.2f} {secs:8.2f} {secs / size:6.2f} {size / secs:6.2f}", flush=True)


if __name__ == "__main__":
    main()
