"""Line-end hyphenation: is ``left-`` + ``right`` one word broken by layout, or a real compound?

Decided with pymorphy3's Russian dictionary (OpenCorpora), not by guesswork: a join is accepted
when the joined word is a dictionary word and the hyphenated form is not (or is only a guess),
and kept as a compound when the parts are words on their own that form known compound patterns
(``советско-японских``, ``Халхин-Гол``).
"""

from __future__ import annotations

import re
from functools import lru_cache

__all__ = ["join_hyphenated", "join_lines", "breaks_word", "is_known_word"]

_WORD_TAIL = re.compile(r"([^\W\d_]+)$")
_WORD_HEAD = re.compile(r"^([^\W\d_]+)")

@lru_cache(maxsize=1)
def _morph():
    import pymorphy3

    return pymorphy3.MorphAnalyzer()


@lru_cache(maxsize=65536)
def is_known_word(word: str) -> bool:
    """True when pymorphy3 finds ``word`` in its dictionary (not merely guessed)."""
    word = word.lower().replace("ё", "е")
    if not word:
        return False
    # a dictionary look-up, not a full parse: the same answer as "some parse is_known", ~30x faster
    return bool(_morph().word_is_known(word))


@lru_cache(maxsize=65536)
def _hyphen_decision(left: str, right: str) -> bool:
    """True when ``left-`` at a line end and ``right`` on the next line are one word."""
    joined = left + right
    hyphenated = f"{left}-{right}"
    if right[:1].isupper():
        return False  # a word broken by layout never continues with a capital: "Халхин-Гол"
    if is_known_word(hyphenated):
        return False
    known_joined = is_known_word(joined)
    if known_joined:
        return True
    # Neither form is in the dictionary (names, rare words): compounds of two known words keep
    # the hyphen ("японо-германского"), anything else is joined.
    left_l = left.lower()
    if is_known_word(right) and len(right) > 2 and (is_known_word(left_l) or left_l.endswith(("о", "е"))):
        return False
    return True


def join_hyphenated(prev: str, nxt: str) -> tuple[str, bool]:
    """Join two pieces of a line-broken text; returns (joined text, hyphen removed?).

    ``prev`` ends with ``-``. The decision looks at the word before the hyphen and the word that
    opens ``nxt``.

    >>> join_hyphenated("в го-", "сударственный строй")
    ('в государственный строй', True)
    >>> join_hyphenated("советско-", "японских отношений")
    ('советско-японских отношений', False)
    """
    body = prev[:-1]
    m1 = _WORD_TAIL.search(body)
    m2 = _WORD_HEAD.search(nxt)
    if not m1 or not m2:
        return prev + nxt, False
    if _hyphen_decision(m1.group(1), m2.group(1)):
        return body + nxt, True
    return prev + nxt, False


def breaks_word(text: str, nxt: str) -> bool:
    """True when ``text`` ends with a hyphen after a letter and ``nxt`` opens with a letter: the
    line end may break a word (:func:`join_hyphenated` decides)."""
    return len(text) > 1 and text.endswith("-") and text[-2].isalpha() and nxt[:1].isalpha()


def join_lines(text: str, nxt: str, glue_hyphen: bool = False) -> tuple[str, int, bool]:
    """Append the line ``nxt`` to ``text``: the one home of line joining for every reader.

    Returns (joined text, offset where ``nxt`` begins in it, hyphen removed?). A word broken by
    a line-end hyphen is rejoined when the lexicon says so (a compound keeps its hyphen, with no
    space); other lines are joined with one space. ``glue_hyphen``: any line ending in a hyphen
    that is not a dash (``С.274-`` / ``275``) goes on without a space (text whose lines never
    end on a dash standing for a pause).

    >>> join_lines("в го-", "сударственный")
    ('в государственный', 4, True)
    >>> join_lines("конец", "начало")
    ('конец начало', 6, False)
    >>> join_lines("С. 274-", "275", glue_hyphen=True)
    ('С. 274-275', 7, False)
    >>> join_lines("", "начало")
    ('начало', 0, False)
    """
    if not text:
        return nxt, 0, False
    if breaks_word(text, nxt) or (glue_hyphen and text.endswith("-") and not text.endswith(" -")):
        joined, removed = join_hyphenated(text, nxt)
        return joined, len(text) - 1 if removed else len(text), removed
    return f"{text} {nxt}", len(text) + 1, False
