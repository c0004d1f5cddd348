"""A story's page, its downloads (captions, text, citations) and citations of one moment."""

from __future__ import annotations

from datasette.utils.asgi import Response

from publish import cite, i18n, urls
from publish.cite import FORMATS, timecode
from publish.i18n import N_
from publish.story_page import load_story, segments_of
from publish.web_common import not_found, query, render, site_title
from stories.captions import to_srt, to_text, to_webvtt


async def story_page(request, datasette):
    """``/stories/ID``: the story to read and hear, its themes and how to cite it."""
    story_id = request.url_vars["story_id"]
    story = await query(datasette, load_story, story_id, i18n.request_locale(request))
    if story is None:
        return await not_found(datasette, request, N_("No published story has this id. It may have been "
                                                      "withdrawn by its teller."))
    base = urls.public_base(request)
    citations = cite.story_citations(story, base, await site_title(datasette))
    return await render(datasette, request, "story.html", story=story, citations=citations, formats=FORMATS,
                        timecode=timecode, permalink=base + urls.story_path(story_id))


async def story_file(request, datasette):
    """``/stories/ID.vtt|.srt|.txt|.bib|.csl.json``: captions, transcript and citation files."""
    story_id, fmt = request.url_vars["story_id"], request.url_vars["fmt"]
    story = await query(datasette, load_story, story_id)
    if story is None:
        return Response.text("No published story has this id.\n", status=404)
    segments = segments_of(story)
    timed = all(s.start is not None for s in segments) and segments
    if fmt in ("vtt", "srt") and not timed:
        return Response.text("A written story has no timings, so no captions: try .txt\n", status=404)
    citations = cite.story_citations(story, urls.public_base(request), await site_title(datasette))
    body, content_type = {
        "vtt": (lambda: to_webvtt(segments), "text/vtt; charset=utf-8"),
        "srt": (lambda: to_srt(segments), "application/x-subrip; charset=utf-8"),
        "txt": (lambda: to_text(segments), "text/plain; charset=utf-8"),
        "bib": (lambda: citations["bibtex"] + "\n", "application/x-bibtex; charset=utf-8"),
        "csl.json": (lambda: citations["csl_json"] + "\n", "application/vnd.citationstyles.csl+json"),
    }[fmt]
    return Response(body(), content_type=content_type, headers={
        "content-disposition": f'inline; filename="{story_id}.{fmt}"', "access-control-allow-origin": "*"})


async def moment_citations(request, datasette):
    """``/stories/ID/cite?segment=N``: citations of one moment, only if the teller agreed to quotes:
    the texts by format, and ``html``, the citation tabs of the story page for this moment."""
    gettext = i18n.gettext_for(request)
    story = await query(datasette, load_story, request.url_vars["story_id"])
    if story is None:
        return Response.json({"ok": False, "error": gettext("No published story has this id.")}, status=404)
    if not story["quotable"]:
        refused = gettext("The teller did not agree to be quoted. You may cite the story as a whole.")
        return Response.json({"ok": False, "error": refused}, status=403)
    try:
        segment = story["segment_rows"][int(request.args.get("segment", ""))]
    except (ValueError, IndexError):
        return Response.json({"ok": False, "error": gettext("No such segment in this story.")}, status=400)
    citations = cite.quote_citations(story, segment["start"], segment["text"], urls.public_base(request),
                                     await site_title(datasette))
    # The dialog shows the page's own component, rendered here, so the two cannot drift apart.
    html = await datasette.render_template("_cite_tabs.html", {
        "cite_id": "moment", "citations": citations, "formats": FORMATS,
        "locale": i18n.request_locale(request)}, request=request)
    return Response.json({"ok": True, "quote": segment["text"], "citations": citations,
                          "formats": [list(f) for f in FORMATS], "html": html})
