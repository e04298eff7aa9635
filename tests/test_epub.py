"""The EPUB 3 of each text (tei_edition.render.epub): epubcheck, page list, footnotes, indexes,
metadata, font, cover and deterministic bytes.

Runs on the fixture corpus (tests/fixtures/html) and on the real texts in tei/.
"""

from __future__ import annotations

import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest
from lxml import etree

from conftest import FIXTURES, TEI
from tei_edition.build.publish import render_epub
from tei_edition.render.epub import EPUB_FONT_FILES, build_epub, pack_epub

FIX = FIXTURES / "html"
X = "{http://www.w3.org/1999/xhtml}"
EPUB_TYPE = "{http://www.idpf.org/2007/ops}type"
OPF = "{http://www.idpf.org/2007/opf}"
DC = "{http://purl.org/dc/elements/1.1/}"
#: epubcheck is a short JVM run: the client compiler alone halves its CPU time
JAVA_OPTIONS = ("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC")
#: runs epubcheck on several EPUBs in one Java process (tests/java/EpubCheckAll.java)
EPUBCHECK_ALL = Path(__file__).resolve().parent / "java" / "EpubCheckAll.java"
EPUBS = ["fixture-mini", "thesis", "book"]
_MADE: dict[str, tuple[Path, Path, Path, str]] = {}


def _epub(name: str, tmp_path_factory, edition) -> tuple[Path, Path, Path, str]:
    """(TEI, registers, EPUB, publisher) of ``name``, made once per run: the fixture rendered
    here; the real texts are the EPUBs of the edition built once per run (conftest ``edition``),
    whose publisher is its title."""
    if name not in _MADE:
        if name == "fixture-mini":
            tei, registers, publisher = FIX / "mini.xml", FIX / "registers.xml", "Тестовое издание"
            out = tmp_path_factory.mktemp("epub") / f"{tei.stem}.epub"
            diags = render_epub(tei, out, registers=registers, publisher=publisher)
        else:
            tei, registers = edition.tei_dir / f"{name}.xml", edition.tei_dir / "registers.xml"
            out, publisher = edition.build_dir / "epub" / f"{name}.epub", edition.config.title
            diags = [d for d in edition.published if d.source == str(tei)]
        assert not [d for d in diags if d.severity in ("error", "warning")], [str(d) for d in diags]
        _MADE[name] = (tei, registers, out, publisher)
    return _MADE[name]


@pytest.fixture(scope="module", params=EPUBS)
def epub(request, tmp_path_factory, edition):
    return _epub(request.param, tmp_path_factory, edition)


@pytest.fixture(scope="module")
def epubcheck_reports(tmp_path_factory, edition) -> dict[Path, tuple[int, str]]:
    """epubcheck's exit status and report for every EPUB of :data:`EPUBS`, checked in one Java
    process (each file by its own ``EpubChecker`` run, exactly as ``epubcheck FILE`` checks it;
    only the JVM start and the schema loading are shared). A Java runtime without the JDK's
    compiler cannot run the source program: there each file gets its own ``epubcheck`` run."""
    jar, java = shutil.which("epubcheck"), shutil.which("java")
    if jar is None or java is None:
        pytest.skip("epubcheck (Debian package epubcheck) not installed")
    files = [_epub(name, tmp_path_factory, edition)[2] for name in EPUBS]
    if not _runs_java_sources(java):
        runs = {f: subprocess.run([java, *JAVA_OPTIONS, "-jar", jar, str(f)], capture_output=True, text=True,
                                  timeout=600) for f in files}
        return {f: (proc.returncode, proc.stdout + proc.stderr) for f, proc in runs.items()}
    proc = subprocess.run([java, *JAVA_OPTIONS, "-cp", str(Path(jar).resolve()), str(EPUBCHECK_ALL), *map(str, files)],
                          capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0 and proc.stdout.startswith("@@@ epubcheck "), proc.stdout + proc.stderr
    reports: dict[Path, tuple[int, str]] = {}
    for block in proc.stdout.split("@@@ epubcheck ")[1:]:
        header, _, report = block.partition("\n")
        code, _, path = header.partition(" ")
        reports[Path(path)] = (int(code), report)
    assert list(reports) == files, proc.stdout
    return reports


def _runs_java_sources(java: str) -> bool:
    """Whether ``java`` can run a single-file source program (it has the JDK's compiler module)."""
    modules = subprocess.run([java, "--list-modules"], capture_output=True, text=True, timeout=60).stdout
    return any(line.startswith("jdk.compiler@") for line in modules.splitlines())


def _zip(out: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(out) as z:
        return {i.filename: z.read(i) for i in z.infolist()}


def _docs(files: dict[str, bytes]) -> dict[str, etree._Element]:
    return {name: etree.fromstring(data) for name, data in files.items() if name.endswith(".xhtml")}


def test_epub_epubcheck_no_errors_no_warnings(epub, epubcheck_reports):
    """epubcheck (Debian package, an executable jar run with java) reports nothing at all."""
    code, report = epubcheck_reports[epub[2]]
    assert code == 0, report
    assert "0 fatals / 0 errors / 0 warnings" in report, report


def test_epub_container_layout_and_determinism(epub):
    tei, registers, out, publisher = epub
    data = out.read_bytes()
    with zipfile.ZipFile(out) as z:
        infos = z.infolist()
    assert infos[0].filename == "mimetype" and infos[0].compress_type == zipfile.ZIP_STORED
    assert data[30:38] == b"mimetype" and data[38:58] == b"application/epub+zip"
    assert len({i.date_time for i in infos}) == 1
    book, _ = build_epub(tei, registers=registers, publisher=publisher)
    assert pack_epub(book.files) == data, "same input, different bytes"


def test_epub_page_list_matches_page_breaks(epub):
    """One page-list entry per TEI page break, in order, with the printed number, each pointing
    at an epub:type="pagebreak" marker carrying that number."""
    tei, _, out, _ = epub
    pbs = [pb.get("n") for pb in etree.parse(str(tei)).iter(f"{TEI}pb")
           if pb.getparent() is not None and pb.xpath("ancestor::*[local-name()='text']") and (pb.get("n") or "").strip()]
    files = _zip(out)
    docs = _docs(files)
    nav = docs["EPUB/nav.xhtml"]
    page_list = [n for n in nav.iter(f"{X}nav") if n.get(EPUB_TYPE) == "page-list"]
    entries = page_list[0].findall(f".//{X}a") if page_list else []
    assert [a.text for a in entries] == [n.strip() for n in pbs]
    for a in entries:
        file, _, frag = a.get("href").partition("#")
        target = docs[f"EPUB/{file}"].xpath(f"//*[@id='{frag}']")
        assert target and target[0].get(EPUB_TYPE) == "pagebreak" and target[0].get("aria-label") == a.text


def test_epub_footnotes_match_notes_and_link_both_ways(epub):
    tei, _, out, _ = epub
    notes = etree.parse(str(tei)).xpath("//*[local-name()='text']//*[local-name()='note']")
    docs = _docs(_zip(out))
    asides = [(name, el) for name, doc in docs.items() for el in doc.iter(f"{X}aside")
              if el.get(EPUB_TYPE) == "footnote"]
    assert len(asides) == len(notes)
    for name, aside in asides:
        doc = docs[name]
        refs = [a for a in doc.iter(f"{X}a") if a.get("href") == f"#{aside.get('id')}" and a.get(EPUB_TYPE) == "noteref"]
        assert len(refs) == 1, aside.get("id")
        back = [a for a in aside.iter(f"{X}a") if a.get("href") == f"#{refs[0].get('id')}"]
        assert back, f"note {aside.get('id')} has no link back to its reference"


def test_epub_internal_links_resolve_and_names_reach_the_index(epub):
    tei, _, out, _ = epub
    files = _zip(out)
    docs = _docs(files)
    ids = {name: {el.get("id") for el in doc.iter() if el.get("id")} for name, doc in docs.items()}
    for name, doc in docs.items():
        for a in doc.iter(f"{X}a"):
            href = a.get("href")
            if href is None or href.startswith(("http://", "https://", "mailto:")):
                continue
            file, _, frag = href.partition("#")
            target = f"EPUB/{file}" if file else name
            assert target in files, (name, href)
            if frag:
                assert frag in ids[target], (name, href)
    mentions = etree.parse(str(tei)).xpath("//*[local-name()='text']//*[self::*[local-name()='persName' or "
                                           "local-name()='placeName' or local-name()='orgName']]"
                                           "[not(ancestor::*[local-name()='persName' or local-name()='placeName' "
                                           "or local-name()='orgName'])]")
    linked = [a for doc in docs.values() for a in doc.iter(f"{X}a") if "ent" in (a.get("class") or "").split()]
    spans = [s for doc in docs.values() for s in doc.iter(f"{X}span") if "ent" in (s.get("class") or "").split()]
    assert len(linked) + len(spans) == len(mentions)
    assert all(a.get("href", "").split("#")[0] in ("persons.xhtml", "places.xhtml", "orgs.xhtml") for a in linked)
    index = [d for n, d in docs.items() if n.split("/")[-1] in ("persons.xhtml", "places.xhtml", "orgs.xhtml")]
    if mentions:
        assert index and all(any(s.get(EPUB_TYPE) == "index" for s in d.iter(f"{X}section")) for d in index)


def test_epub_metadata_font_cover(epub):
    tei, _, out, _ = epub
    files = _zip(out)
    opf = etree.fromstring(files["EPUB/package.opf"])
    md = opf.find(f"{OPF}metadata")
    header = etree.parse(str(tei)).find(f"{TEI}teiHeader")
    title = " ".join((header.find(f".//{TEI}titleStmt/{TEI}title").xpath("string()")).split())
    assert md.findtext(f"{DC}title") == title
    assert md.findtext(f"{DC}language") == "ru"
    assert md.findtext(f"{DC}identifier").startswith("urn:uuid:")
    for el in (f"{DC}source", f"{DC}publisher"):
        assert (md.findtext(el) or "").strip(), el
    if header.find(f".//{TEI}titleStmt/{TEI}author") is not None:
        assert (md.findtext(f"{DC}creator") or "").strip()
    props = {m.get("property"): m.text for m in md.findall(f"{OPF}meta") if m.get("property")}
    for p in ("dcterms:modified", "schema:accessMode", "schema:accessModeSufficient", "schema:accessibilityFeature",
              "schema:accessibilityHazard", "schema:accessibilitySummary", "dcterms:conformsTo"):
        assert p in props, p
    assert props["dcterms:conformsTo"].startswith("EPUB Accessibility 1.1")
    items = {i.get("href"): i for i in opf.iter(f"{OPF}item")}
    assert items["cover.svg"].get("properties") == "cover-image"
    etree.fromstring(files["EPUB/cover.svg"])  # well-formed SVG
    fonts = [f"EPUB/fonts/{n}" for n in EPUB_FONT_FILES.values()]
    if subprocess.run(["fc-list", ":family=PT Serif"], capture_output=True, text=True).stdout.strip():
        for f in fonts:
            assert files[f][:4] in (b"\x00\x01\x00\x00", b"true"), f
        assert b"PTSerif-Regular.ttf" in files["EPUB/css/epub.css"]


def test_epub_render_refuses_bad_input(tmp_path):
    from tei_edition.diagnostics import EditionError

    bad = tmp_path / "x.xml"
    bad.write_text("<TEI xmlns='http://www.tei-c.org/ns/1.0'><teiHeader/><text><body><p>", encoding="utf-8")
    with pytest.raises(EditionError, match="not well-formed"):
        render_epub(bad, tmp_path / "x.epub")
    assert not (tmp_path / "x.epub").exists()


def test_epub_cli(tmp_path):
    """`render epub`: one file written with -o (registers found beside the text); bad input is
    exit 1 with one line naming the file, and nothing is written."""
    from click.testing import CliRunner

    from tei_edition.cli.app import main

    out = tmp_path / "mini.epub"
    res = CliRunner().invoke(main, ["render", "epub", str(FIX / "mini.xml"), "-o", str(out)])
    assert res.exit_code == 0, res.output
    assert zipfile.ZipFile(out).read("mimetype") == b"application/epub+zip"
    assert b"persons.xhtml" in zipfile.ZipFile(out).read("EPUB/package.opf")
    bad = tmp_path / "bad.xml"
    bad.write_text("<TEI", encoding="utf-8")
    res = CliRunner().invoke(main, ["render", "epub", str(bad), "-o", str(tmp_path / "bad.epub")])
    assert res.exit_code == 1 and "bad.xml" in res.output and "Traceback" not in res.output
    assert not (tmp_path / "bad.epub").exists()
