"""stories.review_text: a moderator's edits and redactions reach every public surface.

Text, evidence quotes, the archive's tables and the published audio all follow what the
moderator decided; the story's own fields go through the same privacy rules as its text.
"""

import pytest
import sqlite_utils
from published import THEMES
from steps import save_analysis, save_transcript

from publish.prepare import prepare
from stories import review, review_text
from stories.errors import StoriesError
from stories.model import Analysis, Redaction, Segment, ThemeTag, Transcript, Word
from wiring import tasks

TEXT = "My caseworker Al Whitfeld said the housing list was closed."
WORDS = tuple(Word(i * 0.5, i * 0.5 + 0.5, " " + w) for i, w in enumerate(TEXT.split()))


def story(store, settings, redactions=(), pseudonym="Robin", place="", audio=True):
    """A recorded story (no file: ``prepare`` only), or with ``audio`` False one that can be published."""
    media = {"media_path": "x.wav", "media_sha256": "ab" * 32} if audio else {}
    story_id = store.create_story({"title": "Waiting list", "kind": "audio" if audio else "text",
                                   "pseudonym": pseudonym, "place": place, **media},
                                  {"publish": True, "quote": True})
    save_transcript(store, story_id, Transcript([Segment(0, TEXT, 0.0, 5.0, words=WORDS)], "en", 0.9, 5.0,
                                                "fw", "tiny.en"))
    save_analysis(store, story_id, Analysis([ThemeTag("housing", 0, "housing list", TEXT, 0.0, 5.0)], [],
                                            THEMES, "v1", redactions=list(redactions)))
    return story_id


def archive_text(settings) -> str:
    db = sqlite_utils.Database(settings.archive_path)
    return "\n".join(str(v) for t in db.table_names() if not t.endswith(("_data", "_idx", "_docsize",
                                                                           "_config", "_content"))
                     for row in db[t].rows for v in row.values())


def spoken(spans, word_index: int) -> bool:
    """Whether the word at this index is still heard (not inside a silenced span)."""
    middle = word_index * 0.5 + 0.25
    return not any(start <= middle <= end for start, end in spans)


def test_a_corrected_name_stays_redacted_and_its_sound_silenced(store, settings):
    name = Redaction(0, 14, 25, "Al Whitfeld", "name")
    story_id = story(store, settings, [name])
    review_text.edit_segment(store, story_id, 0, TEXT.replace("Whitfeld", "Whitfield"), "mo")
    [kept] = store.rows("redactions", story_id)
    assert kept["text"] == "Al Whitfield" and kept["status"] == "pending"
    review.approve(store, story_id, "mo")
    public = prepare(store, store.get(story_id))
    assert "Whitf" not in str(public.segments) + str(public.evidence) + str(public.story_themes)
    assert not spoken(public.spans, 2) and not spoken(public.spans, 3) and spoken(public.spans, 5)


def test_words_taken_out_are_gone_from_quotes_and_silenced(store, settings):
    story_id = story(store, settings)
    review_text.edit_segment(store, story_id, 0, "My caseworker said the housing list was closed.", "mo")
    review.approve(store, story_id, "mo")
    public = prepare(store, store.get(story_id))
    for where in (public.segments, public.evidence, public.story_themes):
        assert "Whitfeld" not in str(where) and " Al " not in str(where)
    assert public.evidence[0]["sentence"] == "My caseworker said the housing list was closed."
    assert [spoken(public.spans, i) for i in range(len(WORDS))] == [True, True, False, False] + [True] * 6


def test_a_short_name_redacted_in_the_text_is_redacted_in_the_evidence_too(store, settings):
    story_id = story(store, settings, [Redaction(0, 14, 16, "Al", "name")], audio=False)
    review.approve(store, story_id, "mo")
    tasks.publish_archive(settings, store)
    published = archive_text(settings)
    assert "My caseworker [name] Whitfeld" in published and " Al " not in published


def test_redact_these_words_takes_what_the_analysis_missed(store, settings):
    story_id = story(store, settings)
    assert review_text.redact_words(store, story_id, 0, "al whitfeld", "name", "mo") == 1
    with pytest.raises(StoriesError, match="not in segment"):
        review_text.redact_words(store, story_id, 0, "Siobhan", "name", "mo")
    with pytest.raises(StoriesError, match="Choose one of"):
        review_text.redact_words(store, story_id, 0, "Al", "shoe size", "mo")
    review.approve(store, story_id, "mo")
    public = prepare(store, store.get(story_id))
    assert public.segments[0]["text"] == "My caseworker [name] said the housing list was closed."
    assert not spoken(public.spans, 2) and not spoken(public.spans, 3) and spoken(public.spans, 1)
    assert store.events(story_id)[-2]["action"] == "redacted words"


def test_title_pseudonym_and_place_are_checked_and_editable(store, settings):
    story_id = story(store, settings, pseudonym="Philippa M, text 07700 900777", place="Flat 3, 10 Park Road",
                     audio=False)
    # What the teller typed was checked as the story was analysed... (the worker's rule, run here)
    from stories import privacy

    found = privacy.field_redactions(store.get(story_id))
    assert {(r.segment_idx, r.label) for r in found} == {(-3, "phone"), (-2, "address")}
    # ...and what a moderator types is checked the same way.
    review_text.edit_field(store, story_id, "title", "Help for Siobhan, ring 0113 496 0999", "mo")
    review_text.edit_field(store, story_id, "pseudonym", "Philippa M, text 07700 900777", "mo")
    review_text.edit_field(store, story_id, "place", "Flat 3, 10 Park Road, Leeds", "mo")
    review.approve(store, story_id, "mo")
    tasks.publish_archive(settings, store)
    published = archive_text(settings)
    for secret in ("0113", "0999", "07700", "900777", "Park Road", "Flat 3"):
        assert secret not in published, secret
    row = sqlite_utils.Database(settings.archive_path)["stories"].get(story_id)
    # Names in a title are found too; a pseudonym is a name chosen to be public, so only its number goes.
    assert row["title"] == "Help for [name], ring [phone]" and row["teller"] == "Philippa M, text [phone]"
    assert row["place"].startswith("[address]")
    with pytest.raises(StoriesError):
        review_text.edit_field(store, story_id, "title", "Too late: approved", "mo")
    with pytest.raises(StoriesError):
        review_text.edit_field(store, story_id, "contact", "x", "mo")
