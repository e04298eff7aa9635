"""Captions and epigraphs: the emphasized blocks that stand apart from the running text.

What it knows: a quotation followed by a short attribution (both emphasized, no photo credit)
is an epigraph; any other stand-alone emphasized block is a photo caption, whose final
parenthesized credit (``(АА)``) moves to a credit of its own.
"""

from __future__ import annotations

from ...model import Block
from .blocks import Item
from .markup import book_data, split_credit


class Captions:
    """Reader part for captions. Uses the reader's :meth:`text_of`, ``decisions`` and ``report``."""

    def is_epigraph(self, it: Item, nxt: Item | None) -> bool:
        """A quotation (emphasized, no credit) followed by a short emphasized attribution."""
        return (it.kind == "emph" and nxt is not None and nxt.kind == "emph"
                and it.plain[:1] in "«\"“„" and split_credit(it.plain)[1] is None
                and split_credit(nxt.plain)[1] is None and len(nxt.plain) <= 250)

    def epigraph(self, it: Item, nxt: Item) -> Block:
        t = self.text_of(it)
        return Block("epigraph", t.text, t.marks, extra={"source": self.text_of(nxt).text}, line=it.line)

    def figure(self, it: Item) -> Block:
        t = self.text_of(it, lb=True)
        text, credit = split_credit(t.text)
        marks = [m for m in t.marks if m.offset < len(text) or m.kind == "note"]
        for m in marks:
            m.offset = min(m.offset, len(text))
        # the caption describes the photograph; no further description is invented (empty figDesc)
        blk = Block("figure", text, marks, line=it.line)
        if credit:
            blk.extra["credit"] = credit
            self.decisions.add("credit")
            if credit not in book_data()["photo_credits"]:
                self.report.info(self.source, it.line, "credit-unknown", f"photo credit {credit!r} is not in the known list")
        if any(m.kind == "lb" for m in marks):
            self.decisions.add("lb")
        return blk
