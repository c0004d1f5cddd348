"""Names told by where they stand in a document, not by the words around them.

Three layouts that archives, newspapers and letters share:
- an interview transcript's speaker labels ("DOREEN WALSH:", "F.A.H.:", "[00:03:15] ROSA:"), said at
  least twice, or as initials; the interviewer's own label is a role, not a name;
- a news story's subject introduced with their age ("Yuleisy Marcano, de 29 años, llegó ...");
- a signature: a line of two to four capitalised words after a sign-off, or above an address or an
  identity number ("Felice Lorusso\\nvia Napoli 178").
Each needs more than its place: a word the name lists hold, initials, an age said in words or an
address block under it, and no word a service or a facility is named with, so a heading stays a heading.
"""

from __future__ import annotations

from collections import Counter
from functools import cache

import regex

from stories.folding import fold_word
from stories.privacy import name_words, words
from stories.privacy.patterns import STREET_WORDS, Span

#: A speaker's label at a line's start, after any timestamp: initials, words in capitals, or a name
#: in title case, then a colon.
_LABEL = regex.compile(
    r"(?m)^[ \t]*(?:\[[\d:.]+\][ \t]*)?(?P<label>(?:\p{Lu}\.-?){1,4}"
    r"|\p{Lu}[\p{Lu}'’-]+(?:[ \t]+\p{Lu}[\p{Lu}'’.-]+){0,3}"
    r"|\p{Lu}\p{Ll}+(?:[ \t]+\p{Lu}(?:\p{Ll}+|\.?)){0,2})[ \t]*:"
)
_INITIALS = regex.compile(r"(?:\p{Lu}\.-?){1,4}")
#: A subject and their age: "Grace Oyelaran-Smith, 29, ...", "Ardit Hoxha, 16 anni, ...".
_AGED = regex.compile(
    r"(?<![\p{L}\p{M}'’-])(?P<name>\p{Lu}[\p{L}\p{M}'’-]+(?:[ \t]+\p{Lu}[\p{L}\p{M}'’-]+){1,3}),[ \t]+"
    r"(?:de[ \t]+)?(?:[1-9]\d?|1[01]\d)"
    r"(?P<said>[ \t]+(?:años|anni|vuotta|years old|anos|år|jaar|lat|éves|aastat))?"
    r"(?=[,.])"
)
#: A post signed at its very end, after a dash or an emoji: "— Jovelyn Santos", "🙏 Tuuli".
_SIGNED_POST = regex.compile(
    r"(?:[—–-]|\p{So})[ \t]*(?P<name>\p{Lu}[\p{L}\p{M}'’-]+(?:[ \t]+\p{Lu}[\p{L}\p{M}'’.-]*){0,2})"
    r"[ \t]*(?:\([^)\n]{1,40}\))?\s*\Z"
)
#: A line of two to four capitalised words.
_NAME_LINE = regex.compile(
    r"(?m)^[ \t]*(?P<name>\p{Lu}[\p{L}\p{M}'’.-]+(?:[ \t]+\p{Lu}[\p{L}\p{M}'’.-]+){1,3})[ \t]*$")


@cache
def _roles() -> frozenset[str]:
    """Labels that are roles: the listed ones, and any word for who someone is ("JUDGE:", "MAESTRA:")."""
    people = {fold_word(w) for said in words.data()["names"]["people"].values() for w in said}
    return (words.folded_set("names", "speaker_roles") | words.folded_set("names", "roles")
            | words.folded_set("names", "titles") | words.folded_set("names", "introductions") | people)


def _shaped(name: str, language: str) -> bool:
    """Whether no word of `name` is one that is never a name on its own: a street word, a facility, a
    word of the story's own language's stop list ("Into Saarinen" is a Finn, whatever English says)."""
    never = (words.folded_set("names", "not_names") | words.folded_set("names", "facilities")
             | words.folded_set("streets", "before") | _organisation_words())
    return not any(w in never or name_words.ordinary(w, language, english=language == "en")
                   for w in _words(name))


@cache
def _organisation_words() -> frozenset[str]:
    return frozenset(fold_word(w) for w in words.data()["names"]["organisations"]["words"])


def _words(name: str) -> list[str]:
    return [fold_word(w) for w in regex.findall(r"[\p{L}\p{M}'’-]+", name) if len(w) >= 2]


def _listed(name: str, language: str) -> bool:
    """Whether a word of `name` is a given name or surname the lists hold, and it is name-shaped."""
    given, family = words.gazetteer()
    listed = any(name_words.forms(w, language) & (given | family) for w in _words(name))
    return listed and _shaped(name, language)


def find_speakers(text: str, language: str = "en") -> list[Span]:
    """Speakers' labels in a transcript or a chat that are names: initials; said twice and listed; or,
    where two people or more speak, a given name the lists hold ("Gigi:", "Jussi K:")."""
    labels = [m for m in _LABEL.finditer(text)
              if fold_word(m.group("label").strip().rstrip(".")) not in _roles()]
    said = Counter(m.group("label").strip() for m in labels)
    found = []
    for m in labels:
        label = m.group("label").strip()
        if _INITIALS.fullmatch(label) or (said[label] >= 2 and _listed(label, language)) or (
                len(said) >= 2 and _given_first(label, language)):
            found.append((m.start("label"), m.start("label") + len(label), "name"))
    return found


def _given_first(label: str, language: str) -> bool:
    """Whether a label opens with a given name the lists hold that is no ordinary word as well."""
    first = fold_word(label.split()[0])
    # Not a word that becomes a name once its accents go: "Isä:" (father) is not "Isa".
    return (first in words.gazetteer()[0] and first == label.split()[0].lower()
            and first not in name_words.ambiguous()
            and not label.isupper() and _shaped(label, language))


#: A surname first, then a comma and the given names, as forms and registers write them: "JORDAN,
#: Brooklyn Lee", "Al-Saadi, Layla".
_INVERTED = regex.compile(
    r"(?<![\p{L}\p{M}'’-])(?P<surname>\p{Lu}[\p{L}\p{M}'’-]+(?:[ \t]+\p{Lu}[\p{L}\p{M}'’-]+)?),[ \t]+"
    r"(?P<given>\p{Lu}\p{Ll}[\p{L}\p{M}'’-]*(?:[ \t]+\p{Lu}\p{Ll}[\p{L}\p{M}'’-]*){0,2})"
)


def find_inverted(text: str, language: str = "en") -> list[Span]:
    """A surname and then the given names after a comma, as forms write them: the surname in capitals
    or a listed one, the first given name a listed one, and no word a place's or an ordinary one."""
    given, family = words.gazetteer()
    found = []
    for m in _INVERTED.finditer(text):
        surname, first = m.group("surname"), fold_word(m.group("given").split()[0])
        capitals = surname.isupper() and len(surname) >= 3 and any(c in "AEIOUY" for c in surname)
        listed = any(name_words.forms(w, language) & family for w in _words(surname))
        places = any(name_words.place_word(w, language) for w in regex.findall(r"[\p{L}'’-]+", m.group()))
        if (capitals or listed) and first in given and not places and _shaped(m.group(), language):
            found.append((m.start(), m.end(), "name"))
    return found


def find_aged(text: str, language: str = "en") -> list[Span]:
    """A news story's subject with their age after the name: "Mamadou Diallo Sow, de 34 años"."""
    return [(m.start("name"), m.end("name"), "name") for m in _AGED.finditer(text)
            if (m.group("said") or _listed(m.group("name"), language))
            and _shaped(m.group("name"), language)]


#: A street's word in a line: "The Old Forge, Mill Lane" is an address, "Secretaria de la Asociación" not.
_STREET = regex.compile(rf"(?i)(?<!\w)(?:{'|'.join(STREET_WORDS)})(?!\w)")


@cache
def _sign_offs() -> frozenset[str]:
    return words.folded_set("names", "sign_offs")


def find_signatures(text: str, language: str = "en") -> list[Span]:
    """A signature's name line: after a sign-off ("Yours faithfully,"), or above an address block (two
    of the next four lines with digits or an "@"); and a line of the block before its first line with
    digits, the house's name ("The Old Forge, Mill Lane")."""
    found = []
    if (post := _SIGNED_POST.search(text)) and _listed(post.group("name"), language):
        found.append((post.start("name"), post.end("name"), "name"))
    lines = text.split("\n")
    starts = [0]
    for line in lines:
        starts.append(starts[-1] + len(line) + 1)
    for i, line in enumerate(lines):
        m = _NAME_LINE.match(line)
        if not m or not _shaped(m.group("name"), language):
            continue
        before = next((x.strip() for x in reversed(lines[:i]) if x.strip()), "")
        block = [x for x in lines[i + 1 : i + 5] if x.strip()]
        contact = [any(c.isdigit() for c in x) or "@" in x for x in block]
        signed = fold_word(before.rstrip(",.")) in _sign_offs()
        listed = _listed(m.group("name"), language)  # "Kind regards,\nWelfare Rights Service" is a team
        if not ((signed and (listed or sum(contact) >= 2)) or (sum(contact) >= 2 and (contact[0] or listed))):
            continue
        found.append((starts[i] + m.start("name"), starts[i] + m.end("name"), "name"))
        home = lines[i + 1] if i + 1 < len(lines) else ""
        if len(contact) >= 2 and not contact[0] and contact[1] and _STREET.search(home):
            found.append((starts[i + 1] + len(home) - len(home.lstrip()), starts[i + 1] + len(home.rstrip()),
                          "address"))
    return found
