"""`mpm log`: the activity log from the shell, newest first.

One line per entry — when, who, which record, what was done, the summary, then
the fields it changed (`due: 2026-11-30 → 2026-12-02`); a create lists what it
set and a delete what was removed. `--task ID` keeps one card's history (its
dependencies too), `--entity KIND` one kind of record, `--since DATE` the
entries from that day on, `--limit N` the newest N (100 by default; the last
line says when there are more). `--format json` prints the entries with the
before/after values as they were recorded.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable, Sequence
from datetime import date, datetime, time, timedelta

from mpm_tui.cli import output
from mpm_tui.logic.dates import DateParseError, parse_date
from mpm_tui.schemas.views import ActivityView
from mpm_tui.services import activity
from mpm_tui.services.context import ServiceContext
from mpm_tui.services.errors import InvalidInput, NotFound
from mpm_tui.services.lookups import as_id, task_by_id

MAX_LIMIT = 100_000
WEEKDAYS = frozenset(
    {"mon", "tue", "wed", "thu", "fri", "sat", "sun"}
    | {"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"}
)


def task_id(text: str | None) -> int | None:
    """--task: a task's id, a whole number from 1 (as `mpm task list` shows it)."""
    if text is None:
        return None
    value = as_id(text.strip().removeprefix("#"))
    if value is None or value < 1:
        raise InvalidInput(
            f"--task: {text!r} is not a task id (a whole number, as `mpm task list` shows)"
        )
    return value


def limit(text: str) -> int:
    """--limit: how many entries, 1 to 100,000."""
    value = text.strip()
    if not value.isdecimal() or not 1 <= int(value) <= MAX_LIMIT:
        raise InvalidInput(f"--limit: {text!r} is not a whole number from 1 to {MAX_LIMIT:,}")
    return int(value)


def since_date(text: str, today: date) -> date:
    """--since: a date as typed anywhere in mpm; a weekday name is the last one (a
    log looks back), today included."""
    try:
        day = parse_date(text, today)
    except DateParseError as exc:
        raise InvalidInput(f"--since: {exc}") from None
    if text.strip().lower() in WEEKDAYS and day > today:
        day -= timedelta(days=7)
    return day


def entry_line(entry: ActivityView, widths: Sequence[int] = (0, 0, 0)) -> str:
    """`2026-11-23 09:30  Maya Chen  task #12  move  moved To Do → Doing: 'Brief' ·
    column: To Do → Doing`; who, what and action padded to `widths`."""
    who, what, action = widths
    head = "  ".join(
        (
            f"{entry.at:%Y-%m-%d %H:%M}",
            entry.actor.ljust(who),
            entry.what.ljust(what),
            entry.action.ljust(action),
        )
    )
    tail = " · ".join(
        [" ".join(entry.summary.split()), *(" ".join(c.text().split()) for c in entry.changes)]
    )
    return f"{head}  {tail}".rstrip()


def _document(entry: ActivityView) -> dict[str, object]:
    return {
        "id": entry.id,
        "at": entry.at,
        "actor": entry.actor,
        "entity": entry.entity,
        "entity_id": entry.entity_id,
        "action": entry.action,
        "summary": entry.summary,
        "before": entry.before,
        "after": entry.after,
    }


def cmd_log(ctx: ServiceContext, args: argparse.Namespace) -> int:
    task = task_id(args.task)
    count = limit(args.limit)
    kind = activity.entity_kind(args.entity) if args.entity is not None else None
    since = None
    if args.since is not None:
        since = datetime.combine(since_date(args.since, ctx.today()), time())
    found = activity.list_activity(entity=kind, task=task, since=since, limit=count + 1)
    more = len(found) > count
    found = found[:count]
    if task is not None and not found and since is None and kind is None:
        try:
            task_by_id(task)
        except NotFound:
            raise NotFound(f"--task: no task #{task}, and none in the log either") from None
    if args.format == "json":
        print(output.to_json([_document(entry) for entry in found]))
        return 0
    widths = [
        max((len(getattr(entry, name)) for entry in found), default=0)
        for name in ("actor", "what", "action")
    ]
    for entry in found:
        print(entry_line(entry, widths))
    if not found:
        print("(no entries)")
    elif more:
        print(f"(the newest {count}: --limit N shows more, --since DATE fewer)")
    return 0


HANDLERS: dict[tuple[str, str | None], Callable[[ServiceContext, argparse.Namespace], int]] = {
    ("log", None): cmd_log,
}
