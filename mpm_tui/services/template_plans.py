"""Before a project is made from a template: what its plan would be, and who might do it.

`preview_plan` lays a template out from a launch day without writing anything,
so a form can say "runs Nov 2 → Dec 18 · 27 tasks" while the user types;
`check_launch` is the one rule for a launch day (a working day), shared with
`templates.create_from_template`. `suggested_assignments` proposes, for each
role, whoever did it in the latest project of the same kind.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date

from peewee import JOIN

from mpm_tui.db.models import Member, Project, Task, TaskCollaborator
from mpm_tui.logic.template_layout import lay_out
from mpm_tui.logic.workdays import is_working_day, next_working_day
from mpm_tui.schemas.templates import Template
from mpm_tui.services import planning
from mpm_tui.services.errors import InvalidInput


@dataclass(frozen=True)
class PlanPreview:
    """A template laid out from one launch day (nothing written)."""

    template: str
    launch: date
    start: date
    end: date
    tasks: int
    milestones: int
    kpis: int
    estimate_days: float
    """The sum of the tasks' estimates."""


def check_launch(launch: date, holidays: set[date]) -> None:
    """InvalidInput unless `launch` is a working day (it says which day would be)."""
    if not is_working_day(launch, holidays):
        why = "a holiday" if launch in holidays else f"a {launch:%A}"
        later = next_working_day(launch, holidays)
        raise InvalidInput(
            f"launch: {launch} is {why}, not a working day (the next one is {later:%a} {later})"
        )


def preview_plan(template: Template, launch: date) -> PlanPreview:
    """The dates `template` would get from `launch` (one query: the holidays)."""
    holidays = planning.holidays()
    check_launch(launch, holidays)
    plan = lay_out(template, launch, holidays)
    return PlanPreview(
        template.name,
        launch,
        plan.start,
        plan.end,
        len(template.tasks),
        len(template.milestones),
        len(template.kpis),
        sum(task.estimate for task in template.tasks),
    )


def suggested_assignments(template: Template, owner: str | None = None) -> dict[str, str]:
    """role → member: whoever held each role in the latest project of the template's kind
    (the most tasks in it; active members only), and `owner` (the person creating it,
    when a member) as the owner. Two queries at most."""
    suggestions: dict[str, str] = {}
    if template.kind:
        latest = (
            Project.select(Project.id)
            .where(Project.kind == template.kind)
            .order_by(Project.created_at.desc(), Project.id.desc())
            .first()
        )
        if latest is not None:
            counts: Counter[tuple[str, str]] = Counter(
                (role, name)
                for role, name in TaskCollaborator.select(TaskCollaborator.role, Member.name)
                .join(Task)
                .switch(TaskCollaborator)
                .join(Member, JOIN.INNER, on=(TaskCollaborator.member == Member.id))
                .where((Task.project == latest.id) & (Member.active == True))  # noqa: E712
                .tuples()
            )
            for (role, name), _ in counts.most_common():
                suggestions.setdefault(role, name)
    if owner:
        suggestions["owner"] = owner
    return {role: suggestions[role] for role in (*template.roles, "owner") if role in suggestions}
