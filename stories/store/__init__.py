"""The working store, ``stories.db``: private, holds everything about a story.

Only this package writes it, one module per group of tables:

- ``story``: the story's own row and what the teller gave with it (consents, contact, own tags);
- ``transitions``: the story's state, always a compare-and-set in the transaction of its data;
- ``results``: what the steps produce (segments, words, tags, entities, redactions, themes);
- ``moderation``: a moderator's changes to those results;
- ``events``: the log of who did what, written in the transaction of each change;
- ``leases``, ``outbox``, ``users``, ``campaigns``, ``checks``: the tables beside the stories;
- ``media_deletions``: a withdrawn story's files, until the media store has deleted them;
- ``remote``: workers' tokens, and the results they sent, applied once each.

Open it as ``with Store(path) as store:``. The story's tables are read and written through the
store's own methods (``store.get``, ``store.move``, ``store.save_transcript``...); the tables beside
them through the parts it is composed of (``store.leases``, ``store.outbox``, ``store.users``,
``store.campaigns``). Modules elsewhere may read ``store.db``, never write it
(tests/stories/test_one_writer.py checks).
"""

from __future__ import annotations

from collections.abc import Sequence
from contextlib import AbstractContextManager
from pathlib import Path

from sqlite_utils.utils import sqlite3

from stories.clock import now
from stories.migrate import migrate
from stories.store import checks, events, moderation, remote, results, story, transitions
from stories.store.campaigns import Campaigns
from stories.store.connection import connect, transaction
from stories.store.leases import Leases
from stories.store.media_deletions import MediaDeletions
from stories.store.outbox import Outbox
from stories.store.remote import Tokens
from stories.store.story import CONSENT_VERSION, ID_ALPHABET, new_story_id
from stories.store.users import Users

__all__ = ["CONSENT_VERSION", "ID_ALPHABET", "Store", "connect", "new_story_id", "now"]


class Store:
    """Reads and writes stories, their step results and their event log."""

    def __init__(self, path: Path):
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.db = connect(self.path)
        self.leases = Leases(self.db)
        self.outbox = Outbox(self.db)
        self.users = Users(self.db)
        self.campaigns = Campaigns(self.db)
        self.tokens = Tokens(self.db)
        self.media_deletions = MediaDeletions(self.db)

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def init(self) -> list[str]:
        """Create or upgrade the schema. Safe to run twice."""
        return migrate(self.db)

    def close(self) -> None:
        """Close the connection; a transaction still open is rolled back."""
        self.db.close()

    def transaction(self) -> AbstractContextManager[None]:
        """One write transaction: all of it lands, or none of it (``stories.store.connection``)."""
        return transaction(self.db)

    def select(self, sql: str, params: Sequence = ()) -> sqlite3.Cursor:
        """Rows of a ``select`` as ``sqlite3.Row`` (read by name, built in C), for reads in bulk.

        Anything but a select is refused: writes go through the store's own modules.
        """
        if not sql.lstrip().lower().startswith("select"):
            raise ValueError("Store.select only reads")
        cursor = self.db.conn.cursor()
        cursor.row_factory = sqlite3.Row
        return cursor.execute(sql, params)

    # -- the story and what the teller gave (story) ---------------------------
    create_story = story.create_story
    get = story.get
    all = story.all_stories
    consents = story.consents
    update_story = story.update_story
    set_progress = story.set_progress
    delete_rows = story.delete_rows

    # -- state: compare-and-set changes (transitions) -------------------------
    claim = transitions.claim
    fail = transitions.fail
    move = transitions.move
    expect = transitions.expect

    def queue_sync(self, story_id: str) -> None:
        """Inside a transaction: the archive must be brought in line with this story (the outbox)."""
        self.outbox.queue(story_id)

    # -- step results (results) -----------------------------------------------
    save_segments = results.save_segments
    save_transcript = results.save_transcript
    segments = results.segments
    save_analysis = results.save_analysis
    retag = results.retag
    save_themes = results.save_themes
    apply_once = remote.apply_once
    save_codebook = results.save_codebook
    codebook = results.codebook
    rows = results.rows
    themes = results.themes

    # -- a moderator's changes to the results (moderation) --------------------
    update_tag = moderation.update_tag
    tag_segment = moderation.tag_segment
    decide_redaction = moderation.decide_redaction
    accept_pending_redactions = moderation.accept_pending_redactions
    move_redaction = moderation.move_redaction
    add_redaction = moderation.add_redaction
    delete_redactions = moderation.delete_redactions
    edit_segment_text = moderation.edit_segment_text

    # -- the log (events) and the standing checks (checks) --------------------
    record = events.record
    keep_states_only = events.keep_states_only
    events = events.events  # from here on in this class, ``events`` is the method
    save_check = checks.save_check
    checks = checks.checks
