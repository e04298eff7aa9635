"""TEI and XML namespaces, and the one parser for edition files read back.

Every module that reads an edition file (validator, renderers, registers, the desk) parses it
with :func:`safe_parser` (after refusing a DOCTYPE, :func:`doctype_line`), and every module that
names a TEI element uses :data:`TEI_NS`.
"""

from __future__ import annotations

import re

from lxml import etree

__all__ = ["TEI_NS", "XML_NS", "XML_ID", "XML_LANG", "safe_parser", "doctype_line"]

TEI_NS = "http://www.tei-c.org/ns/1.0"
XML_NS = "http://www.w3.org/XML/1998/namespace"
XML_ID = f"{{{XML_NS}}}id"
XML_LANG = f"{{{XML_NS}}}lang"


def safe_parser() -> etree.XMLParser:
    """The parser for every edition file read back: no entity expansion, no DTD, no network
    (files carrying a DOCTYPE are refused earlier; this is defence in depth), libxml2's limits on
    depth and text size kept."""
    return etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False,
                           dtd_validation=False, huge_tree=False, collect_ids=False)


_PROLOG_SKIP = re.compile(rb"\s+|<\?.*?\?>|<!--.*?-->", re.S)


def _doctype_line(data: bytes) -> int:
    """1-based line of a DOCTYPE in the prolog, or 0: refused before any parser sees it."""
    pos = 3 if data.startswith(b"\xef\xbb\xbf") else 0
    while True:
        m = _PROLOG_SKIP.match(data, pos)
        if not m:
            break
        pos = m.end()
    if data.startswith(b"<!DOCTYPE", pos):
        return data.count(b"\n", 0, pos) + 1
    return 0


def doctype_line(data: bytes) -> int:
    """1-based line of a DOCTYPE declaration in the prolog of XML ``data``, or 0.

    The renderers refuse such files before any parser (lxml or Saxon) sees them, as validation
    does: no DTD is loaded, no entity is expanded or fetched.

    >>> doctype_line(b'<?xml version="1.0"?>\\n<!DOCTYPE TEI SYSTEM "http://x/tei.dtd">\\n<TEI/>')
    2
    """
    line = _doctype_line(data)
    if line:
        return line
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):  # UTF-16: scan the decoded prolog
        try:
            return _doctype_line(data.decode("utf-16").encode("utf-8"))
        except UnicodeDecodeError:
            return 0
    return 0
