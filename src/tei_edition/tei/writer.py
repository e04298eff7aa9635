"""Document model -> TEI P5 tree, and deterministic serialization.

This is the only module that turns standoff marks and spans into mixed content (lxml
``text``/``tail``), and the one place that knows how a span is encoded: the element of its kind,
``@ref`` pointers into the registers, ``@resp`` of automatic annotations, the attributes of its
values; everything after it works on valid TEI. Conventions: ``../ENCODING.md``
(kept in the shared project folder) and the TEI Guidelines, chapters 2 (header), 3 (core), 4
(default text structure).
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Iterable

from lxml import etree

from .. import __version__
from ..model import ENTITY_KINDS, Block, Division, Document, Mark, Node, Span
from .ns import TEI_NS, XML_ID, XML_LANG

__all__ = ["build_tei", "serialize", "inline", "span_element", "span_attributes", "placement_problem",
           "ELEMENT_OF_KIND", "KIND_OF_ELEMENT", "REGISTER_FILE", "RESP"]

APP_ID = "tei-edition"
REGISTER_FILE = "registers.xml"  # mentions point to f"{REGISTER_FILE}#{entry id}"
RESP = f"#{APP_ID}"              # automatic annotations carry it (ENCODING.md); curated ones do not

#: the TEI element of each span kind (TEI Guidelines 13.2.1 names, 3.6.4 dates, 3.12.2 citations)
ELEMENT_OF_KIND = {"person": "persName", "place": "placeName", "org": "orgName", "date": "date",
                   "bibl": "bibl", "author": "author", "title": "title", "pub_place": "pubPlace",
                   "publisher": "publisher", "scope": "biblScope"}
KIND_OF_ELEMENT = {v: k for k, v in ELEMENT_OF_KIND.items()}
_DATE_ATTRS = ("when", "from", "to", "notBefore", "notAfter")  # ISO values, the attributes of TEI dating
_TITLE_LEVEL = {"analytic": "a", "monographic": "m", "journal": "j"}


def _q(tag: str) -> str:
    return f"{{{TEI_NS}}}{tag}"


def _sub(parent: etree._Element, tag: str, text: str | None = None, **attrs: str) -> etree._Element:
    el = etree.SubElement(parent, _q(tag))
    for k, v in attrs.items():
        if v is not None and v != "":
            el.set(XML_ID if k == "xml_id" else k, v)
    if text:
        el.text = text
    return el


def _append_text(el: etree._Element, s: str) -> None:
    if not s:
        return
    if len(el):
        last = el[-1]
        last.tail = (last.tail or "") + s
    else:
        el.text = (el.text or "") + s


# ---------------------------------------------------------------------------- spans as elements

def span_element(span: Span) -> str:
    """The TEI element (local name) that encodes ``span``."""
    return ELEMENT_OF_KIND[span.kind]


def span_attributes(span: Span) -> dict[str, str]:
    """The TEI attributes of ``span``: the register pointer, ``@resp`` and its values.

    >>> span_attributes(Span(0, 7, "person", "per-karakhan", auto=True))
    {'ref': 'registers.xml#per-karakhan', 'resp': '#tei-edition'}
    >>> span_attributes(Span(0, 9, "title", values={"level": "journal"}))
    {'level': 'j'}
    """
    attrs: dict[str, str] = {}
    if span.key and span.kind in ENTITY_KINDS:
        attrs["ref"] = f"{REGISTER_FILE}#{span.key}"
    if span.auto:
        attrs["resp"] = RESP
    v = span.values
    if span.kind == "date":
        attrs.update((k, v[k]) for k in _DATE_ATTRS if k in v)
    elif span.kind == "scope" and "unit" in v:
        attrs["unit"] = v["unit"]  # @unit only: the project schema allows no @from/@to here
    elif span.kind == "title" and "level" in v:
        attrs["level"] = _TITLE_LEVEL[v["level"]]
    elif span.kind == "bibl" and v.get("repeats"):
        attrs["corresp"] = f"#{v['repeats']}"
    return attrs


# Elements whose content model (schemas/tei-edition.rnc) holds no names: a name tagged inside one
# of them would make invalid TEI. ``author`` takes persons and organisations only.
_NO_NAMES = {"title": ENTITY_KINDS, "publisher": ENTITY_KINDS, "pubPlace": ENTITY_KINDS,
             "biblScope": ENTITY_KINDS, "date": ENTITY_KINDS + ("date",), "author": ("place", "date"),
             "hi": ()}
_NAME_ELEMENTS = frozenset(ELEMENT_OF_KIND[k] for k in ENTITY_KINDS)


def placement_problem(elements: Iterable[tuple[int, int, str]], start: int, end: int, kind: str) -> str:
    """Why a ``kind`` span over ``start:end`` would make invalid TEI among ``elements``
    (``(start, end, local name)`` of the elements of the same text), or "" when it would not.

    Elements of the span's own family (names for a name, dates for a date) do not count: the new
    span replaces them. Elements must nest, and titles, imprint parts and dates of citations hold
    plain text only.

    >>> placement_problem([(0, 20, "title")], 5, 12, "person")
    'it lies inside a <title>, which cannot hold a person name'
    """
    own = {"date"} if kind == "date" else _NAME_ELEMENTS
    for a, b, name in elements:
        if name in own:
            continue
        if a < end and start < b and not (a <= start and end <= b) and not (start <= a and b <= end):
            return f"it would cross a <{name}> (TEI elements must nest)"
        if a <= start and end <= b and (a, b) != (start, end) and kind in _NO_NAMES.get(name, ()):
            what = "a date" if kind == "date" else f"a {kind} name"
            return f"it lies inside a <{name}>, which cannot hold {what}"
    return ""


# ---------------------------------------------------------------------------- inline content

def _mark_element(parent: etree._Element, mark: Mark, inside_word: bool = False) -> None:
    if mark.kind == "note":
        note = _sub(parent, "note", None, place=mark.place, n=mark.n, xml_id=mark.id)
        if mark.paras:
            _note_paragraphs(note, mark)
        else:
            inline(note, mark.text, (), mark.spans)
    elif mark.kind == "pb":
        # a break inside a word that lost its hyphen: break="no" (TEI Guidelines 3.11.3)
        _sub(parent, "pb", None, n=mark.n, cert=mark.cert, xml_id=mark.id, **({"break": "no"} if inside_word else {}))
    elif mark.kind == "cb":
        _sub(parent, "cb", None, n=mark.n, **({"break": "no"} if inside_word else {}))
    elif mark.kind == "lb":
        _sub(parent, "lb")
    else:  # pragma: no cover - readers only produce the kinds above
        raise ValueError(f"unknown mark kind {mark.kind!r}")


def _note_paragraphs(note: etree._Element, mark: Mark) -> None:
    """A note of several paragraphs: one ``p`` each, the note's spans cut at the paragraph
    boundaries (a span never runs from one ``p`` into the next)."""
    bounds = [0, *sorted(set(mark.paras)), len(mark.text)]
    for a, b in zip(bounds, bounds[1:]):
        b = a + len(mark.text[a:b].rstrip())
        if b <= a:
            continue
        spans = [Span(max(s.start, a) - a, min(s.end, b) - a, s.kind, s.key, dict(s.values), s.auto)
                 for s in mark.spans if s.start < b and s.end > a]
        inline(_sub(note, "p"), mark.text[a:b], (), spans)


def inline(el: etree._Element, text: str, marks: Iterable[Mark] = (), spans: Iterable[Span] = ()) -> None:
    """Fill ``el`` with ``text``, inserting marks as milestones and spans as elements.

    Spans must nest (no crossing: a crossing pair would repeat text, so it is refused with a
    ValueError); a mark at a span boundary is placed outside the span, so a note after a name
    follows the closing tag.

    >>> p = etree.Element(f"{{{TEI_NS}}}p", nsmap={None: TEI_NS})
    >>> inline(p, "Карахан писал", [Mark(7, "lb")], [Span(0, 7, "person", "per-karakhan")])
    >>> etree.tostring(p, encoding="unicode").replace(f' xmlns="{TEI_NS}"', "")
    '<p><persName ref="registers.xml#per-karakhan">Карахан</persName><lb/> писал</p>'
    """
    marks = sorted(marks, key=lambda m: m.offset)
    spans = sorted(spans, key=lambda s: (s.start, -s.end))
    _check_nesting(spans)
    _fill(el, text, 0, len(text), marks, spans)


def _check_nesting(spans: list[Span]) -> None:
    """Refuse spans that cross (``spans`` sorted by start, longest first)."""
    open_ends: list[int] = []
    for span in spans:
        while open_ends and open_ends[-1] <= span.start:
            open_ends.pop()
        if open_ends and span.end > open_ends[-1]:
            raise ValueError(f"a {span.kind} span at {span.start}-{span.end} crosses another span "
                             f"ending at {open_ends[-1]}: spans must nest")
        open_ends.append(span.end)


def _fill(el: etree._Element, text: str, start: int, end: int, marks: list[Mark], spans: list[Span]) -> None:
    pos = start
    mi = 0
    si = 0
    while True:
        next_mark = marks[mi].offset if mi < len(marks) else None
        next_span = spans[si].start if si < len(spans) else None
        # marks first when tied with a span start: the mark stands outside the span
        if next_mark is not None and (next_span is None or next_mark <= next_span):
            off = min(max(next_mark, pos), end)
            _append_text(el, text[pos:off])
            pos = off
            _mark_element(el, marks[mi], 0 < off < len(text) and text[off - 1].isalpha() and text[off].isalpha())
            mi += 1
            continue
        if next_span is not None:
            span = spans[si]
            _append_text(el, text[pos:span.start])
            child = etree.SubElement(el, _q(span_element(span)))
            for k, v in sorted(span_attributes(span).items()):
                child.set(k, v)
            # collect the spans and marks strictly inside this span
            inner_spans = []
            si += 1
            while si < len(spans) and spans[si].start < span.end:
                inner_spans.append(spans[si])
                si += 1
            inner_marks = []
            while mi < len(marks) and marks[mi].offset < span.end:
                inner_marks.append(marks[mi])
                mi += 1
            _fill(child, text, span.start, span.end, inner_marks, inner_spans)
            pos = span.end
            continue
        break
    _append_text(el, text[pos:end])


# ---------------------------------------------------------------------------- ids

def slug(text: str, limit: int = 24) -> str:
    """Id-safe slug of a heading or name (letters of any script kept), at most ``limit`` characters.

    >>> slug("Глава 1. Советско–японские")
    'глава-1-советско-японски'
    >>> slug("«…»")
    'x'
    """
    text = unicodedata.normalize("NFC", text.lower())
    text = re.sub(r"[^\w]+", "-", text).strip("-")
    return text[:limit].rstrip("-") or "x"


def content_id(prefix: str, text: str, used: set[str]) -> str:
    """A stable id from a block's content, so links survive insertions before it."""
    base = hashlib.sha1(re.sub(r"\s+", " ", text).strip().encode("utf-8")).hexdigest()[:8]
    ident = f"{prefix}{base}"
    k = 2
    while ident in used:
        ident = f"{prefix}{base}-{k}"
        k += 1
    used.add(ident)
    return ident


# ---------------------------------------------------------------------------- header

def _header(doc: Document) -> etree._Element:
    m = doc.meta
    header = etree.Element(_q("teiHeader"))
    fd = _sub(header, "fileDesc")
    ts = _sub(fd, "titleStmt")
    _sub(ts, "title", m.title, type="main")
    if m.subtitle:
        _sub(ts, "title", m.subtitle, type="sub")
    if m.author:
        _author(ts, m)
    rs = _sub(ts, "respStmt")
    _sub(rs, "resp", "TEI encoding, structure recovery and annotation")
    _sub(rs, "name", "tei-edition", xml_id=APP_ID)
    if doc.extent:
        ext = _sub(fd, "extent")
        for unit, qty in sorted(doc.extent.items()):
            _sub(ext, "measure", f"{qty} {unit}", unit=unit, quantity=str(qty))
    ps = _sub(fd, "publicationStmt")
    _sub(ps, "publisher", "tei-edition")
    av = _sub(ps, "availability")
    _sub(av, "p", "Digital edition generated from the source text for research use.")
    sd = _sub(fd, "sourceDesc")
    if m.publisher or m.isbn:
        _bibl_struct(sd, m)
    else:
        _bibl(sd, m)

    ed = _sub(header, "encodingDesc")
    ai = _sub(ed, "appInfo")
    app = _sub(ai, "application", None, ident=APP_ID, version=__version__)
    _sub(app, "label", "tei-edition")
    _sub(app, "desc", f"converter profile {doc.profile}" if doc.profile else None)
    decl = _sub(ed, "editorialDecl")
    for statement in doc.decisions:
        _sub(decl, "p", statement)
    if not doc.decisions:
        _sub(decl, "p", "The text is reproduced as in the source.")

    pd = _sub(header, "profileDesc")
    lu = _sub(pd, "langUsage")
    _sub(lu, "language", _LANGUAGE_NAMES.get(m.language, m.language), ident=m.language)
    if m.class_codes:
        tc = _sub(pd, "textClass")
        for scheme, code in m.class_codes:
            _sub(tc, "classCode", code, scheme=scheme)

    rd = _sub(header, "revisionDesc")
    _sub(rd, "change", f"Converted from {m.source_file or 'the source'} by tei-edition {__version__}"
         f" ({doc.profile or 'default'} profile).", who=f"#{APP_ID}")
    return header


_LANGUAGE_NAMES = {"ru": "Russian", "en": "English", "de": "German", "fr": "French", "uk": "Ukrainian",
                   "pl": "Polish", "it": "Italian", "es": "Spanish", "la": "Latin", "und": "undetermined"}


def _author(parent: etree._Element, m) -> None:
    au = _sub(parent, "author")
    if m.author_surname:
        pn = _sub(au, "persName")
        _sub(pn, "surname", m.author_surname)
        if m.author_forename:
            _sub(pn, "forename", m.author_forename)
    else:
        au.text = m.author


def _source_note(parent: etree._Element, m) -> None:
    if m.source_file:
        text = f"Source file {m.source_file}"
        if m.source_sha256:
            text += f" (sha256 {m.source_sha256})"
        _sub(parent, "note", text + ".", type="source")


def _bibl(sd: etree._Element, m) -> None:
    """A source without an imprint (a thesis, a manuscript): a plain ``bibl``."""
    bibl = _sub(sd, "bibl")
    _sub(bibl, "title", m.title)
    if m.author:
        _sub(bibl, "author", m.author)
    if m.institution:
        _sub(bibl, "orgName", m.institution)
    if m.date:
        _sub(bibl, "date", m.date, when=m.date if re.fullmatch(r"\d{4}", m.date) else None)
    if m.genre:
        _sub(bibl, "note", m.genre, type="genre")
    if m.subject:
        _sub(bibl, "note", m.subject, type="subject")
    _source_note(bibl, m)


def _bibl_struct(sd: etree._Element, m) -> None:
    bs = _sub(sd, "biblStruct")
    mo = _sub(bs, "monogr")
    if m.author:
        _author(mo, m)
    _sub(mo, "title", m.title, level="m", type="main")
    if m.subtitle:
        _sub(mo, "title", m.subtitle, level="m", type="sub")
    if m.isbn:
        _sub(mo, "idno", m.isbn, type="ISBN")
    imp = _sub(mo, "imprint")
    if m.pub_place:
        _sub(imp, "pubPlace", m.pub_place)
    if m.publisher:
        _sub(imp, "publisher", m.publisher)
    _sub(imp, "date", m.date or None, when=m.date if re.fullmatch(r"\d{4}", m.date or "") else None)
    if m.extent:
        _sub(mo, "extent", m.extent)
    if m.genre:
        _sub(bs, "note", m.genre, type="genre")
    if m.record:
        _sub(bs, "note", m.record, type="record")
    _source_note(bs, m)


# ---------------------------------------------------------------------------- text

_BLOCK_TAGS = {"p": "p", "item": "item", "titlePart": "titlePart", "docAuthor": "docAuthor",
               "docImprint": "docImprint", "byline": "byline", "docDate": "docDate", "head": "head",
               "ab": "ab"}


class _Writer:
    def __init__(self, doc: Document):
        self.doc = doc
        self.used: set[str] = set()
        for mark in (m for b in doc.iter_blocks() for m in b.marks):
            if mark.id:
                self.used.add(mark.id)

    def nodes(self, parent: etree._Element, nodes: list[Node]) -> None:
        for node in nodes:
            if isinstance(node, Division):
                self.division(parent, node)
            else:
                self.block(parent, node)

    def division(self, parent: etree._Element, div: Division) -> None:
        head = div.head
        if div.type == "titlePage":
            el = _sub(parent, "titlePage")
            doc_title = None
            for child in div.children:
                if isinstance(child, Block) and child.kind == "titlePart":
                    if doc_title is None:
                        doc_title = _sub(el, "docTitle")
                    self.block(doc_title, child)
                else:
                    self.nodes(el, [child])
            return
        ident = div.id or self._div_id(div)
        el = _sub(parent, "div", None, type=div.type, n=div.n, xml_id=ident, **div.attrs)
        if head is not None:
            self.block(el, head)
        self.nodes(el, div.children)

    def _div_id(self, div: Division) -> str:
        key = div.n or (div.head.text if div.head else div.type)
        base = f"{self.doc.id}-{div.type}-{slug(key, 16)}"
        ident, k = base, 2
        while ident in self.used:
            ident = f"{base}-{k}"
            k += 1
        self.used.add(ident)
        return ident

    def block(self, parent: etree._Element, block: Block) -> None:
        kind = block.kind
        if kind == "list":
            el = _sub(parent, "list", None, **block.attrs)
            for item in block.children:
                self.block(el, item)
            return
        if kind == "figure":
            self.figure(parent, block)
            return
        if kind == "table":
            el = _sub(parent, "table", None, **block.attrs)
            for row in block.children:
                row_el = _sub(el, "row", None, **row.attrs)
                for cell in row.children:
                    inline(_sub(row_el, "cell", None, **cell.attrs), cell.text, cell.marks, cell.spans)
            return
        if kind == "epigraph":
            el = _sub(parent, "epigraph")
            quote = _sub(el, "quote")
            p = _sub(quote, "p")
            inline(p, block.text, block.marks, block.spans)
            if block.extra.get("source"):
                _sub(el, "bibl", block.extra["source"])
            return
        tag = _BLOCK_TAGS.get(kind, "p")
        attrs = dict(block.attrs)
        if tag in ("p", "item", "ab"):
            attrs.setdefault("xml_id", block.id or content_id(f"{self.doc.id}-p-", block.text, self.used))
        el = _sub(parent, tag, None, **attrs)
        inline(el, block.text, block.marks, block.spans)
        for child in block.children:
            self.block(el, child)

    def figure(self, parent: etree._Element, block: Block) -> None:
        ident = block.id or content_id(f"{self.doc.id}-fig-", block.text, self.used)
        fig = _sub(parent, "figure", None, type=block.attrs.get("type", "photo"), xml_id=ident)
        if block.text or block.marks or not block.extra.get("desc"):  # a described picture may lack a caption
            head = _sub(fig, "head")
            inline(head, block.text, block.marks, block.spans)
        if block.extra.get("credit"):
            _sub(fig, "bibl", block.extra["credit"], type="credit")
        if block.extra.get("desc"):
            _sub(fig, "figDesc", block.extra["desc"])


def build_tei(doc: Document) -> etree._Element:
    """Return the TEI root element for ``doc``."""
    root = etree.Element(_q("TEI"), nsmap={None: TEI_NS})
    root.set(XML_LANG, doc.meta.language or "ru")
    root.set(XML_ID, doc.id)
    root.append(_header(doc))
    text = _sub(root, "text")
    w = _Writer(doc)
    if doc.front:
        w.nodes(_sub(text, "front"), doc.front)
    body = _sub(text, "body")
    w.nodes(body, doc.body)
    if not len(body):
        _sub(body, "p")
    if doc.back:
        w.nodes(_sub(text, "back"), doc.back)
    return root


def _indent(el: etree._Element, level: int = 0) -> None:
    """Indent element-only content; never touch mixed content (whitespace there is text)."""
    kids = [c for c in el if isinstance(c.tag, str)]
    if not kids or (el.text and el.text.strip()) or any(c.tail and c.tail.strip() for c in el):
        return
    pad = "\n" + "  " * (level + 1)
    el.text = pad
    for c in el:
        c.tail = pad
        _indent(c, level + 1)
    el[-1].tail = "\n" + "  " * level


def serialize(root: etree._Element) -> bytes:
    """Deterministic UTF-8 bytes: indentation only between element-only content."""
    _indent(root)
    return etree.tostring(root, encoding="UTF-8", xml_declaration=True) + b"\n"
