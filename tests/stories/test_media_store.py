"""The media store seam: the media folder (the default) and an S3 bucket, against moto's real S3 server.

No mock of boto3: the code reaches the server through boto3's standard environment over HTTP, and
the tests look into the bucket with a client of their own (tests/s3_server.py).
"""

from __future__ import annotations

import hashlib
import json

import httpx
import pytest
from browser import free_port
from s3_server import bucket_of, in_bucket

from stories.backup import backup, restore
from stories.errors import ConfigError
from stories.intake import Submission, receive_path
from stories.media import IncomingFile
from stories.media_s3 import S3Media
from stories.media_store import LocalMedia, MediaUnavailable, media_store, purge
from stories.queue import JobQueue
from stories.settings import load_settings
from stories.withdrawal import withdraw
from wiring.syncer import reconcile

DATA = b"RIFF recording bytes " * 5000


@pytest.fixture
def s3(settings, s3_server, monkeypatch):
    """The settings with media in a new, empty bucket."""
    return in_bucket(settings, s3_server, monkeypatch)


def incoming(settings, data: bytes = DATA) -> IncomingFile:
    upload = IncomingFile(settings.incoming_dir)
    upload.write(data)
    return upload


def nothing_left_in(folder) -> bool:
    return not folder.exists() or not any(p.is_file() for p in folder.rglob("*"))


def store_down(monkeypatch) -> None:
    """boto3 pointed at a loopback port nothing listens on: the store is unreachable."""
    monkeypatch.setenv("AWS_ENDPOINT_URL", f"http://127.0.0.1:{free_port()}")


def test_the_media_folder_is_the_default(settings):
    media = media_store(settings)
    assert isinstance(media, LocalMedia) and media.folder == settings.home / "media"
    name, is_new = media.put(incoming(settings), "wav")
    digest = hashlib.sha256(DATA).hexdigest()
    assert (name, is_new) == (f"{digest[:2]}/{digest}.wav", True)
    assert media.put(incoming(settings), "wav") == (name, False)
    with media.fetch(name) as path:
        assert path == settings.media_dir / name and path.read_bytes() == DATA
    assert media.link(name) is None and [f.name for f in media.files()] == [name]
    media.delete(name)
    assert list(media.files()) == []


def test_a_bucket_url_is_checked_and_a_bucket_has_no_media_folder(settings):
    bucket = settings.with_(media="s3://stories-media/recordings")
    assert bucket.media_in_bucket
    with pytest.raises(ConfigError):
        bucket.media_dir  # noqa: B018 - the property raises
    for wrong in ("s3:///no-bucket", "gs://bucket/media"):
        with pytest.raises(ConfigError):
            load_settings(environ={"STORIES_HOME": str(settings.home), "STORIES_MEDIA": wrong})


def test_an_upload_lands_in_the_bucket_once_and_nothing_stays_on_disk(s3, s3_server):
    media = media_store(s3)
    assert isinstance(media, S3Media)
    name, is_new = media.put(incoming(s3), "wav")
    assert is_new and s3_server.keys(bucket_of(s3)) == [f"media/{name}"]
    assert media.put(incoming(s3), "wav") == (name, False)  # the same bytes again: kept once
    assert [(f.name, f.size) for f in media.files()] == [(name, len(DATA))]
    assert nothing_left_in(s3.incoming_dir) and not (s3.home / "media").exists()


def test_a_reader_gets_a_temporary_copy_in_incoming_that_is_gone_afterwards(s3):
    media = media_store(s3)
    name, _ = media.put(incoming(s3), "wav")
    with media.fetch(name) as path:
        assert path.parent == s3.incoming_dir and path.suffix == ".wav" and path.read_bytes() == DATA
    assert not path.exists() and nothing_left_in(s3.incoming_dir)
    with pytest.raises(FileNotFoundError), media.fetch("ab/missing.wav"):
        pass
    assert nothing_left_in(s3.incoming_dir)


def test_a_presigned_link_needs_no_credentials_and_dies_with_the_object(s3):
    # (moto does not check signatures or expiry; the link's shape shows what a real store checks.)
    media = media_store(s3)
    name, _ = media.put(incoming(s3), "wav")
    link = media.link(name, seconds=60)
    assert "X-Amz-Signature=" in link and "X-Amz-Expires=60" in link
    fetched = httpx.get(link)  # a plain client: no AWS credentials, no token
    assert fetched.status_code == 200 and fetched.content == DATA
    media.delete(name)
    assert httpx.get(link).status_code == 404


def test_delete_removes_every_version_from_a_versioned_bucket(settings, s3_server, monkeypatch):
    s3 = in_bucket(settings, s3_server, monkeypatch, versioned=True)
    media = media_store(s3)
    name, _ = media.put(incoming(s3), "wav")
    media.delete(name)
    assert s3_server.versions(bucket_of(s3)) == []  # no old version holds the bytes, no marker left


def test_a_story_kept_in_the_bucket_is_deleted_from_it_on_withdrawal(s3, s3_server, store, speech):
    receipt = receive_path(store, JobQueue(s3), s3, speech("librivox-0920.wav"),
                           Submission(title="Bus", language="en", consents={"publish": True}))
    story = store.get(receipt.story_id)
    assert s3_server.keys(bucket_of(s3)) == [f"media/{story['media_path']}"]
    assert not (s3.home / "media").exists() and nothing_left_in(s3.incoming_dir)
    withdraw(store, receipt.story_id, "teller", media_store(s3))
    assert s3_server.keys(bucket_of(s3)) == [] and store.media_deletions.pending() == []


def test_a_withdrawal_while_the_store_is_down_deletes_the_object_once_it_is_back(s3, s3_server, store,
                                                                                 speech, monkeypatch):
    receipt = receive_path(store, JobQueue(s3), s3, speech("librivox-0920.wav"),
                           Submission(title="Bus", language="en"))
    name = store.get(receipt.story_id)["media_path"]
    endpoint = s3_server.endpoint
    store_down(monkeypatch)
    withdraw(store, receipt.story_id, "teller", media_store(s3))  # withdrawn all the same
    assert store.get(receipt.story_id)["state"] == "withdrawn"
    assert store.media_deletions.pending() == [name] and s3_server.keys(bucket_of(s3)) != []
    assert purge(store, media_store(s3)) == [name]  # still down: still waiting
    monkeypatch.setenv("AWS_ENDPOINT_URL", endpoint)
    reconcile(s3, store)  # the syncer's, at start and every minute
    assert s3_server.keys(bucket_of(s3)) == [] and store.media_deletions.pending() == []


def test_a_store_that_cannot_be_reached_refuses_the_upload_with_503_and_keeps_nothing(s3, store, speech,
                                                                                      monkeypatch):
    store_down(monkeypatch)
    with pytest.raises(MediaUnavailable) as refused:
        receive_path(store, JobQueue(s3), s3, speech("librivox-0920.wav"), Submission(title="Bus"))
    assert refused.value.status == 503 and "try again in a few minutes" in str(refused.value)
    assert store.all() == [] and nothing_left_in(s3.incoming_dir)


def test_no_bucket_refuses_the_upload_too(settings, s3_server, store, speech, monkeypatch):
    s3 = in_bucket(settings, s3_server, monkeypatch).with_(media="s3://no-such-bucket-here/media")
    with pytest.raises(MediaUnavailable):
        receive_path(store, JobQueue(s3), s3, speech("librivox-0920.wav"), Submission(title="Bus"))
    assert store.all() == [] and nothing_left_in(s3.incoming_dir)


def test_backup_copies_the_buckets_objects_and_restore_puts_a_lost_one_back(s3, s3_server, store, tmp_path):
    media = media_store(s3)
    name, _ = media.put(incoming(s3), "wav")
    store.create_story({"title": "Bus", "kind": "audio", "media_path": name}, {})
    report = backup(s3, tmp_path / "backup")
    assert (report.media_files, report.media_bytes, report.missing) == (1, len(DATA), [])
    manifest = json.loads((tmp_path / "backup" / "manifest.json").read_text())
    digest = hashlib.sha256(DATA).hexdigest()
    assert manifest["media"] == [{"path": name, "bytes": len(DATA), "sha256": digest}]
    assert (tmp_path / "backup" / "media" / name).read_bytes() == DATA and nothing_left_in(s3.incoming_dir)
    media.delete(name)
    restored = restore(s3, tmp_path / "backup", force=True)
    assert (restored.media_restored, restored.missing, restored.damaged) == (1, [], [])
    assert s3_server.keys(bucket_of(s3)) == [f"media/{name}"] and nothing_left_in(s3.incoming_dir)
    assert restore(s3, tmp_path / "backup", force=True).media_present == 1
    # Listed only (a bucket backed up on its own): each object with the hash its name carries.
    listed = backup(s3, tmp_path / "listed", media="none")
    assert listed.media_files == 1 and not (tmp_path / "listed" / "media").exists()
    assert json.loads((tmp_path / "listed" / "manifest.json").read_text())["media"] == manifest["media"]


def test_the_published_recording_is_made_from_a_temporary_copy_of_the_object(s3, speech, tmp_path):
    from publish.archive import publish_audio
    from publish.prepare import PublicStory

    upload = IncomingFile.copy_of(speech("librivox-0920.wav"), s3.incoming_dir)
    name, _ = media_store(s3).put(upload, "wav")
    public = PublicStory({"id": "bus"}, [], [], [], name, upload.sha256, [(0.5, 1.0)])
    published = publish_audio(public, media_store(s3), tmp_path / "published")
    assert (tmp_path / "published" / published).read_bytes()[4:8] == b"ftyp"  # redacted, as m4a
    assert nothing_left_in(s3.incoming_dir)
