"""Real human speech in other story languages: detected, routed to the multilingual model, heard.

Clips and their published transcripts are in tests/data/speech-languages (see PROVENANCE.md there).
The checks are properties any reasonable output has, not one machine's text.
"""

from pathlib import Path

import jiwer
import pytest
from whisper_normalizer.basic import BasicTextNormalizer

from transcribe import transcribe_file

pytestmark = pytest.mark.slow  # the base model on three short clips, about 15 s on 2 cores
CLIPS = Path(__file__).resolve().parents[1] / "data" / "speech-languages"


@pytest.mark.parametrize(("clip", "worst"), [("es-css10-1", 0.35), ("fi-css10-1", 0.9), ("nl-css10-1", 0.7)])
def test_detected_and_routed_to_the_multilingual_model(clip: str, worst: float, base_model: Path):
    result = transcribe_file(CLIPS / f"{clip}.wav", cache_dir=base_model.parent)
    language = clip[:2]
    assert (result.language, result.model) == (language, "base")
    assert result.language_probability > 0.5 and result.expected_wer is not None
    normalise = BasicTextNormalizer()
    reference = normalise((CLIPS / f"{clip}.txt").read_text(encoding="utf-8"))
    hypothesis = normalise(" ".join(s.text for s in result.segments))
    # In the language, not translated to English: some of its words are there, and most are right.
    assert set(hypothesis.split()) & set(reference.split())
    assert jiwer.wer(reference, hypothesis) <= worst
