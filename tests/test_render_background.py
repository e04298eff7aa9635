"""Work on the second core (tei_edition.render.background) gives what the call gives here, and the
site a fresh ``render html`` writes with its forked child is the site rendered without one."""

from __future__ import annotations

import os
import shutil
import signal
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


@pytest.fixture
def deadline():
    """Fail, rather than hang, a test whose children would wait for each other."""
    def expired(*_):
        raise TimeoutError("the children waited for each other")

    old = signal.signal(signal.SIGALRM, expired)
    signal.alarm(20)
    yield
    signal.alarm(0)
    signal.signal(signal.SIGALRM, old)


def _wait_for(gate: int) -> bytes:
    return os.read(gate, 1)


def test_later_child_holds_no_pipe_of_an_earlier_one(forking, deadline):
    """A child forked after another closes the pipes this process holds for the first: the
    first one's receive() ends when the value is sent, not when the later child exits."""
    gate, opener = os.pipe()
    try:
        with Background(_pid_and_received, inbox=True) as first, Background(_wait_for, gate) as later:
            first.send(["Япония"] * 50_000)  # more than a pipe holds
            assert first.result()[1] == ["Япония"] * 50_000  # while the later child still waits
            os.write(opener, b"x")
            assert later.result() == b"x"
    finally:
        os.close(gate)
        os.close(opener)


def _received_after(gate: int, receive) -> list[str]:
    os.read(gate, 1)  # not ready for what is sent until the test opens the gate
    return receive()


def test_send_does_not_wait_for_the_child(forking, deadline):
    """What send() writes is read by the child as it arrives, even before its call asks for it:
    a value larger than a pipe holds does not keep this process waiting."""
    gate, opener = os.pipe()
    words = ["Карахан"] * 50_000
    try:
        with Background(_received_after, gate, inbox=True) as job:
            job.send(words)  # returns although the call has not asked for it yet
            os.write(opener, b"x")
            assert job.result() == words
    finally:
        os.close(gate)
        os.close(opener)


_CTRL_C = """\
import os, signal, time
from tei_edition.render import background
signal.signal(signal.SIGINT, signal.default_int_handler)  # as in a terminal, even if started ignoring it
real_fork, forked = os.fork, []
def interrupted_fork():
    os.kill(os.getpid(), signal.SIGINT)  # held back until the bookkeeping is done
    pid = real_fork()
    if pid:
        forked.append(pid)
    return pid
os.fork = interrupted_fork
try:
    background.Background(time.sleep, 30)
except KeyboardInterrupt:
    try:
        os.waitpid(forked[0], os.WNOHANG)
        print("child left", flush=True)
    except ChildProcessError:
        print("reaped" if not background._HELD else "pipes held", flush=True)
"""


def test_ctrl_c_during_the_fork_leaves_no_child():
    """A Ctrl-C that arrives while the fork is under way lands once it is done: the child is
    stopped and reaped before the interrupt reaches the caller, and no pipe end stays held. (In
    a process of its own: Background forks only while one thread runs, which a test worker
    does not.)"""
    done = subprocess.run([sys.executable, "-c", _CTRL_C], capture_output=True, text=True, timeout=60)
    assert done.stdout.strip() == "reaped", done.stderr


def test_here_arguments_only_for_the_call_here(forking, monkeypatch):
    def where(*, parsed: str = "none") -> tuple[int, str]:
        return os.getpid(), parsed

    with Background(where) as job:
        pid, parsed = job.result(parsed="here")
    assert pid != os.getpid() and parsed == "none"
    monkeypatch.setattr(background, "can_fork", lambda: False)
    with Background(where) as job:
        assert job.result(parsed="here") == (os.getpid(), "here")


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


def test_cli_site_with_children_is_the_site_without(tmp_path):
    """``render html`` with its children, first cold (no lemma cache: the templates, lemmas and
    search index in one child) then warm, the register pages' XSLT and the map in another child
    both times, writes the bytes of the same renders in a process that cannot fork, leaves the
    same lemma cache, and the register pages were rendered in a child."""
    texts = [str(ROOT / "tei" / "book.xml"), str(ROOT / "tei" / "registers.xml")]
    where = tmp_path / "where.txt"
    sites: dict[str, dict[Path, bytes]] = {}
    for mode in ("forked", "here"):
        project = tmp_path / mode
        project.mkdir()
        shutil.copyfile(ROOT / "edition.toml", project / "edition.toml")  # its own .cache/
        for cache in ("cold", "warm"):
            out = project / cache
            subprocess.run([sys.executable, "-c", _RENDER, mode, str(where), "render", "html", *texts, "-o", str(out)],
                           cwd=project, check=True, capture_output=True)
            sites[f"{mode} {cache}"] = {p.relative_to(out): p.read_bytes() for p in out.rglob("*") if p.is_file()}
            lemmas = list((project / ".cache").rglob("lemmas-*.json"))  # the lemma cache is the same too
            assert len(lemmas) == 1
            sites[f"{mode} {cache}"][Path("lemma cache")] = lemmas[0].read_bytes()
    for cache in ("cold", "warm"):
        forked, here = sites[f"forked {cache}"], sites[f"here {cache}"]
        assert forked.keys() == here.keys() and len(forked) > 10
        assert [name for name in forked if forked[name] != here[name]] == [], cache
    lines = where.read_text(encoding="utf-8").split()
    mains = {lines[k + 1] for k, word in enumerate(lines) if word == "main"}
    ran = [word for k, word in enumerate(lines) if word != "main" and (k == 0 or lines[k - 1] != "main")]
    assert len(mains) == 2 and len(ran) == 2 and not mains & set(ran)  # each render's registers in its child
