"""The `theme_tagger` spaCy component: finds codebook phrases in a Doc.

Add it after the lemmatizer, if there is one:

    nlp.add_pipe("theme_tagger", config={"codebook_path": "my.toml"})
    doc = nlp(text)
    doc._.themes  # [ThemeMatch(theme_id, start, end, start_char, end_char), ...]

Two PhraseMatchers run and their results are merged:

* on lowercased lemmas, so the pattern "evict" finds "evicted" and
  "landlord" finds "Landlords" (only when a lemmatizer runs before us);
* on LOWER, so the phrase as written is found even where the lemmatizer
  reads it differently out of context.
"""

# No `from __future__ import annotations` here: spaCy validates the factory's
# config against its real annotations, which must not be strings.

import threading
from dataclasses import dataclass

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.pipeline import EditTreeLemmatizer, Lemmatizer
from spacy.tokens import Doc

from .codebook import Codebook, load_codebook


@dataclass(frozen=True)
class ThemeMatch:
    """A codebook phrase found in a Doc: token span and character span."""

    theme_id: str
    start: int
    end: int
    start_char: int
    end_char: int


# Default None rather than []: a list default would be one object shared by
# every Doc. The component always sets a fresh list.
if not Doc.has_extension("themes"):
    Doc.set_extension("themes", default=None)


@Language.factory("theme_tagger", default_config={"codebook_path": None})
def make_theme_tagger(nlp: Language, name: str, codebook_path: str | None) -> "ThemeTagger":
    """Build the component; `codebook_path` None means the default codebook."""
    return ThemeTagger(nlp, name, codebook_path)


class ThemeTagger:
    """Sets `Doc._.themes` to the codebook themes found in the Doc."""

    def __init__(self, nlp: Language, name: str, codebook_path: str | None) -> None:
        self.name = name
        # Load now so a bad codebook fails when the pipeline is built, not on
        # the first story.
        self.codebook: Codebook = load_codebook(codebook_path)
        self.language = nlp.lang
        self._nlp = nlp
        self._lock = threading.Lock()
        self._matchers: tuple[PhraseMatcher | None, PhraseMatcher] | None = None

    def __call__(self, doc: Doc) -> Doc:
        lemma_matcher, lower_matcher = self._get_matchers()
        found: set[tuple[str, int, int]] = set()
        strings = doc.vocab.strings
        for match_id, start, end in lower_matcher(doc):
            found.add((strings[match_id], start, end))
        if lemma_matcher is not None:
            # Same tokens, one-to-one, so indices carry straight back to `doc`.
            for match_id, start, end in lemma_matcher(_lemma_doc(doc)):
                found.add((strings[match_id], start, end))
        doc._.themes = [
            ThemeMatch(t, s, e, doc[s].idx, doc[e - 1].idx + len(doc[e - 1]))
            for t, s, e in _drop_nested(found)
        ]
        return doc

    def _get_matchers(self) -> tuple[PhraseMatcher | None, PhraseMatcher]:
        # Built on first use, not in the factory: when a pipeline is loaded
        # from disk, the factory runs before the earlier components' weights
        # are loaded, so lemmatising the patterns there would be garbage.
        if self._matchers is None:
            with self._lock:
                if self._matchers is None:
                    self._matchers = self._build_matchers()
        return self._matchers

    def _build_matchers(self) -> tuple[PhraseMatcher | None, PhraseMatcher]:
        nlp = self._nlp
        before = self._components_before()
        uses_lemmas = any(isinstance(proc, Lemmatizer | EditTreeLemmatizer) for _, proc in before)
        lower = PhraseMatcher(nlp.vocab, attr="LOWER")
        lemma = PhraseMatcher(nlp.vocab, attr="ORTH") if uses_lemmas else None
        for theme in self.codebook.themes:
            phrases = theme.patterns_for(self.language)
            if not phrases:
                continue
            docs = [nlp.make_doc(p) for p in phrases]
            lower.add(theme.id, docs)
            if lemma is not None:
                # Patterns are written as lemmas, so the phrase itself goes in
                # too: out of context the tagger misreads some ("sibling" ->
                # "sible"), and then the pipeline's reading alone would miss.
                literal = [Doc(nlp.vocab, words=[t.lower_ for t in d]) for d in docs]
                for _, proc in before:
                    docs = [proc(d) for d in docs]
                lemma.add(theme.id, literal + [_lemma_doc(d) for d in docs])
        return lemma, lower

    def _components_before(self) -> list[tuple[str, object]]:
        """The components that run before this one, so patterns see what docs see."""
        before = []
        for name, proc in self._nlp.pipeline:
            if name == self.name:
                break
            before.append((name, proc))
        # Nothing after the last lemmatizer changes lemmas; skip it (e.g. NER).
        last = max(
            (i for i, (_, p) in enumerate(before) if isinstance(p, Lemmatizer | EditTreeLemmatizer)),
            default=-1,
        )
        return before[: last + 1]


def _lemma_doc(doc: Doc) -> Doc:
    """A Doc whose words are `doc`'s lowercased lemmas, token for token."""
    words = [(t.lemma_ or t.text).lower() for t in doc]
    return Doc(doc.vocab, words=words)


def _drop_nested(found: set[tuple[str, int, int]]) -> list[tuple[str, int, int]]:
    """Drop a match inside a longer match of the same theme, e.g. "flat" in
    "council flat", so one mention is one piece of evidence."""
    kept = []
    max_end: dict[str, int] = {}
    # Sorted by start, longest first: a match is nested exactly when an
    # earlier match of its theme reaches at least as far.
    for theme, start, end in sorted(found, key=lambda m: (m[1], -m[2], m[0])):
        if max_end.get(theme, -1) >= end:
            continue
        max_end[theme] = end
        kept.append((theme, start, end))
    return kept
