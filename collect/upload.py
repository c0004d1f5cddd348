"""The public upload form."""

from __future__ import annotations

from flask import Blueprint, current_app, redirect, render_template, request, session, url_for
from werkzeug.exceptions import RequestEntityTooLarge

from collect import get_queue, get_store
from collect.intake import CONSENT_SCOPES, FEELINGS, SELF_TAG_GROUP, Submission, receive
from stories import places
from stories.errors import BadUpload
from stories.probe import ACCEPTED

bp = Blueprint("upload", __name__)

LANGUAGES = [("", "Detect it for me"), ("en", "English"), ("es", "Spanish"), ("it", "Italian"),
             ("fi", "Finnish"), ("et", "Estonian"), ("sv", "Swedish"), ("nl", "Dutch"),
             ("hu", "Hungarian"), ("pl", "Polish")]


def render_form(error: str | None = None, status: int = 200, form=None):
    """The form, with an error message if the last attempt was refused."""
    settings = current_app.config["STORIES"]
    themes = [t for t in get_store().themes() if t["group"] == SELF_TAG_GROUP]
    # Suggestions only: a teller may type any place; an unknown one is published as text, not mapped.
    suggestions = [(p.name, places.describe(p)) for p in places.choices(places.gazetteer_path(settings.home))]
    html = render_template("upload.html", error=error, form=form or {}, languages=LANGUAGES,
                           accepted=ACCEPTED, max_mb=settings.max_upload_mb, themes=themes,
                           feelings=FEELINGS, places=suggestions,
                           chosen=set(form.getlist("self_tag")) if form else set())
    return html, status


@bp.get("/")
def form():
    return render_form()


@bp.post("/")
def submit():
    try:
        upload = request.files.get("recording")
        incoming = upload.stream if upload is not None and upload.filename else None
        if upload is not None and incoming is None:
            upload.stream.discard()  # the browser sends an empty part when no file is chosen
        submission = Submission(
            title=request.form.get("title", ""),
            language=request.form.get("language", ""),
            place=request.form.get("place", ""),
            consents={scope: request.form.get(f"consent_{scope}") == "yes" for scope in CONSENT_SCOPES},
            contact=request.form.get("contact", ""),
            filename=upload.filename if incoming else "",
            text=request.form.get("text", ""),
            teller_name=request.form.get("teller_name", ""),
            pseudonym=request.form.get("pseudonym", ""),
            self_tags=request.form.getlist("self_tag"),
            feeling=int(request.form["feeling"]) if request.form.get("feeling", "").isdigit() else None,
        )
        receipt = receive(get_store(), get_queue(), current_app.config["STORIES"], submission, incoming)
    except RequestEntityTooLarge:
        return too_large()
    except BadUpload as exc:
        return render_form(str(exc), exc.status, request.form)
    # Shown once, on the next page: the code is stored only as a hash.
    session["receipt"] = {"story_id": receipt.story_id, "code": receipt.withdrawal_code}
    return redirect(url_for("status.show", story_id=receipt.story_id), code=303)


@bp.app_errorhandler(RequestEntityTooLarge)
def too_large(error=None):
    mb = current_app.config["STORIES"].max_upload_mb
    return render_form(f"The file is too large. The limit is {mb} MB.", 413)
