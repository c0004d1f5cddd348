"""The languages stories are told in: those of the CoSIE pilots, which every stage must serve."""

#: ISO 639-1 codes, English first; the form, routing report and privacy rules cover each of them.
STORY_LANGUAGES = ("en", "es", "it", "fi", "sv", "nl", "hu", "pl", "et")


def language_code(language: str | None) -> str:
    """The plain code of a language tag: "EN", "en-GB" and "en_US" are "en"; none is ""."""
    return (language or "").strip().lower().replace("_", "-").split("-")[0]
