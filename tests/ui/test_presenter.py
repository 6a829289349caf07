"""Presenter mode driven by Pilot on the demo workspace: P, the sequence, pause, the end.

The demo workspace as `mpm --demo` opens it, on the frozen clock. The band is
read from the terminal's text (`screen_text`), so what is asserted is what a
screen-share shows; the countdown is driven by calling the timer's callback
(`Presenter.tick`) rather than by waiting.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from textual.command import CommandPalette
from textual.widgets import Footer, Header, Input, Static

from mpm_tui.app import MPMApp
from mpm_tui.db.database import close_database
from mpm_tui.screens.board import BoardScreen
from mpm_tui.screens.card_detail import CardDetailScreen
from mpm_tui.screens.presenter import PRESENT_THEME, SEQUENCE, PresentOptions
from mpm_tui.services import members, tasks
from mpm_tui.services.context import ServiceContext
from mpm_tui.services.demo import DEMO_USER
from mpm_tui.widgets.board_canvas import BoardCanvas
from mpm_tui.widgets.presenter_band import PresenterBand
from tests.conftest import frozen_clock
from tests.snapshots.snapshot_app import DEMO_WORKSPACE, open_demo_database
from tests.ui.test_app_shell import palette_hits, screen_text

SIZE = (120, 35)
"""The size the issue asks to be readable at when screen-shared."""

MakeApp = Callable[..., MPMApp]


@pytest.fixture
def make_app(tmp_path: Path) -> Iterator[MakeApp]:
    """The demo app (its own database copy), optionally started presenting."""

    def make(
        *, mode: str = "board", theme: str = "textual-dark", present: PresentOptions | None = None
    ) -> MPMApp:
        open_demo_database(tmp_path)
        actor = members.resolve_actor(DEMO_USER, os_user="", read_only=False)
        return MPMApp(
            ServiceContext(actor),
            workspace=DEMO_WORKSPACE,
            mode=mode,
            theme=theme,
            clock=frozen_clock,
            present=present,
            background_loads=False,
        )

    yield make
    close_database()


def band(app: MPMApp) -> str:
    """The band's three lines as the terminal shows them."""
    return "\n".join(screen_text(app).splitlines()[:3])


def band_line(app: MPMApp, part: str) -> str:
    """One part of the band as it was last told (no refresh needed)."""
    return str(app.screen.query_one(PresenterBand).query_one(part, Static).content)


def chrome_shown(app: MPMApp) -> tuple[bool, bool]:
    """Whether the current screen shows its Header and its Footer."""
    screen = app.screen
    return screen.query_one(Header).display, screen.query_one(Footer).display


async def test_P_presents_and_space_right_left_walk_the_sequence(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert chrome_shown(app) == (True, True)
        await pilot.press("P")
        await pilot.pause()
        assert app.presenter.active
        assert app.theme == PRESENT_THEME.name
        assert app.current_mode == "board"
        assert chrome_shown(app) == (False, False)
        top = band(app)
        assert "Weekly sync ▸ B O A R D · Marketing" in top
        assert "● ○ ○ ○  1/4" in top
        assert "next ▸ Timeline" in top
        assert "▶ manual" in top
        assert "space/→ next · ← back · esc end" in top

        expected = [
            ("space", "timeline", "T I M E L I N E", "○ ● ○ ○  2/4", "next ▸ Workload"),
            ("right", "workload", "W O R K L O A D", "○ ○ ● ○  3/4", "next ▸ Dashboard"),
            ("space", "dashboard", "D A S H B O A R D", "○ ○ ○ ●  4/4", "Board (starts over)"),
            ("right", "board", "B O A R D", "● ○ ○ ○  1/4", "next ▸ Timeline"),
            ("left", "dashboard", "D A S H B O A R D", "○ ○ ○ ●  4/4", "Board (starts over)"),
            ("left", "workload", "W O R K L O A D", "○ ○ ● ○  3/4", "next ▸ Dashboard"),
        ]
        for key, mode, title, step, following in expected:
            await pilot.press(key)
            await pilot.pause()
            assert app.current_mode == mode, key
            assert app.presenter.step == SEQUENCE.index(mode)
            top = band(app)
            assert title in top and step in top and following in top, top
            assert chrome_shown(app) == (False, False)
            assert len(app.screen.query(PresenterBand)) == 1


async def test_escape_restores_theme_header_footer_and_the_screen(make_app: MakeApp) -> None:
    """Started on the timeline in `nord`: presenting starts at step 2, ends back there."""
    app = make_app(mode="timeline", theme="nord")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("P")
        await pilot.pause()
        assert app.current_mode == "timeline"
        assert "○ ● ○ ○  2/4" in band(app)
        await pilot.press("space", "space")  # the workload, then the board (wrapping)
        await pilot.pause()
        await pilot.press("space")
        await pilot.pause()
        assert app.current_mode == "board"
        await pilot.press("escape")
        await pilot.pause()
        assert not app.presenter.active
        assert app.current_mode == "timeline"
        assert app.theme == "nord"
        assert chrome_shown(app) == (True, True)
        assert "Weekly sync" not in screen_text(app)
        for key, mode in (("2", "timeline"), ("3", "workload"), ("1", "board")):
            await pilot.press(key)
            await pilot.pause()
            assert app.current_mode == mode
            assert not app.screen.query(PresenterBand)
            assert not app.screen.has_class("-presenting")
            assert chrome_shown(app) == (True, True)
        await pilot.press("P")  # and P again ends it too
        await pilot.pause()
        assert app.presenter.active
        await pilot.press("P")
        await pilot.pause()
        assert not app.presenter.active
        assert app.theme == "nord"


async def test_the_keys_are_the_screens_own_when_not_presenting(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        canvas = app.screen.query_one(BoardCanvas)
        assert canvas.cursor[0] == 0
        await pilot.press("right")  # the board's: the next column
        await pilot.pause()
        assert app.current_mode == "board"
        assert canvas.cursor[0] == 1
        await pilot.press("P", "right")  # presenting: the next screen; the column stays
        await pilot.pause()
        assert app.current_mode == "timeline"
        await pilot.press("escape")
        await pilot.pause()
        assert app.current_mode == "board"
        assert canvas.cursor[0] == 1
        await pilot.press("left")
        await pilot.pause()
        assert canvas.cursor[0] == 0


async def test_a_card_opened_while_presenting_keeps_its_own_keys(make_app: MakeApp) -> None:
    """enter opens the card over the board, read-only: escape closes the card, not the
    presentation, and the countdown holds meanwhile."""
    app = make_app(present=PresentOptions(interval=600))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.pause()
        presenter = app.presenter
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, CardDetailScreen)
        assert app.screen.read_only  # shown, not edited, during a screen share
        assert "Presenting: changes are off here" in app.screen.refusal
        before = presenter.remaining
        presenter.tick()
        assert presenter.remaining == before  # held while the card is open
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, BoardScreen)
        assert presenter.active
        await pilot.press("space")
        await pilot.pause()
        assert app.current_mode == "timeline"


async def test_typing_in_the_board_search_keeps_space_and_p(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("P", "slash")
        await pilot.pause()
        search = app.screen.query_one("#search", Input)
        assert search.has_focus
        await pilot.press("p", "space", "r")
        await pilot.pause()
        assert search.value == "p r"
        assert app.current_mode == "board"
        assert not app.presenter.paused
        await pilot.press("escape")  # the search's own: it closes, presenting goes on
        await pilot.pause()
        assert not search.display
        assert app.presenter.active
        assert app.current_mode == "board"


async def test_changing_keys_are_off_while_presenting(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.pause()
        count = len(tasks.list_tasks())
        await pilot.press("P", "n")  # n: a new card, normally a dialog
        await pilot.pause()
        assert isinstance(app.screen, BoardScreen)
        messages = [n.message for n in app._notifications]
        assert any("changes are off" in m for m in messages), messages
        await pilot.press("right", "right")  # the workload: r (reassign) is refused too
        await pilot.pause()
        await pilot.press("enter", "r")
        await pilot.pause()
        assert app.current_mode == "workload"
        assert len(app.screen_stack) == 1
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("1", "n")  # not presenting: n opens the new-card dialog again
        await pilot.pause()
        assert not isinstance(app.screen, BoardScreen)
        assert len(tasks.list_tasks()) == count


async def test_pause_holds_the_countdown_and_a_hand_move_restarts_it(make_app: MakeApp) -> None:
    app = make_app(present=PresentOptions(interval=600))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.pause()
        presenter = app.presenter
        assert presenter.active and presenter.interval == 600
        presenter.remaining = 61  # the real timer only ever counts down from here
        presenter.tick()  # (no await before the asserts: the real beat cannot interleave)
        assert presenter.remaining == 60
        assert band_line(app, "#band-status") == "⏱ next screen in 1:00"
        assert band_line(app, "#band-hints") == "space/→ next · ← back · p pause · esc end"

        await pilot.press("p")
        await pilot.pause()
        assert presenter.paused
        assert "⏸ paused · p resumes (a screen every 10:00)" in band(app)
        assert "p resume ·" in band(app)
        for _ in range(100):  # paused: the beats change nothing
            presenter.tick()
        assert presenter.remaining == 60
        await pilot.pause()
        assert app.current_mode == "board"

        await pilot.press("p")
        await pilot.pause()
        assert not presenter.paused
        presenter.remaining = 1
        presenter.tick()  # zero: on to the next screen, a full interval again
        await pilot.pause()
        await pilot.pause()
        assert app.current_mode == "timeline"
        assert presenter.remaining is not None and 598 <= presenter.remaining <= 600

        presenter.remaining = 5
        await pilot.press("right")  # by hand: the countdown starts again
        await pilot.pause()
        assert app.current_mode == "workload"
        assert presenter.remaining is not None and presenter.remaining > 590


async def test_a_short_interval_advances_by_itself_and_p_stops_it(make_app: MakeApp) -> None:
    app = make_app(present=PresentOptions(interval=0.05))
    async with app.run_test(size=SIZE) as pilot:
        for _ in range(200):  # at most 10 s on a busy machine; usually 0.1 s
            await pilot.pause(0.05)
            if app.current_mode != "board":
                break
        assert app.current_mode in SEQUENCE[1:]
        await pilot.press("p")
        await pilot.pause()
        stopped_at = app.current_mode
        await pilot.pause(0.3)  # six intervals: nothing moves while paused
        assert app.current_mode == stopped_at
        assert app.presenter.paused


async def test_present_options_start_the_app_presenting(make_app: MakeApp) -> None:
    """What `mpm present --interval 20` builds: the board, presenting, counting down."""
    app = make_app(present=PresentOptions(interval=20))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.pause()
        assert app.presenter.active
        assert app.presenter.interval == 20
        assert app.current_mode == "board"
        assert app.theme == PRESENT_THEME.name
        top = band(app)
        assert "B O A R D" in top and "1/4" in top
        assert "⏱ next screen in 0:" in top
        assert "p pause" in top
        await pilot.press("escape")
        await pilot.pause()
        assert app.theme == "textual-dark"
        assert app.presenter.timer is None


async def test_command_palette_offers_present(make_app: MakeApp) -> None:
    app = make_app(mode="workload")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("ctrl+p", *"Present")
        await palette_hits(pilot, "Present")
        await pilot.press("down", "enter")
        await pilot.pause()
        await pilot.pause()
        assert not isinstance(app.screen, CommandPalette)
        assert app.presenter.active
        assert app.current_mode == "workload"
        assert "○ ○ ● ○  3/4" in band(app)
        await pilot.press("ctrl+p")  # the palette is off while presenting
        await pilot.pause()
        assert not isinstance(app.screen, CommandPalette)
