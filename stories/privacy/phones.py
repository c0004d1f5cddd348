"""Phone numbers among the number runs, judged by Google's libphonenumber (the phonenumbers package).

A number read out comes back from Whisper as digits, groups or words (see number_runs); the
digits are then checked against the numbering plans of the regions the project serves, the
story's own first. A number with no 0 or + in front ("655 21 43 87") is taken when it is a
valid number of the story's own region, or of another one when a word like "teléfono" is near.
"""

from __future__ import annotations

import re
from functools import cache

import phonenumbers

from stories.privacy import words
from stories.privacy.number_runs import number_runs
from stories.privacy.patterns import Span

#: How far back (characters) a word like "phone" makes a bare number a phone number.
CONTEXT_REACH = 60


def find_phones(text: str, language: str = "en") -> list[Span]:
    """Every phone number in `text`, however its digits were written."""
    spans: list[Span] = []
    for run in number_runs(text, language):
        tokens = run.tokens
        near = _context(text, run.start)
        i = 0
        # A number may follow another in the run ("in 2019 07700 900123"), so each token is tried
        # as a start, and from it the best-fitting series of tokens ("07700 900123" in "ring
        # 07700 900123 2 times").
        while i < len(tokens):
            digits, best, best_fit = "", None, 0
            for j in range(i, len(tokens)):
                digits += tokens[j].digits
                if len(digits) > 17:
                    break
                fit = phone_fit(digits, run.plus and i == 0, language, near)
                # A standard length wins over a longer, merely plausible one.
                if fit and fit >= best_fit:
                    best, best_fit = j, fit
            if best is None:
                i += 1
                continue
            end = tokens[best].end
            if extension := _extension().match(text, end):
                end = extension.end()
            spans.append((run.start if i == 0 else tokens[i].start, end, "phone"))
            i = best + 1
    return spans


@cache
def _extension() -> re.Pattern:
    said = sorted({w for w in words.data()["phones"]["extensions"]}, key=len, reverse=True)
    return re.compile(rf"[ \t]*,?[ \t]*(?i:{'|'.join(map(re.escape, said))})(?<=[\w.:])[ \t]*\d{{1,5}}(?!\d)")


def phone_fit(digits: str, plus: bool, language: str, near: bool) -> int:
    """How surely `digits` are a phone number: 2 surely, 1 plausibly (a digit lost or gained), 0 not."""
    n = len(digits)
    if plus or digits.startswith("00"):
        international = digits if plus else digits[2:]
        if _valid("+" + international, None):
            return 2
        return 2 if 8 <= n - (0 if plus else 2) <= 15 else 0  # E.164: at most 15 digits
    if n < 7:
        return 0
    own = region(language)
    if digits.startswith("0"):
        # UK numbers are 0 and 9 or 10 digits (libphonenumber rejects the drama ranges, which
        # are still someone's number in a story); one read out can gain or lose a digit.
        if 10 <= n <= 11 or (n >= 9 and _valid(digits, own)):
            return 2
        return 1 if 9 <= n <= 13 else 0
    # Without a prefix ten digits are as likely a reference number: only where numbers are
    # written without one (Spain, Italy's mobiles, Poland, Estonia), or with a word like
    # "phone" nearby, are they taken as a phone number.
    if _valid(digits, own) and n >= 8 and (near or own in words.data()["phones"]["bare"]):
        return 2
    if near and n >= 8 and any(_valid(digits, r) for r in _regions(own)):
        return 2
    return 0


def region(language: str) -> str:
    """The region whose numbering plan a story in `language` most likely uses."""
    return words.data()["phones"]["regions"].get(language, "GB")


@cache
def _regions(own: str) -> tuple[str, ...]:
    return (own, *(r for r in words.data()["phones"]["also"] if r != own))


@cache
def _valid(number: str, region_code: str | None) -> bool:
    try:
        return phonenumbers.is_valid_number(phonenumbers.parse(number, region_code))
    except phonenumbers.NumberParseException:
        return False


@cache
def _context_pattern() -> re.Pattern:
    cues = sorted(words.data()["phones"]["context"], key=len, reverse=True)
    return re.compile(rf"(?<!\w)(?:{'|'.join(map(re.escape, cues))})(?!\w)", re.IGNORECASE)


def _context(text: str, start: int) -> bool:
    return bool(_context_pattern().search(text, max(0, start - CONTEXT_REACH), start))
