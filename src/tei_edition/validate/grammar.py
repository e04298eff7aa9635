"""The project grammar as data: content models and attributes of each element.

Read from the generated ``schemas/tei-edition.rng``; used by the documentation generator
(:mod:`tei_edition.validate.schema_build`) and by the validator to turn libxml2's terse grammar errors
("Expecting an element , got nothing") into messages that say what the element allows.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

from lxml import etree

__all__ = ["DOC_TAG", "Grammar", "grammar", "plain"]

RNG_NS = "http://relaxng.org/ns/structure/1.0"
ANN_NS = "http://relaxng.org/ns/compatibility/annotations/1.0"
_R = f"{{{RNG_NS}}}"
DOC_TAG = f"{{{ANN_NS}}}documentation"
_DOC = DOC_TAG
_SUFFIX = {"optional": "?", "zeroOrMore": "*", "oneOrMore": "+"}


class Grammar:
    """Defines of a RELAX NG grammar, with summaries per element."""

    def __init__(self, rng: etree._ElementTree, links: bool = True):
        self.links = links  # Markdown links to datatypes (docs) or their values inline (messages)
        self.defines = {d.get("name"): d for d in rng.getroot().iter(f"{_R}define")}

    def element_of(self, name: str) -> etree._Element | None:
        kids = [c for c in self.defines[name] if isinstance(c.tag, str) and c.tag != _DOC]
        return kids[0] if len(kids) == 1 and kids[0].tag == f"{_R}element" else None

    def value_text(self, node: etree._Element) -> str:
        """Describe an attribute's value pattern."""
        kids = [c for c in node if isinstance(c.tag, str) and c.tag != _DOC]
        if node.tag == f"{_R}value":
            return f"`{node.text}`"
        if node.tag == f"{_R}data":
            params = [f"pattern `{p.text}`" for p in node.iter(f"{_R}param")]
            return f"xsd:{node.get('type')}" + (f" ({', '.join(params)})" if params else "")
        if node.tag == f"{_R}ref":
            if not self.links:
                body = [c for c in self.defines[node.get("name")] if isinstance(c.tag, str) and c.tag != _DOC]
                return " ".join(self.value_text(b) for b in body)
            return f"[{node.get('name')}](#{node.get('name').replace('.', '')})"
        if node.tag == f"{_R}text":
            return "text"
        if node.tag == f"{_R}list":
            return "space-separated list of " + " ".join(self.value_text(k) for k in kids)
        if node.tag == f"{_R}choice":
            return " \\| ".join(self.value_text(k) for k in kids)
        return " ".join(self.value_text(k) for k in kids)

    def walk(self, node: etree._Element, optional: bool, attrs: dict, children: list, seen: set) -> bool:
        """Collect attributes and child elements of an element's content; return True if text."""
        has_text = False
        for c in node:
            if not isinstance(c.tag, str) or c.tag == _DOC:
                continue
            tag = c.tag[len(_R):]
            if tag == "attribute":
                name = c.find(f"{_R}name")
                aname = name.text if name is not None else c.get("name")
                if name is not None and name.get("ns") == "http://www.w3.org/XML/1998/namespace":
                    aname = f"xml:{aname}"
                vals = [k for k in c if isinstance(k.tag, str) and k.tag not in (_DOC, f"{_R}name")]
                text = self.value_text(vals[0]) if vals else "text"
                if aname in attrs and attrs[aname][1] != text:
                    text = f"{attrs[aname][1]}; or {text}"
                attrs[aname] = (optional and attrs.get(aname, (True,))[0], text)
            elif tag == "ref":
                ref = c.get("name")
                if self.element_of(ref) is not None:
                    name = self.element_of(ref).get("name")
                    if name not in children:
                        children.append(name)
                elif ref not in seen:
                    has_text |= self.walk(self.defines[ref], optional, attrs, children, seen | {ref})
            elif tag in ("text", "mixed", "data"):
                has_text = True
                if tag == "mixed":
                    self.walk(c, True, attrs, children, seen)
            elif tag in ("optional", "zeroOrMore", "choice"):
                has_text |= self.walk(c, True, attrs, children, seen)
            elif tag in ("group", "oneOrMore", "interleave"):
                has_text |= self.walk(c, optional, attrs, children, seen)
        return has_text



    def content_model(self, node: etree._Element, depth: int = 0) -> str:
        """Compact-syntax-like summary of a pattern, element refs shown by element name."""
        kids = [c for c in node if isinstance(c.tag, str) and c.tag not in (_DOC, f"{_R}attribute")]
        tag = node.tag[len(_R):]
        if tag == "ref":
            el = self.element_of(node.get("name"))
            if el is not None:
                return el.get("name")
            if depth > 6:
                return node.get("name")
            return self.content_model(self.defines[node.get("name")], depth + 1)
        if tag in ("text", "data", "value", "list"):
            return "text"
        if tag == "empty":
            return ""
        parts = [p for p in (self.content_model(k, depth + 1) for k in kids) if p]
        if tag == "choice":
            inner = " | ".join(dict.fromkeys(parts))
            return f"({inner})" if len(parts) > 1 else inner
        if tag in _SUFFIX:
            if not parts:
                return ""
            inner = ", ".join(parts)
            grouped = len(parts) == 1 and (" " not in inner or _one_group(inner))
            return f"{inner}{_SUFFIX[tag]}" if grouped else f"({inner}){_SUFFIX[tag]}"
        if tag == "mixed":
            inner = ", ".join(parts)
            return f"text and {inner}" if inner else "text"
        inner = ", ".join(parts)
        return f"({inner})" if tag in ("group", "interleave") and len(parts) > 1 else inner

    def summary(self, element_name: str) -> tuple[str, dict[str, tuple[bool, str]]]:
        """(content model, {attribute: (optional, values)}) merged over every pattern of the name."""
        models, attrs = [], {}
        for name in self.defines:
            el = self.element_of(name)
            if el is None or el.get("name") != element_name:
                continue
            models.append(self.content_model(el) or "empty")
            self.walk(el, False, attrs, [], {name})
        return " | ".join(dict.fromkeys(models)), attrs


def _one_group(text: str) -> bool:
    """True if ``text`` is one parenthesised group, e.g. "(a | b)" but not "(a), (b)"."""
    if not (text.startswith("(") and text.endswith(")")):
        return False
    depth = 0
    for i, ch in enumerate(text):
        depth += (ch == "(") - (ch == ")")
        if depth == 0 and i < len(text) - 1:
            return False
    return True


def plain(text: str) -> str:
    """Markdown value description -> plain text for terminal messages."""
    return re.sub(r"\[([^\]]+)\]\(#[^)]*\)", r"\1", text).replace("`", '"').replace("\\|", "|")


@lru_cache(maxsize=None)
def grammar(path: Path) -> Grammar:
    """The parsed grammar at ``path`` (cached)."""
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
    return Grammar(etree.parse(str(path), parser), links=False)
