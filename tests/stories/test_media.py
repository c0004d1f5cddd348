import hashlib

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
