"""SVG snapshots of the portfolio dashboard on the demo workspace (Monday 2026-11-23).

The plain dashboard at both sizes is `test_snapshots.py::test_dashboard`; these
show the panels with focus (the detail line about the highlighted risk) and the
finished projects shown below the others.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest

from mpm_tui.app import MPMApp
from tests.snapshots.test_snapshots import LARGE, SMALL, SnapCompare


@pytest.mark.parametrize("size", [SMALL, LARGE], ids=["80x24", "160x45"])
def test_dashboard_top_risks_focused(
    snap_compare: SnapCompare, make_app: Callable[..., MPMApp], size: tuple[int, int]
) -> None:
    """tab: the top risks panel has focus; the second risk is highlighted and the
    detail line under the table says its project, score, owner and response."""
    assert snap_compare(make_app(mode="dashboard"), terminal_size=size, press=["tab", "j"])


def test_dashboard_with_finished_projects(
    snap_compare: SnapCompare, make_app: Callable[..., MPMApp]
) -> None:
    """a: Product Webinar (done) below the projects in progress, dimmed, ✓ done; the
    cursor on it, so the detail line says so."""
    press = ["a", "j", "j", "j", "j"]
    assert snap_compare(make_app(mode="dashboard"), terminal_size=LARGE, press=press)
