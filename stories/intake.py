"""Accept a story: check it, keep its file by content hash, record it, queue it.

The web form and ``stories add`` both come through here, so they accept and
refuse exactly the same things. It lives in the core, without Flask, so the
command line does not load the web stack; its refusals carry ``N_`` message ids
that the form translates.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from pathlib import Path

from stories.campaigns import CampaignError, open_campaign
from stories.errors import N_, BadUpload
from stories.media import IncomingFile
from stories.media_store import MediaStore, MediaUnavailable, media_store
from stories.model import Kind
from stories.photos import keep_photo
from stories.probe import is_written, probe, read_written_story
from stories.queue import JobQueue
from stories.settings import Settings
from stories.store import Store
from stories.withdrawal import code_hash, new_code

log = logging.getLogger(__name__)
#: Each scope is its own yes/no; anything not granted is refused.
CONSENT_SCOPES = ("publish", "quote", "research", "name")
MAX_TITLE = 200
MAX_NAME = 120
MIN_CONSENT_WORDS, MAX_CONSENT_WORDS = 3, 2000


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
    campaign: str = ""  # the campaign's slug when sent from its form (/c/<slug>)
    collected_by: str = ""  # the reporter's account when a reporter recorded it for the teller
    consent_words: str = ""  # an interview's consent, in the teller's own words


#: How it felt, from 1 (very bad) to 5 (very good); the form names each one in the teller's language.
FEELINGS = range(1, 6)


def refused(message_id: str, field: str | None = None, **params: object) -> BadUpload:
    """A refusal naming the form field it is about, so the form can mark that field."""
    error = BadUpload(message_id, **params)
    error.field = field
    return error


def clean(submission: Submission, known_themes: set[str] | None = None) -> Submission:
    """Check the form fields early, with messages a teller can act on."""
    title = " ".join(submission.title.split())
    if not title:
        raise refused(N_("Please give your story a title."), "title")
    if len(title) > MAX_TITLE:
        raise refused(N_("The title is too long (at most %(n)d characters)."), "title", n=MAX_TITLE)
    language = submission.language.strip().lower()
    if language and not (language.isalpha() and 2 <= len(language) <= 3):
        raise refused(N_("The language should be a two-letter code such as 'en', or left empty."),
                      "language")
    unknown = set(submission.consents) - set(CONSENT_SCOPES)
    if unknown:
        raise refused(N_("Unknown consent scope(s): %(scopes)s."), scopes=", ".join(sorted(unknown)))
    consents = {scope: bool(submission.consents.get(scope)) for scope in CONSENT_SCOPES}
    teller_name = " ".join(submission.teller_name.split())[:MAX_NAME]
    if consents["name"] and not teller_name:
        raise refused(N_("You asked to be credited by name: please tell us the name to use."),
                      "teller_name")
    self_tags = sorted(set(submission.self_tags))
    if known_themes is not None and (unknown := set(self_tags) - known_themes):
        raise refused(N_("Unknown theme(s): %(themes)s."), themes=", ".join(sorted(unknown)))
    if submission.feeling is not None and submission.feeling not in FEELINGS:
        raise refused(N_("How it felt should be a number from 1 (very bad) to 5 (very good)."))
    consent_words = submission.consent_words.strip()[:MAX_CONSENT_WORDS]
    if submission.collected_by and len(consent_words.split()) < MIN_CONSENT_WORDS:
        # An interview's ticks were made by whoever held the phone; the teller's own words show it was them.
        raise refused(N_("Please hand the phone to the storyteller and ask them to write, in their own "
                         "words, what they agree to."), "consent_words")
    return Submission(title, language, submission.place.strip()[:200], consents,
                      submission.contact.strip()[:500], submission.filename, submission.text,
                      teller_name, " ".join(submission.pseudonym.split())[:MAX_NAME], self_tags,
                      submission.feeling, submission.campaign, submission.collected_by, consent_words)


def check_campaign(store: Store, submission: Submission) -> None:
    """A story filed under a campaign: the campaign takes stories, and the place is one of its places."""
    if not submission.campaign:
        return
    try:
        campaign = open_campaign(store, submission.campaign)
    except CampaignError:
        raise refused(N_("This campaign has closed or does not exist. You can still share your story "
                         "on the main form.")) from None
    if campaign.places and submission.place and submission.place not in campaign.places:
        raise refused(N_("Please choose one of the campaign's places, or leave the place empty."),
                      "place")


def receive(store: Store, queue: JobQueue, settings: Settings, submission: Submission,
            incoming: IncomingFile | None, actor: str = "teller",
            photo: IncomingFile | None = None) -> Receipt:
    """Store a new story and queue it. Nothing is kept if it is refused.

    ``photo`` is an optional picture for a written story; it is stored without its metadata.
    """
    created: list[str] = []  # files this story added to the media store, taken out again if it is refused
    media = media_store(settings)
    code = new_code()
    try:
        submission = clean(submission, {t["id"] for t in store.themes()})
        check_campaign(store, submission)
        fields = {"campaign": submission.campaign or None, "collected_by": submission.collected_by or None,
                  "title": submission.title, "language": submission.language, "feeling": submission.feeling,
                  "place": submission.place, "original_filename": submission.filename[-255:],
                  "teller_name": submission.teller_name, "pseudonym": submission.pseudonym,
                  "withdrawal_code_hash": code_hash(code)}
        if submission.text.strip() and incoming is None:
            fields.update(kind=Kind.TEXT.value, body=_written_text(submission.text))
        elif incoming is None or incoming.size == 0:
            message = (N_("The file is empty. Please choose the recording again.")
                       if incoming is not None else N_("Please choose a recording or write your story."))
            raise refused(message, "recording")
        elif is_written(submission.filename):
            incoming.finish()
            fields.update(kind=Kind.TEXT.value, body=read_written_story(incoming.path))
        else:
            incoming.finish()
            info = probe(incoming.path)
            fields.update(kind=info.kind.value, media_format=info.extension,
                          media_sha256=incoming.sha256, media_bytes=incoming.size,
                          duration=info.duration)
            fields["media_path"], is_new = media.put(incoming, info.extension)
            created += [fields["media_path"]] if is_new else []
        if photo is not None:
            if fields["kind"] != Kind.TEXT.value:
                raise refused(N_("A photo can be sent with a written story only. "
                                 "Please send the recording without the photo."), "photo")
            kept = keep_photo(photo, media, settings.incoming_dir)
            fields.update(photo_path=kept.path, photo_sha256=kept.sha256)
            created += [kept.path] if kept.is_new else []
        story_id = store.create_story(fields, submission.consents, submission.contact, actor,
                                      submission.self_tags, submission.consent_words)
    except BaseException:
        _forget(media, created)
        raise
    finally:
        for upload in (incoming, photo):
            if upload is not None:
                upload.discard()
    queue.offer(story_id)
    return Receipt(story_id, code)


def _forget(media: MediaStore, names: list[str]) -> None:
    for name in names:
        try:
            media.delete(name)
        except MediaUnavailable:  # the refusal the teller sees matters more; the log names the file
            log.error("A refused story's file %s is left in the media store", name)


def receive_path(store: Store, queue: JobQueue, settings: Settings, path: Path,
                 submission: Submission, actor: str = "cli") -> Receipt:
    """``stories add``: stream a local file in exactly as an upload arrives."""
    submission.filename = submission.filename or Path(path).name
    incoming = IncomingFile.copy_of(path, settings.incoming_dir)
    return receive(store, queue, settings, submission, incoming, actor)


def _written_text(text: str) -> str:
    text = text.replace("\r\n", "\n").strip()
    if not text:
        raise refused(N_("The written story is empty."), "text")
    return text
