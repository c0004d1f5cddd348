"""Login for moderators and admins. The public form needs none."""

from __future__ import annotations

import functools
from urllib.parse import urlsplit

from flask import Blueprint, abort, g, redirect, render_template, request, session, url_for
from flask_babel import gettext

from collect import get_store
from stories.users import MODERATORS, authenticate, session_user

bp = Blueprint("auth", __name__)


@bp.before_app_request
def load_user() -> None:
    """The signed-in account as the store has it now: a removed account or a changed password or role
    ends the session at its next request."""
    g.user = None
    if "user" in session:
        g.user = session_user(get_store(), session["user"])
        if g.user is None:
            session.clear()


def safe_next(target: str) -> str | None:
    """``target`` if it is a path on this site, else None: never an open redirect.

    Browsers drop tabs and newlines and read a backslash as a slash, so "/", a tab, "/evil.example"
    leads off-site, as does "/", a backslash, "evil.example". Any of those, or a scheme or host, is
    refused.
    """
    if not target.startswith("/") or any(c <= " " or c == "\\" for c in target):
        return None
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or target.startswith("//"):
        return None
    return target


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
            role = session_user(get_store(), user)["role"]
            home = url_for("moderate.queue") if role in MODERATORS else url_for("upload.interview")
            return redirect(safe_next(request.args.get("next", "")) or home)
        error = gettext("That name and password do not match an account.")
    # The name stays filled in after a mistyped password; only the password is asked again.
    name = request.form.get("name", "")[:120] if error else ""
    return render_template("login.html", error=error, name=name), 401 if error else 200


@bp.post("/logout")
def logout():
    session.clear()
    return redirect(url_for("upload.form"))
