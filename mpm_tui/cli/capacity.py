"""`mpm timeoff …` and `mpm setting …`: what shapes the workload's numbers.

Time off lowers a member's capacity in the weeks it covers; the workspace
settings (the collaborator share) decide who carries a task's estimate.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from datetime import date

from mpm_tui.cli import output
from mpm_tui.logic.workdays import working_days_between
from mpm_tui.schemas.views import TimeOffView
from mpm_tui.services import members, planning, settings
from mpm_tui.services.context import ServiceContext
from mpm_tui.services.errors import NotFound


def _working_days(start: date, end: date, holidays: set[date]) -> str:
    days = working_days_between(start, end, holidays)
    return f"{days} working day{'s' if days != 1 else ''}"


def _span(entry: TimeOffView, holidays: set[date]) -> str:
    """`2026-12-07 – 2026-12-11 (5 working days)`."""
    return f"{entry.start} – {entry.end} ({_working_days(entry.start, entry.end, holidays)})"


def _find(time_off_id: int, member: str | None = None) -> TimeOffView:
    found = next((t for t in members.list_time_off(member=member) if t.id == time_off_id), None)
    if found is None:
        raise NotFound(f"no time off #{time_off_id} (see `mpm timeoff list`)")
    return found


def cmd_timeoff_list(ctx: ServiceContext, args: argparse.Namespace) -> int:
    found = members.list_time_off(member=args.member)
    holidays = planning.holidays()
    if args.format == "json":
        document = [
            {
                "id": t.id,
                "member": t.member,
                "start": t.start,
                "end": t.end,
                "working_days": working_days_between(t.start, t.end, holidays),
                "note": t.note,
            }
            for t in found
        ]
        print(output.to_json(document))
        return 0
    rows = [
        (
            t.id,
            t.member,
            t.start,
            t.end,
            working_days_between(t.start, t.end, holidays),
            t.note or None,
        )
        for t in found
    ]
    print(
        output.table(
            ("id", "member", "start", "end", "working days", "note"), rows, widths={"note": 40}
        )
    )
    return 0


def cmd_timeoff_add(ctx: ServiceContext, args: argparse.Namespace) -> int:
    from mpm_tui.cli.commands import _date  # commands imports this module for HANDLERS

    data = {
        "member": args.member,
        "start": _date(args.start, "start", ctx),
        "end": _date(args.end, "end", ctx),
        "note": args.note,
    }
    entry = _find(members.add_time_off(ctx, data), args.member)
    print(f"recorded time off #{entry.id} for {entry.member}: {_span(entry, planning.holidays())}")
    return 0


def cmd_timeoff_remove(ctx: ServiceContext, args: argparse.Namespace) -> int:
    entry = _find(args.id)
    members.remove_time_off(ctx, args.id)
    print(f"removed time off #{entry.id} of {entry.member}: {_span(entry, planning.holidays())}")
    return 0


def cmd_setting_list(ctx: ServiceContext, args: argparse.Namespace) -> int:
    found = settings.list_settings()
    if args.format == "json":
        print(output.to_json([{"key": k, "value": v, "help": h} for k, v, h in found]))
    else:
        print(output.table(("key", "value", "meaning"), found, widths={"meaning": 80}))
    return 0


def cmd_setting_set(ctx: ServiceContext, args: argparse.Namespace) -> int:
    was = settings.get_setting(args.key)
    value = settings.set_setting(ctx, args.key, args.value)
    print(f"set {args.key} = {value:g} (was {was:g})")
    return 0


HANDLERS: dict[tuple[str, str | None], Callable[[ServiceContext, argparse.Namespace], int]] = {
    ("timeoff", "list"): cmd_timeoff_list,
    ("timeoff", "add"): cmd_timeoff_add,
    ("timeoff", "remove"): cmd_timeoff_remove,
    ("setting", "list"): cmd_setting_list,
    ("setting", "set"): cmd_setting_set,
}
