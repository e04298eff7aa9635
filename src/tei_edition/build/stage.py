"""What every stage of a run shares: its result record, installing outputs into it, fanning
work out to workers, and diagnostics kept in the cache.

The stages themselves: :mod:`.documents` (one source -> its document and register additions,
in a worker), :mod:`.corpus` (the documents merged into the corpus TEI, validated),
:mod:`.publish` (PDFs, EPUBs and the HTML site), run in order by :mod:`.pipeline`.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..diagnostics import Diagnostic, EditionError, Report
from ..model import Document
from .cache import digest, sha256
if TYPE_CHECKING:  # the executors load only when a stage fans out (render html needs none)
    from .executor import Executor
from .fileio import install

__all__ = ["BuildResult", "Failure", "install_output", "relative", "run_parallel", "check", "pack", "unpack",
           "folder_digest", "file_sha"]


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


@dataclass(frozen=True)
class Failure:
    """An :class:`EditionError` raised in a worker (its constructor does not survive pickling)."""

    source: str
    message: str
    code: str

    def error(self) -> EditionError:
        return EditionError(self.source, self.message, self.code)


def relative(path: Path, root: Path) -> str:
    """``path`` relative to the project (for action labels), else as is."""
    return os.path.relpath(path, root) if root in path.parents else str(path)


def install_output(path: Path, data: bytes, result: BuildResult, root: Path) -> None:
    """Write ``data`` unless the file already holds exactly these bytes; record which."""
    label = f"write:{relative(path, root)}"
    if install(path, data):
        result.actions[label] = "written"
        result.written.append(path)
    else:
        result.actions[label] = "unchanged"


def run_parallel(fn: Callable[[Any], Any], items: Sequence[Any], jobs: int, weights: Sequence[int] | None = None,
                 initializer: Callable[..., None] | None = None, initargs: tuple = (), *,
                 executor: Executor | None = None, label: str = "items") -> list[Any]:
    """``[fn(item) for item in items]`` on ``executor`` (default: ``jobs`` local worker processes);
    results stay in input order whatever order they finish in, so output never depends on
    scheduling. ``label`` names the stage (progress, and the executor's remote form of it)."""
    from .executor import LocalExecutor

    runner = executor if executor is not None else LocalExecutor(jobs)
    return runner.map(fn, items, weights=weights, initializer=initializer, initargs=initargs, label=label)


def check(results: list[Any]) -> None:
    """Raise the first failure in input order (the serial build's error)."""
    for r in results:
        if isinstance(r, Failure):
            raise r.error()


def pack(diags: Sequence[Diagnostic], root: Path) -> list[list[Any]]:
    """Diagnostics as JSON, paths inside the project relative (the cache survives a move)."""
    out = []
    prefix = str(root) + os.sep
    for d in diags:
        rooted = d.source.startswith(prefix)
        out.append([d.source[len(prefix):] if rooted else d.source, d.line, d.severity, d.code, d.message, rooted])
    return out


def unpack(packed: Any, root: Path) -> list[Diagnostic] | None:
    """Diagnostics from :func:`pack` (None when the record is damaged)."""
    try:
        return [Diagnostic(str(root / s) if rooted else s, int(line), sev, code, msg)
                for s, line, sev, code, msg, rooted in packed]
    except (TypeError, ValueError):
        return None


def folder_digest(folder: Path) -> str:
    """Names and bytes of every file under ``folder`` (``curation/``); empty when absent."""
    if not folder.is_dir():
        return digest("absent")
    return digest([(p.relative_to(folder).as_posix(), sha256(p.read_bytes()))
                   for p in sorted(folder.rglob("*")) if p.is_file()])


def file_sha(path: Path) -> str | None:
    """SHA-256 of a file's bytes; None when it cannot be read."""
    try:
        return sha256(path.read_bytes())
    except OSError:
        return None
