"""A safety net under span redaction: every redacted string goes wherever it appears.

Span redactions cover what analysis found in the transcript. The same words
can also stand in the title, in an evidence sentence, or in a segment a
moderator edited, so each redacted string (and an anonymous teller's name)
is also replaced as a whole word, case-insensitively, in every published field.
"""

from __future__ import annotations

import re

MIN_TERM = 3  # shorter strings would blank out ordinary words


def scrub_terms(redactions: list[tuple[str, str]], teller_name: str = "") -> dict[str, str]:
    """``{term: placeholder}`` from (text, label) pairs plus the teller's name and its parts."""
    terms: dict[str, str] = {}
    for text, label in redactions:
        if len(text.strip()) >= MIN_TERM:
            terms.setdefault(text.strip(), f"[{label}]")
    name = " ".join(teller_name.split())
    for part in [name, *name.split()] if name else []:
        if len(part) >= MIN_TERM:
            terms.setdefault(part, "[name]")
    return terms


def compile_terms(terms: dict[str, str]) -> re.Pattern | None:
    """One pattern for all terms, longest first so a full name wins over its parts."""
    if not terms:
        return None
    alternatives = "|".join(re.escape(t) for t in sorted(terms, key=len, reverse=True))
    return re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)", re.IGNORECASE)


def scrub(text: str | None, terms: dict[str, str], pattern: re.Pattern | None) -> str | None:
    """``text`` with every term replaced by its placeholder."""
    if not text or pattern is None:
        return text
    lowered = {t.lower(): p for t, p in terms.items()}
    return pattern.sub(lambda m: lowered.get(m.group(0).lower(), "[redacted]"), text)
