"""SVG snapshots of the priority matrix on the demo workspace (Monday 2026-11-23 09:30).

Three majors (Aurora Launch 5×4, SEO Content Push 4×4 on hold and dimmed,
Spring Trade Show 4×5), one fill-in (Monthly Newsletter 3×2); at 80×24 the
names run on and are cut, at 160×45 owner and tasks done stand in columns.
Then the newsletter scored up into quick wins, and a read-only session. Look at
every changed SVG before accepting it (`pytest tests/snapshots --snapshot-update`).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from mpm_tui.app import MPMApp
from mpm_tui.screens.priority_matrix import PriorityMatrixScreen
from tests.snapshots.test_snapshots import LARGE, SMALL, SnapCompare


async def open_matrix(pilot: Any) -> None:
    await pilot.pause()
    app = pilot.app
    app.push_screen(PriorityMatrixScreen(app.ctx))
    await pilot.pause()


@pytest.mark.parametrize("size", [SMALL, LARGE], ids=["80x24", "160x45"])
def test_matrix(
    snap_compare: SnapCompare, make_app: Callable[..., MPMApp], size: tuple[int, int]
) -> None:
    assert snap_compare(make_app(), terminal_size=size, run_before=open_matrix)


def test_matrix_after_scoring_the_newsletter_up(
    snap_compare: SnapCompare, make_app: Callable[..., MPMApp]
) -> None:
    """tab to the fill-ins, shift+↑: Monthly Newsletter (4×2) is a quick win, still highlighted."""
    app = make_app()
    keys = ["tab", "shift+up"]
    assert snap_compare(app, terminal_size=SMALL, run_before=open_matrix, press=keys)


def test_matrix_read_only(snap_compare: SnapCompare, make_app: Callable[..., MPMApp]) -> None:
    """`--read-only`: the footer says so and dims the scoring keys."""
    app = make_app(read_only=True)
    assert snap_compare(app, terminal_size=SMALL, run_before=open_matrix)
