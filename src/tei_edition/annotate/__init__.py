"""Annotators: entities, dates and their identity keys, as standoff spans on plain strings.

``recognize`` (persons, places, organisations), ``find_dates`` (temporal expressions) and
``annotate_document`` (both, on a whole Document, with the registers they point to). No XML here:
:mod:`tei_edition.tei.writer` inlines the spans. Natasha is imported on first use only.
"""

from .annotate import annotate_document
from .dates import find_dates
from .entities import recognize
from .linking import Registers, RegisterEntry, link_key

__all__ = ["annotate_document", "find_dates", "recognize", "Registers", "RegisterEntry", "link_key"]
