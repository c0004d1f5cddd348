# The model is loaded once per process: get_engine() is cached (see conftest).

from pathlib import Path

import jiwer
import numpy as np
import pytest
from audio import heard

from stories.errors import ConfigError, StepFailed
from stories.model import Transcript
from transcribe import TranscribeOptions, transcribe_file


@pytest.fixture(scope="module")
def housing(speech_dir: Path) -> tuple[Transcript, list]:
    calls: list[tuple[float, float]] = []
    result = transcribe_file(
        speech_dir / "espeak-housing.wav",
        on_progress=lambda done, total: calls.append((done, total)),
    )
    return result, calls


@pytest.mark.parametrize("clip", ["librivox-0870", "librivox-0920"])
def test_librivox_word_error_rate(speech_dir: Path, normalise, clip):
    result = transcribe_file(speech_dir / f"{clip}.wav")
    reference = (speech_dir / f"{clip}.txt").read_text()
    hypothesis = " ".join(s.text for s in result.segments)
    assert jiwer.wer(normalise(reference), normalise(hypothesis)) < 0.25


def test_librivox_transcript_fields(speech_dir: Path):
    result = transcribe_file(speech_dir / "librivox-0870.wav", model="tiny.en")
    assert isinstance(result, Transcript)
    assert (result.language, result.engine, result.model) == (
        "en",
        "faster-whisper",
        "tiny.en",
    )
    assert result.duration == pytest.approx(7.1, abs=0.05)
    assert [s.idx for s in result.segments] == list(range(len(result.segments)))
    for prev, seg in zip(result.segments, result.segments[1:], strict=False):
        assert seg.start >= prev.start
    for seg in result.segments:
        assert seg.start < seg.end <= result.duration + 0.5


def test_espeak_clip_mentions_housing(housing):
    result, _ = housing
    assert heard(" ".join(s.text for s in result.segments), "rent", "landlord", "housing")


def test_progress_reported_up_to_the_total(housing):
    result, calls = housing
    assert len(calls) >= 2
    done = [d for d, _ in calls]
    assert done == sorted(done)
    assert all(total == pytest.approx(result.duration) for _, total in calls)
    assert done[-1] == pytest.approx(result.duration, abs=0.5)


def test_options_without_vad(speech_dir: Path):
    options = TranscribeOptions(vad_filter=False, beam_size=1)
    result = transcribe_file(speech_dir / "espeak-housing.wav", options=options)
    assert heard(" ".join(s.text for s in result.segments), "landlord", "rent", "evicted")


def test_random_bytes_raise_step_failed(tmp_path: Path):
    junk = tmp_path / "story.m4a"
    junk.write_bytes(np.random.default_rng(7).bytes(8192))
    with pytest.raises(StepFailed, match="story.m4a"):
        transcribe_file(junk)



def test_unknown_engine_raises_config_error(speech_dir: Path):
    with pytest.raises(ConfigError):
        transcribe_file(speech_dir / "librivox-0870.wav", engine="nope")


def test_unknown_model_raises_config_error(speech_dir: Path):
    with pytest.raises(ConfigError, match="Unknown Whisper model"):
        transcribe_file(speech_dir / "librivox-0870.wav", model="large-v9")


def test_word_timestamps_cover_each_segment(speech_dir: Path, normalise):
    result = transcribe_file(speech_dir / "espeak-social-worker.wav",
                             options=TranscribeOptions(word_timestamps=True))
    for segment in result.segments:
        assert segment.words, segment
        assert "".join(w.text for w in segment.words).strip() == segment.text
        assert segment.start - 0.5 <= segment.words[0].start <= segment.words[-1].end <= segment.end + 0.5
    # Whisper may write the word "Sarah", " Sarah," or " sarah" (and may spell it "Sara").
    words = [w for s in result.segments for w in s.words]
    sarah = [w for w in words if normalise(w.text) in ("sarah", "sara")]
    assert sarah, [w.text for w in words]
    assert 0.5 < sarah[0].start < sarah[0].end < 3.0  # "Sarah" is said about 1.5 s in


def test_a_long_recording_with_word_times_loses_no_passage(speech_dir: Path, tmp_path: Path, normalise):
    """Regression: with word timestamps, conditioning on previous text skipped whole passages."""
    from audio import join_clips

    names = ["librivox-0870", "espeak-housing", "librivox-0920"]
    path = tmp_path / "long.wav"
    length, passes = join_clips([speech_dir / f"{name}.wav" for name in names], path, seconds=60)
    reference = [(speech_dir / f"{name}.txt").read_text() for name in names] * passes
    result = transcribe_file(path, options=TranscribeOptions(word_timestamps=True))
    hypothesis = " ".join(s.text for s in result.segments)
    assert jiwer.wer(normalise(" ".join(reference)), normalise(hypothesis)) < 0.1
    assert result.segments[-1].end > length - 10  # it reached the end
