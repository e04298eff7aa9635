"""The plain-text recogniser's exchange format (``tei-edition ner``): JSON lines in and out.

``{"id", "text"}`` records in, ``{"id", "spans": [{"start", "end", "type"}]}`` out, with
code-point offsets (end exclusive) and the types ``PER``, ``LOC``, ``ORG``. The whole input is
checked before any model loads, so a bad line costs no time; it is one
:class:`~tei_edition.diagnostics.EditionError` naming the file and the line.
"""

from __future__ import annotations

import json

from ..diagnostics import EditionError

__all__ = ["TYPE_LABEL", "read_records", "tag_records"]

TYPE_LABEL = {"person": "PER", "place": "LOC", "org": "ORG"}


def _record(raw: bytes) -> tuple[object, str]:
    """One line's ``(id, text)``; ValueError with the reason when it is not such a record."""
    try:
        line = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ValueError(f"not valid UTF-8 (byte {exc.start + 1})") from None
    try:
        rec = json.loads(line)
    except json.JSONDecodeError as exc:
        raise ValueError(f"not valid JSON ({exc.msg}, column {exc.colno})") from None
    if not isinstance(rec, dict):
        raise ValueError(f'expected a JSON object {{"id", "text"}}, got {type(rec).__name__}')
    if "text" not in rec:
        raise ValueError('missing "text"')
    text = rec["text"]
    if not isinstance(text, str):
        raise ValueError(f'"text" must be a string, got {"null" if text is None else type(text).__name__}')
    return rec.get("id"), text


def read_records(data: bytes, name: str = "-") -> list[tuple[object, str]]:
    """``(id, text)`` of every non-blank line of ``data`` (the file ``name``); a UTF-8 byte order
    mark is accepted.

    Raises :class:`EditionError` (source ``name:LINE``) for the first line that is not UTF-8,
    not JSON, not an object, or whose ``text`` is missing, ``null`` or not a string.

    >>> read_records(b'{"id": 1, "text": "a"}\\n\\n{"text": "b"}\\n')
    [(1, 'a'), (None, 'b')]
    """
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    out = []
    for n, raw in enumerate(data.split(b"\n"), 1):
        if raw.strip():
            try:
                out.append(_record(raw))
            except ValueError as err:
                raise EditionError(f"{name}:{n}", str(err), "ner-input") from None
    return out


def tag_records(records: list[tuple[object, str]]) -> bytes:
    """The spans the recogniser finds in each record, as JSON lines (UTF-8)."""
    from .entities import recognize

    lines = []
    for ident, text in records:
        spans = [{"start": s.start, "end": s.end, "type": TYPE_LABEL[s.kind]} for s in recognize(text)]
        lines.append(json.dumps({"id": ident, "spans": spans}, ensure_ascii=False) + "\n")
    return "".join(lines).encode("utf-8")
