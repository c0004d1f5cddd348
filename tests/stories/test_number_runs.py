"""analyse.number_runs, and the property the redaction rests on: a phone number is found
however Whisper writes it (digits, words, commas, dots, dashes, slashes, "double oh")."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analyse import suggest_redactions
from stories.model import Segment
from stories.privacy.number_runs import number_runs

WORDS = {"0": ["oh", "zero", "Oh", "nought"], "1": ["one"], "2": ["two"], "3": ["three"], "4": ["four"],
         "5": ["five"], "6": ["six"], "7": ["seven", "Seven"], "8": ["eight"], "9": ["nine"]}
SEPARATORS = [" ", ", ", ",", ".", ". ", "-", " - ", "/", " / ", "–"]


@st.composite
def spoken_groups(draw, digits: str) -> list[str]:
    """`digits` cut into groups, each written as Whisper might: digits, words, "double", "hundred"."""
    cuts = sorted(draw(st.sets(st.integers(1, len(digits) - 1), max_size=len(digits) - 1)))
    groups = [digits[a:b] for a, b in zip([0, *cuts], [*cuts, len(digits)], strict=True)]
    written = []
    for group in groups:
        style = draw(st.sampled_from(["digits", "words", "hundred", "double"]))
        if style == "hundred" and len(group) == 3 and group.endswith("00") and group[0] != "0":
            written.append(f"{draw(st.sampled_from(WORDS[group[0]]))} hundred")
        elif style == "double" and len(group) == 2 and group[0] == group[1]:
            written.append(f"double {draw(st.sampled_from(WORDS[group[0]]))}")
        elif style in ("words", "double"):
            written.append(" ".join(draw(st.sampled_from(WORDS[d])) for d in group))
        else:
            written.append(group)
    return written


@st.composite
def spoken_numbers(draw) -> str:
    """A UK or international phone number as a transcript might hold it."""
    national = draw(st.sampled_from(["07700", "0113", "020", "0161"]))
    rest = draw(st.text("0123456789", min_size=11 - len(national), max_size=11 - len(national)))
    digits = national + rest
    if draw(st.booleans()):
        digits = "+44" + digits[1:]
    groups = draw(spoken_groups(digits.lstrip("+")))
    text = groups[0]
    for group in groups[1:]:
        text += draw(st.sampled_from(SEPARATORS)) + group
    return ("+" + draw(st.sampled_from(["", " "])) if digits.startswith("+") else "") + text


def redacted_characters(texts: list[str]) -> list[set[int]]:
    segments = [Segment(i, text, float(i), float(i + 1)) for i, text in enumerate(texts)]
    covered: list[set[int]] = [set() for _ in texts]
    for r in suggest_redactions(segments):
        assert r.label == "phone", r
        covered[r.segment_idx] |= set(range(r.start, r.end))
    return covered


@settings(max_examples=300, deadline=None)
@given(number=spoken_numbers(), before=st.sampled_from(["Ring me on ", "my number is ", "Call "]),
       after=st.sampled_from([".", ", any time.", " and ask for me", "? Thanks."]),
       split=st.booleans())
def test_a_phone_number_is_redacted_however_it_is_written(number, before, after, split):
    text = f"{before}{number}{after}"
    start, end = len(before), len(before) + len(number)
    texts = [text]
    spaces = [i for i in range(start, end) if text[i] == " "]
    if split and spaces:
        # Whisper cut the number between two segments.
        at = spaces[len(spaces) // 2]
        texts = [text[:at], text[at:]]
    covered = redacted_characters(texts)
    owner = [(0, i) if i < len(texts[0]) else (1, i - len(texts[0])) for i in range(start, end)]
    readable = "".join(text[i] for i, (seg, at) in zip(range(start, end), owner, strict=True)
                       if at not in covered[seg] and not text[i].isspace())
    assert readable == "", f"{readable!r} left readable in {texts!r}"


@pytest.mark.parametrize("text", [
    "In 2019, 2020 and 2021 I moved three times.",
    "They wanted £1,250.50 a month, or 2.5 times that.",
    "I waited from 10:30 till 12.15, about one hour.",
    "One, two, three of us, then nine hundred more.",
    "Oh, I rang them 5 or 6 times.",
    "We paid 1,000,000 in the end.",
])
def test_numbers_that_are_not_phone_numbers_stay(text):
    assert redacted_characters([text]) == [set()]


@pytest.mark.parametrize("text, digits", [
    ("07700 900,123", ["07700", "900", "123"]),
    ("oh seven seven double oh", ["0", "7", "7", "00"]),
    ("nine hundred, twenty-three", ["900", "23"]),
    ("O7700 ９００１２３", ["07700", "900123"]),
])
def test_a_run_reads_its_digits(text, digits):
    [run] = number_runs(text)
    assert [t.digits for t in run.tokens] == digits
    assert (run.start, run.end) == (0, len(text))


def test_runs_break_at_other_words_and_lines():
    assert [[t.digits for t in r.tokens] for r in number_runs("0113 and 496\n0000")] == [
        ["0113"], ["496"], ["0000"]]


@pytest.mark.parametrize("text, runs", [("£250", []), ("10:30", [["10"]]), ("v2", []), ("a-12", [])])
def test_a_run_does_not_start_glued_to_money_a_clock_or_a_word(text, runs):
    assert [[t.digits for t in r.tokens] for r in number_runs(text)] == runs


def test_a_plus_and_a_bracket_belong_to_the_run():
    [run] = number_runs("ring +44 (0)7700 900123")
    assert run.plus and run.start == len("ring ")


@pytest.mark.parametrize("language, text, digits", [
    ("es", "veintitrés, treinta y dos, noventa y nueve, veintitres", "23329923"),
    ("it", "trentadue ventitré ventuno ottantotto", "32232188"),
    ("fi", "kaksikymmentäkolme neljäkymmentä viisi yksitoista", "234511"),
    ("sv", "tjugotre fyrtiofem elva", "234511"),
    ("nl", "drieëntwintig vijfenveertig twaalf", "234512"),
    ("hu", "huszonhárom tizenegy harmincöt", "231135"),
    ("et", "kakskümmend kolm üksteist", "2311"),
    ("pl", "dwadzieścia trzy jedenaście", "2311"),
    # hundreds, as a house number is said
    ("en", "two hundred and six", "206"),
    ("es", "ciento doce, quinientas", "112500"),
    ("it", "centoquarantadue centoventisei", "142126"),
    ("fi", "sata kaksitoista viiskymmentäneljä", "11254"),
])
def test_compound_number_words_in_each_language(language, text, digits):
    [run] = number_runs(text, language)
    assert "".join(t.digits for t in run.tokens) == digits
