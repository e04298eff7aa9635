"""Editorial statements that say what a reader actually found, in the edition's language.

The sentences are data (``data/statements.json``); a reader passes the facts it found (pages,
printed numbers, running heads removed, notes and where they stood, headings, a duplicate copy)
and gets back only the statements that are true for that text.
"""

from __future__ import annotations

from typing import Any

from ..resources import data_json

__all__ = ["statements", "statement", "seed_statement"]


def _table() -> dict[str, dict[str, str]]:
    return data_json("statements.json")


def _seed_table() -> dict[str, dict[str, str]]:
    return data_json("statements_seed.json")


def seed_statement(profile: str, key: str, **values: Any) -> str:
    """One statement of a seed profile (``thesis-text``, ``book-markdown``): English, as the seed
    edition states them whatever the text's language."""
    return _seed_table()[profile][key].format(**values)


def statement(key: str, language: str, **values: Any) -> str:
    """One statement in ``language`` (English when the language has no table)."""
    table = _table()
    lang = language if language in table and not language.startswith("_") else "en"
    return table[lang][key].format(**values)


def statements(facts: dict[str, Any], language: str) -> list[str]:
    """The statements true for ``facts`` (keys: pages, printed, running_heads, notes,
    note_place, headings, line_mode, duplicate)."""
    out: list[str] = []
    dup = facts.get("duplicate")
    if dup:
        key = "duplicate_dropped" if dup.get("dropped") else "duplicate_differs"
        out.append(statement(key, language, line=dup["line"], where=dup.get("where", "?")))
    pages = facts.get("pages", 0)
    if pages:
        printed = facts.get("printed", 0)
        out.append(statement("pages_printed" if printed else "pages_counted", language, pages=pages, printed=printed))
    else:
        out.append(statement("no_pages", language))
    if facts.get("running_heads"):
        out.append(statement("running_heads", language, count=facts["running_heads"]))
    notes = facts.get("notes", 0)
    if notes:
        key = "notes_foot" if "foot" in facts.get("note_place", {"foot"}) else "notes_end"
        out.append(statement(key, language, notes=notes))
    else:
        out.append(statement("no_notes", language))
    heads = facts.get("headings", 0)
    out.append(statement("headings", language, headings=heads) if heads else statement("no_headings", language))
    out.append(statement("paragraphs_lines" if facts.get("line_mode") else "paragraphs_wrapped", language))
    out.append(statement("spelling", language))
    return out
