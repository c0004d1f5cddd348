"""Routing by language: which installed model hears which story, and the word error rate expected."""

from pathlib import Path

import pytest

from stories.errors import ConfigError
from transcribe import assemble, quality
from transcribe.models import ModelInfo
from transcribe.routing import choose, detector

MANY = list(assemble.LANGUAGES)
TINY_EN = ModelInfo("tiny.en", Path("/m/tiny.en"), 75, ["en"], True, False, "tiny.en")
BASE = ModelInfo("base", None, 145, MANY, True, True, "base")
SMALL = ModelInfo("my-small", Path("/m/my-small"), 480, MANY, True, True, "small")
TODAY = [TINY_EN, BASE]


def test_english_goes_to_the_english_only_model_and_the_rest_to_multilingual():
    assert choose("en", TODAY).model == "tiny.en"
    for language in ("es", "it", "fi", "sv", "nl", "hu", "pl", "et"):
        assert choose(language, TODAY).model == "base", language


def test_a_larger_model_wins_once_it_is_added():
    assert choose("fi", [*TODAY, SMALL]).model == "my-small"
    assert choose("en", [*TODAY, SMALL]).model == "tiny.en"  # English-only still first for English


def test_english_falls_back_to_multilingual_without_an_english_only_model():
    assert choose("en", [BASE]).model == "base"


def test_forced_model_is_used_where_it_can_and_gives_way_where_it_cannot():
    assert choose("en", TODAY, forced="base").model == "base"
    route = choose("es", TODAY, forced="tiny.en")
    assert route.model == "base" and "cannot transcribe 'es'" in route.reason


def test_per_language_table_names_a_model_for_one_language():
    models = [*TODAY, SMALL]
    assert choose("fi", models, per_language={"fi": "base"}).model == "base"
    assert choose("sv", models, per_language={"fi": "base"}).model == "my-small"


def test_a_model_whose_package_is_missing_is_never_chosen():
    missing = ModelInfo("base", None, 145, MANY, False, True, "base")
    with pytest.raises(ConfigError, match="No installed Whisper model can transcribe language 'es'"):
        choose("es", [TINY_EN, missing])


def test_detector_is_the_best_multilingual_model():
    assert detector(TODAY) == "base"
    assert detector([*TODAY, SMALL]) == "my-small"
    assert detector([TINY_EN]) is None
    assert detector(TODAY, forced="tiny.en") == "base"  # English-only cannot tell languages apart


def test_expected_wer_comes_with_the_route():
    route = choose("fi", TODAY)
    assert route.expected.wer == pytest.approx(43.1) and "FLEURS" in route.expected.source
    assert choose("en", TODAY).expected.wer == pytest.approx(10.0)
    assert choose("xx", [ModelInfo("base", None, 1, ["xx"], True, True, "base")]).expected is None


@pytest.mark.parametrize(("name", "size"), [
    ("tiny.en", "tiny.en"), ("base", "base"), ("faster-whisper-small", "small"),
    ("whisper-small.en", "small.en"),
    ("faster-whisper-large-v3-turbo", "large-v3-turbo"), ("turbo", "large-v3-turbo"),
    ("large-v3", "large-v3"), ("medium.en-int8", "medium.en"), ("my-model", None), ("smaller", None),
])
def test_size_is_read_from_the_name(name, size):
    assert quality.family(name) == size


def test_every_published_language_table_covers_the_cosie_languages():
    cosie = {"en", "es", "it", "fi", "sv", "nl", "hu", "pl", "et"}
    for size in ("tiny", "base", "small", "medium", "large-v2", "large-v3"):
        assert set(quality.estimates(size, "fi")) >= {"published"}
        assert all(quality.expected_wer(size, code) for code in cosie), size
    assert quality.rank("large-v3") > quality.rank("small") > quality.rank("base") > quality.rank(None)
