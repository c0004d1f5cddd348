"""The coordinator's API for workers on other machines (``stories worker --remote``).

Token auth (``Authorization: Bearer``), JSON in and out, no cookies and no pages: nothing here is
for tellers, and CSRF does not apply (no browser holds a token). A worker claims a story's next
step and gets what the step reads (``stories.jobs``: never contact details, consents or the teller's
name), fetches the recording by a signed, expiring link, renews its lease while it works, and posts
its result, which is applied once through the store's compare-and-set (``Store.apply_once``). A
withdrawn or changed story, a lost lease or a revoked token refuses the result (409, 401).
"""

from __future__ import annotations

from flask import Blueprint, Response, abort, current_app, jsonify, redirect, request, send_file
from itsdangerous import BadSignature, URLSafeTimedSerializer

from collect import get_store
from stories import jobs
from stories.errors import StateConflict, StoriesError, StoryNotFound
from stories.media_store import PRESIGNED_SECONDS, media_store
from stories.model import State
from stories.privacy.teller import settle_teller_name
from stories.store.remote import owner_for

bp = Blueprint("api", __name__, url_prefix="/api/v1")
#: A media link works this long after the claim (the worker fetches it at once).
MEDIA_LINK_SECONDS = 600
WORKER = "worker"


def _token() -> str | None:
    scheme, _, token = request.headers.get("Authorization", "").partition(" ")
    return token.strip() if scheme.lower() == "bearer" and token.strip() else None


def _body() -> dict:
    body = request.get_json(silent=True)
    if not isinstance(body, dict) or not isinstance(body.get("story_id"), str):
        abort(_error("A JSON body with story_id is needed", 400))
    return body


def _error(message: str, status: int) -> Response:
    response = jsonify({"ok": False, "error": message})
    response.status_code = status
    return response


@bp.errorhandler(StoriesError)
def _stories_error(exc: StoriesError) -> Response:
    return _error(str(exc), 404 if isinstance(exc, StoryNotFound) else getattr(exc, "status", 400))


def _signer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt="stories-worker-media")


@bp.post("/jobs")
def claim() -> Response:
    """Claim the story's next step for this worker: the job, its lease and its media link, or job null."""
    settings, store = current_app.config["STORIES"], get_store()
    store.tokens.name_of(_token())  # an unknown token learns nothing, not even whether a story exists
    story_id = _body()["story_id"]
    story = store.get(story_id)
    step = jobs.step_for(story["state"])
    if step is None:
        return jsonify({"ok": True, "job": None, "state": story["state"]})
    before, doing = jobs.STEPS[step]
    with store.transaction():  # checked again in the claim's transaction: a revocation is never missed
        owner = owner_for(store.tokens.name_of(_token()))
        claimed = store.claim(story_id, (before, doing), doing, WORKER, owner, settings.lease_seconds)
    if not claimed:  # done already, or another worker holds it
        return jsonify({"ok": True, "job": None, "state": store.get(story_id)["state"]})
    job = jobs.job_for(settings, store, store.get(story_id), step)
    job.update(owner=owner, lease_seconds=settings.lease_seconds)
    if step == jobs.TRANSCRIBE and story["media_path"]:
        # Only to the lease holder, just claimed: from a bucket, a presigned link the worker uses at
        # once (it cannot be checked against the lease later, so it is short); else the coordinator's.
        job["media_url"] = (media_store(settings).link(story["media_path"], PRESIGNED_SECONDS)
                            or "media/" + _signer().dumps({"s": story_id, "o": owner}))
    return jsonify({"ok": True, "job": job})


@bp.get("/media/<signed>")
def media(signed: str) -> Response:
    """The recording, for the worker holding the story's transcription lease, until the link expires."""
    try:
        grant = _signer().loads(signed, max_age=MEDIA_LINK_SECONDS)
    except BadSignature:  # SignatureExpired is one
        return _error("This media link is not valid, or has expired", 403)
    store = get_store()
    story = store.get(grant["s"])
    # A story withdrawn or taken over since the link was made is not sent.
    if story["state"] != State.TRANSCRIBING or story["lease_owner"] != grant["o"] or not story["media_path"]:
        return _error("This story is no longer this worker's to transcribe", 409)
    media = media_store(current_app.config["STORIES"])
    if link := media.link(story["media_path"], PRESIGNED_SECONDS):  # in a bucket: fetched from there
        return redirect(link)
    return send_file(media.local_path(story["media_path"]), mimetype="application/octet-stream", max_age=0)


@bp.post("/lease")
def renew() -> Response:
    """Renew the lease (and note progress); 409 when it is no longer this worker's."""
    store, settings = get_store(), current_app.config["STORIES"]
    store.tokens.name_of(_token())
    body = _body()
    owner = str(body.get("owner") or "")
    with store.transaction():
        store.tokens.check_owner(_token(), owner)
        if not store.leases.renew(body["story_id"], owner, settings.lease_seconds):
            raise StateConflict("The lease is no longer this worker's: stop, the result would be refused")
        done, total = body.get("done"), body.get("total")
        if isinstance(done, int | float) and isinstance(total, int | float):
            store.set_progress(body["story_id"], done, total)
    return jsonify({"ok": True})


@bp.post("/results")
def result() -> Response:
    """Apply a step's result once: 200 (applied, or a repeat that changed nothing), 409, 401 or 400."""
    store, settings = get_store(), current_app.config["STORIES"]
    store.tokens.name_of(_token())  # a stranger learns nothing, not even what a result looks like
    body = _body()
    story_id, step, owner = body["story_id"], body.get("step"), str(body.get("owner") or "")
    if step not in jobs.STEPS or not isinstance(body.get("input_key"), str):
        return _error("step and input_key are needed", 400)
    seconds = float(body["seconds"]) if isinstance(body.get("seconds"), int | float) else 0.0

    def save() -> None:
        story = store.get(story_id)
        # The input it was made from must still be the story's (same media, model, codebook, text).
        if jobs.job_for(settings, store, story, step)["input_key"] != body["input_key"]:
            raise StateConflict(f"Story {story_id} changed since this job began; nothing was saved.")
        if failed := body.get("failed"):
            store.fail(story_id, str(failed.get("reason") or "failed"), WORKER, seconds, lease_owner=owner,
                       teller_reason=str(failed.get("teller_reason") or ""))
        elif step == jobs.TRANSCRIBE:
            store.save_transcript(story_id, jobs.transcript_from_json(body["transcript"]), WORKER, seconds,
                                  list(body.get("flags") or ()), lease_owner=owner)
        else:
            analysis = settle_teller_name(jobs.analysis_from_json(body["analysis"]), story,
                                          store.consents(story_id), store.segments(story_id))
            store.save_analysis(story_id, analysis, WORKER, seconds, lease_owner=owner)

    try:
        applied = store.apply_once(_token(), story_id, step, body["input_key"], owner, save)
    except (KeyError, TypeError, ValueError, AttributeError) as exc:  # rolled back: nothing landed
        return _error(f"A malformed result: {exc!r}", 400)
    return jsonify({"ok": True, "applied": applied})
