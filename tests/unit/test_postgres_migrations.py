"""The PostgreSQL half of test_migrations.py: the frozen `.postgres.sql` builds exactly
what the models declare, an old database upgrades with its data intact, a newer one
is refused, and every connection runs at READ COMMITTED (the board locks rely on it).

Runs on the session's throwaway server (`pg_server`); skipped, saying why, where
none can run, failed instead under MPM_REQUIRE_POSTGRES=1 (CI).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date, datetime

import peewee
import pytest
from peewee import Database, PostgresqlDatabase

from mpm_tui.db.database import (
    DatabaseError,
    close_database,
    db,
    make_database,
    open_database,
)
from mpm_tui.db.migrations import LATEST_VERSION, MIGRATIONS, current_version, migrate_to_latest
from mpm_tui.db.models import DOMAIN_MODELS, BaseModel, SchemaVersion
from mpm_tui.services import boards, planning, tasks
from mpm_tui.services.context import ServiceContext
from tests.pg_server import PgServer

ALL_MODELS: tuple[type[BaseModel], ...] = (SchemaVersion, *DOMAIN_MODELS)
STAMP = datetime(2025, 6, 2, 9, 0)

NewDatabase = Callable[[], str]


@pytest.fixture
def new_pg_database(pg_server: PgServer) -> Iterator[NewDatabase]:
    """Makes empty (not migrated) databases on the server, dropped after the test."""
    made: list[str] = []

    def make() -> str:
        made.append(pg_server.create_database())
        return pg_server.url(made[-1])

    yield make
    close_database()
    for name in made:
        pg_server.drop_database(name)


def open_at_version(url: str, version: int) -> Database:
    """A database migrated only up to `version`, bound like open_database() binds it."""
    database = make_database(url)
    database.connect()
    db.initialize(database)
    assert migrate_to_latest(database, target=version) == list(range(1, version + 1))
    return database


def rows(database: Database, sql: str) -> list[tuple[object, ...]]:
    return [tuple(row) for row in database.execute_sql(sql).fetchall()]


# --- an old database upgrades with its data intact ----------------------------------


def test_version_1_database_upgrades_with_data_intact(
    new_pg_database: NewDatabase, admin: ServiceContext
) -> None:
    url = new_pg_database()
    database = open_at_version(url, 1)
    assert current_version(database) == 1
    assert "holiday" not in database.get_tables()
    database.execute_sql(
        "INSERT INTO member (id, name, handle, role, capacity_days, is_external, active, "
        "created_at) VALUES (1, 'Ana', 'ana', 'editor', 4.5, false, true, %s)",
        (STAMP,),
    )
    database.execute_sql(
        "INSERT INTO board (id, name, description, position, created_at) "
        "VALUES (1, 'Marketing', '', 0, %s)",
        (STAMP,),
    )
    database.execute_sql(
        "INSERT INTO board_column (id, board_id, name, position, is_done, is_review) "
        "VALUES (1, 1, 'To Do', 0, false, false), (2, 1, 'Done', 1, true, false)"
    )
    database.execute_sql(
        "INSERT INTO task (id, title, description, column_id, position, owner_id, channel, "
        "estimate_days, start, due, priority, blocked, blocked_reason, entered_column_at, "
        "created_at, updated_at, version) VALUES (1, 'Old [Q4] brief', '', 1, 0, 1, 'email', "
        "2.0, '2025-06-02', '2025-06-06', 'high', false, '', %s, %s, %s, 3)",
        (STAMP, STAMP, STAMP),
    )
    database.close()
    db.initialize(None)

    opened = open_database(url)
    assert current_version(opened) == LATEST_VERSION
    assert rows(opened, "SELECT version, name FROM schema_version ORDER BY version") == [
        (m.version, m.name) for m in MIGRATIONS
    ]
    task = tasks.get_task(1)
    assert (task.title, task.board, task.column, task.owner, task.priority, task.version) == (
        "Old [Q4] brief",
        "Marketing",
        "To Do",
        "Ana",
        "high",
        3,
    )
    assert (task.start, task.due, task.created_at) == (date(2025, 6, 2), date(2025, 6, 6), STAMP)
    planning.add_holiday(admin, date(2026, 12, 25), "Christmas")
    assert planning.holidays() == {date(2026, 12, 25)}
    moved = tasks.move_task(admin, 1, 2)
    assert (moved.column, moved.completed_at, moved.version) == ("Done", admin.now(), 4)


def test_version_2_positions_become_spaced_order_keys(
    new_pg_database: NewDatabase, admin: ServiceContext
) -> None:
    """Migration 3 on PostgreSQL widens the column to BIGINT and scales the slots."""
    url = new_pg_database()
    database = open_at_version(url, 2)
    database.execute_sql(
        "INSERT INTO board (id, name, description, position, created_at) "
        "VALUES (1, 'Marketing', '', 0, %s)",
        (STAMP,),
    )
    database.execute_sql(
        "INSERT INTO board_column (id, board_id, name, position, is_done, is_review) "
        "VALUES (1, 1, 'To Do', 0, false, false)"
    )
    for task_id, title, position in [(1, "a", 1), (2, "b", 2), (3, "c", 2), (4, "d", 0)]:
        database.execute_sql(
            "INSERT INTO task (id, title, description, column_id, position, priority, "
            "blocked, blocked_reason, entered_column_at, created_at, updated_at, version) "
            "VALUES (%s, %s, '', 1, %s, 'normal', false, '', %s, %s, %s, 1)",
            (task_id, title, position, STAMP, STAMP, STAMP),
        )
    database.close()
    db.initialize(None)

    opened = open_database(url)
    assert dict(rows(opened, "SELECT title, position FROM task")) == {
        "d": 65536,
        "a": 2 * 65536,
        "b": 3 * 65536,
        "c": 3 * 65536,
    }
    column = {c.name: c for c in opened.get_columns("task")}["position"]
    assert column.data_type == "bigint"
    assert [c.title for c in tasks.list_tasks(column="To Do")] == ["d", "a", "b", "c"]
    # Keys past 32 bits fit: a respaced column far down still orders.
    opened.execute_sql("UPDATE task SET position = position * 100000 WHERE title = 'c'")
    board = boards.board_view()
    assert board is not None
    assert [c.title for c in board.columns[0].cards] == ["d", "a", "b", "c"]


def test_opening_twice_applies_nothing_more(new_pg_database: NewDatabase) -> None:
    url = new_pg_database()
    database = open_database(url)
    assert migrate_to_latest(database) == []
    close_database()
    again = open_database(url)
    assert rows(again, "SELECT COUNT(*) FROM schema_version") == [(len(MIGRATIONS),)]


def test_newer_schema_is_refused_and_left_alone(new_pg_database: NewDatabase) -> None:
    url = new_pg_database()
    open_database(url)
    db.execute_sql(
        "INSERT INTO schema_version (version, name, applied_at) VALUES (%s, 'future', %s)",
        (LATEST_VERSION + 7, STAMP),
    )
    close_database()
    with pytest.raises(DatabaseError) as info:
        open_database(url)
    assert str(info.value) == (
        f"this database has schema version {LATEST_VERSION + 7}, newer than this mpm "
        f"understands ({LATEST_VERSION}): upgrade mpm"
    )
    check = make_database(url)
    assert rows(check, "SELECT MAX(version) FROM schema_version") == [(LATEST_VERSION + 7,)]
    check.close()


# --- the frozen SQL builds exactly what the models declare --------------------------


@pytest.fixture(scope="module")
def migrated(pg_server: PgServer) -> Iterator[PostgresqlDatabase]:
    """A database built only by the frozen PostgreSQL migrations (not bound to the proxy)."""
    name = pg_server.create_database(name="frozen_sql")
    database = make_database(pg_server.url(name))
    assert isinstance(database, PostgresqlDatabase)
    migrate_to_latest(database)
    yield database
    database.close()
    pg_server.drop_database(name)


@pytest.fixture(scope="module")
def from_models(pg_server: PgServer) -> Iterator[PostgresqlDatabase]:
    """A database built by peewee from the model classes as they are today."""
    name = pg_server.create_database(name="from_models")
    database = make_database(pg_server.url(name))
    assert isinstance(database, PostgresqlDatabase)
    with database.bind_ctx(ALL_MODELS):
        database.create_tables(ALL_MODELS)
    yield database
    database.close()
    pg_server.drop_database(name)


def test_migrations_create_exactly_the_model_tables(migrated: PostgresqlDatabase) -> None:
    assert set(migrated.get_tables()) == {model._meta.table_name for model in ALL_MODELS}


@pytest.mark.parametrize("model", ALL_MODELS, ids=lambda m: m.__name__)
def test_migrated_schema_matches_the_model(
    migrated: PostgresqlDatabase, from_models: PostgresqlDatabase, model: type[BaseModel]
) -> None:
    """Columns (full types with lengths, nullability, keys, defaults), indexes and
    foreign keys, against what peewee creates on PostgreSQL."""
    table = model._meta.table_name

    def columns(database: PostgresqlDatabase) -> list[tuple[object, ...]]:
        return sorted(
            (c.name, c.full_type, c.null, c.primary_key, c.default)
            for c in database.get_columns(table)
        )

    def indexes(database: PostgresqlDatabase) -> set[tuple[object, ...]]:
        return {(i.name, tuple(i.columns), i.unique) for i in database.get_indexes(table)}

    def keys(database: PostgresqlDatabase) -> set[tuple[object, ...]]:
        return {
            (k.column, k.dest_table, k.dest_column, k.on_delete)
            for k in database.get_foreign_keys(table)
        }

    assert {c[0] for c in columns(migrated)} == set(model._meta.columns)
    assert columns(migrated) == columns(from_models)
    assert indexes(migrated) == indexes(from_models)
    assert keys(migrated) == keys(from_models)


# --- the connection ------------------------------------------------------------------


def test_transactions_run_at_read_committed_whatever_the_server_default(
    pg_server: PgServer, new_pg_database: NewDatabase
) -> None:
    url = new_pg_database()
    name = url.split("/")[3].split("?")[0]
    pg_server.execute(
        f"ALTER DATABASE \"{name}\" SET default_transaction_isolation = 'serializable'"
    )
    open_database(url)
    with db.atomic():
        assert db.execute_sql("SHOW transaction_isolation").fetchone() == ("read committed",)
    # Options given in the URL are kept beside it.
    close_database()
    open_database(url + "&options=-c%20statement_timeout%3D4321")
    assert db.execute_sql("SHOW statement_timeout").fetchone() == ("4321ms",)
    assert db.execute_sql("SHOW transaction_isolation").fetchone() == ("read committed",)


def test_a_missing_driver_is_named(monkeypatch: pytest.MonkeyPatch) -> None:
    """No server needed: without psycopg2 and psycopg the URL is refused, saying what
    to install, before anything tries to connect."""
    monkeypatch.setattr(peewee, "psycopg2", None)
    monkeypatch.setattr(peewee, "psycopg", None)
    with pytest.raises(DatabaseError) as info:
        open_database("postgresql://mpm@db.example/mpm")
    assert str(info.value) == (
        "PostgreSQL needs a driver: pip install 'mpm-tui[postgres]' (psycopg2-binary)"
    )


def test_a_password_never_shows_in_a_refusal(new_pg_database: NewDatabase) -> None:
    url = new_pg_database()
    host = url.split("?", 1)[1]
    wrong = f"postgresql://postgres:hunter2@/no_such_db?{host}"
    with pytest.raises(DatabaseError) as info:
        open_database(wrong)
    message = str(info.value)
    assert message.startswith("cannot open database postgresql://postgres:***@/no_such_db?")
    assert 'database "no_such_db" does not exist' in message
    assert "hunter2" not in message
    assert "\n" not in message
