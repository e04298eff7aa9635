"""HTML reading edition speed.

Usage: python benchmarks/bench_html.py [--runs N] [--stages] [--site] [--pythonpath DIR]
       [--pure-python-dawg] [--teitohtml TO_XSL [--tei FILE ...]]

``cli`` (default): ``tei-edition render html tei/thesis.xml -o DIR`` as a user runs it, in a
fresh process each time: *cold* (an empty build cache: every word of the search index parsed by
pymorphy3, the page templates compiled) and *warm* (the second run in the same project: lemmas
and compiled templates from the cache). Reported: the median wall time and the median CPU time
(user + system) of the process; on a shared machine the CPU time is the comparable figure.

``--teitohtml TO_XSL``: the side-by-side comparison with the TEI Consortium's ``teitohtml``.
``TO_XSL`` is ``profiles/default/html/to.xsl`` of a checkout of the TEI Stylesheets (they are not
installable from PyPI, npm or Debian, so the benchmark takes their path). For each TEI file
(``--tei``, default ``tei/thesis.xml``; several may be named) and each of ``--runs`` rounds
(default 5 in this mode), interleaved in that order: (a) a fresh Python process that compiles
``to.xsl`` with saxonche and transforms the TEI file into one HTML page (this file's
``--run-teitohtml XSL TEI OUT``), (b) ``render html TEI -o DIR`` cold in a new project folder
(empty ``.cache/``: no lemmas, no compiled page templates) and (c) the same command warm (second
run in that folder). Reported per command: the median and the minimum of the wall time and of
the CPU time (user + system of the child process) and the ratios of the medians to
``teitohtml``'s; also ``teitohtml``'s own split into stylesheet compile and transform. The same
Python interpreter runs both.

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


def _timed(cmd: list[str], cwd: Path, env: dict[str, str] | None = None,
           stdout: list[str] | None = None) -> tuple[float, float]:
    """(wall, CPU) seconds of one child process; CPU is user + system from the children's rusage.
    The child's output is appended to ``stdout`` when given."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    done = subprocess.run(cmd, cwd=cwd, env=env, check=True, capture_output=True, text=True)
    wall = time.perf_counter() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    if stdout is not None:
        stdout.append(done.stdout)
    return wall, cpu


def _run_cli(project: Path, env: dict[str, str], text: Path = TEXT) -> tuple[float, float]:
    """(wall, CPU) seconds of one ``render html`` process in ``project``."""
    return _timed([sys.executable, "-m", "tei_edition.cli.app", "render", "html", str(text), "-o",
                   str(project / "html")], project, env)


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


def run_teitohtml(xsl: Path, tei: Path, out: Path) -> None:
    """The reference: ``to.xsl`` compiled by saxonche and run on ``tei`` into one page ``out``
    (what ``teitohtml`` does); prints the compile and transform seconds."""
    t0 = time.perf_counter()
    from saxonche import PySaxonProcessor

    proc = PySaxonProcessor(license=False)
    t1 = time.perf_counter()
    exe = proc.new_xslt30_processor().compile_stylesheet(stylesheet_file=str(xsl))
    t2 = time.perf_counter()
    exe.transform_to_file(source_file=str(tei), output_file=str(out))
    t3 = time.perf_counter()
    if not out.is_file() or out.stat().st_size == 0:
        raise SystemExit(f"{out}: teitohtml wrote nothing")
    print(f"start {t1 - t0:.3f} compile {t2 - t1:.3f} transform {t3 - t2:.3f}")


def bench_teitohtml(xsl: Path, texts: list[Path], runs: int, env: dict[str, str]) -> None:
    """``teitohtml`` against ``render html`` cold and warm, interleaved round by round."""
    load = os.getloadavg() if hasattr(os, "getloadavg") else (float("nan"),) * 3
    print(f"teitohtml vs render html, {runs} interleaved rounds, load average "
          f"{load[0]:.1f} {load[1]:.1f} {load[2]:.1f} on {os.cpu_count()} cores")
    for text in texts:
        times: dict[str, list[tuple[float, float]]] = {"teitohtml": [], "render cold": [], "render warm": []}
        phases: list[str] = []
        with tempfile.TemporaryDirectory() as tmp:
            for i in range(runs):
                page = Path(tmp) / f"teitohtml-{i}.html"
                runner = [sys.executable, str(Path(__file__).resolve()), "--run-teitohtml", str(xsl), str(text),
                          str(page)]
                times["teitohtml"].append(_timed(runner, Path(tmp), env, phases))
                project = Path(tmp) / f"project-{i}"
                project.mkdir()
                shutil.copyfile(ROOT / "edition.toml", project / "edition.toml")  # its .cache/ is the project's
                times["render cold"].append(_run_cli(project, env, text))
                times["render warm"].append(_run_cli(project, env, text))
            pages = len(list((Path(tmp) / "project-0" / "html").rglob("*.html")))
            size = (Path(tmp) / "teitohtml-0.html").stat().st_size
        print(f"{text.name}: teitohtml writes 1 page ({size // 1024} KiB), render html {pages} pages")
        print(f"  {'':12} {'wall median':>11} {'wall min':>9} {'CPU median':>10} {'CPU min':>8}"
              f" {'ratio wall':>10} {'ratio CPU':>9}")
        ref_wall = statistics.median(w for w, _ in times["teitohtml"])
        ref_cpu = statistics.median(c for _, c in times["teitohtml"])
        for name, values in times.items():
            walls, cpus = [w for w, _ in values], [c for _, c in values]
            print(f"  {name:12} {statistics.median(walls):10.2f}s {min(walls):8.2f}s "
                  f"{statistics.median(cpus):9.2f}s {min(cpus):7.2f}s "
                  f"{statistics.median(walls) / ref_wall:10.2f} {statistics.median(cpus) / ref_cpu:9.2f}")
        print("  (ratio: median over the teitohtml median; below 1 is faster than teitohtml)")
        split = [[float(v) for v in line.split()[1::2]] for line in phases]
        print("  teitohtml inside its process (median wall): "
              + ", ".join(f"{name} {statistics.median(row[k] for row in split):.2f}s"
                          for k, name in enumerate(("saxonche start", "compile to.xsl", "transform"))))


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
    for _ in range(2):  # warm-up: Saxon, stylesheets, templates, dictionary; the first render may run
        rh.render_site([TEXT], registers=registers)  # its corpus pages in a child, the second runs all here
    timed.clear()
    t0 = time.process_time()
    rh.render_site([TEXT], registers=registers)
    timed["render_site"] = time.process_time() - t0
    print("  in one process after a warm-up (CPU): " + ", ".join(f"{k} {v:.2f} s" for k, v in timed.items()))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--runs", type=int, help="rounds (default 3; 5 with --teitohtml)")
    ap.add_argument("--stages", action="store_true", help="also time the stages inside one process")
    ap.add_argument("--site", action="store_true", help="also render the whole edition in one process")
    ap.add_argument("--pythonpath", type=Path, help="run the command from this source tree")
    ap.add_argument("--pure-python-dawg", action="store_true", help="hide the compiled DAWG reader")
    ap.add_argument("--teitohtml", type=Path, metavar="TO_XSL",
                    help="compare with the TEI Stylesheets' profiles/default/html/to.xsl at this path")
    ap.add_argument("--tei", type=Path, nargs="+", default=[TEXT], help="TEI files for --teitohtml")
    ap.add_argument("--run-teitohtml", type=Path, nargs=3, metavar=("XSL", "TEI", "OUT"), help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.run_teitohtml:
        run_teitohtml(*args.run_teitohtml)
        return
    if not TEXT.is_file():
        raise SystemExit(f"{TEXT} is not built (tei-edition build)")
    with tempfile.TemporaryDirectory() as shim:
        pure = None
        if args.pure_python_dawg:
            pure = Path(shim)
            (pure / "dawg.py").write_text("raise ImportError('hidden by the benchmark')\n", encoding="utf-8")
        env = _environment(args.pythonpath, pure)
        if args.teitohtml:
            if not args.teitohtml.is_file():
                raise SystemExit(f"{args.teitohtml}: no such stylesheet (profiles/default/html/to.xsl)")
            bench_teitohtml(args.teitohtml.resolve(), [t.resolve() for t in args.tei], args.runs or 5, env)
            return
        runs = args.runs or 3
        results = bench_cli(runs, env)
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(f"render html tei/thesis.xml, {runs} runs each, load average {load:.1f} on {os.cpu_count()} cores"
          + (f", code from {args.pythonpath}" if args.pythonpath else "")
          + (", pure-Python DAWG" if args.pure_python_dawg else ""))
    for kind, values in results.items():
        wall = statistics.median(w for w, _ in values)
        cpu = statistics.median(c for _, c in values)
        print(f"  {kind}: wall {wall:.2f} s, CPU {cpu:.2f} s")
    print(f"  reference: teitohtml {TEITOHTML_SECONDS:.2f} s (earlier measurement; rerun with --teitohtml)")
    if args.stages:
        bench_stages()
    if args.site:
        bench_site(runs)


if __name__ == "__main__":
    main()
