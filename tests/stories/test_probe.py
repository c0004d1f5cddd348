import pytest
from audio import encode, truncate

from stories.errors import BadUpload, UnsupportedMedia
from stories.model import Kind
from stories.probe import is_written, probe, read_written_story

CLIP = "librivox-0870.wav"


@pytest.mark.parametrize("ext", ["m4a", "aac", "mp3", "ogg", "opus", "webm", "wav", "flac"])
def test_phone_and_browser_formats_are_accepted(tmp_path, speech, ext):
    info = probe(encode(speech(CLIP), tmp_path / f"story.{ext}"))
    assert info.kind == Kind.AUDIO
    assert 6.5 < info.duration < 7.5


def test_video_is_accepted_as_video(tmp_path, speech):
    info = probe(encode(speech(CLIP), tmp_path / "story.mp4", with_video=True))
    assert info.kind == Kind.VIDEO and info.extension == "mp4"


@pytest.mark.parametrize("ext", ["m4a", "mp3", "ogg", "webm", "wav", "flac", "mp4"])
def test_truncated_recordings_are_refused(tmp_path, speech, ext):
    whole = encode(speech(CLIP), tmp_path / f"whole.{ext}", with_video=ext == "mp4")
    with pytest.raises(BadUpload, match="cut off|damaged"):
        probe(truncate(whole, tmp_path / f"cut.{ext}"))


def test_empty_file(tmp_path):
    (tmp_path / "e.mp3").write_bytes(b"")
    with pytest.raises(BadUpload, match="empty"):
        probe(tmp_path / "e.mp3")


@pytest.mark.parametrize("content", [
    b"just some text, not audio\n" * 20,
    b"%PDF-1.4\n" + bytes(range(256)) * 8,
    b"\x89PNG\r\n\x1a\n" + b"\x00" * 200,
])
def test_non_media_renamed_mp3_is_refused(tmp_path, content):
    (tmp_path / "fake.mp3").write_bytes(content)
    with pytest.raises(UnsupportedMedia):
        probe(tmp_path / "fake.mp3")


def test_written_stories(tmp_path):
    assert is_written("My Story.MD") and not is_written("story.mp3")
    (tmp_path / "s.txt").write_text("\ufeffFirst.\r\n\r\nSecond.\n", encoding="utf-8")
    assert read_written_story(tmp_path / "s.txt") == "First.\n\nSecond."
    (tmp_path / "bin.txt").write_bytes(b"ID3\x00\x00binary")
    with pytest.raises(UnsupportedMedia):
        read_written_story(tmp_path / "bin.txt")
    (tmp_path / "blank.txt").write_text("  \n")
    with pytest.raises(BadUpload, match="empty"):
        read_written_story(tmp_path / "blank.txt")


def test_header_claiming_days_of_audio_is_refused_before_decoding(tmp_path):
    """A decompression bomb: 200 kB of 8-bit samples at 1 Hz is 55 hours, 13 GB once decoded for Whisper."""
    from hostile import wav_header

    (tmp_path / "bomb.wav").write_bytes(wav_header(rate=1, bits=8, body=b"\x80" * 200_000))
    with pytest.raises(BadUpload, match="too long"):
        probe(tmp_path / "bomb.wav")
