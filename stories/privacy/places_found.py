"""Street addresses and postcodes in every CoSIE language, built from the word lists in recognisers.toml.

Three ways a street is written: a street word before its name ("Calle Mayor 8, 2º", "Via Roma
27", "ul. Długa 5"), a word after it ("Kossuth Lajos utca 12", "Pikk tänav 5"), or an ending
glued to it ("Aleksanterinkatu 3 A 5", "Storgatan 12", "Kalverstraat 92"). Each needs a house
number: a street alone ("la Plaza Mayor") names a place, not where someone lives.
"""

from __future__ import annotations

from functools import cache

import regex

from stories import places
from stories.privacy import words
from stories.privacy.number_runs import number_runs
from stories.privacy.patterns import STREET_WORDS, Span

# A capitalised name word, or one glued to its article: "dell'Istria", "Sant'Anna".
_CAP = r"(?:(?i:dell|dall|d|l|sant|all)['’])?\p{Lu}[\w'’.-]*"
# A house number (or none: "s/n", "snc"), then floors, doors and staircases: "8, 2º", "3 A 5", "10/12",
# "45/A", "4, 3º B".
_NUMBER = (
    r"(?:(?:(?i:n\.?\s?º|nº|núm\.?|n\.|numero|número|nr\.?|bloque|portal|km|parcela|n)\s*)?\d{1,4}(?!\d)"
    r"(?:\s?[A-Za-z](?:\s\d{1,3})?(?!\w))?(?:[/-](?:\d{1,4}|[A-Za-z](?!\w)))?|(?i:s/n|snc|s\.n\.c\.)(?!\w))"
    r"(?:(?:,\s*|\s+)(?:\d{1,3}\s?[º°ªoaè](?!\w)\s?(?:[A-Za-z](?!\w))?|[A-Z](?:\s?\d{1,3})?(?!\w)))*"
)


def _alternatives(items: list[str]) -> str:
    return "|".join(regex.escape(w) for w in sorted(items, key=len, reverse=True))


@cache
def _streets() -> list[regex.Pattern]:
    streets = words.data()["streets"]
    joiner = rf"(?i:{_alternatives(streets['joiners'])})\s+"
    name = rf"(?:{joiner}){{0,2}}{_CAP}(?:\s+(?:{joiner}){{0,2}}{_CAP}){{0,3}}"
    # Whisper often writes a street's name in lower case ("abito in corso vittorio Emanuele 102"): after
    # "in", "en", "at"... and a street word, any words up to the house number are the street's name.
    spoken = r"(?:\w[\w'’.-]*)(?:\s+\w[\w'’.-]*){0,3}"
    return [
        regex.compile(rf"(?<!\w)(?i:{_alternatives(streets['before'])})\s*{name},?\s+{_NUMBER}"),
        regex.compile(rf"(?<=(?<!\w)(?i:{_alternatives(streets['at'])})\s+)(?i:{_alternatives(streets['before'])})"
                      rf"\s+{spoken},?\s+{_NUMBER}"),
        regex.compile(rf"(?<!\w)(?:{_CAP}\s+){{1,3}}(?i:{_alternatives(streets['after'])})\s+{_NUMBER}"),
        # One capitalised word may come first: "Itäinen Pitkäkatu 33 D 45"; typed in a hurry, it may be
        # all in lower case ("asun fleminginkatu 18 a 7", "hervannan valtaväylä 9 c 41", a genitive first):
        # the ending and the number say enough.
        regex.compile(
            rf"(?<!\w)(?:(?:\p{{Lu}}[\w'’-]*|\p{{Ll}}[\w'’-]{{2,}}n)\s)?\p{{L}}[\w'’-]*"
            rf"(?i:{_alternatives(streets['suffixes'])})\w{{0,6}},?\s+"
            rf"{_NUMBER}"
        ),
        regex.compile(rf"(?<!\w)(?i:{_alternatives(streets['numbered'])})\s+\d{{1,4}}(?:/[A-Za-z0-9]{{1,3}}(?!\w))?"
                      r"(?![\d,.]\d)"),
        regex.compile(rf"(?<![\w£$€:.,/+-])\d{{1,4}}[A-Za-z]?,?\s+(?i:{_alternatives(streets['before_after_number'])})"
                      rf"\s+{name}"),
    ]


@cache
def _units() -> tuple[regex.Pattern, regex.Pattern]:
    """(what may follow an address: floors, doors, a second street line; what may come before it:
    a flat and a building), each anchored to the address."""
    streets = words.data()["streets"]
    unit = rf"(?i:{_alternatives(streets['units'])})(?!\w)"
    numbered = rf"(?i:{_alternatives(streets['units_numbered'])})\s?\d{{1,4}}[A-Za-z]?(?!\w)"
    # "2º", "2ºD", "3. B" and Catalan's "1r", "4t 2a".
    floor = r"\d{1,3}(?:\.?\s?[º°ª]|\.(?=\s?[A-Za-z](?!\w))|[rntaè](?!\w))(?:\s?[A-Za-z](?!\w))?"
    part = (rf"(?:{numbered}|{unit}\s?(?:{floor}|\d{{1,3}}[A-Za-z]?(?!\w)|[A-Za-z](?!\w))?"
            rf"|{floor}\s?(?:{unit})?"
            r"|\d{1,2}-\d{1,2}(?![\w-])"  # floor and door: "Ctra. de Ronda 56, 4-3"
            rf"|\d{{1,3}}[ºª°]?[A-Za-z]?(?=\s?(?:{unit}))"
            rf"|(?:\p{{Lu}}[\w'’-]*\s+){{1,2}}(?i:{'|'.join(STREET_WORDS)})(?!\w))")
    # The address may already have taken a floor's "2º " or "5" of "5ºC": go on from there.
    after = regex.compile(rf"(?:\.?[º°ª](?:\s?[A-Za-z])?(?!\w)|(?:,\s*|\s*-\s*|\s*){part})+")
    # "3F2, 17 Easter Road": an Edinburgh tenement's floor and door.
    # "Flat 9", "flat 5 / 212 Kingsland Rd", "top floor flat 27".
    flat = (rf"(?:(?i:{_alternatives(streets['flats'])})\.?\s*"
            r"(?:(?:\d{1,4}[A-Za-z]?(?:/\d{1,3})?|[A-Za-z])(?:,|\s/)?\s+)?|\d{1,2}F\d{1,2},?\s+|\d{1,2}/\d{1,2},\s+)")
    building = rf"(?:\p{{Lu}}[\w'’-]*\s+){{1,3}}(?i:{_alternatives(streets['buildings'])}),?\s+"
    home = (rf"(?i:{_alternatives(streets['homesteads'])})\s+(?:(?i:na|an|y|de|la)\s+)?"
            rf"(?:\p{{Lu}}[\w'’-]*\s*){{1,3}},\s+")
    before = regex.compile(rf"(?<!\w)(?:(?:{flat})+(?:{building})?|{building}|{home})\Z")
    return after, before


def address_parts(text: str, found: list[Span]) -> list[Span]:
    """Each address found, widened to the flat and building before it and the floors, doors and
    staircases after it: "Flat 9 Brunswick House, 88 Lower Clapton Road", "Calle Feria 47, 5ºC"."""
    after, before = _units()
    wider = []
    for start, end, label in found:
        if label != "address":
            continue
        tail = after.match(text, end)
        head = before.search(text, max(0, start - 60), start)
        if tail or head:
            wider.append((head.start() if head else start, tail.end() if tail else end, "address"))
    return wider


@cache
def _postcodes(language: str) -> list[tuple[regex.Pattern, bool]]:
    data = words.data()["postcodes"]
    # "código postal: 48006", "el código postal es 48006", "il CAP è 41013".
    cue = rf"(?i:{_alternatives(data['words'])})\s*(?::|\s(?i:es|is|è|e|on|är|was))?\s*"
    found = []
    for shape in data["shapes"]:
        if language not in shape.get("languages", words.LANGUAGES):
            continue
        code = rf"(?<![\w.,/-]){shape['code']}(?![\w-])"
        if shape.get("prefix"):  # "E-07712", "FI-33200": the country's letters say it
            found.append(regex.compile(rf"(?<![\w.,/-])(?:{shape['prefix']}){shape['code']}(?![\w-])"))
        if shape.get("alone"):
            found.append(regex.compile(code))
        else:
            # A capitalised place after it ("28013 Madrid"), or a postcode word before it.
            found.append(regex.compile(rf"{code}(?=,?\s+\p{{Lu}}\p{{Ll}})|(?<={cue}){code}"))
    return found


@cache
def _labelled() -> tuple[regex.Pattern, regex.Pattern]:
    """(a form's address field, to a postcode or the line's end; capitalised words and a house number
    after words that say an address follows)."""
    streets = words.data()["streets"]
    field = regex.compile(
        rf"(?im)^[ \t]*(?:{_alternatives(streets['labels'])})[ \t]*:[ \t]*"
        r"(?P<address>[^\n]*?[^\W_][^\n]*?)(?=,?[ \t]*(?:[A-Z]{1,2}-)?\d{4,5}(?!\d)|[ \t]*$)"
    )
    cue = rf"(?<!\w)(?i:{_alternatives(streets['cues'])})"
    said = regex.compile(rf"(?<={cue}\s+)(?:{_CAP},?\s+){{1,3}}{_NUMBER}")
    return field, said


def find_streets(text: str, language: str = "en") -> list[Span]:
    """Street addresses with a house number, in any of the CoSIE languages' ways of writing them, and
    what a form's address field holds."""
    found = [(m.start(), m.end(), "address") for pattern in _streets() for m in pattern.finditer(text)]
    field, said = _labelled()
    found += [(m.start("address"), m.end("address"), "address") for m in field.finditer(text)]
    return found + [(m.start(), m.end(), "address") for m in said.finditer(text)]


#: A postcode as Whisper may write one read out, run into the house number before it: "113,42.133 Roma".
_SPOKEN_POSTCODE = regex.compile(r"(?<![\w.,])\d[\d.,\s-]{3,12}\d(?=,?\s+\p{Lu}\p{Ll})")
#: A year starting a reference or a range ("2023-045812", "2024-2025"), or a date ("20.2.2024").
_DATE_OR_REFERENCE = regex.compile(r"(?:19|20)\d\d[-/.]|\d{1,2}\.\d{1,2}\.\d")
#: The same before a town the gazetteer knows, written in lower case: "e 48.213 bologna".
_BEFORE_ANY_WORD = regex.compile(r"(?<![\w.,])(?P<code>\d[\d.,\s-]{3,12}\d),?\s+(?P<town>\p{Ll}[\p{L}'’-]+)")


def find_postcodes(text: str, language: str = "en") -> list[Span]:
    """Postcodes of the CoSIE countries (the UK's are in patterns.POSTCODE), where the context says so."""
    found = [(m.start(), m.end(), "postcode")
             for pattern in _postcodes(language) for m in pattern.finditer(text)]
    # Five digits or more, in any grouping, before a place's name: a postcode whatever its shape.
    found += [(m.start(), m.end(), "postcode") for m in _SPOKEN_POSTCODE.finditer(text)
              if 5 <= sum(c.isdigit() for c in m.group()) <= 6 and not _DATE_OR_REFERENCE.match(m.group())
              and not _sentence_start(text, m.end())]
    return found + [(m.start("code"), m.end("code"), "postcode") for m in _BEFORE_ANY_WORD.finditer(text)
                    if sum(c.isdigit() for c in m.group("code")) >= 5 and places.lookup(m.group("town"))]


def _sentence_start(text: str, end: int) -> bool:
    """Whether the capitalised word after ``end`` starts a sentence (then it says nothing of a place)."""
    return regex.match(r",?\s+", text[end:]) is None or text[end:end + 2].startswith(". ")


#: After an address, up to three words (a town, "right for Nestor") and then a code with a digit in
#: it: a postcode read out and written back in pieces ("Bradford, CR-26-H", "Glasgow L.S. 1-4-A-B").
_PIECE = r"(?:[^\W_]*\d[^\W_]*|\p{Lu}{1,2})"
_CODE_AFTER = regex.compile(
    rf"\A\.?,?\s*(?:[^\W\d][\w'’-]*,?\s+){{0,3}}?(?P<code>{_PIECE}(?:[-.\s]{{1,2}}{_PIECE})*)(?![\w-])"
)


def codes_after_addresses(text: str, found: list[Span], language: str = "en") -> list[Span]:
    """Postcodes in pieces or said in words just after an address found in ``text``, within its sentence.

    A code in pieces counts when it mixes letters and digits or has four digits: "with my 2 kids" after
    an address is not a postcode. A number said in words right after it ("Puijonkatu 31 A 6,
    seitsemänkymmentä sata") counts when it has a postcode's digits.
    """
    codes = []
    runs = None
    for _, end, label in found:
        if label != "address":
            continue
        m = _CODE_AFTER.match(text[end:end + 60])
        if m and len(m.group("code")) <= 14:
            code = m.group("code")
            digits = sum(c.isdigit() for c in code)
            if digits >= 4 or (digits and any(c.isalpha() for c in code)):
                codes.append((end + m.start("code"), end + m.end("code"), "postcode"))
        runs = number_runs(text, language) if runs is None else runs
        codes += _said_after(text, end, runs, language)
    return codes


#: Between an address and a postcode said after it, up to three words: the town ("..., en Vitoria, ").
_TOWN_BETWEEN = regex.compile(r"[ ,]*(?:[^\W\d][\w'’-]*[ ,]+){0,3}")
#: How many digits a postcode said in words has, where it is not five.
_SAID_DIGITS = {"hu": 4, "nl": 4}


def _said_after(text: str, end: int, runs: list, language: str) -> list[Span]:
    """A postcode said in words right after an address ending at ``end``, or after its town: the number
    run's tokens from there (Whisper may run them on from the flat's number: "as. 204, neljäkymmentä...")."""
    for run in runs:
        tokens = [t for t in run.tokens if t.start >= end]
        if not tokens or run.end <= end or not _TOWN_BETWEEN.fullmatch(text, end, tokens[0].start):
            continue
        if sum(len(t.digits) for t in tokens) == _SAID_DIGITS.get(language, 5):
            return [(tokens[0].start, tokens[-1].end, "postcode")]
    return []
