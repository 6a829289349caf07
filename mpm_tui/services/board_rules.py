"""The rules a card obeys on the board, asked before every move or new card:
the WIP and per-person limits (with the board locked on PostgreSQL while they
are counted), the sign-off right, a reviewer for a review column, and cut cards
that no longer move. `tasks.move_task` and the board's drop preview
(`check_move`) ask the same functions, so they always agree."""

from __future__ import annotations

from typing import Any

from peewee import Case, fn

from mpm_tui.db.database import db
from mpm_tui.db.models import Board, BoardColumn, Member, Task
from mpm_tui.schemas.enums import Role
from mpm_tui.schemas.views import MoveCheck
from mpm_tui.services.context import ServiceContext
from mpm_tui.services.errors import (
    InvalidInput,
    MpmError,
    NotFound,
    PermissionDenied,
    PersonLimitReached,
    RuleViolation,
    WipLimitReached,
)
from mpm_tui.services.lookups import assignable_member
from mpm_tui.services.task_positions import task_with_column


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


class ReviewerNeeded(RuleViolation):
    """A card entering a review column with nobody to sign it off."""

    def __init__(self, title: str, column: str) -> None:
        super().__init__(
            f"{title!r} needs a reviewer before it goes to {column!r}: choose who signs it off"
        )
        self.title = title
        self.column = column


def refuse_if_cut(row: Task) -> None:
    """A task cut by a scope change is kept for history only: it neither moves nor
    changes (its board slot is gone, so a move would put it back unseen)."""
    if row.cancelled_at is not None:
        raise RuleViolation(
            f"task #{row.id} {row.title!r} was cut by a scope change on "
            f"{row.cancelled_at:%Y-%m-%d}: it is kept for history and cannot change"
        )


def column_with_board(column_id: int) -> BoardColumn:
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


def reviewer_for(target: BoardColumn, reviewer: str | None) -> Member | None:
    """The member chosen to sign the card off, when it moves into a review column."""
    if reviewer is None or not reviewer.strip():
        return None
    if not target.is_review:
        raise InvalidInput(
            f"reviewer: a reviewer is chosen when a card moves into a review column, "
            f"and {target.name!r} is not one"
        )
    return assignable_member(reviewer)


def move_rules(
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
        target = column_with_board(column_id)
        move_rules(ctx, row, target, reviewer=None)
    except ReviewerNeeded as needed:
        return MoveCheck(True, str(needed), needs_reviewer=True)
    except MpmError as refusal:
        return MoveCheck(False, str(refusal))
    return MoveCheck(True)
