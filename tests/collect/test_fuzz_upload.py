"""Fuzz the upload form: random bytes, names, content types and form fields.

Whatever is sent, the answer is a story (303) or a refusal a person can read
(4xx), never a server error; no partial file is left in incoming/, a refused
upload leaves nothing in media/, and nothing is written to $TMPDIR.
"""

from __future__ import annotations

import io
import tempfile

import pytest
from conftest import SPEECH, csrf_token
from hypothesis import HealthCheck, Phase, event, given, settings
from hypothesis import strategies as st

from collect import create_app
from stories.settings import load_settings
from stories.store import Store

# No "explain" phase: it reruns a failure hundreds of times, which is slow against a real app.
BOUNDED = settings(max_examples=250, deadline=None, derandomize=True,
                   suppress_health_check=[HealthCheck.too_slow],
                   phases=[Phase.explicit, Phase.reuse, Phase.generate, Phase.shrink])
WAV = (SPEECH / "librivox-0920.wav").read_bytes()
NAMES = ["story.wav", "story.txt", "../../x.wav", "a\x00b.mp3", "....", "\u202egnp.wav", "x" * 2000,
         "C:\\evil\\story.m4a", "story.md", ".txt", "", " "]
TYPES = ["audio/wav", "audio/mpeg", "text/plain", "text/html", "image/svg+xml", "application/zip",
         "multipart/form-data", "", "audio/*; charset=utf-8"]
# The test client itself refuses CR and LF in a header value, so content types are drawn without them.
HEADER_TEXT = st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="\r\n"), max_size=60)


@pytest.fixture(scope="module")
def fuzz_app(tmp_path_factory):
    """One app and data folder for all examples (Hypothesis runs many in one test)."""
    root = tmp_path_factory.mktemp("fuzz-upload")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("TMPDIR", str(root / "tmpdir"))
        patch.setattr(tempfile, "tempdir", str(root / "tmpdir"))
        (root / "tmpdir").mkdir()
        # The form's limit is small so oversize bodies are cheap; no rate limit to hide the real answer.
        stories = load_settings(home=root / "home").with_(max_upload_mb=1, upload_rate="100000 per hour")
        app = create_app({"STORIES": stories, "TESTING": True})
        client = app.test_client()
        yield client, stories, csrf_token(client), root / "tmpdir"


def make_content(recipe) -> bytes:
    """Bytes from a short recipe, so a failing example prints small: ("wav", cut, tail), ("zeros", n)..."""
    kind, *args = recipe
    if kind == "wav":
        return WAV[:args[0]] + args[1]
    return b"\x00" * args[0] if kind == "zeros" else args[0]


CONTENT = st.one_of(st.tuples(st.just("bytes"), st.binary(max_size=4096)),
                    st.tuples(st.just("wav"), st.one_of(st.just(len(WAV)), st.integers(0, len(WAV))),
                              st.binary(max_size=64)),
                    st.tuples(st.just("bytes"), st.sampled_from([WAV, b"A written story."])),
                    st.tuples(st.just("bytes"), st.text(max_size=300).map(str.encode)),
                    st.tuples(st.just("zeros"), st.sampled_from([1024 * 1024 + 1, 3 * 1024 * 1024])))


# Mostly a good title and token, so most examples reach the file checks rather than stopping at the form's.
MOSTLY = st.integers(0, 4).map(bool)
EXTRA_PART = st.tuples(st.sampled_from(["photo", "recording", "unexpected"]), st.binary(max_size=300))
TITLE = st.one_of(st.just("My story"), st.text(max_size=260))
form_fields = st.fixed_dictionaries({"title": TITLE}, optional={
    "language": st.sampled_from(["", "en", "es", "zz", "english!", "\x00"]), "place": st.text(max_size=300),
    "contact": st.text(max_size=100), "text": st.text(max_size=300), "teller_name": st.text(max_size=50),
    "pseudonym": st.text(max_size=50), "feeling": st.text(max_size=4),
    "consent_publish": st.sampled_from(["yes", "no", "", "YES"]),
    "consent_name": st.sampled_from(["yes", ""]),
    "self_tag": st.lists(st.text(max_size=20), max_size=3), "recording_upload": st.text(max_size=40),
})


def files_in(folder):
    return sorted(p for p in folder.rglob("*") if p.is_file()) if folder.exists() else []


@given(recipe=CONTENT, filename=st.one_of(st.sampled_from(NAMES), st.text(max_size=300)),
       content_type=st.one_of(st.sampled_from(TYPES), HEADER_TEXT), fields=form_fields,
       with_file=MOSTLY, with_token=MOSTLY,
       extra=st.one_of(st.just([]), st.lists(EXTRA_PART, max_size=2)))
@BOUNDED
def test_upload_answers_303_or_a_readable_4xx(fuzz_app, recipe, filename, content_type, fields, with_file,
                                              with_token, extra):
    client, stories, token, tmpdir = fuzz_app
    content = make_content(recipe)
    data = {key: value for key, value in fields.items()}
    if with_token:
        data["csrf_token"] = token
    if with_file:
        data["recording"] = (io.BytesIO(content), filename, content_type)
    for field, part in extra:  # more file parts than the form has, or a photo
        data.setdefault(field, [])
        data[field] = [*(data[field] if isinstance(data[field], list) else [data[field]]),
                       (io.BytesIO(part), f"{field}.bin")]
    store = Store(stories.db_path)
    before, media_before = len(store.all()), files_in(stories.media_dir)
    response = client.post("/", data=data, content_type="multipart/form-data")
    page = response.get_data(as_text=True)
    event(f"status {response.status_code}")
    assert response.status_code == 303 or 400 <= response.status_code < 500, page[-3000:]
    assert "Traceback" not in page and "Exception" not in page
    left = files_in(stories.incoming_dir) + list(tmpdir.iterdir())
    for path in left:  # so the next example starts clean, and Hypothesis blames the right one
        path.unlink()
    assert left == [], "a partial upload was left in incoming/, or a file in $TMPDIR"
    stored = store.all()
    if response.status_code == 303:
        assert len(stored) == before + 1
        assert all(p.name.split(".")[0] != filename for p in files_in(stories.media_dir))
    else:
        assert len(stored) == before and files_in(stories.media_dir) == media_before
    store.close()
    assert client.get("/").status_code == 200
