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
