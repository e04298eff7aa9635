"""The editor's desk: time from a decision to the rebuilt reading-edition page (target: under 2 s).

Usage: python benchmarks/bench_desk.py [--decisions N] [--doc thesis]
Works on a copy of the project (edition.toml, sources, curation/, tei/, build/html and the build
cache) in a temporary folder, so the real curation files are never touched. Builds first when
the copy has no built edition (not measured). Then, for N items of the review queue of the
document, records a decision through the desk (reject, then undo it) and waits until the TEI and
the HTML pages are rebuilt; the PDF is not rebuilt (the desk renders it afterwards, in the
background or on demand). Prints each time and the median, the split into recording, TEI and
the text's pages, and when the whole site (register pages, search index) followed.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _copy(dest: Path) -> None:
    for name in ("edition.toml", "sources", "curation", "tei", ".cache"):
        src = ROOT / name
        if src.is_dir():
            shutil.copytree(src, dest / name)
        elif src.is_file():
            shutil.copy2(src, dest / name)
    if (ROOT / "build" / "html").is_dir():
        shutil.copytree(ROOT / "build" / "html", dest / "build" / "html")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--decisions", type=int, default=5)
    ap.add_argument("--doc", default="thesis")
    args = ap.parse_args()
    from tei_edition.desk.service import Desk

    with tempfile.TemporaryDirectory(prefix="bench-desk-") as tmp:
        project = Path(tmp)
        _copy(project)
        desk = Desk(project / "edition.toml", pdf="demand")
        t0 = time.perf_counter()
        desk.rebuilder.request()  # warm: the copy's pages and cache are brought up to date
        assert desk.rebuilder.wait(desk.rebuilder.status.wanted, timeout=900), desk.status()
        print(f"warm-up rebuild (not measured): {time.perf_counter() - t0:.2f} s")
        items = [i for i in desk.queue(limit=10_000) if i["doc"] == args.doc and not i["missed"]]
        totals, records = [], []
        for item in items[:args.decisions]:
            payload = {k: item[k] for k in ("doc", "unit", "start", "end")} | {"action": "reject"}
            t0 = time.perf_counter()
            result = desk.decide(payload)
            t1 = time.perf_counter()
            assert desk.rebuilder.wait(result["generation"], timeout=300), desk.status()
            t2 = time.perf_counter()
            assert desk.rebuilder.wait(result["generation"], timeout=300, full=True), desk.status()
            t3 = time.perf_counter()
            totals.append(t2 - t0)
            records.append(t1 - t0)
            steps = desk.status()["steps"]
            print(f"reject «{item['surface']}»: recorded {1000 * (t1 - t0):.0f} ms, its text's pages rebuilt after "
                  f"{t2 - t0:.2f} s (TEI {steps['tei']:.2f} s, pages {steps['pages']:.2f} s), whole site after "
                  f"{t3 - t0:.2f} s")
            undo = desk.undo({"undo": result["undo"]})
            assert desk.rebuilder.wait(undo["generation"], timeout=300), desk.status()
        desk.rebuilder.stop()
        if totals:
            print(f"median decision -> rebuilt page: {statistics.median(totals):.2f} s over {len(totals)} decisions "
                  f"(recording {1000 * statistics.median(records):.0f} ms); target < 2 s")


if __name__ == "__main__":
    main()
