"""The app shell driven by Pilot: modes, keys, help, command palette, header, board, dashboard."""

from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path

import pytest
from rich.console import Console
from textual.command import CommandList, CommandPalette, Matcher
from textual.pilot import Pilot
from textual.widgets import DataTable, Static

from mpm_tui.app import MPMApp, highlight
from mpm_tui.db.database import close_database
from mpm_tui.screens.board import BoardScreen
from mpm_tui.screens.placeholder import NOT_BUILT, PlaceholderScreen
from mpm_tui.screens.project_detail import ProjectDetailScreen
from mpm_tui.screens.timeline import TimelineScreen
from mpm_tui.services import boards, projects, tasks
from mpm_tui.services.context import ServiceContext
from mpm_tui.services.portfolio import portfolio
from mpm_tui.widgets.board_canvas import BoardCanvas
from tests.conftest import FROZEN_NOW, frozen_clock
from tests.snapshots.snapshot_app import DEMO_WORKSPACE, demo_app

SIZE = (120, 40)


@pytest.fixture
def app(tmp_path: Path) -> Iterator[MPMApp]:
    """The demo workspace as `mpm --demo` opens it, on the frozen clock."""
    yield demo_app(tmp_path)
    close_database()


def screen_text(app: MPMApp) -> str:
    """What the terminal shows right now, as plain text (export_screenshot, minus the SVG)."""
    console = Console(width=app.size.width, file=io.StringIO(), record=True, legacy_windows=False)
    console.print(
        app.screen._compositor.render_update(full=True, screen_stack=app._background_screens)
    )
    return console.export_text()


def header_text(app: MPMApp) -> str:
    return str(app.screen.query_one("HeaderTitle", Static).visual)


async def palette_hits(pilot: Pilot[None], first: str) -> None:
    """Wait (up to 5 s) until the command palette lists `first` as its top hit."""
    for _ in range(100):
        await pilot.pause(0.05)
        hits = pilot.app.screen.query_one(CommandList)
        if hits.option_count and str(hits.get_option_at_index(0).prompt).startswith(first):
            return
    raise AssertionError(f"the command palette never offered {first!r}")


def canvas(app: MPMApp) -> BoardCanvas:
    return app.screen.query_one(BoardCanvas)


async def test_opens_on_the_board_with_workspace_and_user_in_the_header(app: MPMApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert app.current_mode == "board"
        assert isinstance(app.screen, BoardScreen)
        header = header_text(app)
        assert DEMO_WORKSPACE in header
        assert "Board" in header
        assert "Maya Chen · admin" in header


async def test_number_keys_switch_screens_and_back(app: MPMApp) -> None:
    expected = {
        "2": ("timeline", "Timeline"),
        "3": ("workload", "Workload"),
        "4": ("retro", "Retro"),
        "5": ("dashboard", "Portfolio"),
        "1": ("board", "In Progress"),
    }
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        for key, (mode, text) in expected.items():
            await pilot.press(key)
            await pilot.pause()
            assert app.current_mode == mode
            assert text in screen_text(app)
            if isinstance(app.screen, PlaceholderScreen):
                note = str(app.screen.query_one("#not-built", Static).visual)
                assert note.startswith(text)
                assert NOT_BUILT in note
        await pilot.press("5", "2")
        await pilot.pause()
        assert app.current_mode == "timeline"


async def test_the_current_screens_key_does_nothing(app: MPMApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        board = app.screen
        await pilot.press("l", "j")
        focused, cursor = app.screen.focused, canvas(app).cursor
        assert app.check_action("switch_mode", ("board",)) is None  # greyed in the footer
        await pilot.press("1")
        await pilot.pause()
        assert app.current_mode == "board"
        assert app.screen is board
        assert app.screen.focused is focused and canvas(app).cursor == cursor
        assert app.check_action("switch_mode", ("dashboard",)) is True


async def test_question_mark_shows_and_hides_every_key(app: MPMApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("question_mark")
        await pilot.pause()
        assert app.screen.query("HelpPanel")
        table = app.screen.query_one("BindingsTable", Static)
        console = Console(width=200, file=io.StringIO(), record=True)
        console.print(table.render())
        keys = console.export_text()
        for text in ("Board", "Timeline", "Workload", "Retro", "Dashboard", "Keys", "Theme"):
            assert text in keys
        assert "Left" in keys and "Carry" in keys and "Quit" in keys
        await pilot.press("question_mark")
        await pilot.pause()
        assert not app.screen.query("HelpPanel")


async def test_command_palette_switches_screen_by_name(app: MPMApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("ctrl+p")
        await pilot.pause()
        assert isinstance(app.screen, CommandPalette)
        await pilot.press(*"timeline")
        await palette_hits(pilot, "Timeline")
        await pilot.press("down", "enter")
        await pilot.pause()
        assert not isinstance(app.screen, CommandPalette)
        assert app.current_mode == "timeline"
        assert isinstance(app.screen, TimelineScreen)


async def test_command_palette_opens_a_project_by_name(app: MPMApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("ctrl+p", *"Aurora Launch")
        await palette_hits(pilot, "Aurora Launch")
        await pilot.press("down", "enter")
        await pilot.pause()
        assert isinstance(app.screen, ProjectDetailScreen)
        assert app.screen.detail is not None
        assert app.screen.detail.project.name == "Aurora Launch"
        await pilot.press("escape")
        await pilot.pause()
        assert app.current_mode == "board"


async def test_ctrl_t_cycles_themes(app: MPMApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert app.theme == "textual-dark"
        await pilot.press("ctrl+t")
        assert app.theme == "textual-light"
        await pilot.press("ctrl+t")
        assert app.theme == "nord"


async def test_an_unknown_theme_falls_back_with_a_warning(tmp_path: Path) -> None:
    app = demo_app(tmp_path, theme="[b]no-such-theme")
    try:
        async with app.run_test(size=SIZE, notifications=True) as pilot:
            await pilot.pause()
            assert app.theme == "textual-dark"
            assert "'[b]no-such-theme' is not a known theme" in screen_text(app)
    finally:
        close_database()


async def test_starts_in_the_requested_mode_and_shows_a_read_only_note(tmp_path: Path) -> None:
    app = demo_app(tmp_path, mode="dashboard", read_only=True)
    try:
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            assert app.current_mode == "dashboard"
            assert "Maya Chen · viewer (read-only session)" in header_text(app)
    finally:
        close_database()


async def test_board_columns_show_count_limit_and_full_marker(app: MPMApp) -> None:
    view = boards.board_view()
    assert view is not None
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert [c.name for c in canvas(app).columns] == [c.name for c in view.columns]
        text = screen_text(app)
        for column in view.columns:
            assert column.name in text
        review = next(c for c in view.columns if c.name == "Review")
        assert review.at_limit, "the demo keeps Review at its limit"
        assert f"{review.wip_label} ● full" in text


async def test_arrows_and_hjkl_move_between_cards_and_columns(app: MPMApp) -> None:
    view = boards.board_view()
    assert view is not None
    todo, doing, review = view.columns[0], view.columns[1], view.columns[2]
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert canvas(app).current_column.name == todo.name
        await pilot.press("j", "down")
        assert canvas(app).cursor[2] == 2
        await pilot.press("k")
        assert canvas(app).cursor[2] == 1
        await pilot.press("l")
        assert canvas(app).current_column.name == doing.name
        assert canvas(app).cursor[2] == 1
        await pilot.press("right")
        assert canvas(app).current_column.name == review.name
        await pilot.press("left", "h", "h")
        assert canvas(app).current_column.name == todo.name
        await pilot.press("up")
        await pilot.pause()
        detail = str(app.screen.query_one("#card-detail", Static).visual)
        assert detail.startswith(f"#{todo.cards[0].id} {todo.cards[0].title} — {todo.name}")


async def test_dashboard_lists_every_project_with_task_counts(app: MPMApp) -> None:
    rows = portfolio(FROZEN_NOW.date())
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("5")
        await pilot.pause()
        table = app.screen.query_one(DataTable)
        assert table.row_count == len(rows) > 0
        for index, row in enumerate(rows):
            cells = [str(cell) for cell in table.get_row_at(index)]
            assert cells[0] == row.project.name
            assert cells[2].startswith(row.progress.label)
        assert "enter opens a project" in screen_text(app)


# An empty workspace, and user text that looks like markup.


def make_app(ctx: ServiceContext) -> MPMApp:
    return MPMApp(ctx, workspace="test.db", clock=frozen_clock, background_loads=False)


async def test_an_empty_workspace_says_how_to_start(db_path: Path, admin: ServiceContext) -> None:
    app = make_app(admin)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        text = screen_text(app)
        assert "mpm board add NAME" in text
        assert "mpm --demo" in text
        assert "Test Admin · admin (setting up" not in text  # admin fixture carries no note
        await pilot.press("5")
        await pilot.pause()
        assert "No projects yet" in screen_text(app)


async def test_brackets_in_user_text_render_as_typed(db_path: Path, admin: ServiceContext) -> None:
    boards.create_board(admin, {"name": "[Main] board"})
    projects.create_project(admin, {"name": "[Q4] launch", "start": "2026-11-02"})
    tasks.create_task(
        admin,
        {"title": "[TODO] fix list[int]", "project": "[Q4] launch", "due": "2026-11-20"},
    )
    app = make_app(admin)
    async with app.run_test(size=(200, 40)) as pilot:  # wide: the card line is not cut
        await pilot.pause()
        text = screen_text(app)
        assert "[TODO] fix list[int]" in text
        assert "unassigned · ⚠Nov 20" in text  # ⚠: overdue, not colour alone
        assert "#[Q4] launch" in text
        assert "Board · [Main] board" in header_text(app)
        await pilot.press("5")
        await pilot.pause()
        assert "[Q4] launch" in screen_text(app)
        await pilot.press("ctrl+p", *"Q4")
        await palette_hits(pilot, "[Q4] launch")
        assert "[Q4] launch" in screen_text(app)


def test_palette_highlight_keeps_brackets() -> None:
    assert highlight(Matcher("q4"), "[Q4] launch").plain == "[Q4] launch"


async def test_over_limit_column_says_so(db_path: Path, admin: ServiceContext) -> None:
    boards.create_board(admin, {"name": "Main"})
    for title in ("one", "two", "three"):
        tasks.create_task(admin, {"title": title, "column": "Review"})
    boards.set_wip_limit(admin, None, "Review", 2)
    app = make_app(admin)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert "3/2 ▲ over limit" in screen_text(app)


async def test_a_read_only_session_says_so_in_every_screens_footer(tmp_path: Path) -> None:
    """`--read-only`: each screen's footer starts with `read-only` and dims its writing
    keys (pressing one still says why); an editor's footer has neither."""
    from textual.widgets._footer import FooterKey

    def footer(app: MPMApp) -> tuple[str, set[str]]:
        keys = app.screen.query(FooterKey)
        dimmed = {key.key for key in keys if "-disabled" in key.classes}
        return screen_text(app).splitlines()[-1], dimmed

    viewer = demo_app(tmp_path, mode="board", read_only=True)
    try:
        async with viewer.run_test(size=(160, 30)) as pilot:
            await pilot.pause()
            line, dimmed = footer(viewer)
            assert line.startswith(" read-only") or line.startswith("read-only"), line
            assert {"space", "n"} <= dimmed
            for key in ("2", "3", "4"):
                await pilot.press(key)
                await pilot.pause()
                line, _dimmed = footer(viewer)
                assert "read-only" in line, (key, line)
    finally:
        close_database()

    (tmp_path / "editor").mkdir()
    editor = demo_app(tmp_path / "editor", mode="board")
    try:
        async with editor.run_test(size=(160, 30)) as pilot:
            await pilot.pause()
            line, dimmed = footer(editor)
            assert "read-only" not in line and not dimmed & {"space", "n"}
    finally:
        close_database()
