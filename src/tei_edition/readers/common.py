"""Work every reader shares: text preparation, note ids, metadata, language.

One home for these so the readers (``plain``, ``markdown``, the seed profiles and any new one)
treat control characters, note ids and configured metadata the same way.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Mapping
from dataclasses import fields
from typing import Any

from ..diagnostics import EditionError, Report
from ..model import Metadata
from .options import ReaderOptions

__all__ = ["prepare_text", "note_id", "xml_name_part", "make_metadata", "apply_meta_overrides", "letters_key",
           "detect_language"]

# C0 controls other than tab, line feed and form feed, DEL, lone surrogates, non-characters
#: superscript digits as the digits they stand for (note calls typed as ¹²³)
SUPERSCRIPT_DIGITS = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹", "0123456789")
#: list bullets: Unicode's, and the Symbol/Wingdings glyphs that word processors leave unmapped in
#: the private use area (U+F0B7 •, U+F0A7 ▪, U+F0D8 ➢, U+F076 ❖, U+F0FC ✓); for a character class
BULLETS = "•◦▪▫●○■□➢►‣⁃∙\uf0b7\uf0a7\uf0d8\uf076\uf0fc"
_CONTROL = re.compile("[\x00-\x08\x0b\x0e-\x1f\x7f\ud800-\udfff\ufffe\uffff]")


def prepare_text(text: str, source: str, report: Report, keep_form_feeds: bool = True) -> str:
    """Source text with BOM, CR line ends and XML-invalid characters removed.

    A form feed is a page break: kept when ``keep_form_feeds`` (the reader splits pages on it),
    else it becomes a line end. A vertical tab becomes a line end.
    """
    text = text.replace("\ufeff", "").replace("\r\n", "\n").replace("\r", "\n")
    removed = 0

    def _sub(m: re.Match) -> str:
        nonlocal removed
        removed += 1
        # a space, not nothing: the character stood between two words or glyphs
        return "\n" if m.group() == "\x0b" else " "

    text = _CONTROL.sub(_sub, text)
    if not keep_form_feeds:
        text = text.replace("\f", "\n")
    if removed:
        report.warn(source, 0, "control-chars", f"{removed} control characters removed (not allowed in XML)")
    if not text.replace("\f", "").strip():
        raise EditionError(source, "file has no text", "source-empty")
    return text


_NAME_CHAR = re.compile(r"[^A-Za-z0-9._-]")
_SYMBOL_NAMES = {"*": "star", "†": "dagger", "‡": "ddagger", "§": "sect", "¶": "para", "#": "hash"}


def xml_name_part(label: str) -> str:
    """``label`` (a note mark such as ``*``, ``**``, ``†``, ``12``, ``a``) as characters that
    may stand inside an XML name: letters and digits kept, symbols spelled out, anything else
    (superscripts, brackets, spaces) hex-escaped."""
    out = []
    for ch in unicodedata.normalize("NFKC", label.strip()):
        if ch in _SYMBOL_NAMES:
            out.append(_SYMBOL_NAMES[ch])
        elif not (ch.isalnum() and unicodedata.category(ch) in ("Lu", "Ll", "Lo", "Nd")) and ch not in "._-":
            out.append(f"u{ord(ch):x}")
        else:
            out.append(ch)
    return "".join(out) or "x"


def note_id(doc_id: str, *parts: object) -> str:
    """A note id that is always a valid XML name whatever the printed mark is.

    >>> note_id("book", "p1", "n*")
    'book-p1-nstar'
    """
    base = doc_id if doc_id[:1].isalpha() or doc_id[:1] == "_" else f"d{doc_id}"
    return "-".join([_NAME_CHAR.sub("", base) or "doc", *(xml_name_part(str(p)) for p in parts)])


# the source's identity: recorded by the reader, never configured
_IDENTITY = frozenset({"source_file", "source_sha256"})
_FIELDS = frozenset(f.name for f in fields(Metadata))


def make_metadata(original: str | bytes | None, source: str, options: ReaderOptions | Mapping[str, Any] | None,
                  report: Report, detect: bool = True) -> Metadata:
    """Metadata from the source file's identity (its name; the checksum of ``original`` unless it
    is None) plus the configured ``meta`` table; the language, when not configured, is detected
    from the text."""
    checksum = ""
    if original is not None:
        raw = original if isinstance(original, bytes) else original.encode("utf-8", "surrogatepass")
        checksum = hashlib.sha256(raw).hexdigest()
    meta = Metadata(source_file=source, source_sha256=checksum)
    options = ReaderOptions.of(options)
    apply_meta_overrides(meta, options, source, report)
    if detect and not options.meta.get("language") and isinstance(original, str):
        meta.language = detect_language(original)
    return meta


def apply_meta_overrides(meta: Metadata, options: ReaderOptions | Mapping[str, Any] | None, source: str,
                         report: Report) -> None:
    """Set the configured metadata on ``meta`` (configured values win over found ones).

    A key that is not a metadata field, or names the source's identity, is reported as a
    warning naming the file and skipped (``edition.toml`` refuses such keys; a library caller
    may still pass them).
    """
    for key, value in ReaderOptions.of(options).meta.items():
        if key not in _FIELDS or key in _IDENTITY:
            report.warn(source, 0, "meta-unknown", f"unknown metadata field {key!r} ignored")
            continue
        if key == "class_codes":
            value = [tuple(v) for v in value]
        setattr(meta, key, value)


def detect_language(text: str, sample: int = 200_000) -> str:
    """ISO 639-1 code of the text's main language (CLD2, whose model is compiled into the
    ``pycld2`` package: nothing is downloaded), or ``"und"`` when it cannot tell."""
    import pycld2

    head = text[:sample].encode("utf-8", "replace").decode("utf-8")
    head = _CONTROL.sub(" ", head.replace("\f", "\n"))
    try:
        reliable, _, details = pycld2.detect(head)
    except pycld2.error:
        return "und"
    code = details[0][1] if details else "un"
    return code if code not in ("un", "xxx") and (reliable or details[0][2] >= 50) else "und"


def letters_key(s: str) -> str:
    """Lower-case letters only: for comparing lines that differ by numbers or punctuation."""
    return "".join(ch for ch in s.lower() if ch.isalpha())
