"""Test images made with Pillow, carrying the metadata a phone writes."""

from __future__ import annotations

import io

from PIL import Image

GPS_IFD = 0x8825
ORIENTATION = 0x0112
XMP = b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:Description GPSLatitude="51,30.0N"/></x:xmpmeta>'


def phone_jpeg() -> bytes:
    """A 40x20 JPEG, left half red, as a phone writes it: GPS, camera, owner, and rotated 90°."""
    image = Image.new("RGB", (40, 20), "blue")
    image.paste("red", (0, 0, 20, 20))
    exif = Image.Exif()
    exif[ORIENTATION] = 6  # "rotate 90° clockwise to view"
    exif[0x010F] = "PhoneMaker"  # Make
    exif[0x013B] = "Dana Whitfield"  # Artist
    exif.get_ifd(GPS_IFD).update({1: "N", 2: (51.0, 30.0, 0.0), 3: "W", 4: (0.0, 7.0, 0.0)})
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", exif=exif, xmp=XMP, quality=95)
    return buffer.getvalue()
