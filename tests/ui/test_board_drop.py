"""Putting a card down: the version it was read at goes with the move, the board shows
the database afterwards, and only the columns the card left and entered are repainted.

The Flow board (tests/ui/flow_board.py):

    A (no limit)   B (WIP 2, full)   C review (WIP 3)   D done
    a1 a2 a3 a4    b1 b2             c1                 d1
"""

from __future__ import annotations

from pathlib import Path

from textual.geometry import Region

from mpm_tui.services import boards, members, tasks
from mpm_tui.services.context import ServiceContext
from mpm_tui.widgets.board_canvas import BoardCanvas
from tests.conftest import dump_database, frozen_clock
from tests.ui.flow_board import SIZE, column_titles, make_app, screen_text, where


def task_id(title: str) -> int:
    return next(t.id for t in tasks.list_tasks(board="Flow") if t.title == title)


def shown_in_order(app: object, titles: list[str]) -> bool:
    """The titles appear on screen top to bottom in this order."""
    text = screen_text(app)  # type: ignore[arg-type]
    found = [text.find(f" {title} ") for title in titles]
    return all(at >= 0 for at in found) and found == sorted(found)


async def test_a_card_changed_elsewhere_is_not_moved_and_the_board_shows_it(
    board_db: Path,
) -> None:
    app = make_app()
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.pause()
        await pilot.press("j", "space", "l", "l", "l")  # carrying a2 towards D
        await pilot.pause()
        ben = ServiceContext(members.resolve_actor("Ben Ito", os_user=""), frozen_clock)
        tasks.update_task(ben, task_id("a2"), {"title": "a2 renamed by Ben"})
        before = dump_database()
        await pilot.press("space")
        await pilot.pause()
        assert dump_database() == before
        messages = [n.message for n in app._notifications]
        assert any("changed by Ben Ito" in m and "reloaded" in m for m in messages)
        assert "a2 renamed by Ben" in screen_text(app)  # read again: what the database holds
        assert app.screen.query_one(BoardCanvas).carry is None
    assert where("a2 renamed by Ben") == ("A", 1)


async def test_a_drop_repaints_the_two_columns_it_touched(board_db: Path) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        canvas = app.screen.query_one(BoardCanvas)
        await pilot.press("space", "l", "l", "j")  # a1 below c1 in C
        await pilot.pause()
        painted: list[tuple[Region, ...]] = []
        refresh = canvas.refresh

        def spy(*regions: Region, **options: bool) -> BoardCanvas:
            painted.append(regions)
            return refresh(*regions, **options)

        canvas.refresh = spy  # type: ignore[method-assign]
        await pilot.press("space")
        await pilot.pause()
        canvas.refresh = refresh  # type: ignore[method-assign]
        assert column_titles("C") == ["c1", "a1"]
        assert painted, "the drop repainted nothing"
        spans = {col: (x, width) for col, x, width in canvas._column_spans()}
        repainted = {(r.x, r.width) for regions in painted for r in regions}
        assert () not in painted  # never the whole canvas
        assert repainted == {spans[0], spans[2]}  # A (left) and C (entered), not B or D
        # And the screen shows the board as it now is, the untouched columns too.
        assert shown_in_order(app, ["a2", "a3", "a4"])
        assert shown_in_order(app, ["c1", "a1"])
        assert shown_in_order(app, ["b1", "b2"])
        assert " d1 " in screen_text(app)


async def test_cards_below_a_drop_show_their_new_places(board_db: Path) -> None:
    """Cards that only changed slots are drawn from the card cache: the screen must
    still match the database after moves up and down the same column."""
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("j", "j", "j", "space", "g", "space")  # a4 to the top
        await pilot.pause()
        assert column_titles("A") == ["a4", "a1", "a2", "a3"]
        assert shown_in_order(app, ["a4", "a1", "a2", "a3"])
        await pilot.press("space", "G", "space")  # and back to the bottom
        await pilot.pause()
        assert column_titles("A") == ["a1", "a2", "a3", "a4"]
        assert shown_in_order(app, ["a1", "a2", "a3", "a4"])
        board = boards.board_view()
        assert board is not None
        assert app.screen.board == board  # the patched board is what a fresh read gives
