"""Shared fixtures: the speech clips, a text normaliser, and one loaded model."""

from __future__ import annotations

import wave
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pytest
from audio import normalise

from transcribe import get_engine, resolve_model
from transcribe.engines import Engine

SPEECH = Path(__file__).resolve().parents[1] / "data" / "speech"


@pytest.fixture(name="normalise")
def normalise_fixture() -> Callable[[str], str]:
    """Whisper's English normaliser ("Mr." and "mister" alike), as WER is usually reported."""
    return normalise


@pytest.fixture(scope="session")
def speech_dir() -> Path:
    return SPEECH


@pytest.fixture(scope="session")
def tiny_engine() -> Engine:
    # get_engine is cached, so transcribe_file() in other tests reuses this model.
    return get_engine("faster-whisper", resolve_model("tiny.en"), "int8", 0)


def _write_wav(path: Path, samples: np.ndarray, rate: int = 16_000) -> Path:
    """Write float samples in [-1, 1] as a 16-bit mono WAV."""
    pcm = (np.clip(samples, -1.0, 1.0) * 32767).astype("<i2")
    with wave.open(str(path), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(rate)
        out.writeframes(pcm.tobytes())
    return path


@pytest.fixture
def write_wav() -> Callable[..., Path]:
    """``write_wav(path, samples, rate=16000) -> path``."""
    return _write_wav
