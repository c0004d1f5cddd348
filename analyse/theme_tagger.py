"""The `theme_tagger` spaCy component: finds codebook phrases in a Doc.

Add it after the lemmatizer, if there is one:

    nlp.add_pipe("theme_tagger", config={"codebook_path": "my.toml"})
    doc = nlp(text)
    doc._.themes  # [ThemeMatch(theme_id, start, end, start_char, end_char), ...]

Two PhraseMatchers run, plus a Matcher for the codebook's token patterns,
and their results are merged:

* on lowercased lemmas, so the pattern "evict" finds "evicted" and
  "landlord" finds "Landlords" (only when a lemmatizer runs before us);
* on LOWER, so the phrase as written is found even where the lemmatizer
  reads it differently out of context.

A theme's exclusions ("flat rate" for the pattern "flat") are matched the same
two ways; a match of the theme lying inside one of them is dropped.
"""

# No `from __future__ import annotations` here: spaCy validates the factory's
# config against its real annotations, which must not be strings.

import threading
from dataclasses import dataclass

from spacy.language import Language
from spacy.matcher import Matcher, PhraseMatcher
from spacy.pipeline import EditTreeLemmatizer, Lemmatizer
from spacy.tokens import Doc

from . import finnish  # noqa: F401 - registers Token._.compound_head
from .codebook import Codebook, load_codebook


@dataclass(frozen=True)
class ThemeMatch:
    """A codebook phrase found in a Doc: token span and character span."""

    theme_id: str
    start: int
    end: int
    start_char: int
    end_char: int
    #: Found only by one of the theme's `weak` words (see CodebookTheme.weak).
    weak: bool = False


# Default None rather than []: a list default would be one object shared by
# every Doc. The component always sets a fresh list.
if not Doc.has_extension("themes"):
    Doc.set_extension("themes", default=None)


@Language.factory("theme_tagger", default_config={"codebook_path": None})
def make_theme_tagger(nlp: Language, name: str, codebook_path: str | None) -> "ThemeTagger":
    """Build the component; `codebook_path` None means the default codebook."""
    return ThemeTagger(nlp, name, codebook_path)


#: Match keys: a theme's own patterns, its exclusions, and its weak words.
_THEME, _EXCLUDE, _WEAK = "theme:", "exclude:", "weak:"
Matchers = tuple[PhraseMatcher | None, PhraseMatcher, Matcher | None]


class ThemeTagger:
    """Sets `Doc._.themes` to the codebook themes found in the Doc."""

    def __init__(self, nlp: Language, name: str, codebook_path: str | None, codebook: Codebook | None = None):
        """`codebook`, when given, is used instead of loading `codebook_path`."""
        self.name = name
        # Load now so a bad codebook fails when the pipeline is built, not on
        # the first story.
        self.codebook: Codebook = codebook or load_codebook(codebook_path)
        self.language = nlp.lang
        self._nlp = nlp
        self._lock = threading.Lock()
        self._matchers: Matchers | None = None

    def __call__(self, doc: Doc) -> Doc:
        lemma_matcher, lower_matcher, token_matcher = self._get_matchers()
        matches = lower_matcher(doc)
        if token_matcher is not None:
            # allow_missing: a pattern on LEMMA, POS... in a pipeline that never sets them (codebook_check
            # warns) just never matches, rather than failing every story in that language.
            matches += token_matcher(doc, allow_missing=True)
        if lemma_matcher is not None:
            # Same tokens, one-to-one, so indices carry straight back to `doc`.
            matches += lemma_matcher(_lemma_doc(doc))
            if any(t._.compound_head for t in doc):
                # A compound's head ("työttömyys" in "pitkäaikaistyöttömyys") finds a one-word pattern.
                matches += lemma_matcher(_lemma_doc(doc, heads=True))
        found: dict[tuple[str, int, int], bool] = {}  # match -> weak (only a weak word found it)
        excluded: set[tuple[str, int, int]] = set()
        for match_id, start, end in matches:
            key = doc.vocab.strings[match_id]
            if key.startswith(_EXCLUDE):
                excluded.add((key.removeprefix(_EXCLUDE), start, end))
            else:
                weak = key.startswith(_WEAK)
                match = (key.removeprefix(_WEAK if weak else _THEME), start, end)
                found[match] = found.get(match, True) and weak
        kept = {m for m in found if not _inside_exclusion(m, excluded)}
        doc._.themes = [
            ThemeMatch(t, s, e, doc[s].idx, doc[e - 1].idx + len(doc[e - 1]), found[t, s, e])
            for t, s, e in _drop_nested(kept)
        ]
        return doc

    def _get_matchers(self) -> Matchers:
        # Built on first use, not in the factory: when a pipeline is loaded
        # from disk, the factory runs before the earlier components' weights
        # are loaded, so lemmatising the patterns there would be garbage.
        if self._matchers is None:
            with self._lock:
                if self._matchers is None:
                    self._matchers = self._build_matchers()
        return self._matchers

    def _build_matchers(self) -> Matchers:
        nlp = self._nlp
        before = self._components_before()
        lower = PhraseMatcher(nlp.vocab, attr="LOWER")
        # Empty `before` means nothing sets lemmas: LOWER is all there is.
        lemma = PhraseMatcher(nlp.vocab, attr="ORTH") if before else None
        tokens = Matcher(nlp.vocab)
        for theme in self.codebook.themes:
            for key, phrases in ((_THEME, theme.patterns), (_EXCLUDE, theme.exclude), (_WEAK, theme.weak)):
                if phrases.get(self.language):
                    self._add_phrases(key + theme.id, phrases[self.language], lower, lemma, before)
            if theme.token_patterns.get(self.language):
                tokens.add(_THEME + theme.id, theme.token_patterns[self.language])
        # An empty Matcher warns on every Doc; most codebooks have no token patterns.
        return lemma, lower, tokens if len(tokens) else None

    def _add_phrases(self, key: str, phrases: list[str], lower: PhraseMatcher, lemma: PhraseMatcher | None,
                     before: list[tuple[str, object]]) -> None:
        docs = [self._nlp.make_doc(p) for p in phrases]
        lower.add(key, docs)
        if lemma is not None:
            # Patterns are written as lemmas, so the phrase itself goes in
            # too: out of context the tagger misreads some ("sibling" ->
            # "sible"), and then the pipeline's reading alone would miss.
            literal = [Doc(self._nlp.vocab, words=[t.lower_ for t in d]) for d in docs]
            for _, proc in before:
                # In batches: one phrase at a time, the codebook's thousands took seconds per start.
                docs = list(proc.pipe(docs)) if hasattr(proc, "pipe") else [proc(d) for d in docs]
            lemma.add(key, literal + [_lemma_doc(d) for d in docs])

    def _components_before(self) -> list[tuple[str, object]]:
        """The components that run before this one up to the last that sets lemmas, so patterns see
        what docs see; [] when none sets lemmas."""
        before = []
        for name, proc in self._nlp.pipeline:
            if name == self.name:
                break
            before.append((name, proc))
        # Nothing after the last lemmatizer changes lemmas; skip it (e.g. NER).
        # A component counts when it says it assigns lemmas (simplemma_lemmatizer does).
        last = max((i for i, (name, p) in enumerate(before) if _sets_lemmas(self._nlp, name, p)), default=-1)
        return before[: last + 1]


def _inside_exclusion(match: tuple[str, int, int], excluded: set[tuple[str, int, int]]) -> bool:
    theme, start, end = match
    return any(x == theme and s <= start and end <= e for x, s, e in excluded)


def _sets_lemmas(nlp: Language, name: str, proc: object) -> bool:
    lemmatizer = isinstance(proc, Lemmatizer | EditTreeLemmatizer)
    return lemmatizer or "token.lemma" in nlp.get_pipe_meta(name).assigns


def _lemma_doc(doc: Doc, heads: bool = False) -> Doc:
    """A Doc whose words are `doc`'s lowercased lemmas, token for token; with ``heads``, a compound's
    head where it has one (analyse.finnish)."""
    words = [((heads and t._.compound_head) or t.lemma_ or t.text).lower() for t in doc]
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
