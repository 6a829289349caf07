"""SVG snapshots of the project detail and the retrospective editor on the demo
workspace (Monday 2026-11-23 09:30), at 80×24 and 160×45.

Aurora Launch's goals: the issue's funnel (30 deals ← 100 SQLs ← 250 MQLs ←
1,000 leads ← 50,000 visits) against the actuals so far. Product Webinar's
retrospective is complete; Aurora's is written into, the editor open on a
draft. Look at every changed SVG before accepting it.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest

from mpm_tui.app import MPMApp
from tests.snapshots.test_snapshots import LARGE, SMALL, SnapCompare


def opening(project: str) -> Callable[..., object]:
    async def run_before(pilot) -> None:  # type: ignore[no-untyped-def]
        await pilot.pause()
        pilot.app.open_project(project)
        await pilot.pause()

    return run_before


def retro_of(project: str) -> Callable[..., object]:
    async def run_before(pilot) -> None:  # type: ignore[no-untyped-def]
        await pilot.pause()
        pilot.app.screen.show_project(project)
        await pilot.pause()

    return run_before


@pytest.mark.parametrize("size", [SMALL, LARGE], ids=["80x24", "160x45"])
def test_project_detail_goals(
    snap_compare: SnapCompare, make_app: Callable[..., MPMApp], size: tuple[int, int]
) -> None:
    app = make_app(mode="board")
    assert snap_compare(
        app, terminal_size=size, run_before=opening("Aurora Launch"), press=["right"]
    )


def test_project_detail_overview(
    snap_compare: SnapCompare, make_app: Callable[..., MPMApp]
) -> None:
    app = make_app(mode="board")
    assert snap_compare(app, terminal_size=SMALL, run_before=opening("Aurora Launch"))


def test_project_detail_budget(snap_compare: SnapCompare, make_app: Callable[..., MPMApp]) -> None:
    app = make_app(mode="board")
    keys = ["right", "right"]
    assert snap_compare(app, terminal_size=LARGE, run_before=opening("Aurora Launch"), press=keys)


@pytest.mark.parametrize("size", [SMALL, LARGE], ids=["80x24", "160x45"])
def test_retro_editor_complete(
    snap_compare: SnapCompare, make_app: Callable[..., MPMApp], size: tuple[int, int]
) -> None:
    """Product Webinar's final retrospective, complete: what went well."""
    app = make_app(mode="retro")
    assert snap_compare(app, terminal_size=size, run_before=retro_of("Product Webinar"))


def test_retro_editor_kpis(snap_compare: SnapCompare, make_app: Callable[..., MPMApp]) -> None:
    """The webinar's KPIs against their targets, with the root cause of each miss."""
    app = make_app(mode="retro")
    keys = ["right_square_bracket"] * 4
    assert snap_compare(
        app, terminal_size=LARGE, run_before=retro_of("Product Webinar"), press=keys
    )


def test_retro_editor_writing(snap_compare: SnapCompare, make_app: Callable[..., MPMApp]) -> None:
    """Aurora Launch: an item being written, the unsaved marker on."""
    app = make_app(mode="retro")
    keys = ["a", *"Launch day went smoothly", "enter", *"thanks to the checklist"]
    keys = ["space" if k == " " else k for k in keys]
    assert snap_compare(app, terminal_size=SMALL, run_before=retro_of("Aurora Launch"), press=keys)
