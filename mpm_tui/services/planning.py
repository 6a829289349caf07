"""Per-project planning records: milestones, KPIs, budget lines, risks, holidays."""

from __future__ import annotations

from datetime import date
from typing import Any

from mpm_tui.db.database import db
from mpm_tui.db.models import BudgetLine, Holiday, Kpi, Milestone, MilestoneDependency
from mpm_tui.schemas.enums import Role
from mpm_tui.schemas.inputs import BudgetLineIn, KpiIn, MilestoneIn, RiskIn, parse
from mpm_tui.services import activity, goals, risks
from mpm_tui.services.context import ServiceContext
from mpm_tui.services.errors import InvalidInput, NotFound
from mpm_tui.services.lookups import project_named, task_by_id


def add_milestone(
    ctx: ServiceContext,
    project: str,
    data: MilestoneIn | dict[str, Any],
    *,
    after_tasks: tuple[int, ...] = (),
) -> int:
    """A dated milestone; `after_tasks` are the tasks that must be done for it."""
    spec = parse(MilestoneIn, data, where="milestone")
    with db.atomic():
        ctx.require(Role.EDITOR, "add milestones")
        row = Milestone.create(project=project_named(project), **spec.model_dump())
        for task_id in after_tasks:
            MilestoneDependency.create(milestone=row, task=task_by_id(task_id))
        activity.record(
            ctx,
            "milestone",
            row.id,
            "create",
            f"milestone {row.name} on {row.date}",
            after=spec.model_dump(),
        )
    return row.id


def add_kpi(ctx: ServiceContext, project: str, data: KpiIn | dict[str, Any]) -> int:
    """A KPI of a project; `parent` names the KPI it converts into.

    A stage (a KPI with a parent) gets its target from the funnel at once: the
    parent's target worked back through `conversion_rate`, as `goals` does on every
    change. A target given for a stage is therefore overridden — the funnel wins,
    since a stage's target is derived — and a stage without a rate, or under a
    parent without a target, has none until those are set."""
    spec = parse(KpiIn, data, where="kpi")
    with db.atomic():
        ctx.require(Role.EDITOR, "add KPIs")
        project_row = project_named(project)
        parent = None
        if spec.parent:
            parent = Kpi.get_or_none((Kpi.project == project_row) & (Kpi.name == spec.parent))
            if parent is None:
                raise NotFound(
                    f"kpi: parent: project {project_row.name!r} has no KPI {spec.parent!r}"
                )
        if Kpi.select().where((Kpi.project == project_row) & (Kpi.name == spec.name)).exists():
            raise InvalidInput(f"kpi: name: {spec.name!r} already exists in {project_row.name!r}")
        position = Kpi.select().where(Kpi.project == project_row).count()
        values = spec.model_dump(exclude={"parent"})
        row = Kpi.create(project=project_row, parent=parent, position=position, **values)
        after = spec.model_dump()
        summary = f"KPI {row.name} for {project_row.name}"
        if parent is not None and goals.recompute_funnel(row.id):
            target = after["target"] = Kpi.get_by_id(row.id).target
            summary += (
                f", target {goals.format_amount(target)} from the funnel"
                if target is not None
                else ", no target (the funnel gives it none yet)"
            )
        activity.record(ctx, "kpi", row.id, "create", summary, after=after)
    return row.id


def set_budget_line(ctx: ServiceContext, project: str, data: BudgetLineIn | dict[str, Any]) -> int:
    """Create or replace the budget line of one channel."""
    spec = parse(BudgetLineIn, data, where="budget")
    with db.atomic():
        ctx.require(Role.EDITOR, "change budgets")
        project_row = project_named(project)
        row = BudgetLine.get_or_none(
            (BudgetLine.project == project_row) & (BudgetLine.channel == spec.channel)
        )
        before: dict[str, Any] | None = None
        if row is None:
            row = BudgetLine.create(project=project_row, **spec.model_dump())
            after = spec.model_dump()
        else:
            before, after = activity.changed_fields(
                {"planned": row.planned, "spent": row.spent, "note": row.note},
                {"planned": spec.planned, "spent": spec.spent, "note": spec.note},
            )
            if not after:
                return row.id
            row.planned, row.spent, row.note = spec.planned, spec.spent, spec.note
            row.save()
        activity.record(
            ctx,
            "budget_line",
            row.id,
            "update" if before is not None else "create",
            f"budget {spec.channel} for {project_row.name}: {spec.spent:g} of {spec.planned:g}",
            before=before,
            after=after,
        )
    return row.id


def add_risk(ctx: ServiceContext, project: str, data: RiskIn | dict[str, Any]) -> int:
    """A risk of `project`; returns its id. The register lives in `services.risks`."""
    return risks.add_risk(ctx, project, data).id


def add_holiday(ctx: ServiceContext, day: date, name: str = "") -> None:
    with db.atomic():
        ctx.require(Role.ADMIN, "add holidays")
        if Holiday.select().where(Holiday.date == day).exists():
            return
        row = Holiday.create(date=day, name=name.strip())
        activity.record(
            ctx,
            "holiday",
            row.id,
            "create",
            f"holiday {day} {name}".strip(),
            after={"date": day, "name": name},
        )


def holidays() -> set[date]:
    return {row.date for row in Holiday.select(Holiday.date)}


def remove_holiday(ctx: ServiceContext, day: date) -> None:
    """Make `day` a working day again; NotFound when it is not a holiday."""
    with db.atomic():
        ctx.require(Role.ADMIN, "remove holidays")
        row = Holiday.get_or_none(Holiday.date == day)
        if row is None:
            known = [d.isoformat() for d, _ in list_holidays()]
            if not known:
                hint = "there are no holidays"
            elif len(known) <= 8:
                hint = "holidays: " + ", ".join(known)
            else:
                hint = "see `mpm holiday list`"
            raise NotFound(f"no holiday on {day} ({hint})")
        before = {"date": day, "name": row.name}
        row.delete_instance()
        activity.record(
            ctx,
            "holiday",
            row.id,
            "delete",
            f"removed holiday {day} {row.name}".strip(),
            before=before,
        )


def list_holidays() -> list[tuple[date, str]]:
    """Every holiday as (date, name), earliest first."""
    return [
        (row.date, row.name)
        for row in Holiday.select(Holiday.date, Holiday.name).order_by(Holiday.date)
    ]
