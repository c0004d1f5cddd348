"""Exception classes raised by library code.

Views turn them into flash messages with a 4xx status, the CLI into
``click.ClickException``, JSON endpoints into ``{"ok": false, "error": ...}``.
"""


def cause(exc: Exception) -> str:
    """What went wrong, in a line: FFmpeg's errors repeat the full path in str(), and the person
    only needs the cause."""
    return getattr(exc, "strerror", None) or str(exc) or type(exc).__name__


class StoriesError(Exception):
    """Base class: the message is written for the person who sees it."""


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
    """A pipeline step could not finish; the message is kept as the story's reason."""


class StateConflict(StoriesError):
    """The story is no longer in the state the change expected: someone changed it first."""

    status = 409
