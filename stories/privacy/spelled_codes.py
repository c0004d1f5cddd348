"""Codes read out letter by letter and written back in pieces: "L S 8, 2 P F", "G B 2 9, N W B K, ...".

Read aloud, a UK postcode or an IBAN comes back from Whisper as capitals and digit groups with commas
between them, a shape no format recogniser matches. Each run of such pieces is joined and kept only
where the joined code is whole and valid: a postcode of a real area, or an IBAN whose check digits
hold. That check is what makes it safe to look for them anywhere in a story.
"""

from __future__ import annotations

import re

from stories.privacy import checks
from stories.privacy.number_runs import number_runs
from stories.privacy.patterns import POSTCODE, Span

#: One piece: capitals and digits ("L", "8", "N1", "2PF", "NWBK", "6016"), or a letter alone in lower case
#: ("l eight one t f"). Not two lower-case letters: "fuimos al 12 de Octubre" would spell AL1 2DE.
_PIECE = re.compile(r"(?<!\w)(?:[A-Z0-9]{1,4}|[a-z])(?!\w)")
_GAP = re.compile(r"[ ,.-]{1,2}")
#: An IBAN's start, and how long one may be (ISO 13616).
_IBAN_START = re.compile(r"[A-Z]{2}\d{2}")
IBAN_LENGTHS = range(15, 35)


def _valid(joined: str) -> str | None:
    if POSTCODE.fullmatch(joined):
        return "postcode"
    if len(joined) in IBAN_LENGTHS and _IBAN_START.match(joined) and checks.iban(joined):
        return "iban"
    return None


def find_spelled_codes(text: str, language: str = "en") -> list[Span]:
    """UK postcodes and IBANs read out in pieces, in digits or in words ("p e thirteen two a l"),
    whichever language the story is in: the longest run of pieces from each start that joins into a
    valid code."""
    pieces = _pieces(text, language)
    spans: list[Span] = []
    i = 0
    while i < len(pieces):
        # "o" is a letter or a zero ("l o y d", "zero nine"): both readings are tried.
        joined, lettered, last, label = pieces[i][2], _as_letter(text, pieces[i]), None, None
        for j in range(i + 1, min(i + 30, len(pieces))):
            if not _GAP.fullmatch(text, pieces[j - 1][1], pieces[j][0]):
                break
            joined, lettered = joined + pieces[j][2], lettered + _as_letter(text, pieces[j])
            if found := _valid(joined.upper()) or _valid(lettered.upper()):
                last, label = j, found
        if last is None:
            i += 1
            continue
        spans.append((pieces[i][0], pieces[last][1], label))
        i = last + 1
    return spans


def _as_letter(text: str, piece: tuple[int, int, str]) -> str:
    said = text[piece[0] : piece[1]]
    return "O" if said in ("o", "O") else piece[2]


def _pieces(text: str, language: str) -> list[tuple[int, int, str]]:
    """(start, end, what it spells) of each piece: letters and digits as written, number words as their
    digits ("thirteen" is 13), one piece per word."""
    words = [(t.start, t.end, t.digits) for run in number_runs(text, language) for t in run.tokens]
    taken = {start for start, _, _ in words}
    written = [(m.start(), m.end(), m.group()) for m in _PIECE.finditer(text) if m.start() not in taken]
    return sorted(words + written)
