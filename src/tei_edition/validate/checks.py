"""Whole-document checks that compare a TEI result with its source.

``lost_words`` is the text-preservation check: every alphabetic word of the source must reappear
in the TEI ``text`` (notes included), with words broken by line-end hyphenation counted once
joined.
"""

from __future__ import annotations

import re
from collections import Counter

from lxml import etree

from ..tei.ns import TEI_NS

__all__ = ["lost_words", "tei_text"]

_WORD = re.compile(r"[^\W\d_]+")
_BREAK = re.compile(r"([^\W\d_]+)-[ \t]*\n[\s]*([^\W\d_]+)")
_LINE_END_FRAGMENT = re.compile(r"([^\W\d_]+)-[ \t]*$", re.MULTILINE)
_MARKUP = re.compile(r"</?sup>|</?su[bp]>|[*#_]")
_TEI = f"{{{TEI_NS}}}"


def tei_text(root: etree._Element) -> str:
    """All text inside ``tei:text`` (front, body, back, notes) as a reader would see it.

    Notes are set apart by spaces (they are not part of the word they follow); ``pb``/``cb``
    with ``break="no"`` join the word they split; other breaks separate words.
    """
    text = root.find(f"{_TEI}text")
    if text is None:
        return ""
    out: list[str] = []

    def walk(el: etree._Element) -> None:
        if el.tag == f"{_TEI}note":
            out.append(" ")
        elif el.tag in (f"{_TEI}pb", f"{_TEI}cb", f"{_TEI}lb") and el.get("break") != "no":
            out.append(" ")
        if el.text:
            out.append(el.text)
        for child in el:
            if isinstance(child.tag, str):
                walk(child)
            if child.tail:
                out.append(child.tail)
        if el.tag == f"{_TEI}note":
            out.append(" ")

    walk(text)
    return "".join(out)


def _words(text: str) -> list[str]:
    return [w.lower().replace("ё", "е") for w in _WORD.findall(text)]


def lost_words(source: str, root: etree._Element) -> Counter:
    """Words of ``source`` (as a multiset) that the TEI does not contain.

    >>> from lxml import etree
    >>> tei = etree.fromstring('<TEI xmlns="http://www.tei-c.org/ns/1.0"><text><p>государственный строй</p></text></TEI>')
    >>> lost_words("го-\\nсударственный строй и", tei)
    Counter({'и': 1})
    """
    have = Counter(_words(tei_text(root)))
    source = _MARKUP.sub(" ", source)

    def rejoin(m: re.Match) -> str:
        joined = (m.group(1) + m.group(2)).lower().replace("ё", "е")
        return m.group(1) + m.group(2) if have.get(joined) else m.group(0)

    source = _BREAK.sub(rejoin, source)
    lost = Counter(_words(source)) - have
    # a word broken by the layout with other lines (captions, notes) between its two halves
    for m in _LINE_END_FRAGMENT.finditer(source):
        head = m.group(1).lower().replace("ё", "е")
        if not lost.get(head):
            continue
        tail = next((w for w in lost if lost[w] and have.get(head + w)), None)
        if tail is not None:
            lost[head] -= 1
            lost[tail] -= 1
    return +lost
