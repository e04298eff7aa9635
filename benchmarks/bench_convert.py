"""Conversion speed: each source of edition.toml read and converted to TEI bytes (no annotation).

Usage: python benchmarks/bench_convert.py [--repeat N]
Prints the median wall time per source, characters per second and pages per second.
"""

from __future__ import annotations

import argparse
import statistics
import time
from pathlib import Path

from tei_edition.config import load_config
from tei_edition.build.pipeline import convert_text, read_source

ROOT = Path(__file__).resolve().parents[1]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--repeat", type=int, default=5)
    args = ap.parse_args()
    cfg = load_config(ROOT / "edition.toml")
    convert_text("x", "thesis-text", "warmup", {})  # imports and lexicon loading are not measured
    for src in cfg.sources:
        text = read_source(src.file)
        times = []
        for _ in range(args.repeat):
            t0 = time.perf_counter()
            doc, data, _ = convert_text(text, src.profile, src.file.name, src.reader_options())
            times.append(time.perf_counter() - t0)
        med = statistics.median(times)
        pages = doc.extent.get("pages", 0)
        print(f"{src.id:8s} {len(text):8d} chars  {med * 1000:8.1f} ms  {len(text) / med / 1e6:6.2f} M chars/s  "
              f"{pages / med:8.0f} pages/s  ({pages} pages, {doc.extent.get('notes', 0)} notes, {len(data)} bytes TEI)")


if __name__ == "__main__":
    main()
