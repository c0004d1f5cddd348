"""Login for moderators and admins. The public form needs none."""

from __future__ import annotations

import functools

from flask import Blueprint, abort, g, redirect, render_template, request, session, url_for

from collect import get_store
from stories.users import authenticate

bp = Blueprint("auth", __name__)


@bp.before_app_request
def load_user() -> None:
    g.user = session.get("user")


def login_required(view=None, *, role: str | None = None):
    """Send anonymous visitors to the login page; ``role='admin'`` also checks the role."""
    if view is None:
        return functools.partial(login_required, role=role)

    @functools.wraps(view)
    def wrapped(**kwargs):
        if g.user is None:
            return redirect(url_for("auth.login", next=request.path))
        if role and g.user["role"] != role:
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
            return redirect(target if target.startswith("/") and not target.startswith("//")
                            else url_for("moderate.queue"))
        error = "That name and password do not match an account."
    return render_template("login.html", error=error), 401 if error else 200


@bp.post("/logout")
def logout():
    session.clear()
    return redirect(url_for("upload.form"))
