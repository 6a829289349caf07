"""What each `mpm` command does, once the arguments have parsed (cli/session.py
opens the workspace and picks the handler; only a command, never the TUI,
imports this module and every command group's)."""

from __future__ import annotations

import argparse
import sys
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from mpm_tui.cli import (
    activity_log,
    admin,
    backup,
    capacity,
    goals,
    output,
    priority,
    reports,
    retro,
    risks,
    scope,
    templates,
)
from mpm_tui.logic.dates import DateParseError, parse_date
from mpm_tui.logic.schedule import Risk, ScheduleCycle
from mpm_tui.logic.workdays import WorkCalendar
from mpm_tui.schemas.enums import Role
from mpm_tui.services import boards, members, planning, projects, tasks, timeline
from mpm_tui.services.context import ServiceContext
from mpm_tui.services.errors import InvalidInput, RuleViolation


def _date(text: str | None, field: str, ctx: ServiceContext) -> str | None:
    if text is None:
        return None
    try:
        return parse_date(text, ctx.today()).isoformat()
    except DateParseError as exc:
        raise InvalidInput(f"--{field}: {exc}") from None


def cmd_demo(ctx: ServiceContext, args: argparse.Namespace) -> int:
    from mpm_tui.services.workspace_import import workspace_is_empty

    if not workspace_is_empty():
        raise InvalidInput(
            "demo: the database already holds a workspace: give a new file with --db FILE"
        )
    ctx.require(Role.ADMIN, "write the demo workspace")  # --read-only: nothing is written
    from mpm_tui.services.context import Actor
    from mpm_tui.services.demo import build_demo

    build_demo(ServiceContext(Actor("demo set-up", Role.ADMIN)))
    print(
        f"wrote the demo workspace: {len(tasks.list_tasks())} tasks "
        f"on {len(boards.list_boards())} boards"
    )
    return 0


def cmd_info(ctx: ServiceContext, args: argparse.Namespace) -> int:
    from mpm_tui.db.database import db
    from mpm_tui.db.migrations import current_version

    print(f"database: {db.obj.database}")
    print(f"schema version: {current_version(db.obj)}")
    role = f"{ctx.actor.role.value}" + (f" ({ctx.actor.note})" if ctx.actor.note else "")
    print(f"you: {ctx.actor.name}, {role}")
    print(
        f"members: {len(members.list_members())}, boards: {len(boards.list_boards())}, "
        f"projects: {len(projects.list_projects())}, open tasks: {len(tasks.list_tasks())}"
    )
    return 0


def cmd_export(ctx: ServiceContext, args: argparse.Namespace) -> int:
    from mpm_tui.services.workspace_export import export_toml

    text = export_toml()
    if args.output:
        out = Path(args.output)
        output.write_file(out, text)
        print(f"exported to {out}", file=sys.stderr)
    else:
        sys.stdout.write(text)
    return 0


def cmd_import(ctx: ServiceContext, args: argparse.Namespace) -> int:
    from mpm_tui.services.files import read_text
    from mpm_tui.services.workspace_import import import_document, parse_document

    path = Path(args.path)
    text = read_text(path, name=str(path), not_a="a workspace document", expected="TOML")
    document = parse_document(text, source=str(path))
    summary = import_document(ctx, document, source=str(path))
    print(summary.describe())
    return 0


TASK_HEADERS = ("id", "title", "project", "column", "pos", "owner", "est", "start", "due")


def cmd_task_list(ctx: ServiceContext, args: argparse.Namespace) -> int:
    found = tasks.list_tasks(
        board=args.board, column=args.column, owner=args.owner, project=args.project
    )
    if args.format == "json":
        print(output.to_json(found))
    else:
        rows = [
            (
                t.id,
                t.title,
                t.project,
                t.column,
                t.position,
                t.owner,
                t.estimate_days,
                t.start,
                t.due,
            )
            for t in found
        ]
        print(output.table(TASK_HEADERS, rows, widths={"title": 40, "project": 24}))
    return 0


def cmd_task_add(ctx: ServiceContext, args: argparse.Namespace) -> int:
    data = {
        "title": args.title,
        "project": args.project,
        "board": args.board,
        "column": args.column,
        "position": args.position,
        "owner": args.owner,
        "reviewer": args.reviewer,
        "estimate_days": args.estimate,
        "start": _date(args.start, "start", ctx),
        "due": _date(args.due, "due", ctx),
        "channel": args.channel,
        "description": args.description,
    }
    if args.priority:
        data["priority"] = args.priority
    task = tasks.create_task(ctx, {k: v for k, v in data.items() if v is not None})
    if args.format == "json":
        print(output.to_json(task))
    else:
        print(f"added task #{task.id} {task.title!r} to {task.column} (position {task.position})")
    return 0


def cmd_task_move(ctx: ServiceContext, args: argparse.Namespace) -> int:
    if args.position is not None and args.position < 0:
        raise InvalidInput(f"--position: must be 0 or more (got {args.position})")
    task = tasks.move_task_to(ctx, args.id, args.column, args.position, reviewer=args.reviewer)
    print(f"moved #{task.id} {task.title!r} to {task.column} (position {task.position})")
    return 0


def cmd_task_show(ctx: ServiceContext, args: argparse.Namespace) -> int:
    task = tasks.get_task(args.id)
    if args.format == "json":
        print(output.to_json(task))
        return 0
    fields = [
        ("title", task.title),
        ("board", task.board),
        ("column", task.column),
        ("position", task.position),
        ("project", task.project),
        ("owner", task.owner),
        ("reviewer", task.reviewer),
        ("channel", task.channel),
        ("estimate", task.estimate_days),
        ("start", task.start),
        ("due", task.due),
        ("priority", task.priority),
        ("blocked", task.blocked_reason or task.blocked),
        ("checklist", f"{task.checklist_done}/{task.checklist_total}"),
        ("depends on", ", ".join(f"#{d}" for d in task.depends_on) or None),
        ("description", task.description or None),
    ]
    print(f"#{task.id}")
    for name, value in fields:
        print(f"  {name:<12} {output.cell(value)}")
    return 0


def cmd_project_list(ctx: ServiceContext, args: argparse.Namespace) -> int:
    found = projects.list_projects()
    if args.format == "json":
        print(output.to_json(found))
    else:
        rows = [
            (p.id, p.name, p.status, p.owner, p.start, p.end, ", ".join(p.channels)) for p in found
        ]
        print(output.table(("id", "name", "status", "owner", "start", "end", "channels"), rows))
    return 0


def cmd_project_add(ctx: ServiceContext, args: argparse.Namespace) -> int:
    data = {
        "name": args.name,
        "owner": args.owner,
        "status": args.status,
        "start": _date(args.start, "start", ctx),
        "end": _date(args.end, "end", ctx),
        "description": args.description,
        "channels": [c for c in (args.channels or "").split(",") if c.strip()],
    }
    project = projects.create_project(ctx, {k: v for k, v in data.items() if v is not None})
    print(f"added project {project.name!r} ({project.status.value})")
    return 0


def cmd_project_status(ctx: ServiceContext, args: argparse.Namespace) -> int:
    project = projects.set_status(ctx, args.name, args.status)
    print(f"project {project.name!r} is now {project.status.value}")
    return 0


def cmd_project_close(ctx: ServiceContext, args: argparse.Namespace) -> int:
    project = projects.set_status(ctx, args.name, "done")
    print(f"project {project.name!r} closed")
    return 0


def cmd_member_list(ctx: ServiceContext, args: argparse.Namespace) -> int:
    found = members.list_members(include_inactive=args.all)
    if args.format == "json":
        print(output.to_json(found))
    else:
        rows = [
            (
                m.id,
                m.name + ("" if m.active else " (inactive)"),
                m.handle,
                m.role,
                m.capacity_days,
                m.organisation if m.is_external else "internal",
            )
            for m in found
        ]
        print(output.table(("id", "name", "handle", "role", "days/wk", "team"), rows))
    return 0


def cmd_member_add(ctx: ServiceContext, args: argparse.Namespace) -> int:
    data = {
        "name": args.name,
        "handle": args.handle,
        "role": args.role,
        "capacity_days": args.capacity,
        "is_external": args.external,
        "organisation": args.org,
    }
    member = members.create_member(ctx, {k: v for k, v in data.items() if v is not None})
    print(f"added member {member.name!r} ({member.role.value})")
    return 0


def cmd_board_list(ctx: ServiceContext, args: argparse.Namespace) -> int:
    found = boards.list_boards()
    if args.format == "json":
        print(output.to_json(found))
    else:
        print(output.table(("id", "name", "tasks"), [(b.id, b.name, b.task_count) for b in found]))
    return 0


def cmd_board_add(ctx: ServiceContext, args: argparse.Namespace) -> int:
    names = [n.strip() for n in args.columns.split(",")]
    if any(not n for n in names):
        raise InvalidInput(f"--columns: empty column name in {args.columns!r}")
    columns = [
        {"name": n, "is_done": i == len(names) - 1 and len(names) > 1} for i, n in enumerate(names)
    ]
    board = boards.create_board(ctx, {"name": args.name, "columns": columns})
    print(f"added board {board.name!r} with columns {', '.join(names)}")
    return 0


def cmd_column_set_limit(ctx: ServiceContext, args: argparse.Namespace) -> int:
    limit = boards.parse_limit(args.limit)
    if args.per_person:
        column = boards.set_person_limit(ctx, args.board, args.column, limit)
        held = column.person_limit
        print(f"{column.name}: per-person limit {held if held else 'none'}")
        return 0
    column = boards.set_wip_limit(ctx, args.board, args.column, limit)
    print(f"{column.name}: WIP limit {column.wip_limit if column.wip_limit else 'none'}")
    return 0


SCHEDULE_HEADERS = (
    "id",
    "title",
    "earliest start",
    "earliest finish",
    "latest start",
    "latest finish",
    "slack",
    "critical",
)


def cmd_schedule(ctx: ServiceContext, args: argparse.Namespace) -> int:
    """The project's schedule exactly as the timeline computes it."""
    try:
        data, schedule = timeline.project_schedule(args.project, ctx.today())
    except ScheduleCycle as exc:
        raise RuleViolation(
            f"cannot schedule {args.project!r}: {exc} (remove one of these dependencies)"
        ) from None
    project = data.projects[0]
    titles = {t.id: t.title for t in data.tasks}
    timings = sorted(schedule.timings.values(), key=lambda t: (t.earliest_start, t.task))
    projected = schedule.ends.get(project.id)
    path = schedule.critical_path(project.id)
    if args.format == "json":
        document: dict[str, Any] = {
            "project": project.name,
            "start": project.start,
            "end": project.end,
            "projected_end": projected,
            "critical_path": list(path),
            "tasks": [
                {
                    "id": t.task,
                    "title": titles[t.task],
                    "earliest_start": t.earliest_start,
                    "earliest_finish": t.earliest_finish,
                    "latest_start": t.latest_start,
                    "latest_finish": t.latest_finish,
                    "slack": t.slack,
                    "critical": t.critical,
                    "duration": t.duration,
                }
                for t in timings
            ],
            "risks": [
                {"kind": r.kind, "message": r.message, "task": r.task, "milestone": r.milestone}
                for r in schedule.risks
            ],
        }
        print(output.to_json(document))
        return 0
    if projected is None:
        print(f"project {project.name!r} has no tasks to schedule")
        return 0
    rows = [
        (
            t.task,
            titles[t.task],
            t.earliest_start,
            t.earliest_finish,
            t.latest_start,
            t.latest_finish,
            t.slack,
            t.critical,
        )
        for t in timings
    ]
    print(output.table(SCHEDULE_HEADERS, rows, widths={"title": 40}))
    print()
    print(f"projected end: {projected} ({_against_end(projected, project.end, data.holidays)})")
    print("critical path: " + (" → ".join(f"#{task}" for task in path) or "none"))
    if not schedule.risks:
        print("risks: none")
    for risk in schedule.risks:
        print(_risk_line(risk, titles))
    return 0


def _against_end(projected: date, end: date | None, holidays: frozenset[date]) -> str:
    """How the projected end compares with the project's end date."""
    if end is None:
        return "the project has no end date"
    if projected <= end:
        return f"end date {end}"
    late = WorkCalendar(holidays).between(end + timedelta(days=1), projected)
    return f"end date {end}: {late} working day{'s' if late != 1 else ''} late"


def _risk_line(risk: Risk, titles: dict[int, str]) -> str:
    if risk.task is None:
        return f"⚠ {risk.message}"
    return f"⚠ #{risk.task} {output.cell(titles.get(risk.task, ''), 40)}: {risk.message}"


def _day(text: str, ctx: ServiceContext) -> date:
    """A DATE argument, read as every other date of the CLI is."""
    return date.fromisoformat(_date(text, "date", ctx) or "")


def cmd_holiday_list(ctx: ServiceContext, args: argparse.Namespace) -> int:
    found = planning.list_holidays()
    if args.format == "json":
        print(output.to_json([{"date": day, "name": name} for day, name in found]))
    else:
        rows = [(day, f"{day:%a}", name or None) for day, name in found]
        print(output.table(("date", "day", "name"), rows, widths={"name": 40}))
    return 0


def cmd_holiday_add(ctx: ServiceContext, args: argparse.Namespace) -> int:
    day = _day(args.date, ctx)
    existed = day in planning.holidays()
    planning.add_holiday(ctx, day, args.name)
    if existed:
        print(f"{day} is already a holiday")
    else:
        note = "" if day.weekday() < 5 else " (a weekend day: no working day changes)"
        print(f"added holiday {day} {args.name.strip()}".rstrip() + note)
    return 0


def cmd_holiday_remove(ctx: ServiceContext, args: argparse.Namespace) -> int:
    day = _day(args.date, ctx)
    planning.remove_holiday(ctx, day)
    print(f"removed holiday {day}")
    return 0


HANDLERS = {
    ("demo", None): cmd_demo,
    ("info", None): cmd_info,
    ("export", None): cmd_export,
    ("import", None): cmd_import,
    ("task", "list"): cmd_task_list,
    ("task", "add"): cmd_task_add,
    ("task", "move"): cmd_task_move,
    ("task", "show"): cmd_task_show,
    ("project", "list"): cmd_project_list,
    ("project", "add"): cmd_project_add,
    ("project", "status"): cmd_project_status,
    ("project", "close"): cmd_project_close,
    ("member", "list"): cmd_member_list,
    ("member", "add"): cmd_member_add,
    ("board", "list"): cmd_board_list,
    ("board", "add"): cmd_board_add,
    ("column", "set-limit"): cmd_column_set_limit,
    ("schedule", None): cmd_schedule,
    ("holiday", "list"): cmd_holiday_list,
    ("holiday", "add"): cmd_holiday_add,
    ("holiday", "remove"): cmd_holiday_remove,
    **reports.HANDLERS,
    **capacity.HANDLERS,
    **retro.HANDLERS,
    **goals.HANDLERS,
    **templates.HANDLERS,
    **risks.HANDLERS,
    **scope.HANDLERS,
    **priority.HANDLERS,
    **backup.HANDLERS,
    **activity_log.HANDLERS,
    **admin.HANDLERS,
}
