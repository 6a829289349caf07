"""Where tasks sit in their columns: slots as users count them, order keys as stored.

The database keeps an order key per card, with gaps (logic/board_positions.py);
these helpers turn a slot (0 = the top) into a key for a card put down there,
read a card's slot back, and build a task's view when its slot is known. Used
inside the tasks service's transactions.
"""

from __future__ import annotations

from typing import Any

from peewee import Case, fn

from mpm_tui.db.models import BoardColumn, Task
from mpm_tui.logic.board_positions import GAP, key_between, spaced_key
from mpm_tui.schemas.views import TaskView
from mpm_tui.services.errors import NotFound
from mpm_tui.services.raw import raw_rows
from mpm_tui.services.task_views import slot_of_task, task_view_at


def _open_cards(column_id: int, moving: int | None = None) -> Any:
    """The column's open cards; `moving`, a card being placed again, left out."""
    where = (Task.column == column_id) & Task.cancelled_at.is_null()
    return where if moving is None else where & (Task.id != moving)


def place_card(column_id: int, slot: int | None, *, moving: int | None = None) -> tuple[int, int]:
    """(slot, order key) for a card put into the column at `slot` (clamped; None =
    the end). Nothing else is written unless the neighbours have no room left
    between their keys: then the column is respaced first (see board_positions).

    One query (two past the end); `moving` is a card already in the column that
    is being placed again: it neither counts nor is respaced.
    """
    cards = _open_cards(column_id, moving)
    before: int | None = None
    after: int | None = None
    if slot is not None:
        slot = max(0, slot)
        keys = [
            key
            for (key,) in raw_rows(
                Task.select(Task.position)
                .where(cards)
                .order_by(Task.position, Task.id)
                .limit(2 if slot else 1)
                .offset(max(0, slot - 1))
            )
        ]
        if slot == 0:
            after = keys[0] if keys else None
        elif keys:
            before, after = keys[0], keys[1] if len(keys) > 1 else None
        else:
            slot = None  # past the last card: the end
    if slot is None:
        count, last = raw_rows(Task.select(fn.COUNT(Task.id), fn.MAX(Task.position)).where(cards))[
            0
        ]
        slot, before = int(count or 0), last
    key = key_between(before, after)
    if key is None:
        _respace(column_id, slot, moving)
        key = spaced_key(slot)
    return slot, key


def _respace(column_id: int, slot: int, moving: int | None) -> None:
    """Spread the column's keys `GAP` apart again, in one statement, leaving the key
    of `slot` free for the card put down there (cancelled cards keep theirs)."""
    ranked = (
        Task.select(Task.id, fn.ROW_NUMBER().over(order_by=[Task.position, Task.id]).alias("n"))
        .where(_open_cards(column_id, moving))
        .alias("ranked")
    )
    n = ranked.c.n  # 1-based: the card at slot i is row i + 1
    Task.update(position=Case(None, [(n > slot, n + 1)], n) * GAP).from_(ranked).where(
        Task.id == ranked.c.id
    ).execute()


def task_with_column(task_id: int, *, with_slot: bool = False) -> Task:
    """The task with its column (and, asked, its slot as `.slot`) in one query."""
    query = Task.select(Task, BoardColumn)
    if with_slot:
        query = query.select_extend(slot_of_task().alias("slot"))
    row = (
        query.join(BoardColumn, on=(Task.column == BoardColumn.id))
        .where(Task.id == task_id)
        .first()
    )
    if row is None:
        raise NotFound(f"no task with id {task_id}")
    return row


def view_at(task_id: int, slot: int) -> TaskView:
    """The task as the screens see it, its slot known (no query to count it)."""
    view = task_view_at(task_id, slot)
    if view is None:
        raise NotFound(f"no task with id {task_id}")
    return view
