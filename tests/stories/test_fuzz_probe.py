"""Fuzz the audio probe with mutated real recordings: it accepts, or refuses with BadUpload; nothing else.

Real files from every container we accept are cut, have header bytes flipped,
and have their length and rate fields set to extreme values. Whatever comes
out, ``probe`` must either describe a recording we can transcribe or raise
``BadUpload`` (a 4xx at the form), never another exception and never hang.
"""

from __future__ import annotations

import struct

import pytest
from audio import encode, read_pcm, write_pcm
from conftest import SPEECH
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from stories.errors import BadUpload
from stories.model import Kind
from stories.probe import ALLOWED_CONTAINERS, MAX_SECONDS, is_written, probe, read_written_story

FORMATS = ("wav", "mp3", "m4a", "ogg", "flac", "webm", "aac")
EXTREMES = (0, 1, 2, 0x7F, 0xFF, 0x7FFF, 0xFFFF, 0x7FFFFFFF, 0xFFFFFFFF, 0x80000000)
BOUNDED = settings(max_examples=300, deadline=None, derandomize=True,
                   suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])


@pytest.fixture(scope="module")
def seeds(tmp_path_factory):
    """One short real recording per accepted container, as bytes (short, so each probe is quick)."""
    folder = tmp_path_factory.mktemp("fuzz-seeds")
    samples, rate = read_pcm(SPEECH / "librivox-0870.wav")
    short = write_pcm(samples[: int(1.5 * rate)], folder / "short.wav", rate)
    return {ext: encode(short, folder / f"seed.{ext}").read_bytes() for ext in FORMATS}


@st.composite
def mutated(draw, seeds: dict[str, bytes]) -> bytes:
    """A real recording, changed the way a broken transfer or a hostile hand would change it."""
    data = bytearray(seeds[draw(st.sampled_from(FORMATS))])
    for _ in range(draw(st.integers(1, 4))):
        kind = draw(st.sampled_from(["flip", "field", "cut", "splice", "drop"]))
        # Headers are where lengths, rates and counts live: aim most changes at the first bytes.
        at = draw(st.one_of(st.integers(0, min(len(data), 96)), st.integers(0, max(0, len(data) - 1))))
        if kind == "flip" and data:
            data[min(at, len(data) - 1)] ^= draw(st.integers(1, 255))
        elif kind == "field" and len(data) >= at + 4:
            data[at:at + 4] = struct.pack("<I", draw(st.sampled_from(EXTREMES)))
        elif kind == "cut":
            del data[at:]
        elif kind == "splice":
            data[at:at] = draw(st.binary(min_size=1, max_size=64))
        elif kind == "drop":
            del data[at:at + draw(st.integers(1, 512))]
    return bytes(data)


@given(data=st.data())
@BOUNDED
def test_probe_accepts_or_refuses_mutated_recordings(tmp_path, seeds, data):
    content = data.draw(mutated(seeds))
    path = tmp_path / "upload"
    path.write_bytes(content)
    try:
        info = probe(path)
    except BadUpload as exc:
        event(f"refused: {str(exc)[:40]}")  # shown by --hypothesis-show-statistics
        assert str(exc) and "Traceback" not in str(exc)
        return
    event(f"accepted {info.container}")
    assert info.kind in (Kind.AUDIO, Kind.VIDEO)
    assert info.extension in set(ALLOWED_CONTAINERS.values()) | {"mp4"}
    assert 0 < info.duration <= MAX_SECONDS


@given(content=st.one_of(st.binary(max_size=2048), st.text(max_size=500).map(lambda t: t.encode("utf-8")),
                         st.text(max_size=200).map(lambda t: t.encode("utf-16"))))
@BOUNDED
def test_written_story_is_text_or_refused(tmp_path, content):
    path = tmp_path / "story.txt"
    path.write_bytes(content)
    try:
        text = read_written_story(path)
    except BadUpload:
        return
    assert text and text == text.strip() and "\x00" not in text and "\r\n" not in text


@given(name=st.text(max_size=300))
@settings(max_examples=300, deadline=None, derandomize=True)
def test_is_written_never_fails_on_a_name(name):
    assert is_written(name) in (True, False)
    assert not is_written(name + ".mp3")
