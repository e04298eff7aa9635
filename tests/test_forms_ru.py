"""Generated Russian text agrees in case and number (xslt/html/forms-ru.xml, tei_edition.render.forms_ru).

Every pattern the edition generates is covered: dates read aloud with each preposition and each
precision (data-norm of dates in the text), and counts with nouns (home page, Jinja filter;
XSLT h:count-noun). pymorphy3 (OpenCorpora) is the independent judge of case and number.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from lxml import etree, html

from conftest import FIXTURES, ROOT
from tei_edition.render.forms_ru import count_noun, month, plural_form
from tei_edition.build.publish import render_html
from tei_edition.render.html import transform_text

FIX = FIXTURES / "html"

DATES = {
    'when="1923-09-02"': "2 сентября 1923 г.",
    'when="1920-12"': "декабрь 1920 г.",
    'when="1920"': "1920 г.",
    'when="--04-04"': "4 апреля",
    'from="1920-01" to="1920-04"': "с января 1920 г. по апрель 1920 г.",
    'from="1920-01-15" to="1920-04-02"': "с 15 января 1920 г. по 2 апреля 1920 г.",
    'from="1920" to="1922"': "с 1920 г. по 1922 г.",
    'from="1931-09"': "с сентября 1931 г.",
    'to="1945-08"': "по август 1945 г.",
    'notBefore="1912-06"': "не ранее июня 1912 г.",
    'notAfter="1912-05"': "не позднее мая 1912 г.",
    'notBefore="1920" notAfter="1929"': "не ранее 1920 г., не позднее 1929 г.",
    'notBefore="1905-03-01"': "не ранее 1 марта 1905 г.",
}

CASE_TAG = {"с": "gent", "не ранее": "gent", "не позднее": "gent", "по": "accs"}


def _tei(tmp_path: Path) -> Path:
    paras = "\n".join(f"<p>Дата <date {attrs}>x</date>.</p>" for attrs in DATES)
    src = f"""<TEI xmlns="http://www.tei-c.org/ns/1.0" xml:lang="ru" xml:id="dates">
  <teiHeader><fileDesc><titleStmt><title type="main">Даты</title></titleStmt>
  <publicationStmt><p>test</p></publicationStmt><sourceDesc><p>test</p></sourceDesc></fileDesc></teiHeader>
  <text><body>{paras}</body></text></TEI>"""
    path = tmp_path / "dates.xml"
    path.write_text(src, encoding="utf-8")
    return path


def _norms(frags) -> list[str]:
    out = []
    for page in frags.pages:
        if page.body:
            out += [el.get("data-norm") for el in html.fragment_fromstring(page.body, create_parent="div").iter()
                    if el.get("data-norm")]
    return out


def test_dates_every_pattern_reads_correctly(tmp_path):
    assert _norms(transform_text(_tei(tmp_path))) == list(DATES.values())


@pytest.fixture(scope="module")
def morph():
    import pymorphy3

    return pymorphy3.MorphAnalyzer(lang="ru")


def _check_phrase(phrase: str, morph) -> None:
    """A month alone after a preposition is in the case the preposition governs; a month after a
    day number is genitive («2 апреля»), whatever the preposition (pymorphy3 judges)."""
    for prep, word in re.findall(r"(не ранее|не позднее|с|по) ([а-я]+)(?= \d{4} г\.)", phrase):
        assert CASE_TAG[prep] in {p.tag.case for p in morph.parse(word)}, f"{phrase!r}: {word!r} after {prep!r}"
        if CASE_TAG[prep] == "gent":  # «апрель» is nominative/accusative only: never after с, не ранее
            assert word == month(_month_n(word), "gen"), phrase
    for word in re.findall(r"(?<!\d)\d{1,2} ([а-я]{3,})", phrase):
        assert "gent" in {p.tag.case for p in morph.parse(word)}, f"{phrase!r}: {word!r} after a day"


def _month_n(word: str) -> int:
    for n in range(1, 13):
        if word in {month(n, c) for c in ("nom", "gen", "acc", "prep")}:
            return n
    raise AssertionError(word)


def test_dates_cases_judged_by_pymorphy(tmp_path, morph):
    for phrase in DATES.values():
        _check_phrase(phrase, morph)


@pytest.mark.parametrize("name", ["thesis", "book"])
def test_dates_of_the_real_texts_agree(name, morph):
    tei = ROOT / "tei" / f"{name}.xml"
    if not tei.is_file():
        pytest.skip("tei/ not built")
    norms = _norms(transform_text(tei, registers=ROOT / "tei" / "registers.xml"))
    assert norms
    for phrase in norms:
        assert not re.search(r"\b(с|не ранее|не позднее) (январь|февраль|март|апрель|май|июнь|июль|август|сентябрь|"
                             r"октябрь|ноябрь|декабрь)\b", phrase), phrase
        _check_phrase(phrase, morph)


@pytest.mark.parametrize("n", [0, 1, 2, 4, 5, 11, 12, 14, 21, 22, 25, 101, 111, 112, 303, 493, 1624])
@pytest.mark.parametrize("key", ["mention", "entry", "result", "page", "note", "text"])
def test_counts_agree_with_pymorphy(n, key, morph):
    phrase = count_noun(n, key)
    number, word = phrase.split("\u00a0")
    assert int(number) == n
    one = etree.parse(str(ROOT / "xslt" / "html" / "forms-ru.xml")).find(f"nouns/noun[@key='{key}']").get("one")
    expected = morph.parse(one)[0].make_agree_with_number(n).word
    assert word == expected, (n, key, word, expected)


def test_plural_form_classes():
    assert [plural_form(n) for n in (1, 21, 101)] == ["one"] * 3
    assert [plural_form(n) for n in (2, 3, 4, 22, 493)] == ["few"] * 5
    assert [plural_form(n) for n in (0, 5, 11, 12, 14, 111, 1624 + 1)] == ["many"] * 7


def test_home_page_counts_agree(tmp_path, morph):
    out = tmp_path / "site"
    render_html([FIX / "mini.xml", FIX / "mini2.xml"], out, registers=FIX / "registers.xml")
    text = (out / "index.html").read_text(encoding="utf-8")
    found = re.findall(r"\((\d+)\u00a0(упоминани[а-я]*)\)", text)
    assert len(found) == 3
    for n, word in found:
        assert word == morph.parse("упоминание")[0].make_agree_with_number(int(n)).word
