"""An e-mail address read out, widened back over the user's name said in pieces before its "at"."""

from __future__ import annotations

from functools import cache

import regex

from stories.folding import fold_word
from stories.privacy import words
from stories.privacy.names import ordinary
from stories.privacy.patterns import Span

_WORD = regex.compile(r"\p{L}[\p{L}\p{M}'’-]*")
#: Words that join number words said in a row: "ochenta y uno", "forty and four".
_NUMBER_JOINERS = frozenset({"y", "and", "e", "ja", "och", "en"})
#: How far back (characters, words) the user's name is looked for.
REACH, MOST_WORDS = 80, 4


@cache
def _number_words(language: str) -> frozenset[str]:
    return frozenset(fold_word(w) for key in ("numbers", "tens") for lang in ("en", language)
                     for w in words.data()[key].get(lang, {}))


def before_spoken_emails(text: str, found: list[Span], language: str = "en") -> list[Span]:
    """Each spoken e-mail address in ``found`` widened back over the words said before its "at": the
    user's name in pieces and any number said in words ("eileen pattinson forty four at hotmail dot
    co dot uk").

    Up to four words (letters spelled one by one, and "dot" or "underscore" said between, aside),
    stopping at punctuation, a word that names the address ("email"), or an ordinary word of the
    language (unless it is a number word, or joins two).
    """
    numbers = _number_words(language)
    at_words, named_by = words.folded_set("email", "at"), words.folded_set("email", "named_by")
    joins = {w for said in words.folded_set("email", "joins") for w in said.split()}
    said = words.folded_set("email", "dot") | joins
    wider = []
    for start, end, label in found:
        if label != "email" or not at_words & {fold_word(w) for w in text[start:end].split()}:
            continue
        before = list(_WORD.finditer(text, max(0, start - REACH), start))
        new_start, after, taken = start, start, 0
        for k in range(len(before) - 1, -1, -1):
            word = fold_word(before[k].group())
            joiner = word in _NUMBER_JOINERS and k > 0 and fold_word(before[k - 1].group()) in numbers
            # "d w h e a t l e y at ...": a letter beside another is spelling, whatever word it is.
            spelled = len(word) == 1 and k > 0 and len(before[k - 1].group()) == 1
            if text[before[k].end():after] not in (" ", "") or word in named_by or taken == MOST_WORDS or (
                    word not in numbers and not joiner and not spelled and word not in said
                    and ordinary(word, language)):
                break
            taken += not spelled and word not in said
            new_start = after = before[k].start()
        if new_start < start:
            wider.append((new_start, end, "email"))
    return wider
