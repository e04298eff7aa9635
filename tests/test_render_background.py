"""Work on the second core (tei_edition.render.background) gives what the call gives here, and the
site a fresh ``render html`` writes with its forked child is the site rendered without one."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time

import pytest

from conftest import ROOT
from tei_edition.diagnostics import EditionError
from tei_edition.render import background
from tei_edition.render.background import Background


@pytest.fixture
def forking(monkeypatch):
    """Fork even in a test worker (which runs helper threads; the children here run plain Python)."""
    monkeypatch.setattr(background, "can_fork", lambda: True)


def _pid_and_sum(a: int, b: int = 0) -> tuple[int, int]:
    return os.getpid(), a + b


def _pid_and_received(receive) -> tuple[int, list[str]]:
    return os.getpid(), receive()


def test_child_returns_the_value(forking):
    with Background(_pid_and_sum, 2, b=40) as job:
        pid, value = job.result()
    assert value == 42 and pid != os.getpid()


def test_without_fork_the_call_runs_here(monkeypatch):
    monkeypatch.setattr(background, "can_fork", lambda: False)
    with Background(_pid_and_sum, 2, b=40) as job:
        assert job.result() == (os.getpid(), 42)


def test_sent_value_reaches_the_call(forking, monkeypatch):
    words = ["Япония", "Карахан"] * 50_000  # more than a pipe holds
    with Background(_pid_and_received, inbox=True) as job:
        job.send(words)
        pid, got = job.result()
    assert got == words and pid != os.getpid()
    monkeypatch.setattr(background, "can_fork", lambda: False)
    with Background(_pid_and_received, inbox=True) as job:
        job.send(words)
        assert job.result() == (os.getpid(), words)


def test_no_process_to_spare_runs_the_call_here(forking, monkeypatch):
    def no_fork() -> int:
        raise BlockingIOError(11, "Resource temporarily unavailable")

    monkeypatch.setattr(os, "fork", no_fork)
    with Background(_pid_and_received, inbox=True) as job:
        job.send(["Япония"])
        assert job.result() == (os.getpid(), ["Япония"])


def test_failed_child_is_not_trusted(forking):
    parent = os.getpid()

    def only_here() -> int:
        if os.getpid() != parent:
            raise RuntimeError("fails in the child")
        return os.getpid()

    with Background(only_here) as job:
        assert job.result() == parent  # run again here


def test_error_is_raised_as_without_child(forking):
    def bad() -> None:
        raise EditionError("x.xml", "broken", "html-xslt")

    with pytest.raises(EditionError, match="broken"):
        with Background(bad) as job:
            job.result()


def test_unused_child_is_stopped_and_reaped(forking):
    start = time.monotonic()
    with Background(time.sleep, 30) as job:
        pid = job._pid
        assert pid is not None
    assert time.monotonic() - start < 10
    with pytest.raises(ChildProcessError):
        os.waitpid(pid, os.WNOHANG)


def test_cli_site_with_child_is_the_site_without(tmp_path):
    """A fresh ``render html`` (no lemma cache: the child lemmatizes and compiles the templates)
    writes the bytes of a render in a process that cannot fork."""
    shutil.copyfile(ROOT / "edition.toml", tmp_path / "edition.toml")
    texts = [ROOT / "tei" / "book.xml", ROOT / "tei" / "registers.xml"]
    env = dict(os.environ)
    for out, fork in (("forked", "1"), ("here", "0")):
        script = ("import sys; from tei_edition.render import background, html\n"
                  "if sys.argv[1] == '0': background.can_fork = html.can_fork = lambda: False\n"
                  "from tei_edition.cli.app import main\n"
                  "main(sys.argv[2:])\n")
        subprocess.run([sys.executable, "-c", script, fork, "render", "html", *map(str, texts), "-o",
                        str(tmp_path / out)], cwd=tmp_path, env=env, check=True, capture_output=True)
        shutil.rmtree(tmp_path / ".cache")  # both runs cold
    forked = {p.relative_to(tmp_path / "forked"): p.read_bytes() for p in (tmp_path / "forked").rglob("*") if p.is_file()}
    here = {p.relative_to(tmp_path / "here"): p.read_bytes() for p in (tmp_path / "here").rglob("*") if p.is_file()}
    assert forked.keys() == here.keys() and len(forked) > 10
    assert [name for name in forked if forked[name] != here[name]] == []
