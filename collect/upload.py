"""The public upload form."""

from __future__ import annotations

from flask import Blueprint, abort, current_app, g, redirect, render_template, request, url_for
from flask_babel import gettext, lazy_gettext
from werkzeug.exceptions import RequestEntityTooLarge

from collect import get_queue, get_store, receipts, tus
from collect.auth import login_required
from collect.i18n import current_locale, translated
from stories import places
from stories.campaigns import CampaignError, open_campaign
from stories.errors import N_, BadUpload, StorageFull
from stories.intake import CONSENT_SCOPES, Submission, receive, refused
from stories.languages import label_in
from stories.model import SERVICE_AREA_GROUP
from stories.photos import MAX_PHOTO_BYTES
from stories.probe import ACCEPTED
from stories.settings import MB
from stories.users import ROLES

bp = Blueprint("upload", __name__)

LANGUAGES = [("", lazy_gettext("Detect it for me")), ("en", lazy_gettext("English")),
             ("es", lazy_gettext("Spanish")), ("it", lazy_gettext("Italian")),
             ("fi", lazy_gettext("Finnish")), ("et", lazy_gettext("Estonian")),
             ("sv", lazy_gettext("Swedish")), ("nl", lazy_gettext("Dutch")),
             ("hu", lazy_gettext("Hungarian")), ("pl", lazy_gettext("Polish"))]
#: How it felt (intake's FEELINGS), named in the teller's language.
FEELING_LABELS = {1: lazy_gettext("Very bad"), 2: lazy_gettext("Bad"), 3: lazy_gettext("Mixed"),
                  4: lazy_gettext("Good"), 5: lazy_gettext("Very good")}


def offered_languages() -> list[tuple[str, object]]:
    """The story languages an installed Whisper model can transcribe (``stories serve`` says which)."""
    installed = current_app.config.get("STORY_LANGUAGES")  # None: not told, so every story language
    return [(code, name) for code, name in LANGUAGES if not code or installed is None or code in installed]


def render_form(error: str | None = None, status: int = 200, form=None, error_field: str | None = None):
    """The form, with an error message (linked to the field it is about) if the last attempt was refused."""
    settings = current_app.config["STORIES"]
    # Each service in the form's language, as the codebook names it there.
    themes = [{**t, "label": label_in(t["label"], t.get("labels"), current_locale())}
              for t in get_store().themes() if t["group"] == SERVICE_AREA_GROUP]
    campaign = g.get("campaign")
    if campaign and campaign.places:  # the campaign's own places, named as its reporters wrote them
        suggestions = [(name, name) for name in campaign.places]
    else:  # suggestions only: a teller may type any place; an unknown one is published as text, not mapped
        gazetteer = places.choices(places.gazetteer_path(settings.home))
        suggestions = [(p.name, places.describe(p)) for p in gazetteer]
    # The story's language defaults to the interface language, so transcription follows it.
    html = render_template("upload.html", error=error, form=form or {}, languages=offered_languages(),
                           error_field=error_field, default_language=current_locale(),
                           accepted=ACCEPTED, max_mb=settings.max_upload_mb, themes=themes,
                           feelings=FEELING_LABELS, places=suggestions, campaign=campaign,
                           interview=g.get("interview", False),
                           photo_max_mb=MAX_PHOTO_BYTES // MB,
                           chosen=set(form.getlist("self_tag")) if form else set(),
                           tus_token=tus.issue_token(), tus_chunk=current_app.config["TUS_CHUNK_BYTES"])
    return html, status


@bp.url_value_preprocessor
def campaign_and_mode(endpoint, values) -> None:
    """``/c/<slug>`` files the story under a campaign; ``…/interview``: a reporter records for a teller."""
    g.interview = request.path.rstrip("/").endswith("/interview")
    slug = (values or {}).pop("slug", None)
    if slug is not None:
        try:
            g.campaign = open_campaign(get_store(), slug)
        except CampaignError:
            abort(404, description=gettext("This campaign has closed or does not exist. You can still share "
                                           "your story on the main form."))


@bp.before_request
def reporters_only():
    """Interviews need a reporter's account: the story records who collected it."""
    if g.interview:
        return login_required(lambda: None, roles=ROLES)()


@bp.get("/")
@bp.get("/c/<slug>")
@bp.get("/interview", endpoint="interview")
@bp.get("/c/<slug>/interview", endpoint="interview")
def form():
    return render_form()


@bp.post("/")
@bp.post("/c/<slug>")
@bp.post("/interview", endpoint="interview_submit")
@bp.post("/c/<slug>/interview", endpoint="interview_submit")
def submit():
    campaign = g.get("campaign")
    try:
        if request.form.get("language", "").strip().lower() not in dict(offered_languages()):
            # Before a resumable upload is claimed, so the teller can pick another and send it again.
            raise refused(N_("Stories in that language cannot be transcribed here yet: please "
                             "choose another language, or “Detect it for me”."), "language")
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
            campaign=campaign.slug if campaign else "",
            collected_by=g.user["name"] if g.interview else "",
            consent_words=request.form.get("consent_words", "") if g.interview else "",
        )
        photo = request.files.get("photo")  # optional, with a written story
        photo_stream = photo.stream if photo is not None and photo.filename else None
        if photo is not None and photo_stream is None:
            photo.stream.discard()
        receipt = receive(get_store(), get_queue(), current_app.config["STORIES"], submission, incoming,
                          actor=g.user["name"] if g.interview else "teller", photo=photo_stream)
    except RequestEntityTooLarge:
        return too_large()
    except BadUpload as exc:
        # Core refusals are about the recording; intake's own name their field (or None).
        field = getattr(exc, "field", "recording")
        return render_form(translated(exc), exc.status, request.form, field)
    # Shown once, on the next page: the code is stored only as a hash, and sealed in the session.
    receipts.hand_over(receipt.story_id, receipt.withdrawal_code)
    return redirect(url_for("status.show", story_id=receipt.story_id), code=303)


@bp.app_errorhandler(RequestEntityTooLarge)
def too_large(error=None):
    mb = current_app.config["STORIES"].max_upload_mb
    return render_form(gettext("The file is too large. The limit is %(mb)s MB.", mb=mb), 413,
                       error_field="recording")


@bp.app_errorhandler(StorageFull)
def out_of_space(error: StorageFull):
    """The disk filled up while the form was read (CSRF reads it before any view runs): 507, try later."""
    return render_form(translated(error), error.status, error_field="recording")
