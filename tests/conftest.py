"""The one home of the suite's helpers: repository paths, TEI namespace shorthands, the in-process
CLI runner, and the edition built once per run (``edition``; see :func:`edition`)."""

from __future__ import annotations

import fcntl
import os
import pickle
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest
from lxml import etree

from tei_edition.config import EditionConfig, load_config
from tei_edition.diagnostics import Diagnostic
from tei_edition.tei.ns import TEI_NS

# One BLAS thread, as the build pins it (tei_edition.annotate.entities.load_models): the test
# modules import numpy at collection, before any build, and two spinning BLAS threads per test
# process on a 2-core machine cost more CPU than they save.
for _var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

# A run starts dozens of Python processes (test workers, CLI runs, build and desk workers); with
# PYTHONDONTWRITEBYTECODE each of them compiles the project's modules again, and every test
# worker rewrites the asserts of every test module again (about 2 s of CPU per worker). The
# suite's processes cache bytecode in __pycache__ (ignored by git) whatever that variable says.
os.environ.pop("PYTHONDONTWRITEBYTECODE", None)
sys.dont_write_bytecode = False

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "fixtures"
SHARED = ROOT.parent / "shared"
TEI_ALL = ROOT / "schemas" / "reference" / "tei_all-4.12.0.rng"  # the official schema, shipped
TEI = f"{{{TEI_NS}}}"  # Clark prefix: f"{TEI}note"
NS = {"t": TEI_NS}  # XPath prefix map: "//t:note"
sys.path.insert(0, str(Path(__file__).resolve().parent))


def run_cli(args, cwd: Path):
    """``tei-edition ARGS`` in-process (click's runner) from the folder ``cwd``."""
    from click.testing import CliRunner

    from tei_edition.cli.app import main

    old = os.getcwd()
    os.chdir(cwd)
    try:
        return CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)
    finally:
        os.chdir(old)


def require_print_toolchain() -> None:
    """Skip the calling module unless the print edition can be made and read back (Typst,
    saxonche, poppler's tools): the setup installs them all, so on a README machine this never skips."""
    pytest.importorskip("typst", reason="typst is not installed (pip install typst)")
    pytest.importorskip("saxonche", reason="saxonche is not installed")
    for tool in ("pdftotext", "pdffonts", "pdfinfo"):
        if shutil.which(tool) is None:
            pytest.skip(f"{tool} not found (Debian package poppler-utils)", allow_module_level=True)


def jing_messages(schema: Path, files: list[Path]) -> dict[Path, list[str]]:
    """jing's messages on each of ``files`` (resolved paths) against ``schema``, from one run over
    all of them: the JVM start and the schema loading (a second or more for ``tei_all``) are paid
    once. jing starts each message with the path of the file it is about; a message about none of
    them (the schema, the tool itself) fails the caller, and so does an exit status that does not
    agree with the messages."""
    jing = shutil.which("jing")
    assert jing, "jing is installed by scripts/setup.sh"
    files = [f.resolve() for f in files]
    proc = subprocess.run([jing, str(schema), *map(str, files)], capture_output=True, text=True, timeout=300)
    messages: dict[Path, list[str]] = {f: [] for f in files}
    lines = [line for line in (proc.stdout + proc.stderr).splitlines() if line.strip()]
    for line in lines:
        owner = next((f for f in files if line.startswith(f"{f}:")), None)
        assert owner is not None, f"unexpected jing output: {line}"
        messages[owner].append(line)
    assert proc.returncode == (1 if lines else 0), proc.stdout + proc.stderr
    return messages


def text_before(note: etree._Element) -> str:
    """The running text of the note's block up to its call (other notes and figures left out)."""
    block = next(a for a in note.iterancestors() if etree.QName(a).localname in ("p", "item", "head", "bibl", "l", "quote"))
    out: list[str] = []

    def walk(el: etree._Element) -> bool:
        out.append(el.text or "")
        for child in el:
            if child is note:
                return True
            if etree.QName(child).localname not in ("note", "figure") and walk(child):
                return True
            out.append(child.tail or "")
        return False

    walk(block)
    return "".join(out)


def _copy_project(folder: Path) -> EditionConfig:
    """The repository's edition (``edition.toml``, ``curation/``, ``sources/``) copied into
    ``folder``; its configuration."""
    folder.mkdir(parents=True, exist_ok=True)
    shutil.copy(ROOT / "edition.toml", folder / "edition.toml")
    for name in ("curation", "sources"):
        shutil.copytree(ROOT / name, folder / name)
    return load_config(folder / "edition.toml")


SMALL_THESIS_LINES = 300  # the title page and the first pages of the introduction, with their notes


def small_project(folder: Path) -> Path:
    """The repository's edition (``edition.toml``, ``curation/``, ``sources/``) in ``folder``
    with the thesis cut to its first pages, so that a cold build in a fresh process takes seconds:
    for tests of how builds run (caching, parallel workers, killed runs), whose properties do not
    depend on the length of a text."""
    cfg = _copy_project(folder)
    for src in cfg.sources:
        src.file.chmod(0o644)
        if src.profile == "thesis-text":
            lines = src.file.read_bytes().split(b"\n")[:SMALL_THESIS_LINES]
            src.file.write_bytes(b"\n".join(lines) + b"\n")
    return folder


@pytest.fixture(scope="session")
def root() -> Path:
    return ROOT


# ------------------------------------------------------------------------------ the edition, built once

@dataclass
class Edition:
    """A copy of the repository's edition (``edition.toml``, ``curation/``, ``sources/``) built
    once per run, as a first ``tei-edition build`` builds it: TEI, then PDFs, EPUBs and the
    HTML site. Read it, never change it; a test that changes things works on a copy
    (``shutil.copytree(edition.root, ...)``)."""

    root: Path
    config: EditionConfig
    report: list[Diagnostic]  # what the TEI build reported
    published: list[Diagnostic]  # what rendering reported

    @property
    def tei_dir(self) -> Path:
        return self.config.tei_dir

    @property
    def build_dir(self) -> Path:
        return self.config.build_dir


def _build_edition(folder: Path) -> None:
    from tei_edition.build import pipeline

    cfg = _copy_project(folder)
    # one process, as `tei-edition build` runs by default: the test workers keep the other cores
    # busy, and worker processes would each load the NER models again
    built = pipeline.build(cfg, jobs=1)
    published = pipeline.publish(cfg, built.outputs, jobs=1)
    (folder / REPORTS).write_bytes(pickle.dumps((list(built.report), list(published.report))))


REPORTS = "reports.pickle"  # beside the project: the two reports, for every test process


def _shared_base(tmp_path_factory: pytest.TempPathFactory) -> Path:
    base = tmp_path_factory.getbasetemp()
    return base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base  # shared by the workers


#: The modules that take longest (browsers, builds, Typst, Dask), handed out first so that none
#: of them is left running alone at the end of a parallel run: those that make their own
#: projects first, then those that read the shared edition (built meanwhile in the background).
LONG_MODULES = ("test_desk", "test_dask", "test_pdf_reader", "test_incremental", "test_hostile",
                "test_pdf_typst", "test_html_browser", "test_pdf_render", "test_epub")


def _long_first(item: pytest.Item) -> int:
    name = item.path.stem
    return LONG_MODULES.index(name) if name in LONG_MODULES else len(LONG_MODULES)


def pytest_collection_modifyitems(session: pytest.Session, config: pytest.Config, items: list) -> None:
    """The long modules first (the same order in every worker, as pytest-xdist requires). Under
    pytest-xdist, the first worker also starts building the edition in the background as soon
    as it knows a collected test needs it, holding the build lock, so that the workers run other
    tests meanwhile instead of one of them waiting for the build."""
    items.sort(key=_long_first)  # stable: each module's own order kept
    if os.environ.get("PYTEST_XDIST_WORKER") != "gw0" or not any("edition" in i.fixturenames for i in items):
        return
    base = _shared_base(config._tmp_path_factory)  # type: ignore[attr-defined]
    with open(base / "edition.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # the child inherits the locked file and holds it until it exits
        if (base / "edition").exists():
            return
        code = ("import sys; from pathlib import Path; sys.path.insert(0, sys.argv[1]); "
                "from conftest import _build_edition; _build_edition(Path(sys.argv[2]))")
        with open(base / "edition.log", "w") as log:
            _BACKGROUND.append(subprocess.Popen(
                [sys.executable, "-c", code, str(ROOT / "tests"), str(base / "edition")],
                pass_fds=(lock.fileno(),), stdout=log, stderr=subprocess.STDOUT))


_BACKGROUND: list[subprocess.Popen] = []


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    """An interrupted run does not leave the background build running."""
    for proc in _BACKGROUND:
        if proc.poll() is None:
            proc.kill()
            proc.wait()


@pytest.fixture(scope="session")
def edition(tmp_path_factory) -> Edition:
    """The edition built once per run. With pytest-xdist the workers share one build: the first
    to take the lock builds it into the run's common temporary folder (or a background build
    holds it, see :func:`pytest_collection_modifyitems`), the others wait and read it (the
    file-lock pattern of the pytest-xdist documentation, with ``fcntl``)."""
    base = _shared_base(tmp_path_factory)
    folder = base / "edition"
    with open(base / "edition.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            if not (folder / REPORTS).is_file():
                if folder.exists():  # a build that failed in another worker: fail here too, afresh
                    shutil.rmtree(folder)
                _build_edition(folder)
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)
    report, published = pickle.loads((folder / REPORTS).read_bytes())
    return Edition(folder, load_config(folder / "edition.toml"), report, published)

