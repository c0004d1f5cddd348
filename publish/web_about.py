"""The about page: how stories get here (consent, moderation, redaction) and how themes are assigned."""

from __future__ import annotations

import json

from publish import i18n
from publish.traces import sqlite3
from publish.web_common import query, render, site_metadata


def about_facts(conn: sqlite3.Connection, locale: str = i18n.DEFAULT_LOCALE) -> dict:
    """The codebook in use (groups, themes with phrases, labelled in ``locale``) and the archive's counts."""
    info = {r["key"]: r["value"] for r in conn.execute("select key, value from archive_info")}
    groups = {g["id"]: {**g, "label": i18n.localized(g["label"], g.get("labels"), locale), "themes": []}
              for g in json.loads(info.get("codebook_groups", "[]"))}
    for row in conn.execute('select * from themes order by "group", label'):
        theme = dict(row)
        theme["label"] = i18n.localized(theme["label"], theme.get("labels"), locale)
        theme["group_label"] = i18n.localized(theme["group_label"], theme.get("group_labels"), locale)
        phrases = json.loads(theme.pop("phrases") or "{}")
        theme["phrases"] = sorted(phrases.items(), key=lambda item: (item[0] != "en", item[0]))
        group = groups.setdefault(theme["group"], {"id": theme["group"], "label": theme["group_label"],
                                                   "description": "", "themes": []})
        group["themes"].append(theme)
    counts = conn.execute("select count(*), sum(kind != 'text'), min(date), max(date), "
                          "count(distinct language) from stories").fetchone()
    return {"codebook": {"name": info.get("codebook_name", ""), "version": info.get("codebook_version", ""),
                         "description": info.get("codebook_description", ""),
                         "languages": json.loads(info.get("codebook_languages", "[]"))},
            "groups": [g for g in groups.values() if g["themes"]],
            "stories": counts[0], "recordings": counts[1] or 0, "first": counts[2], "last": counts[3],
            "languages": counts[4]}


async def about_page(request, datasette):
    """``/about``: consent, redaction, themes and the codebook, for readers who must trust the evidence."""
    facts = await query(datasette, about_facts, i18n.request_locale(request))
    return await render(datasette, request, "about.html", source=await site_metadata(datasette, "source"),
                        source_url=await site_metadata(datasette, "source_url"), **facts)


async def themes_page(request, datasette):
    """``/themes``: every theme of the codebook by group, with how many stories carry it."""
    facts = await query(datasette, about_facts, i18n.request_locale(request))
    return await render(datasette, request, "themes.html", **facts)
