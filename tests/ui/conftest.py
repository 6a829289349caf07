"""Fixtures of the UI tests."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from mpm_tui.app import MPMApp
from mpm_tui.db.database import close_database
from tests.ui.flow_board import build_flow_board


@pytest.fixture(autouse=True)
def _no_live_refresh(monkeypatch: pytest.MonkeyPatch) -> None:
    """Apps made here do not poll for other people's changes (a timer firing mid-test
    would re-read screens at random moments); a test passes `live_refresh=` to turn
    it on."""
    monkeypatch.setattr(MPMApp, "LIVE_REFRESH", None)


@pytest.fixture
def board_db(tmp_path: Path) -> Iterator[Path]:
    """The Flow board (see tests/ui/flow_board.py) in a fresh database."""
    path = tmp_path / "board.db"
    build_flow_board(path)
    yield path
    close_database()
