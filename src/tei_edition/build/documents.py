"""The per-document stage: read one source, convert it and annotate it, in a worker process.

Picklable tasks and results: a task names the source (and carries the edition's names.toml
bytes, for a worker without the project folder); a result holds the document, its diagnostics
and the register additions the annotator made, replayed in source order by the corpus stage.
"""

from __future__ import annotations

import tempfile
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from ..diagnostics import Diagnostic, EditionError
from ..model import Document
from ..readers import BINARY_READERS, get_reader
from ..readers.options import ReaderOptions
from ..readers.textio import MAX_SOURCE_BYTES, decode_source
from .cache import code_digest, digest, sha256
from .stage import Failure

__all__ = ["DocTask", "DocResult", "document_stage", "init_worker", "read_bytes", "names_bytes", "NER_LANGUAGES"]

# languages the entity recognizer and the date grammar have models for
NER_LANGUAGES = frozenset({"ru"})


def read_bytes(path: Path, name: str) -> bytes:
    """A source's bytes; I/O problems and oversized files become :class:`EditionError`."""
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


@dataclass(frozen=True)
class DocTask:
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
        return digest("document", code_digest(), self.annotate, self.id,
                      self.display, self.profile, self.options.as_dict(), source_sha, names)


def names_bytes(curation: Path) -> bytes | None:
    """The bytes of the edition's names.toml (None when it has none)."""
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


def _task_curation(task: DocTask) -> Path | None:
    """The curation folder to annotate with: the project's when it holds the task's names.toml,
    else a private copy of the bytes the task carries."""
    if task.curation is None or task.names is None:
        return task.curation
    try:
        if names_bytes(task.curation) == task.names:
            return task.curation
    except OSError:
        pass
    return _private_curation(task.names)


@dataclass
class DocResult:
    id: str
    key: str  # computed from the bytes actually converted (a source edited mid-run is not mislabelled)
    document: Document
    diagnostics: list[Diagnostic]
    #: ``Registers.add`` calls in order: (key, type, canonical, surface, wikidata)
    registrations: list[tuple[str, str, str, str, str]]


def _annotate(task: DocTask, doc: Document) -> list[tuple[str, str, str, str, str]]:
    """Annotate ``doc`` into an empty register; the register additions made, in order."""
    from ..annotate import annotate_document
    from ..annotate.bibl import annotate_notes
    from ..annotate.knowledge import use_curation
    from ..annotate.linking import Registers
    from ..annotate.notes import annotate_note_entities

    use_curation(_task_curation(task))
    calls: list[tuple[str, str, str, str, str]] = []

    class _Recording(Registers):
        def add(self, key: str, type_: str, canonical: str, surface: str, wikidata: str = ""):
            calls.append((key, type_, canonical, surface, wikidata))
            return super().add(key, type_, canonical, surface, wikidata)

    recording = _Recording()
    annotate_document(doc, recording)
    annotate_notes(doc)
    annotate_note_entities(doc, recording)
    return calls


def document_stage(task: DocTask, data: bytes | None = None) -> DocResult | Failure:
    """Read, convert and annotate one document: its spans and its register additions.

    Annotating into an empty register gives the same spans as the shared corpus register (a
    span's ``ref`` is its identity key); the additions are replayed in source order later.
    ``data``: the source bytes, when the task carries them (a worker without the project folder).
    """
    try:
        data = read_bytes(task.file, task.display) if data is None else data
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
            calls = _annotate(task, doc)
        return DocResult(task.id, task.key(sha256(data)), doc, list(diags), calls)
    except EditionError as err:
        return Failure(err.source, err.message, err.code)


def init_worker(annotate: bool) -> None:
    """Load the models once per worker, before its first document."""
    if annotate:
        from ..annotate.entities import load_models
        from ..annotate.linking import morph

        load_models()
        morph()
