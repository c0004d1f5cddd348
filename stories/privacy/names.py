"""People's names in any of the CoSIE languages, without a named-entity model for most of them.

No spaCy 3.8 NER model for Spanish, Italian, Finnish and the rest is on PyPI, so a name is read
from three kinds of evidence, all kept as data (recognisers.toml, words.gazetteer):
- a capitalised word that is a known given name or surname ("Carmen", "Korhosen"), not an
  ordinary word of the story's language (spaCy's stop words, the ``ordinary`` list);
- a capitalised word after a cue ("me llamo", "nimeni on"), a title ("señora", "herra") or a
  role ("la trabajadora social,"), known or not;
- the capitalised words that follow one of those ("Carmen Rodríguez Palacios", "María de la Paz");
- outside English, a given name and a surname of the story's own country side by side in lower
  case ("mikko heikkinen"), as the multilingual model writes a name it half heard.
Whisper capitalises names, so capitals are the signal; a name at the start of a sentence needs
a second word or a cue when it is also an ordinary word ("Rosa", "Will").
"""

from __future__ import annotations

from dataclasses import dataclass

import regex

from stories import places
from stories.folding import fold_word
from stories.privacy import name_words, words
from stories.privacy.name_cues import APPOSITION_REACH, apposed, cued
from stories.privacy.name_words import (
    ambiguous,
    forms,
    ordinary,
    place_word,
    titles,
)
from stories.privacy.patterns import Span

_WORD = regex.compile(r"\p{L}[\p{L}\p{M}'’-]*")
#: Particles inside a full name: "María de la Paz", "Lucia di Marco", "Jan van der Berg".
PARTICLES = frozenset(
    {"de", "del", "la", "las", "los", "di", "da", "dei", "della", "van", "der", "den", "von", "y", "i", "dos",
     "das", "du", "ter", "ten", "lo", "li", "ap", "ab", "ní", "nic", "mac", "bin", "ibn", "ben", "abu", "af"}
)
#: Particles that mean "and": inside a name only before a listed surname ("Ortega y Gasset"), not
#: "Marta y Servicios Sociales".
_AND = frozenset({"y", "i", "e"})
#: Particles that join a name only when written with a capital: "Fátima El Idrissi", but "fui con
#: Carmen al Centro de Salud" (to the health centre).
CAPITAL_PARTICLES = frozenset({"el", "al", "le"})
#: A particle glued to a surname by an apostrophe: "Silvia dell'Acqua", "Luca d'Amico".
_GLUED_PARTICLE = regex.compile(r"(?i:d|de|del|dell|dall|degli|l|o)['’]\p{Lu}")
#: Words before a saint's name that make it a place's or a church's: "San Francesco", "St Mary's".
SAINTS = frozenset({"san", "santa", "santo", "sant", "st", "saint", "sao", "santi", "ste"})
#: How many capitalised words may follow the first one of a name.
MAX_FOLLOWING = 3
#: Initials between a title or cue and a surname, or before a name: "Mr. D. Kowalczyk", "J. R. Smith".
_INITIALS = regex.compile(r"(?<![\w.])(?:\p{Lu}(?:-\p{Lu})?\.\s*){1,3}$")
#: A second surname's initial closing a signature: "Fdo.: W. A. Quispe M."
_CLOSING_INITIAL = regex.compile(r" \p{Lu}\.(?=\s*$)", regex.MULTILINE)
#: An initial, as a word: "J" of "Aslak J. Magga", "K-R" of "K-R. Mäkelä".
_INITIAL = regex.compile(r"\p{Lu}(?:-\p{Lu})?")
#: How far back (characters) a cue, title or role is looked for: the longest is under 30.
CUE_REACH = 40


@dataclass(frozen=True)
class Word:
    start: int
    end: int
    text: str
    folded: str
    capitalised: bool
    first: bool  # the first word of a sentence
    caps: bool = False  # in capitals, two letters or more: an acronym, or a surname on a form

    @property
    def initial(self) -> bool:
        return bool(_INITIAL.fullmatch(self.text))


def find_names(text: str, language: str = "en") -> list[Span]:
    """People's names in `text` (see the module's note), each as one span."""
    found: list[Span] = []
    tokens = tokens_of(text)
    i = 0
    while i < len(tokens):
        if not (_starts_name(text, tokens, i, language) or _coordinated(text, tokens, i, found, language)):
            i += 1
            continue
        last, j, following = i, i + 1, 0
        while j < len(tokens) and following < MAX_FOLLOWING:
            if (
                _particle(tokens[j])
                and j + 1 < len(tokens)
                and joined(text, tokens[j - 1], tokens[j])
                and (tokens[j].folded not in _AND or tokens[j + 1].folded in words.gazetteer()[1])
            ) or _initial_between(text, tokens, j):
                j += 1
                continue
            if not (joined(text, tokens[j - 1], tokens[j]) or _initial_between(text, tokens, j - 1)) or not (
                    _name_word(tokens[j], language, caps=True)):
                break
            last, j, following = j, j + 1, following + 1
        if _named_after(text, tokens, i, last):
            pass  # "Hospital Miguel Servet", "Victoria Hospital": a facility's name
        elif any(name_words.organisation(t.folded) for t in tokens[i : last + 1]):
            pass  # "Garantía Juvenil", "Welfare Rights Service", "Nuorten Palvelupiste": a service's name
        elif (
            last == i or places.lookup(text[tokens[i].start : tokens[last].end]) is None
        ):  # "Santiago de Compostela"
            initials = _INITIALS.search(text, max(0, tokens[i].start - 12), tokens[i].start)
            closing = _CLOSING_INITIAL.match(text, tokens[last].end)
            found.append((initials.start() if initials else tokens[i].start,
                          closing.end() if closing else tokens[last].end, "name"))
        i = last + 1
    return found


def _coordinated(text: str, tokens: list[Word], i: int, found: list[Span], language: str) -> bool:
    """Whether tokens[i] follows a name found and "and" ("Cheikh e Fatou"): a name too, if it could be
    one and no capitalised word follows it ("Marta y Servicios Sociales" is an office)."""
    return (i >= 2 and bool(found) and found[-1][1] == tokens[i - 2].end
            and tokens[i - 1].folded in words.folded_set("names", "conjunctions")
            and joined(text, tokens[i - 2], tokens[i - 1]) and joined(text, tokens[i - 1], tokens[i])
            and _name_word(tokens[i], language)
            and not (i + 1 < len(tokens) and tokens[i + 1].capitalised
                     and joined(text, tokens[i], tokens[i + 1])))


def _name_word(token: Word, language: str, caps: bool = False) -> bool:
    """Whether a word may be part of a name beside another: capitalised (or, with `caps`, in capitals
    but not an acronym: "Manpreet KAUR"), not an ordinary word, not a place, not a title."""
    shaped = token.capitalised or (caps and token.caps and _not_acronym(token))
    return (shaped and len(token.folded) >= 2 and not ordinary(token.folded, language)
            and places.lookup(token.text) is None and token.folded.rstrip(".") not in titles()
            and token.folded not in SAINTS and token.folded not in words.folded_set("names", "not_names")
            and token.folded not in words.folded_set("names", "facilities"))


def _not_acronym(token: Word) -> bool:
    """A word in capitals that could be a surname: three letters or more, with a vowel ("KAUR", not "NHS")."""
    return len(token.folded) >= 3 and any(c in "aeiouy" for c in token.folded) and (
        token.folded not in words.folded_set("names", "acronyms"))


def _initial_between(text: str, tokens: list[Word], j: int) -> bool:
    """Whether tokens[j] is a middle initial, its full stop, then a capitalised word: "Mamadou L. Diop"."""
    return (0 < j < len(tokens) - 1 and tokens[j].initial and joined(text, tokens[j - 1], tokens[j])
            and text[tokens[j].end : tokens[j + 1].start] in (". ", ".")
            and (tokens[j + 1].capitalised or tokens[j + 1].initial))


_QUOTES_BEFORE = regex.compile(r"[\s«\"“‘']*$")


def _named_after(text: str, tokens: list[Word], first: int, last: int) -> bool:
    """Whether a facility word stands just before the name (quotes aside) or just after it."""
    facilities = words.folded_set("names", "facilities")
    before = first > 0 and tokens[first - 1].folded in facilities and bool(
        _QUOTES_BEFORE.fullmatch(text, tokens[first - 1].end, tokens[first].start))
    after = last + 1 < len(tokens) and tokens[last + 1].folded in facilities and joined(
        text, tokens[last], tokens[last + 1])
    return before or after


def tokens_of(text: str) -> list[Word]:
    """The words of `text`, each with its place, its folded form, and whether it is capitalised and
    opens a sentence."""
    tokens: list[Word] = []
    shouting = text.isupper()
    for m in _WORD.finditer(text):
        word = m.group()
        # What stands between this word and the one before (or the start), quotes and dashes aside.
        gap = text[tokens[-1].end if tokens else 0 : m.start()].rstrip(" \t\"'“‘«(—–-")
        first = gap[-1] in ".!?…\n" if gap else not tokens
        if first and gap == "." and tokens and tokens[-1].initial:
            first = False  # "R. Laaksonen": the full stop of an initial ends no sentence
        # An acronym ("IBAN", "NHS") is not a name, unless the whole text is in capitals.
        capitalised = (word[0].isupper() and (not word.isupper() or len(word) == 1 or shouting)) or bool(
            _GLUED_PARTICLE.match(word))
        tokens.append(Word(m.start(), m.end(), word, fold_word(word), capitalised, first,
                            word.isupper() and len(word) >= 2))
    return tokens


def _starts_name(text: str, tokens: list[Word], i: int, language: str) -> bool:
    token = tokens[i]
    if (len(token.folded) < 2 or token.folded.rstrip(".") in titles() or token.folded in SAINTS
            or token.folded in words.folded_set("names", "facilities")):
        return False
    after_cue = cued(text[max(0, token.start - CUE_REACH) : token.start], language)
    labelled = after_cue and text[: token.start].rstrip().endswith(":")
    capitals = token.caps and (_not_acronym(token) or _particle_in_capitals(text, tokens, i))
    if not (token.capitalised or (labelled and capitals)):
        return False  # a surname in capitals only after a form's label: "Cognome: SINGH", "DE GIORGI"
    followed = (
        i + 1 < len(tokens)
        and (tokens[i + 1].capitalised or (tokens[i + 1].caps and _not_acronym(tokens[i + 1])))
        and joined(text, token, tokens[i + 1])
        and not ordinary(tokens[i + 1].folded, language)
    ) or _initial_between(text, tokens, i + 1)
    if after_cue and (_placed(token, language) or not followed and language == "fi"
                      and name_words.finnish_name(token.text) is False
                      and not forms(token.folded, language) & words.gazetteer()[0]):
        # "lähihoitaja Kotihoidosta" (from home care), "äiti Rovaniemeltä", "Äiti: Kuuro" (deaf); but
        # "kotihoitaja Oksana" is a woman, whatever Voikko makes of "oksa" (a branch).
        return False
    if after_cue:
        # "... who has MS. The form" is a title's shape, not a name: an ordinary word needs company;
        # "kahden lapsen äiti Rovaniemeltä" (from Rovaniemi) is a place's.
        return followed or not (
            ordinary(token.folded, language) or place_word(token.text, language, bare=False))
    if _INITIALS.search(text, max(0, token.start - 12), token.start) or _initial_between(text, tokens, i + 1):
        # "M. Giraudo", "Mamadou L. Diop": initials say a name, if the word is not an ordinary one.
        return _name_word(token, language)
    if ordinary(token.folded, language) or places.lookup(token.text) is not None:
        return False
    if place_word(token.text, language) and not followed:
        return False  # "Murcia", "Thaimaasta"; "Lahti Energia" may be a company, "Matti Lahti" a man
    if not token.first and apposed(text[max(0, token.start - APPOSITION_REACH) : token.start], language):
        return _name_word(token, language)
    if i and tokens[i - 1].folded in SAINTS and joined(text, tokens[i - 1], token):
        return False  # "l'ospedale San Francesco", "St James's": a place named after a saint
    given, family = words.gazetteer()
    known_as = forms(token.folded, language)
    if known_as & given:
        if known_as & ambiguous() and not followed:
            return False  # "on 3 June", "un Mercedes viejo", "Toivon, että": the word, alone
        if followed or not token.first:
            return True
        # Alone at the start of a sentence: a name of the story's own language ("Asun" opens many a
        # Finnish sentence, "I live"), and not an ordinary word as well ("Rosa", "Will").
        return token.folded not in ambiguous() and bool(
            known_as & words.gazetteer(words.OWN_LOCALES[language])[0]
        )
    if known_as & family:
        return not token.first or followed
    return False


#: Finnish local cases: "from", "in", "at", "to" something.
_LOCAL_CASES = ("sta", "stä", "lta", "ltä", "ssa", "ssä", "lla", "llä", "lle", "sta")


def _placed(token: Word, language: str) -> bool:
    """Whether a Finnish word after a cue is in a local case ("Ohjaamosta", "Terveystalossa"), and
    Voikko does not take it for a person's name: someone's place or service, not their name."""
    return (language == "fi" and token.folded.endswith(_LOCAL_CASES)
            and name_words.finnish_name(token.text) is not True)


def _particle_in_capitals(text: str, tokens: list[Word], i: int) -> bool:
    """Whether tokens[i] is a particle in capitals before a surname in capitals: "DE GIORGI", "EL AMRANI"."""
    return ((tokens[i].folded in PARTICLES or tokens[i].folded in CAPITAL_PARTICLES) and i + 1 < len(tokens)
            and tokens[i + 1].caps and _not_acronym(tokens[i + 1]) and joined(text, tokens[i], tokens[i + 1]))


def _particle(token: Word) -> bool:
    """Whether a word may stand inside a full name between two of its capitalised words."""
    return token.folded in PARTICLES or (token.capitalised and token.folded in CAPITAL_PARTICLES)


def joined(text: str, left: Word, right: Word) -> bool:
    """Whether two words stand side by side, with nothing but a space between."""
    return text[left.end : right.start] in (" ", "\u00a0")
