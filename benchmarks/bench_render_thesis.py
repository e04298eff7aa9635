"""`render html` of one text, as a reader's command: the whole site of tei/thesis.xml.

Usage: python benchmarks/bench_render_thesis.py [--text thesis] [--repeat 3] [--src OTHER/src]

Two measurements:
  1. the command as a user runs it (``tei-edition render html tei/<text>.xml --registers
     tei/registers.xml -o DIR``, so that older versions do the same work), a fresh
     process each time: Python start, Saxon start and stylesheet compilation, dictionary
     loading), wall and CPU time (user + system, all threads), median of --repeat runs;
  2. the stages inside one process after a warm-up run: the text's XSLT run, the registers'
     XSLT run, the search index (lemmatization), writing the pages.
``--src`` runs the same measurements on another checkout's ``src`` folder (e.g. an older
version extracted with ``git archive``) in this environment, for a before/after comparison.
The TEI Consortium's teitohtml (profiles/default/html) is the reference the issue names for
one page of the same text; it is not installed here, so compare with its published figure.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

STAGES = r"""
import json, resource, sys, tempfile, time
from pathlib import Path
import tei_edition.render.html as rh
from tei_edition.render import search_index
tei, regs = Path(sys.argv[1]), Path(sys.argv[2])
timed = {}
def wrap(mod, name):
    fn = getattr(mod, name)
    def inner(*a, **k):
        t0 = time.perf_counter()
        try:
            return fn(*a, **k)
        finally:
            timed[name] = timed.get(name, 0.0) + time.perf_counter() - t0
    setattr(mod, name, inner)
for name in ("transform_text", "transform_registers", "build_search_index", "_write_site"):
    wrap(rh, name)
with tempfile.TemporaryDirectory() as tmp:
    rh.render_html([tei], Path(tmp) / "warm", registers=regs)
    getattr(search_index, "_LEMMAS", {}).clear()
    search_index.lemmas_of.cache_clear() if hasattr(search_index.lemmas_of, "cache_clear") else None
    timed.clear()
    t0 = time.perf_counter()
    rh.render_html([tei], Path(tmp) / "html", registers=regs)
    timed["total"] = time.perf_counter() - t0
print(json.dumps(timed))
"""


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--text", default="thesis")
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--src", type=Path, default=None, help="another checkout's src folder to measure")
    args = ap.parse_args()
    tei = ROOT / "tei" / f"{args.text}.xml"
    regs = ROOT / "tei" / "registers.xml"
    env = dict(os.environ)
    if args.src is not None:
        env["PYTHONPATH"] = str(args.src.resolve())
    label = str(args.src) if args.src else "this checkout"
    cli = [sys.executable, "-c", "from tei_edition.cli.app import main; main()"]
    times, cpus = [], []
    with tempfile.TemporaryDirectory() as tmp:
        for k in range(args.repeat):
            out = Path(tmp) / f"html{k}"
            before = resource.getrusage(resource.RUSAGE_CHILDREN)
            t0 = time.perf_counter()
            proc = subprocess.run([*cli, "render", "html", str(tei), "--registers", str(regs), "-o", str(out)],
                                  env=env, cwd=ROOT, capture_output=True, text=True)
            times.append(time.perf_counter() - t0)
            after = resource.getrusage(resource.RUSAGE_CHILDREN)
            cpus.append(after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime)
            if proc.returncode != 0:
                raise SystemExit(proc.stderr)
        warnings = proc.stderr.count("warning:")
        pages = len(list(out.rglob("*.html")))
    stages = json.loads(subprocess.run([sys.executable, "-c", STAGES, str(tei), str(regs)], env=env, cwd=ROOT,
                                       capture_output=True, text=True, check=True).stdout)
    print(f"{label}: render html tei/{args.text}.xml -> {pages} pages, {warnings} warnings")
    print(f"  command, fresh process: median {statistics.median(times):.2f} s "
          f"(runs: {', '.join(f'{t:.2f}' for t in times)}); CPU time median {statistics.median(cpus):.2f} s")
    print("  in one process, after a warm-up: "
          + ", ".join(f"{k} {v:.2f} s" for k, v in stages.items()))


if __name__ == "__main__":
    main()
