"""A photo sent with a written story, cleaned of everything but its pixels.

Phones write the place a photo was taken (EXIF GPS), the device, the time and
often the owner's name into the file. A teller who stays anonymous must not be
found through their photo, so the stored copy is re-encoded from pixels alone:
no EXIF, XMP, IPTC, ICC profile, text chunk or thumbnail survives. The EXIF
orientation is applied first, so the picture still stands the right way up.

It lives in the core because intake (the web form) and the CLI both keep photos.
"""

from __future__ import annotations

import io
import warnings
from dataclasses import dataclass
from pathlib import Path

from PIL import Image, ImageOps

from stories.errors import N_, BadUpload
from stories.media import IncomingFile
from stories.media_store import MediaStore, as_media
from stories.settings import MB

MAX_PHOTO_BYTES = 15 * MB
#: A 15 MB file can still unpack to gigabytes of pixels; 60 megapixels covers phone cameras.
MAX_PIXELS = 60_000_000
#: A JPEG is decoded straight at a fraction of its size (``draft``); PNG and WebP can only be decoded
#: whole, so they are held to what a screenshot or a scan needs (100 MB of RGBA at most).
MAX_PIXELS_DECODED_WHOLE = 25_000_000
#: What is kept is at most this many pixels a side: enough for a moderator, and it bounds the memory
#: each photo costs after decoding (a 60-megapixel PNG of one colour is a 250 KB file).
KEPT_SIDE = 4096
# Pillow refuses (or warns about) images over this before decoding them: the same limit, everywhere.
Image.MAX_IMAGE_PIXELS = MAX_PIXELS
#: Pillow's format name -> the stored file's extension. The format is read from the bytes.
FORMATS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp"}
ACCEPTED_PHOTOS = "JPEG, PNG or WebP"
JPEG_QUALITY = 90
NOT_A_PHOTO = N_("This file is not a photo we can read. Please choose a %(formats)s image.")
TOO_MANY_PIXELS = N_("The photo is too large: at most %(n)s megapixels.")


class BadPhoto(BadUpload):
    """The photo is not one we accept: not an image, broken, too big or of another format."""

    field = "photo"  # the form marks the photo input, not the recording


class PhotoTooLarge(BadPhoto):
    status = 413


@dataclass(frozen=True)
class KeptPhoto:
    """Where the cleaned photo is, relative to the media folder, and its hash."""

    path: str
    sha256: str
    is_new: bool


def clean_photo(data: io.BufferedIOBase | Path) -> tuple[bytes, str]:
    """Re-encode an image from its pixels alone; returns the new file's bytes and extension.

    Raises BadPhoto for anything that is not a whole JPEG, PNG or WebP image.
    """
    try:
        with warnings.catch_warnings():
            # Pillow only warns about a decompression bomb below twice its limit; refuse it outright.
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(data, formats=list(FORMATS)) as image:
                extension = FORMATS[image.format]
                limit = MAX_PIXELS if extension == "jpg" else min(MAX_PIXELS, MAX_PIXELS_DECODED_WHOLE)
                if image.width * image.height > limit:
                    raise PhotoTooLarge(TOO_MANY_PIXELS, n=limit // 1_000_000)
                # A JPEG decodes straight at a fraction of its size; other formats are shrunk
                # in place as soon as they are decoded, before any copy is made.
                # (``draft`` picks the smallest scale still at least this big: up to twice it.)
                image.draft(image.mode, (KEPT_SIDE // 2, KEPT_SIDE // 2))
                image.load()  # a truncated or corrupt file fails here, not later
                image.thumbnail((KEPT_SIDE, KEPT_SIDE))
                upright = ImageOps.exif_transpose(image, in_place=True) or image
                pixels = _pixels_only(upright, keep_alpha=extension != "jpg")
    except BadPhoto:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise PhotoTooLarge(TOO_MANY_PIXELS, n=MAX_PIXELS // 1_000_000) from None
    except Image.UnidentifiedImageError:
        raise BadPhoto(NOT_A_PHOTO, formats=ACCEPTED_PHOTOS) from None
    except (OSError, SyntaxError, ValueError):
        # Pillow reports truncated and corrupt data through these.
        raise BadPhoto(N_("The photo seems to be damaged or cut off. Please choose it again.")) from None
    buffer = io.BytesIO()
    # Nothing but pixels is passed to save: no exif=, icc_profile= or pnginfo=.
    if extension == "jpg":
        pixels.save(buffer, "JPEG", quality=JPEG_QUALITY, optimize=True)
    elif extension == "png":
        pixels.save(buffer, "PNG", optimize=True)
    else:
        pixels.save(buffer, "WEBP", quality=JPEG_QUALITY)
    return buffer.getvalue(), extension


def _pixels_only(image: Image.Image, keep_alpha: bool) -> Image.Image:
    """A new image built from the pixel data alone, so no metadata can ride along in ``info``."""
    has_alpha = image.mode in ("RGBA", "LA", "PA") or "transparency" in image.info
    mode = "RGBA" if keep_alpha and has_alpha else "RGB"
    converted = image if image.mode == mode else image.convert(mode)
    clean = Image.new(mode, converted.size)  # an empty ``info``: one copy of the pixels, nothing else
    clean.paste(converted)
    return clean


def keep_photo(incoming: IncomingFile, media: Path | MediaStore, incoming_dir: Path) -> KeptPhoto:
    """Clean an uploaded photo and keep it in the media store (or folder) by the hash of the cleaned file.

    The upload itself (with its metadata) is discarded, accepted or not.
    """
    try:
        incoming.finish()
        if incoming.size == 0:
            raise BadPhoto(N_("The photo file is empty. Please choose it again."))
        if incoming.size > MAX_PHOTO_BYTES:
            raise PhotoTooLarge(N_("The photo is too large. The limit is %(mb)s MB."),
                                mb=MAX_PHOTO_BYTES // MB)
        with incoming.path.open("rb") as f:
            data, extension = clean_photo(f)
    finally:
        incoming.discard()
    cleaned = IncomingFile(incoming_dir)
    try:
        cleaned.write(data)
        path, is_new = as_media(media).put(cleaned, extension)
    except BaseException:
        cleaned.discard()
        raise
    return KeptPhoto(path, cleaned.sha256, is_new)
