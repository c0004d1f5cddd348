from analyse import DEFAULT_CODEBOOK, load_codebook
from analyse.codebook_toml import dump_codebook


def test_default_codebook_round_trips_through_toml(tmp_path):
    original = load_codebook(DEFAULT_CODEBOOK)
    path = tmp_path / "again.toml"
    path.write_text(dump_codebook(original))
    assert load_codebook(path) == original


def test_token_patterns_with_nested_tables_round_trip(tmp_path):
    # A pattern spaCy accepts but a hand-written TOML writer got wrong: a table inside a table.
    source = tmp_path / "nested.toml"
    source.write_text(
        '[codebook]\nname = "n"\nversion = "1"\n\n[[group]]\nid = "g"\nlabel = "G"\n\n'
        '[[theme]]\nid = "t"\ngroup = "g"\nlabel = "T"\n'
        '[theme.token_patterns]\nen = [[{LOWER = {IN = ["queue", "waiting"]}}, {LOWER = "list"}]]\n'
    )
    original = load_codebook(source)
    again = tmp_path / "again.toml"
    again.write_text(dump_codebook(original))
    assert load_codebook(again) == original
