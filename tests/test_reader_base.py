"""What every reader shares: typed options, configured metadata, the profile registry, line
joining and the report of a duplicated text, checked reader by reader."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tei_edition.build.cache import digest
from tei_edition.build.documents import DocTask
from tei_edition.config import load_config
from tei_edition.diagnostics import EditionError
from tei_edition.readers import BINARY_READERS, DEFAULT_PROFILE, READERS, ReaderOptions, get_reader
from tei_edition.readers.hyphen import join_lines

ROOT = Path(__file__).resolve().parents[1]

# one small text each reader reads as what it is made for
TEXTS = {
    "plain": "ГЛАВА 1\n\nПервый абзац текста о деле. Он длинный.\n\nВторой абзац текста.\n",
    "auto": "ГЛАВА 1\n\nПервый абзац текста о деле. Он длинный.\n\nВторой абзац текста.\n",
    "markdown": "# Глава 1\n\nПервый абзац текста[^1] о деле.\n\n[^1]: Примечание.\n",
    "book-markdown": "# Глава 1\n\nПервый абзац текста о деле.\n\nВторой абзац.\n",
    "thesis-text": "ВВЕДЕНИЕ\n\nПервый абзац текста о деле.\nВторой абзац текста.\n",
}


def _pdf_bytes(tmp_path: Path) -> bytes:
    pytest.importorskip("typst")
    sys.path.insert(0, str(Path(__file__).parent))
    from pdf_synth import FONT_DIRS, Layout, make_pdf

    if not FONT_DIRS:
        pytest.skip("PT Serif (fonts-paratype) is not installed")
    return make_pdf(3, Layout(sections=2), tmp_path)[0]


def _read(profile: str, options, tmp_path: Path):
    if profile in BINARY_READERS:
        return BINARY_READERS[profile](_pdf_bytes(tmp_path), "src.pdf", options)
    return get_reader(profile)(TEXTS[profile], "src.txt", options)


@pytest.mark.parametrize("profile", [*TEXTS, *BINARY_READERS])
def test_configured_metadata_wins_and_unknown_fields_are_reported_naming_the_file(profile, tmp_path):
    options = {"id": "cfg", "meta": {"title": "Заданное название", "genre": "очерк", "no_such_field": 1,
                                     "source_file": "elsewhere.txt", "class_codes": [["UDC", "94"]]}}
    doc, report = _read(profile, options, tmp_path)
    source = "src.pdf" if profile in BINARY_READERS else "src.txt"
    assert doc.id == "cfg"
    assert doc.meta.title == "Заданное название" and doc.meta.genre == "очерк"
    assert doc.meta.class_codes == [("UDC", "94")]
    assert doc.meta.source_file == source  # the source's identity is never configured
    unknown = [d for d in report if d.code == "meta-unknown"]
    assert sorted(d.message for d in unknown) == ["unknown metadata field 'no_such_field' ignored",
                                                  "unknown metadata field 'source_file' ignored"]
    assert all(d.source == source and d.severity == "warning" for d in unknown)


@pytest.mark.parametrize("profile", list(TEXTS))
def test_typed_and_plain_options_read_alike(profile, tmp_path):
    as_dict = {"id": "same", "meta": {"language": "ru", "title": "T"}, "first_page": 3}
    doc_a, rep_a = _read(profile, as_dict, tmp_path)
    doc_b, rep_b = _read(profile, ReaderOptions.of(as_dict), tmp_path)
    assert doc_a == doc_b and [str(d) for d in rep_a] == [str(d) for d in rep_b]


def test_reader_options_refuse_unknown_keys_and_have_a_stable_dict_form():
    with pytest.raises(TypeError, match="firstpage"):
        ReaderOptions.of({"id": "x", "firstpage": 2})
    a = ReaderOptions("x", {"title": "T", "language": "ru"}, first_page=2)
    b = ReaderOptions("x", {"language": "ru", "title": "T"}, first_page=2)
    assert a == b and digest(a.as_dict()) == digest(b.as_dict())
    assert digest(a.as_dict()) != digest(ReaderOptions("x", {"title": "T", "language": "ru"}, first_page=3).as_dict())
    with pytest.raises(AttributeError):
        a.first_page = 5  # frozen


def test_config_hands_typed_options_and_the_cache_key_follows_them(tmp_path):
    cfg = load_config(ROOT / "edition.toml")
    thesis = next(s for s in cfg.sources if s.id == "thesis")
    opts = thesis.reader_options()
    assert isinstance(opts, ReaderOptions) and opts.id == "thesis" and opts.meta["language"] == "ru"

    def key(options: ReaderOptions) -> str:
        return DocTask("thesis", thesis.file, "t.txt", thesis.profile, options, False).key("sha")

    assert key(opts) == key(thesis.reader_options())
    assert key(opts) != key(ReaderOptions(opts.id, opts.meta, first_page=7))


def test_registry_keeps_its_names_and_imports_a_reader_on_first_use():
    assert set(READERS) == {"auto", "plain", "markdown", "thesis-text", "book-markdown"}
    assert set(BINARY_READERS) == {"pdf"} and DEFAULT_PROFILE in READERS
    with pytest.raises(EditionError, match="unknown profile 'nope'"):
        get_reader("nope", "x.txt")
    code = ("import sys, tei_edition.readers as r\n"
            "assert not any(m.startswith('tei_edition.readers.book') for m in sys.modules)\n"
            "r.READERS['book-markdown']('# Глава\\n\\nТекст абзаца.\\n', 'b.md', {})\n"
            "assert 'tei_edition.readers.book' in sys.modules and 'tei_edition.readers.pdf' not in sys.modules\n")
    subprocess.run([sys.executable, "-c", code], check=True)


_WORD = st.text(alphabet="абвгдежзиклмнопрстуфхцчшщыэюя", min_size=1, max_size=8)


@settings(max_examples=150, deadline=None)
@given(left=st.lists(_WORD, min_size=1, max_size=3), right=st.lists(_WORD, min_size=1, max_size=3),
       hyphen=st.booleans(), glue=st.booleans())
def test_join_lines_puts_the_next_line_where_it_says(left, right, hyphen, glue):
    text = " ".join(left) + ("-" if hyphen else "")
    nxt = " ".join(right)
    joined, start, removed = join_lines(text, nxt, glue_hyphen=glue)
    assert joined[start:] == nxt
    assert joined[:start] in (text, text + " ", text[:-1])
    assert removed == (joined[:start] == text[:-1] and hyphen)
    if not hyphen:
        assert joined == f"{text} {nxt}"


@pytest.mark.parametrize("profile", ["plain", "thesis-text"])
def test_a_duplicated_text_is_reported_alike_by_every_reader(profile):
    once = "ВВЕДЕНИЕ\n\n" + "\n".join(f"Абзац номер {w} о деле и о людях." for w in
                                     ("первый", "второй", "третий", "четвёртый", "пятый")) + "\n"
    doc, report = get_reader(profile)(once + once, "twice.txt", {"id": "d"})
    n = once.count("\n")  # the second copy starts on line n + 1; the text ends with an empty line
    dup = [str(d) for d in report if d.code.startswith("duplicate")]
    assert dup == [f"twice.txt:{n + 1}: warning: the whole text occurs twice; lines {n + 1}-{2 * n + 1} repeat "
                   f"lines 1-{n} and are dropped [duplicate-copy]"]
    assert sum("пятый" in b.text for b in doc.iter_blocks()) == 1
