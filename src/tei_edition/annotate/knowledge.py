"""What the recognizer knows: the library's general Russian knowledge plus the edition's own.

The library ships general knowledge only (``data/gazetteer_ru.tsv``: countries, capitals,
regions, common institutions). What belongs to one edition's texts (its persons, the spellings
its sources use, words that are never names there) lives in the edition, in
``curation/names.toml``, a file an editor reads and extends::

    [[person]]
    id = "per-karakhan"                 # register id (per-, pl-, org- prefix)
    name = "Карахан, Лев Михайлович"    # canonical name: "Surname, Forename Patronymic"
    forms = ["Карахан"]                 # forms to find in the text (nominative or fixed)
    wikidata = "Q380924"                # optional, only where certain

    [[place]]
    id = "pl-rsfsr"                     # an id of the library's list: the forms are added to it
    forms = ["РФСФР"]                   # (a misspelling the sources use)

    [[org]]
    id = "org-gomindan"
    name = "Гоминьдан"
    forms = ["Гоминьдан", "Гоминдан"]
    lowercase = true                    # also matched written in lower case

    [[place]]
    id = "pl-dvr"
    lat = 52.03                         # an editor's point for the map (degrees, WGS84)
    lon = 113.5
    geonames = "RU"                     # or a GeoNames continent/country code (see annotate.geo)

    [stop]
    words = ["цин", "кабуки"]           # lemmas never tagged as a name on their own

:func:`use_curation` selects the edition (the pipeline calls it before annotating); without
one, only the library's knowledge is used (``tei-edition ner`` on general text).
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path

from ..resources import data_text
from ..diagnostics import EditionError
from .linking import PREFIX

__all__ = ["NAMES_FILE", "use_curation", "gazetteer", "stop_words", "library_entries",
           "edition_knowledge", "EditionKnowledge"]

NAMES_FILE = "names.toml"
_TYPES = ("person", "place", "org")
_KEYS = {"id", "name", "forms", "wikidata", "lowercase", "lat", "lon", "geonames"}

_active: Path | None = None


def use_curation(folder: Path | None) -> None:
    """Make ``folder`` (an edition's ``curation/``) the source of edition knowledge; ``None``:
    the library's general knowledge only."""
    global _active
    _active = Path(folder).resolve() if folder is not None else None


@dataclass(frozen=True)
class EditionKnowledge:
    """The parsed ``names.toml``: gazetteer entries (new or extending the library's) and stop words."""

    entries: tuple  # of linking.GazEntry
    stop: frozenset[str]


@lru_cache(maxsize=1)
def library_entries() -> tuple:
    """The packaged general gazetteer (``data/gazetteer_ru.tsv``), parsed once."""
    from .linking import GazEntry, gazetteer_variants

    entries = []
    for line in data_text("gazetteer_ru.tsv").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        cols = line.split("\t") + [""] * 7
        ident, type_, canon, variants, flags, wd, code = cols[:7]
        flagset = set(flags.split(","))
        entries.append(GazEntry(ident, type_, canon, gazetteer_variants(variants.split(";")), "ci" in flagset,
                                wd.strip(), code.strip(), city="city" in flagset))
    return tuple(entries)


def _file_state(path: Path) -> tuple[int, int] | None:
    try:
        st = path.stat()
    except OSError:
        return None
    return st.st_mtime_ns, st.st_size


def edition_knowledge(folder: Path) -> EditionKnowledge:
    """``folder/names.toml`` parsed (empty when the file is absent); re-read when it changes."""
    path = Path(folder) / NAMES_FILE
    return _parse(path, _file_state(path))


@lru_cache(maxsize=8)
def _parse(path: Path, state: tuple[int, int] | None) -> EditionKnowledge:
    from .linking import GazEntry, gazetteer_variants

    if state is None:
        return EditionKnowledge((), frozenset())
    where = f"{path.parent.name}/{path.name}"
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except UnicodeDecodeError:
        raise EditionError(where, "not valid UTF-8", "curation-invalid") from None
    except tomllib.TOMLDecodeError as exc:
        raise EditionError(where, f"invalid TOML: {exc}", "curation-invalid") from None
    unknown = set(data) - set(_TYPES) - {"stop"}
    if unknown:
        raise EditionError(where, f"unknown table '{sorted(unknown)[0]}' (expected person, place, org, stop)",
                           "curation-invalid")
    entries = []
    seen: set[str] = set()
    for type_ in _TYPES:
        for n, t in enumerate(data.get(type_, []), 1):
            what = f"[[{type_}]] number {n}"
            if not isinstance(t, dict):
                raise EditionError(where, f"{what}: expected a table", "curation-invalid")
            bad = set(t) - _KEYS
            if bad:
                raise EditionError(where, f"{what}: unknown key '{sorted(bad)[0]}' (expected {', '.join(sorted(_KEYS))})",
                                   "curation-invalid")
            ident = t.get("id")
            if not isinstance(ident, str) or not ident.startswith(PREFIX[type_] + "-"):
                raise EditionError(where, f"{what}: 'id' must be a string starting with '{PREFIX[type_]}-'",
                                   "curation-invalid")
            if ident in seen:
                raise EditionError(where, f"{what}: id '{ident}' is listed twice", "curation-invalid")
            seen.add(ident)
            forms = t.get("forms", [])
            if not isinstance(forms, list) or not all(isinstance(f, str) and f.strip() for f in forms):
                raise EditionError(where, f"{what} ({ident}): 'forms' must be a list of names", "curation-invalid")
            name, wd = t.get("name", ""), t.get("wikidata", "")
            if not isinstance(name, str) or not isinstance(wd, str):
                raise EditionError(where, f"{what} ({ident}): 'name' and 'wikidata' must be strings", "curation-invalid")
            geo = None
            if "lat" in t or "lon" in t:
                lat, lon = t.get("lat"), t.get("lon")
                if not all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in (lat, lon)) \
                        or not (-90 <= lat <= 90 and -180 <= lon <= 180):
                    raise EditionError(where, f"{what} ({ident}): 'lat' and 'lon' must both be given, in degrees",
                                       "curation-invalid")
                geo = (float(lat), float(lon))
            code = t.get("geonames", "")
            if not isinstance(code, str):
                raise EditionError(where, f"{what} ({ident}): 'geonames' must be a string", "curation-invalid")
            entries.append(GazEntry(ident, type_, name, gazetteer_variants(forms), bool(t.get("lowercase")), wd,
                                    code, geo))
    stop_table = data.get("stop", {})
    stop = stop_table.get("words", []) if isinstance(stop_table, dict) else None
    if not isinstance(stop, list) or not all(isinstance(w, str) for w in stop):
        raise EditionError(where, "[stop] words must be a list of words", "curation-invalid")
    return EditionKnowledge(tuple(entries), frozenset(w.lower().replace("ё", "е") for w in stop))


def _merged(extra: tuple) -> list:
    """Library entries with the edition's additions: an id already known gets the edition's
    forms added (and its name and Wikidata id, when given); a new id is a new entry."""
    by_id = {e.id: e for e in library_entries()}
    for e in extra:
        old = by_id.get(e.id)
        if old is None:
            if not e.canonical or not e.variants:
                continue  # an addition to an entry the library does not have: nothing to find
            by_id[e.id] = e
            continue
        if old.type != e.type:
            by_id[e.id] = e
            continue
        by_id[e.id] = replace(old, canonical=e.canonical or old.canonical,
                              variants=old.variants + tuple(v for v in e.variants if v not in old.variants),
                              ci=old.ci or e.ci, wikidata=e.wikidata or old.wikidata,
                              geonames=e.geonames or old.geonames, geo=e.geo or old.geo)
    return list(by_id.values())


def gazetteer():
    """The gazetteer in force: the library's, plus the active edition's ``names.toml``."""
    extra = edition_knowledge(_active).entries if _active is not None else ()
    return _gazetteer(extra)


@lru_cache(maxsize=8)
def _gazetteer(extra: tuple):
    from .linking import Gazetteer

    return Gazetteer(_merged(extra))


def stop_words() -> frozenset[str]:
    """Lemmas the active edition says are never names on their own."""
    return edition_knowledge(_active).stop if _active is not None else frozenset()
