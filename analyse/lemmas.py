"""Lemmatizers for the languages the trained English model does not cover.

A blank spaCy pipeline sets no lemmas, so a codebook pattern such as
"alquiler" would miss "alquileres". For the languages below we add one:

* spaCy's lookup lemmatizer, with the tables from spacy-lookups-data, where
  those tables exist (es, it, sv, nl, hu);
* Voikko for Finnish (analyse/finnish.py: lemmas and compound heads), when
  Debian's libvoikko1 and voikko-fi are installed;
* simplemma's dictionaries where none of those is (fi, et, pl), and as the
  fallback if the tables cannot be loaded.

Both leave every lemma lowercased: the theme_tagger compares lowercased
lemmas, and a token pattern's LEMMA then means the same in every language.
"""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version

import simplemma
from spacy.language import Language
from spacy.lookups import Table
from spacy.tokens import Doc

from stories.errors import ConfigError

from . import finnish

#: spacy-lookups-data has a lemma_lookup table for these.
LOOKUP_LANGUAGES = frozenset({"es", "it", "sv", "nl", "hu"})
#: spacy-lookups-data has no lemma table for these; simplemma's dictionaries do.
SIMPLEMMA_LANGUAGES = frozenset({"fi", "et", "pl"})
LEMMA_LANGUAGES = LOOKUP_LANGUAGES | SIMPLEMMA_LANGUAGES


def add_lemmatizer(nlp: Language) -> tuple[str, str]:
    """Add the lemmatizer for `nlp.lang` (after the sentencizer) and say which it is.

    Returns e.g. ("lookup", "spacy-lookups-data-1.0.5") or ("simplemma",
    "simplemma-2.0.0"), for the model name, so a tag can be traced to the
    lemma data that produced it; ("", "") when the language has none.
    """
    lang = nlp.lang
    if lang in LOOKUP_LANGUAGES:
        try:
            lemmatizer = nlp.add_pipe("lemmatizer", config={"mode": "lookup"})
            # Loads the tables from spacy-lookups-data now, not on the first story.
            lemmatizer.initialize()
        except (ImportError, OSError, ValueError, KeyError):
            # Tables missing (the package is not installed, or lacks this
            # language): simplemma still gives lemmas, which beats none.
            if "lemmatizer" in nlp.pipe_names:
                nlp.remove_pipe("lemmatizer")
        else:
            nlp.add_pipe("lowercase_lemmas")
            return "lookup", _version("spacy-lookups-data")
    if lang == "fi" and finnish.voikko() is not None:
        nlp.add_pipe("voikko_lemmatizer")
        return "voikko", _version("libvoikko")
    if lang in LEMMA_LANGUAGES:
        nlp.add_pipe("simplemma_lemmatizer")
        return "simplemma", _version("simplemma")
    return "", ""


@Language.factory("simplemma_lemmatizer", assigns=["token.lemma"])
def make_simplemma_lemmatizer(nlp: Language, name: str) -> SimplemmaLemmatizer:
    """Build the component; ConfigError when simplemma has no dictionary for the language."""
    return SimplemmaLemmatizer(nlp.lang)


class SimplemmaLemmatizer:
    """Sets each token's lemma from simplemma's dictionary for one language, lowercased."""

    def __init__(self, lang: str) -> None:
        try:
            # Loads the dictionary now: a bad language fails when the pipeline is built.
            simplemma.lemmatize("a", lang=lang)
        except ValueError as e:
            raise ConfigError(f"simplemma has no lemmas for language {lang!r}: {e}") from e
        self.lang = lang

    def __call__(self, doc: Doc) -> Doc:
        for token in doc:
            # simplemma tries the word as written and lowercased; unknown words come back as they are.
            token.lemma_ = simplemma.lemmatize(token.text, lang=self.lang).lower()
        return doc


@Language.factory("lowercase_lemmas", assigns=["token.lemma"], requires=["token.lemma"])
def make_lowercase_lemmas(nlp: Language, name: str) -> LowercaseLemmas:
    """Build the component that follows spaCy's lookup lemmatizer."""
    return LowercaseLemmas(nlp)


class LowercaseLemmas:
    """Lowercase the lookup lemmatizer's lemmas, and look a capitalised word up again in lowercase.

    The lookup tables are keyed by the word as written, so "Alquileres" at the
    start of a sentence (or in a title) finds no lemma while "alquileres" does.
    """

    def __init__(self, nlp: Language) -> None:
        self._nlp = nlp
        self._table: Table | None = None

    def __call__(self, doc: Doc) -> Doc:
        if self._table is None:  # the lemmatizer's tables exist only once it is initialised
            self._table = self._nlp.get_pipe("lemmatizer").lookups.get_table("lemma_lookup")
        for token in doc:
            lemma = token.lemma_ or token.text
            if lemma == token.text and token.text != token.lower_:  # the table missed the word as written
                lemma = self._table.get(token.lower_, token.lower_)
            token.lemma_ = lemma.lower()
        return doc


def _version(package: str) -> str:
    try:
        return f"{package}-{version(package)}"
    except PackageNotFoundError:
        return package
