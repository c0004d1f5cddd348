import pytest

from stories.users import UserError, add_user, authenticate, session_user


def test_passwords_are_hashed_and_checked(store):
    add_user(store, "Mo", "correct horse battery", "moderator")
    stored = store.db["users"].get("mo")["password_hash"]
    assert "correct horse" not in stored and stored.startswith(("scrypt:", "pbkdf2:"))
    signed_in = authenticate(store, "MO", "correct horse battery")
    assert signed_in["name"] == "mo" and len(signed_in["token"]) > 20  # the role is read from the store
    assert session_user(store, signed_in) == {"name": "mo", "role": "moderator"}
    assert authenticate(store, "mo", "wrong") is None and authenticate(store, "nobody", "x") is None


@pytest.mark.parametrize("name, password, role, message", [
    ("mo", "short", "moderator", "at least"),
    ("mo", "long enough password", "superuser", "Role"),
    ("mo bad", "long enough password", "admin", "user name"),
])
def test_bad_accounts_fail_early(store, name, password, role, message):
    with pytest.raises(UserError, match=message):
        add_user(store, name, password, role)
