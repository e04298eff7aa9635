"""The book reader itself: the parts put together, in the order a printed book is read.

What it knows: the order of the work (blocks, contents, front matter against body, pages of the
body before the front pages that count back from it, notes last) and what the edition says it
did (its editorial statements). The layout rules live in the modules it draws on; see the
package docstring for the rules as a whole.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from ...diagnostics import EditionError, Report
from ...model import Document, Metadata, Node
from ..base import ReaderBase
from ..options import ReaderOptions
from .blocks import split_blocks
from .body import BodyAssembly
from .captions import Captions
from .contents import Contents
from .front import FrontMatter
from .layout import PageInference
from .markup import restore_marks
from .notes import NoteMatching, NoteRef
from ..statements import seed_statement

__all__ = ["read_book", "PROFILE"]

PROFILE = "book-markdown"
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


class _Reader(BodyAssembly, FrontMatter, Contents, Captions, PageInference, NoteMatching, ReaderBase):
    """One book being read: the state every part shares."""

    default_id = "book"

    def __init__(self, text: str, source: str, options: ReaderOptions | Mapping[str, Any] | None,
                 general: bool = False):
        super().__init__(source, options)
        # the source's checksum is not recorded for this profile (its TEI never carried one)
        self.meta = Metadata(source_file=source)
        self.decisions: set[str] = set()
        # a general Markdown text: blocks are never rejoined, notes match by label, lists are lists
        self.general = general
        self.items = split_blocks(text, self.general)
        self.refs: list[NoteRef] = []
        self.page = 0
        self.notes = 0
        self.hyphens = 0
        self.max_page = 0
        self.toc: dict[str, int] = {}
        self.top_lines: set[int] = set()
        self.start_page = 0  # first page of the body when the contents do not give it

    def run(self) -> Document:
        items = self.items
        if not any(it.plain for it in items):
            raise EditionError(self.source, "no text found (only blank lines or markup)", "source-no-text")
        contents = None if self.general else self.find_contents()
        span = range(*contents) if contents else range(0)

        def in_contents(i: int) -> bool:
            return i in span

        heads = [i for i, it in enumerate(items) if it.kind == "head" and not in_contents(i)]
        body_start = heads[0] if heads else len(items)
        contents_at_end = None
        if contents is None:
            if not self.general:  # a general Markdown text has no print pages to calibrate
                self.report.info(self.source, 1, "no-contents", "no contents list found: page numbers are counted, not calibrated")
        elif contents[0] > body_start:
            contents_at_end, contents = contents, None  # a contents list after the text goes to <back>
        pre_end = contents[0] if contents else body_start
        # front matter needs a body after it: a text with no heading after its "colophon" is all body
        front_ok = self.looks_like_front(0, pre_end, contents) and body_start < len(items)
        if not front_ok and pre_end > 0:
            self.report.warn(self.source, 1, "no-front-matter",
                             "no title page or colophon found: the text before the first heading is body text")
        if not front_ok:
            body_start = 0
        body_items = [i for i in range(body_start, len(items)) if not in_contents(i)]
        # pages of the body are resolved first: the front matter counts back from its first page
        if front_ok:
            self.start_page = sum(self.front_units(pre_end, contents, body_start)) + 1
        self.find_top(body_items)
        joints, events = self.plan_body(body_items)
        first_body_page = next((e.n for e in events if e.kind == "chapter"), None)
        front: list[Node] = []
        if front_ok:
            front = self.build_front(pre_end, contents, body_start, first_body_page)
        elif contents:
            front = [self.build_contents(contents, None)]
        self.page = int(self.options.first_page or 1)
        body = self.build_body(body_items, joints, events)
        back = [self.build_contents(contents_at_end, None)] if contents_at_end else []
        self.finish_refs()
        self.override_metadata(self.meta)
        doc = Document(self.doc_id, self.meta, front=front, body=body, back=back, profile=PROFILE)
        for blk in doc.iter_blocks():
            restore_marks(blk)
            blk.marks = [m for m in blk.marks if m.kind != "dropped"]
        doc.decisions = self.statements()
        doc.extent = {"pages": self.max_page, "notes": self.notes}
        return doc

    def statements(self) -> list[str]:
        """What the edition did to this book: only what was found in it is stated."""
        found = {
            "hyphens": bool(self.hyphens),
            "rejoined": "moved" in self.decisions or "pb" in self.decisions,
            "credit": "credit" in self.decisions,
            "lb": "lb" in self.decisions,
            "notes": bool(self.notes),
            "columns": "cb" in self.decisions,
        }
        keys = ["markup", *(k for k, v in found.items() if v)]
        keys.append("pages_calibrated" if "toc" in self.decisions or "front" in self.decisions else "pages_counted")
        if "runin" in self.decisions:
            keys.append("runin")
        return [seed_statement(PROFILE, k) for k in keys]


def read_book(text: str, source: str, options: ReaderOptions | Mapping[str, Any] | None,
              general: bool = False) -> tuple[Document, Report]:
    """Read the Markdown-like text of a printed book into a :class:`Document`.

    ``general``: a Markdown text in general (profile ``markdown``), not a print layout: blocks
    are never rejoined, notes match by label, lists are lists. Raises :class:`EditionError` for
    a source with no text; layout problems (unmatched notes, page counts that disagree with the
    contents) are warnings in the returned report.
    """
    if text is None or not text.strip():
        raise EditionError(source, "file has no text", "source-empty")
    bad = len(_CONTROL.findall(text))
    text = _CONTROL.sub("", text.replace("\ufeff", ""))
    reader = _Reader(text, source, options, general)
    if bad:
        reader.report.warn(source, 0, "control-chars", f"{bad} control characters removed (not allowed in XML)")
    try:
        return reader.run(), reader.report
    except EditionError:
        raise
    except (ValueError, KeyError, IndexError, AttributeError, TypeError) as exc:  # pragma: no cover - last resort
        raise EditionError(source, f"cannot read the book layout ({type(exc).__name__}: {exc})", "book-layout") from exc
