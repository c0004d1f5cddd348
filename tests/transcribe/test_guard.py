from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest

from stories.model import Segment
from transcribe.guard import GuardThresholds, flag_segments, story_flags

RATE = 16_000


def seg(text: str, idx: int = 0, **fields) -> Segment:
    return Segment(idx, text, **fields)


def flags_of(text: str, **fields) -> tuple[str, ...]:
    return flag_segments([seg(text, **fields)])[0].flags


@pytest.fixture(scope="module")
def silence_then_tone() -> np.ndarray:
    """0-2 s of digital silence, then 2-4 s of a 440 Hz sine at 0.3 amplitude."""
    t = np.arange(2 * RATE, dtype=np.float32) / RATE
    tone = (0.3 * np.sin(2 * np.pi * 440 * t)).astype(np.float32)
    return np.concatenate([np.zeros(2 * RATE, dtype=np.float32), tone])


def test_repeated_phrase_in_a_segment_is_a_loop():
    assert flags_of("thank you thank you thank you thank you") == ("loop",)


def test_repeats_ignore_case_and_punctuation():
    assert flags_of("Thank you. Thank you! thank you,") == ("loop",)


def test_ordinary_sentence_is_not_a_loop():
    assert flags_of("I went to the jobcentre on Monday") == ()


def test_two_repeats_are_not_a_loop():
    assert flags_of("very very good") == ()


def test_same_text_in_three_consecutive_segments_flags_all_three():
    segments = [seg("Thanks for watching.", i) for i in range(3)]
    assert [s.flags for s in flag_segments(segments)] == [("loop",)] * 3


def test_same_text_twice_or_not_consecutively_is_no_loop():
    texts = ["Thanks for watching.", "Thanks for watching.", "Bye.", "Thanks for watching."]
    segments = [seg(text, i) for i, text in enumerate(texts)]
    assert all(s.flags == () for s in flag_segments(segments))


def test_high_compression_ratio_is_a_loop():
    # A long repeat of a phrase longer than five words: only the compression ratio sees it.
    text = " ".join(["the council said they would ring me back about the flat"] * 2)
    text += " and " + text
    assert flags_of(text) == ("loop",)
    assert flags_of(text, avg_logprob=-0.2) == ("loop",)
    relaxed = GuardThresholds(max_compression_ratio=100, loop_max_ngram=1)
    assert flag_segments([seg(text)], thresholds=relaxed)[0].flags == ()


def test_low_average_logprob_is_low_confidence():
    assert flags_of("I went to the jobcentre", avg_logprob=-1.5) == ("low_confidence",)
    assert flags_of("I went to the jobcentre", avg_logprob=-0.3) == ()


def test_no_speech_needs_a_low_logprob_too():
    assert flags_of("Thanks for watching.", no_speech_prob=0.9, avg_logprob=-0.8) == ("no_speech",)
    assert flags_of("Thanks for watching.", no_speech_prob=0.9, avg_logprob=-0.1) == ()
    assert flags_of("Thanks for watching.", no_speech_prob=0.3, avg_logprob=-0.8) == ()


def test_flags_are_sorted_and_combined():
    flags = flags_of("bye bye bye", no_speech_prob=0.95, avg_logprob=-1.4)
    assert flags == ("loop", "low_confidence", "no_speech")


def test_text_over_silence_is_flagged(silence_then_tone):
    segments = [
        seg("Thanks for watching.", 0, start=0.2, end=1.8),
        seg("Hello there.", 1, start=2.2, end=3.8),
    ]
    flagged = flag_segments(segments, silence_then_tone, RATE)
    assert [s.flags for s in flagged] == [("silence",), ()]


def test_silence_fraction_allows_pauses_around_speech(silence_then_tone):
    # 1.0-4.0 s: a third silent, two thirds tone, so less than 80% silent.
    flagged = flag_segments([seg("Hello there.", start=1.0, end=4.0)], silence_then_tone, RATE)
    assert flagged[0].flags == ()


def test_segment_past_the_end_of_the_audio_is_not_flagged_silent(silence_then_tone):
    flagged = flag_segments([seg("Hello.", start=10.0, end=12.0)], silence_then_tone, RATE)
    assert flagged[0].flags == ()


def test_no_samples_or_no_times_skip_the_silence_check(silence_then_tone):
    timed = seg("Thanks for watching.", start=0.2, end=1.8)
    assert flag_segments([timed])[0].flags == ()
    untimed = seg("Thanks for watching.")
    assert flag_segments([untimed], silence_then_tone, RATE)[0].flags == ()
    half = seg("Thanks for watching.", end=1.8)
    assert flag_segments([half], silence_then_tone, RATE)[0].flags == ()


def test_returns_new_segments_and_leaves_the_originals(silence_then_tone):
    original = seg("thank you thank you thank you", start=0.2, end=1.8, avg_logprob=-1.5)
    before = replace(original)
    samples_before = silence_then_tone.copy()
    [flagged] = flag_segments([original], silence_then_tone, RATE)
    assert flagged is not original
    assert original == before and original.flags == ()
    assert flagged.flags == ("loop", "low_confidence", "silence")
    assert replace(flagged, flags=()) == original
    np.testing.assert_array_equal(silence_then_tone, samples_before)


def test_empty_list():
    assert flag_segments([]) == []
    assert story_flags([]) == []


def test_story_flags_hallucination_from_any_segment_flag():
    for flag in ("loop", "silence", "no_speech"):
        segments = [seg("a", 0), seg("b", 1, flags=(flag,))]
        assert story_flags(segments) == ["hallucination"]


def test_story_flags_low_confidence_over_a_fifth_of_segments():
    five = [seg("a", i) for i in range(5)]
    one_low = [replace(five[0], flags=("low_confidence",)), *five[1:]]
    assert story_flags(one_low) == []  # exactly 20% is not more than 20%
    two_low = [replace(s, flags=("low_confidence",)) for s in five[:2]] + five[2:]
    assert story_flags(two_low) == ["low_confidence"]


def test_story_flags_sorted_without_duplicates():
    segments = [
        seg("a", 0, flags=("loop", "low_confidence")),
        seg("b", 1, flags=("low_confidence", "silence")),
    ]
    assert story_flags(segments) == ["hallucination", "low_confidence"]
    assert story_flags([seg("c", 0)]) == []


@pytest.mark.slow
def test_clean_real_speech_has_no_flags(speech_dir: Path):
    from faster_whisper import decode_audio

    from transcribe import transcribe_file

    path = speech_dir / "librivox-0870.wav"
    transcript = transcribe_file(path)
    samples = decode_audio(str(path))
    assert transcript.segments
    flagged = flag_segments(transcript.segments, samples)
    assert [s.flags for s in flagged] == [()] * len(flagged), flagged
    assert story_flags(flagged) == []
