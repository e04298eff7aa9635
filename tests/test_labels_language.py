"""Edition labels follow the text's language (xslt/labels.xml, forms-LANG.xml).

An English edition made as a user would (``new``, an English text, ``build``): its HTML pages,
EPUB content documents and PDF text carry no Cyrillic and say lang="en"; dates and counts are
read in English. The Russian seed output is held by the golden and site tests, unchanged.
"""

from __future__ import annotations

import re
import subprocess
import zipfile
from pathlib import Path

import pytest
from lxml import etree

from conftest import FIXTURES, TEI, run_cli
from synth_plain import gutenberg
from tei_edition.render.forms_ru import count_noun
from tei_edition.render.labels import label_language, labels, text_language
from tei_edition.build.publish import render_html
from tei_edition.render.html import transform_text
from tei_edition.resources import resource_path

CYRILLIC = re.compile(r"[\u0400-\u04FF]")


_run = run_cli


@pytest.fixture(scope="module")
def english(tmp_path_factory) -> Path:
    """A built English edition: one generated Gutenberg-style text (no Cyrillic in it)."""
    base = tmp_path_factory.mktemp("en")
    assert _run(["new", "ed", "--title", "Folk lore"], base).exit_code == 0
    ed = base / "ed"
    text = gutenberg(3).text
    assert not CYRILLIC.search(text)
    (ed / "sources" / "lore.txt").write_text(text, encoding="utf-8")
    with open(ed / "edition.toml", "a", encoding="utf-8") as f:
        f.write('\n[[source]]\nid = "lore"\nfile = "sources/lore.txt"\n'
                '\n[source.meta]\ntitle = "Tales of the Old Mill"\nauthor = "Jane Doe"\n')
    res = _run(["build", "--no-progress"], ed)
    assert res.exit_code == 0, res.output
    return ed


def test_tables_have_the_same_keys():
    tables = etree.parse(str(resource_path("xslt") / "labels.xml")).getroot()
    keys = {t.get("{http://www.w3.org/XML/1998/namespace}lang"): [el.get("key") for el in t.iter("label")]
            for t in tables.iter("labels")}
    assert set(keys) >= {"ru", "en"}
    for lang, ks in keys.items():
        assert len(ks) == len(set(ks)), f"{lang}: a key twice"
        assert set(ks) == set(keys["ru"]), f"{lang}: keys differ from ru"
    assert not any(CYRILLIC.search(v) for v in labels("en").values())


def test_language_choice():
    assert label_language("en-GB") == "en" and label_language("ru") == "ru"
    assert label_language("de") == "en"  # no German table: English labels
    root = etree.fromstring(f'<TEI xmlns="{TEI[1:-1]}"><teiHeader><profileDesc><langUsage>'
                            '<language ident="en"/></langUsage></profileDesc></teiHeader></TEI>')
    assert text_language(root) == "en"


def test_english_counts():
    assert count_noun(3, "mention", "en") == "3\u00a0mentions"
    assert count_noun(1, "mention", "en") == "1\u00a0mention"
    assert count_noun(11, "entry", "en") == "11\u00a0entries"
    assert count_noun(21, "mention", "ru") == "21\u00a0упоминание"


def test_english_dates_read_aloud(english, tmp_path):
    """A date range in an English text is read «from January 1920 to April 1920»."""
    tree = etree.parse(str(english / "tei" / "lore.xml"))
    p = tree.find(f".//{TEI}body//{TEI}p")
    cases = {'from="1920-01" to="1920-04"': "from January 1920 to April 1920",
             'when="1923-09-02"': "2 September 1923",
             'notBefore="1912-06"': "not before June 1912",
             'when="1920"': "1920"}
    for k, attrs in enumerate(cases):
        date = etree.fromstring(f'<date xmlns="{TEI[1:-1]}" {attrs}>date {k}</date>')
        date.tail = " "
        p.insert(0, date)
    path = tmp_path / "lore.xml"
    tree.write(str(path), encoding="utf-8")
    body = "".join(page.body for page in transform_text(path).pages)
    norms = set(re.findall(r'data-norm="([^"]*)"', body))
    assert set(cases.values()) <= norms, norms


def test_english_html_pages(english):
    pages = sorted((english / "build" / "html").rglob("*.html"))
    assert len(pages) >= 6
    for page in pages:
        text = page.read_text(encoding="utf-8")
        assert not CYRILLIC.search(text), f"{page.name}: {CYRILLIC.search(text)}"
        assert '<html lang="en">' in text, page.name
    home = (english / "build" / "html" / "index.html").read_text(encoding="utf-8")
    assert ">Read<" in home and ">About this edition<" in home and "Skip to the main content" in home
    about = (english / "build" / "html" / "lore" / "about.html").read_text(encoding="utf-8")
    assert '<article class="text text-page-about" lang="en">' in about
    assert "About this edition" in about


def test_english_scripts(english):
    """The scripts' messages (note pop-ups, citation, search) and the hyphenation probe word."""
    static = english / "build" / "html" / "static"
    script = (static / "edition.js").read_text(encoding="utf-8") + (static / "search.js").read_text(encoding="utf-8")
    assert "{{L:" not in script
    assert "Open in the list of notes" in script and "incomprehensibilities" in script
    russian = labels("ru")
    for key in [k for k in russian if k.startswith("js-") or k == "hyphen-probe"]:
        assert f'"{russian[key]}' not in script and f'{russian[key]}"' not in script, key


def test_english_epub(english):
    with zipfile.ZipFile(english / "build" / "epub" / "lore.epub") as z:
        docs = {n: z.read(n).decode("utf-8") for n in z.namelist() if n.endswith((".xhtml", ".opf"))}
    assert any(n.endswith("nav.xhtml") for n in docs)
    for name, text in docs.items():
        assert not CYRILLIC.search(text), f"{name}: {CYRILLIC.search(text)}"
        if name.endswith(".xhtml"):
            assert 'xml:lang="en"' in text and 'lang="en"' in text, name
    opf = next(t for n, t in docs.items() if n.endswith(".opf"))
    assert "<dc:language>en</dc:language>" in opf and "Text with a table of contents" in opf


def test_english_pdf(english):
    pdf = english / "build" / "pdf" / "lore.pdf"
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    assert "Tales of the Old Mill" in text and "About this edition" in text
    assert not CYRILLIC.search(text), CYRILLIC.search(text)


def test_russian_text_keeps_russian_labels(tmp_path):
    """The reading edition of a Russian fixture still speaks Russian (lang="ru")."""
    fix = FIXTURES / "html"
    render_html([fix / "mini.xml"], tmp_path / "html")
    home = (tmp_path / "html" / "index.html").read_text(encoding="utf-8")
    assert '<html lang="ru">' in home and ">Читать<" in home
    script = (tmp_path / "html" / "static" / "edition.js").read_text(encoding="utf-8")
    assert "{{L:" not in script and '"Открыть в списке примечаний"' in script


def test_edition_language_sets_the_site_pages(tmp_path):
    """[edition] language: the home page speaks it; each text's pages keep the text's language."""
    fix = FIXTURES / "html"
    render_html([fix / "mini.xml"], tmp_path / "html", edition_language="en")
    home = (tmp_path / "html" / "index.html").read_text(encoding="utf-8")
    assert '<html lang="en">' in home and ">Read<" in home and "Digital edition" in home
    text_page = (tmp_path / "html" / "mini" / "index.html").read_text(encoding="utf-8")
    assert '<html lang="ru">' in text_page


@pytest.mark.parametrize("value", ['"english"', "1", '"EN"'])
def test_edition_language_is_checked(tmp_path, value):
    from tei_edition.config import load_config
    from tei_edition.diagnostics import EditionError

    (tmp_path / "edition.toml").write_text(f'[edition]\ntitle = "x"\nlanguage = {value}\n', encoding="utf-8")
    with pytest.raises(EditionError, match="language in \\[edition\\] must be an ISO 639 code"):
        load_config(tmp_path / "edition.toml")
