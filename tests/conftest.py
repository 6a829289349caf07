"""Shared fixtures: a fresh database per test, a frozen clock.

The database is a temp SQLite file; for the modules in `BOTH_BACKENDS` every
test that uses `db_path` or `demo_db` runs twice, `[sqlite]` and `[postgres]`,
the second on a throwaway PostgreSQL server started once per session
(`pg_server`, tests/pg_server.py). Without the server binaries or the driver
the PostgreSQL runs skip, saying why, unless MPM_REQUIRE_POSTGRES=1 (CI sets
it), which makes them fail.
"""

from __future__ import annotations

import functools
import os
import shutil
from collections.abc import Callable, Iterator
from datetime import datetime
from pathlib import Path

import hypothesis
import pytest

from mpm_tui.db.database import close_database, db, open_database
from mpm_tui.schemas.enums import Role
from mpm_tui.services.context import Actor, ServiceContext
from tests.pg_server import PgServer, find_bin_dir, why_unavailable

FROZEN_NOW = datetime(2026, 11, 23, 9, 30, 0)
"""Monday 23 November 2026, 09:30: "now" in every test."""


def frozen_clock() -> datetime:
    return FROZEN_NOW


# Property-based tests (hypothesis, tests/unit/test_properties*.py): the same examples
# on every run so CI is deterministic, no deadline (a busy machine is not a failure),
# and no example database written into the tree.
hypothesis.settings.register_profile("mpm", deadline=None, derandomize=True, database=None)
hypothesis.settings.load_profile("mpm")


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


BOTH_BACKENDS = frozenset(
    {
        "test_activity_log",
        "test_goals_service",
        "test_portfolio_service",
        "test_priority_service",
        "test_projects_service",
        "test_retro_service",
        "test_risks",
        "test_scope_service",
        "test_task_details",
        "test_tasks_service",
        "test_templates",
        "test_workload_service",
        "test_workspace_roundtrip",
    }
)
"""Test modules whose database tests run on SQLite and on PostgreSQL."""


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    module = metafunc.module.__name__.rsplit(".", 1)[-1]
    if module in BOTH_BACKENDS and "backend" in metafunc.fixturenames:
        metafunc.parametrize("backend", ["sqlite", "postgres"], indirect=True)


@pytest.fixture
def backend(request: pytest.FixtureRequest) -> str:
    """Which database `db_path`, `demo_db` and `new_database` give: "sqlite" unless
    the module is in `BOTH_BACKENDS` (or a test parametrizes it)."""
    return str(getattr(request, "param", "sqlite"))


@pytest.fixture(scope="session")
def pg_server() -> Iterator[PgServer]:
    """A throwaway PostgreSQL cluster for the session (skips when none can run here)."""
    reason = why_unavailable()
    if reason:
        if os.environ.get("MPM_REQUIRE_POSTGRES") == "1":
            pytest.fail(f"MPM_REQUIRE_POSTGRES=1 but {reason}", pytrace=False)
        pytest.skip(reason)
    bin_dir = find_bin_dir()
    assert bin_dir is not None
    server = PgServer(bin_dir)
    try:
        server.start()
        yield server
    finally:
        server.stop()


@pytest.fixture(scope="session")
def pg_url(pg_server: PgServer) -> str:
    """The URL of an empty database (not migrated yet) on the session's server: a
    string for `--db` or `open_database`, from this process or any other."""
    return pg_server.url(pg_server.create_database(name="mpm"))


@pytest.fixture(scope="session")
def pg_template(pg_server: PgServer) -> str:
    """A migrated, empty database that fresh test databases are copied from."""
    name = pg_server.create_database(name="mpm_empty")
    open_database(pg_server.url(name))
    close_database()
    return name


@pytest.fixture(scope="session")
def pg_demo_template(pg_server: PgServer, pg_template: str) -> str:
    """The demo workspace on PostgreSQL, built once per session at FROZEN_NOW."""
    from mpm_tui.services.demo import build_demo

    name = pg_server.create_database(pg_template, name="mpm_demo")
    open_database(pg_server.url(name))
    try:
        build_demo(ServiceContext(Actor("demo set-up", Role.ADMIN), frozen_clock))
    finally:
        close_database()
    return name


@pytest.fixture(scope="session")
def pg_workspace(pg_server: PgServer, pg_template: str) -> tuple[str, str]:
    """The database `db_path` hands each PostgreSQL test, emptied between tests, and
    the SQL that empties it: deleting a few rows and rewinding the id sequences takes
    about a millisecond, where copying a template database takes ~40-300 ms."""
    from peewee import sort_models

    from mpm_tui.db.models import DOMAIN_MODELS

    url = pg_server.url(pg_server.create_database(pg_template, name="mpm_work"))
    database = open_database(url)
    try:
        sequences = [row[0] for row in db.execute_sql("SELECT sequencename FROM pg_sequences")]
    finally:
        close_database()
    assert database.is_closed()
    deletes = "".join(
        f'DELETE FROM "{model._meta.table_name}";' for model in reversed(sort_models(DOMAIN_MODELS))
    )
    rewinds = ", ".join(f"setval('\"{name}\"', 1, false)" for name in sequences)
    return url, f"{deletes} SELECT {rewinds}"


@pytest.fixture
def pg_fresh_url(pg_server: PgServer, pg_template: str) -> Iterator[str]:
    """A migrated, empty database of this test's own (dropped afterwards)."""
    name = pg_server.create_database(pg_template)
    yield pg_server.url(name)
    pg_server.drop_database(name)


@pytest.fixture
def new_database(
    backend: str, tmp_path: Path, request: pytest.FixtureRequest
) -> Iterator[Callable[[str], str | Path]]:
    """Makes another empty database of the test's backend: `new_database("b.db")` is a
    path in tmp_path on SQLite, the URL of a new migrated database on PostgreSQL."""
    made: list[str] = []

    def make(name: str) -> str | Path:
        if backend == "sqlite":
            return tmp_path / name
        server: PgServer = request.getfixturevalue("pg_server")
        made.append(server.create_database(request.getfixturevalue("pg_template")))
        return server.url(made[-1])

    yield make
    if made:
        close_database()
        server = request.getfixturevalue("pg_server")
        for name in made:
            server.drop_database(name)


@pytest.fixture
def db_path(backend: str, tmp_path: Path, request: pytest.FixtureRequest) -> Iterator[Path | str]:
    """A migrated, empty workspace database, open for the test: a temp file, or on
    PostgreSQL the URL of the session's work database, emptied for the test."""
    if backend == "postgres":
        url, empty_it = request.getfixturevalue("pg_workspace")
        open_database(url)
        db.execute_sql(empty_it)
        yield url
        close_database()
        return
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
def demo_db(backend: str, tmp_path: Path, request: pytest.FixtureRequest) -> Iterator[Path | str]:
    """A private copy of the demo workspace, open for the test."""
    if backend == "postgres":
        server: PgServer = request.getfixturevalue("pg_server")
        name = server.create_database(request.getfixturevalue("pg_demo_template"))
        open_database(server.url(name))
        yield server.url(name)
        close_database()
        server.drop_database(name)
        return
    demo_template: Path = request.getfixturevalue("demo_template")
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
