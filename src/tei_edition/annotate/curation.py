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

import difflib
import json
import re
import tempfile
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..diagnostics import EditionError, Report
from ..fileio import write_atomic
from ..model import Document, Span
from .linking import PREFIX, TAG_OF_TYPE, TYPE_OF_TAG, Registers, RegisterEntry

__all__ = ["Curation", "Decision", "Merge", "load_curation", "seed_registers", "apply_curation",
           "record", "mention_context", "find_mentions", "normalize", "ACTIONS",
           "DECISIONS_FILE", "REGISTERS_FILE", "DECISIONS_HEADER", "REGISTERS_HEADER",
           "review_items", "ReviewItem", "REVIEW_REASONS"]

ACTIONS = ("accept", "reject", "retype", "relink", "add")
TYPES = tuple(TAG_OF_TYPE)
DECISIONS_FILE = "decisions.toml"
REGISTERS_FILE = "registers.toml"
REF_FILE = "registers.xml"  # mentions point to f"{REF_FILE}#{id}" (see annotate.REGISTER_FILE)
RESP = "#tei-edition"       # automatic annotations carry it; curated ones lose it
_ENTITY_TAGS = frozenset(TYPE_OF_TAG)
_NCNAME = re.compile(r"^[A-Za-z_][\w.-]*$")

_DECISION_KEYS = {"action", "doc", "text", "context", "occurrence", "type", "ref", "note", "by", "date"}
_MERGE_KEYS = {"from", "into", "note", "by", "date"}
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
#   type       = "person" | "place" | "org"  (retype, add)
#   ref        = register id, e.g. "per-karakhan"  (relink; optional for retype and add)
#   note, by, date = free text for the editors: why, who, when
# accept marks an automatic mention as checked; reject removes it; retype changes its kind
# (and relinks it to `ref` or to the entry derived from the name); relink points it to another
# register entry; add tags a name the recogniser missed.
#
# [[merge]]: two register entries are one entity. Keys: from = id, into = id (note, by, date).
#   Every mention of `from` then points to `into`, and `from` leaves the registers.
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


@dataclass
class Curation:
    """Everything the editors decided, as loaded from the curation folder."""

    decisions: list[Decision] = field(default_factory=list)
    merges: list[Merge] = field(default_factory=list)
    entries: list[RegisterEntry] = field(default_factory=list)
    entry_lines: dict[str, int] = field(default_factory=dict)
    decisions_file: str = f"curation/{DECISIONS_FILE}"  # as shown in diagnostics
    registers_file: str = f"curation/{REGISTERS_FILE}"


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
    norm, pos = normalize(text)
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
    if type_ and type_ not in TYPES:
        raise EditionError(display, f"{where}: unknown type '{type_}'; expected person, place or org", "curation-invalid")
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
                    t.get("by", ""), t.get("date", ""), line)


def _merge(t: dict[str, Any], line: int, display: str) -> Merge:
    where = f"line {line}: [[merge]]"
    _check(t, _MERGE_KEYS, ("from", "into"), where, display)
    if t["from"] == t["into"]:
        raise EditionError(display, f"{where}: 'from' and 'into' are the same entry", "curation-invalid")
    return Merge(t["from"], t["into"], t.get("note", ""), t.get("by", ""), t.get("date", ""), line)


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
    if path.is_file():
        data, text = _read_toml(path, cur.decisions_file)
        _tables(data, {"decision", "merge"}, cur.decisions_file)
        for name, build, target in (("decision", _decision, cur.decisions), ("merge", _merge, cur.merges)):
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


def _ref_id(span: Span) -> str:
    return span.attrs.get("ref", "").partition("#")[2]


def _entity_at(spans: list[Span], start: int, end: int) -> Span | None:
    ents = [s for s in spans if s.tag in _ENTITY_TAGS]
    exact = [s for s in ents if s.start == start and s.end == end]
    if exact:
        return exact[0]
    around = [s for s in ents if s.start < end and start < s.end]
    return around[0] if len(around) == 1 else None


def _crosses(a: Span, s: int, e: int) -> bool:
    return a.start < e and s < a.end and not (a.start <= s and e <= a.end) and not (s <= a.start and a.end <= e)


def _link(registers: Registers, surface: str, type_: str, ref: str) -> str:
    """The register id for a curated mention: ``ref`` if given, else the key of the name."""
    if ref:
        return ref
    from .linking import link_key

    key, canon, wd = link_key(surface, type_)
    if key not in registers.entries:
        registers.add(key, type_, canon, surface, wd)
    return key


def _curated_mark(span: Span) -> None:
    if span.attrs.get("resp") == RESP:
        del span.attrs["resp"]  # an editor vouches for it now (ENCODING.md: @resp marks automatic ones)


def _apply(d: Decision, t: _Target, start: int, end: int, registers: Registers, cur: Curation,
           report: Report) -> bool:
    """Apply ``d`` at one located occurrence; False when there is nothing to act on."""
    surface = t.text[start:end]
    ent = _entity_at(t.spans, start, end)
    if d.action == "add":
        if ent is not None and ent.start == start and ent.end == end and not d.ref and not d.type:
            _curated_mark(ent)
            return True
        for other in t.spans:
            if other.tag not in _ENTITY_TAGS and _crosses(other, start, end):
                report.warn(cur.decisions_file, d.line, "curation-conflict",
                            f"cannot {d.describe()}: it would cross a <{other.tag}> (TEI elements must nest)")
                return True
        type_ = d.type or (registers.entries[d.ref].type if d.ref in registers.entries else "")
        if not type_:
            report.warn(cur.decisions_file, d.line, "curation-unknown-entry",
                        f"cannot {d.describe()}: no register entry '{d.ref}' and no type given")
            return True
        if d.ref and d.ref not in registers.entries:
            report.warn(cur.decisions_file, d.line, "curation-unknown-entry",
                        f"{d.describe()}: no register entry '{d.ref}'; add it to {cur.registers_file}")
            return True
        t.spans[:] = [s for s in t.spans if not (s.tag in _ENTITY_TAGS and s.start < end and start < s.end)]
        ident = _link(registers, surface, type_, d.ref)
        t.spans.append(Span(start, end, TAG_OF_TYPE[type_], {"ref": f"{REF_FILE}#{ident}"}))
        return True
    if ent is None:
        return False
    if d.action == "reject":
        t.spans.remove(ent)
    elif d.action == "accept":
        _curated_mark(ent)
    elif d.action == "retype":
        if d.ref and d.ref not in registers.entries:
            report.warn(cur.decisions_file, d.line, "curation-unknown-entry",
                        f"{d.describe()}: no register entry '{d.ref}'; add it to {cur.registers_file}")
            return True
        ent.tag = TAG_OF_TYPE[d.type]
        ent.attrs["ref"] = f"{REF_FILE}#{_link(registers, t.text[ent.start:ent.end], d.type, d.ref)}"
        _curated_mark(ent)
    elif d.action == "relink":
        target = registers.entries.get(d.ref)
        if target is None:
            report.warn(cur.decisions_file, d.line, "curation-unknown-entry",
                        f"{d.describe()}: no register entry '{d.ref}'; add it to {cur.registers_file}")
            return True
        ent.tag = TAG_OF_TYPE[target.type]  # the entry's kind decides the element (ref-kind rule)
        ent.attrs["ref"] = f"{REF_FILE}#{d.ref}"
        _curated_mark(ent)
    return True


def _recount(docs: dict[str, Document], registers: Registers) -> None:
    """Counts and variants from the mentions as they now stand; drop emptied automatic entries."""
    for e in registers.entries.values():
        e.count, e.variants = 0, {}
    for doc in docs.values():
        for t in _targets(docs={doc.id: doc}, doc_id=""):
            for s in t.spans:
                e = registers.entries.get(_ref_id(s)) if s.tag in _ENTITY_TAGS else None
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
    moves: list[tuple[Merge, str]] = []  # effective merges, with the element of their target
    warnings: list[tuple[int, str, str]] = []  # (line, code, message) in merge order
    for m in curation.merges:
        source, into = registers.entries.get(m.source), registers.entries.get(m.into)
        if into is None:
            warnings.append((m.line, "curation-unknown-entry",
                             f"merge {m.source} into {m.into}: no register entry '{m.into}'"))
            continue
        moves.append((m, TAG_OF_TYPE[into.type]))
        warnings.append((m.line, "", ""))  # placeholder: unmatched or not, known after counting
        if source is not None and not source.curated:
            del registers.entries[m.source]
    if not moves:
        for line, code, message in warnings:
            report.warn(curation.decisions_file, line, code, message)
        return
    final: dict[str, tuple[str, str]] = {}  # mention's entry -> (entry, element) after every merge
    for m, tag in reversed(moves):
        final[m.source] = final.get(m.into, (m.into, tag))
    counts: dict[str, int] = {}
    for doc in docs.values():
        for t in _targets({doc.id: doc}, ""):
            for s in t.spans:
                if s.tag not in _ENTITY_TAGS:
                    continue
                ident = _ref_id(s)
                counts[ident] = counts.get(ident, 0) + 1
                if ident in final:
                    into, tag = final[ident]
                    s.tag = tag
                    s.attrs["ref"] = f"{REF_FILE}#{into}"
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
    for d in curation.decisions:
        if d.doc and d.doc not in docs:
            report.warn(curation.decisions_file, d.line, "curation-unmatched",
                        f"{d.describe()}: no document '{d.doc}' in this run")
            continue
        located = acted = 0
        for t in _targets(docs, d.doc):
            for start, end in find_mentions(t.text, d.text, d.context, d.occurrence):
                located += 1
                acted += _apply(d, t, start, end, registers, curation, report)
        if not located:
            report.warn(curation.decisions_file, d.line, "curation-unmatched",
                        f"{d.describe()}: the text no longer matches anything; update or delete the decision")
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


def record(folder: Path, item: Decision | Merge | RegisterEntry) -> int:
    """Append an editor's decision, merge or register entry to the curation files.

    The new table is appended as text (comments and hand edits stay as they are), the result is
    checked by loading it, and the file is replaced atomically. Returns the new table's line.
    """
    folder = Path(folder)
    if isinstance(item, RegisterEntry):
        path, header, name = folder / REGISTERS_FILE, REGISTERS_HEADER, item.type
        values: dict[str, Any] = {"id": item.id, "name": item.canonical}
        if item.type == "person":
            split = (item.canonical.split(", ", 1) + [""])[:2]
            if (item.surname, item.forename) != tuple(split):
                values.update(surname=item.surname, forename=item.forename)
        values.update(wikidata=item.wikidata, birth=item.birth, death=item.death)
        if item.geo is not None:
            values.update(lat=item.geo[0], lon=item.geo[1])
        values["note"] = item.note
    elif isinstance(item, Merge):
        path, header, name = folder / DECISIONS_FILE, DECISIONS_HEADER, "merge"
        values = {"from": item.source, "into": item.into, "note": item.note, "by": item.by, "date": item.date}
    else:
        path, header, name = folder / DECISIONS_FILE, DECISIONS_HEADER, "decision"
        values = {"action": item.action, "doc": item.doc, "text": item.text, "context": item.context,
                  "occurrence": item.occurrence if item.occurrence != 1 else None, "type": item.type,
                  "ref": item.ref, "note": item.note, "by": item.by, "date": item.date}
    old = path.read_text(encoding="utf-8") if path.is_file() else header
    if old and not old.endswith("\n"):
        old += "\n"
    new = old + "\n" + _table(name, values)
    line = len(old.splitlines()) + 2
    with tempfile.TemporaryDirectory() as tmp:  # validate before replacing the editors' file
        check = Path(tmp) / folder.name
        check.mkdir()
        (check / path.name).write_text(new, encoding="utf-8")
        load_curation(check)
    _write_atomic(path, new)
    return line


# ---------------------------------------------------------------------------- review

# Why an automatic mention deserves an editor's look, and how much each reason weighs.
REVIEW_REASONS = {
    "unresolved": (3, "@ref does not resolve to a register entry"),
    "ambiguous": (2, "the same surface form is linked to several entries"),
    "model-only": (2, "found by the statistical model or a rule, unknown to the gazetteer"),
    "single": (1, "the only mention of its entry in the corpus"),
    "short": (1, "a short one-word name (easily a common word or an unrelated namesake)"),
}
REVIEW_THRESHOLD = 2


@dataclass(frozen=True)
class ReviewItem:
    """One low-confidence mention for the review report (``mention``: a registers_tei.Mention)."""

    score: int
    reasons: tuple[str, ...]
    mention: Any
    canonical: str
    context: str


def review_items(mentions: list, registers: Registers, threshold: int = REVIEW_THRESHOLD) -> list[ReviewItem]:
    """Mentions whose annotation is least certain, most doubtful first.

    Only automatic mentions (``@resp="#tei-edition"``) are scored, except unresolved ones:
    an editor's decision settles a mention. Confidence comes from the TEI and the gazetteer, so
    the report needs no model run.
    """
    from .linking import gazetteer

    gaz = gazetteer()
    links: dict[str, set[str]] = {}
    counts: dict[str, int] = {}
    for m in mentions:
        links.setdefault(normalize(m.surface)[0], set()).add(m.entry)
        counts[m.entry] = counts.get(m.entry, 0) + 1
    items = []
    for m in mentions:
        entry = registers.entries.get(m.entry)
        reasons = []
        if entry is None:
            reasons.append("unresolved")
        if not m.automatic and entry is not None:
            continue
        if len(links[normalize(m.surface)[0]]) > 1:
            reasons.append("ambiguous")
        if entry is not None and not entry.curated and m.entry not in gaz.entries and gaz.lookup(m.surface) is None:
            reasons.append("model-only")
        if counts[m.entry] == 1:
            reasons.append("single")
        words = re.findall(r"\w+", m.surface)
        if len(words) == 1 and len(words[0]) <= 5 and not words[0].isupper():
            reasons.append("short")
        score = sum(REVIEW_REASONS[r][0] for r in reasons)
        if score >= threshold:
            items.append(ReviewItem(score, tuple(reasons), m, entry.canonical if entry else "",
                                    mention_context(m.unit_text, m.start, m.end)))
    items.sort(key=lambda i: (-i.score, i.mention.doc, i.mention.line, i.mention.start))
    return items
