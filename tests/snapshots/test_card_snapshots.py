"""SVG snapshots of the card detail and the new-card dialog on the demo workspace.

Plain `def` tests: snap_compare runs its own event loop. Update with
`pytest tests/snapshots/test_card_snapshots.py --snapshot-update`, then look at
every changed SVG.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.screen import Screen

from mpm_tui.app import MPMApp
from mpm_tui.db.models import Task
from mpm_tui.screens.card_detail import CardDetailScreen
from mpm_tui.screens.card_dialogs import NewCardDialog

SMALL = (80, 24)
LARGE = (160, 45)
LANDING = "Build launch landing page"
"""A five-day card with a checklist, people, comments and files: everything shows."""

SnapCompare = Callable[..., bool]


def opening(
    screen: Callable[[MPMApp], Screen[Any]], *keys: str
) -> Callable[[Pilot[None]], Awaitable[None]]:
    """A `run_before` that pushes `screen` over the board, then presses `keys`."""

    async def run_before(pilot: Pilot[None]) -> None:
        await pilot.pause()
        app = pilot.app
        assert isinstance(app, MPMApp)
        app.push_screen(screen(app))
        await pilot.pause()
        if keys:
            await pilot.press(*keys)
            await pilot.pause()

    return run_before


def detail(app: MPMApp) -> CardDetailScreen:
    return CardDetailScreen(app.ctx, Task.get(Task.title == LANDING).id)


@pytest.mark.parametrize("size", [SMALL, LARGE], ids=["80x24", "160x45"])
def test_card_detail(
    snap_compare: SnapCompare, make_app: Callable[..., MPMApp], size: tuple[int, int]
) -> None:
    assert snap_compare(make_app(), terminal_size=size, run_before=opening(detail))


def test_card_detail_checklist(snap_compare: SnapCompare, make_app: Callable[..., MPMApp]) -> None:
    """The checklist tab at 80×24, the cursor on the first unticked item."""
    run_before = opening(detail, "2", "down", "down")
    assert snap_compare(make_app(), terminal_size=SMALL, run_before=run_before)


def test_card_detail_read_only(snap_compare: SnapCompare, make_app: Callable[..., MPMApp]) -> None:
    """A viewer: the note says why, every field is disabled, Save is greyed out."""
    app = make_app(user="Grace Lindqvist")
    assert snap_compare(app, terminal_size=SMALL, run_before=opening(detail))


def test_new_card_dialog(snap_compare: SnapCompare, make_app: Callable[..., MPMApp]) -> None:
    def dialog(app: MPMApp) -> NewCardDialog:
        return NewCardDialog(app.ctx, "Marketing", "In Progress")

    assert snap_compare(make_app(), terminal_size=SMALL, run_before=opening(dialog))
