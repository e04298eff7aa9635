"""Persons, places and organisations in Russian running text -> standoff entity spans.

Engine: Natasha (slovnet NER over navec embeddings; models shipped in the PyPI packages, loaded
once per process on first use), corrected by knowledge (:mod:`.knowledge`: the library's general
gazetteer plus the edition's ``curation/names.toml``) and rules for the model's errors (word
lists in ``data/ner_rules_ru.json``). Each rule is a function ``list[_Ent] -> list[_Ent]`` named in
:data:`RULES`, so the benchmark can switch rules off one at a time and measure them.
Span boundaries follow the gold guidelines (titles, roles and generic words such as "р." or
"озере" stay outside; abbreviations in parentheses are mentions of their own).
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field, replace
from functools import lru_cache

from ..resources import data_json
from ..model import Span
from . import knowledge
from .linking import PREFIX, _recase, alt_person_key, gazetteer, lemmas, link_key, parse, token_matches, translit

__all__ = ["recognize", "natasha_spans", "RULES", "load_models"]

_NATASHA_TYPE = {"PER": "person", "LOC": "place", "ORG": "org"}
_TOKEN = re.compile(r"[\wЁё]+(?:-[\wЁё]+)*(?:\([а-яё]\))?|[^\w\s]", re.UNICODE)
_INITIAL = re.compile(r"[А-ЯЁ]\.")


@dataclass
class _Ent:
    start: int
    end: int
    type: str
    source: str = "model"  # model | gazetteer | rule
    gaz_id: str | None = None
    hints: dict = field(default_factory=dict)
    alias: int | None = None  # mentions sharing an alias number name one entity ("X (Y)")


def _rules_data() -> dict:
    return data_json("ner_rules_ru.json")


def _wordset(*names: str) -> frozenset[str]:
    """The union of the named word lists of ``ner_rules_ru.json`` (built once: :func:`_wordsets`)."""
    return _wordsets(names)


@lru_cache(maxsize=64)
def _wordsets(names: tuple[str, ...]) -> frozenset[str]:
    d = _rules_data()
    return frozenset(w for n in names for w in d[n])


@lru_cache(maxsize=64)
def _prefixes(names: tuple[str, ...]) -> frozenset[str]:
    return frozenset(_fold(w)[:3] for w in _wordsets(names))


def _stop_words() -> frozenset[str]:
    """Single words never tagged alone: the library's general list and the edition's own."""
    return _wordset("stop_single") | knowledge.stop_words()


def _fold(word: str) -> str:
    return word.lower().replace("ё", "е")


def _could_be(word: str, *names: str) -> bool:
    """Cheap test before lemmatising: a form of a listed word shares its first three letters
    (the lists hold no suppletive words), so most words of a text are never parsed."""
    return _fold(word)[:3] in _prefixes(names)


@lru_cache(maxsize=1)
def load_models():
    """Natasha's segmenter, NER and morphology taggers, loaded once (a few seconds).

    slovnet's small matrix products are faster and reproducible on one BLAS thread, so the
    thread count is pinned before numpy is first imported (unless the caller set it).
    """
    for var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
        os.environ.setdefault(var, "1")
    from natasha import NewsEmbedding, NewsMorphTagger, NewsNERTagger, Segmenter

    emb = NewsEmbedding()
    return Segmenter(), NewsNERTagger(emb), NewsMorphTagger(emb)


def natasha_spans(text: str, morph_tags: bool = False):
    """Plain Natasha: [(start, end, 'PER'|'LOC'|'ORG')], plus token feats when asked."""
    seg, ner, mt = load_models()  # first: it pins the BLAS threads before natasha imports numpy
    from natasha import Doc

    doc = Doc(text)
    doc.segment(seg)
    doc.tag_ner(ner)
    feats = {}
    if morph_tags and any(s.type == "PER" for s in doc.spans):
        doc.tag_morph(mt)
        feats = {(t.start, t.stop): t.feats for t in doc.tokens}
    return [(s.start, s.stop, s.type) for s in doc.spans], feats


# ---------------------------------------------------------------------------- helpers

def _tokens(text: str, start: int, end: int) -> list[tuple[int, int, str]]:
    return [(m.start(), m.end(), m.group()) for m in _TOKEN.finditer(text, start, end)]


def _words(text: str, e: _Ent) -> list[tuple[int, int, str]]:
    return [t for t in _tokens(text, e.start, e.end) if t[2][0].isalnum()]


def _best(word: str):
    return parse(word)[0]


_COMPOUND_ADJ = re.compile(r"^[А-ЯЁа-яё]+о-[А-ЯЁа-яё]+(?:ск|цк|нск)(?:ая|ий|ый|ое|ой|ого|ую|ие|ые|их|ых|ом|ым|ими)$")


def _is_adjective(word: str) -> bool:
    if _COMPOUND_ADJ.match(word):  # "Харбино-Гринская", "Хингано-Мукденская"
        return True
    if _geo_compound(word):
        return False
    last = word.split("-")[-1]
    p = parse(last)
    return p[0].tag.POS in ("ADJF", "PRTF") and not any(
        t in p[0].tag for t in ("Surn", "Name", "Geox", "Orgn"))


def _geo_compound(word: str) -> bool:
    """A place noun joined to an adjective by a hyphen names a place: 'Петропавловск-Камчатский',
    'Каменец-Подольского' (the adjective part does not make the word an adjective)."""
    first = word.split("-")[0]
    return "-" in word and any(p.is_known and p.tag.POS == "NOUN" and "Geox" in p.tag for p in parse(first))


def _is_common_word(word: str) -> bool:
    """A dictionary word that is no name (proper-name tags absent in every likely parse)."""
    ps = [p for p in parse(word) if p.score >= 0.1]
    if not ps or not ps[0].is_known:
        return False
    return not any(t in p.tag for p in ps for t in ("Name", "Surn", "Patr", "Geox", "Orgn", "Abbr", "Fixd"))


def _head_lemma(text: str, e: _Ent) -> str | None:
    for _, _, w in _words(text, e):
        p = _best(w)
        if p.tag.POS == "NOUN":
            return p.normal_form
    return None


def _trim(text: str, e: _Ent) -> _Ent | None:
    s, t = e.start, e.end
    while s < t and not text[s].isalnum():
        s += 1
    while t > s and not (text[t - 1].isalnum() or text[t - 1] in ".)"):
        t -= 1
    if t > s and text[t - 1] == "." and not _INITIAL.fullmatch(text[max(s, t - 2):t]):
        t -= 1
    if t > s and text[t - 1] == ")" and "(" not in text[s:t]:
        t -= 1
    return replace(e, start=s, end=t) if t > s else None


def _quoted(text: str, e: _Ent) -> bool:
    """Whether the span is a quoted name: «Радикальная политика», "Театр.doc"."""
    quotes = _rules_data()["quote_chars"]
    before = text[max(0, e.start - 1):e.start]
    after = text[e.end:e.end + 1]
    return bool(before) and before in quotes and bool(after) and after in quotes


def _next_word(text: str, pos: int) -> str:
    """The token right after ``pos`` when only spaces lie between ('' otherwise)."""
    m = re.match(r"[ \t]+([\wЁё-]+)", text[pos:pos + 60])
    return m.group(1) if m else ""


_CONJOINED = re.compile(r"\s*(?:,|и|или)\s+([\wЁё]+(?:-[\wЁё]+)*)")


def _modifies_noun(text: str, pos: int) -> bool:
    """Whether a common (lower-case) word follows ``pos``, past conjoined adjectives:
    'Хингано-Мукденская, Харбино-Гринская и Сунгарийская операции'."""
    for _ in range(6):
        m = _CONJOINED.match(text, pos)
        if not m or not _is_adjective(m.group(1)):
            break
        pos = m.end()
    nxt = _next_word(text, pos)
    return nxt[:1].islower() and nxt[:1].isalpha() and _best(nxt).tag.POS in ("NOUN", "ADJF", "PRTF")


def _sentence_initial(text: str, pos: int) -> bool:
    j = pos - 1
    while j >= 0 and text[j] in " \"«„(":
        j -= 1
    return j < 0 or text[j] in ".!?…:"


# ---------------------------------------------------------------------------- rules

def rule_split_parentheses(text: str, ents: list[_Ent]) -> list[_Ent]:
    """'Коммунистическая партия Китая (КПК)' is two mentions: the name and its abbreviation."""
    out = []
    for e in ents:
        frag = text[e.start:e.end]
        m = re.search(r"\s*\(([^()]+)\)?", frag)
        if m and m.start() > 0:
            tag = e.start
            out.append(replace(e, end=e.start + m.start(), alias=tag))
            inner_s = e.start + m.start(1)
            inner_e = e.start + m.end(1)
            if re.search(r"[А-ЯЁA-Z]", m.group(1)) and not re.fullmatch(r"[бБ]", m.group(1)):
                out.append(replace(e, start=inner_s, end=inner_e, alias=tag))
        else:
            out.append(e)
    return out


_LIST_MARK = re.compile(r"\s*[•·|;]\s*")
_COMMA = re.compile(r"\s*,\s*")


def rule_split_lists(text: str, ents: list[_Ent]) -> list[_Ent]:
    """A list mark never stands inside a name: 'Монако • Намибия' is two places, and a comma
    between two surnames ('Сёмин (Овечкин, Фёдоров)') ends a person's name unless initials
    follow it ('Ложкина, А.С.')."""
    out = []
    for e in ents:
        frag = text[e.start:e.end]
        cuts = [m.span() for m in _LIST_MARK.finditer(frag)]
        if e.type == "person":
            cuts += [m.span() for m in _COMMA.finditer(frag)
                     if re.match(r"[А-ЯЁA-Z][а-яёa-z]{2,}", frag[m.end():])]
        if not cuts:
            out.append(e)
            continue
        pos = e.start
        for a, b in sorted(cuts):
            out.append(replace(e, start=pos, end=e.start + a))
            pos = e.start + b
        out.append(replace(e, start=pos))
    return [e for e in out if e.end > e.start]


def rule_split_joined_abbreviations(text: str, ents: list[_Ent]) -> list[_Ent]:
    """'ОГПУ-НКВД': two known bodies joined by a hyphen; 'ИТАР-ТАСС' is one name."""
    out = []
    gaz = gazetteer()
    for e in ents:
        frag = text[e.start:e.end]
        if re.fullmatch(r"[А-ЯЁ]{2,}(?:-[А-ЯЁ]{2,})+", frag) and all(
                gaz.lookup(part) is not None for part in frag.split("-")):
            pos = e.start
            for part in frag.split("-"):
                out.append(replace(e, start=pos, end=pos + len(part)))
                pos += len(part) + 1
        else:
            out.append(e)
    return out


def rule_strip_titles(text: str, ents: list[_Ent]) -> list[_Ent]:
    """'атамана Семенова' -> 'Семенова': titles and roles stay outside person names."""
    titles = set(_rules_data()["titles"])
    out = []
    for e in ents:
        if e.type == "person":
            toks = _words(text, e)
            while len(toks) > 1 and (lemmas(toks[0][2]) & titles):
                e = replace(e, start=toks[1][0])
                toks = toks[1:]
        out.append(e)
    return out


def rule_doc_words(text: str, ents: list[_Ent]) -> list[_Ent]:
    """'Нота НКИД', 'История Японии': a document-type word opening an org is not part of it."""
    doc = set(_rules_data()["doc_words"])
    out = []
    for e in ents:
        toks = _words(text, e)
        if e.type == "org" and len(toks) > 1 and lemmas(toks[0][2]) & doc:
            e = replace(e, start=toks[1][0], type=e.type)
        out.append(e)
    return out


_ROMAN_OR_ORDINAL = re.compile(r"[IVXLC]+|\d+(?:-[а-я]{1,3})?")
_NON_NAME_POS = frozenset({"VERB", "INFN", "GRND", "PRTS", "ADVB", "CONJ", "PRCL", "PREP", "NPRO", "PRED"})


def _is_function_word(word: str) -> bool:
    """A known word that is a verb, adverb, pronoun or particle in every likely reading."""
    ps = [p for p in parse(word) if p.score >= 0.05]
    return bool(ps) and all(p.is_known and p.tag.POS in _NON_NAME_POS for p in ps)


def _after_era_word(text: str, e: _Ent) -> bool:
    prev = [w for _, _, w in _tokens(text, max(0, e.start - 30), e.start) if w[:1].isalpha()]
    return bool(prev) and prev[-1][:1].islower() and bool(lemmas(prev[-1]) & _wordset("era_words"))


def rule_drop_nonentities(text: str, ents: list[_Ent]) -> list[_Ent]:
    """Events, generic bodies ('Японское правительство') and stop words are not entities."""
    d = _rules_data()
    events, nonent, stop = set(d["event_heads"]), set(d["nonentity_heads"]), _stop_words()
    out = []
    for e in ents:
        if e.source == "model":
            toks = _words(text, e)
            if len(toks) == 1 and lemmas(toks[0][2]) & stop:
                continue
            if toks and all(_ROMAN_OR_ORDINAL.fullmatch(w) for _, _, w in toks):
                continue  # "VI съезду", "1-го": a number is no name
            if len(toks) == 1 and (_is_function_word(toks[0][2]) or e.type == "person" and _after_era_word(text, e)):
                continue  # "Налаживались" opening a sentence; "периода Сёва"
            maybe = any(_could_be(w, "event_heads", "nonentity_heads") for _, _, w in toks)
            head = _head_lemma(text, e) if maybe and not _quoted(text, e) else None
            if head in events or (head in nonent and e.type != "person"):
                continue
            if _fold(_next_word(text, e.end)) in d["nonentity_heads_before"].get(_head_lemma(text, e) or "", ()):
                continue  # "Тихоокеанском театре военных действий" (but "Большой театр" is one)
        out.append(e)
    return out


def rule_drop_adjectives(text: str, ents: list[_Ent]) -> list[_Ent]:
    """An adjective that modifies the common noun after it ('Курильской гряды', 'Кипрское
    правительство', 'Нанкинского правительства') is not a name by itself;
    a substantivised one standing alone ('района Отрадное', 'солисты Большого') is."""
    out = []
    heads = set()  # the last names of elided chains, each one place: 'Архангельская область'
    for e in ents:
        toks = _words(text, e)
        if e.source == "model" and toks and not _quoted(text, e) and all(_is_adjective(w) for _, _, w in toks):
            if _modifies_noun(text, e.end):
                last = _shared_head(text, e, ents)
                if last is None:
                    continue
                e = _unit_identity(e, [w for _, _, w in toks] + [_words(text, last)[-1][2]])
                heads.add((last.start, last.end))
        out.append(e)
    return [_unit_identity(x, [w for _, _, w in _words(text, x)]) if (x.start, x.end) in heads else x
            for x in out]


def _shared_head(text: str, e: _Ent, ents: list[_Ent], depth: int = 0) -> _Ent | None:
    """'Вологодской, Кировской и Архангельской областей': an adjective conjoined with the next
    name of its type shares that name's noun, so it names a place (or body) of its own; returns
    the last name of the chain, the one that holds the noun."""
    m = _CONJOINED.match(text, e.end)
    if not m or not m.group(1)[:1].isupper() or depth > 6:
        return None
    x = next((x for x in ents if x.start == m.start(1) and x.type == e.type), None)
    if x is None:
        return None
    return x if len(_words(text, x)) > 1 else _shared_head(text, x, ents, depth + 1)


def rule_descriptions(text: str, ents: list[_Ent]) -> list[_Ent]:
    """'Оппозиционные партии', 'Замглавы ...': common words capitalised only because they open
    a sentence describe, they do not name (a name keeps its capitals inside a sentence, and
    bodies named by a plural common noun are rare); a quoted phrase is a name."""
    out = []
    for e in ents:
        if e.type != "person" and e.source == "model" and _sentence_initial(text, e.start) and not _quoted(text, e):
            toks = _words(text, e)
            if all(w[1:].islower() and _is_common_word(w) for _, _, w in toks) and (
                    len(toks) == 1 or _plural_phrase([w for _, _, w in toks])):
                continue
        out.append(e)
    return out


def _plural_phrase(words: list[str]) -> bool:
    """Whether the head noun of a phrase is plural, by the noun or by the adjectives before it
    ('Оппозиционные партии': «партии» alone reads best as a genitive singular)."""
    for w in words:
        ps = parse(w)
        if ps[0].tag.POS == "NOUN":
            return ps[0].tag.number == "plur"
        if all(p.tag.number == "plur" for p in ps):
            return True
    return False


def rule_person_common_words(text: str, ents: list[_Ent]) -> list[_Ent]:
    """Split a person span at a common word glued to it ('Савелли Д.Прибытие Б.Пильняка');
    drop person spans without any name-like word ('Полномочный Представитель')."""
    out = []
    for e in ents:
        if e.type != "person" or e.source != "model":
            out.append(e)
            continue
        toks = _words(text, e)
        if all(_is_common_word(w) for _, _, w in toks) and (len(toks) > 1 or _sentence_initial(text, e.start)):
            continue  # "Полномочный Представитель"; a lone word only where any word is capitalised
        while len(toks) > 2 and len(toks[1][2]) == 1 and toks[1][2].isupper() and len(toks[0][2]) > 1 \
                and _is_common_word(toks[0][2]):
            toks = toks[1:]  # "Беседа Л.М. Карахана": a common word before the initials is no name
            e = replace(e, start=toks[0][0])
        pieces, cur = [], []
        for tok in toks:
            s, _, w = tok
            glued = s > 0 and text[s - 1] == "." and s >= 2 and text[s - 2].isupper()
            if glued and len(w) > 1 and _is_common_word(w) and not _is_adjective(w):
                if cur:
                    pieces.append(cur)
                cur = []
            else:
                cur.append(tok)
        if cur:
            pieces.append(cur)
        for pc in pieces:
            if any(len(w) > 1 for _, _, w in pc):
                end = pc[-1][1]
                if len(pc[-1][2]) == 1 and text[end:end + 1] == ".":
                    end += 1
                out.append(replace(e, start=pc[0][0], end=end))
    return out


def rule_initials(text: str, ents: list[_Ent]) -> list[_Ent]:
    """Initials belong to the name: 'Ложкина А.С' + '.', and 'Е.Г. Спальвин' found by pattern."""
    out = _extend_initials(text, ents)
    taken = [(e.start, e.end) for e in out]
    for m in re.finditer(r"(?<![\w.])((?:[А-ЯЁ]\.\s?){1,2})([А-ЯЁ][а-яё]+(?:-[А-ЯЁ][а-яё]+)?)(?![\w])", text):
        s, t = m.start(), m.end()
        if any(s < b and t > a for a, b in taken):
            continue
        sur = m.group(2)
        if _is_common_word(sur) or gazetteer().lookup(sur) is not None:
            continue
        out.append(_Ent(s, t, "person", "rule"))
    return out


def _extend_initials(text: str, ents: list[_Ent]) -> list[_Ent]:
    out = []
    for e in ents:
        if e.type == "person" and text[e.end:e.end + 1] == "." and re.search(r"(?:^|[\s.])[А-ЯЁ]$", text[e.start:e.end]):
            e = replace(e, end=e.end + 1)
        if e.type == "person":
            m = re.search(r"(?:[А-ЯЁ]\.\s?){1,2}$", text[max(0, e.start - 6):e.start])
            if m:
                e = replace(e, start=max(0, e.start - 6) + m.start())
        out.append(e)
    return out


def rule_publishers(text: str, ents: list[_Ent]) -> list[_Ent]:
    """Publishers ('Госполитиздат', 'Яуза-пресс') are organisations, never persons."""
    suffixes = tuple(_rules_data()["publisher_suffixes"])
    out = []
    for e in ents:
        frag = text[e.start:e.end].lower()
        if e.type == "person" and frag.endswith(suffixes):
            e = replace(e, type="org")
        out.append(e)
    return out


def _unit_spans(text: str) -> list[_Ent]:
    heads = set(_rules_data()["unit_heads"])
    toks = [t for t in _tokens(text, 0, len(text))]
    out: list[_Ent] = []
    for i, (s, t, w) in enumerate(toks):
        if not w[:1].isalpha() or not _could_be(w, "unit_heads") or not (lemmas(w) & heads) \
                or _best(w).normal_form not in heads:
            continue
        j = i - 1
        mods = []
        while j >= 0 and (_is_adjective(toks[j][2]) or re.fullmatch(r"\d+-[а-я]{1,3}", toks[j][2])):
            mods.append(j)
            j -= 1
        if not mods:
            continue
        first = toks[mods[-1]][2]
        named = re.fullmatch(r"\d+-[а-я]{1,3}", first) or (
            first[:1].isupper() and (not _sentence_initial(text, toks[mods[-1]][0]) or len(mods) >= 2))
        if not named:
            continue
        mod_words = [toks[m][2] for m in reversed(mods)]
        plural = _best(w).tag.number == "plur"
        main = _Ent(toks[mods[-1]][0], t, "org", "rule")
        out.append(_unit_identity(main, mod_words + [w]) if plural else main)
        # "Забайкальского, 1-го и 2-го Дальневосточных фронтов": conjoined named units
        if plural:
            shared = [x for x in mod_words if not _ORDINAL.fullmatch(x)]
            k = mods[-1] - 1
            while k >= 1 and toks[k][2] in (",", "и"):
                cand = toks[k - 1][2]
                if _ORDINAL.fullmatch(cand) or (cand[:1].isupper() and _is_adjective(cand)):
                    # each is one unit: '1-го' is the 1st Far Eastern Front, 'Забайкальского' the Trans-Baikal Front
                    words = [cand] + (shared if _ORDINAL.fullmatch(cand) else []) + [w]
                    out.append(_unit_identity(_Ent(toks[k - 1][0], toks[k - 1][1], "org", "rule"), words))
                    k -= 2
                else:
                    break
    return out


_ORDINAL = re.compile(r"\d+-[а-я]{1,3}")
_ORDINAL_ENDING = {"masc": "й", "femn": "я", "neut": "е"}


def _unit_identity(e: _Ent, words: list[str]) -> _Ent:
    """The register name of one unit named by a plural or elided phrase, in the nominative
    singular: ['1-го', 'Дальневосточных', 'фронтов'] -> '1-й Дальневосточный фронт'."""
    head = next((p for p in parse(words[-1]) if p.tag.POS == "NOUN"), None)
    if head is None:
        return e
    nom = head.inflect({"nomn", "sing"})
    gender = head.tag.gender or "masc"
    out = []
    for x in words[:-1]:
        if _ORDINAL.fullmatch(x):
            out.append(x.split("-")[0] + "-" + _ORDINAL_ENDING.get(gender, "й"))
            continue
        adj = next((p for p in parse(x) if p.tag.POS in ("ADJF", "PRTF")), None)
        f = adj.inflect({"nomn", "sing", gender}) if adj else None
        out.append(x[:1] + f.word[1:] if f else x)
    canon = " ".join(out + [_recase(nom.word, words[-1]) if nom else words[-1]])
    key = PREFIX[e.type] + "-" + translit(re.sub(r"(\d+)-[а-я]+", r"\1", canon))
    return replace(e, hints={"_key": key, "_canon": canon})


def _org_pattern_spans(text: str) -> list[_Ent]:
    """'Японо-советское литературно-художественное общество': named adjectives + org noun."""
    heads = set(_rules_data()["org_heads"])
    toks = _tokens(text, 0, len(text))
    out = []
    for i, (s, t, w) in enumerate(toks):
        if not w[:1].isalpha() or not _could_be(w, "org_heads") or _best(w).normal_form not in heads:
            continue
        j = i - 1
        mods = []
        while j >= 0 and _is_adjective(toks[j][2]):
            mods.append(j)
            j -= 1
        if not mods:
            continue
        fs = toks[mods[-1]]
        if fs[2][:1].isupper() and (not _sentence_initial(text, fs[0]) or len(mods) >= 2):
            out.append(_Ent(fs[0], t, "org", "rule"))
    return out


def rule_units(text: str, ents: list[_Ent]) -> list[_Ent]:
    """Named military units and conjoined units ('9-й танковой бригады') are organisations.
    A model span that already holds the whole unit phrase keeps its extent and type
    ('Объединённого фронта за демократию ...', 'Дальневосточном федеральном округе')."""
    units = [u for u in _unit_spans(text)
             if len(_words(text, u)) < 2
             or not any(e.start <= u.start and u.end <= e.end for e in ents if e.source == "model")]
    return _override(ents, units)


def rule_org_pattern(text: str, ents: list[_Ent]) -> list[_Ent]:
    return _add_missing(ents, _org_pattern_spans(text))


def _gaz_spans(text: str, caseless: bool) -> list[_Ent]:
    gaz = gazetteer()
    toks = [t for t in _tokens(text, 0, len(text)) if t[2][0].isalnum() or t[2] in "()"]
    # "РКП(б)" is one token in the gazetteer: keep word tokens only
    toks = [t for t in toks if t[2][0].isalnum()]
    words = [t[2] for t in toks]
    out = []
    i = 0
    while i < len(words):
        hit = gaz.match_at(words, i, caseless)
        if hit:
            n, entry = hit
            # the words must be adjacent in the text (a space or a hyphen between them)
            if all(re.fullmatch(r"[\s\-]*", text[toks[k][1]:toks[k + 1][0]]) for k in range(i, i + n - 1)):
                out.append(_Ent(toks[i][0], toks[i + n - 1][1], entry.type, "gazetteer", entry.id))
                i += n
                continue
        i += 1
    return out


def _overlaps(a: _Ent, b: _Ent) -> bool:
    return a.start < b.end and b.start < a.end


def _override(ents: list[_Ent], strong: list[_Ent]) -> list[_Ent]:
    """Strong spans replace the weak spans they overlap."""
    kept = [e for e in ents if not any(_overlaps(e, s) for s in strong)]
    return kept + strong


def _add_missing(ents: list[_Ent], extra: list[_Ent]) -> list[_Ent]:
    return ents + [x for x in extra if not any(_overlaps(x, e) for e in ents)]


def rule_gazetteer(text: str, ents: list[_Ent]) -> list[_Ent]:
    """Known entities: their type and extent win over the model's.

    A model span that the gazetteer spans cover entirely, or that a longer gazetteer span
    covers, is replaced; a longer model span with unknown words around a known name
    ('Министерство иностранных дел Японии') is kept.
    """
    caseless = _mostly_upper(text)
    gaz = [g for g in _gaz_spans(text, caseless) if not _common_word_match(text, g, ents)]
    out = []
    for e in ents:
        inside = [g for g in gaz if _overlaps(g, e)]
        if e.type == "org" and e.source == "model" and _quoted(text, e) and all(g.type == "place" for g in inside):
            out.append(e)  # банк «Россия», телеканал «Россия 1»: a quoted name names the body
            gaz = [g for g in gaz if not _overlaps(g, e)]
            continue
        if _modified_place(text, e, inside):
            # "Южная Корея", "Латинской Америке": a capitalised modifier makes another place
            out.append(e)
            gaz = [g for g in gaz if g is not inside[0]]
            continue
        if e.alias is not None:
            gaz = [replace(g, alias=e.alias) if (g.start, g.end) == (e.start, e.end) else g for g in gaz]
            inside = [g for g in gaz if _overlaps(g, e)]
        if not inside:
            out.append(e)
            continue
        covered = set()
        for g in inside:
            covered.update(range(max(g.start, e.start), min(g.end, e.end)))
        rest = [w for s, t, w in _words(text, e) if not set(range(s, t)) <= covered]
        if e.type == "person" and len(inside) == 1 and inside[0].type == "person" and \
                e.start <= inside[0].start and inside[0].end <= e.end:
            # "М.В. Коломийца": the model's extent keeps the initials, the gazetteer gives identity
            out.append(replace(e, gaz_id=inside[0].gaz_id, source="gazetteer"))
            gaz = [g for g in gaz if g is not inside[0]]
            continue
        if rest and e.type == "org" and (not any(g.start <= e.start for g in inside)
                                         or any(w[:1].isupper() for w in rest)):
            out.append(e)
            gaz = [g for g in gaz if not (e.start <= g.start and g.end <= e.end and g.type != "place")]
        else:
            pass  # replaced by the gazetteer spans
    return _merge_gaz(out, gaz)


_FUNCTION_POS = frozenset({"PRCL", "CONJ", "ADVB", "PRED", "INTJ"})


def _common_word_match(text: str, g: _Ent, ents: list[_Ent]) -> bool:
    """A one-word gazetteer name at a sentence start that is also a particle or a parenthetic
    word ('Правда, были задержания') counts only quoted or where the model found a name too."""
    words = _words(text, g)
    if len(words) != 1 or not _sentence_initial(text, g.start) or _quoted(text, g):
        return False
    w = words[0][2]
    return any(p.tag.POS in _FUNCTION_POS or "Prnt" in p.tag for p in parse(w)) \
        and not any(_overlaps(g, e) for e in ents if e.source == "model")


def _modified_place(text: str, e: _Ent, inside: list[_Ent]) -> bool:
    if e.type != "place" or e.source != "model" or len(inside) != 1:
        return False
    g = inside[0]
    if g.type != "place" or g.end != e.end or g.start <= e.start:
        return False
    mods = [w for s, t, w in _words(text, e) if t <= g.start]
    return bool(mods) and all(w[:1].isupper() and _is_adjective(w) for w in mods)


def _merge_gaz(ents: list[_Ent], gaz: list[_Ent]) -> list[_Ent]:
    out = list(ents)
    for g in gaz:
        if any(_overlaps(g, e) and e.type == "org" and e.start <= g.start and g.end <= e.end for e in ents):
            continue  # a place named inside a kept organisation name stays part of it
        same = [e for e in out if e.start == g.start and e.end == g.end and e.alias is not None]
        if same:
            g = replace(g, alias=same[0].alias)
        out = [e for e in out if not _overlaps(e, g)]
        out.append(g)
    return out


def _mostly_upper(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return bool(letters) and sum(c.isupper() for c in letters) / len(letters) > 0.8


def rule_uppercase(text: str, ents: list[_Ent]) -> list[_Ent]:
    """All-caps headings confuse the model: keep only gazetteer and rule spans there."""
    if _mostly_upper(text):
        return [e for e in ents if e.source != "model"]
    return ents



# ---------------------------------------------------------------------------- non-entities in context

def _vessel_names(text: str) -> list[tuple[int, int]]:
    """Extents of ship names: 'шхуна "Вега"', 'крейсер Варяг', 'пароходы "Ленин" и "Сталин"'."""
    d = _rules_data()
    vessels, quoted_only, quotes = set(d["vessel_words"]), set(d["vessel_words_quoted_only"]), d["quote_chars"]
    toks = _tokens(text, 0, len(text))
    # Japanese ship names end in "Мару" ('Тайто-Мару', 'Тайто– Мару')
    suffixes = "|".join(re.escape(x) for x in d["vessel_name_suffixes"])
    out = [m.span() for m in re.finditer(rf"[А-ЯЁ][а-яё]+(?:\s*[-–—]\s*|\s+)(?i:{suffixes})(?![\w])", text)]
    for i, (_, _, w) in enumerate(toks):
        if not w[:1].isalpha() or not _could_be(w, "vessel_words") or not (lemmas(w) & vessels) or _best(w).normal_form not in vessels:
            continue
        bare_ok = not (lemmas(w) & quoted_only)
        j = i + 1
        while j < len(toks):
            if toks[j][2] in quotes:
                k = j + 1
                while k < len(toks) and toks[k][2] not in quotes and k - j <= 6:
                    k += 1
                if k >= len(toks) or toks[k][2] not in quotes or k == j + 1:
                    break
                out.append((toks[j + 1][0], toks[k - 1][1]))
                j = k + 1
                # conjoined quoted names share the vessel word
                if j + 1 < len(toks) and toks[j][2] in (",", "и") and toks[j + 1][2] in quotes:
                    j += 1
                    continue
                break
            if bare_ok and toks[j][2][:1].isupper() and toks[j][2][:1].isalpha() and not toks[j][2].isupper():
                out.append((toks[j][0], toks[j][1]))
            break
    return out


def rule_vessels(text: str, ents: list[_Ent]) -> list[_Ent]:
    """Ships are not entities (FORMAT.md): 'русская шхуна "Вега"', 'пароход "Ленин"'."""
    names = _vessel_names(text)
    return [e for e in ents if not any(e.start < b and a < e.end for a, b in names)]


def rule_generic_forces(text: str, ents: list[_Ent]) -> list[_Ent]:
    """'японские ВМС': a nationality adjective + a generic armed service names no organisation."""
    forces = set(_rules_data()["generic_forces"])
    out = []
    for e in ents:
        if e.type == "org" and text[e.start:e.end].lower() in forces:
            prev = [w for _, _, w in _tokens(text, max(0, e.start - 40), e.start) if w[:1].isalnum()]
            if prev and prev[-1][:1].islower() and _is_adjective(prev[-1]):
                continue
        out.append(e)
    return out


def _is_ethnonym(word: str) -> bool:
    """'Японцы', 'китайцев': a listed ethnonym lemma, or a word whose every likely parse is an
    animate common noun (names of places and bodies are inanimate)."""
    eth = _wordset("ethnonyms")
    if lemmas(word) & eth and _best(word).normal_form in eth:
        return True
    ps = [p for p in parse(word) if p.score >= 0.1]
    return bool(ps) and ps[0].is_known and all(
        p.tag.POS == "NOUN" and "anim" in p.tag and p.tag.number == "plur"
        and not any(t in p.tag for t in ("Name", "Surn", "Patr", "Geox", "Orgn", "Abbr", "Fixd"))
        for p in ps)


def rule_ethnonyms(text: str, ents: list[_Ent]) -> list[_Ent]:
    """Ethnonyms are not places, even capitalised at a sentence start ('Японцы заняли ...')."""
    out = []
    for e in ents:
        toks = _words(text, e)
        if e.type != "person" and e.source != "gazetteer" and len(toks) == 1 and _is_ethnonym(toks[0][2]):
            continue
        out.append(e)
    return out


# ---------------------------------------------------------------------------- institutions

def _adjacent(text: str, a: int, b: int) -> bool:
    return bool(re.fullmatch(r"\s+", text[a:b]))


def _institution_spans(text: str, ents: list[_Ent]) -> list[_Ent]:
    """'министерству иностранных дел Японии', 'Народный комиссариат иностранных дел СССР':
    a ministry head + a fixed genitive domain + a state in the genitive is one org (FORMAT.md);
    without the state, only a capitalised head inside a sentence names one."""
    d = _rules_data()
    heads, mods = set(d["ministry_heads"]), set(d["ministry_modifiers"])
    domains = sorted(d["ministry_domains"], key=len, reverse=True)
    gaz = gazetteer()
    toks = [t for t in _tokens(text, 0, len(text)) if t[2][0].isalnum()]
    words = [t[2] for t in toks]
    out = []
    for i, (s, t, w) in enumerate(toks):
        if not _could_be(w, "ministry_heads") or not (lemmas(w) & heads) or _best(w).normal_form not in heads:
            continue
        first = i
        if i > 0 and lemmas(words[i - 1]) & mods and _adjacent(text, toks[i - 1][1], s):
            first = i - 1
        m = next((m for dom in domains
                  if (m := re.match(r"\s+" + re.escape(dom) + r"(?![\w-])", text[t:], re.IGNORECASE))), None)
        if m is None:
            continue
        end = t + m.end()
        j = next((k for k in range(i + 1, len(toks)) if toks[k][0] >= end), len(toks))
        state = False
        if j < len(toks) and _adjacent(text, end, toks[j][0]):
            hit = gaz.match_at(words, j)
            if hit and hit[1].type == "place" and (words[j].isupper() or any(
                    p.tag.case == "gent" for p in parse(words[j]))):
                n = hit[0]
                if all(_adjacent(text, toks[k][1], toks[k + 1][0]) for k in range(j, j + n - 1)):
                    end, state = toks[j + n - 1][1], True
        fs = toks[first]
        if state or (fs[2][:1].isupper() and not _sentence_initial(text, fs[0])):
            # the body itself may be known ('Народный комиссариат иностранных дел' = НКИД)
            body = [x[2] for x in toks[first:j]]
            hit = gaz.match_at(body, 0, caseless=True)
            known = hit[1].id if hit and hit[0] == len(body) and hit[1].type == "org" else None
            out.append(_Ent(fs[0], end, "org", "rule", known))
    # 'Президиуме ВЦИК': a body head + a known organisation
    bodies = set(d["body_heads"])
    for e in ents:
        if e.type != "org":
            continue
        prev = [x for x in _tokens(text, max(0, e.start - 30), e.start) if x[2][:1].isalpha()]
        if prev and _adjacent(text, prev[-1][1], e.start) and _best(prev[-1][2]).normal_form in bodies \
                and (e.source == "gazetteer" or text[e.start:e.end].isupper()):
            out.append(_Ent(prev[-1][0], e.end, "org", "rule"))
    return out


def rule_institutions(text: str, ents: list[_Ent]) -> list[_Ent]:
    """Institution names of :func:`_institution_spans` win; an org name that opens before one
    ('Коллегии Народного Комиссариата ...') keeps its start unless it opens with a role word."""
    roles = set(_rules_data()["nonentity_heads"]) | set(_rules_data()["titles"])
    spans = []
    for x in _institution_spans(text, ents):
        outer = [e for e in ents if e.type == "org" and e.start < x.start < e.end]
        if outer:
            first = _words(text, outer[0])[0][2]
            if first[:1].isupper() and not (lemmas(first) & roles):
                x = replace(x, start=outer[0].start, gaz_id=None)
        spans.append(x)
    return _override(ents, spans)


# ---------------------------------------------------------------------------- persons in context

_OBLIQUE_ENDINGS = {"gent": ("а", "я"), "accs": ("а", "я"), "datv": ("у", "ю"), "ablt": ("ом", "ем"),
                    "loct": ("е",)}


def _title_nominative(title: str, name: str) -> str | None:
    """'адмиралу Старку' -> 'Старк': a masculine title in an oblique case tells the surname's case,
    so its ending comes off when what remains looks like a surname."""
    for p in parse(title):
        if p.tag.gender != "masc" or p.tag.number != "sing" or p.tag.case not in _OBLIQUE_ENDINGS:
            continue
        for end in _OBLIQUE_ENDINGS[p.tag.case]:
            stem = name[:-len(end)]
            if name.endswith(end) and len(stem) >= 3 and (
                    re.search(r"(?:ов|ев|ёв|ин|ын)$", stem)
                    or any("Surn" in q.tag and q.tag.case == "nomn" for q in parse(stem))):
                return stem
    return None


def _with_identity(e: _Ent, name: str) -> _Ent:
    key, canon, _ = link_key(name, "person")
    if key in gazetteer().entries:
        return replace(e, gaz_id=key, source="gazetteer")
    return replace(e, hints={"_key": key, "_canon": canon})


def _not_a_name(word: str) -> bool:
    generic = _wordset("stop_single", "nonentity_heads", "org_heads", "unit_heads", "generic_words",
                       "event_heads", "doc_words", "titles")
    return (word.isupper() or len(word) < 3 or _is_adjective(word) or bool(lemmas(word) & (generic | _stop_words()))
            or _is_ethnonym(word) or gazetteer().lookup(word) is not None)


def rule_title_persons(text: str, ents: list[_Ent]) -> list[_Ent]:
    """'адмиралу Старку': a capitalised word right after a title or role is a person's name
    (the title itself stays outside, FORMAT.md), even when it is also a dictionary word."""
    titles = set(_rules_data()["titles"])
    toks = _tokens(text, 0, len(text))
    out = list(ents)
    for i in range(len(toks) - 1):
        s, t, w = toks[i]
        nxt = toks[i + 1]
        if not w[:1].isalpha() or not _could_be(w, "titles") or not (lemmas(w) & titles) \
                or _best(w).normal_form not in titles:
            continue
        if w[:1].isupper() and not _sentence_initial(text, s):
            continue  # "Председатель ..." inside a sentence opens a name of its own
        name = nxt[2]
        if not (name[:1].isupper() and name[:1].isalpha()) or not _adjacent(text, t, nxt[0]) or _not_a_name(name):
            continue
        same = [k for k, e in enumerate(out) if (e.start, e.end, e.type, e.source) == (nxt[0], nxt[1], "person", "model")]
        if same:  # the model found the name: the title still tells its case
            nom = _title_nominative(w, name)
            if nom:
                out[same[0]] = _with_identity(out[same[0]], nom)
            continue
        if any(e.start < nxt[1] and nxt[0] < e.end for e in out):
            continue
        e = _Ent(nxt[0], nxt[1], "person", "rule")
        out.append(_with_identity(e, _title_nominative(w, name) or name))
    return out


def _surname_of(text: str, e: _Ent) -> str | None:
    """The surname of a person mention: the one name word beside initials ('Е.Г. Спальвин'),
    or the last word after a forename and patronymic ('Григорий Борисович Карасин')."""
    words = [w for _, _, w in _words(text, e)]
    names = [w for w in words if len(w) > 1]
    if len(names) == 1 and (len(words) == 1 or len(names) < len(words)):
        return names[0]
    if 2 <= len(names) == len(words) <= 3 and _is_forename(names[0]) and not _is_forename(names[-1]) \
            and all(any("Patr" in p.tag for p in parse(w)) for w in names[1:-1]):
        return names[-1]
    return None  # no surname, or a multi-word name ('Чжан Цзолин') whose parts are not surnames


def _is_forename(word: str) -> bool:
    return any("Name" in p.tag for p in parse(word)[:2])


def rule_discourse(text: str, ents: list[_Ent]) -> list[_Ent]:
    """One sense per discourse: a surname recognised as a person tags its other (inflected) forms
    in the text, when capitalised (see :func:`_discourse_name` for when a dictionary word counts)."""
    sources, full = {}, set()
    for e in ents:
        if e.type == "person":
            sur = _surname_of(text, e)
            if sur and re.fullmatch(r"[А-ЯЁ][а-яё]{3,}(?:-[А-ЯЁ][а-яё]{2,})?", sur):
                sources.setdefault(sur, e)
                if len(_words(text, e)) > 1 and not text[e.start:e.end].startswith(sur):
                    full.add(sur)  # 'Григорий Карасин', 'Е.Г. Спальвин': a name beside the surname
    if not sources:
        return ents
    out = [_same_person(text, e, sources) for e in ents]
    for s, t, w in _tokens(text, 0, len(text)):
        if not w[:1].isupper() or not w[:1].isalpha() or w.isupper() or any(e.start < t and s < e.end for e in out):
            continue
        sur = next((x for x in sources if w[:3] == x[:3] and token_matches(w, x)), None)
        if sur is None or not _discourse_name(text, s, t, w, sur, sur in full):
            continue
        src = sources[sur]
        fore = text[src.start:src.end][:-len(sur)] if sur in full and text[src.start:src.end].endswith(sur) else ""
        if fore and text[max(0, s - len(fore)):s] == fore:
            s -= len(fore)  # 'Виктор Понедельник' again: the forename belongs to the name
        out.append(_identity_of(text, _Ent(s, t, "person", "rule"), src))
    return out


def _discourse_name(text: str, s: int, t: int, w: str, sur: str, full: bool) -> bool:
    """Whether the word ``w`` at s:t is another mention of the surname ``sur``.

    A surname the text introduced with a forename or initials ('Алексей Навальный ...
    Навального', 'Григорий Карасин ... Карасин отметил') is trusted even where it is also a
    dictionary word, unless it modifies the noun after it ('Белый дом'); a surname known only
    alone must not be a generic word nor a dictionary word opening a sentence.
    """
    if full:
        return gazetteer().lookup(w) is None and not (_is_adjective(w) and _modifies_noun(text, t))
    if _not_a_name(w) and w != sur:
        return False
    return not (_sentence_initial(text, s) and _is_common_word(w))


def _identity_of(text: str, e: _Ent, src: _Ent) -> _Ent:
    if src.gaz_id:
        return replace(e, gaz_id=src.gaz_id, source="gazetteer")
    key, canon, _ = link_key(text[src.start:src.end], "person")
    return replace(e, hints=src.hints if src.hints.get("_key") else {"_key": key, "_canon": canon})


def _same_person(text: str, e: _Ent, sources: dict[str, _Ent]) -> _Ent:
    """'Г.К. Старк ... Старку': a lone inflected surname the model found takes the identity of
    the fuller mention of that surname in the text."""
    if e.type != "person" or e.source != "model" or e.gaz_id or e.hints:
        return e
    words = [w for _, _, w in _words(text, e)]
    if len(words) != 1:
        return e
    w = words[0]
    src = next((x for sur, x in sources.items() if sur != w and w[:3] == sur[:3] and token_matches(w, sur)), None)
    return _identity_of(text, e, src) if src is not None and src is not e else e


RULES = {
    "uppercase": rule_uppercase,
    "split_parentheses": rule_split_parentheses,
    "split_lists": rule_split_lists,
    "split_joined_abbreviations": rule_split_joined_abbreviations,
    "strip_titles": rule_strip_titles,
    "doc_words": rule_doc_words,
    "publishers": rule_publishers,
    "person_common_words": rule_person_common_words,
    "drop_nonentities": rule_drop_nonentities,
    "drop_adjectives": rule_drop_adjectives,
    "descriptions": rule_descriptions,
    "initials": rule_initials,
    "gazetteer": rule_gazetteer,
    "units": rule_units,
    "org_pattern": rule_org_pattern,
    "institutions": rule_institutions,
    "vessels": rule_vessels,
    "generic_forces": rule_generic_forces,
    "ethnonyms": rule_ethnonyms,
    "title_persons": rule_title_persons,
    "discourse": rule_discourse,
}


def recognize(text: str, disable: frozenset[str] = frozenset(), gazetteer_only: bool = False) -> list[Span]:
    """Entity spans of ``text`` (kinds ``person``/``place``/``org``) with their candidate ``key``
    and ``canonical`` name; ``disable`` names :data:`RULES` to skip (for measuring them).

    >>> [(s.kind, s.key) for s in recognize("И.И. Иванов прибыл в Японию.")]
    [('person', 'per-ivanov'), ('place', 'pl-japan')]
    """
    if not text.strip():
        return []
    raw, feats = natasha_spans(text)
    ents = [_Ent(s, t, _NATASHA_TYPE[ty]) for s, t, ty in raw]
    for name, rule in RULES.items():
        if name in disable:
            continue
        ents = rule(text, ents)
        ents = [x for x in (_trim(text, e) for e in ents) if x is not None]
    if "initials" not in disable:
        ents = _extend_initials(text, ents)  # gazetteer persons found without their initials
    return _to_spans(text, ents, feats)


def _to_spans(text: str, ents: list[_Ent], feats: dict) -> list[Span]:
    ents = sorted(ents, key=lambda e: (e.start, -e.end))
    # "Национальная партия (Гоминьдан)": both mentions take the identity the gazetteer knows,
    # else that of the full name
    groups: dict[int, list[_Ent]] = {}
    gaz_entries = gazetteer().entries
    for e in ents:
        if e.alias is not None:
            groups.setdefault(e.alias, []).append(e)
    for members in groups.values():
        known = next((m.gaz_id for m in members if m.gaz_id), None)
        if known is None and len(members) > 1:
            head = members[0]
            key, canon, _ = link_key(text[head.start:head.end], head.type)
            for m in members[1:]:
                m.hints = {"_key": key, "_canon": canon}
        for m in members:
            if known and gaz_entries[known].type == m.type:
                m.gaz_id = known
    spans: list[Span] = []
    last_end = -1
    gaz = gazetteer()
    for e in ents:
        if e.start < last_end:  # no crossing or nested duplicates
            continue
        frag = text[e.start:e.end]
        if e.gaz_id:
            entry = gaz.entries[e.gaz_id]
            key, canon, wd = entry.id, entry.canonical, entry.wikidata
        else:
            key, canon, wd = link_key(frag, e.type)
            if e.hints.get("_key"):
                key, canon = e.hints["_key"], e.hints["_canon"]
        values = {"canonical": canon}
        alt = alt_person_key(frag) if e.type == "person" and not e.gaz_id else None
        if alt:
            values["key_alt"], values["canonical_alt"] = alt
        if wd:
            values["wikidata"] = wd
        spans.append(Span(e.start, e.end, e.type, key, values))
        last_end = e.end
    return spans
