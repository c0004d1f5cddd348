from types import SimpleNamespace

from transcribe.segments import collect_segments


def _raw(start: float, end: float, text: str) -> SimpleNamespace:
    return SimpleNamespace(
        start=start, end=end, text=text, avg_logprob=-0.2, no_speech_prob=0.1
    )


def test_strips_text_drops_empty_segments_and_renumbers():
    raw = [_raw(0, 1, " One. "), _raw(1, 2, "   "), _raw(2, 3, " Three.")]
    segments = collect_segments(iter(raw), 3.5, None)
    assert [(s.idx, s.text) for s in segments] == [(0, "One."), (1, "Three.")]
    assert (segments[1].start, segments[1].end) == (2.0, 3.0)


def test_progress_reported_per_segment_then_complete():
    calls: list[tuple[float, float]] = []
    raw = [_raw(0, 1, "a"), _raw(1, 2.5, "b")]
    collect_segments(iter(raw), 3.0, lambda done, total: calls.append((done, total)))
    assert calls == [(1.0, 3.0), (2.5, 3.0), (3.0, 3.0)]


def test_chunks_are_cut_into_sentences_by_word_times():
    from types import SimpleNamespace as NS

    from transcribe.segments import sentences

    words = [NS(word=w, start=i, end=i + 0.5) for i, w in
             enumerate([" Mr.", " Dashwood", " came.", " Was", " he", " kind?", " The", " U.S.", " end"])]
    chunk = NS(text="ignored", start=0, end=9, avg_logprob=-0.2, no_speech_prob=0.1, words=words)
    pieces = list(sentences([chunk, NS(text=" no words", start=9, end=10, words=None)]))
    assert [p.text for p in pieces] == ["Mr. Dashwood came.", "Was he kind?", "The U.S. end", " no words"]
    assert [(p.start, p.end) for p in pieces[:3]] == [(0, 2.5), (3, 5.5), (6, 8.5)]
    assert all(p.avg_logprob == -0.2 for p in pieces[:3])
