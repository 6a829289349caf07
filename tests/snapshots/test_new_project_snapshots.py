"""SVG snapshots of the "new project from a template" form on the demo workspace
(Monday 2026-11-23 09:30): the webinar template chosen, a name and a launch typed,
the plan previewed."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from textual.pilot import Pilot

from mpm_tui.app import MPMApp
from tests.snapshots.test_snapshots import LARGE, SMALL, SnapCompare


async def fill_the_form(pilot: Pilot[None]) -> None:
    await pilot.pause()
    await pilot.press("n")
    await pilot.pause()
    await pilot.pause()
    await pilot.press("end", "enter", *"January webinar", "tab", *"2027-01-13")
    await pilot.pause()


@pytest.mark.parametrize("size", [SMALL, LARGE], ids=["80x24", "160x45"])
def test_new_project_form(
    snap_compare: SnapCompare, make_app: Callable[..., MPMApp], size: tuple[int, int]
) -> None:
    app = make_app(mode="dashboard")
    assert snap_compare(app, terminal_size=size, run_before=fill_the_form)
