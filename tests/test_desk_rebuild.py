"""The desk's background site render: stopped when a newer decision makes it moot (its output
would be discarded), complete otherwise."""

from __future__ import annotations

import os
import shutil
import signal
import time
from pathlib import Path

import pytest

pytest.importorskip("saxonche")

DESK = Path(__file__).resolve().parent / "fixtures" / "desk"


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Path:
    from tei_edition.build.cache import CACHE_DIR, Cache
    from tei_edition.config import load_config
    from tei_edition.build.pipeline import build

    root = tmp_path_factory.mktemp("desk-rebuild") / "edition"
    shutil.copytree(DESK, root)
    build(load_config(root / "edition.toml"), cache=Cache(root / CACHE_DIR))
    return root


def test_site_render_runs_to_the_end_unless_superseded(project, tmp_path):
    from tei_edition.desk.rebuild import _worker

    done = tmp_path / "done"
    done.mkdir()
    assert _worker("site", project / "edition.toml", done, cancel=lambda: False) is True
    assert (done / "index.html").is_file() and (done / "static" / "search-index.js").is_file()

    stopped = tmp_path / "stopped"
    stopped.mkdir()
    asked = []
    started = time.monotonic()
    assert _worker("site", project / "edition.toml", stopped, cancel=lambda: asked.append(1) or True) is False
    assert asked and time.monotonic() - started < 10
    assert not (stopped / "static" / "search-index.js").is_file()  # never got to the end


def _group(pgid: int) -> list[int]:
    """The processes of a process group (Linux /proc)."""
    pids = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rpartition(")")[2].split()
            except OSError:
                continue
            if int(fields[2]) == pgid:
                pids.append(int(entry.name))
    return pids


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads processes from /proc")
def test_site_render_stays_on_one_core(project, tmp_path):
    """The desk's background render leaves the other core to the desk: it forks no child for the
    register pages or the search index, unlike ``render html`` (its process group is the worker
    alone from start to end)."""
    import subprocess
    import sys

    proc = subprocess.Popen([sys.executable, "-m", "tei_edition.desk.worker", "site", str(project / "edition.toml"),
                             str(tmp_path)], start_new_session=True, stderr=subprocess.DEVNULL)
    seen = 1
    try:
        while proc.poll() is None:
            seen = max(seen, len(_group(proc.pid)))
            time.sleep(0.01)
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
    assert proc.returncode == 0 and (tmp_path / "static" / "search-index.js").is_file()
    assert seen == 1


def test_site_render_failure_is_one_line(tmp_path):
    from tei_edition.desk.rebuild import _worker

    with pytest.raises(RuntimeError, match=r"^error: "):
        _worker("site", tmp_path / "missing.toml", tmp_path)


def test_new_pdf_replaces_the_site_copy_without_a_site_render(tmp_path):
    """After a PDF render only the site's copies of the PDFs are replaced; a text whose pages do
    not link a PDF yet asks for the whole site again."""
    from tei_edition.desk.rebuild import _install_downloads

    build = tmp_path / "build"
    (build / "pdf").mkdir(parents=True)
    (build / "html" / "a").mkdir(parents=True)
    (build / "pdf" / "a.pdf").write_bytes(b"%PDF new")
    (build / "html" / "a" / "a.pdf").write_bytes(b"%PDF old")
    (build / "html" / "a" / "index.html").write_text("page", encoding="utf-8")
    assert _install_downloads(build) is True
    assert (build / "html" / "a" / "a.pdf").read_bytes() == b"%PDF new"
    assert (build / "html" / "a" / "index.html").read_text(encoding="utf-8") == "page"

    (build / "html" / "b").mkdir()
    (build / "pdf" / "b.pdf").write_bytes(b"%PDF b")
    assert _install_downloads(build) is False  # b's pages were rendered without a PDF to link
    assert not (build / "html" / "b" / "b.pdf").exists()
