"""SVG snapshots of the activity log on the demo workspace (Monday 2026-11-23 09:30).

The newest entries first: Maya's mid-point retrospective of Aurora Launch (its
items in the detail under the table), the German landing page request, the
moves of Friday morning. At 80×24 the table has When, Who, What and Summary; at
160×45 an Action column too. Then the log filtered to one member, and a card's
History tab. Look at every changed SVG before accepting it
(`pytest tests/snapshots --snapshot-update`).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

import pytest
from textual.pilot import Pilot

from mpm_tui.app import MPMApp
from mpm_tui.db.models import Task
from mpm_tui.screens.card_detail import CardDetailScreen
from tests.snapshots.test_snapshots import LARGE, SMALL, SnapCompare


async def open_activity(pilot: Pilot[None]) -> None:
    await pilot.pause()
    app = pilot.app
    assert isinstance(app, MPMApp)
    app.open_activity()
    await pilot.pause()


def pressing(*keys: str) -> Callable[[Pilot[None]], Awaitable[None]]:
    async def run_before(pilot: Pilot[None]) -> None:
        await open_activity(pilot)
        await pilot.press(*keys)
        await pilot.pause()

    return run_before


@pytest.mark.parametrize("size", [SMALL, LARGE], ids=["80x24", "160x45"])
def test_activity(
    snap_compare: SnapCompare, make_app: Callable[..., MPMApp], size: tuple[int, int]
) -> None:
    assert snap_compare(make_app(), terminal_size=size, run_before=open_activity)


def test_activity_of_one_member_on_a_move(
    snap_compare: SnapCompare, make_app: Callable[..., MPMApp]
) -> None:
    """f, the last member (Tom Becker): his entries only; j to his move of Friday 16:30."""
    keys = ["f", "end", "enter", "j", "j"]
    assert snap_compare(make_app(), terminal_size=SMALL, run_before=pressing(*keys))


def test_card_history(snap_compare: SnapCompare, make_app: Callable[..., MPMApp]) -> None:
    """The History tab of the landing page card at 80×24: newest first."""

    async def run_before(pilot: Pilot[Any]) -> None:
        await pilot.pause()
        app = pilot.app
        task_id = Task.get(Task.title == "Build launch landing page").id
        app.push_screen(CardDetailScreen(app.ctx, task_id))
        await pilot.pause()
        await pilot.press("6")
        await pilot.pause()

    assert snap_compare(make_app(), terminal_size=SMALL, run_before=run_before)
