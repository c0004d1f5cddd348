"""Campaigns: a question, a place and a time that stories are gathered around.

A reporter opens "Getting into work, Valencia 2027" with its own prompt
questions, a list of places and, optionally, its own codebook. Its form lives
at ``/c/<slug>``; stories sent there are filed under it, and the archive can be
faceted by it. The working store keeps who opened it; the archive only its
title, description and prompts.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass

from stories.errors import StoriesError
from stories.store import Store

SLUG = re.compile(r"^[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?$")
MAX_TITLE = 200
MAX_PROMPTS = 12


class CampaignError(StoriesError):
    """A bad campaign slug or title, an unknown campaign, or one that is closed."""


@dataclass(frozen=True)
class Campaign:
    """One campaign as the form and the worker need it."""

    slug: str
    title: str
    description: str = ""
    prompts: tuple[str, ...] = ()
    places: tuple[str, ...] = ()
    codebook: str = ""  # a codebook TOML path; empty: the installation's codebook
    closed_at: str | None = None

    @property
    def is_open(self) -> bool:
        return self.closed_at is None


def add_campaign(store: Store, slug: str, title: str, *, description: str = "",
                 prompts: Iterable[str] = (), places: Iterable[str] = (), codebook: str = "",
                 actor: str = "cli") -> Campaign:
    """Open a campaign, or update one that exists (its stories stay filed under it)."""
    slug = slug.strip().lower()
    if not SLUG.match(slug):
        raise CampaignError("A campaign's short name (slug) may use lower-case letters, digits and '-', "
                            "such as 'work-valencia-2027'.")
    title = " ".join(title.split())
    if not title or len(title) > MAX_TITLE:
        raise CampaignError(f"A campaign needs a title of 1 to {MAX_TITLE} characters.")
    prompts = [" ".join(p.split()) for p in prompts if p.strip()]
    if len(prompts) > MAX_PROMPTS:
        raise CampaignError(f"A campaign may have at most {MAX_PROMPTS} prompt questions.")
    places = list(dict.fromkeys(" ".join(p.split()) for p in places if p.strip()))
    row = {"slug": slug, "title": title, "description": description.strip(),
           "prompts": json.dumps(prompts, ensure_ascii=False),
           "places": json.dumps(places, ensure_ascii=False), "codebook": codebook}
    store.campaigns.save(row, actor)
    return get_campaign(store, slug)


def get_campaign(store: Store, slug: str) -> Campaign:
    """The campaign with this slug; raises CampaignError."""
    rows = list(store.db["campaigns"].rows_where("slug = ?", [slug]))
    if not rows:
        raise CampaignError(f"There is no campaign called {slug!r}.")
    return _campaign(rows[0])


def open_campaign(store: Store, slug: str) -> Campaign:
    """The campaign, if stories may still be filed under it."""
    campaign = get_campaign(store, slug)
    if not campaign.is_open:
        raise CampaignError("This campaign has closed and takes no more stories.")
    return campaign


def list_campaigns(store: Store) -> list[Campaign]:
    """Every campaign, newest first."""
    return [_campaign(r) for r in store.db["campaigns"].rows_where(order_by="created_at desc")]


def close_campaign(store: Store, slug: str) -> Campaign:
    """Take no more stories; the ones filed stay, and stay in the archive."""
    get_campaign(store, slug)
    store.campaigns.close(slug)
    return get_campaign(store, slug)


def story_counts(store: Store) -> dict[str, int]:
    """How many stories each campaign holds."""
    rows = store.db.execute("select campaign, count(*) from stories where campaign is not null "
                            "group by campaign").fetchall()
    return dict(rows)


def _campaign(row: dict) -> Campaign:
    return Campaign(row["slug"], row["title"], row["description"] or "",
                    tuple(json.loads(row["prompts"] or "[]")), tuple(json.loads(row["places"] or "[]")),
                    row["codebook"] or "", row["closed_at"])
