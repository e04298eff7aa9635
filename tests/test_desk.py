"""The editor's desk (`tei-edition serve`) against a small built edition, in Debian's chromium.

Each test gets a fresh copy of a small edition (tests/fixtures/desk, built once per module with
its cache, so rebuilds skip the model) and a desk server on 127.0.0.1 and a free port in a
thread. After each action, curation/ must hold the decision and the rebuilt reading-edition
page (build/html) must show it. Security: no token, wrong token, foreign Host or Origin, no CSRF
token, traversal in ids, malformed and huge bodies are refused and nothing is written.
"""

from __future__ import annotations

import http.client
import json
import os
import re
import shutil
import socket
import threading
import time
from pathlib import Path

import pytest

from conftest import FIXTURES, ROOT

pytest.importorskip("saxonche")
pytest.importorskip("starlette")
uvicorn = pytest.importorskip("uvicorn")

CHROMIUM = Path(os.environ.get("TEI_EDITION_CHROMIUM", "/usr/bin/chromium"))
DESK = FIXTURES / "desk"
AXE = ROOT / "tests" / "js" / "node_modules" / "axe-core" / "axe.min.js"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync"]


# ---------------------------------------------------------------------------- the server

@pytest.fixture(scope="module")
def built_edition(tmp_path_factory) -> Path:
    from tei_edition.build.cache import CACHE_DIR, Cache
    from tei_edition.config import load_config
    from tei_edition.build.pipeline import build, publish

    project = tmp_path_factory.mktemp("desk") / "edition"
    shutil.copytree(DESK, project)
    cfg = load_config(project / "edition.toml")
    cache = Cache(project / CACHE_DIR)
    result = build(cfg, cache=cache)
    publish(cfg, result.outputs, cache=cache, pdf=False)
    return project


class Server:
    """A desk on 127.0.0.1:<free port> in a thread (stopped by :meth:`stop`)."""

    def __init__(self, project: Path):
        from tei_edition.desk.app import create_app
        from tei_edition.desk.service import Desk

        self.project = project
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.port = self.sock.getsockname()[1]
        self.token = "tok-" + os.urandom(8).hex()
        self.desk = Desk(project / "edition.toml", pdf="demand")
        self.app = create_app(self.desk, token=self.token, port=self.port)
        self.server = uvicorn.Server(uvicorn.Config(self.app, log_level="error", access_log=False))
        self.thread = threading.Thread(target=self.server.run, kwargs={"sockets": [self.sock]}, daemon=True)
        self.thread.start()
        for _ in range(200):
            if self.server.started:
                break
            time.sleep(0.02)
        self.base = f"http://127.0.0.1:{self.port}"

    def url(self, path: str) -> str:
        return f"{self.base}{path}{'&' if '?' in path else '?'}token={self.token}"

    def wait(self) -> None:
        """Until every requested rebuild is done (pages)."""
        assert self.desk.rebuilder.wait(self.desk.rebuilder.status.wanted, timeout=90, full=True), \
            self.desk.rebuilder.status

    def stop(self) -> None:
        self.server.should_exit = True
        self.thread.join(10)
        self.desk.rebuilder.stop()
        self.sock.close()

    def decisions(self) -> str:
        path = self.project / "curation" / "decisions.toml"
        return path.read_text(encoding="utf-8") if path.exists() else ""

    def page_html(self, rel: str) -> str:
        return (self.project / "build" / "html" / rel).read_text(encoding="utf-8")

    def tei(self) -> str:
        return (self.project / "tei" / "mini.xml").read_text(encoding="utf-8")


@pytest.fixture
def server(built_edition, tmp_path):
    project = tmp_path / "edition"
    shutil.copytree(built_edition, project)
    s = Server(project)
    yield s
    s.stop()


def _tables(text: str) -> list[dict]:
    import tomllib

    data = tomllib.loads(text)
    return data.get("decision", []) + [dict(m, action="merge") for m in data.get("merge", [])]


# ---------------------------------------------------------------------------- security (no browser)

def _request(server: Server, method: str, path: str, *, body: bytes | None = None, headers: dict | None = None,
             token: str | None = "ok"):
    conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=20)
    if token == "ok":
        path = server.url(path)[len(server.base):]
    elif token:
        path += ("&" if "?" in path else "?") + f"token={token}"
    hdrs = {"Host": f"127.0.0.1:{server.port}"}
    hdrs.update(headers or {})
    conn.request(method, path, body=body, headers=hdrs)
    resp = conn.getresponse()
    data = resp.read()
    conn.close()
    return resp.status, data.decode("utf-8", "replace"), dict(resp.getheaders())


def _csrf(server: Server) -> str:
    status, html, _ = _request(server, "GET", "/queue")
    assert status == 200
    return re.search(r'name="csrf-token" content="([^"]+)"', html).group(1)


def _post(server: Server, path: str, payload, *, csrf: str | None, headers: dict | None = None, token="ok"):
    body = payload if isinstance(payload, bytes) else json.dumps(payload).encode()
    hdrs = {"Content-Type": "application/json"}
    if csrf:
        hdrs["X-CSRF-Token"] = csrf
    hdrs.update(headers or {})
    return _request(server, "POST", path, body=body, headers=hdrs, token=token)


def _snapshot(server: Server) -> dict[str, bytes]:
    folder = server.project / "curation"
    return {p.name: p.read_bytes() for p in folder.glob("*")} if folder.is_dir() else {}


def _first_item(server: Server) -> dict:
    return server.desk.queue()[0]


def test_desk_security_refusals_write_nothing(server):
    csrf = _csrf(server)
    item = _first_item(server)
    decide = {k: item[k] for k in ("doc", "unit", "start", "end")} | {"action": "reject"}
    before = _snapshot(server)
    cases = [
        ("no token", _request(server, "GET", "/queue", token=None), 403),
        ("wrong token", _request(server, "GET", "/queue", token="wrong"), 403),
        ("foreign host", _request(server, "GET", "/queue", headers={"Host": "evil.example:80"}), 403),
        ("rebinding host", _request(server, "GET", "/api/queue",
                                    headers={"Host": f"attacker.example:{server.port}"}), 403),
        ("foreign origin", _post(server, "/api/decide", decide, csrf=csrf,
                                 headers={"Origin": "http://evil.example"}), 403),
        ("cross-site fetch", _post(server, "/api/decide", decide, csrf=csrf,
                                   headers={"Sec-Fetch-Site": "cross-site"}), 403),
        ("no csrf", _post(server, "/api/decide", decide, csrf=None), 403),
        ("wrong csrf", _post(server, "/api/decide", decide, csrf="x" * 40), 403),
        ("form post", _post(server, "/api/decide", b"action=reject", csrf=csrf,
                            headers={"Content-Type": "application/x-www-form-urlencoded"}), 415),
        ("token post without token", _post(server, "/api/decide", decide, csrf=csrf, token=None), 403),
        ("traversal doc", _post(server, "/api/decide", decide | {"doc": "../../etc/passwd"}, csrf=csrf), 404),
        ("traversal text", _request(server, "GET", "/text/..%2F..%2Fedition.toml?chapter=0"), 404),
        ("traversal edition", _request(server, "GET", "/edition/..%2F..%2Fedition.toml"), 404),
        ("traversal merge", _post(server, "/api/merge", {"from": "../registers", "into": "per-karakhan"},
                                  csrf=csrf), 400),
        ("unknown entry", _post(server, "/api/merge", {"from": "per-nobody", "into": "per-karakhan"},
                                csrf=csrf), 404),
        ("traversal entry", _post(server, "/api/entry", {"id": "../../x"}, csrf=csrf), 400),
        ("unknown undo", _post(server, "/api/undo", {"undo": "0123456789abcdef"}, csrf=csrf), 404),
        ("bad undo", _post(server, "/api/undo", {"undo": "../x"}, csrf=csrf), 400),
        ("unknown unit", _post(server, "/api/decide", decide | {"unit": 99999}, csrf=csrf), 404),
        ("offsets", _post(server, "/api/decide", decide | {"start": -5}, csrf=csrf), 400),
        ("bad action", _post(server, "/api/decide", decide | {"action": "drop"}, csrf=csrf), 400),
        ("bad type", _post(server, "/api/decide", decide | {"unit": "1"}, csrf=csrf), 400),
        ("malformed", _post(server, "/api/decide", b"{not json", csrf=csrf), 400),
        ("not an object", _post(server, "/api/decide", b"[1, 2]", csrf=csrf), 400),
        ("huge", _post(server, "/api/decide", b"{" + b" " * (200 * 1024) + b"}", csrf=csrf), 413),
        ("unknown chapter", _request(server, "GET", "/text/mini?chapter=77"), 404),
        ("bad chapter", _request(server, "GET", "/text/mini?chapter=x"), 400),
        ("unknown route", _request(server, "GET", "/nothing"), 404),
        ("GET on POST route", _request(server, "GET", "/api/decide"), 405),
    ]
    for name, (status, text, headers), expected in cases:
        assert status == expected, (name, status, text)
        assert "Traceback" not in text and "File \"" not in text, name
        if status != 405:
            assert headers.get("content-type", "").startswith("application/json"), name
            assert json.loads(text)["error"], name
    assert _snapshot(server) == before
    # the same request, properly made, is accepted
    status, text, headers = _post(server, "/api/decide", decide, csrf=csrf,
                                  headers={"Origin": server.base, "Sec-Fetch-Site": "same-origin"})
    assert status == 200, text
    assert _snapshot(server) != before
    assert "default-src 'self'" in _request(server, "GET", "/queue")[2].get("content-security-policy", "")


def test_desk_token_sets_a_strict_cookie(server):
    status, _, headers = _request(server, "GET", "/queue")
    cookie = headers.get("set-cookie", "")
    assert status == 200 and f"={server.token}" in cookie and "HttpOnly" in cookie and "SameSite=Strict" in cookie
    status, _, _ = _request(server, "GET", "/api/status", token=None,
                            headers={"Cookie": cookie.split(";")[0]})
    assert status == 200


def test_desk_survives_a_hand_edited_curation_file(server):
    csrf = _csrf(server)
    item = _first_item(server)
    decide = {k: item[k] for k in ("doc", "unit", "start", "end")} | {"action": "accept"}
    folder = server.project / "curation"
    folder.mkdir(exist_ok=True)
    (folder / "decisions.toml").write_text("[[decision]\naction = \n", encoding="utf-8")
    status, text, _ = _post(server, "/api/decide", decide, csrf=csrf)
    assert status == 422 and "decisions.toml" in json.loads(text)["error"] and "invalid TOML" in text
    assert (folder / "decisions.toml").read_text(encoding="utf-8") == "[[decision]\naction = \n"
    for path in ("/queue", "/registers", "/validation", "/text/mini?chapter=0"):
        status, text, _ = _request(server, "GET", path)
        assert status == 200 or (status == 422 and "decisions.toml" in text), (path, status, text)
    (folder / "decisions.toml").write_text("# fixed by hand\n", encoding="utf-8")
    status, text, _ = _post(server, "/api/decide", decide, csrf=csrf)
    assert status == 200, text
    assert server.decisions().startswith("# fixed by hand\n") and 'action = "accept"' in server.decisions()


def test_desk_refuses_a_decision_that_would_make_invalid_tei(server):
    csrf = _csrf(server)
    units = server.desk._units["mini"]
    unit = next(i for i, (text, _) in enumerate(units) if text.startswith("Карахан Л.М. Письма"))
    text = units[unit][0]
    start = text.index("Пекина")
    status, body, _ = _post(server, "/api/decide", {"doc": "mini", "unit": unit, "start": start,
                                                    "end": start + len("Пекина"), "action": "add",
                                                    "type": "place"}, csrf=csrf)
    assert status == 409 and "refused add «Пекина»" in body and "<title>" in body
    assert "Пекина" not in server.decisions()


# ---------------------------------------------------------------------------- in the browser

needs_browser = pytest.mark.skipif(not CHROMIUM.exists(), reason=f"needs Debian's chromium at {CHROMIUM}")


@pytest.fixture(scope="module")
def browser():
    if not CHROMIUM.exists():
        pytest.skip(f"browser tests need Debian's chromium at {CHROMIUM}")
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield b
        b.close()


class Tab:
    def __init__(self, browser, server: Server, width: int = 1280, **ctx):
        self.ctx = browser.new_context(viewport={"width": width, "height": 900}, **ctx)
        self.page = self.ctx.new_page()
        self.server = server
        self.errors: list[str] = []
        self.page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))

    def open(self, path: str):
        self.page.goto(self.server.url(path))
        return self.page

    def close(self):
        self.ctx.close()


@pytest.fixture
def tab(browser, server):
    t = Tab(browser, server)
    yield t
    t.close()
    assert not t.errors, t.errors


def _item(page, surface: str):
    return page.locator(".queue .item").filter(has=page.locator(f'mark:text-is("{surface}")')).first


def _mark(page, cls: str, text: str):
    """The text view's tags of class ``cls`` whose text is exactly ``text``."""
    return page.locator(f"#text mark.{cls}").filter(has_text=re.compile(f"^{re.escape(text)}$"))


def _recorded(item) -> None:
    item.locator(".done").filter(has_text="Recorded").wait_for(timeout=20000)


def _chapter(server: Server, n: int) -> str:
    return server.page_html(f"mini/chapter-{n}.html")


def _ent(html: str, surface: str) -> list[str]:
    """The reading edition's mention links around ``surface``."""
    return re.findall(rf'<a class="ent ([^"]+)"[^>]*href="([^"]+)"[^>]*>{re.escape(surface)}</a>', html)


@needs_browser
def test_desk_queue_with_the_mouse_accept_reject_retype_relink(tab, server):
    page = tab.open("/queue")
    assert _ent(_chapter(server, 2), "Чичерин")
    # reject
    item = _item(page, "Чичерин")
    item.get_by_role("button", name="Reject").click()
    _recorded(item)
    server.wait()
    assert {"action": "reject", "text": "Чичерин"}.items() <= _tables(server.decisions())[-1].items()
    assert _ent(_chapter(server, 2), "Чичерин") == [] and "Чичерин" in _chapter(server, 2)
    # accept: the editor vouches for it, the TEI loses @resp
    item = _item(page, "Известия")
    item.get_by_role("button", name="Accept").click()
    _recorded(item)
    server.wait()
    assert _tables(server.decisions())[-1]["action"] == "accept"
    assert '<orgName ref="registers.xml#org-izvestiya">Известия</orgName>' in server.tei()
    # retype: Известия is a newspaper, keep org; Харбине -> org (a wrong but visible change)
    item = _item(page, "Харбине")
    item.locator('[data-role="type"]').select_option("org")
    item.get_by_role("button", name="Change type").click()
    _recorded(item)
    server.wait()
    assert {"action": "retype", "type": "org", "text": "Харбине"}.items() <= _tables(server.decisions())[-1].items()
    assert _ent(_chapter(server, 1), "Харбине")[0][0] == "ent-org"
    # relink with the as-you-type search
    item = _item(page, "Иосидзава")
    search = item.locator('[data-role="search"]')
    search.fill("Кэнкити")
    item.locator('[role="option"]').first.wait_for()
    item.locator('[role="option"]').first.dispatch_event("mousedown")
    item.get_by_role("button", name="Link").click()
    _recorded(item)
    server.wait()
    last = _tables(server.decisions())[-1]
    assert (last["action"], last["text"], last["ref"]) == ("relink", "Иосидзава", "per-kenkiti-iosidzava")
    assert _ent(_chapter(server, 1), "Иосидзава") == [("ent-person", "../persons.html#per-kenkiti-iosidzava")]


@needs_browser
def test_desk_queue_with_the_keyboard(tab, server):
    page = tab.open("/queue")
    first = page.locator(".queue .item").first
    assert page.evaluate("document.activeElement.classList.contains('item')")
    # j moves down, k up
    page.keyboard.press("j")
    assert page.evaluate("document.activeElement.id") == page.locator(".queue .item").nth(1).get_attribute("id")
    page.keyboard.press("k")
    assert page.evaluate("document.activeElement.id") == first.get_attribute("id")
    # r rejects the focused item
    target = _item(page, "Чичерин")
    target.focus()
    page.keyboard.press("r")
    _recorded(target)
    # t focuses the type list; choosing with the keyboard and Enter retypes
    target = _item(page, "Харбине")
    target.focus()
    page.keyboard.press("t")
    assert page.evaluate("document.activeElement.dataset.role") == "type"
    page.keyboard.press("ArrowDown")  # place -> org
    page.keyboard.press("Enter")
    _recorded(target)
    # l focuses the search; typing, ArrowDown/Enter choose, Enter links
    target = _item(page, "Иосидзава")
    target.focus()
    page.keyboard.press("l")
    page.keyboard.type("Кэнкити")
    target.locator('[role="option"]').first.wait_for()
    page.keyboard.press("Enter")
    page.keyboard.press("Enter")
    _recorded(target)
    # a accepts
    target = _item(page, "Известия")
    target.focus()
    page.keyboard.press("a")
    _recorded(target)
    server.wait()
    got = [(t["action"], t["text"], t.get("type", ""), t.get("ref", "")) for t in _tables(server.decisions())]
    assert got == [("reject", "Чичерин", "", ""), ("retype", "Харбине", "org", ""),
                   ("relink", "Иосидзава", "", "per-kenkiti-iosidzava"), ("accept", "Известия", "", "")]
    assert _ent(_chapter(server, 2), "Чичерин") == []
    assert _ent(_chapter(server, 1), "Харбине")[0][0] == "ent-org"
    # u undoes the last decision; the page shows the automatic tag again
    page.keyboard.press("u")
    page.locator("#toast").filter(has_text="Undone").wait_for()
    server.wait()
    assert [t["text"] for t in _tables(server.decisions())] == ["Чичерин", "Харбине", "Иосидзава"]
    assert '<orgName ref="registers.xml#org-izvestiya" resp="#tei-edition">Известия</orgName>' in server.tei()


@needs_browser
def test_desk_text_view_tag_a_missed_name_and_correct_a_tag(tab, server):
    page = tab.open("/text/mini?chapter=0")
    # select «Японское правительство» (not tagged) with the mouse's selection, tag it as an org
    page.evaluate("""() => {
        const span = [...document.querySelectorAll('#text [data-o]')].find(s => s.textContent.includes('Японское правительство'));
        const node = span.firstChild, at = node.textContent.indexOf('Японское правительство');
        const range = document.createRange();
        range.setStart(node, at); range.setEnd(node, at + 'Японское правительство'.length);
        const sel = window.getSelection(); sel.removeAllRanges(); sel.addRange(range);
        span.dispatchEvent(new MouseEvent('mouseup', {bubbles: true}));
    }""")
    panel = page.locator("#panel")
    panel.wait_for()
    panel.locator("#panel-type").select_option("org")
    with page.expect_navigation():
        panel.get_by_role("button", name="Tag selection").click()
    server.wait()
    last = _tables(server.decisions())[-1]
    assert (last["action"], last["text"], last["type"]) == ("add", "Японское правительство", "org")
    assert _mark(page, "ent-org", "Японское правительство").count() == 1
    assert _ent(_chapter(server, 1), "Японское правительство")[0][0] == "ent-org"
    # click a tag to correct it: remove the place tag of «Владивостоке»
    _mark(page, "ent", "Владивостоке").click()
    with page.expect_navigation():
        panel.get_by_role("button", name="Remove tag").click()
    server.wait()
    assert (_tables(server.decisions())[-1]["action"], _tables(server.decisions())[-1]["text"]) == \
        ("reject", "Владивостоке")
    assert _mark(page, "ent", "Владивостоке").count() == 0
    assert _ent(_chapter(server, 1), "Владивостоке") == []
    # a date, with the keyboard: focus the tag, Enter, new ISO value
    mark = page.locator('#text mark.ent-date').first
    mark.focus()
    page.keyboard.press("Enter")
    panel.locator("#panel-type").select_option("date")
    panel.locator("#panel-when").fill("1924-09")
    with page.expect_navigation():
        panel.get_by_role("button", name="Change type").click()
    server.wait()
    assert '<date when="1924-09">1924 г.</date>' in server.tei()


@needs_browser
def test_desk_registers_merge_edit_and_undo(tab, server):
    page = tab.open("/registers?type=person")
    assert "per-iosidzav" in _chapter(server, 1)
    suggestion = page.locator(".suggestion").filter(has_text="per-iosidzav")
    suggestion.get_by_role("button", name="Merge").click()
    suggestion.locator(".done").filter(has_text="Recorded").wait_for()
    server.wait()
    merged = _tables(server.decisions())[-1]
    assert (merged["action"], merged["from"], merged["into"]) == ("merge", "per-iosidzav", "per-kenkiti-iosidzava")
    assert "per-iosidzav\"" not in _chapter(server, 1) and 'id="per-iosidzav"' not in server.page_html("persons.html")
    # edit an entry: headword, Wikidata id, note
    row = page.locator("#entry-per-chicherin")
    row.locator("summary").click()
    form = row.locator("form")
    form.locator('[name="wikidata"]').fill("Q215525")
    form.locator('[name="note"]').fill("Нарком иностранных дел в 1918–1930 гг.")
    form.get_by_role("button", name="Save").click()
    page.locator("#toast").filter(has_text="edit entry per-chicherin").wait_for()
    server.wait()
    regs = (server.project / "curation" / "registers.toml").read_text(encoding="utf-8")
    assert 'id = "per-chicherin"' in regs and 'wikidata = "Q215525"' in regs
    xml = (server.project / "tei" / "registers.xml").read_text(encoding="utf-8")
    assert '<idno type="wikidata">Q215525</idno>' in xml and "Нарком иностранных дел" in xml
    # undo the edit: the curated entry leaves registers.toml again
    page.get_by_role("button", name="Undo").click()
    page.locator("#toast").filter(has_text="Undone").wait_for()
    server.wait()
    assert "per-chicherin" not in (server.project / "curation" / "registers.toml").read_text(encoding="utf-8")
    assert "Q215525" not in (server.project / "tei" / "registers.xml").read_text(encoding="utf-8")


@needs_browser
def test_desk_two_tabs_deciding_at_once_keep_both(browser, server):
    a, b = Tab(browser, server), Tab(browser, server)
    try:
        pa, pb = a.open("/queue"), b.open("/queue")
        ia, ib = _item(pa, "Чичерин"), _item(pb, "Харбине")
        # both clicks are sent before either answer arrives
        pa.evaluate("() => window.__clicked = 1")
        ia.get_by_role("button", name="Reject").dispatch_event("click")
        ib.get_by_role("button", name="Reject").dispatch_event("click")
        _recorded(ia)
        _recorded(ib)
        server.wait()
        assert sorted(t["text"] for t in _tables(server.decisions())) == ["Харбине", "Чичерин"]
        assert _ent(_chapter(server, 2), "Чичерин") == [] and _ent(_chapter(server, 1), "Харбине") == []
        assert not a.errors and not b.errors
    finally:
        a.close()
        b.close()


@needs_browser
@pytest.mark.parametrize("path", ["/queue", "/text/mini?chapter=0", "/registers", "/validation"])
def test_desk_axe_no_serious_violations(browser, server, path):
    if not AXE.is_file():
        pytest.skip("axe-core is not installed: run `npm ci` in tests/js")
    t = Tab(browser, server, bypass_csp=True)  # to inject axe; the desk's own pages keep their CSP
    try:
        page = t.open(path)
        page.add_script_tag(path=str(AXE))
        result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations'], preload: false})")
        bad = [f"{v['id']} ({v['impact']}): {v['help']} -> {[n['target'] for n in v['nodes']][:3]}"
               for v in result["violations"] if v["impact"] in ("serious", "critical")]
        assert not bad, "\n".join(bad)
        assert not t.errors, t.errors
    finally:
        t.close()


@needs_browser
@pytest.mark.parametrize("path", ["/queue", "/text/mini?chapter=0", "/registers", "/validation"])
def test_desk_works_at_phone_width(browser, server, path):
    t = Tab(browser, server, width=390)
    try:
        page = t.open(path)
        overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
        assert overflow <= 1, overflow
        if path == "/queue":  # the actions are reachable and work on a phone
            item = _item(page, "Чичерин")
            item.get_by_role("button", name="Reject").click()
            _recorded(item)
        assert not t.errors, t.errors
    finally:
        t.close()


def test_desk_text_pages_first_then_the_whole_site(server):
    """The changed text's pages are written before the register pages, with the bytes the full
    render gives them."""
    rb = server.desk.rebuilder
    for _ in range(300):  # the register navigation is prepared when the desk starts
        if rb._regs is not None:
            break
        time.sleep(0.1)
    item = next(i for i in server.desk.queue() if i["surface"] == "Чичерин")
    result = server.desk.decide({k: item[k] for k in ("doc", "unit", "start", "end")} | {"action": "reject"})
    assert rb.wait(result["generation"], timeout=90)
    quick = _chapter(server, 2)
    assert _ent(quick, "Чичерин") == []
    assert rb.wait(result["generation"], timeout=90, full=True)
    assert rb.status.steps["quick"] is True
    assert _chapter(server, 2) == quick
    assert 'id="per-chicherin"' not in server.page_html("persons.html")


def test_desk_entry_note_and_coordinates_reach_the_reading_edition(server):
    result = server.desk.edit_entry({"id": "pl-harbin", "lat": "45.75", "lon": "126.63",
                                     "note": "Центр КВЖД в Маньчжурии."})
    assert server.desk.rebuilder.wait(result["generation"], timeout=90, full=True)
    regs = (server.project / "curation" / "registers.toml").read_text(encoding="utf-8")
    assert 'id = "pl-harbin"' in regs and "lat = 45.75" in regs and "lon = 126.63" in regs
    xml = (server.project / "tei" / "registers.xml").read_text(encoding="utf-8")
    assert "<geo>45.75 126.63</geo>" in xml and '<note type="editorial">Центр КВЖД в Маньчжурии.</note>' in xml
    places = server.page_html("places.html")
    assert "45.75, 126.63" in places and "Центр КВЖД в Маньчжурии." in places


def test_serve_command_prints_a_tokened_local_url(built_edition, tmp_path):
    import subprocess
    import sys
    import urllib.error
    import urllib.request

    project = tmp_path / "edition"
    shutil.copytree(built_edition, project)
    proc = subprocess.Popen([sys.executable, "-m", "tei_edition.cli.app", "serve", "--pdf", "demand"], cwd=project,
                            stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, text=True)
    try:
        line = ""
        for _ in range(20):
            line = proc.stderr.readline()
            if "token=" in line:
                break
        found = re.search(r"http://127\.0\.0\.1:(\d+)/queue\?token=([\w-]{20,})", line)
        assert found, line
        with urllib.request.urlopen(found.group(0), timeout=20) as resp:
            assert resp.status == 200 and b"Review queue" in resp.read()
        with pytest.raises(urllib.error.HTTPError) as err:
            urllib.request.urlopen(f"http://127.0.0.1:{found.group(1)}/queue", timeout=20)
        assert err.value.code == 403
    finally:
        proc.terminate()
        proc.wait(20)


def test_desk_entry_kind_changed_retags_its_mentions_and_undoes_as_one(server):
    """A kind is part of an entry's id: the desk makes an entry of the new kind and merges the old
    one into it, so every mention is retagged and the TEI stays valid; undo takes back both."""
    decisions = server.project / "curation" / "decisions.toml"
    result = server.desk.edit_entry({"id": "pl-harbin", "type": "org", "name": "Харбин"})
    assert server.desk.rebuilder.wait(result["generation"], timeout=90, full=True)
    assert 'id = "org-harbin"' in (server.project / "curation" / "registers.toml").read_text(encoding="utf-8")
    assert 'into = "org-harbin"' in decisions.read_text(encoding="utf-8")
    tei = "".join(p.read_text(encoding="utf-8") for p in (server.project / "tei").glob("*.xml")
                  if p.name != "registers.xml")
    assert 'ref="registers.xml#pl-harbin"' not in tei
    assert re.search(r'<orgName ref="registers\.xml#org-harbin"', tei)
    from tei_edition.desk.service import DeskError

    with pytest.raises(DeskError) as err:
        server.desk.edit_entry({"id": "org-harbin", "type": "planet"})
    assert err.value.status == 400
    undone = server.desk.undo({"undo": result["undo"]})
    assert server.desk.rebuilder.wait(undone["generation"], timeout=90, full=True)
    assert "org-harbin" not in decisions.read_text(encoding="utf-8")
    assert "org-harbin" not in (server.project / "curation" / "registers.toml").read_text(encoding="utf-8")
    tei = "".join(p.read_text(encoding="utf-8") for p in (server.project / "tei").glob("*.xml"))
    assert 'ref="registers.xml#pl-harbin"' in tei and "org-harbin" not in tei
