from pathlib import Path

import av
import numpy as np
import pytest

from stories.errors import StepFailed
from transcribe.audio import SAMPLING_RATE, load_audio


def test_wav_decodes_to_16k_mono_float(speech_dir: Path):
    samples = load_audio(speech_dir / "librivox-0870.wav")
    assert samples.dtype == np.float32
    assert samples.ndim == 1
    assert samples.size / SAMPLING_RATE == pytest.approx(7.1, abs=0.05)


def test_random_bytes_raise_step_failed(tmp_path: Path):
    junk = tmp_path / "upload.wav"
    junk.write_bytes(np.random.default_rng(1).bytes(4096))
    with pytest.raises(StepFailed, match="upload.wav"):
        load_audio(junk)


def test_text_file_raises_step_failed(tmp_path: Path):
    note = tmp_path / "story.mp3"
    note.write_text("This is a written story, not a recording.\n" * 20)
    with pytest.raises(StepFailed):
        load_audio(note)


def test_missing_file_raises_step_failed(tmp_path: Path):
    with pytest.raises(StepFailed, match="missing"):
        load_audio(tmp_path / "gone.wav")


def test_video_without_audio_raises_step_failed(tmp_path: Path):
    path = tmp_path / "silent.mp4"
    with av.open(str(path), "w") as container:
        stream = container.add_stream("mpeg4", rate=5)
        stream.width, stream.height, stream.pix_fmt = 32, 32, "yuv420p"
        for _ in range(5):
            image = np.zeros((32, 32, 3), dtype=np.uint8)
            frame = av.VideoFrame.from_ndarray(image, format="rgb24")
            container.mux(stream.encode(frame))
        container.mux(stream.encode())
    with pytest.raises(StepFailed, match="no audio track"):
        load_audio(path)


def test_empty_audio_track_raises_step_failed(tmp_path: Path, write_wav):
    path = write_wav(tmp_path / "empty.wav", np.zeros(0, dtype=np.float32))
    with pytest.raises(StepFailed, match="empty"):
        load_audio(path)


@pytest.mark.parametrize("ext", ["m4a", "ogg"])
def test_recording_damaged_inside_fails_rather_than_giving_a_fragment(tmp_path: Path, ext):
    """Decoding skips unreadable packets; a file with a noisy middle third would lose it silently."""
    from hostile import damaged_middle

    path = tmp_path / f"damaged.{ext}"
    path.write_bytes(damaged_middle(ext)(tmp_path))
    with pytest.raises(StepFailed, match=r"damaged: only [\d.]+ of its [\d.]+ seconds"):
        load_audio(path)


def test_silence_gives_a_readable_failure_not_an_empty_review():
    from stories.model import Transcript
    from transcribe import require_speech

    with pytest.raises(StepFailed, match="No speech was heard"):
        require_speech(Transcript([], "en", None, 600.0, "faster-whisper", "tiny.en"))
