import re

import pytest

from stories.withdrawal import WithdrawalError, code_hash, find_by_code, new_code, withdraw


def test_codes_are_readable_and_forgiving():
    code = new_code()
    assert re.fullmatch(r"[a-z2-9]{4}-[a-z2-9]{4}-[a-z2-9]{4}", code)
    assert code_hash(code) == code_hash(code.upper().replace("-", " "))
    assert new_code() != code


def test_withdraw_leaves_a_tombstone(store, settings):
    code = new_code()
    story_id = store.create_story({"title": "Mine", "kind": "text", "body": "private words",
                                   "teller_name": "Ann", "withdrawal_code_hash": code_hash(code)},
                                  {"publish": True}, contact="ann@example.org")
    assert find_by_code(store, code)["id"] == story_id
    withdraw(store, story_id, "teller", settings.media_dir)
    row = store.get(story_id)
    assert row["state"] == "withdrawn" and row["body"] is None and row["teller_name"] is None
    assert store.rows("contacts", story_id) == [] and store.consents(story_id) == {"publish": True}
    with pytest.raises(WithdrawalError, match="already"):
        withdraw(store, story_id, "teller", settings.media_dir)
    with pytest.raises(WithdrawalError, match="does not match"):
        find_by_code(store, "zzzz-zzzz-zzzz")


def test_after_a_withdrawal_the_audit_log_keeps_who_and_when_but_not_the_words(store, settings):
    from steps import save_analysis, save_transcript

    from stories import review, review_text
    from stories.model import Analysis, Segment, Transcript

    story_id = store.create_story({"title": "Mine", "kind": "text", "body": "x"}, {"publish": True})
    save_transcript(store, story_id, Transcript([Segment(0, "Siobhan at number 4 helped me.")], "en", None,
                                                0.0, "w", ""))
    save_analysis(store, story_id, Analysis([], [], [], "v1"))
    review_text.edit_segment(store, story_id, 0, "Siobhan Kerr at number 4 helped me.", "mo")
    review.reject(store, story_id, "mo", "It names Siobhan Kerr")
    withdraw(store, story_id, "teller", settings.media_dir)
    events = store.events(story_id)
    assert [e["action"] for e in events][-3:] == ["edited segment", "rejected", "withdrawn"]
    assert "Siobhan" not in str(events) and "number 4" not in str(events)
    assert all(e["actor"] and e["at"] for e in events)
