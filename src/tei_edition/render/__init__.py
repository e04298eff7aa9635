"""Publishing: validated TEI -> the HTML reading edition, the EPUB and the print edition.

XSLT 3.0 (saxonche) makes fragments, Jinja puts them in pages: :mod:`.html` (the site),
:mod:`.epub`, :mod:`.pdf` (Typst markup -> PDF), :mod:`.geomap` (the map page),
:mod:`.search_index` (the site's search), :mod:`.labels` and :mod:`.forms_ru` (the words the
edition generates, in the text's language). Stylesheets and templates are data in ``xslt/`` and
``templates/``. Renderers return their files (:mod:`.files`), :mod:`tei_edition.build` writes
them; :mod:`.inputs` says what a rendering depends on besides its TEI (the register file beside
a text, the installed fonts).
"""
