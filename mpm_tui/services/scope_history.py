"""Reading scope changes back: a project's log of them with their decisions in words.

The trade-off's words come from the change's row, the titles of the tasks it
cut, and the old and new end date the acceptance wrote in the activity log
(`end date +5 working days (Dec 4 → Dec 11)`); three queries for any number of
changes.
"""

from __future__ import annotations

import json
from datetime import date
from typing import Any

from peewee import JOIN, fn

from mpm_tui.db.models import Activity, BoardColumn, BudgetLine, Member, Project, ScopeChange, Task
from mpm_tui.schemas.enums import Role, ScopeStatus, Tradeoff
from mpm_tui.schemas.scope import CuttableTask, ScopeEntry, ScopeLog
from mpm_tui.services import projects
from mpm_tui.services.errors import NotFound
from mpm_tui.services.raw import raw_rows
from mpm_tui.services.scope_plan import ENTITY, find_project, tradeoff_words


def _split_ids(text: str) -> tuple[int, ...]:
    return tuple(int(part) for part in text.split(",") if part.strip().isdigit())


def entries(where: Any) -> list[ScopeEntry]:
    """The changes matching `where` with their decisions in words: three queries."""
    rows = list(
        ScopeChange.select(
            ScopeChange, Project.name.alias("project_name"), Member.name.alias("approver_name")
        )
        .join(Project, on=(ScopeChange.project == Project.id))
        .switch(ScopeChange)
        .join(Member, JOIN.LEFT_OUTER, on=(ScopeChange.approved_by == Member.id))
        .where(where)
        .order_by(ScopeChange.requested_on, ScopeChange.id)
        .objects()
    )
    if not rows:
        return []
    decisions: dict[int, dict[str, Any]] = {}
    for entity_id, after in raw_rows(
        Activity.select(Activity.entity_id, Activity.after)
        .where(
            (Activity.entity == ENTITY)
            & Activity.action.in_(("accept", "reject"))
            & Activity.entity_id.in_(ScopeChange.select(ScopeChange.id).where(where))
        )
        .order_by(Activity.id)
    ):
        decisions[entity_id] = json.loads(after) if after else {}
    cut_ids = {task_id for row in rows for task_id in _split_ids(row.cut_task_ids)}
    titles: dict[int, str] = {}
    if cut_ids:
        query = Task.select(Task.id, Task.title).where(Task.id.in_(sorted(cut_ids)))
        titles = {task_id: title for task_id, title in raw_rows(query)}
    return [_entry_of(row, decisions.get(row.id, {}), titles) for row in rows]


def _entry_of(row: ScopeChange, decision: dict[str, Any], titles: dict[int, str]) -> ScopeEntry:
    kind = Tradeoff(row.tradeoff) if row.tradeoff else None
    cut = _split_ids(row.cut_task_ids)
    words = ""
    if kind is not None and row.status == ScopeStatus.ACCEPTED.value:
        old_end, new_end = decision.get("old_end"), decision.get("new_end")
        words = tradeoff_words(
            kind,
            days=row.extend_days,
            old_end=date.fromisoformat(old_end) if old_end else None,
            new_end=date.fromisoformat(new_end) if new_end else None,
            titles=[titles.get(task_id, f"#{task_id}") for task_id in cut],
            channel=row.budget_channel,
            amount=row.budget_amount,
        )
    return ScopeEntry(
        id=row.id,
        project=row.project_name,
        description=row.description,
        requested_by=row.requested_by,
        requested_on=row.requested_on,
        status=ScopeStatus(row.status),
        tradeoff=kind,
        tradeoff_text=words,
        approver=row.approver_name,
        decided_at=row.decided_at,
        reason=str(decision.get("reason", "")),
        extend_days=row.extend_days,
        cut_task_ids=cut,
        budget_channel=row.budget_channel,
        budget_amount=row.budget_amount,
    )


def get_change(change_id: int) -> ScopeEntry:
    found = entries(ScopeChange.id == change_id)
    if not found:
        raise NotFound(f"no scope change with id {change_id}")
    return found[0]


def history(project: str | int) -> tuple[ScopeEntry, ...]:
    """Every change of a project, oldest request first, with its decision."""
    return tuple(entries(ScopeChange.project == find_project(project).id))


def scope_log(project: str | int) -> ScopeLog:
    """What the Scope tab shows and offers, in seven queries whatever the project's size:
    the project, the changes (three), its open tasks, its budget lines, the approvers."""
    row = find_project(project)
    owner = Member.alias("owner")
    open_tasks = tuple(
        CuttableTask(task_id, title, column, owner_name)
        for task_id, title, column, owner_name in raw_rows(
            Task.select(Task.id, Task.title, BoardColumn.name, owner.name)
            .join(BoardColumn, on=(Task.column == BoardColumn.id))
            .switch(Task)
            .join(owner, JOIN.LEFT_OUTER, on=(Task.owner == owner.id))
            .where(
                (Task.project == row.id)
                & Task.cancelled_at.is_null()
                & Task.completed_at.is_null()
                & (BoardColumn.is_done == False)  # noqa: E712
            )
            .order_by(BoardColumn.board, BoardColumn.position, Task.position, Task.id)
        )
    )
    lines = [
        channel
        for (channel,) in raw_rows(
            BudgetLine.select(BudgetLine.channel)
            .where(BudgetLine.project == row.id)
            .order_by(fn.LOWER(BudgetLine.channel))
        )
    ]
    known = {line.casefold() for line in lines}
    planned = [c for c in projects.split_channels(row.channels) if c.casefold() not in known]
    approvers = [
        name
        for (name,) in raw_rows(
            Member.select(Member.name)
            .where(
                (Member.active == True)  # noqa: E712
                & ((Member.role == Role.ADMIN.value) | (Member.id == row.owner_id))
            )
            .order_by(Member.id != row.owner_id, Member.name)
        )
    ]
    return ScopeLog(
        project_id=row.id,
        project=row.name,
        end=row.end,
        entries=tuple(entries(ScopeChange.project == row.id)),
        open_tasks=open_tasks,
        channels=(*lines, *dict.fromkeys(planned)),
        approvers=tuple(approvers),
    )
