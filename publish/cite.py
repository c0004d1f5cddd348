"""Citations for a story, or for one quoted moment of it, in the forms researchers paste.

Every function takes a row of the archive's ``stories`` table (id, title, teller,
date ``YYYY-MM-DD``, kind ``audio|video|text``, duration in seconds) and returns
``{"apa", "chicago", "bibtex", "csl_json", "url", "in_text"}``. The exact forms,
for an audio story by Ann Lee, 252 s long, received 2026-11-03, quoted at 83.4 s:

APA 7 (reference list; an unpublished recording or written story held in an archive)::

    Ann Lee. (2026, November 3). Title [Audio recording]. Archive title. URL/stories/ID
    Ann Lee. (2026, November 3). Title [Audio recording, 1:23]. Archive title. URL/stories/ID#t=83

  ``[Video recording]`` for video and ``[Written story]`` for text (a written
  story has no timecode). In-text: ``(Ann Lee, 2026)``, and for a quote
  ``“words” (Ann Lee, 2026, 1:23)``, APA's timestamp form for audiovisual works.

Chicago 17 (notes-bibliography, bibliography entry)::

    Ann Lee. “Title.” Audio recording, 4:12. Archive title, November 3, 2026. URL/stories/ID.
    Ann Lee. “Title.” Audio recording, 4:12, at 1:23. Archive title, November 3, 2026. URL/stories/ID#t=83.

  Curly quotation marks, as Chicago typesets them. The running time is left
  out when it is unknown, and always for a written story.

BibTeX: ``@misc{stories-ID, author = {{Ann Lee}}, title = {{Title}}, year = {2026},
month = nov, howpublished = {Audio recording}, note = {Archive title; at 1:23},
url = {...}}``, one field a line.

CSL-JSON: a list of one item, type ``interview`` (audio, video) or ``manuscript``
(written), with ``author: [{"literal": teller}]``, ``issued.date-parts``,
``URL``, ``container-title`` (the archive), ``medium``, ``dimensions`` (running
time) and, for a quote, ``note: "at 1:23"``.

Decisions:

* **Tellers are cited exactly as the archive credits them**, never inverted
  ("Lee, A."): the archive does not record whether ``teller`` is a legal name,
  a pseudonym such as "Robin from Leeds", or "Anonymous", and inverting a
  pseudonym would invent a surname. For the same reason BibTeX always gets
  the teller as one braced literal (``{{...}}``), so it never splits a name at
  spaces or at "and", and CSL-JSON gets ``literal``.
* **Anonymous**: the archive credits such a story to "Anonymous" explicitly
  (the teller chose not to be named, and the page says "Anonymous"). That is
  APA 7's "work signed Anonymous" case (section 9.12), so "Anonymous" stays
  in the author position rather than moving the title there.
* Titles are protected with double braces in BibTeX so styles do not
  lowercase place names; APA italics cannot be shown in plain text and are left out.
* Timecodes are whole seconds, rounded down as in the permalink (``#t=83``):
  ``m:ss`` under an hour, ``h:mm:ss`` from an hour.
* BibTeX's special characters ``{ } & % $ # _`` (and ``\\ ~ ^``) are escaped in
  text fields. The ``url`` field is written as is: ``\\url`` and biblatex read it
  verbatim, and escaping ``#`` there would break the link.
"""

from __future__ import annotations

import json
import re
from datetime import date as Date

from publish import urls

MEDIUM = {"audio": "Audio recording", "video": "Video recording", "text": "Written story"}
CSL_TYPE = {"audio": "interview", "video": "interview", "text": "manuscript"}
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
          "October", "November", "December")
BIBTEX_MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
_BIBTEX_ESCAPES = {"\\": r"\textbackslash{}", "{": r"\{", "}": r"\}", "&": r"\&", "%": r"\%", "$": r"\$",
                   "#": r"\#", "_": r"\_", "~": r"\textasciitilde{}", "^": r"\textasciicircum{}"}
_BIBTEX_SPECIAL = re.compile("|".join(re.escape(c) for c in _BIBTEX_ESCAPES))


#: The citation formats, in the order pages offer them: (key in the citations dict, heading).
FORMATS = (("apa", "APA"), ("chicago", "Chicago"), ("bibtex", "BibTeX"), ("csl_json", "CSL-JSON"))


def story_citations(story: dict, base_url: str, archive_title: str) -> dict[str, str]:
    """APA, Chicago, BibTeX and CSL-JSON citations of a whole story, with its permalink."""
    return _citations(dict(story), None, None, base_url, archive_title)


def quote_citations(story: dict, start: float | None, quote: str, base_url: str,
                    archive_title: str) -> dict[str, str]:
    """Citations of the moment at ``start`` seconds (None for a written story) where ``quote`` is said."""
    return _citations(dict(story), start, quote, base_url, archive_title)


def timecode(seconds: float) -> str:
    """``m:ss`` or ``h:mm:ss``, in whole seconds rounded down (as the permalink's ``#t=``)."""
    total = int(seconds)
    hours, rest = divmod(total, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


def bibtex_escape(text: str) -> str:
    """Text safe inside a BibTeX field: its special characters escaped."""
    return _BIBTEX_SPECIAL.sub(lambda m: _BIBTEX_ESCAPES[m.group(0)], text)


def _citations(story: dict, start: float | None, quote: str | None, base_url: str,
               archive_title: str) -> dict[str, str]:
    kind = story.get("kind") if story.get("kind") in MEDIUM else "audio"
    # A written story has no timeline: a quote from it is cited like the story itself.
    at = timecode(start) if start is not None and kind != "text" else None
    url = base_url.rstrip("/") + urls.story_path(story["id"], start if at else None)
    teller = (story.get("teller") or "").strip() or "Anonymous"
    title = (story.get("title") or "").strip() or "Untitled"
    day = _parse_date(story.get("date"))
    duration = story.get("duration")
    running = timecode(duration) if duration and kind != "text" else None
    parts = {"story": story, "kind": kind, "at": at, "url": url, "teller": teller, "title": title,
             "day": day, "running": running, "archive": archive_title.strip()}
    year = str(day.year) if day else "n.d."
    in_text = f"({teller}, {year}, {at})" if at else f"({teller}, {year})"
    if quote:
        in_text = f"\u201c{quote.strip()}\u201d {in_text}"
    return {"apa": _apa(**parts), "chicago": _chicago(**parts), "bibtex": _bibtex(**parts),
            "csl_json": _csl(**parts), "url": url, "in_text": in_text}


def _apa(*, kind, at, url, teller, title, day, archive, **_) -> str:
    when = f"{day.year}, {MONTHS[day.month - 1]} {day.day}" if day else "n.d."
    medium = MEDIUM[kind] + (f", {at}" if at else "")
    return f"{_period(teller)} ({when}). {title} [{medium}]. {_period(archive)} {url}"


def _chicago(*, kind, at, url, teller, title, day, running, archive, **_) -> str:
    medium = ", ".join(filter(None, (MEDIUM[kind], running, f"at {at}" if at else None)))
    when = f"{MONTHS[day.month - 1]} {day.day}, {day.year}" if day else "n.d."
    # Chicago puts the title's closing punctuation inside the quotation marks.
    quoted = f"\u201c{_period(title)}\u201d"
    return f"{_period(teller)} {quoted} {medium}. {archive}, {when}. {url}."


def _bibtex(*, story, kind, at, url, teller, title, day, archive, **_) -> str:
    key = "stories-" + re.sub(r"[^A-Za-z0-9_-]", "", str(story["id"]))
    fields = [("author", f"{{{{{bibtex_escape(teller)}}}}}"), ("title", f"{{{{{bibtex_escape(title)}}}}}")]
    if day:
        fields += [("year", f"{{{day.year}}}"), ("month", BIBTEX_MONTHS[day.month - 1])]
    note = bibtex_escape(archive) + (f"; at {at}" if at else "")
    fields += [("howpublished", f"{{{MEDIUM[kind]}}}"), ("note", f"{{{note}}}"), ("url", f"{{{url}}}")]
    body = ",\n".join(f"  {name} = {value}" for name, value in fields)
    return f"@misc{{{key},\n{body}\n}}"


def _csl(*, story, kind, at, url, teller, title, day, running, archive, **_) -> str:
    item: dict = {"id": f"stories-{story['id']}", "type": CSL_TYPE[kind], "title": title,
                  "author": [{"literal": teller}]}
    if day:
        item["issued"] = {"date-parts": [[day.year, day.month, day.day]]}
    item.update({"URL": url, "container-title": archive, "medium": MEDIUM[kind]})
    if running:
        item["dimensions"] = running
    if story.get("language"):
        item["language"] = story["language"]
    if at:
        item["note"] = f"at {at}"
    return json.dumps([item], indent=2, ensure_ascii=False)


def _parse_date(value) -> Date | None:
    try:
        return Date.fromisoformat(str(value)[:10])
    except ValueError:
        return None


def _period(text: str) -> str:
    """End with a full stop, unless the text already ends a sentence (no "Jr..", no "Why?.")."""
    return text if text.endswith((".", "?", "!")) else text + "."
