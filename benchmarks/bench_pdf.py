"""Benchmark: build the print editions (PDF) of the texts in tei/, time and peak memory.

Renders every text (``tei/thesis.xml``; ``tei/book.xml`` once it exists, with
``tei/registers.xml`` for its index) the way ``tei-edition render pdf`` does, each in a fresh
process so that the peak resident memory (ru_maxrss) of one build is measured on its own.
Without the real texts it falls back to the test fixture. Target: both PDFs under 60 s
together on 2 cores.

Usage: python benchmarks/bench_pdf.py [--page-size A5] [--out DIR]
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CHILD = """
import json, resource, sys, time
from pathlib import Path
from tei_edition.render_pdf import render_pdf
tei, out, size = Path(sys.argv[1]), Path(sys.argv[2]), sys.argv[3]
regs = tei.parent / "registers.xml"
t = time.perf_counter()
diags = render_pdf(tei, out, registers=regs if regs.is_file() and regs != tei else None, page_size=size)
print(json.dumps({"seconds": time.perf_counter() - t, "warnings": len(diags),
                  "max_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--page-size", default="A5")
    ap.add_argument("--out", type=Path, help="folder for the PDFs (default: a temporary one)")
    args = ap.parse_args()
    texts = [p for p in (ROOT / "tei" / "thesis.xml", ROOT / "tei" / "book.xml") if p.is_file()]
    if not texts:
        texts = [ROOT / "tests" / "fixtures" / "pdf" / "mini.xml"]
    out_dir = args.out or Path(tempfile.mkdtemp(prefix="bench-pdf-"))
    total = 0.0
    peak = 0.0
    for tei in texts:
        out = out_dir / f"{tei.stem}.pdf"
        wall = time.perf_counter()
        proc = subprocess.run([sys.executable, "-c", CHILD, str(tei), str(out), args.page_size],
                              capture_output=True, text=True, check=False)
        wall = time.perf_counter() - wall
        if proc.returncode:
            print(f"{tei.name}: failed\n{proc.stderr}", file=sys.stderr)
            return 1
        res = json.loads(proc.stdout.strip().splitlines()[-1])
        pages = next((ln.split()[-1] for ln in subprocess.run(["pdfinfo", str(out)], capture_output=True,
                      text=True).stdout.splitlines() if ln.startswith("Pages:")), "?")
        total += wall
        peak = max(peak, res["max_rss_mb"])
        print(f"{tei.name:12s} {pages:>4s} pages  render {res['seconds']:6.1f} s  (process {wall:5.1f} s)  "
              f"peak RSS {res['max_rss_mb']:6.0f} MiB  warnings {res['warnings']}")
    print(f"total {total:.1f} s for {len(texts)} PDF(s) (target < 60 s), peak RSS {peak:.0f} MiB; "
          f"CPU time of children {resource.getrusage(resource.RUSAGE_CHILDREN).ru_utime:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
