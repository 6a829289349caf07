"""One of the concurrent writers of the stress test (tests/unit/test_stress.py).

`python -m tests.stress_worker DB MEMBER SEED OPS` opens the workspace at DB
(a file path or a database URL), acts as the member MEMBER (an editor), reads
the board, prints `ready` and waits for a `go` line on stdin, so that every
worker starts writing at the same moment. It then makes OPS random operations
with a seeded RNG, through the services as the TUI and the CLI do:

- a move of a card to another column (the WIP-limited columns start full, so
  many are refused) or a reorder within its column, at a random slot;
- an edit of the title, estimate or due date.

Every write sends the version it read (`expected_version`). Half the time that
read is this worker's cached copy of the card, as a screen holds what it last
showed, so it is often stale: a refused stale write (VersionConflict) is
retried after a fresh read, as the board does after "reloaded, try again". A
refusal by a limit is counted and not retried. Anything else (a "database is
locked" included) ends the worker with a traceback and exit code 1.

Output, one line each, written in one write(2): `ready`, then `ack {json}` per
acknowledged write (after the service call returned, i.e. committed): the
task, the kind of operation, the version it made (the version read + 1: the
service accepted it only at that version) and the values written; finally
`done {json}` with the operations made and the refusals by kind.

The second half of the module is the test's side: pure checks over those lines
and the audit log (`replay`, `check_acks`), as tests/crash_writer.py keeps its
`Ledger` beside its writer.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import random
import sys
from collections import Counter, defaultdict
from dataclasses import dataclass
from typing import Any

BOARD = "Stress"
COLUMNS: tuple[dict[str, Any], ...] = (
    {"name": "Backlog"},
    {"name": "Ready", "wip_limit": 5},
    {"name": "Doing", "person_limit": 1},
    {"name": "Check", "wip_limit": 4},
    {"name": "Done", "is_done": True},
)
"""The stress board: small WIP limits and a per-person one, so moves are often refused."""
FIELDS = ("title", "estimate_days", "due")
"""The fields the workers edit."""
ESTIMATES = (0.5, 1.0, 1.5, 2.0, 3.0)
FIRST_DUE = dt.date(2026, 12, 1)
STALE_READS = 0.5
"""How often an operation starts from the worker's cached copy of the card."""
MAX_ATTEMPTS = 50
"""Stale retries of one operation before the worker gives up on it (it never should)."""


def say(line: str) -> None:
    """`line` and its newline in one write(2), so lines of a dying worker stay whole."""
    data = (line + "\n").encode()
    written = os.write(sys.stdout.fileno(), data)
    assert written == len(data)


def emit(tag: str, /, **values: Any) -> None:
    say(f"{tag} {json.dumps(values, sort_keys=True)}")


def run(url: str, member: str, seed: int, ops: int) -> None:
    from mpm_tui.db.database import open_database
    from mpm_tui.db.models import BoardColumn
    from mpm_tui.schemas.enums import Role
    from mpm_tui.schemas.views import TaskView
    from mpm_tui.services import tasks
    from mpm_tui.services.context import ServiceContext
    from mpm_tui.services.errors import PersonLimitReached, VersionConflict, WipLimitReached
    from mpm_tui.services.lookups import board_named
    from mpm_tui.services.members import resolve_actor

    open_database(url)
    actor = resolve_actor(member, os_user="")
    assert actor.member_id is not None and actor.role == Role.EDITOR, actor
    ctx = ServiceContext(actor)
    rng = random.Random(seed)
    board = board_named(BOARD)
    columns = [
        c.id
        for c in BoardColumn.select(BoardColumn.id)
        .where(BoardColumn.board == board.id)
        .order_by(BoardColumn.position)
    ]
    cache: dict[int, TaskView] = {view.id: view for view in tasks.list_tasks(board=BOARD)}
    ids = sorted(cache)
    refused = {"stale": 0, "wip": 0, "person": 0}
    acks = gave_up = 0
    say("ready")
    if sys.stdin.readline().strip() != "go":
        return  # the test gave up before the start

    def fresh(task_id: int) -> TaskView:
        cache[task_id] = tasks.get_task(task_id)
        return cache[task_id]

    for n in range(ops):
        task_id = rng.choice(ids)
        view = cache[task_id] if rng.random() < STALE_READS else fresh(task_id)
        roll = rng.random()
        kind = "move" if roll < 0.4 else "reorder" if roll < 0.55 else "edit"
        target = rng.choice([c for c in columns if c != view.column_id])
        position = rng.choice([None, 0, rng.randint(0, 6)])
        field = rng.choice(FIELDS)
        pick = rng.random()  # the value edited in: drawn once, so retries keep the stream
        for attempt in range(MAX_ATTEMPTS):
            values: dict[str, Any]
            try:
                if kind == "edit":
                    value = new_value(field, pick, view, f"{member} #{n}")
                    result = tasks.update_task(
                        ctx, task_id, {field: value}, expected_version=view.version
                    )
                    values = {field: value.isoformat() if field == "due" else value}
                else:
                    column = target if kind == "move" else view.column_id
                    result = tasks.move_task(
                        ctx, task_id, column, position, expected_version=view.version
                    )
                    values = {"column": column, "position": result.position}
            except VersionConflict:
                refused["stale"] += 1
                view = fresh(task_id)  # "reloaded, try again"
                continue
            except WipLimitReached:
                refused["wip"] += 1
            except PersonLimitReached:
                refused["person"] += 1
            else:
                version = view.version + 1
                if result.version < version:
                    raise AssertionError(f"task {task_id}: wrote v{version}, read back {result}")
                cache[task_id] = result
                acks += 1
                emit("ack", task=task_id, kind=kind, version=version, values=values, tries=attempt)
            break
        else:
            gave_up += 1
    emit("done", ops=ops, acks=acks, refused=refused, gave_up=gave_up)


def new_value(field: str, pick: float, view: Any, title: str) -> Any:
    """A value for `field` that differs from the card's (an equal one is no write);
    `pick` in [0, 1) chooses among the others."""
    if field == "title":
        return title
    if field == "estimate_days":
        choices: list[Any] = [e for e in ESTIMATES if e != view.estimate_days]
    else:
        days = (FIRST_DUE + dt.timedelta(days=d) for d in range(60))
        choices = [d for d in days if d != view.due]
    return choices[int(pick * len(choices))]


# --- the test's side ----------------------------------------------------------------
# Pure checks over what the workers printed and what the database holds afterwards.


@dataclass(frozen=True)
class Entry:
    """One audit log entry about a task."""

    id: int
    task: int
    actor: str
    action: str
    before: dict[str, Any]
    after: dict[str, Any]


@dataclass(frozen=True)
class Ack:
    """One acknowledged write, as a worker printed it."""

    member: str
    task: int
    kind: str
    version: int
    values: dict[str, Any]


@dataclass(frozen=True)
class Column:
    """A column of the board and its limits."""

    id: int
    name: str
    wip_limit: int | None
    person_limit: int | None


def read_acks(outputs: dict[str, list[str]]) -> tuple[list[Ack], dict[str, dict[str, Any]]]:
    """From each member's worker output: the acknowledged writes, and its `done` report."""
    acks: list[Ack] = []
    done: dict[str, dict[str, Any]] = {}
    for member, lines in outputs.items():
        for line in lines:
            tag, _, payload = line.partition(" ")
            if tag == "ack":
                record = json.loads(payload)
                acks.append(
                    Ack(member, record["task"], record["kind"], record["version"], record["values"])
                )
            elif tag == "done":
                done[member] = json.loads(payload)
    return acks, done


def replay(entries: list[Entry], columns: list[Column]) -> tuple[list[str], dict[int, list[int]]]:
    """Replay the creates and moves in log order: (problems, each column's cards in order).

    A problem is a column over its WIP limit or an owner over the per-person
    limit after some entry, or a move logged from a slot the card was not in."""
    by_id = {c.id: c for c in columns}
    by_name = {c.name: c.id for c in columns}
    board: dict[int, list[int]] = {c.id: [] for c in columns}
    owner: dict[int, int | None] = {}
    where: dict[int, int] = {}
    problems: list[str] = []
    for entry in entries:
        if entry.action == "create":
            target, slot = entry.after["column_id"], entry.after["position"]
            owner[entry.task] = entry.after["owner_id"]
        elif entry.action in {"move", "sign-off"}:
            source, slot = by_name[entry.before["column"]], entry.before["position"]
            cards = board[where[entry.task]]
            if cards[slot : slot + 1] != [entry.task] or where[entry.task] != source:
                problems.append(
                    f"entry {entry.id}: task {entry.task} logged leaving slot {slot} of "
                    f"{entry.before['column']}, replayed at slot {cards.index(entry.task)} "
                    f"of {by_id[where[entry.task]].name}"
                )
            cards.remove(entry.task)  # and counted on from where it really was
            target, slot = by_name[entry.after["column"]], entry.after["position"]
        else:
            continue
        if slot > len(board[target]):
            problems.append(f"entry {entry.id}: slot {slot} past the end of {by_id[target].name}")
        board[target].insert(slot, entry.task)
        where[entry.task] = target
        column = by_id[target]
        held = sum(owner[t] == owner[entry.task] for t in board[target])
        if column.wip_limit is not None and len(board[target]) > column.wip_limit:
            problems.append(
                f"entry {entry.id}: {column.name} holds {len(board[target])} cards "
                f"(WIP limit {column.wip_limit})"
            )
        if column.person_limit is not None and owner[entry.task] and held > column.person_limit:
            problems.append(
                f"entry {entry.id}: member #{owner[entry.task]} holds {held} cards in "
                f"{column.name} (per-person limit {column.person_limit})"
            )
    return problems, board


def check_acks(
    acks: list[Ack],
    entries: list[Entry],
    final: dict[int, dict[str, Any]],
    names: dict[int, str],
) -> list[str]:
    """Every acknowledged write present and none lost: see the module docstring, (3)."""
    problems: list[str] = []
    logged: dict[int, list[Entry]] = defaultdict(list)
    for entry in entries:
        logged[entry.task].append(entry)
    per_task: dict[int, list[Ack]] = defaultdict(list)
    for ack in acks:
        per_task[ack.task].append(ack)
    for task_id, row in final.items():
        if len(logged[task_id]) != row["version"]:
            problems.append(
                f"task {task_id}: version {row['version']} but {len(logged[task_id])} entries"
            )
        won = Counter(a.version for a in per_task[task_id])
        for version in sorted(v for v, n in won.items() if n > 1):
            by = [a.member for a in per_task[task_id] if a.version == version]
            problems.append(f"task {task_id}: version {version} acknowledged to {by}")
        if sorted(won) != list(range(2, row["version"] + 1)):
            problems.append(
                f"task {task_id}: at version {row['version']}, acknowledged {sorted(won)}"
            )
    for ack in acks:
        found = logged[ack.task]
        entry = found[ack.version - 1] if ack.version <= len(found) else None
        written = dict(ack.values)
        if ack.kind != "edit":
            written["column"] = names[written["column"]]
        expected = (ack.member, "update" if ack.kind == "edit" else "move", written)
        seen = entry and (entry.actor, entry.action, {k: entry.after.get(k) for k in written})
        if seen != expected:
            problems.append(f"acknowledged {ack}, logged {entry}")
    for task_id, task_acks in per_task.items():
        last: dict[str, Any] = {}
        for ack in sorted(task_acks, key=lambda a: a.version):
            last |= {k: v for k, v in ack.values.items() if k != "position"}
        now = {k: final[task_id][k] for k in last}
        if now != last:
            problems.append(f"task {task_id}: last written {last}, found {now}")
    return problems


def listed(problems: list[str], shown: int = 25) -> str:
    """Problems for a failure message: how many, and the first ones."""
    more = f"\n… and {len(problems) - shown} more" if len(problems) > shown else ""
    return f"{len(problems)} problems:\n" + "\n".join(problems[:shown]) + more


if __name__ == "__main__":
    url, member, seed, ops = sys.argv[1:5]
    run(url, member, int(seed), int(ops))
