"""The words the edition generates around a text, in the text's language.

One table for every output (``xslt/labels.xml``): the XSLT of the HTML, EPUB and print
editions reads it, and the page shells (Jinja, ``templates/``) get it from here, so that a
label is written once per language. A language without a table takes the English one.
"""

from __future__ import annotations

import re
from functools import lru_cache

from lxml import etree

from ..tei.ns import TEI_NS

__all__ = ["text_language", "label_language", "labels", "DEFAULT_LANGUAGE"]

TEI = f"{{{TEI_NS}}}"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
DEFAULT_LANGUAGE = "ru"  # a text that declares no language (the edition began with Russian texts)


def text_language(root: etree._Element) -> str:
    """The language of a TEI text: its root's ``xml:lang``, else the first
    ``profileDesc/langUsage/language/@ident``, else :data:`DEFAULT_LANGUAGE` (as the XSLT does)."""
    lang = root.get(XML_LANG)
    if not lang:
        ident = root.find(f"{TEI}teiHeader/{TEI}profileDesc/{TEI}langUsage/{TEI}language")
        lang = ident.get("ident") if ident is not None else None
    return lang or DEFAULT_LANGUAGE


@lru_cache(maxsize=1)
def _tables() -> dict[str, dict[str, str]]:
    from ..resources import resource_path

    root = etree.parse(str(resource_path("xslt") / "labels.xml")).getroot()
    return {table.get(XML_LANG): {el.get("key"): el.text or "" for el in table.iter("label")}
            for table in root.iter("labels")}


def label_language(lang: str | None) -> str:
    """The table a language code uses: its primary subtag when the table has it, else ``en``."""
    primary = re.split(r"[-_]", (lang or DEFAULT_LANGUAGE).lower())[0]
    return primary if primary in _tables() else "en"


def labels(lang: str | None) -> dict[str, str]:
    """Every label in ``lang`` (see :func:`label_language`)."""
    return _tables()[label_language(lang)]
