"""Running the edition: the pipeline over every source, its cache, its workers and its files.

:mod:`.pipeline` (convert, build, publish), :mod:`.cache` (content-addressed stage results),
:mod:`.executor` (a local process pool or a Dask cluster), :mod:`.fileio` (atomic writes) and
:mod:`.scaffold` (``tei-edition new``).
"""
