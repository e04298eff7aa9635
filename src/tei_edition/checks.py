"""Whole-document checks that compare a TEI result with its source.

``lost_words`` is the text-preservation check: every alphabetic word of the source must reappear
in the TEI ``text`` (notes included), with words broken by line-end hyphenation counted once
joined.
"""

from __future__ import annotations

import re
from collections import Counter

from lxml import etree

__all__ = ["lost_words", "tei_text"]

_WORD = re.compile(r"[^\W\d_]+")
_BREAK = re.compile(r"([^\W\d_]+)-[ \t]*\n[\s]*([^\W\d_]+)")
_MARKUP = re.compile(r"</?sup>|</?su[bp]>|[*#_]")
_TEI = "{http://www.tei-c.org/ns/1.0}"


def tei_text(root: etree._Element) -> str:
    """All text inside ``tei:text`` (front, body, back, notes), one space between nodes."""
    text = root.find(f"{_TEI}text")
    if text is None:
        return ""
    return " ".join(t for t in text.itertext())


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
        return m.group(1) + m.group(2) if have.get(joined) else f"{m.group(1)}-{m.group(2)}"

    source = _BREAK.sub(rejoin, source)
    return Counter(_words(source)) - have
