"""The search page: ranked results with highlighted snippets and moments, filters and facets."""

from __future__ import annotations

import json
from urllib.parse import urlencode

from publish import i18n, urls
from publish.i18n import N_
from publish.search import FILTERS, PAGE_SIZE, WINDOW, search
from publish.traces import sqlite3
from publish.web_common import query, render
from stories.languages import language_name
from stories.model import SERVICE_AREA_GROUP

FACET_TITLES = {"service": N_("Service area"), "theme": N_("Theme"), "group": N_("Theme group"),
                "campaign": N_("Campaign"), "language": N_("Language"), "place": N_("Place"),
                "length": N_("Length"), "since": N_("From"), "until": N_("To")}


def vocabulary(conn: sqlite3.Connection, locale: str = i18n.DEFAULT_LOCALE) -> dict:
    """Theme labels (in ``locale``) and groups, and the values the filters offer."""
    themes = i18n.themes_in(conn, locale)
    groups = {t["group"]: t["group_label"] for t in themes.values()}
    languages = [r[0] for r in conn.execute(
        "select distinct language from stories where language != '' order by 1")]
    campaigns = dict(conn.execute("select slug, title from campaigns").fetchall())
    return {"themes": themes, "groups": groups, "languages": languages, "campaigns": campaigns}


def _search_and_vocabulary(conn, q, page, filters, locale):
    return search(conn, q, page, **filters), vocabulary(conn, locale)


#: Past this, a page number is a probe, not a reader: it gets the last page there could be.
MAX_PAGE = 10_000


async def search_page(request, datasette):
    """``/search?q=...&theme=...``: stories best match first, or newest first with no query."""
    args = request.args
    # Control characters (a NUL) mean nothing in a search and would reach FTS5 as they are.
    q = "".join(c for c in (args.get("q") or "") if c.isprintable()).strip()
    filters = {name: "".join(c for c in args.get(name, "") if c.isprintable()) for name in FILTERS}
    page = args.get("page") or "1"
    page = min(int(page), MAX_PAGE) if page.isdigit() and len(page) < 7 else 1
    locale = i18n.request_locale(request)
    result, vocab = await query(datasette, _search_and_vocabulary, q, page, filters, locale)
    themes = vocab["themes"]
    for story in result.stories:
        story["url"] = urls.story_path(story["id"])
        story["theme_labels"] = [(t, themes.get(t, {}).get("label", t)) for t in json.loads(story["themes"])]
    names = {**vocab["groups"], **vocab["campaigns"]}  # group ids and campaign slugs are shown by name
    facets = _facets(result.facets, themes, names, {"q": q, **filters}, locale)
    gettext = i18n.translations(locale).gettext
    active = [(gettext(FACET_TITLES.get(k, k.title())), _label(k, v, themes, names, locale),
               _link(q, filters, k, "")) for k, v in filters.items() if v]
    pages = -(-result.total // PAGE_SIZE)
    return await render(
        datasette, request, "search.html", q=q, filters=filters, result=result, facets=facets, active=active,
        page=page, pages=pages, vocab=vocab, window=WINDOW,
        prev_url=_link(q, filters, "page", str(page - 1)) if page > 1 else None,
        next_url=_link(q, filters, "page", str(page + 1)) if page < pages else None)


def _label(kind: str, value: str, themes: dict, groups: dict, locale: str) -> str:
    if kind in ("theme", "service"):
        return themes.get(value, {}).get("label", value)
    if kind == "language":
        return language_name(value, locale)
    if kind == "length":  # the bands are marked for the catalogue where they are made (publish.prepare)
        return i18n.translations(locale).gettext(value)
    return groups.get(value, value) if kind in ("group", "campaign") else value


def _link(q: str, filters: dict, key: str, value: str) -> str:
    params = {"q": q, **filters, key: value}
    return "/search?" + urlencode({k: v for k, v in params.items() if v})


def _facets(counts: dict, themes: dict, groups: dict, current: dict, locale: str) -> list[dict]:
    """Facet sections: each value with its count and the link that filters by it."""
    q = current.pop("q")
    theme_counts = counts.get("theme", [])
    split = {
        "service": [(t, n) for t, n in theme_counts if themes.get(t, {}).get("group") == SERVICE_AREA_GROUP],
        "theme": [(t, n) for t, n in theme_counts if themes.get(t, {}).get("group") != SERVICE_AREA_GROUP],
    }
    sections = []
    for kind in ("service", "theme", "group", "campaign", "language", "place", "length"):
        values = split[kind] if kind in split else counts.get(kind, [])
        if values:
            sections.append({"kind": kind, "title": FACET_TITLES[kind], "values": [
                {"label": _label(kind, v, themes, groups, locale), "count": n,
                 "selected": current.get(kind) == v, "url": _link(q, current, kind, v)} for v, n in values]})
    return sections
