"""find_dates: span boundaries and ISO normalization per the gold guidelines (FORMAT.md)."""

from __future__ import annotations

import pytest

from tei_edition.annotate.dates import find_dates, roman_to_int


def _one(text, context=None):
    spans = find_dates(text, context)
    assert len(spans) == 1, [(text[s.start:s.end], s.values) for s in spans]
    return text[spans[0].start:spans[0].end], spans[0].values


@pytest.mark.parametrize("text, span, attrs", [
    ("К 1922 г. между РСФСР", "1922 г.", {"when": "1922"}),
    ("в 1920 году", "1920 году", {"when": "1920"}),
    ("отношений 1922–1941 гг., были", "1922–1941 гг.", {"from": "1922", "to": "1941"}),
    ("связи 1922-1941 г.", "1922-1941 г.", {"from": "1922", "to": "1941"}),
    ("с января по апрель 1920 г. шли", "с января по апрель 1920 г.", {"from": "1920-01", "to": "1920-04"}),
    ("2 сентября 1945 года закончилась", "2 сентября 1945 года", {"when": "1945-09-02"}),
    ("в апреле 1926 г. в Москве", "апреле 1926 г.", {"when": "1926-04"}),
    ("летом 1918 г.", "летом 1918 г.", {"notBefore": "1918-06", "notAfter": "1918-08"}),
    ("осенью 1911 г.", "осенью 1911 г.", {"notBefore": "1911-09", "notAfter": "1911-11"}),
    ("в 1920-х гг. XX в.", "1920-х гг. XX в.", {"notBefore": "1920", "notAfter": "1929"}),
    ("в 20-х гг. XX в.", "20-х гг. XX в.", {"notBefore": "1920", "notAfter": "1929"}),
    ("в 1930-х", "1930-х", {"notBefore": "1930", "notAfter": "1939"}),
    ("1920–1940-е г.", "1920–1940-е г.", {"notBefore": "1920", "notAfter": "1949"}),
    ("в XVIII в.", "XVIII в.", {"notBefore": "1701", "notAfter": "1800"}),
    ("начала XX в.", "начала XX в.", {"notBefore": "1901", "notAfter": "2000"}),
    ("в первой половине XX в.", "первой половине XX в.", {"notBefore": "1901", "notAfter": "1950"}),
    # halves narrow a century or a single decade; "начале"/"середине"/"конце" keep the whole span
    ("во второй половине XIX в.", "второй половине XIX в.", {"notBefore": "1851", "notAfter": "1900"}),
    ("во второй половине 30-х годов", "второй половине 30-х годов", {"notBefore": "1935", "notAfter": "1939"}),
    ("в первой половине 1920-х гг.", "первой половине 1920-х гг.", {"notBefore": "1920", "notAfter": "1924"}),
    ("второй половины 1930-х гг.", "второй половины 1930-х гг.", {"notBefore": "1935", "notAfter": "1939"}),
    ("в первой половине 20-х гг. XX в.", "первой половине 20-х гг. XX в.", {"notBefore": "1920", "notAfter": "1924"}),
    ("в середине 1920-х гг.", "середине 1920-х гг.", {"notBefore": "1920", "notAfter": "1929"}),
    ("в начале 30-х годов", "начале 30-х годов", {"notBefore": "1930", "notAfter": "1939"}),
    ("в первой половине 1920–1930-х гг.", "первой половине 1920–1930-х гг.", {"notBefore": "1920", "notAfter": "1939"}),
    ("в конце XIX – начале XX в.", "конце XIX – начале XX в.", {"notBefore": "1801", "notAfter": "2000"}),
    ("в начале 1927 г.", "начале 1927 г.", {"when": "1927"}),
    ("1–3 августа 1945 г.", "1–3 августа 1945 г.", {"from": "1945-08-01", "to": "1945-08-03"}),
])
def test_find_dates_table(text, span, attrs):
    assert _one(text) == (span, attrs)


@pytest.mark.parametrize("text, context, attrs", [
    ("В 1938 г. начались бои, а 29 июля атаковали", None, {"when": "1938-07-29"}),
    ("29 июля атаковали", 1938, {"when": "1938-07-29"}),
    ("4 апреля подписали", None, {"when": "--04-04"}),
    ("в начале 20-х", 1925, {"notBefore": "1920", "notAfter": "1929"}),
])
def test_find_dates_context_year(text, context, attrs):
    assert find_dates(text, context)[-1].values == attrs


@pytest.mark.parametrize("text", [
    "2-х томная работа",
    "в 5 раз меньше",
    "ISBN 978-5-9955-1261-5",
    "до 400 тыс. человек",
    "в том же году",
])
def test_find_dates_rejects(text):
    assert find_dates(text) == []


def test_roman():
    assert [roman_to_int(r) for r in ("XVII", "XIX", "XXI", "IV")] == [17, 19, 21, 4]
