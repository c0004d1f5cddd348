"""Patterns for emails in any language, and the English-speaking world's postcodes, streets and phones.

Each finder takes a text and its language and returns (start, end, label) character spans in it.
Words are kept as data (STREET_WORDS, FLAT_WORDS here; the other languages' in recognisers.toml)
so they can be extended without touching the expressions.
"""

from __future__ import annotations

import re
from functools import cache

from stories.privacy import words

Span = tuple[int, int, str]

#: Words that end a street name: "12 Acacia Avenue", "4 Mill Lane". Matched in
#: any case, as whole words. Left out on purpose: "Dr" (far more often the
#: title, "Dr Patel") and "Bank" ("2 Barclays Bank accounts").
STREET_WORDS = (
    "Street", "St", "Road", "Rd", "Avenue", "Ave", "Lane", "Ln", "Drive", "Close", "Crescent",
    "Court", "Place", "Way", "Terrace", "Grove", "Gardens", "Square", "Hill", "Row", "Walk",
    "Mews", "View", "Rise", "Parade", "Green", "Park", "Boulevard", "Vale", "Wharf", "Yard",
    "Croft", "Fold", "Garth", "Mount", "Approach", "Quay", "Wynd", "Chase", "Meadows", "Heights",
    "Brow", "Brae", "Braes", "Loan", "Vennel", "Lawn",
)  # fmt: skip
#: Words before a flat's number, which is part of the address: "Flat 3, 10 Park Road".
FLAT_WORDS = ("Flat", "Apartment", "Apt", "Unit")

# A number glued to a currency sign, a clock or a decimal point is not the
# start of a phone number or a house number: "£250", "10:30", "2.5".
_NOT_AFTER = r"(?<![\w£$€:.,/+-])"

EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)+")


# An email read out and transcribed: "amina.yusuf at example.org", "amina dot yusuf arroba
# example punto org". Whisper rarely writes the @ for speech. The words are data (recognisers.toml).
@cache
def _spoken_email() -> re.Pattern:
    email = words.data()["email"]
    at, dot, joins = (_alternatives(email[key]) for key in ("at", "dot", "joins"))
    separator = rf"(?:\.|\s+(?:{dot})\s+)"
    # In the user's name, "_" or "-" said too; in the domain, one space a listener hears ("proton mail").
    inside = rf"(?:{separator}|\s+(?:{joins})\s+)"
    return re.compile(
        rf"(?<![\w.+-])[\w+-]+(?:{inside}[\w+-]+)*\s*(?:\s(?:{at})\s|@)\s*[\w-]+(?:[ ][\w-]+)?"
        rf"(?:{separator}[\w-]+)*{separator}(?:{_alternatives(email['endings'])})(?!\w)",
        re.IGNORECASE,
    )


def _alternatives(items: list[str]) -> str:
    return "|".join(re.escape(w) for w in sorted(items, key=len, reverse=True))


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
# Whisper may write a number it heard with a dollar sign ("I live at $95 Victoria Street") or join it
# to the street with a dash ("39-mill lane").
ADDRESS = re.compile(
    rf"(?:{_NOT_AFTER}\$|{_NOT_AFTER})(?:(?i:{'|'.join(FLAT_WORDS)})\.?\s+\d{{1,4}}[A-Za-z]?,?\s+)?"
    r"\d{1,3}[A-Za-z]?(?:,?\s+|-)(?:[A-Z][\w'’-]*\s+){1,3}"
    rf"(?i:{'|'.join(STREET_WORDS)})(?!\w)"
)

# Typed in a hurry, all in lower case ("33 harehills lane"): only street words that are rarely
# anything else after a number and a word or two.
LOWER_CASE_STREET_WORDS = ("street", "road", "lane", "avenue", "crescent", "terrace", "gardens", "drive",
                           "square", "grove", "close", "cottages", "mews", "parade")
ADDRESS_LOWER = re.compile(
    rf"{_NOT_AFTER}\d{{1,3}}[a-z]?(?:,?\s+|-)(?:[a-z][\w'’-]*\s+){{1,2}}(?:{'|'.join(LOWER_CASE_STREET_WORDS)})(?!\w)"
)

# North American numbers: "(555) 123-4567", "555-123-4567", "555.123.4567".
NANP_PHONE = re.compile(rf"{_NOT_AFTER}(?:\(\d{{3}}\)\s?|\d{{3}}[-.\s])\d{{3}}[-.\s]\d{{4}}(?![\w:.,/-]?\d)")


def find_emails(text: str, language: str = "en") -> list[Span]:
    """Email addresses, written or read out in any of the CoSIE languages."""
    spans = [(m.start(), m.end(), "email") for m in EMAIL.finditer(text)]
    return spans + [(m.start(), m.end(), "email") for m in _spoken_email().finditer(text)]


def find_british(text: str, language: str = "en") -> list[Span]:
    """UK postcodes, English street addresses and North American phone numbers."""
    spans = [(m.start(), m.end(), "phone") for m in NANP_PHONE.finditer(text)]
    spans += [(m.start(), m.end(), "postcode") for m in POSTCODE.finditer(text)]
    return spans + [(m.start(), m.end(), "address") for pattern in (ADDRESS, ADDRESS_LOWER)
                    for m in pattern.finditer(text)]
