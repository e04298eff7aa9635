"""Readers: source text -> :class:`~tei_edition.model.Document`.

Each reader is ``read(text, source, options) -> (Document, Report)``: a pure function of the
decoded source text. ``source`` names the file in diagnostics; ``options``
(:class:`~tei_edition.readers.options.ReaderOptions`, or a plain mapping of the same keys)
carries the per-source settings from ``edition.toml`` (metadata, first page number, ...).
"""

from __future__ import annotations

from collections.abc import Callable
from importlib import import_module
from typing import Any

from ..diagnostics import EditionError, Report
from ..model import Document
from .options import ReaderOptions

Reader = Callable[[str, str, Any], tuple[Document, Report]]

__all__ = ["READERS", "BINARY_READERS", "DEFAULT_PROFILE", "get_reader", "Reader", "ReaderOptions"]

# profile -> "module:function" inside this package; the module is imported on first use, so a
# run that never meets a profile never loads its reader. ``thesis-text`` and ``book-markdown``
# are the seed edition's profiles (kept so existing edition.toml files keep working).
_TEXT_READERS = {
    "auto": "detect:read_auto",
    "plain": "plain:read_plain",
    "markdown": "markdown:read_markdown",
    "thesis-text": "thesis:read_thesis",
    "book-markdown": "book:read_book",
}
# Readers of binary sources: ``read(data: bytes, source, options)``; the file is loaded by
# :func:`tei_edition.readers.pdf_source.load_pdf` (size limit, optional OCR).
_BINARY_READERS = {
    "pdf": "pdf:read_pdf",
}


def _lazy(profile: str, target: str) -> Callable[..., tuple[Document, Report]]:
    """A reader that imports ``module:function`` when first called."""
    module, function = target.split(":")

    def read(data: Any, source: str, options: Any) -> tuple[Document, Report]:
        return getattr(import_module(f".{module}", __name__), function)(data, source, options)

    read.__name__ = read.__qualname__ = f"read_{profile.replace('-', '_')}"
    read.__doc__ = f"The ``{profile}`` reader ({__name__}.{module}.{function}, imported on first use)."
    return read


READERS: dict[str, Reader] = {profile: _lazy(profile, target) for profile, target in _TEXT_READERS.items()}
BINARY_READERS: dict[str, Callable[[bytes, str, Any], tuple[Document, Report]]] = {
    profile: _lazy(profile, target) for profile, target in _BINARY_READERS.items()
}
DEFAULT_PROFILE = "auto"


def get_reader(profile: str, source: str = "") -> Reader:
    """The reader for ``profile``; an unknown profile is an :class:`EditionError`."""
    try:
        return READERS[profile]
    except KeyError:
        known = ", ".join(sorted(READERS))
        raise EditionError(source, f"unknown profile {profile!r} (known: {known})", "profile-unknown") from None
