"""PDF reader: speed on one core, and reading the PDF directly vs extracting text first.

Usage:
  python benchmarks/bench_read_pdf.py speed [--pages 10,40,160] [--repeat 3]
  python benchmarks/bench_read_pdf.py compare [FACTS_DIR] [--checker PATH] [--cli PATH]

``speed`` typesets PDFs of growing length with Typst (PT Serif; the generator of the property
tests), pins the process to one CPU and reports the median CPU time of ``read_pdf`` (extraction
and structure, no TEI writing; CPU time, because the wall clock of a shared machine measures its
other users too) as pages per second, and the wall time: pages per second should stay flat as the
page count grows (linear time).

``compare`` takes the facts files of kind ``pdf`` in FACTS_DIR (default
``../shared/real-texts-dev``) and scores, with the real-texts checker, three ways of converting
the same PDF: the PDF itself; ``pdftotext`` then the text reader; ``pdftotext -layout`` then the
text reader. Nothing is written into the project: the extracted texts live in a temporary folder.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))


def speed(pages_list: list[int], repeat: int) -> None:
    from pdf_synth import Layout, make_pdf

    from tei_edition.readers.pdf import read_pdf

    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {sorted(os.sched_getaffinity(0))[0]})
    with tempfile.TemporaryDirectory() as tmp:
        warm, _ = make_pdf(1, Layout(sections=1), Path(tmp))
        read_pdf(warm, "warmup.pdf", {})  # imports and the lexicon are not measured
        print(f"{'pages':>6} {'cpu s':>8} {'pages/s':>8} {'ms/page':>8} {'wall s':>8}")
        for target in pages_list:
            # about 1.6 pages of A5 per section with notes
            data, _ = make_pdf(target, Layout(sections=max(1, round(target / 1.6))), Path(tmp))
            import pypdfium2

            n = len(pypdfium2.PdfDocument(data))
            cpu, wall = [], []
            for _ in range(repeat):
                t0, c0 = time.perf_counter(), time.process_time()
                read_pdf(data, "bench.pdf", {})
                cpu.append(time.process_time() - c0)
                wall.append(time.perf_counter() - t0)
            t = statistics.median(cpu)
            print(f"{n:>6} {t:>8.3f} {n / t:>8.1f} {1000 * t / n:>8.1f} {statistics.median(wall):>8.3f}")


def compare(facts_dir: Path, checker: Path, cli: Path) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        ids = []
        for facts_path in sorted(facts_dir.glob("*.facts.json")):
            facts = json.loads(facts_path.read_text(encoding="utf-8"))
            if facts.get("kind") != "pdf":
                continue
            pdf = facts_dir / facts["file"]
            shutil.copy(pdf, work / pdf.name)
            (work / facts_path.name).write_text(json.dumps(facts, ensure_ascii=False), encoding="utf-8")
            ids.append(facts["id"])
            for suffix, flags, kind in (("pdftotext", [], "pdf-raw"), ("pdftotext-layout", ["-layout"], "pdf-layout")):
                txt = work / f"{pdf.stem}-{suffix}.txt"
                subprocess.run(["pdftotext", *flags, str(pdf), str(txt)], check=True)
                variant = dict(facts, id=f"{facts['id']}-{suffix}", file=txt.name, kind=kind)
                (work / f"{variant['id']}.facts.json").write_text(json.dumps(variant, ensure_ascii=False),
                                                                  encoding="utf-8")
                ids.append(variant["id"])
        if not ids:
            print(f"no facts of kind pdf in {facts_dir}")
            return
        out = work / "result.json"
        subprocess.run([sys.executable, str(checker), str(work), "--cli", str(cli), "--json", str(out)],
                       check=True, cwd=ROOT)
        results = json.loads(out.read_text(encoding="utf-8"))["results"]
    print()
    print("| input | convert | valid | notes | anchored | pb | pb samples | heads F1 | absent | words | seconds |")
    print("|---|---|---|---|---|---|---|---|---|---|---|")
    for r in results:
        if r.get("convert_rc") != 0:
            print(f"| {r['id']} | failed: {r.get('error', '')[:60]} |||||||||")
            continue
        n, p, h, w = r["notes"], r["pages"], r["headings"], r["words"]
        print(f"| {r['id']} | {r['profile']} | {r['validate_rc'] == 0} | {n['found']}/{n['expected']} | "
              f"{n['anchored']} | {p['found']}/{p['expected']} | {p['samples']} | {h['f1']} | "
              f"{len(r['absent_found'])} | {w['kept']} | {r['seconds']} |")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    sub = ap.add_subparsers(dest="cmd", required=True)
    sp = sub.add_parser("speed")
    sp.add_argument("--pages", default="10,40,160")
    sp.add_argument("--repeat", type=int, default=3)
    cp = sub.add_parser("compare")
    cp.add_argument("facts_dir", nargs="?", default=str(ROOT.parent / "shared" / "real-texts-dev"))
    cp.add_argument("--checker", default=str(ROOT.parent / "shared" / "tools" / "check_real_texts.py"))
    cp.add_argument("--cli", default=str(ROOT / ".venv" / "bin" / "tei-edition"))
    a = ap.parse_args()
    if a.cmd == "speed":
        speed([int(x) for x in a.pages.split(",")], a.repeat)
    else:
        compare(Path(a.facts_dir), Path(a.checker), Path(a.cli))


if __name__ == "__main__":
    main()
