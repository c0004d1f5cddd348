"""The archive's front page: a search box, the themes people talk about most, and recent stories."""

from __future__ import annotations

from publish import i18n
from publish.traces import sqlite3
from publish.web_common import query, render, site_metadata
from stories.model import SERVICE_AREA_GROUP

RECENT = 6


def front_page_facts(conn: sqlite3.Connection, locale: str = i18n.DEFAULT_LOCALE) -> dict:
    """Counts, themes (labelled in ``locale``) by how many stories carry them, and the newest stories."""
    themes = sorted((t for t in i18n.themes_in(conn, locale).values() if (t["stories"] or 0) > 0),
                    key=lambda t: (-t["stories"], t["label"]))
    recent = [dict(r) for r in conn.execute(
        f"select id, title, teller, date, place from stories order by date desc, published_at desc "  # noqa: S608 - RECENT is an int constant
        f"limit {RECENT}")]
    count, places, languages = conn.execute(
        "select count(*), count(distinct nullif(place, '')), count(distinct nullif(language, '')) "
        "from stories").fetchone()
    return {"services": [t for t in themes if t["group"] == SERVICE_AREA_GROUP],
            "themes": [t for t in themes if t["group"] != SERVICE_AREA_GROUP][:15],
            "recent": recent, "count": count, "places": places, "languages": languages}


async def front_page(request, datasette):
    """``/``: where researchers and advocates start."""
    facts = await query(datasette, front_page_facts, i18n.request_locale(request))
    description = await site_metadata(datasette, "description_html")
    return await render(datasette, request, "home.html", description=description, **facts)
