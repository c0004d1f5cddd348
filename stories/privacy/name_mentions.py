"""Every mention of a name once one is known: the other mentions of names found, and the teller's own.

A finder judges each mention on its own and misses some ("Sarah Jones ... Jones said"), and a teller
who asked to stay anonymous may be named in any case and with or without accents.
"""

from __future__ import annotations

import re

from stories.folding import fold_word
from stories.privacy.name_words import INFLECTED
from stories.privacy.names import PARTICLES
from stories.privacy.normalise import folded
from stories.privacy.patterns import Span

#: Case endings a name may carry in Finnish, Estonian and Hungarian: "Sahraa", "Karwanille", "Aamun".
_CASES = tuple("a ä aa ää n lle ille lla llä lta ltä ssa ssä sta stä ksi na nä han hen hin in ile".split()
               + "nak nek val vel nal nel ga le l".split())


def recurring(text: str, spans: list[Span], language: str = "en") -> list[Span]:
    """Every other mention of each name found, and of its parts of four letters or more; in an
    inflected language, with a case ending too.

    Name finders judge each mention on its own and miss some ("Sarah Jones ... Jones said").
    """
    folded_text = folded(text)
    terms = set()
    for start, end, _ in spans:
        name = fold_word(text[start:end])
        terms.add(name)
        terms.update(p for p in name.split() if len(p) >= 4 and p not in PARTICLES)
    if not terms:
        return []
    cases = rf"(?:{'|'.join(_CASES)})?" if language in INFLECTED else ""
    pattern = re.compile(
        rf"(?<!\w)(?:{'|'.join(re.escape(t) for t in sorted(terms, key=len, reverse=True))}){cases}(?!\w)"
    )
    return [(*folded_text.span(m.start(), m.end()), "name") for m in pattern.finditer(folded_text.text)]


def teller_name_spans(text: str, teller_name: str) -> list[Span]:
    """The teller's full name and each part of it of 3+ letters, in any case and with or without
    accents ("Zoë", "ZOE", "Zoe"), as whole words.

    Parts shorter than three letters ("Li", "Al") are left out: as words they turn up everywhere.
    The full name still catches them.
    """
    name = fold_word(" ".join(teller_name.split()))
    if not name:
        return []
    parts = {p for p in re.findall(r"\w[\w'’]*", name) if sum(c.isalpha() for c in p) >= 3}
    alternatives = [r"\s+".join(re.escape(w) for w in name.split())] + [re.escape(p) for p in parts]
    # Longest first, so a full-name mention is one match rather than its parts.
    alternatives.sort(key=len, reverse=True)
    pattern = re.compile(rf"(?<!\w)(?:{'|'.join(alternatives)})(?!\w)")
    folded_text = folded(text)
    return [(*folded_text.span(m.start(), m.end()), "name") for m in pattern.finditer(folded_text.text)]
