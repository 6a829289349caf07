"""Scope changes: record a request, accept it with a trade-off, or reject it.

Who. Recording a request needs the editor role. A decision (accept or
reject) is recorded by an editor too, and names its approver: the project's
owner or an admin, an active member. The one who records it may be someone
else (the operator writing down what the owner decided in the weekly sync):
the change keeps the approver, the activity log who recorded it.

What. Only a proposed change is decided, and only once. A finished project
(done or cancelled) takes no new request and accepts none. Accepting needs
exactly one trade-off, applied through the services in the same transaction:

- `extend_date`: the project's end moves N working days later (weekends and
  holidays skipped). Milestones dated on or after the old end and not yet
  reached (the end, the final review) move by the same N working days;
  earlier ones (launch, mid-point) and the tasks keep their dates: the
  added work comes as new tasks.
- `cut_tasks`: each named open task of this project is cancelled: it keeps
  its row for history (`cancelled_at`) but leaves the board, the timeline,
  the workload and every count. Done work cannot be cut.
- `add_budget`: the channel's planned budget grows by the amount; a line is
  created when the project has none for that channel.

A refusal says which field and why, and changes nothing.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from mpm_tui.db.database import db
from mpm_tui.db.models import Milestone, Project, ScopeChange, Task
from mpm_tui.schemas.enums import Role, ScopeStatus, Tradeoff
from mpm_tui.schemas.inputs import parse
from mpm_tui.schemas.scope import ScopeEntry, ScopeRequestIn, TradeoffIn
from mpm_tui.services import activity, planning, projects
from mpm_tui.services.context import ServiceContext
from mpm_tui.services.errors import InvalidInput, RuleViolation
from mpm_tui.services.scope_history import entries
from mpm_tui.services.scope_plan import (
    ENTITY,
    Plan,
    approver_for,
    check_open,
    find_project,
    plan_tradeoff,
    proposed_change,
)

SCOPE_ROLE = Role.EDITOR
"""Who records requests and decisions (the approver is checked apart)."""


def refusal(ctx: ServiceContext) -> str:
    """Why this session cannot record scope changes, or "" when it can."""
    return ctx.refusal(SCOPE_ROLE, "record or decide scope changes")


def preview(change_id: int, tradeoff: TradeoffIn | dict[str, Any] | None) -> tuple[str, ...]:
    """What accepting the change with this trade-off would do, in sentences; nothing
    is written. Refuses as `accept_change` would for the change and the trade-off
    (not for the approver or the role, which are checked when accepting)."""
    if tradeoff is None:
        return ()
    spec = parse(TradeoffIn, tradeoff, where="trade-off")
    _, project = proposed_change(change_id)
    return plan_tradeoff(project, spec).consequences()


# --- writing ----------------------------------------------------------------------------


def request_change(
    ctx: ServiceContext,
    project: str | int,
    description: str,
    requested_by: str | None = None,
    requested_on: date | None = None,
) -> int:
    """Record a change request (proposed); `requested_by` defaults to the session's
    member, `requested_on` to today. Returns its id."""
    spec = parse(
        ScopeRequestIn,
        {
            "description": description,
            "requested_by": ctx.actor.name if requested_by is None else requested_by,
            "requested_on": requested_on or ctx.today(),
        },
        where="scope change",
    )
    if spec.requested_on > ctx.today():
        raise InvalidInput(
            f"scope change: requested on: {spec.requested_on} is in the future "
            "(record a request once it is made)"
        )
    with db.atomic():
        ctx.require(SCOPE_ROLE, "record scope changes")
        row = find_project(project)
        check_open(row, "take scope changes")
        change = ScopeChange.create(
            project=row,
            description=spec.description,
            requested_by=spec.requested_by,
            requested_on=spec.requested_on,
            status=ScopeStatus.PROPOSED.value,
            created_at=ctx.now(),
        )
        activity.record(
            ctx,
            ENTITY,
            change.id,
            "create",
            f"scope change #{change.id} for {row.name} requested by {spec.requested_by}: "
            f"{spec.description[:60]}",
            after=spec.model_dump(),
        )
    return change.id


def accept_change(
    ctx: ServiceContext,
    change_id: int,
    tradeoff: TradeoffIn | dict[str, Any] | None,
    approver: str | None,
) -> ScopeEntry:
    """Accept a proposed change with its trade-off (applied at once) and approver."""
    spec = None if tradeoff is None else parse(TradeoffIn, tradeoff, where="trade-off")
    with db.atomic():
        ctx.require(SCOPE_ROLE, "decide scope changes")
        change, project = proposed_change(change_id)
        if spec is None:
            raise RuleViolation(
                f"trade-off: scope change #{change.id} cannot be accepted without one: "
                "extend the end date, cut tasks or add budget"
            )
        member = approver_for(approver, project)
        check_open(project, "accept scope changes")
        plan = plan_tradeoff(project, spec)
        now = ctx.now()
        _decide(
            change,
            status=ScopeStatus.ACCEPTED,
            approved_by=member.id,
            tradeoff=spec.kind.value,
            extend_days=spec.days,
            cut_task_ids=",".join(str(task.id) for task in plan.cut),
            budget_channel=plan.channel or None,
            budget_amount=spec.amount,
            decided_at=now,
        )
        _apply(ctx, change, project, plan)
        words = plan.words()
        after: dict[str, Any] = {
            "status": ScopeStatus.ACCEPTED.value,
            "tradeoff": spec.kind.value,
            "words": words,
            "approver": member.name,
        }
        if plan.old_end is not None:
            after |= {"old_end": plan.old_end, "new_end": plan.new_end}
        if plan.cut:
            after["cut"] = [task.id for task in plan.cut]
        if spec.kind is Tradeoff.ADD_BUDGET:
            after["planned"] = {"before": plan.planned_before, "after": plan.planned_after}
        activity.record(
            ctx,
            ENTITY,
            change.id,
            "accept",
            f"accepted scope change #{change.id} for {project.name}: {words} "
            f"(approved by {member.name})",
            before={"status": ScopeStatus.PROPOSED.value},
            after=after,
        )
    return entries(ScopeChange.id == change_id)[0]


def _decide(change: ScopeChange, **values: Any) -> None:
    """Write the decision, only while the change is still proposed."""
    values["status"] = values["status"].value
    written = (
        ScopeChange.update(**values)
        .where((ScopeChange.id == change.id) & (ScopeChange.status == ScopeStatus.PROPOSED.value))
        .execute()
    )
    if not written:
        raise activity.conflict(ENTITY, change.id)


def _apply(ctx: ServiceContext, change: ScopeChange, project: Project, plan: Plan) -> None:
    """Carry the trade-off out through the services (each logs its own change)."""
    why = f"scope change #{change.id}"
    if plan.new_end is not None:
        projects.update_project(ctx, project.name, {"end": plan.new_end})
        for milestone, day in plan.milestones:
            Milestone.update(date=day).where(Milestone.id == milestone.id).execute()
            activity.record(
                ctx,
                "milestone",
                milestone.id,
                "update",
                f"milestone {milestone.name} of {project.name}: {milestone.date} → {day} ({why})",
                before={"date": milestone.date},
                after={"date": day},
            )
    now = ctx.now()
    # A cut card leaves a gap between order keys; the others keep their order.
    for task in sorted(plan.cut, key=lambda t: (t.column_id, t.position)):
        Task.update(cancelled_at=now, updated_at=now, version=Task.version + 1).where(
            Task.id == task.id
        ).execute()
        activity.record(
            ctx,
            "task",
            task.id,
            "cancel",
            f"cut {task.title!r} from {task.column.name} ({why})",
            before={"cancelled_at": None},
            after={"cancelled_at": now, "scope_change": change.id},
        )
    if plan.spec.kind is Tradeoff.ADD_BUDGET:
        line = plan.line
        planning.set_budget_line(
            ctx,
            project.name,
            {
                "channel": plan.channel,
                "planned": plan.planned_after,
                "spent": line.spent if line is not None else 0.0,
                "note": line.note if line is not None else f"added by {why}",
            },
        )


def reject_change(
    ctx: ServiceContext, change_id: int, approver: str | None, reason: str = ""
) -> ScopeEntry:
    """Reject a proposed change; `reason` goes into the log."""
    why = reason.strip()
    if len(why) > 2000:
        raise InvalidInput("reason: at most 2,000 characters")
    with db.atomic():
        ctx.require(SCOPE_ROLE, "decide scope changes")
        change, project = proposed_change(change_id)
        member = approver_for(approver, project)
        _decide(change, status=ScopeStatus.REJECTED, approved_by=member.id, decided_at=ctx.now())
        activity.record(
            ctx,
            ENTITY,
            change.id,
            "reject",
            f"rejected scope change #{change.id} for {project.name} (by {member.name})"
            + (f": {why}" if why else ""),
            before={"status": ScopeStatus.PROPOSED.value},
            after={"status": ScopeStatus.REJECTED.value, "approver": member.name, "reason": why},
        )
    return entries(ScopeChange.id == change_id)[0]
