import json

import pytest
from conftest import csrf_token
from steps import save_analysis, save_transcript

from stories.model import Analysis, Redaction, Segment, Theme, ThemeTag, Transcript

TEXT = "Sarah Jones at the jobcentre helped me."


@pytest.fixture
def story_id(store, settings):
    story_id = store.create_story({"title": "Jobcentre", "kind": "text", "body": TEXT}, {"publish": True})
    save_transcript(store, story_id, Transcript([Segment(0, TEXT, 0.0, 4.0)], "en", 1.0, 4.0, "w", ""),
                    "w", 0)
    save_analysis(store, story_id, Analysis([ThemeTag("employment", 0, "jobcentre", TEXT, 0.0, 4.0)], [],
                                           [Theme("employment", "Employment"), Theme("housing", "Housing")],
                                           "v1", redactions=[Redaction(0, 0, 11, "Sarah Jones", "name")]),
                        "w", 0)
    return story_id


def act(client, story_id, action, **data):
    token = csrf_token(client, f"/moderate/{story_id}")
    return client.post(f"/moderate/{story_id}/{action}", data={"csrf_token": token, **data})


def test_queue_and_story_page(signed_in, story_id):
    assert story_id in signed_in.get("/moderate/").get_data(as_text=True)
    page = signed_in.get(f"/moderate/{story_id}").get_data(as_text=True)
    assert "Sarah Jones" in page and "employment" in page and "publish: <strong>yes" in page
    # A written story has no recording to transcribe: it is offered to be analysed again.
    assert ">Analyse again</button>" in page and "Transcribe again" not in page


def test_edit_segment_keeps_times_and_audits(signed_in, store, story_id):
    assert act(signed_in, story_id, "segment", idx=0, text="Well, Sarah Jones at the job centre helped me.") \
        .status_code == 303
    segment = store.segments(story_id)[0]
    assert segment.text.startswith("Well,") and (segment.start, segment.end) == (0.0, 4.0)
    redaction = store.rows("redactions", story_id)[0]
    assert (redaction["start"], redaction["end"]) == (6, 17)  # the redaction followed its words
    event = store.events(story_id)[-1]
    assert event["actor"] == "mo" and json.loads(event["before"])["text"] == TEXT


def test_tags_and_redactions(signed_in, store, story_id):
    act(signed_in, story_id, "tag", theme_id="employment", segment_idx=0, matched="jobcentre",
        status="rejected")
    act(signed_in, story_id, "add-tag", theme_id="housing", segment_idx=0)
    act(signed_in, story_id, "redaction", idx=0, status="rejected")
    tags = {t["theme_id"]: t for t in store.rows("tags", story_id)}
    assert tags["employment"]["status"] == "rejected"
    assert tags["housing"]["status"] == "accepted" and tags["housing"]["source"] == "mo"
    assert store.rows("redactions", story_id)[0]["status"] == "rejected"
    assert [e["action"] for e in store.events(story_id)][-3:] == ["rejected tag", "added tag",
                                                                  "rejected redaction"]


def test_approve_accepts_pending_redactions_and_puts_the_story_in_the_outbox(signed_in, store, queue,
                                                                             story_id):
    response = act(signed_in, story_id, "approve")
    assert response.status_code == 303
    assert store.get(story_id)["state"] == "approved"
    assert store.rows("redactions", story_id)[0]["status"] == "accepted"
    # The decision and the note to publish landed together; the job queue is not involved.
    assert [p.story_id for p in store.outbox.pending()] == [story_id]
    assert story_id not in queue.pending_ids()


def test_after_approval_the_moderator_gets_the_public_page(signed_in, store, story_id, settings):
    response = act(signed_in, story_id, "approve")
    public = f"{settings.archive_url}/stories/{story_id}"
    queue = signed_in.get(response.headers["Location"]).get_data(as_text=True)
    assert f'Its public page: <a href="{public}" id="published-link">{public}</a>' in queue
    page = signed_in.get(f"/moderate/{story_id}").get_data(as_text=True)
    assert 'id="public-link">Approved: it appears in the public archive within seconds' in page
    assert f'<a href="{public}">' in page


def test_a_written_story_is_read_not_listened_to(signed_in, store):
    paragraph = "We waited for the council to answer, week after week, and nobody called back. " * 6
    story_id = store.create_story({"title": "Waiting", "kind": "text", "body": paragraph}, {"publish": True})
    transcript = Transcript([Segment(0, paragraph.strip())], "en", 1.0, 0.0, "w", "")
    save_transcript(store, story_id, transcript, "w", 0)
    save_analysis(store, story_id, Analysis([], [], [], "v1"), "w", 0)
    page = signed_in.get(f"/moderate/{story_id}").get_data(as_text=True)
    assert '<h2 id="listen-h">Read</h2>' in page and "Listen and read" not in page
    assert 'name="text" rows="7"' in page  # 485 characters: the box shows the paragraph whole


def test_saving_says_so_and_returns_to_the_segment(signed_in, story_id):
    response = act(signed_in, story_id, "segment", idx=0, text="Sarah Jones at the job centre helped me.")
    assert response.headers["Location"].endswith("#seg-0")
    assert "Saved." in signed_in.get(response.headers["Location"]).get_data(as_text=True)


def test_the_audit_log_reads_in_words(signed_in, store, story_id):
    store.record(story_id, "worker", "started transcribing", "lease host-1234-abcdef")
    store.record(story_id, "mo", "reopened", None, before={"state": "kept_private"},
                 after={"state": "in_review"})
    page = signed_in.get(f"/moderate/{story_id}").get_data(as_text=True)
    log = page.split('id="log-h"')[1]
    assert "approved, kept private → in review" in log and "in_review" not in log
    assert '<span title="lease host-1234-abcdef">worker</span>' in log and ">lease host" not in log
    assert '<span class="state state-in_review">in review</span>' in page


def test_a_rejected_tag_or_redaction_is_not_called_a_story_not_published(signed_in, store, story_id):
    store.record(story_id, "mo", "rejected tag", "housing in segment 1", before={"status": "suggested"},
                 after={"status": "rejected"})
    store.record(story_id, "mo", "rejected redaction", "name in segment 1")
    store.record(story_id, "mo", "rejected", "Not about a public service", before={"state": "in_review"},
                 after={"state": "rejected"})
    log = signed_in.get(f"/moderate/{story_id}").get_data(as_text=True).split('id="log-h"')[1]
    assert "<td>rejected tag</td>" in log and "<td>rejected redaction</td>" in log
    assert "not published tag" not in log and "not published redaction" not in log
    assert "<td>not published</td>" in log  # the story's own rejection, as the teller's page says it


def test_reject_needs_a_reason(signed_in, store, story_id):
    act(signed_in, story_id, "reject", reason="  ")
    assert store.get(story_id)["state"] == "in_review"
    assert "give a reason" in signed_in.get(f"/moderate/{story_id}").get_data(as_text=True)
    response = act(signed_in, story_id, "reject", reason="Not about a public service")
    story = store.get(story_id)
    assert story["state"] == "rejected" and story["review_reason"] == "Not about a public service"
    assert "Story rejected." in signed_in.get(response.headers["Location"]).get_data(as_text=True)


def test_approved_story_is_not_edited_until_reopened(signed_in, store, story_id):
    act(signed_in, story_id, "approve")
    act(signed_in, story_id, "segment", idx=0, text="Changed after approval.")
    assert store.segments(story_id)[0].text == TEXT
    act(signed_in, story_id, "reopen")
    assert store.get(story_id)["state"] == "in_review"


def test_media_needs_login_and_supports_seeking(client, signed_in, store, settings, speech):
    from stories.media import IncomingFile, keep

    incoming = IncomingFile.copy_of(speech("librivox-0870.wav"), settings.incoming_dir)
    path, _ = keep(incoming, settings.media_dir, "wav")
    story_id = store.create_story({"title": "t", "kind": "audio", "media_path": path}, {})
    response = signed_in.get(f"/moderate/{story_id}/media", headers={"Range": "bytes=0-99"})
    assert response.status_code == 206 and len(response.data) == 100


def test_redact_these_words_and_edit_the_details_from_the_page(signed_in, store, story_id):
    page = signed_in.get(f"/moderate/{story_id}").get_data(as_text=True)
    assert "Redact these words" in page and 'id="field-pseudonym"' in page
    assert act(signed_in, story_id, "redact-words", idx=0, words="the jobcentre", label="address") \
        .status_code == 303
    assert {(r["text"], r["status"]) for r in store.rows("redactions", story_id)} >= {("the jobcentre",
                                                                                      "accepted")}
    act(signed_in, story_id, "field", field="pseudonym", value="Sam, ring 07700 900777")
    assert store.get(story_id)["pseudonym"] == "Sam, ring 07700 900777"
    assert ("07700 900777", "phone") in {(r["text"], r["label"]) for r in store.rows("redactions", story_id)}
    act(signed_in, story_id, "redact-words", idx=0, words="nobody said this", label="name")
    assert "is not in segment 1" in signed_in.get(f"/moderate/{story_id}").get_data(as_text=True)
