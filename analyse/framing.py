"""Story-level framing: does a story speak of strengths (asset-based) or of deficits?

CoSIE's lesson: start from what people bring, not what they lack. Evidence is
counted once per distinct sentence and per side:

* tags of the codebook's `framing` themes (ASSET_THEMES, DEFICIT_THEMES);
* light grammatical cues, when a parsed spaCy Doc is given: a first-person subject
  doing something ("I started", "we set up") for asset; "I can't", "there was no",
  "nobody would", "I had nothing" for deficit. The cue lists below are small data
  (lemmas, lowercase). Blank pipelines have no parse, so only tags count there.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import NamedTuple

from spacy.tokens import Doc, Token

from stories.model import Segment, ThemeTag

ASSET, DEFICIT, MIXED = "asset-based", "deficit-based", "mixed"
#: Codebook themes whose tags count toward each side.
ASSET_THEMES = frozenset({ASSET})
DEFICIT_THEMES = frozenset({DEFICIT})

#: Stories shorter than this (in words) need one sentence of evidence for a side, longer ones two:
#: a published excerpt of a few sentences rarely says the same thing twice.
SHORT_STORY = 200

#: Subjects that make a sentence the teller's own doing.
AGENT_SUBJECTS = frozenset({"i", "we"})
#: Verbs of agency and contribution: "I taught", "we organised". Not negated.
AGENTIVE_VERBS = frozenset("start organise organize teach lead found launch create build volunteer help "
                           "support share train mentor coach learn campaign raise design fix manage".split())
#: Phrasal verbs of agency, (verb, particle): "we set up", "I spoke up".
AGENTIVE_PHRASAL = frozenset({("set", "up"), ("speak", "up"), ("reach", "out"), ("step", "up")})
#: Negated after one of these, a first-person verb is a lack of capability: "I can't get".
CAPABILITY_AUX = frozenset({"can", "could"})
#: Subjects or objects that deny: "nobody would help", "I had nothing".
NEGATIVE_WORDS = frozenset({"nobody", "noone", "nothing", "none"})
#: First-person verbs that frame a lack on their own: "I struggled", "we lacked".
LACK_VERBS = frozenset({"lack", "struggle"})
#: Adjectives of incapacity after "be": "I was unable to work".
LACK_ADJECTIVES = frozenset({"unable", "helpless"})


class Evidence(NamedTuple):
    """One sentence counted for a side. Cues have theme_id "<side>:<cue>", e.g. "asset-based:agency"."""
    theme_id: str
    sentence: str
    segment_idx: int
    start: float | None
    end: float | None


@dataclass(frozen=True)
class Framing:
    """A story's framing: label, distinct evidence sentences per side, and the evidence itself."""
    label: str
    asset: int
    deficit: int
    evidence: list[Evidence] = field(default_factory=list)


def story_framing(tags: list[ThemeTag], doc: Doc | None = None, *, min_evidence: int = 2,
                  margin: float = 1.5, segment_at: Callable[[int], Segment] | None = None) -> Framing:
    """Label a story "asset-based", "deficit-based", "mixed" or "" (too little signal).

    A side wins when it has at least `min_evidence` sentences and at least `margin`
    times the other side's; "mixed" when both reach `min_evidence` and neither wins.
    `doc` (the story's parsed Doc) adds grammatical cues; `segment_at` (a character
    offset in `doc` -> its Segment) files cue evidence under its segment, else -1.
    Evidence lists tags first, then cues, in story order; a sentence already counted
    for a side is not counted again. Raises ValueError for min_evidence < 1 or margin < 1.
    """
    if min_evidence < 1 or margin < 1:
        raise ValueError("min_evidence must be at least 1 and margin at least 1")
    evidence: list[Evidence] = []
    seen: set[tuple[str, str]] = set()

    def add(side: str, item: Evidence) -> None:
        key = (side, " ".join(item.sentence.split()).lower())
        if key[1] and key not in seen:
            seen.add(key)
            evidence.append(item)

    for tag in tags:
        for side, ids in ((ASSET, ASSET_THEMES), (DEFICIT, DEFICIT_THEMES)):
            if tag.theme_id in ids:
                add(side, Evidence(tag.theme_id, tag.sentence, tag.segment_idx, tag.start, tag.end))
    if doc is not None and doc.has_annotation("DEP"):
        for side, cue, token in _cues(doc):
            sent = token.sent if doc.has_annotation("SENT_START") else doc[:]
            seg = segment_at(sent.start_char) if segment_at else None
            add(side, Evidence(f"{side}:{cue}", sent.text.strip(), seg.idx if seg else -1,
                               seg.start if seg else None, seg.end if seg else None))

    asset = sum(1 for side, _ in seen if side == ASSET)
    deficit = len(seen) - asset
    label = (ASSET if asset >= min_evidence and asset >= margin * deficit
             else DEFICIT if deficit >= min_evidence and deficit >= margin * asset
             else MIXED if min(asset, deficit) >= min_evidence else "")
    return Framing(label, asset, deficit, evidence)


def min_evidence_for(words: int) -> int:
    """Sentences of evidence a side needs in a story of ``words`` words."""
    return 1 if words < SHORT_STORY else 2


def framing_tags(tags: list[ThemeTag], framing: Framing) -> list[ThemeTag]:
    """``tags`` with the framing themes made to agree with the story's framing.

    Framing is a judgement on the whole story, so a framing theme is published when, and only when,
    the story is framed that way (or both ways, "mixed"): a lone "deficit" phrase in a story of
    strengths is dropped, and a story found asset-based by its grammar alone gets the tag, its
    evidence the sentences that weighed.
    """
    wanted = {ASSET: framing.label in (ASSET, MIXED), DEFICIT: framing.label in (DEFICIT, MIXED)}
    kept = [t for t in tags if wanted.get(t.theme_id, True)]
    for side, on in wanted.items():
        if on and not any(t.theme_id == side for t in kept):
            kept += [ThemeTag(side, e.segment_idx, e.sentence, e.sentence, e.start, e.end)
                     for e in framing.evidence if e.theme_id.startswith(side) and e.segment_idx >= 0]
    return kept


def _cues(doc: Doc) -> Iterator[tuple[str, str, Token]]:
    """(side, cue name, verb) for each grammatical cue in a parsed Doc."""
    for verb in doc:
        if verb.pos_ not in ("VERB", "AUX") or verb.dep_ in ("aux", "auxpass"):
            continue
        subj = _subject(verb)
        first_person = subj is not None and any(t.lower_ in AGENT_SUBJECTS for t in (subj, *subj.conjuncts))
        negated = any(c.dep_ == "neg" for c in verb.children)
        lemma = verb.lemma_.lower()
        particles = {c.lower_ for c in verb.children if c.dep_ == "prt"}
        if first_person and not negated and (lemma in AGENTIVE_VERBS
                                             or any((lemma, p) in AGENTIVE_PHRASAL for p in particles)):
            yield ASSET, "agency", verb
        elif first_person and negated and any(c.dep_ == "aux" and c.lemma_.lower() in CAPABILITY_AUX
                                              for c in verb.children):
            yield DEFICIT, "cannot", verb
        elif subj is not None and _denies(subj):
            yield DEFICIT, "nobody", verb
        elif lemma == "be" and any(c.dep_ == "expl" for c in verb.children) and (negated or any(
                c.dep_ in ("attr", "dobj") and _denies(c) for c in verb.children)):
            yield DEFICIT, "there-is-no", verb
        elif first_person and (
            lemma in LACK_VERBS
            or (lemma == "have" and not any(c.dep_ == "xcomp" for c in verb.children)  # not "have to"
                and (negated or any(c.dep_ == "dobj" and _denies(c) for c in verb.children)))
            or (lemma == "be" and any(c.dep_ == "acomp" and c.lemma_.lower() in LACK_ADJECTIVES
                                      for c in verb.children))
        ):
            yield DEFICIT, "lack", verb


def _subject(verb: Token) -> Token | None:
    """The verb's subject, or that of the verb it is coordinated with ("I started X and taught Y")."""
    while True:
        for child in verb.children:
            if child.dep_ in ("nsubj", "nsubjpass"):
                return child
        if verb.dep_ not in ("conj", "xcomp") or verb.head is verb:
            return None
        verb = verb.head


def _denies(token: Token) -> bool:
    """ "nobody", "nothing", or a noun with "no": "no one", "no support"."""
    return token.lower_ in NEGATIVE_WORDS or any(c.dep_ == "det" and c.lower_ == "no" for c in token.children)
