"""`[edition] base_url`: optional, http(s) only, normalized to end with one slash."""

from __future__ import annotations

import pytest

from tei_edition.config import load_config
from tei_edition.diagnostics import EditionError

BASE = """[edition]
title = "T"
{extra}
[[source]]
id = "a"
file = "a.txt"
profile = "thesis-text"
"""


def _cfg(tmp_path, extra: str):
    (tmp_path / "a.txt").write_text("x", encoding="utf-8")
    path = tmp_path / "edition.toml"
    path.write_text(BASE.format(extra=extra), encoding="utf-8")
    return load_config(path)


def test_base_url_absent_is_empty(tmp_path):
    assert _cfg(tmp_path, "").base_url == ""


@pytest.mark.parametrize("value, expected", [("https://example.org/ed", "https://example.org/ed/"),
                                             ("http://example.org/ed//", "http://example.org/ed/")])
def test_base_url_normalized(tmp_path, value, expected):
    assert _cfg(tmp_path, f'base_url = "{value}"').base_url == expected


@pytest.mark.parametrize("value", ["file:///home/x/site", "/site", "example.org", "javascript:alert(1)"])
def test_base_url_must_be_http(tmp_path, value):
    with pytest.raises(EditionError, match="base_url"):
        _cfg(tmp_path, f'base_url = "{value}"')
