"""The doctests of the library's small pure helpers run with the suite (one test per module)."""

from __future__ import annotations

import doctest
import importlib
from pathlib import Path

import pytest

import tei_edition

PACKAGE = Path(tei_edition.__file__).resolve().parent
MODULES = sorted(
    "tei_edition." + ".".join(p.relative_to(PACKAGE).with_suffix("").parts).removesuffix(".__init__")
    for p in PACKAGE.rglob("*.py") if ">>> " in p.read_text(encoding="utf-8"))


def test_doctests_found():
    assert len(MODULES) >= 5, MODULES


@pytest.mark.parametrize("name", MODULES)
def test_doctests_pass(name):
    result = doctest.testmod(importlib.import_module(name), optionflags=doctest.ELLIPSIS)
    assert result.attempted > 0, f"{name}: no doctest collected"
    assert result.failed == 0, f"{name}: {result.failed} of {result.attempted} doctests failed (run pytest --doctest-modules {name})"
