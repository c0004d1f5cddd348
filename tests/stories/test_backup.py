"""`stories backup` while the store is written to, and `stories restore` into a fresh folder."""

from __future__ import annotations

import hashlib
import json
import os
import threading

from sqlite_utils.utils import sqlite3
from steps import save_transcript

from stories.media import IncomingFile, keep
from stories.model import Segment, Transcript
from stories.settings import load_settings
from stories.store import Store
from wiring.cli import cli


def add_story(store: Store, settings, n: int, with_media: bool = False) -> str:
    """A transcribed story with three segments, and a recording of its own when asked."""
    fields = {"title": f"Story {n}", "kind": "audio" if with_media else "text", "language": "en"}
    if with_media:
        incoming = IncomingFile(settings.incoming_dir)
        incoming.write(os.urandom(2000 + n) + f"recording {n}".encode())
        path, _ = keep(incoming, settings.media_dir, "wav")
        fields.update(media_path=path, media_sha256=incoming.sha256)
    story_id = store.create_story(fields, {"publish": True, "quote": n % 2 == 0}, contact=f"tel {n}")
    segments = [Segment(i, f"Story {n}, part {i}.", i * 2.0, i * 2.0 + 2) for i in range(3)]
    save_transcript(store, story_id, Transcript(segments, "en", 0.9, 6.0, "fw", "tiny.en"), "w", 1.0)
    return story_id


def snapshot(store: Store, story_id: str) -> tuple:
    story = store.get(story_id)
    contact = store.rows("contacts", story_id)[0]["contact"]
    return (story["title"], story["state"], story["media_path"], story["media_sha256"],
            store.consents(story_id), store.segments(story_id), contact)


def sha(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def fresh_home(tmp_path, name: str):
    return load_settings(home=tmp_path / name)


def test_backup_while_writing_then_restore_finds_every_story(runner, settings, store, tmp_path):
    before = [add_story(store, settings, n, with_media=n % 3 == 0) for n in range(12)]
    stop, written, writing = threading.Event(), [], threading.Event()

    def writer():
        with Store(settings.db_path) as other:  # its own connection, as the worker has
            while not stop.is_set():
                n = len(written)
                written.append(add_story(other, settings, 100 + n, with_media=n % 2 == 0))
                if len(written) >= 3:
                    writing.set()

    thread = threading.Thread(target=writer)
    thread.start()
    try:
        assert writing.wait(30)
        result = runner.invoke(cli, ["backup", str(tmp_path / "backup")])
        still_writing = thread.is_alive()
    finally:
        stop.set()
        thread.join()
    assert result.exit_code == 0, result.output
    assert still_writing
    manifest = json.loads((tmp_path / "backup" / "manifest.json").read_text())
    assert manifest["db"]["stories"] >= len(before) + 3

    target = fresh_home(tmp_path, "restored")
    restored = runner.invoke(cli, ["restore", str(tmp_path / "backup")],
                             env={"STORIES_HOME": str(target.home)})
    assert restored.exit_code == 0, restored.output
    with Store(target.db_path) as again:
        ids = {row["id"] for row in again.all()}
        assert len(ids) == manifest["db"]["stories"]
        assert set(before) <= ids and set(written) & ids
        for story_id in before:
            assert snapshot(again, story_id) == snapshot(store, story_id)
        assert again.db.execute("pragma integrity_check").fetchone()[0] == "ok"
        assert again.db.execute("pragma journal_mode").fetchone()[0] == "wal"
        assert list(again.db.execute("pragma foreign_key_check").fetchall()) == []
        for story in again.all():
            if story["media_path"]:
                assert sha(target.media_dir / story["media_path"]) == story["media_sha256"]
    for entry in manifest["media"]:
        assert sha(target.media_dir / entry["path"]) == entry["sha256"]


def test_restore_reports_missing_and_damaged_media_but_brings_the_stories_back(runner, settings, store,
                                                                               tmp_path):
    ids = [add_story(store, settings, n, with_media=True) for n in range(3)]
    assert runner.invoke(cli, ["backup", str(tmp_path / "backup")]).exit_code == 0
    damaged, missing = (store.get(i)["media_path"] for i in ids[:2])
    (tmp_path / "backup" / "media" / damaged).write_bytes(b"bit rot")
    (tmp_path / "backup" / "media" / missing).unlink()

    target = fresh_home(tmp_path, "restored")
    result = runner.invoke(cli, ["restore", str(tmp_path / "backup")], env={"STORIES_HOME": str(target.home)})
    assert result.exit_code == 1
    assert f"damaged: {damaged}" in result.output and f"missing: {missing}" in result.output
    assert {row["id"] for row in Store(target.db_path).all()} == set(ids)
    assert not (target.media_dir / damaged).exists() and not (target.media_dir / missing).exists()
    assert sha(target.media_dir / store.get(ids[2])["media_path"]) == store.get(ids[2])["media_sha256"]


def test_a_damaged_store_in_the_backup_is_refused(runner, settings, store, tmp_path):
    add_story(store, settings, 1)
    assert runner.invoke(cli, ["backup", str(tmp_path / "backup")]).exit_code == 0
    with (tmp_path / "backup" / "stories.db").open("r+b") as f:
        f.seek(5000)
        f.write(b"\xff" * 100)
    target = fresh_home(tmp_path, "restored")
    result = runner.invoke(cli, ["restore", str(tmp_path / "backup")], env={"STORIES_HOME": str(target.home)})
    assert result.exit_code == 1 and "damaged" in result.output
    assert not target.db_path.exists()


def test_restore_refuses_a_live_store_unless_forced_and_keeps_the_replaced_one(runner, settings, store,
                                                                               tmp_path):
    kept = add_story(store, settings, 1)
    assert runner.invoke(cli, ["backup", str(tmp_path / "backup")]).exit_code == 0
    later = add_story(store, settings, 2)
    refused = runner.invoke(cli, ["restore", str(tmp_path / "backup")])
    assert refused.exit_code == 1 and "--force" in refused.output
    assert {r["id"] for r in store.all()} == {kept, later}

    forced = runner.invoke(cli, ["restore", "--force", str(tmp_path / "backup")])
    assert forced.exit_code == 0, forced.output
    # The open connection (as a running server's would) sees the restored store, not a deleted file.
    assert {r["id"] for r in store.all()} == {kept}
    aside = next(settings.home.glob("replaced-*")) / "stories.db"
    conn = sqlite3.connect(aside)
    assert {r[0] for r in conn.execute("select id from stories")} == {kept, later}
    conn.close()


def test_backup_media_modes(runner, settings, store, tmp_path):
    story_id = add_story(store, settings, 1, with_media=True)
    relative = store.get(story_id)["media_path"]
    assert runner.invoke(cli, ["backup", "--link", str(tmp_path / "linked")]).exit_code == 0
    assert os.path.samefile(tmp_path / "linked" / "media" / relative, settings.media_dir / relative)

    assert runner.invoke(cli, ["backup", "--no-media", str(tmp_path / "bare")]).exit_code == 0
    assert not (tmp_path / "bare" / "media").exists()
    manifest = json.loads((tmp_path / "bare" / "manifest.json").read_text())
    assert [e["path"] for e in manifest["media"]] == [relative]
    target = fresh_home(tmp_path, "elsewhere")
    result = runner.invoke(cli, ["restore", str(tmp_path / "bare")], env={"STORIES_HOME": str(target.home)})
    assert result.exit_code == 1 and f"missing: {relative}" in result.output

    taken = runner.invoke(cli, ["backup", str(tmp_path / "bare")])
    assert taken.exit_code == 1 and "not an empty folder" in taken.output
