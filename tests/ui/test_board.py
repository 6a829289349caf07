"""The board driven by real keys and the mouse, checked against the database.

A small purpose-built board keeps every expectation exact:

    A (no limit)   B (WIP 2, full)   C review (WIP 3)   D done
    a1 a2 a3 a4    b1 b2             c1                 d1
"""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from mpm_tui.db.models import Task
from mpm_tui.services import board_rules, boards, members, tasks
from mpm_tui.services.context import ServiceContext
from mpm_tui.widgets.board_canvas import BoardCanvas
from tests.conftest import FROZEN_NOW, dump_database, frozen_clock
from tests.ui.flow_board import (
    COLUMN_X,
    SIZE,
    card_y,
    column_titles,
    make_app,
    screen_text,
    where,
)


async def test_carry_two_columns_right_and_drop_lands_at_the_shown_slot(board_db: Path) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("space", "l", "l")
        await pilot.pause()
        text = screen_text(app)
        assert "✓ drop here" in text
        assert "▶ a1" in text  # the carried card, drawn in its target slot
        assert "Carrying → C slot 1: ✓ can drop · a1" in text
        await pilot.press("j")  # one slot down: below c1
        await pilot.pause()
        assert "Carrying → C slot 2: ✓ can drop · a1" in screen_text(app)
        await pilot.press("space")
        await pilot.pause()
    assert column_titles("C") == ["c1", "a1"]
    assert column_titles("A") == ["a2", "a3", "a4"]


async def test_escape_puts_the_card_back_and_changes_nothing(board_db: Path) -> None:
    before = dump_database()
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("j", "space", "l", "l", "l", "escape")
        await pilot.pause()
        assert app.screen.query_one(BoardCanvas).current_task.title == "a2"
    assert dump_database() == before


async def test_a_drop_into_a_full_column_is_refused_and_changes_nothing(board_db: Path) -> None:
    before = dump_database()
    app = make_app()
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.pause()
        await pilot.press("space", "l")
        await pilot.pause()
        assert "✗ refused: 2/2" in screen_text(app)
        await pilot.press("space")
        await pilot.pause()
        messages = [n.message for n in app._notifications]
        assert any("'B' on board 'Flow' is at its WIP limit (2/2)" in m for m in messages)
        assert app.screen.query_one(BoardCanvas).carry is None
    assert dump_database() == before


async def test_reorder_within_a_column_persists(board_db: Path) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("j", "j", "space", "k", "k", "space")
        await pilot.pause()
    assert column_titles("A") == ["a3", "a1", "a2", "a4"]


async def test_undo_and_redo_restore_positions(board_db: Path) -> None:
    ten_days_ago = FROZEN_NOW - timedelta(days=10)
    Task.update(entered_column_at=ten_days_ago).where(Task.title == "a1").execute()
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("space", "l", "l", "space")
        await pilot.pause()
        assert where("a1") == ("C", 0)
        await pilot.press("u")
        await pilot.pause()
        assert where("a1") == ("A", 0)
        assert column_titles("C") == ["c1"]
        # Undo puts back the card's age in the column: it is still "stuck".
        assert Task.get(Task.title == "a1").entered_column_at == ten_days_ago
        assert "◷10d" in screen_text(app)
        await pilot.press("ctrl+y")
        await pilot.pause()
        assert where("a1") == ("C", 0)
        await pilot.press("ctrl+z")
        await pilot.pause()
        assert column_titles("A") == ["a1", "a2", "a3", "a4"]


async def test_undo_refuses_when_someone_else_moved_the_card_since(board_db: Path) -> None:
    app = make_app()
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.press("space", "l", "l", "space")
        await pilot.pause()
        assert where("a1") == ("C", 0)
        other = ServiceContext(members.resolve_actor("Ben Ito", os_user=""), frozen_clock)
        a1 = next(t for t in tasks.list_tasks(board="Flow") if t.title == "a1")
        tasks.move_task(other, a1.id, a1.column_id, 1)  # Ben reorders it below c1
        before = dump_database()
        await pilot.press("u")
        await pilot.pause()
        assert dump_database() == before
        assert "changed by Ben Ito" in screen_text(app)
        await pilot.press("u")  # that step is gone: nothing else to undo
        await pilot.pause()
        assert dump_database() == before


async def test_shift_right_moves_one_column_under_the_same_rules(board_db: Path) -> None:
    before = dump_database()
    app = make_app()
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.pause()
        await pilot.press("shift+right")  # A → B is full
        await pilot.pause()
        assert dump_database() == before
        await pilot.press("l", "shift+right")  # b1: B → C (review; b1 has no reviewer)
        await pilot.pause()
        # The reviewer question comes up: choose the first person offered.
        await pilot.press("enter")
        await pilot.pause()
    assert where("b1")[0] == "C"
    assert next(t for t in tasks.list_tasks(board="Flow") if t.title == "b1").reviewer


async def test_mouse_drag_and_drop_follows_the_same_rules(board_db: Path) -> None:
    before = dump_database()
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        canvas = app.screen.query_one(BoardCanvas)
        # Drag a2 onto the full column B: refused, nothing changes.
        await pilot.mouse_down(canvas, offset=(COLUMN_X["A"], card_y(1)))
        await pilot.hover(canvas, offset=(COLUMN_X["B"], card_y(0)))
        await pilot.mouse_up(canvas, offset=(COLUMN_X["B"], card_y(0)))
        await pilot.pause()
        assert dump_database() == before
        # Drag a2 into D, on top of d1.
        await pilot.mouse_down(canvas, offset=(COLUMN_X["A"], card_y(1)))
        await pilot.hover(canvas, offset=(COLUMN_X["D"], card_y(0)))
        await pilot.mouse_up(canvas, offset=(COLUMN_X["D"], card_y(0)))
        await pilot.pause()
    assert column_titles("D") == ["a2", "d1"]


async def test_a_viewer_cannot_pick_cards_up(board_db: Path) -> None:
    before = dump_database()
    app = make_app("Vic Roe")
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.pause()
        await pilot.press("space", "l", "space")
        await pilot.pause()
        messages = [n.message for n in app._notifications]
        assert any("Vic Roe is a viewer" in m for m in messages)
    assert dump_database() == before


async def test_set_a_wip_limit_from_the_board(board_db: Path) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("l", "w")
        await pilot.pause()
        await pilot.press("3", "enter")  # the current limit is selected: typing replaces it
        await pilot.pause()
        assert "2/3" in screen_text(app)
    column = next(c for c in boards.board_view().columns if c.name == "B")
    assert column.wip_limit == 3


async def test_set_a_per_person_limit_from_the_board(board_db: Path) -> None:
    app = make_app()
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.pause()
        await pilot.press("l", "l", "W")  # column C
        await pilot.pause()
        await pilot.press("0", "enter")  # refused in the dialog: nothing set
        await pilot.pause()
        assert "a whole number from 1 to 999" in screen_text(app)
        await pilot.press("backspace", "1", "enter")
        await pilot.pause()
        assert "Per-person limit of C: 1" in screen_text(app)
    column = next(c for c in boards.board_view().columns if c.name == "C")
    assert column.person_limit == 1
    # Ben already holds c1 in C: his next card is refused there, with his name.
    b1 = next(t for t in tasks.list_tasks(board="Flow") if t.title == "b1")
    check = board_rules.check_move(
        ServiceContext(make_app().ctx.actor, frozen_clock), b1.id, column.id
    )
    assert not check.allowed and "Ben Ito already holds 1 card in 'C'" in check.reason


async def test_brackets_in_titles_show_as_typed(board_db: Path) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert "#[Q4] Launch" in screen_text(app)


async def test_search_filters_cards_but_headers_count_all(board_db: Path) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("slash", "b", "2", "enter")
        await pilot.pause()
        text = screen_text(app)
        assert " b2" in text and " b1" not in text and " a1" not in text
        assert "2/2 ● full" in text  # the WIP count still counts every card


async def test_swimlanes_by_owner_and_board_switch(board_db: Path) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("s", "s")  # none → project → owner
        await pilot.pause()
        assert "■ Ben Ito (8)" in screen_text(app)
        await pilot.press("b", "down", "enter")
        await pilot.pause()
        assert "Board · Other" in str(app.screen.title)


async def test_the_footer_lets_its_old_keys_go(board_db: Path) -> None:
    """Picking up and putting down rebuilds the footer's keys; the old ones must
    not stay referenced (Textual 8.2's Footer keeps them: see widgets/footer.py)."""
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        for _ in range(20):
            await pilot.press("space", "escape")
        await pilot.pause()
        footer = app.screen.query_one("Footer")
        watching = getattr(footer, "__watchers", {}).get("compact", [])
        assert 0 < len(watching) <= 20  # the keys shown now, not 40 rebuilds' worth
        assert not any(node._closed for node, _ in watching)
