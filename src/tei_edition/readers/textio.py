"""Reading source bytes safely: encoding detection, line ends, and refusing non-text input."""

from __future__ import annotations

import codecs
import re

from ..diagnostics import EditionError

__all__ = ["decode_source", "strip_xml_invalid", "MAX_SOURCE_BYTES"]

MAX_SOURCE_BYTES = 16 * 1024 * 1024

_FREQUENT = set("оеаинтсрвлкмдпу")
_CYRILLIC = set("абвгдеёжзийклмнопрстуфхцчшщъыьэюяАБВГДЕЁЖЗИЙКЛМНОПРСТУФХЦЧШЩЪЫЬЭЮЯ")


def _cyrillic_share(text: str) -> float:
    letters = [c for c in text[:20000] if c.isalpha()]
    if not letters:
        return 0.0
    return sum(c in _CYRILLIC for c in letters) / len(letters)


def decode_source(data: bytes, source: str) -> str:
    """Decode a source file to text with ``\\n`` line ends.

    UTF-8 (with or without BOM) and UTF-16 with BOM are read as such; otherwise cp1251 and
    KOI8-R are tried and the one that yields mostly Cyrillic lower-case text wins. Empty and
    binary input raise :class:`EditionError`.

    >>> decode_source("Текст\\r\\n".encode("cp1251"), "x.txt")
    'Текст\\n'
    """
    if len(data) > MAX_SOURCE_BYTES:
        raise EditionError(source, f"file is larger than {MAX_SOURCE_BYTES // (1024 * 1024)} MiB", "source-too-large")
    if not data.strip():
        raise EditionError(source, "file is empty", "source-empty")
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        text = _decode_bom(data, "utf-16", source)
    elif data.startswith(codecs.BOM_UTF8):
        text = _decode_bom(data[3:], "utf-8", source)
    else:
        if b"\x00" in data[:4096]:
            raise EditionError(source, "binary file (NUL bytes); expected a text file", "source-binary")
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            text = _decode_legacy(data, source)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    controls = sum(1 for c in text[:20000] if ord(c) < 32 and c not in "\n\t\f")
    if controls > 0.01 * min(len(text), 20000):
        raise EditionError(source, "binary file (control characters); expected a text file", "source-binary")
    return text


def _decode_bom(data: bytes, encoding: str, source: str) -> str:
    """Decode text whose byte order mark names its encoding; a mismatch is one clear error."""
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as err:
        name = encoding.upper()
        raise EditionError(source, f"starts with a {name} byte order mark but is not valid {name} "
                           f"(byte {err.start + (2 if encoding == 'utf-16' else 3)})", "source-encoding") from None


_XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def strip_xml_invalid(text: str) -> tuple[str, int]:
    """``text`` without the characters XML 1.0 cannot hold (C0 controls other than tab and line
    ends, lone surrogates, U+FFFE/U+FFFF), and how many were removed or replaced.

    >>> strip_xml_invalid("a\\x1bb\\x0cc")
    ('ab\\nc', 2)
    """
    # a form feed or vertical tab separates lines (pdftotext ends every page with a form feed)
    cleaned, count = _XML_INVALID.subn(lambda m: "\n" if m.group() in "\x0b\x0c" else "", text)
    return cleaned, count


def _decode_legacy(data: bytes, source: str) -> str:
    best, best_score = None, 0.0
    for enc in ("cp1251", "koi8_r"):
        try:
            text = data.decode(enc)
        except UnicodeDecodeError:
            continue
        letters = [c for c in text[:20000] if c.isalpha() and c in _CYRILLIC]
        if not letters:
            continue
        # the most frequent Russian letters dominate real text; a wrong 8-bit table scrambles them
        score = _cyrillic_share(text) * sum(c in _FREQUENT for c in letters) / len(letters)
        if score > best_score:
            best, best_score = text, score
    if best is None or best_score < 0.25:
        raise EditionError(source, "not valid UTF-8 and not recognisable as cp1251 or KOI8-R text", "source-encoding")
    return best
