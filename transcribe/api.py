"""The one call the rest of the project makes: transcribe a file."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from pathlib import Path

from stories.errors import NoSpeech
from stories.model import Transcript

from . import routing
from .audio import load_audio
from .engines import Engine, get_engine
from .guard import flag_segments
from .models import list_models, resolve_model
from .options import ProgressCallback, TranscribeOptions

NO_SPEECH = ("No speech was heard in this recording: it may be silent, or only music or noise. "
             "Please check the recording and upload it again.")


def transcribe_file(
    path: Path,
    *,
    language: str | None = None,
    model: str = "",
    models: Mapping[str, str] | None = None,
    engine: str = "faster-whisper",
    options: TranscribeOptions | None = None,
    on_progress: ProgressCallback | None = None,
    cache_dir: Path | None = None,
) -> Transcript:
    """Transcribe the audio (or a video's audio) in ``path`` with the model its language calls for.

    ``language=None`` detects the language with the best multilingual model first. The model is
    chosen by ``routing.choose``: ``model`` (a name or folder) forces one, ``models`` names one per
    language, and either gives way to another installed model when it cannot do the language.
    The transcript says which model was used and the word error rate expected of it.
    ``on_progress(done_seconds, total_seconds)`` is called as each segment is decoded and once
    more at the end; an exception it raises stops the run.

    Segments are numbered 0..n-1, their text stripped and empty ones dropped.

    Raises StepFailed if the file cannot be decoded or has no audio, and
    ConfigError for an unknown model, engine or language. ``cache_dir`` holds
    assembled and added models; default: the user's cache.
    """
    options = options or TranscribeOptions()
    installed = list_models(cache_dir)
    # Decoded once: the engines hear it, and the guard checks its segments against it.
    samples = load_audio(Path(path))
    probability = None
    if not language:
        name = routing.detector(installed, model)
        if name is None:
            language = "en"  # only English models are installed
        else:
            language, probability = _engine(engine, name, options, cache_dir).detect_language(samples,
                                                                                               options)
    route = routing.choose(language, installed, model, models)
    runner = _engine(engine, route.model, options, cache_dir)
    transcript = runner.transcribe(Path(path), language, options, on_progress, samples=samples)
    expected = route.expected
    if probability is not None:  # told by the detector, not by a model given the language
        transcript = replace(transcript, language_probability=probability)
    return replace(transcript, segments=flag_segments(transcript.segments, samples),
                   expected_wer=expected.wer if expected else None)


def _engine(engine: str, model: str, options: TranscribeOptions, cache_dir: Path | None) -> Engine:
    # Cached per process, so a worker loads each model once.
    return get_engine(engine, resolve_model(model, cache_dir), options.compute_type, options.cpu_threads)


def require_speech(transcript: Transcript) -> Transcript:
    """The transcript, if Whisper heard any words; a silent recording fails here with a reason.

    ``transcribe_file`` itself returns an empty transcript for silence; the pipeline has
    nothing to review or publish in one, so it stops with a message a person can act on.
    """
    if not transcript.segments:
        raise NoSpeech(NO_SPEECH)
    return transcript
