"""What the working store holds about stories being published, read in bulk and grouped by story.

A full build reads a few hundred stories at a time with one query per table,
because a handful of queries per story costs minutes at 100k stories.
Publishing one story reads it through the very same queries, so a rebuild and
an incremental sync always see the same rows in the same order.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from publish.traces import sqlite3
from stories.model import Kind, Segment, Word
from stories.store import Store

Row = sqlite3.Row

#: Stories read per round of queries: big enough to amortise them, small enough for memory.
CHUNK = 500
#: Per-story tables: the columns that publishing uses, in the order they are read.
#: The orders are each table's primary key, the order a per-story index scan gives.
TABLES = {
    "consents": ("scope, granted", "scope"),
    "segments": ('idx, start, "end", text, edited', "idx"),
    "redactions": ('idx, segment_idx, start, "end", text, label, status', "idx"),
    "tags": ('theme_id, segment_idx, matched, sentence, start, "end", status, confidence',
             "theme_id, segment_idx, matched"),
    "self_tags": ("theme_id", "theme_id"),
}


@dataclass
class StoryRows:
    """One story's row and the rows hanging off it that may shape its public form."""

    story: dict
    consents: dict[str, bool]
    #: Rows read by column name (``sqlite3.Row``), each table's in its primary key's order.
    segments: list[Row]
    redactions: list[Row]
    tags: list[Row]
    self_tags: list[str]
    #: ``{segment idx: words}``, only for recordings with a redaction in a segment or an edited
    #: segment: the only place word times are used is silencing the audio.
    words: dict[int, tuple[Word, ...]]

    def timed_segments(self) -> list[Segment]:
        """The segments as redaction takes them, with their word times where they were read."""
        return [Segment(r["idx"], r["text"], r["start"], r["end"], words=self.words.get(r["idx"], ()),
                        edited=bool(r["edited"])) for r in self.segments]

    def silences(self) -> bool:
        """Whether anything of the recording is silenced: a redaction in a segment, or an edit."""
        return any(r["segment_idx"] >= 0 for r in self.redactions) or any(r["edited"] for r in self.segments)


def load_story(store: Store, story: dict) -> StoryRows:
    """The rows of one story, read exactly as a full build reads them."""
    return next(load_stories(store, [story]))


def load_stories(store: Store, stories: Iterable[dict], chunk: int | None = None) -> Iterator[StoryRows]:
    """The rows of each story, in the order given, reading ``chunk`` (default CHUNK) stories per round."""
    batch: list[dict] = []
    for story in stories:
        batch.append(story)
        if len(batch) >= (chunk or CHUNK):
            yield from _load(store, batch)
            batch = []
    if batch:
        yield from _load(store, batch)


def has_media(story: dict) -> bool:
    """True if the story has a recording that is published (as redacted audio)."""
    return story["kind"] != Kind.TEXT and bool(story["media_path"])


def _load(store: Store, stories: list[dict]) -> Iterator[StoryRows]:
    ids = [s["id"] for s in stories]
    rows = {table: _grouped(store, table, ids, *spec) for table, spec in TABLES.items()}
    # Word times matter only where audio is silenced: recordings with a redaction in a segment, or
    # a segment a moderator edited. Reading them for every story would triple the rows read.
    need = [s["id"] for s in stories
            if has_media(s) and (any(r["segment_idx"] >= 0 for r in rows["redactions"].get(s["id"], ()))
                                 or any(r["edited"] for r in rows["segments"].get(s["id"], ())))]
    words = _grouped(store, "words", need, 'segment_idx, start, "end", text', "segment_idx, idx")
    for story in stories:
        story_id = story["id"]
        timed: dict[int, list[Word]] = {}
        for w in words.get(story_id, ()):
            timed.setdefault(w["segment_idx"], []).append(Word(w["start"], w["end"], w["text"]))
        yield StoryRows(
            story=story,
            consents={r["scope"]: bool(r["granted"]) for r in rows["consents"].get(story_id, ())},
            segments=rows["segments"].get(story_id, []),
            redactions=rows["redactions"].get(story_id, []),
            tags=rows["tags"].get(story_id, []),
            self_tags=[r["theme_id"] for r in rows["self_tags"].get(story_id, ())],
            words={idx: tuple(found) for idx, found in timed.items()},
        )


def _grouped(store: Store, table: str, ids: list[str], columns: str, order: str) -> dict[str, list[Row]]:
    """``{story_id: [row, ...]}`` for these stories, each story's rows in ``order``."""
    grouped: dict[str, list[Row]] = {}
    if not ids:
        return grouped
    # store.select gives sqlite3.Row, built in C and read by column name like a dict: at 100k
    # stories, turning a few million rows into dicts would cost seconds.
    marks = ', '.join('?' * len(ids))
    cursor = store.select(f"select story_id, {columns} from [{table}] where story_id in ({marks}) "  # noqa: S608 - table and columns from the TABLES constant; ids are parameters
                          f"order by story_id, {order}", ids)
    for row in cursor:
        grouped.setdefault(row["story_id"], []).append(row)
    return grouped
