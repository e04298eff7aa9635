"""Validation: safety, well-formedness, the project grammar, Schematron and corpus rules.

:mod:`.engine` (the validator and its report), :mod:`.schematron` (a native ISO Schematron
runner with line numbers), :mod:`.grammar` (the project grammar as data), :mod:`.schema_files`
(where the schemas live), :mod:`.schema_build` (RNG and docs from the RNC) and :mod:`.checks`
(a TEI result compared with its source: lost words).
"""
