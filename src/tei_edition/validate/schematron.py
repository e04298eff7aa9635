"""A small native ISO Schematron runner (XPath 1.0 query binding) on lxml.

Why not ``lxml.isoschematron``: it compiles the schema to XSLT and reports SVRL locations as
XPaths, without line numbers or the fix hints we want in diagnostics. This runner evaluates the
same file directly with compiled :class:`lxml.etree.XPath` objects, so rules run fast, every
finding carries the element (hence its line), and the .sch stays a standard file that any ISO
processor can run (a test checks that lxml.isoschematron agrees).

Supported subset: ``ns``, ``pattern`` (non-abstract), ``rule`` with ``context`` and ``let``,
``assert``/``report`` with ``@id``, ``@role``, ``@diagnostics``, ``value-of``, ``name``;
``diagnostics/diagnostic`` for fix hints. A ``let`` must yield a string, number, boolean or a
set of elements (lxml cannot pass attribute nodes back as variables).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

from lxml import etree

__all__ = ["SCH_NS", "Assertion", "Rule", "Pattern", "Finding", "Schematron"]

SCH_NS = "http://purl.oclc.org/dsdl/schematron"
_S = f"{{{SCH_NS}}}"


def _space(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def _split_union(expr: str) -> list[str]:
    """Split an XSLT pattern on top-level ``|`` (outside brackets, parentheses and quotes)."""
    parts, depth, quote, start = [], 0, "", 0
    for i, ch in enumerate(expr):
        if quote:
            if ch == quote:
                quote = ""
        elif ch in "'\"":
            quote = ch
        elif ch in "[(":
            depth += 1
        elif ch in "])":
            depth -= 1
        elif ch == "|" and depth == 0:
            parts.append(expr[start:i])
            start = i + 1
    parts.append(expr[start:])
    return [p.strip() for p in parts]


def pattern_to_xpath(context: str) -> str:
    """Turn an XSLT match pattern into an XPath selecting every node it matches.

    >>> pattern_to_xpath("tei:p | /tei:TEI")
    '//tei:p | /tei:TEI'
    """
    return " | ".join(p if p.startswith("/") else f"//{p}" for p in _split_union(_space(context)))


def _xpath_string(value: object) -> str:
    """XPath 1.0 ``string()`` of an lxml XPath result."""
    if isinstance(value, list):
        if not value:
            return ""
        first = value[0]
        if isinstance(first, etree._Element):
            return "".join(first.itertext())
        return str(first)
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        if value != value:
            return "NaN"
        return str(int(value)) if value.is_integer() else repr(value)
    return str(value)


@dataclass(frozen=True)
class Assertion:
    """One ``assert`` (fires when the test is false) or ``report`` (fires when true)."""

    id: str
    role: str
    is_report: bool
    test_source: str
    message_source: str
    hint: str
    test: etree.XPath
    message: tuple  # str | etree.XPath parts

    @property
    def severity(self) -> str:
        return "warning" if self.role in ("warning", "warn", "info") else "error"


@dataclass(frozen=True)
class Rule:
    """A rule: a context pattern, ``let`` variables and its assertions."""

    context_source: str
    context: etree.XPath
    lets: tuple  # (name, etree.XPath)
    assertions: tuple[Assertion, ...]


@dataclass(frozen=True)
class Pattern:
    """A pattern: each node is handled by the first of its rules whose context matches."""

    id: str
    title: str
    rules: tuple[Rule, ...]


@dataclass(frozen=True)
class Finding:
    """A failed assertion or a successful report on one node."""

    assertion: Assertion
    node: etree._Element
    message: str


class Schematron:
    """A compiled ISO Schematron schema; build once, :meth:`check` many trees."""

    def __init__(self, doc: etree._ElementTree, source: str = "<schema>"):
        root = doc.getroot()
        if root.tag != f"{_S}schema":
            raise ValueError(f"{source}: not an ISO Schematron schema")
        self.source = source
        self.title = _space("".join(root.findtext(f"{_S}title") or ""))
        self.namespaces = {ns.get("prefix"): ns.get("uri") for ns in root.iter(f"{_S}ns")}
        hints = {d.get("id"): _space("".join(d.itertext())) for d in root.iter(f"{_S}diagnostic")}
        self.patterns = tuple(self._pattern(p, hints) for p in root.iter(f"{_S}pattern"))
        ids = [a.id for a in self.assertions()]
        dupes = {i for i in ids if ids.count(i) > 1}
        if "" in ids or dupes:
            raise ValueError(f"{source}: every assert/report needs a unique @id ({sorted(dupes)})")

    @classmethod
    def from_path(cls, path: Path) -> "Schematron":
        parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
        return cls(etree.parse(str(path), parser), str(path))

    def _xpath(self, expr: str) -> etree.XPath:
        try:
            return etree.XPath(expr, namespaces=self.namespaces, smart_strings=False)
        except etree.XPathSyntaxError as err:
            raise ValueError(f"{self.source}: bad XPath {expr!r}: {err}") from None

    def _pattern(self, el: etree._Element, hints: dict[str, str]) -> Pattern:
        if el.get("abstract") == "true" or el.get("is-a"):
            raise ValueError(f"{self.source}: abstract patterns are not supported")
        rules = []
        for r in el.iter(f"{_S}rule"):
            lets = tuple((let.get("name"), self._xpath(_space(let.get("value")))) for let in r.iter(f"{_S}let"))
            asserts = []
            for a in r:
                if a.tag not in (f"{_S}assert", f"{_S}report"):
                    continue
                parts: list = [a.text or ""]
                for child in a:
                    if child.tag == f"{_S}value-of":
                        parts.append(self._xpath(child.get("select")))
                    elif child.tag == f"{_S}name":
                        parts.append(self._xpath(f"name({child.get('path', '.')})"))
                    parts.append(child.tail or "")
                hint = " ".join(hints[h] for h in (a.get("diagnostics") or "").split() if h in hints)
                test = _space(a.get("test"))
                asserts.append(Assertion(
                    id=a.get("id", ""), role=a.get("role", "error"), is_report=a.tag == f"{_S}report",
                    test_source=test, message_source=_space("".join(a.itertext())), hint=hint,
                    test=self._xpath(f"boolean({test})"), message=tuple(parts)))
            context = _space(r.get("context"))
            rules.append(Rule(context, self._xpath(pattern_to_xpath(context)), lets, tuple(asserts)))
        return Pattern(el.get("id", ""), _space(el.findtext(f"{_S}title") or ""), tuple(rules))

    def assertions(self) -> Iterator[Assertion]:
        """Every assertion, in schema order (for documentation)."""
        for p in self.patterns:
            for r in p.rules:
                yield from r.assertions

    def check(self, tree: etree._ElementTree | etree._Element) -> list[Finding]:
        """Run every pattern on ``tree``; return the findings in document order per pattern."""
        findings: list[Finding] = []
        for pattern in self.patterns:
            seen: set = set()
            for rule in pattern.rules:
                for node in rule.context(tree):
                    if not isinstance(node, etree._Element) or node in seen:
                        continue
                    seen.add(node)
                    variables: dict[str, object] = {}
                    for name, xp in rule.lets:
                        variables[name] = xp(node, **variables)
                    for a in rule.assertions:
                        if bool(a.test(node, **variables)) == a.is_report:
                            msg = "".join(p if isinstance(p, str) else _xpath_string(p(node, **variables))
                                          for p in a.message)
                            findings.append(Finding(a, node, _space(msg)))
        return findings
