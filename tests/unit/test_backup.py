"""`mpm backup`: a whole, checked copy, or a clear refusal that writes nothing.

Backups taken while another process writes are tested in test_crash_safety.py.
"""

from __future__ import annotations

import shutil
import sqlite3
from contextlib import closing
from pathlib import Path

import pytest
from peewee import PostgresqlDatabase

from mpm_tui.db.database import close_database, db, open_database
from mpm_tui.schemas.enums import Role
from mpm_tui.services import backup, tasks
from mpm_tui.services.backup import BackupResult, backup_workspace, human_size
from mpm_tui.services.context import Actor, ServiceContext
from mpm_tui.services.errors import InvalidInput, MpmError
from tests.conftest import frozen_clock
from tests.unit.test_cli import run

STAMPED = "demo-backup-20261123-093000.db"
"""The default name of a backup of demo.db taken at the tests' frozen "now"."""


def file_dump(path: Path) -> dict[str, list[tuple]]:
    """Every row of every table, read with plain sqlite3 (independent of mpm)."""
    with closing(sqlite3.connect(path)) as con:
        tables = [r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type='table'")]
        return {t: sorted(con.execute(f'SELECT * FROM "{t}"').fetchall(), key=repr) for t in tables}


def listing(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


def pragma(path: Path, name: str) -> object:
    with closing(sqlite3.connect(path)) as con:
        return con.execute(f"PRAGMA {name}").fetchone()[0]


def test_default_backup_lands_beside_the_database_whole_and_checked(
    demo_db: Path, admin: ServiceContext
) -> None:
    before = listing(demo_db.parent)
    result = backup_workspace(admin, None)

    assert result.path == demo_db.parent.resolve() / STAMPED
    assert listing(demo_db.parent) == sorted([*before, STAMPED])  # no temp file left over
    assert result.ok and result.integrity == "ok"
    assert result.task_count == len(tasks.list_tasks()) == 125
    assert result.size_bytes == result.path.stat().st_size > 0
    close_database()
    assert file_dump(result.path) == file_dump(demo_db)
    # One self-contained file: a plain rollback journal, nothing beside it.
    assert pragma(result.path, "journal_mode") == "delete"
    assert result.describe() == (
        f"backed up 125 tasks ({human_size(result.size_bytes)}) to {result.path} · integrity ok"
    )


def test_the_copy_opens_as_a_workspace(demo_db: Path, admin: ServiceContext) -> None:
    result = backup_workspace(admin, demo_db.parent / "copy.db")
    open_database(result.path)
    assert len(tasks.list_tasks()) == 125


def test_a_folder_gets_the_timestamped_name_and_a_second_one_a_suffix(
    demo_db: Path, admin: ServiceContext, tmp_path: Path
) -> None:
    folder = tmp_path / "backups"
    folder.mkdir()
    first = backup_workspace(admin, folder)
    second = backup_workspace(admin, None)
    third = backup_workspace(admin, None)
    assert first.path == folder.resolve() / STAMPED
    assert second.path.name == STAMPED
    assert third.path.name == STAMPED.replace(".db", "-2.db")
    assert listing(folder) == [STAMPED]


def test_the_copy_is_no_more_readable_than_the_workspace(
    demo_db: Path, admin: ServiceContext
) -> None:
    demo_db.chmod(0o640)
    result = backup_workspace(admin, demo_db.parent / "copy.db")
    assert result.path.stat().st_mode & 0o777 == 0o640


@pytest.mark.parametrize(
    ("target", "message"),
    [
        ("demo.db", "backup: {tmp}/demo.db is the workspace database itself: give a new file"),
        ("link.db", "backup: {tmp}/link.db is the workspace database itself: give a new file"),
        ("taken.db", "backup: {tmp}/taken.db already exists: give a new file name"),
        ("missing/copy.db", "backup: folder {tmp}/missing does not exist"),
    ],
)
def test_refusals_name_the_problem_and_write_nothing(
    demo_db: Path, admin: ServiceContext, tmp_path: Path, target: str, message: str
) -> None:
    (tmp_path / "link.db").symlink_to(demo_db)
    (tmp_path / "taken.db").write_text("keep me", encoding="utf-8")
    before = listing(tmp_path)
    with pytest.raises(InvalidInput) as refused:
        backup_workspace(admin, tmp_path / target)
    assert str(refused.value) == message.format(tmp=tmp_path)
    assert listing(tmp_path) == before
    assert (tmp_path / "taken.db").read_text(encoding="utf-8") == "keep me"


def test_an_unwritable_database_folder_sends_the_backup_to_the_data_dir(
    demo_db: Path, admin: ServiceContext, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real_temp_file = backup._temp_file

    def refuse_beside_the_database(folder: Path, name: str) -> Path:
        if folder == demo_db.parent.resolve():
            raise PermissionError(13, "Permission denied")
        return real_temp_file(folder, name)

    monkeypatch.setattr(backup, "_temp_file", refuse_beside_the_database)
    before = listing(demo_db.parent)
    result = backup_workspace(admin, None)
    assert result.path == tmp_path / "data" / STAMPED  # MPM_DATA_DIR in the tests
    assert result.ok
    assert listing(demo_db.parent) == sorted([*before, "data"])  # nothing beside the database


def test_an_unwritable_target_folder_is_one_clear_message(
    demo_db: Path, admin: ServiceContext, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def read_only(folder: Path, name: str) -> Path:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(backup, "_temp_file", read_only)
    with pytest.raises(InvalidInput) as refused:
        backup_workspace(admin, tmp_path / "copy.db")
    assert str(refused.value) == f"backup: cannot write in {tmp_path}: Permission denied"


@pytest.mark.parametrize("failure", [MpmError("backup: the copy failed"), KeyboardInterrupt()])
def test_a_copy_that_fails_half_way_leaves_nothing(
    demo_db: Path,
    admin: ServiceContext,
    monkeypatch: pytest.MonkeyPatch,
    failure: BaseException,
) -> None:
    def half_a_copy(source: sqlite3.Connection, partial: Path) -> None:
        partial.write_bytes(b"SQLite format 3\0" + b"\0" * 4000)
        raise failure

    monkeypatch.setattr(backup, "_copy", half_a_copy)
    before = listing(demo_db.parent)
    with pytest.raises(type(failure)):
        backup_workspace(admin, demo_db.parent / "copy.db")
    with pytest.raises(type(failure)):
        backup_workspace(admin, None)
    assert listing(demo_db.parent) == before


def test_a_file_that_appears_during_the_copy_is_never_replaced(tmp_path: Path) -> None:
    """The check before the copy can be overtaken: publishing refuses to clobber too."""
    partial, final = tmp_path / ".copy.part", tmp_path / "copy.db"
    partial.write_text("the copy", encoding="utf-8")
    final.write_text("somebody else's", encoding="utf-8")
    with pytest.raises(InvalidInput, match="already exists"):
        backup._publish(partial, final)
    assert final.read_text(encoding="utf-8") == "somebody else's"


def test_a_real_sqlite_failure_is_one_clear_message(
    demo_db: Path, admin: ServiceContext, tmp_path: Path
) -> None:
    closed = sqlite3.connect(tmp_path / "other.db")
    closed.close()
    partial = tmp_path / "partial.db"
    with pytest.raises(MpmError, match=r"^backup: the copy failed, nothing was written: "):
        backup._copy(closed, partial)


def test_postgresql_is_pointed_to_pg_dump_and_export(
    demo_db: Path, admin: ServiceContext, tmp_path: Path
) -> None:
    sqlite_database = db.obj
    db.initialize(PostgresqlDatabase("mpm", host="db.example"))
    try:
        with pytest.raises(InvalidInput) as refused:
            backup_workspace(admin, tmp_path / "copy.db")
    finally:
        db.initialize(sqlite_database)
    assert "pg_dump" in str(refused.value) and "mpm export -o FILE" in str(refused.value)
    assert not (tmp_path / "copy.db").exists()


@pytest.mark.parametrize(
    "actor",
    [
        Actor("Test Viewer", Role.VIEWER),
        Actor("guest", Role.VIEWER, None, "not a member of this workspace: use --user NAME"),
    ],
)
def test_viewers_and_guests_may_back_up(demo_db: Path, actor: Actor) -> None:
    result = backup_workspace(ServiceContext(actor, frozen_clock), demo_db.parent / "copy.db")
    assert result.ok and result.task_count == 125


def test_a_failed_check_is_reported_not_hidden() -> None:
    result = BackupResult(Path("/b/w.db"), 2_100_000, 1204, ("row 5 missing", "page 9 unused"))
    assert not result.ok
    assert result.describe() == (
        "backed up 1,204 tasks (2.1 MB) to /b/w.db · integrity check FAILED: "
        "row 5 missing (and 1 more)"
    )
    assert BackupResult(Path("w.db"), 1, 1, ()).describe() == (
        "backed up 1 task (1 byte) to w.db · integrity ok"
    )


@pytest.mark.parametrize(
    ("size", "shown"),
    [(0, "0 bytes"), (999, "999 bytes"), (48_000, "48.0 kB"), (2_149_000, "2.1 MB"),
     (1_300_000_000, "1.3 GB"), (5 * 10**15, "5000.0 TB")],
)  # fmt: skip
def test_human_size(size: int, shown: str) -> None:
    assert human_size(size) == shown


# --- the command ------------------------------------------------------------------


@pytest.fixture
def demo_file(demo_template: Path, tmp_path: Path) -> Path:
    """The demo workspace as a file, not opened (the command opens it)."""
    path = tmp_path / "demo.db"
    shutil.copyfile(demo_template, path)
    return path


@pytest.mark.usefixtures("frozen_cli_clock")
def test_mpm_backup_prints_one_line(demo_file: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "--db", demo_file, "backup")
    copy = demo_file.parent / STAMPED
    size = human_size(copy.stat().st_size)
    assert (code, err) == (0, "")
    assert out == f"backed up 125 tasks ({size}) to {copy} · integrity ok\n"


def test_mpm_backup_to_a_path_works_in_a_read_only_session(
    demo_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    copy = demo_file.parent / "copy.db"
    code, out, _ = run(capsys, "--db", demo_file, "--read-only", "backup", copy)
    assert code == 0 and out.endswith(f"to {copy} · integrity ok\n")
    assert file_dump(copy) == file_dump(demo_file)


def test_mpm_backup_refusal_is_one_line(
    demo_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    taken = demo_file.parent / "taken.db"
    taken.write_text("keep me", encoding="utf-8")
    code, out, err = run(capsys, "--db", demo_file, "backup", taken)
    assert (code, out) == (1, "")
    assert err == f"mpm: error: backup: {taken} already exists: give a new file name\n"
    assert taken.read_text(encoding="utf-8") == "keep me"


def test_mpm_backup_of_a_damaged_copy_exits_non_zero(
    demo_file: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(backup, "_check_copy", lambda path: (("row 5 missing",), 125))
    code, out, err = run(capsys, "--db", demo_file, "backup", demo_file.parent / "copy.db")
    assert code == 1
    assert "integrity check FAILED: row 5 missing" in out
    assert err.startswith("mpm: error: the copy at ") and "probably damaged" in err
    assert (demo_file.parent / "copy.db").exists()  # kept: it may be all there is


def test_mpm_backup_takes_one_path(demo_file: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "--db", demo_file, "backup", "a.db", "b.db")
    assert code == 2 and "unrecognized arguments: b.db" in err
