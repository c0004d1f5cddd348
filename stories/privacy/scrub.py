"""The last line before publishing: every redacted string goes wherever it appears.

Span redactions cover what analysis found in the transcript. The same words can also stand in
the title, in an evidence sentence, or in a segment a moderator edited, so each redacted string
(and an anonymous teller's name) is also found as a whole word in every published field, in any
case and with or without accents ("José", "JOSE", "Jose"). Found in a segment, it becomes a
redaction like any other, so the audio is silenced there too.
"""

from __future__ import annotations

import re

from stories.folding import fold_word
from stories.privacy.normalise import clean, fold

_INVISIBLE = dict.fromkeys(map(ord, "\u00ad\u180e\u200b\u200c\u200d\u2060\ufeff"))
MIN_TERM = 3  # shorter strings would blank out ordinary words


def scrub_terms(redactions: list[tuple[str, str]], teller_name: str = "") -> dict[str, str]:
    """``{folded term: label}`` from (text, label) pairs plus the teller's name and its parts."""
    terms: dict[str, str] = {}
    for text, label in redactions:
        term = fold_word(" ".join(clean(text).text.split()))
        if len(term) >= MIN_TERM:
            terms.setdefault(term, label)
    name = fold_word(" ".join(clean(teller_name).text.split()))
    for part in [name, *name.split()] if name else []:
        if len(part) >= MIN_TERM:
            terms.setdefault(part, "name")
    return terms


def compile_terms(terms: dict[str, str]) -> re.Pattern | None:
    """One pattern for all (folded) terms, longest first so a full name wins over its parts."""
    if not terms:
        return None
    alternatives = "|".join(re.escape(t).replace(r"\ ", r"\s+") for t in sorted(terms, key=len, reverse=True))
    return re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)")


def scrub_spans(
    text: str | None, terms: dict[str, str], pattern: re.Pattern | None
) -> list[tuple[int, int, str]]:
    """(start, end, label) for every mention of a term in `text`, in the original's offsets."""
    if not text or pattern is None:
        return []
    # Most texts mention no term: a quick look at the folded string spares building the map.
    if not pattern.search(fold_word(text.translate(_INVISIBLE))):
        return []
    folded = fold(clean(text))
    return [
        (*folded.span(m.start(), m.end()), terms.get(" ".join(m.group().split()), "other"))
        for m in pattern.finditer(folded.text)
    ]


def scrub(
    text: str | None, terms: dict[str, str], pattern: re.Pattern | None, placeholder=None
) -> str | None:
    """``text`` with every mention of a term replaced by its label's placeholder."""
    spans = scrub_spans(text, terms, pattern)
    if not spans:
        return text
    show = placeholder or (lambda label: f"[{label}]")
    out, at = [], 0
    for start, end, label in sorted(spans):
        if start < at:
            continue
        out += [text[at:start], show(label)]
        at = end
    return "".join(out) + text[at:]
