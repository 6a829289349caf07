"""Tasks: create, edit, move between columns (under WIP limits), delete, depend.

Every function here validates its input, checks the rules, writes in one
transaction and records the change in the activity log. On SQLite the
transaction takes the write lock at BEGIN (see `db.database`), so a WIP check
and the move it allows cannot interleave with another process's move.
"""

from __future__ import annotations

from typing import Any

from peewee import Case, fn

from mpm_tui.db.database import db, retry_on_conflict
from mpm_tui.db.models import (
    Board,
    BoardColumn,
    ChecklistItem,
    Dependency,
    Member,
    Task,
    TaskCollaborator,
)
from mpm_tui.logic.graph import cycle_if_added
from mpm_tui.schemas.enums import Role
from mpm_tui.schemas.inputs import TaskIn, TaskPatch, parse
from mpm_tui.schemas.views import ColumnTimes, MoveCheck, TaskView
from mpm_tui.services import activity
from mpm_tui.services.boards import load_task_views
from mpm_tui.services.context import ServiceContext
from mpm_tui.services.errors import (
    DependencyCycle,
    InvalidInput,
    MpmError,
    NotFound,
    PermissionDenied,
    PersonLimitReached,
    RuleViolation,
    WipLimitReached,
)
from mpm_tui.services.lookups import (
    board_named,
    column_named,
    member_named,
    optional_member,
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


def _column_counts(column_id: int, owner_id: int | None = None) -> tuple[int, int]:
    """Open cards in the column, and how many of them `owner_id` holds: one query."""
    counted: list[Any] = [fn.COUNT(Task.id)]
    if owner_id is not None:
        counted.append(fn.SUM(Case(None, [(Task.owner == owner_id, 1)], 0)))
    found = (
        Task.select(*counted)
        .where((Task.column == column_id) & Task.cancelled_at.is_null())
        .tuples()
        .get()
    )
    total = int(found[0] or 0)
    held = int(found[1] or 0) if owner_id is not None else 0
    return total, held


def lock_boards(*, column_id: int | None = None, task_id: int | None = None) -> None:
    """On PostgreSQL, hold the row lock of the board of `column_id` (and of the task's
    column) until commit, so that the cards counted for a WIP check, or the slots
    counted for a move, cannot change under us: the writers of one board take
    turns, as every writer does on SQLite (its transactions take the write lock at
    BEGIN, see `db.database`: nothing to do there). Called before the counting:
    under READ COMMITTED each later statement sees what the writer before us wrote."""
    if not getattr(db.obj, "for_update", False):
        return
    where = BoardColumn.id == column_id
    if task_id is not None:
        where |= BoardColumn.id == Task.select(Task.column).where(Task.id == task_id)
    boards = BoardColumn.select(BoardColumn.board).where(where)
    list(Board.select(Board.id).where(Board.id.in_(boards)).order_by(Board.id).for_update())


def check_room(
    column: BoardColumn,
    owner_id: int | None,
    owner_name: str | None = None,
    *,
    entering: bool = True,
) -> None:
    """Refuse a card entering `column` when it is full (or its owner is).

    With `entering=False` the card is already in the column and only changes
    owner: the column's count stays, so only the per-person limit applies.
    `owner_name` is only needed for the refusal; without it the member's name
    is read when (and only when) the per-person limit refuses.
    """
    wip_limit = column.wip_limit if entering else None
    person_limit = column.person_limit if owner_id is not None else None
    if wip_limit is None and person_limit is None:
        return
    count, held = _column_counts(column.id, owner_id if person_limit is not None else None)
    if wip_limit is not None and count >= wip_limit:
        raise WipLimitReached(column.name, wip_limit, count, board=column.board.name)
    if person_limit is not None and held >= person_limit:
        name = owner_name or Member.get_by_id(owner_id).name
        raise PersonLimitReached(name, column.name, person_limit)


@retry_on_conflict
def create_task(ctx: ServiceContext, data: TaskIn | dict[str, Any]) -> TaskView:
    """Add a task to a column (the first column of the first board by default)."""
    spec = parse(TaskIn, data, where="task")
    with db.atomic():
        ctx.require(Role.EDITOR, "create tasks")
        board = board_named(spec.board)
        column = column_named(board, spec.column)
        owner = optional_member(spec.owner)
        reviewer = optional_member(spec.reviewer)
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
        _refuse_if_cut(row)
        activity.check_version("task", row, expected_version)
        before = snapshot(row)
        for name in patch.model_fields_set:
            value = getattr(patch, name)
            if name in {"owner", "reviewer"}:
                value = optional_member(value)
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


class ReviewerNeeded(RuleViolation):
    """A card entering a review column with nobody to sign it off."""

    def __init__(self, title: str, column: str) -> None:
        super().__init__(
            f"{title!r} needs a reviewer before it goes to {column!r}: choose who signs it off"
        )
        self.title = title
        self.column = column


def _refuse_if_cut(row: Task) -> None:
    """A task cut by a scope change is kept for history only: it neither moves nor
    changes (its board slot is gone, so a move would put it back unseen)."""
    if row.cancelled_at is not None:
        raise RuleViolation(
            f"task #{row.id} {row.title!r} was cut by a scope change on "
            f"{row.cancelled_at:%Y-%m-%d}: it is kept for history and cannot change"
        )


def _column_with_board(column_id: int) -> BoardColumn:
    """The column with its board loaded in the same query (the WIP message names it)."""
    row = (
        BoardColumn.select(BoardColumn, Board)
        .join(Board, on=(BoardColumn.board == Board.id))
        .where(BoardColumn.id == column_id)
        .first()
    )
    if row is None:
        raise NotFound(f"no column with id {column_id}")
    return row


def _reviewer_for(target: BoardColumn, reviewer: str | None) -> Member | None:
    """The member chosen to sign the card off, when it moves into a review column."""
    if reviewer is None or not reviewer.strip():
        return None
    if not target.is_review:
        raise InvalidInput(
            f"reviewer: a reviewer is chosen when a card moves into a review column, "
            f"and {target.name!r} is not one"
        )
    return member_named(reviewer)


def _move_rules(
    ctx: ServiceContext, row: Task, target: BoardColumn, *, reviewer: Member | None
) -> bool:
    """Raise the refusal for moving `row` into `target`; return whether it is a sign-off.

    The one place the move rules live (`move_task` and `check_move` both ask
    here), checked in this order: the sign-off right (Review → Done only by the
    reviewer or an admin), the WIP limit, the per-person limit, and a reviewer
    for a card entering a review column. The role was checked by the caller.
    A move within one column is always allowed.
    """
    source = row.column
    if target.id == source.id:
        return False
    sign_off = source.is_review and target.is_done
    if sign_off and ctx.actor.role.rank < Role.ADMIN.rank:
        reviewer_id = row.reviewer_id
        if reviewer_id is None:
            raise PermissionDenied(f"only an admin can sign off {row.title!r}: it has no reviewer")
        if ctx.actor.member_id != reviewer_id:
            name = Member.get_by_id(reviewer_id).name
            raise PermissionDenied(
                f"only {name} (the reviewer) or an admin can sign off {row.title!r}"
            )
    check_room(target, row.owner_id)
    if target.is_review and reviewer is None and row.reviewer_id is None:
        raise ReviewerNeeded(row.title, target.name)
    return sign_off


MOVE_ROLE = Role.EDITOR
"""Who moves cards (and so who may pick one up on the board)."""


def move_refusal(ctx: ServiceContext) -> str:
    """Why this session cannot move cards, or "" when it can: the board says so
    when a card is picked up, before any move is tried."""
    return ctx.refusal(MOVE_ROLE, "move tasks")


def check_move(ctx: ServiceContext, task_id: int, column_id: int) -> MoveCheck:
    """Would `move_task` (without a reviewer) accept this move? Nothing is written.

    For the board's live "can I drop here?" preview: two to three small
    queries, plus one to name the person when a per-person limit or a
    sign-off refuses. `reason` is the exact message `move_task` would raise;
    a card entering a review column without a reviewer is allowed with
    `needs_reviewer` (the move then takes `reviewer=`).
    """
    try:
        ctx.require(MOVE_ROLE, "move tasks")
        row = task_with_column(task_id)
        target = _column_with_board(column_id)
        _move_rules(ctx, row, target, reviewer=None)
    except ReviewerNeeded as needed:
        return MoveCheck(True, str(needed), needs_reviewer=True)
    except MpmError as refusal:
        return MoveCheck(False, str(refusal))
    return MoveCheck(True)


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
        _refuse_if_cut(row)
        activity.check_version("task", row, expected_version)
        source = row.column
        # A reorder stays in the card's own column: no second read, no limit to check.
        target = source if column_id == source.id else _column_with_board(column_id)
        chosen = _reviewer_for(target, reviewer)
        sign_off = _move_rules(ctx, row, target, reviewer=chosen)
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
