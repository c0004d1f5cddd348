"""The recogniser framework: Microsoft Presidio's analyzer, with one registry of recognisers.

Presidio brings the checked recognisers for identity numbers and bank accounts (IBAN with its
checksum, Spanish DNI/NIE, Italian codice fiscale, Finnish henkilötunnus, UK National Insurance
and NHS numbers, Polish PESEL, Swedish personnummer, card numbers) and, for English, names from
the trained spaCy model. The project's own finders (phones through libphonenumber, streets and
postcodes of each CoSIE country, names by gazetteer and cue, the English patterns) are registered
beside them, so every caller asks one registry. Presidio's e-mail recogniser is left out: it asks
the network for the public suffix list (tldextract); the project's own e-mail patterns need none.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable
from functools import cache

# Presidio looks for a GPU by importing torch (two seconds) unless told which device to use.
os.environ.setdefault("PRESIDIO_DEVICE", "cpu")
from stories.torchless import torch_hidden  # noqa: E402

with torch_hidden():  # Presidio's Hugging Face recogniser imports torch (2 s, 190 MB), never used here
    import spacy
    from presidio_analyzer import (
        AnalyzerEngine,
        EntityRecognizer,
        Pattern,
        PatternRecognizer,
        RecognizerRegistry,
        RecognizerResult,
    )
    from presidio_analyzer import predefined_recognizers as predefined
    from presidio_analyzer.nlp_engine import NlpArtifacts, SpacyNlpEngine

from stories import english_model  # noqa: E402
from stories.english_model import ENGLISH_MODEL  # noqa: E402
from stories.privacy import checks, words  # noqa: E402
from stories.privacy.patterns import Span  # noqa: E402

#: Presidio's entities -> the project's redaction labels.
LABEL_OF = {
    "PERSON": "name", "PHONE": "phone", "EMAIL": "email", "ADDRESS": "address", "POSTCODE": "postcode",
    "IBAN_CODE": "iban", "CREDIT_CARD": "iban", "ES_NIF": "id", "ES_NIE": "id", "IT_FISCAL_CODE": "id",
    "FI_PERSONAL_IDENTITY_CODE": "id", "UK_NINO": "id", "UK_NHS": "id", "PL_PESEL": "id",
    "SE_PERSONNUMMER": "id", "TELLER": "name", "ID_SAID": "id",
    **{f"ID_{key.upper()}": rule.get("label", "id") if isinstance(rule, dict) else "id"
       for key, rule in words.data()["ids"].items()},
}  # fmt: skip
#: Entities whose recognisers read digits, and so also run where spoken digits were joined up. Not
#: long_number: joined up, a phone number and the count after it ("07700 900123 3 times") are one.
NUMBERED = ("IBAN_CODE", "CREDIT_CARD", "ES_NIF", "ES_NIE", "IT_FISCAL_CODE", "FI_PERSONAL_IDENTITY_CODE",
            "UK_NINO", "UK_NHS", "PL_PESEL", "SE_PERSONNUMMER",
            *(f"ID_{key.upper()}" for key in words.data()["ids"] if key != "long_number"))
#: Presidio's own recognisers, each registered for every language (a Spanish DNI can be in a story
#: told in English).
PREDEFINED = (
    predefined.IbanRecognizer, predefined.CreditCardRecognizer, predefined.EsNifRecognizer,
    predefined.EsNieRecognizer, predefined.ItFiscalCodeRecognizer,
    predefined.FiPersonalIdentityCodeRecognizer,
    predefined.UkNinoRecognizer, predefined.NhsRecognizer, predefined.PlPeselRecognizer,
    predefined.SePersonnummerRecognizer,
)  # fmt: skip
#: Results scoring below this are dropped: Presidio's weakest patterns fire on any digits.
THRESHOLD = 0.4

Finder = Callable[[str, str], list[Span]]
#: A finder and the entities its spans' labels stand for.
Finders = tuple[tuple[tuple[str, ...], Finder], ...]


class FinderRecognizer(EntityRecognizer):
    """One of the project's finders as a Presidio recogniser: its spans become results."""

    def __init__(self, entities: tuple[str, ...], finder: Finder, language: str, score: float = 0.85):
        self.finder, self.score = finder, score
        self.entity_of = {LABEL_OF[e]: e for e in entities}
        super().__init__(
            supported_entities=list(entities),
            supported_language=language,
            name=f"{getattr(finder, '__name__', 'finder')}-{language}",
        )

    def load(self) -> None:
        """Nothing to load: the finders read their word lists on first use."""

    def analyze(self, text: str, entities: list[str], nlp_artifacts: NlpArtifacts | None = None) -> list:
        """Presidio's call: the finder's spans in `text`."""
        wanted = set(entities or self.supported_entities)
        if not wanted & set(self.supported_entities):
            return []
        found = [
            (self.entity_of[label], start, end)
            for start, end, label in self.finder(text, self.supported_language)
        ]
        return [
            RecognizerResult(entity, start, end, self.score)
            for entity, start, end in found
            if entity in wanted
        ]


class Pipelines(SpacyNlpEngine):
    """spaCy for Presidio: the trained English model where names are wanted, a blank tokenizer else."""

    def __init__(self):
        super().__init__(
            models=[{"lang_code": lang, "model_name": ENGLISH_MODEL} for lang in words.LANGUAGES]
        )

    def load(self) -> None:
        """Load the English model now, and each other language's tokenizer when it is first asked for."""
        # Nine blank pipelines took seconds of every worker's first story, most of them never used.
        self.blank = _OnFirstUse(_blank)
        self.nlp = _OnFirstUse(self.blank.__getitem__)
        self.nlp["en"] = english_model.load(exclude=["lemmatizer"])

    def get_supported_languages(self) -> list[str]:
        """Every language the recognisers serve, loaded or not yet."""
        return list(words.LANGUAGES)

    def tokens_only(self, text: str, language: str) -> NlpArtifacts:
        """Artifacts from the blank tokenizer: for calls that want no names from the model."""
        return self._doc_to_nlp_artifact(self.blank[language](text), language)


def _blank(lang: str) -> spacy.language.Language:
    with torch_hidden():  # a first pipeline loads spaCy's factories, Presidio's among them
        return spacy.blank(lang)


class _OnFirstUse(dict):
    """A value per served language, made the first time that language is asked for."""

    def __init__(self, make: Callable[[str], object]) -> None:
        super().__init__()
        self.make = make

    def __missing__(self, lang: str) -> object:
        if lang not in words.LANGUAGES:
            raise KeyError(lang)
        self[lang] = made = self.make(lang)
        return made


class CheckedPattern(PatternRecognizer):
    """A pattern from recognisers.toml, kept only if its check digit is right when it has one."""

    def __init__(self, *args, check: Callable[[str], bool] | None = None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.check = check

    def validate_result(self, pattern_text: str) -> bool | None:
        # None leaves the score as the pattern gave it; False drops the match.
        return None if self.check is None or self.check(pattern_text) else False


@cache
def analyzer(finders: Finders) -> AnalyzerEngine:
    """The analyzer with Presidio's recognisers and `finders` ((entities, finder) pairs), per language."""
    logging.getLogger("presidio-analyzer").setLevel(logging.ERROR)
    registry = RecognizerRegistry(supported_languages=list(words.LANGUAGES))
    for lang in words.LANGUAGES:
        for recognizer in PREDEFINED:
            registry.add_recognizer(recognizer(supported_language=lang))
        for entities, finder in finders:
            registry.add_recognizer(FinderRecognizer(entities, finder, lang))
        for key, rule in words.data()["ids"].items():
            rule = rule if isinstance(rule, dict) else {"pattern": rule}
            registry.add_recognizer(CheckedPattern(
                supported_entity=f"ID_{key.upper()}", supported_language=lang, name=f"{key}-{lang}",
                patterns=[Pattern(key, rule["pattern"], 0.5)], global_regex_flags=0,
                check=checks.CHECKS[rule["check"]] if "check" in rule else None))
    registry.add_recognizer(
        predefined.SpacyRecognizer(supported_language="en", supported_entities=["PERSON"])
    )
    nlp = Pipelines()
    nlp.load()
    return AnalyzerEngine(registry=registry, nlp_engine=nlp, supported_languages=list(words.LANGUAGES))


def spans(results: list[RecognizerResult]) -> list[Span]:
    """Presidio's results as (start, end, label) spans."""
    return [(r.start, r.end, LABEL_OF.get(r.entity_type, "other")) for r in results]
