import hashlib
import os
import shutil
import tempfile
from pathlib import Path

import pytest

from stories.media import IncomingFile, keep


def test_incoming_file_hashes_and_keeps_by_content(tmp_path):
    data = b"recording bytes" * 1000
    first = IncomingFile(tmp_path / "incoming")
    first.write(data)
    relative, is_new = keep(first, tmp_path / "media", "mp3")
    digest = hashlib.sha256(data).hexdigest()
    assert relative == f"{digest[:2]}/{digest}.mp3" and is_new
    assert (tmp_path / "media" / relative).read_bytes() == data
    second = IncomingFile(tmp_path / "incoming")
    second.write(data)
    assert keep(second, tmp_path / "media", "mp3") == (relative, False)
    assert list((tmp_path / "incoming").iterdir()) == []


def test_discard_leaves_nothing(tmp_path):
    incoming = IncomingFile(tmp_path)
    incoming.write(b"half an upload")
    incoming.discard()
    incoming.discard()
    assert list(tmp_path.iterdir()) == []


def test_adopted_file_is_hashed_and_kept_like_an_upload(tmp_path):
    data = b"resumed recording" * 100_000  # spans several read chunks
    finished = tmp_path / "incoming" / "tus-abc.part"
    finished.parent.mkdir()
    finished.write_bytes(data)
    incoming = IncomingFile.adopt(finished)
    assert incoming.sha256 == hashlib.sha256(data).hexdigest() and incoming.size == len(data)
    relative, is_new = keep(incoming, tmp_path / "media", "wav")
    assert is_new and (tmp_path / "media" / relative).read_bytes() == data
    assert list((tmp_path / "incoming").iterdir()) == []
    incoming.discard()  # as receive() does afterwards: harmless


def test_sweep_removes_uploads_of_dead_processes_and_keeps_resumable_ones(tmp_path):
    import os
    import subprocess
    import sys

    from stories.media import sweep_incoming

    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True)
    orphan = tmp_path / f"upload-{int(dead.stdout)}-abc"  # its process has exited
    writing = IncomingFile(tmp_path)  # this process is still writing it
    writing.write(b"still arriving")
    old_own = tmp_path / f"upload-{os.getpid()}-old"  # same pid, from before this process started
    resumable = [tmp_path / "tus-xyz.part", tmp_path / "tus-xyz.json"]
    for path in (orphan, old_own, *resumable):
        path.write_bytes(b"x")
    os.utime(old_own, (0, 0))
    assert sorted(p.name for p in sweep_incoming(tmp_path)) == sorted([orphan.name, old_own.name])
    assert writing.path.exists() and all(p.exists() for p in resumable)
    writing.discard()


def test_keep_moves_into_a_media_folder_on_another_file_system(tmp_path):
    shm = Path("/dev/shm")
    if not shm.is_dir() or os.stat(shm).st_dev == os.stat(tmp_path).st_dev:
        pytest.skip("needs /dev/shm on another file system than the temporary folder")
    media = Path(tempfile.mkdtemp(dir=shm))  # stands in for STORIES_MEDIA on a shared mount
    try:
        incoming = IncomingFile(tmp_path / "incoming")
        incoming.write(b"a recording" * 10_000)
        relative, is_new = keep(incoming, media, "wav")
        assert is_new and (media / relative).read_bytes() == b"a recording" * 10_000
        assert list((tmp_path / "incoming").iterdir()) == []
        assert [p.name for p in (media / relative).parent.iterdir()] == [Path(relative).name]  # no .part
    finally:
        shutil.rmtree(media)
