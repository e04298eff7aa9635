"""The document model: what readers produce and what the TEI writer consumes.

Readers (``tei_edition.readers``) turn a source text into a :class:`Document`; annotators add
standoff :class:`Span` objects; :mod:`tei_edition.tei.writer` turns the result into TEI. Text is kept
normalized (single spaces, hyphenation removed, note marks removed); notes and page/column breaks
are zero-width :class:`Mark` objects anchored at character offsets of their block's text.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Union

__all__ = ["Mark", "Span", "SPAN_KINDS", "ENTITY_KINDS", "CITATION_KINDS", "Block", "Division", "Metadata",
           "Document", "Node"]


@dataclass
class Mark:
    """A zero-width event inside a block's text.

    ``kind`` is ``"note"`` (a footnote whose reference mark stood at ``offset``; ``text`` is the
    normalized note body; ``paras`` the offsets in ``text`` where a further paragraph of the note
    begins, empty for a note of one paragraph), ``"pb"`` (a page begins at ``offset``; ``n`` its number, ``cert``
    ``"medium"`` when inferred rather than printed), ``"cb"`` (a column break) or ``"lb"`` (a hard
    line break, kept in captions and verse).
    """

    offset: int
    kind: str
    n: str | None = None
    text: str = ""
    cert: str | None = None
    id: str | None = None
    place: str = "foot"
    spans: list["Span"] = field(default_factory=list)  # annotations inside a note's text
    paras: tuple[int, ...] = ()  # a note's further paragraphs: where each begins in ``text``


#: what a span can be: names (``ENTITY_KINDS``, linked to a register entry), dates, and a
#: citation with its parts. Closed: :mod:`tei_edition.tei.writer` knows how to encode each.
ENTITY_KINDS = ("person", "place", "org")
CITATION_KINDS = ("bibl", "author", "title", "pub_place", "publisher", "scope")
SPAN_KINDS = frozenset(ENTITY_KINDS + ("date",) + CITATION_KINDS)


@dataclass
class Span:
    """A standoff annotation over ``text[start:end]`` of a block: what the words are, not how
    TEI writes them (the writer chooses elements, attributes and pointers).

    ``kind`` is one of :data:`SPAN_KINDS`. ``key`` is the register entry a name refers to (its id
    in the registers; before linking, the recogniser's candidate key). ``values`` holds the
    normalized values of the kind: a date's ISO ``when``, ``from``/``to`` or ``notBefore``/
    ``notAfter``; a scope's ``unit``; a title's ``level`` (``analytic``, ``monographic``,
    ``journal``); a citation's ``repeats`` (the id of the note whose citation «Там же» repeats);
    a recognised name's ``canonical``, ``wikidata`` and alternative ``key_alt``/``canonical_alt``.
    ``auto``: found by the automatic annotation and not yet confirmed by an editor.
    """

    start: int
    end: int
    kind: str
    key: str = ""
    values: dict[str, str] = field(default_factory=dict)
    auto: bool = False

    def __post_init__(self) -> None:
        if self.kind not in SPAN_KINDS:
            raise ValueError(f"unknown span kind {self.kind!r}")


@dataclass
class Block:
    """A block of text in reading order.

    ``kind`` is one of ``p``, ``head``, ``list`` (``children`` are ``item`` blocks), ``item``,
    ``table`` (``children`` are ``row`` blocks, theirs ``cell`` blocks; a row's ``attrs`` may
    hold ``role="label"``),
    ``figure`` (``text`` is the caption; ``extra["credit"]`` the photo credit), ``epigraph``
    (``text`` the quotation; ``extra["source"]`` its attribution), ``titlePart``, ``docAuthor``,
    ``docImprint``, ``byline``. ``attrs`` become TEI attributes (``rend``, ``type``, ``n``).
    """

    kind: str
    text: str = ""
    marks: list[Mark] = field(default_factory=list)
    spans: list[Span] = field(default_factory=list)
    attrs: dict[str, str] = field(default_factory=dict)
    children: list["Block"] = field(default_factory=list)
    extra: dict[str, str] = field(default_factory=dict)
    line: int | None = None  # 1-based source line where the block starts, for diagnostics
    id: str | None = None


@dataclass
class Division:
    """A ``div`` (or, for ``type="titlePage"``, a TEI ``titlePage``) with an optional heading."""

    type: str
    head: Block | None = None
    children: list["Node"] = field(default_factory=list)
    n: str | None = None
    attrs: dict[str, str] = field(default_factory=dict)
    id: str | None = None


Node = Union[Block, Division]


@dataclass
class Metadata:
    """Bibliographic facts for the teiHeader, from the source itself or from ``edition.toml``."""

    title: str = ""
    subtitle: str = ""
    author: str = ""
    author_forename: str = ""
    author_surname: str = ""
    genre: str = ""
    subject: str = ""
    language: str = "ru"
    pub_place: str = ""
    publisher: str = ""
    date: str = ""
    extent: str = ""
    isbn: str = ""
    class_codes: list[tuple[str, str]] = field(default_factory=list)  # (scheme, code)
    record: str = ""  # the printed bibliographic record, verbatim
    source_file: str = ""
    source_sha256: str = ""
    institution: str = ""


@dataclass
class Document:
    """One source text as a structured document."""

    id: str
    meta: Metadata
    front: list[Node] = field(default_factory=list)
    body: list[Node] = field(default_factory=list)
    back: list[Node] = field(default_factory=list)
    decisions: list[str] = field(default_factory=list)  # editorialDecl statements
    extent: dict[str, int] = field(default_factory=dict)  # e.g. {"pages": 88, "notes": 234}
    profile: str = ""

    def iter_blocks(self):
        """Yield every block (list items included) in reading order."""
        stack: list = [*reversed(self.front + self.body + self.back)]
        while stack:
            node = stack.pop()
            if isinstance(node, Division):
                kids = ([node.head] if node.head else []) + node.children
                stack.extend(reversed(kids))
            else:
                yield node
                stack.extend(reversed(node.children))
