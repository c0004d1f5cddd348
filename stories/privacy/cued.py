"""Numbers said right after a word that names them: "my national insurance number is 79-93-0-8C".

Read aloud, a phone number, an identity number or an account loses its shape in Whisper's
transcript: letters become words, groups run together with dashes or commas, a check digit goes
missing, so no recogniser of its format can judge it. The words before it still say what it is.
A run of number tokens (see number_runs) with enough digits, closely after such a word
(recognisers.toml's [cues]), is that detail, with any letters glued on after it ("8C", "261681B").
"""

from __future__ import annotations

import re
from functools import cache

from stories.privacy import words
from stories.privacy.number_runs import number_runs
from stories.privacy.patterns import Span

#: How far back (characters) the naming word may stand: "my account number is, I think, ...".
CUE_REACH = 40
#: Words with a digit in them, one after another: "79-93-0-8C", "38 40 21 3D", "261681B".
_WITH_DIGITS = re.compile(r"(?<!\w)(?=[^\W\d]*\d)\w+(?:[-./ ]{1,2}(?=[^\W\d]*\d)\w+)*")
#: How far after its name a number said in pieces may start, how far it may run (numbers said in words
#: are long: "kaksi yhdeksän nolla seitsemän nolla neljä, A, ..."), and where a sentence ends it.
STRETCH = 60
RUN_TO = 160
_SENTENCE_END = re.compile(r"[.!?;](?=\s|$)|\n")
#: A piece of a code: a word with a digit in it, or capitals ("NG SLS").
_PIECE = re.compile(r"(?<!\w)(?:\w*\d\w*|[A-Z]{2,})(?!\w)")
#: A word of four letters or more: between two pieces of a code, it means the code has ended.
_WORD = re.compile(r"[^\W\d_]{4,}")
#: A check letter said after the digits: "... 2 1 3 D".
_LETTER_AFTER = re.compile(r"[- ][A-Za-z](?![\w'])")


@cache
def _cues() -> tuple[tuple[re.Pattern, str, int], ...]:
    rules = []
    for label, rule in words.data()["cues"].items():
        said = sorted(rule["words"], key=len, reverse=True)
        pattern = re.compile(rf"(?<!\w)(?:{'|'.join(map(re.escape, said))})(?!\w)", re.IGNORECASE)
        rules.append((pattern, label, rule["min_digits"]))
    return tuple(rules)


def _named(text: str, start: int, digits: int) -> str | None:
    """The label of the naming word nearest before ``start``, if the run has enough digits for it."""
    nearest, label = -1, None
    for pattern, name, min_digits in _cues():
        for m in pattern.finditer(text, max(0, start - CUE_REACH), start):
            if m.start() > nearest and digits >= min_digits:
                nearest, label = m.start(), name
    return label


@cache
def _letter() -> re.Pattern:
    """A letter read out inside a code: tied to a word ("Y de Yolanda", "S as in Sugar"), by its name
    ("ele", "zeta"), a dash said ("viiva"), or a capital alone ("N, P, 62")."""
    data = words.data()["names"]
    names, ties, marks = (
        "|".join(map(re.escape, sorted(data[key], key=len, reverse=True)))
        for key in ("letter_names", "letter_as_in", "spelled_marks")
    )
    return re.compile(rf"(?<!\w)(?:[A-Z]\s+(?:{ties})\s+[A-Z][^\W\d_]+|(?i:{names}|{marks})|[A-Z])(?!\w)")


def _pieces(window: str, language: str) -> list[tuple[int, int, int]]:
    """(start, end, digits) of the pieces of a code in ``window``: words with digits or capitals, letters
    read out, and number runs (whose plain digit groups are counted there, not twice)."""
    pieces = [(m.start(), m.end(), 0 if m.group().isdigit() else sum(c.isdigit() for c in m.group()))
              for m in _PIECE.finditer(window)]
    runs = number_runs(window, language)
    pieces += [(r.start, r.end, sum(len(t.digits) for t in r.tokens)) for r in runs]
    pieces += [(m.start(), m.end(), 0) for m in _letter().finditer(window)]
    pieces += [(m.start(), m.end(), 0) for m in _SPELLED_LOWER.finditer(window)]
    kept: list[tuple[int, int, int]] = []
    for piece in sorted(pieces, key=lambda p: (p[0], -p[1], -p[2])):
        if not kept or piece[0] >= kept[-1][1]:
            kept.append(piece)
    # A capital alone before a word is the sentence going on ("..., I had to"), unless a number follows.
    return [p for i, p in enumerate(kept)
            if p[1] - p[0] > 1 or p[2] or not _WORD_NEXT.match(window, p[1])
            or (i + 1 < len(kept) and not window[p[1]:kept[i + 1][0]].strip(" ,"))]


#: Three letters or more spelled in lower case: "s p s g p p 68 c 52 f 839 t".
_SPELLED_LOWER = re.compile(r"(?<!\w)[a-z](?: [a-z]){2,}(?!\w)")
#: A word in lower case next: "I had", "A friend"; not "P e il numero" (a check letter, then "and").
_WORD_NEXT = re.compile(r"\s+[a-zà-ÿ][^\W\d_]")


def _code(window: str, language: str, min_digits: int) -> list[tuple[int, int, int]]:
    """The pieces of the first code in ``window`` with ``min_digits`` digits: a real word between two
    pieces ends a code ("308T kysyttiin kolme kertaa"), and what comes before such a word with too few
    digits ("the Chinese one, the number is E, 72, ...") was not the code."""
    groups: list[list[tuple[int, int, int]]] = [[]]
    for piece in _pieces(window, language):
        if groups[-1] and _WORD.search(window, groups[-1][-1][1], piece[0]):
            if sum(p[2] for p in groups[-1]) >= min_digits:
                break
            groups.append([])
        groups[-1].append(piece)
    return groups[-1]


def _after_cues(text: str, language: str) -> list[Span]:
    """An identity number or account said in pieces after its name: "codice fiscale, di NG SLS 157 L e
    151 di 832 M", "mi NIE es Y de Yolanda, dos siete uno ... ocho, Z". From its first piece to its last
    piece with a digit and any letters right after that, within ``STRETCH`` characters and the sentence."""
    spans: list[Span] = []
    for pattern, label, min_digits in _cues():
        if label == "phone":  # a phone number has no letters: its runs are judged above
            continue
        for cue in pattern.finditer(text):
            stop = _SENTENCE_END.search(text, cue.end(), cue.end() + RUN_TO)
            window = text[cue.end():stop.start() if stop else cue.end() + RUN_TO]
            pieces = _code(window, language, min_digits)
            digits = [p for p in pieces if p[2]]
            if sum(p[2] for p in pieces) < min_digits or pieces[0][0] > STRETCH:
                continue
            # "..., tre volte": a lone number word after a comma is the sentence going on, not the code.
            while len(digits) > 1 and digits[-1][2] == 1 and "," in window[digits[-2][1]:digits[-1][0]]:
                digits.pop()
            end = digits[-1][1]
            for piece in pieces[pieces.index(digits[-1]) + 1:]:
                if piece[2] or window[end:piece[0]].strip(" ,-"):
                    break
                end = piece[1]
            letter = _LETTER_AFTER.match(window, end)
            spans.append((cue.end() + pieces[0][0], cue.end() + (letter.end() if letter else end), label))
    return spans


def _code_length(word: str) -> int:
    """The digits of a word, or, for a code of seven characters or more mixing letters and digits
    ("NXR4K71P2", "ZU7340198"), all its characters: a document number needs not be mostly digits."""
    digits = sum(c.isdigit() for c in word)
    letters = sum(c.isalpha() for c in word)
    return digits + letters if digits >= 3 and letters and digits + letters >= 7 else digits


def find_cued(text: str, language: str = "en") -> list[Span]:
    """Numbers named by the words just before them, spoken or written: (start, end, label)."""
    candidates = [(run.start, run.end, sum(len(t.digits) for t in run.tokens))
                  for run in number_runs(text, language)]
    candidates += [(m.start(), m.end(), _code_length(m.group())) for m in _WITH_DIGITS.finditer(text)]
    spans: list[Span] = _after_cues(text, language)
    for start, end, digits in candidates:
        label = _named(text, start, digits)
        if label:
            letter = _LETTER_AFTER.match(text, end)
            spans.append((start, letter.end() if letter else end, label))
    return spans
