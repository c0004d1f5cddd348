"""Long numbers read out and written back by Whisper as amounts.

Read aloud in groups, an account, phone or identity number sometimes comes back as a count:
"3,976,568,814", "hundred and ninety one three thousand, three hundred and three sixty one",
"cuarenta y siete mil quinientos ochenta y seis nueve mil setecientos". No recogniser of a format
can judge it and its digits cannot be read back (the groups overlap), but its shape is plain.
Ordinary speech says an amount in a few words ("two hundred and fifty thousand"), so a run of at
least ``min_words`` number words (recognisers.toml's [spoken_numbers]), or one grouped number of
nine digits or more, is taken as a number someone read out. Whisper's mishearings inside it
("cuarenta y siete tinkos mil") are bridged: one unknown word between two number words does not
end the run, but a word saying what was counted ("euros", "times") does.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

import phonenumbers

from stories.folding import fold_word
from stories.privacy import words
from stories.privacy.patterns import Span

#: A grouped number as Whisper writes a count: "3,976,568,814", "18,123,1648,184". Not after money.
GROUPED = re.compile(r"(?<![\w£$€.,])\d{1,4}(?:[,.]\d{3,4}){2,}(?![\d])")
#: Digits in a grouped number that make it a read-out code rather than an amount.
GROUPED_DIGITS = 9
_WORD = re.compile(r"\d+(?:[,.]\d+)*|[^\W\d_]+(?:-[^\W\d_]+)*")
#: What ends a run: the end of a sentence, or a line.
_STOP = re.compile(r"[.!?;:](?:\s|$)|\n")


@dataclass(frozen=True)
class _Known:
    numeral: re.Pattern
    joiners: frozenset[str]
    units: frozenset[str]
    min_words: int


@cache
def _known(language: str) -> _Known:
    data = words.data()
    spoken = data["spoken_numbers"]
    parts = {
        *data["numbers"]["en"], *data["numbers"].get(language, {}), *data["tens"]["en"],
        *data["tens"].get(language, {}), *data["compounds"].get(language, {}).get("stems", {}),
        *spoken["magnitudes"]["en"], *spoken["magnitudes"].get(language, [])}  # fmt: skip
    parts = {fold_word(p) for p in parts} - {"o"}  # English "o" glued to anything is no number
    alternation = "|".join(sorted(map(re.escape, parts), key=len, reverse=True))
    # What may glue two parts into one word besides a hyphen: Dutch "drie-ën-twintig".
    glue = "|".join(["-", *map(re.escape, data["compounds"].get(language, {}).get("units_first", []))])
    numeral = re.compile(rf"(?:{alternation})(?:(?:{glue})?(?:{alternation}))*")
    folded = {key: frozenset(fold_word(w) for w in spoken[key]) for key in ("joiners", "units")}
    return _Known(numeral, folded["joiners"], folded["units"], spoken["min_words"])


def find_spoken_numbers(text: str, language: str = "en") -> list[Span]:
    """Long numbers said as amounts, and grouped numbers of nine digits or more: (start, end, "id")."""
    spans: list[Span] = [
        (m.start(), m.end(), "id")
        for m in GROUPED.finditer(text)
        if sum(c.isdigit() for c in m.group()) >= GROUPED_DIGITS
    ]
    known = _known(language if language in words.LANGUAGES else "en")
    run: list[re.Match] = []  # the number words of the run being read
    unknown = 0  # unknown words since the run's last number word
    for m in _WORD.finditer(text):
        folded = fold_word(m.group())
        stopped = run and _STOP.search(text, run[-1].end(), m.start())
        if m.group()[0].isdigit() or known.numeral.fullmatch(folded):
            if stopped or unknown > 1:
                spans += _taken(run, known)
                run = []
            run.append(m)
            unknown = 0
        elif folded in known.units:  # "dos mil quinientos euros": an amount, said and done
            spans += _taken(run, known)
            run, unknown = [], 0
        elif folded not in known.joiners:
            unknown += 1
    return spans + _taken(run, known)


def _taken(run: list[re.Match], known: _Known) -> list[Span]:
    return [(run[0].start(), run[-1].end(), "id")] if len(run) >= known.min_words else []


#: Two letters spelled before a number read out: "G B two one ...", "I T tre nove ...".
_SPELLED_COUNTRY = re.compile(r"(?<!\w)(?P<a>[A-Za-z])[ .-](?P<b>[A-Za-z])[ .,:-]*\Z")


def spelled_countries(text: str, found: list[Span]) -> list[Span]:
    """An account or identity number read out widened to the country letters spelled before it
    ("E S nueve ocho ...", "F I kaks yks ..."), when those two letters are a country's code."""
    wider = []
    for start, end, label in found:
        if label not in ("iban", "id"):
            continue
        m = _SPELLED_COUNTRY.search(text, max(0, start - 8), start)
        if m and (m.group("a") + m.group("b")).upper() in phonenumbers.SUPPORTED_REGIONS:
            wider.append((m.start(), end, label))
    return wider
