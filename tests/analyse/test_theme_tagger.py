"""analyse.theme_tagger on a blank English pipeline (no lemmatizer: LOWER only)."""

from pathlib import Path

import pytest
import spacy

import analyse.lemmas  # noqa: F401  (registers simplemma_lemmatizer)
import analyse.theme_tagger  # noqa: F401  (registers the factory)
from analyse.codebook import DEFAULT_CODEBOOK, load_codebook
from analyse.theme_tagger import ThemeMatch, ThemeTagger

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
    assert tagger.codebook == load_codebook(DEFAULT_CODEBOOK)
    assert ("housing", "landlord") in found(nlp("The landlord came round."))


EXTRAS = """
[codebook]
name = "extras"
version = "0.1"

[[theme]]
id = "housing"
label = "Housing"
[theme.patterns]
en = ["flat", "council flat"]
[theme.token_patterns]
en = [[{LOWER = "waiting"}, {LOWER = "for", OP = "?"}, {LOWER = "a"}, {LOWER = {IN = ["flat", "house"]}}]]
[theme.exclude]
en = ["flat rate", "flat out", "flat tyre"]

[[theme]]
id = "money"
label = "Money"
[theme.patterns]
en = ["flat rate"]
"""


@pytest.fixture
def extras(tmp_path: Path):
    path = tmp_path / "extras.toml"
    path.write_text(EXTRAS, encoding="utf-8")
    nlp = spacy.blank("en")
    nlp.add_pipe("theme_tagger", config={"codebook_path": str(path)})
    return nlp


def test_match_inside_an_exclusion_is_dropped(extras):
    assert found(extras("They charge a FLAT RATE and I worked flat out.")) == [("money", "FLAT RATE")]
    # Only inside: "flat" elsewhere in the same Doc still counts.
    assert found(extras("A flat tyre on the way to my flat.")) == [("housing", "flat")]


def test_exclusions_only_drop_their_own_theme(extras):
    # "flat rate" is excluded for housing but is a money pattern.
    assert ("money", "flat rate") in found(extras("A flat rate."))


def test_token_patterns(extras):
    assert found(extras("We were waiting for a house, then waiting a flat.")) == [
        ("housing", "waiting for a house"),
        ("housing", "waiting a flat"),  # "flat" inside it is the same evidence
    ]


def test_codebook_can_be_given_directly():
    codebook = load_codebook(DEFAULT_CODEBOOK)
    tagger = ThemeTagger(spacy.blank("en"), "theme_tagger", "/no/such/file.toml", codebook=codebook)
    assert tagger.codebook is codebook


def test_simplemma_component_counts_as_a_lemmatizer(tmp_path):
    # Any component that says it assigns lemmas is run over the patterns too.
    path = tmp_path / "fi.toml"
    path.write_text('[codebook]\nversion = "1"\n[[theme]]\nid = "h"\nlabel = "H"\n[theme.patterns]\n'
                    'fi = ["vuokra"]\n', encoding="utf-8")
    nlp = spacy.blank("fi")
    nlp.add_pipe("simplemma_lemmatizer")
    nlp.add_pipe("theme_tagger", config={"codebook_path": str(path)})
    assert found(nlp("Vuokrat nousivat.")) == [("h", "Vuokrat")]
