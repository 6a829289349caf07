"""Every other board key, pressed for real on the Flow board (tests/ui/flow_board.py),
with the database read back after each step."""

from __future__ import annotations

from pathlib import Path

from mpm_tui.db.models import Activity, Task
from mpm_tui.screens.card_detail import CardDetailScreen
from mpm_tui.widgets.board_canvas import BoardCanvas
from tests.conftest import dump_database
from tests.ui.flow_board import SIZE, column_titles, make_app, screen_text, where


def canvas_of(app: object) -> BoardCanvas:
    return app.screen.query_one(BoardCanvas)  # type: ignore[attr-defined]


async def test_focus_moves_with_letters_arrows_and_jumps(board_db: Path) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        canvas = canvas_of(app)
        seen = []
        for key in ("j", "down", "G", "k", "up", "g", "l", "right", "h", "left", "end", "home"):
            await pilot.press(key)
            seen.append(canvas.current_task.title if canvas.current_task else None)
        assert seen == ["a2", "a3", "a4", "a3", "a2", "a1", "b1", "c1", "b1", "a1", "a4", "a1"]
        await pilot.press("pagedown")
        assert canvas.current_task.title == "a4"  # a page holds more than four cards
        await pilot.press("pageup")
        assert canvas.current_task.title == "a1"


async def test_enter_also_puts_the_carried_card_down(board_db: Path) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        # a2 (second in A) carried into D keeps its row: under d1, the slot shown.
        await pilot.press("j", "space", "l", "l", "l", "enter")
        await pilot.pause()
        assert not isinstance(app.screen, CardDetailScreen)  # enter put it down
    assert where("a2") == ("D", 1)
    assert Task.get(Task.title == "a2").completed_at is not None


async def test_shift_left_and_capital_letters_move_at_once(board_db: Path) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("l", "l", "l", "shift+left")  # d1: D → C (C has room, d1 no reviewer)
        await pilot.pause()
        await pilot.press("escape")  # the reviewer question: refuse it, nothing moves
        await pilot.pause()
        assert where("d1") == ("D", 0)
        await pilot.press("h", "h", "L")  # b1: B → C, the reviewer asked: take the first
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
    assert where("b1")[0] == "C"


async def test_n_creates_a_card_in_the_focused_column(board_db: Path) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("n", *"Write [Q1] brief", "enter")
        await pilot.pause()
        assert canvas_of(app).current_task.title == "Write [Q1] brief"
        assert "5 cards" in screen_text(app)
    assert column_titles("A")[-1] == "Write [Q1] brief"


async def test_d_deletes_after_asking(board_db: Path) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        before = dump_database()
        await pilot.press("d", "n")  # asked, declined: nothing changes
        await pilot.pause()
        assert dump_database() == before
        await pilot.press("d", "y")
        await pilot.pause()
        assert canvas_of(app).current_task.title == "a2"
    assert column_titles("A") == ["a2", "a3", "a4"]


async def test_enter_opens_the_card_and_edits_show_on_the_board(board_db: Path) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, CardDetailScreen)
        await pilot.press("tab", *"a1 renamed", "ctrl+s", "escape")
        await pilot.pause()
        assert not isinstance(app.screen, CardDetailScreen)
        assert "a1 renamed" in screen_text(app)
    assert where("a1 renamed") == ("A", 0)


async def test_mine_blocked_filter_menu_and_clear(board_db: Path) -> None:
    Task.update(blocked=True, blocked_reason="waiting on legal").where(Task.title == "a3").execute()
    app = make_app("Ben Ito")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("x")  # blocked only
        await pilot.pause()
        text = screen_text(app)
        assert "⊘ a3" in text and " a1" not in text
        assert "Filter: blocked only" in text
        await pilot.press("F", "m")  # cleared, then only Ben's (all of them)
        await pilot.pause()
        assert "Filter: mine: Ben Ito" in screen_text(app)
        assert " a1" in screen_text(app)
        await pilot.press("F", "f")  # the menu: Only mine, Only blocked, Clear, Project…
        await pilot.pause()
        await pilot.press("down", "down", "down", "enter")  # Project: [Q4] Launch
        await pilot.pause()
        assert "Filter: project: [Q4] Launch" in screen_text(app)
        await pilot.press("F")
        await pilot.pause()
        assert "Filter:" not in screen_text(app)


async def test_sign_off_is_the_reviewers_or_an_admins(board_db: Path) -> None:
    """c1's reviewer is Ben. Vic is a viewer, so try the editor path with Ben and
    the refusal with a reviewer-less card moved by Ben."""
    Task.update(reviewer=None).where(Task.title == "c1").execute()
    app = make_app("Ben Ito")
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.pause()
        before = dump_database()
        await pilot.press("l", "l", "space", "l")  # c1 held over D
        await pilot.pause()
        assert "✗ refused" in screen_text(app)
        await pilot.press("space")
        await pilot.pause()
        assert dump_database() == before
        messages = [n.message for n in app._notifications]
        assert any("only an admin can sign off 'c1'" in m for m in messages)
    admin = make_app()
    async with admin.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("l", "l", "L")  # Ann (admin) signs it off
        await pilot.pause()
    assert where("c1") == ("D", 0)
    logged = Activity.select().where(Activity.action == "sign-off").order_by(Activity.id.desc())
    assert "Ann Lee signed off 'c1'" in logged.first().summary


async def test_r_reloads_what_someone_else_changed(board_db: Path) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        Task.update(title="a1 (edited elsewhere)").where(Task.title == "a1").execute()
        assert "a1 (edited elsewhere)" not in screen_text(app)
        await pilot.press("r")
        await pilot.pause()
        assert "a1 (edited elsewhere)" in screen_text(app)


async def test_an_editor_is_told_limits_are_for_admins(board_db: Path) -> None:
    before = dump_database()
    app = make_app("Ben Ito")
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.pause()
        await pilot.press("l", "w")
        await pilot.pause()
        assert not app.screen.query("InputDialog")  # no dialog to fill in for nothing
        messages = [n.message for n in app._notifications]
        assert (
            "Ben Ito is an editor and cannot change column limits; that needs the admin role"
            in messages
        )
    assert dump_database() == before
