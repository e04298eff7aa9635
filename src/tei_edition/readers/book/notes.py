"""Note references and note bodies of a printed book: which body belongs to which mark.

What it knows: a reference becomes a pending note mark where it stood; footnote numbering
restarts on every page, so a body is matched to the latest unfilled reference with its number on
the same page (or the page before); a body with no reference is kept after the preceding text,
or as a paragraph; a reference with no body is reported, and a Unicode superscript one goes back
into the text (``км²``). Note ids come from the page and the printed number.
"""

from __future__ import annotations

from dataclasses import dataclass

from ...model import Block, Mark
from .blocks import Item
from .markup import SUPERSCRIPT_MARK, TextBuilder, convert_line


@dataclass
class NoteRef:
    """A note reference met in the text: its mark, page and source line."""

    mark: Mark
    page: int
    line: int
    printed: str = ""  # the mark as printed (``<sup>2</sup>``, ``²``)


class NoteMatching:
    """Reader part for notes. Uses the reader's ``items``, ``refs``, ``page``, ``notes``,
    ``hyphens``, ``general`` and :meth:`note_id`."""

    def text_of(self, it: Item, lines: list[str] | None = None, lb: bool = False) -> TextBuilder:
        """Normalized text of an item; note references become pending note marks."""
        b = TextBuilder()
        lines = it.lines if lines is None else lines
        for i, ln in enumerate(lines):
            t, refs = convert_line(ln)
            marks = []
            for off, n, printed in refs:
                mk = Mark(off, "note", n=n)
                marks.append(mk)
                self.refs.append(NoteRef(mk, self.page, it.line + i, printed))
            b.add(t, marks, lb=lb and i > 0 and it.hard(i - 1))
        self.hyphens += b.hyphens
        return b

    def attach_note(self, it: Item, fallback: Block | None) -> Block | None:
        """Give a note body to the reference with its number on this page (or, failing that, nearby)."""
        body = self.text_of(it).text
        for window in ((self.page,) if self.general else (0, 1)):
            for ref in reversed(self.refs):
                if ref.mark.n == it.n and not ref.mark.text and self.page - window <= ref.page <= self.page:
                    ref.mark.text = body
                    ref.mark.id = self.note_id(f"p{ref.page}", f"n{it.n}")
                    self.notes += 1
                    if window and not self.general:
                        self.report.info(self.source, it.line, "note-page",
                                         f"note {it.n} matched a reference on the previous page")
                    return None
        if fallback is None:
            self.report.warn(self.source, it.line, "note-unmatched",
                             f"note body {it.n} has no reference on its page and no text precedes it; "
                             "kept as a paragraph")
            t = self.text_of(it)
            return Block("p", t.text, t.marks, line=it.line) if t.text else None
        self.report.warn(self.source, it.line, "note-unmatched",
                         f"note body {it.n} has no reference on its page; attached after the preceding text")
        fallback.marks.append(Mark(len(fallback.text), "note", n=it.n, text=body,
                                   id=self.note_id(f"p{self.page}", f"n{it.n}", f"u{it.line}")))
        self.notes += 1
        return None

    def finish_refs(self) -> None:
        """Report references without a body and remove their empty marks; make note ids unique.

        A reference printed as Unicode superscript characters (``²``) without a body is text, not
        markup (``км²``): its characters go back into the text (kind ``restore``)."""
        used: set[str] = set()
        for ref in self.refs:
            if not ref.mark.text:
                self.report.warn(self.source, ref.line, "ref-unmatched",
                                 f"note reference {ref.mark.n} has no note body on its page")
                if SUPERSCRIPT_MARK.fullmatch(ref.printed):
                    ref.mark.kind, ref.mark.text = "restore", ref.printed
                else:
                    ref.mark.kind = "dropped"
            elif ref.mark.id:
                base, k = ref.mark.id, 2
                while ref.mark.id in used:
                    ref.mark.id = f"{base}-{k}"
                    k += 1
                used.add(ref.mark.id)
