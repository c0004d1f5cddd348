from pathlib import Path

import jiwer
import numpy as np
import pytest
from audio import heard

from stories.errors import ConfigError
from transcribe import TranscribeOptions, get_engine, resolve_model
from transcribe.audio import SAMPLING_RATE, load_audio


@pytest.fixture(scope="module")
def librivox(tiny_engine, speech_dir: Path):
    return tiny_engine.transcribe(
        speech_dir / "librivox-0870.wav", None, TranscribeOptions(), None
    )


def test_librivox_word_error_rate(librivox, speech_dir: Path, normalise):
    reference = (speech_dir / "librivox-0870.txt").read_text()
    hypothesis = " ".join(s.text for s in librivox.segments)
    assert jiwer.wer(normalise(reference), normalise(hypothesis)) < 0.25


def test_transcript_fields(librivox):
    assert librivox.language == "en"
    assert librivox.language_probability == pytest.approx(1.0)
    assert librivox.engine == "faster-whisper"
    assert librivox.model == "tiny.en"
    assert librivox.duration == pytest.approx(7.1, abs=0.05)


def test_segment_times_are_ordered_and_inside_the_recording(librivox):
    segments = librivox.segments
    assert segments
    assert [s.idx for s in segments] == list(range(len(segments)))
    starts = [s.start for s in segments]
    assert starts == sorted(starts)
    for s in segments:
        assert s.text == s.text.strip() and s.text
        assert s.end > s.start >= 0
        assert s.end <= librivox.duration + 0.5
        assert s.avg_logprob is not None and s.no_speech_prob is not None


def test_vad_runs_offline_and_keeps_original_timeline(
    tiny_engine, speech_dir: Path, tmp_path: Path, write_wav
):
    # Four seconds of silence first: VAD cuts it out, timestamps must still
    # point into the original recording.
    speech = load_audio(speech_dir / "espeak-housing.wav")
    silence = np.zeros(4 * SAMPLING_RATE, dtype=np.float32)
    path = write_wav(tmp_path / "padded.wav", np.concatenate([silence, speech]))
    options = TranscribeOptions(vad_filter=True)
    result = tiny_engine.transcribe(path, None, options, None)
    assert result.segments
    assert result.segments[0].start >= 3.0
    assert heard(" ".join(s.text for s in result.segments), "landlord", "rent", "evicted")


def test_engine_is_loaded_once_per_process(tiny_engine):
    again = get_engine("faster-whisper", resolve_model("tiny.en"), "int8", 0)
    assert again is tiny_engine


def test_unknown_engine_raises_config_error():
    with pytest.raises(ConfigError, match="Unknown transcription engine"):
        get_engine("whisper.cpp", resolve_model("tiny.en"))


def test_broken_model_folder_raises_config_error(tmp_path: Path):
    (tmp_path / "model.bin").write_bytes(b"not a model")
    with pytest.raises(ConfigError, match="Could not load"):
        get_engine("faster-whisper", tmp_path)


def test_english_only_model_refuses_other_languages(tiny_engine, speech_dir: Path):
    with pytest.raises(ConfigError, match="English-only"):
        tiny_engine.transcribe(
            speech_dir / "librivox-0870.wav", "fr", TranscribeOptions(), None
        )
