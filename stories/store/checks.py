"""Standing checks, table ``checks``: the latest result of each (``stories verify``), for
``stories status``."""

from __future__ import annotations

from typing import TYPE_CHECKING

from stories.clock import now

if TYPE_CHECKING:
    from stories.store import Store


def save_check(store: Store, name: str, ok: bool, detail: str) -> None:
    """The latest result of a standing check."""
    with store.transaction():
        store.db["checks"].upsert({"name": name, "at": now(), "ok": int(ok), "detail": detail}, pk="name")


def checks(store: Store) -> list[dict]:
    """Every check's latest result, by name."""
    return list(store.db["checks"].rows_where(order_by="name"))
