"""A real archive, built by the real publish code, for the theme page, report and pack tests.

Housing stories (the theme under test):
  A  Ann Lee (named), audio, Leeds, 2026-01-10, quotable, strength 2, also employment and health
  B  Robin, written, Leeds, 2026-03-02, quotable, strength 1, also employment
  C  Kit, written, Hull, 2026-03-20, NOT quotable, strength 3 (the strongest), also health
  D  Sam, written, Hull, 2026-02-15, quotable, only a short sentence
and E (employment only, York) and F (housing, quotable, but never approved, so not published).
"""

from __future__ import annotations

from steps import save_analysis, save_transcript

from stories import review
from stories.model import Analysis, Segment, ThemeTag, Transcript
from wiring.tasks import publish_archive, sync_themes

QUOTE_A = "We waited two years on the council list before anyone called us back about the flat."
OTHER_A = "The rent took almost all of my wages from the warehouse job."
QUOTE_B = "The housing officer finally sat down with us and listened to what our family needed."
NO_QUOTE_C = "Nobody may quote this zebra sentence about the eviction notice taped to our door."
SHORT_D = "The rent went up."
HIDDEN_F = "This unpublished tenancy story about a quokka must never be shown."


def _story(store, title, date, tags, *, quote=True, place="", name="", pseudonym="", kind="text",
           approve=True, segments=None):
    consents = {"publish": True, "quote": quote, **({"name": True} if name else {})}
    story_id = store.create_story({"title": title, "kind": kind, "place": place, "language": "en",
                                   "original_filename": "x.txt", "teller_name": name, "pseudonym": pseudonym},
                                  consents)
    store.db["stories"].update(story_id, {"created_at": f"{date}T10:00:00+00:00"})
    segments = segments or [Segment(0, " ".join({t[2] for t in tags}), None, None)]
    duration = max((s.end or 0) for s in segments) or 0.0
    save_transcript(store, story_id, Transcript(segments, "en", 0.9, duration, "fw", "tiny.en"), "w", 1.0)
    by_idx = {s.idx: s for s in segments}
    save_analysis(store, story_id, Analysis(
        [ThemeTag(theme, idx, matched, sentence, by_idx[idx].start, by_idx[idx].end)
         for theme, idx, sentence, matched in ((t[0], t[1], t[2], t[3]) for t in tags)],
        [], [], "2026.11.2"), "w", 0.1)
    if approve:
        review.approve(store, story_id, "mod")
    return story_id


def build_theme_archive(store, settings) -> dict[str, str]:
    """Build the archive described above; returns the story ids by letter."""
    sync_themes(settings, store)  # the default codebook: real labels, descriptions and phrases
    ids = {
        "A": _story(store, "Waiting for a flat", "2026-01-10", [
            ("housing", 1, QUOTE_A, "council list"), ("housing", 2, OTHER_A, "rent"),
            ("employment", 2, OTHER_A, "job"), ("health", 0, "My health suffered.", "health")],
            place="Leeds", name="Ann Lee", kind="audio",
            segments=[Segment(0, "My health suffered.", 0.0, 40.0), Segment(1, QUOTE_A, 83.4, 95.0),
                      Segment(2, OTHER_A, 95.0, 110.0)]),
        "B": _story(store, "A home at last", "2026-03-02", [
            ("housing", 0, QUOTE_B, "housing"), ("employment", 0, QUOTE_B, "officer")],
            place="Leeds", pseudonym="Robin"),
        "C": _story(store, "Locked out", "2026-03-20", [
            ("housing", 0, NO_QUOTE_C, "eviction"), ("housing", 0, NO_QUOTE_C + " Again.", "evict"),
            ("housing", 0, NO_QUOTE_C + " Twice.", "eviction notice"), ("health", 0, NO_QUOTE_C, "ill")],
            place="Hull", pseudonym="Kit", quote=False),
        "D": _story(store, "Short", "2026-02-15", [("housing", 0, SHORT_D, "rent")],
                    place="Hull", pseudonym="Sam"),
        "E": _story(store, "Night shifts", "2026-02-20", [
            ("employment", 0, "I found work on night shifts at the hospital laundry.", "work")],
            place="York", pseudonym="Jo"),
        "F": _story(store, "Not yet", "2026-03-25", [("housing", 0, HIDDEN_F, "tenancy")],
                    place="Leeds", pseudonym="Lu", approve=False),
    }
    publish_archive(settings, store)
    return ids
