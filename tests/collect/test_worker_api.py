"""The coordinator's API for remote workers: tokens, what a job carries, and results applied once.

Flask's test client against a real store; the steps' results are made by hand here (the real
workers, with Whisper, are tests/wiring/test_remote_workers.py).
"""

from collections import Counter

import pytest

from stories import jobs
from stories.intake import Submission, receive_path
from stories.model import Analysis, Redaction, Segment, State, Theme, ThemeTag, Transcript
from stories.queue import JobQueue
from stories.withdrawal import withdraw

CANARY_CONTACT = "canary-contact-7731@example.org"
CANARY_NAME = "Zebedee Quillfeather"


@pytest.fixture
def token(store):
    return store.tokens.add("w1")


@pytest.fixture
def story_id(tmp_path, store, settings, speech):
    """A recorded story whose teller gave a contact and a name, and asked to stay anonymous."""
    submission = Submission(title="Rent", language="en", consents={"publish": True},
                            contact=CANARY_CONTACT, teller_name=CANARY_NAME)
    return receive_path(store, JobQueue(settings), settings, speech("librivox-0870.wav"), submission).story_id


def call(client, path, token, **body):
    return client.post(f"/api/v1/{path}", json=body, headers={"Authorization": f"Bearer {token}"})


def transcript():
    return Transcript([Segment(0, "I am Zebedee and the rent went up.", 0.0, 2.0)], "en", 0.99, 2.0,
                      "faster-whisper", "tiny.en")


def post_transcript(client, token, job, **extra):
    return call(client, "results", token, story_id=job["story"]["id"], step="transcribe", owner=job["owner"],
                input_key=job["input_key"], transcript=jobs.transcript_to_json(transcript()), flags=[],
                **extra)


def test_tokens_are_stored_hashed_and_unknown_or_revoked_ones_get_401(client, store, token, story_id):
    assert token not in str(list(store.db["worker_tokens"].rows))
    assert call(client, "jobs", "nonsense", story_id=story_id).status_code == 401
    assert call(client, "jobs", "", story_id="no-such-story").status_code == 401  # learns nothing
    assert client.post("/api/v1/jobs", json={"story_id": story_id}).status_code == 401
    assert "Set-Cookie" not in call(client, "jobs", "nonsense", story_id=story_id).headers
    store.tokens.remove("w1")
    assert call(client, "jobs", token, story_id=story_id).status_code == 401
    assert store.get(story_id)["state"] == State.RECEIVED


def test_a_job_carries_what_the_step_reads_and_no_contact_consent_or_name(client, store, token, story_id):
    response = call(client, "jobs", token, story_id=story_id)
    assert response.status_code == 200 and "Set-Cookie" not in response.headers
    job = response.get_json()["job"]
    text = response.get_data(as_text=True)
    for secret in (CANARY_CONTACT, "canary-contact", CANARY_NAME, "Zebedee", "consent", "withdrawal"):
        assert secret not in text
    assert set(job["story"]) == set(jobs.STORY_FIELDS)
    assert job["story"]["language"] == "en" and job["settings"]["beam_size"] == 5
    assert job["step"] == "transcribe" and job["owner"].startswith("remote:w1:")
    assert store.get(story_id)["state"] == State.TRANSCRIBING
    # Held: a second claim gets nothing.
    assert call(client, "jobs", token, story_id=story_id).get_json()["job"] is None
    media = client.get(f"/api/v1/{job['media_url']}")
    assert media.status_code == 200 and media.data[:4] == b"RIFF"
    assert client.get(f"/api/v1/{job['media_url']}x").status_code == 403  # tampered


def test_a_result_is_applied_once_and_a_repeat_changes_nothing(client, store, token, story_id):
    job = call(client, "jobs", token, story_id=story_id).get_json()["job"]
    renewed = call(client, "lease", token, story_id=story_id, owner=job["owner"], done=1.0, total=2.0)
    assert renewed.status_code == 200
    assert store.get(story_id)["progress_done"] == 1.0
    first = post_transcript(client, token, job)
    assert first.status_code == 200 and first.get_json()["applied"] is True
    again = post_transcript(client, token, job)
    assert again.status_code == 200 and again.get_json()["applied"] is False
    story = store.get(story_id)
    assert story["state"] == State.TRANSCRIBED and story["lease_owner"] is None
    assert Counter(e["action"] for e in store.events(story_id))["transcribed"] == 1
    assert len(store.rows("segments", story_id)) == 1
    # The next step: the analysis, with the transcript; the coordinator redacts the hidden teller's name.
    job = call(client, "jobs", token, story_id=story_id).get_json()["job"]
    assert job["step"] == "analyse" and job["segments"][0]["text"].startswith("I am Zebedee")
    analysis = Analysis([ThemeTag("housing", 0, "rent", "the rent went up.")], [],
                        [Theme("housing", "Housing")], "1", "test")
    body = dict(story_id=story_id, step="analyse", owner=job["owner"], input_key=job["input_key"],
                analysis=jobs.analysis_to_json(analysis))
    assert call(client, "results", token, **body).get_json()["applied"] is True
    assert call(client, "results", token, **body).get_json()["applied"] is False
    assert store.get(story_id)["state"] == State.IN_REVIEW
    assert [(r["text"], r["label"]) for r in store.rows("redactions", story_id)] == [("Zebedee", "name")]
    assert len(store.rows("tags", story_id)) == 1


def test_a_story_withdrawn_mid_job_stays_withdrawn_and_the_result_is_refused(client, store, settings, token,
                                                                            story_id):
    job = call(client, "jobs", token, story_id=story_id).get_json()["job"]
    withdraw(store, story_id, "teller", settings.media_dir)
    assert call(client, "lease", token, story_id=story_id, owner=job["owner"]).status_code == 409
    assert client.get(f"/api/v1/{job['media_url']}").status_code == 409
    assert post_transcript(client, token, job).status_code == 409
    assert store.get(story_id)["state"] == State.WITHDRAWN
    assert store.rows("segments", story_id) == []


def test_a_revoked_token_is_refused_mid_job_and_its_lease_ends(client, store, token, story_id):
    job = call(client, "jobs", token, story_id=story_id).get_json()["job"]
    store.tokens.remove("w1")
    assert call(client, "lease", token, story_id=story_id, owner=job["owner"]).status_code == 401
    assert post_transcript(client, token, job).status_code == 401
    story = store.get(story_id)
    assert story["state"] == State.TRANSCRIBING and store.rows("segments", story_id) == []
    assert store.leases.unleased([State.TRANSCRIBING]) == [story_id]  # its lease ended with the token
    # Another worker takes the story over at once.
    other = store.tokens.add("w2")
    assert call(client, "jobs", other, story_id=story_id).get_json()["job"]["owner"].startswith("remote:w2:")


def test_a_lost_lease_or_another_workers_lease_or_changed_input_is_refused(client, store, token, story_id):
    job = call(client, "jobs", token, story_id=story_id).get_json()["job"]
    malformed = call(client, "results", token, story_id=story_id, step="transcribe", owner=job["owner"],
                     input_key=job["input_key"], transcript={"nope": 1})
    assert malformed.status_code == 400 and store.get(story_id)["state"] == State.TRANSCRIBING
    other = store.tokens.add("w2")
    assert post_transcript(client, other, job).status_code == 401  # w2 cannot post for w1's lease
    bad = post_transcript(client, token, {**job, "input_key": "0" * 64})
    assert bad.status_code == 409
    store.leases.release(story_id, job["owner"])  # the lease ran out and ...
    taken = call(client, "jobs", other, story_id=story_id).get_json()["job"]  # ... w2 took the story over
    assert post_transcript(client, token, job).status_code == 409
    assert post_transcript(client, other, taken).get_json()["applied"] is True
    assert Counter(e["action"] for e in store.events(story_id))["transcribed"] == 1


def test_a_redaction_found_by_the_worker_is_kept_beside_the_teller_name(store):
    from stories.privacy.teller import settle_teller_name

    segments = [Segment(0, "Call Zebedee on 07700 900123", 0.0, 2.0)]
    analysis = Analysis([], [], [], "1", redactions=[Redaction(0, 16, 28, "07700 900123", "phone")])
    settled = settle_teller_name(analysis, {"teller_name": CANARY_NAME, "title": "Zebedee's rent"}, {},
                                 segments)
    assert [(r.segment_idx, r.text, r.label) for r in settled.redactions] == [
        (0, "Zebedee", "name"), (0, "07700 900123", "phone"), (-1, "Zebedee", "name")]
    said = Analysis([], [], [], "1", redactions=[Redaction(0, 5, 12, "Zebedee", "name")])
    credited = settle_teller_name(said, {"teller_name": CANARY_NAME}, {"name": True}, segments)
    assert credited.redactions == []
