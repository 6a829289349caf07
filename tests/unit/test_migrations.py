"""Forward-only migrations: an old database upgrades, the frozen SQL matches the models,
and databases we must not touch are refused with a clear message."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path

import pytest
from peewee import SqliteDatabase

from mpm_tui.db.database import DatabaseError, close_database, db, open_database
from mpm_tui.db.migrations import LATEST_VERSION, MIGRATIONS, current_version, migrate_to_latest
from mpm_tui.db.models import DOMAIN_MODELS, BaseModel, Holiday, Member, SchemaVersion, TimeOff
from mpm_tui.services import boards, planning, tasks
from mpm_tui.services.context import ServiceContext

ALL_MODELS: tuple[type[BaseModel], ...] = (SchemaVersion, *DOMAIN_MODELS)
V2_TABLES = {"holiday", "time_off"}


@pytest.fixture(autouse=True)
def _close_after() -> Iterator[None]:
    """Whatever a test opened through the shared proxy is closed afterwards."""
    yield
    close_database()


def open_at_version(path: Path, version: int) -> SqliteDatabase:
    """A database migrated only up to `version`, bound like open_database() binds it."""
    database = SqliteDatabase(str(path), pragmas={"foreign_keys": 1})
    database.connect()
    db.initialize(database)
    assert migrate_to_latest(database, target=version) == list(range(1, version + 1))
    return database


def sqlite_rows(path: Path, sql: str) -> list[tuple[object, ...]]:
    """Read with the plain sqlite3 module, independent of peewee and the proxy."""
    with sqlite3.connect(path) as conn:
        return conn.execute(sql).fetchall()


# --- (1) a version-1 database upgrades with its data intact -------------------------


def test_version_1_database_upgrades_with_data_intact(
    tmp_path: Path, admin: ServiceContext
) -> None:
    path = tmp_path / "v1.db"
    database = open_at_version(path, 1)
    assert current_version(database) == 1
    assert not V2_TABLES & set(database.get_tables())
    stamp = "2025-06-02 09:00:00"
    database.execute_sql(
        "INSERT INTO member (id, name, handle, email, role, capacity_days, is_external, "
        "organisation, active, created_at) VALUES (1, 'Ana', 'ana', NULL, 'editor', 4.5, 0, "
        "NULL, 1, ?)",
        (stamp,),
    )
    database.execute_sql(
        "INSERT INTO board (id, name, description, position, created_at) "
        "VALUES (1, 'Marketing', '', 0, ?)",
        (stamp,),
    )
    database.execute_sql(
        "INSERT INTO board_column (id, board_id, name, position, wip_limit, person_limit, "
        "is_done, is_review) VALUES (1, 1, 'To Do', 0, NULL, NULL, 0, 0), "
        "(2, 1, 'Done', 1, NULL, NULL, 1, 0)"
    )
    database.execute_sql(
        "INSERT INTO task (id, title, description, project_id, column_id, position, owner_id, "
        "reviewer_id, channel, estimate_days, start, due, priority, blocked, blocked_reason, "
        "entered_column_at, created_at, updated_at, completed_at, cancelled_at, version) "
        "VALUES (1, 'Old [Q4] brief', '', NULL, 1, 0, 1, NULL, 'email', 2.0, '2025-06-02', "
        "'2025-06-06', 'high', 0, '', ?, ?, ?, NULL, NULL, 3)",
        (stamp, stamp, stamp),
    )
    database.close()
    db.initialize(None)

    opened = open_database(path)
    assert current_version(opened) == LATEST_VERSION
    assert sqlite_rows(path, "SELECT version, name FROM schema_version ORDER BY version") == [
        (m.version, m.name) for m in MIGRATIONS
    ]
    assert set(opened.get_tables()) >= V2_TABLES

    task = tasks.get_task(1)
    assert (task.title, task.board, task.column, task.owner, task.priority, task.version) == (
        "Old [Q4] brief",
        "Marketing",
        "To Do",
        "Ana",
        "high",
        3,
    )
    assert (task.start, task.due, task.estimate_days) == (date(2025, 6, 2), date(2025, 6, 6), 2.0)
    assert task.created_at == datetime(2025, 6, 2, 9, 0)
    assert Member.get_by_id(1).capacity_days == 4.5

    # The new tables work through the services and the models.
    planning.add_holiday(admin, date(2026, 12, 25), "Christmas")
    assert planning.holidays() == {date(2026, 12, 25)}
    TimeOff.create(member=1, start=date(2026, 12, 28), end=date(2026, 12, 31), note="leave")
    off = TimeOff.get(TimeOff.member == 1)
    assert (off.start, off.end, off.note) == (date(2026, 12, 28), date(2026, 12, 31), "leave")
    assert Holiday.get(Holiday.date == date(2026, 12, 25)).name == "Christmas"

    # And a task still moves on the upgraded database.
    moved = tasks.move_task(admin, 1, 2)
    assert (moved.column, moved.completed_at, moved.version) == ("Done", admin.now(), 4)


def test_version_2_positions_become_spaced_order_keys(
    tmp_path: Path, admin: ServiceContext
) -> None:
    """Migration 3: the slots 0..n-1 of a version-2 database become keys 65,536
    apart, every column keeps its order (ties too), and a move then writes one row."""
    path = tmp_path / "v2.db"
    database = open_at_version(path, 2)
    stamp = "2025-06-02 09:00:00"
    database.execute_sql(
        "INSERT INTO board (id, name, description, position, created_at) "
        "VALUES (1, 'Marketing', '', 0, ?)",
        (stamp,),
    )
    database.execute_sql(
        "INSERT INTO board_column (id, board_id, name, position, wip_limit, person_limit, "
        "is_done, is_review) VALUES (1, 1, 'To Do', 0, NULL, NULL, 0, 0), "
        "(2, 1, 'Done', 1, NULL, NULL, 1, 0)"
    )
    # To Do: d(0) a(1) c(2) b(2: a tie, broken by id) and x, cut at 1; Done: e(0).
    rows = [(1, "a", 1, 1, None), (2, "b", 1, 2, None), (3, "c", 1, 2, None)]
    rows += [(4, "d", 1, 0, None), (5, "x", 1, 1, stamp), (6, "e", 2, 0, None)]
    for task_id, title, column, position, cancelled in rows:
        database.execute_sql(
            "INSERT INTO task (id, title, description, column_id, position, priority, "
            "blocked, blocked_reason, entered_column_at, created_at, updated_at, "
            "cancelled_at, version) VALUES (?, ?, '', ?, ?, 'normal', 0, '', ?, ?, ?, ?, 1)",
            (task_id, title, column, position, stamp, stamp, stamp, cancelled),
        )
    database.close()
    db.initialize(None)

    open_database(path)
    keys = dict(sqlite_rows(path, "SELECT title, position FROM task"))
    assert keys == {t: (p + 1) * 65536 for _, t, _, p, _ in rows}
    board = boards.board_view()
    assert board is not None
    todo, done = board.columns
    assert [(c.title, c.position) for c in todo.cards] == [("d", 0), ("a", 1), ("b", 2), ("c", 3)]
    assert [(c.title, c.position) for c in done.cards] == [("e", 0)]

    tasks.move_task(admin, 6, 1, 2)  # e between a and b: room without respacing
    after = dict(sqlite_rows(path, "SELECT title, position FROM task"))
    assert {t for t in after if after[t] != keys[t]} == {"e"}
    assert keys["a"] < after["e"] < keys["b"]
    assert [c.title for c in tasks.list_tasks(column="To Do")] == ["d", "a", "e", "b", "c"]


def test_opening_twice_applies_nothing_more(tmp_path: Path) -> None:
    path = tmp_path / "twice.db"
    database = open_database(path)
    assert migrate_to_latest(database) == []
    close_database()
    open_database(path)
    assert sqlite_rows(path, "SELECT COUNT(*) FROM schema_version") == [(len(MIGRATIONS),)]


def test_migrate_to_target_stops_there(tmp_path: Path) -> None:
    database = open_at_version(tmp_path / "stop.db", 1)
    assert current_version(database) == 1
    assert "holiday" not in database.get_tables()
    assert migrate_to_latest(database) == list(range(2, LATEST_VERSION + 1))
    assert current_version(database) == LATEST_VERSION
    database.close()


# --- (2) the frozen SQL builds exactly what the models declare ----------------------


@pytest.fixture(scope="module")
def migrated(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SqliteDatabase]:
    """A database built only by the frozen migration SQL (not bound to the proxy)."""
    database = SqliteDatabase(str(tmp_path_factory.mktemp("frozen") / "frozen.db"))
    migrate_to_latest(database)
    yield database
    database.close()


@pytest.fixture(scope="module")
def from_models(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SqliteDatabase]:
    """A database built by peewee from the model classes as they are today."""
    database = SqliteDatabase(str(tmp_path_factory.mktemp("models") / "models.db"))
    with database.bind_ctx(ALL_MODELS):
        database.create_tables(ALL_MODELS)
    yield database
    database.close()


def test_migrations_create_exactly_the_model_tables(migrated: SqliteDatabase) -> None:
    assert set(migrated.get_tables()) == {model._meta.table_name for model in ALL_MODELS}


@pytest.mark.parametrize("model", ALL_MODELS, ids=lambda m: m.__name__)
def test_migrated_columns_match_the_model(
    migrated: SqliteDatabase, from_models: SqliteDatabase, model: type[BaseModel]
) -> None:
    table = model._meta.table_name
    assert {c.name for c in migrated.get_columns(table)} == set(model._meta.columns)
    # Types, nullability and primary keys too, against what peewee would create.
    assert sorted(
        (c.name, c.data_type, c.null, c.primary_key) for c in migrated.get_columns(table)
    ) == sorted(
        (c.name, c.data_type, c.null, c.primary_key) for c in from_models.get_columns(table)
    )


@pytest.mark.parametrize("model", ALL_MODELS, ids=lambda m: m.__name__)
def test_migrated_indexes_match_the_model(
    migrated: SqliteDatabase, from_models: SqliteDatabase, model: type[BaseModel]
) -> None:
    table = model._meta.table_name

    def indexes(database: SqliteDatabase) -> set[tuple[str, tuple[str, ...], bool]]:
        return {(i.name, tuple(i.columns), i.unique) for i in database.get_indexes(table)}

    assert indexes(migrated) == indexes(from_models)


@pytest.mark.parametrize("model", ALL_MODELS, ids=lambda m: m.__name__)
def test_migrated_foreign_keys_match_the_model(
    migrated: SqliteDatabase, from_models: SqliteDatabase, model: type[BaseModel]
) -> None:
    table = model._meta.table_name

    def keys(database: SqliteDatabase) -> set[tuple[str, str, str, str]]:
        return {
            (k.column, k.dest_table, k.dest_column, k.on_delete)
            for k in database.get_foreign_keys(table)
        }

    assert keys(migrated) == keys(from_models)


def test_every_migration_has_both_dialects() -> None:
    from importlib import resources

    folder = resources.files("mpm_tui.db.migrations")
    for migration in MIGRATIONS:
        for dialect in ("sqlite", "postgres"):
            name = f"{migration.version:04d}_{migration.name}.{dialect}.sql"
            assert folder.joinpath(name).is_file(), name
    assert [m.version for m in MIGRATIONS] == list(range(1, LATEST_VERSION + 1))


# --- (3) and (4): databases that must be refused ------------------------------------


def test_newer_schema_is_refused_and_left_alone(tmp_path: Path) -> None:
    path = tmp_path / "future.db"
    open_database(path)
    db.execute_sql(
        "INSERT INTO schema_version (version, name, applied_at) VALUES (?, 'future', ?)",
        (LATEST_VERSION + 7, "2030-01-01 00:00:00"),
    )
    close_database()
    before = sqlite_rows(path, "SELECT version, name FROM schema_version ORDER BY version")

    with pytest.raises(DatabaseError) as info:
        open_database(path)
    assert str(info.value) == (
        f"this database has schema version {LATEST_VERSION + 7}, newer than this mpm "
        f"understands ({LATEST_VERSION}): upgrade mpm"
    )
    close_database()
    assert sqlite_rows(path, "SELECT version, name FROM schema_version ORDER BY version") == before


def test_junk_file_is_refused_and_left_alone(tmp_path: Path) -> None:
    path = tmp_path / "notes.db"
    junk = b"Quarterly plan, definitely not SQLite\n" * 200
    path.write_bytes(junk)
    with pytest.raises(DatabaseError) as info:
        open_database(path)
    message = str(info.value)
    assert str(path) in message
    assert "not a database" in message
    assert "Traceback" not in message
    assert path.read_bytes() == junk


def test_missing_folder_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "no-such-folder" / "workspace.db"
    with pytest.raises(DatabaseError) as info:
        open_database(path)
    assert str(info.value) == f"folder {path.parent} does not exist"
    assert not path.parent.exists()


def test_directory_is_refused(tmp_path: Path) -> None:
    with pytest.raises(DatabaseError) as info:
        open_database(tmp_path)
    assert str(info.value) == f"{tmp_path} is a directory, not a database file"


def test_unsupported_url_is_refused(tmp_path: Path) -> None:
    with pytest.raises(DatabaseError) as info:
        open_database("mysql://localhost/mpm")
    assert str(info.value) == (
        "unsupported database URL scheme 'mysql': use a file path, sqlite:///PATH or postgresql://…"
    )


def test_sqlite_url_opens_the_file(tmp_path: Path) -> None:
    path = tmp_path / "url.db"
    database = open_database(f"sqlite:///{path}")
    assert current_version(database) == LATEST_VERSION
    assert path.is_file()
