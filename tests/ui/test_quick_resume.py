"""Switching back to a screen: restyled only when the app's styles changed meanwhile
(screens/quick_resume.py), and its footer keys rebuilt only when they would differ
(widgets/footer.py)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from textual.color import Color
from textual.widgets._footer import FooterKey

from mpm_tui.app import MPMApp
from mpm_tui.db.database import close_database
from mpm_tui.screens.board import BoardScreen
from mpm_tui.widgets.footer import Footer
from tests.snapshots.snapshot_app import demo_app

SIZE = (120, 36)


@pytest.fixture
def app(tmp_path: Path) -> Iterator[MPMApp]:
    yield demo_app(tmp_path)
    close_database()


def counting_restyles(screen: Any) -> list[int]:
    """Count the whole-screen restyles of `screen` from now on."""
    calls: list[int] = []
    original = screen.update_node_styles

    def counted(*args: Any, **kwargs: Any) -> None:
        calls.append(1)
        original(*args, **kwargs)

    screen.update_node_styles = counted
    return calls


async def test_back_to_an_unchanged_screen_skips_the_restyle_and_the_footer_rebuild(
    app: MPMApp,
) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("2")  # the timeline, built once
        await pilot.pause()
        await pilot.press("1")
        await pilot.pause()
        board = app.screen
        assert isinstance(board, BoardScreen)
        keys = set(board.query_one(Footer).query(FooterKey))
        restyles = counting_restyles(board)
        for _ in range(3):
            await pilot.press("2")
            await pilot.pause()
            await pilot.press("1")
            await pilot.pause()
        assert app.screen is board
        assert restyles == []
        assert set(board.query_one(Footer).query(FooterKey)) == keys  # the same widgets
        # The keys still say where you are: the board's own key is greyed out.
        by_key = {key.key: key for key in board.query_one(Footer).query(FooterKey)}
        assert by_key["1"].has_class("-disabled") and not by_key["2"].has_class("-disabled")


async def test_a_theme_changed_on_another_screen_restyles_the_board_on_return(
    app: MPMApp,
) -> None:
    async with app.run_test(size=SIZE) as pilot:
        board = app.screen
        assert isinstance(board, BoardScreen)
        dark = board.styles.background
        await pilot.press("2")
        await pilot.pause()
        await pilot.press("ctrl+t")  # textual-dark → textual-light, on the timeline
        await pilot.pause()
        await pilot.press("1")
        await pilot.pause()
        assert app.screen is board
        light = Color.parse(app.current_theme.background or "")
        assert board.styles.background != dark
        assert board.styles.background.rgb == light.rgb


async def test_a_key_that_changes_on_return_is_rebuilt(app: MPMApp) -> None:
    """The footer follows the bindings: the board's `1` greyed, then enabled on the
    timeline, then greyed again back on the board."""
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("2")
        await pilot.pause()
        timeline_keys = {key.key: key for key in app.screen.query_one(Footer).query(FooterKey)}
        assert timeline_keys["2"].has_class("-disabled")
        assert not timeline_keys["1"].has_class("-disabled")
        await pilot.press("1")
        await pilot.pause()
        board_keys = {key.key: key for key in app.screen.query_one(Footer).query(FooterKey)}
        assert board_keys["1"].has_class("-disabled")
        assert not board_keys["2"].has_class("-disabled")


async def test_a_screen_shown_first_after_a_theme_change_has_that_theme(app: MPMApp) -> None:
    """A new screen starts level with the app's styles (no reparse for it): still
    styled with the theme chosen before it was first shown."""
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("ctrl+t")  # textual-dark → textual-light, on the board
        await pilot.pause()
        await pilot.press("2")
        await pilot.pause()
        light = Color.parse(app.current_theme.background or "")
        assert app.screen.styles.background.rgb == light.rgb
