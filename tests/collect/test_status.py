import pytest
from steps import force_state

from stories.errors import ConfigError, NoSpeech, StepFailed, UnreadableRecording
from stories.model import State


def test_status_page_shows_state_not_private_details(client, store):
    story_id = store.create_story({"title": "Bus pass", "kind": "text", "body": "x"}, {"publish": True},
                                  contact="canary-contact@example.org")
    page = client.get(f"/stories/{story_id}").get_data(as_text=True)
    assert "received" in page and story_id in page
    assert "canary-contact" not in page and "Bus pass" not in page
    assert 'http-equiv="refresh"' in page  # keeps itself up to date while unfinished
    data = client.get(f"/stories/{story_id}.json").get_json()
    assert data["ok"] and data["story"]["state"] == "received"
    assert "canary-contact" not in str(data) and "Bus pass" not in str(data)


def test_the_public_status_of_a_published_story_is_its_state_and_link_only(client, store, settings):
    """A published story's id is its permalink: its status must not say more than the archive does."""
    story_id = store.create_story({"title": "Housing help for Siobhan, ring 07700 900461", "kind": "text",
                                   "body": "x"}, {"publish": True})
    force_state(store, story_id, State.PUBLISHED, error="worker detail about Siobhan")
    story = client.get(f"/stories/{story_id}.json").get_json()["story"]
    assert set(story) == {"id", "state", "label", "explained", "finished", "settled", "progress",
                          "archive_link"}
    for where in (str(story), client.get(f"/stories/{story_id}").get_data(as_text=True)):
        assert "Siobhan" not in where and "900461" not in where


def test_failed_story_says_why_in_words_a_teller_understands(client, store):
    story_id = store.create_story({"title": "t", "kind": "audio"}, {})
    store.fail(story_id, "The recording could not be decoded.", "worker", teller_reason="unreadable")
    page = client.get(f"/stories/{story_id}").get_data(as_text=True)
    assert "We could not read the sound in your file" in page and "save it as MP3" in page
    assert 'http-equiv="refresh"' not in page
    assert "could not be decoded" not in page  # the team's detail is for the teller's own page only
    spanish = client.get(f"/stories/{story_id}.json?lang=es").get_json()["story"]
    assert spanish["explained"].startswith("No hemos podido leer el sonido")


@pytest.mark.parametrize("error, expect", [
    (NoSpeech("No speech was found in the recording (it is silent)."), "could not hear anyone speaking"),
    (UnreadableRecording("The recording is damaged: only 2.4 of its 7.2 seconds could be decoded."),
     "it may be damaged"),
    (StepFailed("transcribing failed unexpectedly: CUDA out of memory"),
     "the project team can see the problem"),
    (ConfigError("The 'tiny.en' Whisper model is not installed"), "the project team can see the problem"),
    # The team's words no longer decide: a failure of ours that mentions speech is still ours.
    (StepFailed("The speech model could not be loaded"), "the project team can see the problem"),
])
def test_each_kind_of_failure_has_its_own_explanation(client, store, error, expect):
    story_id = store.create_story({"title": "t", "kind": "audio"}, {})
    store.fail(story_id, str(error), "worker", teller_reason=getattr(error, "teller_reason", ""))
    assert expect in client.get(f"/stories/{story_id}.json").get_json()["story"]["explained"]


def test_unknown_story_is_404(client):
    assert client.get("/stories/nothere").status_code == 404
    response = client.get("/stories/nothere.json")
    assert response.status_code == 404 and response.get_json()["ok"] is False


def test_private_link_shows_progress_and_the_way_to_withdraw(client, store, settings):
    from stories.withdrawal import code_hash, new_code

    code = new_code()
    store.create_story({"title": "Mine", "kind": "text", "body": "Words.",
                        "withdrawal_code_hash": code_hash(code)}, {"publish": True})
    page = client.get(f"/stories/mine/{code}")
    html = page.get_data(as_text=True)
    assert page.status_code == 200 and "Mine" in html and f"/withdraw/{code}" in html
    assert page.headers["Referrer-Policy"] == "no-referrer" and "no-store" in page.headers["Cache-Control"]
    assert f"/stories/mine/{code}.json" in html  # its live updates come from the private view too
    mine = client.get(f"/stories/mine/{code}.json")
    assert mine.get_json()["story"]["title"] == "Mine" and "no-store" in mine.headers["Cache-Control"]
    assert client.get("/stories/mine/not-a-code").status_code == 404
    assert client.get("/stories/mine/not-a-code.json").status_code == 404


def test_a_published_story_links_to_the_archive(client, store, settings):
    story_id = store.create_story({"title": "Out", "kind": "text", "body": "Words."}, {"publish": True})
    force_state(store, story_id, State.PUBLISHED)
    story = client.get(f"/stories/{story_id}.json").get_json()["story"]
    assert story["archive_link"] == f"http://127.0.0.1:{settings.archive_port}/stories/{story_id}"
    assert story["settled"]
    assert f'href="{story["archive_link"]}"' in client.get(f"/stories/{story_id}").get_data(as_text=True)


def test_private_links_cannot_be_guessed_at_speed(settings, store):
    from collect import create_app

    client = create_app({"STORIES": settings.with_(login_rate="3 per minute"), "TESTING": True}).test_client()
    answers = [client.get(f"/stories/mine/guess-{n:04d}-zzzz").status_code for n in range(5)]
    assert answers[:3] == [404] * 3 and answers[3:] == [429, 429]
    assert client.get("/stories/mine/guess-0009-zzzz.json").status_code == 429
