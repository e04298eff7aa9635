"""The search index's lemma cache and token handling (tei_edition.render.search_index)."""

from __future__ import annotations

import json

import pytest

from tei_edition.build.cache import save_lemma_cache
from tei_edition.render import search_index as si


@pytest.fixture(autouse=True)
def fresh_lemmas(monkeypatch):
    """Each test starts with no lemma known to the process."""
    monkeypatch.setattr(si, "_LEMMAS", {})
    monkeypatch.setattr(si, "_UNCHANGED", {})


def test_lemma_cache_round_trip_and_no_rewrite_when_nothing_new(tmp_path):
    cache = tmp_path / "lemmas.json"
    si.load_lemma_cache(cache)  # missing file: no cache, no error
    si.lemmas_of("Японией")
    save_lemma_cache(cache)
    stored = json.loads(cache.read_text(encoding="utf-8"))
    assert stored["японией"] == list(si.lemmas_of("японией"))

    # a new process: loads the file; saving without a new word must not rewrite it
    si._LEMMAS.clear()
    si._UNCHANGED.clear()
    si.load_lemma_cache(cache)
    before = cache.stat()
    save_lemma_cache(cache)
    after = cache.stat()
    assert (after.st_ino, after.st_mtime_ns) == (before.st_ino, before.st_mtime_ns)

    # a new word is saved
    si.lemmas_of("Караханом")
    save_lemma_cache(cache)
    stored = json.loads(cache.read_text(encoding="utf-8"))
    assert set(stored) == {"японией", "караханом"}


def test_lemma_cache_written_again_after_it_was_removed(tmp_path):
    cache = tmp_path / "lemmas.json"
    si.lemmas_of("Японией")
    save_lemma_cache(cache)
    si.load_lemma_cache(cache)
    cache.unlink()
    si.load_lemma_cache(cache)
    save_lemma_cache(cache)
    assert "японией" in json.loads(cache.read_text(encoding="utf-8"))


def test_index_forms_merge_case_and_yo_spellings():
    recs = [si.SearchRecord("t", "t/a.html#1", "1", "p", "", "Семёнов и СЕМЕНОВ"),
            si.SearchRecord("t", "t/a.html#2", "2", "p", "", "семенов, Японией")]
    index = si.build_search_index(recs, {"t": "T"})
    assert sorted(index["forms"]) == ["и", "семенов", "японией"]
    lemma = index["lemmas"][index["forms"]["семенов"][0]]
    assert index["postings"][index["lemmas"].index(lemma)] == [0, 1]
    japan = index["lemmas"][index["forms"]["японией"][0]]
    assert japan == "япония"
    assert index["postings"][index["lemmas"].index(japan)] == [1]


def test_words_of_any_script_are_whole():
    """An edition in another language is searchable: a word with letters outside Russian and
    English (umlauts, accents, Greek) is one word, not pieces cut at those letters."""
    assert si.tokenize("Müller, École_normale, Ἀθῆναι, Пекин-Мукден, 1923 г.") == [
        "Müller", "École", "normale", "Ἀθῆναι", "Пекин-Мукден", "1923", "г"]
    index = si.build_search_index([si.SearchRecord("t", "t/a.html", "", "p", "", "Die Mädchen von Zürich")],
                                  {"t": "T"})
    assert {"mädchen", "zürich"} <= set(index["forms"])
