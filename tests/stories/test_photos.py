"""A written story's photo is stored with its pixels only: no location, no metadata."""

from __future__ import annotations

import io

import pytest
from images import GPS_IFD, phone_jpeg
from PIL import Image, PngImagePlugin

from stories.errors import BadUpload
from stories.media import IncomingFile
from stories.photos import KEPT_SIDE, MAX_PHOTO_BYTES, BadPhoto, clean_photo, keep_photo
from stories.settings import MB


def incoming(tmp_path, data: bytes) -> IncomingFile:
    upload = IncomingFile(tmp_path / "incoming")
    upload.write(data)
    return upload


def test_jpeg_loses_gps_and_all_exif_and_stands_upright(tmp_path):
    original = phone_jpeg()
    with Image.open(io.BytesIO(original)) as before:  # the fixture really carries what a phone writes
        assert before.getexif().get_ifd(GPS_IFD) and "xmp" in before.info
    kept = keep_photo(incoming(tmp_path, original), tmp_path / "media", tmp_path / "incoming")
    stored = tmp_path / "media" / kept.path
    assert kept.path.endswith(".jpg") and kept.sha256 in kept.path and kept.is_new
    data = stored.read_bytes()
    for secret in (b"Exif", b"PhoneMaker", b"Dana", b"xmpmeta"):
        assert secret not in data
    with Image.open(stored) as after:
        assert not after.getexif() and "exif" not in after.info and "xmp" not in after.info
        assert after.size == (20, 40)  # the orientation was applied to the pixels
        assert after.getpixel((10, 5))[0] > 200  # red (the left half) is now on top
        assert after.getpixel((10, 35))[2] > 200  # blue at the bottom
    assert list((tmp_path / "incoming").iterdir()) == []  # the original, with its GPS, is gone


def test_png_text_chunks_and_exif_are_dropped_and_alpha_kept():
    image = Image.new("RGBA", (8, 8), (0, 128, 0, 100))
    info = PngImagePlugin.PngInfo()
    info.add_text("Author", "Dana Whitfield")
    info.add_itxt("Location", "12 Acacia Avenue")
    exif = Image.Exif()
    exif.get_ifd(GPS_IFD).update({1: "N", 2: (51.0, 30.0, 0.0)})
    buffer = io.BytesIO()
    image.save(buffer, "PNG", pnginfo=info, exif=exif)
    data, extension = clean_photo(io.BytesIO(buffer.getvalue()))
    assert extension == "png"
    assert b"Dana" not in data and b"Acacia" not in data and b"eXIf" not in data and b"tEXt" not in data
    with Image.open(io.BytesIO(data)) as after:
        assert after.text == {} and not after.getexif()
        assert after.mode == "RGBA" and after.getpixel((1, 1)) == (0, 128, 0, 100)


def test_webp_is_kept_as_webp():
    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), "white").save(buffer, "WEBP", exif=phone_exif_bytes())
    data, extension = clean_photo(io.BytesIO(buffer.getvalue()))
    assert extension == "webp" and b"PhoneMaker" not in data


def phone_exif_bytes() -> bytes:
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"
    return exif.tobytes()


@pytest.mark.parametrize("data", [b"not a photo at all\n" * 50, b"%PDF-1.4\n" + b"x" * 100])
def test_garbage_is_refused_with_a_clear_message(tmp_path, data):
    with pytest.raises(BadUpload, match="not a photo we can read") as refused:
        keep_photo(incoming(tmp_path, data), tmp_path / "media", tmp_path / "incoming")
    assert refused.value.status == 400 and refused.value.field == "photo"
    assert not (tmp_path / "media").exists() and list((tmp_path / "incoming").iterdir()) == []


def test_a_cut_off_jpeg_is_refused(tmp_path):
    data = phone_jpeg()
    with pytest.raises(BadPhoto, match="damaged or cut off") as refused:
        keep_photo(incoming(tmp_path, data[: len(data) // 2]), tmp_path / "media", tmp_path / "incoming")
    assert refused.value.status == 400


def test_other_image_formats_are_refused():
    buffer = io.BytesIO()
    Image.new("RGB", (4, 4)).save(buffer, "GIF")
    with pytest.raises(BadPhoto, match="JPEG, PNG or WebP"):
        clean_photo(io.BytesIO(buffer.getvalue()))


def test_too_big_a_file_is_refused_before_decoding(tmp_path, monkeypatch):
    monkeypatch.setattr("stories.photos.MAX_PHOTO_BYTES", 100)
    with pytest.raises(BadPhoto, match="too large") as refused:
        keep_photo(incoming(tmp_path, phone_jpeg()), tmp_path / "media", tmp_path / "incoming")
    assert refused.value.status == 413
    assert MAX_PHOTO_BYTES == 15 * MB


def test_the_same_photo_twice_is_stored_once(tmp_path):
    first = keep_photo(incoming(tmp_path, phone_jpeg()), tmp_path / "media", tmp_path / "incoming")
    second = keep_photo(incoming(tmp_path, phone_jpeg()), tmp_path / "media", tmp_path / "incoming")
    assert first.path == second.path and first.is_new and not second.is_new


def test_too_many_pixels_is_refused_before_decoding(monkeypatch):
    # A small file can unpack to gigabytes of pixels; the size in the header is checked first.
    monkeypatch.setattr("stories.photos.MAX_PIXELS", 100)
    with pytest.raises(BadPhoto, match="too large") as refused:
        clean_photo(io.BytesIO(phone_jpeg()))
    assert refused.value.status == 413


PROBE = """
import resource, sys, io
from PIL import Image
from stories.photos import BadPhoto, KEPT_SIDE, clean_photo
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
try:
    data, ext = clean_photo(open(sys.argv[1], "rb"))
    answer = max(Image.open(io.BytesIO(data)).size)
except BadPhoto as exc:
    answer = exc.status
print(answer, (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) // 1024)
"""


@pytest.mark.parametrize("kind, answer, most_mb", [("png", 413, 50), ("jpg", KEPT_SIDE, 250)])
def test_a_huge_photo_that_is_a_tiny_file_costs_bounded_memory(tmp_path, kind, answer, most_mb):
    """A 7,745 x 7,745 photo of one colour is a file of a few hundred KB: cleaning it must not take
    gigabytes. A PNG that size is refused before decoding; a JPEG is decoded at a fraction of it."""
    import subprocess
    import sys

    bomb = tmp_path / f"bomb.{kind}"
    Image.new("RGB", (7745, 7745), (200, 30, 30)).save(bomb)
    assert bomb.stat().st_size < 2_000_000
    # A fresh process, so its peak memory is this photo's alone.
    result = subprocess.run([sys.executable, "-c", PROBE, str(bomb)], capture_output=True, text=True,
                            timeout=300)
    assert result.returncode == 0, result.stderr[-2000:]
    got, megabytes = map(int, result.stdout.split())
    assert got == answer if kind == "png" else got <= answer
    assert megabytes < most_mb, f"{megabytes} MB for one photo"
