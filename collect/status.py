"""Status pages: where a story is in the flow, for the teller and for scripts."""

from __future__ import annotations

from flask import Blueprint, abort, jsonify, render_template, session
from werkzeug.exceptions import HTTPException

from collect import get_store
from stories.errors import StoryNotFound
from stories.model import UNFINISHED, State
from stories.report import percent

bp = Blueprint("status", __name__, url_prefix="/stories")

#: What each state means, in words a teller understands.
EXPLAINED = {
    State.RECEIVED: "We have your story. It is waiting to be transcribed.",
    State.TRANSCRIBING: "Your recording is being turned into text.",
    State.TRANSCRIBED: "The text is ready. We are finding its themes.",
    State.ANALYSING: "We are finding the themes in your story.",
    State.IN_REVIEW: "A moderator will read your story before anything is published.",
    State.APPROVED: "A moderator has approved your story.",
    State.PUBLISHED: "Your story is in the public archive.",
    State.REJECTED: "A moderator decided not to publish this story. It stays private.",
    State.WITHDRAWN: "This story has been withdrawn. Its content has been deleted.",
    State.FAILED: "Something went wrong with your story. Your file is kept safe.",
}


def public_view(story_id: str) -> dict:
    """What the status page may show: never contact details or consent evidence."""
    try:
        story = get_store().get(story_id)
    except StoryNotFound:
        abort(404, description="There is no story with that id.")
    state = State(story["state"])
    return {"id": story["id"], "title": story["title"], "kind": story["kind"], "state": state.value,
            "explained": EXPLAINED[state], "error": story["error"], "finished": state not in UNFINISHED,
            "progress": {"done": story["progress_done"], "total": story["progress_total"],
                         "percent": percent(story["progress_done"], story["progress_total"])},
            "created_at": story["created_at"], "updated_at": story["updated_at"]}


@bp.get("/<story_id>")
def show(story_id: str):
    story = public_view(story_id)
    receipt = session.pop("receipt", None)
    code = receipt["code"] if receipt and receipt["story_id"] == story_id else None
    return render_template("status.html", story=story, withdrawal_code=code)


@bp.get("/<story_id>.json")
def show_json(story_id: str):
    try:
        return jsonify({"ok": True, "story": public_view(story_id)})
    except HTTPException as exc:  # JSON clients get JSON errors, not the HTML page
        return jsonify({"ok": False, "error": exc.description}), exc.code
