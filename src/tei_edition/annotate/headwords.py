"""Register headwords across the corpus: near-duplicate entries and nominative forms.

Mentions are linked one at a time, so one real person or place can end up in several entries:
a case form read as another name («Коппа» beside «Копп», «Йокагам» beside «Йокагама»), a
misspelling in the source («Благовешенск», «Трояновким»), a transliteration variant
(«Йокагама», «Иокогама»). :func:`find_duplicates` compares the entries of one type and sorts the
pairs into *certain* ones, which the build merges (as if an editor had recorded a ``[[merge]]``),
and *possible* ones, which ``tei-edition registers`` and the review report offer as merge
suggestions, so the editor decides once. :func:`fix_headwords` corrects nominatives that only
the corpus shows: a foreign surname whose forms all keep a final «-а» («Иосидзава»,
«Накамура») is not a masculine genitive.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .linking import RegisterEntry, Registers

__all__ = ["Duplicate", "find_duplicates", "fix_headwords", "fold"]

_INITIALS = re.compile(r"^(?:[А-ЯЁA-Z]\.\s?)+$")
_WORD = re.compile(r"[\wЁё]+(?:-[\wЁё]+)*")
# Russian surname suffixes: their -а forms are genitives (Аникеева <- Аникеев), handled by
# the surname rules; foreign names never end so
_RUSSIAN_SUFFIX = re.compile(r"(?:ов|ев|ёв|ин|ын|ск|цк|ий|ой|ый)$")
_CASE_ENDINGS = ("а", "у", "ом", "ем", "е", "ы", "и", "ой", "ей", "ю", "я")


@dataclass(frozen=True)
class Duplicate:
    """Entries ``source`` and ``into`` name one entity; ``certain`` ones are merged by the build."""

    source: str
    into: str
    reason: str
    certain: bool


def fold(name: str) -> str:
    """A spelling key that ignores what transliterations and misspellings vary: case, ё/е, й/и,
    э/е, щ/ш, unstressed о/а, doubled letters, hyphens.

    >>> fold("Йокагама") == fold("Иокогама"), fold("Благовешенск") == fold("Благовещенск")
    (True, True)
    """
    return _DOUBLED.sub(r"\1", name.lower().translate(_FOLD_LETTERS))


_FOLD_LETTERS = str.maketrans({"ё": "е", "й": "и", "э": "е", "щ": "ш", "о": "а", "-": " "})
_DOUBLED = re.compile(r"(.)\1+")


def _distance(a: str, b: str, limit: int = 2) -> int:
    """Damerau-Levenshtein distance (adjacent transpositions count one), capped at ``limit`` + 1."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    prev2: list[int] = []
    prev = list(range(len(b) + 1))
    for i in range(1, len(a) + 1):
        cur = [i] + [0] * len(b)
        for j in range(1, len(b) + 1):
            cost = 0 if a[i - 1] == b[j - 1] else 1
            cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                cur[j] = min(cur[j], prev2[j - 2] + 1)
        prev2, prev = prev, cur
        if min(prev) > limit:
            return limit + 1
    return prev[-1]


def _surname(e: RegisterEntry) -> str:
    return e.canonical.split(", ", 1)[0] if e.type == "person" else e.canonical


def _initials(e: RegisterEntry) -> str:
    fore = e.canonical.split(", ", 1)[1] if ", " in e.canonical else ""
    return fore.replace(" ", "") if _INITIALS.match(fore) else ""


def _compatible(a: str, b: str) -> bool:
    """Initials that can name one person: equal, or one side without initials, or one a prefix."""
    return not a or not b or a.startswith(b) or b.startswith(a)


def _surface_names(e: RegisterEntry) -> set[str]:
    """The name words of every form found, initials left out ('В.А. Копп' -> 'Копп')."""
    out = set()
    for v in e.variants:
        words = [w for w in _WORD.findall(v) if not (len(w) == 1 and w.isupper())]
        if words:
            out.add(" ".join(words))
    return out


def _form_matches(e: RegisterEntry, name: str, initials: str) -> bool:
    """Whether a form found under ``e`` is ``name`` with initials compatible with ``initials``
    ('В.А. Копп' under «Коппа, В.Л.» matches «Копп, В.А.»)."""
    for v in e.variants:
        words = _WORD.findall(v)
        names = [w for w in words if not (len(w) == 1 and w.isupper())]
        ini = "".join(w + "." for w in words if len(w) == 1 and w.isupper())
        if " ".join(names) == name and _compatible(ini, initials):
            return True
    return False


def _in_dictionary(name: str) -> bool:
    """Whether pymorphy3's dictionary knows the name as a place or person ('Благовещенск')."""
    from .linking import parse

    return any(p.is_known and any(t in p.tag for t in ("Geox", "Surn", "Name")) for p in parse(name))


def _case_forms(a: str, b: str) -> bool:
    """Multi-word names whose words are case forms of each other ('Су Бивэнем', 'Су Бивэнь')."""
    from .linking import token_matches

    wa, wb = a.split(), b.split()
    return len(wa) == len(wb) > 1 and a != b and all(
        token_matches(x, y) or token_matches(y, x) for x, y in zip(wa, wb))


def _inflects(forms: set[str], name: str, found: set[str]) -> bool:
    """Whether all ``forms`` are case forms of ``name``, itself found in the text: «Г. Гуверу»
    (read as a feminine «Гувера») beside «Г. Гувер». Feminine endings of Russian surnames
    («Ивановой» beside «Иванов») name another person and do not count."""
    from .linking import token_matches

    return name in found and bool(forms) and all(
        f != name and token_matches(f, name) and not (_RUSSIAN_SUFFIX.search(name.lower()) and f.endswith(("ой", "ую", "ою", "а")))
        for f in forms)


def _preferred(a: RegisterEntry, b: RegisterEntry) -> tuple[RegisterEntry, RegisterEntry]:
    """(source, into): a curated or known (gazetteer) entry, else the most mentioned, absorbs."""
    def rank(e: RegisterEntry):
        return (e.curated, bool(e.wikidata), _in_dictionary(_surname(e)), e.count, -len(e.id), e.id)

    return (a, b) if rank(a) < rank(b) else (b, a)


def find_duplicates(registers: Registers, known: set[str] | None = None) -> list[Duplicate]:
    """Pairs of entries of one type that name one entity, each entry merged at most once.

    ``known`` are ids the gazetteer knows (preferred as the surviving entry). Certain: a form
    found under one entry is the other's name (a case form read as a name of its own), or the
    folded spellings are equal or one edit apart (names of 6+ letters, compatible initials).
    Possible: two edits apart, or one apart with conflicting initials.
    """
    known = known or set()
    out: list[Duplicate] = []
    taken: set[str] = set()
    for type_ in ("person", "place", "org"):
        entries = [e for e in registers.of_type(type_)]
        # what the pairs compare, once per entry (the loop below is quadratic)
        sur = {e.id: _surname(e) for e in entries}
        ini = {e.id: _initials(e) for e in entries}
        forms = {e.id: _surface_names(e) for e in entries}
        folded = {i: fold(s) for i, s in sur.items()}
        words = {i: len(s.split()) for i, s in sur.items()}  # _case_forms needs 2+ words on each side
        for i, a in enumerate(entries):
            for b in entries[i + 1:]:
                if a.id in taken or b.id in taken:
                    continue
                sa, sb = sur[a.id], sur[b.id]
                ia, ib = ini[a.id], ini[b.id]
                ok_initials = type_ != "person" or _compatible(ia, ib)
                reason, certain = "", False
                case_forms = words[a.id] == words[b.id] > 1 and _case_forms(sa, sb) or (
                    type_ == "person" and ia and ia == ib and (_inflects(forms[a.id], sb, forms[b.id])
                                                               or _inflects(forms[b.id], sa, forms[a.id])))
                if sb in forms[a.id] or sa in forms[b.id] or case_forms:
                    if ok_initials or _form_matches(a, sb, ib) or _form_matches(b, sa, ia):
                        reason, certain = "a form of one is the name of the other", True
                    else:
                        reason = "a form of one is the name of the other, but the initials differ"
                elif min(len(sa), len(sb)) >= 6 and sa[:1].upper() == sb[:1].upper() or folded[a.id] == folded[b.id]:
                    d = _distance(folded[a.id], folded[b.id])
                    if d <= 1 and ok_initials and (d == 0 or min(len(sa), len(sb)) >= 6):
                        reason, certain = "spelling variants", True
                    elif d <= 2 and min(len(sa), len(sb)) >= 6 and ok_initials:
                        reason = "similar spelling"
                    elif d <= 1 and min(len(sa), len(sb)) >= 6:
                        reason = "similar spelling, different initials"
                if not reason:
                    continue
                src, into = _preferred(a, b)
                if reason.startswith("a form of one"):
                    # the entry whose name is a form found in the text absorbs the misread one
                    if sa in forms[a.id] | forms[b.id] and sb not in forms[a.id] | forms[b.id]:
                        src, into = b, a
                    elif sb in forms[a.id] | forms[b.id] and sa not in forms[a.id] | forms[b.id]:
                        src, into = a, b
                if b.id in known and a.id not in known:
                    src, into = a, b
                elif a.id in known and b.id not in known:
                    src, into = b, a
                out.append(Duplicate(src.id, into.id, reason, certain))
                if certain:
                    taken.add(src.id)
    return out


def fix_headwords(registers: Registers) -> None:
    """Nominatives only the corpus shows, in place (curated entries are left as they are).

    A person's surname read as a masculine genitive («Иосидзава» -> «Иосидзав») is given back
    its «-а» when no form found shows the name without it and none has a Russian surname
    suffix: foreign names in «-а» decline like «мама» («К. Иосидзаве»), never lose the «-а».
    """
    for e in registers.persons:
        if e.curated or ", " not in e.canonical and " " in e.canonical:
            continue
        sur = _surname(e)
        if not sur or sur.endswith(("а", "я")) or _RUSSIAN_SUFFIX.search(sur.lower()) or " " in sur:
            continue
        forms = {w for v in _surface_names(e) for w in v.split()}
        if sur in forms or sur + "а" not in forms:
            continue
        if any(f.startswith(sur) and f[len(sur):] not in _CASE_ENDINGS for f in forms if f != sur):
            continue
        fixed = sur + "а"
        e.canonical = fixed + e.canonical[len(sur):]
        e.surname = fixed
