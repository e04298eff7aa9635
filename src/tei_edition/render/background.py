"""Work run on the second core while this process goes on, in a forked child.

The search index of a first render waits for pymorphy3's dictionary and thousands of parses;
they need only the words of the TEI, so a child computes them while this process runs the
XSLT (:func:`tei_edition.render.html.render_site`). The child returns its result through a pipe
(pickled); it is the value the call would return here, so no output depends on where it ran.
(The register pages' XSLT in a child instead was measured: the child's own Saxon start and
warm-up added about 0.13 s of CPU to a render of about 1 s, which a loaded machine pays in time.)

Forking is safe only before this process has started Saxon (a running Saxon, like any
multi-threaded runtime, does not survive a fork) and while no other Python thread runs
(:func:`can_fork`); where it is not, callers do the work here as before. A child that fails in
any way is not trusted: :meth:`Background.result` then runs the call here, so an error is
raised exactly as without the child.
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


def can_fork() -> bool:
    """Whether a child can be forked safely now: POSIX, one thread, Saxon not started."""
    if not hasattr(os, "fork") or threading.active_count() != 1:
        return False
    saxon = sys.modules.get("tei_edition.render.saxon")
    return saxon is None or saxon.processor.cache_info().currsize == 0


class Background(Generic[T]):
    """``fn(*args, **kwargs)``, started in a forked child when :func:`can_fork`; :meth:`result` returns
    its value (running it here if there is no child or the child failed). Use as a context
    manager so that a child whose result is never asked for is stopped and reaped."""

    def __init__(self, fn: Callable[..., T], *args: Any, **kwargs: Any) -> None:
        self._call = (fn, args, kwargs)
        self._pid: int | None = None
        self._fd: int | None = None
        if can_fork():
            self._start()

    def _start(self) -> None:
        read, write = os.pipe()
        pid = os.fork()
        if pid == 0:  # the child: compute, send, and leave without running the parent's exit code
            status = 1
            try:
                os.close(read)
                fn, args, kwargs = self._call
                data = pickle.dumps(fn(*args, **kwargs), protocol=pickle.HIGHEST_PROTOCOL)
                with os.fdopen(write, "wb") as out:
                    out.write(data)
                status = 0
            finally:
                os._exit(status)
        os.close(write)
        self._pid, self._fd = pid, read

    def result(self) -> T:
        """The value of the call (from the child when it succeeded)."""
        if self._pid is not None:
            with os.fdopen(self._fd, "rb") as pipe:
                self._fd = None
                data = pipe.read()
            _, status = os.waitpid(self._pid, 0)
            self._pid = None
            if os.waitstatus_to_exitcode(status) == 0:
                return pickle.loads(data)
        fn, args, kwargs = self._call
        return fn(*args, **kwargs)

    def close(self) -> None:
        """Stop and reap a child whose result was not asked for."""
        if self._fd is not None:
            os.close(self._fd)
            self._fd = None
        if self._pid is not None:
            try:
                os.kill(self._pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            os.waitpid(self._pid, 0)
            self._pid = None

    def __enter__(self) -> "Background[T]":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
