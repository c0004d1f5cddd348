"""Theme and group labels per language: read from the codebook with clear errors, written back, and
complete in the default codebook for every language of the archive and the form."""

from pathlib import Path

import pytest

from analyse import DEFAULT_CODEBOOK, load_codebook
from analyse.codebook_check import check_codebook
from analyse.codebook_toml import dump_codebook
from stories.errors import ConfigError

#: The interface languages besides English (collect.i18n and publish.i18n name the same four).
INTERFACE_LANGUAGES = ("es", "it", "fi")

HEADER = '[codebook]\nname = "test"\nversion = "1"\n\n[[group]]\nid = "g"\nlabel = "G"\n'


def write(tmp_path: Path, body: str) -> Path:
    path = tmp_path / "codebook.toml"
    path.write_text(HEADER + body, encoding="utf-8")
    return path


def test_every_default_theme_and_group_has_a_label_in_each_interface_language():
    codebook = load_codebook(DEFAULT_CODEBOOK)
    missing = [(item.id, lang) for item in (*codebook.groups, *codebook.themes)
               for lang in INTERFACE_LANGUAGES if not item.labels.get(lang)]
    assert missing == [], "add labels = { es = ..., it = ..., fi = ... } to these in default.toml"
    housing = next(t for t in codebook.themes if t.id == "housing")
    assert housing.labels == {"es": "Vivienda", "it": "Casa", "fi": "Asuminen"}


def test_labels_are_read_for_themes_and_groups_and_round_trip(tmp_path):
    path = write(tmp_path, '\n[[theme]]\nid = "housing"\ngroup = "g"\nlabel = "Housing"\n'
                           'labels = { es = "  Vivienda ", fi = "Asuminen" }\n')
    path.write_text(path.read_text().replace('label = "G"\n', 'label = "G"\nlabels = { it = "Gruppo" }\n', 1))
    codebook = load_codebook(path)
    assert codebook.themes[0].labels == {"es": "Vivienda", "fi": "Asuminen"}
    assert codebook.groups[0].labels == {"it": "Gruppo"}
    again = tmp_path / "again.toml"
    again.write_text(dump_codebook(codebook))
    assert load_codebook(again) == codebook and load_codebook(again).groups[0].labels == {"it": "Gruppo"}


def test_a_theme_without_labels_has_none(tmp_path):
    codebook = load_codebook(write(tmp_path, '\n[[theme]]\nid = "housing"\nlabel = "H"\n'))
    assert codebook.themes[0].labels == {} and "labels" not in dump_codebook(codebook)


@pytest.mark.parametrize(("labels", "message"), [
    ('labels = "Vivienda"', r"theme housing: labels must be a table of language = \"label\""),
    ('labels = { es = "" }', r"theme housing: labels.es must be a non-empty string"),
    ('labels = { es = 3 }', r"theme housing: labels.es must be a non-empty string"),
    ('labels = { Spanish = "Vivienda" }', r"theme housing: labels.Spanish: 'Spanish' is not a language code"),
])
def test_bad_labels_name_the_theme(tmp_path, labels, message):
    with pytest.raises(ConfigError, match=message):
        load_codebook(write(tmp_path, f'\n[[theme]]\nid = "housing"\nlabel = "H"\n{labels}\n'))


def test_a_bad_group_label_names_the_group_and_its_line(tmp_path):
    path = write(tmp_path, "")
    path.write_text(path.read_text() + 'labels = { es = "" }\n')
    with pytest.raises(ConfigError, match=r"group g: labels.es must be a non-empty string"):
        load_codebook(path)
    (problem,) = check_codebook(path)
    assert (problem.level, problem.line) == ("error", 8)
