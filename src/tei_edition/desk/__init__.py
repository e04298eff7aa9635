"""The editor's desk: ``tei-edition serve``, a local web app over the curation layer.

Editors review doubtful annotations, tag missed names, correct tags in the text, merge and edit
register entries and read the validation report in a browser. Every decision goes through
:mod:`tei_edition.annotate.curation` (the same files and format as ``tei-edition curate``,
atomic, under a file lock) and triggers an incremental rebuild of the TEI and the reading
edition's pages (the PDF after them, in the background).

Modules: :mod:`.service` (the desk without HTTP: queue, text, registers, decisions, undo),
:mod:`.rebuild` (the background rebuild and its progress), :mod:`.textview` (a chapter as HTML
with addressable mentions), :mod:`.security` (token, Host/Origin, CSRF, body size) and
:mod:`.app` (the Starlette routes). Pages and scripts live in ``templates/desk/``.
"""
