"""Background renders of the desk in their own process (``python -m tei_edition.desk.worker``).

The register pages and the PDFs take seconds of CPU in XSLT and layout code that holds the
interpreter lock; run in the desk's process they would slow every request and the next
decision's rebuild; they also run at a lower priority (nice 10) and on one core (no children
for the register pages or the search index: ``render_site(parallel=False)``), and the desk
stops a site render that a newer decision makes moot. Usage::

    python -m tei_edition.desk.worker site CONFIG STAGING   # whole HTML site into STAGING
    python -m tei_edition.desk.worker pdf CONFIG            # the PDFs into build/pdf (cached)

Exit 0 on success; otherwise one line on stderr.
"""

from __future__ import annotations

import sys
from pathlib import Path


def main(argv: list[str]) -> int:
    import os

    from ..build.cache import CACHE_DIR, Cache

    if hasattr(os, "nice"):  # behind the desk's own work: the next decision's TEI and pages come first
        try:
            os.nice(10)
        except OSError:
            pass
    from ..config import load_config
    from ..diagnostics import EditionError, exit_status
    from ..tei.files import REGISTERS_NAME, edition_files

    try:
        cfg = load_config(Path(argv[1]))
        _, texts = edition_files(cfg.tei_dir)
        registers = cfg.tei_dir / REGISTERS_NAME
        if argv[0] == "site":
            from ..build.publish import render_html

            render_html(texts, Path(argv[2]), registers=registers, site_title=cfg.title or None,
                        pdf_dir=cfg.build_dir / "pdf", base_url=cfg.base_url or None, edition_language=cfg.language,
                        parallel=False)
        elif argv[0] == "pdf":
            from ..build.pipeline import publish

            publish(cfg, [registers, *texts], cache=Cache(cfg.root / CACHE_DIR), html=False)
        else:
            print(f"error: unknown task {argv[0]!r}", file=sys.stderr)
            return 2
    except EditionError as err:
        print(f"error: {err}", file=sys.stderr)
        return exit_status(err)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
