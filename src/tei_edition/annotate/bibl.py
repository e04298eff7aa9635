"""Citations in footnotes -> nested standoff spans (a citation with its author, title, ...).

Runs after the readers, on :class:`~tei_edition.model.Mark` notes (``Mark.spans``); the TEI
writer inlines the spans (TEI Guidelines 3.12.1 "Methods of Encoding Bibliographic References",
3.12.2.5 "Scopes and Ranges"). Notes follow the Russian GOST 7.1 pattern
``Author. Title / responsibility // Host. – Place : Publisher, Year. – Vol. – Pages.``;
newspapers ``Известия. – 1925. – 25 февраля.``; «Там же» repeats the previous citation and names
that note (``repeats``). Vocabulary (places, scope markers, ibid forms) lives in
``data/bibl_ru.json``; months come from ``data/dates_ru.json``. A note that is no citation
(an explanation, a conversion of units) gets no span.
"""

from __future__ import annotations

import re
from functools import lru_cache

from ..resources import data_json
from ..model import Document, Span

__all__ = ["citation_spans", "annotate_notes", "is_ibid"]

_DASH = "[–—-]"


def _data() -> dict:
    return data_json("bibl_ru.json")


@lru_cache(maxsize=1)
def _months() -> dict[str, int]:
    months = data_json("dates_ru.json")["months"]
    return {form: i for i, forms in enumerate(months, 1) for form in forms}


@lru_cache(maxsize=1)
def _patterns() -> dict[str, re.Pattern]:
    d = _data()
    places = "|".join(re.escape(p) for p in sorted(d["places"], key=len, reverse=True))
    # a place: a known one, a capitalised word, or a short capitalised abbreviation with its dot
    place = rf"(?:{places}|[А-ЯЁ][а-яё]+(?:-[А-ЯЁ][а-яё]+)*(?![.\w])|[А-ЯЁ][а-яё]{{0,2}}\.)"
    year = r"\d{4}(?:\s*[–-]\s*\d{4})?"
    months = "|".join(sorted(_months(), key=len, reverse=True))
    scope = "|".join(re.escape(k) for k in sorted(d["scope"], key=len, reverse=True))
    ibid = "|".join(re.escape(k) for k in d["ibid"])
    return {
        # Place : Publisher, Year   (also "Place; Publisher", "Place. : Publisher, – Year")
        "pub": re.compile(rf"(?P<place>{place})\.?\s*[:;]\s*(?P<pub>[^,:;–—/]*?[^\s,:;–—/])\s*,\s*(?:{_DASH}\s*)?"
                          rf"(?P<date>{year})(?!\d)"),
        # Place, Year
        "place_year": re.compile(rf"(?P<place>{places})\s*,\s*(?P<date>{year})(?!\d)"),
        # newspaper issue: "1925. – 25 февраля"
        "day": re.compile(rf"(?<!\d)(?P<y>\d{{4}})\s*\.?\s*{_DASH}?\s*(?P<d>\d{{1,2}})\s+(?P<m>{months})(?![а-я])"),
        "year": re.compile(rf"(?<![\d№(/])(?P<date>{year})(?!\d)(?=\s*(?:[.,;)]|{_DASH}|$))"),
        "scope": re.compile(rf"(?P<marker>{scope})\s*(?P<val>\d+(?:/\d+)?(?:\s*[–-]\s*\d+)?"
                            rf"(?:\s*,\s*\d+(?:\s*[–-]\s*\d+)?)*)(?:\s*\(\d+\))?"),
        "ibid": re.compile(rf"^\s*(?:{ibid})(?![а-яё\w])"),
        # the end of a title: responsibility, host, area separator, or the tail of a dashless note
        "title_end": re.compile(rf"\s*//|\s*/(?!/)|\.\s*{_DASH}\s*|\s+{_DASH}\s+(?=(?:{place}\s*[:,]|\d{{4}}|{scope}\s*\d))"
                                rf"|,\s*(?=\d{{4}}\s*[.,]|\d{{4}}\s*$)"
                                rf"|\.\s+(?=(?:{scope})\s*\d|(?:{places})\s*[,:])"),
        "author": re.compile(r"^(?P<sur>[А-ЯЁ][а-яё]+(?:-[А-ЯЁ][а-яё]+)?)(?P<comma>,?)\s+"
                             r"(?P<ini>[А-ЯЁ]\.\s?(?:[А-ЯЁ]\.)?)(?=\s|[А-ЯЁ])"),
        "cite_signal": re.compile(rf"//|(?<![а-яё])С\.\s*\d|\d+\s*с\.|(?:{places})\.?\s*[,:]\s*\S|\.\s*{_DASH}\s*\d{{4}}"
                                 r"|\s/\s.*\d{4}"),
    }


def is_ibid(note_text: str) -> bool:
    """Whether a note repeats the previous citation («Там же. С. 5.», «Ibid.»).

    >>> is_ibid("Там же. С. 5."), is_ibid("Тамбов, 1920.")
    (True, False)
    """
    return bool(_patterns()["ibid"].match(note_text))


def _strip(text: str, s: int, e: int) -> tuple[int, int]:
    """Trim spaces and separators; keep the dot of an abbreviation («1920 г.», «гг.»)."""
    while s < e and text[s] in " .,:;–—-/":
        s += 1
    while e > s and text[e - 1] in " ,:;–—-/":
        e -= 1
    if e > s and text[e - 1] == ".":
        word = re.search(r"(\w+)\.$", text[s:e])
        if not (word and (len(word.group(1)) <= 3 and word.group(1).islower() or len(word.group(1)) == 1)):
            e -= 1
            while e > s and text[e - 1] in " ,:;":
                e -= 1
    return s, e


def _is_name(word: str) -> bool:
    """A surname candidate without a comma: not a dictionary common word («Письма И. В. ...»)."""
    from .linking import parse

    ps = [p for p in parse(word) if p.score >= 0.1]
    if not ps or not ps[0].is_known:
        return True
    return any(t in p.tag for p in ps for t in ("Surn", "Name"))


def _scope_span(m: re.Match, off: int) -> Span:
    return Span(off + m.start(), off + m.end(), "scope", values={"unit": _data()["scope"][m.group("marker")]})


def _date_span(m: re.Match, off: int) -> Span:
    """A year or a range of years of a publication statement."""
    value = m.group("date")
    rng = re.fullmatch(r"(\d{4})\s*[–-]\s*(\d{4})", value)
    values = {"from": rng.group(1), "to": rng.group(2)} if rng else {"when": value}
    return Span(off + m.start("date"), off + m.end("date"), "date", values=values)


def _titles(seg: str, pos: int) -> tuple[list[tuple[int, int]], int]:
    """The analytic or monographic title from ``pos``, then the host after «//»: their extents
    in ``seg``, and where the title area ends."""
    p = _patterns()
    titles: list[tuple[int, int]] = []
    end_title = start = pos
    while start < len(seg):
        m = p["title_end"].search(seg, start + 1)
        t_end = m.start() if m else len(seg)
        a, b = _strip(seg, start, t_end + (seg[t_end:t_end + 1] == "."))  # _strip keeps «гг.»
        if b > a:
            titles.append((a, b))
        end_title = t_end
        if not m:
            break
        nxt = seg.find("//", m.start())
        if nxt < 0:
            break
        start = nxt + 2
        # skip the responsibility statement between the title and the host
        end_title = start
    return titles, end_title


def _title_spans(seg: str, s: int, titles: list[tuple[int, int]], end_title: int) -> list[Span]:
    """Title spans with their level: an article in a host, a book, or a periodical (an issue
    number or a day follows)."""
    has_issue = bool(re.search(r"№\s*\d", seg)) or bool(_patterns()["day"].search(seg, end_title))
    host = "journal" if has_issue else "monographic"
    levels = ["analytic", host] if len(titles) > 1 else [host]
    return [Span(s + a, s + b, "title", values={"level": level}) for (a, b), level in zip(titles, levels)]


def _imprint(seg: str, s: int, tail_from: int) -> list[Span]:
    """Publication statements, issue days, scopes and loose years after the titles, in the order
    they win overlaps (publication statements before loose years)."""
    p = _patterns()
    found: list[Span] = []
    for m in p["pub"].finditer(seg, tail_from):
        pa, _ = _strip(seg, m.start("place"), m.end("place"))
        found += [Span(s + pa, s + m.end("place"), "pub_place"),
                  Span(s + m.start("pub"), s + m.end("pub"), "publisher"), _date_span(m, s)]
    for m in p["place_year"].finditer(seg, tail_from):
        found += [Span(s + m.start("place"), s + m.end("place"), "pub_place"), _date_span(m, s)]
    for m in p["day"].finditer(seg, tail_from):
        when = f"{m.group('y')}-{_months()[m.group('m')]:02d}-{int(m.group('d')):02d}"
        found.append(Span(s + m.start(), s + m.end(), "date", values={"when": when}))
    found += [_scope_span(m, s) for m in p["scope"].finditer(seg, tail_from)]
    found += [_date_span(m, s) for m in p["year"].finditer(seg, tail_from)]
    return found


def _one(text: str, s: int, e: int, prev_id: str | None) -> list[Span]:
    """Spans of the citation in ``text[s:e]`` (a ``bibl`` first), or [] if it is none."""
    p = _patterns()
    s, e = _strip(text, s, e)
    if e - s < 4:
        return []
    seg = text[s:e]
    bibl = Span(s, e + (1 if text[e:e + 1] == "." else 0), "bibl")
    ibid = p["ibid"].match(seg)
    if ibid is not None:
        if prev_id:
            bibl.values["repeats"] = prev_id
        return [bibl, *(_scope_span(m, s) for m in p["scope"].finditer(seg, ibid.end()))]
    if not p["cite_signal"].search(seg):
        return []
    inner: list[Span] = []
    pos = 0
    au = p["author"].match(seg)
    if au and (au.group("comma") or _is_name(au.group("sur"))):
        inner.append(Span(s, s + au.end(), "author"))
        pos = au.end()
    titles, end_title = _titles(seg, pos)
    inner += _title_spans(seg, s, titles[:2], end_title)
    taken = [(x.start, x.end) for x in inner]
    for sp in _imprint(seg, s, titles[-1][1] if titles else pos):  # the first found wins
        if not any(sp.start < b and a < sp.end for a, b in taken):
            inner.append(sp)
            taken.append((sp.start, sp.end))
    if not titles and not any(x.kind in ("date", "scope", "publisher") for x in inner):
        return []
    return [bibl, *sorted(inner, key=lambda x: x.start)]


def _segments(text: str) -> list[tuple[int, int]]:
    """Split a note at «;» where a new citation starts (an author with a comma, or «Там же»)."""
    cuts = [0]
    for m in re.finditer(r";\s*", text):
        rest = text[m.end():]
        before = text[cuts[-1]:m.start()]
        if (re.match(r"(?:Там же|Ibid|[А-ЯЁ][а-яё]+,\s*[А-ЯЁ]\.)", rest)
                and re.search(r"\d{4}|С\.\s*\d", before)):
            cuts.append(m.start())
    bounds = cuts + [len(text)]
    return [(bounds[i] + (1 if i else 0), bounds[i + 1]) for i in range(len(cuts))]


def citation_spans(note_text: str, prev_id: str | None = None) -> list[Span]:
    """Nested citation spans of a note (``prev_id``: the note «Там же» repeats).

    >>> [(s.kind, "Известия. – 1925. – 25 февраля."[s.start:s.end]) for s in citation_spans(
    ...     "Известия. – 1925. – 25 февраля.")]
    [('bibl', 'Известия. – 1925. – 25 февраля.'), ('title', 'Известия'), ('date', '1925. – 25 февраля')]
    """
    out: list[Span] = []
    for a, b in _segments(note_text):
        out += _one(note_text, a, b, prev_id)
    return out


def _crosses(a: Span, b: Span) -> bool:
    return a.start < b.end and b.start < a.end and not (
        a.start <= b.start and b.end <= a.end) and not (b.start <= a.start and a.end <= b.end)


def annotate_notes(doc: Document) -> None:
    """Add citation spans to every note of ``doc`` (in place; notes already done are skipped).

    «Там же» points to the nearest preceding note that holds a citation (following that note's
    own pointer when it is itself «Там же»), in reading order.
    """
    last: str | None = None  # id of the last note with a real citation
    for block in doc.iter_blocks():
        for mark in sorted(block.marks, key=lambda m: m.offset):
            if mark.kind != "note" or not mark.text.strip():
                continue
            existing = [sp for sp in mark.spans if sp.kind == "bibl"]
            if existing:
                spans = existing
            else:
                spans = citation_spans(mark.text, last)
                new = [sp for sp in spans if not any(_crosses(sp, o) for o in mark.spans)]
                mark.spans.extend(new)
            if spans and mark.id and not is_ibid(mark.text):
                last = mark.id


