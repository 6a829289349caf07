"""A project read back as a template ("save project as template").

Offsets count from the project's launch: its earliest milestone of kind
`launch`, else its end date, else its last task's due date. Cancelled tasks
are left out. A task's role is the collaborator role its owner holds on it
(how `create_from_template` records roles), else `owner` when the project
owner owns it, else its first collaborator's role, else the role a task of the
same title has in the template of the project's type, else `owner`.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from typing import Any

from mpm_tui.db.models import (
    ChecklistItem,
    Dependency,
    Kpi,
    Milestone,
    MilestoneDependency,
    Task,
    TaskCollaborator,
)
from mpm_tui.logic.template_layout import DatedMilestone, DatedTask, offsets_from_dates
from mpm_tui.schemas.templates import TEMPLATE_ROLES, Template, TemplateError, parse_template
from mpm_tui.services import planning
from mpm_tui.services.errors import InvalidInput, RuleViolation
from mpm_tui.services.lookups import project_named
from mpm_tui.services.projects import split_channels


@dataclass(frozen=True)
class SavedTemplate:
    template: Template
    anchor: date
    """The day offsets count from (offset 0)."""
    anchor_is: str
    """What that day is, in words: "its launch milestone", "its end date"…"""


def project_as_template(project: str, name: str, roles_by_title: dict[str, str]) -> SavedTemplate:
    """`project` as a template called `name`; `roles_by_title` (casefolded title →
    role) is the last resort for a task nobody holds."""
    row = project_named(project)
    rows = list(
        Task.select()
        .where((Task.project == row) & Task.cancelled_at.is_null())
        .order_by(Task.start.is_null(), Task.start, Task.due, Task.id)
    )
    if not rows:
        raise RuleViolation(f"project {row.name!r} has no tasks to make a template of")
    index = {task.id: number for number, task in enumerate(rows)}
    milestones = list(
        Milestone.select().where(Milestone.project == row).order_by(Milestone.date, Milestone.id)
    )
    anchor, anchor_is = _anchor(row.name, row.end, rows, milestones)
    after: dict[int, list[int]] = defaultdict(list)
    for pred, succ in (
        Dependency.select(Dependency.predecessor, Dependency.successor)
        .where(Dependency.successor.in_(list(index)))
        .order_by(Dependency.id)
        .tuples()
    ):
        if pred in index:
            after[succ].append(index[pred])
    links: dict[int, list[int]] = defaultdict(list)
    for milestone_id, task_id in (
        MilestoneDependency.select(MilestoneDependency.milestone, MilestoneDependency.task)
        .where(MilestoneDependency.milestone.in_([m.id for m in milestones]))
        .order_by(MilestoneDependency.id)
        .tuples()
    ):
        if task_id in index:
            links[milestone_id].append(index[task_id])
    offsets = offsets_from_dates(
        [DatedTask(t.estimate_days, t.start, t.due, tuple(after[t.id])) for t in rows],
        [DatedMilestone(m.date, tuple(links[m.id])) for m in milestones],
        anchor,
        planning.holidays(),
    )
    titles = _unique_titles([t.title for t in rows])
    roles = _roles(rows, row.owner_id, roles_by_title)
    checklists: dict[int, list[str]] = defaultdict(list)
    for task_id, text in (
        ChecklistItem.select(ChecklistItem.task, ChecklistItem.text)
        .where(ChecklistItem.task.in_(list(index)))
        .order_by(ChecklistItem.task, ChecklistItem.position)
        .tuples()
    ):
        if text.strip():
            checklists[task_id].append(text.strip())
    document: dict[str, Any] = {
        "name": name,
        "description": row.description,
        "kind": row.kind,
        "channels": split_channels(row.channels),
        "tasks": [
            {
                "title": titles[number],
                "role": roles[number],
                "estimate": estimate,
                "offset": offset,
                "after": [titles[b] for b in after[task.id]],
                "checklist": checklists[task.id],
                "description": task.description,
                "channel": task.channel or "",
            }
            for number, (task, (estimate, offset)) in enumerate(
                zip(rows, offsets.tasks, strict=True)
            )
        ],
        "milestones": [
            {
                "name": m.name,
                "kind": m.kind,
                "offset": offset,
                "after": [titles[t] for t in links[m.id]],
            }
            for m, offset in zip(milestones, offsets.milestones, strict=True)
        ],
        "kpis": _kpis(row),
    }
    try:
        template = parse_template(document)
    except TemplateError as exc:
        raise InvalidInput(f"project {row.name!r} cannot be a template: {exc.message}") from None
    return SavedTemplate(template, anchor, anchor_is)


def _anchor(
    name: str, end: date | None, rows: list[Task], milestones: list[Milestone]
) -> tuple[date, str]:
    launches = [m.date for m in milestones if m.kind == "launch"]
    if launches:
        return launches[0], "its launch milestone"
    if end is not None:
        return end, "its end date"
    dues = [day for t in rows if (day := t.due or t.start) is not None]
    if dues:
        return max(dues), "its last task's due date"
    raise RuleViolation(
        f"project {name!r} has no launch milestone, no end date and no dated task: "
        "nothing to count the offsets from"
    )


def _unique_titles(titles: list[str]) -> list[str]:
    """The titles, a repeated one numbered ("Post (2)"): dependencies name tasks by title."""
    seen: set[str] = set()
    unique: list[str] = []
    for title in titles:
        candidate, count = title, 1
        while candidate.casefold() in seen:
            count += 1
            candidate = f"{title} ({count})"
        seen.add(candidate.casefold())
        unique.append(candidate)
    return unique


def _roles(rows: list[Task], project_owner: int | None, by_title: dict[str, str]) -> list[str]:
    held: dict[int, list[tuple[int, str]]] = defaultdict(list)
    for task_id, member_id, role in (
        TaskCollaborator.select(
            TaskCollaborator.task, TaskCollaborator.member, TaskCollaborator.role
        )
        .where(TaskCollaborator.task.in_([t.id for t in rows]))
        .order_by(TaskCollaborator.id)
        .tuples()
    ):
        if role in TEMPLATE_ROLES:
            held[task_id].append((member_id, role))
    roles: list[str] = []
    for task in rows:
        mine = [role for member, role in held[task.id] if member == task.owner_id]
        if mine:
            roles.append(mine[0])
        elif task.owner_id is not None and task.owner_id == project_owner:
            roles.append("owner")
        elif held[task.id]:
            roles.append(held[task.id][0][1])
        else:
            roles.append(by_title.get(task.title.casefold(), "owner"))
    return roles


def _kpis(project: Any) -> list[dict[str, Any]]:
    """The project's KPIs, each after the one it converts into (as a template needs)."""
    rows = list(Kpi.select().where(Kpi.project == project).order_by(Kpi.position, Kpi.id))
    names = {k.id: k.name for k in rows}
    ordered: list[Kpi] = []
    placed: set[int] = set()
    while len(ordered) < len(rows):
        waiting = [k for k in rows if k.id not in placed]
        # The first in position order whose parent is placed (a loop of parents,
        # which the services never make, would go in as it is).
        kpi = next(
            (k for k in waiting if k.parent_id in placed or k.parent_id not in names),
            waiting[0],
        )
        ordered.append(kpi)
        placed.add(kpi.id)
    kpis: list[dict[str, Any]] = []
    for kpi in ordered:
        into = names.get(kpi.parent_id) if not kpi.is_kgi else None
        entry: dict[str, Any] = {
            "name": kpi.name,
            "stage": kpi.stage,
            "kgi": kpi.is_kgi,
            "unit": kpi.unit,
        }
        if into is not None:
            entry["into"] = into
            if kpi.conversion_rate is not None:
                entry["rate"] = kpi.conversion_rate
        elif kpi.target is not None:
            entry["target"] = kpi.target
        kpis.append(entry)
    return kpis
