"""Build ``archive.db``, the public archive, from the working store.

Only columns named here are copied: anything added to the working store stays
private until someone decides, here, that it may be published. The archive is
built into a temporary file and copied into place with SQLite's backup API,
so Datasette never sees a half-built archive.
"""

from __future__ import annotations

import json
import sqlite3
from collections import Counter
from pathlib import Path

import sqlite_utils

from publish.rules import publishable
from stories.store import Store, now

PLACE_LABELS = ("GPE", "LOC")


def build_archive(store: Store, archive_path: Path) -> int:
    """Rebuild the archive from scratch; returns how many stories it holds."""
    archive_path = Path(archive_path)
    archive_path.parent.mkdir(parents=True, exist_ok=True)
    tmp_path = archive_path.with_name(f".{archive_path.name}.building")
    tmp_path.unlink(missing_ok=True)
    try:
        db = sqlite_utils.Database(tmp_path)
        create_schema(db)
        stories = publishable(store)
        for story in stories:
            write_story(db, store, story)
        count_themes(db)
        db.execute("analyze")
        db.close()
        _swap_in(tmp_path, archive_path)
    finally:
        tmp_path.unlink(missing_ok=True)
    return len(stories)


def create_schema(db: sqlite_utils.Database) -> None:
    """Empty archive tables with their keys, foreign keys and full-text indexes."""
    db["stories"].create(
        {"id": str, "title": str, "kind": str, "language": str, "place": str, "date": str,
         "duration": float, "themes": str, "text": str, "transcribed_by": str,
         "codebook_version": str, "published_at": str},
        pk="id",
    )
    db["themes"].create({"id": str, "label": str, "group": str, "description": str, "stories": int},
                        pk="id")
    db["segments"].create({"story_id": str, "idx": int, "start": float, "end": float, "text": str},
                          pk=("story_id", "idx"), foreign_keys=[("story_id", "stories", "id")])
    db["story_themes"].create(
        {"story_id": str, "theme_id": str, "mentions": int, "evidence": str},
        pk=("story_id", "theme_id"),
        foreign_keys=[("story_id", "stories", "id"), ("theme_id", "themes", "id")],
    )
    db["theme_evidence"].create(
        {"story_id": str, "theme_id": str, "segment_idx": int, "start": float, "end": float,
         "matched": str, "sentence": str},
        foreign_keys=[("story_id", "stories", "id"), ("theme_id", "themes", "id")],
    )
    for table, columns in (("stories", ["language"]), ("stories", ["place"]), ("stories", ["date"]),
                           ("story_themes", ["theme_id"]), ("theme_evidence", ["story_id"])):
        db[table].create_index(columns, if_not_exists=True)
    db["stories"].enable_fts(["title", "text"], create_triggers=True, tokenize="porter")
    db["segments"].enable_fts(["text"], create_triggers=True, tokenize="porter")


def write_story(db: sqlite_utils.Database, store: Store, story: dict) -> None:
    """Copy one story's publishable parts into the archive (replacing what was there)."""
    story_id = story["id"]
    segments = store.segments(story_id)
    tags = store.rows("tags", story_id)
    theme_ids = sorted({t["theme_id"] for t in tags})
    db["themes"].upsert_all(
        ({k: t[k] for k in ("id", "label", "group", "description")} for t in store.themes()
         if t["id"] in theme_ids), pk="id")
    db["stories"].upsert({
        "id": story_id, "title": story["title"], "kind": story["kind"],
        "language": story["language"] or story["detected_language"] or "",
        "place": story["place"] or _main_place(store.rows("entities", story_id)),
        "date": story["created_at"][:10], "duration": story["duration"],
        "themes": json.dumps(theme_ids),
        "text": story["body"] if story["kind"] == "text" else " ".join(s.text for s in segments),
        "transcribed_by": " ".join(filter(None, (story["engine"], story["model"]))),
        "codebook_version": story["codebook_version"], "published_at": now(),
    }, pk="id")
    for table in ("segments", "story_themes", "theme_evidence"):
        db[table].delete_where("story_id = ?", [story_id])
    db["segments"].insert_all({"story_id": story_id, "idx": s.idx, "start": s.start, "end": s.end,
                               "text": s.text} for s in segments)
    by_theme: dict[str, list[dict]] = {}
    for tag in sorted(tags, key=lambda t: t["segment_idx"]):
        by_theme.setdefault(tag["theme_id"], []).append(tag)
    db["story_themes"].insert_all(
        {"story_id": story_id, "theme_id": theme, "mentions": len(found), "evidence": found[0]["sentence"]}
        for theme, found in by_theme.items())
    db["theme_evidence"].insert_all(
        {k: tag[k] for k in ("story_id", "theme_id", "segment_idx", "start", "end", "matched", "sentence")}
        for tag in tags)


def count_themes(db: sqlite_utils.Database) -> None:
    db.execute("update themes set stories = "
               "(select count(*) from story_themes where story_themes.theme_id = themes.id)")
    db.conn.commit()


def _main_place(entities: list[dict]) -> str:
    places = Counter(e["text"] for e in entities if e["label"] in PLACE_LABELS)
    return places.most_common(1)[0][0] if places else ""


def _swap_in(built: Path, live: Path) -> None:
    """Replace the live archive's content in one step that readers never see half-done."""
    if not live.exists():
        built.replace(live)
        return
    source, target = sqlite3.connect(built), sqlite3.connect(live, timeout=30)
    try:
        source.backup(target)
    finally:
        source.close()
        target.close()
