"""TEI and XML namespaces, and the one parser for edition files read back.

Every module that reads an edition file (validator, renderers, registers, the desk) parses it
with :func:`safe_parser`, and every module that names a TEI element uses :data:`TEI_NS`.
"""

from __future__ import annotations

from lxml import etree

__all__ = ["TEI_NS", "XML_NS", "XML_ID", "XML_LANG", "safe_parser"]

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
