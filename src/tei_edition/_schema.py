"""Where the project's schema files live: the one place that knows.

The schemas (``tei-edition.rnc``/``.rng``, ``tei-edition.sch``) are data files usable without
Python, kept in ``schemas/`` at the repository root. An installed wheel carries them as
``tei_edition/schemas`` (hatch ``force-include``); a source checkout uses the root folder.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path

__all__ = ["schema_dir", "schema_path", "RNC", "RNG", "SCH"]

RNC = "tei-edition.rnc"
RNG = "tei-edition.rng"
SCH = "tei-edition.sch"


def schema_dir() -> Path:
    """The folder holding the project's schemas (installed package first, then the checkout)."""
    packaged = Path(str(resources.files("tei_edition"))) / "schemas"
    checkout = Path(__file__).resolve().parents[2] / "schemas"
    for folder in (packaged, checkout):
        if (folder / RNG).is_file() or (folder / RNC).is_file():
            return folder
    raise FileNotFoundError(
        f"tei-edition schemas not found in {packaged} or {checkout}; "
        "reinstall the package or run from a source checkout"
    )


def schema_path(name: str = RNG) -> Path:
    """Path of one schema file, e.g. ``schema_path("tei-edition.sch")``."""
    return schema_dir() / name
