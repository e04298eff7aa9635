"""The editors' curation layer: corrections to the automatic annotation, kept apart from the TEI.

Editors never edit generated TEI (the next build would overwrite it). They record decisions in
two versioned, human-editable TOML files of the edition (``curation/``):

- ``decisions.toml``: mention-level decisions (``[[decision]]``: accept, reject, retype, relink,
  add) and entry merges (``[[merge]]``). A mention is keyed by its surface form plus a short
  quote around it (and optionally the document id and an occurrence index), never by character
  offsets, so decisions survive re-conversion of a corrected or re-typeset source.
- ``registers.toml``: curated register entries (``[[person]]``, ``[[place]]``, ``[[org]]``):
  canonical name, surname/forename, Wikidata id, dates of life, coordinates.

Pipeline position: :func:`seed_registers` (curated entries, ``curated=True``, so automatic runs
never rewrite them) before ``annotate_document``; :func:`apply_curation` after it, on every
document. Decisions that no longer match anything become warnings naming the file and line.
Automatic runs never write here; only :func:`record` (the ``tei-edition curate`` command) does,
atomically.
"""

from __future__ import annotations

import contextlib
import difflib
import fcntl
import json
import os
import re
import tempfile
import threading
import tomllib
from array import array
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from ..diagnostics import EditionError, Report
from ..build.fileio import write_atomic
from ..model import ENTITY_KINDS, Document, Span
from ..tei.writer import KIND_OF_ELEMENT, placement_problem, span_element
from .linking import PREFIX, Registers, RegisterEntry

__all__ = ["Curation", "Decision", "Merge", "load_curation", "seed_registers", "apply_curation",
           "record", "mention_context", "find_mentions", "normalize", "ACTIONS",
           "DECISIONS_FILE", "REGISTERS_FILE", "DECISIONS_HEADER", "REGISTERS_HEADER",
           "review_items", "ReviewItem", "REVIEW_REASONS", "curation_lock", "remove", "check_placement",
           "check_entry", "suggest_anchor", "orphans", "conflicts", "STRICT_CODES", "DATE_TYPE", "table_text", "check_decision",
           "merge_suggestions", "Distinct", "find_table", "replace_entry"]

ACTIONS = ("accept", "reject", "retype", "relink", "add")
TYPES = ENTITY_KINDS
DATE_TYPE = "date"          # dates are curated like names: type = "date" with `when`
_ISO_DATE = re.compile(r"^-?\d{4}(?:-\d{2}(?:-\d{2})?)?$")
# warnings a strict build (``build --strict``) turns into a failure
STRICT_CODES = frozenset({"curation-unmatched", "curation-stale", "curation-conflict", "curation-refused",
                          "curation-unknown-entry", "curation-missing"})
DECISIONS_FILE = "decisions.toml"
REGISTERS_FILE = "registers.toml"
_ENTITY_KINDS = frozenset(ENTITY_KINDS)
_NCNAME = re.compile(r"^[A-Za-z_][\w.-]*$")

_DECISION_KEYS = {"action", "doc", "text", "context", "occurrence", "type", "ref", "when", "note", "by", "date"}
_MERGE_KEYS = {"from", "into", "note", "by", "date"}
_DISTINCT_KEYS = {"a", "b", "note", "by", "date"}
_ENTRY_KEYS = {"id", "name", "surname", "forename", "wikidata", "birth", "death", "lat", "lon", "note"}

DECISIONS_HEADER = """\
# Editors' decisions on the automatic annotation of persons, places and organisations.
#
# Read by every build (`tei-edition build`); written only by `tei-edition curate ...` or by hand.
# Automatic runs never change this file. Decisions are applied after the automatic annotation.
#
# [[decision]]: one mention (or every mention matching the key). Keys:
#   action     = "accept" | "reject" | "retype" | "relink" | "add"
#   doc        = document id (edition.toml [[source]] id); omit to match in every document
#   text       = the surface form exactly as printed, e.g. "Шикаем"
#   context    = a short quote (about 40 characters) of the text around the mention, containing
#                `text`; matching ignores case, "ё"/"е", dash and quote styles and line breaks,
#                so the decision survives re-conversion. Omit it to match every occurrence.
#   occurrence = which occurrence of `text` inside `context` (1-based; default 1)
#   type       = "person" | "place" | "org" | "date"  (retype, add; add takes the type of `ref`)
#   ref        = register id, e.g. "per-karakhan"  (relink; optional for retype and add)
#   when       = ISO date ("1925", "1925-01", "1925-01-20") for type = "date"
#   note, by, date = free text for the editors: why, who, when
# accept marks an automatic mention as checked; reject removes it; retype changes its kind
# (and relinks it to `ref` or to the entry derived from the name); relink points it to another
# register entry; add tags a name (or a date) the recogniser missed. Two decisions that act
# differently on one mention are reported as a conflict (the later one wins).
#
# [[merge]]: two register entries are one entity. Keys: from = id, into = id (note, by, date).
#   Every mention of `from` then points to `into`, and `from` leaves the registers.
# [[distinct]]: two entries that look alike but are different entities (a refused merge
#   suggestion). Keys: a = id, b = id (note, by, date).
#
# A decision that no longer matches anything is reported as a warning with its line here.
"""

REGISTERS_HEADER = """\
# Curated register entries: the editors' facts about persons, places and organisations.
#
# Loaded before the automatic annotation with curated=true: automatic runs link mentions to
# these entries and count them, but never rewrite them. Written by hand (or by
# `tei-edition curate`); automatic runs never change this file.
#
# Tables: [[person]], [[place]], [[org]]. Keys:
#   id       = register id, also the xml:id in tei/registers.xml; "per-", "pl-" or "org-" prefix
#              (see the ids in tei/registers.xml or `tei-edition registers`)
#   name     = canonical name in the nominative ("Карахан, Лев Михайлович"; "Япония")
#   surname, forename = persons only; default: split `name` at the first ", "
#   wikidata = Wikidata item id ("Q380924"), only where certain
#   birth, death = persons: ISO dates ("1889-02-01", "1937") or free text
#   lat, lon = places: WGS84 decimal degrees
#   note     = free text, printed as an editorial note of the entry
"""


# ---------------------------------------------------------------------------- model

@dataclass(frozen=True)
class Decision:
    """One mention-level decision of ``decisions.toml`` (``line``: its table's header line)."""

    action: str
    text: str
    context: str = ""
    doc: str = ""
    occurrence: int = 1
    type: str = ""
    ref: str = ""
    note: str = ""
    by: str = ""
    date: str = ""
    line: int = 0
    when: str = ""

    def describe(self) -> str:
        where = f" in {self.doc}" if self.doc else ""
        ctx = f" (context «{self.context}»)" if self.context else ""
        return f"{self.action} «{self.text}»{where}{ctx}"


@dataclass(frozen=True)
class Merge:
    """``[[merge]]``: every mention of ``source`` points to ``into``."""

    source: str
    into: str
    note: str = ""
    by: str = ""
    date: str = ""
    line: int = 0


@dataclass(frozen=True)
class Distinct:
    """``[[distinct]]``: a refused merge suggestion (``a`` and ``b`` stay apart)."""

    a: str
    b: str
    note: str = ""
    by: str = ""
    date: str = ""
    line: int = 0


@dataclass
class Curation:
    """Everything the editors decided, as loaded from the curation folder."""

    decisions: list[Decision] = field(default_factory=list)
    merges: list[Merge] = field(default_factory=list)
    distinct: list[Distinct] = field(default_factory=list)
    entries: list[RegisterEntry] = field(default_factory=list)
    entry_lines: dict[str, int] = field(default_factory=dict)
    decisions_file: str = f"curation/{DECISIONS_FILE}"  # as shown in diagnostics
    registers_file: str = f"curation/{REGISTERS_FILE}"
    missing_decisions: bool = False  # the folder exists but decisions.toml does not


# ---------------------------------------------------------------------------- matching keys

_FOLD = str.maketrans({"ё": "е", "–": "-", "—": "-", "‑": "-", "−": "-", "«": '"', "»": '"',
                       "“": '"', "”": '"', "„": '"', "’": "'", "‘": "'", "\u00ad": None})


def normalize(text: str) -> tuple[str, list[int]]:
    """Matching form of ``text`` and, per character, its offset in ``text``.

    Case, «ё», dash and quote styles, soft hyphens and whitespace runs do not matter, so a key
    written against one conversion still matches after line breaks or typography change.

    >>> normalize("Ёкотэ  «С.»")[0]
    'екотэ "с."'
    """
    out: list[str] = []
    pos: list[int] = []
    space = False
    for i, ch in enumerate(text):
        if ch.isspace():
            space = bool(out)
            continue
        folded = ch.lower().translate(_FOLD)
        if not folded:
            continue
        if space:
            out.append(" ")
            pos.append(i)
            space = False
        for c in folded:
            out.append(c)
            pos.append(i)
    return "".join(out), pos


@lru_cache(maxsize=8192)
def _normalized(text: str) -> tuple[str, array]:
    """:func:`normalize` of a block's text, kept (offsets packed): every decision searches every
    block again, and a rebuild after one decision searches the same texts once more."""
    norm, pos = normalize(text)
    return norm, array("q", pos)


def _is_word_boundary(text: str, start: int, end: int) -> bool:
    before = text[start - 1] if start > 0 else " "
    after = text[end] if end < len(text) else " "
    return not (before.isalnum() and text[start:start + 1].isalnum()) and \
        not (after.isalnum() and text[end - 1:end].isalnum())


def find_mentions(text: str, surface: str, context: str = "", occurrence: int = 1) -> list[tuple[int, int]]:
    """Offsets ``(start, end)`` in ``text`` of ``surface`` located by ``context``.

    With a context: the ``occurrence``-th match of the surface inside every match of the context.
    Without: every whole-word match of the surface.

    >>> t = "Шикай писал. Юань Шикай ответил Шикаю."
    >>> find_mentions(t, "Шикай", "Юань Шикай ответил"), find_mentions(t, "шикай")
    ([(18, 23)], [(0, 5), (18, 23)])
    """
    norm, pos = _normalized(text)
    nsurf = normalize(surface)[0]
    if not nsurf:
        return []
    out: list[tuple[int, int]] = []

    def orig(ns: int, ne: int) -> tuple[int, int]:
        return pos[ns], pos[ne - 1] + 1

    if context:
        nctx = normalize(context)[0]
        at = norm.find(nctx)
        while at >= 0:
            hit = at - 1
            for _ in range(max(occurrence, 1)):
                hit = norm.find(nsurf, hit + 1, at + len(nctx))
                if hit < 0:
                    break
            if hit >= 0:
                s, e = orig(hit, hit + len(nsurf))
                if (s, e) not in out:
                    out.append((s, e))
            at = norm.find(nctx, at + 1)
        return out
    at = norm.find(nsurf)
    while at >= 0:
        s, e = orig(at, at + len(nsurf))
        if _is_word_boundary(text, s, e):
            out.append((s, e))
        at = norm.find(nsurf, at + 1)
    return out


def mention_context(text: str, start: int, end: int, width: int = 40) -> str:
    """A short quote around ``text[start:end]`` (whole words, about ``width`` characters).

    >>> mention_context("В 1925 г. Л.М. Карахан подписал конвенцию с Японией.", 10, 22)
    'В 1925 г. Л.М. Карахан подписал конвенцию'
    """
    pad = max(0, (width - (end - start)) // 2)
    a, b = max(0, start - pad), min(len(text), end + pad)
    while a > 0 and not text[a - 1].isspace():
        a -= 1  # extend to a whole word
    while b < len(text) and not text[b].isspace():
        b += 1
    quote = " ".join(text[a:b].split())
    return quote.strip(" ,;:")


def suggest_anchor(units: list[tuple[str, str]], d: Decision, cutoff: float = 0.6) -> tuple[str, str] | None:
    """Where an orphaned decision probably belongs now: ``(doc, new context)`` or None.

    Among the occurrences of the decision's text (in its document, over ``units`` of
    ``(doc, text)``), the one whose surrounding quote is most like the old context, if it is
    alike enough. A suggestion only: it is shown to the editor, never applied by itself.
    """
    if not d.context:
        return None
    want = normalize(d.context)[0]
    at = max(want.find(normalize(d.text)[0]), 0)
    before, after = at, max(len(want) - at - len(normalize(d.text)[0]), 0)
    best: tuple[float, str, str] | None = None
    for doc, text in units:
        if d.doc and doc != d.doc:
            continue
        for start, end in find_mentions(text, d.text):
            # the same number of characters before and after the name as in the old context
            a, b = max(0, start - before), min(len(text), end + after)
            while a > 0 and not text[a - 1].isspace():
                a -= 1
            while b < len(text) and not text[b].isspace():
                b += 1
            ctx = " ".join(text[a:b].split()).strip(" ,;:")
            ratio = difflib.SequenceMatcher(None, want, normalize(ctx)[0]).ratio()
            if best is None or ratio > best[0]:
                best = (ratio, doc, ctx)
    return (best[1], best[2]) if best is not None and best[0] >= cutoff else None


# ---------------------------------------------------------------------------- loading

def _table_lines(text: str, name: str) -> list[int]:
    """1-based line numbers of the ``[[name]]`` headers, in file order (tomllib has no positions)."""
    return [i for i, line in enumerate(text.splitlines(), 1)
            if re.match(rf"^\s*\[\[\s*{re.escape(name)}\s*\]\]", line)]


def _suggest(key: str, allowed: set[str]) -> str:
    close = difflib.get_close_matches(key, sorted(allowed), n=1)
    return f" (did you mean '{close[0]}'?)" if close else ""


def _read_toml(path: Path, display: str) -> tuple[dict[str, Any], str]:
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise EditionError(display, "not UTF-8 text", "curation-invalid") from None
    except OSError as err:
        raise EditionError(display, f"cannot read: {err.strerror or err}", "curation-invalid") from None
    try:
        return tomllib.loads(text), text
    except tomllib.TOMLDecodeError as err:
        raise EditionError(display, f"invalid TOML: {err}", "curation-invalid") from None


def _tables(data: dict[str, Any], allowed: set[str], display: str) -> None:
    for key in data:
        if key not in allowed:
            raise EditionError(display, f"unknown table [[{key}]]{_suggest(key, allowed)}; expected "
                               + ", ".join(f"[[{a}]]" for a in sorted(allowed)), "curation-invalid")
        if not isinstance(data[key], list) or not all(isinstance(t, dict) for t in data[key]):
            raise EditionError(display, f"'{key}' must be written as [[{key}]] tables", "curation-invalid")


def _check(table: dict[str, Any], allowed: set[str], required: tuple[str, ...], where: str, display: str) -> None:
    for key in table:
        if key not in allowed:
            raise EditionError(display, f"{where}: unknown key '{key}'{_suggest(key, allowed)}", "curation-invalid")
    for key in required:
        if table.get(key) in (None, ""):
            raise EditionError(display, f"{where}: missing '{key}'", "curation-invalid")
    for key, value in table.items():
        if key in ("occurrence", "lat", "lon"):
            if isinstance(value, bool) or not isinstance(value, (int, float)) or (key == "occurrence" and not isinstance(value, int)):
                raise EditionError(display, f"{where}: '{key}' must be a number", "curation-invalid")
        elif not isinstance(value, str):
            raise EditionError(display, f"{where}: '{key}' must be a string", "curation-invalid")


def _decision(t: dict[str, Any], line: int, display: str) -> Decision:
    where = f"line {line}: [[decision]]"
    _check(t, _DECISION_KEYS, ("action", "text"), where, display)
    action = t["action"]
    if action not in ACTIONS:
        raise EditionError(display, f"{where}: unknown action '{action}'{_suggest(action, set(ACTIONS))}; "
                           f"expected one of {', '.join(ACTIONS)}", "curation-invalid")
    type_ = t.get("type", "")
    if type_ and type_ not in TYPES + (DATE_TYPE,):
        raise EditionError(display, f"{where}: unknown type '{type_}'; expected person, place, org or date",
                           "curation-invalid")
    when = t.get("when", "")
    if type_ == DATE_TYPE and action in ("add", "retype") and not _ISO_DATE.match(when):
        raise EditionError(display, f"{where}: a date needs 'when' as an ISO date such as '1925' or "
                           f"'1925-01-20', not '{when}'", "curation-invalid")
    if when and type_ != DATE_TYPE:
        raise EditionError(display, f"{where}: 'when' is for type = \"date\"", "curation-invalid")
    if type_ == DATE_TYPE and t.get("ref"):
        raise EditionError(display, f"{where}: a date has no register entry ('ref')", "curation-invalid")
    if action == "retype" and not type_:
        raise EditionError(display, f"{where}: retype needs 'type'", "curation-invalid")
    if action == "relink" and not t.get("ref"):
        raise EditionError(display, f"{where}: relink needs 'ref'", "curation-invalid")
    if action == "add" and not (type_ or t.get("ref")):
        raise EditionError(display, f"{where}: add needs 'type' or 'ref'", "curation-invalid")
    ref = t.get("ref", "")
    if ref and not _NCNAME.match(ref):
        raise EditionError(display, f"{where}: 'ref' must be a register id such as 'per-karakhan', "
                           f"not '{ref}'", "curation-invalid")
    occ = t.get("occurrence", 1)
    if occ < 1:
        raise EditionError(display, f"{where}: 'occurrence' counts from 1", "curation-invalid")
    ctx = t.get("context", "")
    if ctx and normalize(t["text"])[0] not in normalize(ctx)[0]:
        raise EditionError(display, f"{where}: context «{ctx}» does not contain text «{t['text']}»", "curation-invalid")
    return Decision(action, t["text"], ctx, t.get("doc", ""), occ, type_, ref, t.get("note", ""),
                    t.get("by", ""), t.get("date", ""), line, when)


def _merge(t: dict[str, Any], line: int, display: str) -> Merge:
    where = f"line {line}: [[merge]]"
    _check(t, _MERGE_KEYS, ("from", "into"), where, display)
    if t["from"] == t["into"]:
        raise EditionError(display, f"{where}: 'from' and 'into' are the same entry", "curation-invalid")
    return Merge(t["from"], t["into"], t.get("note", ""), t.get("by", ""), t.get("date", ""), line)


def _distinct(t: dict[str, Any], line: int, display: str) -> Distinct:
    where = f"line {line}: [[distinct]]"
    _check(t, _DISTINCT_KEYS, ("a", "b"), where, display)
    return Distinct(t["a"], t["b"], t.get("note", ""), t.get("by", ""), t.get("date", ""), line)


def _entry(t: dict[str, Any], type_: str, line: int, display: str) -> RegisterEntry:
    where = f"line {line}: [[{type_}]]"
    _check(t, _ENTRY_KEYS, ("id", "name"), where, display)
    ident = t["id"]
    prefix = PREFIX[type_] + "-"
    if not _NCNAME.match(ident) or not ident.startswith(prefix):
        raise EditionError(display, f"{where}: id '{ident}' must start with '{prefix}' and use letters, "
                           "digits, '-', '_' or '.'", "curation-invalid")
    wd = t.get("wikidata", "")
    if wd and not re.fullmatch(r"Q\d+", wd):
        raise EditionError(display, f"{where}: wikidata must be an item id like 'Q380924', not '{wd}'",
                           "curation-invalid")
    if type_ != "person" and any(k in t for k in ("surname", "forename", "birth", "death")):
        raise EditionError(display, f"{where}: surname, forename, birth and death are for persons", "curation-invalid")
    if type_ != "place" and any(k in t for k in ("lat", "lon")):
        raise EditionError(display, f"{where}: lat and lon are for places", "curation-invalid")
    if ("lat" in t) != ("lon" in t):
        raise EditionError(display, f"{where}: give both lat and lon", "curation-invalid")
    geo = None
    if "lat" in t:
        lat, lon = float(t["lat"]), float(t["lon"])
        if not (-90 <= lat <= 90 and -180 <= lon <= 180):
            raise EditionError(display, f"{where}: lat/lon out of range", "curation-invalid")
        geo = (lat, lon)
    sur, fore = "", ""
    if type_ == "person":
        split = (t["name"].split(", ", 1) + [""])[:2]
        sur, fore = t.get("surname", split[0]), t.get("forename", split[1])
    return RegisterEntry(ident, type_, t["name"], sur, fore, wikidata=wd, curated=True,
                         birth=t.get("birth", ""), death=t.get("death", ""), geo=geo, note=t.get("note", ""))


def load_curation(folder: Path) -> Curation:
    """Read ``decisions.toml`` and ``registers.toml`` of ``folder`` (missing files: no decisions).

    Bad files raise :class:`EditionError` naming the file and, where known, the line.
    """
    folder = Path(folder)
    cur = Curation(decisions_file=f"{folder.name}/{DECISIONS_FILE}", registers_file=f"{folder.name}/{REGISTERS_FILE}")
    path = folder / DECISIONS_FILE
    cur.missing_decisions = folder.is_dir() and not path.exists()
    if path.is_file():
        data, text = _read_toml(path, cur.decisions_file)
        _tables(data, {"decision", "merge", "distinct"}, cur.decisions_file)
        for name, build, target in (("decision", _decision, cur.decisions), ("merge", _merge, cur.merges),
                                    ("distinct", _distinct, cur.distinct)):
            lines = _table_lines(text, name)
            for i, t in enumerate(data.get(name, [])):
                target.append(build(t, lines[i] if i < len(lines) else 0, cur.decisions_file))
    path = folder / REGISTERS_FILE
    if path.is_file():
        data, text = _read_toml(path, cur.registers_file)
        _tables(data, set(TYPES), cur.registers_file)
        for type_ in TYPES:
            lines = _table_lines(text, type_)
            for i, t in enumerate(data.get(type_, [])):
                line = lines[i] if i < len(lines) else 0
                e = _entry(t, type_, line, cur.registers_file)
                if e.id in cur.entry_lines:
                    raise EditionError(cur.registers_file, f"line {line}: id '{e.id}' is already defined at line "
                                       f"{cur.entry_lines[e.id]}", "curation-invalid")
                cur.entries.append(e)
                cur.entry_lines[e.id] = line
    return cur


def seed_registers(curation: Curation) -> Registers:
    """Registers holding the curated entries (``curated=True``, no mentions yet), to annotate into."""
    reg = Registers()
    for e in curation.entries:
        reg.entries[e.id] = RegisterEntry(e.id, e.type, e.canonical, e.surname, e.forename, {}, 0, e.wikidata,
                                          True, e.birth, e.death, e.geo, e.note)
    return reg


# ---------------------------------------------------------------------------- applying

@dataclass
class _Target:
    doc: str
    text: str
    spans: list[Span]


def _targets(docs: dict[str, Document], doc_id: str) -> list[_Target]:
    """Every text that can hold mentions: blocks, then the notes anchored in them."""
    out: list[_Target] = []
    # one document by its id, not a scan of the corpus per decision
    chosen = ([(doc_id, docs[doc_id])] if doc_id in docs else []) if doc_id else docs.items()
    for ident, doc in chosen:
        for block in doc.iter_blocks():
            if block.text:
                out.append(_Target(ident, block.text, block.spans))
            for mark in block.marks:
                if mark.kind == "note" and mark.text:
                    out.append(_Target(ident, mark.text, mark.spans))
    return out


def _entity_at(spans: list[Span], start: int, end: int, dates: bool = False) -> Span | None:
    kinds = {DATE_TYPE} if dates else _ENTITY_KINDS
    ents = [s for s in spans if s.kind in kinds]
    exact = [s for s in ents if s.start == start and s.end == end]
    if exact:
        return exact[0]
    around = [s for s in ents if s.start < end and start < s.end]
    return around[0] if len(around) == 1 else None


def check_placement(spans: list[Span], start: int, end: int, type_: str) -> str:
    """Why a ``type_`` mention over ``start:end`` among ``spans`` would make invalid TEI ("" when
    it would not): :func:`~tei_edition.tei.writer.placement_problem` of the spans' elements."""
    return placement_problem([(s.start, s.end, span_element(s)) for s in spans], start, end, type_)


def _link(registers: Registers, surface: str, type_: str, ref: str) -> str:
    """The register id for a curated mention: ``ref`` if given, else the key of the name."""
    if ref:
        return ref
    from .linking import link_key

    key, canon, wd = link_key(surface, type_)
    if key not in registers.entries:
        registers.add(key, type_, canon, surface, wd)
    return key


def _unknown(d: Decision, cur: Curation, report: Report) -> bool:
    report.warn(cur.decisions_file, d.line, "curation-unknown-entry",
                f"{d.describe()}: no register entry '{d.ref}'; add it to {cur.registers_file}")
    return True


def _refused(d: Decision, cur: Curation, report: Report, why: str) -> bool:
    report.warn(cur.decisions_file, d.line, "curation-refused", f"cannot {d.describe()}: {why}")
    return True


def _add(d: Decision, t: _Target, start: int, end: int, ent: Span | None, registers: Registers,
         cur: Curation, report: Report) -> bool:
    """``add``: a new mention over ``start:end`` (replacing the names or dates it overlaps), or
    the confirmation of the automatic one that is exactly there."""
    if ent is not None and ent.start == start and ent.end == end and not d.ref and not d.type:
        ent.auto = False
        return True
    type_ = d.type or (registers.entries[d.ref].type if d.ref in registers.entries else "")
    if not type_:
        report.warn(cur.decisions_file, d.line, "curation-unknown-entry",
                    f"cannot {d.describe()}: no register entry '{d.ref}' and no type given")
        return True
    if d.ref and d.ref not in registers.entries:
        return _unknown(d, cur, report)
    why = check_placement(t.spans, start, end, type_)
    if why:
        return _refused(d, cur, report, why)
    own = {DATE_TYPE} if type_ == DATE_TYPE else _ENTITY_KINDS
    t.spans[:] = [s for s in t.spans if not (s.kind in own and s.start < end and start < s.end)]
    if type_ == DATE_TYPE:
        t.spans.append(Span(start, end, DATE_TYPE, values={"when": d.when}))
    else:
        t.spans.append(Span(start, end, type_, _link(registers, t.text[start:end], type_, d.ref)))
    return True


def _retype(d: Decision, t: _Target, ent: Span, registers: Registers, cur: Curation, report: Report) -> bool:
    """``retype``: another kind for a mention (a date, or a name linked to ``ref`` or to the
    entry derived from its words)."""
    if d.ref and d.ref not in registers.entries:
        return _unknown(d, cur, report)
    if (ent.kind == DATE_TYPE) != (d.type == DATE_TYPE):
        why = check_placement([s for s in t.spans if s is not ent], ent.start, ent.end, d.type)
        if why:
            return _refused(d, cur, report, why)
    if d.type == DATE_TYPE:
        ent.kind, ent.key, ent.values = DATE_TYPE, "", {"when": d.when}
    else:
        ent.kind, ent.values = d.type, {}
        ent.key = _link(registers, t.text[ent.start:ent.end], d.type, d.ref)
    ent.auto = False
    return True


def _apply(d: Decision, t: _Target, start: int, end: int, registers: Registers, cur: Curation,
           report: Report) -> bool:
    """Apply ``d`` at one located occurrence; False when there is nothing to act on."""
    dates = d.type == DATE_TYPE
    ent = _entity_at(t.spans, start, end, dates)
    if ent is None and not dates and d.action in ("accept", "reject"):
        ent = _entity_at(t.spans, start, end, True)  # accept/reject without a type: a date too
    if d.action == "add":
        return _add(d, t, start, end, ent, registers, cur, report)
    if ent is None:
        return False
    if d.action == "reject":
        t.spans.remove(ent)
    elif d.action == "accept":
        ent.auto = False  # an editor vouches for it now
    elif d.action == "retype":
        return _retype(d, t, ent, registers, cur, report)
    elif d.action == "relink":
        target = registers.entries.get(d.ref)
        if target is None:
            return _unknown(d, cur, report)
        ent.kind, ent.key, ent.auto = target.type, d.ref, False  # the entry's kind decides (ref-kind rule)
    return True


def _effect(d: Decision) -> tuple[str, ...]:
    """What a decision does to a mention: two decisions with different effects conflict."""
    if d.action == "accept":
        return ()
    return (d.action, d.type, d.ref, d.when)


def _recount(docs: dict[str, Document], registers: Registers) -> None:
    """Counts and variants from the mentions as they now stand; drop emptied automatic entries."""
    for e in registers.entries.values():
        e.count, e.variants = 0, {}
    for doc in docs.values():
        for t in _targets(docs={doc.id: doc}, doc_id=""):
            for s in t.spans:
                e = registers.entries.get(s.key) if s.kind in _ENTITY_KINDS else None
                if e is not None:
                    surface = t.text[s.start:s.end]
                    e.variants[surface] = e.variants.get(surface, 0) + 1
                    e.count += 1
    for ident in [i for i, e in registers.entries.items() if e.count == 0 and not e.curated]:
        del registers.entries[ident]


def _merge_all(docs: dict[str, Document], registers: Registers, curation: Curation, report: Report) -> None:
    """The merges, in file order, with one pass over the corpus for all of them (a pass per merge
    made the editors' decisions grow with corpus x merges).

    Same result as applying them one after the other: the registers side runs in order (a merge
    into an entry an earlier merge removed is refused); the mentions' final entry is the merges
    folded from the last to the first (A->B then B->C sends A's mentions to C); each merge's
    count of moved mentions comes from replaying the merges on the mention counts.
    """
    moves: list[tuple[Merge, str]] = []  # effective merges, with the kind of their target
    warnings: list[tuple[int, str, str]] = []  # (line, code, message) in merge order
    for m in curation.merges:
        source, into = registers.entries.get(m.source), registers.entries.get(m.into)
        if into is None:
            warnings.append((m.line, "curation-unknown-entry",
                             f"merge {m.source} into {m.into}: no register entry '{m.into}'"))
            continue
        moves.append((m, into.type))
        warnings.append((m.line, "", ""))  # placeholder: unmatched or not, known after counting
        if source is not None and not source.curated:
            del registers.entries[m.source]
    if not moves:
        for line, code, message in warnings:
            report.warn(curation.decisions_file, line, code, message)
        return
    final: dict[str, tuple[str, str]] = {}  # mention's entry -> (entry, kind) after every merge
    for m, kind in reversed(moves):
        final[m.source] = final.get(m.into, (m.into, kind))
    counts: dict[str, int] = {}
    for doc in docs.values():
        for t in _targets({doc.id: doc}, ""):
            for s in t.spans:
                if s.kind not in _ENTITY_KINDS:
                    continue
                counts[s.key] = counts.get(s.key, 0) + 1
                if s.key in final:
                    s.key, s.kind = final[s.key]
    replayed: list[tuple[Merge, int]] = []
    for m, _ in moves:
        n = counts.pop(m.source, 0)
        if n:
            counts[m.into] = counts.get(m.into, 0) + n
        replayed.append((m, n))
    moved = iter(replayed)
    for line, code, message in warnings:
        if code:
            report.warn(curation.decisions_file, line, code, message)
            continue
        m, n = next(moved)
        if not n:
            report.warn(curation.decisions_file, m.line, "curation-unmatched",
                        f"merge {m.source} into {m.into}: no mention of '{m.source}' any more")


def apply_curation(docs: dict[str, Document], registers: Registers, curation: Curation) -> Report:
    """Apply the editors' decisions to annotated documents and their registers (in place).

    Decisions first, in file order, then merges; counts and variants are recomputed from the
    mentions of ``docs`` (pass every document of the corpus). Returns warnings for decisions
    that match nothing any more.
    """
    report = Report()
    if curation.missing_decisions:
        report.warn(curation.decisions_file, 0, "curation-missing",
                    "no decisions file: the build applies no editors' decisions (restore it from version "
                    "control, or create it with `tei-edition curate`)")
    decided: dict[tuple[str, int, int, int], Decision] = {}
    targets = _targets(docs, "")
    for d in curation.decisions:
        if d.doc and d.doc not in docs:
            report.warn(curation.decisions_file, d.line, "curation-unmatched",
                        f"{d.describe()}: no document '{d.doc}' in this run")
            continue
        located = acted = 0
        for t in targets:
            if d.doc and t.doc != d.doc:
                continue
            for start, end in find_mentions(t.text, d.text, d.context, d.occurrence):
                located += 1
                key = (t.doc, id(t.spans), start, end)
                earlier = decided.get(key)
                if earlier is not None and _effect(earlier) and _effect(d) and _effect(earlier) != _effect(d):
                    report.warn(curation.decisions_file, d.line, "curation-conflict",
                                f"{d.describe()} conflicts with the decision at line {earlier.line} "
                                f"({earlier.action}) on the same mention; the later one wins: delete one")
                if _effect(d) or key not in decided:
                    decided[key] = d
                acted += _apply(d, t, start, end, registers, curation, report)
        if not located:
            hint = suggest_anchor([(t.doc, t.text) for t in targets], d)
            where = (f"; it may now be «{hint[1]}» in {hint[0]} (set context to that)" if hint
                     else "; update or delete the decision")
            kept = " (the automatic annotation there stays as it was)" if d.action != "add" else ""
            report.warn(curation.decisions_file, d.line, "curation-unmatched",
                        f"{d.describe()}: the text no longer matches anything{kept}{where}")
        elif not acted:
            report.warn(curation.decisions_file, d.line, "curation-stale",
                        f"{d.describe()}: no annotation there any more; update or delete the decision")
    _merge_all(docs, registers, curation, report)
    _recount(docs, registers)
    return report


# ---------------------------------------------------------------------------- recording

def _toml_value(v: Any) -> str:
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, (int, float)):
        return repr(v)
    return json.dumps(str(v), ensure_ascii=False)  # JSON string escapes are valid TOML basic strings


def _table(name: str, values: dict[str, Any]) -> str:
    lines = [f"[[{name}]]"] + [f"{k} = {_toml_value(v)}" for k, v in values.items() if v not in ("", None)]
    return "\n".join(lines) + "\n"


def _write_atomic(path: Path, text: str) -> None:
    """The curation files are replaced atomically: readers see the old or the new file."""
    write_atomic(path, text.encode("utf-8"))


@contextlib.contextmanager
def curation_lock(folder: Path) -> Iterator[None]:
    """Exclusive lock on the curation folder (``flock`` on the folder itself, no lock file).

    Every writer (``tei-edition curate``, the editor's desk, two tabs of it) reads, appends and
    replaces under this lock, so no decision is lost between a read and a write.
    """
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    held: set[str] = _HELD.__dict__.setdefault("folders", set())
    key = str(folder.resolve())
    if key in held:  # re-entered by the same thread (replace_entry = remove + record)
        yield
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        held.add(key)
        yield
    finally:
        held.discard(key)
        fcntl.flock(fd, fcntl.LOCK_UN)
        os.close(fd)


_HELD = threading.local()


def check_entry(entry: RegisterEntry, display: str = f"curation/{REGISTERS_FILE}") -> None:
    """Refuse a curated entry whose register TEI would be invalid (raises :class:`EditionError`)."""
    from ..validate.engine import validate_tree
    from ..tei.registers import registers_to_tei

    reg = Registers()
    reg.entries[entry.id] = entry
    problems = [p for p in validate_tree(registers_to_tei(reg, notes=True)) if p.severity == "error"]
    if problems:
        raise EditionError(display, f"refused {entry.type} entry '{entry.id}': it would make invalid TEI: "
                           f"{problems[0].message}", "curation-refused")


def check_decision(d: Decision, units: list[tuple[str, str, list[tuple[int, int, str]]]],
                   entry_types: dict[str, str], display: str = f"curation/{DECISIONS_FILE}") -> None:
    """Refuse ``d`` when applying it to the built TEI would make it invalid.

    ``units``: ``(doc, text, [(start, end, element), ...])`` of the built texts
    (:func:`~tei_edition.tei.registers.unit_elements`); ``entry_types``: register id ->
    type. Raises :class:`EditionError` naming the decision.
    """
    type_ = d.type or entry_types.get(d.ref, "")
    if d.ref and d.ref not in entry_types:
        raise EditionError(display, f"refused {d.describe()}: no register entry '{d.ref}'", "curation-refused")
    if d.action == "relink":
        type_ = entry_types[d.ref]
    if d.action not in ("add", "retype", "relink") or not type_:
        return
    for doc, text, elements in units:
        if d.doc and doc != d.doc:
            continue
        for start, end in find_mentions(text, d.text, d.context, d.occurrence):
            why = placement_problem(elements, start, end, type_)
            if why:
                raise EditionError(display, f"refused {d.describe()}: {why}", "curation-refused")


def _values(item: Decision | Merge | Distinct | RegisterEntry) -> tuple[str, str, str, dict[str, Any]]:
    """File, header, table name and keys of an item as written to the curation files."""
    if isinstance(item, RegisterEntry):
        values: dict[str, Any] = {"id": item.id, "name": item.canonical}
        if item.type == "person":
            split = (item.canonical.split(", ", 1) + [""])[:2]
            if (item.surname, item.forename) != tuple(split):
                values.update(surname=item.surname, forename=item.forename)
        values.update(wikidata=item.wikidata, birth=item.birth, death=item.death)
        if item.geo is not None:
            values.update(lat=item.geo[0], lon=item.geo[1])
        values["note"] = item.note
        return REGISTERS_FILE, REGISTERS_HEADER, item.type, values
    if isinstance(item, Distinct):
        return DECISIONS_FILE, DECISIONS_HEADER, "distinct", {
            "a": item.a, "b": item.b, "note": item.note, "by": item.by, "date": item.date}
    if isinstance(item, Merge):
        return DECISIONS_FILE, DECISIONS_HEADER, "merge", {
            "from": item.source, "into": item.into, "note": item.note, "by": item.by, "date": item.date}
    return DECISIONS_FILE, DECISIONS_HEADER, "decision", {
        "action": item.action, "doc": item.doc, "text": item.text, "context": item.context,
        "occurrence": item.occurrence if item.occurrence != 1 else None, "type": item.type,
        "ref": item.ref, "when": item.when, "note": item.note, "by": item.by, "date": item.date}


def _replace_checked(folder: Path, name: str, new: str,
                     check: Callable[[Path], None] | None) -> None:
    """Load (and ``check``) the curation folder as it would be with ``new`` as file ``name``,
    then replace that file atomically; the editors' file is untouched on any error."""
    with tempfile.TemporaryDirectory() as tmp:
        trial = Path(tmp) / folder.name
        trial.mkdir()
        for other in (DECISIONS_FILE, REGISTERS_FILE):
            if other != name and (folder / other).is_file():
                (trial / other).write_bytes((folder / other).read_bytes())
        (trial / name).write_text(new, encoding="utf-8")
        load_curation(trial)
        if check is not None:
            check(trial)
    _write_atomic(folder / name, new)


def record(folder: Path, item: Decision | Merge | Distinct | RegisterEntry,
           check: Callable[[Path], None] | None = None) -> int:
    """Append an editor's decision, merge or register entry to the curation files.

    The new table is appended as text (comments and hand edits stay as they are), the result is
    checked by loading it (and by ``check``, called with a trial copy of the folder: the editor's
    desk rebuilds the TEI there and refuses a decision that makes it invalid), and the file is
    replaced atomically under :func:`curation_lock`. Returns the new table's line.
    """
    folder = Path(folder)
    if isinstance(item, RegisterEntry):
        check_entry(item, f"{folder.name}/{REGISTERS_FILE}")
    name, header, table, values = _values(item)
    with curation_lock(folder):
        path = folder / name
        old = path.read_text(encoding="utf-8") if path.is_file() else header
        if old and not old.endswith("\n"):
            old += "\n"
        new = old + "\n" + _table(table, values)
        line = len(old.splitlines()) + 2
        _replace_checked(folder, name, new, check)
        if not (folder / DECISIONS_FILE).exists():
            # a curation folder always has its decisions file, so a deleted one is noticed
            _write_atomic(folder / DECISIONS_FILE, DECISIONS_HEADER)
    return line


def remove(folder: Path, file: str, line: int, expect: str = "") -> None:
    """Delete the table starting at ``line`` of ``file`` (undo of :func:`record`).

    ``expect`` (the table text as recorded) guards against a file edited meanwhile: when the
    table at that line is not it, nothing changes and an :class:`EditionError` says so.
    """
    folder = Path(folder)
    if file not in (DECISIONS_FILE, REGISTERS_FILE):
        raise EditionError(file, "not a curation file", "usage")
    display = f"{folder.name}/{file}"
    with curation_lock(folder):
        path = folder / file
        lines = path.read_text(encoding="utf-8").splitlines(keepends=True) if path.is_file() else []
        if not (1 <= line <= len(lines)) or not re.match(r"^\s*\[\[", lines[line - 1]):
            raise EditionError(display, f"line {line}: no table starts there (was the file edited?)",
                               "curation-changed")
        end = line
        while end < len(lines) and not re.match(r"^\s*\[\[", lines[end]):
            end += 1
        while end > line and not lines[end - 1].strip():
            end -= 1  # keep the blank line before the next table
        table = "".join(lines[line - 1:end])
        if expect and table.strip() != expect.strip():
            raise EditionError(display, f"line {line}: the table there is not the one recorded "
                               "(was the file edited?)", "curation-changed")
        start = line - 1
        if start > 0 and not lines[start - 1].strip():
            start -= 1  # the blank line record() put before it
        _replace_checked(folder, file, "".join(lines[:start] + lines[end:]), None)


def find_table(folder: Path, file: str, table: str) -> int:
    """Line of the last table of ``file`` whose text is ``table`` (0 when none is)."""
    path = Path(folder) / file
    if not path.is_file():
        return 0
    lines = path.read_text(encoding="utf-8").splitlines()
    want = table.strip().splitlines()
    found = 0
    for i in range(len(lines)):
        if lines[i:i + len(want)] == want and (i + len(want) == len(lines) or not lines[i + len(want)].strip()
                                                 or lines[i + len(want)].lstrip().startswith("[[")):
            found = i + 1
    return found


def replace_entry(folder: Path, entry: RegisterEntry) -> int:
    """Write ``entry`` to ``registers.toml``, replacing the curated entry of that id if there is
    one (its table is removed, the new one appended). Returns the new table's line."""
    folder = Path(folder)
    check_entry(entry, f"{folder.name}/{REGISTERS_FILE}")
    with curation_lock(folder):
        line = load_curation(folder).entry_lines.get(entry.id, 0) if (folder / REGISTERS_FILE).is_file() else 0
        if line:
            remove(folder, REGISTERS_FILE, line)
        return record(folder, entry)


def table_text(item: Decision | Merge | Distinct | RegisterEntry) -> str:
    """The TOML table :func:`record` writes for ``item``."""
    _, _, table, values = _values(item)
    return _table(table, values)


def orphans(curation: Curation, units: list[tuple[str, str]]) -> list[tuple[Decision, tuple[str, str] | None]]:
    """Decisions whose text no longer occurs (over ``units`` of ``(doc, text)``), each with a
    suggested re-anchoring (:func:`suggest_anchor`) or None."""
    out = []
    for d in curation.decisions:
        if not any(find_mentions(text, d.text, d.context, d.occurrence)
                   for doc, text in units if not d.doc or doc == d.doc):
            out.append((d, suggest_anchor(units, d)))
    return out


def conflicts(curation: Curation, units: list[tuple[str, str]]) -> list[tuple[Decision, Decision]]:
    """Pairs ``(earlier, later)`` of decisions acting differently on one mention."""
    seen: dict[tuple[str, int, int, int], Decision] = {}
    out = []
    for d in curation.decisions:
        if not _effect(d):
            continue
        for i, (doc, text) in enumerate(units):
            if d.doc and doc != d.doc:
                continue
            for start, end in find_mentions(text, d.text, d.context, d.occurrence):
                earlier = seen.get((doc, i, start, end))
                if earlier is not None and _effect(earlier) != _effect(d) and (earlier, d) not in out:
                    out.append((earlier, d))
                seen[(doc, i, start, end)] = d
    return out


# ---------------------------------------------------------------------------- review

# Why a mention deserves an editor's look: each reason is a doubt about the annotation, in [0, 1]
# (combined as independent doubts). The queue is ordered by priority = doubt x mentions the same
# decision settles (a decision keyed without context acts on every occurrence of the form).
REVIEW_REASONS = {
    "unresolved": (1.0, "@ref does not resolve to a register entry"),
    "type-disagreement": (0.8, "the gazetteer knows this form as another kind of entity"),
    "missed": (0.6, "a form of a register entry, not tagged here (the recogniser may have missed it)"),
    "ambiguous": (0.6, "the same surface form is linked to several entries"),
    "near-duplicate": (0.5, "its entry looks like another entry of the same kind (merge?)"),
    "model-only": (0.4, "found by the statistical model or a rule, unknown to the gazetteer"),
    "single": (0.2, "the only mention of its entry in the corpus"),
    "short": (0.2, "a short one-word name (easily a common word or an unrelated namesake)"),
}
REVIEW_THRESHOLD = 0.5  # lowest doubt listed


@dataclass(frozen=True)
class ReviewItem:
    """One doubtful mention for the review queue (``mention``: a registers_tei.Mention).

    ``score``: priority points (100 x doubt x ``mentions``), the queue's order.
    """

    score: int
    reasons: tuple[str, ...]
    mention: Any
    canonical: str
    context: str
    doubt: float = 0.0
    mentions: int = 1
    missed: bool = False


def _doubt(reasons: list[str]) -> float:
    keep = 1.0
    for r in reasons:
        keep *= 1.0 - REVIEW_REASONS[r][0]
    return round(1.0 - keep, 6)


def _stem_key(name: str) -> str:
    """A crude form-insensitive key of a name: the first five letters of its longest word
    ("Иосидзав", "Кэнкити Иосидзава" -> "иосид"); "" for names without a word that long."""
    words = [w for w in re.findall(r"\w+", normalize(name)[0]) if len(w) >= 5]
    return max(words, key=len)[:5] if words else ""


def merge_suggestions(registers: Registers, refused: list[Distinct] = ()) -> list[tuple[str, str]]:
    """Pairs ``(from, into)`` of entries of one kind whose names share a stem: probably one entity.

    ``into`` is the curated entry, else the one with the longer canonical name (fuller); pairs
    the editors refused (``[[distinct]]``) are left out.
    """
    apart = {frozenset((d.a, d.b)) for d in refused}
    groups: dict[tuple[str, str], list[RegisterEntry]] = {}
    for e in registers.entries.values():
        key = _stem_key(e.canonical)
        if key:
            groups.setdefault((e.type, key), []).append(e)
    out = []
    for members in groups.values():
        if len(members) < 2:
            continue
        members.sort(key=lambda e: (not e.curated, -len(e.canonical), e.id))
        out += [(e.id, members[0].id) for e in members[1:] if frozenset((e.id, members[0].id)) not in apart]
    return sorted(out)


def _missed(units: list, mentions: list, registers: Registers) -> list:
    """Untagged occurrences of forms the corpus tagged elsewhere (names the recogniser missed)."""
    from ..tei.registers import Mention

    forms: dict[str, tuple[str, str]] = {}
    for m in mentions:
        entry = registers.entries.get(m.entry)
        if entry is not None and len(m.surface) >= 4 and any(c.isupper() for c in m.surface[:1]):
            forms.setdefault(m.surface, (m.entry, entry.type))
    out = []
    for doc, text, elements in units:
        tagged = [(a, b) for a, b, name in elements if KIND_OF_ELEMENT.get(name) in _ENTITY_KINDS]
        for form, (entry, type_) in forms.items():
            if form not in text:
                continue
            for start, end in find_mentions(text, form):
                if text[start:end] != form or any(a < end and start < b for a, b in tagged):
                    continue
                if placement_problem(elements, start, end, type_):
                    continue
                out.append(Mention(doc, type_, form, "", entry, False, "", text, start, end, 0))
    return out


def _reasons(m: Any, entry: RegisterEntry | None, known: RegisterEntry | None, gaz_ids: Any,
             ambiguous: bool, near_duplicate: bool, single: bool) -> list[str]:
    """Why a mention is doubtful (keys of :data:`REVIEW_REASONS`, in their order there)."""
    reasons = ["unresolved"] if entry is None else []
    if known is not None and known.type != m.type:
        reasons.append("type-disagreement")
    if ambiguous:
        reasons.append("ambiguous")
    if near_duplicate:
        reasons.append("near-duplicate")
    if entry is not None and not entry.curated and m.entry not in gaz_ids and known is None:
        reasons.append("model-only")
    if single:
        reasons.append("single")
    words = re.findall(r"\w+", m.surface)
    if len(words) == 1 and len(words[0]) <= 5 and not words[0].isupper():
        reasons.append("short")
    return reasons


def _doubtful(mentions: list, registers: Registers, threshold: float,
              shown: set[tuple[str, str, str]]) -> list[ReviewItem]:
    """The automatic (or unresolved) mentions at least ``threshold`` doubtful, one item per form
    of an entry in a document (its decision may act on all); ``shown`` collects their keys."""
    from .linking import gazetteer

    gaz = gazetteer()
    keys = [normalize(m.surface)[0] for m in mentions]  # once per mention: the costly step
    links: dict[str, set[str]] = {}
    counts: dict[str, int] = {}
    same: dict[tuple[str, str, str], int] = {}
    for m, key in zip(mentions, keys):
        links.setdefault(key, set()).add(m.entry)
        counts[m.entry] = counts.get(m.entry, 0) + 1
        if m.automatic:
            same[(m.doc, m.surface, m.entry)] = same.get((m.doc, m.surface, m.entry), 0) + 1
    stem_of = {i: _stem_key(e.canonical) for i, e in registers.entries.items()}
    stems: dict[tuple[str, str], set[str]] = {}
    for i, e in registers.entries.items():
        stems.setdefault((e.type, stem_of[i]), set()).add(e.id)
    items = []
    for m, key in zip(mentions, keys):
        entry = registers.entries.get(m.entry)
        if not m.automatic and entry is not None:
            continue
        near = entry is not None and bool(stem_of[m.entry]) and len(stems[(entry.type, stem_of[m.entry])]) > 1
        reasons = _reasons(m, entry, gaz.lookup(m.surface), gaz.entries, len(links[key]) > 1, near,
                           counts[m.entry] == 1)
        doubt = _doubt(reasons)
        if doubt >= threshold and (m.doc, m.surface, m.entry) not in shown:
            shown.add((m.doc, m.surface, m.entry))
            n = same.get((m.doc, m.surface, m.entry), 1)
            items.append(ReviewItem(round(100 * doubt * n), tuple(reasons), m, entry.canonical if entry else "",
                                    mention_context(m.unit_text, m.start, m.end), round(doubt, 3), n))
    return items


def review_items(mentions: list, registers: Registers, threshold: float = REVIEW_THRESHOLD,
                 units: list | None = None) -> list[ReviewItem]:
    """Mentions whose annotation is least certain, the ones a decision fixes most first.

    Only automatic mentions (``@resp="#tei-edition"``) are scored, except unresolved ones: an
    editor's decision settles a mention. ``units`` (``(doc, text, elements)`` of the built
    texts) adds names the recogniser missed. Doubt comes from the TEI, the registers and the
    gazetteer (rule disagreement, register ambiguity), so the queue needs no model run.
    """
    shown: set[tuple[str, str, str]] = set()
    items = _doubtful(mentions, registers, threshold, shown)
    missed = _missed(units or [], mentions, registers)
    per_form: dict[tuple[str, str], int] = {}
    for m in missed:
        per_form[(m.doc, m.surface)] = per_form.get((m.doc, m.surface), 0) + 1
    for m in missed:
        doubt, n = _doubt(["missed"]), per_form[(m.doc, m.surface)]
        if doubt >= threshold and (m.doc, m.surface, "") not in shown:
            shown.add((m.doc, m.surface, ""))
            entry = registers.entries.get(m.entry)
            items.append(ReviewItem(round(100 * doubt * n), ("missed",), m, entry.canonical if entry else "",
                                    mention_context(m.unit_text, m.start, m.end), round(doubt, 3), n, True))
    items.sort(key=lambda i: (-i.score, i.mention.doc, i.mention.line, i.mention.start, i.mention.surface))
    return items
