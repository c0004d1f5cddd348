"""A theme's page and its evidence pack (HTML and PDF), drawn from one ``ThemeReport``."""

from __future__ import annotations

import asyncio

from datasette.utils.asgi import Response
from markupsafe import Markup

from publish import i18n, urls
from publish.charts import chart_svg
from publish.cite import FORMATS, timecode
from publish.pack import PACK_QUOTES, generated_at, pack_name, pack_query, pdf_bytes, render_pack_html
from publish.theme_report import BadFilter, ThemeReport, check_since, theme_report
from publish.web_common import not_found, query, render, site_title

NO_THEME = i18n.N_("The archive has no theme with this id. Browse the themes to find the one you want.")


async def theme_page(request, datasette):
    """``/themes/ID?place=...&since=...``: counts, places, neighbours and quotes to cite."""
    report, error = await _report(request, datasette, quotes=8)
    if report is None:
        return await not_found(datasette, request, NO_THEME)
    theme_id = report.theme["id"]
    query_string = pack_query(report.place, report.since)
    gettext = i18n.gettext_for(request)
    return await render(
        datasette, request, "theme.html", status=400 if error else 200, report=report, error=error,
        formats=FORMATS, timecode=timecode, theme_path=urls.theme_path(theme_id),
        chart=Markup(chart_svg(report.by_month, gettext("Stories on %(theme)s per month")
                               % {"theme": report.theme["label"]}, "theme-chart",
                               i18n.translations(i18n.request_locale(request)))),
        pack_html=urls.theme_path(theme_id) + "/pack" + query_string,
        pack_pdf=urls.theme_path(theme_id) + "/pack.pdf" + query_string,
    )


async def pack_page(request, datasette):
    """``/themes/ID/pack``: the evidence pack as a standalone HTML page, ready to print or save."""
    report, error = await _report(request, datasette, quotes=PACK_QUOTES)
    if report is None or error:
        return await theme_page(request, datasette)  # its 404 or its form with the error
    return Response.html(render_pack_html(report, generated_at(), i18n.request_locale(request)))


async def pack_pdf(request, datasette):
    """``/themes/ID/pack.pdf``: the evidence pack printed to PDF."""
    report, error = await _report(request, datasette, quotes=PACK_QUOTES)
    if report is None or error:
        return await theme_page(request, datasette)
    html = render_pack_html(report, generated_at(), i18n.request_locale(request))
    # WeasyPrint takes seconds: run it in a thread so the archive keeps answering meanwhile.
    body = await asyncio.to_thread(pdf_bytes, html, urls.public_base(request))
    name = pack_name(report.theme["id"], report.place, report.since) + ".pdf"
    return Response(body, content_type="application/pdf",
                    headers={"content-disposition": f'attachment; filename="{name}"'})


async def _report(request, datasette, quotes: int) -> tuple[ThemeReport | None, str | None]:
    """The report the request asks for; a bad filter is dropped and returned as the error to show."""
    theme_id = request.url_vars["theme_id"]
    place = (request.args.get("place") or "").strip() or None
    error = None
    try:
        since = check_since(request.args.get("since"))
    except BadFilter as exc:
        since, error = None, i18n.gettext_for(request)(exc.message_id) % exc.params
    report = await query(datasette, theme_report, theme_id, urls.public_base(request),
                         await site_title(datasette), place=place, since=since, quotes=quotes,
                         locale=i18n.request_locale(request))
    return report, error
