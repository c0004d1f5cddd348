import json
import re

from conftest import csrf_token
from steps import save_analysis, save_transcript

from stories.model import Analysis, Entity, Segment, Transcript

TEXT = "I moved to Tartu. The office in Tartu sent me to Viljandi."


def make_story(store, place=""):
    story_id = store.create_story({"title": "Moving", "kind": "text", "body": TEXT, "place": place},
                                  {"publish": True})
    save_transcript(store, story_id, Transcript([Segment(0, TEXT.split(". ")[0]), Segment(1, TEXT)], "en",
                                                1.0, 0.0, "w", ""), "w", 0)
    entities = [Entity("GPE", "Tartu", 0), Entity("GPE", "Tartu", 1), Entity("GPE", "Viljandi", 1),
                Entity("ORG", "The office", 1)]
    save_analysis(store, story_id, Analysis([], entities, [], "v1"), "w", 0)
    return story_id


def act(client, story_id, action, **data):
    token = csrf_token(client, f"/moderate/{story_id}")
    return client.post(f"/moderate/{story_id}/{action}", data={"csrf_token": token, **data})


def page_of(client, story_id):
    return client.get(f"/moderate/{story_id}").get_data(as_text=True)


def suggested(page):
    section = re.search(r'<ul class="items" id="place-suggestions">(.*?)</ul>', page, re.S)
    if section is None:
        return []
    return re.findall(r'<input type="hidden" name="place" value="([^"]+)">', section.group(1))


def test_without_a_tellers_place_the_mentioned_places_are_offered(signed_in, store):
    story_id = make_story(store)
    page = signed_in.get(f"/moderate/{story_id}").get_data(as_text=True)
    assert "The teller gave no place" in page
    assert suggested(page) == ["Tartu", "Viljandi"]  # most mentioned first; organisations are not places
    assert re.search(r'aria-label="Use Tartu as the story(&#39;|\')s place"', page)


def test_confirming_a_place_from_the_page(signed_in, store):
    story_id = make_story(store)
    response = act(signed_in, story_id, "place", place="Viljandi")
    assert response.status_code == 303 and response.headers["Location"].endswith("#place")
    story = store.get(story_id)
    assert (story["place"], story["place_confirmed_by"]) == ("Viljandi", "mo")
    page = signed_in.get(f"/moderate/{story_id}").get_data(as_text=True)
    assert "confirmed by mo" in page and suggested(page) == []
    assert "Clear the confirmed place" in page
    event = store.events(story_id)[-1]
    assert event["action"] == "confirmed place" and json.loads(event["after"]) == {"place": "Viljandi"}

    assert act(signed_in, story_id, "clear-place").status_code == 303
    assert store.get(story_id)["place"] == ""
    assert suggested(signed_in.get(f"/moderate/{story_id}").get_data(as_text=True)) == ["Tartu", "Viljandi"]


def test_the_tellers_place_is_shown_and_kept(signed_in, store):
    story_id = make_story(store, place="Estonia")
    page = signed_in.get(f"/moderate/{story_id}").get_data(as_text=True)
    assert "chosen by the teller" in page and suggested(page) == []
    assert "Clear the confirmed place" not in page
    act(signed_in, story_id, "place", place="Tartu")
    assert "A moderator never replaces the teller" in page_of(signed_in, story_id)
    act(signed_in, story_id, "clear-place")
    assert "own place stays" in page_of(signed_in, story_id)
    assert store.get(story_id)["place"] == "Estonia"


def test_a_place_the_story_does_not_mention_is_refused(signed_in, store):
    story_id = make_story(store)
    act(signed_in, story_id, "place", place="Helsinki")
    assert store.get(story_id)["place"] == ""
    assert "not a place found in this story" in page_of(signed_in, story_id)


def test_confirming_needs_a_moderator_and_the_csrf_token(client, store):
    story_id = make_story(store)
    client.post(f"/moderate/{story_id}/place", data={"place": "Tartu"})
    assert store.get(story_id)["place"] == ""
