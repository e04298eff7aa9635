"""The colophon's bibliographic facts: classification codes, ISBN and the ISBD record.

What it knows: УДК and ББК codes, an ISBN, and the areas of an ISBD record (author heading, then
title : subtitle / responsibility — place : publisher, date. — extent), written into
:class:`~tei_edition.model.Metadata` without overwriting what is already known.
"""

from __future__ import annotations

import re

from ...model import Metadata
from .markup import book_data

__all__ = ["parse_codes", "parse_record"]


def parse_codes(meta: Metadata, plain: str) -> None:
    """UDC and BBK codes and the ISBN found in ``plain`` (a colophon block)."""
    for scheme, word in (("UDC", "УДК"), ("BBK", "ББК")):
        for m in re.finditer(word + r"\s+(\S+)", plain):
            if (scheme, m.group(1)) not in meta.class_codes:
                meta.class_codes.append((scheme, m.group(1)))
    m = re.search(r"ISBN\s*([\dXx][\d\-Xx ]{8,16}[\dXx])", plain)
    if m and not meta.isbn:
        meta.isbn = m.group(1).strip()


def parse_record(meta: Metadata, heading: str, description: str, record: str) -> None:
    """Bibliographic record (ISBD): author heading, then title : subtitle / resp. — place : publisher, date. — extent."""
    meta.record = record
    surname, _, forename = heading.rstrip(". ").partition(",")
    meta.author = heading.rstrip(". ")
    meta.author_surname, meta.author_forename = surname.strip(), forename.strip()
    desc = re.sub("^" + book_data()["author_sign_pattern"] + r"\s+", "", description)
    areas = [a.strip() for a in re.split(r"\s+[—–]\s+", desc)]
    title_area = areas[0].split(" / ")[0].strip()
    title, _, sub = title_area.partition(" : ")
    meta.title, meta.subtitle = title.strip(), sub.strip().rstrip(".")
    for area in areas[1:]:
        m = re.match(r"^(?P<place>[^:]+?)\s*:\s*(?P<pub>.+?),\s*(?P<date>\d{4})", area)
        if m and not meta.publisher:
            meta.pub_place, meta.publisher, meta.date = m.group("place"), m.group("pub"), m.group("date")
        elif re.match(r"^\d+\s*(?:с|стр|л)\.", area) and not meta.extent:
            meta.extent = area
    parse_codes(meta, record)
