"""analyse.codebook_check: every problem in a codebook, with the line it is on."""

from pathlib import Path

import pytest

from analyse.codebook import DEFAULT_CODEBOOK
from analyse.codebook_check import Problem, check_codebook, find_line

BROKEN = """\
[codebook]
name = "broken"
version = "1"

[[group]]
id = "g"
label = "G"
parent = "nope"

[[theme]]
id = "housing"
group = "g"
[theme.patterns]
en = ["rent"]

[[theme]]
id = "health"
label = "Health"
group = "missing"

[[theme]]
id = "housing"
label = "Housing again"

[[theme]]
id = "money"
label = "Money"
[theme.patterns]
en = [
  "cash",
  "",
]

[[theme]]
id = "bad"
label = "Bad"
[theme.token_patterns]
en = [[{LEMA = "x"}]]
"""

# Declares fr and es: blank pipelines (es with lookup lemmas), quick to build.
DOUBTFUL = """\
[codebook]
name = "doubtful"
version = "1"
languages = ["fr", "es"]

[[theme]]
id = "housing"
label = "Housing"
[theme.patterns]
fr = ["loyer", "logement"]
es = ["alquiler"]
de = ["Miete"]
[theme.token_patterns]
fr = [[{LEMMA = "loyer"}]]
es = [[{LEMMA = "alquiler"}, {POS = "ADJ", OP = "?"}]]

[[theme]]
id = "money"
label = "Money"
[theme.patterns]
es = ["alquileres", "dinero"]
fr = [
  "argent liquide",
  "de la",
]
[theme.exclude]
fr = ["argent liquide"]

[[theme]]
id = "empty"
label = "Empty"
"""


def check(tmp_path: Path, text: str) -> list[tuple[str, int | None, str]]:
    path = tmp_path / "codebook.toml"
    path.write_text(text, encoding="utf-8")
    return [(p.level, p.line, p.message) for p in check_codebook(path)]


def test_toml_syntax_error_has_its_line(tmp_path):
    ((level, line, message),) = check(tmp_path, '[codebook]\nname = "x"\nversion = 2026.11.1\n')
    assert (level, line) == ("error", 3)
    assert message.startswith("not valid TOML")


def test_every_error_with_its_line(tmp_path):
    problems = check(tmp_path, BROKEN)
    assert all(level == "error" for level, _, _ in problems)
    assert [(line, message) for _, line, message in problems] == [
        (8, "group g: unknown parent group 'nope' (known: g)"),
        (11, "theme housing: missing label (a non-empty string)"),  # missing: the theme's id line
        (19, "theme health: unknown group 'missing' (known: g)"),
        (22, "theme housing: duplicate theme id 'housing'"),
        (29, "theme money: patterns.en has an empty or non-text pattern ('')"),
        (38, "theme bad: token_patterns.en pattern 1 is not a valid spaCy pattern: "
             "[pattern -> 0 -> LEMA] Extra inputs are not permitted"),
    ]


def test_missing_codebook_table(tmp_path):
    assert check(tmp_path, '[[theme]]\nid = "a"\nlabel = "A"\n') == [
        ("error", None, "needs a [codebook] table with name and version")
    ]


def test_warnings_when_there_are_no_errors(tmp_path):
    problems = check(tmp_path, DOUBTFUL)
    assert all(level == "warning" for level, _, _ in problems)
    assert [(line, message) for _, line, message in problems] == [
        (12, "theme housing: patterns.de: 'de' is not in [codebook] languages (fr, es)"),
        (14, "theme housing: token_patterns.fr pattern 1 uses LEMMA, which the 'fr' pipeline never sets"),
        (15, "theme housing: token_patterns.es pattern 1 uses POS, which the 'es' pipeline never sets"),
        (21, "theme money: 'alquileres' reads the same, lemmatised, as a pattern of housing: "
             "a match tags both"),
        (23, "theme money: 'argent liquide' lies inside one of the theme's own exclusions: it can never tag"),
        (24, "theme money: 'de la' is only stop words or punctuation (spaCy's 'fr' list): it says little"),
        (30, "theme empty has no patterns: nothing will be tagged with it"),
    ]


def test_no_warnings_until_the_errors_are_fixed(tmp_path):
    problems = check(tmp_path, BROKEN.replace('id = "bad"', 'id = "bad"\n[theme.patterns]\nde = ["der"]'))
    assert {level for level, _, _ in problems} == {"error"}


def test_patterns_for_a_language_spacy_lacks(tmp_path):
    body = '[codebook]\nversion = "1"\n[[theme]]\nid = "a"\nlabel = "A"\n[theme.patterns]\nzz = ["x"]\n'
    ((level, line, message),) = check(tmp_path, body)
    assert (level, line) == ("warning", 4)
    assert message.startswith("patterns for 'zz' will never be used: Cannot analyse language 'zz'")


@pytest.mark.slow
def test_default_codebook_has_no_errors():
    problems = check_codebook(DEFAULT_CODEBOOK)
    assert not [p for p in problems if p.level == "error"]
    assert all(p.line for p in problems)


def test_problem_reads_like_a_compiler_message():
    assert str(Problem("error", 12, "theme x: missing label")) == "line 12: error: theme x: missing label"
    assert str(Problem("warning", None, "odd")) == "warning: odd"


@pytest.mark.parametrize(
    ("kind", "index", "key", "word", "line"),
    [
        ("theme", 1, ("patterns", "fr"), "", 22),  # the key, not its table's header
        ("theme", 1, ("patterns", "fr"), '"de la"', 24),  # the phrase, inside a multi-line array
        ("theme", 1, ("exclude",), "", 26),  # a table: its header
        ("theme", 1, ("label",), "", 19),
        ("theme", 2, ("patterns",), "", 30),  # absent: the id line
        ("theme", 9, (), "", None),
        ("codebook", None, ("version",), "", 3),
        ("codebook", None, ("nope",), "", None),
    ],
)
def test_find_line(kind, index, key, word, line):
    assert find_line(DOUBTFUL.splitlines(), kind, index, key, word) == line
