"""Registers -> the corpus register file ``tei/registers.xml`` (and back, for the CLI and tests).

Sits at the end of the annotation stage: :func:`registers_to_tei` turns the
:class:`~tei_edition.annotate.linking.Registers` that mentions point to (``@ref=
"registers.xml#per-karakhan"``) into a TEI document whose ``standOff`` holds ``listPerson``,
``listPlace`` and ``listOrg`` (TEI Guidelines 13.3 "Biographical and Prosopographical Data",
13.3.4 "Places", 13.3.3 "Organizational Data"; 16.10 "The standOff Container").
:func:`tei_to_registers` reads such a file back. Output is deterministic: entries sorted by id,
variants by form.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from lxml import etree

from ..annotate.linking import Registers, RegisterEntry
from ..model import ENTITY_KINDS
from .ns import TEI_NS, XML_ID, XML_LANG
from .writer import ELEMENT_OF_KIND

__all__ = ["registers_to_tei", "tei_to_registers", "tei_mentions", "unit_texts", "unit_elements", "Mention", "REGISTERS_ID", "REGISTERS_TITLE"]

REGISTERS_ID = "registers"
REGISTERS_TITLE = "Указатели имён, мест и организаций"

# entry element, list element, name element of each register type
_KINDS = {"person": ("person", "listPerson", "persName"),
          "place": ("place", "listPlace", "placeName"),
          "org": ("org", "listOrg", "orgName")}
_TYPE_OF_ENTRY = {v[0]: k for k, v in _KINDS.items()}
# xs:date / gYearMonth / gYear shapes accepted by @when (att.datable.w3c)
_ISO = re.compile(r"^-?\d{4}(?:-\d{2}(?:-\d{2})?)?$|^--\d{2}-\d{2}$")


def _q(tag: str) -> str:
    return f"{{{TEI_NS}}}{tag}"


def _sub(parent: etree._Element, tag: str, text: str | None = None, **attrs: str) -> etree._Element:
    el = etree.SubElement(parent, _q(tag))
    for k, v in attrs.items():
        if v:
            el.set(XML_ID if k == "xml_id" else k, v)
    if text:
        el.text = text
    return el


def _header(root: etree._Element) -> None:
    header = _sub(root, "teiHeader")
    fd = _sub(header, "fileDesc")
    ts = _sub(fd, "titleStmt")
    _sub(ts, "title", REGISTERS_TITLE, type="main")
    rs = _sub(ts, "respStmt")
    _sub(rs, "resp", "Registers compiled from the annotated texts and the editors' curated entries")
    _sub(rs, "name", "tei-edition")
    ps = _sub(fd, "publicationStmt")
    _sub(ps, "publisher", "tei-edition")
    av = _sub(ps, "availability")
    _sub(av, "p", "Digital edition generated from the source texts for research use.")
    sd = _sub(fd, "sourceDesc")
    _sub(sd, "bibl", "Born digital: mentions of persons, places and organisations found in the texts of "
                  "the edition, linked to these entries by @ref; curated entries come from "
                  "curation/registers.toml.")


def _canonical_person(parent: etree._Element, e: RegisterEntry) -> None:
    """``persName type="canonical"``: surname and forename as elements where the name splits."""
    pn = _sub(parent, "persName", type="canonical")
    surname, forename = e.surname.strip(), e.forename.strip()
    if forename and surname:
        _sub(pn, "surname", surname).tail = ", "
        _sub(pn, "forename", forename)
    elif surname and " " not in surname:
        _sub(pn, "surname", surname)
    else:  # East Asian names and unsplit phrases stay as printed
        pn.text = e.canonical


def _date(parent: etree._Element, tag: str, value: str) -> None:
    if not value:
        return
    if _ISO.match(value):
        _sub(parent, tag, None, when=value)
    else:
        _sub(parent, tag, value)


_RUSSIAN_STEM = re.compile(r"(?:ов|ев|ёв|ин|ын|ск|цк)$")


def spelling_variants(e: RegisterEntry) -> list[str]:
    """The other spellings among the forms found: «Йокагама» for «Иокогама», «Чен-Кайши» for
    «Чан Кайши». Case forms of the headword («Караханом», «Л.М. Карахану») are no variants, and
    the case forms of one variant («Йокагамы», «Йокагама») are listed once."""
    from ..annotate.linking import WORD_RE, nominative_phrase, person_parts, token_matches

    def same(a: list[str], b: list[str]) -> bool:
        return len(a) == len(b) and all(token_matches(x, y) or token_matches(y, x) for x, y in zip(a, b))

    def name_words(form: str) -> list[str]:
        return [w for w in WORD_RE.findall(form) if not (len(w) == 1 and w.isupper())]

    head = name_words(e.canonical.split(", ", 1)[0] if e.type == "person" else e.canonical)
    groups: list[list[str]] = []
    for form in sorted(e.variants):
        words = name_words(form)
        if e.type == "person" and words and len(head) == 1:
            nom = person_parts(words)[0]
            # a foreign name keeps its -а ('Мацуйдара'); a Russian surname suffix marks a genitive
            if not (words[-1] == nom + "а" and not _RUSSIAN_STEM.search(nom.lower())):
                words = name_words(nom)  # the surname in the nominative
            else:
                words = words[-1:]
        if not words or same(words, head):
            continue
        if e.type != "person" and (nominative_phrase(words) == " ".join(head)
                                   or len(words) < len(head) and same(words, head[:len(words)])):
            continue  # 'Николаевске-на-Амуре'; 'Амурская (и Приморская области)' without its noun
        for g in groups:
            if same(words, name_words(g[0])):
                g.append(" ".join(words))
                break
        else:
            groups.append([" ".join(words)])
    out = set()
    for g in groups:
        ws = name_words(g[0])
        nom = person_parts(ws)[0] if e.type == "person" and len(ws) == 1 else nominative_phrase(ws)
        if nom not in g and _RUSSIAN_STEM.search(nom.lower()) and all(same(name_words(f), name_words(nom)) for f in g):
            g = g + [nom]  # 'Благовешенска' is a case form of 'Благовешенск'
        out.add(nom if nom in g else min(g, key=lambda f: (len(f), f)))
    return sorted(out)


def _entry(parent: etree._Element, e: RegisterEntry, notes: bool) -> None:
    tag, _, name_tag = _KINDS[e.type]
    el = _sub(parent, tag, xml_id=e.id)
    if e.type == "person":
        _canonical_person(el, e)
    else:
        _sub(el, name_tag, e.canonical, type="canonical")
    for form in spelling_variants(e):
        _sub(el, name_tag, form, type="variant")
    # content models differ: person allows any order, place and org want names/location first,
    # then idno (org: a name-like element) and notes (TEI 13.3.4, 13.3.3)
    if e.type == "place" and e.geo is not None:
        loc = _sub(el, "location")
        _sub(loc, "geo", f"{e.geo[0]:g} {e.geo[1]:g}")
    if e.wikidata:  # person: persName+, idno*, birth?, death? (schemas/tei-edition.rnc)
        _sub(el, "idno", e.wikidata, type="wikidata")
    if e.type == "place" and e.geonames:
        _sub(el, "idno", e.geonames, type="GeoNames")
    if e.type == "person":
        _date(el, "birth", e.birth)
        _date(el, "death", e.death)
    if notes:
        if e.note:
            _sub(el, "note", e.note, type="editorial")
        _sub(el, "note", str(e.count), type="mentions", n=str(e.count))
    if e.curated:
        el.set("cert", "high")  # an editor's entry (curation/registers.toml)


def registers_to_tei(registers: Registers, *, notes: bool = False) -> etree._Element:
    """The TEI document of the corpus registers (serialize it with :func:`tei_edition.tei.writer.serialize`).

    ``notes`` adds per entry ``note type="mentions" n="<count>"`` and the editors' note: valid
    tei_all, but the project schema (``schemas/tei-edition.rng``) has no notes in entries yet, so
    the build leaves them out; ``tei-edition registers`` counts mentions from the texts instead.
    """
    root = etree.Element(_q("TEI"), nsmap={None: TEI_NS})
    root.set(XML_LANG, "ru")
    root.set(XML_ID, REGISTERS_ID)
    _header(root)
    if not registers.entries:
        # standOff and its lists must not be empty (both schemas): a text says so instead
        body = _sub(_sub(root, "text"), "body")
        _sub(body, "p", "No entries: no mention has been annotated yet.")
        return root
    so = _sub(root, "standOff")
    for type_, (_, list_tag, _) in _KINDS.items():
        entries = registers.of_type(type_)
        if not entries:
            continue
        lst = _sub(so, list_tag)
        for e in entries:  # of_type sorts by id
            _entry(lst, e, notes)
    return root


def _text(el: etree._Element) -> str:
    return re.sub(r"\s+", " ", "".join(el.itertext())).strip()


def tei_to_registers(root: etree._Element) -> Registers:
    """Read a register file written by :func:`registers_to_tei` (counts from the mentions note)."""
    reg = Registers()
    for tag, type_ in _TYPE_OF_ENTRY.items():
        name_tag = _KINDS[type_][2]
        for el in root.iter(_q(tag)):
            ident = el.get(XML_ID)
            if not ident:
                continue
            e = RegisterEntry(ident, type_, "", curated=el.get("cert") == "high")
            for name in el.iterfind(_q(name_tag)):
                if name.get("type") == "canonical":
                    e.canonical = _text(name)
                    sur, fore = name.find(_q("surname")), name.find(_q("forename"))
                    e.surname = _text(sur) if sur is not None else ""
                    e.forename = _text(fore) if fore is not None else ""
                else:
                    e.variants[_text(name)] = 0
            for idno in el.iterfind(_q("idno")):
                if idno.get("type") == "wikidata":
                    e.wikidata = _text(idno)
                elif idno.get("type") == "GeoNames":
                    e.geonames = _text(idno)
            for note in el.iterfind(_q("note")):
                if note.get("type") == "mentions" and (note.get("n") or "").isdigit():
                    e.count = int(note.get("n"))
            for t in ("birth", "death"):
                d = el.find(_q(t))
                if d is not None:
                    setattr(e, t, d.get("when") or _text(d))
            geo = el.find(f"{_q('location')}/{_q('geo')}")
            if geo is not None:
                lat, _, lon = _text(geo).partition(" ")
                try:
                    e.geo = (float(lat), float(lon))
                except ValueError:
                    pass
            reg.entries[ident] = e
    return reg


# ---------------------------------------------------------------------------- mentions in TEI

_ENTITY_TAGS = {_q(ELEMENT_OF_KIND[kind]): kind for kind in ENTITY_KINDS}  # element -> register type
# elements whose text is one unit for quoting a mention (notes are units of their own)
_UNIT_TAGS = {_q(t) for t in ("p", "head", "item", "ab", "note", "titlePart", "docAuthor", "docImprint",
                                "byline", "docDate", "l", "figDesc", "bibl")}


@dataclass(frozen=True)
class Mention:
    """One ``persName``/``placeName``/``orgName`` of a TEI text, with its surrounding unit text."""

    doc: str
    type: str
    surface: str
    ref: str          # @ref as written ("" when absent)
    entry: str        # the id part of @ref
    automatic: bool   # carries @resp="#tei-edition"
    unit_id: str      # xml:id of the nearest identified ancestor
    unit_text: str    # text of the paragraph/heading/note holding it (notes excluded)
    start: int
    end: int
    line: int


def _flatten(unit: etree._Element) -> tuple[str, dict[etree._Element, tuple[int, int]]]:
    """Text of ``unit`` without nested notes, and the offsets of the elements inside it."""
    parts: list[str] = []
    where: dict[etree._Element, tuple[int, int]] = {}
    size = 0

    def walk(el: etree._Element) -> None:
        nonlocal size
        start = size
        if el.text:
            parts.append(el.text)
            size += len(el.text)
        for child in el:
            if isinstance(child.tag, str) and child.tag != _q("note"):
                walk(child)
            if child.tail:
                parts.append(child.tail)
                size += len(child.tail)
        where[el] = (start, size)

    walk(unit)
    return "".join(parts), where


def _unit_of(el: etree._Element) -> etree._Element:
    for anc in el.iterancestors():
        if anc.tag in _UNIT_TAGS and not (anc.tag == _q("bibl") and anc.getparent() is not None
                                         and anc.getparent().tag == _q("note")):
            return anc
    return el.getparent()


def unit_elements(root: etree._Element) -> list[tuple[str, str, list[tuple[int, int, str]]]]:
    """Like :func:`unit_texts`, with the ``(start, end, local name)`` of the elements inside each unit."""
    out = []
    for el in root.iter(*_UNIT_TAGS):
        if el.tag == _q("bibl") or next(el.iterancestors(_q("teiHeader")), None) is not None:
            continue
        ident = el.get(XML_ID) or next((a.get(XML_ID) for a in el.iterancestors() if a.get(XML_ID)), "")
        text, where = _flatten(el)
        out.append((ident, text, [(s, e, etree.QName(x).localname) for x, (s, e) in where.items() if x is not el]))
    return out


def unit_texts(root: etree._Element) -> list[tuple[str, str]]:
    """``(xml:id or "", text)`` of every text unit (paragraphs, heads, items, notes, ...)."""
    out = []
    for el in root.iter(*_UNIT_TAGS):
        if el.tag == _q("bibl") or next(el.iterancestors(_q("teiHeader")), None) is not None:
            continue
        ident = el.get(XML_ID) or next((a.get(XML_ID) for a in el.iterancestors() if a.get(XML_ID)), "")
        out.append((ident, _flatten(el)[0]))
    return out


def tei_mentions(root: etree._Element, doc_id: str | None = None) -> list[Mention]:
    """Every entity mention of a TEI document, in document order."""
    doc_id = doc_id or root.get(XML_ID) or ""
    cache: dict[etree._Element, tuple[str, dict]] = {}
    out = []
    for el in root.iter(*_ENTITY_TAGS):
        if next(el.iterancestors(_q("teiHeader")), None) is not None or \
                next(el.iterancestors(_q("standOff")), None) is not None:
            continue
        unit = _unit_of(el)
        if unit not in cache:
            cache[unit] = _flatten(unit)
        text, where = cache[unit]
        start, end = where.get(el, (0, 0))
        ref = el.get("ref") or ""
        ident = unit.get(XML_ID) or next((a.get(XML_ID) for a in unit.iterancestors() if a.get(XML_ID)), "")
        out.append(Mention(doc_id, _ENTITY_TAGS[el.tag], text[start:end], ref, ref.partition("#")[2],
                           "#tei-edition" in (el.get("resp") or "").split(), ident, text, start, end,
                           el.sourceline or 0))
    return out
