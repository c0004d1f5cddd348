"""Published stories for archive tests: through the real store, review and publish code."""

from __future__ import annotations

from steps import save_analysis, save_transcript

from publish import build_archive
from stories import review
from stories.model import Analysis, Segment, Theme, ThemeTag, Transcript

THEMES = [Theme("employment", "Employment", "Work and jobs", "service-area"),
          Theme("housing", "Housing", "Homes and rent", "service-area"),
          Theme("trust", "Trust", "Being believed", "co-creation-factor")]


def publish_story(store, title: str, segments: list[tuple[float | None, float | None, str]],
                  tags: list[tuple[str, int, str]] = (), consents: dict | None = None, place: str = "",
                  language: str = "en", media: dict | None = None, approve: bool = True,
                  pseudonym: str = "Robin", contact: str = "") -> str:
    """A story with these (start, end, text) segments and (theme, segment idx, matched words) tags."""
    timed = segments and segments[0][0] is not None
    fields = {"title": title, "kind": "audio" if timed else "text", "place": place, "language": language,
              "teller_name": "", "pseudonym": pseudonym, "original_filename": "x.wav"}
    if media:
        fields.update(media_path=media["path"], media_sha256=media["sha"])
    story_id = store.create_story(fields, consents or {"publish": True, "quote": True}, contact=contact)
    parts = [Segment(i, text, start, end) for i, (start, end, text) in enumerate(segments)]
    duration = max((s.end or 0) for s in parts) if timed else None
    save_transcript(store, story_id, Transcript(parts, language, 0.9, duration, "fw", "tiny.en"), "w", 1.0)
    save_analysis(store, story_id, Analysis(
        [ThemeTag(theme, idx, words, parts[idx].text, parts[idx].start, parts[idx].end)
         for theme, idx, words in tags], [], THEMES, "test-1"), "w", 0.1)
    if approve:
        review.approve(store, story_id, "mod")
    return story_id


def build(store, settings) -> int:
    """Rebuild archive.db from the store, as `stories publish` does."""
    return build_archive(store, settings.archive_path, settings.media_dir, settings.published_dir)
