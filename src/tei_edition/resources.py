"""Where the project's data lives: the one place that knows.

Two kinds of data sit outside the code:

- folders usable without Python (``xslt/``, ``templates/``, ``schemas/``) at the repository root,
  carried by an installed wheel as ``tei_edition/<name>`` (hatch ``force-include``);
- language knowledge of the library (``data/*.json``, ``data/*.tsv``) inside the package.

Every stage asks here, so a wheel and a source checkout behave the same.
"""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path
from typing import Any

from .diagnostics import EditionError

__all__ = ["PACKAGE_DIR", "resource_path", "find_resource", "data_file", "data_text", "data_json"]

PACKAGE_DIR = Path(__file__).resolve().parent


def find_resource(name: str) -> Path | None:
    """The folder ``name`` (``xslt``, ``templates/html``, ``schemas``): the installed package's
    copy first, then the source checkout's root; ``None`` when neither exists."""
    packaged = PACKAGE_DIR / name  # what importlib.resources gives for an installed package's folder
    checkout = PACKAGE_DIR.parents[1] / name
    return next((folder for folder in (packaged, checkout) if folder.exists()), None)


def resource_path(name: str) -> Path:
    """:func:`find_resource`, or a clear error naming what is missing."""
    folder = find_resource(name)
    if folder is None:
        raise EditionError(name, "not found in the installed package or the source checkout; "
                           "reinstall the package or run from a checkout", "missing-resource")
    return folder


def data_file(name: str) -> Any:
    """A packaged data file (``data/<name>``) as an importlib resource (imported here: most
    commands read no data file, and the module costs a hundredth of a second to import)."""
    from importlib import resources

    return resources.files("tei_edition") / "data" / name


def data_text(name: str) -> str:
    """The text of a packaged data file."""
    return data_file(name).read_text(encoding="utf-8")


@lru_cache(maxsize=None)
def data_json(name: str) -> Any:
    """A packaged JSON data file, parsed once per process (callers must not mutate it)."""
    return json.loads(data_text(name))
