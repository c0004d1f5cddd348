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


def test_speech_no_chunk_accounted_for_is_decoded_again_in_its_place():
    # A fake model at the seam: the batched pipeline dropped the chunk from 30 s to 58 s.
    from types import SimpleNamespace as NS

    from transcribe.batched import _filled

    class OneWindowAtATime:
        def __init__(self):
            self.asked = []

        def transcribe(self, samples, clip_timestamps, **options):
            self.asked.append((clip_timestamps, options["vad_filter"]))
            return iter([NS(start=31.0, end=57.0, text="the lost passage")]), None

    chunks = [NS(start=0.5, end=29.5, text="first"), NS(start=58.5, end=80.0, text="last")]
    speech = [(0.2, 29.8), (30.5, 57.8), (58.2, 80.3)]
    model = OneWindowAtATime()
    out = list(_filled(chunks, lambda s, e: speech, model, None, {"vad_filter": True}, duration=81.0))
    assert [s.text for s in out] == ["first", "the lost passage", "last"]
    assert model.asked == [([29.5, 58.5], False)]


def test_pauses_between_chunks_are_not_decoded_again():
    from types import SimpleNamespace as NS

    from transcribe.batched import _filled

    class NeverAsked:
        def transcribe(self, *args, **kwargs):
            raise AssertionError("nothing was missed")

    def not_listened(start, end):
        raise AssertionError(f"VAD ran on a pause of {end - start:.1f} s")

    chunks = [NS(start=0.5, end=29.5), NS(start=30.5, end=59.0)]
    assert len(list(_filled(chunks, not_listened, NeverAsked(), None, {}, duration=60.0))) == 2
    # A long silence is listened to, that stretch only, and nothing is decoded again.
    listened = []
    chunks = [NS(start=0.5, end=29.5), NS(start=40.0, end=59.0)]
    heard = lambda start, end: listened.append((start, end)) or [(39.6, 59.4)]  # noqa: E731
    assert len(list(_filled(chunks, heard, NeverAsked(), None, {}, duration=60.0))) == 2
    assert listened == [(29.5, 40.0)]
