"""Interface languages: which locale a request gets, the switcher, and translated core messages.

The core (``stories/``) must not import Flask, so its messages arrive here in
English and are translated at this boundary by matching the known texts.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from urllib.parse import urlencode

from flask import Flask, has_request_context, render_template, request, session
from flask_babel import Babel, get_locale, gettext, lazy_gettext

#: Interface languages, each named in its own language (for the switcher).
LOCALES = {"en": "English", "es": "Español", "it": "Italiano", "fi": "Suomi"}
DEFAULT_LOCALE = "en"
#: Reporters sign in too, in their own language; the moderation area is English only.
ENGLISH_ONLY = ("moderate",)


def select_locale() -> str:
    """``?lang=`` (remembered in the session), else the browser's best match, else English."""
    # The moderation area is in English only: its pages and their <html lang> must agree.
    if not has_request_context() or request.blueprint in ENGLISH_ONLY:
        return DEFAULT_LOCALE
    asked = request.args.get("lang", "")
    if asked in LOCALES:
        session["lang"] = asked
        return asked
    if session.get("lang") in LOCALES:
        return session["lang"]
    return request.accept_languages.best_match(list(LOCALES)) or DEFAULT_LOCALE


def current_locale() -> str:
    """The interface language of this request, as a code such as ``es``."""
    return str(get_locale() or DEFAULT_LOCALE)


def lang_url(code: str) -> str:
    """This page in another language: the same path and query, with ``lang`` replaced."""
    args = request.args.to_dict(flat=False)
    args["lang"] = [code]
    return f"{request.script_root}{request.path}?{urlencode(args, doseq=True)}"


def init_app(app: Flask) -> None:
    """Set up Flask-Babel and give templates the switcher's helpers."""
    Babel(app, locale_selector=select_locale)
    app.context_processor(lambda: {"interface_locales": LOCALES, "current_locale": current_locale,
                                   "lang_url": lang_url, "script_text": script_text})


def script_text() -> dict[str, str]:
    """Messages the page's scripts show, translated; they read them from a JSON block, never inline code.

    ``{name}`` placeholders are filled in by the script.
    """
    return {
        "pause": gettext("Pause"), "resume": gettext("Resume"), "paused": gettext("Paused."),
        "recording": gettext("Recording."),
        "recording_length": gettext("Recording length: {minutes} minutes {seconds} seconds"),
        "recording_stopped": gettext("Recording stopped. Listen back below; "
                                     "it will be sent with your story."),
        "asking_microphone": gettext("Asking to use your microphone…"),
        "no_microphone": gettext("We could not use your microphone. "
                                 "You can choose a recording file instead."),
        "seconds_left": gettext("about {n} seconds left"), "minute_left": gettext("about 1 minute left"),
        "minutes_left": gettext("about {n} minutes left"),
        "uploading": gettext("Uploading your recording: {percent}%."),
        "uploading_left": gettext("Uploading your recording: {percent}% — {left}."),
        "upload_complete": gettext("Upload complete. Sending your story…"),
        "offline": gettext("You seem to be offline. The upload will go on from where it stopped "
                           "when you are back online."),
        "upload_stopped": gettext("The upload stopped."),
        "upload_stopped_detail": gettext("The upload stopped: {detail}"),
        "upload_kept": gettext("What was sent is kept; press “Try again” to go on from there."),
        "resuming": gettext("Resuming the upload…"), "starting": gettext("Starting the upload…"),
    }


# Messages raised by the core that reach the teller, in English, with their translations.
_FIXED: dict[str, Callable[[], str]] = {
    "The file is empty. Please choose the recording again.":
        lambda: gettext("The file is empty. Please choose the recording again."),
    "The recording has no sound in it that we could read.":
        lambda: gettext("The recording has no sound in it that we could read."),
    "The recording seems to be cut off: it does not reach its end. Please upload the whole file again.":
        lambda: gettext("The recording seems to be cut off: it does not reach its end. "
                        "Please upload the whole file again."),
    "The written story is empty.": lambda: gettext("The written story is empty."),
    "The server has run out of space; please try again later.":
        lambda: gettext("The server has run out of space; please try again later."),
    "This file is not plain text. Written stories must be .txt or .md files.":
        lambda: gettext("This file is not plain text. Written stories must be .txt or .md files."),
    "This text file is not UTF-8 text. Please save it as UTF-8 and try again.":
        lambda: gettext("This text file is not UTF-8 text. Please save it as UTF-8 and try again."),
    "That withdrawal code does not match any story. Please check it and try again.":
        lambda: gettext("That withdrawal code does not match any story. Please check it and try again."),
    "This story has already been withdrawn.": lambda: gettext("This story has already been withdrawn."),
    "Your recording did not finish uploading. Please choose it again.":
        lambda: gettext("Your recording did not finish uploading. Please choose it again."),
    "The photo seems to be damaged or cut off. Please choose it again.":
        lambda: gettext("The photo seems to be damaged or cut off. Please choose it again."),
    "The photo file is empty. Please choose it again.":
        lambda: gettext("The photo file is empty. Please choose it again."),
}
_PATTERNS: list[tuple[re.Pattern, Callable[[re.Match], str]]] = [
    (re.compile(r"This file is not a recording we can read, or it is damaged\. Please upload (.+)\.$"),
     lambda m: gettext("This file is not a recording we can read, or it is damaged. "
                       "Please upload %(formats)s.", formats=m[1])),
    (re.compile(r"This file is not a recording we accept\. Please upload (.+)\.$"),
     lambda m: gettext("This file is not a recording we accept. Please upload %(formats)s.", formats=m[1])),
    (re.compile(r"^The photo is too large: at most (\d+) megapixels\.$"),
     lambda m: gettext("The photo is too large: at most %(n)s megapixels.", n=m[1])),
    (re.compile(r"^The photo is too large\. The limit is (\d+) MB\.$"),
     lambda m: gettext("The photo is too large. The limit is %(mb)s MB.", mb=m[1])),
    (re.compile(r"^This file is not a photo we can read\. Please choose a (.+) image\.$"),
     lambda m: gettext("This file is not a photo we can read. Please choose a %(formats)s image.",
                       formats=m[1])),
    (re.compile(r"^The recording is too long: the limit is (\d+) hours\."),
     lambda m: gettext("The recording is too long: the limit is %(hours)s hours. "
                       "Please split it into shorter parts.", hours=m[1])),
    (re.compile(r"it holds only ([\d.]+) of ([\d.]+) seconds\."),
     lambda m: gettext("The recording seems to be cut off: it holds only %(got)s of %(total)s seconds. "
                       "Please upload the whole file again.", got=m[1], total=m[2])),
    (re.compile(r"it holds only (\d+)% of its data\."),
     lambda m: gettext("The recording seems to be cut off: it holds only %(percent)s%% of its data. "
                       "Please upload the whole file again.", percent=m[1])),
]


def core_message(message: str) -> str:
    """A core error message in the interface language; an unknown one stays as it is."""
    if message in _FIXED:
        return _FIXED[message]()
    for pattern, translate in _PATTERNS:
        if match := pattern.search(message):
            return translate(match)
    return message


#: What the error page says for each status, instead of Werkzeug's English defaults.
ERROR_TITLES = {400: lazy_gettext("Something was wrong with that request"),
                404: lazy_gettext("Page not found"),
                413: lazy_gettext("The file is too large"),
                429: lazy_gettext("Too many attempts")}
ERROR_TEXTS = {400: lazy_gettext("The form may have expired. Please go back, reload the page and try again."),
               404: lazy_gettext("We could not find that page. Please check the address."),
               429: lazy_gettext("Please wait a little while and try again.")}


def error_page(error):
    """The error page in the interface language; a 404 we raised ourselves keeps its own message."""
    code = error.code or 500
    own = code == 404 and error.description != type(error).description
    message = error.description if own else ERROR_TEXTS.get(code, error.description)
    # The technical reason (e.g. a missing CSRF token) stays visible, in English, for whoever helps them.
    detail = error.description if code == 400 and message != error.description else None
    return render_template("error.html", title=ERROR_TITLES.get(code, error.name), message=message,
                           detail=detail), code
