"""A theme carried only by an everyday word in one sentence is a low-confidence tag (codebook `weak`)."""

from analyse import analyse_segments
from stories.model import Segment


def _confidence(text: str, theme: str = "health") -> set[str]:
    tags = analyse_segments([Segment(0, text)], language="en").tags
    return {t.confidence for t in tags if t.theme_id == theme}


def test_a_weak_word_alone_in_one_sentence_is_low_confidence():
    assert _confidence("My doctor said the council would call back about the flat.") == {"low"}


def test_a_weak_word_in_two_sentences_or_with_a_pattern_counts_in_full():
    assert _confidence("My doctor was kind. The doctor wrote to them twice.") == {"high"}
    assert _confidence("My doctor sent me to the hospital.") == {"high"}
