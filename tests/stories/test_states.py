"""stories.states and Store.move: one table of transitions, each a compare-and-set with its data."""

import pytest
from steps import save_analysis, save_transcript

from stories import review
from stories.errors import StateConflict
from stories.model import STATES, Analysis, Segment, State, Trait, Transcript, states_where
from stories.states import (
    GOING_PUBLIC,
    REVIEWABLE,
    TRANSITIONS,
    UNFINISHED,
    approved_state,
    changes_archive,
    check,
    may_publish,
    sources,
)
from stories.withdrawal import withdraw


def test_every_state_is_in_the_table_and_withdrawn_is_final():
    assert set(TRANSITIONS) == set(State)
    assert TRANSITIONS[State.WITHDRAWN] == frozenset()
    assert all(State.WITHDRAWN in targets for s, targets in TRANSITIONS.items() if s != State.WITHDRAWN)


def test_the_one_table_keeps_the_consent_rules():
    # Only a moderator's approval leads into the archive: no worker step, and no failed or
    # withdrawn story, reaches a state that goes public.
    assert set(sources(State.APPROVED)) == {State.IN_REVIEW, State.APPROVED}
    assert set(sources(State.PUBLISHED)) == {State.APPROVED, State.PUBLISHED}
    assert not set(GOING_PUBLIC) & set(UNFINISHED)
    assert not set(GOING_PUBLIC) & set(REVIEWABLE)
    assert set(states_where(Trait.SETTLED)) >= {State.WITHDRAWN, State.FAILED}
    assert all(rule.traits <= set(Trait) for rule in STATES.values())


def test_a_transition_not_in_the_table_is_a_programming_error():
    with pytest.raises(ValueError):
        check([State.RECEIVED], State.PUBLISHED)
    with pytest.raises(ValueError):
        check([], State.FAILED)


@pytest.mark.parametrize("before, after, syncs", [
    (State.IN_REVIEW, State.APPROVED, True),
    (State.APPROVED, State.PUBLISHED, False),  # the syncer's own note
    (State.PUBLISHED, State.IN_REVIEW, True),
    (State.IN_REVIEW, State.KEPT_PRIVATE, False),
    (State.TRANSCRIBING, State.WITHDRAWN, True),
    (State.RECEIVED, State.TRANSCRIBING, False),
])
def test_which_changes_reach_the_archive(before, after, syncs):
    assert changes_archive(before, after) is syncs


def test_publication_needs_approval_and_consent():
    assert approved_state({"publish": True}) == State.APPROVED
    assert approved_state({"research": True}) == State.KEPT_PRIVATE
    for state in State:
        assert may_publish(state, {"publish": True}) is (state in GOING_PUBLIC)
        assert not may_publish(state, {})


def reviewed(store) -> str:
    story_id = store.create_story({"title": "t", "kind": "text", "body": "x"}, {"publish": True})
    save_transcript(store, story_id, Transcript([Segment(0, "I lost my job.")], "en", None, 0.0, "w", ""))
    save_analysis(store, story_id, Analysis([], [], [], "v1"))
    return story_id


def test_a_decision_and_its_outbox_note_land_together(store):
    story_id = reviewed(store)
    assert store.outbox.pending() == []
    review.approve(store, story_id, "mod")
    [note] = store.outbox.pending()
    assert note.story_id == story_id
    review.reopen(store, story_id, "mod")
    [again] = store.outbox.pending()
    assert again.version == note.version + 1  # queued again: a sync already under way keeps it queued
    assert not store.outbox.done(note) and store.outbox.done(again)


def test_a_failed_transaction_leaves_neither_the_decision_nor_the_note(store, monkeypatch):
    story_id = reviewed(store)

    def broken(*args, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr(store, "record", broken)
    with pytest.raises(OSError):
        review.approve(store, story_id, "mod")
    assert store.get(story_id)["state"] == State.IN_REVIEW and store.outbox.pending() == []


def test_withdrawn_is_final_for_every_way_in(store):
    story_id = reviewed(store)
    withdraw(store, story_id, "teller", store.path.parent)
    for attempt in (lambda: review.approve(store, story_id, "mod"),
                    lambda: review.reopen(store, story_id, "mod"),
                    lambda: review.reject(store, story_id, "mod", "why"),
                    lambda: store.fail(story_id, "late failure", "worker"),
                    lambda: store.claim(story_id, UNFINISHED[:2], State.TRANSCRIBING, "worker")):
        try:
            assert not attempt()
        except Exception as exc:
            assert type(exc).__name__ in ("ReviewError", "StateConflict"), exc
        assert store.get(story_id)["state"] == State.WITHDRAWN


def test_a_step_result_for_a_withdrawn_story_is_thrown_away(store):
    story_id = store.create_story({"title": "t", "kind": "audio"}, {"publish": True})
    assert store.claim(story_id, [State.RECEIVED], State.TRANSCRIBING, "worker", "host:1:1", 60)
    withdraw(store, story_id, "teller", store.path.parent)
    assert store.get(story_id)["lease_owner"] is None  # the heartbeat notices, and stops Whisper
    with pytest.raises(StateConflict):
        store.save_transcript(story_id, Transcript([Segment(i, "words") for i in range(120)], "en", 0.9, 60.0,
                                                   "fw", "tiny.en"), "worker", 1.0, lease_owner="host:1:1")
    assert store.segments(story_id) == [] and store.get(story_id)["state"] == State.WITHDRAWN
    assert store.all([State.IN_REVIEW]) == []


def test_an_edit_in_review_holds_the_state_until_it_commits(store):
    story_id = reviewed(store)
    review.approve(store, story_id, "mod")
    with pytest.raises(StateConflict):
        with store.transaction():
            store.expect(story_id, [State.IN_REVIEW])


def test_a_story_approved_without_consent_before_kept_private_existed_becomes_it(settings):
    """Migration m013: the old `approved` without consent to publish was waiting for nothing."""
    from stories.migrate import migrate
    from stories.store import Store

    settings.home.mkdir(parents=True, exist_ok=True)
    store = Store(settings.db_path)
    migrate(store.db, stop_before="m013_approved_without_consent_kept_private")
    private = store.create_story({"title": "t", "kind": "text"}, {"publish": False, "research": True})
    public = store.create_story({"title": "t", "kind": "text"}, {"publish": True})
    store.db.execute("update stories set state = 'approved'")
    assert store.init()[0] == "m013_approved_without_consent_kept_private"
    assert (store.get(private)["state"], store.get(public)["state"]) == ("kept_private", "approved")
    store.close()
