"""The openai-whisper engine, on tiny.en converted from the CTranslate2 folder."""

from __future__ import annotations

import sys
from pathlib import Path

import jiwer
import numpy as np
import pytest
from audio import heard
from whisper_normalizer.english import EnglishTextNormalizer

from stories.errors import ConfigError
from stories.model import Transcript
from transcribe import TranscribeOptions, get_engine, resolve_model, transcribe_file
from transcribe import openai_engine as openai_engine_module
from transcribe.audio import SAMPLING_RATE, load_audio
from transcribe.openai_engine import OpenAIWhisperEngine, cached_checkpoint

pytestmark = pytest.mark.slow  # runs real Whisper models

CLIPS = ("librivox-0870", "librivox-0920")
english = EnglishTextNormalizer()


@pytest.fixture(scope="session")
def openai_cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("openai-whisper-cache")


@pytest.fixture(scope="session")
def openai_whisper(openai_cache: Path):
    # The openai-whisper extra is optional (`make test` installs it): without it, only
    # the tests of the error a user then sees run.
    pytest.importorskip("torch")
    pytest.importorskip("whisper")
    # Through get_engine, as the pipeline gets it; the conversion goes to a temporary cache.
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(openai_engine_module, "checkpoint_dir", lambda: openai_cache)
        return get_engine("openai-whisper", resolve_model("tiny.en"), "int8", 0)


@pytest.fixture(scope="session")
def openai_transcripts(openai_whisper, speech_dir: Path) -> dict[str, Transcript]:
    return {
        clip: openai_whisper.transcribe(speech_dir / f"{clip}.wav", None, TranscribeOptions(), None)
        for clip in CLIPS
    }


def _text(transcript: Transcript) -> str:
    return english(" ".join(s.text for s in transcript.segments))


def test_get_engine_gives_the_openai_whisper_engine(openai_whisper, openai_cache: Path):
    assert isinstance(openai_whisper, OpenAIWhisperEngine)
    assert openai_whisper.name == "openai-whisper"
    assert openai_whisper.model_name == "tiny.en"
    # Converted once into the cache, named after the model.
    assert [p.name for p in openai_cache.iterdir()] == [openai_whisper.model_path.name]
    assert openai_whisper.model_path.name.startswith("tiny.en-")


def test_cached_checkpoint_is_reused(openai_whisper, openai_cache: Path):
    before = openai_whisper.model_path.stat().st_mtime_ns
    assert cached_checkpoint(resolve_model("tiny.en"), openai_cache) == openai_whisper.model_path
    assert openai_whisper.model_path.stat().st_mtime_ns == before


@pytest.mark.parametrize("clip", CLIPS)
def test_same_words_as_faster_whisper_on_the_same_weights(openai_transcripts, speech_dir: Path, clip):
    # float32 on both sides: the same network, so the same words (int8 may differ by one).
    faster = get_engine("faster-whisper", resolve_model("tiny.en"), "float32", 0)
    theirs = faster.transcribe(speech_dir / f"{clip}.wav", None, TranscribeOptions(), None)
    assert jiwer.wer(_text(theirs), _text(openai_transcripts[clip])) <= 0.05


def test_close_to_default_faster_whisper(openai_transcripts, tiny_engine, speech_dir: Path):
    # faster-whisper's default int8 weights can change a word: compare over both clips.
    theirs = [_text(tiny_engine.transcribe(speech_dir / f"{c}.wav", None, TranscribeOptions(), None))
              for c in CLIPS]
    assert jiwer.wer(theirs, [_text(openai_transcripts[c]) for c in CLIPS]) <= 0.05


@pytest.mark.parametrize("clip", CLIPS)
def test_word_error_rate_against_the_reference(openai_transcripts, speech_dir: Path, clip):
    reference = english((speech_dir / f"{clip}.txt").read_text())
    assert jiwer.wer(reference, _text(openai_transcripts[clip])) <= 0.25


def test_transcript_fields_and_segment_times(openai_transcripts):
    transcript = openai_transcripts["librivox-0870"]
    assert transcript.engine == "openai-whisper"
    assert transcript.model == "tiny.en"
    assert transcript.language == "en"
    assert transcript.language_probability == pytest.approx(1.0)
    assert transcript.duration == pytest.approx(7.1, abs=0.05)
    segments = transcript.segments
    assert segments and [s.idx for s in segments] == list(range(len(segments)))
    for s in segments:
        assert s.text == s.text.strip() and s.text
        assert 0 <= s.start < s.end <= transcript.duration + 0.5
        assert s.avg_logprob is not None and s.no_speech_prob is not None
        assert s.words == ()


def test_word_timestamps_and_progress(openai_whisper, speech_dir: Path):
    calls: list[tuple[float, float]] = []
    transcript = openai_whisper.transcribe(
        speech_dir / "librivox-0920.wav", "en", TranscribeOptions(word_timestamps=True),
        lambda done, total: calls.append((done, total)),
    )
    words = [w for s in transcript.segments for w in s.words]
    assert "amiable" in english(" ".join(w.text for w in words))
    for s in transcript.segments:
        assert s.words and s.start <= s.words[0].start and s.words[-1].end <= s.end
    assert all(w.start <= w.end for w in words)
    assert [w.start for w in words] == sorted(w.start for w in words)
    assert calls and calls[-1] == (transcript.duration, transcript.duration)


def test_vad_keeps_the_original_timeline(openai_whisper, speech_dir: Path, tmp_path: Path, write_wav):
    speech = load_audio(speech_dir / "espeak-housing.wav")
    silence = np.zeros(4 * SAMPLING_RATE, dtype=np.float32)
    path = write_wav(tmp_path / "padded.wav", np.concatenate([silence, speech]))
    result = openai_whisper.transcribe(path, None, TranscribeOptions(vad_filter=True), None)
    assert result.segments and result.segments[0].start >= 3.0
    assert heard(" ".join(s.text for s in result.segments), "landlord", "rent", "evicted")


def test_silence_gives_no_segments_through_transcribe_file(openai_whisper, tmp_path: Path, write_wav,
                                                           openai_cache: Path, monkeypatch):
    # get_engine's cache hands transcribe_file the engine loaded above (or converts anew
    # into the test cache, should something have pushed it out). VAD finds no speech.
    monkeypatch.setattr(openai_engine_module, "checkpoint_dir", lambda: openai_cache)
    path = write_wav(tmp_path / "silence.wav", np.zeros(3 * SAMPLING_RATE, dtype=np.float32))
    result = transcribe_file(path, engine="openai-whisper")
    assert result.engine == "openai-whisper" and result.model == "tiny.en"
    assert result.segments == [] and result.duration == pytest.approx(3.0)


def test_english_only_model_refuses_another_language(openai_whisper, speech_dir: Path):
    with pytest.raises(ConfigError, match="English-only"):
        openai_whisper.transcribe(speech_dir / "librivox-0870.wav", "fr", TranscribeOptions(), None)


def test_a_checkpoint_file_loads_directly(openai_whisper):
    engine = OpenAIWhisperEngine(openai_whisper.model_path)
    assert engine.model_name == openai_whisper.model_path.stem
    assert engine.model_path == openai_whisper.model_path


def test_missing_openai_whisper_is_a_config_error(monkeypatch, openai_cache: Path):
    monkeypatch.setitem(sys.modules, "whisper", None)  # makes `import whisper` fail
    with pytest.raises(ConfigError, match="openai-whisper is not installed"):
        OpenAIWhisperEngine(resolve_model("tiny.en"), cache_dir=openai_cache)
