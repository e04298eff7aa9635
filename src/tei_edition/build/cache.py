"""The build cache: content-addressed results per document and stage (``<project>/.cache/``).

Sits beside the pipeline: :mod:`tei_edition.build.pipeline` asks for a stage's result by a key that
hashes *everything* the result depends on (source bytes, profile and reader options, the code
and data of the package, the XSLT, templates and schemas, the versions of the libraries that
shape the output, and for corpus-level stages the keys of every document). A key that matches
can therefore never serve a stale result; anything the key does not cover must not influence
the result.

Layout (``v1`` changes when the layout does)::

    .cache/tei-edition-v1/records/<stage>/<key>.json   small JSON records (what a key produced)
    .cache/tei-edition-v1/blobs/<sha[:2]>/<sha>         bytes, named by their SHA-256

Every blob is checked against its name when read and every record is parsed defensively, so a
truncated or corrupted entry is a miss (rebuilt and replaced), never an error or a wrong result.
Pickled objects come only from this project's own cache folder (like ``__pycache__``).
"""

from __future__ import annotations

import hashlib
import json
import pickle
import sys
from functools import lru_cache
from pathlib import Path
from typing import Any

from .. import __version__
from ..resources import PACKAGE_DIR, find_resource
from .fileio import write_atomic

__all__ = ["Cache", "CACHE_DIR", "code_digest", "digest", "sha256"]

CACHE_DIR = ".cache"
_LAYOUT = "tei-edition-v1"
#: package folders whose bytes shape the outputs (the wheel force-includes them)
_RESOURCES = ("xslt", "templates", "schemas")
#: distributions whose behaviour shapes the outputs (conversion, annotation, XSLT, PDF)
_DISTRIBUTIONS = ("lxml", "natasha", "slovnet", "navec", "razdel", "pymorphy3", "pymorphy3-dicts-ru",
                  "saxonche", "typst", "jinja2",
                  "markupsafe")


def sha256(data: bytes) -> str:
    """Hex SHA-256 of ``data``."""
    return hashlib.sha256(data).hexdigest()


def digest(*parts: Any) -> str:
    """A stable key from JSON-serializable parts (sorted keys, so dict order never matters).

    >>> digest("a", 1) == digest("a", 1) != digest("a", 2)
    True
    """
    blob = json.dumps(parts, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=str)
    return sha256(blob.encode("utf-8"))


def _hash_tree(h: Any, folder: Path, label: str) -> None:
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        if "__pycache__" in path.parts or path.suffix in (".pyc", ".pyo"):
            continue
        h.update(f"{label}/{path.relative_to(folder).as_posix()}\0".encode())
        h.update(sha256(path.read_bytes()).encode())


@lru_cache(maxsize=1)
def code_digest() -> str:
    """Hash of the code and data every output depends on (computed once per process).

    The package's files (Python and ``data/``), ``xslt/``, ``templates/``, ``schemas/``, the
    package version, the Python version and the versions of the libraries that shape outputs:
    editing a stylesheet, a gazetteer or a reader invalidates every result built with it.
    """
    from importlib import metadata  # slow to import: only the build's keys need it

    h = hashlib.sha256()
    h.update(f"tei-edition {__version__}\0python {sys.version_info[:3]}\0".encode())
    _hash_tree(h, PACKAGE_DIR, "tei_edition")
    for name in _RESOURCES:
        folder = find_resource(name)
        if folder is not None and folder.is_dir():
            _hash_tree(h, folder, name)
    for dist in _DISTRIBUTIONS:
        try:
            version = metadata.version(dist)
        except metadata.PackageNotFoundError:
            version = "-"
        h.update(f"{dist}=={version}\0".encode())
    return h.hexdigest()


def _write_quietly(path: Path, data: bytes) -> None:
    """Atomic, without fsync: a torn cache file is detected and rebuilt anyway."""
    write_atomic(path, data, fsync=False)


class Cache:
    """Records and blobs under ``folder``; ``read=False`` rebuilds everything but refreshes entries.

    Cache problems (unreadable, corrupt, unwritable) never fail a build: reads miss, writes are
    skipped.
    """

    def __init__(self, folder: Path, *, read: bool = True, write: bool = True):
        self.folder = Path(folder) / _LAYOUT
        self.read = read
        self.write = write

    def __repr__(self) -> str:
        return f"Cache({self.folder.parent}, read={self.read}, write={self.write})"

    # ------------------------------------------------------------------ blobs

    def _blob_path(self, sha: str) -> Path:
        return self.folder / "blobs" / sha[:2] / sha

    def get_blob(self, sha: str) -> bytes | None:
        """The bytes named ``sha``, or None when absent or not matching their name."""
        if not self.read or not isinstance(sha, str) or len(sha) != 64:
            return None
        try:
            data = self._blob_path(sha).read_bytes()
        except OSError:
            return None
        return data if sha256(data) == sha else None

    def put_blob(self, data: bytes) -> str:
        """Store ``data`` (once) and return its SHA-256."""
        sha = sha256(data)
        path = self._blob_path(sha)
        if self.write:
            try:
                if self.get_blob(sha) is None:  # absent, or corrupt: (re)write it
                    _write_quietly(path, data)
            except OSError:
                pass
        return sha

    # ------------------------------------------------------------------ records

    def _record_path(self, stage: str, key: str) -> Path:
        return self.folder / "records" / stage / f"{key}.json"

    def get_record(self, stage: str, key: str) -> dict[str, Any] | None:
        """The JSON record a stage stored under ``key``, or None (absent or unreadable)."""
        if not self.read:
            return None
        try:
            record = json.loads(self._record_path(stage, key).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        if not isinstance(record, dict) or record.get("key") != key or record.get("stage") != stage:
            return None
        return record

    def put_record(self, stage: str, key: str, record: dict[str, Any]) -> None:
        if not self.write:
            return
        data = json.dumps({**record, "stage": stage, "key": key}, ensure_ascii=False, sort_keys=True)
        try:
            _write_quietly(self._record_path(stage, key), data.encode("utf-8"))
        except OSError:
            pass

    # ------------------------------------------------------------------ objects

    def get_object(self, stage: str, key: str) -> Any | None:
        """A pickled object stored by :meth:`put_object`, or None (absent, corrupt, unpicklable)."""
        record = self.get_record(stage, key)
        data = self.get_blob(record.get("blob", "")) if record else None
        if data is None:
            return None
        try:
            return pickle.loads(data)
        except Exception:  # noqa: BLE001 - any unpickling problem is a cache miss
            return None

    def put_object(self, stage: str, key: str, obj: Any) -> None:
        if self.write:
            self.put_record(stage, key, {"blob": self.put_blob(pickle.dumps(obj, protocol=pickle.HIGHEST_PROTOCOL))})


def save_lemma_cache(path: Path) -> None:
    """Store the search index's lemmas known to this process in ``path``
    (:func:`tei_edition.render.search_index.lemma_cache_bytes`; not rewritten when nothing was
    added since it was read). Errors are ignored: the next run parses the words again."""
    from ..render.search_index import lemma_cache_bytes

    data = lemma_cache_bytes(path)
    if data is None:
        return
    try:
        write_atomic(path, data, fsync=False)
    except OSError:
        pass
