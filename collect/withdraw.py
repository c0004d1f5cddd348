"""The teller's own way out: withdraw a story with the private code."""

from __future__ import annotations

from flask import Blueprint, current_app, render_template, request
from flask_babel import gettext

from collect import get_store
from collect.i18n import translated
from stories.media_store import media_store
from stories.withdrawal import WithdrawalError, find_by_code, withdraw

bp = Blueprint("withdraw", __name__, url_prefix="/withdraw")


@bp.get("/")
@bp.get("/<code>")
def form(code: str = ""):
    """The code comes typed in, or in the private link given at upload."""
    return render_template("withdraw.html", code=request.args.get("code", code), error=None, error_field=None)


@bp.post("/")
def confirm():
    code = request.form.get("code", "").strip()
    if request.form.get("sure") != "yes":
        return render_template("withdraw.html", code=code, error_field="sure",
                               error=gettext("Please tick the box to confirm you want to withdraw it.")), 400
    store = get_store()
    try:
        story = find_by_code(store, code)
        withdraw(store, story["id"], "teller", media_store(current_app.config["STORIES"]))
    except WithdrawalError as exc:
        return render_template("withdraw.html", code=code, error_field="code",
                               error=translated(exc)), 404
    # The withdrawal put the story in the archive's outbox in its own transaction: the syncer takes
    # it out of the archive within seconds, whatever the job queue is doing.
    return render_template("withdrawn.html", story_id=story["id"])
