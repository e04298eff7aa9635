"""The curation layer's faults, each on a real (small) built edition or a hand-annotated document:
decisions that would make invalid TEI are refused when recorded, conflicts are reported, orphans
are listed with a re-anchoring, a missing decisions file is noticed, strict builds fail, dates
are curated like names."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from lxml import etree

from conftest import FIXTURES, TEI
from tei_edition.annotate.curation import (DECISIONS_FILE, Curation, Decision, apply_curation, conflicts,
                                           load_curation, record, remove, suggest_anchor, table_text)
from tei_edition.tei.curation import load_built
from tei_edition.annotate.linking import RegisterEntry, Registers
from tei_edition.tei.registers import registers_to_tei
from tei_edition.cli.app import main
from tei_edition.diagnostics import EditionError
from tei_edition.model import Block, Document, Metadata, Span
from tei_edition.validate.engine import validate_tree

DESK = FIXTURES / "desk"


def _build(project: Path, *args: str):
    return CliRunner().invoke(main, ["build", "--config", str(project / "edition.toml"), "--tei-only", *args])


@pytest.fixture(scope="module")
def built_once(tmp_path_factory) -> Path:
    project = tmp_path_factory.mktemp("desk") / "edition"
    shutil.copytree(DESK, project)
    result = _build(project)
    assert result.exit_code == 0, result.output
    return project


@pytest.fixture
def project(built_once, tmp_path) -> Path:
    """A fresh copy of the built small edition (with its cache: rebuilds skip the model)."""
    dest = tmp_path / "edition"
    shutil.copytree(built_once, dest, symlinks=True)
    return dest


def _curate(project: Path, *args: str):
    return CliRunner().invoke(main, ["curate", *args, "--tei-dir", str(project / "tei"),
                                     "--curation-dir", str(project / "curation")])


def _decisions(project: Path) -> str:
    path = project / "curation" / DECISIONS_FILE
    return path.read_text(encoding="utf-8") if path.exists() else ""


# ---------------------------------------------------------------------------- invalid TEI refused

def test_entry_with_wikidata_and_life_dates_is_valid_tei(project):
    e = RegisterEntry("per-karakhan-lev", "person", "Карахан, Лев Михайлович", "Карахан", "Лев Михайлович",
                      wikidata="Q380924", curated=True, birth="1889-02-01", death="1937", note="Дипломат.")
    record(project / "curation", e)
    reg = Registers()
    reg.entries[e.id] = e
    assert [p.message for p in validate_tree(registers_to_tei(reg, notes=True)) if p.severity == "error"] == []
    result = _build(project)
    assert result.exit_code == 0, result.output
    person = etree.parse(str(project / "tei" / "registers.xml")).find(f".//{TEI}person[@cert='high']")
    assert [etree.QName(c).localname for c in person] == ["persName", "idno", "birth", "death", "note", "note"]
    assert person.find(f"{TEI}note[@type='editorial']").text == "Дипломат."


def test_add_inside_a_bibliographic_title_is_refused_when_recorded(project):
    before = _decisions(project)
    result = _curate(project, "add", "--doc", "mini", "--text", "Пекина", "--context", "Письма из Пекина",
                     "--type", "place")
    assert result.exit_code == 1
    assert "refused add «Пекина» in mini" in result.output and "<title>" in result.output
    assert _decisions(project) == before


def test_add_inside_a_title_in_the_file_is_skipped_by_the_build_with_a_warning(project):
    folder = project / "curation"
    folder.mkdir(exist_ok=True)
    (folder / DECISIONS_FILE).write_text('[[decision]]\naction = "add"\ndoc = "mini"\ntext = "Пекина"\n'
                                         'context = "Письма из Пекина"\ntype = "place"\n', encoding="utf-8")
    result = _build(project)
    assert result.exit_code == 0, result.output
    assert "curation-refused" in result.output and "cannot add «Пекина»" in result.output
    strict = _build(project, "--strict")
    assert strict.exit_code == 1 and "--strict" in strict.output


def test_add_with_ref_and_no_type_takes_the_type_of_the_entry(project):
    result = _curate(project, "add", "--doc", "mini", "--text", "Карахан", "--context", "Карахан Л.М. Письма",
                     "--ref", "per-karakhan")
    assert result.exit_code == 0, result.output
    assert 'ref = "per-karakhan"' in _decisions(project) and "type =" not in _decisions(project).split("[[decision]]")[-1]
    assert _build(project).exit_code == 0
    tei = (project / "tei" / "mini.xml").read_text(encoding="utf-8")
    assert '<author><persName ref="registers.xml#per-karakhan">Карахан</persName> Л.М.</author>' in tei


# ---------------------------------------------------------------------------- conflicts, orphans, missing file

def test_conflicting_decisions_are_reported_by_curate_and_build(project):
    assert _curate(project, "reject", "--doc", "mini", "--text", "Чичерин").exit_code == 0
    result = _curate(project, "retype", "--doc", "mini", "--text", "Чичерин", "--type", "org")
    assert result.exit_code == 0
    assert "conflicts with the decision at line" in result.output and "[curation-conflict]" in result.output
    built = _build(project)
    assert "curation-conflict" in built.output
    assert _build(project, "--strict").exit_code == 1


def test_accept_then_relink_is_no_conflict():
    cur = Curation(decisions=[Decision("accept", "Токио", line=1), Decision("relink", "Токио", ref="pl-x", line=2)])
    assert conflicts(cur, [("d", "в Токио сомневались")]) == []


def test_orphans_listed_with_a_suggested_reanchoring(project):
    folder = project / "curation"
    folder.mkdir(exist_ok=True)
    (folder / DECISIONS_FILE).write_text(
        '[[decision]]\naction = "reject"\ndoc = "mini"\ntext = "Чичерин"\n'
        'context = "Чичерин считал это успехом"\n', encoding="utf-8")
    result = _curate(project, "--orphans")
    assert result.exit_code == 0
    assert "decisions.toml:1: orphan: reject «Чичерин»" in result.output
    assert "suggested: --doc mini --context '" in result.output and "Чичерин считал его успехом" in result.output
    built = _build(project)
    # never silent: the warning says the automatic tag stays and where the decision may belong
    assert "the automatic annotation there stays as it was" in built.output
    assert 'it may now be «' in built.output
    assert _build(project, "--strict").exit_code == 1


def test_suggest_anchor_needs_a_similar_context():
    d = Decision("reject", "Токио", "в Токио сомневались", doc="d")
    assert suggest_anchor([("d", "Совсем другой текст, где Токио упомянут иначе и далеко.")], d) is None
    assert suggest_anchor([("d", "хотя в Токио сильно сомневались.")], d) == ("d", "в Токио сильно сомневались.")


def test_missing_decisions_file_is_warned(project):
    record(project / "curation", Decision("accept", "Токио", doc="mini"))
    (project / "curation" / DECISIONS_FILE).unlink()
    (project / "curation" / "registers.toml").write_text("", encoding="utf-8")
    result = _build(project)
    assert result.exit_code == 0 and "[curation-missing]" in result.output
    assert _build(project, "--strict").exit_code == 1


# ---------------------------------------------------------------------------- dates

def _dated() -> tuple[dict[str, Document], Registers]:
    text = "В 1924 г. договор не подписали, а весной 1925 года подписали."
    block = Block("p", text, [], [Span(2, 9, "date", values={"when": "1924"})])
    return {"d": Document("d", Metadata(), body=[block])}, Registers()


def test_dates_are_curated_like_names():
    docs, reg = _dated()
    cur = Curation(decisions=[Decision("retype", "1924 г.", type="date", when="1924-05", line=1),
                              Decision("add", "весной 1925 года", type="date", when="1925", line=2)])
    report = apply_curation(docs, reg, cur)
    assert list(report) == []
    spans = sorted((s.start, s.kind, s.values) for s in docs["d"].body[0].spans)
    text = docs["d"].body[0].text
    assert spans == [(2, "date", {"when": "1924-05"}), (text.index("весной"), "date", {"when": "1925"})]
    report = apply_curation(docs, reg, Curation(decisions=[Decision("reject", "1924 г.", line=3)]))
    assert [s.values for s in docs["d"].body[0].spans] == [{"when": "1925"}]


@pytest.mark.parametrize("toml, message", [
    ('action = "add"\ntext = "1925"\ntype = "date"\n', "a date needs 'when'"),
    ('action = "add"\ntext = "1925"\ntype = "date"\nwhen = "весна"\n', "a date needs 'when'"),
    ('action = "add"\ntext = "1925"\ntype = "person"\nwhen = "1925"\n', "'when' is for type"),
])
def test_bad_date_decisions_are_refused(tmp_path, toml, message):
    (tmp_path / DECISIONS_FILE).write_text("[[decision]]\n" + toml, encoding="utf-8")
    with pytest.raises(EditionError, match=message):
        load_curation(tmp_path)


def test_curate_date_on_the_built_edition(project):
    result = _curate(project, "retype", "--doc", "mini", "--text", "1924 г.", "--type", "date", "--when", "1924-03")
    assert result.exit_code == 0, result.output
    assert _build(project).exit_code == 0
    assert '<date when="1924-03">1924 г.</date>' in (project / "tei" / "mini.xml").read_text(encoding="utf-8")


# ---------------------------------------------------------------------------- undo, lock

def test_remove_undoes_a_recorded_decision_and_guards_hand_edits(tmp_path):
    folder = tmp_path / "curation"
    first = Decision("reject", "Токио", "в Токио", doc="d")
    record(folder, first)
    before = (folder / DECISIONS_FILE).read_text(encoding="utf-8")
    d = Decision("accept", "Москву", "в Москву", doc="d")
    line = record(folder, d)
    with pytest.raises(EditionError, match="not the one recorded"):
        remove(folder, DECISIONS_FILE, line, table_text(first))
    remove(folder, DECISIONS_FILE, line, table_text(d))
    assert (folder / DECISIONS_FILE).read_text(encoding="utf-8") == before
    with pytest.raises(EditionError, match="no table starts there"):
        remove(folder, DECISIONS_FILE, 1)


def test_concurrent_records_keep_every_decision(tmp_path):
    from concurrent.futures import ThreadPoolExecutor

    folder = tmp_path / "curation"
    decisions = [Decision("accept", f"Имя{i}", doc="d") for i in range(24)]
    with ThreadPoolExecutor(8) as pool:
        list(pool.map(lambda d: record(folder, d), decisions))
    assert sorted(d.text for d in load_curation(folder).decisions) == sorted(d.text for d in decisions)


def test_built_units_hold_the_note_elements(project):
    built = load_built(project / "tei")
    note = next(u for u in built.units if u[1].startswith("Карахан Л.М."))
    assert {tag for _, _, tag in note[2]} >= {"title", "author", "pubPlace", "publisher", "date", "biblScope"}


# ---------------------------------------------------------------------------- review queue

def test_review_ranks_by_doubt_times_mentions_and_offers_every_action(project):
    import csv
    import io

    out = project / "review.csv"
    result = CliRunner().invoke(main, ["review", "-o", str(out), "--tei-dir", str(project / "tei"),
                                       "--threshold", "0"])
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8"))))
    assert [int(r["score"]) for r in rows] == sorted((int(r["score"]) for r in rows), reverse=True)
    for r in rows:  # the score is the doubt times the mentions one decision settles
        assert int(r["score"]) == round(100 * float(r["doubt"]) * int(r["mentions"]))
    by = {(r["text"], r["entry"]): r for r in rows}
    # two entries for one person: register ambiguity, not one flat reason for everything
    assert "near-duplicate" in by[("Иосидзава", "per-iosidzav")]["reasons"]
    assert len({r["reasons"] for r in rows}) >= 3
    # a name the recogniser missed (the author of the cited letters) is in the queue, to add
    missed = next(r for r in rows if r["reasons"] == "missed")
    assert (missed["text"], missed["entry"]) == ("Карахан", "per-karakhan") and missed["command"].startswith("tei-edition curate add --doc mini")
    auto = by[("Иосидзава", "per-iosidzav")]
    offered = [auto["command"], *auto["actions"].split(" ; ")]
    assert {c.split()[2] for c in offered} == {"reject", "accept", "retype", "relink"}
    tokio = [r for r in rows if r["text"] == "Токио"]
    assert len(tokio) == 1 and tokio[0]["mentions"] == "2"  # one item per form


def test_merge_suggestions_pair_entries_sharing_a_stem(project):
    from tei_edition.annotate.curation import merge_suggestions

    built = load_built(project / "tei")
    assert merge_suggestions(built.registers) == [("per-iosidzav", "per-kenkiti-iosidzava")]


def test_replace_entry_and_distinct(tmp_path):
    from tei_edition.annotate.curation import Distinct, find_table, merge_suggestions, replace_entry

    folder = tmp_path / "curation"
    replace_entry(folder, RegisterEntry("per-a", "person", "Иосидзава, Кэнкити", "Иосидзава", "Кэнкити",
                                        curated=True))
    replace_entry(folder, RegisterEntry("per-a", "person", "Иосидзава, Кэнкити", "Иосидзава", "Кэнкити",
                                        wikidata="Q1", curated=True, note="посланник"))
    cur = load_curation(folder)
    assert [(e.id, e.wikidata, e.note) for e in cur.entries] == [("per-a", "Q1", "посланник")]
    reg = Registers()
    reg.add("per-a", "person", "Иосидзава, Кэнкити", "Иосидзава")
    reg.add("per-b", "person", "Иосидзав", "Иосидзав")
    assert merge_suggestions(reg) == [("per-b", "per-a")]
    d = Distinct("per-b", "per-a")
    record(folder, d)
    assert find_table(folder, DECISIONS_FILE, table_text(d)) > 0
    assert merge_suggestions(reg, load_curation(folder).distinct) == []
