"""Planted personal details must never reach anything the archive publishes.

Real speech (espeak-ng reading a name, phone number and email), a written story,
contact details, a pseudonym and a place with details in them, and an anonymous
teller's name go in through the web form and the CLI; the real models run; a
moderator edits a segment (adding details), redacts words the analysis missed,
and approves; then every table and every published file is scanned, the public
status JSON is read, and the published recording is transcribed again to hear
whether any planted detail can still be heard.
"""

from __future__ import annotations

import io
import re

import pytest
import sqlite_utils
from audio import normalise
from conftest import csrf_token

from stories import review_text
from stories.store import Store
from wiring.cli import cli

pytestmark = pytest.mark.slow

TELLER = "Amina Yusuf"
CANARIES = ["amina", "yusuf", "usuf", "example.org", "example.com", "canary", "5521", "sarah", "acacia",
            "elm road", "birch road"]
#: Emails as Whisper may write them out, in normalised text ("example.org" is "example org").
SPOKEN_CANARIES = ["example org", "example dot org", "example com", "example dot com"]
#: The phone numbers planted: read out in the recording, in the title, written, and the contact.
PHONES = ["07700900123", "07700900777", "01134960999", "447700900555", "07700900888", "07700900999"]
#: What the moderator adds to the written story, and the pseudonym the teller chose.
ADDED = "Ask for Amina at Flat 9, 3 Birch Road, or ring 07700 900999."
PSEUDONYM = "River Moss, text 07700 900888"
#: A number however it is written: digits, with spaces, commas, dots, dashes or brackets between.
NUMBER = re.compile(r"\d(?:[\s,.()\-–]*\d)*")
WRITTEN = """I was evicted last spring. The council housing officer told me to call back every week.

If the team needs me, ring 0113 496 0999 or write to canary.written@example.com, and ask for Amina.
My neighbour Sarah Jones let me stay on her sofa, at 12 Acacia Avenue, Leeds LS1 4AP."""


def published_texts(settings) -> tuple[list[str], list[str]]:
    """Every text value in every archive table and every published text file; and every file's
    bytes as text (an audio file's tags, the database's free pages)."""
    db = sqlite_utils.Database(settings.archive_path)
    texts = [str(value) for table in db.table_names() for row in db[table].rows for value in row.values()
             if value is not None]
    files = []
    for path in [*settings.home.glob("archive.db*"), *settings.published_dir.rglob("*")]:
        if path.is_file():
            data = path.read_bytes()
            files.append(data.decode("latin-1"))
            try:
                texts.append(data.decode("utf-8"))
            except UnicodeDecodeError:
                pass
    return texts, files


def planted_digits(text: str) -> list[str]:
    """Six digits in a row of a planted phone number, inside any number in the text however it is
    written: Whisper may write one read out as "07700 900123", "07700 900,123", "077009100123" or
    in words, so the numbers are matched by their digits, and after ``normalise`` (words to digits)."""
    runs = {re.sub(r"\D", "", number) for number in NUMBER.findall(text)}
    pieces = {phone[i:i + 6] for phone in PHONES for i in range(len(phone) - 5)}
    return sorted(piece for piece in pieces if any(piece in run for run in runs if len(run) >= 6))


def test_no_canary_reaches_the_published_archive(client, runner, settings, store, speech, tmp_path):
    with speech("espeak-canary.wav").open("rb") as f:
        response = client.post("/", content_type="multipart/form-data", data={
            "csrf_token": csrf_token(client), "title": "Amina Yusuf waits for a flat, call 07700 900777",
            "place": "14 Elm Road, Leeds", "language": "en",
            "consent_publish": "yes", "consent_quote": "yes", "teller_name": TELLER,
            "contact": "canary-contact-5521@example.org", "recording": (io.BytesIO(f.read()), "voice.wav")})
    assert response.status_code == 303
    written = tmp_path / "story.md"
    written.write_text(WRITTEN)
    added = runner.invoke(cli, ["add", str(written), "--title", "Evicted, by Amina", "--consent", "publish",
                                "--name", TELLER, "--pseudonym", PSEUDONYM,
                                "--contact", "+44 7700 900555"])
    assert added.exit_code == 0, added.output
    assert runner.invoke(cli, ["worker", "--burst"]).exit_code == 0
    ids = [s["id"] for s in store.all()]
    spoken_id = next(s["id"] for s in store.all() if s["kind"] == "audio")
    written_id = next(i for i in ids if i != spoken_id)
    # The moderator adds details while correcting, and redacts words the analysis did not flag.
    first = store.segments(written_id)[0]
    review_text.edit_segment(store, written_id, 0, f"{first.text} {ADDED}", "mo")
    council = next(s for s in store.segments(spoken_id) if "council" in s.text.lower())
    review_text.redact_words(store, spoken_id, council.idx, "council", "other", "mo")
    for story_id in ids:
        assert runner.invoke(cli, ["approve", story_id]).exit_code == 0
    assert "Published 2 stories" in runner.invoke(cli, ["publish"]).output

    texts, files = published_texts(settings)
    # The form's status pages as anyone else sees them (the archive's links give away the ids); the
    # teller's own browser still holds the page shown once after sending, title and code included.
    stranger = client.application.test_client()
    texts += [stranger.get(f"/stories/{story_id}.json").get_data(as_text=True) for story_id in ids]
    texts += [stranger.get(f"/stories/{story_id}").get_data(as_text=True) for story_id in ids]
    heard = relisten(settings)
    texts.append(heard)
    everything = "\n".join(texts + files).lower()
    said = [normalise(text) for text in texts]
    leaks = [c for c in CANARIES if c.lower() in everything]
    leaks += [c for c in SPOKEN_CANARIES if any(f" {c} " in f" {text} " for text in said)]
    leaks += sorted({digits for text in [*files, *texts, *said] for digits in planted_digits(text)})
    assert leaks == [], f"planted details reached the archive: {leaks}"
    # Not vacuous: both stories are out, redacted, and the working store still has the originals.
    db = sqlite_utils.Database(settings.archive_path)
    assert db["stories"].count == 2
    for placeholder in ("[name]", "[phone]", "[email]", "[address]", "[postcode]"):
        assert placeholder in everything, placeholder
    assert "evicted" in everything and "housing" in everything
    assert any(TELLER in s["teller_name"] for s in Store(settings.db_path).all())
    assert {r["teller"] for r in db["stories"].rows} == {"Anonymous", "River Moss, text [phone]"}
    # The published recording is heard again: what was silenced is gone, the rest is still there.
    assert not heard_words(heard, "council") and heard_words(heard, "waited", "months", "flat")


def relisten(settings) -> str:
    """What tiny.en hears in every published recording, normalised."""
    from transcribe import transcribe_file

    recordings = sorted(settings.published_dir.glob("*.m4a"))
    assert recordings, "the spoken story has a published recording"
    return " ".join(normalise(" ".join(s.text for s in transcribe_file(path, language="en").segments))
                    for path in recordings)


def heard_words(heard: str, *words: str) -> list[str]:
    return [w for w in words if f" {w} " in f" {heard} "]
