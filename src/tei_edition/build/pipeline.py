"""The pipeline: the only place (with the CLI) that touches files.

``convert_file`` reads one source and writes one TEI file; ``build`` runs every source of an
edition; ``publish`` renders the PDFs and the HTML site. Outputs are written atomically
(temporary file + rename), so a failed or killed run leaves the previous complete outputs in
place, and an output whose bytes did not change is not rewritten.

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
Dask cluster whose tasks carry their input bytes); this module fans out in ``_run_parallel`` only.
"""

from __future__ import annotations

import dataclasses
import os
import shutil
import tempfile
from functools import lru_cache
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .cache import Cache, code_digest, digest, sha256
from ..config import EditionConfig
from ..diagnostics import Diagnostic, EditionError, Report
from .executor import Executor, LocalExecutor
from .fileio import write_atomic
from ..model import Document
from ..readers import BINARY_READERS, get_reader
from ..readers.options import ReaderOptions
from ..tei.writer import build_tei, serialize
from ..readers.textio import MAX_SOURCE_BYTES, decode_source

__all__ = ["convert_text", "convert_file", "build", "publish", "write_atomic",
           "BuildResult", "InvalidOutput"]


def _read_bytes(path: Path, name: str) -> bytes:
    try:
        # refuse an oversized source before reading it into memory
        if Path(path).is_file() and Path(path).stat().st_size > MAX_SOURCE_BYTES:
            raise EditionError(name, f"file is larger than {MAX_SOURCE_BYTES // (1024 * 1024)} MiB",
                               "source-too-large")
        return Path(path).read_bytes()
    except FileNotFoundError:
        raise EditionError(name, "file not found", "source-missing") from None
    except IsADirectoryError:
        raise EditionError(name, "is a folder, expected a text file", "source-missing") from None
    except PermissionError:
        raise EditionError(name, "permission denied", "source-unreadable") from None


def read_source(path: Path, display: str | None = None) -> str:
    """Read and decode a source file; I/O problems become :class:`EditionError`."""
    name = display or str(path)
    return decode_source(_read_bytes(path, name), name)


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


@dataclass
class BuildResult:
    """What a run produced: every output path, the paths actually rewritten, diagnostics, and
    per stage and item what happened (``"built"``, ``"cached"``, ``"unchanged"``, ``"restored"``,
    ``"written"``), e.g. ``actions["document:thesis"] == "cached"``."""

    outputs: list[Path] = field(default_factory=list)
    report: Report = field(default_factory=Report)
    documents: dict[str, Document] = field(default_factory=dict)
    written: list[Path] = field(default_factory=list)
    actions: dict[str, str] = field(default_factory=dict)


# ---------------------------------------------------------------------------- workers

@dataclass(frozen=True)
class _DocTask:
    """One source to read, convert and (optionally) annotate: picklable, for worker processes."""

    id: str
    file: Path
    display: str
    profile: str
    options: ReaderOptions
    annotate: bool
    curation: Path | None = None  # the edition's curation/ folder: its names.toml feeds the annotator
    names: bytes | None = None  # that names.toml's bytes, carried so a worker needs no shared folder

    def key(self, source_sha: str) -> str:
        """The cache key of this document's result: everything the result depends on."""
        names = None
        if self.annotate and self.curation is not None:
            names = sha256(self.names) if self.names is not None else "absent"
        return digest("document", code_digest(), self.annotate, self.id, self.display, self.profile,
                      self.options.as_dict(), source_sha, names)


def _names_bytes(curation: Path) -> bytes | None:
    from ..annotate.knowledge import NAMES_FILE

    path = curation / NAMES_FILE
    return path.read_bytes() if path.is_file() else None


@lru_cache(maxsize=4)
def _private_curation(names: bytes) -> Path:
    """A folder of this process holding ``names`` as names.toml: the edition's knowledge on a
    worker that cannot see the project folder (a Dask worker on another machine)."""
    from ..annotate.knowledge import NAMES_FILE

    folder = Path(tempfile.mkdtemp(prefix="tei-edition-curation-"))
    (folder / NAMES_FILE).write_bytes(names)
    return folder


def _task_curation(task: _DocTask) -> Path | None:
    """The curation folder to annotate with: the project's when it holds the task's names.toml,
    else a private copy of the bytes the task carries."""
    if task.curation is None or task.names is None:
        return task.curation
    try:
        if _names_bytes(task.curation) == task.names:
            return task.curation
    except OSError:
        pass
    return _private_curation(task.names)


@dataclass
class _DocResult:
    id: str
    key: str  # computed from the bytes actually converted (a source edited mid-run is not mislabelled)
    document: Document
    diagnostics: list[Diagnostic]
    #: ``Registers.add`` calls in order: (key, type, canonical, surface, wikidata)
    registrations: list[tuple[str, str, str, str, str]]


@dataclass(frozen=True)
class _Failure:
    """An :class:`EditionError` raised in a worker (its constructor does not survive pickling)."""

    source: str
    message: str
    code: str

    def error(self) -> EditionError:
        return EditionError(self.source, self.message, self.code)


# languages the entity recognizer and the date grammar have models for
NER_LANGUAGES = frozenset({"ru"})


def _document_stage(task: _DocTask, data: bytes | None = None) -> _DocResult | _Failure:
    """Read, convert and annotate one document: its spans and its register additions.

    Annotating into an empty register gives the same spans as the shared corpus register (a
    span's ``ref`` is its identity key); the additions are replayed in source order later.
    ``data``: the source bytes, when the task carries them (a worker without the project folder).
    """
    try:
        data = _read_bytes(task.file, task.display) if data is None else data
        if task.profile in BINARY_READERS or data[:1024].find(b"%PDF") >= 0:
            doc, diags = BINARY_READERS.get(task.profile, BINARY_READERS["pdf"])(data, task.display, task.options)
        else:
            text = decode_source(data, task.display)
            doc, diags = get_reader(task.profile, task.display)(text, task.display, task.options)
        calls: list[tuple[str, str, str, str, str]] = []
        if task.annotate and doc.meta.language not in NER_LANGUAGES:
            diags.warn(task.display, 0, "ner-language",
                       f"no entity model for language {doc.meta.language!r}: the text gets structure only "
                       "(no names, places or dates tagged)")
        elif task.annotate:
            from ..annotate import annotate_document
            from ..annotate.bibl import annotate_notes
            from ..annotate.knowledge import use_curation
            from ..annotate.linking import Registers
            from ..annotate.notes import annotate_note_entities

            use_curation(_task_curation(task))

            class _Recording(Registers):
                def add(self, key: str, type_: str, canonical: str, surface: str, wikidata: str = ""):
                    calls.append((key, type_, canonical, surface, wikidata))
                    return super().add(key, type_, canonical, surface, wikidata)

            recording = _Recording()
            annotate_document(doc, recording)
            annotate_notes(doc)
            annotate_note_entities(doc, recording)
        return _DocResult(task.id, task.key(sha256(data)), doc, list(diags), calls)
    except EditionError as err:
        return _Failure(err.source, err.message, err.code)


def _pdf_stage(job: tuple[Path, Path, Path | None]) -> list[Diagnostic] | _Failure:
    """Render one text's PDF (in a worker: Saxon and Typst's fonts load once per process)."""
    from ..render.pdf import render_pdf

    tei, out, registers = job
    try:
        return list(render_pdf(tei, out, registers=registers))
    except EditionError as err:
        return _Failure(err.source, err.message, err.code)


def _init_worker(annotate: bool) -> None:
    """Load the models once per worker, before its first document."""
    if annotate:
        from ..annotate.entities import load_models
        from ..annotate.linking import morph

        load_models()
        morph()


def _run_parallel(fn: Callable[[Any], Any], items: Sequence[Any], jobs: int, weights: Sequence[int] | None = None,
                  initializer: Callable[..., None] | None = None, initargs: tuple = (), *,
                  executor: Executor | None = None, label: str = "items") -> list[Any]:
    """``[fn(item) for item in items]`` on ``executor`` (default: ``jobs`` local worker processes);
    results stay in input order whatever order they finish in, so output never depends on
    scheduling. ``label`` names the stage (progress, and the executor's remote form of it)."""
    runner = executor if executor is not None else LocalExecutor(jobs)
    return runner.map(fn, items, weights=weights, initializer=initializer, initargs=initargs, label=label)


def _check(results: list[Any]) -> None:
    """Raise the first failure in input order (the serial build's error)."""
    for r in results:
        if isinstance(r, _Failure):
            raise r.error()


# ---------------------------------------------------------------------------- diagnostics in the cache

def _pack(diags: Sequence[Diagnostic], root: Path) -> list[list[Any]]:
    """Diagnostics as JSON, paths inside the project relative (the cache survives a move)."""
    out = []
    prefix = str(root) + os.sep
    for d in diags:
        rooted = d.source.startswith(prefix)
        out.append([d.source[len(prefix):] if rooted else d.source, d.line, d.severity, d.code, d.message, rooted])
    return out


def _unpack(packed: Any, root: Path) -> list[Diagnostic] | None:
    try:
        return [Diagnostic(str(root / s) if rooted else s, int(line), sev, code, msg)
                for s, line, sev, code, msg, rooted in packed]
    except (TypeError, ValueError):
        return None


def _folder_digest(folder: Path) -> str:
    """Names and bytes of every file under ``folder`` (``curation/``); empty when absent."""
    if not folder.is_dir():
        return digest("absent")
    return digest([(p.relative_to(folder).as_posix(), sha256(p.read_bytes()))
                   for p in sorted(folder.rglob("*")) if p.is_file()])


def _install(path: Path, data: bytes, result: BuildResult, root: Path) -> None:
    """Write ``data`` unless the file already holds exactly these bytes."""
    label = f"write:{_rel(path, root)}"
    try:
        if path.is_file() and path.stat().st_size == len(data) and path.read_bytes() == data:
            result.actions[label] = "unchanged"
            return
        write_atomic(path, data)
    except OSError as err:
        raise EditionError(str(path), f"cannot write output: {err.strerror or err}", "output-unwritable") from None
    result.actions[label] = "written"
    result.written.append(path)


def _rel(path: Path, root: Path) -> str:
    return os.path.relpath(path, root) if root in path.parents else str(path)


# ---------------------------------------------------------------------------- build

def _document_results(tasks: list[_DocTask], cache: Cache | None, jobs: int, result: BuildResult,
                      keys: dict[str, str], executor: Executor | None = None) -> list[_DocResult]:
    """Every document's stage result, from the cache where its key matches, else computed."""
    found: dict[str, _DocResult] = {}
    if cache is not None:
        for task in tasks:
            key = keys[task.id]
            hit = cache.get_object("document", key)
            if isinstance(hit, _DocResult) and hit.id == task.id and hit.key == key:
                found[task.id] = hit
                result.actions[f"document:{task.id}"] = "cached"
    todo = [t for t in tasks if t.id not in found]
    weights = [t.file.stat().st_size if t.file.is_file() else 0 for t in todo]
    computed = _run_parallel(_document_stage, todo, jobs, weights, _init_worker,
                             (any(t.annotate for t in todo),), executor=executor, label="documents")
    _check(computed)
    for r in computed:
        found[r.id] = r
        result.actions[f"document:{r.id}"] = "built"
        if cache is not None:
            cache.put_object("document", r.key, r)
    return [found[t.id] for t in tasks]


def _with_headword_merges(registers: Any, curation: Any) -> Any:
    """Corrected nominatives, and the certain near-duplicate merges ahead of the editors' own
    (:mod:`tei_edition.annotate.headwords`)."""
    from dataclasses import replace as _replace

    from ..annotate.curation import Merge
    from ..annotate.headwords import find_duplicates, fix_headwords
    from ..annotate.linking import gazetteer

    fix_headwords(registers)
    known = set(gazetteer().entries)
    auto = [Merge(d.source, d.into, note=d.reason) for d in find_duplicates(registers, known) if d.certain]
    return _replace(curation, merges=auto + list(curation.merges))


def _corpus_outputs(config: EditionConfig, results: list[_DocResult], annotate: bool,
                    report: Report) -> dict[str, bytes]:
    """Merge the documents into the corpus (registers, editors' decisions) and serialize the TEI.

    Each document is dropped as soon as its TEI is serialized: only the registers are
    corpus-wide by design.
    """
    outputs: dict[str, bytes] = {}
    for r in results:
        report.extend(r.diagnostics)
    if annotate:
        from ..annotate.curation import apply_curation, load_curation, seed_registers
        from ..annotate.knowledge import use_curation
        from ..tei.registers import registers_to_tei

        use_curation(config.root / "curation")
        curation = load_curation(config.root / "curation")
        registers = seed_registers(curation)
        for r in results:
            for call in r.registrations:
                registers.add(*call)
        curation = _with_headword_merges(registers, curation)
        report.extend(apply_curation({r.id: r.document for r in results}, registers, curation))
        from ..annotate.geo import locate_places

        locate_places(registers)  # GeoNames ids and points, offline
        outputs["registers.xml"] = serialize(registers_to_tei(registers, notes=True))
    for r in results:
        outputs[f"{r.id}.xml"] = serialize(build_tei(r.document))
    return outputs


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
    names = _names_bytes(root / "curation") if annotate else None
    tasks = [_DocTask(src.id, src.file, os.path.relpath(src.file, root), src.profile, src.reader_options(),
                      annotate, root / "curation", names) for src in config.sources]
    outputs: dict[str, bytes] | None = None
    report = Report()
    keys: dict[str, str] = {}
    curation = _folder_digest(root / "curation") if annotate else None
    if cache is not None:
        keys = {t.id: t.key(sha256(_read_bytes(t.file, t.display))) for t in tasks}
        corpus_key = digest("corpus", code_digest(), annotate, list(keys.items()), curation)
        record = cache.get_record("corpus", corpus_key)
        if record is not None:
            outputs = {}
            for name, sha in record.get("outputs", []):
                data = cache.get_blob(sha)
                if data is None:
                    outputs = None
                    break
                outputs[name] = data
            cached_report = _unpack(record.get("report"), root)
            if outputs is not None and cached_report is not None:
                report.extend(cached_report)
                result.actions["corpus"] = "cached"
            else:
                outputs = None
    if outputs is None:
        docs = _document_results(tasks, cache, jobs, result, keys, executor)
        if keep_documents:
            result.documents = {r.id: r.document for r in docs if result.actions[f"document:{r.id}"] == "built"}
        outputs = _corpus_outputs(config, docs, annotate, report)
        result.actions["corpus"] = "built"
        if cache is not None:
            # keyed by the bytes actually converted, in case a source changed during the run
            corpus_key = digest("corpus", code_digest(), annotate, [(r.id, r.key) for r in docs], curation)
            cache.put_record("corpus", corpus_key, {
                "outputs": [[name, cache.put_blob(data)] for name, data in outputs.items()],
                "report": _pack(report, root)})
        del docs
    result.report.extend(report)
    paths = {config.tei_dir / name: data for name, data in outputs.items()}
    if validate:
        problems = None
        validate_key = digest("validate", code_digest(), sorted((n, sha256(d)) for n, d in outputs.items()))
        record = cache.get_record("validate", validate_key) if cache is not None else None
        if record is not None:
            problems = _unpack(record.get("report"), root)
            result.actions["validate"] = "cached"
        if problems is None:
            problems = validate_outputs(paths, memo=_ValidationMemo(cache) if cache is not None else None)
            result.actions["validate"] = "built"
            if cache is not None and not any(d.severity == "error" for d in problems):
                cache.put_record("validate", validate_key, {"report": _pack(problems, root)})
        result.report.extend(problems)
        if any(d.severity == "error" for d in problems):
            raise InvalidOutput(problems)
    for path, data in paths.items():
        _install(path, data, result, root)
        result.outputs.append(path)
    return result


class InvalidOutput(EditionError):
    """The build produced TEI that fails validation; nothing was written."""

    def __init__(self, diagnostics: list):
        self.diagnostics = diagnostics
        errors = sum(1 for d in diagnostics if d.severity == "error")
        super().__init__("", f"the build produced invalid TEI ({errors} errors); nothing was written", "invalid-output")


class _ValidationMemo:
    """The per-file validation results in the build cache, by the file's bytes (and the code,
    schemas included): a rebuild after one decision re-checks only the files it changed."""

    def __init__(self, cache: Cache):
        self.cache = cache

    def _key(self, sha: str) -> str:
        return digest("validate-file", code_digest(), sha)

    def get(self, sha: str) -> list | None:
        from ..validate.engine import ValidationDiagnostic

        record = self.cache.get_record("validate-file", self._key(sha))
        try:
            return [ValidationDiagnostic(**d) for d in record["diagnostics"]] if record is not None else None
        except (KeyError, TypeError):
            return None

    def put(self, sha: str, diagnostics: list) -> None:
        self.cache.put_record("validate-file", self._key(sha), {"diagnostics": [d.as_dict() for d in diagnostics]})


def validate_outputs(outputs: dict[Path, bytes], memo: Any = None) -> list:
    """Validate TEI bytes as a corpus before they replace anything (project schema, Schematron,
    cross-file references), in a staging folder; diagnostics name the final paths. ``memo``
    (:class:`tei_edition.validate.engine.FileMemo`) skips the per-file checks of unchanged files."""
    from ..validate.engine import validate_paths

    with tempfile.TemporaryDirectory(prefix="tei-edition-") as tmp:
        staged = {}
        for path, data in outputs.items():
            target = Path(tmp) / path.name
            target.write_bytes(data)
            staged[str(target)] = str(path)
        diags = validate_paths(sorted(Path(t) for t in staged), memo=memo)
    return [dataclasses.replace(d, source=staged.get(d.source, d.source)) for d in diags]


def _pdf_environment() -> list[str]:
    """What a PDF depends on outside the project: the installed font files and the fixed date."""
    import subprocess

    fc_list = shutil.which("fc-list")
    fonts = ""
    if fc_list is not None:
        from ..render.pdf import FONT_FAMILY

        fonts = subprocess.run([fc_list, f":family={FONT_FAMILY}", "file", "style"], capture_output=True,
                               text=True, check=False).stdout
    return [sha256("\n".join(sorted(fonts.splitlines())).encode()), os.environ.get("SOURCE_DATE_EPOCH", "")]


def _file_sha(path: Path) -> str | None:
    try:
        return sha256(path.read_bytes())
    except OSError:
        return None


def _publish_pdfs(config: EditionConfig, texts: list[Path], registers: Path | None, jobs: int,
                  cache: Cache | None, result: BuildResult, executor: Executor | None = None) -> None:
    """One PDF per text, rendered only when its TEI, the registers or the print resources changed."""
    from ..render.pdf import PrintOptions

    root = config.root
    pdf_dir = config.build_dir / "pdf"
    environment = _pdf_environment() if cache is not None else []
    todo: list[tuple[Path, Path, str]] = []
    for tei in texts:
        out = pdf_dir / f"{tei.stem}.pdf"
        result.outputs.append(out)
        # without an explicit register file, render_pdf uses a registers.xml beside the text
        regs = registers if registers is not None else tei.parent / "registers.xml"
        key = digest("pdf", code_digest(), environment, repr(PrintOptions()), tei.name, _file_sha(tei),
                     registers is not None, _file_sha(regs))
        record = cache.get_record("pdf", key) if cache is not None else None
        diags = _unpack(record.get("report"), root) if record is not None else None
        if record is not None and diags is not None:
            if _file_sha(out) == record.get("sha"):
                result.actions[f"pdf:{tei.stem}"] = "unchanged"
                result.actions[f"write:{_rel(out, root)}"] = "unchanged"
                result.report.extend(diags)
                continue
            data = cache.get_blob(record.get("sha", ""))
            if data is not None:
                _install(out, data, result, root)
                result.actions[f"pdf:{tei.stem}"] = "restored"
                result.report.extend(diags)
                continue
        todo.append((tei, out, key))
    if not todo:
        return
    pdf_dir.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".staging-", dir=pdf_dir))
    try:
        jobs_in = [(tei, staging / out.name, registers) for tei, out, _ in todo]
        rendered = _run_parallel(_pdf_stage, jobs_in, jobs, [tei.stat().st_size for tei, _, _ in todo],
                                 executor=executor, label="PDFs")
        _check(rendered)
        for (tei, out, key), (_, staged, _), diags in zip(todo, jobs_in, rendered):
            data = staged.read_bytes()
            _install(out, data, result, root)
            result.actions[f"pdf:{tei.stem}"] = "built"
            result.report.extend(diags)
            if cache is not None:
                cache.put_record("pdf", key, {"sha": cache.put_blob(data), "report": _pack(diags, root)})
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def _publish_epubs(config: EditionConfig, texts: list[Path], registers: Path | None, cache: Cache | None,
                   result: BuildResult) -> None:
    """One EPUB per text (``build/epub/<id>.epub``), rendered only when its TEI, the registers,
    the EPUB resources or the installed font changed."""
    from ..render.epub import build_epub, pack_epub

    root = config.root
    epub_dir = config.build_dir / "epub"
    environment = _pdf_environment() if cache is not None else []
    for tei in texts:
        out = epub_dir / f"{tei.stem}.epub"
        result.outputs.append(out)
        regs = registers if registers is not None else tei.parent / "registers.xml"
        key = digest("epub", code_digest(), environment, config.title, tei.name, _file_sha(tei), _file_sha(regs))
        record = cache.get_record("epub", key) if cache is not None else None
        diags = _unpack(record.get("report"), root) if record is not None else None
        if record is not None and diags is not None:
            current = _file_sha(out) == record.get("sha")
            data = None if current else cache.get_blob(record.get("sha", ""))
            if current or data is not None:
                if data is not None:
                    _install(out, data, result, root)
                else:
                    result.actions[f"write:{_rel(out, root)}"] = "unchanged"
                result.actions[f"epub:{tei.stem}"] = "unchanged" if data is None else "restored"
                result.report.extend(diags)
                continue
        book, diags = build_epub(tei, registers=regs if regs.is_file() else None, publisher=config.title or None)
        data = pack_epub(book.files)
        _install(out, data, result, root)
        result.actions[f"epub:{tei.stem}"] = "built"
        result.report.extend(diags)
        if cache is not None:
            cache.put_record("epub", key, {"sha": cache.put_blob(data), "report": _pack(diags, root)})


def _publish_html(config: EditionConfig, texts: list[Path], registers: Path | None, cache: Cache | None,
                  result: BuildResult) -> None:
    """The HTML site (corpus-level: registers and search span all texts), rendered only when a
    TEI, register or PDF file or the HTML resources changed; rendered into a staging folder, then
    only the changed files replace the old ones."""
    from ..render.html import render_html

    root = config.root
    html_dir = config.build_dir / "html"
    pdf_dir = config.build_dir / "pdf"
    result.outputs.append(html_dir / "index.html")
    key = digest("html", code_digest(), config.title, config.base_url, config.language,
                 [(p.name, _file_sha(p)) for p in texts],
                 registers.name if registers else None, _file_sha(registers) if registers else None,
                 [(p.stem, _file_sha(pdf_dir / f"{p.stem}.pdf")) for p in texts],
                 [(p.stem, _file_sha(config.build_dir / "epub" / f"{p.stem}.epub")) for p in texts]) if cache is not None else ""
    record = cache.get_record("html", key) if cache is not None else None
    if record is not None:
        files, diags = record.get("files"), _unpack(record.get("report"), root)
        if isinstance(files, dict) and files and diags is not None and all(
                _file_sha(html_dir / rel) == sha for rel, sha in files.items()):
            result.actions["html"] = "unchanged"
            result.report.extend(diags)
            return
    config.build_dir.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".staging-html-", dir=config.build_dir))
    try:
        try:
            diags = render_html(texts, staging, registers=registers, site_title=config.title or None,
                                pdf_dir=pdf_dir, base_url=config.base_url or None,
                                cache_dir=cache.folder if cache is not None and cache.write else None,
                                edition_language=config.language)
        except EditionError as err:
            if err.source == str(staging):
                raise EditionError(str(html_dir), err.message, err.code) from None
            raise
        files: dict[str, str] = {}
        for path in sorted(p for p in staging.rglob("*") if p.is_file()):
            rel = path.relative_to(staging).as_posix()
            data = path.read_bytes()
            files[rel] = sha256(data)
            _install(html_dir / rel, data, result, root)
        result.actions["html"] = "built"
        result.report.extend(diags)
        if cache is not None:
            cache.put_record("html", key, {"files": files, "report": _pack(diags, root)})
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def publish(config: EditionConfig, tei_files: list[Path], *, jobs: int = 1, cache: Cache | None = None,
            pdf: bool = True, html: bool = True, executor: Executor | None = None) -> BuildResult:
    """Render the edition: a PDF per text into ``build/pdf/``, an EPUB per text into
    ``build/epub/``, then the HTML site into ``build/html/`` (last, so the site can link them).
    ``pdf=False`` leaves the PDFs and EPUBs (the slow part) for a later call.

    With ``cache``, a PDF or the site is rendered only when its inputs changed or its output is
    missing or altered; ``jobs`` > 1 renders the PDFs in worker processes, ``executor`` wherever
    it runs them.
    """
    result = BuildResult()
    registers = next((p for p in tei_files if p.name == "registers.xml"), None)
    texts = [p for p in tei_files if p.name != "registers.xml"]
    if pdf:
        _publish_pdfs(config, texts, registers, jobs, cache, result, executor)
        _publish_epubs(config, texts, registers, cache, result)
    if html:  # alone (pdf=False): the editor's desk shows a decision before the PDF is redone
        _publish_html(config, texts, registers, cache, result)
    return result
