"""Russian word forms for generated text, from the table the stylesheets also read
(``xslt/html/forms-ru.xml``), so that the pages' shells and the XSLT agree: «493 упоминания»,
«1 упоминание», «11 упоминаний».
"""

from __future__ import annotations

from functools import lru_cache

from lxml import etree

__all__ = ["plural_form", "count_noun", "month"]


@lru_cache(maxsize=1)
def _table() -> etree._Element:
    from .render_html import resource_path

    return etree.parse(str(resource_path("xslt/html") / "forms-ru.xml")).getroot()


def plural_form(n: int) -> str:
    """"one", "few" or "many": the count form a Russian noun takes after ``n``.

    >>> [plural_form(n) for n in (1, 2, 5, 11, 21, 22, 112, 493)]
    ['one', 'few', 'many', 'many', 'one', 'few', 'many', 'few']
    """
    d10, d100 = abs(n) % 10, abs(n) % 100
    if d10 == 1 and d100 != 11:
        return "one"
    if d10 in (2, 3, 4) and d100 not in (12, 13, 14):
        return "few"
    return "many"


def count_noun(n: int, key: str) -> str:
    """``n`` with the noun ``key`` of the table in the agreeing form (a no-break space between)."""
    noun = _table().find(f"nouns/noun[@key='{key}']")
    if noun is None:
        raise KeyError(f"no noun {key!r} in forms-ru.xml")
    return f"{n}\u00a0{noun.get(plural_form(int(n)))}"


def month(n: int, case: str) -> str:
    """The name of month ``n`` (1-12) in ``case`` (nom, gen, acc, prep)."""
    return _table().find(f"months/month[@n='{n}']").get(case)
