"""Pipeline steps as a worker takes them, for tests that build a story by hand.

The store only saves a step's result over the state the step claimed (stories.states), so a
test first claims, exactly as the worker does.
"""

from __future__ import annotations

from stories.model import State


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
