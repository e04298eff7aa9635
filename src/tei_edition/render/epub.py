"""TEI -> an EPUB 3 of one text (``build/epub/<id>.epub``), for publishers and e-readers.

Sits beside the HTML site at the end of the pipeline and shares its stylesheets::

    TEI --xslt/epub/epub.xsl (imports xslt/html/html.xsl)--> page fragments, contents, page list
    registers.xml + TEI --xslt/html/registers.xsl--> the book's indexes (persons, places, orgs)
    fragments --templates/epub/ (Jinja shells)--> XHTML content documents, nav, package, cover
    --> a ZIP with ``mimetype`` first and stored, fixed timestamps: same input, same bytes.

What an e-book needs that the site does not is decided in the stylesheet (page markers with
the printed numbers, footnotes as ``aside epub:type="footnote"``); this module only moves
fragments into XHTML documents, maps the site's links to the book's files (a link to a place
the book does not contain loses its ``href`` rather than dangle), embeds the edition's font
(PT Serif, SIL OFL 1.1, found through fontconfig) and writes the package.
"""

from __future__ import annotations

import io
import os
import re
import shutil
import subprocess
import textwrap
import uuid
import zipfile
from dataclasses import dataclass
from datetime import datetime, timezone
from functools import lru_cache
from pathlib import Path

from lxml import etree

from ..diagnostics import Diagnostic, EditionError
from .inputs import registers_beside
from .labels import labels
from ..resources import resource_path
from .html import _registers_param, _run, _saxon
from .saxon import compile_stylesheet

__all__ = ["build_epub", "pack_epub", "epub_file", "EPUB_FONT_FILES", "EpubBook"]

XHTML_NS = "http://www.w3.org/1999/xhtml"
EPUB_NS = "http://www.idpf.org/2007/ops"
FONT_FAMILY = "PT Serif"
# fontconfig style -> file name inside the EPUB (the names the style sheet refers to)
EPUB_FONT_FILES = {"Regular": "PTSerif-Regular.ttf", "Italic": "PTSerif-Italic.ttf",
                   "Bold": "PTSerif-Bold.ttf", "Bold Italic": "PTSerif-BoldItalic.ttf"}
DEFAULT_MODIFIED = "2000-01-01T00:00:00Z"
# the navigation's labels: name in the templates -> key of xslt/labels.xml
NAV_LABELS = {"contents": "contents", "pages": "pages", "landmarks": "landmarks", "cover": "cover",
              "index": "indexes", "edition": "site-title"}
MEDIA_TYPES = {".xhtml": "application/xhtml+xml", ".css": "text/css", ".svg": "image/svg+xml",
               ".ttf": "font/ttf", ".ncx": "application/x-dtbncx+xml"}
_SAFE_SCHEME = re.compile(r"^(https?|mailto):", re.I)
_SCHEME = re.compile(r"^[a-z][a-z0-9+.\-]*:", re.I)


@dataclass
class EpubBook:
    """What was packed (for tests and reports): files in order, page list and note counts."""

    files: dict[str, bytes]
    pages: int
    notes: int


@lru_cache(maxsize=1)
def _epub_xslt():
    return compile_stylesheet(resource_path("xslt/epub") / "epub.xsl", "epub-xslt")


@lru_cache(maxsize=1)
def _jinja_env():
    """One environment per process: its templates are compiled once."""
    import jinja2

    return jinja2.Environment(loader=jinja2.FileSystemLoader(str(resource_path("templates/epub"))),
                              autoescape=True, trim_blocks=True, lstrip_blocks=True,
                              undefined=jinja2.StrictUndefined, keep_trailing_newline=True)


@lru_cache(maxsize=1)
def _font_files() -> dict[str, Path]:
    """The installed PT Serif files by style (empty when fontconfig or the font is missing);
    looked up once per process (four fc-match runs)."""
    fc = shutil.which("fc-match")
    found: dict[str, Path] = {}
    if fc is None:
        return found
    for style in EPUB_FONT_FILES:
        out = subprocess.run([fc, "-f", "%{family}|%{style}|%{file}", f"{FONT_FAMILY}:style={style}"],
                             capture_output=True, text=True, check=False).stdout
        family, _, rest = out.partition("|")
        got_style, _, file = rest.partition("|")
        if FONT_FAMILY in family.split(",") and style in got_style.split(",") and Path(file).is_file():
            found[style] = Path(file)
    return found


def _modified(meta_modified: str) -> str:
    """dcterms:modified: SOURCE_DATE_EPOCH when set, else the TEI's latest change date."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        return datetime.fromtimestamp(int(epoch), timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", meta_modified or ""):
        return f"{meta_modified}T00:00:00Z"
    return DEFAULT_MODIFIED


def _xhtml(el: etree._Element) -> etree._Element:
    """Put a no-namespace HTML fragment (from Saxon) into the XHTML namespace, in place."""
    for node in el.iter():
        if isinstance(node.tag, str) and not node.tag.startswith("{"):
            node.tag = f"{{{XHTML_NS}}}{node.tag}"
    return el


def _book_name(site_file: str) -> str:
    return re.sub(r"\.html(?=#|$)", ".xhtml", site_file)


def _fill(doc: etree._Element, slot: str, fragment: etree._Element | None) -> None:
    """Replace ``<div data-slot="slot">`` with the children of ``fragment``."""
    holder = doc.find(f".//{{{XHTML_NS}}}div[@data-slot='{slot}']")
    parent = holder.getparent()
    at = parent.index(holder)
    parent.remove(holder)
    if fragment is None:
        return
    _xhtml(fragment)
    if fragment.text and fragment.text.strip():
        raise EditionError("epub", f"text outside an element in fragment {slot!r}", "epub-fragment")
    for k, child in enumerate(list(fragment)):
        parent.insert(at + k, child)


def _wrap(text: str, width: int) -> list[str]:
    """Lines of a cover text: a one- or two-letter word stays with the next word, a short last
    word («гг.») with the one before (Russian typesetting rules)."""
    if not text:
        return []
    text = re.sub(r"(?<!\S)(\w{1,2}) ", "\\1\u00a0", text)
    text = re.sub(r" (\S{1,3})$", "\u00a0\\1", text)
    return [line.replace("\u00a0", " ") for line in textwrap.wrap(text, width=width, break_long_words=False)]


def build_epub(tei_file: Path, *, registers: Path | None = None,
               publisher: str | None = None) -> tuple[EpubBook, list[Diagnostic]]:
    """The files of the EPUB of one text (path inside the container -> bytes), in order."""
    from .html import _inspect

    diags: list[Diagnostic] = []
    if _inspect(tei_file).kind != "text":
        raise EditionError(str(tei_file), "not a TEI text", "epub-input")
    sx = _saxon()
    params = _registers_param(registers)
    root = _run(_epub_xslt(), tei_file, params, str(tei_file))
    params["lang"] = sx.proc.make_string_value(root.findtext("meta/lang") or "ru")  # the registers in the text's language
    params["texts"] = sx.proc.make_string_value(tei_file.resolve().as_uri())
    regs = _run(sx.registers, None, params, str(tei_file))
    tid = root.get("id")
    meta = {child.tag: (child.text or "").strip() for child in root.find("meta")}
    lang = meta.get("lang") or "ru"
    env = _jinja_env()
    docs, order = _page_documents(env, root, lang)
    index_files = _index_documents(env, regs, lang, docs, order)
    dropped = _relink(docs, tid)
    if dropped:
        diags.append(Diagnostic(str(tei_file), 0, "info", "epub-link-dropped",
                                f"{dropped} links point outside the book; kept as text"))
    table = labels(lang)
    nav_labels = {name: table[key] for name, key in NAV_LABELS.items()}
    toc, pages, landmarks = _navigation(root, order, index_files, nav_labels)
    pub = publisher or nav_labels["edition"]
    alt = ". ".join(x for x in (meta.get("author"), meta.get("title"), meta.get("subtitle")) if x)
    content: dict[str, bytes] = {}
    content["cover.xhtml"] = env.get_template("cover.xhtml").render(lang=lang, labels=nav_labels, alt=alt).encode("utf-8")
    content["cover.svg"] = _cover_svg(env, meta, tid, pub, alt).encode("utf-8")
    content["nav.xhtml"] = env.get_template("nav.xhtml").render(
        lang=lang, labels=nav_labels, toc=toc, pages=pages, landmarks=landmarks).encode("utf-8")
    for name, doc in docs.items():
        content[name] = etree.tostring(doc, encoding="utf-8", xml_declaration=True, doctype="<!DOCTYPE html>")
    content.update(_style_and_fonts(tei_file, diags))
    files: dict[str, bytes] = {}
    files["mimetype"] = b"application/epub+zip"
    files["META-INF/container.xml"] = env.get_template("container.xml").render().encode("utf-8")
    files["EPUB/package.opf"] = _package(env, root, meta, lang, tid, pub, alt, content, docs, order,
                                         pages, index_files, table)
    for href, data in content.items():
        files[f"EPUB/{href}"] = data
    notes = sum(1 for doc in docs.values() for el in doc.iter(f"{{{XHTML_NS}}}aside")
                if el.get(f"{{{EPUB_NS}}}type") == "footnote")
    return EpubBook(files, len(pages), notes), diags


def _page_documents(env, root: etree._Element, lang: str
                    ) -> tuple[dict[str, etree._Element], list[tuple[str, str, str]]]:
    """The text's content documents (parsed shells with the fragments inserted), by book file,
    and the reading order: (book file, title, kind)."""
    docs: dict[str, etree._Element] = {}
    order: list[tuple[str, str, str]] = []
    section_type = {"title": ("frontmatter", "titlepage"), "unit": ("bodymatter", "chapter"),
                    "about": ("backmatter", "colophon")}
    for page in root.findall("page"):
        kind = page.get("kind")
        body_type, sec_type = section_type[kind]
        shell = env.get_template("page.xhtml").render(lang=lang, title=page.get("title"), kind=f"page-{kind}",
                                                      epub_type=body_type, section_type=sec_type, role="")
        doc = etree.fromstring(shell.encode("utf-8"))
        _fill(doc, "body", page.find("fragment[@name='body']"))
        _fill(doc, "notes", page.find("fragment[@name='notes']"))
        name = _book_name(page.get("file"))
        docs[name] = doc
        order.append((name, page.get("title"), kind))
    return docs, order


def _index_documents(env, regs: etree._Element, lang: str, docs: dict[str, etree._Element],
                     order: list[tuple[str, str, str]]) -> list[tuple[str, str]]:
    """The register pages with mentions, as the book's indexes: added to ``docs`` and
    ``order``; returns their (book file, title)."""
    index_files: list[tuple[str, str]] = []
    for reg in regs.findall("register"):
        if int(reg.get("mentions") or 0) == 0:
            continue
        shell = env.get_template("page.xhtml").render(lang=lang, title=reg.get("title"), kind="register",
                                                      epub_type="backmatter", section_type="index", role="doc-index")
        doc = etree.fromstring(shell.encode("utf-8"))
        body = reg.find("fragment[@name='body']")
        for details in body.iter("details"):  # e-readers rarely support disclosure widgets
            details.tag = "div"
            details.attrib.pop("open", None)
            details.set("class", "entry-mentions")
        for summary in body.iter("summary"):
            summary.tag = "p"
            summary.set("class", "mentions-title")
        _fill(doc, "body", body)
        _fill(doc, "notes", None)
        doc.find(f".//{{{XHTML_NS}}}section").set("class", f"page register register-{reg.get('kind')}")
        name = _book_name(reg.get("file"))
        docs[name] = doc
        index_files.append((name, reg.get("title")))
        order.append((name, reg.get("title"), "register"))
    return index_files


def _relink(docs: dict[str, etree._Element], tid: str) -> int:
    """Map the site's links to the book's files, in place; a link to anything the book lacks
    loses its href. Returns how many did."""
    ids = {name: {el.get("id") for el in doc.iter() if el.get("id")} for name, doc in docs.items()}
    dropped = 0
    for name, doc in docs.items():
        for a in doc.iter(f"{{{XHTML_NS}}}a"):
            href = a.get("href")
            if href is None or _SAFE_SCHEME.match(href):
                continue
            path, _, frag = href.partition("#")
            path = path.removeprefix(f"{tid}/")
            target = _book_name(path) if path else name
            ok = not _SCHEME.match(href) and target in docs and (not frag or frag in ids[target])
            if ok:
                a.set("href", (target if target != name else "") + (f"#{frag}" if frag else ""))
            else:
                del a.attrib["href"]
                dropped += 1
    return dropped


def _navigation(root: etree._Element, order: list[tuple[str, str, str]], index_files: list[tuple[str, str]],
                nav_labels: dict[str, str]) -> tuple[list[dict], list[dict], list[dict]]:
    """The navigation document's contents tree, page list and landmarks."""
    toc: list[dict] = []
    stack: list[tuple[int, list[dict]]] = [(0, toc)]
    for e in root.find("toc"):
        level = int(e.get("level"))
        while len(stack) > 1 and stack[-1][0] >= level:
            stack.pop()
        node = {"title": e.get("title"), "href": _book_name(e.get("href")), "children": []}
        stack[-1][1].append(node)
        stack.append((level, node["children"]))
    toc = ([{"title": order[0][1], "href": order[0][0], "children": []}] + toc
           + [{"title": t, "href": f, "children": []} for f, t, k in order if k in ("about", "register")])
    pages = [{"n": pb.get("n"), "href": f"{_book_name(pb.get('file'))}#{pb.get('id')}"}
             for pb in root.find("pagelist")]
    first_unit = next((f for f, _, k in order if k == "unit"), order[0][0])
    landmarks = [{"type": "cover", "href": "cover.xhtml", "title": nav_labels["cover"]},
                 {"type": "titlepage", "href": order[0][0], "title": order[0][1]},
                 {"type": "toc", "href": "nav.xhtml#toc", "title": nav_labels["contents"]},
                 {"type": "bodymatter", "href": first_unit, "title": next((t for f, t, k in order if f == first_unit), "")}]
    if index_files:
        landmarks.append({"type": "index", "href": index_files[0][0], "title": nav_labels["index"]})
    return toc, pages, landmarks


def _cover_svg(env, meta: dict[str, str], tid: str, publisher: str, alt: str) -> str:
    """The generated cover: author, title, subtitle and the edition, wrapped to fit."""
    title_lines = _wrap(meta.get("title") or tid, 22)[:8]
    subtitle_lines = _wrap(meta.get("subtitle", ""), 44)[:4]
    title_y = 760 if len(title_lines) < 5 else 620
    return env.get_template("cover.svg").render(
        alt=alt, author_lines=_wrap(meta.get("author", ""), 40)[:3], title_lines=title_lines, title_y=title_y,
        subtitle_lines=subtitle_lines, subtitle_y=title_y + len(title_lines) * 130 + 40,
        edition_lines=_wrap(publisher, 52)[:3] + ([meta["date"]] if meta.get("date") else []))


def _style_and_fonts(tei_file: Path, diags: list[Diagnostic]) -> dict[str, bytes]:
    """The style sheet and the embedded font files (without the font when it is not fully
    installed: a warning, and the style sheet loses its @font-face rules)."""
    files = {"css/epub.css": (resource_path("templates/epub") / "epub.css").read_bytes()}
    fonts = _font_files()
    if len(fonts) < len(EPUB_FONT_FILES):
        diags.append(Diagnostic(str(tei_file), 0, "warning", "epub-font-missing",
                                f"{FONT_FAMILY} not fully installed (Debian fonts-paratype); "
                                "the EPUB uses the reader's serif font"))
        files["css/epub.css"] = re.sub(rb"@font-face[^\n]*\n", b"", files["css/epub.css"])
    else:
        for style, path in fonts.items():
            files[f"fonts/{EPUB_FONT_FILES[style]}"] = path.read_bytes()
    return files


def _package(env, root: etree._Element, meta: dict[str, str], lang: str, tid: str, publisher: str, alt: str,
             content: dict[str, bytes], docs: dict[str, etree._Element], order: list[tuple[str, str, str]],
             pages: list[dict], index_files: list[tuple[str, str]], table: dict[str, str]) -> bytes:
    """The package document: metadata, the manifest of ``content`` and the spine."""
    manifest = []
    spine_ids = {}
    for href in content:
        item_id = "item-" + re.sub(r"[^A-Za-z0-9]+", "-", href).strip("-")
        props = {"nav.xhtml": "nav", "cover.svg": "cover-image"}.get(href, "")
        if href.endswith(".xhtml") and href in docs and docs[href].find(f".//{{{XHTML_NS}}}svg") is not None:
            props = "svg"
        manifest.append({"id": item_id, "href": href, "type": MEDIA_TYPES[Path(href).suffix], "properties": props})
        spine_ids[href] = item_id
    spine = ([{"id": spine_ids["cover.xhtml"], "linear": True}, {"id": spine_ids[order[0][0]], "linear": True},
              {"id": spine_ids["nav.xhtml"], "linear": True}]
             + [{"id": spine_ids[f], "linear": True} for f, _, _ in order[1:]])
    seed = "|".join((tid, meta.get("title", ""), meta.get("author", "")))
    identifier = f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, 'tei-edition:' + seed)}"
    authors = [a.strip() for a in meta.get("author", "").split(",") if a.strip()]
    opf = env.get_template("package.opf").render(
        meta=meta | {"lang": lang}, identifier=identifier, authors=authors, modified=_modified(meta.get("modified", "")),
        description=alt, publisher=publisher, pages=bool(pages), registers=bool(index_files), manifest=manifest,
        spine=spine, notes=int(root.find("notes").get("count")), L=table)
    return opf.encode("utf-8")


def epub_file(tei_file: Path, *, registers: Path | None = None,
              publisher: str | None = None) -> tuple[bytes, list[Diagnostic]]:
    """The EPUB 3 of ``tei_file`` (the container's bytes) and its warnings.

    ``registers`` is the corpus register file (default: ``registers.xml`` beside the TEI file,
    if present); the book's indexes list this text's mentions only.
    """
    tei_file = Path(tei_file)
    if registers is None and registers_beside(tei_file).is_file():
        registers = registers_beside(tei_file)
    book, diags = build_epub(tei_file, registers=registers, publisher=publisher)
    return pack_epub(book.files), diags


def pack_epub(files: dict[str, bytes]) -> bytes:
    """The OCF container: ``mimetype`` first and stored, every entry with one fixed timestamp
    (from SOURCE_DATE_EPOCH, else 1980-01-01) and fixed permissions."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    stamp = (datetime.fromtimestamp(max(int(epoch), 315532800), timezone.utc).timetuple()[:6]
             if epoch.isdigit() else (1980, 1, 1, 0, 0, 0))
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        for name, data in files.items():
            info = zipfile.ZipInfo(name, date_time=stamp)
            info.compress_type = zipfile.ZIP_STORED if name == "mimetype" else zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            info.create_system = 3
            z.writestr(info, data, compresslevel=9 if name != "mimetype" else None)
    return buf.getvalue()
