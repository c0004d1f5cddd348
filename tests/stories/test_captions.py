import re

import pytest

from stories.captions import to_srt, to_text, to_webvtt
from stories.model import Segment, segments_from_text

VTT_TIME = r"(\d{2,}):(\d{2}):(\d{2})\.(\d{3})"
SRT_TIME = VTT_TIME.replace(r"\.", ",")


def _seconds(h: str, m: str, s: str, ms: str) -> float:
    return int(h) * 3600 + int(m) * 60 + int(s) + int(ms) / 1000


def _segments() -> list[Segment]:
    return [
        Segment(0, "My landlord put the rent up.", 0.0, 2.48),
        Segment(1, " We were evicted. ", 2.48, 5.0),
        Segment(2, "Then the council said wait.", 61.25, 64.0),
        Segment(3, "An hour in.", 3661.5, 3663.0004),
    ]


def _vtt_cues(vtt: str) -> list[tuple[float, float, str]]:
    header, *blocks = vtt.rstrip("\n").split("\n\n")
    assert header == "WEBVTT"
    cues = []
    for block in blocks:
        timing, text = block.split("\n")
        match = re.fullmatch(f"{VTT_TIME} --> {VTT_TIME}", timing)
        assert match, timing
        parts = match.groups()
        cues.append((_seconds(*parts[:4]), _seconds(*parts[4:]), text))
    return cues


def test_webvtt_round_trips_times_and_text():
    vtt = to_webvtt(_segments())
    assert vtt.startswith("WEBVTT\n\n") and vtt.endswith("\n")
    cues = _vtt_cues(vtt)
    assert len(cues) == 4
    for (start, end, text), segment in zip(cues, _segments(), strict=True):
        assert start == pytest.approx(segment.start, abs=0.0005)
        assert end == pytest.approx(segment.end, abs=0.0005)
        assert text == segment.text.strip()
    starts = [c[0] for c in cues]
    assert starts == sorted(starts)
    assert all(end >= start for start, end, _ in cues)


def test_known_times_are_formatted_exactly():
    vtt = to_webvtt(_segments())
    assert "01:01:01.500 --> 01:01:03.000\nAn hour in." in vtt
    assert "00:00:02.480 --> 00:00:05.000\nWe were evicted." in vtt
    srt = to_srt(_segments())
    assert "4\n01:01:01,500 --> 01:01:03,000\nAn hour in." in srt


def test_srt_cues_are_numbered_from_one_with_comma_times():
    srt = to_srt(_segments())
    blocks = srt.rstrip("\n").split("\n\n")
    assert len(blocks) == 4
    previous = -1.0
    for number, block in enumerate(blocks, start=1):
        index, timing, text = block.split("\n")
        assert index == str(number)
        match = re.fullmatch(f"{SRT_TIME} --> {SRT_TIME}", timing)
        assert match, timing
        start, end = _seconds(*match.groups()[:4]), _seconds(*match.groups()[4:])
        assert previous <= start <= end
        previous = start
        assert text


def test_text_has_minute_then_hour_timecodes():
    assert to_text(_segments()).splitlines() == [
        "[00:00] My landlord put the rent up.",
        "[00:02] We were evicted.",
        "[01:01] Then the council said wait.",
        "[1:01:01] An hour in.",
    ]


def test_written_story_cannot_be_captioned_but_exports_as_text():
    story = segments_from_text("First paragraph.\n\nSecond  paragraph,\nwrapped.")
    for export in (to_webvtt, to_srt):
        with pytest.raises(ValueError, match="has no timings"):
            export(story)
    assert to_text(story) == "First paragraph.\nSecond paragraph, wrapped.\n"


def test_one_untimed_segment_among_timed_ones_is_refused():
    mixed = [*_segments(), Segment(4, "No times here.")]
    with pytest.raises(ValueError, match="Segment 4 has no timings"):
        to_webvtt(mixed)


def test_webvtt_escapes_markup_and_arrows():
    segments = [Segment(0, "Rent & bills <b>doubled</b> --> we left", 1.0, 2.0)]
    cues = _vtt_cues(to_webvtt(segments))
    assert cues[0][2] == "Rent &amp; bills &lt;b&gt;doubled&lt;/b&gt; --&gt; we left"
    assert to_webvtt(segments).count("-->") == 1  # only the timing line


def test_multi_line_text_stays_inside_its_cue():
    segments = [Segment(0, "one\n\ntwo", 0.0, 1.0), Segment(1, "three", 1.0, 2.0)]
    assert [c[2] for c in _vtt_cues(to_webvtt(segments))] == ["one two", "three"]
    assert len(to_srt(segments).rstrip("\n").split("\n\n")) == 2


def test_empty_transcript():
    assert to_webvtt([]) == "WEBVTT\n"
    assert to_srt([]) == ""
    assert to_text([]) == ""


def test_rounding_carries_into_the_next_second():
    vtt = to_webvtt([Segment(0, "x", 59.9996, 60.0)])
    assert "00:01:00.000 --> 00:01:00.000" in vtt
