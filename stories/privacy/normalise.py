"""Text rewritten for matching, with every character traced back to where it came from.

Personal details hide behind text tricks: "０７７００" (full-width digits), a zero-width
space inside a number, "Zoë" written as o + a combining diaeresis, "zoe(at)example.org".
The finders look at a rewritten view, and each span they find is mapped back to the
original text, so redactions and the audio times taken from them stay right.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

import regex

from stories.folding import fold_word

#: Characters that show nothing but can split a word or a number ("07700\u200b900123").
_INVISIBLE = frozenset("\u00ad\u180e\u200b\u200c\u200d\u2060\ufeff")
_GRAPHEME = regex.compile(r"\X")


@dataclass(frozen=True)
class Mapped:
    """A rewritten text; character ``i`` came from ``source[starts[i]:ends[i]]``."""

    text: str
    starts: tuple[int, ...]
    ends: tuple[int, ...]

    @classmethod
    def of(cls, text: str) -> Mapped:
        """The text as it is, each character standing for itself."""
        return cls(text, tuple(range(len(text))), tuple(range(1, len(text) + 1)))

    def span(self, start: int, end: int) -> tuple[int, int]:
        """Where ``text[start:end]`` (not empty) stands in the original."""
        return self.starts[start], self.ends[end - 1]

    def rewrite(self, pattern: re.Pattern | regex.Pattern, replace: Callable[[re.Match], str]) -> Mapped:
        """Each match of `pattern` replaced; the new characters all stand for what the match covered."""
        edits = ((m.start(), m.end(), m.group(), replace(m)) for m in pattern.finditer(self.text))
        return self.edit([(start, end, new) for start, end, old, new in edits if new != old])

    def edit(self, edits: list[tuple[int, int, str]]) -> Mapped:
        """``text[start:end]`` replaced by each new string (edits in order, not overlapping); the new
        characters all stand for what they replace (or, replacing nothing, for the next character)."""
        text, starts, ends, at = [], [], [], 0
        for start, end, new in edits:
            if start == end == len(self.text) or (start == end and not new):
                continue
            text.append(self.text[at:start])
            starts += self.starts[at:start]
            ends += self.ends[at:start]
            text.append(new)
            starts += [self.starts[start]] * len(new)
            ends += [self.ends[max(start, end - 1)]] * len(new)
            at = end
        if not at:
            return self
        text.append(self.text[at:])
        starts += self.starts[at:]
        ends += self.ends[at:]
        return Mapped("".join(text), tuple(starts), tuple(ends))


def clean(text: str) -> Mapped:
    """NFKC per grapheme (so decomposed accents compose, full-width digits become ASCII), invisible
    characters dropped."""
    if text.isascii():  # nothing to compose, widen or hide
        return Mapped.of(text)
    return Mapped.of(text).rewrite(_GRAPHEME, _nfkc)


#: Kept as they are: NFKC makes the ordinal signs letters ("2º" "2o"), and floors and numbers in
#: Spanish and Italian addresses are written with them ("nº 7", "3º izq.").
_KEPT = frozenset("ºª")


def _nfkc(m: re.Match) -> str:
    grapheme = m.group()
    if (grapheme.isascii() and len(grapheme) == 1) or grapheme in _KEPT:
        return grapheme
    return "".join(c for c in unicodedata.normalize("NFKC", grapheme) if c not in _INVISIBLE)


def fold(mapped: Mapped) -> Mapped:
    """Lower case without accents ("Zoë" and "ZOE" are "zoe"), for comparing words, not for showing them."""
    if mapped.text.isascii():  # lower case keeps every character where it was
        return Mapped(mapped.text.lower(), mapped.starts, mapped.ends)
    return mapped.rewrite(_GRAPHEME, lambda m: fold_word(m.group()))


@lru_cache(maxsize=8)
def folded(text: str) -> Mapped:
    """``text`` folded (see ``fold``), kept for the few texts in hand: several finders fold the same one."""
    return fold(Mapped.of(text))


def obfuscated_email(at_words: list[str], dot_words: list[str]) -> tuple[re.Pattern, re.Pattern]:
    """Patterns for "(at)", "[at]", "{arroba}" and "(dot)", "[punto]" written to dodge address finders."""

    def bracketed(words: list[str]) -> re.Pattern:
        alternatives = "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))
        return re.compile(rf"\s*[(\[{{<]\s*(?:{alternatives})\s*[)\]}}>]\s*", re.IGNORECASE)

    return bracketed(at_words), bracketed(dot_words)
