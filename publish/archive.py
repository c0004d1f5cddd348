"""Build ``archive.db``, the public archive, from the working store.

Only what ``prepare`` puts in a PublicStory is written. A full build goes into
a temporary file copied into place with SQLite's backup API, so Datasette
never sees a half-built archive; a single story is published or taken out in
place, in one transaction, so a withdrawal reaches the archive at once.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

import sqlite_utils

from publish.audio import write_redacted_audio
from publish.prepare import PublicStory, audio_name, prepare, public_codebook
from publish.rules import may_publish, publishable
from stories.store import Store

AUDIO_URL = "/audio/{}"


def build_archive(store: Store, archive_path: Path, media_dir: Path, published_dir: Path) -> int:
    """Rebuild the archive and its audio from scratch; returns how many stories it holds."""
    archive_path = Path(archive_path)
    archive_path.parent.mkdir(parents=True, exist_ok=True)
    tmp_path = archive_path.with_name(f".{archive_path.name}.building")
    tmp_path.unlink(missing_ok=True)
    keep: set[str] = set()
    try:
        db = sqlite_utils.Database(tmp_path)
        create_schema(db)
        write_codebook(db, store)
        stories = publishable(store)
        for story in stories:
            public = prepare(store, story)
            audio = publish_audio(public, media_dir, published_dir)
            keep.add(audio or "")
            write_story(db, public, audio)
        count_themes(db)
        db.conn.commit()
        db.execute("analyze")
        db.close()
        _swap_in(tmp_path, archive_path)
    finally:
        tmp_path.unlink(missing_ok=True)
    for stale in published_dir.glob("*.m4a") if published_dir.exists() else []:
        if stale.name not in keep:
            stale.unlink()
    return len(stories)


def sync_story(store: Store, story_id: str, archive_path: Path, media_dir: Path,
               published_dir: Path) -> bool:
    """Publish, refresh or take out one story, as the rules say; returns whether it is in."""
    db = sqlite_utils.Database(archive_path)
    db.execute("pragma busy_timeout = 10000")
    if not db["stories"].exists():
        create_schema(db)
    story = store.get(story_id)
    public = prepare(store, story) if may_publish(story, store.consents(story_id)) else None
    audio = publish_audio(public, media_dir, published_dir) if public else None
    with db.conn:
        write_codebook(db, store)
        remove_story(db, story_id)
        if public:
            write_story(db, public, audio)
        count_themes(db)
    _remove_audio(published_dir, story_id, keep=audio)
    db.close()
    return public is not None


def create_schema(db: sqlite_utils.Database) -> None:
    """Empty archive tables with their keys, foreign keys and full-text indexes."""
    db["stories"].create(
        {"id": str, "title": str, "teller": str, "kind": str, "language": str,
         "place": str, "place_level": str, "latitude": float, "longitude": float,
         "date": str, "duration": float, "length": str,
         "themes": str, "theme_groups": str, "service_areas": str, "self_tags": str, "feeling": int,
         "framing": str, "quotable": int, "research_use": int, "audio": str,
         "text": str, "transcribed_by": str, "codebook_version": str, "published_at": str},
        pk="id",
    )
    db["themes"].create({"id": str, "label": str, "group": str, "group_label": str, "description": str,
                         "phrases": str, "stories": int, "segments": int}, pk="id")
    db["archive_info"].create({"key": str, "value": str}, pk="key")
    db["segments"].create({"story_id": str, "idx": int, "start": float, "end": float, "text": str},
                          pk=("story_id", "idx"), foreign_keys=[("story_id", "stories", "id")])
    db["story_themes"].create(
        {"story_id": str, "theme_id": str, "mentions": int, "strength": int, "evidence": str},
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


def write_story(db: sqlite_utils.Database, public: PublicStory, audio: str | None) -> None:
    """Write one prepared story (its old rows must be gone: see ``remove_story``)."""
    db["stories"].insert({**public.story, "audio": AUDIO_URL.format(audio) if audio else None})
    db["segments"].insert_all(public.segments)
    db["story_themes"].insert_all(public.story_themes)
    db["theme_evidence"].insert_all(public.evidence)


def remove_story(db: sqlite_utils.Database, story_id: str) -> None:
    """Take a story and everything hanging off it out of the archive."""
    for table in ("theme_evidence", "story_themes", "segments"):
        db[table].delete_where("story_id = ?", [story_id])
    db["stories"].delete_where("id = ?", [story_id])


def write_codebook(db: sqlite_utils.Database, store: Store) -> None:
    """The codebook's themes (counts are filled by ``count_themes``) and its name and version."""
    themes, info = public_codebook(store)
    db["themes"].upsert_all(themes, pk="id")
    db["archive_info"].upsert_all(({"key": f"codebook_{k}", "value": v} for k, v in info.items()), pk="key")


def count_themes(db: sqlite_utils.Database) -> None:
    """How many stories carry each theme, and in how many segments its evidence lies."""
    db.execute("update themes set stories = "
               "(select count(*) from story_themes where story_themes.theme_id = themes.id), "
               "segments = (select count(distinct story_id || ':' || segment_idx) from theme_evidence "
               "where theme_evidence.theme_id = themes.id)")


def publish_audio(public: PublicStory, media_dir: Path, published_dir: Path) -> str | None:
    """The redacted copy of the recording (written once per set of silenced spans)."""
    name = audio_name(public)
    if name is None:
        return None
    target = published_dir / name
    if not target.exists():
        published_dir.mkdir(parents=True, exist_ok=True)
        write_redacted_audio(media_dir / public.media_path, target, public.spans)
    return name


def _remove_audio(published_dir: Path, story_id: str, keep: str | None) -> None:
    for path in published_dir.glob(f"{story_id}-*.m4a") if published_dir.exists() else []:
        if path.name != keep:
            path.unlink()


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
