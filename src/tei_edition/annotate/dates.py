"""Temporal expressions in Russian running text -> standoff ``date`` spans with ISO attributes.

Pure string functions (no XML): :func:`find_dates` returns :class:`~tei_edition.model.Span`
objects whose values are ISO ``when`` / ``from``+``to`` / ``notBefore``+``notAfter`` dates,
keeping the precision the text gives (``1920 г.`` is ``1920``, never ``1920-01-01``). Span
boundaries follow the gold guidelines: "г."/"гг." and qualifiers ("начале", "первой половине")
are inside (a half narrows a decade or century to that half; "начале"/"середине"/"конце" keep the
whole span), prepositions ("в", "к") outside, except the "с" that opens a "с ... по ..." range.
The vocabulary (months, seasons, qualifiers) lives in ``data/dates_ru.json``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from ..resources import data_json
from ..model import Span

__all__ = ["find_dates", "roman_to_int"]

DEFAULT_CENTURY = 20  # a two-digit decade ("20-х") with no year in context is read as 19xx


def _vocab() -> dict:
    return data_json("dates_ru.json")


def roman_to_int(s: str) -> int:
    """Value of a Roman numeral.

    >>> roman_to_int("XVIII"), roman_to_int("XIX"), roman_to_int("XX")
    (18, 19, 20)
    """
    vals = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100}
    total = 0
    for i, ch in enumerate(s):
        v = vals[ch]
        if i + 1 < len(s) and vals[s[i + 1]] > v:
            total -= v
        else:
            total += v
    return total


def _alt(words) -> str:
    """Regex alternation of literal words, longest first so prefixes do not win."""
    return "|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True))


@dataclass(frozen=True)
class _Grammar:
    month_of: dict[str, int]
    season_of: dict[str, tuple[int, int]]
    half_of: dict[str, int]
    patterns: list[tuple[str, re.Pattern]]


@lru_cache(maxsize=1)
def _grammar() -> _Grammar:
    v = _vocab()
    month_of = {f: i + 1 for i, forms in enumerate(v["months"]) for f in forms}
    season_of = {f: (s["from"], s["to"]) for s in v["seasons"].values() for f in s["forms"]}
    q = v["qualifiers"]
    half_of = {f: 1 for f in q["first_half"]} | {f: 2 for f in q["second_half"]}
    B = r"(?<![\w\-])"  # left word boundary that also refuses "2-го"-like continuations
    E = r"(?![\w])"
    MON = f"(?:{_alt(month_of)})"
    SEA = f"(?:{_alt(season_of)})"
    QUAL = f"(?:{_alt(q['whole'] + q['first_half'] + q['second_half'])})"
    YW = f"(?:{_alt(v['year_words'])})"
    CW = f"(?:{_alt(v['century_words'])})"
    YEAR = r"(?:1[0-9]{3}|20[0-9]{2})"
    DAY = r"(?:[12][0-9]|3[01]|0?[1-9])"
    DASH = r"\s*[-–—]\s*"
    ROM = r"(?=[IVX])(?:X{0,2}(?:IX|IV|V?I{0,3}))"
    GM = rf"(?:\s*{YW}(?:\s+года)?)"  # "1912 г. года" occurs in the sources
    TO = rf"(?:{DASH}|\s+(?:{_alt(v['range_close'])})\s+)"
    OPEN = rf"(?:(?:{_alt(v['range_open'])})\s+)"
    DEC_SUF = r"-?(?:х|е|ые|ых)"
    DEC = r"(?:1[0-9]{2}0|20[0-9]0|[1-9]0)"
    pats = {
        # "с января по апрель 1920 г.", "января – апреля 1920 г.", "с 5 по 9 мая 1945 г."
        "month_range": rf"{OPEN}?(?:{DAY}\s+)?{MON}(?:\s+{YEAR}{GM}?)?{TO}(?:{DAY}\s+)?{MON}(?:\s+{YEAR}{GM}?)?",
        "day_range": rf"(?:{OPEN})?{DAY}(?:{DASH}|\s+по\s+){DAY}\s+{MON}(?:\s+{YEAR}{GM}?)?",
        "day": rf"(?:{QUAL}\s+)?{DAY}\s+{MON}(?:\s+{YEAR}{GM}?)?",
        "month": rf"(?:{QUAL}\s+)?{MON}\s+{YEAR}{GM}?",
        "season": rf"{SEA}\s+{YEAR}{GM}?",
        "year_range": rf"(?:{OPEN}{YEAR}{GM}?\s+(?:по|до)\s+{YEAR}{GM}?|{YEAR}{DASH}{YEAR}{GM}?)",
        "year": rf"(?:{QUAL}\s+)?{YEAR}{GM}",
        "decade_range": rf"(?:{QUAL}\s+)?{DEC}(?:{DEC_SUF})?{DASH}{DEC}{DEC_SUF}{GM}?(?:\s+{ROM}\s*{CW})?",
        "decade": rf"(?:{QUAL}\s+)?{DEC}{DEC_SUF}{GM}?(?:\s+{ROM}\s*{CW})?",
        "century_range": rf"(?:{QUAL}\s+)?{ROM}(?:\s*{CW})?{DASH}(?:{QUAL}\s+)?{ROM}\s*{CW}",
        "century": rf"(?:{QUAL}\s+)?{ROM}\s*{CW}",
    }
    compiled = [(k, re.compile(B + p + E, re.IGNORECASE if k not in ("century", "century_range") else 0))
                for k, p in pats.items()]
    return _Grammar(month_of, season_of, half_of, compiled)


_YEAR_RE = re.compile(r"(?<!\d)(1[0-9]{3}|20[0-9]{2})(?!\d)")
_DEC_RE = re.compile(r"(?<!\d)(1[0-9]{2}0|20[0-9]0|[1-9]0)(?=-?(?:х|е|ые|ых)\b|\s*[-–—])")
_ROM_RE = re.compile(r"\b([IVXL]+)\b")


def _months_in(s: str, g: _Grammar) -> list[int]:
    words = re.findall(r"\w+", s.lower())
    return [g.month_of[w] for w in words if w in g.month_of]


def _days_in(s: str) -> list[int]:
    return [int(x) for x in re.findall(r"(?<!\d)(\d{1,2})(?![\d]|-?[хе]\b)", s)]


def _iso(y: int | None, m: int | None = None, d: int | None = None) -> str:
    if y is None:
        return f"--{m:02d}" + (f"-{d:02d}" if d else "")
    out = f"{y:04d}"
    if m:
        out += f"-{m:02d}"
        if d:
            out += f"-{d:02d}"
    return out


def _halve(lo: int, hi: int, half: int | None) -> tuple[int, int]:
    """The first or second half of the years lo..hi ("первой половине XX в." -> 1901-1950,
    "второй половине 30-х годов" -> 1935-1939); the whole span without a half."""
    mid = lo + (hi - lo + 1) // 2
    if half == 1:
        return lo, mid - 1
    if half == 2:
        return mid, hi
    return lo, hi


def _century_bounds(c: int, half: int | None) -> tuple[int, int]:
    return _halve((c - 1) * 100 + 1, c * 100, half)


def _half_in(low: str, g: _Grammar) -> int | None:
    """1 or 2 when a half qualifier ("первой половине") is in the lower-cased span text."""
    return next((h for f, h in sorted(g.half_of.items(), key=lambda x: -len(x[0])) if f in low), None)


def _decade_year(num: str, century_hint: int | None) -> int:
    n = int(num)
    if n >= 100:
        return n
    century = century_hint if century_hint else DEFAULT_CENTURY
    return (century - 1) * 100 + n


def _month_range(kind: str, s: str, years: list[int], context: int | None, g: _Grammar) -> dict[str, str]:
    """``from``/``to`` of a range of days in one month or of months (days optional)."""
    ms = _months_in(s, g)
    y2 = years[-1] if years else context
    y1 = years[0] if len(years) > 1 else y2
    days = _days_in(_YEAR_RE.sub(" ", s))
    if kind == "day_range":
        m = ms[0]
        return {"from": _iso(y1, m, days[0]), "to": _iso(y2, m, days[1])}
    m1, m2 = ms[0], ms[-1]
    # a day belongs to the month it precedes; "с 5 мая по 9 июня"
    parts = re.split(r"\s*[-–—]\s*|\s+(?:по|до)\s+", _YEAR_RE.sub(" ", s), maxsplit=1)
    d1 = (_days_in(parts[0]) or [None])[0]
    d2 = (_days_in(parts[1]) or [None])[0] if len(parts) > 1 else None
    if len(years) < 2 and y1 is not None and m1 > m2:
        y1 -= 1  # "с декабря по февраль 1920 г." crosses the year turn
    return {"from": _iso(y1, m1, d1), "to": _iso(y2, m2, d2)}


def _normalize(kind: str, s: str, context: int | None, g: _Grammar) -> dict[str, str] | None:
    """ISO values of the date ``s`` matched by the grammar pattern ``kind`` (None: unreadable)."""
    years = [int(y) for y in _YEAR_RE.findall(s)]
    low = s.lower()
    if kind in ("day", "month"):
        m = _months_in(s, g)[0]
        day = _days_in(_YEAR_RE.sub(" ", s)) if kind == "day" else []
        d = day[0] if day else None
        y = years[0] if years else context
        return {"when": _iso(y, m, d)}
    if kind in ("month_range", "day_range"):
        return _month_range(kind, s, years, context, g)
    if kind == "season":
        y = years[0]
        word = re.match(r"\w+", low).group(0)
        a, b = g.season_of[word]
        if a > b:  # winter: December of the previous year to February
            return {"notBefore": _iso(y - 1, a), "notAfter": _iso(y, b)}
        return {"notBefore": _iso(y, a), "notAfter": _iso(y, b)}
    if kind == "year_range":
        if len(years) < 2 or years[1] < years[0]:
            return None
        return {"from": str(years[0]), "to": str(years[1])}
    if kind == "year":
        return {"when": str(years[0])}
    if kind in ("decade", "decade_range"):
        roman = _ROM_RE.findall(s)
        hint = roman_to_int(roman[-1]) if roman else (context // 100 + 1 if context else None)
        decs = _DEC_RE.findall(s)
        if not decs:
            return None
        a = _decade_year(decs[0], hint)
        b = _decade_year(decs[-1], hint)
        if b < a:
            return None
        # a half narrows one decade ("второй половине 30-х годов"); a range of decades stays whole
        lo, hi = _halve(a, b + 9, _half_in(low, g) if kind == "decade" else None)
        return {"notBefore": str(lo), "notAfter": str(hi)}
    if kind in ("century", "century_range"):
        roman = [roman_to_int(r) for r in _ROM_RE.findall(s)]
        if not roman or any(r < 1 or r > 21 for r in roman):
            return None
        half = _half_in(low, g)
        if kind == "century_range":
            lo, _ = _century_bounds(roman[0], None)
            _, hi = _century_bounds(roman[-1], None)
            if hi < lo:
                return None
            return {"notBefore": str(lo), "notAfter": str(hi)}
        lo, hi = _century_bounds(roman[0], half)
        return {"notBefore": str(lo), "notAfter": str(hi)}
    return None


def find_dates(text: str, context_year: int | None = None) -> list[Span]:
    """Date spans of ``text`` in text order, each with its ISO values.

    A day or month without a year takes the nearest preceding year in ``text``, else
    ``context_year``, else stays yearless (``--MM-DD``).

    >>> [(text[s.start:s.end], s.values) for text in ["К 1922 г. всё"] for s in find_dates(text)]
    [('1922 г.', {'when': '1922'})]
    """
    g = _grammar()
    cands: list[tuple[int, int, int, str]] = []
    for prio, (kind, pat) in enumerate(g.patterns):
        for m in pat.finditer(text):
            if m.end() > m.start():
                cands.append((m.start(), m.end(), prio, kind))
    # longest match wins; on equal length, the earlier pattern (more specific) wins
    cands.sort(key=lambda c: (-(c[1] - c[0]), c[2], c[0]))
    taken: list[tuple[int, int, str]] = []
    for s, e, _, kind in cands:
        if all(e <= ts or s >= te for ts, te, _ in taken):
            taken.append((s, e, kind))
    taken.sort()
    out: list[Span] = []
    last_year = context_year
    for s, e, kind in taken:
        frag = text[s:e]
        try:
            attrs = _normalize(kind, frag, last_year, g)
        except (IndexError, ValueError, KeyError):  # a shape the grammar admits but cannot read
            attrs = None
        if attrs is None:
            continue
        years = [int(y) for y in _YEAR_RE.findall(frag)]
        if years:
            last_year = years[-1]
        out.append(Span(s, e, "date", values=attrs))
    return out
