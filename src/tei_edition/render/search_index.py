"""The search index of the HTML reading edition, built at build time with Russian morphology.

Sits after the XSLT stage of :mod:`tei_edition.render.html`: the stylesheet emits one plain-text
record per paragraph, list item, heading, note and caption; this module lemmatizes their words
with pymorphy3 (OpenCorpora dictionary) and writes the index as a JavaScript file that assigns a
global (``window.TEI_SEARCH``), so the search page works from ``file://`` without fetching JSON
and without a server. A query word is looked up as a surface form of the texts, else as a
lemma, else lemmatized in the browser by prefix: «Япония» finds «Японией», «Карахан» finds
«Караханом».

Index layout (plain JSON inside the script)::

    {"version": 1,
     "texts": {"thesis": "Title", ...},
     "records": [[text_id, href, page, kind, label, text], ...],
     "forms": {"японией": [lemma ids], ...},      # every surface form of the texts
     "lemmas": ["япония", ...],                   # lemma id -> lemma
     "postings": [[record ids], ...]}             # lemma id -> records holding it
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

__all__ = ["SearchRecord", "build_search_index", "search_index_js", "tokenize", "normalize_word", "lemmas_of",
           "lemmas_known", "prepare_lemmatizer", "learn_words", "known_lemmas", "learn_lemmas", "lemma_cache_name",
           "load_lemma_cache", "lemma_cache_bytes"]

# A word: letters and digits of any script (str patterns are Unicode: "[^\W_]" is a letter or a
# digit), hyphenated compounds whole; templates/html/static/search.js reads queries the same way.
_WORD = re.compile(r"[^\W_]+(?:-[^\W_]+)*")
# pymorphy3 often offers several analyses; the lemmas of the best few are all indexed so that
# a query in any of its readings finds the word (Карахан: карахан / карахана).
_MAX_PARSES = 3


@dataclass(frozen=True)
class SearchRecord:
    """One searchable block: where it is (text, page file and anchor, source page) and its text."""

    text_id: str
    href: str
    page: str
    kind: str
    label: str
    text: str


def normalize_word(word: str) -> str:
    """Lower case with ё read as е (Russian texts mix them).

    >>> normalize_word("Семёнов")
    'семенов'
    """
    return word.lower().replace("ё", "е")


def tokenize(text: str) -> list[str]:
    """Words of a text (letters and digits, hyphenated compounds kept whole).

    >>> tokenize("Советско-японские отношения в 1922 г.")
    ['Советско-японские', 'отношения', 'в', '1922', 'г']
    >>> tokenize("Müller, École_normale, Ἀθῆναι")
    ['Müller', 'École', 'normale', 'Ἀθῆναι']
    """
    return _WORD.findall(text)


@lru_cache(maxsize=1)
def _morph():
    import pymorphy3

    return pymorphy3.MorphAnalyzer(lang="ru")


# normalized form -> lemmas: filled as words are met and from a lemma cache file (a site's
# vocabulary is parsed once, not on every render; pymorphy3 parses were most of the index time)
_LEMMAS: dict[str, tuple[str, ...]] = {}
# cache file -> size of _LEMMAS when that file was read and held exactly its entries: a save
# with no word added since then would rewrite the same bytes, so it is skipped
_UNCHANGED: dict[Path, int] = {}


def lemmas_of(word: str) -> tuple[str, ...]:
    """The normalized lemmas of one word form (its own form for non-Cyrillic words)."""
    w = normalize_word(word)
    known = _LEMMAS.get(w)
    if known is not None:
        return known
    if not re.search("[а-я]", w):
        return (w,)
    out: list[str] = []
    for parse in _morph().parse(w)[:_MAX_PARSES]:
        lemma = normalize_word(parse.normal_form)
        if lemma not in out:
            out.append(lemma)
    _LEMMAS[w] = result = tuple(out) or (w,)
    return result


def _installed_version(package: str, distribution: str) -> str:
    """The version of an installed package, from the ``__version__`` of its ``version.py``
    read without importing it: a warm render parses no word, and importing pymorphy3 or
    :mod:`importlib.metadata` just to name the lemma cache cost more than reading the cache.
    :mod:`importlib.metadata` when there is no such file; ``unknown`` when not installed."""
    from importlib.util import find_spec

    spec = find_spec(package)
    if spec is not None and spec.origin:
        try:
            found = re.search(r"""^__version__\s*=\s*["']([^"']+)["']""",
                              Path(spec.origin).with_name("version.py").read_text(encoding="utf-8"), re.M)
        except OSError:
            found = None
        if found:
            return found.group(1)
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version(distribution)
    except PackageNotFoundError:
        return "unknown"


def lemmas_known() -> int:
    """How many word forms this process knows the lemmas of (0: none parsed, no cache read)."""
    return len(_LEMMAS)


def prepare_lemmatizer() -> None:
    """Load pymorphy3 and its dictionary now (a tenth of a second) rather than at the first word."""
    _morph()


def learn_words(texts: Iterable[str]) -> None:
    """Lemmatize the words of ``texts`` now (those already known are skipped): another process
    does it ahead of the search index, while the XSLT runs (:mod:`tei_edition.render.html`)."""
    for text in texts:
        for token in tokenize(text):
            lemmas_of(token)


def known_lemmas(forms: Iterable[str]) -> dict[str, tuple[str, ...]]:
    """The lemmas this process knows of ``forms`` (normalized word forms, e.g. the ``forms`` of
    an index): what a process that made the index here would have learnt, for
    :func:`learn_lemmas` when another process made it."""
    return {form: _LEMMAS[form] for form in forms if form in _LEMMAS}


def learn_lemmas(table: dict[str, tuple[str, ...]]) -> None:
    """Add lemmas found by another process (:func:`known_lemmas`), as if found here: the lemma
    cache then holds the same words either way."""
    _LEMMAS.update(table)


def lemma_cache_name() -> str:
    """The cache file name: it changes with the analyzer, its dictionary and the parse depth."""
    versions = f"{_installed_version('pymorphy3', 'pymorphy3')}-{_installed_version('pymorphy3_dicts_ru', 'pymorphy3-dicts-ru')}"
    return f"lemmas-{versions}-{_MAX_PARSES}.json"


def load_lemma_cache(path: Path) -> None:
    """Add the lemmas stored in ``path`` (a missing or unreadable file is no cache)."""
    _UNCHANGED.pop(path, None)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return
    if isinstance(data, dict):
        stored = 0
        for form, lemmas in data.items():
            if isinstance(form, str) and isinstance(lemmas, list) and all(isinstance(x, str) for x in lemmas):
                _LEMMAS.setdefault(form, tuple(lemmas))
                stored += 1
        if stored == len(data) == len(_LEMMAS):
            _UNCHANGED[path] = stored


def lemma_cache_bytes(path: Path) -> bytes | None:
    """What the lemma cache file ``path`` should now hold: every lemma known to this process;
    None when it holds exactly that already (read by :func:`load_lemma_cache`, no word added
    since). The build writes it (:mod:`tei_edition.build`)."""
    if _UNCHANGED.get(path) == len(_LEMMAS):
        return None
    data = json.dumps({f: list(v) for f, v in sorted(_LEMMAS.items())}, ensure_ascii=False, separators=(",", ":"))
    return data.encode("utf-8")


def build_search_index(records: Iterable[SearchRecord], texts: dict[str, str]) -> dict:
    """The index as a JSON-ready dict (deterministic: lemmas and forms sorted)."""
    records = list(records)
    postings: dict[str, list[int]] = {}  # records in increasing order: appended, never sorted
    forms: dict[str, tuple[str, ...]] = {}
    seen: dict[str, tuple[str, ...]] = {}  # token as written -> lemmas (tokens repeat: normalize once)
    for i, rec in enumerate(records):
        found: set[tuple[str, ...]] = set()  # a record's words repeat: post each reading once
        for token in tokenize(rec.text):
            lem = seen.get(token)
            if lem is None:
                form = normalize_word(token)
                lem = forms.get(form)
                if lem is None:
                    lem = forms[form] = lemmas_of(token)
                seen[token] = lem
            found.add(lem)
        for lem in found:
            for lemma in lem:
                posted = postings.setdefault(lemma, [])
                if not posted or posted[-1] != i:  # two readings of a record may share a lemma
                    posted.append(i)
    lemma_list = sorted(postings)
    lemma_id = {lemma: k for k, lemma in enumerate(lemma_list)}
    return {
        "version": 1,
        "texts": dict(sorted(texts.items())),
        "records": [[r.text_id, r.href, r.page, r.kind, r.label, r.text] for r in records],
        "forms": {f: [lemma_id[x] for x in forms[f]] for f in sorted(forms)},
        "lemmas": lemma_list,
        "postings": [postings[lemma] for lemma in lemma_list],
    }


def search_index_js(index: dict) -> str:
    """The index as a script: ``window.TEI_SEARCH = {...};`` (loadable from file://)."""
    data = json.dumps(index, ensure_ascii=False, separators=(",", ":"))
    # "</script" cannot occur in JSON from our texts' words, but keep the script inert anyway
    data = data.replace("</", "<\\/")
    return f"/* Search index of the edition, generated by tei-edition. */\nwindow.TEI_SEARCH = {data};\n"
