"""The archive's schema: its tables, keys, indexes and full-text search, and upgrades to it.

``archive.db`` is built from scratch (publish.archive) or changed story by story; both make their
tables here, so a build and a sync always agree on what the archive holds.
"""

from __future__ import annotations

import sqlite_utils

from publish import traces

CAMPAIGN_COLUMNS = {"slug": str, "title": str, "description": str, "prompts": str, "places": str,
                    "closed": str}
#: Full-text indexes: table, columns. Porter stemming, so "jobs" finds "job".
SEARCHABLE = (("stories", ["title", "text"]), ("segments", ["text"]))
FTS_TABLES = [f"{table}_fts" for table, _ in SEARCHABLE]


def create_schema(db: sqlite_utils.Database) -> None:
    """Empty archive tables with their keys, foreign keys, indexes and full-text search."""
    create_tables(db)
    create_indexes(db)
    create_search(db)


def create_tables(db: sqlite_utils.Database) -> None:
    """The archive's tables with their keys and foreign keys, without indexes or search."""
    db["campaigns"].create(CAMPAIGN_COLUMNS, pk="slug")
    db["stories"].create(
        {"id": str, "title": str, "teller": str, "kind": str, "language": str,
         "place": str, "place_level": str, "latitude": float, "longitude": float,
         "date": str, "duration": float, "length": str,
         "themes": str, "theme_groups": str, "service_areas": str, "self_tags": str, "feeling": int,
         "framing": str, "quotable": int, "research_use": int, "audio": str,
         "text": str, "transcribed_by": str, "codebook_version": str, "published_at": str,
         "campaign": str},
        pk="id", foreign_keys=[("campaign", "campaigns", "slug")],
    )
    db["themes"].create({"id": str, "label": str, "group": str, "group_label": str, "description": str,
                         "phrases": str, "stories": int, "segments": int, "labels": str, "group_labels": str},
                        pk="id")
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


def create_indexes(db: sqlite_utils.Database) -> None:
    """Indexes for facets, date order, story pages and theme counts. Safe to run again."""
    # theme_evidence (theme_id, story_id, segment_idx) covers counting a theme's segments.
    for table, columns in (("stories", ["language"]), ("stories", ["place"]), ("stories", ["date"]),
                           ("story_themes", ["theme_id"]), ("theme_evidence", ["story_id"]),
                           ("theme_evidence", ["theme_id", "story_id", "segment_idx"])):
        db[table].create_index(columns, if_not_exists=True)


def create_search(db: sqlite_utils.Database, optimize: bool = False) -> None:
    """Full-text indexes over the rows already there, with triggers that keep them in step.

    ``optimize`` merges each index into one b-tree: slower to build, faster to search.
    """
    for table, columns in SEARCHABLE:
        db[table].enable_fts(columns, create_triggers=True, tokenize="porter")
        if optimize:
            db.execute(f"insert into [{table}_fts] ([{table}_fts]) values ('optimize')")  # noqa: S608 - constant table/column names and ? placeholders
        # After the bulk of the index is built: it only changes how later deletes are done.
        traces.fts_secure_delete(db, f"{table}_fts")


def upgrade_schema(db: sqlite_utils.Database) -> None:
    """Columns and tables added since an archive was built, so a story can be synced into it."""
    if not db["campaigns"].exists():
        db["campaigns"].create(CAMPAIGN_COLUMNS, pk="slug")
    if "campaign" not in db["stories"].columns_dict:
        db["stories"].add_column("campaign", str)
    for column in ("labels", "group_labels"):  # theme labels per language
        if column not in db["themes"].columns_dict:
            db["themes"].add_column(column, str)
    for fts in FTS_TABLES:
        # An archive built before deletes were secure: from now on they are, and old traces are merged away.
        if db[fts].exists() and not traces.secure_delete_on(db, fts) and traces.fts_secure_delete(db, fts):
            db.execute(f"insert into [{fts}] ([{fts}]) values ('optimize')")  # noqa: S608 - constant table name
