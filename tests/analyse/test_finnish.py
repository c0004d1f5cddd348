"""Finnish through Voikko: lemmas of inflected words, and compound heads that find one-word patterns."""

import pytest

from analyse import analyse_segments
from analyse.finnish import compound_head, voikko
from stories.model import Segment


def test_compound_head_from_voikkos_word_bases():
    assert compound_head("pitkäaikaistyöttömyys",
                         "+pitkä(pitkä)+aika(aika)+is(+inen)+työttömy(työtön)+ys(+ys)") == "työttömyys"
    assert compound_head("työmarkkinatuki", "+työ(työ)+markkina(markkina)+tuki(tuki)") == "tuki"
    assert compound_head("yksinäisyys", "+yksinäisy(yksinäinen)+ys(+ys)") is None  # one word, a suffix
    assert compound_head("kela", "") is None


def test_voikko_is_installed_by_the_makefile():
    assert voikko() is not None, "make test installs Debian's libvoikko1 and voikko-fi"


@pytest.mark.parametrize("text, theme", [
    ("Pitkäaikaistyöttömyys vei minulta kaiken.", "employment"),  # a compound: its head is "työttömyys"
    ("Olin asunnottomana kaksi vuotta.", "housing"),  # an inflected form: lemma "asunnoton"
])
def test_finnish_compounds_and_cases_are_tagged(text, theme):
    analysis = analyse_segments([Segment(0, text)], language="fi")
    assert theme in {t.theme_id for t in analysis.tags}
    assert "voikko" in analysis.model
