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
from .book import read_book
from .common import detect_language
from .options import ReaderOptions
from .statements import statement

__all__ = ["read_markdown", "PROFILE"]

PROFILE = "markdown"
# statements of the book reader that stay true without page inference (kept as they are)
_KEEP = ("Photo credits", "Hard line breaks", "A bold phrase opening")


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
    out = [statement("markup", lang)]
    if any(s.startswith("Line-end hyphenation") for s in old):
        out.append(statement("hyphens", lang))
    out.append(statement("no_pages", lang) if not paged else next(s for s in old if s.startswith("Page numbers")))
    if notes:
        out.append(statement("notes_end" if not paged else "notes_foot", lang, notes=notes))
    else:
        out.append(statement("no_notes", lang))
    out.append(statement("headings_md", lang, headings=heads) if heads else statement("no_headings", lang))
    out += [s for s in old if s.startswith(_KEEP)]
    out.append(statement("spelling", lang))
    doc.decisions = out
    doc.profile = PROFILE
    return doc, report
