"""Where the per-document stages and the PDFs run: a local process pool or a Dask cluster.

The pipeline fans work out in one place (``stage.run_parallel``), which hands it to an
executor's :meth:`map`: ``[fn(item) for item in items]`` with the results in input order,
whatever order they finish in, so no output ever depends on scheduling.

* :class:`LocalExecutor` (``--executor local``): worker processes of this machine (``--jobs``),
  or inline when ``jobs`` is 1.
* :class:`DaskExecutor` (``--executor dask[=ADDRESS]``): tasks on a Dask distributed cluster, a
  ``LocalCluster`` of ``jobs`` worker processes when no address is given. Workers share no file
  system with the client: a task carries the bytes it needs (the source text; the TEI and
  registers of a PDF) and returns its result (the annotated document; the PDF bytes). The cache
  stays in the client, content-addressed as for local builds. Each task first checks that the
  worker runs the same code, data and library versions as the client (:func:`code_digest`), and
  a PDF task that the worker renders with the same fonts and ``SOURCE_DATE_EPOCH``: a result can
  never be cached under a key it was not computed with. A worker that dies mid-task has its task
  rescheduled on another worker by the scheduler; a task that kills workers again and again is
  reported as an error.

Stages the Dask executor has no file-free form for run in the local pool instead.
Progress (done / total per stage) goes to an optional callback; this module never prints.
"""

from __future__ import annotations

import dataclasses
import tempfile
import time
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from ..diagnostics import EditionError
from .executor_spec import ExecutorSpec

__all__ = ["Executor", "LocalExecutor", "DaskExecutor", "make_executor", "ProgressLine"]

#: ``progress(stage, done, total)``: called once with ``done == 0`` when a stage starts, then after
#: every finished item.
Progress = Callable[[str, int, int], None]


class Executor(Protocol):
    def map(self, fn: Callable[[Any], Any], items: Sequence[Any], *, weights: Sequence[int] | None = None,
            initializer: Callable[..., None] | None = None, initargs: tuple = (),
            label: str = "items") -> list[Any]: ...


def make_executor(spec: ExecutorSpec, jobs: int = 1, progress: Progress | None = None) -> "LocalExecutor | DaskExecutor":
    """The executor a spec names; for ``dask=ADDRESS`` the scheduler is reached now (fail fast)."""
    if spec.kind == "dask":
        return DaskExecutor(spec.address, workers=jobs, progress=progress)
    return LocalExecutor(jobs, progress=progress)


def _heaviest_first(n: int, weights: Sequence[int] | None) -> list[int]:
    """So that one long document does not start last."""
    return sorted(range(n), key=lambda k: -(weights[k] if weights else 0))


# ---------------------------------------------------------------------------- local

class LocalExecutor:
    """Today's process pool: ``jobs`` worker processes (``spawn``), inline when ``jobs`` <= 1."""

    def __init__(self, jobs: int = 1, progress: Progress | None = None):
        self.jobs = max(1, int(jobs))
        self.progress = progress

    def __enter__(self) -> "LocalExecutor":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        """Nothing to release: each map starts and stops its own pool."""

    def map(self, fn: Callable[[Any], Any], items: Sequence[Any], *, weights: Sequence[int] | None = None,
            initializer: Callable[..., None] | None = None, initargs: tuple = (),
            label: str = "items") -> list[Any]:
        total = len(items)
        tick = self.progress or (lambda *_: None)
        if total:
            tick(label, 0, total)
        if self.jobs <= 1 or total <= 1:
            out = []
            for k, item in enumerate(items, 1):
                out.append(fn(item))
                tick(label, k, total)
            return out
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor, as_completed

        results: list[Any] = [None] * total
        # spawn, not fork: the parent may hold Saxon or BLAS threads, which do not survive a fork
        with ProcessPoolExecutor(max_workers=min(self.jobs, total), mp_context=multiprocessing.get_context("spawn"),
                                 initializer=initializer, initargs=initargs) as pool:
            futures = {pool.submit(fn, items[k]): k for k in _heaviest_first(total, weights)}
            for done, fut in enumerate(as_completed(futures), 1):
                results[futures[fut]] = fut.result()
                tick(label, done, total)
        return results


# ---------------------------------------------------------------------------- remote forms of the stages

class _Mismatch(Exception):
    """The worker's code or environment differs from the client's (raised on the worker)."""


def _remote_call(expected_code: str, remote: Callable[..., Any], fn: Callable[[Any], Any], payload: Any) -> Any:
    """Runs on a worker: refuse to compute with other code than the client's, then run the stage."""
    from .cache import code_digest

    if code_digest() != expected_code:
        raise _Mismatch("code")
    return remote(fn, payload)


def _document_remote(fn: Callable[..., Any], payload: tuple[Any, bytes]) -> Any:
    task, data = payload
    return fn(task, data)


def _ship_document(task: Any) -> tuple[Any, bytes]:
    """The source bytes travel with the task: workers need no access to the project folder."""
    from .documents import read_bytes

    return task, read_bytes(task.file, task.display)


@dataclass(frozen=True)
class _PdfPayload:
    tei_name: str
    tei: bytes
    registers_name: str | None  # an explicit register file, else None
    registers: bytes | None  # explicit, or the registers.xml beside the text when there is one
    out_name: str
    environment: list[str]


def _ship_pdf(job: tuple[Path, Path, Path | None]) -> _PdfPayload:
    from ..render.inputs import registers_beside

    tei, out, registers = job
    beside = registers_beside(tei)
    regs = registers if registers is not None else (beside if beside.is_file() and beside != tei else None)
    return _PdfPayload(tei.name, tei.read_bytes(), registers.name if registers is not None else None,
                       regs.read_bytes() if regs is not None else None, out.name, _pdf_env())


_PDF_ENV: list[str] | None = None


def _pdf_env() -> list[str]:
    """Fonts and SOURCE_DATE_EPOCH of this process (what shapes PDF bytes beyond the inputs)."""
    global _PDF_ENV
    if _PDF_ENV is None:
        from ..render.inputs import font_environment

        _PDF_ENV = font_environment()
    return _PDF_ENV


def _pdf_remote(fn: Callable[[Any], Any], p: _PdfPayload) -> tuple[Any, bytes | None, str]:
    """Runs on a worker: the text (and registers) in a private folder, render, return the PDF."""
    if _pdf_env() != p.environment:
        raise _Mismatch("pdf-environment")
    from ..render.inputs import REGISTERS_FILE

    with tempfile.TemporaryDirectory(prefix="tei-edition-pdf-") as tmp:
        folder = Path(tmp)
        tei = folder / p.tei_name
        tei.write_bytes(p.tei)
        registers = None
        if p.registers is not None:
            registers = folder / (p.registers_name or REGISTERS_FILE)
            if registers != tei:
                registers.write_bytes(p.registers)
        out = folder / "out" / p.out_name
        out.parent.mkdir()
        result = fn((tei, out, registers if p.registers_name else None))
        data = out.read_bytes() if out.is_file() else None
        return result, data, str(folder)


def _land_pdf(job: tuple[Path, Path, Path | None], returned: tuple[Any, bytes | None, str]) -> Any:
    """Back in the client: write the PDF where the pipeline expects it; worker paths -> ours."""
    from .fileio import write_atomic
    from .stage import Failure

    result, data, folder = returned
    tei, out, registers = job
    names = {str(Path(folder) / tei.name): str(tei)}
    if registers is not None:
        names[str(Path(folder) / registers.name)] = str(registers)

    def local(source: str) -> str:
        return names.get(source, source)

    if isinstance(result, Failure):
        return dataclasses.replace(result, source=local(result.source))
    if data is not None:
        write_atomic(out, data, fsync=False)
    return [dataclasses.replace(d, source=local(d.source)) for d in result]


@dataclass(frozen=True)
class _Remote:
    ship: Callable[[Any], Any]  # client: item -> payload (carries every input)
    run: Callable[[Callable[[Any], Any], Any], Any]  # worker: (fn, payload) -> returned
    land: Callable[[Any, Any], Any] | None = None  # client: (item, returned) -> result


#: the stages that can run without a shared file system, by the label the pipeline gives them
REMOTE_STAGES: dict[str, _Remote] = {
    "documents": _Remote(_ship_document, _document_remote),
    "PDFs": _Remote(_ship_pdf, _pdf_remote, _land_pdf),
}


# ---------------------------------------------------------------------------- dask

class DaskExecutor:
    """Tasks on a Dask distributed cluster: the scheduler at ``address``, or a LocalCluster of
    ``workers`` processes (started on first use, stopped by :meth:`close`)."""

    #: tasks in flight: at least MIN_WINDOW, or WINDOW_PER_THREAD per worker thread
    MIN_WINDOW = 64
    WINDOW_PER_THREAD = 16
    MAX_INFLIGHT_BYTES = 256 * 1024 * 1024

    def __init__(self, address: str | None = None, *, workers: int = 1, progress: Progress | None = None,
                 timeout: float = 10.0, wait_for_workers: float = 60.0):
        self.address = address
        self.workers = max(1, int(workers))
        self.progress = progress
        self.timeout = timeout
        self.wait_for_workers = wait_for_workers
        self._client: Any = None
        self._cluster: Any = None
        self._closed = False
        if address is not None:
            self.client()  # an unreachable scheduler fails now, before anything is built or written

    def __enter__(self) -> "DaskExecutor":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"DaskExecutor({self.address or f'LocalCluster({self.workers} workers)'})"

    def client(self) -> Any:
        """The connected ``distributed.Client`` (connecting, or starting the LocalCluster, once)."""
        if self._client is not None:
            return self._client
        if self._closed:
            raise RuntimeError("executor closed")
        try:
            import distributed
        except ImportError:
            raise EditionError("--executor dask", "Dask is not installed: pip install 'tei-edition[dask]'",
                               "executor-missing") from None
        import logging

        if self.address is None:
            self._cluster = distributed.LocalCluster(
                n_workers=self.workers, threads_per_worker=1, processes=True, dashboard_address=None,
                silence_logs=logging.ERROR)
            self._client = distributed.Client(self._cluster)
            return self._client
        quiet = logging.getLogger("distributed")
        level = quiet.level
        quiet.setLevel(logging.CRITICAL)  # the one-line error below says it all
        try:
            self._client = distributed.Client(self.address, timeout=self.timeout)
        except (OSError, TimeoutError) as err:
            reason = " ".join(str(err).split()) or type(err).__name__
            raise EditionError(self.address, f"cannot reach the Dask scheduler ({reason})",
                               "executor-unreachable") from None
        finally:
            quiet.setLevel(level)
        try:
            self._client.wait_for_workers(1, timeout=self.wait_for_workers)
        except TimeoutError:
            self.close()
            raise EditionError(self.address, f"the Dask scheduler has no workers (waited {self.wait_for_workers:g} s)",
                               "executor-no-workers") from None
        return self._client

    def close(self) -> None:
        self._closed = True
        if self._client is not None:
            self._client.close()
            self._client = None
        if self._cluster is not None:
            self._cluster.close()
            self._cluster = None

    def map(self, fn: Callable[[Any], Any], items: Sequence[Any], *, weights: Sequence[int] | None = None,
            initializer: Callable[..., None] | None = None, initargs: tuple = (),
            label: str = "items") -> list[Any]:
        """``[fn(item) for item in items]`` on the cluster, in input order, with a bounded window
        of tasks in flight. Longer than most functions on purpose: the window's state (what is
        pending, its payload bytes, the next item) belongs to this one loop and its refill."""
        remote = REMOTE_STAGES.get(label)
        if remote is None:  # a stage with no file-free form: the local pool
            return LocalExecutor(self.workers, self.progress).map(fn, items, weights=weights, initializer=initializer,
                                                                  initargs=initargs, label=label)
        total = len(items)
        if not total:
            return []
        from asyncio import CancelledError

        from distributed import as_completed
        from distributed.client import FutureCancelledError

        from .cache import code_digest

        tick = self.progress or (lambda *_: None)
        client = self.client()
        code = code_digest()
        order = _heaviest_first(total, weights)
        threads = max(1, sum(client.nthreads().values()))
        # in flight at once: enough to keep every worker thread fed, few enough (and at most
        # MAX_INFLIGHT_BYTES of payload) to keep the client's memory flat on a large corpus
        window = max(self.MIN_WINDOW, self.WINDOW_PER_THREAD * threads)
        size = [(weights[k] if weights else 0) for k in range(total)]
        run = f"tei-edition-{label.lower()}-{uuid.uuid4().hex[:8]}"
        index: dict[str, int] = {}
        pending = as_completed(with_results=True, raise_errors=False)
        state = {"next": 0, "bytes": 0}

        def fill() -> None:
            while state["next"] < total and (pending.count() < threads or (
                    pending.count() < window and state["bytes"] < self.MAX_INFLIGHT_BYTES)):
                k = order[state["next"]]
                state["next"] += 1
                state["bytes"] += size[k]
                fut = client.submit(_remote_call, code, remote.run, fn, remote.ship(items[k]),
                                    key=f"{run}-{k}", pure=False)
                index[fut.key] = k
                pending.add(fut)

        results: list[Any] = [None] * total
        tick(label, 0, total)
        fill()
        done = 0
        try:
            for fut, returned in pending:
                k = index.pop(fut.key)
                state["bytes"] -= size[k]
                if fut.status == "error":
                    _raise_remote(returned, items[k], self.address)
                if fut.status == "cancelled" or isinstance(returned, (FutureCancelledError, CancelledError)):
                    raise EditionError(self.address or "LocalCluster", "the Dask scheduler cancelled the build",
                                       "executor-lost")
                results[k] = remote.land(items[k], returned) if remote.land else returned
                done += 1
                tick(label, done, total)
                fill()
        finally:
            for fut in list(pending.futures):
                fut.cancel()
        return results


def _raise_remote(err: Any, item: Any, address: str | None) -> None:
    """A task's exception, as the one-line error the CLI prints (a bug in a stage propagates)."""
    from distributed.scheduler import KilledWorker

    if isinstance(err, tuple):  # (type, exception, traceback) as the client hands it over
        err = err[1].with_traceback(err[2])
    if isinstance(err, _Mismatch):
        raise EditionError(address or "LocalCluster", _MISMATCH[str(err)], "executor-mismatch") from None
    if isinstance(err, KilledWorker):
        raise EditionError(_name(item), "Dask workers died repeatedly while processing it (out of memory?)",
                           "executor-worker-lost") from None
    raise err


_MISMATCH = {
    "code": "a Dask worker runs a different tei-edition (code, data or library versions differ from this "
            "machine's): install the same locked versions on every worker",
    "pdf-environment": "a Dask worker renders PDFs with other fonts or another SOURCE_DATE_EPOCH than this "
                       "machine: install the same fonts and set the same environment on every worker",
}


def _name(item: Any) -> str:
    display = getattr(item, "display", None)
    if display:
        return str(display)
    if isinstance(item, tuple) and item and isinstance(item[0], Path):
        return str(item[0])
    return str(item)


# ---------------------------------------------------------------------------- progress

def _duration(seconds: float) -> str:
    seconds = int(round(seconds))
    if seconds < 60:
        return f"{seconds} s"
    if seconds < 3600:
        return f"{seconds // 60} min {seconds % 60:02d} s"
    return f"{seconds // 3600} h {seconds % 3600 // 60:02d} min"


class ProgressLine:
    """Formats progress as ``documents: 120/1000 done, 3.4/s, about 4 min 18 s left``.

    ``write`` receives each line; on a terminal (``tty``) a line replaces the previous one
    (carriage return) and is updated at most every ``interval`` seconds; elsewhere (logs) one line
    at most every ``interval`` seconds (default 10) and the last one.
    """

    def __init__(self, write: Callable[[str], None], *, tty: bool = False, interval: float | None = None,
                 clock: Callable[[], float] = time.monotonic):
        self.write = write
        self.tty = tty
        self.interval = interval if interval is not None else (0.5 if tty else 10.0)
        self.clock = clock
        self._start: dict[str, float] = {}
        self._last = float("-inf")

    def line(self, label: str, done: int, total: int) -> str:
        elapsed = self.clock() - self._start.get(label, self.clock())
        text = f"{label}: {done}/{total} done"
        if done and elapsed > 0:
            rate = done / elapsed
            text += f", {rate:.1f}/s" if rate >= 1 else f", {60 * rate:.1f}/min"
            text += f", about {_duration((total - done) / rate)} left" if done < total else f", {_duration(elapsed)}"
        return text

    def __call__(self, label: str, done: int, total: int) -> None:
        now = self.clock()
        if done == 0:
            self._start[label] = now
        final = done == total
        if not final and now - self._last < self.interval:
            return
        if done == 0 and not self.tty:
            return
        self._last = now
        text = self.line(label, done, total)
        if self.tty:
            self.write("\r\x1b[K" + text + ("\n" if final else ""))
        else:
            self.write(text + "\n")
