"""The languages stories are told in: those of the CoSIE pilots, which every stage must serve."""

import json

#: ISO 639-1 codes, English first; the form, routing report and privacy rules cover each of them.
STORY_LANGUAGES = ("en", "es", "it", "fi", "sv", "nl", "hu", "pl", "et")
#: Their names, for pages that list languages (the archive's filters and story pages).
LANGUAGE_NAMES = {"en": "English", "es": "Spanish", "it": "Italian", "fi": "Finnish", "sv": "Swedish",
                  "nl": "Dutch", "hu": "Hungarian", "pl": "Polish", "et": "Estonian"}


def language_name(language: str | None, in_language: str = "en") -> str:
    """A language's name in the page's language: "es" is "Spanish", or "Español" on a Spanish page.

    A code we have no name for stays as it is. Names in other languages come from Babel's CLDR data,
    capitalised as the first word of a menu entry is.
    """
    code = language_code(language)
    if in_language != "en":
        from babel import Locale, UnknownLocaleError  # only pages in other languages need CLDR's names

        try:
            name = Locale.parse(in_language).languages.get(code)
        except (ValueError, UnknownLocaleError):
            name = None
        if name:
            return name[:1].upper() + name[1:]
    return LANGUAGE_NAMES.get(code, language or "")


def label_in(label: str, labels: str | dict | None, language: str) -> str:
    """A codebook label in ``language``: from its ``{language: label}`` table (or that table's JSON, as
    the store and the archive keep it), else ``label`` itself."""
    table = json.loads(labels) if isinstance(labels, str) else (labels or {})
    return table.get(language_code(language)) or label


def language_code(language: str | None) -> str:
    """The plain code of a language tag: "EN", "en-GB" and "en_US" are "en"; none is ""."""
    return (language or "").strip().lower().replace("_", "-").split("-")[0]
