"""The one Saxon processor of a process, and its compiled stylesheets.

saxonche does not like several processors in one process, and compiling a stylesheet costs more
than running it on a chapter: every renderer (HTML, EPUB, print) asks here. A stylesheet is
compiled again only when a stylesheet file in its folder changes (the desk edits nothing, but a
long-running process should not serve a stale compile).
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any

from ..diagnostics import EditionError

__all__ = ["processor", "compile_stylesheet"]

_COMPILED: dict[tuple[str, int], Any] = {}


@lru_cache(maxsize=1)
def processor() -> Any:
    """The process's ``PySaxonProcessor`` (imported on first use: ``--help`` stays instant)."""
    from saxonche import PySaxonProcessor

    return PySaxonProcessor(license=False)


def compile_stylesheet(path: Path, rule: str) -> Any:
    """The compiled XSLT 3.0 executable of ``path``; a compile error is an :class:`EditionError`
    naming the stylesheet under ``rule``."""
    stamp = max(p.stat().st_mtime_ns for p in path.parent.glob("*.xsl"))
    key = (str(path), stamp)
    exe = _COMPILED.get(key)
    if exe is None:
        try:
            exe = processor().new_xslt30_processor().compile_stylesheet(stylesheet_file=str(path))
        except Exception as err:  # saxonche raises PySaxonApiError with the compiler's message
            raise EditionError(str(path), f"XSLT does not compile: {err}", rule) from err
        _COMPILED[key] = exe
    return exe
