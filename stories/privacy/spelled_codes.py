"""Codes read out letter by letter and written back in pieces: "L S 8, 2 P F", "G B 2 9, N W B K, ...".

Read aloud, a UK postcode or an IBAN comes back from Whisper as capitals and digit groups with commas
between them, a shape no format recogniser matches. Each run of such pieces is joined and kept only
where the joined code is whole and valid: a postcode of a real area, or an IBAN whose check digits
hold. That check is what makes it safe to look for them anywhere in a story.
"""

from __future__ import annotations

import re

from stories.privacy import checks
from stories.privacy.patterns import POSTCODE, Span

#: One piece: capitals and digits ("L", "8", "N1", "2PF", "NWBK", "6016"). Capitals only: in lower case,
#: "fuimos al 12 de Octubre" would spell AL1 2DE.
_PIECE = re.compile(r"(?<!\w)[A-Z0-9]{1,4}(?!\w)")
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
    """UK postcodes and IBANs read out in pieces, whichever language the story is in: the longest
    run of pieces from each start that joins into a valid code."""
    pieces = list(_PIECE.finditer(text))
    spans: list[Span] = []
    i = 0
    while i < len(pieces):
        joined, last, label = pieces[i].group(), None, None
        for j in range(i + 1, min(i + 24, len(pieces))):
            if not _GAP.fullmatch(text, pieces[j - 1].end(), pieces[j].start()):
                break
            joined += pieces[j].group()
            if found := _valid(joined):
                last, label = j, found
        if last is None:
            i += 1
            continue
        spans.append((pieces[i].start(), pieces[last].end(), label))
        i = last + 1
    return spans
