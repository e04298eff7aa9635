"""The reading edition in a real browser (Debian's chromium through playwright), from file://.

Skips with a message when /usr/bin/chromium or the playwright package is missing; the axe-core
test also skips when tests/js/node_modules/axe-core is not installed (``npm ci`` in tests/js).
Never downloads a browser.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

pytest.importorskip("saxonche")

CHROMIUM = Path(os.environ.get("TEI_EDITION_CHROMIUM", "/usr/bin/chromium"))
if not CHROMIUM.exists():
    pytest.skip(f"browser tests need Debian's chromium at {CHROMIUM} (apt-get install chromium)",
                allow_module_level=True)
try:
    from playwright.sync_api import sync_playwright
except ImportError:  # pragma: no cover - depends on the environment
    pytest.skip("browser tests need the playwright package (pip install playwright)", allow_module_level=True)

from conftest import FIXTURES, ROOT  # noqa: E402
from tei_edition.build.publish import render_html  # noqa: E402

FIX = FIXTURES / "html"
AXE = ROOT / "tests" / "js" / "node_modules" / "axe-core" / "axe.min.js"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync"]


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("browser") / "html"
    render_html([FIX / "mini.xml", FIX / "mini2.xml"], out, registers=FIX / "registers.xml")
    return out


@pytest.fixture(scope="module")
def browser():
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield b
        b.close()


class Watched:
    """A page that records console errors, page errors and any non-file request."""

    def __init__(self, browser, **ctx):
        self.ctx = browser.new_context(**ctx)
        self.page = self.ctx.new_page()
        self.errors: list[str] = []
        self.page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.on("request", lambda r: None if r.url.startswith(("file:", "data:", "about:"))
                     else self.errors.append(f"network request: {r.url}"))

    def close(self):
        self.ctx.close()


@pytest.fixture
def watched(browser):
    w = Watched(browser, viewport={"width": 1280, "height": 900})
    yield w
    w.close()
    assert not w.errors, w.errors


def url(site: Path, rel: str) -> str:
    path, _, frag = rel.partition("#")
    path, _, query = path.partition("?")
    return (site / path).as_uri() + (f"?{query}" if query else "") + (f"#{frag}" if frag else "")


def test_html_browser_note_opens_in_place_and_returns(site, watched):
    page = watched.page
    page.goto(url(site, "mini/chapter-1.html"))
    ref = page.locator("#mini-note-2-ref")
    ref.click()
    pop = page.locator(".note-popover")
    assert pop.is_visible()
    assert "с перерывами" in pop.inner_text()
    page.keyboard.press("Escape")
    assert page.locator(".note-popover").count() == 0
    assert page.evaluate("document.activeElement.id") == "mini-note-2-ref"


def test_html_browser_notes_work_without_javascript(site, browser):
    w = Watched(browser, java_script_enabled=False)
    try:
        page = w.page
        page.goto(url(site, "mini/chapter-1.html"))
        page.locator("#mini-note-2-ref").click()
        assert page.url.endswith("#mini-note-2")
        assert page.locator("#mini-note-2").is_visible()
        page.locator("#mini-note-2 .footnote-back").click()
        assert page.url.endswith("#mini-note-2-ref")
    finally:
        w.close()


def test_html_browser_entity_to_register_and_back(site, watched):
    page = watched.page
    page.goto(url(site, "mini/chapter-1.html"))
    page.locator("#mini-p-a1-m1").click()
    page.wait_for_load_state()
    assert page.url.endswith("persons.html#per-karakhan")
    assert page.locator("#per-karakhan").is_visible()
    page.locator('#per-karakhan a[href$="#mini-p-a1-m1"]').click()
    page.wait_for_load_state()
    assert page.url.endswith("mini/chapter-1.html#mini-p-a1-m1")
    assert page.locator("#mini-p-a1-m1").is_visible()


def test_html_browser_entity_toggle_and_canonical_name(site, watched):
    page = watched.page
    page.goto(url(site, "mini/chapter-1.html"))
    ent = page.locator("#mini-p-a1-m1")
    ent.focus()
    tip = page.evaluate("getComputedStyle(document.getElementById('mini-p-a1-m1'), '::after').content")
    assert "Карахан, Лев Михайлович" in tip
    before = ent.evaluate("e => getComputedStyle(e).borderBottomStyle")
    page.locator("form.ent-toggles input[name=person]").uncheck()
    assert page.evaluate("document.body.classList.contains('hide-person')")
    assert ent.evaluate("e => getComputedStyle(e).borderBottomStyle") != before


@pytest.mark.parametrize("query, form", [("Япония", "Японией"), ("Карахан", "Караханом")])
def test_html_browser_search_finds_inflected_forms(site, watched, query, form):
    page = watched.page
    page.goto(url(site, f"search.html?q={query}"))
    marks = page.locator("#search-results mark").all_inner_texts()
    assert form in marks
    hit = page.locator("#search-results a", has=page.locator("mark", has_text=form)).first
    hit.click()
    page.wait_for_load_state()
    assert "/mini" in page.url and "#" in page.url


def test_html_browser_search_words_of_any_script(tmp_path, watched):
    """A query word with letters outside Russian and English («Zürich») is read whole in the
    browser, as the index was built, and finds its paragraph."""
    text = (FIX / "mini.xml").read_text(encoding="utf-8")
    marker = "нашли общий язык."
    assert marker in text
    (tmp_path / "mini.xml").write_text(text.replace(marker, marker + " Die Mädchen von Zürich."), encoding="utf-8")
    out = tmp_path / "html"
    render_html([tmp_path / "mini.xml"], out, registers=FIX / "registers.xml")
    page = watched.page
    page.goto(url(out, "search.html?q=Zürich"))
    assert page.locator("#search-results mark").all_inner_texts() == ["Zürich"]
    page.goto(url(out, "search.html?q=Mädchen"))
    assert page.locator("#search-results mark").all_inner_texts() == ["Mädchen"]


def test_html_browser_search_form_submits(site, watched):
    page = watched.page
    page.goto(url(site, "search.html"))
    page.fill("#q", "Мукдене")
    page.press("#q", "Enter")
    assert "Мукдене" in page.locator("#search-results").inner_text()


def test_html_browser_page_anchors_resolve(site, watched):
    page = watched.page
    page.goto(url(site, "mini/index.html"))
    page.locator('.page-index a[href="chapter-1.html#page-3"]').click()
    page.wait_for_load_state()
    assert page.url.endswith("chapter-1.html#page-3")
    box = page.locator("#page-3").bounding_box()
    assert box is not None and 0 <= box["y"] < 900


def test_html_browser_cite_this(site, watched):
    """Without a configured base URL the citation has no URL (never file://); it names the
    author, the title, the edition, the page system and the access date, without ".."."""
    page = watched.page
    page.goto(url(site, "mini/chapter-1.html"))
    page.locator("#mini-p-a1 .permalink").focus()
    page.locator("#mini-p-a1 .permalink").click()
    line = page.locator(".cite-box span").first.inner_text()
    assert line.startswith("Пётр Петров. Карахан и Япония")
    assert "С. 2–3 по изданию-источнику." in line and "Дата обращения: " in line
    assert "URL" not in line and "file:" not in line and ".." not in line


def test_html_browser_cite_this_stable_url(tmp_path, watched):
    out = tmp_path / "html"
    render_html([FIX / "mini.xml"], out, registers=FIX / "registers.xml", base_url="https://example.org/edition")
    page = watched.page
    page.goto(url(out, "mini/chapter-1.html"))
    page.locator("#mini-p-a1 .permalink").click()
    line = page.locator(".cite-box span").first.inner_text()
    assert "URL: https://example.org/edition/mini/chapter-1.html#mini-p-a1 (дата обращения: " in line
    assert "file:" not in line and ".." not in line


def _focus_sequence(page, n: int) -> list[str]:
    out = []
    for _ in range(n):
        page.keyboard.press("Tab")
        out.append(page.evaluate("(document.activeElement.className || '') + '|' + (document.activeElement.id || '')"))
    return out


def test_html_browser_names_out_of_tab_order(site, watched):
    """Tab goes through the page's controls and notes but no name; N / Shift+N move between
    names; the keyboard switch puts the names back in the Tab order."""
    page = watched.page
    page.goto(url(site, "mini/chapter-1.html"))
    assert page.locator("main a.ent").count() > 1
    seq = _focus_sequence(page, 40)
    assert not [x for x in seq if x.startswith("ent ")], seq
    assert any(x.startswith("noteref") for x in seq), seq
    # the "next name" key, from the top of the page
    page.evaluate("document.activeElement.blur()")
    page.keyboard.press("n")
    first = page.evaluate("document.activeElement.id")
    assert first == page.locator("main a.ent").first.get_attribute("id")
    page.keyboard.press("n")
    assert page.evaluate("document.activeElement.id") == page.locator("main a.ent").nth(1).get_attribute("id")
    page.keyboard.press("Shift+N")
    assert page.evaluate("document.activeElement.id") == first
    # typing N in the search box types, it does not jump
    page.locator("#site-q").focus()
    page.keyboard.press("n")
    assert page.locator("#site-q").input_value() == "n"
    # back in the Tab order when asked (and remembered on the next page)
    page.locator("form.ent-toggles input[name=tab]").check()
    page.goto(url(site, "mini/chapter-1.html"))
    assert page.locator("form.ent-toggles input[name=tab]").is_checked()
    seq = _focus_sequence(page, 40)
    assert [x for x in seq if x.startswith("ent ")], seq


def test_html_browser_phone_menu(site, browser):
    """At 390 px the contents, switches and downloads open from a button at the top."""
    w = Watched(browser, viewport={"width": 390, "height": 800})
    try:
        page = w.page
        page.goto(url(site, "mini/chapter-1.html"))
        button = page.locator(".menu-button")
        assert button.is_visible()
        box = button.bounding_box()
        assert box is not None and box["y"] < 800, box
        toc = page.locator(".sidebar .toc a").first
        assert not toc.is_visible()
        button.click()
        assert button.get_attribute("aria-expanded") == "true"
        for sel in (".sidebar .toc a", ".ent-toggles input[name=person]", ".downloads a"):
            page.locator(sel).first.scroll_into_view_if_needed()
            assert page.locator(sel).first.is_visible(), sel
        assert page.evaluate("document.activeElement.closest('#sidebar') !== null")
        page.keyboard.press("Escape")
        assert button.get_attribute("aria-expanded") == "false" and not toc.is_visible()
        # a contents link closes the menu and goes there
        button.click()
        page.locator(".sidebar .toc a[href='about.html']").click()
        page.wait_for_load_state()
        assert page.url.endswith("mini/about.html")
        assert not w.errors, w.errors
    finally:
        w.close()


def test_html_browser_phone_menu_absent_on_desktop(site, watched):
    page = watched.page
    page.goto(url(site, "mini/chapter-1.html"))
    assert not page.locator(".menu-button").is_visible()
    assert page.locator(".sidebar .toc a").first.is_visible()


@pytest.mark.parametrize("target", ["mini/chapter-1.html#mini-p-a2-m1", "mini/chapter-1.html#mini-note-2",
                                    "persons.html#per-karakhan"])
def test_html_browser_scroll_margin(site, browser, target):
    """A link target lands with a margin above it: its first line is not cut at the top edge."""
    w = Watched(browser, viewport={"width": 390, "height": 400})
    try:
        page = w.page
        page.goto(url(site, target))
        frag = target.split("#")[1]
        top = page.evaluate(f"document.getElementById('{frag}').getBoundingClientRect().top")
        scrolled = page.evaluate("window.scrollY")
        margin = page.evaluate(f"parseFloat(getComputedStyle(document.getElementById('{frag}')).scrollMarginTop)")
        assert margin >= 16
        assert scrolled > 0, "the target should be below the first screen at this size"
        assert top >= 16, (top, scrolled)
    finally:
        w.close()


def test_html_browser_one_search_landmark(site, watched):
    page = watched.page
    for rel in ("index.html", "search.html", "mini/chapter-1.html", "persons.html"):
        page.goto(url(site, rel))
        assert page.locator("[role=search], search").count() == 1, rel


PAGE_TYPES = ["index.html", "mini/index.html", "mini/chapter-1.html", "mini/about.html",
              "persons.html", "places.html", "search.html?q=Япония"]


@pytest.mark.parametrize("rel", PAGE_TYPES)
def test_html_browser_axe_no_violations(site, watched, rel):
    if not AXE.is_file():
        pytest.skip("axe-core is not installed: run `npm ci` in tests/js")
    page = watched.page
    page.goto(url(site, rel))
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations'], preload: false})")
    bad = [f"{v['id']} ({v['impact']}): {v['help']} -> {[n['target'] for n in v['nodes']][:3]}"
           for v in result["violations"]]
    assert not bad, "\n".join(bad)


@pytest.fixture(scope="module")
def real_site(edition) -> Path:
    """The site of the real texts: the one the edition built once per run publishes."""
    return edition.build_dir / "html"


@pytest.mark.parametrize("rel", ["index.html", "book/chapter-2.html", "thesis/introduction.html", "book/index.html",
                                 "search.html?q=Япония"])
def test_html_browser_axe_real_pages(real_site, watched, rel):
    """axe-core on sampled pages of the real texts: no violation of any impact (the book's
    page-local notes repeat numbers on one page: their labels must still be unique)."""
    if not AXE.is_file():
        pytest.skip("axe-core is not installed: run `npm ci` in tests/js")
    page = watched.page
    page.goto(url(real_site, rel))
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations'], preload: false})")
    bad = [f"{v['id']} ({v['impact']}): {v['help']} -> {[n['target'] for n in v['nodes']][:3]}"
           for v in result["violations"]]
    assert not bad, "\n".join(bad)
    labels = page.evaluate("Array.from(document.querySelectorAll('aside.footnote')).map(a => a.getAttribute('aria-label'))")
    assert len(labels) == len(set(labels)), labels


@pytest.mark.parametrize("width", [1280, 390])
def test_html_browser_no_horizontal_scroll(site, browser, width):
    w = Watched(browser, viewport={"width": width, "height": 800})
    try:
        for rel in ("mini/chapter-1.html", "persons.html", "mini/about.html"):
            w.page.goto(url(site, rel))
            overflow = w.page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
            assert overflow <= 1, (rel, overflow)
        assert not w.errors, w.errors
    finally:
        w.close()
