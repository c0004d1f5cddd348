"""Inductive theme suggestions: phrases that recur across stories and no codebook pattern covers.

Candidates: noun chunks less leading determiners, pronouns, numbers and names (1-4 tokens left),
and content word + noun bigrams, as lowercased lemmas, each position once. Without a parser (blank
pipelines): content-word unigrams and bigrams (alphabetic, not stop words, 3+ letters).

Distinctiveness is keyness against general language, count x ln(corpus rate / general rate): the
corpus rate is count / words in the corpus, the general rate that of the phrase's rarest word in
spaCy's `lexeme_prob` table (spacy-lookups-data; capped, see RARE_LOGPROB), an upper bound on the
phrase's own, so long phrases do not win for length alone; scores <= 0 are dropped. With no table
for the language: count x ln(stories / stories with the phrase + 1), TF-IDF-like.
"""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import lru_cache

from spacy.language import Language
from spacy.tokens import Doc, Span, Token
from spacy.util import load_language_data, registry

#: Entity types never suggested as themes: names, places, dates, amounts.
SKIP_ENTITIES = frozenset("PERSON GPE LOC NORP DATE TIME CARDINAL ORDINAL MONEY QUANTITY PERCENT".split())
#: Parts of speech trimmed from the front of a noun chunk ("my", "the", "two").
LEADING_POS = frozenset({"DET", "PRON", "NUM", "PART", "ADP", "CCONJ", "PUNCT"})
#: Content words for bigrams, where the pipeline tags parts of speech.
CONTENT_POS = frozenset({"NOUN", "PROPN", "ADJ", "VERB"})
MAX_TOKENS, MAX_EXAMPLES, MAX_EXAMPLE_CHARS = 4, 3, 300
#: Rarer words (beyond the ~90k commonest English ones) count as this general log-probability:
#: it keeps the table small and stops one rare or misheard word from dominating.
RARE_LOGPROB = -16.0


@dataclass(frozen=True)
class Suggestion:
    """A candidate theme: its lemmatised phrase, how often and in how many stories, and examples."""
    phrase: str
    count: int
    stories: int
    distinctiveness: float
    examples: list[tuple[str, str]] = field(default_factory=list)  # (story_id, sentence)


def suggest_themes(texts: list[tuple[str, str]], covered: Callable[[str], bool], nlp: Language, *,
                   min_count: int = 3, top: int = 20, min_stories: int = 1) -> list[Suggestion]:
    """The `top` most distinctive uncovered phrases said at least `min_count` times in at least
    `min_stories` stories; most distinctive first, then most frequent, then alphabetical.

    `texts` are (story_id, text) pairs; `covered(phrase)` is True when a codebook pattern
    already covers the lemmatised phrase (see codebook_covered). Examples prefer distinct stories.
    """
    counts: Counter[str] = Counter()
    # phrase -> story_id -> up to 3 example sentences (kept for the phrase's first 3 stories only)
    seen: dict[str, dict[str, list[str]]] = defaultdict(dict)
    words = 0
    for story_id, doc in zip([s for s, _ in texts], nlp.pipe(t for _, t in texts), strict=True):
        words += sum(1 for t in doc if not (t.is_punct or t.is_space))
        for phrase, span in _candidates(doc):
            counts[phrase] += 1
            shown = seen[phrase].setdefault(story_id, [])
            if len(seen[phrase]) <= MAX_EXAMPLES and len(shown) < MAX_EXAMPLES:
                if (sentence := _sentence(span)) not in shown:
                    shown.append(sentence)
    reference, n_stories = _reference(nlp.lang), len({s for s, _ in texts})
    found = []
    for phrase, count in counts.items():
        n = len(seen[phrase])
        if count < min_count or n < min_stories or covered(phrase):
            continue
        if reference is not None:
            general = min(reference.get(w, RARE_LOGPROB) for w in re.findall(r"[^\W\d_]+", phrase))
            score = count * (math.log(count / words) - general)
        else:
            score = count * math.log(n_stories / n + 1)
        if score > 0:
            firsts = [(sid, sents[0]) for sid, sents in seen[phrase].items() if sents]
            extras = [(sid, x) for sid, sents in seen[phrase].items() for x in sents[1:]]
            found.append(Suggestion(phrase, count, n, round(score, 3), (firsts + extras)[:MAX_EXAMPLES]))
    found.sort(key=lambda s: (-s.distinctiveness, -s.count, s.phrase))
    return found[:top]


def codebook_covered(patterns: Iterable[str], nlp: Language) -> Callable[[str], bool]:
    """A `covered` for suggest_themes: True when the phrase holds a pattern, as lemmas or as written."""
    forms = set()
    for doc in nlp.pipe(patterns):
        forms.add(tuple((t.lemma_ or t.text).lower() for t in doc))
        forms.add(tuple(t.lower_ for t in doc))

    def covered(phrase: str) -> bool:
        w = [t.lower_ for t in nlp.make_doc(phrase)]
        return any(tuple(w[i:j]) in forms for i in range(len(w)) for j in range(i + 1, len(w) + 1))

    return covered


def _candidates(doc: Doc) -> list[tuple[str, Span]]:
    """(lemmatised phrase, span) for each candidate, each phrase once per position."""
    try:
        spans = [s for s in (_trim(c) for c in doc.noun_chunks) if s is not None]
    except (ValueError, NotImplementedError):  # no parser, or no noun-chunk rules for the language
        spans = [doc[i : i + 1] for i, t in enumerate(doc) if _content(t)]
    spans += [doc[i : i + 2] for i in range(len(doc) - 1) if _content(doc[i]) and _content(doc[i + 1])
              and doc[i + 1].pos_ in ("", "NOUN", "PROPN") and not doc[i + 1].is_sent_start]
    unique = {("".join((t.lemma_ or t.text).lower() + t.whitespace_ for t in s).strip(), s.start): s
              for s in spans}  # a chunk and a bigram over the same words count once
    return [(phrase, span) for (phrase, _), span in unique.items()]


def _trim(chunk: Span) -> Span | None:
    """The chunk without its leading function words, numbers and names; None if nothing useful is left."""
    toks = list(chunk)
    while toks and (toks[0].pos_ in LEADING_POS or toks[0].is_stop or not toks[0].is_alpha
                    or toks[0].ent_type_ in SKIP_ENTITIES):
        toks.pop(0)
    if not 1 <= len(toks) <= MAX_TOKENS or any(t.like_num or t.ent_type_ in SKIP_ENTITIES
                                               or not (t.is_alpha or t.text == "-") for t in toks):
        return None
    return chunk.doc[toks[0].i : toks[-1].i + 1]


def _content(token: Token) -> bool:
    """A content word: alphabetic, not a stop word, not a name; a content part of speech if tagged."""
    if not token.is_alpha or token.is_stop or token.ent_type_ in SKIP_ENTITIES:
        return False
    return token.pos_ in CONTENT_POS if token.pos_ else len(token) >= 3


def _sentence(span: Span) -> str:
    """The sentence holding `span`, cut to a window round it if very long."""
    doc = span.doc
    sent = span.sent if doc.has_annotation("SENT_START") else doc[:]
    if len(sent.text) <= MAX_EXAMPLE_CHARS:
        return sent.text.strip()
    lo = max(sent.start_char, span.start_char - MAX_EXAMPLE_CHARS // 2)
    return "…" + doc.text[lo : min(sent.end_char, span.end_char + MAX_EXAMPLE_CHARS // 2)].strip() + "…"


@lru_cache(maxsize=4)
def _reference(lang: str) -> dict[str, float] | None:
    """Word -> general log-probability (>= RARE_LOGPROB) from spacy-lookups-data, or None; cached."""
    if lang not in registry.lookups or "lexeme_prob" not in (data := registry.lookups.get(lang)):
        return None
    return {w: p for w, p in load_language_data(data["lexeme_prob"]).items() if p >= RARE_LOGPROB}
