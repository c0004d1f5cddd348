import pytest
from steps import force_state, save_analysis, save_transcript

from stories.errors import StateConflict, StoryNotFound
from stories.migrations import MIGRATIONS
from stories.model import Analysis, Entity, Segment, State, Theme, ThemeTag, Transcript
from stories.store import Store


def test_migrations_apply_once(settings):
    settings.home.mkdir(parents=True)
    store = Store(settings.db_path)
    every = [m.name for m in MIGRATIONS.pending(store.db)]
    assert store.init() == every
    assert store.init() == []
    assert {"stories", "consents", "contacts", "segments", "tags", "events"} <= set(store.db.table_names())


def test_create_story_records_consent_contact_and_event(store):
    story_id = store.create_story({"title": "Bus pass", "kind": "text", "body": "x"},
                                  {"publish": True}, contact="me@example.org")
    assert store.get(story_id)["state"] == State.RECEIVED
    assert store.consents(story_id) == {"publish": True}
    assert store.rows("contacts", story_id)[0]["contact"] == "me@example.org"
    assert [e["action"] for e in store.events(story_id)] == ["received"]
    with pytest.raises(StoryNotFound):
        store.get("nope")


def test_claim_is_compare_and_set(store):
    story_id = store.create_story({"title": "t", "kind": "text"}, {})
    assert store.claim(story_id, [State.RECEIVED], State.TRANSCRIBING, "w")
    assert not store.claim(story_id, [State.RECEIVED], State.TRANSCRIBING, "w")
    assert store.get(story_id)["state"] == State.TRANSCRIBING


def test_rerunning_steps_replaces_results(store):
    story_id = store.create_story({"title": "t", "kind": "audio"}, {})
    transcript = Transcript([Segment(0, "I lost my job.", 0.0, 2.0), Segment(1, "Rent went up.", 2.0, 4.0)],
                            "en", 0.99, 4.0, "faster-whisper", "tiny.en")
    analysis = Analysis([ThemeTag("employment", 0, "job", "I lost my job.", 0.0, 2.0)],
                        [Entity("GPE", "Leeds", 1)], [Theme("employment", "Employment")], "v1")
    for _ in range(2):
        save_transcript(store, story_id, transcript, "w", 1.0)
        save_analysis(store, story_id, analysis, "w", 0.1)
        force_state(store, story_id, State.RECEIVED)  # sent through again, as `stories retry` does
    force_state(store, story_id, State.IN_REVIEW)
    assert len(store.segments(story_id)) == 2
    assert len(store.rows("tags", story_id)) == 1
    assert len(store.rows("entities", story_id)) == 1
    story = store.get(story_id)
    assert story["state"] == State.IN_REVIEW and story["detected_language"] == "en"


def test_a_late_result_changes_nothing(store):
    """A job whose story moved on (reviewed, withdrawn) has its result refused, whole."""
    story_id = store.create_story({"title": "t", "kind": "audio"}, {})
    save_transcript(store, story_id, Transcript([Segment(0, "First.", 0.0, 1.0)], "en", 0.9, 1.0, "fw", "t"))
    events = len(store.events(story_id))
    with pytest.raises(StateConflict):
        store.save_transcript(story_id, Transcript([Segment(0, "Again.", 0.0, 1.0)] * 3, "en", 0.9, 1.0,
                                                   "fw", "t"), "w", 1.0)
    assert [s.text for s in store.segments(story_id)] == ["First."]
    assert len(store.events(story_id)) == events and store.get(story_id)["state"] == State.TRANSCRIBED


def test_fail_keeps_reason(store):
    story_id = store.create_story({"title": "t", "kind": "audio"}, {})
    store.fail(story_id, "could not decode", "w")
    story = store.get(story_id)
    assert story["state"] == State.FAILED and story["error"] == "could not decode"
    assert store.events(story_id)[-1]["detail"] == "could not decode"
