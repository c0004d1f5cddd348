"""Voikko, the Finnish morphological analyser (Debian's libvoikko1 and voikko-fi, through the
`libvoikko` binding), opened once, and what it says a word is.

Finnish inflects names and runs verbs on after them ("tommi sano", Tommi said), so a word list
cannot tell a name from a verb or a place in its case form ("Rovaniemeltä"); Voikko can.
"""

from __future__ import annotations

from functools import cache, lru_cache


def voikko():
    """A Voikko analyser for Finnish, or None when the library or its dictionary is not installed."""
    try:
        import libvoikko
    except ImportError:
        return None
    try:
        return libvoikko.Voikko("fi")
    except (OSError, libvoikko.VoikkoException):  # libvoikko1 or voikko-fi missing
        return None


@cache
def _shared():
    return voikko()


@lru_cache(maxsize=50_000)
def readings(word: str) -> frozenset[tuple[str, str]]:
    """Voikko's readings of a Finnish word as (class, case): class "etunimi" (given name), "sukunimi",
    "paikannimi" (place), "teonsana" (verb), "nimisana" (noun)...; case "nimento" (nominative),
    "ulkoeronto" (from)...; empty when unknown or Voikko is missing."""
    analyser = _shared()
    if analyser is None or not word:
        return frozenset()
    return frozenset((a.get("CLASS", ""), a.get("SIJAMUOTO", "")) for a in analyser.analyze(word))


def word_classes(word: str) -> frozenset[str]:
    """Voikko's classes for a Finnish word in any form (see ``readings``)."""
    return frozenset(kind for kind, _ in readings(word)) - {""}
