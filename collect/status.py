"""Status pages: where a story is in the flow, for the teller and for scripts."""

from __future__ import annotations

from flask import Blueprint, abort, current_app, jsonify, make_response, render_template, request
from flask_babel import gettext, lazy_gettext
from werkzeug.exceptions import HTTPException

from collect import get_store, receipts
from collect.i18n import LOCALES
from stories.errors import StoryNotFound
from stories.model import State
from stories.report import percent
from stories.states import SETTLED, UNFINISHED
from stories.withdrawal import WithdrawalError, find_by_code

bp = Blueprint("status", __name__, url_prefix="/stories")

#: What each state means, in words a teller understands (lazy: translated when shown).
EXPLAINED = {
    State.RECEIVED: lazy_gettext("We have your story. It is waiting to be transcribed."),
    State.TRANSCRIBING: lazy_gettext("Your recording is being turned into text."),
    State.TRANSCRIBED: lazy_gettext("The text is ready. We are finding its themes."),
    State.ANALYSING: lazy_gettext("We are finding the themes in your story."),
    State.IN_REVIEW: lazy_gettext("A moderator will read your story before anything is published."),
    State.APPROVED: lazy_gettext("A moderator has approved your story. It is being added to the public "
                                 "archive."),
    State.KEPT_PRIVATE: lazy_gettext("A moderator has approved your story. As you asked, it is not "
                                     "published: it stays private."),
    State.PUBLISHED: lazy_gettext("Your story is in the public archive."),
    State.REJECTED: lazy_gettext("A moderator decided not to publish this story. It stays private."),
    State.WITHDRAWN: lazy_gettext("This story has been withdrawn. Its content has been deleted."),
    State.FAILED: lazy_gettext("Something went wrong with your story. Your file is kept safe: the project "
                               "team can see the problem and process it again. You do not need to send it "
                               "again."),
}
#: Why a story failed, in words a teller understands and with what they can do, by the code the
#: pipeline recorded (``StepFailed.teller_reason``); its own message is English, for the team.
FAILURES = {
    "no_speech": lazy_gettext("We could not hear anyone speaking in your recording. Please check that the "
                              "microphone was on and not covered, then send the story again."),
    "unreadable": lazy_gettext("We could not read the sound in your file: it may be damaged or cut short. If "
                               "you still have the recording, please send it again, or save it as MP3 or M4A "
                               "first."),
}
#: Anything else is ours to fix (a model missing, a bug): the teller need not do anything.
ON_OUR_SIDE = EXPLAINED[State.FAILED]


def failure_reason(code: str | None) -> str:
    """The teller's explanation of a failure, in the interface language."""
    return str(FAILURES.get(code or "", ON_OUR_SIDE))


#: The state's name as the teller reads it; scripts keep the stable ``state`` value.
LABELS = {
    State.RECEIVED: lazy_gettext("received"),
    State.TRANSCRIBING: lazy_gettext("transcribing"),
    State.TRANSCRIBED: lazy_gettext("transcribed"),
    State.ANALYSING: lazy_gettext("analysing"),
    State.IN_REVIEW: lazy_gettext("in review"),
    State.APPROVED: lazy_gettext("approved"),
    State.KEPT_PRIVATE: lazy_gettext("approved, kept private"),
    State.PUBLISHED: lazy_gettext("published"),
    State.REJECTED: lazy_gettext("not published"),
    State.WITHDRAWN: lazy_gettext("withdrawn"),
    State.FAILED: lazy_gettext("failed"),
}


def _story(story_id: str) -> dict:
    try:
        return get_store().get(story_id)
    except StoryNotFound:
        abort(404, description=gettext("There is no story with that id."))


def public_view(story: dict) -> dict:
    """What anyone with the story's id may see: its state and, once published, its archive link.

    A published story's id is its public permalink, so nothing here may say more than the archive
    does: no title, no error, no dates (the teller's own page adds those: ``private_view``).
    """
    state = State(story["state"])
    label = str(LABELS[state])
    return {"id": story["id"], "state": state.value, "label": label[:1].upper() + label[1:],  # a heading
            "explained": (failure_reason(story["error_code"]) if state == State.FAILED
                          else str(EXPLAINED[state])),
            "finished": state not in UNFINISHED,
            # Nothing more will happen by itself: the page can stop asking.
            "settled": state in SETTLED,
            "progress": {"done": story["progress_done"], "total": story["progress_total"],
                         "percent": percent(story["progress_done"], story["progress_total"])},
            "archive_link": (f"{current_app.config['STORIES'].archive_url}/stories/{story['id']}"
                             if state == State.PUBLISHED else None)}


def private_view(story: dict) -> dict:
    """The teller's own view (their private link, or the page right after sending): their story too."""
    # A withdrawn story's title is deleted with its words: the store keeps a placeholder, not for a heading.
    title = None if story["state"] == State.WITHDRAWN else story["title"]
    return {**public_view(story), "title": title, "kind": story["kind"], "error": story["error"],
            "created_at": story["created_at"], "updated_at": story["updated_at"]}


@bp.get("/<story_id>")
def show(story_id: str):
    # Right after sending, the teller sees their story and code once (and again in the language they
    # switch to, without the code in any address); anyone else, its state.
    switching = request.args.get("lang") in LOCALES
    story, code = _story(story_id), receipts.take(story_id, switching_language=switching)
    story = private_view(story) if code else public_view(story)
    response = make_response(render_template("status.html", story=story, withdrawal_code=code))
    response.headers["Cache-Control"] = "private, no-store"
    return response


@bp.get("/mine/<code>")
def mine(code: str):
    """The teller's private, bookmarkable page: their story's progress, and the way to withdraw it."""
    try:
        story = find_by_code(get_store(), code)
    except WithdrawalError:
        abort(404, description=gettext("That private link does not match any story. Please check it."))
    response = make_response(render_template("status.html", story=private_view(story), private_code=code))
    # The code is in the address: keep it out of Referer headers and shared caches.
    response.headers["Referrer-Policy"] = "no-referrer"
    response.headers["Cache-Control"] = "private, no-store"
    return response


@bp.get("/<story_id>.json")
def show_json(story_id: str):
    try:
        return jsonify({"ok": True, "story": public_view(_story(story_id))})
    except HTTPException as exc:  # JSON clients get JSON errors, not the HTML page
        return jsonify({"ok": False, "error": exc.description}), exc.code


@bp.get("/mine/<code>.json")
def mine_json(code: str):
    """The private page's live updates."""
    try:
        story = find_by_code(get_store(), code)
    except WithdrawalError:
        return jsonify({"ok": False, "error": gettext("That private link does not match any story.")}), 404
    response = jsonify({"ok": True, "story": private_view(story)})
    response.headers["Referrer-Policy"] = "no-referrer"
    response.headers["Cache-Control"] = "private, no-store"
    return response
