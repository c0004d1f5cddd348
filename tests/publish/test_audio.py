from pathlib import Path

import av
import numpy as np
import pytest
from audio import encode, truncate

from publish.audio import write_redacted_audio
from stories.errors import StepFailed

SPEECH = Path(__file__).parent.parent / "data" / "speech" / "librivox-0870.wav"
SPANS = [(2.0, 3.0)]


def decode(path: Path) -> tuple[np.ndarray, int]:
    """Mono float samples (full scale 1.0) and the rate, as a listener would hear them."""
    with av.open(str(path)) as container:
        stream = container.streams.audio[0]
        resampler = av.AudioResampler(format="flt", layout="mono", rate=stream.rate)
        frames = [f for frame in container.decode(stream) for f in resampler.resample(frame)]
        frames += resampler.resample(None)
        return np.concatenate([f.to_ndarray()[0] for f in frames]), stream.rate


def rms(samples: np.ndarray, rate: int, start: float, end: float) -> float:
    return float(np.sqrt(np.mean(samples[int(start * rate):int(end * rate)] ** 2)))


@pytest.fixture(params=["wav", "m4a", "mp3", "ogg", "mp4"])
def recording(request, tmp_path) -> Path:
    """The same real speech as an upload would arrive: plain, compressed, or in a video."""
    if request.param == "wav":
        return SPEECH
    return encode(SPEECH, tmp_path / f"upload.{request.param}", with_video=request.param == "mp4")


def test_spans_are_silenced_and_the_rest_kept(recording, tmp_path):
    target = tmp_path / "public" / "story.m4a"
    assert write_redacted_audio(recording, target, SPANS) == target
    samples, rate = decode(target)
    source, source_rate = decode(recording)
    assert len(samples) / rate == pytest.approx(len(source) / source_rate, abs=0.1)
    assert rms(samples, rate, 2.05, 2.95) < 1e-3
    assert rms(samples, rate, 0.5, 1.5) > 0.01
    assert rms(samples, rate, 3.5, 4.5) > 0.01


def test_output_is_one_mono_aac_stream_in_mp4(recording, tmp_path):
    target = write_redacted_audio(recording, tmp_path / "story.m4a", SPANS)
    with av.open(str(target)) as container:
        assert [s.type for s in container.streams] == ["audio"]
        stream = container.streams.audio[0]
        assert stream.codec_context.name == "aac"
        assert stream.codec_context.layout.nb_channels == 1
        assert "mp4" in container.format.name


def test_source_rate_is_kept_when_aac_allows_it(tmp_path):
    target = write_redacted_audio(SPEECH, tmp_path / "story.m4a", SPANS)
    assert decode(target)[1] == 16000


def test_no_spans_copies_the_audio(tmp_path):
    samples, rate = decode(write_redacted_audio(SPEECH, tmp_path / "story.m4a", []))
    assert rms(samples, rate, 2.05, 2.95) > 0.01


def test_bleep_replaces_speech_with_a_tone(tmp_path):
    target = write_redacted_audio(SPEECH, tmp_path / "story.m4a", SPANS, bleep=True)
    samples, rate = decode(target)
    span = samples[int(2.05 * rate):int(2.95 * rate)]
    assert 1e-3 < rms(samples, rate, 2.05, 2.95) < 0.2
    power = np.abs(np.fft.rfft(span * np.hanning(len(span)))) ** 2
    freqs = np.fft.rfftfreq(len(span), 1 / rate)
    assert freqs[power.argmax()] == pytest.approx(1000, abs=20)
    assert power[(freqs > 950) & (freqs < 1050)].sum() > 0.95 * power.sum()


def test_spans_past_the_end_or_before_the_start_are_harmless(tmp_path):
    target = write_redacted_audio(SPEECH, tmp_path / "story.m4a", [(-1.0, 0.5), (6.5, 60.0)])
    samples, rate = decode(target)
    assert rms(samples, rate, 0.0, 0.45) < 1e-3
    assert rms(samples, rate, 6.55, 7.0) < 1e-3
    assert rms(samples, rate, 1.0, 2.0) > 0.01


def test_an_existing_target_is_replaced(tmp_path):
    target = tmp_path / "story.m4a"
    target.write_bytes(b"old version")
    write_redacted_audio(SPEECH, target, SPANS)
    assert rms(*decode(target), 2.05, 2.95) < 1e-3


@pytest.mark.parametrize("content", [b"", b"not a recording at all\n" * 50])
def test_undecodable_source_raises_and_leaves_nothing(tmp_path, content):
    source = tmp_path / "upload.mp3"
    source.write_bytes(content)
    public = tmp_path / "public"
    public.mkdir()
    with pytest.raises(StepFailed, match="upload.mp3"):
        write_redacted_audio(source, public / "story.m4a", SPANS)
    assert list(public.iterdir()) == []


def test_missing_source_raises(tmp_path):
    with pytest.raises(StepFailed, match="missing"):
        write_redacted_audio(tmp_path / "gone.wav", tmp_path / "story.m4a", SPANS)


def test_video_without_sound_raises(tmp_path):
    source = tmp_path / "silent.mp4"
    with av.open(str(source), "w") as container:
        stream = container.add_stream("mpeg4", rate=5)
        stream.width, stream.height, stream.pix_fmt = 64, 64, "yuv420p"
        for packet in stream.encode(av.VideoFrame(64, 64, "yuv420p")):
            container.mux(packet)
        for packet in stream.encode(None):
            container.mux(packet)
    with pytest.raises(StepFailed, match="no audio"):
        write_redacted_audio(source, tmp_path / "story.m4a", SPANS)
    assert not (tmp_path / "story.m4a").exists()


def test_a_truncated_upload_gives_what_could_be_decoded(tmp_path):
    source = truncate(encode(SPEECH, tmp_path / "upload.mp3"), tmp_path / "cut.mp3")
    samples, rate = decode(write_redacted_audio(source, tmp_path / "story.m4a", SPANS))
    assert 2.5 < len(samples) / rate < 5.0
    assert rms(samples, rate, 2.05, 2.95) < 1e-3


def test_no_temporary_files_are_left_beside_the_target(recording, tmp_path):
    public = tmp_path / "public"
    write_redacted_audio(recording, public / "story.m4a", SPANS)
    assert [p.name for p in public.iterdir()] == ["story.m4a"]
