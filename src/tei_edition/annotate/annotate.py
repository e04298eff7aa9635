"""Annotate a whole :class:`~tei_edition.model.Document`: entity and date spans on its blocks.

Sits between the readers and the TEI writer: adds standoff spans (persons, places and
organisations keyed to their register entry and marked automatic, dates with ISO values) to
every p, head, item, figure caption and epigraph; notes are left alone for entities. Returns the
:class:`Registers` whose entries the spans' keys name.
"""

from __future__ import annotations

from ..model import Block, Division, Document, Span
from .dates import find_dates
from .entities import recognize
from .linking import Registers, link_document

__all__ = ["annotate_document", "ANNOTATED_KINDS", "register_mention"]

ANNOTATED_KINDS = frozenset({"p", "head", "item", "figure", "epigraph", "cell"})


def _year_of(span: Span) -> int | None:
    for k in ("when", "to", "notAfter", "from", "notBefore"):
        v = span.values.get(k, "")
        if v[:4].isdigit():
            return int(v[:4])
    return None


def register_mention(registers: Registers, found: Span, surface: str, end: int | None = None) -> Span:
    """The register entry of a recognised name (added or counted), and the automatic mention
    span (up to ``end``) that refers to it."""
    entry = registers.add(found.key, found.kind, found.values.get("canonical", ""), surface,
                          found.values.get("wikidata", ""))
    return Span(found.start, found.end if end is None else end, found.kind, entry.id, auto=True)


def _overlaps_existing(block: Block, s: Span) -> bool:
    return any(s.start < o.end and o.start < s.end and not (o.start <= s.start and s.end <= o.end)
               and not (s.start <= o.start and o.end <= s.end) for o in block.spans)


def _end_before_note_call(block: Block, start: int, end: int) -> int:
    """Where a name span ends: before a note call that stands inside it with only punctuation
    after it («Куртинец С.А¹⁹.»), so the note (and the names inside it) is never part of the name.

    >>> from ..model import Mark
    >>> _end_before_note_call(Block("p", "Куртинец С.А. писал", marks=[Mark(12, "note")]), 0, 13)
    12
    >>> _end_before_note_call(Block("p", "Куртинец С.А. писал", marks=[Mark(8, "note")]), 0, 13)
    13
    """
    for m in block.marks:
        if m.kind == "note" and start < m.offset < end and not any(ch.isalnum() for ch in block.text[m.offset:end]):
            return m.offset
    return end


# Front-matter parts that are bibliographic metadata, not running text: the names in them
# (author, publisher, place of publication) are encoded in the teiHeader instead.
SKIPPED_DIVISIONS = frozenset({"colophon", "titlePage"})


def _running_text(doc: Document):
    """Blocks in reading order, leaving out the divisions in :data:`SKIPPED_DIVISIONS`."""
    stack: list = [*reversed(doc.front + doc.body + doc.back)]
    while stack:
        node = stack.pop()
        if isinstance(node, Division):
            if node.type in SKIPPED_DIVISIONS:
                continue
            stack.extend(reversed(([node.head] if node.head else []) + node.children))
        else:
            yield node
            stack.extend(reversed(node.children))


def annotate_document(doc: Document, registers: Registers | None = None) -> Registers:
    """Add entity and date spans to every annotatable block of ``doc`` (in place).

    Dates without a year take the nearest preceding year of the running text. Spans that would
    cross an existing span (e.g. a quote) are skipped, since TEI elements must nest.
    """
    registers = registers if registers is not None else Registers()
    blocks = [b for b in _running_text(doc) if b.kind in ANNOTATED_KINDS and b.text.strip()]
    found = [recognize(b.text) for b in blocks]
    link_document([s for spans in found for s in spans])
    context: int | None = None
    for block, ents in zip(blocks, found):
        for s in ents:
            end = _end_before_note_call(block, s.start, s.end)
            span = register_mention(registers, s, block.text[s.start:end], end)
            if not _overlaps_existing(block, span):
                block.spans.append(span)
        for d in find_dates(block.text, context):
            context = _year_of(d) or context
            if not _overlaps_existing(block, d) and not any(
                    d.start < e.end and e.start < d.end for e in ents):
                block.spans.append(d)
    return registers
