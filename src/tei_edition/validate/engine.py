"""Validate edition TEI files: safety, well-formedness, grammar, Schematron, corpus rules.

Last stage of the pipeline (``TEI --validate--> diagnostics``) and the engine behind
``tei-edition validate``. Library code only: it returns diagnostics and never prints.

Layers, in order, per file: size limit and DOCTYPE refusal (hostile input never reaches a DTD or
an entity expansion), well-formedness (lxml with entity resolution, network and DTD loading
off), the project grammar (``schemas/tei-edition.rng``, libxml2), the project Schematron
(``schemas/tei-edition.sch``, :mod:`tei_edition.validate.schematron`), then over all files of the run the
corpus rules (:data:`CORPUS_RULES`), and, on request, the official ``tei_all`` schema, with jing
when installed (libxml2 can hang on tei_all or wrongly accept attribute values) or lxml as a
fallback. Schemas are compiled once per process and cached.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import os
import re
import shutil
import subprocess
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Protocol

from lxml import etree

from .schema_files import RNG, SCH, schema_path
from .grammar import Grammar, grammar, plain
from ..diagnostics import Diagnostic, exit_status
from .schematron import Schematron
from ..tei.ns import TEI_NS, _doctype_line, safe_parser

__all__ = [
    "CORPUS_RULES", "MAX_BYTES", "ValidationDiagnostic", "ValidationReport", "ValidationOptions",
    "validate_paths", "validate_report", "validate_tree", "collect_files", "jing_available",
    "FileMemo",
]

XML_ID = "{http://www.w3.org/XML/1998/namespace}id"
_T = f"{{{TEI_NS}}}"
MAX_BYTES = 64 * 1024 * 1024
_NAME_KIND = {f"{_T}persName": "person", f"{_T}placeName": "place", f"{_T}orgName": "org"}
_ENTRY_TAGS = (f"{_T}person", f"{_T}place", f"{_T}org")
_POINTER_ATTRS = ("resp", "who", "corresp")


@dataclass(frozen=True, order=True)
class ValidationDiagnostic(Diagnostic):
    """A :class:`Diagnostic` with the column and a fix hint (``diagnostics.py`` has neither)."""

    column: int = 0
    hint: str = ""

    def __str__(self) -> str:
        where = f"{self.source}:{self.line}:{self.column}" if self.line else self.source
        text = f"{where}: {self.severity}: {self.message} [{self.code}]"
        return f"{text} (fix: {self.hint})" if self.hint else text

    def as_dict(self) -> dict[str, object]:
        return {"source": self.source, "line": self.line, "column": self.column,
                "severity": self.severity, "code": self.code, "message": self.message,
                "hint": self.hint}


@dataclass(frozen=True)
class CorpusRule:
    """A rule checked in Python because it needs more than one file (or an id index)."""

    id: str
    severity: str
    description: str
    hint: str


CORPUS_RULES: dict[str, CorpusRule] = {r.id: r for r in (
    CorpusRule("id-unique", "error",
               "`xml:id` values are unique in their file and, outside the teiHeader, across the "
               "corpus (header anchors such as `tei-edition` repeat in every file by design).",
               "Derive ids from the document id and the content so that they stay unique."),
    CorpusRule("ref-file", "error",
               "The register file named in `@ref=\"file.xml#id\"` exists next to the document and "
               "is well-formed.",
               "Create the register file or correct the file part of @ref."),
    CorpusRule("ref-target", "error",
               "`@ref` of persName/placeName/orgName resolves to an entry of the register "
               "(same-file `#id` references are checked by the Schematron rule of the same id).",
               "Add an entry with this xml:id to the register, or correct @ref."),
    CorpusRule("ref-kind", "error",
               "persName points to a `person`, placeName to a `place`, orgName to an `org`.",
               "Correct @ref or the element name."),
    CorpusRule("pointer-target", "error",
               "Local pointers in `@resp`, `@who` and `@corresp` (`#id`) resolve in the same file.",
               "Add the target (e.g. <name xml:id=\"tei-edition\"> in respStmt) or correct the pointer."),
    CorpusRule("register-unused", "warning",
               "Every register entry is referenced by at least one mention in the files of the run "
               "(checked only when the run includes at least one text).",
               "Remove the entry, or validate it together with the texts that mention it."),
)}


@dataclass(frozen=True)
class ValidationOptions:
    """Settings of one validation run."""

    tei_all: Path | None = None
    max_bytes: int = MAX_BYTES
    use_jing: bool = True  # for tei_all; False forces lxml
    jing_timeout: float = 900.0


@dataclass
class ValidationReport:
    """The files checked and what was found, sorted by file, line and column."""

    files: list[str] = field(default_factory=list)
    diagnostics: list[ValidationDiagnostic] = field(default_factory=list)

    @property
    def errors(self) -> int:
        return sum(d.severity == "error" for d in self.diagnostics)

    @property
    def warnings(self) -> int:
        return sum(d.severity == "warning" for d in self.diagnostics)

    @property
    def invalid_files(self) -> list[str]:
        return sorted({d.source for d in self.diagnostics if d.severity == "error" and d.source in self.files})

    @property
    def exit_status(self) -> int:
        """0 valid, 1 invalid, 2 when something could not be read or checked (the one exit
        policy: :func:`tei_edition.diagnostics.exit_status`)."""
        return exit_status(self.diagnostics)

    def summary(self) -> str:
        n = len(self.files)
        bad = len(self.invalid_files)
        return (f"{n} file{'s' if n != 1 else ''} checked, {bad} invalid: "
                f"{self.errors} error{'s' if self.errors != 1 else ''}, "
                f"{self.warnings} warning{'s' if self.warnings != 1 else ''}")

    def to_json(self) -> str:
        return json.dumps({"files": self.files, "summary": {
            "files": len(self.files), "invalid": len(self.invalid_files), "errors": self.errors,
            "warnings": self.warnings, "exit_status": self.exit_status},
            "diagnostics": [d.as_dict() for d in self.diagnostics]}, ensure_ascii=False, indent=2)

    def to_junit(self) -> str:
        suites = etree.Element("testsuites", name="tei-edition validate")
        suite = etree.SubElement(suites, "testsuite", name="tei-edition validate", tests=str(len(self.files)),
                                 failures=str(len(self.invalid_files)), errors="0")
        by_file = defaultdict(list)
        for d in self.diagnostics:
            by_file[d.source].append(d)
        for f in sorted(set(self.files) | set(by_file)):
            case = etree.SubElement(suite, "testcase", classname="tei-edition.validate", name=f)
            errs = [d for d in by_file.get(f, []) if d.severity == "error"]
            if errs:
                fail = etree.SubElement(case, "failure", type=errs[0].code,
                                        message=f"{len(errs)} error(s): {errs[0].message}")
                fail.text = "\n".join(str(d) for d in by_file[f])
            elif by_file.get(f):
                etree.SubElement(case, "system-out").text = "\n".join(str(d) for d in by_file[f])
        return etree.tostring(suites, encoding="unicode", pretty_print=True)


# ------------------------------------------------------------------------------ compiled schemas

@lru_cache(maxsize=None)
def _project_rng(path: Path) -> etree.RelaxNG:
    return etree.RelaxNG(etree.parse(str(path), safe_parser()))


@lru_cache(maxsize=None)
def _project_sch(path: Path) -> Schematron:
    return Schematron.from_path(path)


@lru_cache(maxsize=None)
def _lxml_rng(path: Path) -> etree.RelaxNG:
    return etree.RelaxNG(etree.parse(str(path), safe_parser()))


def jing_available() -> str | None:
    """Path of the jing executable, if installed."""
    return shutil.which("jing")




# ------------------------------------------------------------------------------ file handling

def collect_files(paths: Iterable[Path | str]) -> tuple[list[Path], list[ValidationDiagnostic]]:
    """Expand folders to their ``*.xml`` files (sorted); report paths that do not exist."""
    files: list[Path] = []
    problems: list[ValidationDiagnostic] = []
    for p in map(Path, paths):
        if p.is_dir():
            files.extend(sorted(f for f in p.rglob("*.xml") if f.is_file()))
        elif p.is_file():
            files.append(p)
        else:
            problems.append(ValidationDiagnostic(str(p), 0, "error", "io-error", "no such file or folder"))
    seen: set[Path] = set()
    unique = []
    for f in files:
        key = f.resolve()
        if key not in seen:
            seen.add(key)
            unique.append(f)
    return unique, problems


@dataclass
class _Doc:
    """A parsed file and what the corpus checks need from it."""

    source: str
    path: Path
    tree: etree._ElementTree
    lines: list[str]
    _columns: dict | None = None
    sha: str = ""  # of the bytes read: the key of the per-file results (see FileMemo)

    def column(self, el: etree._Element) -> int:
        """1-based column of ``el``'s start tag: its rank among same-named tags on its line."""
        if self._columns is None:
            self._columns = {}
            rank: dict[tuple[int, str], int] = defaultdict(int)
            for e in self.tree.iter():
                if isinstance(e.tag, str):
                    key = (e.sourceline or 0, etree.QName(e).localname)
                    self._columns[e] = rank[key]
                    rank[key] += 1
        line = el.sourceline or 0
        if not 0 < line <= len(self.lines) or el not in self._columns:
            return 1
        text = self.lines[line - 1]
        name = etree.QName(el).localname
        prefix = el.prefix + ":" if el.prefix else ""
        hits = [m.start() for m in re.finditer(rf"<{re.escape(prefix + name)}(?=[\s/>])", text)]
        k = self._columns[el]
        return hits[k] + 1 if k < len(hits) else (hits[0] + 1 if hits else 1)


def _read(path: Path, source: str, opts: ValidationOptions) -> tuple[_Doc | None, list[ValidationDiagnostic]]:
    try:
        size = path.stat().st_size
        if size > opts.max_bytes:
            return None, [ValidationDiagnostic(
                source, 0, "error", "xml-too-large",
                f"file is {size / 2**20:.1f} MiB, over the {opts.max_bytes / 2**20:.0f} MiB limit; not validated",
                hint="split the file, or raise the limit with --max-size if the file is trusted")]
        data = path.read_bytes()
    except OSError as err:
        return None, [ValidationDiagnostic(source, 0, "error", "io-error", f"cannot read: {err.strerror or err}")]
    line = _doctype_line(data)
    if line:
        return None, [ValidationDiagnostic(
            source, line, "error", "xml-doctype",
            "DOCTYPE declarations are not allowed: edition files use no DTD and no entities "
            "(refused unparsed, so external entities and entity expansion cannot be abused)", 1,
            hint="remove the DOCTYPE; write characters directly in UTF-8 instead of entities")]
    parser = safe_parser()
    try:
        tree = etree.ElementTree(etree.fromstring(data, parser))
    except etree.XMLSyntaxError as err:
        out = []
        for e in parser.error_log:
            if e.level_name in ("ERROR", "FATAL"):
                out.append(ValidationDiagnostic(source, e.line or 0, "error", "xml-wellformed",
                                                e.message.strip(), max(e.column, 1)))
        if not out:
            ln, col = err.position if err.position else (0, 0)
            out.append(ValidationDiagnostic(source, ln, "error", "xml-wellformed", str(err.msg), max(col, 1)))
        return None, out[:1]  # later errors are mostly consequences of the first
    if tree.docinfo.doctype:  # e.g. a UTF-16 file the byte scan could not read
        return None, [ValidationDiagnostic(source, 1, "error", "xml-doctype",
                                           "DOCTYPE declarations are not allowed", 1)]
    text = data.decode(tree.docinfo.encoding or "utf-8", errors="replace")
    return _Doc(source, path, tree, text.splitlines(), sha=hashlib.sha256(data).hexdigest()), []


# ------------------------------------------------------------------------------ per-file layers

_GRAMMAR_CODES = (("ATTR", "schema-attribute"), ("ELEMWRONG", "schema-element"),
                  ("EXTRACONTENT", "schema-element"), ("NOTELEM", "schema-element"),
                  ("ELEMEXTRANS", "schema-element"), ("NOELEM", "schema-content"),
                  ("ELEMNOTEMPTY", "schema-content"), ("CONTENTVALID", "schema-content"),
                  ("DATATYPE", "schema-content"), ("VALUE", "schema-content"), ("LIST", "schema-content"))


def _grammar_code(type_name: str) -> str:
    for key, code in _GRAMMAR_CODES:
        if key in type_name:
            return code
    return "schema"


def _node_at(doc: _Doc, path: str | None) -> etree._Element | None:
    if not path:
        return None
    try:
        found = doc.tree.xpath(path)
    except etree.XPathError:
        return None
    return found[0] if found and isinstance(found[0], etree._Element) else None


_NOISE = ("failed to validate content", "Expecting an element pb, got nothing")


def _explain(e, node: etree._Element | None, model: Grammar) -> tuple[str, str, etree._Element | None]:
    """Rewrite a libxml2 grammar message into (message, hint) an editor can act on."""
    msg = e.message.strip()
    if node is None:
        return msg, "", None
    name = etree.QName(node).localname
    parent = node.getparent()

    def allows(el: etree._Element | None) -> str:
        if el is None:
            return ""
        ename = etree.QName(el).localname
        content, _ = model.summary(ename)
        return f"<{ename}> allows: {content or 'nothing'}" if content else f"<{ename}> is not part of the schema"

    def attr_hint(el: etree._Element, only: str = "") -> str:
        _, attrs = model.summary(etree.QName(el).localname)
        for key in (only, f"xml:{only}"):
            if key in attrs:
                return f"allowed values of @{key}: {plain(attrs[key][1])}"
        if not attrs:
            return f"<{etree.QName(el).localname}> takes no attributes"
        return "attributes: " + "; ".join(f"{a}{'' if opt else ' (required)'} = {plain(v)}" for a, (opt, v) in attrs.items())

    m = re.match(r"Invalid attribute (\S+) for element (\S+)", msg)
    if m:
        attr = m.group(1)
        _, attrs = model.summary(name)
        value = next((v for k, v in node.attrib.items() if etree.QName(k).localname == attr), "")
        if attr in attrs or f"xml:{attr}" in attrs:
            return f'<{name}> has an invalid value {attr}="{value}"', attr_hint(node, attr), node
        return f"<{name}> does not allow the attribute {attr}", attr_hint(node), node
    if "failed to validate attributes" in msg:
        return f"<{name}> lacks a required attribute or has an invalid one", attr_hint(node), node
    m = re.match(r"(?:Did not expect element (\S+) there|Element \S+ has extra content: (\S+))", msg)
    if m and (m.group(1) or m.group(2)) != "text":
        where = f" inside <{etree.QName(parent).localname}>" if parent is not None else ""
        return f"<{name}> is not allowed here{where}", allows(parent), node
    if msg.startswith("Did not expect text") or msg.endswith("extra content: text"):
        return f"text is not allowed directly in <{name}>", allows(node), node
    if msg.startswith("Expecting an element") or msg.startswith("Expecting element"):
        m = re.match(r"Expecting (?:an )?element (\S*),? got (\S+)", msg)
        if m and m.group(1) and m.group(2) != "nothing":
            return f"<{name}>: expected <{m.group(1)}>, found <{m.group(2).rstrip(',')}>", allows(node), node
        return f"<{name}> is incomplete: a required child element is missing", allows(node), node
    if "datatype" in msg or "failed to validate content" in msg:
        value = " ".join("".join(node.itertext()).split())[:60]
        return f'<{name}> has an invalid value "{value}"', f"see docs/schema.md, <{name}>", node
    return msg, allows(node), node


def _grammar(doc: _Doc, rng: etree.RelaxNG) -> list[ValidationDiagnostic]:
    if rng.validate(doc.tree):
        return []
    model = grammar(schema_path(RNG).resolve())
    located = [(e, _node_at(doc, getattr(e, "path", None))) for e in rng.error_log]
    # libxml2 reports each failure again on every ancestor and adds generic follow-ups: keep the
    # first message on the deepest nodes only.
    nodes = [n for _, n in located if n is not None]
    deep = {n for n in nodes if not any(o is not n and n in o.iterancestors() for o in nodes)}
    kept, seen = [], set()
    for e, n in located:
        if n is not None and n in deep and n not in seen and not any(x in e.message for x in _NOISE):
            seen.add(n)
            kept.append((e, n))
    if not kept:  # nothing specific: fall back to the last (innermost) report
        kept = located[-1:]
    out = []
    for e, n in kept:
        msg, hint, node = _explain(e, n, model)
        line = (node.sourceline if node is not None else 0) or e.line
        col = doc.column(node) if node is not None else max(e.column, 1)
        out.append(ValidationDiagnostic(doc.source, line, "error", _grammar_code(e.type_name), msg, col, hint))
    return out


def _per_file(doc: _Doc, rng: etree.RelaxNG, sch: Schematron) -> list[ValidationDiagnostic]:
    """Grammar and Schematron; a stray-text grammar error yields to the clearer Schematron one."""
    rules = _schematron(doc, sch)
    stray = {(d.line, d.column) for d in rules if d.code == "text-outside-block"}
    gram = [d for d in _grammar(doc, rng)
            if not (d.message.startswith("text is not allowed") and (d.line, d.column) in stray)]
    return gram + rules


def _schematron(doc: _Doc, sch: Schematron) -> list[ValidationDiagnostic]:
    return [ValidationDiagnostic(doc.source, f.node.sourceline or 0, f.assertion.severity, f.assertion.id,
                                 f.message, doc.column(f.node), f.assertion.hint)
            for f in sch.check(doc.tree)]


# ------------------------------------------------------------------------------ corpus rules

def _diag(doc: _Doc, el: etree._Element, rule: str, message: str) -> ValidationDiagnostic:
    r = CORPUS_RULES[rule]
    return ValidationDiagnostic(doc.source, el.sourceline or 0, r.severity, rule, message, doc.column(el), r.hint)


def _in_header(el: etree._Element) -> bool:
    return any(a.tag == f"{_T}teiHeader" for a in el.iterancestors())


def _entries(doc: _Doc) -> dict[str, etree._Element]:
    return {e.get(XML_ID): e for so in doc.tree.getroot().iterchildren(f"{_T}standOff")
            for e in so.iter(*_ENTRY_TAGS) if e.get(XML_ID)}


class _Corpus:
    """The corpus rules over one run: ids seen so far, register files loaded once (on demand when
    no file of the run is one), entries referenced, and the diagnostics in file order."""

    def __init__(self, docs: list[_Doc], opts: ValidationOptions):
        self.opts = opts
        self.out: list[ValidationDiagnostic] = []
        self.by_path = {d.path.resolve(): d for d in docs}
        self.extra: dict[Path, _Doc | None] = {}  # register files loaded on demand
        self.first_seen: dict[str, tuple[_Doc, etree._Element]] = {}
        self.used: set[tuple[Path, str]] = set()
        self.entries: dict[Path, dict[str, etree._Element]] = {}  # per register file, built once

    def ids(self, doc: _Doc) -> dict[str, etree._Element]:
        """``id-unique`` in the file and (outside headers) across the run; the file's ids."""
        local: dict[str, etree._Element] = {}
        for el in doc.tree.getroot().iter():
            ident = el.get(XML_ID) if isinstance(el.tag, str) else None
            if ident is None:
                continue
            if ident in local:
                self.out.append(_diag(doc, el, "id-unique", f'xml:id "{ident}" is already used in this file at line '
                                      f"{local[ident].sourceline}"))
                continue
            local[ident] = el
            if _in_header(el):
                continue
            if ident in self.first_seen:
                other, oel = self.first_seen[ident]
                self.out.append(_diag(doc, el, "id-unique", f'xml:id "{ident}" is already used at {other.source}:'
                                      f"{oel.sourceline}"))
            else:
                self.first_seen[ident] = (doc, el)
        return local

    def _register(self, path: Path, fname: str) -> _Doc | None:
        """The register file at ``path``: a file of the run, else read once (None: unreadable)."""
        if path in self.by_path:
            return self.by_path[path]
        if path not in self.extra:
            self.extra[path] = _read(path, fname, self.opts)[0] if path.is_file() else None
        return self.extra[path]

    def refs(self, doc: _Doc) -> None:
        """``ref-file``, ``ref-target``, ``ref-kind`` of the names' ``@ref`` into register files."""
        targets: dict[str, Path] = {}  # this file's register file names, resolved once
        reported_files: set[str] = set()
        for el in doc.tree.getroot().iter(*_NAME_KIND):
            ref = el.get("ref")
            if not ref or "#" not in ref:
                continue
            fname, _, ident = ref.partition("#")
            if not fname:
                self.used.add((doc.path.resolve(), ident))
                continue  # same-file references: Schematron ref-target / ref-kind
            if fname not in targets:
                targets[fname] = (doc.path.parent / fname).resolve()
            target_path = targets[fname]
            self.used.add((target_path, ident))
            target = self._register(target_path, fname)
            if target is None:
                if fname not in reported_files:
                    reported_files.add(fname)
                    self.out.append(_diag(doc, el, "ref-file", f'register file "{fname}" of ref="{ref}" is missing '
                                          "or not well-formed (further references to it in this file not reported)"))
                continue
            if target_path not in self.entries:
                self.entries[target_path] = _entries(target)
            entry = self.entries[target_path].get(ident)
            name, kind = etree.QName(el).localname, _NAME_KIND[el.tag]
            if entry is None:
                self.out.append(_diag(doc, el, "ref-target",
                                      f'<{name}> ref="{ref}" does not resolve to a register entry'))
            elif etree.QName(entry).localname != kind:
                self.out.append(_diag(doc, el, "ref-kind", f'<{name}> ref="{ref}" points to a '
                                      f"<{etree.QName(entry).localname}>, expected a <{kind}>"))

    def pointers(self, doc: _Doc, local: dict[str, etree._Element]) -> None:
        """``pointer-target``: same-file pointers (``#id``) of the pointer attributes."""
        for attr in _POINTER_ATTRS:
            for el in doc.tree.getroot().iterfind(f".//*[@{attr}]"):
                for ptr in el.get(attr).split():
                    if ptr.startswith("#") and ptr[1:] not in local:
                        self.out.append(_diag(doc, el, "pointer-target", f'@{attr}="{el.get(attr)}": no element '
                                              f'has xml:id "{ptr[1:]}" in this file'))

    def unused(self, docs: list[_Doc]) -> None:
        """``register-unused``: entries of the run's register files no file references."""
        for doc in docs:
            key = doc.path.resolve()
            for ident, entry in _entries(doc).items():
                if (key, ident) not in self.used:
                    self.out.append(_diag(doc, entry, "register-unused",
                                          f'register entry "{ident}" is not referenced by any file of this run'))


def _corpus(docs: list[_Doc], opts: ValidationOptions) -> list[ValidationDiagnostic]:
    """The rules across files: ids, references into register files, pointers, unused entries
    (the last only when the run holds a text, not a register file alone)."""
    check = _Corpus(docs, opts)
    has_text = False
    for doc in docs:
        has_text |= doc.tree.getroot().find(f"{_T}text") is not None
        local = check.ids(doc)
        check.refs(doc)
        check.pointers(doc, local)
    if has_text:
        check.unused(docs)
    return check.out


# ------------------------------------------------------------------------------ tei_all

_JING_LINE = re.compile(r"^(?P<file>.*?):(?P<line>\d+):(?P<col>\d+): (?P<sev>error|fatal|warning): (?P<msg>.*)$")


def _tei_all_jing(jing: str, schema: Path, docs: list[_Doc], timeout: float) -> list[ValidationDiagnostic]:
    out: list[ValidationDiagnostic] = []
    names = {str(d.path.resolve()): d.source for d in docs}
    batch = 400  # keeps the command line short; one JVM start per batch
    for i in range(0, len(docs), batch):
        args = [jing, str(schema)] + [str(d.path.resolve()) for d in docs[i:i + batch]]
        try:
            proc = subprocess.run(args, capture_output=True, text=True, timeout=timeout,
                                  env={**os.environ, "LC_ALL": "C.UTF-8"})
        except (OSError, subprocess.TimeoutExpired) as err:
            return out + [ValidationDiagnostic(str(schema), 0, "error", "tool-error", f"jing failed: {err}")]
        for raw in (proc.stdout + proc.stderr).splitlines():
            m = _JING_LINE.match(raw)
            if not m:
                if raw.strip():
                    out.append(ValidationDiagnostic(str(schema), 0, "error", "tool-error", f"jing: {raw.strip()}"))
                continue
            f = m["file"].removeprefix("file:")
            out.append(ValidationDiagnostic(
                names.get(str(Path(f).resolve()), f), int(m["line"]), "warning" if m["sev"] == "warning" else "error",
                "tei-all", m["msg"], int(m["col"]), "the official TEI P5 schema (tei_all) rejects this"))
    return out


def _tei_all_lxml(schema: Path, docs: list[_Doc]) -> list[ValidationDiagnostic]:
    out = [ValidationDiagnostic(str(schema), 0, "warning", "tei-all-lxml",
                                "jing not found: checked tei_all with libxml2, which can accept invalid "
                                "attribute values that jing rejects", hint="apt-get install jing")]
    rng = _lxml_rng(schema.resolve())
    for doc in docs:
        if not rng.validate(doc.tree):
            for e in rng.error_log:
                out.append(ValidationDiagnostic(doc.source, e.line, "error", "tei-all", e.message.strip(),
                                                max(e.column, 1)))
    return out


# ------------------------------------------------------------------------------ entry points

class FileMemo(Protocol):
    """Where :func:`validate_report` keeps the per-file results (grammar and Schematron) of
    files by their bytes, so that a rebuild re-checks only the files that changed. The corpus
    rules (ids, references across files) are always run again over every file."""

    def get(self, sha: str) -> list[ValidationDiagnostic] | None: ...

    def put(self, sha: str, diagnostics: list[ValidationDiagnostic]) -> None: ...


def _per_file_memo(doc: _Doc, rng: etree.RelaxNG, sch: Schematron,
                   memo: FileMemo | None) -> list[ValidationDiagnostic]:
    """:func:`_per_file`, or its stored result for the same bytes (the source name is the file's)."""
    if memo is None:
        return _per_file(doc, rng, sch)
    kept = memo.get(doc.sha)
    if kept is None:
        kept = [dataclasses.replace(d, source="") for d in _per_file(doc, rng, sch)]
        memo.put(doc.sha, kept)
    return [dataclasses.replace(d, source=doc.source) for d in kept]


def validate_report(paths: Sequence[Path | str], *, tei_all: Path | None = None,
                    options: ValidationOptions | None = None, memo: FileMemo | None = None) -> ValidationReport:
    """Validate files and folders; the one call behind the CLI.

    ``memo`` keeps the per-file results between runs (only files whose bytes changed are
    checked against the schema and the Schematron again); the corpus rules see every file.
    """
    opts = options or ValidationOptions(tei_all=tei_all)
    if tei_all is not None and opts.tei_all is None:
        opts = ValidationOptions(tei_all=tei_all, max_bytes=opts.max_bytes, use_jing=opts.use_jing,
                                 jing_timeout=opts.jing_timeout)
    files, diags = collect_files(paths)
    rng = _project_rng(schema_path(RNG).resolve())
    sch = _project_sch(schema_path(SCH).resolve())
    docs: list[_Doc] = []
    for path in files:
        doc, problems = _read(path, str(path), opts)
        diags += problems
        if doc is None:
            continue
        docs.append(doc)
        diags += _per_file_memo(doc, rng, sch, memo)
    diags += _corpus(docs, opts)
    if opts.tei_all is not None:
        schema = Path(opts.tei_all)
        if not schema.is_file():
            diags.append(ValidationDiagnostic(str(schema), 0, "error", "io-error", "tei_all schema not found"))
        elif docs:
            jing = jing_available() if opts.use_jing else None
            diags += _tei_all_jing(jing, schema, docs, opts.jing_timeout) if jing else _tei_all_lxml(schema, docs)
    diags.sort(key=lambda d: (d.source, d.line, d.column, d.code, d.message))
    return ValidationReport([str(f) for f in files], diags)


def validate_paths(paths: Sequence[Path | str], *, tei_all: Path | None = None,
                   options: ValidationOptions | None = None, memo: FileMemo | None = None) -> list[ValidationDiagnostic]:
    """Validate files and folders; return the sorted diagnostics (empty when all are valid)."""
    return validate_report(paths, tei_all=tei_all, options=options, memo=memo).diagnostics


def validate_tree(tree: etree._ElementTree | etree._Element, source: str = "<tree>") -> list[ValidationDiagnostic]:
    """Validate an in-memory TEI tree (grammar and Schematron) e.g. right after ``build_tei``."""
    if isinstance(tree, etree._Element):
        tree = tree.getroottree()
    text = etree.tostring(tree, encoding="unicode")
    doc = _Doc(source, Path(source), tree, text.splitlines())
    diags = _per_file(doc, _project_rng(schema_path(RNG).resolve()), _project_sch(schema_path(SCH).resolve()))
    return sorted(diags, key=lambda d: (d.line, d.column, d.code))
