"""What the archive says about one theme: counts, places, neighbours and quotes to cite.

The theme page and the evidence pack are both drawn from a ``ThemeReport``, so a
page and the pack printed from it never disagree. Everything is read from the
public archive alone, and quotes come only from stories whose tellers agreed
to be quoted (``stories.quotable = 1``).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field

from publish import urls
from publish.cite import quote_citations, timecode
from publish.i18n import DEFAULT_LOCALE, localized, themes_in
from publish.traces import sqlite3
from stories.errors import N_, StoriesError

#: Sentences of this many characters read as a quote: shorter ones lack context, longer ones are walls.
QUOTE_LENGTH = (40, 280)
TOP = 10
#: What a quote needs of its story: enough to show and cite it (not the full text).
STORY_COLUMNS = ", ".join(f"s.{c}" for c in ("id", "title", "teller", "date", "kind", "duration", "language",
                                             "place", "quotable"))
_SINCE = re.compile(r"\d{4}-\d{2}-\d{2}")


class BadFilter(StoriesError):
    """A filter value the report cannot use (e.g. a date that is not YYYY-MM-DD)."""


@dataclass
class Quote:
    """One moment of a consented story: the sentence, where it starts and how to cite it."""

    story: dict
    sentence: str
    start: float | None
    url: str
    citations: dict[str, str]

    @property
    def timecode(self) -> str | None:
        """Where the quote starts, as ``m:ss`` (None for a written story)."""
        return timecode(self.start) if self.start is not None else None


@dataclass
class ThemeReport:
    """One theme across the published stories, under the filters applied."""

    theme: dict
    phrases: dict[str, list[str]]
    codebook_name: str
    codebook_version: str
    base_url: str
    archive_title: str
    place: str | None
    since: str | None
    story_count: int
    segment_count: int
    quotable_count: int
    first_date: str | None
    last_date: str | None
    by_month: list[tuple[str, int]] = field(default_factory=list)
    places: list[tuple[str, int]] = field(default_factory=list)
    co_themes: list[dict] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)
    #: Every place with a story on this theme, whatever the filters: the filter form's choices.
    all_places: list[str] = field(default_factory=list)

    @property
    def filtered(self) -> bool:
        return bool(self.place or self.since)


def check_since(since: str | None) -> str | None:
    """The ``since`` filter as a YYYY-MM-DD string, None when empty; BadFilter otherwise."""
    since = (since or "").strip()
    if not since:
        return None
    if not _SINCE.fullmatch(since):
        raise BadFilter(N_("'Since' must be a date written YYYY-MM-DD, not %(value)s."), value=repr(since))
    return since


def theme_report(conn: sqlite3.Connection, theme_id: str, base_url: str, archive_title: str,
                 place: str | None = None, since: str | None = None, quotes: int = 8,
                 locale: str = DEFAULT_LOCALE) -> ThemeReport | None:
    """The report on ``theme_id`` (None if the archive has no such theme), its themes labelled in ``locale``.

    ``place`` matches ``stories.place`` exactly; ``since`` keeps stories dated on or after it.
    ``conn`` must have ``row_factory = sqlite3.Row``.
    """
    row = conn.execute("select * from themes where id = ?", [theme_id]).fetchone()
    if row is None:
        return None
    theme = dict(row)
    theme["label"] = localized(theme["label"], theme.get("labels"), locale)
    theme["group_label"] = localized(theme["group_label"], theme.get("group_labels"), locale)
    place, since = (place or None), check_since(since)
    # The filtered stories carrying the theme, as a subquery every count below shares.
    where, params = _filters(place, since)
    chosen = f"select s.id from stories s join story_themes t on t.story_id = s.id " \
             f"where t.theme_id = ?{where}"  # noqa: S608 - constant SQL and ints; place/since are parameters
    args = [theme_id, *params]
    info = dict(conn.execute("select key, value from archive_info").fetchall())

    def rows(sql: str, extra: tuple = ()) -> list[sqlite3.Row]:
        return conn.execute(sql.replace("CHOSEN", chosen), [*extra, *args]).fetchall()

    span = rows("select count(*), min(date), max(date), coalesce(sum(quotable = 1), 0) "
                "from stories where id in (CHOSEN)")[0]
    segments = rows("select count(*) from (select distinct story_id, segment_idx from theme_evidence "
                    "where theme_id = ? and story_id in (CHOSEN))", (theme_id,))[0][0]
    months = rows("select substr(date, 1, 7) as month, count(*) from stories where id in (CHOSEN) "
                  "group by month order by month")
    places = rows("select place, count(*) as n from stories where id in (CHOSEN) and place != '' "  # noqa: S608 - constant SQL and ints; place/since are parameters
                  f"group by place order by n desc, place limit {TOP}")
    co_themes = rows("select o.theme_id as id, themes.label, count(*) as count from story_themes o "  # noqa: S608 - constant SQL and ints; place/since are parameters
                     "join themes on themes.id = o.theme_id where o.theme_id != ? and o.story_id in (CHOSEN) "
                     f"group by o.theme_id order by count desc, themes.label limit {TOP}", (theme_id,))
    labels = themes_in(conn, locale)
    all_places = conn.execute(
        "select distinct s.place from stories s join story_themes t on t.story_id = s.id "
        "where t.theme_id = ? and s.place != '' order by s.place", [theme_id]).fetchall()
    return ThemeReport(
        theme=theme, phrases=_phrases(theme["phrases"]),
        codebook_name=info.get("codebook_name", ""), codebook_version=info.get("codebook_version", ""),
        base_url=base_url, archive_title=archive_title, place=place, since=since,
        story_count=span[0], segment_count=segments, quotable_count=span[3],
        first_date=span[1], last_date=span[2],
        by_month=fill_months([(m[0], m[1]) for m in months if m[0]]),
        places=[(p[0], p[1]) for p in places],
        co_themes=[{**dict(c), "label": labels[c["id"]]["label"]} for c in co_themes],
        quotes=pick_quotes(conn, theme_id, place, since, quotes, base_url, archive_title),
        all_places=[p[0] for p in all_places],
    )


def pick_quotes(conn: sqlite3.Connection, theme_id: str, place: str | None, since: str | None, limit: int,
                base_url: str, archive_title: str) -> list[Quote]:
    """At most ``limit`` quotes, one per quotable story.

    Quote-length sentences first, then stronger stories (more distinct evidence), then recent ones.
    """
    where, params = _filters(place, since)
    fits = f"length(trim(e.sentence)) between {QUOTE_LENGTH[0]} and {QUOTE_LENGTH[1]}"
    # Ranked in SQL, so a common theme in a large archive sends back `limit` rows, not all its evidence.
    rows = conn.execute(
        f"with candidates as (select e.story_id, e.sentence, e.start, {fits} as fits, "  # noqa: S608 - constant SQL and ints; place/since are parameters
        # Within a story: a sentence of quote length first, then the earliest one.
        f"row_number() over (partition by e.story_id order by {fits} desc, e.segment_idx, "
        f"length(e.sentence)) as rank from theme_evidence e join stories s on s.id = e.story_id "
        # Consent is checked here, in the query, so no later step can forget it.
        f"where e.theme_id = ? and s.quotable = 1 and trim(coalesce(e.sentence, '')) != ''{where}) "
        f"select {STORY_COLUMNS}, c.sentence as q_sentence, c.start as q_start from candidates c "
        f"join stories s on s.id = c.story_id "
        f"join story_themes t on t.story_id = c.story_id and t.theme_id = ? "
        f"where c.rank = 1 order by c.fits desc, t.strength desc, s.date desc, s.id limit ?",
        [theme_id, *params, theme_id, max(limit, 0)]).fetchall()
    quotes = []
    for row in rows:
        story = {k: row[k] for k in row.keys() if not k.startswith("q_")}
        sentence = row["q_sentence"].strip()
        start = row["q_start"] if story["kind"] != "text" else None
        cites = quote_citations(story, start, sentence, base_url, archive_title)
        quotes.append(Quote(story=story, sentence=sentence, start=start, url=cites["url"], citations=cites))
    return quotes


def fill_months(counts: list[tuple[str, int]]) -> list[tuple[str, int]]:
    """Counts per ``YYYY-MM`` with the empty months between the first and last put back as zeros."""
    if not counts:
        return []
    known = dict(counts)
    year, month = map(int, counts[0][0].split("-"))
    last = counts[-1][0]
    filled = []
    while True:
        key = f"{year:04d}-{month:02d}"
        filled.append((key, known.get(key, 0)))
        if key >= last:
            return filled
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)


def theme_url(base_url: str, theme_id: str) -> str:
    """The theme page's public address."""
    return base_url.rstrip("/") + urls.theme_path(theme_id)


def _filters(place: str | None, since: str | None) -> tuple[str, list[str]]:
    where, params = "", []
    if place:
        where, params = where + " and s.place = ?", [*params, place]
    if since:
        where, params = where + " and s.date >= ?", [*params, since]
    return where, params


def _phrases(raw: str | None) -> dict[str, list[str]]:
    try:
        value = json.loads(raw or "{}")
    except ValueError:
        return {}
    return value if isinstance(value, dict) else {}
