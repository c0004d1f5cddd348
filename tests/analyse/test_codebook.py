"""analyse.codebook: loading the default codebook and refusing bad ones clearly."""

from pathlib import Path

import pytest

from analyse import DEFAULT_CODEBOOK, load_codebook
from analyse.codebook import CodebookError
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
    # The default codebook grows beyond the service areas; those stay, in their group.
    codebook = load_codebook(DEFAULT_CODEBOOK)
    assert {t.id for t in codebook.themes if t.group == "service-area"} == SERVICE_AREAS
    assert len({t.id for t in codebook.themes}) == len(codebook.themes)
    assert "service-area" in [g.id for g in codebook.groups]
    assert codebook.version


def test_none_means_the_default_codebook():
    assert load_codebook(None) == load_codebook(DEFAULT_CODEBOOK)


@pytest.mark.parametrize("theme_id", sorted(SERVICE_AREAS))
def test_default_themes_are_complete(theme_id):
    theme = next(t for t in load_codebook().themes if t.id == theme_id)
    assert theme.label and theme.description
    assert 15 <= len(theme.patterns["en"]) <= 45  # paraphrases from real testimonies too


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


NEW_FORMAT = """
[codebook]
name = "new"
version = "2"
languages = ["en", "es"]

[[group]]
id = "services"
label = "Services"

[[group]]
id = "housing-services"
label = "Housing services"
parent = "services"

[[theme]]
id = "housing"
group = "housing-services"
label = "Housing"
[theme.patterns]
en = ["rent", "flat"]
es = ["alquiler"]
[theme.token_patterns]
en = [[{LEMMA = "wait"}, {LOWER = "for", OP = "?"}, {LOWER = "a"}, {LEMMA = "flat"}]]
[theme.exclude]
en = ["flat  rate", "flat out"]
"""


def test_new_format_loads(tmp_path):
    path = tmp_path / "new.toml"
    path.write_text(NEW_FORMAT, encoding="utf-8")
    codebook = load_codebook(path)
    (theme,) = codebook.themes
    assert codebook.declared_languages == ("en", "es")
    assert [(g.id, g.parent) for g in codebook.groups] == [("services", ""), ("housing-services", "services")]
    assert theme.token_patterns["en"][0][0] == {"LEMMA": "wait"}
    assert theme.exclude == {"en": ["flat rate", "flat out"]}  # cleaned like patterns
    assert codebook.languages() == {"en", "es"}


def test_bad_token_pattern_names_the_theme(tmp_path):
    body = '[[theme]]\nid = "housing"\nlabel = "H"\n[theme.token_patterns]\nen = [[{LEMA = "wait"}]]\n'
    with pytest.raises(ConfigError, match=r"theme housing: token_patterns.en pattern 1 is not a valid spaCy"):
        load_codebook(write(tmp_path, body))


@pytest.mark.parametrize("patterns", ['en = [{LOWER = "a"}]', 'en = [[]]', 'en = "a"'])
def test_token_patterns_must_be_lists_of_token_tables(tmp_path, patterns):
    body = f'[[theme]]\nid = "housing"\nlabel = "H"\n[theme.token_patterns]\n{patterns}\n'
    with pytest.raises(ConfigError, match=r"theme housing: token_patterns.en must be a list of patterns"):
        load_codebook(write(tmp_path, body))


def test_empty_exclusion_names_the_theme(tmp_path):
    body = '[[theme]]\nid = "housing"\nlabel = "H"\n[theme.exclude]\nen = [""]\n'
    with pytest.raises(ConfigError, match=r"theme housing: exclude.en has an empty"):
        load_codebook(write(tmp_path, body))


def test_unknown_parent_group(tmp_path):
    with pytest.raises(ConfigError, match=r"group h: unknown parent group 'nope'"):
        load_codebook(write(tmp_path, '[[group]]\nid = "h"\nlabel = "H"\nparent = "nope"\n'))


def test_parent_cycle(tmp_path):
    body = '[[group]]\nid = "a"\nlabel = "A"\nparent = "b"\n[[group]]\nid = "b"\nlabel = "B"\nparent = "a"\n'
    with pytest.raises(ConfigError, match="cycle"):
        load_codebook(write(tmp_path, body))


def test_languages_must_be_codes(tmp_path):
    path = tmp_path / "c.toml"
    path.write_text('[codebook]\nname = "x"\nversion = "1"\nlanguages = "en"\n', encoding="utf-8")
    with pytest.raises(ConfigError, match="languages must be a list"):
        load_codebook(path)


def test_content_errors_are_codebook_errors_that_say_where(tmp_path):
    body = '[[theme]]\nid = "a"\nlabel = "A"\n[[theme]]\nid = "b"\nlabel = "B"\n[theme.patterns]\nen = [""]\n'
    with pytest.raises(CodebookError) as e:
        load_codebook(write(tmp_path, body))
    assert (e.value.kind, e.value.index, e.value.key) == ("theme", 1, ("patterns", "en"))
