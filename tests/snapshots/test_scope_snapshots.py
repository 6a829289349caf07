"""SVG snapshots of the scope-change log (the project detail's Scope tab) on the demo
workspace (Monday 2026-11-23 09:30), at 80×24 and 160×45, and its accept dialog.

Aurora Launch's log: #1, a partner webinar asked for by Leo Martins, rejected by
Maya Chen with a reason; #2, a German landing page asked for by Sales, proposed
(the cursor starts there).
Look at every changed SVG before accepting it.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest

from mpm_tui.app import MPMApp
from tests.snapshots.test_snapshots import LARGE, SMALL, SnapCompare


async def open_scope(pilot) -> None:  # type: ignore[no-untyped-def]
    await pilot.pause()
    pilot.app.open_project("Aurora Launch", tab="scope")
    await pilot.pause()


@pytest.mark.parametrize("size", [SMALL, LARGE], ids=["80x24", "160x45"])
def test_scope_log(
    snap_compare: SnapCompare, make_app: Callable[..., MPMApp], size: tuple[int, int]
) -> None:
    app = make_app(mode="board")
    assert snap_compare(app, terminal_size=size, run_before=open_scope)


def test_scope_accept_dialog_extending(
    snap_compare: SnapCompare, make_app: Callable[..., MPMApp]
) -> None:
    """`A` on #2 (the cursor starts on the oldest proposed change): the end date chosen,
    5 working days typed, the consequence shown."""
    app = make_app(mode="board")
    keys = ["A", "space", "5"]
    assert snap_compare(app, terminal_size=SMALL, run_before=open_scope, press=keys)
