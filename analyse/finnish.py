"""Finnish lemmas and compound heads from Voikko, the morphological analyser Finnish spell checkers use.

Finnish builds words by compounding and fifteen cases: "pitkäaikaistyöttömyys" (long-term
unemployment) and "työmarkkinatuella" (with the labour market subsidy) are single words that no
lookup table lists. Voikko (Debian's libvoikko1 with the voikko-fi dictionary, through the
`libvoikko` Python binding) gives each its dictionary form and its parts, so a word's lemma is
"työmarkkinatuki" and a compound's head, its last part, is "työttömyys": a codebook pattern
"työttömyys" then finds the long-term kind too (``Token._.compound_head``; see theme_tagger).
Words Voikko does not know fall back to simplemma.
"""

from __future__ import annotations

import re
import threading

import simplemma
from spacy.language import Language
from spacy.tokens import Doc, Token

from stories.voikko import voikko

if not Token.has_extension("compound_head"):
    Token.set_extension("compound_head", default=None)

#: One part of Voikko's WORDBASES: "+työttömy(työtön)"; a part whose base starts with "+" is a suffix.
_PART = re.compile(r"\+([^+(]*)\(([^)]*)\)")


def compound_head(baseform: str, wordbases: str) -> str | None:
    """The last word of a compound in its dictionary form ("työttömyys"), or None if not a compound."""
    parts = _PART.findall(wordbases or "")
    free = [i for i, (_, base) in enumerate(parts) if base and not base.startswith("+")]
    if len(free) < 2:
        return None
    # The head starts where the last free part starts in the surface form, and runs to the end.
    offset = sum(len(surface) for surface, _ in parts[: free[-1]])
    return baseform[offset:] if 0 < offset < len(baseform) else None


@Language.factory("voikko_lemmatizer", assigns=["token.lemma"])
def make_voikko_lemmatizer(nlp: Language, name: str) -> VoikkoLemmatizer:
    """Build the component (only add it when ``voikko()`` is not None)."""
    return VoikkoLemmatizer()


class VoikkoLemmatizer:
    """Sets each Finnish token's lemma (lower case) and, for a compound, ``Token._.compound_head``."""

    def __init__(self) -> None:
        self._voikko = voikko()
        self._lock = threading.Lock()  # one libvoikko handle; the queue's threads share the pipeline
        self._cache: dict[str, tuple[str, str | None]] = {}

    def __call__(self, doc: Doc) -> Doc:
        for token in doc:
            token.lemma_, token._.compound_head = self._analyse(token.text)
        return doc

    def _analyse(self, word: str) -> tuple[str, str | None]:
        if word not in self._cache:
            with self._lock:
                found = self._voikko.analyze(word) if self._voikko and word.strip() else []
            if found:
                baseform = found[0].get("BASEFORM", word).lower()
                result = (baseform, compound_head(baseform, found[0].get("WORDBASES", "")))
            else:
                result = (simplemma.lemmatize(word, lang="fi").lower(), None)
            if len(self._cache) < 100_000:
                self._cache[word] = result
        return self._cache[word]
