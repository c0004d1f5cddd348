"""CSRF, login and roles on every route of the form app, enumerated from its url_map.

A new route fails these tests until it is protected, or declared public here on purpose.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import csrf_token

import collect
from stories.users import MODERATORS, ROLES, add_user

#: Endpoints anyone may reach: the public form, a story's status, withdrawal and signing in or out
#: (and the static files, the design's shared stylesheet among them).
PUBLIC = {"static", "design.static", "upload.form", "upload.submit", "status.show", "status.mine",
          "status.mine_json", "status.show_json", "withdraw.form", "withdraw.confirm", "auth.login",
          "auth.logout"}
#: Which roles each protected endpoint (by prefix) admits; every other role is refused with 403.
ADMITS = {"moderate.": MODERATORS, "upload.interview": ROLES}
TEMPLATES = Path(collect.__file__).parent / "templates"
PASSWORD = "correct horse battery"


def _url(rule, story_id: str) -> str:
    values = {"story_id": story_id, "code": "not-a-code", "upload_id": "nothing", "action": "approve",
              "filename": "style.css", "slug": "campaign"}
    return rule.build({arg: values[arg] for arg in rule.arguments}, append_unknown=False)[1]


def _routes(app, skip_tus: bool = True):
    """(endpoint, method, rule) for every route, but HEAD and OPTIONS."""
    for rule in app.url_map.iter_rules():
        if skip_tus and rule.endpoint.startswith(("tus.", "api.")):
            continue  # resumable uploads and the workers' API are checked by their own tokens, below
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            yield rule.endpoint, method, rule


@pytest.fixture
def story_id(store):
    try:
        from stories.campaigns import add_campaign

        add_campaign(store, "campaign", "A campaign")
    except ImportError:  # campaigns came later; the routes without one are checked either way
        pass
    return store.create_story({"title": "Bus pass", "kind": "text", "body": "Words."}, {"publish": True})


def _signed_in(app, store, role: str):
    add_user(store, role, PASSWORD, role)
    client = app.test_client()
    response = client.post("/login", data={"name": role, "password": PASSWORD,
                                           "csrf_token": csrf_token(client, "/login")})
    assert response.status_code == 302
    return client


def test_every_post_route_refuses_a_request_without_csrf_token(app, store, story_id):
    client = _signed_in(app, store, "admin")
    posts = [(endpoint, rule) for endpoint, method, rule in _routes(app) if method == "POST"]
    assert {"upload.submit", "moderate.act", "auth.logout", "withdraw.confirm"} <= {e for e, _ in posts}
    for endpoint, rule in posts:
        response = client.post(_url(rule, story_id), data={"title": "x", "consent_publish": "yes"})
        assert response.status_code == 400, endpoint
        assert "CSRF token is missing" in response.get_data(as_text=True), endpoint


def test_every_form_in_every_template_carries_a_csrf_token():
    checked = 0
    for template in TEMPLATES.rglob("*.html"):
        for form in re.finditer(r"<form\b([^>]*)>(.*?)</form>", template.read_text(), re.S | re.I):
            if re.search(r"method=\"post\"", form.group(1), re.I):
                checked += 1
                assert "csrf_token()" in form.group(2) or "{{ csrf() }}" in form.group(2), (
                    f"{template.name}: {form.group(0)[:120]}")
    assert checked >= 5


def test_every_route_that_is_not_public_sends_strangers_to_login(app, client, story_id):
    token = csrf_token(client)
    protected = [(endpoint, method, rule) for endpoint, method, rule in _routes(app)
                 if endpoint not in PUBLIC]
    assert {"moderate.queue", "moderate.story", "moderate.media", "moderate.act"} <= {
        endpoint for endpoint, *_ in protected}
    for endpoint, method, rule in protected:
        response = client.open(_url(rule, story_id), method=method, data={"csrf_token": token})
        assert response.status_code == 302, (endpoint, method)
        assert response.headers["Location"].startswith("/login?next="), (endpoint, method)


def test_protected_routes_refuse_the_wrong_role(app, store, story_id):
    clients = {role: _signed_in(app, store, role) for role in ROLES}
    for endpoint, method, rule in _routes(app):
        if endpoint in PUBLIC:
            continue
        admitted = next((roles for prefix, roles in ADMITS.items() if endpoint.startswith(prefix)), None)
        assert admitted is not None, f"{endpoint}: add it to ADMITS with the roles it admits"
        for role, client in clients.items():
            data = {"csrf_token": csrf_token(client, "/withdraw/")}
            response = client.open(_url(rule, story_id), method=method, data=data)
            if role in admitted:
                assert response.status_code != 403, (endpoint, method, role)
                assert not response.headers.get("Location", "").startswith("/login"), (endpoint, method, role)
            else:
                assert response.status_code == 403, (endpoint, method, role)


def test_the_workers_api_needs_a_worker_token_and_a_moderators_session_is_none(app, store, story_id):
    """Remote workers (collect/api.py) send a token in a header; no cookie, so no CSRF and no login."""
    routes = [(endpoint, method, rule) for endpoint, method, rule in _routes(app, skip_tus=False)
              if endpoint.startswith("api.")]
    assert {e for e, *_ in routes} == {"api.claim", "api.media", "api.renew", "api.result"}
    admin = _signed_in(app, store, "admin")
    for client in (app.test_client(), admin):
        for endpoint, method, rule in routes:
            url = rule.build({"signed": "forged.link"}, append_unknown=False)[1]
            response = client.open(url, method=method, json={"story_id": story_id})
            assert response.status_code == (403 if endpoint == "api.media" else 401), (endpoint, method)
            assert "Set-Cookie" not in response.headers or client is admin, endpoint


def test_resumable_uploads_need_the_forms_signed_token(client):
    headers = {"Tus-Resumable": "1.0.0", "Upload-Length": "10"}
    assert client.post("/uploads/", headers=headers).status_code == 403
    assert client.post("/uploads/", headers={**headers, "X-Upload-Token": "forged.token"}).status_code == 403
    # An upload's 192-bit id is its only key: a guessed one is not found.
    patch = {"Tus-Resumable": "1.0.0", "Upload-Offset": "0",
             "Content-Type": "application/offset+octet-stream"}
    assert client.patch("/uploads/guessed-id", headers=patch, data=b"x" * 10).status_code == 404
    assert client.open("/uploads/guessed-id", method="HEAD", headers=patch).status_code == 404
    # The form's token works: the refusals above are about the token, not the request.
    page = client.get("/").get_data(as_text=True)
    token = re.search(r'data-tus-token="([^"]+)"', page).group(1)
    created = client.post("/uploads/", headers={**headers, "X-Upload-Token": token})
    assert created.status_code == 201


def test_every_response_sends_the_security_headers(client, story_id):
    for path in ("/", "/login", f"/stories/{story_id}", "/withdraw/", "/withdraw/a-code", "/moderate/",
                 "/no-such-page", "/static/style.css", "/design/design.css"):
        headers = client.get(path).headers
        assert "unsafe-inline" not in headers["Content-Security-Policy"], path
        assert "frame-ancestors 'none'" in headers["Content-Security-Policy"], path
        assert headers["X-Content-Type-Options"] == "nosniff" and headers["X-Frame-Options"] == "DENY", path
        assert "microphone=(self)" in headers["Permissions-Policy"], path
        # A teller's private code in the address must not leak to the next site in a Referer.
        expected = "no-referrer" if path.startswith("/withdraw/") else "same-origin"
        assert headers["Referrer-Policy"] == expected, path
