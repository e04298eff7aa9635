"""Atomic file output: a temporary file in the target folder, then a rename.

Readers of an output (a browser, an editor, a second build) see the old file or the new one,
never half of one; a failed or killed run leaves the previous output in place.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

__all__ = ["write_atomic", "install", "write_files"]


def write_atomic(path: Path, data: bytes, *, fsync: bool = True) -> None:
    """Write ``data`` to ``path`` via a temporary file in the same folder and a rename.

    ``fsync=False`` skips flushing to disk, for files whose corruption is detected on reading
    (the build cache).
    """
    path = Path(path)
    tmp = _temporary(path, data, fsync=fsync)
    try:
        os.replace(tmp, path)
    except BaseException:
        _discard([tmp])
        raise


def _temporary(path: Path, data: bytes, *, fsync: bool = False) -> str:
    """A temporary file beside ``path`` holding ``data``, flushed to disk with ``fsync``
    (:func:`write_files` flushes its files together later)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    umask = os.umask(0)
    os.umask(umask)
    try:
        os.chmod(tmp, 0o666 & ~umask)
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            if fsync:
                fh.flush()
                os.fsync(fh.fileno())
    except BaseException:
        _discard([tmp])
        raise
    return tmp


def _flush(tmp: str) -> None:
    fd = os.open(tmp, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _discard(temporaries: list[str]) -> None:
    for tmp in temporaries:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass


def _unchanged(path: Path, data: bytes) -> bool:
    """``path`` already holds exactly ``data`` (left alone: watchers and rsync see no change)."""
    return path.is_file() and path.stat().st_size == len(data) and path.read_bytes() == data


def _unwritable(path: Path, err: OSError):
    from ..diagnostics import EditionError

    return EditionError(str(path), f"cannot write output: {err.strerror or err}", "output-unwritable")


def install(path: Path, data: bytes) -> bool:
    """Write ``data`` to ``path`` atomically unless the file already holds exactly these bytes
    (its time stamp then stays: watchers and rsync see no change). True when written; an
    unwritable output is an :class:`~tei_edition.diagnostics.EditionError` naming it."""
    path = Path(path)
    try:
        if _unchanged(path, data):
            return False
        write_atomic(path, data)
    except OSError as err:
        raise _unwritable(path, err) from None
    return True


def write_files(folder: Path, files: dict[str, bytes]) -> list[Path]:
    """Install a renderer's files (path relative to ``folder`` -> bytes) as :func:`install`
    does, renamed into place in their order; the paths actually rewritten.

    Every changed file is first written beside its target, then all are flushed to disk at once
    (a site's twenty files waited for the disk one after another: most of the time of writing
    them), then renamed in order: a failure to write leaves every previous output as it was."""
    from concurrent.futures import ThreadPoolExecutor

    staged: list[tuple[Path, str]] = []
    path = Path(folder)
    try:
        for rel, data in files.items():
            path = Path(folder) / rel
            if not _unchanged(path, data):
                staged.append((path, _temporary(path, data)))
        if staged:
            with ThreadPoolExecutor(min(16, len(staged))) as pool:  # fsync waits without the GIL
                flushing = [(target, pool.submit(_flush, tmp)) for target, tmp in staged]
                for path, done in flushing:
                    done.result()
        for path, tmp in staged:
            os.replace(tmp, path)
    except BaseException as err:
        _discard([tmp for _, tmp in staged])
        if isinstance(err, OSError):
            raise _unwritable(path, err) from None
        raise
    return [path for path, _ in staged]
