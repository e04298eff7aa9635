"""The rendered site as a whole: every internal link resolves, every TEI note, page break and
entity of the input appears in the HTML, downloads are written, diagnostics are typed.

Runs on the fixture corpus (tests/fixtures/html) and on the site of the edition built once per run.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from lxml import etree, html

pytest.importorskip("saxonche")

from conftest import FIXTURES, TEI  # noqa: E402
from tei_edition.build.publish import render_html  # noqa: E402
from tei_edition.tei.ns import XML_ID  # noqa: E402

FIX = FIXTURES / "html"


@pytest.fixture(scope="module", params=["fixtures", pytest.param("tei", marks=pytest.mark.slow)])
def site(request, tmp_path_factory, edition):
    """(site folder, TEI texts): the fixture corpus rendered here; the real texts are the site of
    the edition built once per run (conftest ``edition``), as published, with its PDFs and EPUBs."""
    if request.param == "fixtures":
        texts = [FIX / "mini.xml", FIX / "mini2.xml"]
        out = tmp_path_factory.mktemp("site") / "html"
        render_html(texts, out, registers=FIX / "registers.xml")
        return out, texts
    texts = sorted(p for p in edition.tei_dir.glob("*.xml") if p.name != "registers.xml")
    return edition.build_dir / "html", texts


def _pages(out: Path):
    for path in sorted(out.rglob("*.html")):
        yield path, html.parse(str(path)).getroot()


def test_html_internal_links_resolve(site):
    out, _ = site
    ids: dict[Path, set[str]] = {}
    docs = dict(_pages(out))
    for path, root in docs.items():
        ids[path] = {el.get("id") for el in root.iter() if isinstance(el.tag, str) and el.get("id")}
    broken = []
    for path, root in docs.items():
        for el in root.iter("a", "link", "script"):
            url = el.get("href") or el.get("src")
            if not url or urlsplit(url).scheme in ("http", "https", "mailto"):
                continue
            parts = urlsplit(url)
            target = (path.parent / unquote(parts.path)).resolve() if parts.path else path
            if not target.exists():
                broken.append(f"{path.relative_to(out)}: {url} (no file)")
            elif parts.fragment and target.suffix == ".html" and unquote(parts.fragment) not in ids[target]:
                broken.append(f"{path.relative_to(out)}: {url} (no id)")
    assert not broken, "\n".join(broken[:20])


def test_html_every_note_pb_and_entity_appears(site):
    out, texts = site
    for tei_file in texts:
        tei = etree.parse(str(tei_file)).getroot()
        tid = tei.get(XML_ID)
        docs = [root for _, root in _pages(out / tid)]
        found = Counter()
        for page in docs:
            root = page.find(".//main")
            found["noteref"] += len(root.find_class("noteref"))
            found["footnote"] += len(root.find_class("footnote"))
            found["pb"] += len(root.find_class("pb"))
            found["ent"] += len(root.find_class("ent"))
            found["date"] += len(root.xpath(".//*[contains(concat(' ', @class, ' '), ' date ')]"))
        text = tei.find(f"{TEI}text")
        notes = len(text.findall(f".//{TEI}note"))
        assert found["noteref"] == notes and found["footnote"] == notes, tei_file
        assert found["pb"] == len(text.findall(f".//{TEI}pb")), tei_file
        names = [el for tag in ("persName", "placeName", "orgName") for el in text.iter(f"{TEI}{tag}")
                 if not any(a.tag in {f"{TEI}persName", f"{TEI}placeName", f"{TEI}orgName"} for a in el.iterancestors())]
        assert found["ent"] == len(names), tei_file
        dates = [d for d in text.iter(f"{TEI}date") if set(d.attrib) & {"when", "from", "to", "notBefore", "notAfter"}]
        assert found["date"] == len(dates), tei_file


def test_html_paragraph_ids_are_tei_ids(site):
    out, texts = site
    for tei_file in texts:
        tei = etree.parse(str(tei_file)).getroot()
        tid = tei.get(XML_ID)
        want = {p.get(XML_ID) for p in tei.iter(f"{TEI}p", f"{TEI}item") if p.get(XML_ID)}
        have = {el.get("id") for _, root in _pages(out / tid) for el in root.iter() if isinstance(el.tag, str)}
        assert want <= have


def test_html_downloads_and_pages_written(site):
    out, texts = site
    for name in ("index.html", "search.html", "persons.html", "places.html", "orgs.html",
                 "static/edition.css", "static/edition.js", "static/search.js", "static/search-index.js"):
        assert (out / name).is_file(), name
    for tei_file in texts:
        tid = etree.parse(str(tei_file)).getroot().get(XML_ID)
        for name in ("index.html", "about.html", f"{tid}.xml", f"{tid}.txt"):
            assert (out / tid / name).is_file(), name
        assert (out / tid / f"{tid}.xml").read_bytes() == tei_file.read_bytes()


def test_html_no_network_resources(site):
    out, _ = site
    for path, root in _pages(out):
        for el in root.iter("link", "script", "img", "iframe"):
            url = el.get("href") or el.get("src") or ""
            assert not urlsplit(url).scheme, f"{path}: {url}"


def test_html_pdf_linked_when_present(tmp_path):
    pdf_dir = tmp_path / "pdf"
    pdf_dir.mkdir()
    (pdf_dir / "mini.pdf").write_bytes(b"%PDF-1.4\n%%EOF\n")
    render_html([FIX / "mini.xml"], tmp_path / "html", registers=FIX / "registers.xml")
    assert (tmp_path / "html" / "mini" / "mini.pdf").is_file()
    assert 'href="mini.pdf"' in (tmp_path / "html" / "mini" / "index.html").read_text(encoding="utf-8")


def test_html_unresolved_ref_is_a_warning(tmp_path):
    diags = render_html([FIX / "mini.xml"], tmp_path / "html")  # no register file
    codes = Counter(d.code for d in diags)
    assert codes["html-ref-unresolved"] > 0
    assert all(d.severity == "warning" for d in diags)
    assert (tmp_path / "html" / "persons.html").is_file()


def test_html_search_index_finds_inflected_forms(site):
    import json

    out, _ = site
    data = (out / "static" / "search-index.js").read_text(encoding="utf-8")
    index = json.loads(data[data.index("{"):data.rindex("}") + 1])
    lemma = {lem: k for k, lem in enumerate(index["lemmas"])}
    assert "япония" in lemma
    if "японией" in index["forms"]:
        assert lemma["япония"] in index["forms"]["японией"]
