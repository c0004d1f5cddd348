"""The data folder fills up during an upload: a clear message, a consistent store, and room again after."""

from __future__ import annotations

import os
import re
import shutil
import subprocess

import pytest
from web_server import store_health, web_server

MB = 1024 * 1024
TUS = {"Tus-Resumable": "1.0.0"}


@pytest.fixture
def small_disk(settings):
    """The data folder on its own 8 MB tmpfs, so it really fills up (ENOSPC from the kernel).

    Mounting needs root (or CAP_SYS_ADMIN). RLIMIT_FSIZE cannot stand in: waitress buffers
    the whole request body in a temporary file first, which would hit the limit before the app.
    """
    settings.home.mkdir(parents=True, exist_ok=True)
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=8m,mode=0700", "tmpfs", str(settings.home)],
                             capture_output=True, text=True)
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a small tmpfs for the data folder (needs root): {mounted.stderr.strip()}")
    try:
        yield settings
    finally:
        subprocess.run(["umount", "-l", str(settings.home)], check=True)


def upload(client, token: str, name: str, data: bytes, title: str, **headers):
    return client.post("/", data={"csrf_token": token, "title": title, "consent_publish": "yes"},
                       files={"recording": (name, data, "application/octet-stream")}, headers=headers)


def test_an_upload_that_fills_the_disk_is_refused_clearly_and_leaves_nothing(small_disk):
    settings = small_disk
    with web_server(settings) as server:
        client, token = server.form_session()
        free = shutil.disk_usage(settings.home).free
        big = os.urandom(free + 2 * MB)
        response = upload(client, token, "long-interview.wav", big, "Too long for the disk",
                          **{"Accept-Language": "es"})
        assert response.status_code == 507
        assert "El servidor se ha quedado sin espacio" in response.text
        assert store_health(settings) == (0, "ok")
        assert list(settings.incoming_dir.iterdir()) == []
        assert not settings.media_dir.exists() or not any(settings.media_dir.rglob("*.*"))
        # The partial file was removed, so the room is back for a story that fits.
        assert shutil.disk_usage(settings.home).free > free - MB
        response = upload(client, token, "waiting.md", b"# Waiting\n\nEight months on the list.", "It fits")
        assert response.status_code == 303, response.text
        assert store_health(settings) == (1, "ok")


def test_a_resumable_upload_that_fills_the_disk_says_so_and_keeps_what_fits(small_disk):
    settings = small_disk
    with web_server(settings) as server:
        client, _ = server.form_session()
        page = client.get("/").text
        token = re.search(r'data-tus-token="([^"]+)"', page).group(1)
        free = shutil.disk_usage(settings.home).free
        data = os.urandom(free + 2 * MB)
        created = client.post("/uploads/", headers={**TUS, "Upload-Length": str(len(data)),
                                                    "X-Upload-Token": token})
        assert created.status_code == 201
        url = created.headers["Location"]
        headers = {**TUS, "Upload-Offset": "0", "Content-Type": "application/offset+octet-stream"}
        response = client.patch(url, content=data, headers=headers)
        assert response.status_code == 507 and "run out of space" in response.text
        offset = int(client.head(url, headers=TUS).headers["Upload-Offset"])
        # What was written whole is kept, so the upload can resume from there once there is room.
        assert 0 < offset < len(data) and offset == int(response.headers["Upload-Offset"])
        assert store_health(settings) == (0, "ok")
        assert client.delete(url, headers=TUS).status_code == 204  # the teller gives up: the room is back
        assert shutil.disk_usage(settings.home).free > free - MB
