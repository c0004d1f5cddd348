"""The public upload form."""

from __future__ import annotations

from flask import Blueprint, current_app, redirect, render_template, request, session, url_for
from flask_babel import gettext, lazy_gettext
from werkzeug.exceptions import RequestEntityTooLarge

from collect import get_queue, get_store, tus
from collect.i18n import core_message, current_locale
from collect.intake import CONSENT_SCOPES, FEELINGS, SELF_TAG_GROUP, Submission, receive
from stories import places
from stories.errors import BadUpload
from stories.photos import MAX_PHOTO_BYTES
from stories.probe import ACCEPTED
from stories.settings import MB

bp = Blueprint("upload", __name__)

LANGUAGES = [("", lazy_gettext("Detect it for me")), ("en", lazy_gettext("English")),
             ("es", lazy_gettext("Spanish")), ("it", lazy_gettext("Italian")),
             ("fi", lazy_gettext("Finnish")), ("et", lazy_gettext("Estonian")),
             ("sv", lazy_gettext("Swedish")), ("nl", lazy_gettext("Dutch")),
             ("hu", lazy_gettext("Hungarian")), ("pl", lazy_gettext("Polish"))]


def render_form(error: str | None = None, status: int = 200, form=None, error_field: str | None = None):
    """The form, with an error message (linked to the field it is about) if the last attempt was refused."""
    settings = current_app.config["STORIES"]
    themes = [t for t in get_store().themes() if t["group"] == SELF_TAG_GROUP]
    # Suggestions only: a teller may type any place; an unknown one is published as text, not mapped.
    suggestions = [(p.name, places.describe(p)) for p in places.choices(places.gazetteer_path(settings.home))]
    # The story's language defaults to the interface language, so transcription follows it.
    html = render_template("upload.html", error=error, form=form or {}, languages=LANGUAGES,
                           error_field=error_field, default_language=current_locale(),
                           accepted=ACCEPTED, max_mb=settings.max_upload_mb, themes=themes,
                           feelings=FEELINGS, places=suggestions,
                           photo_max_mb=MAX_PHOTO_BYTES // MB,
                           chosen=set(form.getlist("self_tag")) if form else set(),
                           tus_token=tus.issue_token(), tus_chunk=current_app.config["TUS_CHUNK_BYTES"])
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
        filename = upload.filename if incoming else ""
        if incoming is None and (upload_id := request.form.get("recording_upload", "")):
            # upload.js sent the recording ahead, resumably (collect/tus.py); the same intake takes it.
            incoming, filename = tus.claim(current_app.config["STORIES"], upload_id)
        submission = Submission(
            title=request.form.get("title", ""),
            language=request.form.get("language", ""),
            place=request.form.get("place", ""),
            consents={scope: request.form.get(f"consent_{scope}") == "yes" for scope in CONSENT_SCOPES},
            contact=request.form.get("contact", ""),
            filename=filename,
            text=request.form.get("text", ""),
            teller_name=request.form.get("teller_name", ""),
            pseudonym=request.form.get("pseudonym", ""),
            self_tags=request.form.getlist("self_tag"),
            feeling=int(request.form["feeling"]) if request.form.get("feeling", "").isdigit() else None,
        )
        photo = request.files.get("photo")  # optional, with a written story
        photo_stream = photo.stream if photo is not None and photo.filename else None
        if photo is not None and photo_stream is None:
            photo.stream.discard()
        receipt = receive(get_store(), get_queue(), current_app.config["STORIES"], submission, incoming,
                          photo=photo_stream)
    except RequestEntityTooLarge:
        return too_large()
    except BadUpload as exc:
        # Core refusals are about the recording; intake's own name their field (or None).
        field = getattr(exc, "field", "recording")
        return render_form(core_message(str(exc)), exc.status, request.form, field)
    # Shown once, on the next page: the code is stored only as a hash.
    session["receipt"] = {"story_id": receipt.story_id, "code": receipt.withdrawal_code}
    return redirect(url_for("status.show", story_id=receipt.story_id), code=303)


@bp.app_errorhandler(RequestEntityTooLarge)
def too_large(error=None):
    mb = current_app.config["STORIES"].max_upload_mb
    return render_form(gettext("The file is too large. The limit is %(mb)s MB.", mb=mb), 413,
                       error_field="recording")
