"""analyse.redaction: what could identify someone, as per-segment redactions."""

import pytest
import spacy
from spacy.tokens import Doc

from analyse import analyse_segments, suggest_redactions
from analyse.joined import join_segments
from stories.model import Redaction, Segment
from stories.privacy.patterns import STREET_WORDS


def segments(*texts: str) -> list[Segment]:
    # Whisper's texts start with a space; the offsets must still be the segment's own.
    return [Segment(i, " " + text, float(i), float(i + 1)) for i, text in enumerate(texts)]


def found(segs: list[Segment], **kwargs) -> list[tuple[str, str]]:
    redactions = suggest_redactions(segs, **kwargs)
    for r in redactions:
        assert segs[r.segment_idx].text[r.start : r.end] == r.text
    return [(r.text, r.label) for r in redactions]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Email me at amina.y@example.org.", "amina.y@example.org"),
        ("it's JOHN_SMITH+council@mail.example.co.uk ok", "JOHN_SMITH+council@mail.example.co.uk"),
    ],
)
def test_email(text, expected):
    assert found(segments(text)) == [(expected, "email")]


@pytest.mark.parametrize(
    "number",
    [
        "07700 900123",
        "+44 7700 900123",
        "0113 496 0000",
        "(020) 7946 0958",
        "+358 40 1234567",
        "020-7946-0958",
        "+44 (0)7700 900123",
        "0 7 7 0 0 9 0 0 1 2 3",  # read out digit by digit
        "07700 900 123",
    ],
)
def test_phone(number):
    assert found(segments(f"Ring me on {number}, any time.")) == [(number, "phone")]


def test_phone_next_to_other_numbers():
    text = "In 2019 I rang 07700 900123 3 times and 0113 496 0000 once."
    assert found(segments(text)) == [("07700 900123", "phone"), ("0113 496 0000", "phone")]


@pytest.mark.parametrize(
    "text",
    [
        "It started in 2019 and went on till 2021.",
        "They wanted £250 a month, or £1 000 000 in total.",
        "I waited 6 weeks, then 12 weeks more.",
        "The appointment was at 10:30 on 01/02/2019.",
        "Call 999 or 111 if it is urgent.",
        "It went from 2018 2019 2020 to 2021.",
    ],
)
def test_not_phone(text):
    assert found(segments(text)) == []


def test_a_long_reference_number_is_an_id_not_a_phone_even_at_a_sentence_end():
    # No 0 or +: not a phone number; ten digits in a row still identify a case or a person.
    assert found(segments("The reference was 1234567890.")) == [("1234567890", "id")]


@pytest.mark.parametrize(
    "postcode", ["LS1 4AP", "SW1A 1AA", "sw1a 1aa", "M1 1AE", "EC1A1BB", "B33 8TH", "W1A 0AX"]
)
def test_postcode(postcode):
    assert found(segments(f"We moved to {postcode} last year.")) == [(postcode, "postcode")]


@pytest.mark.parametrize("text", ["I played mp3 files on my PS5 2nd hand.", "covid19 was bad"])
def test_not_postcode(text):
    assert found(segments(text)) == []


@pytest.mark.parametrize(
    "address",
    ["12 Acacia Avenue", "221b Baker Street", "4 Mill Lane", "Flat 3, 10 Park Road", "7 St John's road"],
)
def test_address(address):
    assert found(segments(f"I live at {address} with my kids.")) == [(address, "address")]


@pytest.mark.parametrize(
    "text",
    [
        "I live on the high street.",
        "I live on Acacia Avenue.",  # no house number
        "In 2019 Social Services would place us anywhere.",  # a year is not a house number
        "I waited 3 weeks on the road.",
    ],
)
def test_not_address(text):
    assert found(segments(text)) == []


def test_street_words_are_data():
    assert {"Street", "Road", "Avenue", "Lane"} <= set(STREET_WORDS)


def test_address_and_postcode_are_apart():
    text = "I live at 12 Acacia Avenue, Leeds LS1 4AP."
    assert found(segments(text)) == [("12 Acacia Avenue", "address"), ("LS1 4AP", "postcode")]


def test_teller_name_full_and_parts_any_case():
    segs = segments(
        "Hi, I'm Amina Yusuf.", "AMINA is what mum calls me; the Yusufs are my family.", "yusuf too."
    )
    assert found(segs, teller_name="Amina Yusuf") == [
        ("Amina Yusuf", "name"),
        ("AMINA", "name"),
        ("yusuf", "name"),
    ]


def test_teller_name_whole_words_only():
    segs = segments("Aminah and Yusufzai are my neighbours; Amina's flat is next door.")
    assert found(segs, teller_name="Amina Yusuf") == [("Amina", "name")]


def test_teller_name_short_parts_skipped():
    segs = segments("Li Wei said Li was not home, and Wei was.")
    assert found(segs, teller_name="Li Wei") == [("Li Wei", "name"), ("Wei", "name")]


def test_no_teller_name_no_names():
    assert found(segments("Amina Yusuf spoke."), teller_name="") == []


def test_identical_spans_prefer_the_specific_label():
    # "Park Road" as the teller's name and as part of an address: one address.
    assert found(segments("See 4 Park Road."), teller_name="4 Park Road") == [("4 Park Road", "address")]


def test_nested_suggestion_goes_into_the_wider_one():
    assert found(segments("Write to amina@example.org"), teller_name="Amina") == [
        ("amina@example.org", "email")
    ]


def test_span_over_a_join_is_split_per_segment():
    segs = segments("My number is 07700", "900123 and my name is Amina", "Yusuf.")
    assert suggest_redactions(segs, teller_name="Amina Yusuf") == [
        Redaction(0, 14, 19, "07700", "phone"),
        Redaction(1, 1, 7, "900123", "phone"),
        Redaction(1, 23, 28, "Amina", "name"),
        Redaction(2, 1, 6, "Yusuf", "name"),
    ]


def test_blank_segments_are_skipped_and_offsets_kept():
    segs = [Segment(0, "   "), Segment(1, "\n  Ring 07700 900123  "), Segment(2, "")]
    assert suggest_redactions(segs) == [Redaction(1, 8, 20, "07700 900123", "phone")]


def test_nothing_to_redact():
    assert suggest_redactions([]) == []
    assert suggest_redactions(segments("The council fixed the boiler.")) == []


def test_pieces_of_the_joined_text():
    joined = join_segments(segments("ab", "cd"))
    assert joined.text == "ab cd"
    assert [(s.idx, a, b) for s, a, b in joined.pieces(1, 4)] == [(0, 2, 3), (1, 1, 2)]
    assert joined.segment_at(2).idx == 0  # the joining space goes with the segment before


def ner_finding(*people: str):
    """A stand-in for a trained pipeline: PERSON on the first mention of each of `people`."""
    blank = spacy.blank("en")

    def nlp(text: str) -> Doc:
        doc = blank(text)
        doc.ents = [doc.char_span(text.index(p), text.index(p) + len(p), "PERSON") for p in people]
        return doc

    return nlp


def test_person_entities_are_names_wherever_they_recur():
    segs = segments("Sarah Jones came round.", "Later Sarah Jones rang, then jonesy.")
    assert found(segs, nlp=ner_finding("Sarah Jones")) == [("Sarah Jones", "name"), ("Sarah Jones", "name")]


def test_pattern_cut_out_of_a_person_entity():
    # The small model reads "Leeds LS1 4AP" as a PERSON; the postcode stays a postcode.
    segs = segments("I live in Leeds LS1 4AP now.")
    # What is left, "Leeds", is a place the gazetteer knows, not a name.
    assert found(segs, nlp=ner_finding("Leeds LS1 4AP")) == [("LS1 4AP", "postcode")]
    segs = segments("Write to Sarah LS1 4AP now.")
    assert found(segs, nlp=ner_finding("Sarah LS1 4AP")) == [("Sarah", "name"), ("LS1 4AP", "postcode")]


def test_without_a_named_entity_model_names_are_still_found():
    # A blank pipeline has no NER: the gazetteer and the cues still find people, in its language.
    segs = segments("Sarah Jones rang 07700 900123.")
    assert found(segs, nlp=spacy.blank("en")) == [("Sarah Jones", "name"), ("07700 900123", "phone")]
    segs = segments("Me llamo Carmen Rodríguez Palacios, mi móvil es 655 21 43 87.")
    expected = [("Carmen Rodríguez Palacios", "name"), ("655 21 43 87", "phone")]
    assert found(segs, nlp=spacy.blank("es")) == expected
    # Without a pipeline, names are not looked for.
    assert found(segs) == [("655 21 43 87", "phone")]


@pytest.mark.slow
def test_analyse_segments_suggests_redactions():
    segs = segments(
        "My social worker Sarah Jones said to email me at amina.y@example.org or ring 07700 900123.",
        "I live at 12 Acacia Avenue, Leeds LS1 4AP. Amina is not my real name.",
    )
    redactions = analyse_segments(segs, teller_name="Amina Yusuf").redactions
    for r in redactions:
        assert segs[r.segment_idx].text[r.start : r.end] == r.text
    got = {(r.segment_idx, r.text, r.label) for r in redactions}
    assert {
        (0, "Sarah Jones", "name"),
        (0, "amina.y@example.org", "email"),
        (0, "07700 900123", "phone"),
        (1, "12 Acacia Avenue", "address"),
        (1, "LS1 4AP", "postcode"),
        (1, "Amina", "name"),
    } <= got
    # Both mentions of the teller's name are covered: one on its own, one inside the email.
    for seg in segs:
        at = seg.text.lower().index("amina")
        assert any(r.segment_idx == seg.idx and r.start <= at < r.end for r in redactions)
    assert redactions == sorted(redactions, key=lambda r: (r.segment_idx, r.start))


@pytest.mark.parametrize("text, expected", [
    # What tiny.en wrote for a phone number and an email read out by espeak-ng.
    ("ring me on 077009100123 or email Amina.usuf at example.org.",
     [("077009100123", "phone"), ("Amina.usuf at example.org", "email")]),
    ("write to amina dot yusuf at example dot org please", [("amina dot yusuf at example dot org", "email")]),
    ("my number is 0770 090 012 thanks", [("0770 090 012", "phone")]),
])
def test_numbers_and_emails_as_speech_is_transcribed(text, expected):
    assert found(segments(text)) == expected


@pytest.mark.parametrize("text", ["we met at Leeds station", "look at the org chart", "at 10 dot 30"])
def test_spoken_email_needs_an_address_shape(text):
    assert found(segments(text)) == []


@pytest.mark.parametrize("text, expected", [
    ("call (555) 123-4567 now", [("(555) 123-4567", "phone")]),
    ("or 555-123-4567.", [("555-123-4567", "phone")]),
    ("it cost 250 000 in 2019", []),
    ("ref 123-456-78901", []),
])
def test_north_american_phone_numbers(text, expected):
    assert found(segments(text)) == expected
