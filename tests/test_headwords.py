"""Register headwords: near-duplicate entries merged when certain, suggested otherwise; nominatives."""

from __future__ import annotations

from tei_edition.annotate.headwords import find_duplicates, fix_headwords, fold
from tei_edition.annotate.linking import Registers


def _reg(*rows) -> Registers:
    reg = Registers()
    for key, type_, canon, form in rows:
        reg.add(key, type_, canon, form)
    return reg


def test_fold_ignores_transliteration_and_misspelling():
    assert fold("Йокагама") == fold("Иокогама")
    assert fold("Благовешенск") == fold("Благовещенск")
    assert fold("Копп") == fold("Коп")
    assert fold("Карахан") != fold("Каракан")


def test_case_form_read_as_a_name_is_merged_into_the_name_found():
    reg = _reg(("per-kopp", "person", "Копп, В.А.", "В.А. Коппом"),
               ("per-koppa", "person", "Коппа, В.Л.", "В.А. Копп"),
               ("per-koppa", "person", "Коппа, В.Л.", "В.Л. Копп"))
    (d,) = find_duplicates(reg)
    assert (d.source, d.into, d.certain) == ("per-koppa", "per-kopp", True)


def test_oblique_form_with_the_same_initials_joins_the_name_found():
    """«Г. Гуверу» read as a feminine «Гувера» is a case form of «Г. Гувер» found in the text;
    a Russian feminine form («Ивановой») names another person and is not merged as a case form."""
    reg = _reg(("per-guvera", "person", "Гувера, Г.", "Г. Гуверу"),
               ("per-guver", "person", "Гувер, Г.", "Г. Гувер"))
    (d,) = find_duplicates(reg)
    assert (d.source, d.into, d.certain, d.reason) == ("per-guvera", "per-guver", True,
                                                       "a form of one is the name of the other")
    reg = _reg(("per-guvera", "person", "Гувера, Г.", "Г. Гуверу"),
               ("per-guver", "person", "Гувер, А.", "А. Гувер"))
    assert not [d for d in find_duplicates(reg) if d.certain]


def test_place_case_form_and_transliteration():
    reg = _reg(("pl-iokagam", "place", "Йокагам", "Йокагама"),
               ("pl-iokagama", "place", "Йокагама", "Йокагамы"),
               ("pl-yokohama", "place", "Иокогама", "Иокогаму"))
    dups = find_duplicates(reg, known={"pl-yokohama"})
    assert all(d.certain for d in dups)
    # every entry ends in the gazetteer's one, directly or through the entry it joined
    into = {d.source: d.into for d in dups}

    def root(x):
        while x in into:
            x = into[x]
        return x
    assert {root(x) for x in ("pl-iokagam", "pl-iokagama", "pl-yokohama")} == {"pl-yokohama"}


def test_spelling_variants_with_the_same_initials_merge_into_the_dictionary_name():
    reg = _reg(("pl-blagoveshensk", "place", "Благовешенск", "Благовешенска"),
               ("pl-blagoveshensk", "place", "Благовешенск", "Благовешенске"),
               ("pl-blagoveshchensk", "place", "Благовещенск", "Благовещенск"))
    (d,) = find_duplicates(reg)
    assert (d.source, d.into, d.certain) == ("pl-blagoveshensk", "pl-blagoveshchensk", True)


def test_different_initials_or_two_edits_are_only_suggested():
    reg = _reg(("per-kamenev", "person", "Каменев, Л.", "Л. Каменев"),
               ("per-kameneva", "person", "Каменева, О.", "О. Каменевой"))
    assert not [d for d in find_duplicates(reg) if d.certain]
    reg = _reg(("per-matsuidara", "person", "Мацуйдара", "Мацуйдара"),
               ("per-matsudaira", "person", "Мацудайра", "Мацудайра"))
    (d,) = find_duplicates(reg)
    assert not d.certain and d.reason.startswith("similar spelling")


def test_unrelated_names_are_no_duplicates():
    reg = _reg(("pl-japan", "place", "Япония", "Японии"), ("pl-china", "place", "Китай", "Китая"),
               ("per-ivanov", "person", "Иванов, И.", "И. Иванов"), ("per-petrov", "person", "Петров, П.", "П. Петров"))
    assert find_duplicates(reg) == []


def test_foreign_surname_keeps_its_final_a():
    reg = _reg(("per-iosidzav", "person", "Иосидзав, К.", "К. Иосидзава"),
               ("per-iosidzav", "person", "Иосидзав, К.", "К. Иосидзаве"),
               ("per-karakhan", "person", "Карахан", "Карахана"),
               ("per-karakhan", "person", "Карахан", "Карахан"),
               ("per-aniki", "person", "Аникеев", "Аникеева"))
    fix_headwords(reg)
    assert reg.entries["per-iosidzav"].canonical == "Иосидзава, К."
    assert reg.entries["per-iosidzav"].surname == "Иосидзава"
    assert reg.entries["per-karakhan"].canonical == "Карахан"  # the bare form is found: a genitive
    assert reg.entries["per-aniki"].canonical == "Аникеев"  # a Russian surname suffix: a genitive
