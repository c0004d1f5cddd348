"""A model's files are checked against their recorded sha256 before it is loaded, once per process."""

import hashlib
import os
import time
from pathlib import Path

import pytest
from tampering import flip_a_byte

from stories import model_files
from stories.errors import ConfigError, StoriesError
from stories.model_files import ModelFilesChanged, check


@pytest.fixture
def model(tmp_path: Path) -> tuple[Path, dict[str, str]]:
    folder = tmp_path / "model"
    (folder / "ner").mkdir(parents=True)
    (folder / "weights.bin").write_bytes(os.urandom(4096))
    (folder / "ner" / "cfg").write_text('{"beam": 1}')
    (folder / ".record.json").write_text("{}")  # bookkeeping beside a model: not part of it
    hashes = {rel: hashlib.sha256((folder / rel).read_bytes()).hexdigest()
              for rel in ("weights.bin", "ner/cfg")}
    for rel in hashes:  # installed a while ago, as a real model is
        os.utime(folder / rel, (time.time() - 60,) * 2)
    return folder, hashes


def test_a_model_as_recorded_passes(model):
    check(*model, "test model", "reinstall it")


def test_a_flipped_byte_is_refused_naming_the_file_and_what_to_do(model):
    folder, hashes = model
    flip_a_byte(folder / "weights.bin", 1000)
    with pytest.raises(ModelFilesChanged, match=r"test model: weights.bin in .* has changed since it was "
                                                r"installed \(sha256 .*\): reinstall it") as refused:
        check(folder, hashes, "test model", "reinstall it")
    # A StoriesError: the command line shows it as a message, and the worker keeps it as the reason.
    assert isinstance(refused.value, ConfigError) and isinstance(refused.value, StoriesError)


def test_the_files_are_hashed_once_until_they_change(model, monkeypatch):
    folder, hashes = model
    check(folder, hashes, "test model", "fix")
    real = model_files.sha256_of
    monkeypatch.setattr(model_files, "sha256_of", lambda path: pytest.fail(f"hashed {path} again"))
    check(folder, hashes, "test model", "fix")
    # Written again (a new mtime, maybe a new inode): hashed again, and refused.
    monkeypatch.setattr(model_files, "sha256_of", real)
    flip_a_byte(folder / "ner" / "cfg")
    with pytest.raises(ModelFilesChanged, match="ner/cfg"):
        check(folder, hashes, "test model", "fix")


def test_files_changed_in_the_last_seconds_are_hashed_at_every_call(model, monkeypatch):
    # Changed again within the same clock tick, a file keeps its times: only hashing can tell.
    folder, hashes = model
    os.utime(folder / "weights.bin")
    check(folder, hashes, "test model", "fix")
    hashed = []
    monkeypatch.setattr(model_files, "sha256_of", lambda path: hashed.append(path) or hashes[
        Path(path).relative_to(folder).as_posix()])
    check(folder, hashes, "test model", "fix")
    assert len(hashed) == 2


def test_a_missing_or_an_extra_file_is_refused(model):
    folder, hashes = model
    (folder / "extra.json").write_text("{}")
    with pytest.raises(ModelFilesChanged, match=r"not part of it: extra.json"):
        check(folder, hashes, "test model", "fix")
    (folder / "extra.json").unlink()
    (folder / "ner" / "cfg").unlink()
    with pytest.raises(ModelFilesChanged, match=r"missing ner/cfg"):
        check(folder, hashes, "test model", "fix")
