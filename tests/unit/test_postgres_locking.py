"""WIP limits hold on PostgreSQL when two writers check-and-act at the same moment.

PostgreSQL does not serialise writers the way SQLite's BEGIN IMMEDIATE does: two
transactions could both count a column at 1 of 2 and both move a card in. The
tasks service takes a lock on the board before it counts; these tests prove it
matters. A first writer acts inside a transaction held open in one thread; a
second writer, in another thread (its own connection), tries to use the room the
first has just taken. It must wait for the first to commit (seen in
pg_stat_activity as a lock wait, not guessed from a sleep) and then be refused.

(tests/unit/test_stress.py runs eight processes against one database as well.)
"""

from __future__ import annotations

import threading
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from peewee import OperationalError

from mpm_tui.db.database import db, retry_on_conflict
from mpm_tui.db.models import BoardColumn, Task
from mpm_tui.services import boards, members, tasks
from mpm_tui.services.context import ServiceContext
from mpm_tui.services.errors import PersonLimitReached, WipLimitReached
from mpm_tui.services.lookups import member_named

pytestmark = [
    pytest.mark.parametrize("backend", ["postgres"], indirect=True),
    pytest.mark.usefixtures("db_path"),
]

DEADLINE = 30.0
"""Seconds to wait for a thread that should be long done: only a hang hits it."""


@dataclass
class Outcome:
    second: Any
    """What the second writer returned or raised."""
    waited_for_lock: bool
    """Whether the second writer was seen blocked on a lock while the first held it."""


def _lock_waiters() -> int:
    return int(
        db.execute_sql(
            "SELECT COUNT(*) FROM pg_stat_activity "
            "WHERE datname = current_database() AND wait_event_type = 'Lock'"
        ).fetchone()[0]
    )


def race(first: Callable[[], object], second: Callable[[], object]) -> Outcome:
    """`first` runs and stays uncommitted while `second` runs; then `first` commits."""
    holding, release = threading.Event(), threading.Event()
    results: dict[str, Any] = {}

    def hold() -> None:
        try:
            with db.atomic():
                results["first"] = first()
                holding.set()
                release.wait(DEADLINE)
        except BaseException as exc:
            results["first"] = exc
            holding.set()
        finally:
            db.close()

    def run_second() -> None:
        try:
            results["second"] = second()
        except BaseException as exc:
            results["second"] = exc
        finally:
            db.close()

    holder = threading.Thread(target=hold)
    holder.start()
    assert holding.wait(DEADLINE)
    assert not isinstance(results["first"], BaseException), results["first"]
    contender = threading.Thread(target=run_second)
    contender.start()
    waited = False
    deadline = time.monotonic() + DEADLINE
    while contender.is_alive() and not waited and time.monotonic() < deadline:
        waited = _lock_waiters() > 0
        if not waited:
            time.sleep(0.01)  # polling for a state, not asserting on time
    release.set()
    holder.join(DEADLINE)
    contender.join(DEADLINE)
    assert not holder.is_alive() and not contender.is_alive()
    return Outcome(results["second"], waited)


def open_cards(column_id: int) -> int:
    return Task.select().where((Task.column == column_id) & Task.cancelled_at.is_null()).count()


@pytest.fixture
def board(admin: ServiceContext) -> dict[str, int]:
    """To Do with cards a, b, c; Doing (WIP 2, 1 per person) holding one card of Ben's."""
    members.create_member(admin, {"name": "Ann Lee", "handle": "ann"})
    members.create_member(admin, {"name": "Ben Ito", "handle": "ben"})
    boards.create_board(
        admin,
        {
            "name": "Main",
            "columns": [
                {"name": "To Do"},
                {"name": "Doing", "wip_limit": 2, "person_limit": 1},
                {"name": "Done", "is_done": True},
            ],
        },
    )
    ids = {}
    for title, column, owner in [
        ("held", "Doing", "Ben Ito"),
        ("a", "To Do", None),
        ("b", "To Do", None),
        ("c", "To Do", "Ben Ito"),
    ]:
        spec = {"title": title, "board": "Main", "column": column, "owner": owner}
        ids[title] = tasks.create_task(admin, spec).id
    ids |= {c.name: c.id for c in BoardColumn.select()}
    return ids


def test_a_move_waits_for_the_move_that_filled_the_column(
    board: dict[str, int], admin: ServiceContext
) -> None:
    outcome = race(
        lambda: tasks.move_task(admin, board["a"], board["Doing"]),
        lambda: tasks.move_task(admin, board["b"], board["Doing"]),
    )
    assert outcome.waited_for_lock
    assert isinstance(outcome.second, WipLimitReached), outcome.second
    assert str(outcome.second) == (
        "'Doing' on board 'Main' is at its WIP limit (2/2): finish or move a card out first"
    )
    assert open_cards(board["Doing"]) == 2


def test_a_create_waits_for_the_move_that_filled_the_column(
    board: dict[str, int], admin: ServiceContext
) -> None:
    outcome = race(
        lambda: tasks.move_task(admin, board["a"], board["Doing"]),
        lambda: tasks.create_task(admin, {"title": "new", "board": "Main", "column": "Doing"}),
    )
    assert outcome.waited_for_lock
    assert isinstance(outcome.second, WipLimitReached), outcome.second
    assert open_cards(board["Doing"]) == 2
    assert not Task.select().where(Task.title == "new").exists()


def test_a_move_waits_for_the_create_that_filled_the_column(
    board: dict[str, int], admin: ServiceContext
) -> None:
    outcome = race(
        lambda: tasks.create_task(admin, {"title": "new", "board": "Main", "column": "Doing"}),
        lambda: tasks.move_task(admin, board["a"], board["Doing"]),
    )
    assert outcome.waited_for_lock
    assert isinstance(outcome.second, WipLimitReached), outcome.second
    assert open_cards(board["Doing"]) == 2


def test_the_per_person_limit_holds_against_a_concurrent_reassignment(
    board: dict[str, int], admin: ServiceContext
) -> None:
    """Doing holds two cards of nobody's; Ben may hold one there. Two writers hand him
    one each at the same moment: only the first gets its way."""
    tasks.move_task(admin, board["a"], board["Doing"])  # Doing: held (Ben), a (nobody)
    tasks.update_task(admin, board["held"], {"owner": None})
    outcome = race(
        lambda: tasks.update_task(admin, board["a"], {"owner": "Ben Ito"}),
        lambda: tasks.update_task(admin, board["held"], {"owner": "Ben Ito"}),
    )
    assert outcome.waited_for_lock
    assert isinstance(outcome.second, PersonLimitReached), outcome.second
    owners = [t.owner_id for t in Task.select(Task.owner).where(Task.column == board["Doing"])]
    assert owners.count(member_named("Ben Ito").id) == 1


@pytest.mark.parametrize("retried", [True, False], ids=["retried", "not retried"])
def test_a_deadlock_victim_runs_again(board: dict[str, int], retried: bool) -> None:
    """Two transactions lock two columns in opposite orders: PostgreSQL aborts one
    (deadlock_detected); `retry_on_conflict` runs it again, and then both succeed."""
    attempts: Counter[str] = Counter()
    both_hold_one = threading.Barrier(2)

    def lock_both(name: str, first: int, second: int) -> int:
        attempts[name] += 1
        if attempts[name] > 1:  # a retry locks in id order, so it cannot deadlock again
            first, second = sorted((first, second))
        with db.atomic():
            lock = "SELECT id FROM board_column WHERE id = %s FOR UPDATE"
            db.execute_sql(lock, (first,))
            if attempts[name] == 1:
                both_hold_one.wait(DEADLINE)
            db.execute_sql(lock, (second,))
        return attempts[name]

    service = retry_on_conflict(lock_both) if retried else lock_both
    results: dict[str, object] = {}

    def run(name: str, first: int, second: int) -> None:
        try:
            results[name] = service(name, first, second)
        except BaseException as exc:
            results[name] = exc
        finally:
            db.close()

    threads = [
        threading.Thread(target=run, args=("a", board["To Do"], board["Doing"])),
        threading.Thread(target=run, args=("b", board["Doing"], board["To Do"])),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(DEADLINE)
    failed = [r for r in results.values() if isinstance(r, BaseException)]
    if retried:
        # Both went through, the victim (or, rarely, both) on a second attempt.
        assert (failed, sorted(results)) == ([], ["a", "b"])
        assert sum(attempts.values()) >= 3
    else:
        assert failed
        assert all(isinstance(e, OperationalError) for e in failed)
        assert all("deadlock detected" in str(e) for e in failed)


def test_only_the_outermost_transaction_is_retried(board: dict[str, int]) -> None:
    """Inside another transaction a deadlock aborts the outer one too: no retry."""
    calls: list[int] = []

    @retry_on_conflict
    def victim() -> None:
        calls.append(1)
        raise OperationalError(_FakeDriverError("40P01"))

    with pytest.raises(OperationalError), db.atomic():
        victim()
    assert calls == [1]
    with pytest.raises(OperationalError):
        victim()
    assert len(calls) == 1 + 3


class _FakeDriverError(Exception):
    def __init__(self, pgcode: str) -> None:
        super().__init__(pgcode)
        self.pgcode = pgcode
