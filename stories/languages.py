"""The languages stories are told in: those of the CoSIE pilots, which every stage must serve."""

#: ISO 639-1 codes, English first; the form, routing report and privacy rules cover each of them.
STORY_LANGUAGES = ("en", "es", "it", "fi", "sv", "nl", "hu", "pl", "et")
#: Their names, for pages that list languages (the archive's filters and story pages).
LANGUAGE_NAMES = {"en": "English", "es": "Spanish", "it": "Italian", "fi": "Finnish", "sv": "Swedish",
                  "nl": "Dutch", "hu": "Hungarian", "pl": "Polish", "et": "Estonian"}


def language_name(language: str | None) -> str:
    """A language's name ("es" is "Spanish"); a code we have no name for stays as it is."""
    return LANGUAGE_NAMES.get(language_code(language), language or "")


def language_code(language: str | None) -> str:
    """The plain code of a language tag: "EN", "en-GB" and "en_US" are "en"; none is ""."""
    return (language or "").strip().lower().replace("_", "-").split("-")[0]
