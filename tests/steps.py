"""Pipeline steps as a worker takes them, for tests that build a story by hand.

The store only saves a step's result over the state the step claimed (stories.states), so a
test first claims, exactly as the worker does.
"""

from __future__ import annotations

import wave

from stories.model import State

#: Clips that share one format, so they join into one WAV.
CLIPS = ("librivox-0870.wav", "espeak-housing.wav", "espeak-canary.wav", "librivox-0920.wav",
         "espeak-social-worker.wav")


def save_transcript(store, story_id: str, transcript, actor: str = "w", seconds: float = 1.0, flags=()):
    """Claim the story for transcription, then save ``transcript`` (it moves to ``transcribed``)."""
    store.claim(story_id, [State.RECEIVED, State.TRANSCRIBING], State.TRANSCRIBING, actor)
    store.save_transcript(story_id, transcript, actor, seconds, flags)


def save_analysis(store, story_id: str, analysis, actor: str = "w", seconds: float = 0.1):
    """Claim the story for analysis, then save ``analysis`` (it moves to ``in_review``)."""
    store.claim(story_id, [State.TRANSCRIBED, State.ANALYSING], State.ANALYSING, actor)
    store.save_analysis(story_id, analysis, actor, seconds)


def force_state(store, story_id: str, state: State, **fields) -> None:
    """Put a story in ``state`` directly, as if it had got there: a seam for tests of what follows."""
    with store.transaction():
        store.db["stories"].update(story_id, {**fields, "state": State(state).value})


def long_recording(speech, path, rounds=2):
    """About 90 s of speech (45 s a round): the test clips one after another."""
    with wave.open(str(path), "wb") as out:
        for n in range(rounds * len(CLIPS)):
            with wave.open(str(speech(CLIPS[n % len(CLIPS)]))) as clip:
                if n == 0:
                    out.setparams(clip.getparams())
                out.writeframes(clip.readframes(clip.getnframes()))
    return path


def long_story(tmp_path, store, settings, speech, rounds=2, **consents):
    """A long recorded story sent as `stories add` sends it; returns its receipt (id and code)."""
    from stories.intake import Submission, receive_path
    from stories.queue import JobQueue

    path = long_recording(speech, tmp_path / "long.wav", rounds)
    submission = Submission(title="Two minutes", language="en", consents=consents or {"publish": True})
    return receive_path(store, JobQueue(settings), settings, path, submission)
