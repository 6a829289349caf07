"""SVG snapshots of the Team and boards screen on the demo workspace.

As Maya Chen (admin): the Members tab (nine members, their roles, capacity and
open cards) and the Boards & columns tab (Marketing and Agency Requests, each
column with its limits and cards) at 80×24 and 160×45; then as Grace Lindqvist
(viewer) at 80×24, the footer's changing keys dimmed, "read-only" first, the line
under the table saying why. Look at every changed SVG before accepting it
(`pytest tests/snapshots --snapshot-update`).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

import pytest
from textual.pilot import Pilot

from mpm_tui.app import MPMApp
from tests.snapshots.test_snapshots import LARGE, SMALL, SnapCompare


def opening(tab: str, *keys: str) -> Callable[[Pilot[None]], Awaitable[None]]:
    async def run_before(pilot: Pilot[None]) -> None:
        await pilot.pause()
        app = pilot.app
        assert isinstance(app, MPMApp)
        app.open_team_admin(tab)
        await pilot.pause()
        if keys:
            await pilot.press(*keys)
            await pilot.pause()

    return run_before


@pytest.mark.parametrize("size", [SMALL, LARGE], ids=["80x24", "160x45"])
def test_team_members(
    snap_compare: SnapCompare, make_app: Callable[..., MPMApp], size: tuple[int, int]
) -> None:
    assert snap_compare(make_app(), terminal_size=size, run_before=opening("members", "j"))


@pytest.mark.parametrize("size", [SMALL, LARGE], ids=["80x24", "160x45"])
def test_team_boards(
    snap_compare: SnapCompare, make_app: Callable[..., MPMApp], size: tuple[int, int]
) -> None:
    """The cursor on Review (full: 4 of 4)."""
    keys = ("j", "j", "j")
    assert snap_compare(make_app(), terminal_size=size, run_before=opening("boards", *keys))


def test_team_as_a_viewer(snap_compare: SnapCompare, make_app: Callable[..., MPMApp]) -> None:
    app = make_app(user="Grace Lindqvist")
    assert snap_compare(app, terminal_size=SMALL, run_before=opening("members"))
