"""Lemmas for languages other than English (analyse.lemmas), so patterns written as lemmas match."""

from pathlib import Path

import pytest
import spacy

from analyse import lemmas
from analyse.pipeline import _base, load_pipeline, model_name
from stories.errors import ConfigError

CODEBOOK = """
[codebook]
name = "multilingual"
version = "1"
languages = ["es", "it", "fi", "pl", "et"]

[[theme]]
id = "employment"
label = "Employment"
[theme.patterns]
es = ["trabajo"]

[[theme]]
id = "housing"
label = "Housing"
[theme.patterns]
es = ["alquiler"]
it = ["affitto"]
fi = ["vuokra"]
pl = ["mieszkanie"]
et = ["üür"]
"""


@pytest.fixture(scope="module")
def codebook(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("multilingual") / "codebook.toml"
    path.write_text(CODEBOOK, encoding="utf-8")
    return path


def found(language: str, codebook: Path, text: str) -> list[tuple[str, str]]:
    doc = load_pipeline(language, codebook)(text)
    return [(m.theme_id, doc.text[m.start_char : m.end_char]) for m in doc._.themes]


def test_spanish_plural_matches_its_lemma(codebook):
    assert found("es", codebook, "Perdí mi trabajo y los alquileres subieron") == [
        ("employment", "trabajo"),
        ("housing", "alquileres"),
    ]


def test_spanish_capitalised_word_is_looked_up_lowercased(codebook):
    # The lookup tables are keyed by lowercase words; a sentence starts with a capital.
    assert found("es", codebook, "Alquileres altos.") == [("housing", "Alquileres")]


def test_italian(codebook):
    assert found("it", codebook, "Gli affitti sono troppo alti.") == [("housing", "affitti")]


def test_finnish_through_simplemma(codebook):
    assert found("fi", codebook, "vuokrat nousivat") == [("housing", "vuokrat")]


@pytest.mark.parametrize(("language", "text", "word"), [("pl", "Nie mam mieszkania.", "mieszkania"),
                                                        ("et", "Üürid tõusid.", "Üürid")])
def test_polish_and_estonian_pipelines_load(codebook, language, text, word):
    nlp = load_pipeline(language, codebook)
    assert nlp.pipe_names == ["sentencizer", "simplemma_lemmatizer", "theme_tagger"]
    assert found(language, codebook, text) == [("housing", word)]


@pytest.mark.parametrize("language", sorted(lemmas.LOOKUP_LANGUAGES))
def test_lookup_languages_use_spacys_lemmatizer(language):
    nlp = _base(language)
    assert nlp.pipe_names == ["sentencizer", "lemmatizer", "lowercase_lemmas"]
    assert model_name(nlp).startswith(f"{language}_blank-lookup-")
    assert "+spacy-lookups-data-" in model_name(nlp)


def test_lemmas_are_lowercase():
    nlp = _base("es")
    lemmas_ = [t.lemma_ for t in nlp("Los Alquileres SUBIERON")]
    assert lemmas_[1:] == ["alquiler", "subir"]
    assert all(lemma == lemma.lower() for lemma in lemmas_)


def test_simplemma_is_the_fallback_when_lookups_fail(monkeypatch):
    # spacy-lookups-data has no Finnish table: asking for one fails, and simplemma steps in.
    monkeypatch.setattr(lemmas, "LOOKUP_LANGUAGES", lemmas.LOOKUP_LANGUAGES | {"fi"})
    monkeypatch.setattr(lemmas.finnish, "voikko", lambda: None)  # as without Debian's libvoikko1
    nlp = _base("fi")
    assert nlp.pipe_names == ["sentencizer", "simplemma_lemmatizer"]
    assert [t.lemma_ for t in nlp("Vuokrat nousivat")] == ["vuokra", "nousta"]


def test_language_without_lemmas_stays_blank():
    assert _base("fr").pipe_names == ["sentencizer"]


def test_unknown_language(codebook):
    with pytest.raises(ConfigError, match="zz"):
        load_pipeline("zz", codebook)


def test_simplemma_refuses_a_language_it_lacks():
    # "xx" is spaCy's multi-language class; simplemma needs to know which language.
    with pytest.raises(ConfigError, match="simplemma has no lemmas for language 'xx'"):
        spacy.blank("xx").add_pipe("simplemma_lemmatizer")
