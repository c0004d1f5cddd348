"""The audit log as a moderator reads it: state names in words, worker leases out of the way."""

from __future__ import annotations

import json
import re

from collect.status import LABELS
from stories.model import State

#: A state's code inside a longer action ("moved to in_review"); only the codes no English word
#: looks like: "rejected tag" is a tag the moderator rejected, not a story "not published".
_STATE_CODE = re.compile(r"\b(" + "|".join(sorted((s.value for s in State if "_" in s.value), key=len,
                                                  reverse=True)) + r")\b")
_LEASE = re.compile(r"^lease (\S+)$")


def state_words(state: str | None) -> str:
    """``in_review`` as "in review", ``kept_private`` as "approved, kept private"."""
    return str(LABELS.get(State(state), state)) if state in set(State) else state or ""


def _in_words(action: str) -> str:
    """A transition's action (the state it reached) in words; other actions keep their own words."""
    if action in set(State):
        return state_words(action)
    return _STATE_CODE.sub(lambda m: state_words(m[1]), action)


def _change(value: str | None) -> str:
    """A before or after value: a recorded state in words, other fields as ``name: value``."""
    if not value:
        return ""
    try:
        data = json.loads(value)
    except ValueError:
        return value
    if not isinstance(data, dict):
        return str(data)
    return "; ".join(state_words(v) if k == "state" else f"{k}: {v}" for k, v in data.items())


def readable(event: dict) -> dict:
    """One log entry for the review page: what happened in words; a worker's lease id kept apart
    (it matters to whoever debugs a crash, not to a moderator reading the story's history)."""
    detail = event.get("detail") or ""
    lease = _LEASE.match(detail)
    return {"at": event["at"][:19].replace("T", " "), "actor": event["actor"],
            "action": _in_words(event["action"]), "detail": "" if lease else detail,
            "lease": lease[1] if lease else "",
            "change": (_change(event.get("before")), _change(event.get("after")))}
