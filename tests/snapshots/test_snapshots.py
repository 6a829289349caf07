"""SVG snapshots of the screens on the demo workspace, frozen at Monday 2026-11-23 09:30.

Plain `def` tests: snap_compare runs its own event loop. Update with
`pytest tests/snapshots --snapshot-update`, then look at every changed SVG.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from mpm_tui.app import MPMApp
from mpm_tui.db.database import close_database
from tests.snapshots.snapshot_app import demo_app

SMALL = (80, 24)
LARGE = (160, 45)

SnapCompare = Callable[..., bool]


@pytest.fixture
def make_app(tmp_path: Path) -> Iterator[Callable[..., MPMApp]]:
    """Makes the demo app (its own copy of the database), closed after the test."""

    def make(**options: Any) -> MPMApp:
        return demo_app(tmp_path, **options)

    yield make
    close_database()


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


@pytest.mark.parametrize("size", [SMALL, LARGE], ids=["80x24", "160x45"])
def test_timeline_not_built_yet(
    snap_compare: SnapCompare, make_app: Callable[..., MPMApp], size: tuple[int, int]
) -> None:
    assert snap_compare(make_app(mode="timeline"), terminal_size=size)


def test_board_after_moving_right_and_down(
    snap_compare: SnapCompare, make_app: Callable[..., MPMApp]
) -> None:
    """The cursor in the In Progress column, second card: its detail line at the bottom."""
    assert snap_compare(make_app(mode="board"), terminal_size=SMALL, press=["l", "j"])


def test_keys_panel(snap_compare: SnapCompare, make_app: Callable[..., MPMApp]) -> None:
    assert snap_compare(make_app(mode="board"), terminal_size=LARGE, press=["question_mark"])
