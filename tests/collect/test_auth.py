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
    assert login(client, password="wrong password!").status_code == 401
    assert login(client, name="nobody").status_code == 401
    response = login(client, next_="?next=/moderate/")
    assert response.status_code == 302 and response.headers["Location"] == "/moderate/"
    assert client.get("/moderate/").status_code == 200
    client.post("/logout", data={"csrf_token": csrf_token(client, "/moderate/")})
    assert client.get("/moderate/").status_code == 302


def test_login_never_redirects_off_site(client, moderator):
    response = login(client, next_="?next=//evil.example/")
    assert response.headers["Location"] == "/moderate/"


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
