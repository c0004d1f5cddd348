"""Plain-text views of the working store for ``stories status``."""

from __future__ import annotations

from stories.store import Store


def show_list(store: Store) -> str:
    """One line per story: id, state, kind, title."""
    stories = store.all()
    if not stories:
        return "No stories yet. Add one with `stories add FILE` or the web form."
    lines = [f"{'id':<11} {'state':<12} {'kind':<6} {'received':<20} title"]
    for s in stories:
        lines.append(f"{s['id']:<11} {s['state']:<12} {s['kind']:<6} {s['created_at'][:19]:<20} {s['title']}")
    return "\n".join(lines)


def show_story(store: Store, story_id: str) -> str:
    """One story: its state, what each step produced, how long it took, and any error."""
    s = store.get(story_id)
    lines = [f"{s['id']}: {s['title']}", f"  state:     {s['state']}", f"  kind:      {s['kind']}"]
    if s["error"]:
        lines.append(f"  error:     {s['error']}")
    if s["duration"]:
        lines.append(f"  duration:  {s['duration']:.1f} s")
    if s["detected_language"]:
        prob = s["language_probability"]
        lines.append(f"  language:  {s['detected_language']}" + (f" (p={prob:.2f})" if prob else ""))
    if s["engine"]:
        lines.append(f"  engine:    {s['engine']} {s['model'] or ''}".rstrip())
    consents = store.consents(story_id)
    lines.append("  consent:   " + (", ".join(k for k, v in consents.items() if v) or "none (private)"))
    themes = sorted({t["theme_id"] for t in store.rows("tags", story_id)})
    if themes:
        lines.append(f"  themes:    {', '.join(themes)}")
    lines.append("  events:")
    for e in store.events(story_id):
        took = f" ({e['seconds']:.2f} s)" if e["seconds"] is not None else ""
        detail = f": {e['detail']}" if e["detail"] else ""
        lines.append(f"    {e['at'][:23]} {e['actor']:<7} {e['action']}{took}{detail}")
    return "\n".join(lines)
