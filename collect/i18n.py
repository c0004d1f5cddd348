"""Interface languages: which locale a request gets, the switcher, and translated core messages.

The core (``stories/``) must not import Flask, so its errors carry a message id
(marked ``N_`` there) and its parameters, and are translated at this boundary.
"""

from __future__ import annotations

from urllib.parse import urlencode

from flask import Flask, has_request_context, render_template, request, session
from flask_babel import Babel, get_locale, gettext, lazy_gettext

from stories.errors import StoriesError

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
        "file_chosen": gettext("Chosen: {name} ({size})"),
    }


def translated(error: StoriesError) -> str:
    """A core error's message in the interface language: its message id translated, then filled in."""
    return gettext(error.message_id, **error.params)


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
