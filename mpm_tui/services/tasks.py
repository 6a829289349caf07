"""Tasks: create, edit, move between columns (under WIP limits), delete, depend.

Every function here validates its input, checks the rules, writes in one
transaction and records the change in the activity log. On SQLite the
transaction takes the write lock at BEGIN (see `db.database`), so a WIP check
and the move it allows cannot interleave with another process's move.
"""

from __future__ import annotations

from typing import Any

from mpm_tui.db.database import db, retry_on_conflict
from mpm_tui.db.models import (
    BoardColumn,
    ChecklistItem,
    Dependency,
    Task,
    TaskCollaborator,
)
from mpm_tui.logic.graph import cycle_if_added
from mpm_tui.schemas.enums import Role
from mpm_tui.schemas.inputs import TaskIn, TaskPatch, parse
from mpm_tui.schemas.views import ColumnTimes, TaskView
from mpm_tui.services import activity
from mpm_tui.services.board_rules import (
    MOVE_ROLE,
    check_room,
    column_with_board,
    lock_boards,
    move_rules,
    refuse_if_cut,
    reviewer_for,
)
from mpm_tui.services.boards import load_task_views
from mpm_tui.services.context import ServiceContext
from mpm_tui.services.errors import (
    DependencyCycle,
    InvalidInput,
    NotFound,
)
from mpm_tui.services.lookups import (
    assignable_member,
    board_named,
    column_named,
    member_named,
    optional_project,
    task_by_id,
)
from mpm_tui.services.task_positions import place_card, task_with_column, view_at

SNAPSHOT_FIELDS = (
    "title",
    "description",
    "project_id",
    "column_id",
    "position",
    "owner_id",
    "reviewer_id",
    "channel",
    "estimate_days",
    "start",
    "due",
    "priority",
    "blocked",
    "blocked_reason",
)


def snapshot(row: Task) -> dict[str, Any]:
    """The task's own fields, for the activity log's before/after."""
    return {name: getattr(row, name) for name in SNAPSHOT_FIELDS}


def get_task(task_id: int) -> TaskView:
    views = load_task_views(Task.id == task_id)
    if not views:
        raise NotFound(f"no task with id {task_id}")
    return views[0]


def list_tasks(
    *,
    board: str | None = None,
    column: str | None = None,
    owner: str | None = None,
    project: str | None = None,
) -> list[TaskView]:
    """Open (not cancelled) tasks, filtered by names, in board order."""
    where = Task.id.is_null(False)
    if board is not None or column is not None:
        board_row = board_named(board)
        if column is not None:
            where &= Task.column == column_named(board_row, column).id
        else:
            where &= BoardColumn.board == board_row.id
    if owner is not None:
        where &= Task.owner == member_named(owner).id
    if project is not None:
        project_row = optional_project(project)
        where &= Task.project == (project_row.id if project_row else None)
    return load_task_views(where, slots="columns")


@retry_on_conflict
def create_task(ctx: ServiceContext, data: TaskIn | dict[str, Any]) -> TaskView:
    """Add a task to a column (the first column of the first board by default)."""
    spec = parse(TaskIn, data, where="task")
    with db.atomic():
        ctx.require(Role.EDITOR, "create tasks")
        board = board_named(spec.board)
        column = column_named(board, spec.column)
        owner = assignable_member(spec.owner)
        reviewer = assignable_member(spec.reviewer)
        project = optional_project(spec.project)
        lock_boards(column_id=column.id)
        check_room(column, owner.id if owner else None, owner.name if owner else None)
        slot, key = place_card(column.id, spec.position)
        now = ctx.now()
        row = Task.create(
            title=spec.title,
            description=spec.description,
            project=project,
            column=column,
            position=key,
            owner=owner,
            reviewer=reviewer,
            channel=spec.channel,
            estimate_days=spec.estimate_days,
            start=spec.start,
            due=spec.due,
            priority=spec.priority.value,
            blocked=spec.blocked,
            blocked_reason=spec.blocked_reason,
            entered_column_at=now,
            created_at=now,
            updated_at=now,
            completed_at=now if column.is_done else None,
        )
        for collaborator in spec.collaborators:
            TaskCollaborator.create(
                task=row, member=member_named(collaborator.member), role=collaborator.role.value
            )
        for index, text in enumerate(spec.checklist):
            ChecklistItem.create(task=row, text=text, position=index)
        activity.record(
            ctx,
            "task",
            row.id,
            "create",
            f"created {row.title!r} in {column.name}",
            after=snapshot(row) | {"position": slot},
        )
    return view_at(row.id, slot)


@retry_on_conflict
def update_task(
    ctx: ServiceContext,
    task_id: int,
    data: TaskPatch | dict[str, Any],
    *,
    expected_version: int | None = None,
) -> TaskView:
    """Change the given fields. With `expected_version`, refuse if someone else
    changed the task since it was read (optimistic locking)."""
    patch = parse(TaskPatch, data, where="task")
    with db.atomic():
        ctx.require(Role.EDITOR, "edit tasks")
        row = task_by_id(task_id)
        refuse_if_cut(row)
        activity.check_version("task", row, expected_version)
        before = snapshot(row)
        for name in patch.model_fields_set:
            value = getattr(patch, name)
            if name in {"owner", "reviewer"}:
                value = assignable_member(value, keep=getattr(row, f"{name}_id"))
            elif name == "project":
                value = optional_project(value)
            elif name == "priority":
                value = (value or row.priority).__str__()
            elif name in {"title", "blocked"} and value is None:
                raise InvalidInput(f"task: {name}: cannot be cleared")
            elif name in {"description", "blocked_reason"} and value is None:
                value = ""
            setattr(row, name, value)
        if row.start and row.due and row.due < row.start:
            raise InvalidInput(f"task: due {row.due} is before start {row.start}")
        if row.owner_id != before["owner_id"] and row.owner_id is not None:
            # The new owner takes the card in its column: the per-person limit applies.
            lock_boards(column_id=row.column_id)
            check_room(row.column, row.owner_id, entering=False)
        after = snapshot(row)
        old, new = activity.changed_fields(before, after)
        if not new:
            return get_task(task_id)
        # Only the changed fields, and only over the version read: PostgreSQL does not
        # serialize writers, and saving the whole row put back the column a concurrent
        # move had just written (a lost update the stress test caught).
        written = (
            Task.update(
                {Task._meta.combined[name]: value for name, value in new.items()},
                updated_at=ctx.now(),
                version=row.version + 1,
            )
            .where((Task.id == row.id) & (Task.version == row.version))
            .execute()
        )
        if not written:
            raise activity.conflict("task", row.id)
        activity.record(
            ctx,
            "task",
            row.id,
            "update",
            f"edited {row.title!r}: " + ", ".join(sorted(new)),
            before=old,
            after=new,
        )
    return get_task(task_id)


# --- moving cards -----------------------------------------------------------------


@retry_on_conflict
def move_task(
    ctx: ServiceContext,
    task_id: int,
    column_id: int,
    position: int | None = None,
    *,
    expected_version: int | None = None,
    reviewer: str | None = None,
    restore: ColumnTimes | None = None,
) -> TaskView:
    """Move a task into a column at `position` (None: the end).

    Refused (nothing changes) when the target column is at its WIP limit, or
    the owner already holds the per-person limit there. Reordering inside one
    column is always allowed. A card entering a review column needs a
    reviewer: `reviewer` (a member's name) sets one in the same transaction.
    Review → Done is a sign-off, for the reviewer or an admin only, and is
    logged as one. See `_move_rules`.

    `restore` (undo and redo) puts back the times the card had in the target
    column: its age there and, for a done column, when it was completed;
    without it the card enters the column now.
    """
    with db.atomic():
        ctx.require(MOVE_ROLE, "move tasks")
        lock_boards(column_id=column_id, task_id=task_id)
        row = task_with_column(task_id, with_slot=True)
        refuse_if_cut(row)
        activity.check_version("task", row, expected_version)
        source = row.column
        # A reorder stays in the card's own column: no second read, no limit to check.
        target = source if column_id == source.id else column_with_board(column_id)
        chosen = reviewer_for(target, reviewer)
        sign_off = move_rules(ctx, row, target, reviewer=chosen)
        before: dict[str, Any] = {"column": source.name, "position": row.slot}
        after: dict[str, Any] = {"column": target.name}
        now = ctx.now()
        if target.id != source.id and restore is not None:
            row.entered_column_at = min(restore.entered_column_at, now)
            row.completed_at = (restore.completed_at or now) if target.is_done else None
        elif target.id != source.id:
            row.entered_column_at = now
            if target.is_done and not source.is_done:
                row.completed_at = now
            elif source.is_done and not target.is_done:
                row.completed_at = None
        new_reviewer = chosen is not None and chosen.id != row.reviewer_id
        if chosen is not None and new_reviewer:
            before["reviewer"] = row.reviewer.name if row.reviewer_id is not None else None
            after["reviewer"] = chosen.name
            row.reviewer = chosen
        slot, key = place_card(target.id, position, moving=row.id)
        written = (
            Task.update(
                column=target.id,
                position=key,
                reviewer=row.reviewer_id,
                entered_column_at=row.entered_column_at,
                completed_at=row.completed_at,
                updated_at=now,
                version=row.version + 1,
            )
            .where((Task.id == row.id) & (Task.version == row.version))
            .execute()
        )
        if not written:  # changed between our read and our write (a server database)
            raise activity.conflict("task", row.id)
        row.column = target
        after["position"] = slot
        if sign_off:
            action, summary = "sign-off", f"{ctx.actor.name} signed off {row.title!r}"
        else:
            verb = "reordered" if target.id == source.id else f"moved {source.name} → {target.name}"
            action, summary = "move", f"{verb}: {row.title!r}"
            if chosen is not None and new_reviewer:
                summary += f" (reviewer: {chosen.name})"
        activity.record(ctx, "task", row.id, action, summary, before=before, after=after)
    return view_at(task_id, slot)


def move_task_to(
    ctx: ServiceContext,
    task_id: int,
    column: str,
    position: int | None = None,
    *,
    reviewer: str | None = None,
) -> TaskView:
    """Move by column name, on the task's own board (what the CLI calls)."""
    row = task_by_id(task_id)
    target = column_named(row.column.board, column)
    return move_task(ctx, task_id, target.id, position, reviewer=reviewer)


def delete_task(ctx: ServiceContext, task_id: int) -> None:
    with db.atomic():
        ctx.require(Role.EDITOR, "delete tasks")
        row = task_with_column(task_id, with_slot=True)
        before = snapshot(row) | {"position": row.slot}
        title = row.title
        row.delete_instance()
        activity.record(ctx, "task", task_id, "delete", f"deleted {title!r}", before=before)


def add_dependency(ctx: ServiceContext, predecessor_id: int, successor_id: int) -> None:
    """`successor` waits for `predecessor` to finish. Cycles are refused."""
    with db.atomic():
        ctx.require(Role.EDITOR, "add dependencies")
        pred, succ = task_by_id(predecessor_id), task_by_id(successor_id)
        edges = list(Dependency.select(Dependency.predecessor, Dependency.successor).tuples())
        if (pred.id, succ.id) in edges:
            return
        cycle = cycle_if_added(edges, pred.id, succ.id)
        if cycle is not None:
            titles = {
                t.id: t.title for t in Task.select(Task.id, Task.title).where(Task.id.in_(cycle))
            }
            raise DependencyCycle([f"#{i} {titles[i]}" for i in cycle])
        Dependency.create(predecessor=pred, successor=succ)
        activity.record(
            ctx,
            "dependency",
            succ.id,
            "create",
            f"{succ.title!r} now waits for {pred.title!r}",
            after={"predecessor": pred.id, "successor": succ.id},
        )


def remove_dependency(ctx: ServiceContext, predecessor_id: int, successor_id: int) -> None:
    with db.atomic():
        ctx.require(Role.EDITOR, "remove dependencies")
        deleted = (
            Dependency.delete()
            .where(
                (Dependency.predecessor == predecessor_id) & (Dependency.successor == successor_id)
            )
            .execute()
        )
        if deleted:
            activity.record(
                ctx,
                "dependency",
                successor_id,
                "delete",
                f"#{successor_id} no longer waits for #{predecessor_id}",
                before={"predecessor": predecessor_id, "successor": successor_id},
            )
