"""Line-end hyphenation: is ``left-`` + ``right`` one word broken by layout, or a real compound?

Decided with pymorphy3's Russian dictionary (OpenCorpora), not by guesswork: a join is accepted
when the joined word is a dictionary word and the hyphenated form is not (or is only a guess),
and kept as a compound when the parts are words on their own that form known compound patterns
(``советско-японских``, ``Халхин-Гол``).
"""

from __future__ import annotations

import re
from functools import lru_cache

__all__ = ["join_hyphenated", "is_known_word"]

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
