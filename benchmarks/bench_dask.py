"""Scaling out: the TEI build of a generated corpus, local pool against a Dask cluster, and the
cost of the corpus-wide stages per million characters.

Usage: python benchmarks/bench_dask.py [--docs 1000] [--corpus-sizes 10,200] [--jobs 2] [--workers 2,1]

1. Per-task overhead: a task that does nothing but carry its source (the real document task's
   payload, ~9 KB) through the local pool and through Dask, per task.
2. The TEI build (read, convert, annotate, register merge, editors' decisions, validation, write;
   no PDF or HTML) of ``--docs`` generated documents (benchmarks/bench_scale.py's corpus): local
   ``--jobs`` processes (stage by stage), then Dask LocalClusters of 2 and 1 worker processes. For each: wall time,
   the document phase (first task submitted to last result), the client's part (the rest), the sum
   of the workers' compute time (Dask task stream), peak memory per worker process, and the time
   projected on N workers: ``client part + (compute sum + tasks x overhead) / N``.
3. Corpus-wide stages at each size of ``--corpus-sizes`` and at ``--docs``: the register merge with
   the editors' decisions and TEI serialization, and validation, in seconds per million source
   characters (flat = linear in the corpus).

Every build runs cold (no cache). On a shared machine the figures move with the load: rerun
before comparing.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_scale import make_corpus  # noqa: E402

from tei_edition.config import load_config  # noqa: E402
from tei_edition.build.executor import DaskExecutor, LocalExecutor  # noqa: E402


def _noop(task, data: bytes | None = None) -> int:
    """The document task's shape without its work: measures shipping and scheduling only."""
    return len(data) if data is not None else task.file.stat().st_size


def _tasks(cfg):
    from tei_edition.build.documents import DocTask

    return [DocTask(s.id, s.file, os.path.relpath(s.file, cfg.root), s.profile, s.reader_options(), True)
            for s in cfg.sources]


class _Clock:
    """Progress callback recording when the document phase starts and ends."""

    def __init__(self) -> None:
        self.start: float | None = None
        self.end: float | None = None

    def __call__(self, label: str, done: int, total: int) -> None:
        if label != "documents":
            return
        if done == 0:
            self.start = time.perf_counter()
        if done == total:
            self.end = time.perf_counter()

    @property
    def phase(self) -> float:
        return (self.end or 0) - (self.start or 0)


def overhead(cfg, executor) -> float:
    """Seconds per task of a no-op task with the real payload: the time of all tasks less the time
    of 8, per extra task (so the start of a local pool, paid once per stage, is left out)."""
    tasks = _tasks(cfg)
    small = min(len(tasks) - 1, 8)
    executor.map(_noop, tasks[:small], label="documents")  # warm up (a LocalCluster starts here)
    t0 = time.perf_counter()
    executor.map(_noop, tasks[:small], label="documents")
    t_small = time.perf_counter() - t0
    t0 = time.perf_counter()
    executor.map(_noop, tasks, label="documents")
    return (time.perf_counter() - t0 - t_small) / (len(tasks) - small)


def worker_peaks(executor: DaskExecutor) -> list[float]:
    def peak() -> float:
        import resource as r

        return r.getrusage(r.RUSAGE_SELF).ru_maxrss / 1024

    return sorted(executor.client().run(peak).values())


def build_run(project: Path, executor, jobs: int) -> dict:
    """One cold TEI build through the library, as ``tei-edition build --tei-only --no-cache``."""
    from tei_edition.build.pipeline import build

    cfg = load_config(project / "edition.toml")
    clock = _Clock()
    executor.progress = clock
    stream = None
    t0 = time.perf_counter()
    if isinstance(executor, DaskExecutor):
        from distributed import get_task_stream

        with get_task_stream(executor.client()) as stream:
            build(cfg, jobs=jobs, executor=executor)
    else:
        build(cfg, jobs=jobs, executor=executor)
    wall = time.perf_counter() - t0
    out = {"wall": wall, "documents": clock.phase, "client": wall - clock.phase}
    if stream is not None:
        out["compute"] = sum(ss["stop"] - ss["start"] for rec in stream.data for ss in rec["startstops"]
                             if ss["action"] == "compute")
        out["tasks"] = len(stream.data)
        out["peaks"] = worker_peaks(executor)
    else:
        out["peaks"] = [resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024]
    return out


def corpus_stages(project: Path, jobs: int, progress=None) -> dict:
    """A cold TEI build taken apart (what ``pipeline.build`` does, stage by stage): the documents
    in a local pool of ``jobs`` processes, then the corpus-wide stages, timed one by one."""
    from tei_edition.diagnostics import Report
    from tei_edition.build.corpus import corpus_outputs, validate_outputs
    from tei_edition.build.pipeline import _document_results, read_source
    from tei_edition.build.stage import BuildResult, install_output

    cfg = load_config(project / "edition.toml")
    chars = sum(len(read_source(s.file)) for s in cfg.sources)
    t0 = time.perf_counter()
    docs = _document_results(_tasks(cfg), None, jobs, BuildResult(), {}, LocalExecutor(jobs, progress))
    documents = time.perf_counter() - t0
    t0 = time.perf_counter()
    outputs = corpus_outputs(cfg, docs, True, Report())
    merge = time.perf_counter() - t0
    del docs
    paths = {cfg.tei_dir / name: data for name, data in outputs.items()}
    t0 = time.perf_counter()
    problems = validate_outputs(paths)
    validate = time.perf_counter() - t0
    t0 = time.perf_counter()
    for path, data in paths.items():
        install_output(path, data, BuildResult(), cfg.root)
    write = time.perf_counter() - t0
    errors = sum(d.severity == "error" for d in problems)
    return {"docs": len(cfg.sources), "chars": chars, "documents": documents, "merge": merge, "validate": validate,
            "write": write, "errors": errors, "registers_kb": len(outputs["registers.xml"]) / 1024,
            "peaks": [resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024]}


def _print_corpus_row(r: dict) -> None:
    m = r["chars"] / 1e6
    print(f"{r['docs']:5d} {m:8.2f} {r['merge']:8.2f} {r['merge'] / m:8.2f} {r['validate']:10.2f} "
          f"{r['validate'] / m:8.2f} {r['registers_kb']:13.0f}" + (f"  ({r['errors']} validation errors)"
                                                                   if r["errors"] else ""), flush=True)


def _print_build_row(name: str, b: dict, cost: float) -> None:
    compute = f"{b['compute']:9.1f}" if "compute" in b else f"{'-':>9}"
    peaks = "/".join(f"{p:.0f}" for p in b["peaks"])
    print(f"{name:<20} {b['wall']:7.1f} {b['documents']:7.1f} {b['client']:8.1f} {compute} {cost * 1000:8.2f} "
          f"{peaks:>15}", flush=True)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--docs", type=int, default=1000, help="documents of the build comparison")
    ap.add_argument("--corpus-sizes", default="10,200", help="extra sizes for the corpus-wide stages")
    ap.add_argument("--jobs", type=int, default=2, help="local worker processes")
    ap.add_argument("--workers", default="2,1", help="Dask LocalCluster sizes to compare, in this order")
    args = ap.parse_args()
    import logging

    logging.getLogger("distributed").setLevel(logging.ERROR)
    tmp = Path(tempfile.mkdtemp(prefix="bench-dask-"))
    try:
        project = tmp / f"corpus{args.docs}"
        make_corpus(project, args.docs)
        cfg = load_config(project / "edition.toml")
        from tei_edition.build.pipeline import read_source

        chars = sum(len(read_source(s.file)) for s in cfg.sources)
        print(f"corpus: {args.docs} documents, {chars / 1e6:.2f} M characters; cold TEI builds (no PDF, no HTML)")
        print(f"\n{'TEI build (cold)':<20} {'wall s':>7} {'docs s':>7} {'client s':>8} {'compute s':>9} "
              f"{'task ms':>8} {'peak MB/worker':>15}", flush=True)
        with LocalExecutor(args.jobs) as local:
            cost = overhead(cfg, local)
        big = corpus_stages(project, args.jobs)
        wall = big["documents"] + big["merge"] + big["validate"] + big["write"]
        _print_build_row(f"local --jobs {args.jobs}", {"wall": wall, "documents": big["documents"],
                                                      "client": wall - big["documents"], "peaks": big["peaks"]}, cost)
        ref = None
        for workers in (int(w) for w in args.workers.split(",") if w.strip()):
            name = f"dask, {workers} worker{'s' if workers > 1 else ''}"
            with DaskExecutor(workers=workers) as dask:
                cost = overhead(cfg, dask)
                b = build_run(project, dask, workers)
            _print_build_row(name, b, cost)
            if ref is None:
                ref = (b, cost)
        print("(docs s: first document task to last result; client s: the rest (register merge, editors' "
              "decisions, serialization, validation, writing); compute s: sum of the workers' task times, model "
              "loading included; task ms: per-task overhead of an empty task with the same payload; peak MB: "
              "per worker process, for local the largest one)")
        if ref is not None:
            b, per_task = ref
            print("\nprojected TEI build on N Dask workers (client part + (compute + tasks x overhead) / N):")
            for n in (1, 2, 4, 8, 16, 32, 64):
                t = b["client"] + (b["compute"] + args.docs * per_task) / n
                print(f"  N={n:3d}: {t:8.1f} s  ({chars / t / 1e3:7.0f} K chars/s)")
        print(f"\ncorpus-wide stages (client):\n{'docs':>5} {'M chars':>8} {'merge s':>8} {'s/Mchar':>8} "
              f"{'validate s':>10} {'s/Mchar':>8} {'registers KB':>13}")
        _print_corpus_row(big)
        for n in sorted({int(s) for s in args.corpus_sizes.split(",") if s.strip()}):
            small = tmp / f"corpus{n}"
            make_corpus(small, n)
            _print_corpus_row(corpus_stages(small, args.jobs))
        print("(merge: registers merge + editors' decisions + TEI serialization)")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
