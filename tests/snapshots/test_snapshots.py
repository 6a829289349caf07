"""SVG snapshots of the screens on the demo workspace, frozen at Monday 2026-11-23 09:30.

Plain `def` tests: snap_compare runs its own event loop. Update with
`pytest tests/snapshots --snapshot-update`, then look at every changed SVG.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest

from mpm_tui.app import MPMApp

SMALL = (80, 24)
LARGE = (160, 45)

SnapCompare = Callable[..., bool]


@pytest.mark.parametrize("size", [SMALL, LARGE], ids=["80x24", "160x45"])
def test_board(
    snap_compare: SnapCompare, make_app: Callable[..., MPMApp], size: tuple[int, int]
) -> None:
    assert snap_compare(make_app(mode="board"), terminal_size=size)


@pytest.mark.parametrize("size", [SMALL, LARGE], ids=["80x24", "160x45"])
def test_dashboard(
    snap_compare: SnapCompare, make_app: Callable[..., MPMApp], size: tuple[int, int]
) -> None:
    assert snap_compare(make_app(mode="dashboard"), terminal_size=size)


def test_board_after_moving_right_and_down(
    snap_compare: SnapCompare, make_app: Callable[..., MPMApp]
) -> None:
    """The cursor in the In Progress column, second card: its detail line at the bottom."""
    assert snap_compare(make_app(mode="board"), terminal_size=SMALL, press=["l", "j"])


@pytest.mark.parametrize("size", [SMALL, LARGE], ids=["80x24", "160x45"])
def test_board_carrying_a_card(
    snap_compare: SnapCompare, make_app: Callable[..., MPMApp], size: tuple[int, int]
) -> None:
    """The second To Do card held over In Progress (room: "✓ drop here"), at slot 2;
    Review beside it is at its limit (4/4, "● full")."""
    assert snap_compare(make_app(mode="board"), terminal_size=size, press=["j", "space", "l"])


def test_board_carrying_into_a_full_column(
    snap_compare: SnapCompare, make_app: Callable[..., MPMApp]
) -> None:
    """Held over Review at its WIP limit: the header and the status line say it is refused."""
    assert snap_compare(make_app(mode="board"), terminal_size=LARGE, press=["j", "space", "l", "l"])


def test_board_swimlanes_by_project(
    snap_compare: SnapCompare, make_app: Callable[..., MPMApp]
) -> None:
    assert snap_compare(make_app(mode="board"), terminal_size=LARGE, press=["s"])


def test_keys_panel(snap_compare: SnapCompare, make_app: Callable[..., MPMApp]) -> None:
    assert snap_compare(make_app(mode="board"), terminal_size=LARGE, press=["question_mark"])
