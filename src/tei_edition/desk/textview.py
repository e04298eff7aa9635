"""A chapter of a built TEI text as HTML for the desk, every mention and every word addressable.

Units (paragraphs, heads, items, notes, ...) are numbered exactly as
:func:`tei_edition.tei.registers.unit_elements` numbers them, and every text piece
carries its offset in the unit's text (``data-o``), so a selection in the browser or a click on
a tag becomes ``(doc, unit, start, end)``, which the desk turns into a curation key (the
surface form and a quote of its context). Notes are shown after their paragraph with a linked
mark, page breaks as ``[n]`` marks, as in the reading edition.
"""

from __future__ import annotations

import html
from dataclasses import dataclass

from lxml import etree

from ..tei.registers import _ENTITY_TAGS, _UNIT_TAGS, _q

__all__ = ["Chapter", "chapters", "render_chapter", "unit_chapter"]

_ENTITY = _ENTITY_TAGS  # name element -> kind
_DIV_PARENTS = {_q("body"), _q("front"), _q("back")}


@dataclass
class Chapter:
    """A top-level division of a text (or a whole front/back part without divisions)."""

    index: int
    title: str
    element: etree._Element


def _units(root: etree._Element) -> list[etree._Element]:
    """The unit elements in the order of ``unit_elements`` (same filter)."""
    out = []
    for el in root.iter(*_UNIT_TAGS):
        if el.tag == _q("bibl") or next(el.iterancestors(_q("teiHeader")), None) is not None:
            continue
        out.append(el)
    return out


def _top(el: etree._Element) -> etree._Element | None:
    """The chapter an element belongs to: its division directly under body/front/back."""
    node = el
    for anc in el.iterancestors():
        if anc.tag in _DIV_PARENTS:
            return node if node.tag == _q("div") else anc
        node = anc
    return None


def _text(el: etree._Element) -> str:
    return " ".join("".join(t for t in el.itertext()).split())


def chapters(root: etree._Element) -> list[Chapter]:
    """The chapters of a text, in order, each titled by its head."""
    seen: dict[etree._Element, Chapter] = {}
    for el in _units(root):
        top = _top(el)
        if top is not None and top not in seen:
            head = top.find(_q("head"))
            title = _text(head) if head is not None else {"front": "Front matter", "back": "Back matter"}.get(
                etree.QName(top).localname, f"Part {len(seen) + 1}")
            seen[top] = Chapter(len(seen), title[:120], top)
    return list(seen.values())


def unit_chapter(root: etree._Element) -> list[int]:
    """For every unit (by index), the index of its chapter."""
    index = {c.element: c.index for c in chapters(root)}
    return [index.get(_top(el), 0) for el in _units(root)]


def _nested_in_unit(el: etree._Element) -> bool:
    """A unit inside another unit's text (not a note) is shown as part of that unit."""
    for anc in el.iterancestors():
        if anc.tag == _q("note"):
            return False
        if anc.tag in _UNIT_TAGS and anc.tag != _q("bibl"):
            return True
    return False


class _Writer:
    def __init__(self, number: dict[etree._Element, int]):
        self.number = number
        self.out: list[str] = []
        self.size = 0

    def text(self, s: str | None) -> None:
        if s:
            self.out.append(f'<span data-o="{self.size}">{html.escape(s)}</span>')
            self.size += len(s)

    def walk(self, el: etree._Element, top: bool = False) -> None:
        tag = el.tag if isinstance(el.tag, str) else ""
        close = ""
        if not top:
            local = etree.QName(el).localname if tag else ""
            if tag in _ENTITY:
                ref = (el.get("ref") or "").partition("#")[2]
                auto = "#tei-edition" in (el.get("resp") or "").split()
                start = self.size
                end = start + _flat_len(el)
                self.out.append(
                    f'<mark class="ent ent-{_ENTITY[tag]}{" auto" if auto else ""}" tabindex="0" role="button" '
                    f'data-s="{start}" data-e="{end}" data-type="{_ENTITY[tag]}" data-ref="{html.escape(ref)}" '
                    f'title="{_ENTITY[tag]}: {html.escape(ref)}{" (automatic)" if auto else " (curated)"}">')
                close = "</mark>"
            elif tag == _q("date"):
                start = self.size
                end = start + _flat_len(el)
                self.out.append(f'<mark class="ent ent-date" tabindex="0" role="button" data-s="{start}" '
                                f'data-e="{end}" data-type="date" data-when="{html.escape(el.get("when") or "")}" '
                                f'title="date: {html.escape(el.get("when") or "")}">')
                close = "</mark>"
            elif tag == _q("pb"):
                n = html.escape(el.get("n") or "")
                self.out.append(f'<span class="pb" title="page {n}">[{n}]</span>')
            elif tag:
                self.out.append(f'<span class="tei-{local}">')
                close = "</span>"
        self.text(el.text)
        for child in el:
            if isinstance(child.tag, str) and child.tag == _q("note"):
                i = self.number.get(child)
                n = html.escape(child.get("n") or "*")
                self.out.append(f'<sup class="noteref"><a href="#u-{i}" id="ref-{i}">{n}</a></sup>')
            elif isinstance(child.tag, str):
                self.walk(child)
            self.text(child.tail)
        self.out.append(close)


def _flat_len(el: etree._Element) -> int:
    """Length of an element's text without nested notes (as ``_flatten`` counts it)."""
    size = len(el.text or "")
    for child in el:
        if isinstance(child.tag, str) and child.tag != _q("note"):
            size += _flat_len(child)
        size += len(child.tail or "")
    return size


def render_chapter(root: etree._Element, chapter: int) -> str:
    """HTML of one chapter: every unit as a block ``id="u-N" data-unit="N"`` (N: unit index)."""
    units = _units(root)
    number = {el: i for i, el in enumerate(units)}
    owner = unit_chapter(root)
    blocks = []
    for i, el in enumerate(units):
        if owner[i] != chapter or _nested_in_unit(el):
            continue
        w = _Writer(number)
        w.walk(el, top=True)
        local = etree.QName(el).localname
        back = ""
        if local == "note":
            back = f'<a class="noteback" href="#ref-{i}" aria-label="back to the text">{html.escape(el.get("n") or "*")}</a> '
        role = ' role="heading" aria-level="2"' if local == "head" else ""
        blocks.append(f'<div class="unit u-{local}" id="u-{i}" data-unit="{i}"{role}>{back}'
                      f'<span class="utext">{"".join(w.out)}</span></div>')
    return "\n".join(blocks)

