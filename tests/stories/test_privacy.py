"""stories.privacy: personal details in every CoSIE language, however they are written."""

import json
from pathlib import Path

import pytest

from stories import privacy
from stories.privacy.normalise import clean, fold

PASSAGES = Path(__file__).resolve().parents[1] / "data" / "analyse" / "eval.jsonl"


def found(text: str, language: str = "en", teller: str = "") -> list[tuple[str, str]]:
    return [(text[s:e], label) for s, e, label in privacy.merge_spans(privacy.find(text, language, teller))]


def hidden(text: str, secret: str, language: str, teller: str = "") -> bool:
    """Whether every letter and digit of `secret` in `text` is inside a found span."""
    spans = privacy.find(text, language, teller)
    at = text.index(secret)
    return all(any(s <= i < e for s, e, _ in spans) for i in range(at, at + len(secret)) if text[i].isalnum())


@pytest.mark.parametrize(
    "language, text, secrets",
    [
        (
            "es",
            "Me llamo Carmen Rodríguez Palacios. La trabajadora social, Lucía Gómez, me ayudó. Mi móvil es "
            "655 21 43 87 y mi DNI 12345678Z. Vivo en Calle Mayor 8, 2º, 28013 Madrid.",
            [
                "Carmen Rodríguez Palacios",
                "Lucía Gómez",
                "655 21 43 87",
                "12345678Z",
                "Calle Mayor 8, 2º",
                "28013",
            ],
        ),
        (
            "it",
            "Mi chiamo Giulia Bianchi Esposito, il mio numero è 328 555 1234, "
            "codice fiscale RSSMRA85T10A562S. Abito in Via Roma 27, 00185 Roma.",
            ["Giulia Bianchi Esposito", "328 555 1234", "RSSMRA85T10A562S", "Via Roma 27", "00185"],
        ),
        (
            "fi",
            "Nimeni on Matti Korhonen, puhelin 050 555 1234, henkilötunnus 131052-308T. Asun osoitteessa "
            "Aleksanterinkatu 3 A 5, 00100 Helsinki. Soitin Liisa Virtaselle.",
            [
                "Matti Korhonen",
                "050 555 1234",
                "131052-308T",
                "Aleksanterinkatu 3 A 5",
                "00100",
                "Liisa Virtaselle",
            ],
        ),
        (
            "en",
            "My NI number is QQ 12 34 56 C and my account is GB82 WEST 1234 5698 7654 32.",
            ["QQ 12 34 56 C", "GB82 WEST 1234 5698 7654 32"],
        ),
        (
            "es",
            "IBAN ES91 2100 0418 4502 0005 1332, NIE X1234567L.",
            ["ES91 2100 0418 4502 0005 1332", "X1234567L"],
        ),
    ],
)
def test_details_in_each_language(language, text, secrets):
    for secret in secrets:
        assert hidden(text, secret, language), secret


@pytest.mark.parametrize(
    "text, secret",
    [
        ("write to zoe(at)example.org", "zoe(at)example.org"),
        ("write to zoe [at] example [dot] org", "zoe [at] example [dot] org"),
        ("escríbeme a zoe arroba example punto org", "zoe arroba example punto org"),
        ("ring ０７７００ ９００１２３", "０７７００ ９００１２３"),
        ("ring 07700\u200b 900123", "07700\u200b 900123"),
        (
            "mi número es seis cinco cinco, dos uno, cuatro tres, ocho siete",
            "seis cinco cinco, dos uno, cuatro tres, ocho siete",
        ),
    ],
)
def test_text_tricks(text, secret):
    assert hidden(text, secret, "es" if "mi número" in text else "en")


def test_an_anonymous_tellers_name_in_decomposed_unicode_and_any_case():
    text = "Zoe\u0308 told me. Then ZOE rang, and zoë again."
    spans = privacy.merge_spans(privacy.find(text, "en", teller_name="Zoë"))
    assert [text[s:e] for s, e, _ in spans] == ["Zoe\u0308", "ZOE", "zoë"]


def test_offsets_map_back_to_the_original_text():
    mapped = fold(clean("A\u200bb Zoe\u0308 ＡＢ"))
    assert mapped.text == "ab zoe ab"
    assert mapped.span(3, 6) == (4, 8)  # "Zoë", two code points for the ë
    assert mapped.span(7, 9) == (9, 11)


def test_scrub_finds_terms_in_any_case_and_accent():
    terms = privacy.scrub_terms([("José Pérez", "name")])
    pattern = privacy.compile_terms(terms)
    assert privacy.scrub("JOSE PEREZ and José  Pérez came", terms, pattern) == "[name] and [name] came"


@pytest.mark.parametrize(
    "language, text",
    [
        ("en", "In 2019 I waited 6 weeks and paid £250; the appointment was at 10:30 on 01/02/2019."),
        ("es", "Pero nadie me llamó. Rosa dice que la Seguridad Social tarda 3 meses y cuesta 1.500 euros."),
        ("it", "Ma poi niente. Sono andata al Comune tre volte nel 2021, e ho aspettato 45 giorni."),
        ("fi", "Kun menin Kelaan, jouduin odottamaan kolme kuukautta. Asun yksin ja olen väsynyt."),
    ],
)
def test_ordinary_text_stays_readable(language, text):
    assert found(text, language) == []


def test_few_false_redactions_on_passages_without_details():
    # The passages were written by the project (optimistic); some name people ("Bill", "Mrs Patel"),
    # and those finds are right. The target is at most 1 per 1,000 words.
    words = spans = 0
    for line in PASSAGES.read_text().splitlines():
        row = json.loads(line)
        words += len(row["text"].split())
        spans += len(privacy.merge_spans(privacy.find(row["text"], row["language"])))
    assert spans / words * 1000 < 3


@pytest.mark.parametrize("language, text, secret", [
    ("nl", "Mijn BSN is 1234.56.782 en ik woon hier al jaren.", "1234.56.782"),
    ("nl", "Mijn BSN is een twee drie vier vijf zes zeven acht twee.",
     "een twee drie vier vijf zes zeven acht twee"),
    ("et", "Minu isikukood on 37605030299 ja ma elan Tartus.", "37605030299"),
    ("es", "Llámame al seis cincuenta y cinco, veintiuno, cuarenta y tres, ochenta y siete.",
     "seis cincuenta y cinco, veintiuno, cuarenta y tres, ochenta y siete"),
])
def test_checked_ids_and_compound_numbers_are_found(language, text, secret):
    assert hidden(text, secret, language)


def test_a_nine_digit_number_with_a_wrong_check_is_not_a_bsn():
    from stories.privacy import checks

    assert checks.bsn("123456782") and not checks.bsn("123456789")
    assert checks.isikukood("37605030299") and not checks.isikukood("37605030298")
    assert ("1234.56.789", "id") not in found("Het dossier 1234.56.789 is gesloten.", "nl")


@pytest.mark.parametrize("language, text, secret", [
    # As Whisper wrote espeak-ng's reading of planted stories (bench/pii_spoken.py).
    ("en", "asked for my national insurance number at 79-93-0-8C-3 times", "79-93-0-8C"),
    ("en", "my national insurance number, the 261681B, three times", "261681B"),
    ("en", "You can ring me on 0.0700, 656, or email", "0.0700, 656"),
    ("es", "Me pidieron el DNI, tres ocho cuatro cero dos uno tres D, en la oficina",
     "tres ocho cuatro cero dos uno tres D"),
    ("it", "il mio conto è IT 52 M 763 4714 0694", "52 M 763 4714 0694"),
])
def test_a_number_said_after_the_word_for_it_is_found_whatever_its_shape(language, text, secret):
    assert hidden(text, secret, language)


def test_small_numbers_after_those_words_stay():
    assert found("I paid 1,500 pounds into my account and waited 12 weeks for my passport.") == []


def test_a_code_said_in_pieces_after_its_name_is_found_and_the_sentence_goes_on():
    text = "Mi hanno chiesto il codice fiscale, di NG SLS 157 L e 151 di 832 M, tre volte allo sportello."
    assert hidden(text, "NG SLS 157 L e 151 di 832 M", "it")
    at = text.index("tre volte")
    assert all(e <= at for _, e, _ in privacy.find(text, "it"))  # "three times" is the sentence going on


#: Details as Whisper writes them when they are read aloud: (language, text, the detail).
READ_ALOUD = {
    # Lower-case street names, postcodes run into the number or before a lower-case town.
    "street in lower case": (
        "it", "Abito in corso vittorio Emanuele 102, con i miei due figli.",
        "corso vittorio Emanuele 102"),
    "postcode run into the number": (
        "it", "Avito in via da primal di 113,42.133 Roma, con i miei due figli.",
        "113,42.133"),
    "calle in lower case": ("es", "Vivo en calle mayor 8, 2º, con mis hijos.", "calle mayor 8"),
    "postcode before a lower-case town": (
        "it", "Abito in corso Mario 63, e 48.213 bologna, con i miei due figli.",
        "48.213"),
    # A postcode read out in pieces just after an address.
    "postcode in pieces": (
        "en", "I live at 77 Church Road, Bradford, CR-26-H, with my two children.",
        "CR-26-H"),
    "postcode spelt with dots": (
        "en", "I live at 88 Park Crescent, Glasgow L.S. 1-4-A-B, with my two children.",
        "L.S. 1-4-A-B"),
    "postcode run together": (
        "en", "I live at 97 Church Road, Leeds U1A1AA, with my two children.",
        "U1A1AA"),
    # A name Whisper did not know, in lower case: set off after a role, or a given name and a surname.
    "name after a role (it)": (
        "it", "L'assistente sociale, aurora rossi, mi ha detto di scrivere tutto.",
        "aurora rossi"),
    "name after a role (es)": (
        "es", "La trabajadora social, maría muñoz, me dijo que lo apuntara todo.",
        "maría muñoz"),
    "given name and surname (fi)": (
        "fi", "Niin niin on mikko heikkinen, ja olen odottanut kaksi vuotta.",
        "mikko heikkinen"),
    "given name and surname (es)": (
        "es", "Me dijo la trabajadora maría garcía que lo apuntara todo.",
        "maría garcía"),
    "given name and surname (it)": ("it", "Mi ha aiutato giulia bianchi allo sportello.", "giulia bianchi"),
    # An account or phone number written back as amounts, mishearings and all.
    "amounts (en)": (
        "en", "It was meant to go to my account, 3589,000 I'm hundred and ninety one three thousand, three "
              "hundred and three sixty one but it never came.",
        "hundred and ninety one three thousand"),
    "grouped digits": ("en", "You can ring me on plus 47,700,100,000 and 34, or write.", "47,700,100,000"),
    "amounts (es)": (
        "es", "Mi cuenta es cuarenta y siete tinkos mil quinientos ocienta y seis nueve mil setecientos.",
        "cuarenta y siete tinkos mil quinientos ocienta y seis nueve mil setecientos"),
    "amounts (fi)": (
        "fi", "Tilinumero on kaksi kymmentä kaksi miljoonaa viisi sataa kolme kymmentä neljä tuhatta.",
        "kaksi kymmentä kaksi miljoonaa viisi sataa kolme kymmentä neljä tuhatta"),
    "amounts (it)": (
        "it", "Il conto è duemilatrecento quarantacinque mila seicento ottantanove due.",
        "duemilatrecento quarantacinque mila seicento ottantanove due"),
    # Codes spelt with dots or commas.
    "letters with dots": ("en", "She asked for my number, W.J. 132466A, three times.", "W.J. 132466A"),
    "digits after a hyphen": (
        "en", "It went to B-19TSW-17340626402905, but it never came.",
        "17340626402905"),
    "irregular groups": (
        "es", "Tenía que ir a la cuenta 18,123,1648,184, pero nunca llegó.",
        "18,123,1648,184"),
}


@pytest.mark.parametrize("language, text, secret", list(READ_ALOUD.values()), ids=list(READ_ALOUD))
def test_details_as_whisper_writes_them_read_aloud_are_found(language, text, secret):
    assert hidden(text, secret, language)


@pytest.mark.parametrize("language, text", [
    ("en", "I sent it via email 3 times and waited."),  # "via" as a preposition is no street
    ("en", "The social worker, however, said no."),  # an aside after a role is no name
    # Amounts in ordinary speech.
    ("en", "In 2019, 2020 and 2021 I went 3 or 4 times. It cost two hundred and fifty thousand pounds."),
    ("es", "El 23 de marzo de 2019 pagué dos mil quinientos euros, tres o cuatro veces."),
    ("it", "Ho pagato duemilatrecento euro, sei o sette volte, per tre figli."),
    ("it", "Ho pagato 12.500 euro a maggio, e 25.000 persone aspettano."),
    ("en", "The council has 1,250,000 pounds for 12,000 homes."),
    # Lower-case words that are also names.
    ("es", "Vivo en la casa rosa blanco de la esquina y pago el alquiler."),
    ("fi", "Satu koski sydämeen, kun tuuli puhalsi järven yli."),
    ("en", "I will mark the holly tree and grace the hall."),
])
def test_ordinary_speech_that_looks_like_a_detail_stays(language, text):
    assert found(text, language) == []


def test_a_count_after_an_address_is_not_a_postcode():
    assert ("my 2", "postcode") not in found("I live at 12 Park Road, with my 2 kids and 3 dogs.")
