"""HTML reading edition speed.

Usage: python benchmarks/bench_html.py [--runs N] [--site] [--pythonpath DIR] [--pure-python-dawg]

``cli`` (default): ``tei-edition render html tei/thesis.xml -o DIR`` as a user runs it, in a
fresh process each time: *cold* (an empty build cache: every word of the search index parsed by
pymorphy3, the page templates compiled) and *warm* (the second run in the same project: lemmas
and compiled templates from the cache). Reported: the median wall time and the median CPU time
(user + system) of the process; on a shared machine the CPU time is the comparable figure.

The reference is the TEI Consortium's ``teitohtml`` (profiles/default/html through saxonche),
which took 0.64 s on the same ``tei/thesis.xml`` in an earlier side-by-side measurement. Its
stylesheets are not installable from PyPI, npm or Debian, so it is not run here.

``--stages``: the stages of one render of the text inside one process, after a warm-up run
(the text's XSLT run, the registers' XSLT run, the search index, the whole site).
``--site``: also the whole edition (tei/*.xml) rendered in one process, repeatedly (the first
run includes compiling the XSLT and loading the dictionary).
``--pythonpath DIR``: run the command from another source tree (e.g. an older checkout's
``src``), to compare before and after on the same machine at the same time.
``--pure-python-dawg``: hide the compiled DAWG reader from pymorphy3 (as without ``dawg2``).
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TEXT = ROOT / "tei" / "thesis.xml"
TEITOHTML_SECONDS = 0.64


def _environment(pythonpath: Path | None, pure_dawg: Path | None) -> dict[str, str]:
    env = dict(os.environ)
    paths = [str(p) for p in (pure_dawg, pythonpath) if p is not None]
    if paths:
        env["PYTHONPATH"] = os.pathsep.join(paths + ([env["PYTHONPATH"]] if env.get("PYTHONPATH") else []))
    return env


def _run_cli(project: Path, env: dict[str, str]) -> tuple[float, float]:
    """(wall, CPU) seconds of one ``render html`` process in ``project``."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    subprocess.run([sys.executable, "-m", "tei_edition.cli.app", "render", "html", str(TEXT), "-o",
                    str(project / "html")], cwd=project, env=env, check=True, capture_output=True)
    wall = time.perf_counter() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu


def bench_cli(runs: int, env: dict[str, str]) -> dict[str, list[tuple[float, float]]]:
    """Cold and warm runs, each cold one in a new project folder (an empty cache)."""
    out: dict[str, list[tuple[float, float]]] = {"cold": [], "warm": []}
    for _ in range(runs):
        with tempfile.TemporaryDirectory() as tmp:
            project = Path(tmp)
            shutil.copyfile(ROOT / "edition.toml", project / "edition.toml")  # its .cache/ is the project's
            out["cold"].append(_run_cli(project, env))
            out["warm"].append(_run_cli(project, env))
    return out


def bench_site(repeat: int) -> None:
    from tei_edition.build.publish import render_html

    tei_dir = ROOT / "tei"
    texts = sorted(p for p in tei_dir.glob("*.xml") if p.name != "registers.xml")
    registers = tei_dir / "registers.xml"
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "html"
        times = []
        for _ in range(repeat + 1):
            t0 = time.perf_counter()
            render_html(texts, out, registers=registers if registers.is_file() else None)
            times.append(time.perf_counter() - t0)
        pages = len(list(out.rglob("*.html")))
    print(f"whole site ({', '.join(p.stem for p in texts)}; {pages} pages) in one process: "
          f"first {times[0]:.2f} s, then median {statistics.median(times[1:]):.2f} s")


def bench_stages() -> None:
    import tei_edition.render.html as rh

    timed: dict[str, float] = {}

    def wrap(name: str) -> None:
        fn = getattr(rh, name)

        def inner(*a, **k):
            t0 = time.process_time()
            try:
                return fn(*a, **k)
            finally:
                timed[name] = timed.get(name, 0.0) + time.process_time() - t0
        setattr(rh, name, inner)

    for name in ("transform_text", "transform_registers", "build_search_index"):
        wrap(name)
    registers = ROOT / "tei" / "registers.xml"
    rh.render_site([TEXT], registers=registers)  # warm-up: Saxon, stylesheets, templates, dictionary
    timed.clear()
    t0 = time.process_time()
    rh.render_site([TEXT], registers=registers)
    timed["render_site"] = time.process_time() - t0
    print("  in one process after a warm-up (CPU): " + ", ".join(f"{k} {v:.2f} s" for k, v in timed.items()))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--stages", action="store_true", help="also time the stages inside one process")
    ap.add_argument("--site", action="store_true", help="also render the whole edition in one process")
    ap.add_argument("--pythonpath", type=Path, help="run the command from this source tree")
    ap.add_argument("--pure-python-dawg", action="store_true", help="hide the compiled DAWG reader")
    args = ap.parse_args()
    if not TEXT.is_file():
        raise SystemExit(f"{TEXT} is not built (tei-edition build)")
    with tempfile.TemporaryDirectory() as shim:
        pure = None
        if args.pure_python_dawg:
            pure = Path(shim)
            (pure / "dawg.py").write_text("raise ImportError('hidden by the benchmark')\n", encoding="utf-8")
        results = bench_cli(args.runs, _environment(args.pythonpath, pure))
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(f"render html tei/thesis.xml, {args.runs} runs each, load average {load:.1f} on {os.cpu_count()} cores"
          + (f", code from {args.pythonpath}" if args.pythonpath else "")
          + (", pure-Python DAWG" if args.pure_python_dawg else ""))
    for kind, values in results.items():
        wall = statistics.median(w for w, _ in values)
        cpu = statistics.median(c for _, c in values)
        print(f"  {kind}: wall {wall:.2f} s, CPU {cpu:.2f} s")
    print(f"  reference: teitohtml {TEITOHTML_SECONDS:.2f} s (earlier measurement; not installable here)")
    if args.stages:
        bench_stages()
    if args.site:
        bench_site(args.runs)


if __name__ == "__main__":
    main()
