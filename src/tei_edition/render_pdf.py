"""The print edition: TEI -> print HTML -> PDF (CSS Paged Media with WeasyPrint).

Where it sits in the pipeline::

    TEI --xslt/print/print.xsl (saxonche)--> named HTML fragments
        --templates/print/book.html (Jinja) + templates/print/print.css--> print HTML
        --WeasyPrint--> PDF

The stylesheet emits fragments (``meta``, ``title-page``, ``imprint``, ``contents``, ``body``,
``index``, ``diagnostics``); the Jinja template owns the page shell; the CSS owns the page
geometry, footnotes, running heads and the contents' page numbers (``target-counter``).

The index of names needs the page of every mention, so a text with mentions is rendered
twice: the first layout tells which page each mention anchor (``m-1``, ``m-2``, ...) landed
on; the stylesheet then writes the index with collapsed ranges (12–14) and the book is laid
out again. The index comes last and the first pass already holds its headings, so the second
pass cannot move a mention to another page; :func:`render_pdf` checks that it did not.
Only mentions in the printed text are indexed: the source's title page and printed contents
(replaced by the book's own), figDesc and fw are not reproduced, so their mentions get no
anchor and are not counted (``pe:indexed`` in ``xslt/print/namesdates.xsl``); the page breaks
in them still get their marginal marks, so that every source page can be cited.

Fonts: PT Serif (Debian ``fonts-paratype``, SIL OFL 1.1), by its fontconfig name; the render
refuses to run without it rather than fall back to another face. Output is deterministic: no
creation date unless ``SOURCE_DATE_EPOCH`` is set, and then that one.
"""

from __future__ import annotations

import logging
import os
import shutil
import subprocess
from dataclasses import dataclass, replace
from datetime import datetime, timezone
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

from lxml import etree

from . import __version__
from .fileio import write_atomic
from .diagnostics import Diagnostic, EditionError, Report

__all__ = ["PrintOptions", "PAGE_SIZES", "FONT_FAMILY", "render_pdf", "render_print_html",
           "print_fragments", "resource_dir", "default_output"]

FONT_FAMILY = "PT Serif"
FONT_PACKAGE = "fonts-paratype"

#: Page geometry per size: (CSS size, margins top, outer, bottom, inner, base font size).
PAGE_SIZES: dict[str, tuple[str, str, str, str, str, str]] = {
    "A5": ("A5", "17mm", "18mm", "19mm", "16mm", "10pt"),
    "B5": ("B5", "20mm", "22mm", "22mm", "18mm", "10.5pt"),
    "A4": ("A4", "25mm", "30mm", "27mm", "25mm", "11pt"),
}
CHAPTER_BREAKS = ("right", "page", "none")

_TEI = "http://www.tei-c.org/ns/1.0"


@dataclass(frozen=True)
class PrintOptions:
    """Everything that shapes one print edition; passed explicitly, never global."""

    page_size: str = "A5"
    #: where a chapter (a top-level div) opens: "right" (new right-hand page), "page", "none"
    chapter_break: str = "right"
    #: levels of divisions listed in the contents
    toc_depth: int = 2
    #: tagged PDF (structure tree for accessibility)
    pdf_tags: bool = True

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

def resource_dir(name: str) -> Path:
    """``xslt`` or ``templates``: the installed package's copy first, then the source checkout."""
    packaged = Path(str(resources.files("tei_edition"))) / name
    checkout = Path(__file__).resolve().parents[2] / name
    for folder in (packaged, checkout):
        if folder.is_dir():
            return folder
    raise EditionError("", f"tei-edition {name}/ not found in {packaged} or {checkout}; "
                       "reinstall the package or run from a source checkout", "print-resources")


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

class _Saxon:
    """One Saxon processor per process (saxonche does not like several), stylesheets cached."""

    _proc: Any = None
    _exes: dict[tuple[str, float], Any] = {}

    @classmethod
    def processor(cls) -> Any:
        if cls._proc is None:
            from saxonche import PySaxonProcessor

            cls._proc = PySaxonProcessor(license=False)
        return cls._proc

    @classmethod
    def executable(cls, path: Path) -> Any:
        key = (str(path), path.stat().st_mtime)
        exe = cls._exes.get(key)
        if exe is None:
            xslt = cls.processor().new_xslt30_processor()
            try:
                exe = xslt.compile_stylesheet(stylesheet_file=str(path))
            except Exception as err:  # saxonche raises PySaxonApiError
                raise EditionError(str(path), f"cannot compile the print stylesheet: {err}", "print-xslt") from err
            cls._exes[key] = exe
        return exe


def _parse_tei(path: Path) -> etree._ElementTree:
    from .validate import doctype_line

    try:
        data = Path(path).read_bytes()
    except OSError as err:
        raise EditionError(str(path), f"cannot read TEI: {err.strerror or err}", "print-input") from None
    line = doctype_line(data)
    if line:  # refused unparsed: no DTD loaded, no entity expanded or fetched
        raise EditionError(str(path), f"line {line}: refusing a file with a DOCTYPE declaration", "print-input")
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)
    try:
        tree = etree.fromstring(data, parser, base_url=str(path)).getroottree()
    except etree.XMLSyntaxError as err:
        raise EditionError(str(path), f"cannot read TEI: {err}", "print-input") from None
    if tree.docinfo.doctype:
        raise EditionError(str(path), "refusing a file with a DOCTYPE declaration", "print-input")
    if tree.getroot().tag != f"{{{_TEI}}}TEI":
        raise EditionError(str(path), "not a TEI document (root element is not tei:TEI)", "print-input")
    return tree


def _pages_xml(pages: dict[str, int]) -> str:
    items = "".join(f'<a id="{k}" page="{v}"/>' for k, v in sorted(pages.items()))
    return f"<pages>{items}</pages>"


def print_fragments(tei: etree._ElementTree, *, registers: etree._ElementTree | None = None,
                    pages: dict[str, int] | None = None,
                    options: PrintOptions = PrintOptions()) -> tuple[dict[str, str], dict[str, str], list[dict[str, str]]]:
    """Run ``xslt/print/print.xsl``: (HTML fragments by name, metadata, diagnostics as dicts)."""
    proc = _Saxon.processor()
    exe = _Saxon.executable(resource_dir("xslt") / "print" / "print.xsl")
    exe.clear_parameters()
    exe.set_parameter("chapter-break", proc.make_string_value(options.chapter_break))
    exe.set_parameter("toc-depth", proc.make_integer_value(options.toc_depth))
    if registers is not None:
        exe.set_parameter("registers", proc.parse_xml(xml_text=etree.tostring(registers, encoding="unicode")))
    if pages is not None:
        exe.set_parameter("pages", proc.parse_xml(xml_text=_pages_xml(pages)))
    doc = proc.parse_xml(xml_text=etree.tostring(tei, encoding="unicode"))
    try:
        out = exe.transform_to_string(xdm_node=doc)
    except Exception as err:
        raise EditionError("", f"print stylesheet failed: {err}", "print-xslt") from err
    root = etree.fromstring(out.encode("utf-8"))
    fragments: dict[str, str] = {}
    meta: dict[str, str] = {}
    diags: list[dict[str, str]] = []
    for frag in root:
        name = frag.get("name")
        if name == "meta":
            meta = {m.get("key"): m.get("value") for m in frag}
        elif name == "diagnostics":
            diags = [dict(d.attrib) for d in frag]
        else:
            fragments[name] = (frag.text or "") + "".join(
                etree.tostring(child, method="html", encoding="unicode") for child in frag)
    return fragments, meta, diags


# ------------------------------------------------------------------------------ HTML

def _created() -> str | None:
    """The fixed creation date: SOURCE_DATE_EPOCH when set (reproducible builds), else none."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if not epoch:
        return None
    try:
        return datetime.fromtimestamp(int(epoch), tz=timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    except ValueError:
        return None


@lru_cache(maxsize=4)
def _jinja_env(folder: str) -> Any:
    import jinja2

    return jinja2.Environment(loader=jinja2.FileSystemLoader(folder), autoescape=True,
                              undefined=jinja2.StrictUndefined, keep_trailing_newline=True)


def _page_css(options: PrintOptions) -> str:
    size, top, outer, bottom, inner, font = PAGE_SIZES[options.page_size]
    return (f"@page {{ size: {size}; margin: {top} {outer} {bottom} {inner}; }}\n"
            f"@page :left {{ margin-left: {outer}; margin-right: {inner}; }}\n"
            f"@page :right {{ margin-left: {inner}; margin-right: {outer}; }}\n"
            f"html {{ font-size: {font}; }}\n")


def render_print_html(fragments: dict[str, str], meta: dict[str, str], options: PrintOptions) -> str:
    """Place the fragments into ``templates/print/book.html`` with the print CSS."""
    from markupsafe import Markup

    folder = resource_dir("templates") / "print"
    env = _jinja_env(str(folder))
    css = (folder / "print.css").read_text(encoding="utf-8")
    # the size-dependent page geometry goes after the stylesheet so that it wins
    css = css + "\n/* page geometry for " + options.page_size + " */\n" + _page_css(options)
    created = _created()
    return env.get_template("book.html").render(
        fragments={k: Markup(v) for k, v in fragments.items()},
        meta={"lang": "ru", "title": "", "author": "", "description": "", **meta},
        css=Markup(css), version=__version__, created=created or "",
        page_size=options.page_size, chapter_break=options.chapter_break)


# ------------------------------------------------------------------------------ fonts

def _check_font(report: Report, source: str) -> None:
    fc_list = shutil.which("fc-list")
    if fc_list is None:
        report.warn(source, 0, "print-font-unchecked", f"fc-list not found; cannot check that {FONT_FAMILY} is installed")
        return
    out = subprocess.run([fc_list, f":family={FONT_FAMILY}", "style"], capture_output=True, text=True,
                         check=False).stdout
    styles = {s.strip() for line in out.splitlines() for s in line.split(":style=")[-1].split(",")}
    if not out.strip():
        raise EditionError(source, f"font {FONT_FAMILY!r} is not installed (Debian package {FONT_PACKAGE}); "
                           "the print edition does not fall back to another face", "print-font-missing")
    for style in ("Regular", "Italic", "Bold"):
        if style not in styles:
            report.warn(source, 0, "print-font-style", f"{FONT_FAMILY} {style} not installed; it will be synthesised")


# ------------------------------------------------------------------------------ WeasyPrint

class _LogToReport(logging.Handler):
    """WeasyPrint reports unsupported CSS and layout problems through logging."""

    def __init__(self, report: Report, source: str):
        super().__init__(logging.WARNING)
        self.report, self.source, self.seen = report, source, set()

    def emit(self, record: logging.LogRecord) -> None:
        msg = record.getMessage().splitlines()[0]
        if msg not in self.seen:
            self.seen.add(msg)
            self.report.warn(self.source, 0, "print-weasyprint", msg)


def _render(html: str, base: Path, font_config: Any, options: PrintOptions) -> Any:
    from weasyprint import HTML

    return HTML(string=html, base_url=str(base)).render(font_config=font_config, pdf_tags=options.pdf_tags)


def anchor_pages(document: Any, prefix: str = "m-") -> dict[str, int]:
    """Page number (1-based, as printed by ``counter(page)``) of every anchor starting with prefix."""
    pages: dict[str, int] = {}
    for number, page in enumerate(document.pages, start=1):
        for name in page.anchors:
            if name.startswith(prefix):
                pages.setdefault(name, number)
    return pages


def render_pdf(tei_file: Path, out_pdf: Path, *, registers: Path | None = None, page_size: str = "A5",
               options: PrintOptions | None = None) -> list[Diagnostic]:
    """Render ``tei_file`` as a print-ready PDF at ``out_pdf`` (written atomically).

    ``registers``: the TEI registers file that mentions' ``@ref="registers.xml#id"`` point to;
    when omitted, a ``registers.xml`` beside the text is used if the text refers to one.
    ``options`` overrides ``page_size``. Returns diagnostics (warnings); raises
    :class:`EditionError` on unreadable input or a missing font.
    """
    tei_file = Path(tei_file)
    out_pdf = Path(out_pdf)
    opts = (options or PrintOptions(page_size=page_size)).checked()
    source = str(tei_file)
    report = Report()
    tei = _parse_tei(tei_file)
    reg_tree = None
    if registers is None:
        sibling = tei_file.parent / "registers.xml"
        refers = tei.xpath("boolean(//t:text//@ref[starts-with(., 'registers.xml#')])", namespaces={"t": _TEI})
        if refers and sibling.is_file() and sibling.resolve() != tei_file.resolve():
            registers = sibling
        elif refers:
            report.warn(source, 0, "print-no-registers",
                        "the text refers to registers.xml but no registers file was given or found beside it")
    if registers is not None:
        reg_tree = _parse_tei(Path(registers))
    _check_font(report, source)

    from weasyprint.text.fonts import FontConfiguration

    font_config = FontConfiguration()
    handler = _LogToReport(report, source)
    wlog = logging.getLogger("weasyprint")
    wlog.addHandler(handler)
    try:
        fragments, meta, diags = print_fragments(tei, registers=reg_tree, options=opts)
        for d in diags:
            report.warn(source, 0, d.get("code", "print"),
                        f"{d.get('count')} mention(s) point to {d.get('ref')!r}, which is in no register; "
                        "left out of the index")
        base = resource_dir("templates") / "print"
        document = _render(render_print_html(fragments, meta, opts), base, font_config, opts)
        if int(meta.get("mentions", "0")):
            pages = anchor_pages(document)
            missing = int(meta["mentions"]) - len(pages)
            if missing:
                report.warn(source, 0, "print-anchor-lost", f"{missing} mention anchor(s) not found in the layout")
            fragments, meta, _ = print_fragments(tei, registers=reg_tree, pages=pages, options=opts)
            del document  # the first layout is not needed any more: halve the peak memory
            document = _render(render_print_html(fragments, meta, opts), base, font_config, opts)
            moved = {k for k, v in anchor_pages(document).items() if pages.get(k) != v}
            if moved:
                report.warn(source, 0, "print-index-moved",
                            f"{len(moved)} mention(s) changed page in the second pass; the index may be off")
        write_atomic(out_pdf, document.write_pdf(pdf_tags=opts.pdf_tags))
    finally:
        wlog.removeHandler(handler)
    return list(report)
