"""Reader for Markdown-like text taken from a book's print layout (profile ``book-markdown``).

The layout rules it implements (not the quirks of one file):

* Blocks are separated by blank (or whitespace-only) lines; inside a block, a line ending in two
  spaces is a hard break (kept as ``lb`` in front matter and captions), other line ends are soft
  and line-end hyphenation is removed with a lexicon (:mod:`tei_edition.readers.hyphen`).
* Front matter: short leading blocks form the title page; the colophon (УДК, ББК, the
  bibliographic record, ISBN, ©) and the blurb follow; ``# СОДЕРЖАНИЕ`` with dot-leader lines is the
  contents; stand-alone emphasized blocks before the first chapter are the frontispiece caption and
  the epigraph (a quotation followed by its attribution).
* Body: ``#``/``##`` headings open nested divisions; headings listed in the contents are top-level
  whatever their ``#`` depth. A bold phrase opening a paragraph is a run-in heading.
* Stand-alone bold or italic blocks are photo captions; the final ``(АА)`` is the photo credit.
* Captions and footnotes are set at the foot of a page, so they interrupt the running text. A
  paragraph that does not end a sentence (or ends with a hyphen) continues in the next paragraph
  block: the pieces are rejoined, the captions follow the paragraph. The book is set in two
  columns: an interruption with nothing between its pieces is a column break, one with captions or
  notes between them is a page break; a page holds one column break, so a second bare
  interruption on the same page is a page break too.
* Chapters start a new page. Page numbers are counted from the contents' page numbers; where
  the count between two chapters falls short, paragraph ends that might hide an interruption
  (``… 1931 г.`` / ``КПК …``) are tested, keeping the choice whose columns are most even.
* Footnote numbering restarts on every page: a note body is matched to the reference with the
  same number on the same page.

The package, one module per responsibility:

* :mod:`.markup`: inline Markdown tokens, note-reference marks, joining lines;
* :mod:`.blocks`: the source cut into classified blocks;
* :mod:`.record`: classification codes, ISBN and the ISBD record of the colophon;
* :mod:`.contents`: the contents list and the lists of a general Markdown text;
* :mod:`.front`: title page, colophon, blurb and frontispiece;
* :mod:`.captions`: photo captions and epigraphs;
* :mod:`.notes`: matching note bodies to their references;
* :mod:`.layout`: where pages and columns began (the page-count search);
* :mod:`.body`: divisions and rejoined paragraphs of the body;
* :mod:`.reader`: the order of the work and the editorial statements.
"""

from .reader import PROFILE, read_book

__all__ = ["read_book", "PROFILE"]
