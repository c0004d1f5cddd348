import json

import pytest

from publish.cite import bibtex_escape, quote_citations, story_citations, timecode

BASE = "https://archive.example.org/"
ARCHIVE = "Stories archive"
AUDIO = {"id": "k3x9p2m7qa", "title": "Waiting for a flat in Leeds", "teller": "Ann Lee",
         "date": "2026-11-03", "kind": "audio", "duration": 252.7, "language": "en", "place": "Leeds"}
WRITTEN = {"id": "w8t4r2n6zb", "title": "What the job centre got right", "teller": "Anonymous",
           "date": "2026-02-14", "kind": "text", "duration": None, "language": "en", "place": ""}


def test_audio_story_by_a_named_teller():
    cites = story_citations(AUDIO, BASE, ARCHIVE)
    url = "https://archive.example.org/stories/k3x9p2m7qa"
    assert cites["url"] == url
    assert cites["apa"] == (f"Ann Lee. (2026, November 3). Waiting for a flat in Leeds [Audio recording]. "
                            f"Stories archive. {url}")
    assert cites["chicago"] == ("Ann Lee. \u201cWaiting for a flat in Leeds.\u201d Audio recording, 4:12. "
                                f"Stories archive, November 3, 2026. {url}.")
    assert cites["bibtex"] == (
        "@misc{stories-k3x9p2m7qa,\n"
        "  author = {{Ann Lee}},\n"
        "  title = {{Waiting for a flat in Leeds}},\n"
        "  year = {2026},\n"
        "  month = nov,\n"
        "  howpublished = {Audio recording},\n"
        "  note = {Stories archive},\n"
        f"  url = {{{url}}}\n"
        "}")
    assert cites["in_text"] == "(Ann Lee, 2026)"


def test_anonymous_written_story():
    cites = story_citations(WRITTEN, BASE, ARCHIVE)
    url = "https://archive.example.org/stories/w8t4r2n6zb"
    # "Anonymous" is how the archive credits the story, so it stays the author (APA 7, 9.12).
    assert cites["apa"] == (f"Anonymous. (2026, February 14). What the job centre got right [Written story]. "
                            f"Stories archive. {url}")
    assert cites["chicago"] == ("Anonymous. \u201cWhat the job centre got right.\u201d Written story. "
                                f"Stories archive, February 14, 2026. {url}.")
    assert "  author = {{Anonymous}},\n" in cites["bibtex"]
    assert "  howpublished = {Written story},\n" in cites["bibtex"]
    csl = json.loads(cites["csl_json"])[0]
    assert csl["type"] == "manuscript" and csl["author"] == [{"literal": "Anonymous"}]
    assert "dimensions" not in csl and "note" not in csl


def test_a_written_story_quote_has_no_timecode():
    cites = quote_citations(WRITTEN, None, "They listened.", BASE, ARCHIVE)
    assert cites["url"] == "https://archive.example.org/stories/w8t4r2n6zb"
    assert "[Written story]." in cites["apa"]
    assert cites["in_text"] == "\u201cThey listened.\u201d (Anonymous, 2026)"


def test_quote_at_83_4_seconds():
    cites = quote_citations(AUDIO, 83.4, "We waited two years.", BASE, ARCHIVE)
    url = "https://archive.example.org/stories/k3x9p2m7qa#t=83"
    assert cites["url"] == url
    assert cites["apa"] == ("Ann Lee. (2026, November 3). Waiting for a flat in Leeds "
                            f"[Audio recording, 1:23]. Stories archive. {url}")
    assert cites["chicago"] == ("Ann Lee. \u201cWaiting for a flat in Leeds.\u201d Audio recording, 4:12, "
                                f"at 1:23. Stories archive, November 3, 2026. {url}.")
    assert "  note = {Stories archive; at 1:23},\n" in cites["bibtex"]
    assert f"  url = {{{url}}}\n" in cites["bibtex"]
    assert cites["in_text"] == "\u201cWe waited two years.\u201d (Ann Lee, 2026, 1:23)"


def test_video_and_long_recordings():
    video = {**AUDIO, "kind": "video", "duration": 3725.0}
    cites = quote_citations(video, 3661.9, "x", BASE, ARCHIVE)
    assert "[Video recording, 1:01:01]" in cites["apa"]
    assert "Video recording, 1:02:05, at 1:01:01." in cites["chicago"]
    assert cites["url"].endswith("#t=3661")


def test_bibtex_special_characters_are_escaped():
    story = {**AUDIO, "title": "Rent & 100% of my pay: $5 #1_{now}", "teller": "Tom and Jerry"}
    bibtex = story_citations(story, BASE, "Voices & Places")["bibtex"]
    assert "  title = {{Rent \\& 100\\% of my pay: \\$5 \\#1\\_\\{now\\}}},\n" in bibtex
    # Braced as one literal, so BibTeX does not read "Tom and Jerry" as two authors.
    assert "  author = {{Tom and Jerry}},\n" in bibtex
    assert "  note = {Voices \\& Places},\n" in bibtex
    unescaped = bibtex.replace("\\{", "").replace("\\}", "")
    assert unescaped.count("{") == unescaped.count("}")  # the entry's own braces still balance
    assert bibtex_escape("a\\b~c^d") == "a\\textbackslash{}b\\textasciitilde{}c\\textasciicircum{}d"


def test_csl_json_is_valid_and_follows_the_schema_names():
    cites = quote_citations(AUDIO, 83.4, "We waited two years.", BASE, ARCHIVE)
    items = json.loads(cites["csl_json"])
    assert isinstance(items, list) and len(items) == 1
    item = items[0]
    assert item["id"] == "stories-k3x9p2m7qa" and item["type"] == "interview"
    assert item["title"] == "Waiting for a flat in Leeds"
    assert item["author"] == [{"literal": "Ann Lee"}]
    assert item["issued"] == {"date-parts": [[2026, 11, 3]]}
    assert item["URL"] == "https://archive.example.org/stories/k3x9p2m7qa#t=83"
    assert item["container-title"] == ARCHIVE and item["medium"] == "Audio recording"
    assert item["note"] == "at 1:23" and item["dimensions"] == "4:12"
    assert cites["csl_json"].startswith("[\n  {\n")  # pretty-printed


def test_a_story_row_from_sqlite_works(tmp_path):
    from sqlite_utils.utils import sqlite3

    conn = sqlite3.connect(":memory:")
    conn.row_factory = sqlite3.Row
    row = conn.execute("select 'r1' as id, 'T' as title, 'Robin' as teller, '2026-01-05' as date, "
                       "'audio' as kind, null as duration").fetchone()
    cites = story_citations(row, BASE, ARCHIVE)
    assert cites["apa"] == f"Robin. (2026, January 5). T [Audio recording]. Stories archive. {BASE}stories/r1"
    assert "Audio recording. Stories archive" in cites["chicago"]  # no running time when unknown


@pytest.mark.parametrize("seconds, expected", [(0, "0:00"), (83.4, "1:23"), (599.99, "9:59"),
                                               (3600, "1:00:00"), (36061, "10:01:01")])
def test_timecode(seconds, expected):
    assert timecode(seconds) == expected
