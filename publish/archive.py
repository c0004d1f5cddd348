"""Build ``archive.db``, the public archive, from the working store.

Only what ``prepare`` puts in a PublicStory is written. A full build goes into
a temporary file beside ``archive.db`` and is then copied into the live archive
in one transaction (publish/live.py), so the archive is the old one or the new
one, never half of either, even if the build is killed, and Datasette serves the
new one from its next query. A single story is published or taken out in place,
in one transaction, so a withdrawal reaches the archive at once. Both hold the
archive's lock, so a story synced during a build is not lost when the build's
content replaces the archive it went into.
"""

from __future__ import annotations

import json
from operator import itemgetter
from pathlib import Path

import sqlite_utils

from publish import traces
from publish.audio import write_redacted_audio
from publish.live import archive_lock, checkpoint, copy_in, open_live, page_size
from publish.prepare import PublicStory, audio_name, prepare, prepare_rows, public_codebook, theme_groups
from publish.rows import load_stories
from publish.rules import may_publish, publishable
from publish.schema import (
    FTS_TABLES,
    create_indexes,
    create_schema,
    create_search,
    create_tables,
    upgrade_schema,
)
from stories.campaigns import list_campaigns
from stories.media_store import MediaStore, as_media
from stories.store import Store, now

AUDIO_URL = "/audio/{}"
#: Stories prepared before their rows are written, in a full build.
WRITE_BATCH = 2000
#: Page cache of the connection that builds a new archive (the default 2 MiB thrashes at 100k stories).
BUILD_CACHE_KIB = 256 * 1024


def build_archive(store: Store, archive_path: Path, media: Path | MediaStore, published_dir: Path) -> int:
    """Rebuild the archive and its audio from scratch; returns how many stories it holds."""
    archive_path = Path(archive_path)
    archive_path.parent.mkdir(parents=True, exist_ok=True)
    with archive_lock(archive_path):
        return _build(store, archive_path, media, published_dir)


def _build(store: Store, archive_path: Path, media: Path | MediaStore, published_dir: Path) -> int:
    tmp_path = archive_path.with_name(f".{archive_path.name}.building")
    # Left behind only by a build that was killed; the lock says no other build is using them.
    tmp_path.unlink(missing_ok=True)
    for partial in published_dir.glob(".*.part") if published_dir.exists() else []:
        partial.unlink(missing_ok=True)
    keep: set[str] = set()
    try:
        # Inserting into a new file frees no page; building the full-text index does (its merges),
        # and those pages are zeroed (below), so none keeps words of a story later withdrawn.
        db = traces.connect(tmp_path, secure=False)
        if size := page_size(archive_path):  # the backup API cannot change a WAL archive's page size
            db.execute(f"pragma page_size = {int(size)}")
        # A scratch file until it is copied in: a crash leaves nothing worth a journal or an fsync.
        db.execute("pragma journal_mode = off")
        db.execute("pragma synchronous = off")
        # Primary-key indexes take ids in random order: a bigger page cache saves rereading them.
        db.execute(f"pragma cache_size = -{BUILD_CACHE_KIB}")
        create_tables(db)
        write_codebook(db, store)
        write_campaigns(db, store)
        stories = publishable(store)
        groups, stamp, batch = theme_groups(store), now(), []
        for rows in load_stories(store, stories):
            public = prepare_rows(rows, groups, stamp)
            audio = publish_audio(public, media, published_dir)
            keep.add(audio or "")
            batch.append((public, audio))
            if len(batch) >= WRITE_BATCH:
                write_stories(db, batch)
                batch = []
        write_stories(db, batch)
        # Indexes and full-text search built once over all rows beat updating them row by row.
        db.execute("pragma secure_delete = on")
        create_indexes(db)
        create_search(db, optimize=True)
        count_themes(db)
        db.conn.commit()
        db.execute("pragma analysis_limit = 1000")  # statistics from a sample: enough for the planner
        db.execute("analyze")
        db.close()
        copy_in(tmp_path, archive_path)
    finally:
        tmp_path.unlink(missing_ok=True)
    drop_exports(archive_path)
    for stale in published_dir.glob("*.m4a") if published_dir.exists() else []:
        if stale.name not in keep:
            stale.unlink()
    return len(stories)


def sync_story(store: Store, story_id: str, archive_path: Path, media: Path | MediaStore,
               published_dir: Path) -> bool:
    """Publish, refresh or take out one story, as the rules say; returns whether it is in."""
    with archive_lock(archive_path):
        return _sync(store, story_id, Path(archive_path), media, published_dir)


def _sync(store: Store, story_id: str, archive_path: Path, media: Path | MediaStore,
          published_dir: Path) -> bool:
    db = open_live(archive_path)
    try:
        if not db["stories"].exists():
            create_schema(db)
        upgrade_schema(db)
        create_indexes(db)  # an archive built by an older version may lack one that counting needs
        story = store.get(story_id)
        public = prepare(store, story) if may_publish(story, store.consents(story_id)) else None
        audio = publish_audio(public, media, published_dir) if public else None
        with db.atomic():
            write_codebook(db, store)
            write_campaigns(db, store)
            # Only the themes this story had or has change their counts.
            touched = {r["theme_id"] for r in db.query(
                "select theme_id from story_themes where story_id = ? union "
                "select theme_id from theme_evidence where story_id = ?", [story_id, story_id])}
            if remove_story(db, story_id):
                traces.after_removal(db, FTS_TABLES)
            if public:
                write_story(db, public, audio)
                touched |= {t["theme_id"] for t in public.evidence}
            count_themes(db, touched)
        _remove_audio(published_dir, story_id, keep=audio)
        checkpoint(db)  # the story's superseded pages leave archive.db-wal and archive.db's bytes
    finally:
        db.close()
        drop_exports(archive_path)
    return public is not None


def drop_exports(archive_path: Path) -> None:
    """Exports cached from the archive (REFI-QDA) are made again on the next download."""
    for cached in (Path(archive_path).parent / "exports").glob("stories-*.qdpx"):
        cached.unlink(missing_ok=True)


def remove_stories(archive_path: Path, story_ids: list[str]) -> None:
    """Take stories out of the archive by id alone (stories the working store no longer knows)."""
    with archive_lock(archive_path):
        db = open_live(archive_path)
        try:
            with db.atomic():
                removed = sum(remove_story(db, story_id) for story_id in story_ids)
                if removed:
                    traces.after_removal(db, FTS_TABLES)
                count_themes(db)
            checkpoint(db)
        finally:
            db.close()
    drop_exports(archive_path)


def archived_ids(archive_path: Path) -> set[str]:
    """The ids of the stories in the archive now (none if there is no archive yet)."""
    if not Path(archive_path).exists():
        return set()
    db = traces.connect(archive_path)
    try:
        return {row[0] for row in db.execute("select id from stories")} if db["stories"].exists() else set()
    finally:
        db.close()


def prune_audio(published_dir: Path, keep_ids: set[str]) -> list[str]:
    """Remove published recordings of stories not in ``keep_ids``; returns the removed names."""
    removed = []
    for path in published_dir.glob("*.m4a") if published_dir.exists() else []:
        if path.name.split("-", 1)[0] not in keep_ids:
            path.unlink(missing_ok=True)
            removed.append(path.name)
    return removed


def write_story(db: sqlite_utils.Database, public: PublicStory, audio: str | None) -> None:
    """Write one prepared story (its old rows must be gone: see ``remove_story``)."""
    write_stories(db, [(public, audio)])


def write_stories(db: sqlite_utils.Database, batch: list[tuple[PublicStory, str | None]]) -> None:
    """Write prepared stories and their audio links, a table at a time (their old rows must be gone)."""
    _insert_many(db, "stories", [{**p.story, "audio": AUDIO_URL.format(a) if a else None} for p, a in batch])
    _insert_many(db, "segments", [s for p, _ in batch for s in p.segments])
    _insert_many(db, "story_themes", [t for p, _ in batch for t in p.story_themes])
    _insert_many(db, "theme_evidence", [e for p, _ in batch for e in p.evidence])


def _insert_many(db: sqlite_utils.Database, table: str, rows: list[dict]) -> None:
    """Plain ``executemany``: rows from ``prepare`` hold only text and numbers, and
    ``insert_all`` would spend longer checking each value for JSON than SQLite spends writing it."""
    if not rows:
        return
    columns = list(rows[0])
    sql = (f"insert into [{table}] ({', '.join(f'[{c}]' for c in columns)}) "  # noqa: S608 - constant table/column names and ? placeholders
           f"values ({', '.join('?' * len(columns))})")
    db.conn.executemany(sql, map(itemgetter(*columns), rows))


def remove_story(db: sqlite_utils.Database, story_id: str) -> bool:
    """Take a story and everything hanging off it out of the archive; returns whether it was there."""
    for table in ("theme_evidence", "story_themes", "segments"):
        db[table].delete_where("story_id = ?", [story_id])
    return bool(db.execute("delete from stories where id = ?", [story_id]).rowcount)


def write_campaigns(db: sqlite_utils.Database, store: Store) -> None:
    """Campaigns as the public sees them: what they asked, never who opened them or their codebook file."""
    db["campaigns"].upsert_all(
        ({"slug": c.slug, "title": c.title, "description": c.description,
          "prompts": json.dumps(list(c.prompts), ensure_ascii=False), "places": json.dumps(list(c.places)),
          "closed": (c.closed_at or "")[:10] or None} for c in list_campaigns(store)), pk="slug")


def write_codebook(db: sqlite_utils.Database, store: Store) -> None:
    """The codebook's themes (counts are filled by ``count_themes``) and its name and version."""
    themes, info = public_codebook(store)
    db["themes"].upsert_all(themes, pk="id")
    db["archive_info"].upsert_all(({"key": f"codebook_{k}", "value": v} for k, v in info.items()), pk="key")


def count_themes(db: sqlite_utils.Database, theme_ids: set[str] | None = None) -> None:
    """How many stories carry each theme, and in how many segments its evidence lies.

    ``theme_ids``: recount only these (and themes never counted); None recounts all.
    """
    where, params = "", []
    if theme_ids is not None:
        where = f"where stories is null or id in ({', '.join('?' * len(theme_ids))})"
        params = sorted(theme_ids)
    db.execute("update themes set stories = "  # noqa: S608 - constant table/column names and ? placeholders
               "(select count(*) from story_themes where story_themes.theme_id = themes.id), "
               "segments = (select count(*) from (select distinct story_id, segment_idx from theme_evidence "
               f"where theme_evidence.theme_id = themes.id)) {where}", params)


def publish_audio(public: PublicStory, media: Path | MediaStore, published_dir: Path) -> str | None:
    """The redacted copy of the recording (written once per set of silenced spans).

    ``media``: the media store, or the media folder; the original is read from a local copy.
    """
    name = audio_name(public)
    if name is None:
        return None
    target = published_dir / name
    if not target.exists():
        published_dir.mkdir(parents=True, exist_ok=True)
        with as_media(media).fetch(public.media_path) as original:
            write_redacted_audio(original, target, public.spans)
    return name


def _remove_audio(published_dir: Path, story_id: str, keep: str | None) -> None:
    for path in published_dir.glob(f"{story_id}-*.m4a") if published_dir.exists() else []:
        if path.name != keep:
            path.unlink()
