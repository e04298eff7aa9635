"""Scaling: a synthetic corpus of N documents, per-stage throughput, peak memory, and the curve.

Usage: python benchmarks/bench_scale.py [--sizes 1,10,100,200] [--no-pdf] [--pdf-sample 3] [--jobs 2]

The corpus is made from the two sources of the edition: windows of the thesis (first copy) and
of the book's body behind its front matter, at seeded random offsets and lengths, with their own
ids and titles, in a temporary project with its own ``edition.toml`` and the real ``curation/``.
Each size runs in a fresh child process (so peak RSS is that size's own); models and compiled
XSLT are warmed up on one document first and not timed. Stages, timed one after another with
one process: convert (read + reader), annotate (entities, dates, note citations, registers
merge and editors' decisions), TEI serialization, validation (schema, Schematron, corpus
references), HTML site, PDF (sampled on a few documents, it is the slow stage). At the largest
size the whole TEI build also runs with ``--jobs`` worker processes.

Memory: each document is dropped once its TEI is serialized; only the annotated documents
(until the editors' decisions are applied, which may touch any document) and the registers are
corpus-wide, by design. Keep it runnable in a few minutes on 2 cores: ~9 KB per document.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
THESIS = "sources/000_df3ea2a3721be5b9.txt"
BOOK = "sources/002_b30c2bfc8418eebd.txt"
BOOK_FRONT = 30  # title page, colophon and blurb: every synthetic book keeps them


def make_corpus(folder: Path, n: int, seed: int = 7) -> None:
    """Write ``n`` synthetic sources and their ``edition.toml`` into ``folder``."""
    from tei_edition.build.pipeline import read_source
    from tei_edition.readers.thesis import find_repeat

    thesis = read_source(ROOT / THESIS).split("\n")
    thesis = thesis[: find_repeat(thesis) or len(thesis)]
    book = read_source(ROOT / BOOK).split("\n")
    rnd = random.Random(seed)
    (folder / "sources").mkdir(parents=True)
    shutil.copytree(ROOT / "curation", folder / "curation")
    toml = ['[edition]\ntitle = "Synthetic corpus"\n']
    for k in range(n):
        ident = f"doc{k:04d}"
        if k % 2 == 0:
            start = rnd.randrange(0, len(thesis) - 130)
            lines, profile = thesis[start:start + rnd.randrange(60, 120)], "thesis-text"
        else:
            start = rnd.randrange(BOOK_FRONT, len(book) - 40)
            lines, profile = book[:BOOK_FRONT] + book[start:start + rnd.randrange(15, 35)], "book-markdown"
        (folder / "sources" / f"{ident}.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")
        toml.append(f'[[source]]\nid = "{ident}"\nfile = "sources/{ident}.txt"\nprofile = "{profile}"\n'
                    f'[source.meta]\ntitle = "Документ {k + 1}"\nlanguage = "ru"\n')
    (folder / "edition.toml").write_text("\n".join(toml), encoding="utf-8")


def _pdf_pages(path: Path) -> int:
    """Page count from poppler's pdfinfo (0 when it is not installed)."""
    pdfinfo = shutil.which("pdfinfo")
    if pdfinfo is None:
        return 0
    info = subprocess.run([pdfinfo, str(path)], capture_output=True, text=True, check=False).stdout
    match = re.search(r"^Pages:\s+(\d+)", info, re.M)
    return int(match.group(1)) if match else 0


def run_stages(folder: Path, pdf_sample: int, html: bool) -> dict:
    """Every stage once, timed; returns seconds, characters and pages per stage."""
    from tei_edition.annotate import annotate_document
    from tei_edition.annotate.bibl import annotate_notes
    from tei_edition.annotate.curation import apply_curation, load_curation, seed_registers
    from tei_edition.tei.registers import registers_to_tei
    from tei_edition.config import load_config
    from tei_edition.build.pipeline import read_source, validate_outputs, write_atomic
    from tei_edition.readers import get_reader
    from tei_edition.tei.writer import build_tei, serialize

    cfg = load_config(folder / "edition.toml")
    out: dict = {}
    t0 = time.perf_counter()
    docs, chars, pages = {}, 0, 0
    for src in cfg.sources:
        text = read_source(src.file, src.file.name)
        doc, _ = get_reader(src.profile, src.file.name)(text, src.file.name, src.reader_options())
        docs[src.id] = doc
        chars += len(text)
        pages += int(doc.extent.get("pages", 0) or 0)
    out["convert"] = time.perf_counter() - t0
    out["chars"], out["pages"], out["docs"] = chars, pages, len(docs)

    t0 = time.perf_counter()
    curation = load_curation(folder / "curation")
    registers = seed_registers(curation)
    for doc in docs.values():
        annotate_document(doc, registers)
        annotate_notes(doc)
    apply_curation(docs, registers, curation)
    out["annotate"] = time.perf_counter() - t0

    t0 = time.perf_counter()
    outputs = {cfg.tei_dir / "registers.xml": serialize(registers_to_tei(registers, notes=True))}
    for ident in list(docs):
        outputs[cfg.tei_dir / f"{ident}.xml"] = serialize(build_tei(docs.pop(ident)))  # free as we go
    out["tei"] = time.perf_counter() - t0
    out["tei_bytes"] = sum(len(d) for d in outputs.values())

    t0 = time.perf_counter()
    problems = validate_outputs(outputs)
    out["validate"] = time.perf_counter() - t0
    out["errors"] = sum(1 for d in problems if d.severity == "error")
    for path, data in outputs.items():
        write_atomic(path, data)
    del outputs
    texts = sorted(p for p in cfg.tei_dir.glob("*.xml") if p.name != "registers.xml")

    if html:
        from tei_edition.build.publish import render_html

        t0 = time.perf_counter()
        render_html(texts, cfg.build_dir / "html", registers=cfg.tei_dir / "registers.xml", site_title=cfg.title)
        out["html"] = time.perf_counter() - t0
    if pdf_sample:
        from tei_edition.render.pdf import render_pdf

        sample = texts[:pdf_sample]
        t0 = time.perf_counter()
        for tei in sample:
            render_pdf(tei, cfg.build_dir / "pdf" / f"{tei.stem}.pdf", registers=cfg.tei_dir / "registers.xml")
        out["pdf"] = time.perf_counter() - t0
        out["pdf_docs"] = len(sample)
        out["pdf_pages"] = sum(_pdf_pages(cfg.build_dir / "pdf" / f"{t.stem}.pdf") for t in sample)
        src_chars = {s.id: len(read_source(s.file)) for s in cfg.sources}
        out["pdf_chars"] = sum(src_chars[t.stem] for t in sample)
    return out


def one_size(n: int, pdf_sample: int, html: bool, jobs: int) -> dict:
    """Run in a child process: warm up on one document, then time the stages on ``n``."""
    with tempfile.TemporaryDirectory(prefix="bench-scale-") as tmp:
        warm = Path(tmp) / "warm"
        make_corpus(warm, 1, seed=1)
        run_stages(warm, min(pdf_sample, 1), html)  # models, lexicon, XSLT: loaded, not timed
        project = Path(tmp) / "corpus"
        make_corpus(project, n)
        result = run_stages(project, pdf_sample, html)
        if jobs > 1:
            from tei_edition.config import load_config
            from tei_edition.build.pipeline import build

            cfg = load_config(project / "edition.toml")
            t0 = time.perf_counter()
            build(cfg, jobs=jobs)
            result["build_parallel"] = time.perf_counter() - t0
            t0 = time.perf_counter()
            build(cfg, jobs=1)
            result["build_serial"] = time.perf_counter() - t0
        result["maxrss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return result


STAGES = ("convert", "annotate", "tei", "validate", "html", "pdf")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", default="1,10,100,200", help="corpus sizes (documents), comma-separated")
    ap.add_argument("--no-pdf", action="store_true", help="skip the PDF stage")
    ap.add_argument("--no-html", action="store_true", help="skip the HTML stage")
    ap.add_argument("--pdf-sample", type=int, default=3, help="documents rendered to PDF per size")
    ap.add_argument("--jobs", type=int, default=2, help="worker processes for the parallel build at the largest size")
    ap.add_argument("--one", type=int, help=argparse.SUPPRESS)
    args = ap.parse_args()
    pdf_sample = 0 if args.no_pdf else args.pdf_sample
    if args.one is not None:
        print(json.dumps(one_size(args.one, pdf_sample, not args.no_html, args.jobs)))
        return
    sizes = sorted({int(s) for s in args.sizes.split(",") if s.strip()})
    rows = {}
    for n in sizes:
        cmd = [sys.executable, __file__, "--one", str(n), "--pdf-sample", str(pdf_sample),
               "--jobs", str(args.jobs if n == sizes[-1] else 1)] + (["--no-html"] if args.no_html else [])
        t0 = time.perf_counter()
        proc = subprocess.run(cmd, capture_output=True, text=True)
        if proc.returncode:
            sys.exit(f"size {n} failed:\n{proc.stderr[-3000:]}")
        rows[n] = json.loads(proc.stdout.strip().splitlines()[-1])
        print(f"  size {n}: done in {time.perf_counter() - t0:.0f} s", file=sys.stderr, flush=True)

    print(f"{'docs':>5} {'chars':>9} {'pages':>6} " + " ".join(f"{s:>9}" for s in STAGES)
          + f" {'total s':>8} {'s/Mchar':>8} {'ratio':>6} {'RSS MB':>7}")
    base = None
    for n, r in rows.items():
        staged = sum(r.get(s, 0) for s in STAGES if s != "pdf")
        per_mchar = staged / r["chars"] * 1e6
        if base is None and n >= 10 or base is None and n == sizes[-1]:
            base = per_mchar
        ratio = f"{per_mchar / base:6.2f}" if base else "     -"
        print(f"{n:5d} {r['chars']:9d} {r['pages']:6d} " + " ".join(f"{r.get(s, 0):8.2f}s" for s in STAGES)
              + f" {staged:8.1f} {per_mchar:8.1f} {ratio} {r['maxrss_mb']:7.0f}")
    print("(total s: every stage but PDF; ratio: seconds per character against the first size >= 10 docs;"
          " 1.00 = linear. RSS: peak of the child process, warm-up included)")
    big = rows[sizes[-1]]
    print(f"\nthroughput at {sizes[-1]} docs (one process):")
    for s in STAGES:
        if s not in big:
            continue
        chars, pages = (big["pdf_chars"], big["pdf_pages"]) if s == "pdf" else (big["chars"], big["pages"])
        note = f"  (sample of {big['pdf_docs']} documents, {pages} PDF pages)" if s == "pdf" else ""
        print(f"  {s:9s} {chars / big[s]:10.0f} chars/s {pages / big[s]:8.1f} pages/s{note}")
    if "build_parallel" in big:
        print(f"\nTEI build of {sizes[-1]} docs (convert+annotate+merge+validate+write): "
              f"--jobs 1 {big['build_serial']:.1f} s, --jobs {args.jobs} {big['build_parallel']:.1f} s "
              f"(x{big['build_serial'] / big['build_parallel']:.2f})")


if __name__ == "__main__":
    main()
