"""Login for moderators and admins. The public form needs none."""

from __future__ import annotations

import functools

from flask import Blueprint, abort, g, redirect, render_template, request, session, url_for
from flask_babel import gettext

from collect import get_store
from stories.users import MODERATORS, authenticate

bp = Blueprint("auth", __name__)


@bp.before_app_request
def load_user() -> None:
    g.user = session.get("user")


def login_required(view=None, *, roles: tuple[str, ...] = MODERATORS):
    """Send anonymous visitors to the login page, and refuse accounts without one of ``roles``.

    Moderation is the default: a reporter's account records interviews and sees no one's stories.
    """
    if view is None:
        return functools.partial(login_required, roles=roles)

    @functools.wraps(view)
    def wrapped(**kwargs):
        if g.user is None:
            return redirect(url_for("auth.login", next=request.path))
        if g.user["role"] not in roles:
            abort(403)
        return view(**kwargs)

    return wrapped


@bp.route("/login", methods=["GET", "POST"])
def login():
    error = None
    if request.method == "POST":
        user = authenticate(get_store(), request.form.get("name", ""), request.form.get("password", ""))
        if user:
            session.clear()  # a fresh session at login: no fixation
            session["user"] = user
            target = request.args.get("next", "")
            # Only paths on this site: never an open redirect.
            home = url_for("moderate.queue") if user["role"] in MODERATORS else url_for("upload.interview")
            return redirect(target if target.startswith("/") and not target.startswith("//") else home)
        error = gettext("That name and password do not match an account.")
    return render_template("login.html", error=error), 401 if error else 200


@bp.post("/logout")
def logout():
    session.clear()
    return redirect(url_for("upload.form"))
