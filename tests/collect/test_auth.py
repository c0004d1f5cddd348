import pytest
from conftest import csrf_token

from collect import create_app
from stories.users import add_user

PASSWORD = "correct horse battery"


@pytest.fixture
def moderator(store):
    add_user(store, "mo", PASSWORD, "moderator")
    return "mo"


def login(client, name="mo", password=PASSWORD, next_=""):
    return client.post(f"/login{next_}", data={"name": name, "password": password,
                                               "csrf_token": csrf_token(client, "/login")})


@pytest.mark.parametrize("method, path", [
    ("get", "/moderate/"), ("get", "/moderate/abc"), ("get", "/moderate/abc/media"),
    ("post", "/moderate/abc/approve"), ("post", "/moderate/abc/segment"),
])
def test_moderation_is_closed_without_login(client, method, path):
    # A valid CSRF token, so only the login check can stop the request.
    data = {"csrf_token": csrf_token(client)} if method == "post" else None
    response = getattr(client, method)(path, data=data)
    assert response.status_code == 302 and response.headers["Location"].startswith("/login")


def test_public_pages_stay_open(client):
    assert client.get("/").status_code == 200
    assert client.get("/withdraw/").status_code == 200


def test_login_and_logout(client, moderator):
    wrong = login(client, password="wrong password!")
    assert wrong.status_code == 401
    # The name is kept, the password is not, and the cursor waits in the password field.
    page = wrong.get_data(as_text=True)
    assert 'name="name" value="mo"' in page and "wrong password!" not in page
    assert 'autocomplete="current-password" autofocus' in page
    assert login(client, name="nobody").status_code == 401
    response = login(client, next_="?next=/moderate/")
    assert response.status_code == 302 and response.headers["Location"] == "/moderate/"
    assert client.get("/moderate/").status_code == 200
    client.post("/logout", data={"csrf_token": csrf_token(client, "/moderate/")})
    assert client.get("/moderate/").status_code == 302


@pytest.mark.parametrize("target", ["//evil.example/", "/%09/evil.example", "/%5Cevil.example",
                                    "/%0A/evil.example", "https://evil.example/", "/\\evil.example"])
def test_login_never_redirects_off_site(client, moderator, target):
    response = login(client, next_=f"?next={target}")
    assert response.headers["Location"] == "/moderate/"


def test_a_removed_account_is_signed_out_at_its_next_request(client, store, moderator, runner):
    from wiring.cli import cli

    login(client)
    assert client.get("/moderate/").status_code == 200
    assert runner.invoke(cli, ["user", "remove", "mo"]).exit_code == 0
    assert client.get("/moderate/").status_code == 302


def test_a_demoted_or_re_passworded_account_loses_its_old_sessions(client, store, moderator):
    login(client)
    assert client.get("/moderate/").status_code == 200
    add_user(store, "mo", PASSWORD, "reporter")  # demoted: the old session, with its old role, ends
    assert client.get("/moderate/").status_code == 302
    login(client)
    assert client.get("/moderate/").status_code == 403  # signed in again: now as what the store says
    assert client.get("/interview").status_code == 200


def test_the_role_comes_from_the_store_not_the_cookie(client, store, moderator):
    add_user(store, "rey", PASSWORD, "reporter")
    login(client, name="rey")
    with client.session_transaction() as session:
        assert "role" not in session["user"]  # nothing in the cookie to forge
        session["user"] = {**session["user"], "role": "admin"}
    assert client.get("/moderate/").status_code == 403


def test_an_unknown_name_costs_one_password_check_like_a_known_one(store, moderator, monkeypatch):
    from stories import users

    users._decoy_hash()  # made once, up front, and kept
    checks = []
    real = users.check_password_hash
    monkeypatch.setattr(users, "check_password_hash", lambda *a: checks.append(1) or real(*a))
    monkeypatch.setattr(users, "generate_password_hash",
                        lambda *a, **k: pytest.fail("no hash may be made while signing in"))
    assert users.authenticate(store, "mo", "wrong password") is None
    assert users.authenticate(store, "nobody", "wrong password") is None
    assert len(checks) == 2


@pytest.mark.parametrize("path, data", [
    ("/", {"title": "t", "text": "A story."}),
    ("/login", {"name": "mo", "password": PASSWORD}),
    ("/withdraw/", {"code": "abcd-efgh-ijkl", "sure": "yes"}),
])
def test_csrf_is_enforced(client, store, moderator, path, data):
    response = client.post(path, data=data)
    assert response.status_code == 400 and "CSRF" in response.get_data(as_text=True)
    bad = client.post(path, data={**data, "csrf_token": "forged"})
    assert bad.status_code == 400
    assert store.all() == []


def test_login_is_rate_limited(settings, store, moderator):
    client = create_app({"STORIES": settings.with_(login_rate="3 per minute")}).test_client()
    codes = [login(client, password="wrong password!").status_code for _ in range(4)]
    assert codes == [401, 401, 401, 429]


def test_upload_is_rate_limited(settings, store):
    client = create_app({"STORIES": settings.with_(upload_rate="2 per hour")}).test_client()
    codes = [client.post("/", data={"title": "t", "text": "A story.", "csrf_token": csrf_token(client)})
             .status_code for _ in range(3)]
    assert codes == [303, 303, 429]


def test_session_cookie_flags(settings, store, moderator):
    client = create_app({"STORIES": settings.with_(secure_cookies=True)}).test_client()
    response = login(client)
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie and "Secure" in cookie


def test_secret_key_is_generated_once_not_a_constant(settings, app):
    key = (settings.home / "secret_key").read_text()
    assert len(key) == 64 and app.config["SECRET_KEY"] == key
    assert create_app({"STORIES": settings}).config["SECRET_KEY"] == key
