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
