"""The print edition: TEI -> Typst markup -> PDF (Typst, through the ``typst`` package).

Where it sits in the pipeline::

    TEI --xslt/print/print.xsl (saxonche, text output)--> main.typ
        + templates/print/edition.typ (the page design) --typst--> PDF

The stylesheet writes the whole Typst source: the book's settings, title page, "about this
edition", contents, the text (notes as footnotes, the source's page breaks as marginal marks,
mentions marked for the index) and the indexes. Every character of TEI text passes through one
XSLT function (``pe:text``/``pe:esc`` in ``xslt/print/functions.xsl``), which escapes Typst's
markup. The page design is the project's own ``edition.typ``: no Typst Universe package, nothing
fetched. Cross references are resolved by Typst's introspection in the same compile: the
contents read the page of each heading, the index the page of each mention, so there is one
layout and no second pass.

Typst keeps a footnote on the page of its call (moving the line with the call when the note
does not fit) and splits a long note across pages. What it cannot promise is mended in further
compile rounds (a bounded number, each incremental, the TEI parsed once for all of them): a
note whose call widow and orphan control moved to the next page, and a word hyphenated across a
page turn, found by reading the PDF back (``pdf_pages``) and then set whole; see ``_Remedies``.

Fonts: PT Serif (Debian ``fonts-paratype``, SIL OFL 1.1): its files, found through fontconfig,
are the only fonts the compiler sees (no system fonts, none of Typst's embedded ones) and the
design sets ``fallback: false``, so no glyph can come from another face. Output is
deterministic: no creation date unless ``SOURCE_DATE_EPOCH`` is set, and then that one.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import tempfile
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path
from typing import Any, NamedTuple
from urllib.parse import unquote, urlparse

from lxml import etree

from ..diagnostics import Diagnostic, EditionError, Report
from ..build.fileio import write_atomic
from ..resources import resource_path
from ..tei.ns import TEI_NS, safe_parser
from .pdf_pages import PageEnd, page_end_hyphens
from .saxon import compile_stylesheet, processor

__all__ = ["PrintOptions", "PAGE_SIZES", "CHAPTER_BREAKS", "FONT_FAMILY", "render_pdf", "typeset_pdf", "typst_source",
           "default_output", "font_files"]

FONT_FAMILY = "PT Serif"
FONT_PACKAGE = "fonts-paratype"
#: page sizes the design (templates/print/edition.typ, ed-sizes) knows
PAGE_SIZES = ("A5", "B5", "A4")
CHAPTER_BREAKS = ("right", "page", "none")
#: image formats Typst reads
IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".gif", ".svg", ".webp")

_NS = {"t": TEI_NS}


@dataclass(frozen=True)
class PrintOptions:
    """Everything that shapes one print edition; passed explicitly, never global."""

    page_size: str = "A5"
    #: where a chapter (a top-level div with a heading) opens: "right" (new right-hand page), "page", "none"
    chapter_break: str = "right"
    #: levels of divisions listed in the contents
    toc_depth: int = 2

    def checked(self) -> "PrintOptions":
        size = self.page_size.upper()
        if size not in PAGE_SIZES:
            raise EditionError("", f"unknown page size {self.page_size!r} (choose one of {', '.join(PAGE_SIZES)})",
                               "print-page-size")
        if self.chapter_break not in CHAPTER_BREAKS:
            raise EditionError("", f"unknown chapter break {self.chapter_break!r} "
                               f"(choose one of {', '.join(CHAPTER_BREAKS)})", "print-chapter-break")
        if self.toc_depth < 1:
            raise EditionError("", "the contents depth must be at least 1", "print-toc-depth")
        return replace(self, page_size=size)


# ------------------------------------------------------------------------------ resources

def default_output(tei_file: Path, build_dir: Path = Path("build")) -> Path:
    """``build/pdf/<text-id>.pdf``, the text id being the TEI root's xml:id (else the file stem)."""
    text_id = tei_file.stem
    try:
        for _event, el in etree.iterparse(str(tei_file), events=("start",), resolve_entities=False,
                                          no_network=True, load_dtd=False):
            text_id = el.get("{http://www.w3.org/XML/1998/namespace}id") or text_id
            break
    except etree.XMLSyntaxError:
        pass
    return build_dir / "pdf" / f"{text_id}.pdf"


# ------------------------------------------------------------------------------ XSLT

def _parse_tei(path: Path) -> etree._ElementTree:
    from ..tei.ns import doctype_line

    try:
        data = Path(path).read_bytes()
    except OSError as err:
        raise EditionError(str(path), f"cannot read TEI: {err.strerror or err}", "print-input") from None
    line = doctype_line(data)
    if line:  # refused unparsed: no DTD loaded, no entity expanded or fetched
        raise EditionError(str(path), f"line {line}: refusing a file with a DOCTYPE declaration", "print-input")
    parser = safe_parser()
    try:
        tree = etree.fromstring(data, parser, base_url=str(path)).getroottree()
    except etree.XMLSyntaxError as err:
        raise EditionError(str(path), f"cannot read TEI: {err}", "print-input") from None
    if tree.docinfo.doctype:
        raise EditionError(str(path), "refusing a file with a DOCTYPE declaration", "print-input")
    if tree.getroot().tag != f"{{{TEI_NS}}}TEI":
        raise EditionError(str(path), "not a TEI document (root element is not tei:TEI)", "print-input")
    return tree


def _images_xml(images: dict[str, str]) -> str:
    root = etree.Element("images")
    for url, name in sorted(images.items()):
        etree.SubElement(root, "image", url=url, file=name)
    return etree.tostring(root, encoding="unicode")


class _PrintTransform:
    """The print stylesheet with one text's inputs parsed once (Saxon trees), for every compile
    round of that text (a round that loosens notes asks for the source again)."""

    def __init__(self, tei: etree._ElementTree, registers: etree._ElementTree | None, options: PrintOptions,
                 images: dict[str, str] | None, dated: bool):
        opts = options.checked()
        proc = self._proc = processor()
        self._exe = compile_stylesheet(resource_path("xslt") / "print" / "print.xsl", "print-xslt")
        self._doc = proc.parse_xml(xml_text=etree.tostring(tei, encoding="unicode"))
        self._fixed: dict[str, Any] = {
            "page-size": proc.make_string_value(opts.page_size),
            "chapter-break": proc.make_string_value(opts.chapter_break),
            "toc-depth": proc.make_integer_value(opts.toc_depth),
            "dated": proc.make_boolean_value(dated),
        }
        if registers is not None:
            self._fixed["registers"] = proc.parse_xml(xml_text=etree.tostring(registers, encoding="unicode"))
        if images:
            self._fixed["images"] = proc.parse_xml(xml_text=_images_xml(images))

    def source(self, loose_notes: str = "") -> str:
        """The Typst source (``main.typ``), with these notes loose (see :class:`_Remedies`)."""
        exe = self._exe
        exe.clear_parameters()
        for name, value in self._fixed.items():
            exe.set_parameter(name, value)
        exe.set_parameter("loose-notes", self._proc.make_string_value(loose_notes))
        try:
            return exe.transform_to_string(xdm_node=self._doc)
        except Exception as err:
            raise EditionError("", f"print stylesheet failed: {err}", "print-xslt") from err


def typst_source(tei: etree._ElementTree, *, registers: etree._ElementTree | None = None,
                 options: PrintOptions = PrintOptions(), images: dict[str, str] | None = None,
                 dated: bool = False, loose_notes: str = "") -> str:
    """Run ``xslt/print/print.xsl``: the Typst source (``main.typ``) of the print edition.

    ``images``: graphic ``@url`` -> the file name it has beside ``main.typ``; ``dated``: the PDF
    gets a creation date (the compile's timestamp), else none; ``loose_notes``: keys of notes
    whose paragraphs are set without widow and orphan control, or ``"all"``.
    """
    return _PrintTransform(tei, registers, options, images, dated).source(loose_notes)


# ------------------------------------------------------------------------------ fonts

@lru_cache(maxsize=1)
def font_files() -> tuple[str, ...]:
    """The installed files of the edition's font family (fontconfig), sorted; () if none."""
    fc_list = shutil.which("fc-list")
    if fc_list is None:
        raise EditionError("", "fc-list not found (Debian package fontconfig); cannot find the print font",
                           "print-font-missing")
    out = subprocess.run([fc_list, f":family={FONT_FAMILY}", "file"], capture_output=True, text=True,
                         check=False).stdout
    return tuple(sorted({line.split(":")[0].strip() for line in out.splitlines() if line.strip()}))


@lru_cache(maxsize=1)
def _typst_fonts() -> Any:
    import typst

    files = font_files()
    if not files:
        raise EditionError("", f"font {FONT_FAMILY!r} is not installed (Debian package {FONT_PACKAGE}); "
                           "the print edition does not fall back to another face", "print-font-missing")
    # Typst scans folders: the folders of the family's files (other faces there are never used:
    # the design names only this family and turns fallback off)
    folders = sorted({str(Path(f).parent) for f in files})
    return typst.Fonts(include_system_fonts=False, include_embedded_fonts=False, font_paths=folders)


def _check_font_styles(report: Report, source: str) -> None:
    styles = {(f.style, f.weight >= 600) for f in _typst_fonts().fonts() if f.family == FONT_FAMILY}
    for style, bold, name in (("normal", False, "Regular"), ("italic", False, "Italic"), ("normal", True, "Bold")):
        if (style, bold) not in styles:
            report.warn(source, 0, "print-font-style", f"{FONT_FAMILY} {name} not installed; it will be synthesised")


# ------------------------------------------------------------------------------ inputs

def _creation_timestamp() -> int | None:
    """SOURCE_DATE_EPOCH when set (reproducible builds), else None: the PDF then has no date."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    return int(epoch) if epoch.isdigit() else None


def _local_images(tei: etree._ElementTree, tei_file: Path) -> dict[str, Path]:
    """graphic/@url -> an image file beside the TEI (relative, local, existing, a format Typst reads)."""
    found: dict[str, Path] = {}
    base = tei_file.resolve().parent
    for url in tei.xpath("//t:text//t:figure/t:graphic/@url", namespaces=_NS):
        parsed = urlparse(url)
        if parsed.scheme or parsed.netloc or url.startswith("/"):
            continue
        path = (base / unquote(parsed.path)).resolve()
        if path.suffix.lower() in IMAGE_SUFFIXES and path.is_file() and base in path.parents:
            found[url] = path
    return found


def _unresolved_refs(tei: etree._ElementTree, registers: etree._ElementTree | None) -> dict[str, int]:
    """Mentions whose @ref points to no register entry: {ref: count}."""
    local = set(tei.xpath("//@xml:id"))
    remote = set(registers.xpath("//@xml:id")) if registers is not None else set()
    counts: dict[str, int] = {}
    for ref in tei.xpath("//t:text//*[self::t:persName or self::t:placeName or self::t:orgName]/@ref", namespaces=_NS):
        target = ref[1:] in local if ref.startswith("#") else (ref.partition("#")[2] in remote)
        if not target:
            counts[ref] = counts.get(ref, 0) + 1
    return counts


# ------------------------------------------------------------------------------ Typst

class _MissingGlyph(Exception):
    """The text holds a character the edition's font has no glyph for."""


class _Layout(NamedTuple):
    """One compile: the PDF, Typst's warnings, and what ``ed-check-notes`` reports."""

    pdf: bytes
    warnings: list[Any]
    #: keys of the notes not set on the page of their call
    misplaced: list[int]
    #: (key, page) where each block of the text ("block") and each note ("note") begins
    starts: dict[str, list[tuple[int, int]]]


class _Workspace:
    """A private folder holding only the design, the images, main.typ and the round's
    remedies.json: Typst's root, so it reads nothing else, and fetches nothing (the source names
    no package). One compiler serves every round, so a round recompiles incrementally."""

    def __init__(self, images: dict[str, Path]):
        self._tmp = tempfile.TemporaryDirectory(prefix="tei-edition-typst-")
        self.root = Path(self._tmp.name)
        shutil.copyfile(resource_path("templates") / "print" / "edition.typ", self.root / "edition.typ")
        for name, path in images.items():
            shutil.copyfile(path, self.root / name)
        self._compiler: Any = None

    def compile(self, source: str, timestamp: int | None, ua: bool = True, remedies: str = "{}") -> _Layout:
        """Set ``source`` (main.typ). ``ua``: claim PDF/UA-1, which Typst refuses for a character
        the edition's font lacks (raised as :class:`_MissingGlyph`); ``remedies``: the words
        kept whole (remedies.json, see ``ed-keep`` in edition.typ: a file, not a compiler input,
        so that a change of it leaves the compiler's memory of everything else valid)."""
        import typst

        main = self.root / "main.typ"
        main.write_text(source, encoding="utf-8")
        (self.root / "remedies.json").write_text(remedies, encoding="utf-8")
        try:
            if self._compiler is None:
                self._compiler = typst.Compiler(str(main), root=str(self.root), font_paths=_typst_fonts())
            compiler = self._compiler
            # main.typ named again: the compiler reads the changed files afresh and keeps what
            # they leave as it was (an incremental compile)
            pdf, warnings = compiler.compile_with_warnings(input=str(main), format="pdf",
                                                          pdf_standards=["ua-1"] if ua else [], timestamp=timestamp)
            misplaced = json.loads(compiler.query("<ed-misplaced>", field="value", one=True))
            starts = json.loads(compiler.query("<ed-starts>", field="value", one=True))
        except typst.TypstError as err:
            first = str(getattr(err, "message", "") or err).splitlines()[0]
            if ua and "could not be displayed with font" in first:
                raise _MissingGlyph(first) from err
            raise EditionError("", f"Typst could not set the edition: {first}", "print-typst") from err
        return _Layout(pdf, list(warnings), [int(k) for k in misplaced],
                       {kind: [(int(k), int(pg)) for k, pg in pairs] for kind, pairs in starts.items()})

    def close(self) -> None:
        self._tmp.cleanup()


@dataclass(frozen=True)
class _Remedies:
    """What the compile rounds change, each round adding to the last.

    Notes: Typst keeps a note with its call, but widow and orphan control can move the line of
    the call to the next page after the note was placed; the paragraphs of such notes are set
    without that control (``loose``), and if notes are still misplaced then, the whole book
    (``loose_all``). Page turns: a word hyphenated in the last line of a page's text or notes is
    set whole in its block or note (``keep``: kind, key, the word's beginning), which moves the
    break; that may end another page in a hyphen, which the next round mends.
    """

    loose: frozenset[int] = frozenset()
    loose_all: bool = False
    keep: frozenset[tuple[str, int, str]] = frozenset()

    def loose_spec(self) -> str:
        """The stylesheet's ``loose-notes``."""
        return "all" if self.loose_all else " ".join(map(str, sorted(self.loose)))

    def keep_json(self) -> str:
        """The design's remedies.json: {"block": {"12": ["Совет"]}, "note": {...}}."""
        tree: dict[str, dict[str, list[str]]] = {}
        for kind, key, word in sorted(self.keep):
            tree.setdefault(kind, {}).setdefault(str(key), []).append(word)
        return json.dumps(tree, ensure_ascii=False, sort_keys=True)

    def after(self, layout: _Layout, hyphens: list[PageEnd]) -> "_Remedies":
        """The remedies for what ``layout`` got wrong (the same remedies when nothing can help)."""
        keep = set(self.keep)
        for end in hyphens:
            owner = _owner(layout.starts, end)
            if owner is not None:
                keep.add((*owner, end.fragment))
        return _Remedies(self.loose | set(layout.misplaced),
                         self.loose_all or bool(self.loose and layout.misplaced), frozenset(keep))


def _owner(starts: dict[str, list[tuple[int, int]]], end: PageEnd) -> tuple[str, int] | None:
    """The block (or note) whose line ends the page: the last one begun on or before that page."""
    kind = "note" if end.area == "notes" else "block"
    keys = [key for key, page in starts.get(kind, []) if page <= end.page]
    return (kind, max(keys)) if keys else None


#: compiles at most; a book that needs no remedy takes one
_ROUNDS = 6


def _typeset(transform: _PrintTransform, images: dict[str, Path], timestamp: int | None,
             report: Report, source_name: str) -> bytes:
    """Compile until every note is on the page of its call and no page ends in a hyphenated
    word, or no remedy is left (see :class:`_Remedies`)."""
    work = _Workspace(images)
    ua = True
    remedies = _Remedies()
    sources: dict[str, str] = {}  # by loose notes: words kept whole need no new source
    try:
        for _round in range(_ROUNDS):
            spec = remedies.loose_spec()
            if spec not in sources:
                sources[spec] = transform.source(spec)
            source = sources[spec]
            try:
                layout = work.compile(source, timestamp, ua, remedies.keep_json())
            except _MissingGlyph as err:
                # no other face may stand in (fallback is off): say so, and give up the PDF/UA
                # claim, which forbids a missing glyph; the PDF stays tagged
                report.warn(source_name, 0, "print-glyph-missing",
                            f"{err}: the character is printed as an empty box; the PDF is not marked PDF/UA-1")
                ua = False
                layout = work.compile(source, timestamp, ua, remedies.keep_json())
            hyphens = page_end_hyphens(layout.pdf)
            following = remedies.after(layout, hyphens)
            if not (layout.misplaced or hyphens) or following == remedies:
                break
            remedies = following
    finally:
        work.close()
    if layout.misplaced:
        report.warn(source_name, 0, "print-note-misplaced",
                    f"{len(layout.misplaced)} note(s) not on the page of their call: {layout.misplaced[:10]}")
    if hyphens:
        report.warn(source_name, 0, "print-hyphen-page-end",
                    f"{len(hyphens)} page(s) end in a hyphenated word: pages {[h.page for h in hyphens][:10]}")
    for w in layout.warnings:
        report.warn(source_name, 0, "print-typst", str(getattr(w, "message", "") or w).splitlines()[0])
    return layout.pdf


def render_pdf(tei_file: Path, out_pdf: Path, *, registers: Path | None = None, page_size: str = "A5",
               options: PrintOptions | None = None) -> list[Diagnostic]:
    """:func:`typeset_pdf` written atomically to ``out_pdf`` (for the CLI; the pipeline writes
    the bytes itself). Returns the diagnostics."""
    pdf, diagnostics = typeset_pdf(tei_file, registers=registers, page_size=page_size, options=options)
    write_atomic(Path(out_pdf), pdf)
    return diagnostics


def typeset_pdf(tei_file: Path, *, registers: Path | None = None, page_size: str = "A5",
                options: PrintOptions | None = None) -> tuple[bytes, list[Diagnostic]]:
    """Render ``tei_file`` as a print-ready PDF: its bytes and the diagnostics.

    ``registers``: the TEI registers file that mentions' ``@ref="registers.xml#id"`` point to;
    when omitted, a ``registers.xml`` beside the text is used if the text refers to one.
    ``options`` overrides ``page_size``. Returns diagnostics (warnings); raises
    :class:`EditionError` on unreadable input, a missing font or a failed compile.
    """
    tei_file = Path(tei_file)
    opts = (options or PrintOptions(page_size=page_size)).checked()
    source = str(tei_file)
    report = Report()
    tei = _parse_tei(tei_file)
    reg_tree = None
    if registers is None:
        sibling = tei_file.parent / "registers.xml"
        refers = tei.xpath("boolean(//t:text//@ref[starts-with(., 'registers.xml#')])", namespaces=_NS)
        if refers and sibling.is_file() and sibling.resolve() != tei_file.resolve():
            registers = sibling
        elif refers:
            report.warn(source, 0, "print-no-registers",
                        "the text refers to registers.xml but no registers file was given or found beside it")
    if registers is not None:
        reg_tree = _parse_tei(Path(registers))
    try:
        _check_font_styles(report, source)
    except EditionError as err:
        raise EditionError(source, err.message, err.code) from None
    for ref, count in sorted(_unresolved_refs(tei, reg_tree).items()):
        report.warn(source, 0, "print-ref-unresolved",
                    f"{count} mention(s) point to {ref!r}, which is in no register; listed under their text")
    found = _local_images(tei, tei_file)
    names = {url: f"img-{i}{path.suffix.lower()}" for i, (url, path) in enumerate(sorted(found.items()), 1)}
    timestamp = _creation_timestamp()
    try:
        transform = _PrintTransform(tei, reg_tree, opts, names, timestamp is not None)
        pdf = _typeset(transform, {names[u]: p for u, p in found.items()}, timestamp, report, source)
    except EditionError as err:
        raise EditionError(source, err.message, err.code) from None
    return pdf, list(report)
