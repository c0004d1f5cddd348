"""Accept a story: check it, keep its file by content hash, record it, queue it.

The web form and ``stories add`` both come through here, so they accept and
refuse exactly the same things.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from stories.errors import BadUpload
from stories.media import IncomingFile, keep
from stories.model import Kind
from stories.probe import is_written, probe, read_written_story
from stories.queue import JobQueue
from stories.settings import Settings
from stories.store import Store
from stories.withdrawal import code_hash, new_code

#: Each scope is its own yes/no; anything not granted is refused.
CONSENT_SCOPES = ("publish", "quote", "research", "name")
MAX_TITLE = 200
#: The codebook group a teller picks their own themes from: the services their story is about.
SELF_TAG_GROUP = "service-area"
MAX_NAME = 120


@dataclass(frozen=True)
class Receipt:
    """What the teller gets back: the story's id and, once only, the private withdrawal code."""

    story_id: str
    withdrawal_code: str


@dataclass
class Submission:
    """What the teller told us besides the recording itself."""

    title: str
    language: str = ""
    place: str = ""
    consents: dict[str, bool] = field(default_factory=dict)
    contact: str = ""
    filename: str = ""
    text: str = ""
    teller_name: str = ""
    pseudonym: str = ""
    self_tags: list[str] = field(default_factory=list)
    feeling: int | None = None  # 1 (very bad) to 5 (very good)


FEELINGS = {1: "Very bad", 2: "Bad", 3: "Mixed", 4: "Good", 5: "Very good"}


def clean(submission: Submission, known_themes: set[str] | None = None) -> Submission:
    """Check the form fields early, with messages a teller can act on."""
    title = " ".join(submission.title.split())
    if not title:
        raise BadUpload("Please give your story a title.")
    if len(title) > MAX_TITLE:
        raise BadUpload(f"The title is too long (at most {MAX_TITLE} characters).")
    language = submission.language.strip().lower()
    if language and not (language.isalpha() and 2 <= len(language) <= 3):
        raise BadUpload("The language should be a two-letter code such as 'en', or left empty.")
    unknown = set(submission.consents) - set(CONSENT_SCOPES)
    if unknown:
        raise BadUpload(f"Unknown consent scope(s): {', '.join(sorted(unknown))}.")
    consents = {scope: bool(submission.consents.get(scope)) for scope in CONSENT_SCOPES}
    teller_name = " ".join(submission.teller_name.split())[:MAX_NAME]
    if consents["name"] and not teller_name:
        raise BadUpload("You asked to be credited by name: please tell us the name to use.")
    self_tags = sorted(set(submission.self_tags))
    if known_themes is not None and (unknown := set(self_tags) - known_themes):
        raise BadUpload(f"Unknown theme(s): {', '.join(sorted(unknown))}.")
    if submission.feeling is not None and submission.feeling not in FEELINGS:
        raise BadUpload("How it felt should be a number from 1 (very bad) to 5 (very good).")
    return Submission(title, language, submission.place.strip()[:200], consents,
                      submission.contact.strip()[:500], submission.filename, submission.text,
                      teller_name, " ".join(submission.pseudonym.split())[:MAX_NAME], self_tags,
                      submission.feeling)


def receive(store: Store, queue: JobQueue, settings: Settings, submission: Submission,
            incoming: IncomingFile | None, actor: str = "teller") -> Receipt:
    """Store a new story and queue it. Nothing is kept if it is refused."""
    created = None
    code = new_code()
    try:
        submission = clean(submission, {t["id"] for t in store.themes()})
        fields = {"title": submission.title, "language": submission.language, "feeling": submission.feeling,
                  "place": submission.place, "original_filename": submission.filename[-255:],
                  "teller_name": submission.teller_name, "pseudonym": submission.pseudonym,
                  "withdrawal_code_hash": code_hash(code)}
        if submission.text.strip() and incoming is None:
            fields.update(kind=Kind.TEXT.value, body=_written_text(submission.text))
        elif incoming is None or incoming.size == 0:
            raise BadUpload("The file is empty. Please choose the recording again."
                            if incoming is not None else "Please choose a recording or write your story.")
        elif is_written(submission.filename):
            incoming.finish()
            fields.update(kind=Kind.TEXT.value, body=read_written_story(incoming.path))
        else:
            incoming.finish()
            info = probe(incoming.path)
            fields.update(kind=info.kind.value, media_format=info.extension,
                          media_sha256=incoming.sha256, media_bytes=incoming.size,
                          duration=info.duration)
            fields["media_path"], is_new = keep(incoming, settings.media_dir, info.extension)
            created = settings.media_dir / fields["media_path"] if is_new else None
        story_id = store.create_story(fields, submission.consents, submission.contact, actor,
                                      submission.self_tags)
    except BaseException:
        if created is not None:
            created.unlink(missing_ok=True)
        raise
    finally:
        if incoming is not None:
            incoming.discard()
    queue.submit(story_id)
    return Receipt(story_id, code)


def receive_path(store: Store, queue: JobQueue, settings: Settings, path: Path,
                 submission: Submission, actor: str = "cli") -> Receipt:
    """``stories add``: stream a local file in exactly as an upload arrives."""
    submission.filename = submission.filename or Path(path).name
    incoming = IncomingFile.copy_of(path, settings.incoming_dir)
    return receive(store, queue, settings, submission, incoming, actor)


def _written_text(text: str) -> str:
    text = text.replace("\r\n", "\n").strip()
    if not text:
        raise BadUpload("The written story is empty.")
    return text
