"""Work run on the other core while this process goes on, in a forked child.

A render of the reading edition (:func:`tei_edition.render.html.render_site`) runs the texts'
XSLT here while one child runs the corpus pages (the register pages' XSLT, in a Saxon of its
own, and the map) and, on a first render, another compiles the page templates, loads
pymorphy3's dictionary, lemmatizes the texts' words and, once sent the search records
(:meth:`Background.send`), makes the search index. A child returns its result through a pipe
(pickled); it is the value the call would return here, so no output depends on where it ran.

Forking is safe only before this process has started Saxon (a running Saxon, like any
multi-threaded runtime, does not survive a fork) and while no other Python thread runs
(:func:`can_fork`); where it is not, callers do the work here. A child that fails in any way
is not trusted: :meth:`Background.result` then runs the call here, so an error is raised
exactly as without the child.
"""

from __future__ import annotations

import os
import pickle
import signal
import sys
import threading
from collections.abc import Callable
from typing import Any, Generic, TypeVar

__all__ = ["Background", "can_fork"]

T = TypeVar("T")
_NOTHING = object()


def can_fork() -> bool:
    """Whether a child can be forked safely now: POSIX, one thread, Saxon not started."""
    if not hasattr(os, "fork") or threading.active_count() != 1:
        return False
    saxon = sys.modules.get("tei_edition.render.saxon")
    return saxon is None or saxon.processor.cache_info().currsize == 0


def _read_all(fd: int) -> bytes:
    with os.fdopen(fd, "rb") as pipe:
        return pipe.read()


# The pipe ends this process holds for its live children (their results' read ends, their
# inboxes' write ends). A child forked later closes its copies at once: holding a sibling's
# inbox open would keep that sibling's receive() from ever seeing the end of what was sent.
_HELD: set[int] = set()


def _close_held() -> None:
    for fd in list(_HELD):
        try:
            os.close(fd)
        except OSError:
            pass
    _HELD.clear()


class _Inbox:
    """In the child: what :meth:`Background.send` writes, read as it arrives by a thread of the
    child, so that the sender never waits for the child to be ready for it."""

    def __init__(self, fd: int) -> None:
        self._data: list[bytes] = []
        self._reader = threading.Thread(target=lambda: self._data.append(_read_all(fd)), daemon=True)
        self._reader.start()

    def receive(self) -> Any:
        self._reader.join()
        return pickle.loads(self._data[0])


class Background(Generic[T]):
    """``fn(*args, **kwargs)``, started in a forked child when :func:`can_fork`; :meth:`result`
    returns its value (running it here if there is no child or the child failed).

    ``inbox=True``: ``fn`` also gets ``receive``, a function returning the one value given
    later to :meth:`send` (in the child it waits for it), so that the child can prepare while
    this process computes that value. ``here``: the function run here instead of ``fn`` (same
    arguments, same value) when there is no child, for a ``fn`` that does work worth doing
    only on another core. Always use it as a context manager (or call :meth:`close`): that
    reaps the child, and stops it first if its result was never asked for."""

    def __init__(self, fn: Callable[..., T], *args: Any, inbox: bool = False,
                 here: Callable[..., T] | None = None, **kwargs: Any) -> None:
        self._call = (fn, args, kwargs)
        self._here = here or fn
        self._inbox = inbox
        self._sent: Any = _NOTHING
        self._pid: int | None = None
        self._fd: int | None = None  # the child's result
        self._to_child: int | None = None  # what send() gives it
        self._done = False  # the child's value was read: it is only left to reap
        if can_fork():
            try:
                self._start()
            except OSError:  # no process or pipe to spare: the call runs here
                self._pid = self._fd = self._to_child = None
            except BaseException:  # a signal held back during the fork lands as the mask is restored
                self.close()
                raise

    def _receive(self) -> Any:
        if self._sent is _NOTHING:
            raise RuntimeError("Background: nothing was sent")
        return self._sent

    def _start(self) -> None:
        opened: list[int] = []
        # no Ctrl-C (or a SIGTERM handled as an exit) between the fork and the bookkeeping that
        # lets close() reap the child: held back, they land once the mask is restored
        mask = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT, signal.SIGTERM})
        try:
            try:
                read, write = os.pipe()
                opened += [read, write]
                inbox = os.pipe() if self._inbox else None
                opened += list(inbox or ())
                pid = os.fork()
            except OSError:
                for fd in opened:
                    os.close(fd)
                raise
            if pid == 0:
                self._run_child(read, write, inbox, mask)
            os.close(write)
            self._pid, self._fd = pid, read
            _HELD.add(read)
            if inbox is not None:
                os.close(inbox[0])
                self._to_child = inbox[1]
                _HELD.add(inbox[1])
        finally:
            signal.pthread_sigmask(signal.SIG_SETMASK, mask)

    def _run_child(self, read: int, write: int, inbox: tuple[int, int] | None, mask: set) -> None:
        """In the child: compute, send the value, and leave without running the parent's exit
        code (never returns)."""
        status = 1
        try:
            _close_held()  # the pipes of children forked before this one
            os.close(read)
            fn, args, kwargs = self._call
            if inbox is not None:
                os.close(inbox[1])
                kwargs = {**kwargs, "receive": _Inbox(inbox[0]).receive}
            signal.pthread_sigmask(signal.SIG_SETMASK, mask)
            data = pickle.dumps(fn(*args, **kwargs), protocol=pickle.HIGHEST_PROTOCOL)
            with os.fdopen(write, "wb") as out:
                out.write(data)
            status = 0
        finally:
            os._exit(status)

    def send(self, value: Any) -> None:
        """Give the call the value its ``receive()`` returns (once)."""
        self._sent = value
        if self._to_child is not None:
            pipe = os.fdopen(self._to_child, "wb")  # owns the pipe end from here on
            _HELD.discard(self._to_child)
            self._to_child = None
            try:
                with pipe:
                    pipe.write(pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL))
            except BrokenPipeError:  # the child is gone: result() runs the call here
                pass

    def result(self, **here: Any) -> T:
        """The value of the call (from the child when it succeeded). ``here``: keyword arguments
        given to the call only when it runs in this process (what this process has by then,
        such as documents it has parsed). The child writes its value only once the call
        returned, so a whole value is a success: the child is reaped later (:meth:`close`), not
        waited for while it tears its memory down (a child that ran Saxon takes a hundredth of
        a second to exit)."""
        if self._pid is not None:
            self._close_inbox()
            pipe = os.fdopen(self._fd, "rb")  # owns the pipe end from here on
            _HELD.discard(self._fd)
            self._fd = None
            with pipe:
                data = pipe.read()
            try:
                value = pickle.loads(data)
            except Exception:  # nothing, or not all of it: the child failed; the call runs here
                self._reap()
            else:
                self._done = True
                return value
        _, args, kwargs = self._call
        kwargs = {**kwargs, **here}
        if self._inbox:
            kwargs["receive"] = self._receive
        return self._here(*args, **kwargs)

    def _close_inbox(self) -> None:
        if self._to_child is not None:  # never sent: the child's receive() fails, result() runs the call here
            _HELD.discard(self._to_child)
            os.close(self._to_child)
            self._to_child = None

    def close(self) -> None:
        """Reap the child; stop it first if its result was not asked for."""
        self._close_inbox()
        if self._fd is not None:
            _HELD.discard(self._fd)
            os.close(self._fd)
            self._fd = None
        if self._pid is not None and not self._done:
            try:
                os.kill(self._pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
        self._reap()

    def _reap(self) -> None:
        if self._pid is not None:
            os.waitpid(self._pid, 0)
            self._pid = None

    def __enter__(self) -> "Background[T]":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
