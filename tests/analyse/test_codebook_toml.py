from analyse import DEFAULT_CODEBOOK, load_codebook
from analyse.codebook_toml import dump_codebook


def test_default_codebook_round_trips_through_toml(tmp_path):
    original = load_codebook(DEFAULT_CODEBOOK)
    path = tmp_path / "again.toml"
    path.write_text(dump_codebook(original))
    assert load_codebook(path) == original
