"""SVG snapshots of the workload on the demo workspace (Monday 2026-11-23 09:30).

At 80×24 the heatmap keeps name, WIP and the weeks that fit, the task panel
under it; at 160×45 all eight weeks, the totals and the undated work. Then
the task list focused, the reassign dialog, and a read-only session. Look at
every changed SVG before accepting it (`pytest tests/snapshots --snapshot-update`).
"""

from __future__ import annotations

from collections.abc import Callable

import pytest

from mpm_tui.app import MPMApp
from tests.snapshots.test_snapshots import LARGE, SMALL, SnapCompare


@pytest.mark.parametrize("size", [SMALL, LARGE], ids=["80x24", "160x45"])
def test_workload(
    snap_compare: SnapCompare, make_app: Callable[..., MPMApp], size: tuple[int, int]
) -> None:
    assert snap_compare(make_app(mode="workload"), terminal_size=size)


def test_workload_task_list_focused(
    snap_compare: SnapCompare, make_app: Callable[..., MPMApp]
) -> None:
    """Jo Park's week of Nov 30 (5 of 3 days, over): enter moves into the tasks behind it."""
    keys = ["end", "k", "l", "enter"]
    assert snap_compare(make_app(mode="workload"), terminal_size=LARGE, press=keys)


def test_workload_reassign_dialog(
    snap_compare: SnapCompare, make_app: Callable[..., MPMApp]
) -> None:
    """Hannah Weiss, over in the week of Nov 23: r on her first task offers the others,
    least busy that week first."""
    keys = ["enter", "r"]
    assert snap_compare(make_app(mode="workload"), terminal_size=SMALL, press=keys)


def test_workload_read_only(snap_compare: SnapCompare, make_app: Callable[..., MPMApp]) -> None:
    """`mpm workload --read-only`: the footer says so and dims the reassign key."""
    app = make_app(mode="workload", read_only=True)
    assert snap_compare(app, terminal_size=SMALL)
