"""The desk without HTTP: what the views show and what the editor's actions do.

Reads the built edition (``tei/``) and writes only through the curation layer
(:func:`~tei_edition.annotate.curation.record`, :func:`~tei_edition.annotate.curation.remove`,
:func:`~tei_edition.annotate.curation.replace_entry`: the files and format of ``tei-edition
curate``, atomic, under the curation folder's lock). Mentions are addressed as ``(doc, unit,
start, end)`` over the built texts (see :mod:`.textview`) and turned into curation keys (surface
form + quote of the context) here. Every invalid request raises :class:`DeskError` with a
message and an HTTP status; nothing is written then.
"""

from __future__ import annotations

import datetime as _dt
import hashlib
import re
import secrets
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from lxml import etree

from ..annotate.curation import (ACTIONS, DATE_TYPE, DECISIONS_FILE, REGISTERS_FILE, TYPES, Decision, Distinct,
                                 Merge, conflicts, find_mentions, find_table, load_curation, merge_suggestions,
                                 mention_context, normalize, record, remove, replace_entry, review_items,
                                 table_text)
from ..tei.curation import Built, check_new_decision, load_built, new_conflicts
from ..annotate.linking import PREFIX, RegisterEntry
from ..config import EditionConfig, load_config
from ..diagnostics import EditionError
from . import textview
from .rebuild import Rebuilder

__all__ = ["Desk", "DeskError"]

_ID = re.compile(r"^[A-Za-z_][\w.-]{0,99}$")
_DOC = re.compile(r"^[A-Za-z0-9_][\w.-]{0,99}$")
_ISO = re.compile(r"^-?\d{4}(?:-\d{2}(?:-\d{2})?)?$")
_WIKIDATA = re.compile(r"^Q\d{1,12}$")
MAX_SURFACE = 200
QUEUE_THRESHOLD = 0.2  # the queue lists every doubt (ordered), the printed report only strong ones


class DeskError(Exception):
    """A request the desk refuses: ``status`` is the HTTP status, ``message`` says why."""

    def __init__(self, status: int, message: str):
        super().__init__(message)
        self.status = status
        self.message = message


def _str(payload: dict, key: str, default: str = "", limit: int = 500) -> str:
    value = payload.get(key, default)
    if value is None:
        return default
    if not isinstance(value, str):
        raise DeskError(400, f"'{key}' must be a string")
    if len(value) > limit:
        raise DeskError(400, f"'{key}' is too long (at most {limit} characters)")
    return value.strip()


def _int(payload: dict, key: str) -> int:
    value = payload.get(key)
    if isinstance(value, bool) or not isinstance(value, int):
        raise DeskError(400, f"'{key}' must be an integer")
    return value


def _ident(value: str, what: str = "register id") -> str:
    if not _ID.match(value):
        raise DeskError(400, f"not a valid {what}: {value[:60]!r}")
    return value


@dataclass
class _Undo:
    """One undoable action: the tables it appended (file, text), newest last; ``previous``: tables
    it replaced (restored on undo)."""

    id: str
    label: str
    tables: list[tuple[str, str]]
    previous: list[tuple[str, str]]


class Desk:
    """The editor's desk over one edition (``edition.toml``)."""

    def __init__(self, config: EditionConfig | Path, *, pdf: str = "background"):
        self.config = config if isinstance(config, EditionConfig) else load_config(Path(config))
        self.curation_dir = self.config.root / "curation"
        self.tei_dir = self.config.tei_dir
        self._lock = threading.RLock()
        self.built: Built | None = None
        self.roots: dict[str, etree._Element] = {}
        self.history: list[_Undo] = []
        self.rebuilder = Rebuilder(self.config, self._on_built, pdf=pdf)
        if (self.tei_dir / "registers.xml").is_file():
            self._load()
        else:
            self.rebuilder.request()

    # ------------------------------------------------------------------ state

    def _on_built(self, _result: object) -> None:
        self._load()

    def _load(self) -> None:
        built = load_built(self.tei_dir)
        with self._lock:
            self.built, self.roots = built, built.roots
            self._units: dict[str, list[tuple[str, list]]] = {}
            for doc, text, els in built.units:
                self._units.setdefault(doc, []).append((text, els))

    def _need_built(self) -> Built:
        if self.built is None:
            raise DeskError(503, "the edition is being built; try again in a moment")
        return self.built

    def _unit(self, doc: str, unit: int) -> str:
        self._need_built()
        if not _DOC.match(doc) or doc not in self._units:
            raise DeskError(404, f"unknown document: {doc[:60]!r}")
        units = self._units[doc]
        if not 0 <= unit < len(units):
            raise DeskError(404, f"{doc} has no text unit {unit}")
        return units[unit][0]

    def status(self) -> dict:
        return self.rebuilder.status.as_dict()

    # ------------------------------------------------------------------ views

    def documents(self) -> list[dict]:
        return [{"id": doc, "chapters": [{"index": c.index, "title": c.title} for c in textview.chapters(root)]}
                for doc, root in self.roots.items()]

    def chapter(self, doc: str, chapter: int) -> dict:
        self._need_built()
        if not _DOC.match(doc) or doc not in self.roots:
            raise DeskError(404, f"unknown document: {doc[:60]!r}")
        chs = textview.chapters(self.roots[doc])
        if not 0 <= chapter < len(chs):
            raise DeskError(404, f"{doc} has no chapter {chapter}")
        return {"doc": doc, "chapter": chapter, "title": chs[chapter].title, "chapters": chs,
                "html": textview.render_chapter(self.roots[doc], chapter),
                "page": f"{doc}/chapter-{chapter + 1}.html"}

    def _unit_index(self) -> dict[tuple[str, str], int]:
        index: dict[tuple[str, str], int] = {}
        for doc, units in self._units.items():
            for i, (text, _) in enumerate(units):
                index.setdefault((doc, text), i)
        return index

    def queue(self, limit: int = 200) -> list[dict]:
        """The review queue: doubtful mentions, the ones a decision fixes most first."""
        built = self._need_built()
        index = self._unit_index()
        chapter_of = {doc: textview.unit_chapter(root) for doc, root in self.roots.items()}
        out = []
        for item in review_items(built.mentions, built.registers, QUEUE_THRESHOLD, built.units)[:limit]:
            m = item.mention
            unit = index.get((m.doc, m.unit_text))
            if unit is None:
                continue
            out.append({
                "id": hashlib.sha1(f"{m.doc}|{unit}|{m.start}|{m.end}|{m.entry}".encode()).hexdigest()[:16],
                "doc": m.doc, "unit": unit, "start": m.start, "end": m.end, "surface": m.surface,
                "type": m.type, "entry": m.entry, "canonical": item.canonical, "missed": item.missed,
                "reasons": list(item.reasons), "doubt": item.doubt, "mentions": item.mentions,
                "score": item.score, "chapter": chapter_of.get(m.doc, [0] * (unit + 1))[unit],
                "before": m.unit_text[max(0, m.start - 80):m.start], "after": m.unit_text[m.end:m.end + 80]})
        return out

    def entries(self, query: str = "", type_: str = "", limit: int = 20) -> list[dict]:
        """Register entries matching ``query`` (name, form or id), most mentioned first."""
        built = self._need_built()
        if type_ and type_ not in TYPES:
            raise DeskError(400, f"unknown type {type_[:20]!r}")
        want = normalize(query)[0]
        counts = self._counts()
        curated = {e.id: e for e in self._curation().entries}
        found = []
        for e in list(built.registers.entries.values()) + [e for i, e in curated.items()
                                                            if i not in built.registers.entries]:
            if type_ and e.type != type_:
                continue
            names = [e.canonical, e.id, *e.variants]
            if want and not any(want in normalize(n)[0] for n in names):
                continue
            found.append(e)
        found.sort(key=lambda e: (-counts.get(e.id, 0), e.canonical))
        return [self._entry_json(e, counts) for e in found[:limit]]

    def _curation(self):
        """The curation files for display; a file broken by a hand edit shows as no decisions
        (the actions that write refuse with the file's error until it is fixed)."""
        from ..annotate.curation import Curation

        try:
            return load_curation(self.curation_dir)
        except EditionError:
            return Curation()

    def _counts(self) -> dict[str, int]:
        counts: dict[str, int] = {}
        for m in self._need_built().mentions:
            counts[m.entry] = counts.get(m.entry, 0) + 1
        return counts

    def _entry_json(self, e: RegisterEntry, counts: dict[str, int]) -> dict:
        forms: dict[str, int] = {}
        for m in self._need_built().mentions:
            if m.entry == e.id:
                forms[m.surface] = forms.get(m.surface, 0) + 1
        return {"id": e.id, "type": e.type, "name": e.canonical, "count": counts.get(e.id, 0),
                "forms": sorted(forms.items(), key=lambda f: (-f[1], f[0])), "wikidata": e.wikidata,
                "note": e.note, "birth": e.birth, "death": e.death, "curated": e.curated,
                "lat": e.geo[0] if e.geo else None, "lon": e.geo[1] if e.geo else None}

    def registers(self, type_: str = "") -> dict:
        built = self._need_built()
        counts = self._counts()
        cur = self._curation()
        entries = [self._entry_json(e, counts) for e in sorted(built.registers.entries.values(),
                                                               key=lambda e: (e.type, e.canonical))
                   if not type_ or e.type == type_]
        names = {i: e.canonical for i, e in built.registers.entries.items()}
        suggestions = [{"from": a, "into": b, "from_name": names.get(a, a), "into_name": names.get(b, b)}
                       for a, b in merge_suggestions(built.registers, cur.distinct)]
        return {"entries": entries, "suggestions": suggestions}

    def validation(self) -> dict:
        """The validation report of ``tei/`` with each problem's place in the text view."""
        from ..validate.engine import validate_paths

        paths = sorted(self.tei_dir.glob("*.xml"))
        problems = []
        for d in validate_paths(paths) if paths else []:
            problems.append({"file": Path(d.source).name, "line": d.line, "severity": d.severity,
                             "message": d.message, "code": d.code, "link": self._place(Path(d.source).stem, d.line)})
        notes = []
        if self.built is not None and self.curation_dir.is_dir():
            from ..tei.curation import list_orphans

            try:
                cur = load_curation(self.curation_dir)
            except EditionError as err:
                return {"problems": problems, "curation": [str(err)]}
            for d, hint in list_orphans(self.built, self.curation_dir):
                where = f"; it may now be «{hint[1]}» in {hint[0]}" if hint else ""
                notes.append(f"{cur.decisions_file}:{d.line}: orphaned: {d.describe()}{where}")
            for a, b in conflicts(cur, self.built.texts):
                notes.append(f"{cur.decisions_file}:{b.line}: {b.describe()} conflicts with line {a.line} ({a.action})")
        seen = set(notes)
        notes += [w for w in self.rebuilder.status.warnings if w not in seen and "curation-unmatched" not in w]
        return {"problems": problems, "curation": notes}

    def _place(self, doc: str, line: int) -> str:
        """The text-view address of the unit holding TEI line ``line`` of ``doc`` ("" if none)."""
        root = self.roots.get(doc)
        if root is None or not line:
            return ""
        units = textview._units(root)
        owner = textview.unit_chapter(root)
        best = None
        for i, el in enumerate(units):
            if (el.sourceline or 0) <= line:
                best = i
        if best is None:
            return ""
        return f"/text/{doc}?chapter={owner[best]}#u-{best}"

    # ------------------------------------------------------------------ actions

    def _key(self, doc: str, unit: int, start: int, end: int) -> tuple[str, str, int, int, int]:
        """Surface, context and occurrence of ``text[start:end]`` of a unit (a curation key)."""
        text = self._unit(doc, unit)
        if not 0 <= start < end <= len(text):
            raise DeskError(400, f"offsets {start}-{end} lie outside the text unit")
        while start < end and not text[start].isalnum():
            start += 1
        while end > start and not (text[end - 1].isalnum() or text[end - 1] in ".)"):
            end -= 1
        surface = text[start:end]
        if not surface or len(surface) > MAX_SURFACE:
            raise DeskError(400, "select one name (at most 200 characters)")
        context = mention_context(text, start, end)
        for occurrence in range(1, 20):
            if (start, end) in find_mentions(text, surface, context, occurrence):
                return surface, context, occurrence, start, end
        raise DeskError(400, f"«{surface}» cannot be keyed by its context here; use `tei-edition curate`")

    def decide(self, payload: dict[str, Any]) -> dict:
        """Record a mention decision (accept, reject, retype, relink, add), optionally creating
        the register entry it links to; returns what was recorded and its undo id."""
        if not isinstance(payload, dict):
            raise DeskError(400, "the body must be a JSON object")
        action = _str(payload, "action", limit=20)
        if action not in ACTIONS:
            raise DeskError(400, f"unknown action {action[:20]!r}; expected one of {', '.join(ACTIONS)}")
        doc = _str(payload, "doc", limit=100)
        surface, context, occurrence, _, _ = self._key(doc, _int(payload, "unit"), _int(payload, "start"),
                                                       _int(payload, "end"))
        type_ = _str(payload, "type", limit=20)
        if type_ and type_ not in TYPES + (DATE_TYPE,):
            raise DeskError(400, f"unknown type {type_[:20]!r}")
        ref = _str(payload, "ref", limit=100)
        if ref:
            _ident(ref)
        when = _str(payload, "when", limit=20)
        if when and not _ISO.match(when):
            raise DeskError(400, f"'when' must be an ISO date such as 1925-01-20, not {when!r}")
        every = payload.get("all", False) is True
        new_name = _str(payload, "new_name", limit=200)
        created: RegisterEntry | None = None
        if new_name:
            if type_ not in TYPES:
                raise DeskError(400, "a new entry needs a type: person, place or org")
            created = self._new_entry(type_, new_name)
            ref = created.id
        by = _str(payload, "by", limit=100)
        d = Decision(action, surface, "" if every else context, doc, 1 if every else occurrence, type_, ref,
                     _str(payload, "note", limit=500), by, _dt.date.today().isoformat(), when=when)
        built = self._need_built()
        tables: list[tuple[str, str]] = []
        try:
            cur = load_curation(self.curation_dir)
            if created is not None:
                cur.entries.append(created)
            check_new_decision(built, d, self.curation_dir, cur)
            if created is not None:
                record(self.curation_dir, created)
                tables.append((REGISTERS_FILE, table_text(created)))
            line = record(self.curation_dir, d)
            tables.append((DECISIONS_FILE, table_text(d)))
        except EditionError as err:
            self._rollback(tables)
            raise DeskError(409 if err.code == "curation-refused" else 422, str(err)) from None
        warnings = [f"conflicts with the decision at line {a.line} ({a.action}); the later one wins"
                    for a, _ in new_conflicts(built, self.curation_dir, line)]
        return self._done(d.describe(), tables, [], warnings, line)

    def _new_entry(self, type_: str, name: str) -> RegisterEntry:
        from ..annotate.linking import link_key

        key, _, _ = link_key(name, type_)
        ident = key if key.startswith(PREFIX[type_] + "-") else f"{PREFIX[type_]}-{key}"
        ident = re.sub(r"[^\w.-]", "-", ident)
        taken = set(self._need_built().registers.entries) | {e.id for e in load_curation(self.curation_dir).entries}
        base, n = ident, 2
        while ident in taken:
            ident, n = f"{base}-{n}", n + 1
        sur, fore = ((name.split(", ", 1) + [""])[:2]) if type_ == "person" else ("", "")
        return RegisterEntry(ident, type_, name, sur, fore, curated=True)

    def merge(self, payload: dict[str, Any], refuse: bool = False) -> dict:
        """Accept (``[[merge]]``) or refuse (``[[distinct]]``) a merge of two entries."""
        if not isinstance(payload, dict):
            raise DeskError(400, "the body must be a JSON object")
        source, into = _ident(_str(payload, "from", limit=100)), _ident(_str(payload, "into", limit=100))
        known = set(self._need_built().registers.entries) | {e.id for e in load_curation(self.curation_dir).entries}
        for ident in (source, into):
            if ident not in known:
                raise DeskError(404, f"unknown register entry {ident!r}")
        if source == into:
            raise DeskError(400, "an entry cannot be merged into itself")
        item: Merge | Distinct = (Distinct(source, into, by=_str(payload, "by", limit=100),
                                           date=_dt.date.today().isoformat()) if refuse else
                                  Merge(source, into, by=_str(payload, "by", limit=100),
                                        date=_dt.date.today().isoformat()))
        try:
            line = record(self.curation_dir, item)
        except EditionError as err:
            raise DeskError(422, str(err)) from None
        label = f"{source} and {into} kept apart" if refuse else f"merge {source} into {into}"
        return self._done(label, [(DECISIONS_FILE, table_text(item))], [], [], line)

    def edit_entry(self, payload: dict[str, Any]) -> dict:
        """Edit a register entry's headword, authority id, dates, coordinates or note (it becomes a
        curated entry of ``registers.toml``, replacing an earlier curated version)."""
        if not isinstance(payload, dict):
            raise DeskError(400, "the body must be a JSON object")
        ident = _ident(_str(payload, "id", limit=100))
        cur = load_curation(self.curation_dir)
        curated = {e.id: e for e in cur.entries}
        old = curated.get(ident) or self._need_built().registers.entries.get(ident)
        if old is None:
            raise DeskError(404, f"unknown register entry {ident!r}")
        name = _str(payload, "name", old.canonical, 300) or old.canonical
        wikidata = _str(payload, "wikidata", old.wikidata, 20)
        if wikidata and not _WIKIDATA.match(wikidata):
            raise DeskError(400, f"the authority id must be a Wikidata item such as Q380924, not {wikidata!r}")
        type_ = _str(payload, "type", old.type, 20) or old.type
        if type_ != old.type:
            return self._change_kind(old, type_, name, wikidata, _str(payload, "note", old.note, 2000))
        geo = old.geo
        if old.type == "place" and (payload.get("lat") not in (None, "") or payload.get("lon") not in (None, "")):
            try:
                geo = (float(payload.get("lat")), float(payload.get("lon")))
            except (TypeError, ValueError):
                raise DeskError(400, "lat and lon must be numbers") from None
            if not (-90 <= geo[0] <= 90 and -180 <= geo[1] <= 180):
                raise DeskError(400, "lat/lon out of range")
        sur, fore = ((name.split(", ", 1) + [""])[:2]) if old.type == "person" else ("", "")
        new = RegisterEntry(ident, old.type, name, sur, fore, wikidata=wikidata, curated=True,
                            birth=_str(payload, "birth", old.birth, 40) if old.type == "person" else "",
                            death=_str(payload, "death", old.death, 40) if old.type == "person" else "",
                            geo=geo if old.type == "place" else None, note=_str(payload, "note", old.note, 2000))
        previous = [(REGISTERS_FILE, table_text(curated[ident]))] if ident in curated else []
        try:
            line = replace_entry(self.curation_dir, new)
        except EditionError as err:
            raise DeskError(422, str(err)) from None
        return self._done(f"edit entry {ident}", [(REGISTERS_FILE, table_text(new))], previous, [], line)

    def _change_kind(self, old: RegisterEntry, type_: str, name: str, wikidata: str, note: str) -> dict:
        """An entry's kind is part of its id («per-…», «pl-…»): a curated entry of the new kind
        (same name part of the id) and a merge of the old one into it; its mentions are retagged
        by the merge. One action, undone as one."""
        if type_ not in PREFIX:
            raise DeskError(400, f"unknown kind {type_!r} (person, place or org)")
        new_id = f"{PREFIX[type_]}-{old.id.split('-', 1)[1]}"
        sur, fore = ((name.split(", ", 1) + [""])[:2]) if type_ == "person" else ("", "")
        new = RegisterEntry(new_id, type_, name, sur, fore, wikidata=wikidata, curated=True, note=note)
        merge = Merge(old.id, new_id, date=_dt.date.today().isoformat())
        cur = load_curation(self.curation_dir)
        if any(e.id == new_id for e in cur.entries) or new_id in self._need_built().registers.entries:
            raise DeskError(409, f"an entry {new_id!r} exists already: merge {old.id} into it instead")
        written: list[tuple[str, str]] = []
        try:
            replace_entry(self.curation_dir, new)
            written.append((REGISTERS_FILE, table_text(new)))
            line = record(self.curation_dir, merge)
            written.append((DECISIONS_FILE, table_text(merge)))
        except EditionError as err:
            self._rollback(written)
            raise DeskError(422, str(err)) from None
        return self._done(f"{old.id} becomes {type_} {new_id}", written, [], [], line)

    def _rollback(self, tables: list[tuple[str, str]]) -> None:
        for file, table in reversed(tables):
            line = find_table(self.curation_dir, file, table)
            if line:
                remove(self.curation_dir, file, line, table)

    def _done(self, label: str, tables: list[tuple[str, str]], previous: list[tuple[str, str]],
              warnings: list[str], line: int) -> dict:
        undo = _Undo(secrets.token_hex(8), label, tables, previous)
        with self._lock:
            self.history.append(undo)
            del self.history[:-200]
        generation = self.rebuilder.request()
        return {"recorded": label, "line": line, "undo": undo.id, "generation": generation, "warnings": warnings}

    def undo(self, payload: dict[str, Any]) -> dict:
        """Take back an action of this session (its tables leave the curation files)."""
        if not isinstance(payload, dict):
            raise DeskError(400, "the body must be a JSON object")
        ident = _str(payload, "undo", limit=40)
        if not re.fullmatch(r"[0-9a-f]{16}", ident):
            raise DeskError(400, "not an undo id")
        with self._lock:
            undo = next((u for u in self.history if u.id == ident), None)
            if undo is None:
                raise DeskError(404, "nothing to undo with that id (already undone, or from another session)")
            for file, table in reversed(undo.tables):
                line = find_table(self.curation_dir, file, table)
                if not line:
                    raise DeskError(409, f"{file}: the recorded table is no longer there (edited by hand?); "
                                    "nothing changed")
            try:
                for file, table in reversed(undo.tables):
                    remove(self.curation_dir, file, find_table(self.curation_dir, file, table), table)
                for _file, table in undo.previous:
                    self._restore_entry(table)
            except EditionError as err:
                raise DeskError(409, str(err)) from None
            self.history.remove(undo)
        return {"undone": undo.label, "generation": self.rebuilder.request()}

    def _restore_entry(self, table: str) -> None:
        import tomllib

        from ..annotate.curation import _entry

        data = tomllib.loads(table)
        (type_, tables), = data.items()
        record(self.curation_dir, _entry(tables[0], type_, 0, REGISTERS_FILE))
