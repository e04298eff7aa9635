"""Command line: thin click commands over the library (arguments -> config -> one library call).

:mod:`.app` holds the ``tei-edition`` group and the build commands (``convert``, ``build``,
``publish``, ``new``); the other modules one command group each: :mod:`.render` (HTML),
:mod:`.render_pdf`, :mod:`.render_epub`, :mod:`.validate`, :mod:`.registers` (``registers``,
``review``, ``curate``), :mod:`.ner` and :mod:`.serve`. Every command is made by
:func:`.report.command` (errors, diagnostics and the exit status reported one way) and takes its
shared options from :mod:`.options`. Heavy imports stay inside each command so ``--help`` is
instant.
"""
