"""``tei-edition new DIR``: the folders and commented files of a new edition.

The templates are data (``data/new_edition/``); the scaffold refuses a folder that already has
files, so it never overwrites an edition.
"""

from __future__ import annotations

from pathlib import Path

from ..resources import data_file
from ..diagnostics import EditionError
from .fileio import write_atomic

__all__ = ["new_edition"]

_FILES = ("edition.toml", "README.md")
_FOLDERS = ("sources", "curation")


def new_edition(folder: Path, title: str | None = None) -> list[Path]:
    """Create a new edition in ``folder`` (missing or empty); returns the paths written."""
    folder = Path(folder)
    if folder.exists() and (not folder.is_dir() or any(folder.iterdir())):
        raise EditionError(str(folder), "already exists and is not an empty folder; choose a new one", "output-exists")
    title = title or folder.resolve().name.replace("-", " ").replace("_", " ").strip() or "New edition"
    written: list[Path] = []
    try:
        for sub in _FOLDERS:
            (folder / sub).mkdir(parents=True, exist_ok=True)
            keep = folder / sub / ".gitkeep"
            keep.write_bytes(b"")
            written.append(keep)
        base = data_file("new_edition")
        for name in _FILES:
            text = (base / name).read_text(encoding="utf-8").replace("{title}", title.replace('"', "'"))
            write_atomic(folder / name, text.encode("utf-8"))
            written.append(folder / name)
    except OSError as err:
        raise EditionError(str(folder), f"cannot write output: {err.strerror or err}", "output-unwritable") from None
    return written
