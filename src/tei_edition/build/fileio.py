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
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        raise


def install(path: Path, data: bytes) -> bool:
    """Write ``data`` to ``path`` atomically unless the file already holds exactly these bytes
    (its time stamp then stays: watchers and rsync see no change). True when written; an
    unwritable output is an :class:`~tei_edition.diagnostics.EditionError` naming it."""
    from ..diagnostics import EditionError

    path = Path(path)
    try:
        if path.is_file() and path.stat().st_size == len(data) and path.read_bytes() == data:
            return False
        write_atomic(path, data)
    except OSError as err:
        raise EditionError(str(path), f"cannot write output: {err.strerror or err}", "output-unwritable") from None
    return True


def write_files(folder: Path, files: dict[str, bytes]) -> list[Path]:
    """Install a renderer's files (path relative to ``folder`` -> bytes) in their order;
    the paths actually rewritten."""
    written = []
    for rel, data in files.items():
        path = Path(folder) / rel
        if install(path, data):
            written.append(path)
    return written
