"""Find rows by the names people type, with a helpful message when absent."""

from __future__ import annotations

import difflib

from peewee import fn

from mpm_tui.db.models import Board, BoardColumn, Member, Project, Task
from mpm_tui.services.errors import InvalidInput, NotFound

MAX_ID = 2**63 - 1
"""The largest id the database can hold: a larger number names no row."""


def as_id(text: str) -> int | None:
    """`text` as a row id when it is a whole number the database can hold, else None
    (so `²` or a 30-digit "name" is looked up as a name and never breaks a query)."""
    if text.isdecimal() and (value := int(text)) <= MAX_ID:
        return value
    return None


def _suggest(name: str, candidates: list[str]) -> str:
    close = difflib.get_close_matches(name, candidates, n=1, cutoff=0.6)
    if close:
        return f" (did you mean {close[0]!r}?)"
    if candidates and len(candidates) <= 8:
        return " (known: " + ", ".join(candidates) + ")"
    return ""


def member_named(name: str) -> Member:
    """A member by name or handle, case-insensitively."""
    key = name.strip().casefold()
    row = Member.get_or_none((fn.LOWER(Member.name) == key) | (fn.LOWER(Member.handle) == key))
    if row is None:
        names = [m.name for m in Member.select(Member.name).order_by(Member.name)]
        raise NotFound(f"no member called {name!r}{_suggest(name, names)}")
    return row


def optional_member(name: str | None) -> Member | None:
    return None if name is None or not name.strip() else member_named(name)


def assignable_member(name: str | None, *, keep: int | None = None) -> Member | None:
    """`optional_member` for giving someone work: a deactivated member is refused,
    unless they are `keep` (the one the record already has: saving it unchanged is
    no new work)."""
    row = optional_member(name)
    if row is not None and not row.active and row.id != keep:
        raise InvalidInput(
            f"{row.name} is deactivated: reactivate them first (mpm member reactivate) "
            "or choose someone else"
        )
    return row


def project_named(name: str) -> Project:
    key = name.strip().casefold()
    row = Project.get_or_none(fn.LOWER(Project.name) == key)
    if row is None:
        row_id = as_id(key)
        if row_id is not None and (by_id := Project.get_or_none(Project.id == row_id)):
            return by_id
        names = [p.name for p in Project.select(Project.name).order_by(Project.name)]
        raise NotFound(f"no project called {name!r}{_suggest(name, names)}")
    return row


def optional_project(name: str | None) -> Project | None:
    return None if name is None or not name.strip() else project_named(name)


def board_named(name: str | None) -> Board:
    """A board by name; None means the first board."""
    if name is None:
        row = Board.select().order_by(Board.position, Board.id).first()
        if row is None:
            raise NotFound("this workspace has no board yet: create one with `mpm board add NAME`")
        return row
    key = name.strip().casefold()
    row = Board.get_or_none(fn.LOWER(Board.name) == key)
    if row is None:
        names = [b.name for b in Board.select(Board.name).order_by(Board.position)]
        raise NotFound(f"no board called {name!r}{_suggest(name, names)}")
    return row


def column_named(board: Board, name: str | None) -> BoardColumn:
    """A column of `board` by name (case-insensitive); None means the first column."""
    columns = list(
        BoardColumn.select().where(BoardColumn.board == board).order_by(BoardColumn.position)
    )
    if name is None:
        if not columns:
            raise NotFound(f"board {board.name!r} has no columns")
        return columns[0]
    key = name.strip().casefold()
    for column in columns:
        if column.name.casefold() == key:
            return column
    names = [c.name for c in columns]
    raise NotFound(f"board {board.name!r} has no column {name!r}{_suggest(name, names)}")


def task_by_id(task_id: int) -> Task:
    row = Task.get_or_none(Task.id == task_id)
    if row is None:
        raise NotFound(f"no task with id {task_id}")
    return row
