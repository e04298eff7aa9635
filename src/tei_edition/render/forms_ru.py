"""Word forms for generated text, from the tables the stylesheets also read
(``xslt/html/forms-LANG.xml``), so that the pages' shells and the XSLT agree: «493 упоминания»,
«1 упоминание», «11 упоминаний»; "3 mentions", "1 mention". The module keeps its first name
(Russian was its only language); a language without a table takes the English one.
"""

from __future__ import annotations

from functools import lru_cache

from lxml import etree

__all__ = ["plural_form", "count_noun", "month"]


@lru_cache(maxsize=None)
def _table(lang: str = "ru") -> etree._Element:
    from .labels import label_language
    from ..resources import resource_path

    folder = resource_path("xslt/html")
    path = folder / f"forms-{label_language(lang)}.xml"
    return etree.parse(str(path if path.is_file() else folder / "forms-en.xml")).getroot()


def plural_form(n: int, rule: str = "slavic") -> str:
    """"one", "few" or "many": the count form a noun takes after ``n`` by the table's rule
    ("slavic": Russian; any other: one for 1, many for the rest).

    >>> [plural_form(n) for n in (1, 2, 5, 11, 21, 22, 112, 493)]
    ['one', 'few', 'many', 'many', 'one', 'few', 'many', 'few']
    """
    if rule != "slavic":
        return "one" if abs(n) == 1 else "many"
    d10, d100 = abs(n) % 10, abs(n) % 100
    if d10 == 1 and d100 != 11:
        return "one"
    if d10 in (2, 3, 4) and d100 not in (12, 13, 14):
        return "few"
    return "many"


def count_noun(n: int, key: str, lang: str = "ru") -> str:
    """``n`` with the noun ``key`` of the table in the agreeing form (a no-break space between)."""
    table = _table(lang)
    noun = table.find(f"nouns/noun[@key='{key}']")
    if noun is None:
        raise KeyError(f"no noun {key!r} in the forms of {lang!r}")
    return f"{n}\u00a0{noun.get(plural_form(int(n), table.get('plural', 'slavic')))}"


def month(n: int, case: str, lang: str = "ru") -> str:
    """The name of month ``n`` (1-12) in ``case`` (nom, gen, acc, prep)."""
    return _table(lang).find(f"months/month[@n='{n}']").get(case)
