"""Benchmark: validate a generated corpus of edition files, ours vs jing.

Generates N documents with :func:`tei_edition.tei.writer.build_tei` (chapters, paragraphs with notes,
page breaks, names and dates pointing to a shared registers.xml), then times

* ``validate_report`` (well-formedness, project grammar, Schematron, corpus rules): the full run,
* the project grammar alone with lxml (comparable to jing),
* jing with the project RNG (one JVM for all files), and with ``--tei-all`` also jing on tei_all.

Usage: python benchmarks/bench_validate.py [-n 1000] [--paragraphs 30] [--tei-all PATH]
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from lxml import etree

from tei_edition.validate.schema_files import schema_path
from tei_edition.model import Block, Division, Document, Mark, Metadata, Span
from tei_edition.tei.writer import build_tei, serialize
from tei_edition.tei.ns import safe_parser as _safe_parser
from tei_edition.validate.engine import _project_rng, validate_report

REGISTERS = """<?xml version="1.0" encoding="UTF-8"?>
<TEI xmlns="http://www.tei-c.org/ns/1.0" xml:lang="ru" xml:id="registers">
  <teiHeader><fileDesc><titleStmt><title>Registers</title></titleStmt>
  <publicationStmt><publisher>tei-edition</publisher></publicationStmt>
  <sourceDesc><bibl>Generated.</bibl></sourceDesc></fileDesc></teiHeader>
  <standOff>
    <listPerson><person xml:id="per-karakhan"><persName>Карахан</persName></person></listPerson>
    <listPlace><place xml:id="pl-japan"><placeName>Япония</placeName></place></listPlace>
  </standOff>
</TEI>
"""

TEXT = ("В 1923 г. Карахан прибыл в Японию, где переговоры шли долго и трудно, а стороны обменивались "
        "нотами по вопросам рыболовства, концессий на Северном Сахалине и признания договоров.")


def make_doc(i: int, paragraphs: int) -> Document:
    """One synthetic document whose ids are unique across the corpus."""
    chapters = []
    page = 1
    for c in range(3):
        blocks = []
        for k in range(paragraphs // 3):
            page += 1
            n = c * 100 + k + 1
            blocks.append(Block("p", f"{TEXT} ({i}.{c}.{k})", marks=[
                Mark(20, "pb", n=str(page)), Mark(40, "note", n=str(n), text=f"Примечание {n}.", id=f"d{i}-n{n}")],
                spans=[Span(2, 9, "date", values={"when": "1923"}, auto=True),
                       Span(10, 17, "person", "per-karakhan", auto=True),
                       Span(27, 33, "place", "pl-japan")]))
        chapters.append(Division("chapter", n=str(c + 1), head=Block("head", f"Глава {c + 1}"), children=blocks))
    return Document(f"d{i}", Metadata(title=f"Документ {i}"), body=chapters, decisions=["Generated."])


def timed(label: str, n: int, fn) -> float:
    start = time.perf_counter()
    fn()
    secs = time.perf_counter() - start
    print(f"{label:<52} {secs:8.2f} s  {n / secs:9.1f} docs/s")
    return secs


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("-n", type=int, default=1000, help="number of documents (default 1000)")
    ap.add_argument("--paragraphs", type=int, default=30, help="paragraphs per document (default 30)")
    ap.add_argument("--tei-all", type=Path, help="also time jing on this tei_all RNG")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        corpus = Path(tmp)
        (corpus / "registers.xml").write_text(REGISTERS, encoding="utf-8")
        for i in range(args.n):
            (corpus / f"d{i:04d}.xml").write_bytes(serialize(build_tei(make_doc(i, args.paragraphs))))
        files = sorted(corpus.glob("d*.xml"))
        size = sum(f.stat().st_size for f in files)
        print(f"corpus: {len(files)} documents, {size / 2**20:.1f} MiB, {args.paragraphs} paragraphs each\n")

        report = None

        def full():
            nonlocal report
            report = validate_report([corpus])

        timed("tei-edition validate (grammar+Schematron+corpus)", len(files), full)
        errors = [d for d in report.diagnostics if d.severity == "error"]
        if errors:
            print(f"  unexpected: {len(errors)} errors, first: {errors[0]}")
        rng = _project_rng(schema_path().resolve())
        timed("lxml, project grammar only", len(files),
              lambda: [rng.validate(etree.parse(str(f), _safe_parser())) for f in files])
        jing = shutil.which("jing")
        if not jing:
            print("jing not installed: no comparison (apt-get install jing)")
            return 0
        timed("jing, project grammar (one JVM)", len(files),
              lambda: subprocess.run([jing, str(schema_path()), *map(str, files)], check=True))
        if args.tei_all:
            timed("jing, official tei_all (one JVM)", len(files),
                  lambda: subprocess.run([jing, str(args.tei_all), *map(str, files)], check=True))
    return 0


if __name__ == "__main__":
    sys.exit(main())
