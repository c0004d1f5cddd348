"""The map page: where the published stories come from, as precise as their tellers chose."""

from __future__ import annotations

from markupsafe import Markup

from publish import i18n
from publish.i18n import N_
from publish.maps import map_svg, place_clusters, search_url, unmapped_count
from publish.traces import sqlite3
from publish.web_common import query, render

LEVEL_NAMES = {"country": N_("country"), "region": N_("region"), "city": N_("town or city")}


def map_data(conn: sqlite3.Connection) -> tuple[list[dict], int]:
    """The mapped places, and how many published stories have no point on the map."""
    return place_clusters(conn), unmapped_count(conn)


async def map_page(request, datasette):
    """``/map``: a circle per place, linked to its stories, with the same places as a table."""
    clusters, unmapped = await query(datasette, map_data)
    words = i18n.translations(i18n.request_locale(request))
    for cluster in clusters:
        cluster["url"] = search_url(cluster["name"])
        cluster["level_name"] = words.gettext(LEVEL_NAMES.get(cluster["level"], cluster["level"]))
    # map_svg escapes every name it draws: the SVG is safe to put in the page as it is.
    return await render(datasette, request, "map.html", clusters=clusters, unmapped=unmapped,
                        mapped=sum(c["count"] for c in clusters), svg=Markup(map_svg(clusters, words=words)))
