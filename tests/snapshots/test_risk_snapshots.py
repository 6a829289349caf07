"""SVG snapshots of the risk register (the project detail's Risks tab) on the demo workspace
(Monday 2026-11-23 09:30), at 80×24 and 160×45, and its form.

Aurora Launch's register: pricing not final (4 × 5 = ▲ 20, open), search cost per
click (3 × 3 = ◆ 9, open), the explainer video overrunning (◆ 9, mitigated, below
the open ones). Look at every changed SVG before accepting it.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest

from mpm_tui.app import MPMApp
from tests.snapshots.test_snapshots import LARGE, SMALL, SnapCompare


async def open_risks(pilot) -> None:  # type: ignore[no-untyped-def]
    await pilot.pause()
    pilot.app.open_project("Aurora Launch", tab="risks")
    await pilot.pause()


@pytest.mark.parametrize("size", [SMALL, LARGE], ids=["80x24", "160x45"])
def test_risk_register(
    snap_compare: SnapCompare, make_app: Callable[..., MPMApp], size: tuple[int, int]
) -> None:
    app = make_app(mode="board")
    assert snap_compare(app, terminal_size=size, run_before=open_risks)


def test_risk_register_cursor_on_a_mitigated_risk(
    snap_compare: SnapCompare, make_app: Callable[..., MPMApp]
) -> None:
    """Into the table and down to the last row: its response in full under the table."""
    app = make_app(mode="board")
    keys = ["tab", "down", "down"]
    assert snap_compare(app, terminal_size=SMALL, run_before=open_risks, press=keys)


def test_risk_form_new(snap_compare: SnapCompare, make_app: Callable[..., MPMApp]) -> None:
    """`a`: the form, a description typed, probability raised to 4 (score ▲ 12 → medium)."""
    app = make_app(mode="board")
    keys = ["a", *"Launch slips a week", "tab", "enter", "down", "enter"]
    assert snap_compare(app, terminal_size=SMALL, run_before=open_risks, press=keys)
