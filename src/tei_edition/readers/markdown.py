"""Reader for Markdown texts (profile ``markdown``): the book reader's block and note rules,
without its print-layout inference where the text has no page signal.

The seed profile ``book-markdown`` reads a Markdown rendering of a printed book whose page ends
show as interruptions (captions, note blocks); a Markdown text in general has none, so unless it
holds form feeds no page or column break is invented and the statements say so.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ..diagnostics import Report
from ..model import Document
from .book import PROFILE as BOOK_PROFILE
from .book import read_book
from .common import detect_language
from .options import ReaderOptions
from .statements import seed_statement, statement

__all__ = ["read_markdown", "PROFILE"]

PROFILE = "markdown"
# statements of the book reader that stay true without page inference (kept as they are)
_KEEP = ("credit", "lb", "runin")


def read_markdown(text: str, source: str, options: ReaderOptions | Mapping[str, Any] | None) -> tuple[Document, Report]:
    """Convert a Markdown text into a :class:`Document`."""
    options = ReaderOptions.of(options)
    doc, report = read_book(text, source, options, general=True)
    doc.meta.language = options.meta.get("language") or detect_language(text)
    lang = doc.meta.language
    paged = "\f" in text
    if not paged:
        for blk in doc.iter_blocks():
            blk.marks = [mk for mk in blk.marks if mk.kind not in ("pb", "cb")]
            for mk in blk.marks:
                if mk.kind == "note":
                    mk.place = "end"  # no page: the bodies stood after their paragraph or section
        doc.extent.pop("pages", None)
    notes = sum(1 for blk in doc.iter_blocks() for mk in blk.marks if mk.kind == "note")
    heads = sum(1 for blk in doc.iter_blocks() if blk.kind == "head")
    old = doc.decisions

    def book_said(key: str) -> bool:
        return seed_statement(BOOK_PROFILE, key) in old

    out = [statement("markup", lang)]
    if book_said("hyphens"):
        out.append(statement("hyphens", lang))
    if not paged:
        out.append(statement("no_pages", lang))
    else:
        out.append(seed_statement(BOOK_PROFILE, "pages_calibrated" if book_said("pages_calibrated") else "pages_counted"))
    if notes:
        out.append(statement("notes_end" if not paged else "notes_foot", lang, notes=notes))
    else:
        out.append(statement("no_notes", lang))
    out.append(statement("headings_md", lang, headings=heads) if heads else statement("no_headings", lang))
    out += [seed_statement(BOOK_PROFILE, key) for key in _KEEP if book_said(key)]
    out.append(statement("spelling", lang))
    doc.decisions = out
    doc.profile = PROFILE
    return doc, report
