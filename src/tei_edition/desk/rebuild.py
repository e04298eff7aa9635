"""The desk's background rebuild: TEI and reading-edition pages first, the PDF after (or on demand).

Every decision asks for a rebuild (:meth:`Rebuilder.request` returns its generation number).
One worker thread runs the incremental build (:func:`tei_edition.build.pipeline.build` with the
project's cache: the documents come from ``.cache/``, only the corpus stage — registers,
editors' decisions, TEI serialization, validation of the files whose bytes changed — and the
changed HTML pages are redone) and coalesces requests that arrive meanwhile. Then the pages of
the texts whose TEI changed are rendered (:func:`tei_edition.build.publish.render_text_pages`)
and installed first (``page``: the decision is visible in its chapter), and the whole site
after them (``full``: register pages, search index), because the register pages span the
corpus and cost most; a site render that a newer decision makes moot is stopped. The PDFs are
rendered by a second thread after a page generation is done (``pdf="background"``) or when
asked (``pdf="demand"``), so a decision is visible in the reading edition before the print
edition catches up; then only the site's copies of the PDFs and EPUBs are replaced (the pages
already link them), not the whole site rendered again.
"""

from __future__ import annotations

import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from ..build.cache import CACHE_DIR, Cache
from ..config import EditionConfig
from ..diagnostics import EditionError

__all__ = ["Rebuilder", "Status"]


@dataclass
class Status:
    """What the rebuild is doing, for the progress shown in every view (JSON-able)."""

    state: str = "idle"        # idle | tei | html | error
    wanted: int = 0            # newest generation asked for
    page: int = 0              # newest generation whose TEI and changed text pages are written
    full: int = 0              # newest generation whose whole site (registers, search) is written
    pdf_state: str = "idle"    # idle | queued | pdf | error
    pdf: int = 0               # newest generation whose PDFs are written
    message: str = ""
    seconds: float = 0.0       # duration of the last page rebuild
    steps: dict[str, float] = field(default_factory=dict)  # its parts: tei, html
    warnings: list[str] = field(default_factory=list)

    def as_dict(self) -> dict:
        return {k: getattr(self, k) for k in self.__dataclass_fields__}


class Rebuilder:
    """Runs rebuilds in the background; ``on_built(result)`` is called after each page rebuild."""

    def __init__(self, config: EditionConfig, on_built: Callable[[object], None], pdf: str = "background"):
        self.config = config
        self.cache = Cache(config.root / CACHE_DIR)
        self.on_built = on_built
        self.pdf_mode = pdf
        self.status = Status()
        self._cond = threading.Condition()
        self._pdf_wanted = 0
        self._outputs: list[Path] = []
        self._stop = False
        self._failed = -1
        self._regs: list | None = None  # register fragments of the last full render (site navigation)
        self._html_lock = threading.Lock()
        self._site_wanted = 0
        self._site_done = 0
        self._site_again = False  # render the site again: a text's pages must link its first PDF or EPUB
        self._threads = [threading.Thread(target=self._page_loop, name="desk-rebuild", daemon=True),
                         threading.Thread(target=self._site_loop, name="desk-site", daemon=True),
                         threading.Thread(target=self._pdf_loop, name="desk-pdf", daemon=True)]
        for t in self._threads:
            t.start()

    # ------------------------------------------------------------------ requests

    def request(self) -> int:
        """Ask for a rebuild of the TEI and pages; returns the generation that will hold it."""
        with self._cond:
            self.status.wanted += 1
            self._cond.notify_all()
            return self.status.wanted

    def request_pdf(self) -> None:
        """Render the PDFs of the newest built generation (on demand)."""
        with self._cond:
            self._pdf_wanted = max(self._pdf_wanted, self.status.page)
            self.status.pdf_state = "queued"
            self._cond.notify_all()

    def wait(self, generation: int, timeout: float = 60.0, pdf: bool = False, full: bool = False) -> bool:
        """Block until ``generation`` is built (its text pages; with ``full`` the whole site; with
        ``pdf`` the PDFs); False on timeout or error."""
        end = time.monotonic() + timeout
        with self._cond:
            while True:
                done = self.status.pdf if pdf else self.status.full if full else self.status.page
                if done >= generation:
                    return True
                if self.status.state == "error" and not pdf and self.status.wanted <= generation:
                    return False
                left = end - time.monotonic()
                if left <= 0:
                    return False
                self._cond.wait(left)

    def stop(self) -> None:
        with self._cond:
            self._stop = True
            self._cond.notify_all()

    # ------------------------------------------------------------------ workers

    def _set(self, **values) -> None:
        with self._cond:
            for k, v in values.items():
                setattr(self.status, k, v)
            self._cond.notify_all()

    def _page_loop(self) -> None:
        from ..build.pipeline import InvalidOutput, build, publish

        built = sorted(self.config.tei_dir.glob("*.xml"))
        if built and (self.config.build_dir / "html").is_dir():
            self._regs = self._register_fragments(built)  # ready before the first decision
        while True:
            with self._cond:
                while not self._stop and (self.status.wanted <= self.status.page
                                           or self.status.wanted <= self._failed):
                    self._cond.wait()
                if self._stop:
                    return
                generation = self.status.wanted
            started = time.monotonic()
            try:
                self._set(state="tei", message="rebuilding the TEI")
                result = build(self.config, cache=self.cache)
                tei_done = time.monotonic()
                self._set(state="html", message="rebuilding the reading edition's pages")
                quick = self._quick_pages(result)
                if not quick:  # no register navigation yet: the whole site, here
                    with self._html_lock:
                        publish(self.config, result.outputs, cache=self.cache, pdf=False)
                html_done = time.monotonic()
                self.on_built(result)
            except InvalidOutput as err:
                first = next((d for d in err.diagnostics if d.severity == "error"), None)
                self._fail(generation, f"{err}" + (f": {first.source}:{first.line}: {first.message}" if first else ""))
                continue
            except EditionError as err:
                self._fail(generation, str(err))
                continue
            except Exception as err:  # noqa: BLE001 - the desk must keep serving; the message is shown
                self._fail(generation, f"rebuild failed: {type(err).__name__}: {err}")
                continue
            self._pages_done(generation, result, quick, (started, tei_done, html_done))
            if self._regs is None:
                self._regs = self._register_fragments(result.outputs)

    def _pages_done(self, generation: int, result, quick: bool, times: tuple[float, float, float]) -> None:
        """Record a finished page rebuild: its status, the site render it leaves to the site
        thread (``quick``), the PDFs it queues (``pdf="background"``)."""
        started, tei_done, html_done = times
        warnings = [f"{d.source}:{d.line}: {d.message} [{d.code}]" for d in result.report
                    if d.severity == "warning" and d.code.startswith("curation")]
        with self._cond:
            self._outputs = list(result.outputs)
            self.status.page = max(self.status.page, generation)
            if quick:
                self._site_wanted = generation  # register pages and search index: the site thread
            else:
                self.status.full = max(self.status.full, generation)
            self.status.state = "idle" if self.status.wanted <= generation else "tei"
            self.status.message = "" if self.status.state == "idle" else self.status.message
            self.status.seconds = round(time.monotonic() - started, 3)
            self.status.steps = {"tei": round(tei_done - started, 3), "pages": round(html_done - tei_done, 3),
                                 "quick": quick}
            self.status.warnings = warnings
            if self.pdf_mode == "background":
                self._pdf_wanted = generation
                self.status.pdf_state = "queued"
            self._cond.notify_all()

    def _site_loop(self) -> None:
        """The whole site (register pages span the corpus) after the text pages, never in their
        way: rendered aside, installed only when no newer generation's pages were written meanwhile."""
        import shutil

        while True:
            with self._cond:
                while not self._stop and self._site_wanted <= self._site_done and not self._site_again:
                    self._cond.wait()
                if self._stop:
                    return
                generation = max(self._site_wanted, self._site_done)
                self._site_done, self._site_again = generation, False
            html_dir = self.config.build_dir / "html"
            staging = Path(tempfile.mkdtemp(prefix=".staging-desk-site-", dir=self.config.build_dir))
            try:
                if not _worker("site", self.config.path, staging, cancel=lambda: self._superseded(generation)):
                    continue  # a newer decision came: its pages first, then its own site render
                with self._html_lock:
                    if self.status.page > generation or self.status.wanted > self.status.page:
                        continue  # newer TEI: its own site render follows
                    _install(staging, html_dir)
                    _install_downloads(self.config.build_dir)  # a PDF finished during the render: its copy stays new
                with self._cond:
                    self.status.full = max(self.status.full, generation)
                    self._cond.notify_all()
            except Exception as err:  # noqa: BLE001 - shown in the status, the desk keeps serving
                self._set(message=f"register pages: {err}")
                with self._cond:
                    self.status.full = max(self.status.full, generation)
                    self._cond.notify_all()
            finally:
                shutil.rmtree(staging, ignore_errors=True)

    def _superseded(self, generation: int) -> bool:
        """Whether a newer rebuild was asked for than ``generation`` (its site render is moot)."""
        with self._cond:
            return self._stop or self.status.wanted > max(generation, self.status.page, self._failed)

    def _register_fragments(self, outputs: list[Path]) -> list | None:
        """What the text pages need of the register pages (their navigation), from a full render."""
        from ..render.html import _language_of, transform_registers

        registers = next((p for p in outputs if p.name == "registers.xml"), None)
        texts = [p for p in outputs if p.suffix == ".xml" and p.name != "registers.xml"]
        try:  # the site's language, as render_html decides it
            lang = self.config.language or (_language_of(texts[0]) if texts else "ru")
            return transform_registers(texts, registers=registers, lang=lang)
        except Exception:  # noqa: BLE001 - without them every rebuild renders the whole site
            return None

    def _quick_pages(self, result) -> bool:
        """Render and install the pages of the texts whose TEI changed (True when done).

        The other pages keep their bytes until the whole site is rendered right after.
        """
        import shutil

        from ..build.publish import render_text_pages

        if self._regs is None:
            return False
        changed = [p for p in result.written if p.suffix == ".xml" and p.name != "registers.xml"]
        if not changed:
            return True  # nothing on any text page changed (e.g. an entry's note): pages are current
        registers = next((p for p in result.outputs if p.name == "registers.xml"), None)
        html_dir = self.config.build_dir / "html"
        html_dir.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=".staging-desk-", dir=self.config.build_dir))
        try:
            ids = [render_text_pages(p, staging, register_pages=self._regs, registers=registers,
                                     site_title=self.config.title or None, pdf_dir=self.config.build_dir / "pdf",
                                     base_url=self.config.base_url or None,
                                     edition_language=self.config.language or None) for p in changed]
            with self._html_lock:
                for tid in ids:
                    _install(staging / tid, html_dir / tid)
            return True
        except Exception:  # noqa: BLE001 - the full render that follows is the reference
            return False
        finally:
            shutil.rmtree(staging, ignore_errors=True)

    def _fail(self, generation: int, message: str) -> None:
        with self._cond:
            self._failed = generation
            self.status.state = "error"
            self.status.message = message
            if self.status.full < self.status.page:  # its site render was stopped for this one
                self._site_again = True
            self._cond.notify_all()

    def _pdf_loop(self) -> None:
        while True:
            with self._cond:
                while not self._stop and (self._pdf_wanted <= self.status.pdf or not self._outputs
                                          or self.status.wanted > self.status.page):
                    self._cond.wait(1.0)
                if self._stop:
                    return
                generation = self._pdf_wanted
                self.status.pdf_state = "pdf"
            try:
                _worker("pdf", self.config.path)
            except Exception as err:  # noqa: BLE001 - shown in the status, the desk keeps serving
                self._set(pdf_state="error", message=f"PDF: {err}")
                with self._cond:
                    self.status.pdf = max(self.status.pdf, generation)
                continue
            with self._html_lock:  # the site holds copies of the PDFs and EPUBs
                linked = _install_downloads(self.config.build_dir)
            with self._cond:
                self.status.pdf = max(self.status.pdf, generation)
                self.status.pdf_state = "idle"
                if not linked:  # a text's pages do not link its new PDF yet: the whole site once more
                    self._site_again = True
                self._cond.notify_all()


def _install_file(source: Path, target: Path) -> None:
    """``target`` gets the bytes of ``source`` (atomically), unless it has them already."""
    from ..build.fileio import write_atomic

    data = source.read_bytes()
    if not (target.is_file() and target.read_bytes() == data):
        write_atomic(target, data)


def _install_downloads(build_dir: Path) -> bool:
    """Copy the built PDFs and EPUBs (``build/pdf``, ``build/epub``) over their copies in the site
    (``build/html/<id>/``); False when a text has one its pages do not link yet (the site must be
    rendered again). The caller holds the lock of the site."""
    html_dir = build_dir / "html"
    linked = True
    for folder in ("pdf", "epub"):
        for built in sorted((build_dir / folder).glob(f"*.{folder}")):
            copy = html_dir / built.stem / built.name
            if copy.is_file():
                _install_file(built, copy)
            elif (html_dir / built.stem).is_dir():
                linked = False
    return linked


def _install(staging: Path, target: Path) -> None:
    """Every file rendered into ``staging`` replaces its counterpart under ``target`` whose bytes
    differ; the others are left as they are (their times too)."""
    for path in sorted(p for p in staging.rglob("*") if p.is_file()):
        _install_file(path, target / path.relative_to(staging))


def _worker(task: str, config: Path, *args: Path, cancel: Callable[[], bool] | None = None) -> bool:
    """Run a background render in its own process (:mod:`.worker`); raises with its message.

    ``cancel`` is polled while it runs: when it turns true the process is stopped (its output
    would be discarded, and it would take the CPU the newer decision's pages need) and False
    is returned. The site render writes only into its staging folder, so stopping it is safe.
    """
    import subprocess
    import sys

    with tempfile.TemporaryFile() as err:
        proc = subprocess.Popen([sys.executable, "-m", "tei_edition.desk.worker", task, str(config),
                                 *map(str, args)], stdout=subprocess.DEVNULL, stderr=err)
        while True:
            try:
                proc.wait(timeout=0.1)
                break
            except subprocess.TimeoutExpired:
                if cancel is not None and cancel():
                    proc.terminate()
                    try:
                        proc.wait(timeout=10)
                    except subprocess.TimeoutExpired:
                        proc.kill()
                        proc.wait()
                    return False
        if proc.returncode != 0:
            err.seek(0)
            lines = err.read().decode("utf-8", "replace").strip().splitlines()
            raise RuntimeError(lines[-1] if lines else f"the {task} render failed (exit {proc.returncode})")
    return True
