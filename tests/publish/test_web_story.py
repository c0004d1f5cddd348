"""Story pages, their downloads and moment citations, through Datasette's own client."""

import json

import pytest
from datasette_client import datasette_get
from published import build, publish_story

from publish.web_audio import MAX_CHUNK, byte_range
from stories.media import IncomingFile, keep
from stories.withdrawal import withdraw


@pytest.fixture
def spoken(store, settings, speech):
    incoming = IncomingFile.copy_of(speech("librivox-0870.wav"), settings.incoming_dir)
    path, _ = keep(incoming, settings.media_dir, "wav")
    story_id = publish_story(store, "Rent & repairs", [
        (0.0, 2.5, "The landlord put the rent up again."),
        (2.5, 83.4, "We asked the council for housing help."),
        (83.4, 90.0, "In the end a neighbour helped us.")],
        tags=[("housing", 1, "housing help")], media={"path": path, "sha": incoming.sha256},
        pseudonym="Robin")
    build(store, settings)
    return story_id


def test_story_page_has_player_synced_transcript_themes_and_citation(settings, spoken):
    html = datasette_get(settings, f"/stories/{spoken}").text
    assert "<h1>Rent &amp; repairs</h1>" in html and "Told by Robin" in html
    assert '<audio id="player"' in html and f'src="/stories/{spoken}.vtt"' in html
    assert 'id="seg-1" data-start="2.5"' in html and 'href="#t=83"' in html
    assert '<mark class="evidence" data-theme="housing" title="Theme: Housing">housing help</mark>' in html
    assert 'href="/themes/housing"' in html
    assert "Robin. (" in html and f"http://localhost/stories/{spoken}" in html  # APA, with the permalink
    # All four formats are in the page, as tabs that cite.js shows one at a time.
    assert html.count('class="cite-text') == 4 and 'role="tablist"' in html
    assert all(f'id="cite-{key}"' in html and f'id="cite-{key}-tab"' in html
               for key in ("apa", "chicago", "bibtex", "csl_json"))
    assert '<script src="/assets/story.js"' in html and "cite-moment" in html
    audio = datasette_get(settings, html.split('<audio id="player" controls preload="metadata" src="')[1]
                          .split('"')[0])
    assert audio.headers["content-type"].startswith("audio/")


def test_caption_and_citation_downloads(settings, spoken):
    vtt = datasette_get(settings, f"/stories/{spoken}.vtt").text
    assert vtt.startswith("WEBVTT\n\n00:00:00.000 --> 00:00:02.500\nThe landlord put the rent up again.")
    srt = datasette_get(settings, f"/stories/{spoken}.srt").text
    assert srt.startswith("1\n00:00:00,000 --> 00:00:02,500\n")
    assert "[01:23] In the end" in datasette_get(settings, f"/stories/{spoken}.txt").text
    assert datasette_get(settings, f"/stories/{spoken}.bib").text.startswith(f"@misc{{stories-{spoken},")
    csl = json.loads(datasette_get(settings, f"/stories/{spoken}.csl.json").text)
    assert csl[0]["URL"] == f"http://localhost/stories/{spoken}"


def test_moment_citations_need_the_tellers_consent_to_quote(store, settings, spoken):
    moment = datasette_get(settings, f"/stories/{spoken}/cite?segment=2").json()
    assert moment["ok"] and moment["quote"] == "In the end a neighbour helped us."
    assert moment["citations"]["url"] == f"http://localhost/stories/{spoken}#t=83"
    # The dialog's tabs are the page's component, rendered for the moment.
    assert 'role="tablist"' in moment["html"] and 'id="moment-csl_json"' in moment["html"]
    assert "[Audio recording, 1:23]" in moment["html"] and "<html" not in moment["html"]
    private = publish_story(store, "Not to quote", [(0.0, 2.0, "Words to keep.")],
                            consents={"publish": True, "quote": False})
    build(store, settings)
    refused = datasette_get(settings, f"/stories/{private}/cite?segment=0", status=403).json()
    assert not refused["ok"] and "did not agree to be quoted" in refused["error"]
    assert "cite-moment" not in datasette_get(settings, f"/stories/{private}").text
    datasette_get(settings, f"/stories/{spoken}/cite?segment=9", status=400)


def test_written_story_has_no_player_and_a_withdrawn_one_is_gone(store, settings, spoken):
    written = publish_story(store, "Letter", [(None, None, "First paragraph."), (None, None, "Second.")])
    build(store, settings)
    html = datasette_get(settings, f"/stories/{written}").text
    assert "<audio" not in html and 'href="#seg-1"' in html
    datasette_get(settings, f"/stories/{written}.vtt", status=404)
    withdraw(store, spoken, "teller", settings.media_dir)
    build(store, settings)
    assert "withdrawn" in datasette_get(settings, f"/stories/{spoken}", status=404).text


def test_recordings_answer_range_requests_so_players_can_seek(settings, spoken):
    html = datasette_get(settings, f"/stories/{spoken}").text
    audio = html.split('<audio id="player" controls preload="metadata" src="')[1].split('"')[0]
    whole = datasette_get(settings, audio).content
    part = datasette_get(settings, audio, status=206, headers={"range": "bytes=100-199"})
    assert part.content == whole[100:200] and part.headers["content-range"] == f"bytes 100-199/{len(whole)}"
    tail = datasette_get(settings, audio, status=206, headers={"range": "bytes=-10"})
    assert tail.content == whole[-10:]
    datasette_get(settings, audio, status=416, headers={"range": f"bytes={len(whole) + 5}-"})
    datasette_get(settings, "/audio/nothing-here.m4a", status=404)
    assert byte_range("bytes=0-", 10 * MAX_CHUNK) == (0, MAX_CHUNK - 1)
    assert byte_range("bytes=5-3", 100) is None and byte_range("items=0-1", 100) is None


def test_ranges_no_player_sends_get_a_4xx_never_a_500(settings, spoken):
    html = datasette_get(settings, f"/stories/{spoken}").text
    audio = html.split('<audio id="player" controls preload="metadata" src="')[1].split('"')[0]
    datasette_get(settings, audio, status=416, headers={"range": "bytes=-0"})  # the last 0 bytes: none
    for silly in ("bytes=" + "9" * 5000 + "-", "bytes=-" + "9" * 5000, "bytes=1-" + "9" * 5000):
        datasette_get(settings, audio, status=416, headers={"range": silly})
    assert byte_range("bytes=-0", 100) is None


def test_permalinks_never_take_the_host_header(settings, spoken, monkeypatch):
    monkeypatch.delenv("STORIES_PUBLIC_URL", raising=False)
    html = datasette_get(settings, f"/stories/{spoken}", headers={"host": "evil.example"}).text
    assert "evil.example" not in html


def test_permalinks_use_the_configured_public_address(settings, spoken, monkeypatch):
    monkeypatch.setenv("STORIES_PUBLIC_URL", "https://stories.example.org/")
    html = datasette_get(settings, f"/stories/{spoken}").text
    assert f'<link rel="canonical" href="https://stories.example.org/stories/{spoken}">' in html
    assert "http://localhost/stories" not in html


def test_permalinks_and_citations_survive_republishing(store, settings, spoken):
    before = datasette_get(settings, f"/stories/{spoken}.csl.json").json()
    publish_story(store, "Another", [(0.0, 1.0, "More words.")])
    build(store, settings)  # a full rebuild, as `stories publish` does
    build(store, settings)
    after = datasette_get(settings, f"/stories/{spoken}.csl.json").json()
    assert before == after and after[0]["URL"].endswith(f"/stories/{spoken}")
