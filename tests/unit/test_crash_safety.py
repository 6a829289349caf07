"""Nothing acknowledged is lost when a writer dies, and a backup taken mid-write is whole.

A writer process (tests/crash_writer.py) writes through the services and
prints an acknowledgement after each call returns; the test kills it with
SIGKILL twenty times on one file, at seeded random points of three kinds: just
after it announced a write (inside the transaction), just after an
acknowledgement (a write acknowledged before its commit would be lost here),
or after a random delay (start-up included). The file must then pass
`integrity_check` and hold every acknowledged write. This holds with the
pragmas of `db.database` (WAL, synchronous=normal): a commit has reached the
WAL in the OS's file cache before the call returns, and SIGKILL ends the
process, not the OS (see `services/backup.py`)."""

from __future__ import annotations

import os
import random
import sqlite3
import subprocess
import sys
import time
from contextlib import closing
from pathlib import Path

import pytest

from mpm_tui.cli import main
from mpm_tui.db.database import close_database, open_database
from mpm_tui.schemas.enums import Role
from mpm_tui.services import boards, tasks
from mpm_tui.services.context import Actor, ServiceContext
from tests.conftest import frozen_clock
from tests.crash_writer import BOARD, COLUMNS, REPO_ROOT, Ledger, TaskState, WriterServer

SEED = 20261123
KILLS = 20
CHECK_EVERY = 5
"""Read the file back after every fifth kill; the other kills' WAL is recovered by
the next writer itself, as it would be after a real crash."""


def make_workspace(path: Path) -> None:
    open_database(path)
    try:
        ctx = ServiceContext(Actor("Test Admin", Role.ADMIN), frozen_clock)
        columns = [{"name": name, "is_done": name == "Done"} for name in COLUMNS]
        boards.create_board(ctx, {"name": BOARD, "columns": columns})
    finally:
        close_database()


def read_back(path: Path, *, read_only: bool = False) -> tuple[list[str], dict[int, TaskState]]:
    """(integrity_check rows, every task's state) straight from the file.

    Also proves each write was one transaction: a task's version counts its
    writes and the audit log holds exactly one entry per write, so a torn
    write would show as a mismatch (reported as a problem row)."""
    target = path.resolve().as_uri() + "?mode=ro" if read_only else str(path)
    with closing(sqlite3.connect(target, uri=read_only)) as raw:
        check = [row[0] for row in raw.execute("PRAGMA integrity_check")]
        states = {
            task_id: TaskState(version, title, column)
            for task_id, version, title, column in raw.execute(
                'SELECT id, version, title, column_id FROM "task"'
            )
        }
        logged = dict(
            raw.execute(
                "SELECT entity_id, count(*) FROM activity WHERE entity = 'task' GROUP BY entity_id"
            ).fetchall()
        )
    torn = [
        f"task {task_id}: version {state.version} but {logged.get(task_id, 0)} log entries"
        for task_id, state in states.items()
        if logged.get(task_id, 0) != state.version
    ]
    return check + torn, states


def lost_writes(ledger: Ledger, states: dict[int, TaskState]) -> list[str]:
    """Every acknowledged write that the database does not hold, as readable lines."""
    lost = [
        f"task {task_id}: acknowledged {ledger.acked[task_id]}, found {states.get(task_id)}"
        for task_id in ledger.acked
        if states.get(task_id) not in ledger.allowed(task_id)
    ]
    unannounced = states.keys() - ledger.acked.keys()
    if len(unannounced) > ledger.unacked_creates:
        lost.append(f"tasks nobody created: {sorted(unannounced)}")
    return lost


def test_each_line_of_the_writer_is_one_write_so_a_kill_never_tears_it() -> None:
    """Under PYTHONUNBUFFERED=1 `print()` wrote a line's text and its newline
    separately: a SIGKILL in between left half a line, the server's `exited`
    line was glued to it and `kill()` timed out (both tests here were flaky)."""
    script = (
        "import os, sys\n"
        "from tests import crash_writer\n"
        "writes = []\n"
        "real = os.write\n"
        "os.write = lambda fd, data: writes.append(bytes(data)) or real(fd, data)\n"
        "crash_writer._emit('ack', id=1, title='t')\n"
        "crash_writer._say('exited 12 -9')\n"
        "sys.stderr.write(repr(writes))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script],
        cwd=REPO_ROOT,
        env=os.environ | {"PYTHONUNBUFFERED": "1"},
        capture_output=True,
        check=True,
        timeout=30,
    )
    assert done.stdout == b'ack {"id": 1, "title": "t"}\nexited 12 -9\n'
    assert done.stderr.decode() == repr([b'ack {"id": 1, "title": "t"}\n', b"exited 12 -9\n"])


def test_sigkill_at_random_points_loses_no_acknowledged_write(tmp_path: Path) -> None:
    path = tmp_path / "workspace.db"
    make_workspace(path)
    rng = random.Random(SEED)
    ledger = Ledger()
    mid_write = 0
    server = WriterServer(path)
    try:
        for run in range(KILLS):
            pid = server.start(SEED + run)
            seen: list[str] = []
            point = rng.random()
            if point < 0.5:
                # Just after the writer announced its k-th write: inside the transaction.
                seen += server.lines_until("intent", rng.randint(1, 25))
            elif point < 0.85:
                # Just after its k-th acknowledgement: was the write really committed?
                seen += server.lines_until("ack", rng.randint(1, 25))
            else:
                # Anywhere at all: opening the file, reading, writing, printing.
                time.sleep(rng.uniform(0, 0.2))
            mid_write += ledger.take(seen + server.kill(pid))
            if run % CHECK_EVERY == CHECK_EVERY - 1:
                problems, states = read_back(path)
                assert problems == ["ok"], f"after kill {run + 1}"
                assert lost_writes(ledger, states) == [], f"after kill {run + 1}"
    finally:
        server.close()

    assert ledger.acks >= 100, "the writers barely wrote: the test would prove nothing"
    assert mid_write >= 4, "too few kills landed inside a write to prove anything"
    problems, states = read_back(path)
    assert problems == ["ok"]
    assert lost_writes(ledger, states) == []
    open_database(path)  # and mpm opens it as usual, seeing what was read back
    try:
        by_mpm = {view.id: (view.version, view.title) for view in tasks.list_tasks()}
    finally:
        close_database()
    assert by_mpm == {task_id: (s.version, s.title) for task_id, s in states.items()}


def test_backup_taken_while_a_writer_writes_is_whole_and_opens(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "workspace.db"
    copy = tmp_path / "copy.db"
    make_workspace(path)
    server = WriterServer(path)
    try:
        pid = server.start(SEED)
        before = list(server.lines_until("ack", 40))  # acknowledged before the backup began
        code = main(["--db", str(path), "backup", str(copy)])
        after = list(server.lines_until("ack", 10))  # and the writer was never stopped
        server.kill(pid)
    finally:
        server.close()

    out = capsys.readouterr().out.strip()
    assert code == 0
    assert out.startswith("backed up ") and out.endswith(f"to {copy} · integrity ok"), out
    ledger = Ledger()
    ledger.take(before)
    problems, states = read_back(copy, read_only=True)
    assert problems == ["ok"]
    missing = [
        task_id
        for task_id, acked in ledger.acked.items()
        if task_id not in states or states[task_id].version < acked.version
    ]
    assert missing == []
    assert f"backed up {len(states):,} tasks" in out
    assert len(after) >= 10
    open_database(copy)  # the copy is a workspace mpm opens
    try:
        assert {view.id for view in tasks.list_tasks()} == set(states)
    finally:
        close_database()
