"""What every reader does the same way for one source: its options and id, its report, the
metadata it records (configured values win, an unknown field is reported naming the file; the
text's language detected when not configured), note ids, and what to do about a second copy of
the whole text.

A reader subclasses :class:`ReaderBase` and keeps only its own layout knowledge.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ..diagnostics import Report
from ..model import Metadata
from .common import apply_meta_overrides, make_metadata, note_id
from .duplicate import Copy, find_copy
from .options import ReaderOptions

__all__ = ["ReaderBase"]


class ReaderBase:
    """State and services shared by the readers of one source.

    ``default_id`` is the document id when the options give none.
    """

    default_id = "text"

    def __init__(self, source: str, options: ReaderOptions | Mapping[str, Any] | None) -> None:
        self.source = source
        self.options = ReaderOptions.of(options)
        self.doc_id = self.options.doc_id(self.default_id)
        self.report = Report()

    def note_id(self, *parts: object) -> str:
        """A note id that is a valid XML name, from the document id and ``parts``."""
        return note_id(self.doc_id, *parts)

    def metadata(self, original: str | bytes | None, detect: bool = True) -> Metadata:
        """Metadata from the source's identity and the configured ``meta`` (see
        :func:`~tei_edition.readers.common.make_metadata`)."""
        return make_metadata(original, self.source, self.options, self.report, detect=detect)

    def override_metadata(self, meta: Metadata) -> None:
        """Let the configured ``meta`` win over what the reader found in the text."""
        apply_meta_overrides(meta, self.options, self.source, self.report)

    def find_duplicate(self, lines: list[str]) -> Copy | None:
        """A second copy of the whole text in ``lines``, reported: where the copies differ, and
        that the copy is dropped when it has no word of its own (``copy.droppable``; the caller
        keeps ``lines[:copy.start]`` then)."""
        copy = find_copy(lines)
        if copy is None:
            return None
        if copy.differs_at is not None:
            a, b = copy.differs_at
            kept = "the first copy is kept" if copy.droppable else "both copies are kept"
            self.report.warn(self.source, b + 1, "duplicate-differs",
                             f"the text occurs twice (second copy from line {copy.start + 1}) and the copies differ: "
                             f"line {a + 1} of the first copy against line {b + 1} of the second; {kept}")
        if copy.droppable:
            self.report.warn(self.source, copy.start + 1, "duplicate-copy",
                             f"the whole text occurs twice; lines {copy.start + 1}-{len(lines)} repeat lines "
                             f"1-{copy.start} and are dropped")
        return copy
