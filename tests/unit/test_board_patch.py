"""A board patched after one change equals the board read again from the database."""

from __future__ import annotations

from pathlib import Path

import pytest

from mpm_tui.logic.board_patch import with_card, without_card
from mpm_tui.schemas.views import BoardView
from mpm_tui.services import boards, tasks
from mpm_tui.services.context import ServiceContext


def fresh() -> BoardView:
    board = boards.board_view()
    assert board is not None
    return board


def test_moves_patched_in_match_a_fresh_read(demo_db: Path, admin: ServiceContext) -> None:
    board = fresh()
    todo, doing, review, done = board.columns
    steps = [
        (todo.cards[0].id, doing.id, 0),  # top of To Do to the top of In Progress
        (todo.cards[5].id, todo.id, 0),  # reorder up
        (todo.cards[1].id, todo.id, 20),  # reorder down
        (doing.cards[-1].id, done.id, 3),  # into Done: completed now
        (done.cards[2].id, todo.id, None),  # back out of Done, to the end
        (review.cards[0].id, done.id, 0),  # a sign-off
    ]
    for task_id, column_id, position in steps:
        moved = tasks.move_task(admin, task_id, column_id, position)
        board = with_card(board, moved)
        assert board == fresh(), (task_id, column_id, position)


def test_new_and_deleted_cards_patched_in(demo_db: Path, admin: ServiceContext) -> None:
    board = fresh()
    created = tasks.create_task(admin, {"title": "Fresh card", "column": "In Progress"})
    board = with_card(board, created)
    assert board == fresh()
    victim = board.columns[0].cards[3].id
    tasks.delete_task(admin, victim)
    board = without_card(board, victim)
    assert board == fresh()


def test_an_edited_card_keeps_its_place(demo_db: Path, admin: ServiceContext) -> None:
    board = fresh()
    card = board.columns[0].cards[2]
    edited = tasks.update_task(admin, card.id, {"title": "Renamed [Q4]", "priority": "urgent"})
    board = with_card(board, edited)
    assert board == fresh()
    assert board.columns[0].cards[2].title == "Renamed [Q4]"


@pytest.mark.parametrize("position", [0, 1, 99])
def test_positions_stay_contiguous(demo_db: Path, admin: ServiceContext, position: int) -> None:
    board = fresh()
    card = board.columns[3].cards[0]
    board = with_card(board, tasks.move_task(admin, card.id, board.columns[0].id, position))
    for column in board.columns:
        assert [c.position for c in column.cards] == list(range(len(column.cards)))
