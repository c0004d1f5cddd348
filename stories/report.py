"""Plain-text views of the working store for ``stories status``."""

from __future__ import annotations

import json

from stories.store import Store

BAR_WIDTH = 30


def percent(done: float | None, total: float | None) -> int | None:
    """Progress as a whole percentage, or None when nothing is known yet."""
    if not total or done is None:
        return None
    return max(0, min(100, int(100 * done / total)))


def progress_bar(story_id: str, done: float, total: float) -> str:
    """One terminal line: ``story [#######.......]  42%  126/300 s``."""
    share = percent(done, total) or 0
    filled = BAR_WIDTH * share // 100
    return f"{story_id} [{'#' * filled}{'.' * (BAR_WIDTH - filled)}] {share:3d}%  {done:.0f}/{total:.0f} s"


def agreement(store: Store, story_id: str) -> dict[str, list[str]] | None:
    """Where the teller's own themes and the machine's agree, or None if the teller chose none.

    Only machine themes from the groups the teller could choose from are compared.
    """
    chosen = {t["theme_id"] for t in store.rows("self_tags", story_id)}
    if not chosen:
        return None
    groups = {t["group"] for t in store.themes() if t["id"] in chosen}
    in_groups = {t["id"] for t in store.themes() if t["group"] in groups}
    machine = {t["theme_id"] for t in store.rows("tags", story_id)
               if t["status"] != "rejected" and t["theme_id"] in in_groups}
    return {"both": sorted(chosen & machine), "teller_only": sorted(chosen - machine),
            "machine_only": sorted(machine - chosen)}


def show_list(store: Store) -> str:
    """One line per story: id, state, kind, title; then the archive's standing checks."""
    stories = store.all()
    footer = archive_health(store)
    if not stories:
        return "\n".join(["No stories yet. Add one with `stories add FILE` or the web form.", *footer])
    lines = [f"{'id':<11} {'state':<12} {'done':>5} {'kind':<6} {'received':<20} title"]
    for s in stories:
        share = percent(s["progress_done"], s["progress_total"])
        done = f"{share}%" if share is not None else ""
        lines.append(f"{s['id']:<11} {s['state']:<12} {done:>5} {s['kind']:<6} {s['created_at'][:19]:<20} "
                     f"{s['title']}")
    return "\n".join([*lines, *footer])


def archive_health(store: Store) -> list[str]:
    """The last `stories verify` result, and what waits in the archive's outbox."""
    lines = [""]
    for check in store.checks():
        verdict = "ok" if check["ok"] else "BREACH"
        lines.append(f"{check['name']}: {verdict} at {check['at'][:19]}: {check['detail'].splitlines()[0]}")
    if len(lines) == 1:
        lines.append("verify: never run (`stories verify`)")
    if waiting := store.outbox.count():
        lines.append(f"archive outbox: {waiting} stories waiting for the syncer")
    return lines


def show_story(store: Store, story_id: str) -> str:
    """One story: its state, what each step produced, how long it took, and any error."""
    s = store.get(story_id)
    lines = [f"{s['id']}: {s['title']}", f"  state:     {s['state']}", f"  kind:      {s['kind']}"]
    if s["error"]:
        lines.append(f"  error:     {s['error']}")
    if s["duration"]:
        lines.append(f"  duration:  {s['duration']:.1f} s")
    if (share := percent(s["progress_done"], s["progress_total"])) is not None:
        lines.append(f"  progress:  {share}% ({s['progress_done']:.0f} of {s['progress_total']:.0f} s)")
    if s["flags"]:
        lines.append(f"  flags:     {', '.join(json.loads(s['flags']))}")
    if s["detected_language"]:
        prob = s["language_probability"]
        lines.append(f"  language:  {s['detected_language']}" + (f" (p={prob:.2f})" if prob else ""))
    if s["engine"]:
        lines.append(f"  engine:    {s['engine']} {s['model'] or ''}".rstrip())
    if s["campaign"]:
        lines.append(f"  campaign:  {s['campaign']}")
    if s["collected_by"]:
        lines.append(f"  collected: by {s['collected_by']}, in an interview")
    consents = store.consents(story_id)
    lines.append("  consent:   " + (", ".join(k for k, v in consents.items() if v) or "none (private)"))
    themes = sorted({t["theme_id"] for t in store.rows("tags", story_id)})
    if themes:
        lines.append(f"  themes:    {', '.join(themes)}")
    if s["framing"]:
        lines.append(f"  framing:   {s['framing']}")
    if (agreed := agreement(store, story_id)) is not None:
        lines.append(f"  teller's themes: agreed {', '.join(agreed['both']) or '-'}; "
                     f"teller only {', '.join(agreed['teller_only']) or '-'}; "
                     f"machine only {', '.join(agreed['machine_only']) or '-'}")
    if s["feeling"]:
        lines.append(f"  felt:      {s['feeling']} of 5")
    lines.append("  events:")
    for e in store.events(story_id):
        took = f" ({e['seconds']:.2f} s)" if e["seconds"] is not None else ""
        detail = f": {e['detail']}" if e["detail"] else ""
        lines.append(f"    {e['at'][:23]} {e['actor']:<7} {e['action']}{took}{detail}")
    return "\n".join(lines)
