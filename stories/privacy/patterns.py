"""Patterns for what could identify someone: emails, phone numbers, UK postcodes,
street addresses and the teller's own name.

Each finder takes the joined transcript text and returns (start, end, label)
character spans in it. Words are kept as data (STREET_WORDS, FLAT_WORDS) so
they can be extended without touching the expressions.
"""

from __future__ import annotations

import re

from stories.privacy.number_runs import number_runs

Span = tuple[int, int, str]

#: Words that end a street name: "12 Acacia Avenue", "4 Mill Lane". Matched in
#: any case, as whole words. Left out on purpose: "Dr" (far more often the
#: title, "Dr Patel") and "Bank" ("2 Barclays Bank accounts").
STREET_WORDS = (
    "Street", "St", "Road", "Rd", "Avenue", "Ave", "Lane", "Ln", "Drive", "Close", "Crescent",
    "Court", "Place", "Way", "Terrace", "Grove", "Gardens", "Square", "Hill", "Row", "Walk",
    "Mews", "View", "Rise", "Parade", "Green", "Park", "Boulevard", "Vale", "Wharf", "Yard",
    "Croft", "Fold", "Garth", "Mount", "Approach", "Quay", "Wynd", "Chase", "Meadows", "Heights",
)  # fmt: skip
#: Words before a flat's number, which is part of the address: "Flat 3, 10 Park Road".
FLAT_WORDS = ("Flat", "Apartment", "Apt", "Unit")

# A number glued to a currency sign, a clock or a decimal point is not the
# start of a phone number or a house number: "£250", "10:30", "2.5".
_NOT_AFTER = r"(?<![\w£$€:.,/+-])"

EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)+")

#: Endings that make "something at something dot org" an address, not a place.
EMAIL_ENDINGS = ("com", "org", "net", "uk", "eu", "gov", "edu", "info", "io", "fi", "ee", "se", "it",
                 "es", "nl", "hu", "pl", "de", "fr", "ie")
# An email read out and transcribed: "amina.yusuf at example.org",
# "amina dot yusuf at example dot org". Whisper rarely writes the @ for speech.
_DOT = r"(?:\.|\s+dot\s+)"
SPOKEN_EMAIL = re.compile(
    rf"(?<![\w.+-])[\w+-]+(?:{_DOT}[\w+-]+)*\s+(?:at|@)\s+[\w-]+(?:{_DOT}[\w-]+)*"
    rf"{_DOT}(?:{'|'.join(EMAIL_ENDINGS)})(?!\w)",
    re.IGNORECASE,
)

#: UK postcode areas (the letters before the first digit), with the Crown
#: dependencies': a postcode-shaped word from any other letters ("PS5 2nd")
#: is not one.
POSTCODE_AREAS = """
    AB AL B BA BB BD BF BH BL BN BR BS BT CA CB CF CH CM CO CR CT CV CW DA DD DE DG DH DL DN DT DY
    E EC EH EN EX FK FY G GL GU GY HA HD HG HP HR HS HU HX IG IM IP IV JE KA KT KW KY L LA LD LE LL
    LN LS LU M ME MK ML N NE NG NN NP NR NW OL OX PA PE PH PL PO PR RG RH RM S SA SE SG SK SL SM SN
    SO SP SR SS ST SW SY TA TD TF TN TQ TR TS TW UB W WA WC WD WF WN WR WS WV YO ZE
""".split()

# Area, district (a digit, then maybe a digit or letter: "SW1A"), optional
# space, and the inward code's digit and two letters (never C I K M O V).
POSTCODE = re.compile(
    rf"(?<!\w)(?:{'|'.join(sorted(POSTCODE_AREAS, key=len, reverse=True))})[0-9][A-Z0-9]?"
    r"\s?[0-9][ABD-HJLNP-UW-Z]{2}(?!\w)",
    re.IGNORECASE,
)

# House numbers stop at three digits (and an optional letter, "221b"): a
# four-digit number before a capitalised word is a year far more often.
# The street name must be capitalised (Whisper capitalises names); the
# street word may be in any case, Whisper being less sure of those.
ADDRESS = re.compile(
    rf"{_NOT_AFTER}(?:(?i:{'|'.join(FLAT_WORDS)})\.?\s+\d{{1,4}}[A-Za-z]?,?\s+)?"
    r"\d{1,3}[A-Za-z]?,?\s+(?:[A-Z][\w'’-]*\s+){1,3}"
    rf"(?i:{'|'.join(STREET_WORDS)})(?!\w)"
)

# North American numbers: "(555) 123-4567", "555-123-4567", "555.123.4567".
NANP_PHONE = re.compile(rf"{_NOT_AFTER}(?:\(\d{{3}}\)\s?|\d{{3}}[-.\s])\d{{3}}[-.\s]\d{{4}}(?![\w:.,/-]?\d)")


def find_patterns(text: str, teller_name: str = "") -> list[Span]:
    """Every email, phone number, postcode, street address and teller-name mention in `text`."""
    spans: list[Span] = [(m.start(), m.end(), "email") for m in EMAIL.finditer(text)]
    spans += [(m.start(), m.end(), "email") for m in SPOKEN_EMAIL.finditer(text)]
    spans += _phones(text)
    spans += [(m.start(), m.end(), "phone") for m in NANP_PHONE.finditer(text)]
    spans += [(m.start(), m.end(), "postcode") for m in POSTCODE.finditer(text)]
    spans += [(m.start(), m.end(), "address") for m in ADDRESS.finditer(text)]
    spans += teller_name_spans(text, teller_name)
    return spans


def teller_name_spans(text: str, teller_name: str) -> list[Span]:
    """The teller's full name and each part of it of 3+ letters, any case, as whole words.

    Parts shorter than three letters ("Li", "Al") are left out: as words they
    turn up everywhere. The full name still catches them.
    """
    words = teller_name.split()
    if not words:
        return []
    parts = {p for p in re.findall(r"\w[\w'’]*", teller_name) if sum(c.isalpha() for c in p) >= 3}
    alternatives = [r"\s+".join(re.escape(w) for w in words)] + [re.escape(p) for p in parts]
    # Longest first, so a full-name mention is one match rather than its parts.
    alternatives.sort(key=len, reverse=True)
    pattern = re.compile(rf"(?<!\w)(?:{'|'.join(alternatives)})(?!\w)", re.IGNORECASE)
    return [(m.start(), m.end(), "name") for m in pattern.finditer(text)]


def _phones(text: str) -> list[Span]:
    """Phone numbers among the number runs, however Whisper wrote their digits (see number_runs)."""
    spans: list[Span] = []
    for run in number_runs(text):
        tokens = run.tokens
        i = 0
        # A number may follow another in the run ("in 2019 07700 900123"), so
        # each token is tried as a start, and from it the longest series of
        # tokens with a phone number's length ("07700 900123" in "ring
        # 07700 900123 2 times").
        while i < len(tokens):
            digits, best, best_fit = "", None, 0
            for j in range(i, len(tokens)):
                digits += tokens[j].digits
                fit = _phone_length(digits, run.plus and i == 0)
                # A standard length wins over a longer, merely plausible one.
                if fit and fit >= best_fit:
                    best, best_fit = j, fit
            if best is None:
                i += 1
                continue
            spans.append((run.start if i == 0 else tokens[i].start, tokens[best].end, "phone"))
            i = best + 1
    return spans


def _phone_length(digits: str, plus: bool) -> int:
    """How well `digits` has the length of a phone number written that way: 2 standard, 1 plausible, 0 not.

    Numbers not starting with + or 0 are never taken: without the prefix,
    ten digits are as likely a reference number as a phone number.
    """
    n = len(digits)
    if plus:
        return 2 if 8 <= n <= 15 else 0  # E.164: country code and number, at most 15 digits
    if digits.startswith("00"):
        return 2 if 10 <= n <= 17 else 0  # 00 and an E.164 number
    if digits.startswith("0"):
        # UK numbers are 0 and 9 or 10 digits; a number read out and transcribed
        # can gain or lose a digit, and is still someone's number.
        return 2 if 10 <= n <= 11 else 1 if 9 <= n <= 13 else 0
    return 0
