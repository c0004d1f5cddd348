"""Changing a model file the way a disk error or a stray edit would, for the tests of the load checks."""

from pathlib import Path


def flip_a_byte(path: Path, offset: int = 0) -> None:
    """Change one byte of ``path`` in place, keeping its size."""
    with path.open("r+b") as f:
        f.seek(offset)
        byte = f.read(1)
        f.seek(offset)
        f.write(bytes([byte[0] ^ 0x01]))
