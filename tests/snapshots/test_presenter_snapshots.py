"""SVG snapshots of presenter mode on the demo workspace (Monday 2026-11-23 09:30).

Built the way `mpm --demo present [--interval N]` builds the app: the board
step by hand (no interval), and the workload step with `--interval 20` paused
(`p`), so no countdown makes the picture depend on timing. High-contrast
theme, no header or footer, the three-line band on top.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from textual.pilot import Pilot

from mpm_tui.app import MPMApp
from mpm_tui.config import Settings
from mpm_tui.db.database import close_database
from mpm_tui.screens.presenter import PresentOptions
from mpm_tui.services import members
from mpm_tui.services.context import ServiceContext
from mpm_tui.services.demo import DEMO_USER
from tests.conftest import frozen_clock
from tests.snapshots.snapshot_app import DEMO_WORKSPACE, open_demo_database
from tests.snapshots.test_snapshots import LARGE, SMALL, SnapCompare

MakePresenting = Callable[[PresentOptions], MPMApp]


@pytest.fixture
def presenting_app(tmp_path: Path) -> Iterator[MakePresenting]:
    """The demo app started presenting (its own copy of the database)."""

    def make(options: PresentOptions) -> MPMApp:
        open_demo_database(tmp_path)
        actor = members.resolve_actor(DEMO_USER, os_user="", read_only=False)
        return MPMApp(
            ServiceContext(actor),
            workspace=DEMO_WORKSPACE,
            theme=Settings().theme,
            clock=frozen_clock,
            present=options,
            background_loads=False,
        )

    yield make
    close_database()


@pytest.mark.parametrize("size", [SMALL, LARGE], ids=["80x24", "160x45"])
def test_presenting_the_board(
    snap_compare: SnapCompare, presenting_app: MakePresenting, size: tuple[int, int]
) -> None:
    """Step 1/4 by hand: `B O A R D · Marketing`, ● ○ ○ ○, next ▸ Timeline."""

    async def settle(pilot: Pilot[None]) -> None:
        await pilot.pause()
        await pilot.pause()

    app = presenting_app(PresentOptions())
    assert snap_compare(app, terminal_size=size, run_before=settle)


@pytest.mark.parametrize("size", [SMALL, LARGE], ids=["80x24", "160x45"])
def test_presenting_the_workload_paused(
    snap_compare: SnapCompare, presenting_app: MakePresenting, size: tuple[int, int]
) -> None:
    """Step 3/4 with `--interval 20`, paused: the heatmap's over/near tints on black."""

    async def to_the_workload(pilot: Pilot[None]) -> None:
        await pilot.pause()
        await pilot.press("space", "right", "p")
        await pilot.pause()
        await pilot.pause()

    app = presenting_app(PresentOptions(interval=20))
    assert snap_compare(app, terminal_size=size, run_before=to_the_workload)


def test_presenting_the_dashboard_at_120x35(
    snap_compare: SnapCompare, presenting_app: MakePresenting
) -> None:
    """Step 4/4 at the size the brief names for a screen share: next ▸ Board (starts over)."""

    async def to_the_dashboard(pilot: Pilot[None]) -> None:
        await pilot.pause()
        await pilot.press("left")  # back from the board wraps to the dashboard
        await pilot.pause()
        await pilot.pause()

    app = presenting_app(PresentOptions())
    assert snap_compare(app, terminal_size=(120, 35), run_before=to_the_dashboard)
