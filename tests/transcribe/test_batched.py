"""Batched decoding (faster-whisper's BatchedInferencePipeline) of long recordings: same words, same times."""

from pathlib import Path

import jiwer
import pytest
from audio import join_clips

from transcribe import TranscribeOptions
from transcribe.engines import FasterWhisperEngine

CLIPS = ("librivox-0870", "librivox-0920")
ONE_AT_A_TIME = TranscribeOptions(word_timestamps=True, batch_size=1)
BATCHED = TranscribeOptions(word_timestamps=True, batch_size=4, batch_from=0)


@pytest.fixture(scope="module")
def long_story(speech_dir: Path, tmp_path_factory) -> tuple[Path, str]:
    """About a minute of real speech: the LibriVox clips, joined and repeated."""
    target = tmp_path_factory.mktemp("batched") / "story.wav"
    _, passes = join_clips([speech_dir / f"{c}.wav" for c in CLIPS], target, seconds=60)
    reference = " ".join([(speech_dir / f"{c}.txt").read_text().strip() for c in CLIPS] * passes)
    return target, reference


@pytest.fixture(scope="module")
def both(tiny_engine, long_story):
    path, _ = long_story
    progress: list[tuple[float, float]] = []
    batched = tiny_engine.transcribe(path, None, BATCHED, lambda done, total: progress.append((done, total)))
    return tiny_engine.transcribe(path, None, ONE_AT_A_TIME, None), batched, progress


def test_only_long_recordings_are_batched():
    options = TranscribeOptions(batch_size=8, batch_from=120)
    assert not FasterWhisperEngine.batched(options, 119.9)
    assert FasterWhisperEngine.batched(options, 120)
    assert not FasterWhisperEngine.batched(TranscribeOptions(batch_size=1, batch_from=0), 3600)


def test_batched_decoding_hears_the_same_words(both, long_story, normalise):
    single, batched, _ = both
    reference = normalise(long_story[1])
    wer = {name: jiwer.wer(reference, normalise(" ".join(s.text for s in t.segments)))
           for name, t in (("single", single), ("batched", batched))}
    assert wer["batched"] < 0.25
    # Any CPU gives slightly different words; batching must not cost more than a few of them.
    assert wer["batched"] <= wer["single"] + 0.03, wer


def test_batched_segments_keep_word_times_on_the_recordings_timeline(both):
    _, batched, _ = both
    assert len(batched.segments) > 1
    assert [s.idx for s in batched.segments] == list(range(len(batched.segments)))
    starts = [s.start for s in batched.segments]
    assert starts == sorted(starts)
    for segment in batched.segments:
        assert segment.words, segment  # audio redaction silences by them
        assert all(segment.start - 0.5 <= w.start <= w.end <= segment.end + 0.5 for w in segment.words)
        assert segment.end <= batched.duration + 0.5


def test_progress_is_reported_as_batches_finish(both):
    _, batched, progress = both
    assert len(progress) >= 2
    assert [done for done, _ in progress] == sorted(done for done, _ in progress)
    assert progress[-1] == (batched.duration, batched.duration)


def test_an_error_from_progress_stops_a_batched_run(tiny_engine, long_story):
    class LeaseLost(Exception):
        pass

    def lost(done, total):
        raise LeaseLost

    with pytest.raises(LeaseLost):
        tiny_engine.transcribe(long_story[0], None, BATCHED, lost)
