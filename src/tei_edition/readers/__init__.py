"""Readers: source text -> :class:`~tei_edition.model.Document`.

Each reader is ``read(text, source, options) -> (Document, Report)``: a pure function of the
decoded source text. ``source`` names the file in diagnostics; ``options`` carries the
per-source settings from ``edition.toml`` (metadata, first page number, ...).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ..diagnostics import EditionError, Report
from ..model import Document

Reader = Callable[[str, str, dict[str, Any]], tuple[Document, Report]]

__all__ = ["READERS", "BINARY_READERS", "DEFAULT_PROFILE", "get_reader", "Reader"]


def _thesis(text: str, source: str, options: dict[str, Any]) -> tuple[Document, Report]:
    from .thesis import read_thesis

    return read_thesis(text, source, options)


def _book(text: str, source: str, options: dict[str, Any]) -> tuple[Document, Report]:
    from .book import read_book

    return read_book(text, source, options)


def _markdown(text: str, source: str, options: dict[str, Any]) -> tuple[Document, Report]:
    from .markdown import read_markdown

    return read_markdown(text, source, options)


def _plain(text: str, source: str, options: dict[str, Any]) -> tuple[Document, Report]:
    from .plain import read_plain

    return read_plain(text, source, options)


def _auto(text: str, source: str, options: dict[str, Any]) -> tuple[Document, Report]:
    """Markdown or plain text, decided from the text itself."""
    from .detect import detect_format

    return READERS[detect_format(text)](text, source, options)


def _pdf(data: bytes, source: str, options: dict[str, Any]) -> tuple[Document, Report]:
    from .pdf import read_pdf

    return read_pdf(data, source, options)


#: Readers of binary sources: ``read(data: bytes, source, options)``; the file is loaded by
#: :func:`tei_edition.readers.pdf_source.load_pdf` (size limit, optional OCR).
BINARY_READERS: dict[str, Callable[[bytes, str, dict[str, Any]], tuple[Document, Report]]] = {
    "pdf": _pdf,
}

# One line per reader. ``thesis-text`` and ``book-markdown`` are the seed edition's profiles
# (kept so existing edition.toml files keep working).
READERS: dict[str, Reader] = {
    "auto": _auto,
    "plain": _plain,
    "markdown": _markdown,
    "thesis-text": _thesis,
    "book-markdown": _book,
}
DEFAULT_PROFILE = "auto"


def get_reader(profile: str, source: str = "") -> Reader:
    """The reader for ``profile``; an unknown profile is an :class:`EditionError`."""
    try:
        return READERS[profile]
    except KeyError:
        known = ", ".join(sorted(READERS))
        raise EditionError(source, f"unknown profile {profile!r} (known: {known})", "profile-unknown") from None
