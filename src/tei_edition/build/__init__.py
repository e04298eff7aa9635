"""Running the edition: the pipeline over every source, its stages, cache, workers and files.

:mod:`.pipeline` (convert, build, publish), its stages :mod:`.documents` (one source ->
document), :mod:`.corpus` (registers, decisions, TEI, validation) and :mod:`.publish` (PDF,
EPUB, HTML site; the writers of the ``render`` commands), what they share (:mod:`.stage`),
:mod:`.cache` (content-addressed stage results), :mod:`.executor` (a local process pool or a
Dask cluster), :mod:`.fileio` (atomic writes: the one writer of outputs) and :mod:`.scaffold`
(``tei-edition new``).
"""
