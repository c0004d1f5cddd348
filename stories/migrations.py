"""Schema of the working store, as an append-only list of migrations (sqlite-utils' ``Migrations``).

Never edit a migration that has shipped: add a new one at the end. ``stories.migrate`` applies them.
This module imports only sqlite-utils, so ``sqlite-utils migrate stories.db stories/migrations.py --list``
can read it too.
"""

from __future__ import annotations

import re

import sqlite_utils

MIGRATIONS = sqlite_utils.Migrations("stories")


@MIGRATIONS()
def m001_initial(db: sqlite_utils.Database) -> None:
    db["stories"].create(
        {
            "id": str,
            "title": str,
            "kind": str,
            "state": str,
            "error": str,
            "language": str,  # what the teller said; empty means detect
            "place": str,
            "body": str,  # written stories only
            "media_path": str,
            "media_sha256": str,
            "media_format": str,
            "media_bytes": int,
            "original_filename": str,
            "duration": float,
            "detected_language": str,
            "language_probability": float,
            "engine": str,
            "model": str,
            "codebook_version": str,
            "analysis_model": str,
            "created_at": str,
            "updated_at": str,
        },
        pk="id",
        not_null={"title", "kind", "state", "created_at"},
    )
    db["stories"].create_index(["state"])
    db["consents"].create(
        {"story_id": str, "scope": str, "granted": int, "consent_version": str, "recorded_at": str},
        pk=("story_id", "scope"),
        foreign_keys=[("story_id", "stories", "id")],
    )
    db["contacts"].create(
        {"story_id": str, "contact": str, "recorded_at": str},
        pk="story_id",
        foreign_keys=[("story_id", "stories", "id")],
    )
    db["segments"].create(
        {
            "story_id": str,
            "idx": int,
            "start": float,
            "end": float,
            "text": str,
            "avg_logprob": float,
            "no_speech_prob": float,
        },
        pk=("story_id", "idx"),
        foreign_keys=[("story_id", "stories", "id")],
    )
    db["themes"].create(
        {"id": str, "label": str, "description": str, "group": str}, pk="id"
    )
    db["tags"].create(
        {
            "story_id": str,
            "theme_id": str,
            "segment_idx": int,
            "matched": str,
            "sentence": str,
            "start": float,
            "end": float,
        },
        pk=("story_id", "theme_id", "segment_idx", "matched"),
        foreign_keys=[("story_id", "stories", "id")],
    )
    db["entities"].create(
        {"story_id": str, "segment_idx": int, "label": str, "text": str},
        pk=("story_id", "segment_idx", "label", "text"),
        foreign_keys=[("story_id", "stories", "id")],
    )
    db["events"].create(
        {
            "id": int,
            "story_id": str,
            "at": str,
            "actor": str,
            "action": str,
            "state": str,
            "detail": str,
            "seconds": float,
        },
        pk="id",
    )
    db["events"].create_index(["story_id"])


@MIGRATIONS()
def m002_consent_review_redaction(db: sqlite_utils.Database) -> None:
    stories = db["stories"]
    for column in ("teller_name", "pseudonym", "withdrawal_code_hash", "review_reason",
                   "reviewed_by", "reviewed_at", "published_at", "withdrawn_at"):
        stories.add_column(column, str)
    stories.create_index(["withdrawal_code_hash"], unique=True)
    db["users"].create(
        {"name": str, "password_hash": str, "role": str, "created_at": str}, pk="name",
        not_null={"password_hash", "role"},
    )
    db["words"].create(
        {"story_id": str, "segment_idx": int, "idx": int, "start": float, "end": float, "text": str},
        pk=("story_id", "segment_idx", "idx"),
        foreign_keys=[("story_id", "stories", "id")],
    )
    db["redactions"].create(
        {"story_id": str, "idx": int, "segment_idx": int, "start": int, "end": int, "text": str,
         "label": str, "status": str, "decided_by": str, "decided_at": str},
        pk=("story_id", "idx"),
        foreign_keys=[("story_id", "stories", "id")],
    )
    # A suggested tag stands unless a moderator rejects it; moderators can add their own.
    db["tags"].add_column("status", str, not_null_default="suggested")
    db["tags"].add_column("source", str, not_null_default="codebook")
    db["events"].add_column("before", str)
    db["events"].add_column("after", str)


@MIGRATIONS()
def m003_progress_and_flags(db: sqlite_utils.Database) -> None:
    # JSON lists: a segment's doubts (loop, silence...) and the story's (hallucination, language...).
    db["segments"].add_column("flags", str)
    db["stories"].add_column("flags", str)
    db["stories"].add_column("progress_done", float)
    db["stories"].add_column("progress_total", float)


@MIGRATIONS()
def m004_self_tags_and_framing(db: sqlite_utils.Database) -> None:
    # The teller's own view, kept apart from machine tags so the two can be compared.
    db["self_tags"].create({"story_id": str, "theme_id": str}, pk=("story_id", "theme_id"),
                           foreign_keys=[("story_id", "stories", "id")])
    db["stories"].add_column("feeling", int)  # 1 (very bad) to 5 (very good), as the teller felt it
    db["stories"].add_column("framing", str)
    db["tags"].add_column("codebook_version", str)


@MIGRATIONS()
def m005_codebook_for_the_archive(db: sqlite_utils.Database) -> None:
    # The archive's about page shows the codebook that assigned the themes: its
    # name and version, its groups, and each theme's phrases per language.
    db["codebook"].create({"key": str, "value": str}, pk="key")
    db["themes"].add_column("phrases", str)


@MIGRATIONS()
def m006_place_confirmed_by(db: sqlite_utils.Database) -> None:
    # Who confirmed the story's place from its entities, when the teller gave none. Empty: the
    # place is the teller's own, which no moderator may change or clear.
    db["stories"].add_column("place_confirmed_by", str)


@MIGRATIONS()
def m007_story_photo(db: sqlite_utils.Database) -> None:
    # A written story's optional photo, stored cleaned of metadata under media/ by its hash.
    # Kept apart from media_path: the recording is transcribed and published, the photo is not.
    db["stories"].add_column("photo_path", str)
    db["stories"].add_column("photo_sha256", str)


@MIGRATIONS()
def m008_campaigns_and_interviews(db: sqlite_utils.Database) -> None:
    # A campaign gathers stories around one question and place ("Getting into work, Valencia 2027"):
    # its prompts and places guide the teller; its codebook, when set, tags its stories.
    db["campaigns"].create(
        {"slug": str, "title": str, "description": str, "prompts": str, "places": str, "codebook": str,
         "created_by": str, "created_at": str, "closed_at": str},
        pk="slug",
    )
    db["stories"].add_column("campaign", str)
    # The reporter's account when a reporter recorded the story for its teller; empty: the teller sent it.
    db["stories"].add_column("collected_by", str)
    # Consent evidence in the teller's own words, taken on the reporter's device. Like contacts it never
    # leaves the working store; unlike them it is kept after a withdrawal, as proof of what was agreed.
    db["consent_statements"].create(
        {"story_id": str, "words": str, "collected_by": str, "recorded_at": str},
        pk="story_id", foreign_keys=[("story_id", "stories", "id")],
    )


@MIGRATIONS()
def m009_leases(db: sqlite_utils.Database) -> None:
    # Several workers share the queue: the one working on a story holds a lease on it (who, and until
    # when, as UTC ISO text) and renews it while it works; another takes the story over only once the
    # lease has run out, which is how a worker that died holding it is noticed.
    db["stories"].add_column("lease_owner", str)
    db["stories"].add_column("lease_until", str)


@MIGRATIONS()
def m010_archive_outbox_and_checks(db: sqlite_utils.Database) -> None:
    # The transactional outbox: a decision that changes what the archive may hold records "sync story
    # X" in the same transaction, so no decision is lost when the queue or a process is down. The
    # syncer deletes a row only if nobody queued the story again while it worked (version unchanged).
    db["archive_outbox"].create(
        {"story_id": str, "queued_at": str, "version": int, "attempts": int, "last_error": str},
        pk="story_id",
    )
    db["archive_outbox"].create_index(["queued_at"])
    # The last result of each standing check (`stories verify`), for `stories status`.
    db["checks"].create({"name": str, "at": str, "ok": int, "detail": str}, pk="name")


@MIGRATIONS()
def m011_session_tokens(db: sqlite_utils.Database) -> None:
    # A session names its account and this token; a new password, a new role or removing the account
    # changes or deletes it, which ends every session signed in with the old one.
    db["users"].add_column("session_token", str)


@MIGRATIONS()
def m012_edited_segments(db: sqlite_utils.Database) -> None:
    # A segment a moderator edited no longer says what its recording says: publishing silences the
    # words taken out or replaced, by their times (the words table keeps what Whisper heard).
    db["segments"].add_column("edited", int)


@MIGRATIONS()
def m013_approved_without_consent_kept_private(db: sqlite_utils.Database) -> None:
    # Before kept_private existed, approval put every story in `approved`; one whose teller did not
    # consent to publication stayed there, never published and never settled. It is kept private.
    db.execute("update stories set state = 'kept_private' where state = 'approved' and not exists "
               "(select 1 from consents where consents.story_id = stories.id and scope = 'publish' "
               "and granted = 1)")


@MIGRATIONS()
def m014_expected_word_error_rate(db: sqlite_utils.Database) -> None:
    # The share of words the chosen Whisper model is expected to get wrong in the story's language:
    # a weak language is flagged for the moderator, with this figure, instead of passing unnoticed.
    db["stories"].add_column("expected_wer", float)


@MIGRATIONS()
def m015_tag_confidence(db: sqlite_utils.Database) -> None:
    # "low" when only an everyday word in one sentence carries the theme ("my mum"): such a tag is
    # published only once a moderator accepts it. Older tags (null) count as high.
    db["tags"].add_column("confidence", str)


@MIGRATIONS()
def m016_framing_set_by_a_moderator(db: sqlite_utils.Database) -> None:
    # A moderator's reading of a story's framing stands over the machine's: re-tagging keeps it, and
    # the audit log keeps both, so corrections can become training data.
    db["stories"].add_column("framing_set_by", str)


@MIGRATIONS()
def m017_failure_codes(db: sqlite_utils.Database) -> None:
    # What a teller can do about a failure, as a code their status page explains in their language
    # (errors.StepFailed.teller_reason), instead of guessing it from the team's English reason.
    # Failures recorded before codes existed are classified once, by the words the pipeline used then.
    db["stories"].add_column("error_code", str)
    earlier = {"no_speech": re.compile(r"speech|silen", re.I),
               "unreadable": re.compile(r"damag|decod|could not read|invalid data|no audio|corrupt|truncat|"
                                        r"ffmpeg|av\.error", re.I)}
    for story_id, error in db.execute("select id, error from stories where state = 'failed'").fetchall():
        code = next((code for code, words in earlier.items() if words.search(error or "")), None)
        if code:
            db.execute("update stories set error_code = ? where id = ?", [code, story_id])


@MIGRATIONS()
def m018_remote_workers(db: sqlite_utils.Database) -> None:
    # Workers on other machines (issue 20): their tokens, kept only as sha256 (a token is 256 random
    # bits, so a plain hash is enough to make a stolen store useless for posting results), and the
    # results applied, one row per story, step and input, so a repeated post changes nothing.
    db["worker_tokens"].create({"name": str, "token_sha256": str, "created_at": str}, pk="name",
                               not_null={"token_sha256", "created_at"})
    db["worker_tokens"].create_index(["token_sha256"], unique=True)
    db["remote_results"].create({"story_id": str, "step": str, "input_key": str, "lease_owner": str,
                                 "applied_at": str}, pk=("story_id", "step", "input_key"))


@MIGRATIONS()
def m019_media_deletions(db: sqlite_utils.Database) -> None:
    # A withdrawn story's media, until they are deleted (issue 20): an object store may be unreachable
    # at the moment of withdrawal, and the story no longer names its files once withdrawn.
    db["media_deletions"].create({"name": str, "queued_at": str, "attempts": int, "last_error": str},
                                 pk="name", not_null={"queued_at"})


@MIGRATIONS()
def m020_theme_labels(db: sqlite_utils.Database) -> None:
    # A theme's label in each language of the archive (issue 19), from the codebook. Added here, not by
    # upsert's alter=True: two workers starting together would both alter the table, and one of them
    # would fail on the lock.
    if "labels" not in db["themes"].columns_dict:
        db["themes"].add_column("labels", str)
