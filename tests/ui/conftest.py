"""Fixtures of the UI tests."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from mpm_tui.db.database import close_database
from tests.ui.flow_board import build_flow_board


@pytest.fixture
def board_db(tmp_path: Path) -> Iterator[Path]:
    """The Flow board (see tests/ui/flow_board.py) in a fresh database."""
    path = tmp_path / "board.db"
    build_flow_board(path)
    yield path
    close_database()
