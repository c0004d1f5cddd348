"""Planted personal details must never reach anything the archive publishes.

Real speech (espeak-ng reading a name, phone number and email), a written story,
contact details and an anonymous teller's name go in through the web form and
the CLI; the real models run; a moderator approves; then every table and every
published file is scanned.
"""

from __future__ import annotations

import io
import re

import pytest
import sqlite_utils
from conftest import csrf_token

from stories.cli import cli
from stories.store import Store

pytestmark = pytest.mark.slow

TELLER = "Amina Yusuf"
CANARIES = ["amina", "yusuf", "usuf", "example.org", "example.com", "canary", "5521", "sarah", "acacia",
            "elm road"]
#: Digits as they might be written with any spacing: 07700 900123 (and as tiny.en hears it), 0113 496 0999.
DIGIT_CANARIES = ["900123", "9100123", "4960999", "900555", "900777"]
WRITTEN = """I was evicted last spring. The council housing officer told me to call back every week.

If the team needs me, ring 0113 496 0999 or write to canary.written@example.com, and ask for Amina.
My neighbour Sarah Jones let me stay on her sofa, at 12 Acacia Avenue, Leeds LS1 4AP."""


def published_texts(settings) -> list[str]:
    """Every text value in every archive table, and every published file's bytes as text."""
    db = sqlite_utils.Database(settings.archive_path)
    texts = [str(value) for table in db.table_names() for row in db[table].rows for value in row.values()
             if value is not None]
    for path in [*settings.home.glob("archive.db*"), *settings.published_dir.rglob("*")]:
        if path.is_file():
            texts.append(path.read_bytes().decode("latin-1"))
    return texts


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
                                "--name", TELLER, "--pseudonym", "River Moss",
                                "--contact", "+44 7700 900555"])
    assert added.exit_code == 0, added.output
    assert runner.invoke(cli, ["worker", "--burst"]).exit_code == 0
    ids = [s["id"] for s in store.all()]
    for story_id in ids:
        assert runner.invoke(cli, ["approve", story_id]).exit_code == 0
    assert "Published 2 stories" in runner.invoke(cli, ["publish"]).output

    texts = published_texts(settings)
    everything = "\n".join(texts).lower()
    digits = re.sub(r"\D", "", "\n".join(texts))
    leaks = [c for c in CANARIES if c.lower() in everything] + [d for d in DIGIT_CANARIES if d in digits]
    assert leaks == [], f"planted details reached the archive: {leaks}"
    # Not vacuous: both stories are out, redacted, and the working store still has the originals.
    db = sqlite_utils.Database(settings.archive_path)
    assert db["stories"].count == 2
    for placeholder in ("[name]", "[phone]", "[email]", "[address]", "[postcode]"):
        assert placeholder in everything, placeholder
    assert "evicted" in everything and "housing" in everything
    assert any(TELLER in s["teller_name"] for s in Store(settings.db_path).all())
    assert {r["teller"] for r in db["stories"].rows} == {"Anonymous", "River Moss"}
