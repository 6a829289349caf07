"""Eight processes write to one workspace at once: no limit exceeded, no update lost.

Eight worker processes (tests/stress_worker.py), each acting as its own editor,
make 200 random moves, reorders and edits each on one board with small WIP
limits, every write carrying the version it read. Afterwards:

1. the file passes `integrity_check` (SQLite);
2. replaying the audit log (creates and moves, in id order) from the empty
   board, no column ever held more cards than its WIP limit, nor one owner
   more than its per-person limit, each move left the slot it was logged at,
   and the replayed board is the database's board;
3. every acknowledged write is in the database: its audit entry exists with
   that member as the actor and the values written; per task the acknowledged
   versions are distinct and contiguous (two processes both "winning" the same
   version would be a lost update); each field holds the last value written;
4. every worker exited 0 with all its operations done: "database is locked"
   never escaped (busy waits and stale retries did their job).

The backend is a parameter: a file on SQLite, and a database of its own on
the session's throwaway PostgreSQL server (`pg_fresh_url` in tests/conftest.py;
skipped, saying why, where no server can run, failed instead in CI).

The checks themselves (the replay and the acknowledgements) live in
tests/stress_worker.py; the last tests here prove they report what they must.
"""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import closing, suppress
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from mpm_tui.db.database import close_database, open_database
from mpm_tui.db.models import Activity, BoardColumn, Task
from mpm_tui.schemas.enums import Role
from mpm_tui.services import boards, members, tasks
from mpm_tui.services.context import Actor, ServiceContext
from tests.conftest import frozen_clock
from tests.stress_worker import (
    BOARD,
    COLUMNS,
    Ack,
    Column,
    Entry,
    check_acks,
    listed,
    read_acks,
    replay,
)

REPO_ROOT = Path(__file__).resolve().parents[2]
WORKERS = 8
OPS = 200
TASKS = 40
SEED = 20261123
START_TIMEOUT = 60.0
"""Seconds for all workers to import mpm and open the database (8 at once on 2 cores)."""
RUN_TIMEOUT = 240.0
"""Seconds for all the operations once started: about 10 here, so only a hang hits it."""
MEMBERS = [f"Editor {n}" for n in range(1, WORKERS + 1)]
START = {"Ready": 5, "Doing": 3, "Check": 4, "Done": 6}
"""Cards per column at the start (the rest in Backlog): the WIP-limited columns full,
three of the eight editors already holding their one card in Doing."""


@pytest.fixture(params=["sqlite", "postgres"])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """Where the workspace lives: a file, or a PostgreSQL database of this test's own
    (tests/conftest.py's `pg_fresh_url`, which skips when no server can run here)."""
    if request.param == "sqlite":
        return str(tmp_path / "stress.db")
    try:
        return str(request.getfixturevalue("pg_fresh_url"))
    except pytest.FixtureLookupError:
        pytest.skip("no pg_fresh_url fixture in tests/conftest.py: PostgreSQL not set up")


# --- the run ----------------------------------------------------------------------


def make_workspace(url: str) -> None:
    """The board, its editors and TASKS cards, limited columns full, owners spread."""
    open_database(url)
    try:
        ctx = ServiceContext(Actor("Test Admin", Role.ADMIN), frozen_clock)
        boards.create_board(ctx, {"name": BOARD, "columns": list(COLUMNS)})
        for name in MEMBERS:
            members.create_member(ctx, {"name": name, "role": "editor"})
        places = [name for name, count in START.items() for _ in range(count)]
        places += ["Backlog"] * (TASKS - len(places))
        for n, column in enumerate(places):
            tasks.create_task(
                ctx,
                {
                    "title": f"card {n}",
                    "board": BOARD,
                    "column": column,
                    "owner": MEMBERS[n % WORKERS],
                    "estimate_days": 1.0,
                },
            )
    finally:
        close_database()


@dataclass
class Worker:
    member: str
    process: subprocess.Popen[bytes]
    out: Path
    err: Path

    def lines(self) -> list[str]:
        return self.out.read_text().splitlines()

    def report(self) -> str:
        """What the worker said, for a failure message: how far it got, its last line
        and the end of its stderr."""
        lines = self.lines()
        acks = sum(line.startswith("ack ") for line in lines)
        err = self.err.read_text().strip().splitlines()[-15:]
        return "\n".join(
            [
                f"{self.member} (exit code {self.process.returncode}, {acks} writes "
                f"acknowledged), last said: {lines[-1] if lines else '(nothing)'}",
                *err,
            ]
        )


def start_workers(url: str, folder: Path) -> list[Worker]:
    workers = []
    for n, member in enumerate(MEMBERS):
        out, err = folder / f"worker{n}.out", folder / f"worker{n}.err"
        with out.open("wb") as stdout, err.open("wb") as stderr:
            process = subprocess.Popen(
                [sys.executable, "-m", "tests.stress_worker", url, member, str(SEED + n), str(OPS)],
                stdin=subprocess.PIPE,
                stdout=stdout,
                stderr=stderr,
                cwd=REPO_ROOT,
                start_new_session=True,  # its own process group, killed as one on failure
            )
        workers.append(Worker(member, process, out, err))
    return workers


def wait_for(workers: list[Worker], done: Any, timeout: float, what: str) -> None:
    """Poll until `done(worker)` holds for all; on timeout fail naming the laggards."""
    deadline = time.monotonic() + timeout
    while not all(done(w) for w in workers):
        failed = [w for w in workers if w.process.poll() not in (None, 0)]
        if failed:
            pytest.fail(f"a worker failed while {what}:\n" + "\n".join(w.report() for w in failed))
        if time.monotonic() > deadline:
            late = [w for w in workers if not done(w)]
            stop(workers)
            pytest.fail(
                f"{len(late)} of {WORKERS} workers still {what} after {timeout:.0f} s "
                f"(killed; a deadlock or a hang?):\n" + "\n".join(w.report() for w in late)
            )
        time.sleep(0.05)


def stop(workers: list[Worker]) -> None:
    for worker in workers:
        if worker.process.poll() is None:
            with suppress(ProcessLookupError):
                os.killpg(worker.process.pid, signal.SIGKILL)
        worker.process.wait(timeout=10)


@pytest.fixture
def run_workers(tmp_path: Path) -> Iterator[Any]:
    """Start the workers together and wait for them; they are killed whatever happens."""
    started: list[Worker] = []

    def run(url: str) -> list[Worker]:
        started.extend(start_workers(url, tmp_path))
        wait_for(started, lambda w: "ready" in w.lines(), START_TIMEOUT, "starting")
        for worker in started:  # all at once: every worker is waiting on its stdin
            assert worker.process.stdin is not None
            worker.process.stdin.write(b"go\n")
            worker.process.stdin.close()
        wait_for(started, lambda w: w.process.poll() is not None, RUN_TIMEOUT, "writing")
        return started

    yield run
    stop(started)


# --- reading it back --------------------------------------------------------------


def read_entries() -> list[Entry]:
    rows = (
        Activity.select()
        .where((Activity.entity == "task") & Activity.entity_id.is_null(False))
        .order_by(Activity.id)
    )
    return [
        Entry(
            r.id,
            r.entity_id,
            r.actor_name,
            r.action,
            json.loads(r.before or "{}"),
            json.loads(r.after or "{}"),
        )
        for r in rows
    ]


def integrity(url: str) -> list[str]:
    if "://" in url and not url.startswith("sqlite:///"):
        return ["ok"]  # PostgreSQL checks its own pages; nothing like integrity_check to ask
    with closing(sqlite3.connect(url.removeprefix("sqlite:///"))) as raw:
        return [row[0] for row in raw.execute("PRAGMA integrity_check")]


# --- the test -----------------------------------------------------------------------


def test_eight_processes_lose_no_update_and_never_exceed_a_limit(
    database_url: str, run_workers: Any
) -> None:
    make_workspace(database_url)
    workers = run_workers(database_url)

    # (4) every worker finished all its operations, with no error.
    failed = [w.report() for w in workers if w.process.returncode != 0]
    assert failed == [], "workers failed:\n" + "\n".join(failed)
    acks, done = read_acks({w.member: w.lines() for w in workers})
    assert {m: (d["ops"], d["gave_up"]) for m, d in done.items()} == {m: (OPS, 0) for m in MEMBERS}

    # (1) the file is whole.
    assert integrity(database_url) == ["ok"]

    open_database(database_url)
    try:
        columns = [
            Column(c.id, c.name, c.wip_limit, c.person_limit)
            for c in BoardColumn.select().order_by(BoardColumn.position)
        ]
        entries = read_entries()
        final = {
            row["id"]: row
            for row in Task.select(
                Task.id,
                Task.version,
                Task.title,
                Task.estimate_days,
                Task.due,
                Task.column.alias("column"),
            ).dicts()
        }
        order = {
            c.id: [
                t
                for (t,) in Task.select(Task.id)
                .where(Task.column == c.id)
                .order_by(Task.position, Task.id)
                .tuples()
            ]
            for c in columns
        }
    finally:
        close_database()
    for row in final.values():
        row["due"] = row["due"].isoformat() if row["due"] else None

    # (2) no column ever over its limits; the log replays to the board as it is.
    problems, replayed = replay(entries, columns)
    assert problems == [], listed(problems)
    assert replayed == order
    assert sum(e.action == "move" for e in entries) == sum(a.kind != "edit" for a in acks)

    # (3) every acknowledged write present, no version won twice, last values kept.
    names = {c.id: c.name for c in columns}
    problems = check_acks(acks, entries, final, names)
    assert problems == [], listed(problems)

    # And the run exercised what it checks: stale writes retried, moves refused by
    # both limits (every limited column starts full), all three kinds of write made.
    refused = Counter[str]()
    for report in done.values():
        refused.update(report["refused"])
    assert refused["stale"] > 0 and refused["wip"] > 0 and refused["person"] > 0, refused
    assert Counter(a.kind for a in acks).keys() == {"move", "reorder", "edit"}


# --- the checks can fail ------------------------------------------------------------

LIMITED = [Column(1, "Doing", 1, None), Column(2, "Todo", None, None), Column(3, "Mine", None, 1)]


def entry(n: int, task: int, action: str, before: dict, after: dict, actor: str = "A") -> Entry:
    return Entry(n, task, actor, action, before, after)


def test_replay_reports_a_column_over_its_limit_and_a_move_from_the_wrong_slot() -> None:
    log = [
        entry(1, 10, "create", {}, {"column_id": 1, "position": 0, "owner_id": 7}),
        entry(2, 11, "create", {}, {"column_id": 2, "position": 0, "owner_id": 7}),
        entry(3, 12, "create", {}, {"column_id": 2, "position": 1, "owner_id": 8}),
        entry(4, 12, "move", {"column": "Todo", "position": 0}, {"column": "Doing", "position": 0}),
        entry(5, 10, "move", {"column": "Doing", "position": 1}, {"column": "Mine", "position": 0}),
        entry(6, 11, "move", {"column": "Todo", "position": 0}, {"column": "Mine", "position": 1}),
    ]
    problems, board = replay(log, LIMITED)
    assert problems == [
        "entry 4: task 12 logged leaving slot 0 of Todo, replayed at slot 1 of Todo",
        "entry 4: Doing holds 2 cards (WIP limit 1)",
        "entry 6: member #7 holds 2 cards in Mine (per-person limit 1)",
    ]
    assert board == {1: [12], 2: [], 3: [10, 11]}
    assert replay(log[:3], LIMITED) == ([], {1: [10], 2: [11, 12], 3: []})


def test_check_acks_reports_a_lost_update_and_a_missing_write() -> None:
    log = [
        entry(1, 5, "create", {}, {"column_id": 2, "position": 0}, actor="Admin"),
        entry(2, 5, "update", {"title": "a"}, {"title": "b"}, actor="Ann"),
        entry(3, 5, "move", {"column": "Todo", "position": 0}, {"column": "Doing", "position": 0}),
    ]
    final = {5: {"version": 3, "title": "b", "column": 1}}
    names = {c.id: c.name for c in LIMITED}
    edit = Ack("Ann", 5, "edit", 2, {"title": "b"})
    move = Ack("A", 5, "move", 3, {"column": 1, "position": 0})
    assert check_acks([edit, move], log, final, names) == []
    lost = Ack("Bob", 5, "edit", 2, {"title": "c"})  # Bob was told he wrote version 2 too
    assert check_acks([edit, lost, move], log, final, names) == [
        "task 5: version 2 acknowledged to ['Ann', 'Bob']",
        f"acknowledged {lost}, logged {log[1]}",
        "task 5: last written {'title': 'c', 'column': 1}, found {'title': 'b', 'column': 1}",
    ]
    assert check_acks([edit], log, final, names) == ["task 5: at version 3, acknowledged [2]"]
