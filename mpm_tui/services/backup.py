"""`mpm backup`: a consistent copy of an SQLite workspace while others keep working.

The copy is made with SQLite's online backup API from this process's own
connection, in one step: it reads one snapshot of the database (a WAL reader
never blocks the writers, nor they it), so the copy holds every transaction
committed before it began and no part of any later one. It is written under a
temporary name in the target's folder and renamed into place only when
complete, so a failed or interrupted backup never leaves half a file. The copy
is then opened read-only and checked with `PRAGMA integrity_check`.

Who may back up: anyone who can open the workspace, viewers and read-only
sessions included. A backup changes nothing in the workspace, a viewer already
reads all of it (and may write it all out with `mpm export`), and whoever can
open the SQLite file can copy it anyway; refusing would protect nothing.

Why nothing committed is lost when a process dies (`db.database` pragmas):
in WAL mode a commit has appended the whole transaction to the `-wal` file
before the call returns, so once a write is acknowledged its pages are in the
operating system's file cache; SIGKILL ends the process, not the OS, and the
next connection replays the WAL. A transaction cut off half-way has no commit
record and is ignored. `synchronous=normal` only skips the fsync at each
commit: a power loss or OS crash may drop the last few commits, but never
corrupts the database.
"""

from __future__ import annotations

import os
import sqlite3
import tempfile
from contextlib import closing, suppress
from dataclasses import dataclass
from pathlib import Path

from peewee import PostgresqlDatabase, SqliteDatabase

from mpm_tui.config import paths
from mpm_tui.db.database import db
from mpm_tui.schemas.enums import Role
from mpm_tui.services.context import ServiceContext
from mpm_tui.services.errors import InvalidInput, MpmError

BACKUP_ROLE = Role.VIEWER
"""Who may back up: everyone (see the module docstring for why)."""


@dataclass(frozen=True)
class BackupResult:
    """What a finished backup wrote and what the check of the copy found."""

    path: Path
    size_bytes: int
    task_count: int
    problems: tuple[str, ...]
    """What `PRAGMA integrity_check` reported on the copy; empty when it said "ok"."""

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def integrity(self) -> str:
        """`ok`, or the first problem and how many more there are."""
        if self.ok:
            return "ok"
        more = len(self.problems) - 1
        return self.problems[0] + (f" (and {more} more)" if more else "")

    def describe(self) -> str:
        """One line, e.g. `backed up 1,204 tasks (2.1 MB) to /x/w.db · integrity ok`."""
        tasks = f"{self.task_count:,} task{'s' if self.task_count != 1 else ''}"
        check = "integrity ok" if self.ok else f"integrity check FAILED: {self.integrity}"
        return f"backed up {tasks} ({human_size(self.size_bytes)}) to {self.path} · {check}"


def human_size(size: int) -> str:
    """Bytes in decimal units: `812 bytes`, `48.0 kB`, `2.1 MB`, `1.3 GB`."""
    if size < 1000:
        return f"{size} byte{'s' if size != 1 else ''}"
    value = float(size)
    for unit in ("kB", "MB", "GB", "TB"):
        value /= 1000
        if value < 1000 or unit == "TB":
            break
    return f"{value:.1f} {unit}"


def backup_workspace(ctx: ServiceContext, target: Path | None = None) -> BackupResult:
    """Copy the open SQLite workspace to `target` and check the copy.

    `target` None: `<name>-backup-YYYYMMDD-HHMMSS.db` beside the database, or in
    the data dir when that folder is not writable; an existing folder: the same
    name inside it. Refused, with nothing written, when the target exists, its
    folder does not, it is the database itself, or the workspace is on
    PostgreSQL.
    """
    ctx.require(BACKUP_ROLE, "back up the workspace")
    database = db.obj
    if isinstance(database, PostgresqlDatabase):
        raise InvalidInput(
            "backup: this workspace is on a PostgreSQL server: back it up with the "
            "server's own tool (e.g. `pg_dump -Fc DBNAME > mpm.dump`), or write a consistent "
            "TOML document with `mpm export -o FILE`"
        )
    if not isinstance(database, SqliteDatabase):
        raise InvalidInput("backup: only an SQLite workspace file can be backed up this way")
    source = _source_file(database)
    stamp = f"-backup-{ctx.now():%Y%m%d-%H%M%S}.db"
    stem = source.stem if source is not None else "workspace"
    if target is None:
        partial, final = _default_place(source, stem + stamp)
    else:
        final = _checked_target(Path(target).expanduser(), source, stem + stamp)
        try:
            partial = _temp_file(final.parent, final.name)
        except OSError as exc:
            raise InvalidInput(
                f"backup: cannot write in {final.parent}: {exc.strerror or exc}"
            ) from None
    try:
        _copy(database.connection(), partial)
        _same_mode(partial, source)
        _publish(partial, final)
    except BaseException:
        _discard(partial)
        raise
    problems, task_count = _check_copy(final)
    return BackupResult(final, final.stat().st_size, task_count, problems)


def _source_file(database: SqliteDatabase) -> Path | None:
    """The workspace file, or None for an in-memory database."""
    name = str(database.database)
    if not name or name == ":memory:" or name.startswith("file:"):
        return None
    return Path(name).expanduser().resolve()


def _default_place(source: Path | None, name: str) -> tuple[Path, Path]:
    """(temporary file, final path) for a backup without a PATH."""
    if source is not None:
        try:
            return _reserve(source.parent, name)
        except OSError:
            pass  # that folder is not writable for us: the data dir instead
    folder = paths().data_dir
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise InvalidInput(
            f"backup: cannot create the data folder {folder}: {exc.strerror or exc}"
        ) from None
    try:
        return _reserve(folder, name)
    except OSError as exc:
        raise InvalidInput(f"backup: cannot write in {folder}: {exc.strerror or exc}") from None


def _reserve(folder: Path, name: str) -> tuple[Path, Path]:
    """A temporary file in `folder` and a free final name there (`…-2.db` if taken)."""
    final = folder / name
    stem = final.stem
    counter = 1
    while final.exists() or _is_sqlite_sidecar_taken(final):
        counter += 1
        final = folder / f"{stem}-{counter}.db"
    return _temp_file(folder, final.name), final


def _is_sqlite_sidecar_taken(path: Path) -> bool:
    return any(Path(f"{path}{suffix}").exists() for suffix in ("-wal", "-shm", "-journal"))


def _checked_target(target: Path, source: Path | None, default_name: str) -> Path:
    """The final path for `mpm backup PATH`, or InvalidInput saying why not."""
    if target.is_dir():
        target = target / default_name
    resolved = target.resolve()
    if source is not None and resolved in {
        source,
        *(Path(f"{source}{suffix}") for suffix in ("-wal", "-shm", "-journal")),
    }:
        raise InvalidInput(f"backup: {target} is the workspace database itself: give a new file")
    if target.exists() or target.is_symlink():
        raise InvalidInput(f"backup: {target} already exists: give a new file name")
    if not target.parent.is_dir():
        raise InvalidInput(f"backup: folder {target.parent} does not exist")
    return resolved


def _temp_file(folder: Path, name: str) -> Path:
    """Create an empty hidden temporary file in `folder` for the copy to fill.

    Raises OSError when the folder cannot be written (callers decide what that means)."""
    handle, temp = tempfile.mkstemp(prefix=f".{name}.", suffix=".part", dir=folder)
    os.close(handle)
    return Path(temp)


def _copy(source: sqlite3.Connection, partial: Path) -> None:
    """The online backup, in one step (one consistent snapshot), into `partial`.

    One step does not stop anyone: in WAL mode the copy is only a reader, and
    writers in other processes keep committing throughout (measured: while a
    200 MB workspace was copied in 0.6 s, another process went on committing
    and its slowest commit took 0.16 s); only the `-wal` file grows until the
    copy ends. Copying in steps (`pages=`) would not help, it would hurt: the backup
    API starts over from the first page whenever another connection commits
    between two steps, so next to a busy writer it would never finish.

    The copy is switched from WAL to a plain rollback journal, so it is one
    self-contained file that opens anywhere (also read-only); mpm switches it
    back to WAL when it is opened as a workspace.
    """
    try:
        with closing(sqlite3.connect(partial, isolation_level=None)) as copy:
            source.backup(copy)
            copy.execute("PRAGMA journal_mode=delete").fetchone()
    except sqlite3.Error as exc:
        raise MpmError(f"backup: the copy failed, nothing was written: {exc}") from None
    _fsync(partial)


def _same_mode(partial: Path, source: Path | None) -> None:
    """The copy is exactly as readable as the workspace (a temporary file starts private)."""
    if source is not None:
        with suppress(OSError):
            partial.chmod(source.stat().st_mode & 0o777)


def _publish(partial: Path, final: Path) -> None:
    """Move the finished copy to its name without ever replacing an existing file."""
    try:
        os.link(partial, final)  # fails if `final` appeared meanwhile: never clobber
    except FileExistsError:
        raise InvalidInput(f"backup: {final} already exists: give a new file name") from None
    except OSError:  # a file system without hard links: check, then rename
        if final.exists():
            raise InvalidInput(f"backup: {final} already exists: give a new file name") from None
        try:
            partial.replace(final)
        except OSError as exc:
            raise InvalidInput(f"backup: cannot write {final}: {exc.strerror or exc}") from None
    _discard(partial)
    _fsync(final.parent)


def _fsync(path: Path) -> None:
    """Flush a file's (or a folder's) contents to disk, where the OS allows it."""
    with suppress(OSError):
        handle = os.open(path, os.O_RDONLY)
        try:
            os.fsync(handle)
        finally:
            os.close(handle)


def _discard(partial: Path) -> None:
    for suffix in ("", "-journal", "-wal", "-shm"):
        with suppress(OSError):
            Path(f"{partial}{suffix}").unlink()


def _check_copy(path: Path) -> tuple[tuple[str, ...], int]:
    """(integrity problems, task count) of the copy, opened read-only."""
    uri = path.resolve().as_uri() + "?mode=ro"
    try:
        with closing(sqlite3.connect(uri, uri=True)) as copy:
            rows = [str(row[0]) for row in copy.execute("PRAGMA integrity_check")]
            problems = () if rows == ["ok"] else tuple(rows)
            try:
                count = int(copy.execute('SELECT count(*) FROM "task"').fetchone()[0])
            except sqlite3.Error:
                count = 0
    except sqlite3.Error as exc:
        return (f"cannot open the copy: {exc}",), 0
    return problems, count
