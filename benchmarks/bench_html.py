"""HTML reading edition speed: time to render the whole site from tei/*.xml.

Usage: python benchmarks/bench_html.py [--repeat N] [--out DIR]
Target: under 10 s for both texts on 2 cores. The first run includes compiling the XSLT and
loading the pymorphy3 dictionary (reported apart); the median of the further runs is the
steady-state time.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path

from tei_edition.build.publish import render_html

ROOT = Path(__file__).resolve().parents[1]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--out", type=Path, default=None, help="output folder (default: a temporary one)")
    args = ap.parse_args()
    tei_dir = ROOT / "tei"
    texts = sorted(p for p in tei_dir.glob("*.xml") if p.name != "registers.xml")
    registers = tei_dir / "registers.xml"
    if not texts:
        raise SystemExit(f"no TEI texts in {tei_dir}")
    with tempfile.TemporaryDirectory() as tmp:
        out = args.out or Path(tmp) / "html"
        times = []
        for _ in range(args.repeat + 1):
            t0 = time.perf_counter()
            render_html(texts, out, registers=registers if registers.is_file() else None)
            times.append(time.perf_counter() - t0)
        pages = len(list(out.rglob("*.html")))
        size = sum(p.stat().st_size for p in out.rglob("*") if p.is_file())
    steady = statistics.median(times[1:]) if len(times) > 1 else times[0]
    print(f"texts: {', '.join(p.stem for p in texts)}; {pages} HTML pages, {size / 1e6:.1f} MB")
    print(f"first run (with XSLT compilation and dictionary loading): {times[0]:.2f} s")
    print(f"steady state (median of {len(times) - 1}): {steady:.2f} s  [target < 10 s]")


if __name__ == "__main__":
    main()
