"""The two heavy steps, as pure work: a story's fields and its recording in, a result out.

Both kinds of worker run these same functions: the local one (``wiring.tasks``) with what it reads
from the store, the remote one (``wiring.remote``) with what the coordinator sent. Neither function
touches the store; saving the result, over the state and lease the step claimed, is the caller's.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path

import analyse
import transcribe
from stories import privacy
from stories.model import Analysis, Kind, Segment, Transcript, segments_from_text
from stories.settings import Settings


def transcribe_options(settings: Settings) -> transcribe.TranscribeOptions:
    """What the settings ask of Whisper (word times are what audio redaction silences by)."""
    return transcribe.TranscribeOptions(beam_size=settings.beam_size, vad_filter=settings.vad,
                                        word_timestamps=settings.word_timestamps,
                                        initial_prompt=settings.vocabulary or None,
                                        batch_size=settings.batch_size, batch_from=settings.batch_from)


def transcription(settings: Settings, story: Mapping, media: Path | None,
                  on_progress: Callable[[float, float], None] | None = None) -> tuple[Transcript, list[str]]:
    """The story's transcript and its doubts (flags). A written story's paragraphs are its segments.

    Raises StepFailed (NoSpeech, UnreadableRecording) for a recording with nothing to transcribe.
    """
    if story["kind"] == Kind.TEXT:
        return Transcript(segments_from_text(story["body"]), story["language"] or "en", None, 0.0,
                          "written", ""), []
    transcript = transcribe.transcribe_file(
        media, language=story["language"] or None, model=settings.model, models=settings.models,
        engine=settings.engine, options=transcribe_options(settings), on_progress=on_progress,
        cache_dir=settings.cache_dir)
    transcribe.require_speech(transcript)  # a silent recording fails with a reason, not an empty review
    flags = transcribe.story_flags(transcript.segments)
    uncertain = (transcript.language_probability or 0) < settings.min_language_probability
    if not story["language"] and uncertain:
        # A guess is not a detection: a moderator checks the language before anything is published.
        flags.append("language_uncertain")
    if (transcript.expected_wer or 0) > settings.max_expected_wer:
        # Whisper is known to be weak in this language with this model: said, not hidden.
        flags.append("weak_language")
    return transcript, flags


def analysis(story: Mapping, segments: Sequence[Segment], codebook: Path | None,
             teller_name: str = "") -> Analysis:
    """Themes, entities and redaction suggestions for the story's transcript and its own fields.

    ``teller_name`` is the name to hide, where the worker may know it (a local one); the coordinator
    settles the teller's name in any case (``stories.privacy.teller``).
    """
    language = story["language"] or story["detected_language"] or "en"
    result = analyse.analyse_segments(list(segments), language=language, codebook_path=codebook,
                                      teller_name=teller_name)
    # Details typed into the title, place or pseudonym are found by the same rules as in the story.
    redactions = [*result.redactions, *privacy.field_redactions(story, teller_name)]
    return dataclasses.replace(result, redactions=redactions)
