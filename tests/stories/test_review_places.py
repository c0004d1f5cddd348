import json

import pytest
from steps import save_analysis, save_transcript

from stories import review
from stories.model import Analysis, Entity, Segment, Transcript

TEXT = ["I moved from Turku to Tartu.", "In Tartu the clinic was closed.", "My sister lives in Tartu."]


def make_story(store, place="", entities=None):
    story_id = store.create_story({"title": "Moving", "kind": "text", "place": place}, {"publish": True})
    save_transcript(store, story_id, Transcript([Segment(i, t) for i, t in enumerate(TEXT)], "en", 1.0, 0.0,
                                               "w", ""), "w", 0)
    entities = entities if entities is not None else [
        Entity("GPE", "Turku", 0), Entity("GPE", "Tartu", 0), Entity("GPE", "Tartu", 1),
        Entity("ORG", "the clinic", 1), Entity("LOC", "Tartu", 2), Entity("PERSON", "Paris", 2)]
    save_analysis(store, story_id, Analysis([], entities, [], "v1"), "w", 0)
    return story_id


def test_suggestions_are_the_places_mentioned_most_often_first(store):
    story_id = make_story(store)
    suggestions = review.place_suggestions(store, story_id)
    assert [(s["text"], s["mentions"]) for s in suggestions] == [("Tartu", 3), ("Turku", 1)]
    assert suggestions[0]["place"].level == "city"  # the gazetteer knows it, so it can be mapped


def test_confirming_a_place_sets_it_and_is_audited(store):
    story_id = make_story(store)
    assert review.confirm_place(store, story_id, "  tartu ", "mo") == "Tartu"
    story = store.get(story_id)
    assert (story["place"], story["place_confirmed_by"]) == ("Tartu", "mo")
    event = store.events(story_id)[-1]
    assert (event["actor"], event["action"], event["detail"]) == ("mo", "confirmed place", "Tartu")
    assert json.loads(event["before"]) == {"place": ""} and json.loads(event["after"]) == {"place": "Tartu"}


def test_the_tellers_place_is_never_replaced_or_cleared(store):
    story_id = make_story(store, place="Estonia")
    with pytest.raises(review.ReviewError, match="chosen by the teller"):
        review.confirm_place(store, story_id, "Tartu", "mo")
    with pytest.raises(review.ReviewError, match="teller's own place stays"):
        review.clear_place(store, story_id, "mo")
    assert store.get(story_id)["place"] == "Estonia"
    assert [e["action"] for e in store.events(story_id)][-1] == "analysed"


@pytest.mark.parametrize("place", ["Paris", "the clinic", "Helsinki", ""])
def test_only_a_place_the_story_mentions_can_be_confirmed(store, place):
    story_id = make_story(store)  # Paris is a PERSON there, the clinic an ORG, Helsinki not mentioned
    with pytest.raises(review.ReviewError, match="not a place found in this story"):
        review.confirm_place(store, story_id, place, "mo")
    assert store.get(story_id)["place"] == ""


def test_a_confirmed_place_can_be_cleared_and_another_chosen(store):
    story_id = make_story(store)
    review.confirm_place(store, story_id, "Turku", "mo")
    with pytest.raises(review.ReviewError, match="clear it first"):
        review.confirm_place(store, story_id, "Tartu", "mo")
    review.clear_place(store, story_id, "ann")
    story = store.get(story_id)
    assert (story["place"], story["place_confirmed_by"]) == ("", None)
    event = store.events(story_id)[-1]
    assert (event["actor"], event["action"]) == ("ann", "cleared place")
    assert json.loads(event["before"]) == {"place": "Turku", "confirmed_by": "mo"}
    assert json.loads(event["after"]) == {"place": ""}
    with pytest.raises(review.ReviewError, match="no place to clear"):
        review.clear_place(store, story_id, "ann")
    review.confirm_place(store, story_id, "Tartu", "ann")
    assert store.get(story_id)["place"] == "Tartu"


def test_places_change_only_in_review(store):
    story_id = make_story(store)
    review.approve(store, story_id, "mo")
    with pytest.raises(review.ReviewError, match="cannot be changed"):
        review.confirm_place(store, story_id, "Tartu", "mo")
