"""Exception classes raised by library code, and ``N_``, the mark on messages a teller may read.

Views turn them into flash messages with a 4xx status, the CLI into
``click.ClickException``, JSON endpoints into ``{"ok": false, "error": ...}``.

The core imports no Flask, so it cannot translate. It raises the English
message id (marked ``N_`` for ``pybabel extract``) with its parameters, and the
web layer translates that id; ``str(exc)`` is the English text, for the CLI and
the logs.
"""


def cause(exc: Exception) -> str:
    """What went wrong, in a line: FFmpeg's errors repeat the full path in str(), and the person
    only needs the cause."""
    return getattr(exc, "strerror", None) or str(exc) or type(exc).__name__


def N_(message: str) -> str:
    """Mark a message for translation without translating it here (Babel's convention)."""
    return message


class StoriesError(Exception):
    """Base class: the message is written for the person who sees it.

    ``message_id`` is the message as written (``N_("... %(mb)s MB.")``), ``params`` fill in its
    placeholders, and ``str(exc)`` is the two together, in English.
    """

    def __init__(self, message_id: str = "", /, **params: object) -> None:
        self.message_id, self.params = message_id, params
        # Formatted only when there are parameters, as gettext does, so a bare "%" stays as written.
        super().__init__(message_id % params if params else message_id)


class BadUpload(StoriesError):
    """An upload the pipeline cannot accept (empty, broken, mislabelled, too big)."""

    status = 400


class UnsupportedMedia(BadUpload):
    status = 415


class StorageFull(BadUpload):
    """The data folder ran out of space (or hit a file size limit) while an upload was written."""

    status = 507  # Insufficient Storage: the server's fault, and worth trying again later


class StoryNotFound(StoriesError):
    """No story with that id."""


class ConfigError(StoriesError):
    """A setting or a file the settings name is wrong."""


class StepFailed(StoriesError):
    """A pipeline step could not finish; the message is kept as the story's reason (for the team).

    ``teller_reason`` says what the teller can do about it, as a code their status page explains in
    their language: "" means it is ours to fix, and they need do nothing.
    """

    teller_reason = ""


class NoSpeech(StepFailed):
    """Nobody could be heard: the teller can check the microphone and record again."""

    teller_reason = "no_speech"


class UnreadableRecording(StepFailed):
    """The file's sound cannot be read (damaged, cut short, no audio track): the teller can send it again."""

    teller_reason = "unreadable"


class StateConflict(StoriesError):
    """The story is no longer in the state the change expected: someone changed it first."""

    status = 409


class TokenRefused(StoriesError):
    """A worker's token is unknown or revoked, or its lease is another worker's: nothing is done for it."""

    status = 401
