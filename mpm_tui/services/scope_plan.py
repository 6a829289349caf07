"""A scope change worked out before anything is written.

Finding the change (still proposed), its approver (the project's owner or an
admin) and the open tasks a cut names; what a trade-off would move, cut or
raise (`Plan`), and the trade-off in the log's words. `services.scope` writes
what a plan says; `services.scope_history` reads the decisions back.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date

from peewee import JOIN

from mpm_tui.db.models import BoardColumn, BudgetLine, Member, Milestone, Project, ScopeChange, Task
from mpm_tui.logic.workdays import add_working_days
from mpm_tui.schemas.enums import ProjectStatus, Role, ScopeStatus, Tradeoff
from mpm_tui.schemas.scope import TradeoffIn
from mpm_tui.services import planning
from mpm_tui.services.errors import InvalidInput, NotFound, RuleViolation
from mpm_tui.services.goals import format_amount
from mpm_tui.services.lookups import as_id, member_named, project_named

ENTITY = "scope_change"
"""How the activity log names a scope change."""


# --- words ------------------------------------------------------------------------------


def short_day(day: date, other: date | None = None) -> str:
    """`Dec 4`; with the year when `other` falls in another year."""
    text = f"{day:%b} {day.day}"
    return f"{text} {day.year}" if other is not None and other.year != day.year else text


def _days(count: int) -> str:
    return f"{count} working day{'s' if count != 1 else ''}"


def _moved(old: date, new: date) -> str:
    return f"{short_day(old, new)} → {short_day(new, old)}"


def tradeoff_words(
    kind: Tradeoff,
    *,
    days: int | None = None,
    old_end: date | None = None,
    new_end: date | None = None,
    titles: Sequence[str] = (),
    channel: str | None = None,
    amount: float | None = None,
) -> str:
    """`end date +5 working days (Dec 4 → Dec 11)`, `cut 2 tasks: A, B`,
    `budget +1,500 on ads`: an accepted trade-off in the log's words."""
    if kind is Tradeoff.EXTEND_DATE:
        moved = f" ({_moved(old_end, new_end)})" if old_end and new_end else ""
        return f"end date +{_days(days or 0)}{moved}"
    if kind is Tradeoff.CUT_TASKS:
        count = len(titles)
        return f"cut {count} task{'s' if count != 1 else ''}: " + ", ".join(titles)
    return f"budget +{format_amount(amount)} on {channel}"


# --- finding things ---------------------------------------------------------------------


def find_project(project: str | int) -> Project:
    """A project by id, or by name as typed (any case)."""
    if isinstance(project, int):
        row = Project.get_or_none(Project.id == project)
        if row is None:
            raise NotFound(f"no project with id {project}")
        return row
    return project_named(project)


def check_open(project: Project, doing: str) -> None:
    """Refuse `doing` on a finished (done or cancelled) project."""
    if ProjectStatus(project.status).finished:
        raise RuleViolation(
            f"project {project.name!r} is {project.status}: it cannot {doing} (reopen it first)"
        )


def _change(change_id: int) -> ScopeChange:
    row = ScopeChange.get_or_none(ScopeChange.id == change_id)
    if row is None:
        raise NotFound(f"no scope change with id {change_id}")
    return row


def proposed_change(change_id: int) -> tuple[ScopeChange, Project]:
    """The change, still undecided, and its project."""
    row = _change(change_id)
    if row.status != ScopeStatus.PROPOSED.value:
        who = Member.get_or_none(Member.id == row.approved_by_id)
        by = f" by {who.name}" if who is not None else ""
        when = f" on {row.decided_at:%Y-%m-%d}" if row.decided_at else ""
        raise RuleViolation(
            f"scope change #{row.id} was already {row.status}{when}{by}: a decision is final "
            "(record a new request instead)"
        )
    return row, Project.get_by_id(row.project_id)


def approver_for(name: str | None, project: Project) -> Member:
    """The member who approves: the project's owner or an admin, active."""
    if name is None or not name.strip():
        raise InvalidInput("approver: name who approves the change (the project owner or an admin)")
    try:
        member = member_named(name)
    except NotFound as exc:
        raise NotFound(f"approver: {exc}") from None
    if not member.active:
        raise RuleViolation(f"approver: {member.name} is no longer an active member")
    if member.role != Role.ADMIN.value and member.id != project.owner_id:
        owner = Member.get_or_none(Member.id == project.owner_id)
        who = f"its owner ({owner.name}) or an admin" if owner is not None else "an admin"
        raise RuleViolation(
            f"approver: {member.name} cannot approve scope changes of {project.name!r}: "
            f"only {who} can"
        )
    return member


# --- planning a trade-off (nothing written) ---------------------------------------------


@dataclass
class Plan:
    """What accepting with a trade-off would change, worked out before any write."""

    spec: TradeoffIn
    old_end: date | None = None
    new_end: date | None = None
    milestones: list[tuple[Milestone, date]] = field(default_factory=list)
    cut: list[Task] = field(default_factory=list)
    channel: str = ""
    line: BudgetLine | None = None

    @property
    def planned_before(self) -> float:
        return self.line.planned if self.line is not None else 0.0

    @property
    def planned_after(self) -> float:
        return self.planned_before + (self.spec.amount or 0.0)

    def words(self) -> str:
        return tradeoff_words(
            self.spec.kind,
            days=self.spec.days,
            old_end=self.old_end,
            new_end=self.new_end,
            titles=[task.title for task in self.cut],
            channel=self.channel,
            amount=self.spec.amount,
        )

    def consequences(self) -> tuple[str, ...]:
        """The plan in sentences, for the dialog before it is confirmed."""
        kind = self.spec.kind
        if kind is Tradeoff.EXTEND_DATE and self.old_end and self.new_end:
            lines = [
                f"end moves {_moved(self.old_end, self.new_end)} (+{_days(self.spec.days or 0)})"
            ]
            if self.milestones:
                lines.append(
                    "with it: "
                    + ", ".join(f"{m.name} {_moved(m.date, day)}" for m, day in self.milestones)
                )
            return tuple(lines)
        if kind is Tradeoff.CUT_TASKS:
            count = len(self.cut)
            return (
                f"cuts {count} task{'s' if count != 1 else ''}: "
                + ", ".join(f"#{t.id} {t.title} ({t.column.name})" for t in self.cut),
                "cut tasks leave the board, the timeline and the workload (kept for history)",
            )
        if self.line is None:
            return (f"new budget line {self.channel}: {format_amount(self.planned_after)} planned",)
        return (
            f"{self.channel} planned {format_amount(self.planned_before)} → "
            f"{format_amount(self.planned_after)}",
        )


def plan_tradeoff(project: Project, spec: TradeoffIn) -> Plan:
    plan = Plan(spec)
    if spec.kind is Tradeoff.EXTEND_DATE:
        if project.end is None:
            raise RuleViolation(
                f"project {project.name!r} has no end date to extend: set one first, "
                "or choose another trade-off"
            )
        holidays = planning.holidays()
        days = spec.days or 0
        plan.old_end = project.end
        plan.new_end = add_working_days(project.end, days, holidays)
        plan.milestones = [
            (row, add_working_days(row.date, days, holidays))
            for row in Milestone.select()
            .where(
                (Milestone.project == project.id)
                & (Milestone.date >= project.end)
                & Milestone.reached_at.is_null()
            )
            .order_by(Milestone.date, Milestone.id)
        ]
    elif spec.kind is Tradeoff.CUT_TASKS:
        plan.cut = _tasks_to_cut(project, spec.tasks)
    else:
        key = (spec.channel or "").casefold()
        lines = BudgetLine.select().where(BudgetLine.project == project.id)
        plan.line = next((line for line in lines if line.channel.casefold() == key), None)
        plan.channel = plan.line.channel if plan.line is not None else (spec.channel or "")
    return plan


_TASK_ID = re.compile(r"#?(\d+)")


def _tasks_to_cut(project: Project, refs: Iterable[str]) -> list[Task]:
    """The open tasks of `project` named by id (`12`, `#12`) or title, in the order given."""
    rows = list(
        Task.select(Task, BoardColumn)
        .join(BoardColumn, on=(Task.column == BoardColumn.id))
        .where(Task.project == project.id)
        .order_by(Task.id)
    )
    found: list[Task] = []
    for ref in refs:
        row = _task_named(project, rows, ref)
        if row.cancelled_at is not None:
            raise RuleViolation(f"tasks: #{row.id} {row.title!r} was already cut")
        if row.completed_at is not None or row.column.is_done:
            raise RuleViolation(f"tasks: #{row.id} {row.title!r} is done: done work cannot be cut")
        if all(row.id != seen.id for seen in found):
            found.append(row)
    return found


def _task_named(project: Project, rows: Sequence[Task], ref: str) -> Task:
    if (match := _TASK_ID.fullmatch(ref.strip())) and (task_id := as_id(match[1])) is not None:
        row = next((r for r in rows if r.id == task_id), None)
        if row is not None:
            return row
        other = (
            Task.select(Task.id, Project.name)
            .join(Project, JOIN.LEFT_OUTER, on=(Task.project == Project.id))
            .where(Task.id == task_id)
            .tuples()
            .first()
        )
        if other is None:
            raise NotFound(f"tasks: no task with id {task_id}")
        elsewhere = f"project {other[1]!r}" if other[1] else "no project"
        raise RuleViolation(
            f"tasks: #{task_id} is not a task of {project.name!r} (it belongs to {elsewhere})"
        )
    key = ref.strip().casefold()
    live = [r for r in rows if r.cancelled_at is None]
    named = [r for r in live if r.title.casefold() == key] or [
        r for r in rows if r.title.casefold() == key
    ]
    if len(named) > 1:
        ids = ", ".join(f"#{r.id}" for r in named)
        raise InvalidInput(f"tasks: {ref.strip()!r} names {len(named)} tasks ({ids}): give the id")
    if named:
        return named[0]
    titles = [r.title for r in live if r.completed_at is None and not r.column.is_done]
    close = difflib.get_close_matches(ref.strip(), titles, n=1, cutoff=0.6)
    hint = f" (did you mean {close[0]!r}?)" if close else ""
    raise NotFound(f"tasks: {project.name!r} has no task called {ref.strip()!r}{hint}")
