"""What a story's page shows: its transcript with theme evidence marked, themes, tags and player."""

from __future__ import annotations

import json
import re

from markupsafe import Markup, escape

from publish import i18n
from publish.traces import sqlite3
from stories.model import Segment


def load_story(conn: sqlite3.Connection, story_id: str, locale: str = i18n.DEFAULT_LOCALE) -> dict | None:
    """The story row with its segments, themes (with evidence, labelled in ``locale``) and the teller's
    own tags; None if absent."""
    row = conn.execute("select * from stories where id = ?", [story_id]).fetchone()
    if row is None:
        return None
    story = dict(row)
    campaign = story.get("campaign") and conn.execute(
        "select slug, title from campaigns where slug = ?", [story["campaign"]]).fetchone()
    story["campaign_row"] = dict(campaign) if campaign else None
    labels = i18n.themes_in(conn, locale)
    story["theme_rows"] = [
        {**dict(r), "label": labels.get(r["theme_id"], {}).get("label", r["theme_id"])}
        for r in conn.execute("select theme_id, mentions, strength from story_themes where story_id = ? "
                              "order by strength desc, theme_id", [story_id])]
    story["self_tag_rows"] = [{"theme_id": t, "label": labels.get(t, {}).get("label", t)}
                              for t in json.loads(story["self_tags"] or "[]")]
    evidence = [dict(r) for r in conn.execute(
        "select theme_id, segment_idx, matched from theme_evidence where story_id = ?", [story_id])]
    story["segment_rows"] = [
        {**dict(r), "html": mark_evidence(r["text"], [e for e in evidence if e["segment_idx"] == r["idx"]],
                                          labels, locale)}
        for r in conn.execute("select idx, start, end, text from segments where story_id = ? order by idx",
                              [story_id])]
    return story


def segments_of(story: dict) -> list[Segment]:
    """The story's segments as the model's Segments, for caption exports."""
    return [Segment(r["idx"], r["text"], r["start"], r["end"]) for r in story["segment_rows"]]


def mark_evidence(text: str, evidence: list[dict], labels: dict,
                  locale: str = i18n.DEFAULT_LOCALE) -> Markup:
    """The segment's text, escaped, with each theme's matched words in a labelled <mark>."""
    spans: list[tuple[int, int, str]] = []
    for item in evidence:
        words = (item["matched"] or "").strip()
        if not words:
            continue
        for found in re.finditer(re.escape(words), text, flags=re.IGNORECASE):
            if not any(found.start() < end and start < found.end() for start, end, _ in spans):
                spans.append((found.start(), found.end(), item["theme_id"]))
    out, last = [], 0
    title = i18n.translations(locale).gettext("Theme: %(theme)s")
    for start, end, theme in sorted(spans):
        label = labels.get(theme, {}).get("label", theme)
        out.append(escape(text[last:start]))
        out.append(Markup('<mark class="evidence" data-theme="{}" title="{}">{}</mark>').format(
            theme, title % {"theme": label}, text[start:end]))
        last = end
    out.append(escape(text[last:]))
    return Markup("").join(out)

