"""The per-source settings a reader gets: one typed, immutable value instead of a loose dict.

``edition.toml`` is checked by :mod:`tei_edition.config` (unknown keys are refused there); the
values travel as :class:`ReaderOptions` through the pipeline, which hashes :meth:`as_dict` into
its cache key, so the key is the same for the same settings in every process.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from typing import Any

__all__ = ["ReaderOptions"]


@dataclass(frozen=True)
class ReaderOptions:
    """What a reader may be told about one source.

    ``id``: the document id (each reader has its own default); ``meta``: configured metadata
    that wins over what the reader finds; ``first_page``: the number of the first page when the
    text prints none; ``ocr``: add a text layer to a scanned PDF first.
    """

    id: str | None = None
    meta: Mapping[str, Any] = field(default_factory=dict, hash=False)
    first_page: int | None = None
    ocr: bool = False

    @classmethod
    def of(cls, options: ReaderOptions | Mapping[str, Any] | None) -> ReaderOptions:
        """``options`` as :class:`ReaderOptions` (a plain mapping is accepted for library callers;
        a key that is not an option is a :class:`TypeError`, never silently ignored).

        >>> ReaderOptions.of({"id": "t", "first_page": 5}).first_page
        5
        >>> ReaderOptions.of(None) == ReaderOptions()
        True
        """
        if isinstance(options, ReaderOptions):
            return options
        values = dict(options or {})
        unknown = sorted(set(values) - {f.name for f in fields(cls)})
        if unknown:
            raise TypeError(f"unknown reader option(s): {', '.join(unknown)}")
        if values.get("meta") is None:
            values.pop("meta", None)
        else:
            values["meta"] = dict(values["meta"])
        return cls(**values)

    def doc_id(self, default: str) -> str:
        """The document id: the configured one, else the reader's ``default``."""
        return str(self.id) if self.id else default

    def as_dict(self) -> dict[str, Any]:
        """A plain, JSON-serializable form with only the options that are set (for cache keys).

        >>> ReaderOptions("t", {"language": "ru"}).as_dict()
        {'id': 't', 'meta': {'language': 'ru'}}
        """
        out: dict[str, Any] = {}
        if self.id is not None:
            out["id"] = self.id
        out["meta"] = dict(self.meta)
        if self.first_page is not None:
            out["first_page"] = self.first_page
        if self.ocr:
            out["ocr"] = True
        return out
