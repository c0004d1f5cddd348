"""The languages stories are told in: those of the CoSIE pilots, which every stage must serve."""

#: ISO 639-1 codes, English first; the form, routing report and privacy rules cover each of them.
STORY_LANGUAGES = ("en", "es", "it", "fi", "sv", "nl", "hu", "pl", "et")
