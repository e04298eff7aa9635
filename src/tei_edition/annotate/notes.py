"""Names and dates in footnote bodies, linked to the same registers as the running text.

Runs after :func:`tei_edition.annotate.bibl.annotate_notes` (the citation structure) on every
note of a document. The recognizer and the date finder see the note text; a span is kept where
TEI lets it stand: in the note itself, directly in a citation, or inside its author (the
cited authors become register entries). Inside a title, publisher, place of publication, scope
or date the schema allows plain text only, so names there stay unlinked.
"""

from __future__ import annotations

import re

from ..model import ENTITY_KINDS, Document, Mark, Span
from .annotate import register_mention
from .dates import find_dates
from .entities import recognize
from .linking import Registers, link_document

__all__ = ["annotate_note_entities", "NAME_HOSTS"]

#: citation parts that may contain a name or a date span, and which kinds (project schema)
NAME_HOSTS = {"bibl": frozenset({"person", "place", "org", "date"}),
              "author": frozenset({"person", "org"})}
_MENTION_KINDS = frozenset(ENTITY_KINDS + ("date",))


def _fits(span: Span, existing: list[Span]) -> bool:
    """Whether ``span`` nests into ``existing``: crosses none, and its innermost enclosing span
    (if any) may hold it."""
    enclosing = []
    for o in existing:
        if span.start < o.end and o.start < span.end:
            if o.start <= span.start and span.end <= o.end:
                enclosing.append(o)  # (the same extent: the name goes inside the author)
            else:
                return False  # it would cross or enclose a citation part
    if not enclosing:
        return True
    inner = min(enclosing, key=lambda o: o.end - o.start)
    return span.kind in NAME_HOSTS.get(inner.kind, ())


_FRAGMENT = re.compile(r"[-–—][а-яё]{1,2}\b|^[А-ЯЁ][а-яё]{1,3}$")


def _abbreviation(text: str, span: Span) -> bool:
    """Citations abbreviate common words ('Рос.', 'Ин-т', 'Ин–т востоковедения'): such a
    fragment is no name."""
    frag = text[span.start:span.end]
    return bool(_FRAGMENT.search(frag)) and (text[span.end:span.end + 1] == "." or bool(re.search(r"[-–—]", frag)))


def _notes(doc: Document) -> list[Mark]:
    return [m for b in doc.iter_blocks() for m in sorted(b.marks, key=lambda m: m.offset)
            if m.kind == "note" and m.text.strip()]


def annotate_note_entities(doc: Document, registers: Registers) -> int:
    """Add person, place, organisation and date spans to the notes of ``doc`` (in place);
    returns the number of entity spans added. Keys are made consistent over all notes of the
    document, as in the running text."""
    notes = _notes(doc)
    found = [[s for s in recognize(m.text) if _fits(s, m.spans) and not _abbreviation(m.text, s)] for m in notes]
    link_document([s for spans in found for s in spans])
    added = 0
    for mark, ents in zip(notes, found):
        for s in ents:
            if not _fits(s, mark.spans):
                continue
            mark.spans.append(register_mention(registers, s, mark.text[s.start:s.end]))
            added += 1
        for d in find_dates(mark.text):
            if _fits(d, mark.spans) and not any(d.start < o.end and o.start < d.end
                                                 for o in mark.spans if o.kind in _MENTION_KINDS):
                mark.spans.append(d)
    return added
