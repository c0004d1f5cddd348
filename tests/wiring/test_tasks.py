"""The queue's tasks, with a fake at the transcription seam (the real engine runs in test_end_to_end)."""

import numpy as np
import pytest
from audio import write_pcm

import transcribe
from stories import review
from stories.errors import StepFailed
from stories.intake import Submission, receive_path
from stories.model import Segment, State, Transcript
from wiring import syncer, tasks


@pytest.fixture
def fake_engine(monkeypatch):
    calls = []

    def fake(path, **kwargs):
        calls.append(path)
        return Transcript([Segment(0, "I lost my job at the factory.", 0.0, 2.5)], "en", 0.98, 2.5,
                          "fake", "fake-model")

    monkeypatch.setattr(transcribe, "transcribe_file", fake)
    return calls


def add(settings, store, queue, path, **consents):
    return receive_path(store, queue, settings, path, Submission(title="t", consents=consents)).story_id


def test_a_story_goes_through_to_review_then_is_published_on_approval(settings, store, queue, speech,
                                                                        fake_engine):
    story_id = add(settings, store, queue, speech("librivox-0870.wav"), publish=True)
    assert tasks.advance(settings, story_id) == State.IN_REVIEW
    assert {t["theme_id"] for t in store.rows("tags", story_id)} == {"employment"}
    assert [e["action"] for e in store.events(story_id)] == [
        "received", "started transcribing", "transcribed", "started analysing", "analysed"]
    assert review.approve(store, story_id, "mod") == State.APPROVED
    assert tasks.advance(settings, story_id) == State.APPROVED  # the job queue does not publish
    assert syncer.drain(settings, store) == 1  # the outbox does
    assert store.get(story_id)["state"] == State.PUBLISHED
    assert syncer.drain(settings, store) == 0  # nothing left: published once
    assert store.events(story_id)[-1]["action"] == "published"


def test_approval_without_consent_to_publish_is_kept_private(settings, store, queue, speech, fake_engine):
    story_id = add(settings, store, queue, speech("librivox-0870.wav"), research=True)
    tasks.advance(settings, story_id)
    assert review.approve(store, story_id, "mod") == State.KEPT_PRIVATE
    syncer.drain(settings, store)
    assert store.get(story_id)["state"] == State.KEPT_PRIVATE  # settled: nobody waits for publication


def test_running_a_job_twice_does_nothing_twice(settings, store, queue, speech, fake_engine):
    story_id = add(settings, store, queue, speech("librivox-0870.wav"))
    tasks.advance(settings, story_id)
    tasks.advance(settings, story_id)
    assert len(fake_engine) == 1
    assert len(store.segments(story_id)) == 1 and len(store.rows("tags", story_id)) == 1


def test_crash_mid_transcription_is_redone_once(settings, store, queue, speech, fake_engine):
    story_id = add(settings, store, queue, speech("librivox-0870.wav"))
    store.claim(story_id, [State.RECEIVED], State.TRANSCRIBING, "worker")  # then the worker died
    queue.huey.flush()  # and its job went with it
    wired = tasks.wire(settings, queue)
    assert tasks.requeue_unfinished(settings, wired) == [story_id]
    assert tasks.requeue_unfinished(settings, wired) == []  # already waiting: not queued twice
    wired.run_burst()
    assert store.get(story_id)["state"] == State.IN_REVIEW
    assert len(fake_engine) == 1 and len(store.segments(story_id)) == 1


def test_step_failure_keeps_reason_and_file(settings, store, queue, speech, monkeypatch):
    def broken(path, **kwargs):
        raise StepFailed("The recording could not be decoded: invalid data")

    monkeypatch.setattr(transcribe, "transcribe_file", broken)
    story_id = add(settings, store, queue, speech("librivox-0870.wav"))
    assert tasks.advance(settings, story_id) == State.FAILED
    story = store.get(story_id)
    assert "could not be decoded" in story["error"]
    assert (settings.media_dir / story["media_path"]).exists()


@pytest.mark.slow
def test_a_silent_or_spoiled_recording_tells_the_teller_what_to_do(settings, store, queue, tmp_path):
    """Through the real decoder and Whisper: the failure's code, not its wording, reaches the teller."""
    rng = np.random.default_rng(0)
    silent = write_pcm((rng.standard_normal(16000 * 4) * 1e-4).astype(np.float32), tmp_path / "quiet.wav")
    story_id = add(settings, store, queue, silent)
    assert tasks.advance(settings, story_id) == State.FAILED
    assert store.get(story_id)["error_code"] == "no_speech"

    spoiled = add(settings, store, queue, write_pcm(np.zeros(16000, np.float32), tmp_path / "short.wav"))
    media = settings.media_dir / store.get(spoiled)["media_path"]
    media.write_bytes(b"RIFF" + bytes(200))  # the disk copy went bad after it was accepted
    assert tasks.advance(settings, spoiled) == State.FAILED
    assert store.get(spoiled)["error_code"] == "unreadable"


def test_unexpected_error_is_a_readable_failure(settings, store, queue, speech, monkeypatch):
    monkeypatch.setattr(transcribe, "transcribe_file", lambda path, **kw: 1 / 0)
    story_id = add(settings, store, queue, speech("librivox-0870.wav"))
    assert tasks.advance(settings, story_id) == State.FAILED
    assert "transcribing failed unexpectedly: division by zero" in store.get(story_id)["error"]
    assert store.get(story_id)["error_code"] is None  # ours to fix: the teller need do nothing


def test_written_story_skips_transcription(settings, store, queue, tmp_path, fake_engine):
    path = tmp_path / "story.md"
    path.write_text("The council housing office finally called back.\n\nI moved in May.")
    story_id = add(settings, store, queue, path, publish=True)
    assert tasks.advance(settings, story_id) == State.IN_REVIEW
    assert fake_engine == []
    assert [s.text for s in store.segments(story_id)][1] == "I moved in May."
    assert store.get(story_id)["engine"] == "written"
    assert "housing" in {t["theme_id"] for t in store.rows("tags", story_id)}
