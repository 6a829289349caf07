"""SVG snapshots of the timeline on the demo workspace (Monday 2026-11-23 09:30).

Each zoom at 80×24 and 160×45; then a focused task with its links marked,
and every project folded to its summary row. Look at every changed SVG
before accepting it (`pytest tests/snapshots --snapshot-update`).
"""

from __future__ import annotations

from collections.abc import Callable

import pytest

from mpm_tui.app import MPMApp
from tests.snapshots.test_snapshots import LARGE, SMALL, SnapCompare

ZOOM_KEYS = {"week": [], "month": ["z"], "day": ["z", "z"]}
"""The timeline opens in the week zoom; z goes on to month, then day."""


@pytest.mark.parametrize("zoom", list(ZOOM_KEYS))
@pytest.mark.parametrize("size", [SMALL, LARGE], ids=["80x24", "160x45"])
def test_timeline(
    snap_compare: SnapCompare,
    make_app: Callable[..., MPMApp],
    size: tuple[int, int],
    zoom: str,
) -> None:
    assert snap_compare(make_app(mode="timeline"), terminal_size=size, press=ZOOM_KEYS[zoom])


def test_timeline_focused_task_with_its_links(
    snap_compare: SnapCompare, make_app: Callable[..., MPMApp]
) -> None:
    """Spring Trade Show unfolded alone; "Stand design brief" focused: ← the task it
    waits for, → the three that wait for it, its slack drawn after its bar."""
    keys = ["F", "j", "j", "j", "space", "j", "j", "j", "j"]
    assert snap_compare(make_app(mode="timeline"), terminal_size=LARGE, press=keys)


def test_timeline_every_project_folded(
    snap_compare: SnapCompare, make_app: Callable[..., MPMApp]
) -> None:
    """One summary row per project: its span up to the projected end, ⚑ at its end date."""
    assert snap_compare(make_app(mode="timeline"), terminal_size=SMALL, press=["F"])
