"""``edition.toml``: the sources of the edition, their converter profiles and missing metadata.

The config is parsed into frozen dataclasses; unknown keys are errors with a suggestion, so a typo
never silently changes an edition.
"""

from __future__ import annotations

import difflib
import re
import tomllib
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any

from .diagnostics import EditionError
from .model import Metadata
from .readers.options import ReaderOptions

__all__ = ["SourceConfig", "EditionConfig", "load_config", "CONFIG_NAME"]

CONFIG_NAME = "edition.toml"
_META_KEYS = {f.name for f in fields(Metadata)} - {"source_file", "source_sha256"}


@dataclass(frozen=True)
class SourceConfig:
    """One source text of the edition."""

    id: str
    file: Path  # resolved, inside the project
    profile: str
    meta: dict[str, Any] = field(default_factory=dict)
    first_page: int | None = None
    language: str | None = None  # ISO 639 code; detected from the text when absent

    def reader_options(self) -> ReaderOptions:
        """What the reader is told about this source (``language`` goes into the metadata)."""
        meta = dict(self.meta)
        if self.language and not meta.get("language"):
            meta["language"] = self.language
        return ReaderOptions(id=self.id, meta=meta, first_page=self.first_page)


@dataclass(frozen=True)
class EditionConfig:
    """The whole edition: where it lives, where TEI goes, which sources it has."""

    root: Path
    path: Path
    title: str
    tei_dir: Path
    build_dir: Path
    sources: tuple[SourceConfig, ...]
    # where the site is published (https://…/): citations give stable URLs under it; "" = none
    base_url: str = ""
    executor: str = "local"  # [build] executor: local | dask | dask=ADDRESS (see tei_edition.build.executor)
    # [edition] language: the language of the site's own pages (home, registers, search); None =
    # the first text's. Each text's pages speak its own language (xslt/labels.xml).
    language: str | None = None

    def source_for(self, file: Path) -> SourceConfig | None:
        """The source entry that lists ``file`` (a path as given on the command line), if any."""
        wanted = Path(file).resolve()
        return next((s for s in self.sources if s.file == wanted), None)


def _check_keys(table: dict[str, Any], allowed: set[str], where: str, path: Path) -> None:
    for key in table:
        if key not in allowed:
            hint = difflib.get_close_matches(key, sorted(allowed), n=1)
            extra = f" (did you mean {hint[0]!r}?)" if hint else f" (allowed: {', '.join(sorted(allowed))})"
            raise EditionError(str(path), f"unknown key {key!r} in {where}{extra}", "config-unknown-key")


def _require(table: dict[str, Any], key: str, where: str, path: Path) -> Any:
    if key not in table or table[key] in ("", None):
        raise EditionError(str(path), f"missing key {key!r} in {where}", "config-missing-key")
    return table[key]


def _inside(root: Path, candidate: Path, path: Path, what: str) -> Path:
    resolved = (root / candidate).resolve()
    if resolved != root and root not in resolved.parents:
        raise EditionError(str(path), f"{what} {candidate} lies outside the project folder", "config-outside")
    return resolved


def load_config(path: Path) -> EditionConfig:
    """Read and check ``edition.toml``; every problem is one :class:`EditionError` line."""
    path = Path(path)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise EditionError(str(path), "config file not found", "config-missing") from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as err:
        raise EditionError(str(path), f"invalid TOML: {err}", "config-syntax") from None
    root = path.resolve().parent
    _check_keys(data, {"edition", "source", "build"}, "the top level", path)
    edition = data.get("edition", {})
    _check_keys(edition, {"title", "tei_dir", "build_dir", "base_url", "language"}, "[edition]", path)
    edition_language = _language(edition, "language in [edition]", path)
    base_url = str(edition.get("base_url", "")).strip()
    if base_url and not re.match(r"^https?://[^\s/]+", base_url):
        raise EditionError(str(path), f"base_url {base_url!r} must be an http:// or https:// address",
                           "config-bad-value")
    tei_dir = _inside(root, Path(edition.get("tei_dir", "tei")), path, "tei_dir")
    build_dir = _inside(root, Path(edition.get("build_dir", "build")), path, "build_dir")
    executor = _build_table(data.get("build", {}), path)
    sources = _sources(data.get("source", []), root, path)
    return EditionConfig(root, path.resolve(), str(edition.get("title", "")), tei_dir, build_dir, tuple(sources),
                         base_url.rstrip("/") + "/" if base_url else "", executor=executor, language=edition_language)


def _sources(raw_sources: Any, root: Path, path: Path) -> list[SourceConfig]:
    """The ``[[source]]`` tables, each checked: id, file inside the project, metadata keys."""
    if not isinstance(raw_sources, list) or not raw_sources:
        raise EditionError(str(path), "no [[source]] tables: list at least one source", "config-missing-key")
    sources = []
    seen: set[str] = set()
    for k, src in enumerate(raw_sources, 1):
        where = f"[[source]] #{k}"
        _check_keys(src, {"id", "file", "profile", "meta", "first_page", "language"}, where, path)
        ident = str(_require(src, "id", where, path))
        if not ident.replace("-", "").replace("_", "").isalnum() or not ident[0].isalpha():
            raise EditionError(str(path), f"source id {ident!r} must be a letter followed by letters, digits, - or _",
                               "config-bad-value")
        if ident in seen:
            raise EditionError(str(path), f"duplicate source id {ident!r}", "config-bad-value")
        seen.add(ident)
        file = _inside(root, Path(_require(src, "file", where, path)), path, "source file")
        profile = str(src.get("profile") or "auto")
        meta = src.get("meta", {})
        _check_keys(meta, _META_KEYS, f"{where}.meta", path)
        first_page = src.get("first_page")
        if first_page is not None and (not isinstance(first_page, int) or first_page < 1):
            raise EditionError(str(path), f"first_page of {ident!r} must be a positive integer", "config-bad-value")
        language = _language(src, f"language of {ident!r}", path)
        sources.append(SourceConfig(ident, file, profile, dict(meta), first_page, language))
    return sources


def _language(table: dict[str, Any], what: str, path: Path) -> str | None:
    """A table's ``language``: absent, or an ISO 639 code, optionally with subtags ("ru", "en-GB")."""
    value = table.get("language")
    if value is not None and not (isinstance(value, str) and re.fullmatch(r"[a-z]{2,3}(-[A-Za-z0-9]+)*", value)):
        raise EditionError(str(path), f"{what} must be an ISO 639 code such as \"ru\" or \"en\"", "config-bad-value")
    return value


def _build_table(build: Any, path: Path) -> str:
    """``[build]``: how the build runs (the ``executor``); checked like the rest of the file."""
    from .build.executor_spec import parse_executor

    if not isinstance(build, dict):
        raise EditionError(str(path), "[build] must be a table", "config-bad-value")
    _check_keys(build, {"executor"}, "[build]", path)
    value = build.get("executor", "local")
    if not isinstance(value, str):
        raise EditionError(str(path), "executor in [build] must be a string: local, dask or dask=ADDRESS",
                           "config-bad-value")
    try:
        return str(parse_executor(value))
    except ValueError as err:
        raise EditionError(str(path), f"[build] {err}", "config-bad-value") from None
