"""analyse.codebook: loading the default codebook and refusing bad ones clearly."""

from pathlib import Path

import pytest

from analyse import DEFAULT_CODEBOOK, load_codebook
from stories.errors import ConfigError

SERVICE_AREAS = {
    "employment",
    "income",
    "housing",
    "health",
    "disability",
    "youth",
    "family",
    "criminal-justice",
    "education",
    "isolation",
}

HEADER = """
[codebook]
name = "test"
version = "1"

[[group]]
id = "g"
label = "G"
"""


def write(tmp_path: Path, body: str) -> Path:
    path = tmp_path / "codebook.toml"
    path.write_text(HEADER + body, encoding="utf-8")
    return path


def test_default_codebook_has_the_service_areas():
    codebook = load_codebook(DEFAULT_CODEBOOK)
    assert {t.id for t in codebook.themes} == SERVICE_AREAS
    assert len(codebook.themes) == len(SERVICE_AREAS)
    assert {t.group for t in codebook.themes} == {"service-area"}
    assert [g.id for g in codebook.groups] == ["service-area"]
    assert codebook.version


def test_none_means_the_default_codebook():
    assert load_codebook(None) == load_codebook(DEFAULT_CODEBOOK)


@pytest.mark.parametrize("theme_id", sorted(SERVICE_AREAS))
def test_default_themes_are_complete(theme_id):
    theme = next(t for t in load_codebook().themes if t.id == theme_id)
    assert theme.label and theme.description
    assert 15 <= len(theme.patterns["en"]) <= 30


def test_default_patterns_avoid_generic_words():
    generic = {"help", "people", "time", "thing", "life", "work", "day"}
    for theme in load_codebook().themes:
        assert not generic & {p.lower() for p in theme.patterns["en"]}, theme.id


def test_minimal_codebook_loads(tmp_path):
    path = write(
        tmp_path,
        """
[[theme]]
id = "t"
label = "T"
group = "g"
[theme.patterns]
en = ["council  flat", "rent", "rent"]
""",
    )
    codebook = load_codebook(path)
    (theme,) = codebook.themes
    assert (codebook.name, codebook.version) == ("test", "1")
    # Whitespace collapsed, duplicates dropped.
    assert theme.patterns == {"en": ["council flat", "rent"]}
    assert theme.patterns_for("fr") == []


def test_bad_toml_names_file_and_line(tmp_path):
    path = tmp_path / "broken.toml"
    path.write_text('[codebook]\nname = "x"\nversion = 2026.11.1\n', encoding="utf-8")
    with pytest.raises(ConfigError) as e:
        load_codebook(path)
    assert "broken.toml" in str(e.value)
    assert "line 3" in str(e.value)


def test_missing_file(tmp_path):
    with pytest.raises(ConfigError, match="does not exist"):
        load_codebook(tmp_path / "nope.toml")


def test_version_must_be_a_string(tmp_path):
    path = tmp_path / "c.toml"
    path.write_text('[codebook]\nname = "x"\nversion = 3\n', encoding="utf-8")
    with pytest.raises(ConfigError, match="version"):
        load_codebook(path)


def test_missing_id(tmp_path):
    path = write(tmp_path, '[[theme]]\nlabel = "Housing"\n')
    with pytest.raises(ConfigError, match=r"theme #1: missing id"):
        load_codebook(path)


def test_missing_label_names_the_theme(tmp_path):
    path = write(tmp_path, '[[theme]]\nid = "housing"\n')
    with pytest.raises(ConfigError, match=r"theme housing: missing label"):
        load_codebook(path)


def test_duplicate_theme_id(tmp_path):
    body = '[[theme]]\nid = "housing"\nlabel = "A"\n' * 2
    with pytest.raises(ConfigError, match=r"theme housing: duplicate"):
        load_codebook(write(tmp_path, body))


def test_duplicate_group_id(tmp_path):
    with pytest.raises(ConfigError, match=r"duplicate group id 'g'"):
        load_codebook(write(tmp_path, '[[group]]\nid = "g"\nlabel = "Again"\n'))


def test_unknown_group_names_the_theme(tmp_path):
    path = write(tmp_path, '[[theme]]\nid = "housing"\nlabel = "H"\ngroup = "nope"\n')
    with pytest.raises(ConfigError) as e:
        load_codebook(path)
    assert "theme housing" in str(e.value)
    assert "unknown group 'nope'" in str(e.value)


@pytest.mark.parametrize("patterns", ['en = ["rent", ""]', 'en = ["rent", "  "]'])
def test_empty_pattern_names_the_theme(tmp_path, patterns):
    body = f'[[theme]]\nid = "housing"\nlabel = "H"\n[theme.patterns]\n{patterns}\n'
    with pytest.raises(ConfigError, match=r"theme housing: patterns.en has an empty"):
        load_codebook(write(tmp_path, body))


def test_patterns_must_be_a_list(tmp_path):
    body = '[[theme]]\nid = "housing"\nlabel = "H"\n[theme.patterns]\nen = "rent"\n'
    with pytest.raises(ConfigError, match=r"theme housing: patterns.en must be a list"):
        load_codebook(write(tmp_path, body))


def test_unknown_key_is_refused(tmp_path):
    # A typo must not silently give a theme that never matches.
    body = '[[theme]]\nid = "housing"\nlabel = "H"\npattern = ["rent"]\n'
    with pytest.raises(ConfigError, match=r"theme housing: unknown key\(s\) pattern"):
        load_codebook(write(tmp_path, body))
