"""The map page of the reading edition: the register's places with coordinates on a world map.

Drawn at build time into an inline SVG, so the page needs no script, no network and no server:
the country outlines come from the vendored ``world-atlas`` TopoJSON
(``templates/html/map/countries-110m.json``), projected equirectangularly onto the area of the
places (longitudes west of 30°W are shifted by 360° so that the Pacific stays whole); every
place is a circle sized by its mentions and linking to its entry in ``places.html``.
"""

from __future__ import annotations

import json
import math
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from lxml import etree

from ..tei.ns import TEI_NS, safe_parser

__all__ = ["MapPoint", "MapDrawing", "map_points", "map_svg", "map_drawing", "map_page", "MAP_FILE"]

MAP_FILE = "map.html"
_TEI = f"{{{TEI_NS}}}"
_XML_ID = "{http://www.w3.org/XML/1998/namespace}id"
_WIDTH = 960.0
_SHIFT_BELOW = -30.0  # longitudes west of this are drawn east of 180°


@dataclass(frozen=True)
class MapPoint:
    id: str
    name: str
    lat: float
    lon: float
    mentions: int


def _root(xml: Path | etree._Element) -> etree._Element:
    """A parsed document as is; a file parsed (safely)."""
    if isinstance(xml, etree._Element):
        return xml
    return etree.parse(str(xml), safe_parser()).getroot()


def map_points(registers: Path | etree._Element, texts: Sequence[Path | etree._Element]) -> list[MapPoint]:
    """Places of ``registers`` (``tei/registers.xml``) with a ``location/geo``, with their
    number of mentions in ``texts``; sorted by id (deterministic output). Files or their
    parsed roots (the site passes the roots it already has: nothing is parsed twice)."""
    counts: dict[str, int] = {}
    for text in texts:
        for el in _root(text).iter(f"{_TEI}placeName"):
            ref = el.get("ref") or ""
            if "#" in ref:
                key = ref.split("#", 1)[1]
                counts[key] = counts.get(key, 0) + 1
    out = []
    for place in _root(registers).iter(f"{_TEI}place"):
        geo = place.find(f"{_TEI}location/{_TEI}geo")
        name = place.find(f"{_TEI}placeName")
        ident = place.get(_XML_ID)
        if geo is None or name is None or not ident or not counts.get(ident):
            continue
        lat, lon = (float(x) for x in (geo.text or "").split())
        out.append(MapPoint(ident, " ".join("".join(name.itertext()).split()), lat, lon, counts[ident]))
    return sorted(out, key=lambda p: p.id)


@lru_cache(maxsize=1)
def _countries() -> list[list[list[tuple[float, float]]]]:
    """Country polygons (rings of (lon, lat)) decoded from the vendored TopoJSON."""
    from ..resources import resource_path

    topo = json.loads(resource_path("templates/html/map/countries-110m.json").read_text(encoding="utf-8"))
    (sx, sy), (tx, ty) = topo["transform"]["scale"], topo["transform"]["translate"]
    arcs = []
    for arc in topo["arcs"]:  # quantized, delta-encoded
        x = y = 0
        pts = []
        for dx, dy in arc:
            x, y = x + dx, y + dy
            pts.append((x * sx + tx, y * sy + ty))
        arcs.append(pts)

    def ring(indexes: list[int]) -> list[tuple[float, float]]:
        pts: list[tuple[float, float]] = []
        for i in indexes:
            a = arcs[i] if i >= 0 else arcs[~i][::-1]
            pts.extend(a if not pts else a[1:])
        return pts

    polys = []
    for g in topo["objects"]["countries"]["geometries"]:
        if g["type"] == "Polygon":
            polys.append([ring(r) for r in g["arcs"]])
        elif g["type"] == "MultiPolygon":
            polys.extend([ring(r) for r in p] for p in g["arcs"])
    return polys


def _lon(lon: float) -> float:
    return lon + 360.0 if lon < _SHIFT_BELOW else lon


def map_svg(points: list[MapPoint], title: str, place_page: str = "places.html") -> str:
    """An SVG map of ``points`` (an empty string when there are none); ``title`` names it for
    assistive technology (the label ``map-image`` in the site's language)."""
    from markupsafe import escape

    if not points:
        return ""
    lons = [_lon(p.lon) for p in points]
    lats = [p.lat for p in points]
    pad = 6.0
    west, east = min(lons) - pad, max(lons) + pad
    south, north = max(min(lats) - pad, -85.0), min(max(lats) + pad, 85.0)
    # keep a readable shape: at least 40° high and 60° wide
    if east - west < 60:
        mid = (east + west) / 2
        west, east = mid - 30, mid + 30
    if north - south < 40:
        mid = (north + south) / 2
        south, north = max(mid - 20, -85.0), min(mid + 20, 85.0)
    k = _WIDTH / (east - west)
    height = (north - south) * k

    def xy(lon: float, lat: float) -> str:
        return f"{(_lon(lon) - west) * k:.1f},{(north - lat) * k:.1f}"

    paths = []
    for poly in _countries():
        d = []
        for r in poly:
            if len(r) < 3:
                continue
            d.append("M" + "L".join(xy(lon, lat) for lon, lat in r) + "Z")
        if d:
            paths.append(f'<path d="{"".join(d)}"/>')
    dots = []
    for p in sorted(points, key=lambda p: -p.mentions):  # small circles on top of large ones
        r = 3 + 2.2 * math.sqrt(p.mentions)
        x, y = xy(p.lon, p.lat).split(",")
        label = f"{p.name} ({p.mentions})"
        dots.append(f'<a href="{place_page}#{escape(p.id)}" class="map-place" data-place="{escape(p.id)}">'
                    f'<circle cx="{x}" cy="{y}" r="{r:.1f}"><title>{escape(label)}</title></circle></a>')
    return (f'<svg class="place-map" viewBox="0 0 {_WIDTH:.0f} {height:.0f}" role="img" '
            f'aria-labelledby="map-title" xmlns="http://www.w3.org/2000/svg">'
            f'<title id="map-title">{escape(title)}</title>'
            f'<rect class="map-sea" width="100%" height="100%"/>'
            f'<g class="map-land">{"".join(paths)}</g><g class="map-places">{"".join(dots)}</g></svg>')


@dataclass(frozen=True)
class MapDrawing:
    """The places of the map page and their SVG map."""

    points: list[MapPoint]
    svg: str


def map_drawing(registers: Path | etree._Element | None, texts: Sequence[Path | etree._Element],
                lang: str | None) -> MapDrawing | None:
    """The map of the register's places mentioned in ``texts``, titled in ``lang`` (the site's
    language), or None when the register file has no places with coordinates (or there is
    none). It needs no XSLT output: a render draws it beside the register pages."""
    from .labels import labels

    points = map_points(registers, texts) if registers is not None else []
    return MapDrawing(points, map_svg(points, labels(lang)["map-image"])) if points else None


def map_page(env, common: dict, drawing: MapDrawing) -> bytes:
    """The bytes of ``map.html`` (``env``: the site's Jinja environment, ``common``: its page
    context)."""
    from markupsafe import Markup

    html = env.get_template("map.html").render(**common, root="", kind="map", svg=Markup(drawing.svg),
                                               points=sorted(drawing.points, key=lambda p: (-p.mentions, p.name)))
    return html.encode("utf-8")
