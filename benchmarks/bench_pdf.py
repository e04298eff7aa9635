"""Benchmark: the print editions (PDF, Typst) of the texts in tei/, against the HTML stage.

In one run, each in a fresh process (so that nothing is warm that a build would not have warm):

- ``pdf``: both PDFs together, the way ``tei-edition build`` renders them one after the other
  in one process (``render_pdf`` per text; the first pays for loading Saxon and the fonts);
- ``pdf --jobs 2``: the same, one text per process, side by side (what ``build --jobs 2`` does);
- ``html``: the HTML reading edition of the same texts (``render_html``), for comparison.

Wall time, CPU time and peak resident memory of each, the page counts, the time of the PDFs'
stages inside one render (XSLT to Typst markup, Typst compiles, reading each compile back for
words hyphenated across a page turn), and the hyphenation of each PDF
(hyphenated lines, runs of three or more). Without the real texts it
falls back to the test fixture. Target: both PDFs under 5 s on 2 cores.

Before issue 11 the print edition was set by WeasyPrint; measured on the development machine
(2 cores shared with other work, load average about 7) with the previous version of this
script: thesis 120 pages 55.1 s, book 26 pages 7.9 s, 64.9 s wall and 29.3 s CPU together.

Usage: python benchmarks/bench_pdf.py [--page-size A5] [--out DIR] [--repeat N]
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

CHILD_PDF = """
import json, resource, sys, time
from pathlib import Path
import tei_edition.render.pdf as rp
out, size, texts = Path(sys.argv[1]), sys.argv[2], [Path(p) for p in sys.argv[3:]]
stages = {"xslt": 0.0, "typst": 0.0, "compiles": 0, "readback": 0.0}
def timed(fn, stage, count=None):
    def run(*a, **k):
        t = time.perf_counter(); r = fn(*a, **k); stages[stage] += time.perf_counter() - t
        if count: stages[count] += 1
        return r
    return run
T = rp._PrintTransform
T.__init__, T.source = timed(T.__init__, "xslt"), timed(T.source, "xslt")
rp._Workspace.compile = timed(rp._Workspace.compile, "typst", "compiles")
rp.page_end_hyphens = timed(rp.page_end_hyphens, "readback")
t = time.perf_counter(); c = time.process_time()
warnings = 0
for tei in texts:
    regs = tei.parent / "registers.xml"
    warnings += len(rp.render_pdf(tei, out / f"{tei.stem}.pdf", page_size=size,
                                  registers=regs if regs.is_file() and regs != tei else None))
print(json.dumps({"seconds": time.perf_counter() - t, "cpu": time.process_time() - c, "warnings": warnings,
                  "max_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, **stages}))
"""

CHILD_HTML = """
import json, resource, sys, time
from pathlib import Path
from tei_edition.build.publish import render_html
out, texts = Path(sys.argv[1]), [Path(p) for p in sys.argv[2:]]
regs = texts[0].parent / "registers.xml"
t = time.perf_counter(); c = time.process_time()
render_html(texts, out, registers=regs if regs.is_file() else None)
print(json.dumps({"seconds": time.perf_counter() - t, "cpu": time.process_time() - c,
                  "max_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""


def _child(code: str, *args: str) -> dict:
    proc = subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True, check=False)
    if proc.returncode:
        raise SystemExit(f"benchmark child failed:\n{proc.stderr}")
    return json.loads(proc.stdout.strip().splitlines()[-1])


def _pages(pdf: Path) -> str:
    out = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True).stdout
    return next((ln.split()[-1] for ln in out.splitlines() if ln.startswith("Pages:")), "?")


def hyphenation(pdf: Path) -> str:
    """Lines ending in an automatic hyphen (U+00AD in pdftotext), runs of three or more, the longest."""
    pages = int(_pages(pdf))
    total, runs, cur = 0, [], 0
    for n in range(1, pages + 1):
        text = subprocess.run(["pdftotext", "-f", str(n), "-l", str(n), "-raw", str(pdf), "-"],
                              capture_output=True, text=True).stdout
        for line in (ln for ln in text.splitlines() if ln.strip()):
            if line.endswith("\u00ad"):
                cur, total = cur + 1, total + 1
            else:
                runs, cur = runs + [cur] * (cur >= 3), 0
    return f"{total} hyphenated lines, {len(runs)} runs of 3 or more (longest {max(runs, default=0)})"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--page-size", default="A5")
    ap.add_argument("--out", type=Path, help="folder for the outputs (default: a temporary one)")
    ap.add_argument("--repeat", type=int, default=3, help="runs of each measurement; the median is reported")
    args = ap.parse_args()
    texts = [p for p in (ROOT / "tei" / "thesis.xml", ROOT / "tei" / "book.xml") if p.is_file()]
    if not texts:
        texts = [ROOT / "tests" / "fixtures" / "pdf" / "mini.xml"]
    out = args.out or Path(tempfile.mkdtemp(prefix="bench-pdf-"))
    (out / "pdf").mkdir(parents=True, exist_ok=True)
    names = [str(t) for t in texts]
    rows: dict[str, list[dict]] = {"pdf": [], "pdf --jobs 2": [], "html": []}
    for _ in range(max(1, args.repeat)):
        t = time.perf_counter()
        rows["pdf"].append({**_child(CHILD_PDF, str(out / "pdf"), args.page_size, *names),
                            "wall": time.perf_counter() - t})
        t = time.perf_counter()
        procs = [subprocess.Popen([sys.executable, "-c", CHILD_PDF, str(out / "pdf"), args.page_size, name],
                                  stdout=subprocess.PIPE, text=True) for name in names]
        results = [json.loads(p.communicate()[0].strip().splitlines()[-1]) for p in procs]
        rows["pdf --jobs 2"].append({"wall": time.perf_counter() - t, "seconds": max(r["seconds"] for r in results),
                                     "cpu": sum(r["cpu"] for r in results),
                                     "max_rss_mb": max(r["max_rss_mb"] for r in results)})
        t = time.perf_counter()
        rows["html"].append({**_child(CHILD_HTML, str(out / "html"), *names), "wall": time.perf_counter() - t})
    pages = ", ".join(f"{t.stem} {_pages(out / 'pdf' / f'{t.stem}.pdf')} pages" for t in texts)
    print(f"texts: {pages} ({args.page_size}); median of {args.repeat} run(s), each in a fresh process")
    for name, runs in rows.items():
        med = {k: statistics.median(r[k] for r in runs) for k in ("wall", "seconds", "cpu", "max_rss_mb")}
        print(f"  {name:13s} process wall {med['wall']:5.2f} s  render {med['seconds']:5.2f} s  "
              f"CPU {med['cpu']:5.2f} s  peak RSS {med['max_rss_mb']:4.0f} MiB")
    stages = rows["pdf"]
    print(f"  pdf stages    XSLT -> Typst markup {statistics.median(r['xslt'] for r in stages):.2f} s, "
          f"Typst {statistics.median(r['typst'] for r in stages):.2f} s in "
          f"{statistics.median(r['compiles'] for r in stages):.0f} compile(s), "
          f"reading back for page-end hyphens {statistics.median(r['readback'] for r in stages):.2f} s; "
          f"warnings {stages[-1]['warnings']}")
    pdf = statistics.median(r["wall"] for r in rows["pdf"])
    html = statistics.median(r["wall"] for r in rows["html"])
    print(f"both PDFs {pdf:.2f} s (target < 5 s), {pdf / html:.2f} × the HTML stage ({html:.2f} s)")
    for t in texts:
        print(f"  {t.stem}: {hyphenation(out / 'pdf' / f'{t.stem}.pdf')}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
