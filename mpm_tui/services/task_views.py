"""Task views as the screens and the CLI see them, read in a constant number of queries.

The rows are read as plain tuples and converted here: building Peewee model
objects costs most of the time on a board of 10,000 cards. A view's
`position` is its slot (0 = the top of its column); the database keeps order
keys with gaps (logic/board_positions.py), so slots are counted, never read.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping
from typing import Any, Literal

from peewee import JOIN, Case, fn

from mpm_tui.db.database import db
from mpm_tui.db.models import Board, BoardColumn, ChecklistItem, Dependency, Member, Project, Task
from mpm_tui.schemas.enums import Priority
from mpm_tui.schemas.views import TaskView
from mpm_tui.services.raw import raw_rows, read_date, read_datetime

_PRIORITIES = {priority.value: priority for priority in Priority}

SlotsFrom = Literal["each", "columns", "board"]


def slot_of_task() -> Any:
    """How many open cards of its column come before the task (its slot), as a
    subquery of a select from `Task`: it walks the column's index up to the card."""
    other = Task.alias("other")
    return other.select(fn.COUNT(other.id)).where(
        (other.column == Task.column)
        & other.cancelled_at.is_null()
        & (
            (other.position < Task.position)
            | ((other.position == Task.position) & (other.id < Task.id))
        )
    )


def _views_query(where: Any, *, count_slots: bool) -> Any:
    """The open tasks matching `where` with their names joined, in board order; the
    sixth column is the slot when `count_slots`, else the order key."""
    owner = Member.alias("owner")
    reviewer = Member.alias("reviewer")
    return (
        Task.select(
            Task.id,
            Task.title,
            Board.name,
            BoardColumn.name,
            Task.column,
            slot_of_task().alias("slot") if count_slots else Task.position,
            Project.name,
            owner.name,
            reviewer.name,
            Task.channel,
            Task.estimate_days,
            Task.start,
            Task.due,
            Task.priority,
            Task.blocked,
            Task.blocked_reason,
            Task.entered_column_at,
            Task.created_at,
            Task.completed_at,
            Task.version,
            Task.description,
        )
        .join(BoardColumn, on=(Task.column == BoardColumn.id))
        .join(Board, on=(BoardColumn.board == Board.id))
        .switch(Task)
        .join(Project, JOIN.LEFT_OUTER, on=(Task.project == Project.id))
        .switch(Task)
        .join(owner, JOIN.LEFT_OUTER, on=(Task.owner == owner.id))
        .switch(Task)
        .join(reviewer, JOIN.LEFT_OUTER, on=(Task.reviewer == reviewer.id))
        .where(where & Task.cancelled_at.is_null())
        .order_by(Board.position, BoardColumn.position, Task.position, Task.id)
    )


# Joined on the same filter rather than an IN list of ids: the query count stays
# constant and no bound-parameter cap is hit at 10,000 tasks.


def _checklist_query(where: Any) -> Any:
    """(task id, items done, items) for the tasks matching `where` that have a checklist."""
    done_sum = fn.SUM(Case(None, [(ChecklistItem.done == True, 1)], 0))  # noqa: E712
    return (
        ChecklistItem.select(ChecklistItem.task, done_sum, fn.COUNT(ChecklistItem.id))
        .join(Task, on=(ChecklistItem.task == Task.id))
        .join(BoardColumn, on=(Task.column == BoardColumn.id))
        .where(where)
        .group_by(ChecklistItem.task)
    )


def _depends_query(where: Any) -> Any:
    """(predecessor, successor) for the tasks matching `where` that wait for others."""
    return (
        Dependency.select(Dependency.predecessor, Dependency.successor)
        .join(Task, on=(Dependency.successor == Task.id))
        .join(BoardColumn, on=(Task.column == BoardColumn.id))
        .where(where)
        .order_by(Dependency.predecessor)
    )


def load_task_views(
    where: Any,
    *,
    board_name: str | None = None,
    slots: SlotsFrom | Mapping[int, int] = "each",
) -> list[TaskView]:
    """Task views matching `where`, ordered by column and position: three queries.

    The slots are counted as `slots` says: "each" row counts its own in SQL
    (for a few cards), "columns" reads the order of the columns touched in one
    more query (for long lists), "board" counts them off the rows (`where`
    takes every open card of the columns it touches), or a mapping task id →
    slot gives those the caller knows.
    """
    rows = raw_rows(_views_query(where, count_slots=slots == "each"))
    if not rows:
        return []
    return _views(
        rows,
        raw_rows(_checklist_query(where)),
        raw_rows(_depends_query(where)),
        _slots(rows, slots),
        board_name,
    )


def task_view_at(task_id: int, slot: int) -> TaskView | None:
    """One task's view when its slot is known (None if it is gone or cut).

    The same three queries as `load_task_views(Task.id == task_id)`, their SQL
    built once per kind of database: building it costs more than running it,
    and a card put down on the board waits for this view.
    """
    rows = _rows_for_task("views", _no_slot_count, task_id)
    if not rows:
        return None
    return _views(
        rows,
        _rows_for_task("checklist", _checklist_query, task_id),
        _rows_for_task("depends", _depends_query, task_id),
        {task_id: slot},
        None,
    )[0]


def _no_slot_count(where: Any) -> Any:
    return _views_query(where, count_slots=False)


_ANY_TASK = -719_253
"""No task has this id: it stands for the task's id in SQL compiled once."""
_COMPILED: dict[tuple[type, str], tuple[str, tuple[Any, ...]]] = {}


def _rows_for_task(name: str, build: Callable[[Any], Any], task_id: int) -> list[tuple[Any, ...]]:
    """The rows of `build(Task.id == task_id)`, its SQL compiled on first use."""
    key = (type(db.obj), name)
    compiled = _COMPILED.get(key)
    if compiled is None:
        sql, params = build(Task.id == _ANY_TASK).sql()
        compiled = _COMPILED[key] = (sql, tuple(params))
    sql, params = compiled
    bound = [task_id if value == _ANY_TASK else value for value in params]
    return db.execute_sql(sql, bound).fetchall()


def _slots(rows: list[tuple[Any, ...]], slots: SlotsFrom | Mapping[int, int]) -> Mapping[int, int]:
    if slots == "each":
        return {row[0]: row[5] for row in rows}
    if slots == "board":
        return _count_off((row[0], row[4]) for row in rows)
    if slots == "columns":
        columns = sorted({row[4] for row in rows})
        return _count_off(
            raw_rows(
                Task.select(Task.id, Task.column)
                .where(Task.column.in_(columns) & Task.cancelled_at.is_null())
                .order_by(Task.column, Task.position, Task.id)
            )
        )
    return slots


def _count_off(cards: Iterable[tuple[int, int]]) -> dict[int, int]:
    """Slots from (task id, column id) pairs holding every open card of their
    columns, each column's cards together and in order."""
    slots: dict[int, int] = {}
    column, slot = None, 0
    for task_id, column_id in cards:
        slot = slot + 1 if column_id == column else 0
        column = column_id
        slots[task_id] = slot
    return slots


def _views(
    rows: list[tuple[Any, ...]],
    checklist_rows: list[tuple[Any, ...]],
    depends_rows: list[tuple[Any, ...]],
    slots: Mapping[int, int],
    board_name: str | None,
) -> list[TaskView]:
    checklist = {task_id: (int(done or 0), int(total)) for task_id, done, total in checklist_rows}
    depends: dict[int, list[int]] = defaultdict(list)
    for pred, succ in depends_rows:
        depends[succ].append(pred)
    no_checklist = (0, 0)
    return [
        TaskView(
            id=task_id,
            title=title,
            board=board_name or board,
            column=column,
            column_id=column_id,
            position=slots[task_id],
            project=project,
            owner=owner_name,
            reviewer=reviewer_name,
            channel=channel,
            estimate_days=estimate,
            start=read_date(start),
            due=read_date(due),
            priority=_PRIORITIES[priority],
            blocked=bool(blocked),
            blocked_reason=blocked_reason,
            entered_column_at=read_datetime(entered),
            created_at=read_datetime(created),
            completed_at=read_datetime(completed),
            checklist_done=checklist.get(task_id, no_checklist)[0],
            checklist_total=checklist.get(task_id, no_checklist)[1],
            depends_on=tuple(depends.get(task_id, ())),
            version=version,
            description=description,
        )
        for (
            task_id,
            title,
            board,
            column,
            column_id,
            _,
            project,
            owner_name,
            reviewer_name,
            channel,
            estimate,
            start,
            due,
            priority,
            blocked,
            blocked_reason,
            entered,
            created,
            completed,
            version,
            description,
        ) in rows
    ]
