"""analyse.theme_tagger on a blank English pipeline (no lemmatizer: LOWER only)."""

from pathlib import Path

import pytest
import spacy

import analyse.theme_tagger  # noqa: F401  (registers the factory)
from analyse.theme_tagger import ThemeMatch

CODEBOOK = """
[codebook]
name = "tiny"
version = "0.1"

[[theme]]
id = "housing"
label = "Housing"
[theme.patterns]
en = ["landlord", "council flat", "flat"]
fr = ["propriétaire"]

[[theme]]
id = "isolation"
label = "Isolation"
[theme.patterns]
en = ["nobody to talk to"]
"""


@pytest.fixture
def nlp(tmp_path: Path):
    path = tmp_path / "tiny.toml"
    path.write_text(CODEBOOK, encoding="utf-8")
    nlp = spacy.blank("en")
    nlp.add_pipe("theme_tagger", config={"codebook_path": str(path)})
    return nlp


def found(doc):
    return [(m.theme_id, doc.text[m.start_char : m.end_char]) for m in doc._.themes]


def test_matches_case_insensitively(nlp):
    doc = nlp("My LANDLORD never answered.")
    assert found(doc) == [("housing", "LANDLORD")]
    (match,) = doc._.themes
    assert isinstance(match, ThemeMatch)
    assert doc[match.start : match.end].text == "LANDLORD"


def test_multiword_phrase(nlp):
    doc = nlp("I had nobody to talk to.")
    assert found(doc) == [("isolation", "nobody to talk to")]


def test_nested_match_of_same_theme_is_dropped(nlp):
    # "flat" inside "council flat" is the same piece of evidence.
    assert found(nlp("We moved to a Council Flat.")) == [("housing", "Council Flat")]


def test_no_match_gives_empty_list(nlp):
    assert nlp("The weather was lovely today.")._.themes == []


def test_default_not_shared_between_docs(nlp):
    first, second = nlp("Nothing here."), nlp("Nor here.")
    first._.themes.append(ThemeMatch("housing", 0, 1, 0, 7))
    assert second._.themes == []
    assert nlp("Still nothing.")._.themes == []
    # A Doc that never went through the component has no shared list either.
    assert nlp.make_doc("untouched")._.themes is None


def test_uses_patterns_for_the_pipeline_language(tmp_path):
    path = tmp_path / "tiny.toml"
    path.write_text(CODEBOOK, encoding="utf-8")
    fr = spacy.blank("fr")
    fr.add_pipe("theme_tagger", config={"codebook_path": str(path)})
    assert found(fr("Mon propriétaire, mon landlord.")) == [("housing", "propriétaire")]
    # A language the codebook has no patterns for tags nothing.
    de = spacy.blank("de")
    de.add_pipe("theme_tagger", config={"codebook_path": str(path)})
    assert de("Mein landlord.")._.themes == []


def test_default_codebook_when_no_path():
    nlp = spacy.blank("en")
    tagger = nlp.add_pipe("theme_tagger")
    assert len(tagger.codebook.themes) == 10
    assert ("housing", "landlord") in found(nlp("The landlord came round."))
