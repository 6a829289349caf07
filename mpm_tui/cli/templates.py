"""`mpm template list|show|save` and `mpm project new --template`: templates from the shell.

`template list` prints every usable template and reports each broken user
template on stderr (one line, naming the file and the field) without failing;
`template show` prints the plan a template lays out; `project new` creates a
project from one; `template save` writes a project as a template file.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from typing import Any

from mpm_tui.cli import output
from mpm_tui.logic.dates import DateParseError, parse_date
from mpm_tui.schemas.templates import Template, display_path
from mpm_tui.services import projects, tasks, templates
from mpm_tui.services.context import ServiceContext
from mpm_tui.services.errors import InvalidInput


def _offset(value: int) -> str:
    """-3, 0, +2: a working-day offset from launch."""
    return f"{value:+d}" if value else "0"


def cmd_template_list(ctx: ServiceContext, args: argparse.Namespace) -> int:
    listing = templates.list_templates()
    if args.format == "json":
        document = [
            {
                "name": t.name,
                "description": t.description,
                "kind": t.kind,
                "tasks": t.task_count,
                "source": t.source,
                "path": str(t.path),
            }
            for t in listing.templates
        ]
        print(output.to_json(document))
    else:
        rows = [(t.name, t.task_count, t.source, t.description) for t in listing.templates]
        print(
            output.table(
                ("name", "tasks", "source", "description"), rows, widths={"description": 60}
            )
        )
    for problem in listing.problems:
        print(f"mpm: warning: {problem} (skipped)", file=sys.stderr)
    return 0


def _show_document(template: Template, source: str, path: str) -> dict[str, Any]:
    return {"source": source, "path": path, **template.model_dump(mode="json")}


def _kpi_line(kpi: Any) -> str:
    unit = f" {kpi.unit}" if kpi.unit else ""
    if kpi.into:
        rate = f" at {output.cell(kpi.rate * 100)}%" if kpi.rate is not None else ""
        return f"{kpi.name} → {kpi.into}{rate}"
    target = f", target {output.cell(kpi.target)}{unit}" if kpi.target is not None else ""
    return f"{kpi.name}{' (KGI)' if kpi.kgi else ''}{target}"


def cmd_template_show(ctx: ServiceContext, args: argparse.Namespace) -> int:
    template, info = templates.find_template(args.name)
    if args.format == "json":
        print(output.to_json(_show_document(template, info.source, str(info.path))))
        return 0
    number = {task.title.casefold(): index for index, task in enumerate(template.tasks, 1)}
    print(f"{template.name}: {template.description}" if template.description else template.name)
    details = [
        ("kind", template.kind or None),
        ("channels", ", ".join(template.channels) or None),
        ("roles", ", ".join(template.roles)),
        ("source", f"{info.source} ({display_path(info.path)})"),
    ]
    for name, value in details:
        print(f"  {name:<9} {output.cell(value)}")
    print()
    rows = [
        (
            index,
            task.title,
            task.role,
            task.estimate,
            _offset(task.offset),
            ", ".join(f"#{number[t.casefold()]}" for t in task.after) or None,
        )
        for index, task in enumerate(template.tasks, 1)
    ]
    headers = ("#", "task", "role", "est", "offset", "after")
    print(output.table(headers, rows, widths={"task": 50}))
    if template.milestones:
        print()
        milestones = [
            (
                m.name,
                m.kind or None,
                _offset(m.offset),
                ", ".join(f"#{number[t.casefold()]}" for t in m.after) or None,
            )
            for m in template.milestones
        ]
        print(output.table(("milestone", "kind", "offset", "after"), milestones))
    if template.kpis:
        print()
        print("suggested KPIs:")
        for kpi in template.kpis:
            print(f"  {_kpi_line(kpi)}")
    print()
    print("offsets: working days from launch (0); a task is due on its offset")
    return 0


def _assignments(values: list[str]) -> dict[str, str]:
    """`--assign writer=Leo` … as role → member; a role given twice is refused."""
    assign: dict[str, str] = {}
    for value in values:
        role, sep, member = value.partition("=")
        role, member = role.strip(), member.strip()
        if not sep or not role or not member:
            raise InvalidInput(f"--assign: {value!r} is not ROLE=MEMBER (e.g. writer=Leo)")
        if role.casefold() in assign:
            raise InvalidInput(f"--assign: the role {role!r} is given twice")
        assign[role.casefold()] = member
    return assign


def cmd_project_new(ctx: ServiceContext, args: argparse.Namespace) -> int:
    try:
        launch = parse_date(args.launch, ctx.today())
    except DateParseError as exc:
        raise InvalidInput(f"--launch: {exc}") from None
    assign = _assignments(args.assign)
    template = templates.load_template(args.template)
    project = templates.create_from_template(
        ctx, template.name, args.name, launch, assign, board=args.board
    )
    created = tasks.list_tasks(project=project.name)
    where = f" in {created[0].column} on {created[0].board}" if created else ""
    print(
        f"created project {project.name!r} from template {template.name}: "
        f"{len(created)} task{'s' if len(created) != 1 else ''}{where}"
    )
    unassigned = [role for role in template.roles if role not in assign]
    details = [
        ("start", project.start),
        ("launch", launch),
        ("end", project.end),
        ("owner", project.owner),
        ("unassigned", ", ".join(unassigned) or None),
    ]
    for name, value in details:
        print(f"  {name:<10} {output.cell(value)}")
    return 0


def cmd_template_save(ctx: ServiceContext, args: argparse.Namespace) -> int:
    path = templates.save_as_template(ctx, args.project, args.name, overwrite=args.overwrite)
    saved = templates.read_template(path)
    print(
        f"saved project {projects.get_project(args.project).name!r} as template {saved.name!r} "
        f"({len(saved.tasks)} tasks): {display_path(path)}"
    )
    return 0


HANDLERS: dict[tuple[str, str | None], Callable[[ServiceContext, argparse.Namespace], int]] = {
    ("template", "list"): cmd_template_list,
    ("template", "show"): cmd_template_show,
    ("template", "save"): cmd_template_save,
    ("project", "new"): cmd_project_new,
}
