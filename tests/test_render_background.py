"""Work on the second core (tei_edition.render.background) gives what the call gives here, and the
site a fresh ``render html`` writes with its forked child is the site rendered without one."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

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


_RENDER = """\
import os, sys
from tei_edition.render import background, html
if sys.argv[1] == "here":
    background.can_fork = html.can_fork = lambda: False
else:
    html._other_core = background.can_fork  # the children even where one CPU is usable
    transform_registers = html.transform_registers
    def noted(*args, **kwargs):  # where the register pages' XSLT ran
        with open(sys.argv[2], "a", encoding="utf-8") as out:
            out.write(f"{os.getpid()}\\n")
        return transform_registers(*args, **kwargs)
    html.transform_registers = noted
    with open(sys.argv[2], "a", encoding="utf-8") as out:
        out.write(f"main {os.getpid()}\\n")
from tei_edition.cli.app import main
main(sys.argv[3:])
"""


@pytest.mark.parametrize("cache", ["cold", "warm"])
def test_cli_site_with_children_is_the_site_without(tmp_path, cache):
    """A ``render html`` with its children (cold: no lemma cache, the lemmas and templates in one
    child; both: the register pages' XSLT in another) writes the bytes of a render in a process
    that cannot fork, and the register pages were rendered in a child."""
    shutil.copyfile(ROOT / "edition.toml", tmp_path / "edition.toml")
    texts = [str(ROOT / "tei" / "book.xml"), str(ROOT / "tei" / "registers.xml")]
    where = tmp_path / "where.txt"

    def render(mode: str, notes: Path, out: str) -> None:
        subprocess.run([sys.executable, "-c", _RENDER, mode, str(notes), "render", "html", *texts, "-o",
                        str(tmp_path / out)], cwd=tmp_path, check=True, capture_output=True)

    sites = {}
    for mode in ("forked", "here"):
        if cache == "warm":  # a first render fills the cache
            render("here", tmp_path / "unused.txt", "first")
        render(mode, where, mode)
        shutil.rmtree(tmp_path / ".cache")
        sites[mode] = {p.relative_to(tmp_path / mode): p.read_bytes() for p in (tmp_path / mode).rglob("*") if p.is_file()}
    forked, here = sites["forked"], sites["here"]
    assert forked.keys() == here.keys() and len(forked) > 10
    assert [name for name in forked if forked[name] != here[name]] == []
    main, *ran = where.read_text(encoding="utf-8").split("\n")[:-1]
    assert len(ran) == 1 and main != f"main {ran[0]}"
