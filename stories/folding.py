"""How words are compared: any case, with or without accents ("Zoë", "ZOE" and "zoe" are one).

Used by the places gazetteer and by the privacy rules, so a name or a place matches the same way
wherever it is looked up.
"""

from __future__ import annotations

import unicodedata

import regex

_MARKS = regex.compile(r"\p{M}+")


def fold_word(word: str) -> str:
    """``word`` case-folded, with its accents taken off."""
    if word.isascii():  # nearly every word: no accents to take off
        return word.lower()
    return _MARKS.sub("", unicodedata.normalize("NFKD", word.casefold()))
