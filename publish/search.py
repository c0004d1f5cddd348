"""Relevance-ranked search of the archive, with filters and facet counts.

Datasette's ``_search`` does not rank and ``_sort_desc=rank`` fails, so the
search page runs its own SQL: FTS5's ``rank`` (bm25) over story titles and
text, then the best-matching moments (segments) of each story on the page.
"""

from __future__ import annotations

import re
import sqlite3
from dataclasses import dataclass, field

from markupsafe import Markup, escape

PAGE_SIZE = 20
MOMENTS_PER_STORY = 3
# Private-use characters mark matches in snippets, so the text can be escaped before <mark> goes in.
OPEN, CLOSE = "\ue000", "\ue001"
FILTERS = ("theme", "group", "service", "language", "place", "length", "since", "until")
_TERM = re.compile(r'"([^"]+)"|(\S+)')


@dataclass
class SearchResult:
    """One page of stories, how many there are in all, and facet counts over all of them."""

    stories: list[dict]
    total: int
    facets: dict[str, list[tuple[str, int]]] = field(default_factory=dict)


def fts_query(text: str) -> str:
    """A safe FTS5 query from what a person typed: words are ANDed, "quoted phrases" kept.

    Every term is quoted, so punctuation and FTS5 operators typed by accident
    never cause a syntax error; ``word*`` stays a prefix search and ``OR`` an alternative.
    """
    parts = []
    for phrase, word in _TERM.findall(text):
        if word == "OR" and parts and parts[-1] != "OR":
            parts.append("OR")
            continue
        term = phrase or word
        prefix = not phrase and term.endswith("*")
        term = term.rstrip("*") if prefix else term
        if term.strip():
            parts.append('"' + term.replace('"', '""') + '"' + ("*" if prefix else ""))
    while parts and parts[-1] == "OR":
        parts.pop()
    return " ".join(parts)


def highlight(snippet: str | None) -> Markup:
    """Escaped snippet text with its matches in <mark>."""
    text = str(escape(snippet or ""))
    return Markup(text.replace(OPEN, "<mark>").replace(CLOSE, "</mark>"))


def _where(filters: dict[str, str]) -> tuple[list[str], dict[str, str]]:
    clauses, params = [], {}
    for name in FILTERS:
        value = (filters.get(name) or "").strip()
        if not value:
            continue
        params[name] = value
        has_theme = "exists (select 1 from story_themes t where t.story_id = s.id and t.theme_id = :{})"
        clauses.append({
            "theme": has_theme.format("theme"), "service": has_theme.format("service"),
            "group": "exists (select 1 from json_each(s.theme_groups) g where g.value = :group)",
            "language": "s.language = :language", "place": "s.place = :place", "length": "s.length = :length",
            "since": "s.date >= :since", "until": "s.date <= :until",
        }[name])
    return clauses, params


def search(conn: sqlite3.Connection, q: str = "", page: int = 1, **filters: str) -> SearchResult:
    """Stories matching ``q`` (best first) and the filters; newest first when there is no query."""
    match = fts_query(q)
    clauses, params = _where(filters)
    if match:
        params["q"] = match
        source = "stories_fts f join stories s on s.rowid = f.rowid"
        clauses.insert(0, "stories_fts match :q")
        order = "f.rank"
    else:
        source, order = "stories s", "s.date desc, s.id"
    where = " where " + " and ".join(clauses) if clauses else ""
    matched = f"select s.rowid as rowid from {source}{where}"
    total = conn.execute(f"select count(*) from ({matched})", params).fetchone()[0]
    page = max(1, page)
    rows = conn.execute(
        f"select s.rowid, s.id, s.title, s.teller, s.date, s.place, s.language, s.kind, s.duration, "
        f"s.themes from {source}{where} order by {order} limit {PAGE_SIZE} offset {(page - 1) * PAGE_SIZE}",
        params).fetchall()
    stories = [dict(r) for r in rows]
    if match and stories:
        _add_snippets(conn, match, stories)
    return SearchResult(stories, total, facet_counts(conn, matched, params) if total else {})


def _add_snippets(conn: sqlite3.Connection, match: str, stories: list[dict]) -> None:
    # Snippets only for the page's rows: computing them for every match is what makes search slow.
    ids = [s["rowid"] for s in stories]
    marks = ",".join("?" * len(ids))
    snippets = dict(conn.execute(
        f"select rowid, snippet(stories_fts, -1, '{OPEN}', '{CLOSE}', '…', 24) from stories_fts "
        f"where stories_fts match ? and rowid in ({marks})", [match, *ids]).fetchall())
    moments: dict[str, list[dict]] = {}
    story_ids = [s["id"] for s in stories]
    for row in conn.execute(
            f"select sg.story_id, sg.idx, sg.start, snippet(segments_fts, 0, '{OPEN}', '{CLOSE}', '…', 16) "
            f"as snippet from segments_fts f join segments sg on sg.rowid = f.rowid "
            f"where segments_fts match ? and sg.story_id in ({marks}) order by f.rank",
            [match, *story_ids]):
        found = moments.setdefault(row["story_id"], [])
        if len(found) < MOMENTS_PER_STORY:
            found.append({"idx": row["idx"], "start": row["start"], "snippet": highlight(row["snippet"])})
    for story in stories:
        story["snippet"] = highlight(snippets.get(story["rowid"]))
        story["moments"] = sorted(moments.get(story["id"], []), key=lambda m: m["idx"])


def facet_counts(conn: sqlite3.Connection, matched: str, params: dict) -> dict[str, list[tuple[str, int]]]:
    """Counts per theme, theme group, language, place and length over all matching stories."""
    base = f"with hits as ({matched}) "
    plain = {name: conn.execute(
        base + f"select s.{name}, count(*) from hits join stories s on s.rowid = hits.rowid "
               f"where coalesce(s.{name}, '') != '' group by 1 order by 2 desc, 1 limit 15", params
    ).fetchall() for name in ("language", "place", "length")}
    themes = conn.execute(
        base + "select t.theme_id, count(*) from hits join stories s on s.rowid = hits.rowid "
               "join story_themes t on t.story_id = s.id group by 1 order by 2 desc, 1", params).fetchall()
    groups = conn.execute(
        base + "select g.value, count(*) from hits join stories s on s.rowid = hits.rowid, "
               "json_each(s.theme_groups) g group by 1 order by 2 desc, 1", params).fetchall()
    return {"theme": [tuple(r) for r in themes], "group": [tuple(r) for r in groups],
            **{name: [tuple(r) for r in rows] for name, rows in plain.items()}}
