"""TEI -> the static HTML reading edition (``build/html/``).

Sits at the end of the pipeline, after validation::

    TEI --xslt/html/html.xsl (saxonche)--> named HTML fragments --Jinja (templates/html/)--> pages
    registers.xml + TEI --xslt/html/registers.xsl--> register fragments --Jinja--> register pages
    search records (from html.xsl) --search_index (pymorphy3)--> static/search-index.js

The two stylesheets run at once on two cores: the register pages (and the map) in a forked
child while this process renders the texts (:class:`_CorpusPages`, :mod:`.background`).

The stylesheets own everything that reads TEI; the templates own the page shells; this module
only moves fragments between them, gathers the static files and the downloads, and returns
every file of the site as bytes (:func:`render_site`; :mod:`tei_edition.build` writes them),
with problems as :class:`~tei_edition.diagnostics.Diagnostic` values. The site has no server side
and makes no network request: it works opened from disk (``file://``) and from any static host.

Site layout::

    index.html  search.html  persons.html  places.html  orgs.html  static/...
    <text-id>/index.html (title page)  <unit>.html ...  about.html  <text-id>.xml  .txt  [.pdf]
"""

from __future__ import annotations

import gc
import json
import os
import re
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache, wraps
from pathlib import Path

from lxml import etree

from ..diagnostics import Diagnostic, EditionError
from .background import Background, can_fork
from .files import Rendered
from .geomap import MAP_FILE, MapDrawing, map_drawing, map_page
from .labels import labels, text_language
from .saxon import compile_stylesheet, processor
from .search_index import (SearchRecord, build_search_index, known_lemmas, learn_lemmas, learn_words, lemmas_known,
                           prepare_lemmatizer, search_index_js)
from ..resources import resource_path
from ..tei.ns import TEI_NS, safe_parser

__all__ = ["render_site", "text_pages", "transform_text", "transform_registers",
           "TextFragments", "PageFragments", "RegisterFragments"]

REGISTER_KINDS = ("person", "place", "org")


# ---------------------------------------------------------------------------- XSLT

@dataclass
class PageFragments:
    kind: str  # "title" | "unit" | "about"
    file: str
    id: str
    title: str
    toc: str
    body: str
    notes: str


@dataclass
class TextFragments:
    id: str
    meta: dict[str, str]
    description: str
    pages: list[PageFragments]
    records: list[SearchRecord]
    plain: str


@dataclass
class RegisterFragments:
    kind: str
    file: str
    title: str
    mentions: int
    body: str


class _Saxon:
    """The process's Saxon processor and the site's two stylesheets, each compiled on first use
    and kept (:func:`tei_edition.render.saxon.compile_stylesheet`): ``html.xsl`` renders a text's
    pages from its source document (``text``), ``registers.xsl`` the register pages with its
    initial template (``registers``). A render runs them in two processes at once
    (:class:`_CorpusPages`), each compiling only its own."""

    @property
    def proc(self):
        return processor()

    @property
    def text(self):
        return compile_stylesheet(resource_path("xslt/html") / "html.xsl", "html-xslt")

    @property
    def registers(self):
        return compile_stylesheet(resource_path("xslt/html") / "registers.xsl", "html-xslt")


@lru_cache(maxsize=1)
def _saxon() -> _Saxon:
    return _Saxon()


def _inner_html(el: etree._Element | None) -> str:
    """The HTML content of a fragment element, serialized as HTML (void elements, no XML decl)."""
    if el is None:
        return ""
    parts = [el.text or ""]
    for child in el:
        parts.append(etree.tostring(child, method="html", encoding="unicode", with_tail=True))
    return "".join(parts).strip()


def _frag(parent: etree._Element, name: str) -> str:
    return _inner_html(parent.find(f"fragment[@name='{name}']"))


def _run(executable, source, params: dict[str, object], where: str) -> etree._Element:
    """Run ``executable`` on ``source`` (a file, or a document :func:`_source_document` parsed;
    None: its initial template) and parse the fragments it returns. Saxon writes them to a
    temporary file that lxml reads as they are: returned as a string, the 2 MB of a text like
    the thesis were decoded from UTF-8 and encoded again, about 0.01 s of CPU a render."""
    executable.clear_parameters()
    for key, value in params.items():
        executable.set_parameter(key, value)
    handle, out = tempfile.mkstemp(prefix="tei-edition-", suffix=".xml")
    os.close(handle)
    try:
        try:
            if source is None:
                executable.call_template_returning_file(None, output_file=out)
            elif isinstance(source, (str, Path)):
                # absolute: Saxon resolves relative names against the folder it was started in
                executable.transform_to_file(source_file=str(Path(source).resolve()), output_file=out)
            else:
                executable.transform_to_file(xdm_node=source, output_file=out)
        except Exception as err:
            raise EditionError(where, f"XSLT transformation failed: {err}", "html-xslt") from err
        if os.path.getsize(out) == 0:
            raise EditionError(where, "XSLT transformation returned nothing", "html-xslt")
        return etree.parse(out).getroot()
    finally:
        os.unlink(out)


def _registers_param(registers: Path | None) -> dict[str, object]:
    if registers is None:
        return {}
    path = Path(registers).resolve()
    stat = path.stat()
    return {"registers": _parsed(str(path), stat.st_mtime_ns, stat.st_size)}


@lru_cache(maxsize=4)
def _parsed(path: str, mtime_ns: int, size: int):
    """The register file parsed once per version (every text's and the registers' run use it)."""
    return _saxon().proc.parse_xml(xml_file_name=path)


def _source_document(tei_file: Path):
    """A TEI file parsed by Saxon, for the text's run and the registers' run of one render
    (parsing it once for both saves a parse of the text per render)."""
    try:
        return _saxon().proc.parse_xml(xml_file_name=str(Path(tei_file).resolve()))
    except Exception as err:  # saxonche raises PySaxonApiError with the parser's message
        raise EditionError(str(tei_file), f"the XSLT processor cannot read it: {err}", "html-xslt") from err


def transform_text(tei_file: Path, *, registers: Path | None = None, document=None) -> TextFragments:
    """Run ``xslt/html/html.xsl`` on one TEI file and collect its named fragments.
    ``document``: the file already parsed (:func:`_source_document`)."""
    sx = _saxon()
    root = _run(sx.text, tei_file if document is None else document,
                _registers_param(registers), str(tei_file))
    text_id = root.get("id")
    meta = {child.tag: (child.text or "").strip() for child in root.find("meta")}
    pages = [PageFragments(p.get("kind"), p.get("file"), p.get("id"), p.get("title"),
                           _frag(p, "toc"), _frag(p, "body"), _frag(p, "notes"))
             for p in root.findall("page")]
    records = []
    note_short = labels(meta.get("lang"))["note-short"]
    for r in root.find("search"):
        href = f"{text_id}/{r.get('file')}" + (f"#{r.get('id')}" if r.get("id") else "")
        label = f"{note_short} {r.get('n')}" if r.get("kind") == "note" else ""
        records.append(SearchRecord(text_id, href, r.get("page") or "", r.get("kind"), label, r.text or ""))
    return TextFragments(text_id, meta, _frag(root, "description"), pages, records,
                         root.findtext("plain") or "")


def transform_registers(tei_files: Sequence[Path], *, registers: Path | None = None,
                        lang: str | None = None, documents: Sequence | None = None) -> list[RegisterFragments]:
    """Run ``xslt/html/registers.xsl`` (its initial template) over the texts: one register
    page per entity type, labelled in ``lang`` (default: the first text's language, the edition's).
    ``documents``: the files already parsed (:func:`_source_document`), in their order."""
    sx = _saxon()
    params = _registers_param(registers)
    if lang is None:
        lang = _language_of(tei_files[0]) if tei_files else None
    if lang:
        params["lang"] = sx.proc.make_string_value(lang)
    params["texts"] = sx.proc.make_string_value(" ".join(p.resolve().as_uri() for p in tei_files))
    if documents is not None:
        params["text-documents"] = sx.proc.make_array(list(documents))
    root = _run(sx.registers, None, params, "registers")
    return [RegisterFragments(r.get("kind"), r.get("file"), r.get("title"), int(r.get("mentions")),
                              _frag(r, "body"))
            for r in root.findall("register")]


# ---------------------------------------------------------------------------- checks

@dataclass
class _Input:
    """An XML file given to a renderer: where it is, its bytes and its root, read once."""

    path: Path
    data: bytes
    kind: str  # "text" | "registers" | "other"
    root: etree._Element


def _inspect(path: Path) -> _Input:
    """Read and parse an XML file safely, and tell a TEI text from a register file."""
    from ..tei.ns import doctype_line

    try:
        data = Path(path).read_bytes()
    except OSError as err:
        raise EditionError(str(path), f"cannot read: {err.strerror or err}", "html-input") from None
    # Saxon reads the files again and would load a DTD and expand or fetch entities: refuse them
    line = doctype_line(data)
    if line:
        raise EditionError(str(path), f"line {line}: DOCTYPE declarations are not allowed (no DTD, no entities); "
                           "remove it", "html-input")
    parser = safe_parser()
    try:
        root = etree.fromstring(data, parser, base_url=str(path))
    except etree.XMLSyntaxError as err:
        raise EditionError(str(path), f"not well-formed XML: {err}", "html-input") from None
    if root.getroottree().docinfo.doctype:
        raise EditionError(str(path), "DOCTYPE declarations are not allowed (no DTD, no entities); remove it",
                           "html-input")
    kind = "other"
    if root.tag == f"{{{TEI_NS}}}TEI":
        if root.find(f"{{{TEI_NS}}}text") is not None:
            kind = "text"
        elif root.find(f"{{{TEI_NS}}}standOff") is not None:
            kind = "registers"
    return _Input(Path(path), data, kind, root)


def _ref_diagnostics(path: Path, root: etree._Element, register_ids: set[str] | None) -> list[Diagnostic]:
    out = []
    local = {el.get("{http://www.w3.org/XML/1998/namespace}id") for el in root.iter()}
    for el in root.iterfind(f".//{{{TEI_NS}}}text//*[@ref]"):
        ref = el.get("ref")
        frag = ref.partition("#")[2]
        ok = frag in local if ref.startswith("#") else (register_ids is not None and frag in register_ids)
        if not ok:
            out.append(Diagnostic(str(path), el.sourceline or 0, "warning", "html-ref-unresolved",
                                  f"{etree.QName(el).localname} @ref={ref!r} resolves to no register entry; "
                                  "the register page lists it under its own text"))
    return out


# ---------------------------------------------------------------------------- pages

def _language_of(tei_file: Path) -> str:
    """The language of a TEI file (:func:`tei_edition.render.labels.text_language`)."""
    return text_language(etree.parse(str(tei_file), safe_parser()).getroot())


@lru_cache(maxsize=8)
def _jinja_env(lang: str = "ru", template_cache: Path | None = None):
    """One environment per process and language: its templates are compiled once (and reloaded
    when edited); ``count_noun`` speaks ``lang``. ``template_cache``: a folder keeping the
    compiled templates between processes (compiling them was a sixth of a site render)."""
    import jinja2

    from .forms_ru import count_noun

    cache = jinja2.FileSystemBytecodeCache(str(template_cache)) if template_cache is not None else None
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(resource_path("templates/html"))),
                             autoescape=True, trim_blocks=True, lstrip_blocks=True,
                             undefined=jinja2.StrictUndefined, keep_trailing_newline=True,
                             bytecode_cache=cache)
    env.filters["count_noun"] = lambda n, key: count_noun(n, key, lang)
    return env


@dataclass
class _Site:
    title: str
    base_url: str = ""
    texts: list[dict] = field(default_factory=list)
    registers: list[dict] = field(default_factory=list)
    map: bool = False  # the site has map.html (geomap)


def _site_context(lang: str, site_title: str | None, base_url: str | None,
                  register_pages: Sequence[RegisterFragments]) -> dict:
    """What every page template is given: the site (title, base URL, register pages, texts as
    they are added), the language and its labels."""
    from markupsafe import Markup

    site_labels = labels(lang)
    site = _Site(site_title or site_labels["site-title"], (base_url.rstrip("/") + "/") if base_url else "")
    site.registers = [{"kind": r.kind, "file": r.file, "title": r.title, "mentions": r.mentions}
                      for r in register_pages]
    return {"site": site, "Markup": Markup, "lang": lang, "L": site_labels}


_LABEL_MARK = re.compile(r"\{\{L:([\w-]+)\}\}")


def _static_files(table: dict[str, str]) -> dict[str, bytes]:
    """The site's static files (``static/...``), with the labels put into its scripts:
    ``{{L:key}}`` inside a JavaScript string literal becomes the label of ``key``
    (xslt/labels.xml), escaped for that literal."""
    folder = resource_path("templates/html/static")
    files: dict[str, bytes] = {}
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        rel = path.relative_to(folder).as_posix()
        data = path.read_bytes()
        if path.suffix == ".js" and "/" not in rel and b"{{L:" in data:
            text = _LABEL_MARK.sub(lambda m: json.dumps(table[m.group(1)], ensure_ascii=False)[1:-1],
                                   data.decode("utf-8"))
            data = text.encode("utf-8")
        files[f"static/{rel}"] = data
    return files


def _site_inputs(tei_files: Sequence[Path], registers: Path | None
                 ) -> tuple[list[_Input], Path | None, _Input | None, list[Diagnostic]]:
    """The texts to render (each read and parsed once), the register file (one given among the
    files counts), and the warnings about them: files that are no text, mentions that resolve
    to no register entry. Raises :class:`EditionError` for no text or a text id used twice."""
    diags: list[Diagnostic] = []
    texts: list[_Input] = []
    for path in (Path(p) for p in tei_files):
        found = _inspect(path)
        if found.kind == "registers":
            if registers is None:
                registers = path
            continue
        if found.kind != "text":
            diags.append(Diagnostic(str(path), 0, "warning", "html-not-tei", "not a TEI text; skipped"))
            continue
        texts.append(found)
    if not texts:
        raise EditionError("", "no TEI text to render", "html-input")
    if registers is not None and not Path(registers).is_file():
        diags.append(Diagnostic(str(registers), 0, "warning", "html-registers-missing",
                                "register file not found; register pages are built from the mentions"))
        registers = None
    reg_input = _inspect(Path(registers)) if registers is not None else None
    register_ids: set[str] | None = None
    if reg_input is not None:
        register_ids = {el.get("{http://www.w3.org/XML/1998/namespace}id") for el in reg_input.root.iter()} - {None}
    seen: dict[str, Path] = {}
    for text in texts:
        tid = text.root.get("{http://www.w3.org/XML/1998/namespace}id") or "text"
        if tid in seen:
            raise EditionError(str(text.path), f"text id {tid!r} is also the id of {seen[tid]}", "html-duplicate-id")
        seen[tid] = text.path
        diags.extend(_ref_diagnostics(text.path, text.root, register_ids))
    return texts, registers, reg_input, diags


def _without_cycle_collector(func: Callable) -> Callable:
    """Run ``func`` with Python's cycle collector paused (and resumed after, if it ran before):
    a render allocates hundreds of thousands of short-lived objects (fragments, records, index
    entries), which set the collector off about 70 times on a text like the thesis, each pass
    walking every object of the process, about 0.012 s of CPU a render; the values freed by
    reference counting are freed as before, and cycles are collected when it resumes."""
    @wraps(func)
    def paused(*args, **kwargs):
        was_enabled = gc.isenabled()
        gc.disable()
        try:
            return func(*args, **kwargs)
        finally:
            if was_enabled:
                gc.enable()
    return paused


@_without_cycle_collector
def render_site(tei_files: Sequence[Path], *, registers: Path | None = None, site_title: str | None = None,
                pdf_dir: Path | None = None, base_url: str | None = None,
                edition_language: str | None = None, template_cache: Path | None = None,
                parallel: bool = True) -> Rendered:
    """The reading edition of ``tei_files``: every file of the site, by its path in the site
    folder (e.g. ``build/html``), and the warnings. Nothing is written here.

    ``registers`` is the corpus register file (``tei/registers.xml``); without it the register
    pages are built from the mentions. A register file passed among ``tei_files`` is used as
    ``registers`` when none is given. ``pdf_dir`` is where the print edition's ``<id>.pdf``
    files are looked for (and ``pdf_dir/../epub`` the ``<id>.epub`` files); found ones are
    part of the site and linked. ``base_url`` (``[edition] base_url``) is where the site is
    published: citations give stable URLs under it, and none without it.
    ``edition_language`` is the language of the site's own pages (home, registers, search,
    map); default the first text's. Every text's pages speak that text's language
    (xslt/labels.xml). The search index uses the lemmas known to the process
    (:func:`tei_edition.render.search_index.load_lemma_cache`); ``template_cache`` keeps the
    compiled page templates between processes (:func:`_jinja_env`). ``parallel``: the corpus
    pages and a first render's search index go to forked children when another core can take
    them (:class:`_CorpusPages`, :class:`_FirstRender`); a background render that should leave
    the other core free (the desk's) passes False.
    Raises :class:`EditionError` when the input cannot be rendered.
    """
    texts, registers, reg_input, diags = _site_inputs(tei_files, registers)
    lang = edition_language or text_language(texts[0].root)  # the site's pages speak the edition's language
    paths = [t.path for t in texts]
    with (_FirstRender(lang, template_cache, texts, parallel) as first,
          _CorpusPages(texts, registers, reg_input, lang, parallel) as corpus):
        docs = [_source_document(p) for p in paths]
        frags = [transform_text(t.path, registers=registers, document=doc) for t, doc in zip(texts, docs)]
        first.texts_done(frags)
        # without a first render's child, the search index is made here while the corpus
        # pages' child is at work
        index = first.search_index(frags) if first.job is None else None
        regs, drawing = corpus.result(docs)
        del docs
        common = _site_context(lang, site_title, base_url, regs)
        site: _Site = common["site"]
        env = _jinja_env(lang, template_cache)
        files = _static_files(common["L"])  # first, so that a page never points to a file not yet written
        for text, tf in zip(texts, frags):
            entry, downloads = _downloads(text, tf, pdf_dir)
            site.texts.append(entry)
            files.update(downloads)
        for tf, entry in zip(frags, site.texts):
            files.update(_text_pages(env, common, tf, entry))
        for reg in regs:
            files[reg.file] = _page(env, "register.html", common, kind="register", register=reg,
                                    body=common["Markup"](reg.body))
        if drawing is not None:  # map.html of the places; the home page links it
            files[MAP_FILE] = map_page(env, common, drawing)
            site.map = True
        files["index.html"] = _page(env, "index.html", common, kind="home")
        files["search.html"] = _page(env, "search.html", common, kind="search")
        if index is None:  # made meanwhile by the first render's child
            index = first.search_index(frags)
    files["static/search-index.js"] = index
    return Rendered(files, diags)


class _Aside:
    """Work a render may hand to a forked child (``job``; None when it is done here): used as a
    context manager, so that the child is reaped (or stopped) however the render ends."""

    job: Background | None = None

    def __enter__(self):
        return self

    def __exit__(self, *exc: object) -> None:
        if self.job is not None:
            self.job.close()


class _CorpusPages(_Aside):
    """What the site draws from the whole corpus rather than from one text: the register pages
    (:func:`transform_registers`) and the map (:func:`~tei_edition.render.geomap.map_drawing`).
    Started in a forked child while this process runs the texts' XSLT when another core can
    take it (:func:`_other_core`); otherwise (or when the child fails) made here after the
    texts. The child starts a Saxon of its own (about 0.1 s of CPU, on the other core), so that
    this process neither compiles ``registers.xsl`` nor runs it: even a small corpus renders
    sooner (``benchmarks/bench_html.py``). The child's value is what this process would
    compute, so the site is the same bytes either way."""

    def __init__(self, texts: Sequence[_Input], registers: Path | None, reg_input: _Input | None,
                 lang: str, parallel: bool = True) -> None:
        self._args = ([t.path for t in texts], registers, reg_input.root if reg_input is not None else None,
                      [t.root for t in texts], lang)
        if parallel and _other_core():
            self.job = Background(_corpus_pages, *self._args)

    def result(self, documents: Sequence) -> tuple[list[RegisterFragments], MapDrawing | None]:
        """The register fragments and the map; ``documents``: the texts parsed by this
        process's Saxon, used when the work is done here."""
        if self.job is not None:
            return self.job.result(documents=documents)
        return _corpus_pages(*self._args, documents=documents)


def _corpus_pages(paths: Sequence[Path], registers: Path | None, register_root: etree._Element | None,
                  text_roots: Sequence[etree._Element], lang: str, documents: Sequence | None = None
                  ) -> tuple[list[RegisterFragments], MapDrawing | None]:
    """The register fragments of the texts at ``paths`` and the map of their places."""
    return (transform_registers(paths, registers=registers, lang=lang, documents=documents),
            map_drawing(register_root, text_roots, lang))


def _other_core() -> bool:
    """Whether work can go to a child on another core: forking is safe now and this process may
    run on two CPUs or more (on one, a child would only add its own start to the time)."""
    if not can_fork():
        return False
    try:
        usable = len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        usable = os.cpu_count() or 1
    return usable >= 2


class _FirstRender(_Aside):
    """The search index of a first render, made on the other core while the XSLT runs here.

    A render that knows no lemma yet (no lemma cache was read) forks a child (when another
    core can take it, :func:`_other_core`) that compiles the page templates into
    ``template_cache``, loads pymorphy3's dictionary and lemmatizes the words of the texts as
    their TEI holds them (nearly all the words of the search records, known before the records
    are); given the records (:meth:`texts_done`), it makes the index. This process takes the
    index and the lemmas the index met (:func:`~tei_edition.render.search_index.learn_lemmas`,
    so that the lemma cache holds the same words), the pages the compiled templates: the site
    is the same bytes as without the child. Without a first render or a child, the index is
    made here."""

    def __init__(self, lang: str, template_cache: Path | None, texts: Sequence[_Input],
                 parallel: bool = True) -> None:
        if parallel and not lemmas_known() and _other_core():
            _jinja_env(lang, template_cache)  # imported and set up once, before the fork
            self.job = Background(_search_index_ahead, lang, template_cache, texts, inbox=True,
                                  here=_search_index_here)

    def texts_done(self, frags: Sequence[TextFragments]) -> None:
        """The texts' search records, for the child to make the index of."""
        if self.job is not None:
            self.job.send(_search_inputs(frags))

    def search_index(self, frags: Sequence[TextFragments]) -> bytes:
        """``static/search-index.js``: from the child (the lemmas it met learnt here), else made
        here."""
        if self.job is None:
            return _search_index(*_search_inputs(frags))[1]
        learned, data = self.job.result()
        learn_lemmas(learned)
        return data


def _search_index_ahead(lang: str, template_cache: Path | None, texts: Sequence[_Input], receive
                        ) -> tuple[dict[str, tuple[str, ...]], bytes]:
    """In the child of :class:`_FirstRender`: the templates compiled, the dictionary loaded and
    the words of the texts' TEI lemmatized while the XSLT runs; then the index of the records
    ``receive()`` returns (:func:`_search_index_here`)."""
    if template_cache is not None:
        env = _jinja_env(lang, template_cache)
        for name in env.list_templates(filter_func=lambda n: n.endswith(".html") and "/" not in n):
            env.get_template(name)
    prepare_lemmatizer()
    learn_words(" ".join(body.itertext()) for t in texts for body in t.root.iterfind(f"{{{TEI_NS}}}text"))
    return _search_index_here(lang, template_cache, texts, receive)


def _search_index_here(lang: str, template_cache: Path | None, texts: Sequence[_Input], receive
                       ) -> tuple[dict[str, tuple[str, ...]], bytes]:
    """The index of the records ``receive()`` returns (:func:`_search_index`)."""
    return _search_index(*receive())


def _search_inputs(frags: Sequence[TextFragments]) -> tuple[list[SearchRecord], dict[str, str]]:
    """The texts' search records and titles, what their index is made of."""
    return [r for tf in frags for r in tf.records], {tf.id: tf.meta.get("title", tf.id) for tf in frags}


def _search_index(records: Sequence[SearchRecord], titles: dict[str, str]
                  ) -> tuple[dict[str, tuple[str, ...]], bytes]:
    """The lemmas of the word forms the index of ``records`` met, and the index
    (``static/search-index.js``)."""
    index = build_search_index(records, titles)
    return known_lemmas(index["forms"]), search_index_js(index).encode("utf-8")


def _page(env, template: str, common: dict, **values) -> bytes:
    """One page of the site's top folder, rendered from ``template``."""
    return env.get_template(template).render(**common, root="", **values).encode("utf-8")


def _downloads(text: _Input, tf: TextFragments, pdf_dir: Path | None) -> tuple[dict, dict[str, bytes]]:
    """A text's entry in ``site.texts`` and its downloads (TEI, PDF and EPUB when built, plain
    text), by their path in the site."""
    from markupsafe import Markup

    files: dict[str, bytes] = {f"{tf.id}/{tf.id}.xml": text.data}
    downloads = [{"href": f"{tf.id}.xml", "label": "TEI XML", "type": "application/tei+xml"}]
    if pdf_dir is not None:
        for path, label, media in ((Path(pdf_dir) / f"{tf.id}.pdf", "PDF", "application/pdf"),
                                   (Path(pdf_dir).parent / "epub" / f"{tf.id}.epub", "EPUB", "application/epub+zip")):
            if path.is_file():
                files[f"{tf.id}/{path.name}"] = path.read_bytes()
                downloads.append({"href": path.name, "label": label, "type": media})
    files[f"{tf.id}/{tf.id}.txt"] = tf.plain.encode("utf-8")
    downloads.append({"href": f"{tf.id}.txt", "label": labels(tf.meta.get("lang"))["download-txt"],
                      "type": "text/plain"})
    return {"id": tf.id, "meta": tf.meta, "description": Markup(tf.description), "downloads": downloads}, files


def _text_pages(env, common: dict, tf: TextFragments, text: dict) -> dict[str, bytes]:
    """The pages of one text (title, units, notes), each linked to its neighbours."""
    from markupsafe import Markup

    units = [p for p in tf.pages if p.kind in ("title", "unit")]
    text_lang = tf.meta.get("lang") or common["lang"]  # a text's pages speak the text's language
    context = common | {"lang": text_lang, "L": labels(text_lang)}
    files: dict[str, bytes] = {}
    for page in tf.pages:
        prev = nxt = None
        if page in units:
            k = units.index(page)
            prev = units[k - 1] if k > 0 else None
            nxt = units[k + 1] if k + 1 < len(units) else None
        html = env.get_template("text.html").render(
            **context, root="../", kind=f"text page-{page.kind}",
            text=text, page=page, prev=prev, next=nxt,
            toc=Markup(page.toc), body=Markup(page.body), notes=Markup(page.notes))
        files[f"{tf.id}/{page.file}"] = html.encode("utf-8")
    return files


def text_pages(tei_file: Path, *, register_pages: Sequence[RegisterFragments], registers: Path | None = None,
               site_title: str | None = None, pdf_dir: Path | None = None, base_url: str | None = None,
               edition_language: str | None = None, template_cache: Path | None = None) -> tuple[str, Rendered]:
    """The id of one text and the files of its folder (its pages and downloads, by their path
    in the site), with the bytes :func:`render_site` gives them.

    For a quick update after one text changed (the editor's desk): a text's pages depend on
    the corpus only through the register pages in the navigation (``register_pages``, from
    :func:`transform_registers` of the whole corpus), so the register pages, the map, the home
    page and the search index are left to a full :func:`render_site` afterwards.
    """
    text = _inspect(Path(tei_file))
    if text.kind != "text":
        raise EditionError(str(tei_file), "not a TEI text", "html-input")
    tf = transform_text(Path(tei_file), registers=registers)
    lang = edition_language or text_language(text.root)
    common = _site_context(lang, site_title, base_url, register_pages)
    entry, files = _downloads(text, tf, pdf_dir)
    files.update(_text_pages(_jinja_env(lang, template_cache), common, tf, entry))
    return tf.id, Rendered(files, [])
