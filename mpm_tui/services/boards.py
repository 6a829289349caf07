"""Boards and their ordered columns, and the board view the screen draws."""

from __future__ import annotations

from collections import defaultdict
from typing import Any, Literal

from peewee import fn

from mpm_tui.db.database import db
from mpm_tui.db.models import Board, BoardColumn, Task
from mpm_tui.schemas.enums import Role
from mpm_tui.schemas.inputs import BoardIn, parse
from mpm_tui.schemas.views import BoardSummary, BoardView, ColumnView, TaskView
from mpm_tui.services import activity
from mpm_tui.services.context import ServiceContext
from mpm_tui.services.errors import InvalidInput
from mpm_tui.services.lookups import board_named, column_named
from mpm_tui.services.task_views import load_task_views as load_task_views


def create_board(ctx: ServiceContext, data: BoardIn | dict[str, Any]) -> BoardSummary:
    """A board with its columns (To Do → In Progress → Review → Done by default)."""
    spec = parse(BoardIn, data, where="board")
    with db.atomic():
        ctx.require(Role.ADMIN, "create boards")
        if Board.select().where(fn.LOWER(Board.name) == spec.name.casefold()).exists():
            raise InvalidInput(f"board: name: a board called {spec.name!r} already exists")
        position = Board.select(fn.COUNT(Board.id)).scalar()
        board = Board.create(
            name=spec.name, description=spec.description, position=position, created_at=ctx.now()
        )
        for index, column in enumerate(spec.columns):
            BoardColumn.create(board=board, position=index, **column.model_dump())
        activity.record(
            ctx,
            "board",
            board.id,
            "create",
            f"created board {board.name}",
            after=spec.model_dump(mode="json"),
        )
    return BoardSummary(board.id, board.name, board.description, 0)


def list_boards() -> list[BoardSummary]:
    counts = (
        Task.select(BoardColumn.board, fn.COUNT(Task.id).alias("n"))
        .join(BoardColumn)
        .where(Task.cancelled_at.is_null())
        .group_by(BoardColumn.board)
    )
    per_board = {row.column.board_id: row.n for row in counts}
    return [
        BoardSummary(b.id, b.name, b.description, per_board.get(b.id, 0))
        for b in Board.select().order_by(Board.position, Board.id)
    ]


def _column_view(row: BoardColumn, cards: tuple[TaskView, ...] = ()) -> ColumnView:
    return ColumnView(
        row.id,
        row.name,
        row.position,
        row.wip_limit,
        row.person_limit,
        row.is_done,
        row.is_review,
        cards,
    )


LIMITS_ROLE = Role.ADMIN
"""Who sets WIP and per-person limits (admins manage boards and columns)."""


def limit_refusal(ctx: ServiceContext) -> str:
    """Why this session cannot change column limits, or "" when it can: asked
    before the board offers the limit dialog."""
    return ctx.refusal(LIMITS_ROLE, "change column limits")


LimitField = Literal["wip_limit", "person_limit"]
LIMIT_LABELS: dict[LimitField, str] = {
    "wip_limit": "WIP limit",
    "person_limit": "per-person limit",
}


def parse_limit(text: str) -> int | None:
    """A limit as typed (CLI or board): a whole number, or none / off / - for none."""
    value = text.strip().lower()
    if value in {"none", "off", "-"}:
        return None
    try:
        return int(value)
    except ValueError:
        raise InvalidInput(f"limit: expected a whole number or none (got {text!r})") from None


def check_limit(limit: int | None, field: LimitField) -> None:
    """Refuse a limit out of range (None, no limit, is always fine)."""
    if limit is not None and not 1 <= limit <= 999:
        raise InvalidInput(
            f"{LIMIT_LABELS[field]}: must be a whole number from 1 to 999 or none (got {limit})"
        )


def _set_column_limit(
    ctx: ServiceContext,
    board: str | None,
    column: str,
    limit: int | None,
    *,
    field: LimitField,
) -> ColumnView:
    """Set (or clear) one of a column's limits, found by names typed in any case."""
    check_limit(limit, field)
    label = LIMIT_LABELS[field]
    with db.atomic():
        ctx.require(LIMITS_ROLE, f"change {label}s")
        row = column_named(board_named(board), column)
        before = getattr(row, field)
        setattr(row, field, limit)
        row.save()
        activity.record(
            ctx,
            "column",
            row.id,
            "update",
            f"{label} of {row.name!r} {before if before is not None else 'none'} → "
            f"{limit if limit is not None else 'none'}",
            before={field: before},
            after={field: limit},
        )
    return _column_view(row)


def set_wip_limit(
    ctx: ServiceContext, board: str | None, column: str, limit: int | None
) -> ColumnView:
    """Set (or clear with None) a column's WIP limit. Lowering below the current
    count is allowed: the board then shows the column as over its limit."""
    return _set_column_limit(ctx, board, column, limit, field="wip_limit")


def set_person_limit(
    ctx: ServiceContext, board: str | None, column: str, limit: int | None
) -> ColumnView:
    """Set (or clear with None) how many cards one owner may hold in a column.
    Someone already holding more keeps their cards but takes no new one there."""
    return _set_column_limit(ctx, board, column, limit, field="person_limit")


def board_view(board_id: int | None = None) -> BoardView | None:
    """Everything the board screen draws, in a constant number of queries.

    None when the workspace has no board. Cancelled tasks are left out.
    """
    board = Board.get_or_none(Board.id == board_id) if board_id is not None else None
    if board is None:  # none asked for, or removed since (services/columns.py): the first
        board = Board.select().order_by(Board.position, Board.id).first()
    if board is None:
        return None
    columns = list(
        BoardColumn.select().where(BoardColumn.board == board).order_by(BoardColumn.position)
    )
    cards = load_task_views(
        Task.column.in_([c.id for c in columns]), board_name=board.name, slots="board"
    )
    by_column: dict[int, list[TaskView]] = defaultdict(list)
    for card in cards:
        by_column[card.column_id].append(card)
    return BoardView(
        board.id,
        board.name,
        tuple(_column_view(c, tuple(by_column.get(c.id, ()))) for c in columns),
    )
