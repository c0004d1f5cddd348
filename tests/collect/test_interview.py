"""Interviews: a reporter records a story for its teller, whose consent is taken in their own words."""

import pytest
import sqlite_utils
from conftest import csrf_token

from stories import review
from stories.report import show_story
from stories.users import add_user
from wiring.tasks import advance, publish_archive

WORDS = "I agree that my story goes in the archive without my name. Zephyrine-canary"
PASSWORD = "correct horse battery"


@pytest.fixture
def reporter(client, store):
    """The test client, signed in as the reporter "rey"."""
    add_user(store, "rey", PASSWORD, "reporter")
    response = client.post("/login", data={"name": "rey", "password": PASSWORD,
                                           "csrf_token": csrf_token(client, "/login")})
    assert response.headers["Location"] == "/interview"  # a reporter's home is the interview form
    return client


def interview(text="The bus to the clinic stopped running.", **extra):
    return {"title": "The clinic bus", "text": text, "consent_publish": "yes", "consent_words": WORDS,
            **extra}


def test_interviews_need_a_reporter_account(client, store):
    assert client.get("/interview").headers["Location"] == "/login?next=/interview"
    response = client.post("/interview", data={"csrf_token": csrf_token(client), **interview()})
    assert response.status_code == 302 and store.all() == []


def test_a_reporter_sees_no_one_s_stories(reporter):
    assert reporter.get("/moderate/").status_code == 403


def test_an_interview_records_who_collected_it_and_the_teller_s_own_words(reporter, store):
    page = reporter.get("/interview").get_data(as_text=True)
    assert "as <strong>rey</strong>" in page and 'name="consent_words"' in page
    response = reporter.post("/interview", data={"csrf_token": csrf_token(reporter, "/interview"),
                                                 **interview()})
    assert response.status_code == 303
    (story,) = store.all()
    assert story["collected_by"] == "rey"
    assert store.rows("consent_statements", story["id"]) == [
        {"story_id": story["id"], "words": WORDS, "collected_by": "rey",
         "recorded_at": story["created_at"]}]
    assert store.events(story["id"])[0]["actor"] == "rey"
    assert "collected: by rey, in an interview" in show_story(store, story["id"])


def test_ticks_without_the_teller_s_own_words_are_refused_on_that_field(reporter, store):
    token = csrf_token(reporter, "/interview")
    response = reporter.post("/interview", data={"csrf_token": token, **interview(consent_words="yes ok")})
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "in their own words" in page
    assert 'aria-invalid="true" aria-describedby="error consent-words-hint"' in page
    assert store.all() == []


def test_the_public_form_cannot_claim_to_be_an_interview(form_post, store):
    response = form_post("/", {**interview(), "collected_by": "rey"})
    assert response.status_code == 303
    (story,) = store.all()
    assert story["collected_by"] is None
    assert store.db["consent_statements"].count == 0


def test_moderators_see_the_teller_s_words_and_the_archive_never_does(reporter, client, store, settings):
    reporter.post("/interview", data={"csrf_token": csrf_token(reporter, "/interview"), **interview()})
    (story,) = store.all()
    reporter.post("/logout", data={"csrf_token": csrf_token(reporter, "/interview")})
    add_user(store, "mo", PASSWORD, "moderator")
    client.post("/login", data={"name": "mo", "password": PASSWORD,
                                "csrf_token": csrf_token(client, "/login")})
    advance(settings, story["id"])
    page = client.get(f"/moderate/{story['id']}").get_data(as_text=True)
    assert WORDS in page and 'id="collected-by">rey<' in page
    review.approve(store, story["id"], "mo")
    publish_archive(settings)
    archive = sqlite_utils.Database(settings.archive_path)
    assert archive["stories"].count == 1
    everything = " ".join(str(v) for t in archive.table_names() for r in archive[t].rows for v in r.values())
    assert "zephyrine" not in everything.lower() and "rey" not in everything.split()
