"""Spanish through the multilingual base model, by name, as the rest of the project calls it."""

from collections.abc import Iterator
from pathlib import Path

import jiwer
import pytest
from audio import heard

from stories.errors import ConfigError
from stories.model import Transcript
from transcribe import transcribe_file

pytestmark = pytest.mark.slow  # runs the real base model (about 10 s on 2 cores)


@pytest.fixture(scope="module", autouse=True)
def model_cache(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    # transcribe_file() passes no cache_dir, so "base" is assembled in the default
    # cache; point that at a temp folder rather than the real ~/.cache.
    cache = tmp_path_factory.mktemp("xdg-cache")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("XDG_CACHE_HOME", str(cache))
        yield cache / "stories" / "models"


@pytest.fixture(scope="module")
def spanish(speech_dir: Path) -> Path:
    return speech_dir / "espeak-spanish.wav"


@pytest.fixture(scope="module")
def given_spanish(spanish: Path) -> Transcript:
    return transcribe_file(spanish, model="base", language="es")


def test_base_is_assembled_in_the_default_cache(given_spanish: Transcript, model_cache: Path):
    assert (model_cache / "whisper-base" / ".sha256").is_file()
    assert given_spanish.model == "base"


def test_spanish_given_the_language(given_spanish: Transcript, speech_dir: Path, normalise):
    assert given_spanish.language == "es"
    hypothesis = normalise(" ".join(s.text for s in given_spanish.segments))
    assert "trabajo" in hypothesis or "alquiler" in hypothesis
    reference = normalise((speech_dir / "espeak-spanish.txt").read_text())
    # espeak-ng is robotic: base mishears "perdí mi trabajo" but gets most of the rest.
    assert jiwer.wer(reference, hypothesis) <= 0.5
    assert given_spanish.duration == pytest.approx(8.06, abs=0.05)


def test_spanish_is_detected_when_no_language_is_given(spanish: Path):
    result = transcribe_file(spanish, model="base", language=None)
    assert result.language == "es"
    assert result.language_probability is not None and result.language_probability > 0.5
    # Spanish words, not an English translation (which of them is heard varies with the CPU).
    assert heard(" ".join(s.text for s in result.segments), "alquiler", "trabajo", "empleo", "semanas")


def test_spanish_is_routed_to_base_with_no_model_named(spanish: Path):
    # The installation's default: English to tiny.en, everything else to the multilingual model.
    result = transcribe_file(spanish)
    assert (result.language, result.model) == ("es", "base")
    assert result.expected_wer == pytest.approx(9.9)  # Whisper's published FLEURS figure for base


def test_a_forced_english_only_model_gives_way_for_spanish(spanish: Path, caplog):
    result = transcribe_file(spanish, model="tiny.en", language="es")
    assert result.model == "base" and "cannot transcribe 'es'" in caplog.text


def test_english_only_engine_still_refuses_spanish(spanish: Path):
    from transcribe import TranscribeOptions, get_engine, resolve_model

    with pytest.raises(ConfigError, match="English-only"):
        engine = get_engine("faster-whisper", resolve_model("tiny.en"))
        engine.transcribe(spanish, "es", TranscribeOptions(), None)


def test_no_model_knows_a_made_up_language(spanish: Path):
    with pytest.raises(ConfigError, match="No installed Whisper model can transcribe language 'xx'"):
        transcribe_file(spanish, model="base", language="xx")


def test_a_story_that_opens_with_minutes_of_silence_is_still_detected(speech_dir: Path):
    # Detection looks at the opening two minutes first; when no speech is heard there, at the whole.
    import numpy as np

    from transcribe import get_engine, resolve_model
    from transcribe.audio import SAMPLING_RATE, load_audio
    from transcribe.options import TranscribeOptions

    speech = load_audio(speech_dir.parent / "speech-languages" / "es-css10-1.wav")  # a real reader
    samples = np.concatenate([np.zeros(130 * SAMPLING_RATE, dtype=np.float32), speech])
    engine = get_engine("faster-whisper", resolve_model("base"), "int8", 0)
    language, probability = engine.detect_language(samples, TranscribeOptions())
    assert language == "es" and probability > 0.5
