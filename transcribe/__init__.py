"""Transcribe stage: recordings in, timed ``stories.model.Transcript`` out.

Runs Whisper locally through faster-whisper; never downloads a model.
"""

import os

# huggingface_hub reads this when faster_whisper imports it, so it must be set
# first. Model hubs are unreachable here: fail fast instead of retrying a download.
os.environ.setdefault("HF_HUB_OFFLINE", "1")

from .api import transcribe_file
from .engines import Engine, FasterWhisperEngine, get_engine
from .models import resolve_model
from .options import ProgressCallback, TranscribeOptions

__all__ = [
    "Engine",
    "FasterWhisperEngine",
    "ProgressCallback",
    "TranscribeOptions",
    "get_engine",
    "resolve_model",
    "transcribe_file",
]
