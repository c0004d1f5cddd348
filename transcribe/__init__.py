"""Transcribe stage: recordings in, timed ``stories.model.Transcript`` out.

Runs Whisper locally through faster-whisper; never downloads a model.
"""

import os

# huggingface_hub reads this when faster_whisper imports it, so it must be set
# first. Model hubs are unreachable here: fail fast instead of retrying a download.
os.environ.setdefault("HF_HUB_OFFLINE", "1")

from stories.captions import to_srt, to_text, to_webvtt

from .api import transcribe_file
from .assemble import assemble_base
from .engines import Engine, FasterWhisperEngine, get_engine
from .guard import flag_segments, story_flags
from .models import ModelInfo, default_cache_dir, list_models, resolve_model
from .options import ProgressCallback, TranscribeOptions

__all__ = [
    "Engine",
    "ModelInfo",
    "assemble_base",
    "default_cache_dir",
    "list_models",
    "to_srt",
    "to_text",
    "to_webvtt",
    "FasterWhisperEngine",
    "ProgressCallback",
    "TranscribeOptions",
    "flag_segments",
    "get_engine",
    "resolve_model",
    "story_flags",
    "transcribe_file",
]
