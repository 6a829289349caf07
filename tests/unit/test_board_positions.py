"""Order keys with gaps: a move writes one row, and a column is respaced only when a
gap runs out, keeping its order (logic/board_positions.py, services/task_positions.py)."""

from __future__ import annotations

from pathlib import Path

import pytest

from mpm_tui.db.models import Task
from mpm_tui.logic.board_positions import GAP, MAX_KEY, key_between, spaced_key
from mpm_tui.schemas.views import TaskView
from mpm_tui.services import boards, tasks
from mpm_tui.services.context import ServiceContext

# --- the pure rule ---------------------------------------------------------------


def test_an_empty_column_starts_one_gap_down() -> None:
    assert key_between(None, None) == spaced_key(0) == GAP


@pytest.mark.parametrize(
    ("before", "after", "expected"),
    [
        (None, 3 * GAP, 2 * GAP),  # top, a gap above the first card: a whole gap up
        (None, GAP, GAP // 2),  # top, less room: halfway to 0
        (None, 1, 0),
        (None, 0, None),  # nothing below 0: respace
        (2 * GAP, None, 3 * GAP),  # bottom: a gap further
        (GAP, 2 * GAP, GAP + GAP // 2),  # middle: halfway
        (10, 12, 11),
        (10, 11, None),  # neighbours with no room between them
        (7, 7, None),  # equal keys (an imported column): respace
        (MAX_KEY - 1, None, None),  # the bottom of the key space
    ],
)
def test_key_between(before: int | None, after: int | None, expected: int | None) -> None:
    assert key_between(before, after) == expected


def test_a_key_found_sits_strictly_between_its_neighbours() -> None:
    for before, after in [(None, 5), (0, 2), (5, 1_000_000), (GAP, None), (None, 10 * GAP)]:
        key = key_between(before, after)
        assert key is not None and key >= 0
        assert before is None or before < key
        assert after is None or key < after


# --- moves in the database -------------------------------------------------------


def column_ids(admin: ServiceContext) -> dict[str, int]:
    board = boards.board_view()
    assert board is not None
    return {column.name: column.id for column in board.columns}


def fill(admin: ServiceContext, column: str, titles: str) -> dict[str, int]:
    """One card per letter, appended in order; their ids by title."""
    return {
        title: tasks.create_task(admin, {"title": title, "column": column}).id for title in titles
    }


def keys() -> dict[int, int]:
    """Every task's stored order key (cancelled ones too)."""
    return dict(Task.select(Task.id, Task.position).tuples())


def column(column_id: int) -> list[TaskView]:
    board = boards.board_view()
    assert board is not None
    return list(next(c for c in board.columns if c.id == column_id).cards)


def titles(column_id: int) -> str:
    cards = column(column_id)
    assert [card.position for card in cards] == list(range(len(cards)))  # slots counted
    return "".join(card.title for card in cards)


@pytest.fixture
def board(db_path: Path, admin: ServiceContext) -> dict[str, int]:
    boards.create_board(admin, {"name": "Marketing"})
    return column_ids(admin)


@pytest.mark.parametrize(
    ("slot", "order", "landed"),
    [(0, "xABCDE", 0), (2, "ABxCDE", 2), (5, "ABCDEx", 5), (None, "ABCDEx", 5), (99, "ABCDEx", 5)],
    ids=["top", "middle", "bottom", "end", "past-the-end"],
)
def test_a_move_writes_only_the_moved_card(
    board: dict[str, int],
    admin: ServiceContext,
    slot: int | None,
    order: str,
    landed: int,
) -> None:
    fill(admin, "To Do", "ABCDE")
    moved = fill(admin, "In Progress", "x")["x"]
    before = keys()
    view = tasks.move_task(admin, moved, board["To Do"], slot)
    assert (view.column, view.position) == ("To Do", landed)
    assert titles(board["To Do"]) == order
    after = keys()
    assert {task for task in after if after[task] != before[task]} == {moved}


def test_into_an_empty_column(board: dict[str, int], admin: ServiceContext) -> None:
    ids = fill(admin, "To Do", "AB")
    view = tasks.move_task(admin, ids["B"], board["Done"], 3)
    assert (view.column, view.position) == ("Done", 0)
    assert keys()[ids["B"]] == spaced_key(0)
    assert titles(board["Done"]) == "B"
    assert titles(board["To Do"]) == "A"


def test_a_gap_run_out_respaces_that_column_in_order(
    board: dict[str, int], admin: ServiceContext
) -> None:
    todo, doing = board["To Do"], board["In Progress"]
    fill(admin, "In Progress", "PQ")
    fill(admin, "To Do", "ABC")
    elsewhere = {task: key for task, key in keys().items() if task not in column_keys(todo)}
    # Each new card goes on top: the room above the first card halves every time.
    expected = "ABC"
    for n in range(20):
        title = f"{n:02d}"[-1] if n < 10 else chr(ord("a") + n - 10)
        tasks.create_task(admin, {"title": title, "column": "To Do", "position": 0})
        expected = title + expected
        assert titles(todo) == expected
    spread = sorted(column_keys(todo).values())
    assert len(set(spread)) == len(spread)
    assert spread[0] > 0  # respaced on the way: the top card is no longer squeezed at 0
    # Only that column was respaced: the other column's keys never moved.
    assert {task: key for task, key in keys().items() if task in elsewhere} == elsewhere
    assert titles(doing) == "PQ"


def column_keys(column_id: int) -> dict[int, int]:
    return dict(
        Task.select(Task.id, Task.position)
        .where((Task.column == column_id) & Task.cancelled_at.is_null())
        .tuples()
    )


def test_contiguous_positions_from_an_import_respace_once(
    board: dict[str, int], admin: ServiceContext
) -> None:
    """A column written with positions 0..n-1 (as the importer does) has no gap to
    put a card between two others: the first such move respaces it, and the next
    ones find room."""
    todo = board["To Do"]
    ids = fill(admin, "To Do", "ABCDEF")
    for slot, title in enumerate("ABCDEF"):
        Task.update(position=slot).where(Task.id == ids[title]).execute()
    outsider = fill(admin, "Review", "x")["x"]

    tasks.move_task(admin, outsider, todo, 3)
    assert titles(todo) == "ABCxDEF"
    assert sorted(column_keys(todo).values()) == [spaced_key(i) for i in range(7)]

    before = keys()
    tasks.move_task(admin, ids["F"], todo, 1)
    assert titles(todo) == "AFBCxDE"
    assert {task for task, key in keys().items() if key != before[task]} == {ids["F"]}


def test_cancelled_cards_are_neither_counted_nor_respaced(
    board: dict[str, int], admin: ServiceContext
) -> None:
    todo = board["To Do"]
    ids = fill(admin, "To Do", "ABC")
    Task.update(cancelled_at=admin.now()).where(Task.id == ids["B"]).execute()
    cut_key = keys()[ids["B"]]
    for title in "xyz" * 6:  # squeeze the top until the column is respaced
        tasks.create_task(admin, {"title": title, "column": "To Do", "position": 0})
    assert titles(todo) == "zyx" * 6 + "AC"
    assert keys()[ids["B"]] == cut_key
    assert tasks.get_task(ids["C"]).position == 19


def test_a_reorder_down_and_up_the_same_column(
    board: dict[str, int], admin: ServiceContext
) -> None:
    todo = board["To Do"]
    ids = fill(admin, "To Do", "ABCDE")
    assert tasks.move_task(admin, ids["A"], todo, 3).position == 3
    assert titles(todo) == "BCDAE"
    assert tasks.move_task(admin, ids["E"], todo, 0).position == 0
    assert titles(todo) == "EBCDA"
    assert tasks.move_task(admin, ids["C"], todo, 99).position == 4
    assert titles(todo) == "EBDAC"
    # Each card's own view counts its slot in the column as the board does.
    assert [tasks.get_task(ids[t]).position for t in "EBDAC"] == [0, 1, 2, 3, 4]
    listed = {view.id: view.position for view in tasks.list_tasks(column="To Do")}
    assert listed == {ids[t]: slot for slot, t in enumerate("EBDAC")}
