"""What stands before a name: a cue, an introduction, a role, a title, or the word for who someone is
to the teller, kept as data in recognisers.toml's [names] lists (the people words per language).

names.find_names asks whether the words before a capitalised word cue a name (``cued``), or set it off
by a comma after such a word further back in the clause (``apposed``).
"""

from __future__ import annotations

import re
from functools import cache

from stories.folding import fold_word
from stories.privacy import words
from stories.privacy.name_words import alternation, people_head, titles


@cache
def _cue_pattern(language: str) -> re.Pattern:
    names = words.data()["names"]
    phrases = {fold_word(p) for p in names["cues"] + names["introductions"] + names["roles"]}
    # Who someone is to the teller, in the story's own language ("son" is "are" in Spanish, "prima"
    # "first" in Italian), and on the same line, with no label's colon: "Padre: Desempleado" is a form.
    people = alternation(people_words(language)) + (f"|{people_head()}" if language == "fi" else "")
    return re.compile(
        rf"(?<!\w)(?:(?:{alternation(phrases)}|(?:{alternation(titles())})\.?)\s*[,:]?\s*"
        rf"|(?:{people})[ \t]*,?[ \t]*)(?:(?<!\w)\w\.\s*){{0,3}}$"
    )


@cache
def people_words(language: str) -> frozenset[str]:
    """The words for who someone is to the teller in `language` ([names.people]), folded."""
    return frozenset(fold_word(w) for w in words.data()["names"]["people"].get(language, []))


@cache
def _people_pattern(language: str) -> re.Pattern:
    phrases = people_words(language) | words.folded_set("names", "roles")
    heads = f"|{people_head()}" if language == "fi" else ""
    return re.compile(rf"(?<!\w)(?:{alternation(phrases)}{heads})(?!\w)")


#: How far before a name set off by a comma the word for who they are may stand.
APPOSITION_REACH = 60
_CLAUSE_END = re.compile(r"[.!?;:\n]")
_AFTER_LOWER_CASE = re.compile(r"(?<!\w)[a-zà-ÿ][^\W\d_]*,[ \t]*$")


def apposed(before: str, language: str) -> bool:
    """Whether `before` ends with a comma after the word for who someone is, in the same sentence: "la
    enfermera de la unidad, " (Nieves), "una educadora del centro de servicios sociales, " (Esperanza)."""
    if not _AFTER_LOWER_CASE.search(before):
        return False  # "an Education, Health and Care Plan": a list of capitalised words
    clause = _CLAUSE_END.split(before)[-1]
    return bool(_people_pattern(language).search(fold_word(clause)))


#: A speaker's label in capitals at a line's start: "MAESTRA: Bisogna..." is a role speaking.
_SPEAKER = re.compile(r"(?m)^[ \t]*[^\W\d_a-z]{2,}(?:[ \t]+[^\W\d_a-z]+)*[ \t]*:[ \t]*$")


def cued(before: str, language: str = "en") -> bool:
    """Whether `before` ends with a cue, an introduction, a role or a title: a name may follow."""
    return bool(_cue_pattern(language).search(fold_word(before))) and not _SPEAKER.search(before)
