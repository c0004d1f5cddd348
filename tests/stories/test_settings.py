import pytest

from stories.errors import ConfigError
from stories.settings import load_settings


def test_defaults_use_instance_folder(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    settings = load_settings(environ={})
    assert settings.home == tmp_path / "instance"
    assert settings.db_path.name == "stories.db" and settings.archive_path.name == "archive.db"
    assert settings.max_upload_bytes == 500 * 1024 * 1024


def test_toml_then_environment(tmp_path):
    (tmp_path / "stories.toml").write_text('max_upload_mb = 20\nmodel = "tiny.en"\nsecure_cookies = true\n')
    settings = load_settings(environ={"STORIES_HOME": str(tmp_path), "STORIES_MAX_UPLOAD_MB": "7"})
    assert settings.max_upload_mb == 7  # the environment wins over the file
    assert settings.secure_cookies is True


def test_unknown_or_bad_settings_fail_early(tmp_path):
    (tmp_path / "stories.toml").write_text("colour = 'red'\n")
    with pytest.raises(ConfigError, match="colour"):
        load_settings(environ={"STORIES_HOME": str(tmp_path)})
    (tmp_path / "stories.toml").write_text("max_upload_mb = [\n")
    with pytest.raises(ConfigError, match="stories.toml"):
        load_settings(environ={"STORIES_HOME": str(tmp_path)})
    with pytest.raises(ConfigError, match="max_upload_mb"):
        load_settings(environ={"STORIES_HOME": str(tmp_path / "x"), "STORIES_MAX_UPLOAD_MB": "lots"})


def test_lease_length_and_a_shared_media_path(tmp_path):
    settings = load_settings(environ={"STORIES_HOME": str(tmp_path)})
    assert settings.lease_seconds == 120 and settings.media_dir == tmp_path / "media"
    shared = tmp_path / "nfs" / "media"
    settings = load_settings(environ={"STORIES_HOME": str(tmp_path), "STORIES_MEDIA": str(shared),
                                      "STORIES_LEASE_SECONDS": "30"})
    assert settings.media_dir == shared and settings.lease_seconds == 30


def test_models_per_language_from_toml_and_environment(tmp_path):
    (tmp_path / "stories.toml").write_text('[models]\nfi = "small"\nHU = "/srv/models/large-v3"\n')
    settings = load_settings(environ={"STORIES_HOME": str(tmp_path)})
    assert settings.models == {"fi": "small", "hu": "/srv/models/large-v3"} and settings.model == ""
    settings = load_settings(environ={"STORIES_HOME": str(tmp_path), "STORIES_MODELS": "sv=small, nl=small"})
    assert settings.models == {"sv": "small", "nl": "small"}


@pytest.mark.parametrize("value", ["fi", "fi=", "=small"])
def test_models_in_the_environment_must_be_pairs(tmp_path, value):
    with pytest.raises(ConfigError, match="language=model"):
        load_settings(environ={"STORIES_HOME": str(tmp_path), "STORIES_MODELS": value})


def test_models_table_must_name_models(tmp_path):
    (tmp_path / "stories.toml").write_text("[models]\nfi = 3\n")
    with pytest.raises(ConfigError, match=r"\[models\]"):
        load_settings(environ={"STORIES_HOME": str(tmp_path)})
