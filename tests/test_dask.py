"""The build on a Dask cluster (``--executor dask``): same bytes as a serial build, a worker
killed mid-build, an unreachable scheduler, the worker-code check, progress and the option.

Small on purpose: a 3-document edition cut from the real sources, two worker processes.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import ROOT
from tei_edition.build import pipeline
from tei_edition.cli.app import main
from tei_edition.config import load_config
from tei_edition.diagnostics import EditionError
from tei_edition.build.executor import DaskExecutor, LocalExecutor, ProgressLine
from tei_edition.build.executor_spec import parse_executor
from tei_edition.build.pipeline import read_source

distributed = pytest.importorskip("distributed")

THESIS = ROOT / "sources" / "000_df3ea2a3721be5b9.txt"
BOOK = ROOT / "sources" / "002_b30c2bfc8418eebd.txt"


def _make_project(folder: Path) -> Path:
    """Three short documents (two thesis windows, one book window) with the real curation."""
    thesis = read_source(THESIS).split("\n")
    book = read_source(BOOK).split("\n")
    texts = [("a", thesis[400:440], "thesis-text"), ("b", book[:30] + book[400:418], "book-markdown"),
             ("c", thesis[1200:1230], "thesis-text")]
    (folder / "sources").mkdir(parents=True)
    shutil.copytree(ROOT / "curation", folder / "curation")
    toml = ['[edition]\ntitle = "Dask test edition"\n']
    for ident, lines, profile in texts:
        (folder / "sources" / f"{ident}.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")
        toml.append(f'[[source]]\nid = "{ident}"\nfile = "sources/{ident}.txt"\nprofile = "{profile}"\n'
                    f'[source.meta]\ntitle = "Документ {ident}"\nlanguage = "ru"\n')
    (folder / "edition.toml").write_text("\n".join(toml), encoding="utf-8")
    return folder


def _outputs(project: Path) -> dict[str, bytes]:
    return {p.relative_to(project).as_posix(): p.read_bytes()
            for folder in ("tei", "build") for p in sorted((project / folder).rglob("*")) if p.is_file()}


def _cli(project: Path, *args: str):
    return CliRunner().invoke(main, ["build", "--config", str(project / "edition.toml"), *args])


def _build(project: Path, *args: str) -> subprocess.CompletedProcess:
    """``tei-edition build`` in a fresh process, as a user runs it (the HTML stylesheets number
    generated ids by the documents a process has loaded, so builds are compared process to process)."""
    return subprocess.run([sys.executable, "-m", "tei_edition.cli.app", "build", "--config", str(project / "edition.toml"),
                           *args], capture_output=True, text=True, timeout=600)


@pytest.fixture(scope="module")
def serial(tmp_path_factory) -> Path:
    """The reference: a serial, uncached build (TEI, PDF, HTML)."""
    project = _make_project(tmp_path_factory.mktemp("serial") / "project")
    res = _build(project, "--no-cache", "--executor", "local")
    assert res.returncode == 0, res.stderr
    return project


@pytest.fixture(scope="module")
def cluster():
    """A LocalCluster with two worker processes (one thread each), as a separate machine would run."""
    import logging

    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None,
                                  silence_logs=logging.CRITICAL) as c:
        yield c


def test_dask_worker_killed_mid_build_is_retried_with_the_same_outputs(serial, cluster, tmp_path):
    project = _make_project(tmp_path / "project")
    observer = distributed.Client(cluster.scheduler_address)
    pids = observer.run(os.getpid)  # worker address -> process id
    killed: dict[str, list[str]] = {}

    def kill_a_busy_worker() -> None:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            for address, keys in observer.processing().items():
                busy = [str(k) for k in keys if str(k).startswith("tei-edition-documents")]
                if busy and address in pids:
                    os.kill(pids[address], signal.SIGKILL)
                    killed[address] = busy
                    return
            time.sleep(0.02)

    killer = threading.Thread(target=kill_a_busy_worker)
    killer.start()
    try:
        res = _build(project, "--executor", f"dask={cluster.scheduler_address}", "--progress")
    finally:
        killer.join()
    try:
        assert killed, "no document task was seen running on a worker"
        address = next(iter(killed))
        # the worker really died (its nanny started a new process under a new address)
        assert address not in observer.scheduler_info()["workers"]
    finally:
        observer.close()
    assert res.returncode == 0, res.stderr
    assert "documents: 3/3 done" in res.stderr
    assert _outputs(project) == _outputs(serial)


def test_dask_build_is_byte_identical_to_serial_and_reruns_compute_nothing(serial, tmp_path):
    project = _make_project(tmp_path / "project")
    res = _build(project, "--executor", "dask", "--jobs", "2", "--progress")
    assert res.returncode == 0, res.stderr
    got, want = _outputs(project), _outputs(serial)
    assert {"tei/a.xml", "tei/b.xml", "tei/c.xml", "tei/registers.xml", "build/pdf/a.pdf", "build/pdf/b.pdf",
            "build/pdf/c.pdf", "build/html/index.html"} <= set(want)
    assert got.keys() == want.keys()
    assert [name for name in want if got[name] != want[name]] == []
    assert "documents: 3/3 done" in res.stderr and "PDFs: 3/3 done" in res.stderr
    # the cache stays in the client: a re-run on the cluster computes and rewrites nothing
    again = _build(project, "--executor", "dask", "--jobs", "2", "--progress")
    assert again.returncode == 0, again.stderr
    assert "wrote" not in again.stderr and "documents:" not in again.stderr and "PDFs:" not in again.stderr
    assert "unchanged tei/a.xml" in again.stderr and "unchanged build/pdf/c.pdf" in again.stderr


def test_dask_worker_with_other_code_is_refused(serial, cluster, tmp_path, monkeypatch):
    project = _make_project(tmp_path / "project")
    monkeypatch.setattr("tei_edition.build.cache.code_digest", lambda: "a client with other code")
    with DaskExecutor(cluster.scheduler_address) as executor:
        with pytest.raises(EditionError) as err:
            pipeline.build(load_config(project / "edition.toml"), annotate=False, executor=executor)
    assert err.value.code == "executor-mismatch" and "same locked versions" in str(err.value)
    assert not (project / "tei").exists()


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_unreachable_scheduler_is_one_line_exit_2_and_nothing_written(tmp_path, monkeypatch):
    # the client gives up after its connect timeout (10 s by default); 1 s shows the same refusal
    monkeypatch.setitem(DaskExecutor.__init__.__kwdefaults__, "timeout", 1.0)
    project = _make_project(tmp_path / "project")
    before = sorted(p.relative_to(project) for p in project.rglob("*"))
    address = f"tcp://127.0.0.1:{_closed_port()}"
    res = _cli(project, "--executor", f"dask={address}")
    assert res.exit_code == 2
    lines = [line for line in res.output.splitlines() if line.strip()]
    assert len(lines) == 1 and lines[0].startswith(f"error: {address}: cannot reach the Dask scheduler"), res.output
    assert sorted(p.relative_to(project) for p in project.rglob("*")) == before  # no tei/, build/ or .cache/


@pytest.mark.parametrize("value, expected", [
    ("local", "local"), ("dask", "dask"), (" Dask ", "dask"), ("dask=tcp://10.0.0.5:8786", "dask=tcp://10.0.0.5:8786"),
    ("dask=scheduler:8786", "dask=scheduler:8786"),
])
def test_parse_executor_accepts(value, expected):
    assert str(parse_executor(value)) == expected


@pytest.mark.parametrize("value, message", [
    ("daks", "unknown executor"), ("local=host:1", "takes no address"), ("dask=", "needs the scheduler address"),
    ("dask=host", "must be HOST:PORT"), ("dask=tcp://host:port", "must be HOST:PORT"),
])
def test_parse_executor_refuses(value, message):
    with pytest.raises(ValueError, match=message):
        parse_executor(value)


def test_config_build_executor_is_read_and_checked(tmp_path):
    project = _make_project(tmp_path / "project")
    toml = project / "edition.toml"
    base = toml.read_text(encoding="utf-8")
    assert load_config(toml).executor == "local"
    toml.write_text(base + '\n[build]\nexecutor = "dask=tcp://scheduler:8786"\n', encoding="utf-8")
    assert load_config(toml).executor == "dask=tcp://scheduler:8786"
    for table, message in [('[build]\nexecutor = "daks"\n', "unknown executor 'daks'"),
                           ('[build]\nexecuter = "dask"\n', "did you mean 'executor'"),
                           ('[build]\nexecutor = 2\n', "must be a string")]:
        toml.write_text(base + "\n" + table, encoding="utf-8")
        res = _cli(project, "--tei-only")
        lines = [line for line in res.output.splitlines() if line.strip()]
        assert res.exit_code == 2 and len(lines) == 1 and message in lines[0], res.output
        assert not (project / "tei").exists()


def test_cli_executor_option_is_checked(tmp_path):
    project = _make_project(tmp_path / "project")
    res = _cli(project, "--executor", "spark")
    assert res.exit_code == 2 and "unknown executor 'spark'" in res.output
    assert not (project / "tei").exists()


def test_progress_line_counts_rate_and_time_left():
    now = [100.0]
    lines: list[str] = []
    progress = ProgressLine(lines.append, tty=False, interval=10, clock=lambda: now[0])
    progress("documents", 0, 100)
    assert lines == []  # logs: nothing before the first result
    now[0] += 4
    progress("documents", 10, 100)  # 2.5/s, 90 left: 36 s
    now[0] += 1
    progress("documents", 12, 100)  # within the interval: not shown
    now[0] += 35
    progress("documents", 100, 100)
    assert lines == ["documents: 10/100 done, 2.5/s, about 36 s left\n", "documents: 100/100 done, 2.5/s, 40 s\n"]


def test_progress_line_on_a_terminal_rewrites_one_line():
    now = [0.0]
    out: list[str] = []
    progress = ProgressLine(out.append, tty=True, interval=0, clock=lambda: now[0])
    progress("PDFs", 0, 3)
    now[0] = 120
    progress("PDFs", 1, 3)
    now[0] = 360
    progress("PDFs", 3, 3)
    assert out[0] == "\r\x1b[KPDFs: 0/3 done"
    assert out[1] == "\r\x1b[KPDFs: 1/3 done, 0.5/min, about 4 min 00 s left"
    assert out[2].endswith("PDFs: 3/3 done, 0.5/min, 6 min 00 s\n")


def test_local_executor_reports_progress_and_keeps_input_order():
    seen: list[tuple[str, int, int]] = []
    executor = LocalExecutor(1, progress=lambda *a: seen.append(a))
    assert executor.map(str.upper, ["b", "a", "c"], label="documents") == ["B", "A", "C"]
    assert seen == [("documents", 0, 3), ("documents", 1, 3), ("documents", 2, 3), ("documents", 3, 3)]
