"""The store's one time format: UTC, ISO 8601 to the millisecond, so times compare as text."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta


def later(seconds: float = 0) -> str:
    """UTC time ``seconds`` from now (0: now), in the store's time format."""
    at = datetime.now(UTC) + timedelta(seconds=seconds)
    return at.isoformat(timespec="milliseconds").replace("+00:00", "Z")


def now() -> str:
    """UTC time now, in the store's time format."""
    return later()
