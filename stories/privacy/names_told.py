"""Names told by the words around them, in whatever case they were written.

names.find_names reads capitals. People writing in a hurry, and Whisper's multilingual model when it
half hears a name, write names in lower case: "mi chiamo gennaro esposito detto rino", "mia madre
carmela sorrentino", "mr gwilym prydderch". Here the words around a name carry it instead:
- after a cue to one's own name ("me llamo", "my name is", "detto"), or a short title ("mr", "sig."),
  the words up to the next ordinary word (a stop word), at most three;
- after any other cue or role ("la trabajadora social", "mia moglie", "sono"), only a given name
  the name lists hold, with the surname after it ("soy fatima zahra el idrissi"); after "sono" or
  "soy", which open many an ordinary sentence ("sono stanca"), never a given name alone;
- between commas after a role: "L'assistente sociale, aurora rossi, mi ha detto";
- after any name found, by whatever finder: a nickname in brackets or quotes ("Tero Salminen (Tepi)",
  "«Encarni»") or the name spelled out ("that's m c b r i d e");
- outside English, a given name and a surname of the story's own country side by side ("mikko heikkinen").
"""

from __future__ import annotations

import re
from functools import cache

from stories.folding import fold_word
from stories.privacy import name_cues, name_words, names, words
from stories.privacy.normalise import folded
from stories.privacy.patterns import Span

#: At most this many words of a name after its cue, particles aside: "xuan carlos álvarez menéndez".
MAX_WORDS = 4
_NAME_WORD = r"[^\W\d_][\w'’-]*"
_NAME_WORD_RE = re.compile(_NAME_WORD)


def find_told(text: str, language: str = "en") -> list[Span]:
    """Names in lower case after a cue (see the module's note); capitalised ones are find_names' to find."""
    view = folded(text)
    given, family = words.gazetteer()
    found = []

    def lower_case(start: int, end: int) -> bool:
        return not any(w[0].isupper() for w in text[slice(*view.span(start, end))].split())

    for m in _after("", "own_name_cues", "lower_case_titles").finditer(view.text):
        end = _name_end(view.text, m.start("name"), language, given | family, need_known=False)
        first = m.group("name").split()[0]
        titled = fold_word(m.group("cue")) in words.folded_set("names", "lower_case_titles")
        if titled and not (name_words.forms(first, language) & (given | family)) and (
                language != "en" or first in words.english_words()):
            continue  # "sig. sindaco", "dr. traumatólogo": a job after the title, not a name
        if end and lower_case(m.start("name"), end):
            found.append((*view.span(m.start("name"), end), "name"))
    for m in _after(language, "introductions", "roles", "cues", "people", "titles", "pronoun_cues").finditer(
            view.text):
        first = m.group("name").split()[0]
        # Four letters at least: folded, short words turn into names ("käy", it goes: "Kay").
        if first in name_words.ambiguous() or len(first) < 4 or name_words.ordinary(first, language):
            continue
        # After a title, a surname the lists hold will do: "doctor sandhu", "la dottoressa ferraro".
        titled = fold_word(m.group("cue")).rstrip(".") in name_words.titles()
        if first not in given and not (titled and name_words.forms(first, language) & family):
            continue
        if language == "en" and first in words.english_words():
            continue  # "my sister said": English given names are often words too
        end = _name_end(view.text, m.start("name"), language, given | family, need_known=True)
        alone = end == m.start("name") + len(first)
        # After "sono" or "soy", and in Finnish after anyone ("opettaja näki", the teacher saw: "Naki"),
        # a given name needs a surname too.
        # Not where a teller opens with who they are ("okay so, I'm tasha", "mä oon sami"), nor a name
        # set off by commas ("mun kumppani, aleksi, auttoi"), nor one Voikko knows for a Finnish name.
        set_off = view.text[: m.start("name")].rstrip().endswith(",") and view.text[end : end + 1] == ","
        written = text[slice(*view.span(m.start("name"), m.start("name") + len(first)))]
        said = name_words.finnish_name(written) if language == "fi" else None
        if said is False:
            continue  # "opettaja näki" (saw): Voikko knows the word, and it is no name
        # Opening the story, with a comma after: "I'm tasha, and", not "sono stanca e non ce la faccio".
        opening = _opening(view.text, m.start()) and view.text[end : end + 1] == ","
        needs_two = (language in name_words.INFLECTED or fold_word(m.group("cue")) in words.folded_set(
            "names", "pronoun_cues")) and not (opening or set_off or said)
        if end and lower_case(m.start("name"), end) and not (alone and needs_two):
            found.append((*view.span(m.start("name"), end), "name"))
    return found


#: Where a teller's opening words may still be: "okay so, I'm tasha", "vale pues, yo soy florentina".
OPENING = 40


def _opening(text: str, at: int) -> bool:
    """Whether `at` is among the first words of the text or of a line."""
    return len(text[text.rfind("\n", 0, at) + 1 : at]) <= OPENING


@cache
def _after(language: str, *lists: str) -> re.Pattern:
    """A cue from the [names] word lists named (for "people", the story language's, and in Finnish
    compounds ending in people_heads too), maybe a copula ("is", "se llamaba"), then (looked ahead at)
    up to MAX_WORDS + 2 words."""
    data = words.data()["names"]
    cues = {fold_word(c) for key in lists if key != "people" for c in data[key]}
    if "people" in lists:
        cues |= name_cues.people_words(language)
    heads = f"|{name_words.people_head()}" if "people" in lists and language == "fi" else ""
    phrases = name_words.alternation(cues) + heads
    copulas = name_words.alternation(words.folded_set("names", "copulas"))
    # The name is looked ahead at, not taken, so a cue inside it is found too ("... detto rino").
    return re.compile(rf"(?<!\w)(?P<cue>{phrases})(?<=[\w.:])(?:[ \t]*,?[ \t]+(?:{copulas})(?!\w))?"
                      rf"[ \t]*[,:]?[ \t]+"
                      rf"(?=(?P<name>{_NAME_WORD}(?:[ \t]+{_NAME_WORD}){{0,{MAX_WORDS + 1}}}))")


def _name_end(text: str, start: int, language: str, known: frozenset[str], need_known: bool) -> int:
    """Where the name starting at `start` ends: before the first ordinary word or number, after at
    most MAX_WORDS words; with `need_known` every word must be in the name lists. 0: no name."""
    end, count, at = 0, 0, start
    for m in _NAME_WORD_RE.finditer(text, start):
        if text[at : m.start()].strip(" \t"):
            break  # a comma, a bracket, a full stop, a new line: the name has ended
        word, at = m.group(), m.end()
        if word in names.PARTICLES and count:
            continue  # "fatima zahra el idrissi": kept only if a name word follows
        if name_words.ordinary(word, language) or len(word) < 2 or count == MAX_WORDS:
            break
        unlisted = need_known and not name_words.forms(word, language) & known
        if unlisted or _finnish_word(word, count, language):
            # A surname no list holds, right after a given name: "mohamed amrani"; not "harold he's", and
            # not in Finnish, whose verbs run on after a name ("tommi sano", Tommi said).
            english = language == "en" and word in words.english_words()
            if count == 1 and "'" not in word and "’" not in word and not english and (
                    language not in name_words.INFLECTED):
                end = m.end()
            break
        end, count = m.end(), count + 1
    return end


def _finnish_word(word: str, count: int, language: str) -> bool:
    """Whether a word after a Finnish given name is a word Voikko knows and no name: "sano" (said) is
    some Japanese family's name too."""
    return bool(count) and language == "fi" and name_words.finnish_name(word) is False


#: An interview's question and the answer on the next line: "Q: Nome e cognome?\nA: Elona Hoxha, ...".
_ANSWERED = re.compile(r"(?m)^[ \t]*(?:Q|D|K|P)[ \t]*:[ \t]*(?P<question>[^\n]{0,80})\n"
                       r"[ \t]*(?:A|R|V)[ \t]*:[ \t]*(?P<answer>[^\n]+)")
_ANSWER_WORD = re.compile(r"[^\W\d_][\w'’-]*\.?")


def find_answers(text: str, language: str = "en") -> list[Span]:
    """The name an interview's answer opens with, when the question asked for it: up to the first
    comma, full stop or ordinary word, at most MAX_WORDS + 1 words ("Md. Rafiqul Islam Chowdhury")."""
    asked = words.folded_set("names", "questions")
    found = []
    for m in _ANSWERED.finditer(text):
        if not asked & set(re.findall(r"\w+", fold_word(m.group("question")))):
            continue
        end, at = 0, m.start("answer")
        for w in _ANSWER_WORD.finditer(text, at, m.end("answer")):
            word = fold_word(w.group().rstrip("."))
            if text[at : w.start()].strip() or name_words.ordinary(word, language) or w.group().isdigit():
                break
            end, at = w.end(), w.end()
            if w.group().endswith(".") and len(word) > 3:
                end -= 1
                break  # a full stop, not an abbreviation's ("Md."): the name has ended
        if end:
            found.append((m.start("answer"), end, "name"))
    return found


@cache
def _apposition() -> re.Pattern:
    roles = sorted({fold_word(r) for r in words.data()["names"]["roles"]}, key=len, reverse=True)
    return re.compile(rf"(?<!\w)(?:{'|'.join(map(re.escape, roles))}),\s+"
                      r"(?P<name>[^\W\d_][\w'’-]*(?:\s+[^\W\d_][\w'’-]*){0,2})\s*,")


@cache
def _kin_apposition(language: str) -> re.Pattern:
    people = name_cues.people_words(language) | words.folded_set("names", "introductions")
    articles = name_words.alternation(words.folded_set("names", "copulas"))
    return re.compile(rf"(?<!\w)(?:{name_words.alternation(people)}),\s+(?:(?:{articles})\s+)?"
                      r"(?P<name>[^\W\d_][\w'’-]*(?:\s+[^\W\d_][\w'’-]*){0,2})\s*,")


def find_appositions(text: str, language: str = "en") -> list[Span]:
    """A name set off by commas after a role, in whatever case Whisper wrote it: "L'assistente
    sociale, aurora rossi, mi ha detto". One to three words, not all of them ordinary ones. After
    the word for someone the teller knows ("mio padre, abdelkader, è dovuto"), listed or not, every
    word must be no ordinary word (particles aside), and in English no English word either."""
    view = folded(text)
    found = []
    for m in _apposition().finditer(view.text):
        if not all(name_words.ordinary(w, language) for w in m.group("name").split()):
            found.append((*view.span(m.start("name"), m.end("name")), "name"))
    given = words.gazetteer()[0]
    for m in _kin_apposition(language).finditer(view.text):
        said = [w for w in m.group("name").split() if w not in names.PARTICLES]
        if not said or not all(len(w) >= 3 and not name_words.ordinary(w, language) for w in said):
            continue
        # "Mi padre, jubilado," "mia sorella, vedova,", "mun kumppani, työtön,": a listed given name
        # first, and in Finnish one Voikko takes for a name when it knows the word.
        written = text[slice(*view.span(m.start("name"), m.start("name") + len(said[0])))]
        if said[0] not in given or said[0] in name_words.ambiguous() or (
                language == "fi" and name_words.finnish_name(written) is False) or (
                language == "en" and any(w in words.english_words() for w in said)):
            continue
        found.append((*view.span(m.start("name"), m.end("name")), "name"))
    return found


@cache
def _nickname() -> re.Pattern:
    leads = sorted({fold_word(w) for w in words.data()["names"]["nickname_leads"]}, key=len, reverse=True)
    return re.compile(rf"\s*,?\s*[(«\"“]\s*(?:(?:{'|'.join(map(re.escape, leads))})\s+)?"
                      rf"(?P<nick>{_NAME_WORD})(?:\s+[^\W\d]+){{0,2}}\s*[)»\"”]")


@cache
def _spelled() -> re.Pattern:
    data = words.data()["names"]
    leads = "|".join(map(re.escape, sorted(data["spelled_leads"], key=len, reverse=True)))
    letter = rf"(?:[^\W\d_]|{'|'.join(map(re.escape, data['spelled_marks']))})"
    return re.compile(
        rf"[ \t]*,?[ \t]*(?:(?i:{leads})[ \t]+)?(?P<spelled>{letter}(?:[ -]{letter}){{2,}})(?!\w)")


def after_names(text: str, found: list[Span], language: str = "en") -> list[Span]:
    """What follows a name found, once every finder has run: the name spelled out letter by letter
    ("callum mcbride that's m c b r i d e", three letters or more), or a nickname in brackets or
    quotes ("Bartomeu Pons (Tomeu para todos)", "Tero Salminen (Tepi)", "Encarnación Gómez,
    «Encarni»"), capitalised and not an ordinary word or a place."""
    after = []
    for _, end, label in found:
        if label != "name":
            continue
        if m := _spelled().match(text, end):
            after.append((m.start("spelled"), m.end("spelled"), "name"))
        elif (m := _nickname().match(text, end)) and _nickname_shaped(m.group("nick"), language):
            after.append((m.start("nick"), m.end("nick"), "name"))
    return after


def _nickname_shaped(nick: str, language: str) -> bool:
    return (nick[0].isupper() and not nick.isupper() and not name_words.not_a_name(nick, language)
            and not name_words.ordinary(fold_word(nick), language))


def find_lower_case_pairs(text: str, language: str = "en") -> list[Span]:
    """A given name and a surname of the story's own country written in lower case: "mikko heikkinen".

    The multilingual model writes a name it half heard in lower case. A pair is taken only when the
    first word is one of the language's own given names and the second one of its surnames, neither
    an ordinary word. Not English: Whisper's English models capitalise names, and English names are
    too often words ("will", "bill", "holly").
    """
    if language == "en" or language not in words.OWN_LOCALES:
        return []
    given, family = words.gazetteer(words.OWN_LOCALES[language])
    tokens = names.tokens_of(text)
    found = []
    for left, right in zip(tokens, tokens[1:], strict=False):
        if left.capitalised or right.capitalised or not names.joined(text, left, right):
            continue
        if min(len(left.folded), len(right.folded)) < 4 or left.folded in name_words.ambiguous():
            continue
        if name_words.ordinary(left.folded, language) or name_words.ordinary(right.folded, language):
            continue
        if left.folded in given and name_words.forms(right.folded, language) & family:
            found.append((left.start, right.end, "name"))
    return found
