"""Judging one word: whether it is an ordinary word, a title, a place or a name in some case form.

The word lists are data (recognisers.toml, spaCy's stop words, Faker's names, towns and countries);
finding names in a text is names.py's work, and this module is what it asks of each word.
"""

from __future__ import annotations

import importlib
import re
from functools import cache

from stories import places, voikko
from stories.folding import fold_word
from stories.privacy import words

#: Voikko's classes for a person's name.
PERSON_CLASSES = frozenset({"etunimi", "sukunimi"})
#: Languages whose names take case endings ("Matin", "Korhoselle").
INFLECTED = frozenset({"fi", "et", "hu"})


def not_a_name(found: str, language: str = "en") -> bool:
    """Whether what a finder (or the English model) took for a name is a word or a place on its own:
    "Dad", "Phone", "Glasgow". A place that is also a given name ("Florence") stays a name."""
    word = fold_word(found.strip())
    if word in words.folded_set("names", "not_names") or any(organisation(w) for w in word.split()):
        return True
    if found.islower() and all(len(w) >= 3 and w in words.english_words() for w in word.split()):
        return True  # "my brother mark my words", "my son bill arrived": English words the model took
    # "Ukraina", "Senegal", "Thaimaasta"; not every town's name: some are given names too ("Nives").
    place = word in words.countries() or place_word(found.strip(), language, bare=False)
    return place and word not in words.gazetteer()[0]


#: Finnish, Estonian and Hungarian place cases: "Rovaniemeltä", "Tampereelta", "Thaimaasta", "Porissa".
_PLACE_CASES = tuple(
    "lta ltä sta stä ssa ssä lla llä lle hin ksi an en in na nä n".split()
    + "ba be ból ből ban ben ról ről ra re st s l".split()
)
#: Consonant gradation undone: "Helsingissä" is Helsinki's, "Lahden" Lahti's.
_GRADATION = (("ng", "nk"), ("mm", "mp"), ("nn", "nt"), ("ll", "lt"), ("rr", "rt"), ("hd", "ht"))


def _place_stems(folded: str) -> set[str]:
    stems = set()
    for case in _PLACE_CASES:
        if folded.endswith(case) and len(folded) - len(case) >= 4:
            base = folded[: -len(case)]
            stems.add(base)
            if base[-1] == "e":
                stems.add(base[:-1] + "i")  # Rovaniemeltä: Rovaniemi
            if base[-1] == base[-2] or base[-1] == "i":
                stems.add(base[:-1])  # Tampereelta: Tampere; Afganistanista: Afganistan
            elif base[-1] not in "aeiouyäö":
                stems.add(base + "i")  # Porissa is a case of Pori already
    return stems | {"".join(stem.rsplit(weak, 1)[:1]) + strong + stem.rsplit(weak, 1)[1]
                    for stem in stems for weak, strong in _GRADATION if weak in stem}


@cache
def _places_known() -> frozenset[str]:
    return words.towns() | words.countries()


def place_word(word: str, language: str, bare: bool = True) -> bool:
    """Whether one word is a place's name rather than a person's: in the places gazetteer, or a town,
    region or country Faker lists (in a case form too, for inflected languages), and no given name.
    With ``bare`` false, only a case form counts ("äiti Rovaniemeltä"), since after "mia moglie" a
    word that is also some town's name ("Nives") is hers."""
    if places.lookup(word) is not None:
        return True
    if language == "fi" and (read := voikko.readings(word)):
        # "Rovaniemeltä", not "Sointu"; after "työkaverini", "Rein" is a man, not the Rhine.
        places_read = {case for kind, case in read if kind == "paikannimi" and (bare or case != "nimento")}
        return bool(places_read) and not voikko.word_classes(word) & PERSON_CLASSES
    folded = fold_word(word)
    known = _places_known()
    forms_ = ({folded} if bare else set()) | (_place_stems(folded) if language in INFLECTED else set())
    return bool(forms_ & known) and not ({folded} | forms_) & words.gazetteer()[0]


def forms(folded: str, language: str) -> set[str]:
    """The word, and for inflected languages what it may be an ending away from ("korhoselle": "korhonen")."""
    found = {folded}
    if "-" in folded:  # "Eeva-Liisa", "Osei-Bonsu": known by either part
        found.update(part for part in folded.split("-") if len(part) >= 2)
    if language not in INFLECTED:
        return found
    for ending in _endings():
        if folded.endswith(ending) and len(folded) - len(ending) >= 3:
            stem = folded[: -len(ending)]
            found.add(stem)
            if stem.endswith("se"):
                found.add(stem[:-2] + "nen")  # Virtasen -> Virtanen
            if len(stem) >= 3 and stem[-1] in "aeiouyäö" and stem[-2] not in "aeiouyäö":
                found.add(stem[:-1] + stem[-2] + stem[-1])  # Matin -> Mati -> Matti
    return found


@cache
def _endings() -> tuple[str, ...]:
    return tuple(sorted({fold_word(e) for e in words.data()["names"]["endings"]}, key=len, reverse=True))


@cache
def titles() -> frozenset[str]:
    """Titles before a name ("señora", "dott.ssa"), folded, without their full stop."""
    return frozenset(fold_word(t).rstrip(".") for t in words.data()["names"]["titles"])


@cache
def ambiguous() -> frozenset[str]:
    """Given names that are also ordinary words ("Rosa", "Will"), folded."""
    return words.folded_set("names", "ordinary")


@cache
def _stop_words(language: str, english: bool = True) -> frozenset[str]:
    found = set()
    for code in ({language, "en"} if english else {language}) & set(words.LANGUAGES):
        found |= {fold_word(w) for w in importlib.import_module(f"spacy.lang.{code}.stop_words").STOP_WORDS}
    return frozenset(found)


def finnish_name(word: str) -> bool | None:
    """What Voikko says of a Finnish word: True for a given name or surname ("iida", "tommi"), False
    for a word that is no name ("sano", said; "näki", saw), None when it does not know the word."""
    said = voikko.word_classes(word)
    return bool(said & PERSON_CLASSES) if said else None


def ordinary(folded: str, language: str, english: bool = True) -> bool:
    """Whether a folded word is a stop word of ``language`` or (with ``english``) English: never a name
    on its own. Whisper mixes English into any story, hence English by default."""
    return folded in _stop_words(language, english)


def alternation(items) -> str:
    """A regular-expression alternation of the words, longest first, escaped."""
    return "|".join(map(re.escape, sorted(items, key=len, reverse=True)))


@cache
def people_head() -> str:
    """A pattern for a Finnish compound ending in the word for who someone is, maybe with a possessive:
    "lähihoitaja", "Kirjastonhoitaja", "Naapurini", "Isoveli"."""
    return rf"\w*(?:{alternation(words.folded_set('names', 'people_heads'))})(?:ni|si|nsa|mme|nne)?"


@cache
def _organisation_pattern() -> re.Pattern:
    said = words.data()["names"]["organisations"]
    return re.compile(rf"(?:{alternation(fold_word(w) for w in said['words'])})"
                      rf"|\w*(?:{alternation(fold_word(w) for w in said['heads'])})"
                      r"|\w+(?:issim[oaie]|isim[oa]s?)")


def organisation(folded: str) -> bool:
    """Whether a folded word names services, programmes or teams, never a person: "service", "juvenil",
    "sportello", a Finnish compound ending in "palvelu" or "tiimi"; or is a superlative ("bravissima",
    "amabilisima"), an adjective a teller capitalises after "la dottoressa"."""
    return bool(_organisation_pattern().fullmatch(folded))
