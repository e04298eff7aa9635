"""The curation layer: editors' decisions keyed by text, applied after the automatic annotation."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from tei_edition.annotate.curation import (Decision, Merge, apply_curation, find_mentions, load_curation,
                                           mention_context, normalize, record, seed_registers)
from tei_edition.annotate.linking import RegisterEntry, Registers
from tei_edition.diagnostics import EditionError
from tei_edition.model import Block, Document, Mark, Metadata, Span

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "curation"
AUTO = True  # an automatic mention not yet confirmed by an editor

TEXT = "Л.М. Карахан встретился в Пекине с Иосидзава. Позднее Карахан писал в Токио."


def _corpus() -> tuple[dict[str, Document], Registers]:
    """A hand-annotated document (no model needed) and its registers."""
    spans = [Span(0, 12, "person", "per-karakhan", auto=True), Span(26, 32, "place", "pl-pekin", auto=True),
             Span(35, 44, "person", "per-iosidzava", auto=True), Span(54, 61, "person", "per-karakhan", auto=True),
             Span(70, 75, "place", "pl-tokio", auto=True)]
    note = Mark(45, "note", "1", "Письмо Иосидзава Карахану.", id="d-note-1")
    block = Block("p", TEXT, [note], spans)
    doc = Document("d", Metadata(), body=[block])
    reg = Registers()
    for s in spans:
        reg.add(s.key, s.kind, TEXT[s.start:s.end], TEXT[s.start:s.end])
    return {"d": doc}, reg


def _spans(docs: dict[str, Document]) -> list[tuple[str, str, str, bool]]:
    block = docs["d"].body[0]
    return [(block.text[s.start:s.end], s.kind, s.key, s.auto)
            for s in sorted(block.spans, key=lambda s: s.start)]


# ---------------------------------------------------------------------------- keys

@pytest.mark.parametrize("text, surface, context, occurrence, expected", [
    (TEXT, "Карахан", "", 1, [(5, 12), (54, 61)]),
    (TEXT, "Карахан", "Позднее Карахан писал", 1, [(54, 61)]),
    (TEXT, "карахан", "ПОЗДНЕЕ   карахан\nписал", 1, [(54, 61)]),      # case and line breaks
    ("Ёкотэ – автор «книги».", "Екотэ", "екотэ - автор \"книги\"", 1, [(0, 5)]),  # ё, dashes, quotes
    ("Карахан и Карахан.", "Карахан", "Карахан и Карахан", 2, [(10, 17)]),
    ("Караханом", "Карахан", "", 1, []),                                 # whole words only
    (TEXT, "Карахан", "Карахан уехал", 1, []),
])
def test_curation_find_mentions(text, surface, context, occurrence, expected):
    assert find_mentions(text, surface, context, occurrence) == expected


@pytest.mark.parametrize("start, end", [(0, 12), (26, 32), (70, 75)])
def test_curation_mention_context_holds_the_mention(start, end):
    ctx = mention_context(TEXT, start, end)
    assert TEXT[start:end] in ctx and len(ctx) <= 60
    assert find_mentions(TEXT, TEXT[start:end], ctx) == [(start, end)]


def test_curation_normalize_maps_offsets():
    norm, pos = normalize("A  Б\nв")
    assert norm == "a б в" and pos == [0, 3, 3, 5, 5]  # a folded space maps to the next character


# ---------------------------------------------------------------------------- loading

def _folder(tmp_path: Path, decisions: str = "", registers: str = "") -> Path:
    folder = tmp_path / "curation"
    folder.mkdir(exist_ok=True)
    if decisions:
        (folder / "decisions.toml").write_text(decisions, encoding="utf-8")
    if registers:
        (folder / "registers.toml").write_text(registers, encoding="utf-8")
    return folder


def test_curation_load_fixture_files():
    cur = load_curation(FIXTURES / "good")
    assert [(d.action, d.text, d.line) for d in cur.decisions] == [
        ("reject", "Пекине", 4), ("relink", "Карахан", 10), ("add", "Токио", 17)]
    assert cur.decisions[1].ref == "per-karakhan-lev" and cur.decisions[1].occurrence == 1
    assert [(m.source, m.into, m.line) for m in cur.merges] == [("per-iosidzava", "per-yoshizawa", 23)]
    by_id = {e.id: e for e in cur.entries}
    lev = by_id["per-karakhan-lev"]
    assert (lev.surname, lev.forename, lev.birth, lev.curated) == ("Карахан", "Лев Михайлович", "1889", True)
    assert by_id["pl-tokio"].geo == (35.68, 139.77)
    assert cur.entry_lines["pl-tokio"] == 12


def test_curation_missing_folder_is_empty(tmp_path):
    cur = load_curation(tmp_path / "nothing")
    assert (cur.decisions, cur.merges, cur.entries) == ([], [], [])


def test_curation_project_files_load(root):
    load_curation(root / "curation")  # the shipped, documented files are valid


@pytest.mark.parametrize("decisions, registers, message", [
    ("[[decision]]\naction = 'delete'\ntext = 'X'\n", "", "line 1: [[decision]]: unknown action 'delete'"),
    ("\n[[decision]]\naction = 'reject'\n", "", "line 2: [[decision]]: missing 'text'"),
    ("[[decision]]\naction = 'reject'\ntext = 'X'\ncontxt = 'a X b'\n", "", "did you mean 'context'"),
    ("[[decision]]\naction = 'reject'\ntext = 'X'\ncontext = 'nothing here'\n", "", "does not contain text"),
    ("[[decision]]\naction = 'retype'\ntext = 'X'\n", "", "retype needs 'type'"),
    ("[[decision]]\naction = 'relink'\ntext = 'X'\n", "", "relink needs 'ref'"),
    ("[[decision]]\naction = 'add'\ntext = 'X'\ntype = 'ship'\n", "", "unknown type 'ship'"),
    ("[[decision]]\naction = 'reject'\ntext = 'X'\noccurrence = 0\n", "", "counts from 1"),
    ("[[decison]]\naction = 'reject'\n", "", "unknown table [[decison]] (did you mean 'decision'?)"),
    ("[[decision]\n", "", "invalid TOML"),
    ("[[merge]]\nfrom = 'a'\ninto = 'a'\n", "", "are the same entry"),
    ("", "[[person]]\nid = 'pl-x'\nname = 'X'\n", "must start with 'per-'"),
    ("", "[[place]]\nid = 'pl-x'\nname = 'X'\nlat = 95.0\nlon = 1.0\n", "out of range"),
    ("", "[[place]]\nid = 'pl-x'\nname = 'X'\nlat = 5.0\n", "give both lat and lon"),
    ("", "[[person]]\nid = 'per-x'\nname = 'X'\nwikidata = 'x123'\n", "wikidata must be an item id"),
    ("", "[[org]]\nid = 'org-x'\nname = 'X'\nbirth = '1900'\n", "are for persons"),
    ("", "[[person]]\nid = 'per-x'\nname = 'X'\n\n[[person]]\nid = 'per-x'\nname = 'Y'\n",
     "line 5: id 'per-x' is already defined at line 1"),
])
def test_curation_bad_files_raise_one_line(tmp_path, decisions, registers, message):
    folder = _folder(tmp_path, decisions, registers)
    with pytest.raises(EditionError) as exc:
        load_curation(folder)
    err = exc.value
    assert message in str(err) and "\n" not in str(err)
    assert err.source == ("curation/decisions.toml" if decisions else "curation/registers.toml")


# ---------------------------------------------------------------------------- applying

def test_curation_seed_registers_are_curated_and_kept():
    cur = load_curation(FIXTURES / "good")
    reg = seed_registers(cur)
    assert all(e.curated and e.count == 0 for e in reg.entries.values())
    reg.add("per-karakhan-lev", "person", "Карахан, Л.М.", "Л.М. Карахан")  # an automatic run
    e = reg.entries["per-karakhan-lev"]
    assert (e.canonical, e.count) == ("Карахан, Лев Михайлович", 1)


@pytest.mark.parametrize("decision, expected", [
    (Decision("reject", "Пекине", "встретился в Пекине с"),
     [("Л.М. Карахан", "person", "per-karakhan", AUTO), ("Иосидзава", "person", "per-iosidzava", AUTO),
      ("Карахан", "person", "per-karakhan", AUTO), ("Токио", "place", "pl-tokio", AUTO)]),
    (Decision("accept", "Токио", "писал в Токио"),
     [("Л.М. Карахан", "person", "per-karakhan", AUTO), ("Пекине", "place", "pl-pekin", AUTO),
      ("Иосидзава", "person", "per-iosidzava", AUTO), ("Карахан", "person", "per-karakhan", AUTO),
      ("Токио", "place", "pl-tokio", False)]),
    (Decision("relink", "Карахан", "Позднее Карахан писал", ref="pl-tokio"),
     [("Л.М. Карахан", "person", "per-karakhan", AUTO), ("Пекине", "place", "pl-pekin", AUTO),
      ("Иосидзава", "person", "per-iosidzava", AUTO), ("Карахан", "place", "pl-tokio", False),
      ("Токио", "place", "pl-tokio", AUTO)]),
    (Decision("retype", "Иосидзава", "", type="place", ref="pl-tokio"),
     [("Л.М. Карахан", "person", "per-karakhan", AUTO), ("Пекине", "place", "pl-pekin", AUTO),
      ("Иосидзава", "place", "pl-tokio", False), ("Карахан", "person", "per-karakhan", AUTO),
      ("Токио", "place", "pl-tokio", AUTO)]),
    (Decision("add", "Позднее", "Позднее Карахан", type="person", ref="per-iosidzava"),
     [("Л.М. Карахан", "person", "per-karakhan", AUTO), ("Пекине", "place", "pl-pekin", AUTO),
      ("Иосидзава", "person", "per-iosidzava", AUTO), ("Позднее", "person", "per-iosidzava", False),
      ("Карахан", "person", "per-karakhan", AUTO), ("Токио", "place", "pl-tokio", AUTO)]),
    (Decision("add", "Позднее Карахан", "", ref="per-karakhan"),  # replaces the shorter automatic span
     [("Л.М. Карахан", "person", "per-karakhan", AUTO), ("Пекине", "place", "pl-pekin", AUTO),
      ("Иосидзава", "person", "per-iosidzava", AUTO), ("Позднее Карахан", "person", "per-karakhan", False),
      ("Токио", "place", "pl-tokio", AUTO)]),
])
def test_curation_apply_mention_decisions(decision, expected):
    docs, reg = _corpus()
    report = apply_curation(docs, reg, _with(decision))
    assert list(report) == []
    assert _spans(docs) == expected
    counted = {e.id: e.count for e in reg.entries.values()}
    refs = [ref for _, _, ref, _ in expected]
    assert counted == {r: refs.count(r) for r in set(refs)}


def _with(*items) -> "object":
    from tei_edition.annotate.curation import Curation

    cur = Curation()
    for i, item in enumerate(items, 1):
        item = item if item.line else _line(item, i)
        (cur.merges if isinstance(item, Merge) else cur.decisions).append(item)
    return cur


def _line(item, n):
    from dataclasses import replace

    return replace(item, line=n * 10)


def test_curation_reject_updates_registers():
    docs, reg = _corpus()
    apply_curation(docs, reg, _with(Decision("reject", "Пекине", "в Пекине")))
    assert "pl-pekin" not in reg.entries  # an automatic entry without mentions leaves the registers
    assert reg.entries["per-karakhan"].variants == {"Л.М. Карахан": 1, "Карахан": 1}


def test_curation_merge_moves_mentions_and_drops_entry():
    docs, reg = _corpus()
    reg.entries["per-karakhan-lev"] = RegisterEntry("per-karakhan-lev", "person", "Карахан, Лев Михайлович",
                                                    "Карахан", "Лев Михайлович", curated=True)
    report = apply_curation(docs, reg, _with(Merge("per-karakhan", "per-karakhan-lev")))
    assert list(report) == []
    assert "per-karakhan" not in reg.entries
    assert reg.entries["per-karakhan-lev"].count == 2
    assert {ref for _, _, ref, _ in _spans(docs)} >= {"per-karakhan-lev"}


def test_curation_add_in_note_text():
    docs, reg = _corpus()
    apply_curation(docs, reg, _with(Decision("add", "Карахану", "Иосидзава Карахану", doc="d",
                                             ref="per-karakhan")))
    note = docs["d"].body[0].marks[0]
    assert [(note.text[s.start:s.end], s.kind, s.key, s.auto) for s in note.spans] == [
        ("Карахану", "person", "per-karakhan", False)]
    assert reg.entries["per-karakhan"].count == 3


@pytest.mark.parametrize("decision, code", [
    (Decision("reject", "Чичерин", "", line=7), "curation-unmatched"),
    (Decision("reject", "Пекине", "в Пекине", doc="other", line=7), "curation-unmatched"),
    (Decision("reject", "встретился", "", line=7), "curation-stale"),
    (Decision("relink", "Токио", "", ref="pl-nowhere", line=7), "curation-unknown-entry"),
    (Merge("per-nobody", "per-karakhan", line=7), "curation-unmatched"),
    (Merge("per-karakhan", "per-nobody", line=7), "curation-unknown-entry"),
])
def test_curation_stale_decisions_warn_with_file_and_line(decision, code):
    docs, reg = _corpus()
    report = apply_curation(docs, reg, _with(decision))
    assert [(d.source, d.line, d.code, d.severity) for d in report] == [
        ("curation/decisions.toml", 7, code, "warning")]


def test_curation_apply_fixture_decisions():
    docs, reg = _corpus()
    cur = load_curation(FIXTURES / "good")
    seeded = seed_registers(cur)
    seeded.entries.update({k: v for k, v in reg.entries.items() if k not in seeded.entries})
    report = apply_curation(docs, seeded, cur)
    assert [(d.line, d.code) for d in report] == []
    spans = _spans(docs)
    assert ("Пекине", "place", "pl-pekin", AUTO) not in spans
    assert ("Карахан", "person", "per-karakhan-lev", False) in spans
    assert ("Иосидзава", "person", "per-yoshizawa", AUTO) in spans  # merged


# ---------------------------------------------------------------------------- recording

def test_curation_record_appends_and_keeps_comments(tmp_path):
    folder = _folder(tmp_path, "# my own comment\n\n[[decision]]\naction = \"accept\"\ntext = \"Токио\"\n")
    line = record(folder, Decision("reject", "Пекине", "в \"Пекине\" с", doc="d", note="не место"))
    text = (folder / "decisions.toml").read_text(encoding="utf-8")
    assert text.startswith("# my own comment\n")
    assert text.splitlines()[line - 1] == "[[decision]]"
    cur = load_curation(folder)
    assert [(d.action, d.context, d.line) for d in cur.decisions] == [
        ("accept", "", 3), ("reject", 'в "Пекине" с', line)]
    assert list(folder.iterdir()) == [folder / "decisions.toml"]  # no temporary file left behind


def test_curation_record_new_files_are_documented(tmp_path):
    folder = tmp_path / "curation"
    record(folder, Merge("per-a", "per-b"))
    record(folder, RegisterEntry("pl-tokio", "place", "Токио", wikidata="Q1490", geo=(35.68, 139.77)))
    dec = (folder / "decisions.toml").read_text(encoding="utf-8")
    reg = (folder / "registers.toml").read_text(encoding="utf-8")
    assert dec.startswith("# Editors' decisions") and reg.startswith("# Curated register entries")
    assert tomllib.loads(reg)["place"] == [{"id": "pl-tokio", "name": "Токио", "wikidata": "Q1490",
                                            "lat": 35.68, "lon": 139.77}]


def test_curation_record_refuses_invalid_and_leaves_file(tmp_path):
    folder = _folder(tmp_path, "[[decision]]\naction = \"accept\"\ntext = \"Токио\"\n")
    before = (folder / "decisions.toml").read_bytes()
    with pytest.raises(EditionError):
        record(folder, Decision("reject", "Пекине", "no such words"))
    assert (folder / "decisions.toml").read_bytes() == before


# ---------------------------------------------------------------------------- re-conversion

def _thesis(extra: bool) -> str:
    """A small thesis-like source; ``extra`` inserts a paragraph and a sentence and re-typesets it."""
    from synth_thesis import Para, Variant, make_document, typeset

    paras = make_document(3, paragraphs=8)
    words = ("В 1925 г. Л.М. Карахан подписал в Пекине конвенцию с Японией, а затем "
             "Карахан сообщил об этом в Москву.").split()
    if extra:
        words = "Этот абзац был дополнен при сверке с оригиналом.".split() + words
    target = next(i for i, p in enumerate(paras) if p.kind == "p")
    paras[target] = Para("p", words + paras[target].words, {})
    if extra:
        paras.insert(target, Para("p", ("Вставленный при исправлении абзац о переговорах, "
                                        "которые велись долго и трудно.").split(), {}))
    return typeset(paras, Variant(width=55 if extra else 70, double=not extra, seed=3))


def _annotate(text: str, folder: Path):
    from tei_edition.annotate import annotate_document
    from tei_edition.readers.thesis import read_thesis

    doc, _ = read_thesis(text, "synthetic.txt", {"id": "t"})
    cur = load_curation(folder)
    reg = annotate_document(doc, seed_registers(cur))
    report = apply_curation({"t": doc}, reg, cur)
    block = next(b for b in doc.iter_blocks() if "подписал в Пекине" in b.text)
    return block, reg, report


def _where(block, surface: str, context: str) -> list[tuple[int, int, str, str, bool]]:
    (start, end), = find_mentions(block.text, surface, context)
    return [(s.start, s.end, s.kind, s.key, s.auto) for s in block.spans if s.start < end and start < s.end]


def test_curation_decision_survives_reconversion_of_changed_source(tmp_path):
    folder = tmp_path / "curation"
    record(folder, RegisterEntry("per-karakhan-lev", "person", "Карахан, Лев Михайлович", "Карахан",
                                 "Лев Михайлович", curated=True, birth="1889"))
    block, reg, report = _annotate(_thesis(False), folder)
    assert list(report) == []
    pek = _where(block, "Пекине", "подписал в Пекине")
    assert pek and pek[0][2] == "place"
    kar = next(s for s in block.spans if block.text[s.start:s.end] == "Карахан")
    # the editor keys the decisions by text, as the review report and `curate` do
    record(folder, Decision("reject", "Пекине", mention_context(block.text, pek[0][0], pek[0][1]), doc="t"))
    record(folder, Decision("relink", "Карахан", mention_context(block.text, kar.start, kar.end), doc="t",
                            ref="per-karakhan-lev"))
    first = (pek[0][0], kar.start)

    block2, reg2, report2 = _annotate(_thesis(True), folder)
    assert list(report2) == []
    assert _where(block2, "Пекине", "подписал в Пекине") == []  # still rejected
    (start, end, kind, key, auto), = _where(block2, "Карахан", "затем Карахан сообщил")
    assert (kind, key, auto) == ("person", "per-karakhan-lev", False)
    assert (block2.text.index("Пекине"), start) != first  # the offsets moved; the keys held
    assert reg2.entries["per-karakhan-lev"].curated and reg2.entries["per-karakhan-lev"].birth == "1889"
    assert reg2.entries["per-karakhan-lev"].count == 1
