"""Numbers as Whisper writes them: runs of digit groups and number words, read back as digits.

A number read out loud comes back from Whisper in many shapes, and which one
depends on the model and even on the CPU it ran on: "07700 900123",
"07700 900,123", "0770-090-0123", "O7700 900123", "oh seven seven double oh,
nine hundred, one two three". Redaction must not depend on the shape, so
every run of number tokens joined by spaces, commas, dots, dashes, slashes or
brackets is read as one string of digits, with where each token stands in
the text; the patterns then judge only the digits.

Number words are kept as data (recognisers.toml, per language) and read with
the story's language: in Spanish and Italian "o" means "or", not zero.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cache

from stories.folding import fold_word
from stories.privacy import words

#: "double seven" is 77, "triple oh" 000.
REPEATS = {"double": 2, "triple": 3}
#: "nine hundred" is 900, "seven thousand" 7000.
POWERS = {"hundred": 2, "thousand": 3}

# A digit group may carry a letter O where Whisper heard "oh" ("O7700").
_DIGITS = r"[Oo]?\d[\dOo]*"
# What may stand between two tokens of one number: spaces, brackets, and at most
# one of , . - – / (with spaces either side). A line break ends a number.
_GAP = re.compile(r"[ \t]*\)?[ \t]*(?:[-–,./][ \t]*)?\(?[ \t]*")
# A run cannot start glued to money, a clock or another number: "£250", "10:30".
_NOT_AFTER = frozenset("£$€:.,/+-")


@dataclass(frozen=True)
class _Words:
    """One language's number words (with English's, which Whisper mixes in), and the pattern for a token."""

    units: dict[str, str]
    tens: dict[str, str]
    token: re.Pattern
    #: A tens-and-unit word ("treinta y dos", "veintitrés", "drieëntwintig"), with groups tens and unit.
    compound: re.Pattern
    hundreds: dict[str, str]
    #: A hundreds word and what follows it ("centoquarantadue"), with groups hundreds and rest.
    hundred: re.Pattern


def _either(words_: dict[str, str]) -> dict[str, str]:
    """The words, lower case, each also without its accents: Whisper writes "veintitres" too."""
    out = {w.lower(): d for w, d in words_.items()}
    return {**{fold_word(w): d for w, d in out.items()}, **out}


def _alternation(words_) -> str:
    return "|".join(re.escape(w) for w in sorted(words_, key=len, reverse=True)) or "(?!)"


@cache
def _words(language: str) -> _Words:
    numbers, tens = words.data()["numbers"], words.data()["tens"]
    # "o" is zero only in English: elsewhere it is "or".
    units = {w: d for w, d in numbers["en"].items() if language == "en" or w != "o"}
    units = _either({**units, **numbers.get(language, {})})
    shape = words.data()["compounds"].get(language, {})
    stems = _either(shape.get("stems", {}))
    tens_words = _either({**tens["en"], **tens.get(language, {})})
    single = _alternation(w for w, d in units.items() if len(d) == 1 and d != "0")
    joiners = "|".join(re.escape(j) for j in ["-", " ", *shape.get("joiners", [])])
    first = _alternation(shape.get("units_first", []))
    compound = (
        rf"(?P<tens>{_alternation(tens_words)})(?:(?:{joiners})(?P<unit>{single}))?"
        rf"|(?P<stem>{_alternation(stems)})(?P<stem_unit>{single})"
        rf"|(?P<first>{single})(?:{first})(?P<last>{_alternation(tens_words)})"
    )
    # The hundreds: the rest is any tens-and-unit or unit word, without compound's group names.
    hundreds_shape = words.data()["hundreds"].get(language, {})
    hundreds = _either(hundreds_shape.get("words", {}))
    rest = re.sub(r"\(\?P<\w+>", "(?:", rf"{compound}|{_alternation(units)}")
    hjoin = "|".join(re.escape(j) for j in hundreds_shape.get("joiners", [" "]))
    hundred = rf"(?P<hundreds>{_alternation(hundreds)})(?:(?:{hjoin})(?P<rest>{rest}))?"
    word = rf"{re.sub(r'[(][?]P<[a-z]+>', '(?:', hundred)}|{compound}|{_alternation(units)}"
    token = re.compile(
        rf"(?<!\w)(?:(?P<repeat>{'|'.join(REPEATS)})\s+)?(?:(?P<digits>{_DIGITS})|(?P<word>{word}))"
        rf"(?:\s+(?P<power>{'|'.join(POWERS)}))?(?!\w)",
        re.IGNORECASE,
    )
    return _Words(units, {**tens_words, **stems}, token, re.compile(compound, re.IGNORECASE), hundreds,
                  re.compile(hundred, re.IGNORECASE))


@dataclass(frozen=True)
class NumberToken:
    """One piece of a number: where it stands in the text and the digits it says."""

    start: int
    end: int
    digits: str


@dataclass(frozen=True)
class NumberRun:
    """Number tokens one after another: one number read out, or several side by side."""

    tokens: tuple[NumberToken, ...]
    #: Whether the run starts with a "+" (an international number).
    plus: bool
    #: Where the run starts, counting a "+" or "(" before its first token.
    start: int

    @property
    def end(self) -> int:
        return self.tokens[-1].end if self.tokens[-1:] else self.start


def number_runs(text: str, language: str = "en") -> list[NumberRun]:
    """Every run of number tokens in `text`, in order, reading number words of `language` and English."""
    runs: list[list[NumberToken]] = []
    previous_end = None
    for token in _tokens(text, _words(language if language in words.LANGUAGES else "en")):
        if previous_end is not None and runs and _GAP.fullmatch(text, previous_end, token.start):
            runs[-1].append(token)
        elif _may_start(text, token.start):
            runs.append([token])
        else:
            previous_end = None
            continue
        previous_end = token.end
    return [_run(text, tokens) for tokens in runs]


def _tokens(text: str, known: _Words) -> list[NumberToken]:
    tokens = []
    for m in known.token.finditer(text):
        digits = _digits(m.group("digits")) if m.group("digits") else _word_digits(m.group("word"), known)
        if m.group("repeat"):
            digits *= REPEATS[m.group("repeat").lower()]
        if m.group("power"):
            digits += "0" * POWERS[m.group("power").lower()]
        tokens.append(NumberToken(m.start(), m.end(), digits))
    return tokens


def _digits(group: str) -> str:
    # unicodedata reads any script's digits ("０７７００" is 07700); O is a zero heard as "oh".
    return "".join("0" if c in "Oo" else str(unicodedata.digit(c)) for c in group)


def _word_digits(word: str, known: _Words) -> str:
    word = word.lower()
    if word in known.units:
        return known.units[word]
    if (said := known.hundred.fullmatch(word)) and said["hundreds"]:
        rest = _word_digits(said["rest"], known) if said["rest"] else "0"
        return known.hundreds[said["hundreds"].lower()] + rest.rjust(2, "0")
    parts = known.compound.fullmatch(word)
    tens = parts["tens"] or parts["stem"] or parts["last"]
    unit = parts["unit"] or parts["stem_unit"] or parts["first"]
    return known.tens[tens.lower()] + (known.units[unit.lower()] if unit else "0")


# A "+" written or said ("plus 44 7700 ...", "più tre nove"), or a "(", just before a number.
_PLUS = r"(?:\+|(?<!\w)(?i:plus|più|más))"
_LEAD = re.compile(rf"(?:{_PLUS}[ \t]?)?\(?[ \t]?$")


def _lead_start(text: str, start: int) -> int:
    """Where a number starting at `start` really starts: with a "+" or "(" just before it."""
    lead = _LEAD.search(text, max(0, start - 8), start)
    return lead.start() if lead and lead.group().strip() else start


def _may_start(text: str, start: int) -> bool:
    before = _lead_start(text, start) - 1
    return before < 0 or not (text[before].isalnum() or text[before] in _NOT_AFTER)


def _run(text: str, tokens: list[NumberToken]) -> NumberRun:
    start = _lead_start(text, tokens[0].start)
    return NumberRun(tuple(tokens), re.match(_PLUS, text[start : tokens[0].start]) is not None, start)
