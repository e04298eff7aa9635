"""Shared fixtures: repository paths and the shared project folder (gold, reference schemas)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
TEI_ALL = ROOT / "schemas" / "reference" / "tei_all-4.12.0.rng"  # the official schema, shipped
sys.path.insert(0, str(Path(__file__).resolve().parent))


def run_cli(args, cwd: Path):
    """``tei-edition ARGS`` in-process (click's runner) from the folder ``cwd``."""
    import os

    from click.testing import CliRunner

    from tei_edition.cli.app import main

    old = os.getcwd()
    os.chdir(cwd)
    try:
        return CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)
    finally:
        os.chdir(old)


@pytest.fixture(scope="session")
def root() -> Path:
    return ROOT


@pytest.fixture(scope="session")
def shared() -> Path:
    if not SHARED.is_dir():
        pytest.skip("the shared project folder (../shared) is not present")
    return SHARED
