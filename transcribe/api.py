"""The one call the rest of the project makes: transcribe a file."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from stories.errors import StepFailed
from stories.model import Transcript

from .audio import load_audio
from .engines import get_engine
from .guard import flag_segments
from .models import resolve_model
from .options import ProgressCallback, TranscribeOptions

NO_SPEECH = ("No speech was heard in this recording: it may be silent, or only music or noise. "
             "Please check the recording and upload it again.")


def transcribe_file(
    path: Path,
    *,
    language: str | None = None,
    model: str = "tiny.en",
    engine: str = "faster-whisper",
    options: TranscribeOptions | None = None,
    on_progress: ProgressCallback | None = None,
    cache_dir: Path | None = None,
) -> Transcript:
    """Transcribe the audio (or a video's audio) in ``path``.

    ``language=None`` detects the language; English-only models (``*.en``) always
    give "en". ``model`` is a known name ("tiny.en") or a CTranslate2 model folder.
    ``on_progress(done_seconds, total_seconds)`` is called as each segment is
    decoded and once more at the end; an exception it raises stops the run.

    Segments are numbered 0..n-1, their text stripped and empty ones dropped.

    Raises StepFailed if the file cannot be decoded or has no audio, and
    ConfigError for an unknown model, engine or language. ``cache_dir`` holds
    assembled models (the multilingual base); default: the user's cache.
    """
    options = options or TranscribeOptions()
    if language is None and model.endswith(".en"):
        language = "en"
    model_path = resolve_model(model, cache_dir)
    # Cached per process, so a worker loads each model once.
    runner = get_engine(engine, model_path, options.compute_type, options.cpu_threads)
    # Decoded once: the engine hears it, and the guard checks its segments against it.
    samples = load_audio(Path(path))
    transcript = runner.transcribe(Path(path), language, options, on_progress, samples=samples)
    return replace(transcript, segments=flag_segments(transcript.segments, samples))


def require_speech(transcript: Transcript) -> Transcript:
    """The transcript, if Whisper heard any words; a silent recording fails here with a reason.

    ``transcribe_file`` itself returns an empty transcript for silence; the pipeline has
    nothing to review or publish in one, so it stops with a message a person can act on.
    """
    if not transcript.segments:
        raise StepFailed(NO_SPEECH)
    return transcript
