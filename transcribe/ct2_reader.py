"""Read CTranslate2's ``model.bin``: the weights of a model faster-whisper runs.

CTranslate2 can write this format but not export it back, so we parse it ourselves.
Its layout (what ``ctranslate2.specs.ModelSpec._serialize`` writes, little-endian):
a uint32 version, the spec name and a uint32 revision, a uint32 count of variables,
each as name, uint8 rank, a uint32 per dimension, uint8 type id, uint32 byte count
and the raw data; then a uint32 count of aliases, each as alias name and target name.
Strings are a uint16 length (counting a trailing NUL), the UTF-8 bytes and the NUL.
"""

from __future__ import annotations

import mmap
import struct
from pathlib import Path

import numpy as np

from stories.errors import ConfigError

#: The only layout we know, the one CTranslate2 4.x writes; older ones differ.
_BINARY_VERSION = 6
#: CTranslate2's DataType enum (include/ctranslate2/types.h), by type id.
_DTYPES = {0: np.float32, 1: np.int8, 2: np.int16, 3: np.int32, 4: np.float16, 5: "bfloat16"}


def read_ct2_model(path: Path, spec: str = "WhisperSpec") -> dict[str, np.ndarray]:
    """Return every variable (aliases included) of a CTranslate2 ``model.bin`` by name.

    Raises ConfigError for a missing or truncated file, or one holding another ``spec``.
    """
    try:
        with open(path, "rb") as file, mmap.mmap(file.fileno(), 0, access=mmap.ACCESS_READ) as buf:
            return _parse(buf, spec)
    except OSError as exc:
        raise ConfigError(f"Cannot read the CTranslate2 model {path}: {exc}") from exc
    except (struct.error, ValueError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path} is not a CTranslate2 model file we can read: {exc}") from exc


def _parse(buf: mmap.mmap, expected_spec: str) -> dict[str, np.ndarray]:
    pos = 0

    def take(fmt: str) -> int:
        nonlocal pos
        (value,) = struct.unpack_from("<" + fmt, buf, pos)
        pos += struct.calcsize("<" + fmt)
        return value

    def text() -> str:
        nonlocal pos
        size = take("H")  # counts the trailing NUL
        value = bytes(buf[pos : pos + size - 1]).decode()
        pos += size
        return value

    version = take("I")
    if version != _BINARY_VERSION:
        raise ValueError(f"binary version {version}, expected {_BINARY_VERSION}")
    spec, _revision = text(), take("I")
    if spec != expected_spec:
        raise ValueError(f"it holds a {spec}, not a {expected_spec}")
    variables: dict[str, np.ndarray] = {}
    for _ in range(take("I")):
        name = text()
        shape = tuple(take("I") for _ in range(take("B")))
        type_id, size = take("B"), take("I")
        if type_id not in _DTYPES:
            raise ValueError(f"{name} has an unknown data type {type_id}")
        dtype = _DTYPES[type_id]
        raw = np.dtype(np.uint16 if dtype == "bfloat16" else dtype)
        if size != raw.itemsize * int(np.prod(shape)) or pos + size > len(buf):
            raise ValueError(f"{name} is truncated")
        # Copy out of the map so it can be closed once parsed.
        array = np.frombuffer(buf, raw, size // raw.itemsize, pos).reshape(shape).copy()
        if dtype == "bfloat16":  # numpy has no bfloat16: it is the top half of a float32
            array = (array.astype(np.uint32) << 16).view(np.float32)
        variables[name] = array
        pos += size
    for _ in range(take("I")):
        alias, target = text(), text()
        variables[alias] = variables[target]
    return variables
