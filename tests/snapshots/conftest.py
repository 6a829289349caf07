"""Fixtures of the snapshot tests."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from mpm_tui.app import MPMApp
from mpm_tui.db.database import close_database
from tests.snapshots.snapshot_app import demo_app


@pytest.fixture(autouse=True)
def _no_live_refresh(monkeypatch: pytest.MonkeyPatch) -> None:
    """No polling for other people's changes while a snapshot is taken."""
    monkeypatch.setattr(MPMApp, "LIVE_REFRESH", None)


@pytest.fixture
def make_app(tmp_path: Path) -> Iterator[Callable[..., MPMApp]]:
    """Makes the demo app (its own copy of the database), closed after the test."""

    def make(**options: Any) -> MPMApp:
        return demo_app(tmp_path, **options)

    yield make
    close_database()
