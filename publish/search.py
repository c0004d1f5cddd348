"""Relevance-ranked search of the archive, with filters and facet counts.

Datasette's ``_search`` does not rank and ``_sort_desc=rank`` fails, so the
search page runs its own SQL: FTS5's ``rank`` (bm25) over story titles and
text, then the best-matching moments (segments) of each story on the page.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from markupsafe import Markup, escape

from publish.traces import sqlite3

PAGE_SIZE = 20
#: Ranking and facets cover this many of the newest matches (as the canned queries do).
WINDOW = 10_000
MOMENTS_PER_STORY = 3
# Private-use characters mark matches in snippets, so the text can be escaped before <mark> goes in.
OPEN, CLOSE = "\ue000", "\ue001"
FILTERS = ("theme", "group", "service", "campaign", "language", "place", "length", "since", "until")
_TERM = re.compile(r'"([^"]+)"|(\S+)')
_HAS_THEME = "exists (select 1 from story_themes t where t.story_id = s.id and t.theme_id = :{})"
#: The SQL condition each filter adds, over ``stories s``, with the filter's value as its parameter.
CLAUSES = {
    "theme": _HAS_THEME.format("theme"), "service": _HAS_THEME.format("service"),
    "group": "exists (select 1 from json_each(s.theme_groups) g where g.value = :group)",
    "language": "s.language = :language", "place": "s.place = :place", "length": "s.length = :length",
    "campaign": "s.campaign = :campaign",
    "since": "s.date >= :since", "until": "s.date <= :until",
}


@dataclass
class SearchResult:
    """One page of stories, how many there are in all, and facet counts over all of them."""

    stories: list[dict]
    total: int
    facets: dict[str, list[tuple[str, int]]] = field(default_factory=dict)
    #: More matches than ``WINDOW``: ranking and facet counts cover the newest ``WINDOW`` of them.
    windowed: bool = False


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
    params = {name: value.strip() for name in FILTERS if (value := filters.get(name) or "").strip()}
    return [CLAUSES[name] for name in params], params


def search(conn: sqlite3.Connection, q: str = "", page: int = 1, **filters: str) -> SearchResult:
    """Stories matching ``q`` (best first) and the filters; newest first when there is no query.

    Exact bm25 over every match costs about a microsecond a row, too slow for a common word in a
    large archive, so ranking and facet counts cover the ``WINDOW`` newest matches (all of them
    in an archive of ordinary size). ``total`` counts every match, except that a query with
    filters counts the filtered stories among those newest matches.
    """
    match = fts_query(q)
    clauses, params = _where(filters)
    where = " and ".join(clauses) or "1"
    if match:
        params["q"] = match
        newest = ("select rowid, bm25(stories_fts) as score from stories_fts where stories_fts match :q "  # noqa: S608 - clauses from CLAUSES and ints; user text is a :named parameter
                  "and rowid >= coalesce((select rowid from stories_fts where stories_fts match :q "
                  f"order by rowid desc limit 1 offset {WINDOW - 1}), 0)")
        hits = (f"select s.rowid, w.score from ({newest}) w cross join stories s "  # noqa: S608 - clauses from CLAUSES and ints; user text is a :named parameter
                f"where s.rowid = w.rowid and {where}")
        everything = "select count(*) from stories_fts where stories_fts match :q"
        order = "h.score"
    else:
        hits = f"select s.rowid, 0 as score from stories s where {where} order by s.rowid desc limit {WINDOW}"  # noqa: S608 - clauses from CLAUSES and ints; user text is a :named parameter
        everything = f"select count(*) from stories s where {where}"  # noqa: S608 - clauses from CLAUSES and ints; user text is a :named parameter
        order = "s.date desc, s.id"
    total = conn.execute(everything, params).fetchone()[0]
    windowed = total > WINDOW
    if match and clauses:
        total = conn.execute(f"select count(*) from ({hits})", params).fetchone()[0]  # noqa: S608 - clauses from CLAUSES and ints; user text is a :named parameter
    page = max(1, page)
    rows = conn.execute(
        f"with hits as ({hits}) select s.rowid, s.id, s.title, s.teller, s.date, s.place, s.language, "  # noqa: S608 - clauses from CLAUSES and ints; user text is a :named parameter
        f"s.kind, s.duration, s.themes from hits h cross join stories s where s.rowid = h.rowid "
        f"order by {order} limit {PAGE_SIZE} offset {(page - 1) * PAGE_SIZE}", params).fetchall()
    stories = [dict(r) for r in rows]
    if match and stories:
        _add_snippets(conn, match, stories)
    facets = facet_counts(conn, f"select rowid from ({hits})", params) if total else {}  # noqa: S608 - clauses from CLAUSES and ints; user text is a :named parameter
    return SearchResult(stories, total, facets, windowed=windowed)


def _add_snippets(conn: sqlite3.Connection, match: str, stories: list[dict]) -> None:
    # Snippets only for the page's rows: computing them for every match is what makes search slow.
    ids = [s["rowid"] for s in stories]
    marks = ",".join("?" * len(ids))
    snippets = dict(conn.execute(
        f"select rowid, snippet(stories_fts, -1, '{OPEN}', '{CLOSE}', '…', 24) from stories_fts "  # noqa: S608 - clauses from CLAUSES and ints; user text is a :named parameter
        f"where stories_fts match ? and rowid in ({marks})", [match, *ids]).fetchall())
    moments: dict[str, list[dict]] = {}
    story_ids = [s["id"] for s in stories]
    # Driven from the page's segments: matching first would walk every segment with a common word.
    for row in conn.execute(
            f"select sg.story_id, sg.idx, sg.start, snippet(segments_fts, 0, '{OPEN}', '{CLOSE}', '…', 16) "  # noqa: S608 - clauses from CLAUSES and ints; user text is a :named parameter
            f"as snippet from segments sg cross join segments_fts f "
            f"where sg.story_id in ({marks}) and f.rowid = sg.rowid and segments_fts match ? order by sg.idx",
            [*story_ids, match]):
        found = moments.setdefault(row["story_id"], [])
        if len(found) < MOMENTS_PER_STORY:
            found.append({"idx": row["idx"], "start": row["start"], "snippet": highlight(row["snippet"])})
    for story in stories:
        story["snippet"] = highlight(snippets.get(story["rowid"]))
        story["moments"] = sorted(moments.get(story["id"], []), key=lambda m: m["idx"])


def facet_counts(conn: sqlite3.Connection, matched: str, params: dict) -> dict[str, list[tuple[str, int]]]:
    """Counts per theme, theme group, campaign, language, place and length over the stories ``matched``
    selects."""
    # The matches are found once (materialized) and every facet counted from them in one statement.
    rows = conn.execute(
        f"with hits as materialized ({matched}), rows as materialized (select s.id, s.language, s.place, "  # noqa: S608 - clauses from CLAUSES and ints; user text is a :named parameter
        f"s.length, s.campaign, s.theme_groups from hits h cross join stories s where s.rowid = h.rowid) "
        + " union all ".join(
            f"select * from (select '{name}', {column}, count(*) as n from {source} "  # noqa: S608 - clauses from CLAUSES and ints; user text is a :named parameter
            f"where coalesce({column}, '') != '' group by 2 order by n desc, 2{limit})"
            for name, column, source, limit in (
                ("language", "language", "rows", " limit 15"), ("place", "place", "rows", " limit 15"),
                ("length", "length", "rows", ""), ("campaign", "campaign", "rows", " limit 15"),
                ("theme", "t.theme_id", "rows r cross join story_themes t on t.story_id = r.id", ""),
                ("group", "g.value", "rows r, json_each(r.theme_groups) g", ""))), params).fetchall()
    facets: dict[str, list[tuple[str, int]]] = {"theme": [], "group": [], "language": [], "place": [],
                                                "length": [], "campaign": []}
    for name, value, count in rows:
        facets[name].append((value, count))
    return facets
