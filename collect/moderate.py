"""The moderation area: review queue, listen and read, correct, redact, approve or reject.

Every change goes through ``stories.review`` (one transaction with its audit
entry), then the story is queued so the worker brings the archive in line.
"""

from __future__ import annotations

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    g,
    redirect,
    render_template,
    request,
    url_for,
)
from markupsafe import Markup

from collect import audit, get_queue, get_store
from collect.auth import login_required
from collect.media_send import send_media
from collect.upload import LANGUAGES
from stories import review, review_text
from stories.errors import StoriesError, StoryNotFound
from stories.model import State
from stories.report import agreement
from stories.states import REOPENABLE

bp = Blueprint("moderate", __name__, url_prefix="/moderate")
bp.add_app_template_filter(audit.state_words, "state_words")


@bp.get("/")
@login_required
def queue():
    store = get_store()
    recent = store.all(REOPENABLE)[:20]
    return render_template("moderate/queue.html", waiting=review.review_queue(store), recent=recent,
                           failed=store.all([State.FAILED]))


def _story(story_id: str) -> dict:
    try:
        return get_store().get(story_id)
    except StoryNotFound:
        abort(404, description="There is no story with that id.")


@bp.get("/<story_id>")
@login_required
def story(story_id: str):
    store = get_store()
    s = _story(story_id)
    return render_template(
        "moderate/story.html", story=s, consents=store.consents(story_id),
        consent_words=next(iter(store.rows("consent_statements", story_id)), None),
        segments=store.segments(story_id), tags=sorted(store.rows("tags", story_id),
                                                       key=lambda t: (t["segment_idx"], t["theme_id"])),
        redactions=sorted(store.rows("redactions", story_id), key=lambda r: (r["segment_idx"], r["start"])),
        themes=store.themes(), events=[audit.readable(e) for e in store.events(story_id)],
        editable=s["state"] == State.IN_REVIEW, public_page=public_page(story_id),
        agreement=agreement(store, story_id),
        # Offered only when the teller gave no place: theirs is never replaced.
        place_suggestions=[] if (s["place"] or "").strip() else review.place_suggestions(store, story_id),
        reopenable=State(s["state"]) in review.REOPENABLE, redact_labels=review_text.LABELS,
        retriable=State(s["state"]) in review.RETRIABLE, language_names=_language_names(s),
        editable_fields=list(review_text.EDITABLE_FIELDS), where=review.where)


def _language_names(story) -> dict[str, str]:
    """Code -> name of the story languages, with the story's own (a detected "ca", say) if it is another."""
    names = {code: str(name) for code, name in LANGUAGES if code}
    for code in (story["language"], story["detected_language"]):
        if code and code not in names:
            names[code] = code
    return names


@bp.get("/<story_id>/media")
@login_required
def media(story_id: str):
    s = _story(story_id)
    if not s["media_path"]:
        abort(404, description="This story has no recording.")
    # Range requests are answered, so the player can seek.
    return send_media(s["media_path"])


@bp.get("/<story_id>/photo")
@login_required
def photo(story_id: str):
    """The photo sent with a written story: for moderators only, never published."""
    s = _story(story_id)
    if not s["photo_path"]:
        abort(404, description="This story has no photo.")
    response = send_media(s["photo_path"])
    # A teller's photo must not linger in shared caches.
    response.headers["Cache-Control"] = "private, no-store"
    return response


@bp.post("/<story_id>/<action>")
@login_required
def act(story_id: str, action: str):
    """One form post per action; the moderator comes back to the story's page."""
    _story(story_id)
    store, actor, form = get_store(), g.user["name"], request.form
    actions = {
        "segment": lambda: review_text.edit_segment(store, story_id, int(form["idx"]), form["text"],
                                                    actor),
        "redact-words": lambda: review_text.redact_words(store, story_id, int(form["idx"]), form["words"],
                                                         form["label"], actor),
        "field": lambda: review_text.edit_field(store, story_id, form["field"], form["value"], actor),
        "tag": lambda: review.set_tag_status(store, story_id, form["theme_id"], int(form["segment_idx"]),
                                             form["matched"], form["status"], actor),
        "add-tag": lambda: review.add_tag(store, story_id, form["theme_id"], int(form["segment_idx"]), actor),
        "framing": lambda: review.set_framing(store, story_id, form["framing"], actor),
        "redaction": lambda: review.set_redaction_status(store, story_id, int(form["idx"]), form["status"],
                                                         actor),
        "approve": lambda: review.approve(store, story_id, actor),
        "reject": lambda: review.reject(store, story_id, actor, form.get("reason", "")),
        "reopen": lambda: review.reopen(store, story_id, actor),
        "retry": lambda: review.retry(store, story_id, actor, form.get("language")),
        "place": lambda: review.confirm_place(store, story_id, form["place"], actor),
        "clear-place": lambda: review.clear_place(store, story_id, actor),
    }
    if action not in actions:
        abort(404)
    try:
        actions[action]()
    except (StoriesError, KeyError, ValueError) as exc:
        flash(str(exc) if isinstance(exc, StoriesError) else "That form was incomplete.", "error")
        return redirect(url_for("moderate.story", story_id=story_id), code=303)
    if action == "retry":
        get_queue().offer(story_id)  # if the queue is down, a worker finds the story in the store later
    if action in ("approve", "reject", "reopen", "retry"):
        # Approve, reject and reopen put the story in the archive's outbox in the same transaction;
        # the syncer publishes it or takes it out, never waiting behind a transcription.
        done = {"approve": "Story approved.", "reject": "Story rejected.",
                "reopen": "Story reopened for review.", "retry": "Story queued to be processed again."}
        going_public = action == "approve" and store.get(story_id)["state"] == State.APPROVED
        message = Markup.escape(done[action])
        if going_public:
            # A link the moderator can follow to see what the public now sees, not an address to copy.
            message += Markup(' Its public page: <a href="{0}" id="published-link">{0}</a>').format(
                public_page(story_id))
        flash(message, "ok")
        return redirect(url_for("moderate.queue"), code=303)
    flash("Saved.", "ok")
    # Back to the segment just saved, not the top of the list (the player is sticky above it).
    segment = form.get("idx") if action in ("segment", "redact-words") else None
    anchor = f"seg-{segment}" if segment else {"clear-place": "place", "field": "fields"}.get(action, action)
    return redirect(url_for("moderate.story", story_id=story_id) + f"#{anchor}", code=303)


def public_page(story_id: str) -> str:
    """Where the archive shows a story (the syncer publishes an approved one within seconds)."""
    return f"{current_app.config['STORIES'].archive_url}/stories/{story_id}"
