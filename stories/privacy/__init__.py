"""Personal details, found by one set of recognisers wherever they stand: a story's text, title,
pseudonym, place, a moderator's edit, and the last scrub before publishing.

    from stories import privacy
    privacy.find("Me llamo Carmen Rodríguez, mi móvil es 655 21 43 87", "es")

The engine is Microsoft Presidio (``engine``) with the project's finders beside its own; the text
is first rewritten for matching (``normalise``: NFKC, invisible characters, "(at)", spoken digits)
and every span mapped back to the original, so redactions and audio times stay right. The word
lists are data (recognisers.toml).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from functools import cache

from stories.languages import language_code
from stories.model import FIELD_SEGMENTS, Redaction
from stories.privacy import (
    cued,
    name_layouts,
    name_mentions,
    name_words,
    names,
    names_told,
    normalise,
    phones,
    places_found,
    spelled_codes,
    spoken_emails,
    spoken_numbers,
    words,
)
from stories.privacy.number_runs import number_runs
from stories.privacy.patterns import Span, find_british, find_emails
from stories.privacy.scrub import compile_terms, scrub, scrub_spans, scrub_terms
from stories.privacy.words import LANGUAGES

# Not `engine` here: importing Presidio takes a second, and the web server, the CLI and the
# publisher import this package for the scrub without ever looking for details.

__all__ = [
    "FIELD_SEGMENTS",
    "LABELS",
    "LANGUAGES",
    "Span",
    "compile_terms",
    "field_redactions",
    "find",
    "merge_spans",
    "name_to_hide",
    "scrub",
    "scrub_spans",
    "scrub_terms",
]

#: Labels, most specific first: when two finds cover exactly the same characters, the first wins.
LABELS = ("iban", "phone", "id", "address", "postcode", "email", "name")
#: The project's finders, registered in Presidio beside its own recognisers: (entity, finder).
FINDERS = (
    (("PHONE",), phones.find_phones), (("EMAIL",), find_emails),
    (("PHONE", "POSTCODE", "ADDRESS"), find_british),
    (("POSTCODE", "IBAN_CODE"), spelled_codes.find_spelled_codes),
    (("ADDRESS",), places_found.find_streets), (("POSTCODE",), places_found.find_postcodes),
    (("PERSON",), names.find_names), (("PERSON",), names_told.find_appositions),
    (("PERSON",), names_told.find_lower_case_pairs), (("PERSON",), names_told.find_told),
    (("PERSON",), names_told.find_answers), (("PERSON",), name_layouts.find_speakers),
    (("PERSON",), name_layouts.find_aged), (("PERSON",), name_layouts.find_inverted),
    (("PERSON", "ADDRESS"), name_layouts.find_signatures),
    (("PHONE", "ID_SAID", "IBAN_CODE"), cued.find_cued), (("ID_SAID",), spoken_numbers.find_spoken_numbers),
)  # fmt: skip
_LETTER_AFTER = re.compile(r"[ -][A-Za-z](?!\w)")
#: Fields where names are not looked for: a pseudonym is a name chosen to be public, a place a place.
NAMELESS_FIELDS = ("pseudonym", "place")


def find(
    text: str,
    language: str | None = "en",
    teller_name: str = "",
    people: bool = True,
    names_found: list[Span] | None = None,
) -> list[Span]:
    """Every personal detail in `text`: (start, end, label) spans into it, overlapping as found.

    `language` is the story's (any code; unknown ones are read as English). With `people` False no
    names are looked for except the teller's. Pass `teller_name` only when the teller asked to stay
    anonymous: then every mention of it is found, in any case and with or without accents. A
    caller that already ran a named-entity model passes its names as `names_found` (spans into
    `text`), and the English model is not run again.
    """
    if not text or not text.strip():
        return []
    lang = _language(language)
    at, dot = _obfuscations()
    view = normalise.clean(text).rewrite(at, lambda m: "@").rewrite(dot, lambda m: ".")
    from stories.privacy import engine

    analyzer = engine.analyzer(FINDERS)
    entities = [e for e in engine.LABEL_OF if people or e != "PERSON"]
    teller = [
        engine.FinderRecognizer(
            ("TELLER",), lambda t, _: name_mentions.teller_name_spans(t, teller_name), lang
        )
    ]
    results = analyzer.analyze(
        view.text,
        language=lang,
        entities=entities,
        score_threshold=engine.THRESHOLD,
        ad_hoc_recognizers=teller if teller_name.strip() else None,
        nlp_artifacts=(
            None
            if people and lang == "en" and names_found is None
            else analyzer.nlp_engine.tokens_only(view.text, lang)
        ),
    )
    found = [(*view.span(s, e), label) for s, e, label in engine.spans(results)]
    found += list(names_found or []) if people else []
    # Identity numbers and accounts read out ("doce tres cuatro...", "12 345 678 Z") are looked for
    # again with the digits joined up.
    joined = _join_digits(view, lang)
    if joined is not view:
        results = analyzer.analyze(
            joined.text,
            language=lang,
            # Addresses and postcodes read out too: "calle Ribera de Curtidores veinte primero B".
            entities=[*engine.NUMBERED, "ADDRESS", "POSTCODE"],
            score_threshold=engine.THRESHOLD,
            nlp_artifacts=analyzer.nlp_engine.tokens_only(joined.text, lang),
        )
        said = engine.spans(results)
        # Flats and floors said in words after the address: "forty two ashgrove terrace, flat one".
        said += places_found.address_parts(joined.text, said)
        found += [(*joined.span(s, e), label) for s, e, label in said]
    found += places_found.address_parts(text, found) + spoken_emails.before_spoken_emails(text, found, lang)
    found += places_found.codes_after_addresses(text, found, lang)
    found += spoken_numbers.spelled_countries(text, found)
    found += names_told.after_names(text, found, lang) if people else []
    return _people_checked(text, found, lang)


def name_to_hide(story: Mapping[str, object], consents: Mapping[str, bool]) -> str:
    """The teller's name, when they did not ask to be credited: then it is redacted wherever it is."""
    return "" if consents.get("name", False) else str(story.get("teller_name") or "")


def field_redactions(
    story: Mapping[str, object], teller_name: str = "", fields: tuple[str, ...] = tuple(FIELD_SEGMENTS)
) -> list[Redaction]:
    """Suggestions for the story's own published fields (title, place, pseudonym).

    Each is numbered as its field's segment (``FIELD_SEGMENTS``), with offsets into that field.
    Pass ``teller_name`` only when the teller asked to stay anonymous.
    """
    found = []
    language = str(story.get("language") or story.get("detected_language") or "en")
    for field in fields:
        text = str(story.get(field) or "")
        spans = find(text, language, teller_name, people=field not in NAMELESS_FIELDS)
        for start, end, label in merge_spans(spans):
            found.append(Redaction(FIELD_SEGMENTS[field], start, end, text[start:end], label))
    return found


def merge_spans(spans: list[Span]) -> list[Span]:
    """Overlapping finds in one text as one span each, sorted: nothing left partly readable.

    Each covers all of its finds and takes the widest one's label (the most specific, ``LABELS``,
    when several are as wide): when two finds only partly overlap, keeping just one would leave
    part of the other readable.
    """
    ordered = sorted(spans, key=lambda s: (s[0], -s[1], _rank(s[2])))
    merged: list[Span] = []
    group: list[Span] = []
    for span in [*ordered, None]:
        if group and (span is None or span[0] >= max(end for _, end, _ in group)):
            widest = min(group, key=lambda s: (-(s[1] - s[0]), _rank(s[2])))
            merged.append((min(s[0] for s in group), max(s[1] for s in group), widest[2]))
            group = []
        if span is not None:
            group.append(span)
    return merged


def _rank(label: str) -> int:
    return LABELS.index(label) if label in LABELS else len(LABELS)


def _language(language: str | None) -> str:
    code = language_code(language)
    return code if code in LANGUAGES else "en"


@cache
def _obfuscations():
    email = words.data()["email"]
    return normalise.obfuscated_email(email["at"] + email["at_in_brackets"], email["dot"])


def _join_digits(view: normalise.Mapped, language: str) -> normalise.Mapped:
    """Number words as digits, and digit groups apart only by spaces or dashes joined up."""
    edits = []
    for run in number_runs(view.text, language):
        previous = None
        for token in run.tokens:
            if previous is not None and view.text[previous.end : token.start].strip(" \t-") == "":
                edits.append((previous.end, token.start, ""))
            edits.append((token.start, token.end, token.digits))
            previous = token
        # The letter of a DNI or NIE read out after its digits: "... siete ocho Z"; not the "y" (and)
        # after a postcode: "logroño 26002 y el móvil".
        digits = sum(len(token.digits) for token in run.tokens)
        letter = _LETTER_AFTER.match(view.text, previous.end) if previous is not None else None
        if letter and 7 <= digits <= 8:
            edits.append((previous.end, letter.end() - 1, ""))
    changed = [e for e in edits if view.text[e[0] : e[1]] != e[2]]
    return view.edit(edits) if changed else view


def _people_checked(text: str, found: list[Span], language: str) -> list[Span]:
    """Names with any phone number or postcode the English model folded into them cut out
    ("Leeds LS1 4AP"), and every other mention of a name found."""
    exact = [(s, e) for s, e, label in found if label != "name"]
    people, whole = [], []
    for start, end, label in found:
        if label == "name":
            pieces = [p for p in _subtract(text, start, end, exact)
                      if not name_words.not_a_name(text[p[0] : p[1]], language)]
            people += pieces
            # Not what was left of a cut name: that was a misreading, not a name to look for again.
            whole += pieces if pieces == [(start, end, "name")] else []
    others = [span for span in found if span[2] != "name"]
    return others + people + name_mentions.recurring(text, whole, language)


def _subtract(text: str, start: int, end: int, cuts: list[tuple[int, int]]) -> list[Span]:
    """[start, end) less the `cuts`, each remaining piece trimmed to letters and digits."""
    pieces = [(start, end)]
    for cut_start, cut_end in cuts:
        pieces = [
            part
            for lo, hi in pieces
            for part in ((lo, min(hi, cut_start)), (max(lo, cut_end), hi))
            if part[0] < part[1]
        ]
    trimmed = []
    for lo, hi in pieces:
        while lo < hi and not text[lo].isalnum():
            lo += 1
        # A combining accent ends a word too: "Zoe\u0308" is "Zoë".
        while hi > lo and not (text[hi - 1].isalnum() or unicodedata.combining(text[hi - 1])):
            hi -= 1
        if any(c.isalpha() for c in text[lo:hi]):  # what is left of a name must still look like one
            trimmed.append((lo, hi, "name"))
    return trimmed
