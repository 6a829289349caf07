"""Admins shape the boards: rename or remove a board, add, rename, reorder and remove
its columns (the limits are `boards.set_wip_limit` / `set_person_limit`).

Rules, the same from the CLI and the Team and boards screen:

- admins only; one transaction and one activity entry per change;
- names are unique (boards in the workspace, columns on their board), compared
  case-insensitively; a name may change only its case;
- positions count from 1, the leftmost column (what `mpm column list` shows);
  the columns are renumbered 0… in the database after every add, move and remove;
- only an empty column is removed, and never a board's last one: the refusal says
  how many cards are in it. Cards cut by a scope change (cancelled, kept for
  history, not on the board) do not count: they move to the column on the left
  (the right of the first one) with it;
- only a board without cards (cancelled ones included) is removed.
"""

from __future__ import annotations

from dataclasses import dataclass

from peewee import fn

from mpm_tui.db.database import db
from mpm_tui.db.models import Board, BoardColumn, Task
from mpm_tui.schemas.enums import Role
from mpm_tui.schemas.inputs import parse
from mpm_tui.schemas.team import NameIn
from mpm_tui.schemas.views import BoardSummary
from mpm_tui.services import activity
from mpm_tui.services.context import ServiceContext
from mpm_tui.services.errors import InvalidInput, RuleViolation
from mpm_tui.services.lookups import board_named, column_named
from mpm_tui.services.order import store_order
from mpm_tui.services.team_admin import plural

SHAPING = "change boards and columns"


def structure_refusal(ctx: ServiceContext) -> str:
    """Why this session cannot change boards and columns ("" when it can)."""
    return ctx.refusal(Role.ADMIN, SHAPING)


@dataclass(frozen=True)
class ColumnOutline:
    id: int
    name: str
    position: int
    """From 1, the leftmost."""
    wip_limit: int | None
    person_limit: int | None
    is_done: bool
    is_review: bool
    cards: int
    """Cards on the board in this column (cancelled ones are not)."""


@dataclass(frozen=True)
class BoardOutline:
    id: int
    name: str
    description: str
    columns: tuple[ColumnOutline, ...]

    @property
    def cards(self) -> int:
        return sum(column.cards for column in self.columns)


def board_outlines() -> list[BoardOutline]:
    """Every board with its columns in order and their card counts: three queries."""
    counted = (
        Task.select(Task.column, fn.COUNT(Task.id))
        .where(Task.cancelled_at.is_null())
        .group_by(Task.column)
    )
    counts: dict[int, int] = {column: n for column, n in counted.tuples()}
    columns: dict[int, list[ColumnOutline]] = {}
    for row in BoardColumn.select().order_by(BoardColumn.board, BoardColumn.position):
        found = columns.setdefault(row.board_id, [])
        found.append(
            ColumnOutline(
                row.id,
                row.name,
                len(found) + 1,
                row.wip_limit,
                row.person_limit,
                row.is_done,
                row.is_review,
                counts.get(row.id, 0),
            )
        )
    return [
        BoardOutline(b.id, b.name, b.description, tuple(columns.get(b.id, ())))
        for b in Board.select().order_by(Board.position, Board.id)
    ]


def board_outline(board: str) -> BoardOutline:
    """One board's outline, by name."""
    row = board_named(board)
    return next(outline for outline in board_outlines() if outline.id == row.id)


# --- boards ---------------------------------------------------------------------------


def rename_board(ctx: ServiceContext, board: str, new_name: str) -> BoardSummary:
    name = parse(NameIn, {"name": new_name}, where="board").name
    with db.atomic():
        ctx.require(Role.ADMIN, SHAPING)
        row = board_named(board)
        old = row.name
        clash = Board.get_or_none((fn.LOWER(Board.name) == name.casefold()) & (Board.id != row.id))
        if clash is not None:
            raise InvalidInput(f"board: name: a board called {clash.name!r} already exists")
        if name != old:
            row.name = name
            row.save()
            activity.record(
                ctx,
                "board",
                row.id,
                "update",
                f"renamed board {old!r} → {name!r}",
                before={"name": old},
                after={"name": name},
            )
        cards = _cards(BoardColumn.board == row.id)
    return BoardSummary(row.id, row.name, row.description, cards)


def board_removal_problem(board: str) -> str:
    """Why the board cannot be removed ("" when it can): asked before confirming."""
    return _board_problem(board_named(board))


def _board_problem(row: Board) -> str:
    total = _cards(BoardColumn.board == row.id, cancelled=True)
    if not total:
        return ""
    cancelled = total - _cards(BoardColumn.board == row.id)
    kept = f" ({cancelled} cut by scope changes, kept for history)" if cancelled else ""
    return (
        f"board {row.name!r} holds {plural(total, 'card')}{kept}: "
        "only an empty board can be removed"
    )


def remove_board(ctx: ServiceContext, board: str) -> str:
    """Remove an empty board with its columns; returns its name."""
    with db.atomic():
        ctx.require(Role.ADMIN, SHAPING)
        row = board_named(board)
        if problem := _board_problem(row):
            raise RuleViolation(problem)
        names = [c.name for c in BoardColumn.select().where(BoardColumn.board == row.id)]
        BoardColumn.delete().where(BoardColumn.board == row.id).execute()
        row.delete_instance()
        activity.record(
            ctx,
            "board",
            row.id,
            "delete",
            f"removed board {row.name!r}",
            before={"name": row.name, "description": row.description, "columns": names},
        )
    return row.name


# --- columns --------------------------------------------------------------------------


def _columns(board: Board) -> list[BoardColumn]:
    return list(
        BoardColumn.select()
        .where(BoardColumn.board == board.id)
        .order_by(BoardColumn.position, BoardColumn.id)
    )


def _check_name(board: Board, name: str, *, other_than: int | None = None) -> None:
    for column in _columns(board):
        if column.id != other_than and column.name.casefold() == name.casefold():
            raise InvalidInput(
                f"column: name: board {board.name!r} already has a column {column.name!r}"
            )


def _check_position(position: int, count: int) -> None:
    if not 1 <= position <= count:
        raise InvalidInput(
            f"position: must be a whole number from 1 (leftmost) to {count} (got {position})"
        )


def add_column(
    ctx: ServiceContext, board: str, name: str, *, position: int | None = None
) -> ColumnOutline:
    """A new column (no limits) at `position` (from 1; default: last, or just left of
    the done column when the board has one last)."""
    name = parse(NameIn, {"name": name}, where="column").name
    with db.atomic():
        ctx.require(Role.ADMIN, SHAPING)
        row = board_named(board)
        columns = _columns(row)
        _check_name(row, name)
        if position is None:
            position = len(columns) + 1
            if columns and columns[-1].is_done:
                position -= 1
        _check_position(position, len(columns) + 1)
        column = BoardColumn.create(board=row, name=name, position=len(columns))
        columns.insert(position - 1, column)
        store_order(BoardColumn, columns)
        activity.record(
            ctx,
            "column",
            column.id,
            "create",
            f"added column {name!r} to board {row.name!r} at position {position}",
            after={"board": row.name, "name": name, "position": position},
        )
    return _outline(column, position, 0)


def rename_column(ctx: ServiceContext, board: str, column: str, new_name: str) -> ColumnOutline:
    name = parse(NameIn, {"name": new_name}, where="column").name
    with db.atomic():
        ctx.require(Role.ADMIN, SHAPING)
        row = board_named(board)
        target = column_named(row, column)
        _check_name(row, name, other_than=target.id)
        old = target.name
        if name != old:
            target.name = name
            target.save()
            activity.record(
                ctx,
                "column",
                target.id,
                "update",
                f"renamed column {old!r} → {name!r} on board {row.name!r}",
                before={"name": old},
                after={"name": name},
            )
        return _outline(target, _index(row, target) + 1, _cards(Task.column == target.id))


def parse_place(text: str) -> int | str:
    """Where `column move` puts a column: left, right, or a position from 1."""
    value = text.strip().lower()
    if value in {"left", "right"}:
        return value
    if value.isdecimal() and len(value) <= 6:
        return int(value)
    raise InvalidInput(f"place: expected left, right or a position from 1 (got {text!r})")


def move_column(ctx: ServiceContext, board: str, column: str, to: int | str) -> ColumnOutline:
    """Move a column one step `"left"` / `"right"`, or to a position (from 1)."""
    with db.atomic():
        ctx.require(Role.ADMIN, SHAPING)
        row = board_named(board)
        target = column_named(row, column)
        columns = _columns(row)
        old = next(i for i, c in enumerate(columns) if c.id == target.id) + 1
        if to == "left":
            if old == 1:
                raise RuleViolation(f"{target.name!r} is already the leftmost column")
            new = old - 1
        elif to == "right":
            if old == len(columns):
                raise RuleViolation(f"{target.name!r} is already the rightmost column")
            new = old + 1
        elif isinstance(to, int):
            _check_position(to, len(columns))
            new = to
        else:
            raise InvalidInput(f"place: expected left, right or a position from 1 (got {to!r})")
        if new != old:
            columns.insert(new - 1, columns.pop(old - 1))
            store_order(BoardColumn, columns)
            activity.record(
                ctx,
                "column",
                target.id,
                "move",
                f"moved column {target.name!r} of board {row.name!r} {old} → {new}",
                before={"position": old},
                after={"position": new},
            )
        return _outline(target, new, _cards(Task.column == target.id))


def column_removal_problem(board: str, column: str) -> str:
    """Why the column cannot be removed ("" when it can): asked before confirming."""
    row = board_named(board)
    return _column_problem(row, column_named(row, column), len(_columns(row)))


def _column_problem(board: Board, column: BoardColumn, count: int) -> str:
    cards = _cards(Task.column == column.id)
    if cards:
        return (
            f"column {column.name!r} on board {board.name!r} holds {plural(cards, 'card')}: "
            "move them to another column first"
        )
    if count == 1:
        return (
            f"{column.name!r} is the only column of board {board.name!r}: a board needs one "
            "(remove the board instead)"
        )
    return ""


def remove_column(ctx: ServiceContext, board: str, column: str) -> str:
    """Remove an empty column (never the board's last); returns its name."""
    with db.atomic():
        ctx.require(Role.ADMIN, SHAPING)
        row = board_named(board)
        target = column_named(row, column)
        columns = _columns(row)
        if problem := _column_problem(row, target, len(columns)):
            raise RuleViolation(problem)
        index = next(i for i, c in enumerate(columns) if c.id == target.id)
        columns.pop(index)
        heir = columns[max(index - 1, 0)]
        moved = Task.update(column=heir.id).where(Task.column == target.id).execute()
        target.delete_instance()
        store_order(BoardColumn, columns)
        before = {
            "board": row.name,
            "name": target.name,
            "position": index + 1,
            "wip_limit": target.wip_limit,
            "person_limit": target.person_limit,
        }
        kept = f" ({plural(moved, 'cancelled card')} moved to {heir.name!r})" if moved else ""
        activity.record(
            ctx,
            "column",
            target.id,
            "delete",
            f"removed column {target.name!r} from board {row.name!r}{kept}",
            before=before,
        )
    return target.name


def _index(board: Board, column: BoardColumn) -> int:
    return next(i for i, c in enumerate(_columns(board)) if c.id == column.id)


def _cards(where: object, *, cancelled: bool = False) -> int:
    """Cards matching `where` (a condition on Task or BoardColumn): those on the board,
    or with `cancelled` those cut by a scope change too."""
    query = Task.select(fn.COUNT(Task.id)).join(BoardColumn).where(where)
    if not cancelled:
        query = query.where(Task.cancelled_at.is_null())
    return int(query.scalar() or 0)


def _outline(row: BoardColumn, position: int, cards: int) -> ColumnOutline:
    return ColumnOutline(
        row.id,
        row.name,
        position,
        row.wip_limit,
        row.person_limit,
        row.is_done,
        row.is_review,
        cards,
    )
