"""Progress and doubts: written as transcription goes, shown to tellers, operators and moderators."""

from __future__ import annotations

import pytest
from audio import join_clips
from steps import force_state, save_transcript

import transcribe
from stories.intake import Submission, receive_path
from stories.model import Segment, State, Transcript
from wiring import tasks
from wiring.cli import cli


def five_minutes(speech, target):
    """About five minutes of the test clips with silences between them, as a long story runs."""
    names = ("librivox-0870.wav", "espeak-housing.wav", "librivox-0920.wav")
    join_clips([speech(name) for name in names], target, seconds=300, gap=4.0)
    return target


@pytest.mark.slow
def test_a_five_minute_recording_reports_progress_and_finishes(settings, store, queue, speech, tmp_path):
    path = five_minutes(speech, tmp_path / "long.wav")
    story_id = receive_path(store, queue, settings, path, Submission(title="long", language="en")).story_id
    heard = []
    assert tasks.advance(settings, story_id, reporter=lambda sid, done, total: heard.append((done, total))) \
        == State.IN_REVIEW
    dones = [done for done, _ in heard]
    assert len(heard) > 20 and dones == sorted(dones)
    assert heard[-1][0] == heard[-1][1] == pytest.approx(300, abs=20)
    story = store.get(story_id)
    assert story["progress_done"] == story["progress_total"] == pytest.approx(story["duration"], abs=0.1)
    assert store.segments(story_id)[-1].end > 270
    assert story["flags"] is None  # clean speech with silences is not a hallucination


def test_status_page_and_cli_show_progress(client, runner, store):
    story_id = store.create_story({"title": "Long one", "kind": "audio"}, {})
    store.claim(story_id, [State.RECEIVED], State.TRANSCRIBING, "worker")
    store.set_progress(story_id, 150, 300)
    page = client.get(f"/stories/{story_id}").get_data(as_text=True)
    assert '<progress id="progress" max="100" value="50">' in page
    assert client.get(f"/stories/{story_id}.json").get_json()["story"]["progress"]["percent"] == 50
    shown = runner.invoke(cli, ["status", story_id]).output
    assert "progress:  50% (150 of 300 s)" in shown
    assert " 50% " in runner.invoke(cli, ["status"]).output


@pytest.mark.parametrize("language, probability, segments, expected", [
    ("", 0.35, [Segment(0, "Hola.", 0.0, 1.0)], ["language_uncertain"]),
    ("en", 0.35, [Segment(0, "Hello.", 0.0, 1.0)], None),
    ("", 0.98, [Segment(0, "thanks thanks thanks thanks", 0.0, 1.0, flags=("loop",))], ["hallucination"]),
])
def test_doubts_become_story_flags(settings, store, queue, speech, monkeypatch, language, probability,
                                   segments, expected):
    monkeypatch.setattr(transcribe, "transcribe_file", lambda path, **kw: Transcript(
        segments, "es", probability, 1.0, "fake", "fake"))
    story_id = receive_path(store, queue, settings, speech("librivox-0870.wav"),
                            Submission(title="t", language=language)).story_id
    tasks.advance(settings, story_id)
    import json

    flags = store.get(story_id)["flags"]
    assert (json.loads(flags) if flags else None) == expected
    assert store.segments(story_id)[0].flags == segments[0].flags


def test_flags_show_in_the_review_queue(client, store):
    from conftest import csrf_token

    from stories.users import add_user

    add_user(store, "mo", "correct horse battery", "moderator")
    client.post("/login", data={"name": "mo", "password": "correct horse battery",
                                "csrf_token": csrf_token(client, "/login")})
    story_id = store.create_story({"title": "Doubtful", "kind": "audio"}, {})
    save_transcript(store, story_id, Transcript([Segment(0, "you you you you", 0.0, 2.0, flags=("loop",))],
                                               "en", 0.4, 2.0, "fw", "tiny.en"), "w", 1.0,
                          ["hallucination", "language_uncertain"])
    force_state(store, story_id, State.IN_REVIEW)
    assert "language uncertain" in client.get("/moderate/").get_data(as_text=True)
    page = client.get(f"/moderate/{story_id}").get_data(as_text=True)
    assert "Check before approving" in page and '<span class="pill pill-warn">loop</span>' in page
