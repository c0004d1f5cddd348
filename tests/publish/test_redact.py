import pytest

from publish.redact import PLACEHOLDERS, audio_spans, redact_segments, redact_text
from stories.model import Redaction, Segment, Word


def approx(spans):
    """pytest.approx for a list of (start, end) pairs."""
    return [pytest.approx(span) for span in spans]


def r(start, end, label="name", segment_idx=0, text=""):
    return Redaction(segment_idx, start, end, text, label)


SARAH = Segment(0, "Call Sarah Jones today", 1.0, 3.0, words=(
    Word(1.0, 1.4, " Call"), Word(1.4, 1.8, " Sarah"), Word(1.8, 2.3, " Jones"), Word(2.3, 3.0, " today")))


def test_each_label_becomes_its_placeholder():
    for label, placeholder in PLACEHOLDERS.items():
        assert redact_text("see x here", [r(4, 5, label)]) == f"see {placeholder} here"
    assert redact_text("see x here", [r(4, 5, "passport")]) == "see [redacted] here"


def test_several_spans_in_any_order():
    text = "Sarah at sarah@example.org or 0113 496 0000, LS1 4AP"
    spans = [r(45, 52, "postcode"), r(0, 5), r(30, 43, "phone"), r(9, 26, "email")]
    assert redact_text(text, spans) == "[name] at [email] or [phone], [postcode]"


def test_overlapping_spans_become_one_placeholder_with_the_first_label():
    text = "I live at 12 Hill Street Leeds now"
    assert redact_text(text, [r(10, 24, "address"), r(13, 30, "name")]) == "I live at [address] now"
    assert redact_text(text, [r(13, 17, "name"), r(10, 30, "address")]) == "I live at [address] now"


def test_touching_spans_stay_separate():
    assert redact_text("SarahJones", [r(0, 5), r(5, 10, "email")]) == "[name][email]"


def test_no_redactions_leave_the_text_alone():
    assert redact_text("Nothing to hide.", []) == "Nothing to hide."


@pytest.mark.parametrize("start,end", [(-1, 3), (5, 40), (4, 4), (6, 2)])
def test_spans_outside_the_text_raise(start, end):
    with pytest.raises(ValueError):
        redact_text("Call Sarah", [r(start, end)])


def test_redact_segments_keeps_times_and_drops_words():
    other = Segment(1, "It was fine.", 3.0, 4.5, avg_logprob=-0.2, words=(Word(3.0, 3.3, " It"),))
    out = redact_segments([SARAH, other], [r(5, 16, text="Sarah Jones")])
    assert [s.text for s in out] == ["Call [name] today", "It was fine."]
    assert [(s.idx, s.start, s.end) for s in out] == [(0, 1.0, 3.0), (1, 3.0, 4.5)]
    assert out[1].avg_logprob == -0.2
    assert all(s.words == () for s in out)
    assert "Sarah" not in repr(out)


def test_redact_segments_rejects_an_unknown_segment():
    with pytest.raises(ValueError):
        redact_segments([SARAH], [r(0, 4, segment_idx=7)])


def test_audio_spans_follow_the_words():
    assert audio_spans([SARAH], [r(5, 16)]) == approx([(1.25, 2.45)])
    assert audio_spans([SARAH], [r(5, 16)], pad=0) == approx([(1.4, 2.3)])


def test_audio_spans_cover_partly_redacted_words_and_clip_to_the_segment():
    # "ll Sar" touches "Call" and "Sarah"; padding before 1.0 is clipped to the segment.
    assert audio_spans([SARAH], [r(2, 8)]) == approx([(1.0, 1.95)])
    assert audio_spans([SARAH], [r(17, 22)], pad=0.5) == approx([(1.8, 3.0)])


def test_audio_spans_match_words_tolerantly():
    segment = Segment(0, "call SARAH, then", 0.0, 2.0,
                      words=(Word(0.0, 0.5, " Call"), Word(0.5, 1.0, " Sarah,"), Word(1.0, 2.0, " then")))
    assert audio_spans([segment], [r(5, 10)], pad=0.1) == approx([(0.4, 1.1)])


def test_audio_spans_fall_back_to_the_whole_segment():
    bare = Segment(0, "Call Sarah Jones today", 1.0, 3.0)
    assert audio_spans([bare], [r(5, 16)]) == [(1.0, 3.0)]
    # Heard "James", written "Jones": what was heard but is not in the text is silenced as well.
    odd = Segment(0, "Call Sarah Jones today", 1.0, 3.0, words=(*SARAH.words[:2], Word(1.8, 2.3, " James")))
    assert audio_spans([odd], [r(5, 16)]) == approx([(1.25, 2.45)])
    # Redacted text that no word covers (here: trailing punctuation).
    dotted = Segment(0, "Call Sarah.", 0.0, 1.0, words=(Word(0.0, 0.4, " Call"), Word(0.4, 1.0, " Sarah")))
    assert audio_spans([dotted], [r(10, 11)]) == [(0.0, 1.0)]


def test_written_stories_give_no_audio_spans():
    written = [Segment(0, "My neighbour Sarah Jones helped."), Segment(1, "Thanks to her.")]
    assert audio_spans(written, [r(13, 24)]) == []


def test_audio_spans_are_merged_and_sorted():
    late = Segment(1, "Ring Bob", 3.0, 4.0, words=(Word(3.0, 3.5, " Ring"), Word(3.5, 4.0, " Bob")))
    spans = audio_spans([SARAH, late], [r(5, 8, segment_idx=1), r(5, 10), r(11, 16), r(17, 22)])
    # Sarah, Jones and today overlap once padded; Bob, in the next segment, stays apart.
    assert spans == approx([(1.25, 3.0), (3.35, 4.0)])
    assert audio_spans([SARAH, late], [r(5, 8, segment_idx=1), r(0, 4)], pad=0) == approx(
        [(1.0, 1.4), (3.5, 4.0)])


def test_the_published_audio_says_only_what_the_published_text_says():
    """A moderator's edit reaches the audio: words taken out or replaced are silenced by their times."""
    edited = Segment(0, "Call Sarah today", 1.0, 3.0, words=SARAH.words, edited=True)  # "Jones" taken out
    assert audio_spans([edited], []) == approx([(1.65, 2.45)])
    misheard = Segment(0, "Call Sarah Whitfield today", 1.0, 3.0, edited=True, words=(
        Word(1.0, 1.4, " Call"), Word(1.4, 1.8, " Sarah"), Word(1.8, 2.3, " Whitfeld"),
        Word(2.3, 3.0, " today")))
    # The corrected name is redacted: the heard one, though spelt otherwise, is silenced under it.
    assert audio_spans([misheard], [r(11, 20)]) == approx([(1.65, 2.45)])
    untouched = Segment(0, "Call Sarah Jones today", 1.0, 3.0, words=SARAH.words)
    assert audio_spans([untouched], []) == []
    # A language written without spaces aligns letter by letter too.
    chinese = Segment(0, "我叫王小明", 0.0, 1.0, words=(Word(0.0, 0.4, "我叫"), Word(0.4, 1.0, "王小明")))
    assert audio_spans([chinese], [r(2, 5)]) == approx([(0.25, 1.0)])
