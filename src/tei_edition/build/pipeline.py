"""The pipeline: files in, files out. ``build/`` is the one place that writes the edition's
outputs: the renderers (:mod:`tei_edition.render`) return bytes, and the CLI, the editor's desk
and ``render.pdf.render_pdf`` (a convenience kept for the print commands) write through
:mod:`.fileio`.

``convert_file`` reads one source and writes one TEI file; ``build`` runs every source of an
edition; ``publish`` (:mod:`.publish`) renders the PDFs, the EPUBs and the HTML site. Outputs
are written atomically (temporary file + rename, :mod:`.fileio`), so a failed or killed run
leaves the previous complete outputs in place, and an output whose bytes did not change is not
rewritten.

The stages: :mod:`.documents` (one source -> document, spans and register additions),
:mod:`.corpus` (registers merge, editors' decisions, TEI, validation), :mod:`.publish`;
:mod:`.stage` holds what they share (the result record, installing, fanning out).

Incremental builds (:mod:`tei_edition.build.cache`): each stage's result is stored under a key hashing
everything it depends on. Per document: source bytes, profile, reader options, the code (the
*document* stage is convert + entities + dates + note citations, which depend on the document
alone). Per corpus: the keys of all documents in order and ``curation/`` (registers merge and the
editors' decisions, then the TEI bytes). Validation: the bytes of every output. PDF: the TEI
and register bytes. HTML: all TEI, register and PDF bytes. An unchanged corpus skips natasha
entirely (the models are never loaded); a changed source re-annotates that document only and
redoes the cheap corpus merge.

Parallel builds (``jobs > 1``): the per-document stages and the PDFs run in worker processes
(``spawn``; models and compiled XSLT load once per worker). A worker annotates its document into
an empty register and returns the register additions it made; the parent replays them in source
order into the curated registers, so the merge is exactly the serial one (register ids are the
identity keys, so a span's ``ref`` never depends on what the register held before). Where the
workers run is the executor's business (:mod:`tei_edition.build.executor`: a local process pool, or a
Dask cluster whose tasks carry their input bytes); the stages fan out through
:func:`.stage.run_parallel` only.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from ..config import EditionConfig
from ..diagnostics import EditionError, Report
from ..model import Document
from ..readers import BINARY_READERS, get_reader
from ..readers.options import ReaderOptions
from ..readers.textio import decode_source
from ..tei.writer import build_tei, serialize
from .cache import Cache, code_digest, digest, sha256
from .corpus import InvalidOutput, ValidationMemo, corpus_outputs, validate_outputs
from .documents import DocResult, DocTask, document_stage, init_worker, names_bytes, read_bytes
from .executor import Executor
from .fileio import write_atomic
from .publish import publish
from .stage import BuildResult, check, folder_digest, install_output, pack, run_parallel, unpack

__all__ = ["convert_text", "convert_file", "build", "publish", "write_atomic", "read_source",
           "validate_outputs", "BuildResult", "InvalidOutput"]


def read_source(path: Path, display: str | None = None) -> str:
    """Read and decode a source file; I/O problems become :class:`EditionError`."""
    name = display or str(path)
    return decode_source(read_bytes(path, name), name)


def convert_text(text: str, profile: str, source: str,
                 options: ReaderOptions | Mapping[str, Any] | None) -> tuple[Document, bytes, Report]:
    """Source text -> (document, TEI bytes, diagnostics). Pure: no file access."""
    reader = get_reader(profile, source)
    doc, report = reader(text, source, options)
    return doc, serialize(build_tei(doc)), report


def convert_file(src: Path, out: Path, profile: str, options: ReaderOptions | Mapping[str, Any] | None,
                 display: str | None = None) -> Report:
    """Convert one source file into one TEI file (written atomically). A PDF (by name or
    content) is read by the ``pdf`` reader whatever the profile."""
    name = display or str(src)
    options = ReaderOptions.of(options)
    from ..readers.pdf_source import load_pdf, looks_like_pdf

    if profile in BINARY_READERS or looks_like_pdf(src):
        profile = profile if profile in BINARY_READERS else "pdf"
        doc, report = BINARY_READERS[profile](load_pdf(src, name, options.ocr), name, options)
        data = serialize(build_tei(doc))
    else:
        text = read_source(src, name)
        _, data, report = convert_text(text, profile, name, options)
    try:
        write_atomic(out, data)
    except OSError as err:
        raise EditionError(str(out), f"cannot write output: {err.strerror or err}", "output-unwritable") from None
    return report


def _document_results(tasks: list[DocTask], cache: Cache | None, jobs: int, result: BuildResult,
                      keys: dict[str, str], executor: Executor | None = None) -> list[DocResult]:
    """Every document's stage result, from the cache where its key matches, else computed."""
    found: dict[str, DocResult] = {}
    if cache is not None:
        for task in tasks:
            key = keys[task.id]
            hit = cache.get_object("document", key)
            if isinstance(hit, DocResult) and hit.id == task.id and hit.key == key:
                found[task.id] = hit
                result.actions[f"document:{task.id}"] = "cached"
    todo = [t for t in tasks if t.id not in found]
    weights = [t.file.stat().st_size if t.file.is_file() else 0 for t in todo]
    computed = run_parallel(document_stage, todo, jobs, weights, init_worker,
                            (any(t.annotate for t in todo),), executor=executor, label="documents")
    check(computed)
    for r in computed:
        found[r.id] = r
        result.actions[f"document:{r.id}"] = "built"
        if cache is not None:
            cache.put_object("document", r.key, r)
    return [found[t.id] for t in tasks]


def _cached_corpus(cache: Cache, key: str, root: Path, report: Report) -> dict[str, bytes] | None:
    """The corpus TEI stored under ``key`` (its diagnostics added to ``report``), or None."""
    record = cache.get_record("corpus", key)
    if record is None:
        return None
    outputs = {}
    for name, sha in record.get("outputs", []):
        data = cache.get_blob(sha)
        if data is None:
            return None
        outputs[name] = data
    cached_report = unpack(record.get("report"), root)
    if cached_report is None:
        return None
    report.extend(cached_report)
    return outputs


def _validate(paths: dict[Path, bytes], cache: Cache | None, result: BuildResult, root: Path) -> None:
    """Validate the corpus TEI (cached by its bytes); :class:`InvalidOutput` on errors."""
    problems = None
    validate_key = digest("validate", code_digest(), sorted((p.name, sha256(d)) for p, d in paths.items()))
    record = cache.get_record("validate", validate_key) if cache is not None else None
    if record is not None:
        problems = unpack(record.get("report"), root)
        result.actions["validate"] = "cached"
    if problems is None:
        problems = validate_outputs(paths, memo=ValidationMemo(cache) if cache is not None else None)
        result.actions["validate"] = "built"
        if cache is not None and not any(d.severity == "error" for d in problems):
            cache.put_record("validate", validate_key, {"report": pack(problems, root)})
    result.report.extend(problems)
    if any(d.severity == "error" for d in problems):
        raise InvalidOutput(problems)


def build(config: EditionConfig, *, annotate: bool = True, validate: bool = True, jobs: int = 1,
          cache: Cache | None = None, keep_documents: bool = False, executor: Executor | None = None) -> BuildResult:
    """Convert (and annotate) every source of the edition into ``tei/``.

    Every output is serialized (and validated as a corpus) before the first one is written, so
    bad input in any source leaves all previous outputs untouched; each file is then replaced
    atomically, and only when its bytes changed. ``cache`` (see :mod:`tei_edition.build.cache`) skips
    every stage whose inputs are unchanged; ``jobs`` > 1 runs the documents in worker processes,
    ``executor`` (:mod:`tei_edition.build.executor`, e.g. a Dask cluster) wherever it runs them.
    ``keep_documents`` returns the documents (only those built in this run, not cached ones).
    """
    result = BuildResult()
    root = config.root
    names = names_bytes(root / "curation") if annotate else None
    tasks = [DocTask(src.id, src.file, os.path.relpath(src.file, root), src.profile, src.reader_options(),
                     annotate, root / "curation", names) for src in config.sources]
    outputs: dict[str, bytes] | None = None
    report = Report()
    keys: dict[str, str] = {}
    curation = folder_digest(root / "curation") if annotate else None
    if cache is not None:
        keys = {t.id: t.key(sha256(read_bytes(t.file, t.display))) for t in tasks}
        outputs = _cached_corpus(cache, digest("corpus", code_digest(), annotate, list(keys.items()), curation),
                                 root, report)
        if outputs is not None:
            result.actions["corpus"] = "cached"
    if outputs is None:
        docs = _document_results(tasks, cache, jobs, result, keys, executor)
        if keep_documents:
            result.documents = {r.id: r.document for r in docs if result.actions[f"document:{r.id}"] == "built"}
        outputs = corpus_outputs(config, docs, annotate, report)
        result.actions["corpus"] = "built"
        if cache is not None:
            # keyed by the bytes actually converted, in case a source changed during the run
            corpus_key = digest("corpus", code_digest(), annotate, [(r.id, r.key) for r in docs], curation)
            cache.put_record("corpus", corpus_key, {
                "outputs": [[name, cache.put_blob(data)] for name, data in outputs.items()],
                "report": pack(report, root)})
        del docs
    result.report.extend(report)
    paths = {config.tei_dir / name: data for name, data in outputs.items()}
    if validate:
        _validate(paths, cache, result, root)
    for path, data in paths.items():
        install_output(path, data, result, root)
        result.outputs.append(path)
    return result
