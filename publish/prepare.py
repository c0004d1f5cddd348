"""A story as the public may see it: approved redactions applied, nothing private copied."""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass

from publish.i18n import N_
from publish.redact import UNKNOWN, audio_spans, fold, placeholder, redact_segments, redact_text
from publish.rows import StoryRows, has_media, load_story
from stories import places, privacy
from stories.model import FIELD_SEGMENTS, SERVICE_AREA_GROUP, Kind, Redaction
from stories.store import Store, now


def publishable_tag(tag) -> bool:
    """A tag the archive shows: accepted, or suggested with confidence (a low one waits for a moderator)."""
    return tag["status"] == "accepted" or (tag["status"] != "rejected" and tag["confidence"] != "low")


#: Redactions that still apply: a moderator rejected the others, or edited their words away.
APPLIED = ("pending", "accepted")
ANONYMOUS = "Anonymous"
#: Length bands for the length facet: (up to seconds, label); written stories are "written".
LENGTHS = ((120, N_("under 2 min")), (300, N_("2–5 min")), (900, N_("5–15 min")),
           (float("inf"), N_("15 min or more")))
#: The band of a written story (the archive's pages translate the bands; the data keeps them in English).
WRITTEN = N_("written")


@dataclass
class PublicStory:
    """Rows for the archive's tables, plus what the published audio needs."""

    story: dict
    segments: list[dict]
    story_themes: list[dict]
    evidence: list[dict]
    media_path: str | None
    media_sha256: str | None
    spans: list[tuple[float, float]]


def prepare(store: Store, story: dict) -> PublicStory:
    """Build the public form of one story, reading it from the store."""
    return prepare_rows(load_story(store, story), theme_groups(store))


def theme_groups(store: Store) -> dict[str, str]:
    """``{theme id: group id}`` for the codebook in use: read once per build, not per story."""
    return {t["id"]: t["group"] for t in store.themes()}


def prepare_rows(rows: StoryRows, groups: dict[str, str], published_at: str | None = None) -> PublicStory:
    """The public form of one story from its rows. Only the columns named here are ever published.

    A pure function: a full build and an incremental sync both come through here.
    """
    story, story_id, consents = rows.story, rows.story["id"], rows.consents
    redactions = [Redaction(r["segment_idx"], r["start"], r["end"], r["text"], r["label"])
                  for r in rows.redactions if r["status"] in APPLIED]
    named = consents.get("name", False)
    terms = privacy.scrub_terms([(r.text, r.label) for r in redactions],
                                "" if named else (story["teller_name"] or ""))
    pattern = privacy.compile_terms(terms)

    def clean(text):
        return privacy.scrub(text, terms, pattern, placeholder) if pattern is not None else text

    in_segments = [r for r in redactions if r.segment_idx >= 0]
    if pattern is not None:
        # The scrub's finds in the segments become redactions too, so the audio is silenced there
        # as well: a name redacted once is gone wherever it is said, in any case or accent.
        in_segments += [Redaction(r["idx"], start, end, r["text"][start:end], label)
                        for r in rows.segments
                        for start, end, label in privacy.scrub_spans(r["text"], terms, pattern)]

    def field(name: str) -> str:
        """A published field of the story's own (title, place, pseudonym): its redactions, then the scrub."""
        return clean(redact_field(story[name] or "", [r for r in redactions
                                                      if r.segment_idx == FIELD_SEGMENTS[name]]))

    # Most stories have nothing redacted or edited in their segments: their rows are used as they
    # are, without building Segment objects (at 100k stories that alone takes seconds).
    silences = rows.silences() or bool(in_segments)
    timed = rows.timed_segments() if silences else []
    texts = ([s.text for s in redact_segments(timed, in_segments)] if in_segments
             else [r["text"] for r in rows.segments])
    public_segments = [{"story_id": story_id, "idx": r["idx"], "start": r["start"], "end": r["end"],
                        "text": clean(text)} for r, text in zip(rows.segments, texts, strict=True)]
    quote = Quotes(public_segments)
    tags = [t for t in rows.tags if publishable_tag(t)]
    theme_ids = sorted({t["theme_id"] for t in tags})
    # Only the place the teller gave (or a moderator confirmed into that field) is published;
    # places merely mentioned in the story are suggestions, never facts about the teller.
    place = field("place")
    point = places.lookup(place)
    # One spelling per place ("turku", "Åbo" are Turku), so search filters and facets agree with the map.
    place = point.name if point else place
    joiner = "\n\n" if story["kind"] == Kind.TEXT else " "
    row = {
        "id": story_id, "title": field("title"), "kind": story["kind"],
        "teller": (story["teller_name"] if named and story["teller_name"]
                   else field("pseudonym") or ANONYMOUS),
        "language": story["language"] or story["detected_language"] or "",
        "place": place, "place_level": point.level if point else None,
        "latitude": point.latitude if point else None, "longitude": point.longitude if point else None,
        "date": story["created_at"][:10], "duration": story["duration"],
        "length": length_band(story["duration"]) if story["kind"] != Kind.TEXT else WRITTEN,
        "themes": json.dumps(theme_ids),
        "theme_groups": json.dumps(sorted({groups[t] for t in theme_ids if groups.get(t)})),
        "service_areas": json.dumps([t for t in theme_ids if groups.get(t) == SERVICE_AREA_GROUP]),
        "quotable": int(consents.get("quote", False)), "research_use": int(consents.get("research", False)),
        "self_tags": json.dumps(sorted(rows.self_tags)),
        "feeling": story["feeling"], "framing": story["framing"] or "",
        "text": joiner.join(s["text"] for s in public_segments),
        "transcribed_by": " ".join(filter(None, (story["engine"], story["model"]))),
        "codebook_version": story["codebook_version"], "published_at": published_at or now(),
        "campaign": story["campaign"],
    }
    # Evidence is quoted from the public text, never from the tags' own copy of what was heard:
    # what a moderator corrected, took out or redacted is gone from quotes too.
    evidence = []
    for t in tags:
        sentence, matched = quote(t["segment_idx"], t["matched"])
        evidence.append({"story_id": story_id, "theme_id": t["theme_id"], "segment_idx": t["segment_idx"],
                         "start": t["start"], "end": t["end"], "matched": matched, "sentence": sentence})
    by_theme: dict[str, list[dict]] = {}
    for found in sorted(evidence, key=lambda e: e["segment_idx"]):
        by_theme.setdefault(found["theme_id"], []).append(found)
    media = has_media(story)
    return PublicStory(
        story=row,
        segments=public_segments,
        # Strength: distinct pieces of evidence, so one sentence matching twice counts once.
        story_themes=[{"story_id": story_id, "theme_id": theme, "mentions": len(found),
                       "strength": len({e["sentence"] for e in found}),
                       "evidence": found[0]["sentence"]} for theme, found in by_theme.items()],
        evidence=evidence,
        media_path=story["media_path"] if media else None,
        media_sha256=story["media_sha256"] if media else None,
        spans=audio_spans(timed, in_segments) if media and silences else [],
    )


#: A sentence's final mark and the space after it (a look-behind is twice as slow at 100k stories).
_SENTENCE_END = re.compile(r"[.!?…]\s+")


class Quotes:
    """Theme evidence quoted from a story's public text, read as one text (a sentence may run
    over two segments, as Whisper cuts them)."""

    def __init__(self, public_segments: list[dict]):
        parts, self.ranges, at = [], {}, 0
        for segment in public_segments:
            text = (segment["text"] or "").strip()
            if text:
                self.ranges[segment["idx"]] = (at, at + len(text))
                parts.append(text)
                at += len(text) + 1
        self.text = " ".join(parts)
        self.folded = fold(self.text)
        marks = [m.span() for m in _SENTENCE_END.finditer(self.text)]
        starts = [0] + [end for _, end in marks]
        ends = [mark + 1 for mark, _ in marks] + [len(self.text)]
        self.sentences = list(zip(starts, ends, strict=True))

    def __call__(self, segment_idx: int, matched: str) -> tuple[str, str]:
        """(sentence, matched words): the sentence of that segment that still holds the matched words,
        else the segment's whole public text; the words only if they are still there, as spelt there."""
        first, last = self.ranges.get(segment_idx, (0, 0))
        folded = fold(matched.strip())
        for start, end in self.sentences if folded else ():
            if start < last and first < end and (at := self.folded.find(folded, start, end)) >= 0:
                return self.text[start:end], self.text[at:at + len(folded)]
        return self.text[first:last], ""


def redact_field(text: str, redactions: list[Redaction]) -> str:
    """A field with its redactions applied; offsets that no longer fit hide the whole field."""
    if not redactions:
        return text
    try:
        return redact_text(text, redactions)
    except ValueError:  # made against other text: publishing any of it could leak what it hid
        return UNKNOWN


def length_band(duration: float | None) -> str:
    """The length facet's band for a recording of this many seconds."""
    if duration is None:
        return ""
    return next(label for limit, label in LENGTHS if duration < limit)


def public_codebook(store: Store) -> tuple[list[dict], dict[str, str]]:
    """Every theme of the codebook in use (with its group's label and phrases), and its name and version."""
    info = store.codebook()
    groups = {g["id"]: g for g in json.loads(info.get("groups", "[]"))}
    themes = [{"id": t["id"], "label": t["label"], "group": t["group"],
               "group_label": groups.get(t["group"], {}).get("label", t["group"]),
               "description": t["description"], "phrases": t.get("phrases") or "{}",
               # The labels in other languages, as JSON: {"es": "Vivienda", ...}
               "labels": t.get("labels") or "{}",
               "group_labels": json.dumps(groups.get(t["group"], {}).get("labels", {}), ensure_ascii=False)}
              for t in store.themes()]
    return themes, info


def audio_name(public: PublicStory) -> str | None:
    """File name of the published recording: changes whenever what is silenced changes."""
    if public.media_sha256 is None:
        return None
    key = json.dumps([public.media_sha256, public.spans]).encode()
    return f"{public.story['id']}-{hashlib.sha256(key).hexdigest()[:12]}.m4a"
