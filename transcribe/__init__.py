"""Transcribe stage: recordings in, timed ``stories.model.Transcript`` out.

Runs Whisper locally through faster-whisper; never downloads a model.
"""

import os

# huggingface_hub reads this when faster_whisper imports it, so it must be set
# first. Model hubs are unreachable here: fail fast instead of retrying a download.
os.environ.setdefault("HF_HUB_OFFLINE", "1")
# ONNX Runtime (faster-whisper's VAD) otherwise starts its telemetry on import, which writes a
# session file into $TMPDIR, outside the data folder; nothing here should report anywhere either.
os.environ.setdefault("ORT_DISABLE_TELEMETRY", "1")

from stories.captions import to_srt, to_text, to_webvtt

from .api import require_speech, transcribe_file
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
    "require_speech",
    "resolve_model",
    "story_flags",
    "transcribe_file",
]
