"""Identity keys, canonical names and the registers of persons, places and organisations.

Every mention gets a key that is the same for all mentions of one real entity whatever its case
form or initials («Карахан», «Л.М. Караханом» -> ``per-karakhan``; «Японией» -> ``pl-japan``).
Keys come from the gazetteer (:mod:`.knowledge`: the library's and the edition's) when it knows the entity, else
from pymorphy3 lemmas (for persons: the surname alone, so initials do not split an entity).
Keys double as register ids: they derive from the canonical name, never from counters, so they
are stable across runs. :class:`Registers` collects entries (canonical name, variants, counts).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from ..resources import data_json

__all__ = ["alt_person_key", "parse", "link_document", "Gazetteer", "GazEntry", "Registers", "RegisterEntry", "gazetteer", "morph", "link_key",
           "translit", "PREFIX"]

PREFIX = {"person": "per", "place": "pl", "org": "org"}
_INITIAL = re.compile(r"^[А-ЯЁA-Z]\.?$")
_WORD = re.compile(r"[\wЁё]+(?:-[\wЁё]+)*|\([а-яё]\)", re.UNICODE)
WORD_RE = _WORD  # the name tokenizer, for callers that compare name forms


@lru_cache(maxsize=1)
def morph():
    """The pymorphy3 analyzer, loaded once per process (it takes about a second)."""
    import pymorphy3

    return pymorphy3.MorphAnalyzer()


@lru_cache(maxsize=200_000)
def parse(word: str) -> tuple:
    """pymorphy3's parses of ``word``, cached: the rules ask about the same words many times
    (a profile of ``ner`` found most of its time in repeated parses)."""
    return tuple(morph().parse(word))


def _translit_table() -> dict[str, str]:
    return data_json("ner_translit_ru.json")


def translit(s: str) -> str:
    """ASCII id part of a Russian name (simplified BGN/PCGN, the project's own convention).

    >>> translit("Карахан"), translit("Дальний Восток")
    ('karakhan', 'dalnii-vostok')
    """
    table = _translit_table()
    out = "".join(table.get(ch, ch) for ch in s.lower())
    out = re.sub(r"[^a-z0-9]+", "-", out).strip("-")
    return out or "x"


@lru_cache(maxsize=65536)
def lemmas(word: str) -> frozenset[str]:
    """All pymorphy3 normal forms of ``word`` (lower case), plus the word itself."""
    w = word.lower().replace("ё", "е")
    return frozenset({w} | {p.normal_form.replace("ё", "е") for p in parse(w)})


_ENDINGS = ("", "а", "я", "у", "ю", "ом", "ем", "ём", "е", "и", "ы", "ой", "ей", "ою", "ею", "ам",
            "ям", "ах", "ях", "ами", "ями", "ов", "ев", "ого", "ему", "ому", "ым", "им", "ую", "ая",
            "ий", "ый", "ые", "ых", "их", "ь", "й")


def _stem(word: str) -> str:
    w = word.lower().replace("ё", "е")
    return re.sub(r"(ий|ый|ая|ое|[аяйьоеыи])$", "", w) if len(w) > 3 else w


def token_matches(surface: str, variant: str) -> bool:
    """Whether a text token can be an inflected form of a gazetteer token.

    Lemma sets meet, or the surface is the variant's stem plus a case ending (pymorphy3 guesses
    badly on foreign names: «Шикаем» is parsed as a verb).

    >>> token_matches("Шикаем", "Шикай"), token_matches("Японией", "Япония"), token_matches("Японский", "Япония")
    (True, True, False)
    """
    s, v = surface.lower().replace("ё", "е"), variant.lower().replace("ё", "е")
    if s == v:
        return True
    if v.isupper() or len(v) <= 2 or variant.isupper():
        return False
    if not s[:1].isalpha():
        return False
    stem = _stem(v)
    if s.startswith(stem) and s[len(stem):] in _ENDINGS and len(stem) >= 3:
        return True
    return bool(lemmas(s) & lemmas(v)) and "-" not in v


@dataclass(frozen=True)
class GazEntry:
    id: str
    type: str
    canonical: str
    variants: tuple[tuple[str, ...], ...]  # each variant as a token tuple
    ci: bool = False
    wikidata: str = ""
    geonames: str = ""  # a GeoNames continent or country code ("AS", "JP"), see annotate.geo
    geo: tuple[float, float] | None = None  # an editor's point (latitude, longitude)
    city: bool = False  # a city: its GeoNames point may be looked up by name


class Gazetteer:
    """Known entities of the corpus, matched on token sequences with inflection tolerance."""

    def __init__(self, entries: list[GazEntry]):
        self.entries = {e.id: e for e in entries}
        self.by_first: dict[str, list[tuple[tuple[str, ...], GazEntry]]] = {}
        for e in entries:
            for var in e.variants:
                self.by_first.setdefault(_stem(var[0])[:3], []).append((var, e))
        for lst in self.by_first.values():
            lst.sort(key=lambda x: -len(x[0]))

    def match_at(self, words: list[str], i: int, caseless: bool = False) -> tuple[int, GazEntry] | None:
        """Longest entry whose variant matches ``words[i:]``; returns (length, entry)."""
        w0 = words[i]
        for var, e in self.by_first.get(_stem(w0)[:3], []):
            n = len(var)
            if i + n > len(words):
                continue
            ok = True
            for k in range(n):
                w, v = words[i + k], var[k]
                if not caseless and not e.ci:
                    if v[:1].isupper() and not w[:1].isupper():
                        ok = False
                        break
                    if v.isupper() and len(v) > 1 and w != v:
                        ok = False
                        break
                if not token_matches(w, v):
                    ok = False
                    break
            if ok:
                return n, e
        return None

    def lookup(self, text: str, type_: str | None = None) -> GazEntry | None:
        """The entry whose variant matches the whole of ``text``, if any."""
        words = _WORD.findall(text)
        if not words:
            return None
        hit = self.match_at(words, 0)
        if hit and hit[0] == len(words) and (type_ is None or hit[1].type == type_):
            return hit[1]
        return None


def gazetteer_variants(forms) -> tuple[tuple[str, ...], ...]:
    """Gazetteer variants (token tuples) of name forms as written."""
    return tuple(tuple(_WORD.findall(v)) for v in forms if v.strip())


def gazetteer() -> Gazetteer:
    """The gazetteer in force: the library's general one plus the active edition's names
    (:mod:`tei_edition.annotate.knowledge`), parsed once per state."""
    from . import knowledge

    return knowledge.gazetteer()


# ---------------------------------------------------------------------------- keys

def _is_initial(tok: str) -> bool:
    return bool(_INITIAL.match(tok))


@lru_cache(maxsize=1)
def _surname_rules() -> list[tuple[str, str]]:
    return [(a, b) for a, b in data_json("ner_surnames_ru.json")["rules"]]


def _surname_nominative(word: str, hint: dict[str, str] | None = None, surname: bool = False) -> str:
    """Nominative of a surname keeping its gender («Ложкиной» -> «Ложкина»).

    ``hint`` holds the contextual ``Case``/``Gender`` a tagger gave the word (Universal
    Dependencies feats); it settles «Каменева» (masculine genitive or feminine nominative).
    A mention names one person, so pymorphy3's plural readings are no readings of it; with
    ``surname`` (the word follows initials or a forename) its forename readings are none
    either: «Л.М. Карахан» is no genitive plural of a forename «Карахана».
    """
    for pat, rep in _surname_rules():
        if re.search(pat, word):
            return re.sub(pat, rep, word)
    parses = tuple(p for p in parse(word) if p.tag.number != "plur"
                   and not (surname and "Name" in p.tag)) or parse(word)
    if hint:
        case = {"Nom": "nomn", "Gen": "gent", "Dat": "datv", "Acc": "accs", "Ins": "ablt", "Loc": "loct"}.get(hint.get("Case", ""))
        gender = {"Fem": "femn", "Masc": "masc"}.get(hint.get("Gender", ""))
        if case == "nomn" and (gender is None or any(p.tag.gender == gender for p in parses if p.tag.case == "nomn")):
            return word
        for p in parses:
            if p.tag.case == case and (gender is None or p.tag.gender == gender) and p.tag.POS in ("NOUN", "ADJF"):
                form = p.inflect({"nomn", "sing"})
                if form:
                    return _recase(form.word, word)
    if any(p.tag.case == "nomn" and p.word == word.lower() and ("Surn" in p.tag or "Name" in p.tag) for p in parses[:2]):
        return word
    for p in parses:
        if "Surn" in p.tag and p.tag.case != "nomn":
            form = p.inflect({"nomn", "sing"})
            if form:
                return _recase(form.word, word)
    for p in parses:
        if "Surn" in p.tag or "Name" in p.tag:
            return _recase(p.normal_form, word) if p.tag.case != "nomn" else word
    best = parses[0]
    if best.tag.POS in ("NOUN",) and best.tag.case not in (None, "nomn"):
        return _recase(best.normal_form, word)
    return word


def _recase(form: str, like: str) -> str:
    if like.isupper() and len(like) > 1:
        return form.upper()
    if like[:1].isupper():
        cased = like.split("-")  # 'Ростов-на-Дону': a part written lower case stays so
        return "-".join(p if i < len(cased) and cased[i][:1].islower() else p[:1].upper() + p[1:]
                        for i, p in enumerate(form.split("-")))
    return form


def nominative_phrase(words: list[str]) -> str:
    """A name phrase in the nominative: words up to the head noun agree, the rest stays.

    >>> nominative_phrase(["Дальнем", "Востоке"]), nominative_phrase(["Квантунской", "армии"])
    ('Дальний Восток', 'Квантунская армия')
    """
    if len(words) == 1 and (compound := _compound_place_nominative(words[0])):
        return compound
    out: list[str] = []
    head = None
    for i, w in enumerate(words):
        if not re.match(r"[А-Яа-яЁё]", w):
            out.append(w)
            continue
        ps = parse(w)
        nouns = [p for p in ps if p.tag.POS == "NOUN"]
        noun = next((p for p in nouns if p.tag.number == "sing"), nouns[0] if nouns else None)
        if noun is not None and (ps[0].tag.POS == "NOUN" or i == len(words) - 1):
            head = i
            f = noun.inflect({"nomn"}) if noun.tag.number != "plur" else noun.inflect({"nomn", "plur"})
            out.append(_recase(f.word if f else noun.normal_form, w))
            break
        out.append(w)
    if head is None:
        return " ".join(words)
    # adjectives before the head agree with it
    hps = [p for p in parse(words[head]) if p.tag.POS == "NOUN"]
    hp = next((p for p in hps if p.tag.number == "sing"), hps[0])
    gender, number = hp.tag.gender, hp.tag.number
    for j in range(head):
        ps = parse(words[j])
        adj = next((p for p in ps if p.tag.POS in ("ADJF", "PRTF")), None)
        if adj is not None:
            want = {"nomn", "plur"} if number == "plur" else {"nomn", gender or "masc"}
            f = adj.inflect(want)
            if f:
                out[j] = _recase(f.word, words[j])
    return " ".join(out + list(words[head + 1:]))


def _compound_place_nominative(word: str) -> str | None:
    """'Петропавловска-Камчатского' -> 'Петропавловск-Камчатский': a place noun and an adjective
    joined by a hyphen, each part put in the nominative (the adjective agreeing with the noun);
    in 'Николаевске-на-Амуре' only the noun before the preposition declines."""
    parts = word.split("-")
    noun = next((p for p in parse(parts[0]) if p.is_known and p.tag.POS == "NOUN" and "Geox" in p.tag), None)
    if noun is None or len(parts) < 2:
        return None
    head = noun.inflect({"nomn", "sing"}) or noun
    if len(parts) >= 3 and parse(parts[1])[0].tag.POS == "PREP":  # 'Николаевске-на-Амуре'
        return "-".join([_recase(head.word, parts[0])] + parts[1:])
    adj = next((p for p in parse(parts[1]) if p.tag.POS == "ADJF"), None)
    if adj is None or len(parts) != 2:
        return None
    agree = adj.inflect({"nomn", "sing", head.tag.gender or "masc"})
    if agree is None:
        return None
    return _recase(head.word, parts[0]) + "-" + _recase(agree.word, parts[1])


def person_parts(words: list[str], hints: dict[str, dict[str, str]] | None = None) -> tuple[str, str]:
    """(surname in the nominative, forename part as printed) of a person mention.

    ``hints`` maps a word to its contextual morphology (see :func:`_surname_nominative`).
    """
    hints = hints or {}
    initials = [w for w in words if _is_initial(w)]
    names = [w for w in words if not _is_initial(w) and re.match(r"[А-ЯЁA-Z]", w)]
    if not names:
        return " ".join(words), ""
    if initials:
        sur = names[-1] if words.index(names[-1]) > words.index(initials[0]) else names[0]
        return _surname_nominative(sur, hints.get(sur), surname=True), \
            "".join(i if i.endswith(".") else i + "." for i in initials)
    if len(names) >= 2:
        first = parse(names[0])
        if any("Name" in p.tag for p in first[:2]) and _is_epithet(names[-1]):
            return " ".join(_nominative_form(w, "Name" if i == 0 else None) for i, w in enumerate(names)), ""
        if any("Name" in p.tag for p in first[:2]) and not any("Surn" in p.tag for p in first[:1]):
            if _AMBIGUOUS_FEM.match(names[-1]) and _feminine_nominative(names[0]):
                return names[-1], names[0]  # «Анна Ахматова»: the forename tells the gender
            return _surname_nominative(names[-1], hints.get(names[-1]), surname=True), " ".join(names[:-1])
        return " ".join(names), ""  # East Asian order or unknown: keep the whole name
    return _surname_nominative(names[0], hints.get(names[0])), ""


def _feminine_nominative(forename: str) -> bool:
    """Whether every forename reading of the word is a feminine nominative («Анна», not «Анны»)."""
    names = [p for p in parse(forename) if "Name" in p.tag]
    return bool(names) and all(p.tag.gender == "femn" and p.tag.case == "nomn" for p in names)


def _is_epithet(word: str) -> bool:
    """'Японский' in 'Сергий Японский': an adjective after a forename is a byname, no surname."""
    ps = parse(word)
    return ps[0].tag.POS == "ADJF" and not any(t in p.tag for p in ps for t in ("Surn", "Name", "Patr"))


def _nominative_form(word: str, tag: str | None) -> str:
    for p in parse(word):
        if (tag is None or tag in p.tag) and p.tag.case and p.tag.case != "nomn":
            f = p.inflect({"nomn", "sing"})
            if f:
                return _recase(f.word, word)
        if (tag is None or tag in p.tag) and p.tag.case == "nomn":
            return word
    return word


def link_key(text: str, type_: str, hints: dict[str, dict[str, str]] | None = None) -> tuple[str, str, str]:
    """(key, canonical name, gazetteer wikidata) for a mention of ``type_``.

    >>> link_key("Л.М. Караханом", "person")[0], link_key("Японией", "place")[0]
    ('per-karakhan', 'pl-japan')
    """
    gaz = gazetteer()
    words = _WORD.findall(text)
    entry = gaz.lookup(text, type_)
    if entry is None and type_ == "person" and words:
        sur, fore = person_parts(words, hints)
        entry = gaz.lookup(sur, "person")
        if entry is None:
            return f"per-{translit(sur)}", f"{sur}, {fore}" if fore else sur, ""
    if entry is not None:
        return entry.id, entry.canonical, entry.wikidata
    canon = nominative_phrase(words) if words else text
    # ordinals differ by case ("9-й", "9-я", "9-го"): the number alone identifies the unit
    ident = translit(re.sub(r"(\d+)-[а-я]+", r"\1", canon))
    return f"{PREFIX[type_]}-{ident}", canon, ""


_AMBIGUOUS_FEM = re.compile(r"^([А-ЯЁ][а-яё]+(?:ов|ев|ёв|ин|ын))а$")


def alt_person_key(text: str) -> tuple[str, str] | None:
    """The feminine reading of an ambiguous surname form, as (key, canonical).

    «Ложкина» is the genitive of Ложкин or the nominative of Ложкина; :func:`link_key` reads
    the masculine, and :func:`link_document` switches to this reading when the document names
    a feminine «Ложкина» unambiguously elsewhere.
    """
    words = _WORD.findall(text)
    names = [w for w in words if not _is_initial(w)]
    if len(names) != 1 or not _AMBIGUOUS_FEM.match(names[0]):
        return None
    fore = "".join(w if w.endswith(".") else w + "." for w in words if _is_initial(w))
    return f"per-{translit(names[0])}", f"{names[0]}, {fore}" if fore else names[0]


def link_document(spans: list) -> None:
    """Make keys consistent across one document's entity spans (in place).

    Ambiguous surname forms take their feminine reading when that person is named
    unambiguously elsewhere; a one-word person mention («Шикай») joins the only longer
    name of the document that contains the word («Юань Шикай»).
    """
    def initials(canon: str) -> str:
        return canon.split(", ", 1)[1] if ", " in canon else ""

    sure: dict[str, set[str]] = {}
    for s in spans:
        if "key_alt" not in s.values:
            sure.setdefault(s.key, set()).add(initials(s.values.get("canonical", "")))
    for s in spans:
        alt = s.values.pop("key_alt", None)
        canon_alt = s.values.pop("canonical_alt", None)
        if alt and alt in sure and s.key not in sure:
            mine = initials(canon_alt or "")
            # "О. Каменевой" is not "Л. Каменева": switch only to a compatible feminine mention
            if not mine or any(not x or x == mine for x in sure[alt]):
                s.key, s.values["canonical"] = alt, canon_alt
    persons = [s for s in spans if s.kind == "person"]
    multi: dict[str, set[str]] = {}
    for s in persons:
        canon = s.values.get("canonical", "")
        if "," not in canon and " " in canon:
            for w in canon.split():
                multi.setdefault(w.lower(), set()).add(s.key)
    by_key = {s.key: s.values.get("canonical", "") for s in persons}
    for s in persons:
        canon = s.values.get("canonical", "")
        if " " not in canon and "," not in canon:
            cands = multi.get(canon.lower(), set())
            if len(cands) == 1:
                k = next(iter(cands))
                s.key, s.values["canonical"] = k, by_key[k]


# ---------------------------------------------------------------------------- registers

@dataclass
class RegisterEntry:
    id: str
    type: str
    canonical: str
    surname: str = ""
    forename: str = ""
    variants: dict[str, int] = field(default_factory=dict)
    count: int = 0
    wikidata: str = ""
    curated: bool = False  # an editor's entry: automatic runs add counts, never rewrite it
    # editors' facts (curation/registers.toml); automatic runs leave them empty
    birth: str = ""  # ISO date or free text
    death: str = ""
    geo: tuple[float, float] | None = None  # (latitude, longitude), WGS84 decimal degrees
    note: str = ""
    geonames: str = ""  # GeoNames feature id of a place (annotate.geo)


@dataclass
class Registers:
    """Persons, places and organisations of a document or corpus, keyed by stable id."""

    entries: dict[str, RegisterEntry] = field(default_factory=dict)

    def add(self, key: str, type_: str, canonical: str, surface: str, wikidata: str = "") -> RegisterEntry:
        e = self.entries.get(key)
        if e is None:
            sur, fore = (canonical.split(", ", 1) + [""])[:2] if type_ == "person" else ("", "")
            e = self.entries[key] = RegisterEntry(key, type_, canonical, sur, fore, wikidata=wikidata)
        elif not e.curated and type_ == "person" and len(canonical) > len(e.canonical):
            e.canonical = canonical  # "Карахан, Л.М." beats "Карахан"
            e.surname, e.forename = (canonical.split(", ", 1) + [""])[:2]
        e.variants[surface] = e.variants.get(surface, 0) + 1
        e.count += 1
        return e

    def of_type(self, type_: str) -> list[RegisterEntry]:
        return sorted((e for e in self.entries.values() if e.type == type_), key=lambda e: e.id)

    @property
    def persons(self) -> list[RegisterEntry]:
        return self.of_type("person")

    @property
    def places(self) -> list[RegisterEntry]:
        return self.of_type("place")

    @property
    def orgs(self) -> list[RegisterEntry]:
        return self.of_type("org")
