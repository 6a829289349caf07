"""Shared fixtures: a fresh temp-file database per test, a frozen clock."""

from __future__ import annotations

import functools
import os
import shutil
from collections.abc import Callable, Iterator
from datetime import datetime
from pathlib import Path

import pytest

from mpm_tui.db.database import close_database, db, open_database
from mpm_tui.schemas.enums import Role
from mpm_tui.services.context import Actor, ServiceContext

FROZEN_NOW = datetime(2026, 11, 23, 9, 30, 0)
"""Monday 23 November 2026, 09:30: "now" in every test."""


def frozen_clock() -> datetime:
    return FROZEN_NOW


@pytest.fixture
def frozen_cli_clock(monkeypatch: pytest.MonkeyPatch) -> None:
    """The CLI's session gets the tests' frozen clock instead of the wall clock
    (`pytestmark = pytest.mark.usefixtures("frozen_cli_clock")` in a CLI test module)."""
    from mpm_tui.cli import session

    monkeypatch.setattr(
        session, "ServiceContext", functools.partial(ServiceContext, clock=frozen_clock)
    )


@pytest.fixture(autouse=True)
def _no_color_and_isolated_dirs(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """Snapshots differ under NO_COLOR; config and data dirs never touch $HOME."""
    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.setenv("MPM_CONFIG_DIR", str(tmp_path / "config"))
    monkeypatch.setenv("MPM_DATA_DIR", str(tmp_path / "data"))


@pytest.fixture
def db_path(tmp_path: Path) -> Iterator[Path]:
    """A migrated, empty workspace database in a temp file, open for the test."""
    path = tmp_path / "workspace.db"
    open_database(path)
    yield path
    close_database()


@pytest.fixture(scope="session")
def demo_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo workspace built once per test session (it takes seconds), at FROZEN_NOW."""
    from mpm_tui.services.demo import build_demo

    path = tmp_path_factory.mktemp("demo-template") / "demo.db"
    open_database(path)
    try:
        build_demo(ServiceContext(Actor("demo set-up", Role.ADMIN), frozen_clock))
    finally:
        close_database()
    return path


@pytest.fixture
def demo_db(demo_template: Path, tmp_path: Path) -> Iterator[Path]:
    """A private copy of the demo workspace, open for the test."""
    path = tmp_path / "demo.db"
    shutil.copyfile(demo_template, path)
    open_database(path)
    yield path
    close_database()


@pytest.fixture
def admin() -> ServiceContext:
    return ServiceContext(Actor("Test Admin", Role.ADMIN, None), frozen_clock)


@pytest.fixture
def editor() -> ServiceContext:
    return ServiceContext(Actor("Test Editor", Role.EDITOR, None), frozen_clock)


@pytest.fixture
def viewer() -> ServiceContext:
    return ServiceContext(Actor("Test Viewer", Role.VIEWER, None), frozen_clock)


def table_counts() -> dict[str, int]:
    """Rows per table: compare before/after to prove a refusal changed nothing."""
    return {
        table: db.execute_sql(f'SELECT COUNT(*) FROM "{table}"').fetchone()[0]
        for table in sorted(db.get_tables())
    }


def dump_database() -> dict[str, list[tuple]]:
    """Every row of every table, for exact before/after comparisons."""
    return {
        table: sorted(db.execute_sql(f'SELECT * FROM "{table}"').fetchall(), key=repr)
        for table in sorted(db.get_tables())
    }


__all__ = ["FROZEN_NOW", "dump_database", "frozen_clock", "os", "table_counts"]


def refused(action: Callable[[], object], error: type[Exception], message: str) -> Exception:
    """Run `action`, expect `error` with exactly `message`, and prove nothing changed."""
    before = dump_database()
    with pytest.raises(error) as info:
        action()
    assert type(info.value) is error
    assert str(info.value) == message
    assert dump_database() == before
    return info.value
