"""Incremental and parallel builds (issue 7): the cache skips unchanged work, never serves stale
results, and ``--jobs N`` writes exactly what a serial build writes.

A small project in ``tmp_path`` (conftest ``small_project``: the real ``edition.toml``,
``curation/`` and sources, with the thesis cut to its first pages) so that a cold build takes
seconds. Timing is never asserted here (see ``benchmarks/bench_scale.py``); the tests assert what
was skipped, rewritten and produced.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import small_project
from tei_edition.build import documents, pipeline
from tei_edition.build import publish as publish_stage
from tei_edition.build.cache import CACHE_DIR, Cache
from tei_edition.cli.app import main
from tei_edition.config import load_config

def _source(project: Path, ident: str) -> Path:
    return next(s.file for s in load_config(project / "edition.toml").sources if s.id == ident)


def _build(project: Path, *, cache: bool = True, publish: bool = False, jobs: int = 1) -> pipeline.BuildResult:
    """A build through the library, as ``tei-edition build`` runs it."""
    cfg = load_config(project / "edition.toml")
    store = Cache(project / CACHE_DIR) if cache else None
    result = pipeline.build(cfg, jobs=jobs, cache=store)
    if publish:
        published = pipeline.publish(cfg, result.outputs, jobs=jobs, cache=store)
        result.actions.update(published.actions)
        result.written.extend(published.written)
        result.outputs.extend(published.outputs)
    return result


def _snapshot(project: Path) -> dict[str, tuple[bytes, int]]:
    """Bytes and modification time of every output (tei/ and build/)."""
    return {p.relative_to(project).as_posix(): (p.read_bytes(), p.stat().st_mtime_ns)
            for folder in ("tei", "build") for p in sorted((project / folder).rglob("*")) if p.is_file()}


def _bytes(snapshot: dict[str, tuple[bytes, int]]) -> dict[str, bytes]:
    return {k: v[0] for k, v in snapshot.items()}


def _cli(project: Path, *args: str):
    return CliRunner().invoke(main, ["build", "--config", str(project / "edition.toml"), *args])


@pytest.fixture(scope="module")
def published(tmp_path_factory) -> Path:
    """A project built once, cold, in parallel, through the CLI (TEI, PDF, HTML and the cache)."""
    project = small_project(tmp_path_factory.mktemp("incremental") / "project")
    res = _cli(project, "--jobs", "2")
    assert res.exit_code == 0, res.output
    return project


@pytest.fixture
def project(published, tmp_path) -> Path:
    """A private copy of the built project (outputs and cache), for tests that change things."""
    copy = tmp_path / "project"
    shutil.copytree(published, copy)
    return copy


@pytest.fixture
def nothing_runs(monkeypatch):
    """Fail the test if any document is converted or annotated, any TEI is validated or any PDF or
    HTML page is rendered."""
    def forbidden(*_a, **_k):
        raise AssertionError("a stage ran although its inputs did not change")

    monkeypatch.setattr(pipeline, "document_stage", forbidden)
    monkeypatch.setattr(publish_stage, "_pdf_stage", forbidden)
    monkeypatch.setattr(pipeline, "validate_outputs", forbidden)
    monkeypatch.setattr("tei_edition.render.html.render_site", forbidden)
    monkeypatch.setattr("tei_edition.render.epub.build_epub", forbidden)


def test_incremental_parallel_build_is_identical_to_serial_cold_build(published, tmp_path):
    serial = small_project(tmp_path / "serial")
    result = _build(serial, cache=False, publish=True)
    assert {v for k, v in result.actions.items() if k.startswith(("document:", "pdf:"))} == {"built"}
    assert _bytes(_snapshot(serial)) == _bytes(_snapshot(published))
    assert {"tei/thesis.xml", "tei/book.xml", "tei/registers.xml", "build/pdf/thesis.pdf",
            "build/html/index.html"} <= set(_snapshot(serial))


def test_incremental_no_change_rebuild_skips_every_stage_and_rewrites_nothing(project, nothing_runs):
    before = _snapshot(project)
    result = _build(project, publish=True)
    assert result.written == []
    assert result.actions["corpus"] == "cached" and result.actions["validate"] == "cached"
    assert result.actions["pdf:thesis"] == result.actions["pdf:book"] == result.actions["html"] == "unchanged"
    assert _snapshot(project) == before  # same bytes, same modification times


def test_incremental_cli_no_change_reports_unchanged_outputs(project, nothing_runs):
    res = _cli(project)
    assert res.exit_code == 0, res.output
    assert "wrote" not in res.output
    assert "unchanged tei/thesis.xml" in res.output and "unchanged build/pdf/book.pdf" in res.output


def test_incremental_cached_run_reports_the_warnings_of_a_cold_run(project):
    def diagnostics(output: str) -> list[str]:
        return [line for line in output.splitlines() if not line.startswith(("wrote ", "unchanged "))]

    cached = _cli(project, "--tei-only")
    cold = _cli(project, "--tei-only", "--no-cache")
    assert cached.exit_code == cold.exit_code == 0
    assert diagnostics(cached.output) == diagnostics(cold.output)


def test_incremental_changed_source_rebuilds_only_what_depends_on_it(project, tmp_path):
    book = _source(project, "book")
    data = book.read_bytes()
    assert "две недели".encode() in data
    book.write_bytes(data.replace("две недели".encode(), "три недели".encode(), 1))
    before = _snapshot(project)
    result = _build(project, publish=True)
    assert result.actions["document:book"] == "built" and result.actions["document:thesis"] == "cached"
    assert result.actions["corpus"] == "built"
    assert result.actions["write:tei/book.xml"] == "written"
    assert result.actions["write:tei/thesis.xml"] == "unchanged"  # refs are identity keys
    assert result.actions["write:tei/registers.xml"] == "unchanged"  # no name was touched
    assert result.actions["pdf:book"] == "built" and result.actions["pdf:thesis"] == "unchanged"
    assert result.actions["html"] == "built"
    assert "три недели" in (project / "tei" / "book.xml").read_text(encoding="utf-8")
    after = _snapshot(project)
    assert after["tei/thesis.xml"] == before["tei/thesis.xml"]
    # never stale: exactly the TEI a cold build of the changed project writes
    cold = tmp_path / "cold"
    shutil.copytree(project, cold, ignore=shutil.ignore_patterns(CACHE_DIR, "tei", "build"))
    _build(cold, cache=False)
    assert _bytes(_snapshot(cold)) == {k: v for k, v in _bytes(after).items() if k.startswith("tei/")}


def test_incremental_changed_curation_redoes_the_corpus_not_the_documents(project):
    decisions = project / "curation" / "decisions.toml"
    decisions.write_text(decisions.read_text(encoding="utf-8") + "\n# reviewed again\n", encoding="utf-8")
    result = _build(project)
    assert result.actions["document:thesis"] == result.actions["document:book"] == "cached"
    assert result.actions["corpus"] == "built"
    assert result.written == []  # a comment changes no decision


def test_incremental_changed_code_invalidates_every_key(project, monkeypatch):
    for stage in (pipeline, documents, publish_stage):
        monkeypatch.setattr(stage, "code_digest", lambda: "another version of the code")
    result = _build(project)
    assert result.actions["document:thesis"] == result.actions["document:book"] == "built"
    assert result.written == []


@pytest.mark.parametrize("output", ["tei/book.xml", "tei/registers.xml", "build/pdf/book.pdf",
                                    "build/html/index.html", "build/html/book/book.xml"])
def test_incremental_deleted_or_altered_output_is_rebuilt(project, output):
    before = _snapshot(project)
    target = project / output
    target.unlink()
    result = _build(project, publish=True)
    assert result.written == [target]
    assert _bytes(_snapshot(project)) == _bytes(before)
    target.write_bytes(b"edited by hand")
    result = _build(project, publish=True)
    assert result.written == [target]
    assert _bytes(_snapshot(project)) == _bytes(before)


def _corrupt(project: Path, kind: str) -> int:
    files = [p for p in (project / CACHE_DIR).rglob("*") if p.is_file()]
    blobs = [p for p in files if "blobs" in p.parts]
    records = [p for p in files if "records" in p.parts]
    if kind == "truncated-blobs":
        for p in blobs:
            p.write_bytes(p.read_bytes()[: len(p.read_bytes()) // 2])
        return len(blobs)
    if kind == "flipped-blobs":  # same size, one byte changed: caught by the content hash
        for p in blobs:
            data = bytearray(p.read_bytes())
            data[len(data) // 2] ^= 0x55
            p.write_bytes(bytes(data))
        return len(blobs)
    if kind == "garbage-records":
        for p in records:
            p.write_bytes(b"{not json")
        return len(records)
    if kind == "mislabelled-records":  # a record moved under another key
        victims = sorted(records)
        for a, b in zip(victims, victims[1:]):
            shutil.copy(b, a)
        return len(victims) - 1
    raise ValueError(kind)


@pytest.mark.parametrize("kind", ["truncated-blobs", "flipped-blobs", "garbage-records", "mislabelled-records"])
def test_incremental_corrupt_cache_entries_are_ignored_and_rebuilt(project, kind):
    before = _bytes(_snapshot(project))
    assert _corrupt(project, kind) > 0
    result = _build(project)
    assert result.actions["corpus"] == "built"
    assert _bytes(_snapshot(project)) == before
    again = _build(project)  # the rebuilt entries replaced the corrupt ones
    assert again.actions["corpus"] == "cached" and again.written == []


def test_incremental_cli_no_cache_rebuilds_every_stage(project, monkeypatch):
    calls: list[str] = []
    real = pipeline.document_stage

    def counting(task):
        calls.append(task.id)
        return real(task)

    monkeypatch.setattr(pipeline, "document_stage", counting)
    before = _bytes(_snapshot(project))
    res = _cli(project, "--tei-only", "--no-cache")
    assert res.exit_code == 0, res.output
    assert calls == ["thesis", "book"]
    assert "unchanged tei/thesis.xml" in res.output and "wrote" not in res.output
    assert _bytes(_snapshot(project)) == before
    calls.clear()
    res = _cli(project, "--tei-only")
    assert res.exit_code == 0 and calls == []


def test_incremental_build_without_cache_does_not_create_one(tmp_path):
    project = small_project(tmp_path / "project")
    cfg = load_config(project / "edition.toml")
    result = pipeline.build(cfg, annotate=False)
    assert set(result.actions) >= {"document:thesis", "document:book", "corpus"}
    assert not (project / CACHE_DIR).exists()


def test_incremental_parallel_error_is_the_serial_error(tmp_path):
    project = small_project(tmp_path / "project")
    _source(project, "book").write_bytes(b"")
    _source(project, "thesis").write_bytes(b"\x00\x01binary")
    serial = _cli(project, "--tei-only", "--no-cache")
    parallel = _cli(project, "--tei-only", "--no-cache", "--jobs", "2")
    assert serial.exit_code == parallel.exit_code == 1
    assert serial.output == parallel.output
    assert "000_df3ea2a3721be5b9.txt" in serial.output  # the first source in config order
