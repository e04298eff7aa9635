"""Where the project's schema files live: the one place that knows.

The schemas (``tei-edition.rnc``/``.rng``, ``tei-edition.sch``) are data files usable without
Python, kept in ``schemas/`` at the repository root. An installed wheel carries them as
``tei_edition/schemas`` (hatch ``force-include``); a source checkout uses the root folder.
"""

from __future__ import annotations

from pathlib import Path

from ..resources import resource_path

__all__ = ["schema_dir", "schema_path", "RNC", "RNG", "SCH"]

RNC = "tei-edition.rnc"
RNG = "tei-edition.rng"
SCH = "tei-edition.sch"


def schema_dir() -> Path:
    """The folder holding the project's schemas (installed package first, then the checkout)."""
    return resource_path("schemas")


def schema_path(name: str = RNG) -> Path:
    """Path of one schema file, e.g. ``schema_path("tei-edition.sch")``."""
    return schema_dir() / name
