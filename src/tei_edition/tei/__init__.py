"""The TEI layer: the document model as TEI P5, and TEI read back.

:mod:`.writer` (Document -> TEI tree, deterministic serialization, the one place that inlines
standoff spans into mixed content; the safe parser), :mod:`.registers` (the registers as
``tei/registers.xml`` and back) and :mod:`.curation` (editors' decisions checked against the
built TEI: validity, conflicts, orphans).
"""
