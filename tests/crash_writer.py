"""A workspace writer to kill, for the crash-safety and backup tests.

`python -m tests.crash_writer DB` is a small fork server. It imports mpm once
and never opens the database itself; for each `run SEED` line on its stdin it
forks a fresh writer process, prints `child PID`, waits for it and prints
`exited PID CODE`. Forking from a warmed-up parent keeps twenty restarts well
inside the tests' time budget, and each writer is still its own process with
its own connection, opened after the fork with `open_database`.

A writer writes through the services until it is killed: before each write
it prints `intent {json}` (the state the write will leave), and after the
service call has returned, i.e. committed, `ack {json}`. `Ledger` reads those
lines back on the test's side.

Every line, the server's too, goes out in ONE write(2) of fewer than PIPE_BUF
bytes, which a pipe keeps whole: a SIGKILL lands before a line or after it,
never inside. `print()` does not promise that: under PYTHONUNBUFFERED=1 (set on
our machines) it writes the text and the newline separately, and a kill between
the two left `intent {…}` without its newline, so the server's next line came
out as `intent {…}exited PID -9` and `kill()` waited in vain for `exited PID`.
"""

from __future__ import annotations

import json
import os
import queue
import random
import select
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import suppress
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

REPO_ROOT = Path(__file__).resolve().parents[1]
BOARD = "Crash"
COLUMNS = ("To Do", "Doing", "Done")
WRITER_LIFETIME = 60.0
"""A writer stops by itself after this many seconds, should nobody kill it."""


# --- the writer process ----------------------------------------------------------


def _emit(kind: str, **values: Any) -> None:
    _say(f"{kind} {json.dumps(values)}")


def _say(line: str) -> None:
    """Write `line` and its newline to stdout in one write(2): a kill never tears it."""
    data = (line + "\n").encode()
    assert len(data) <= select.PIPE_BUF, "a longer write to a pipe may be split"
    written = os.write(sys.stdout.fileno(), data)
    assert written == len(data)  # a pipe takes a write of <= PIPE_BUF bytes whole


def _state(view: Any) -> dict[str, Any]:
    return {"id": view.id, "version": view.version, "title": view.title, "column": view.column_id}


def write_until_killed(path: str, seed: int) -> None:
    """Open the workspace and write through the services, announcing each write."""
    from mpm_tui.db.database import open_database
    from mpm_tui.db.models import BoardColumn, Task
    from mpm_tui.schemas.enums import Role
    from mpm_tui.services import tasks
    from mpm_tui.services.context import Actor, ServiceContext

    parent = os.getppid()
    open_database(path)
    ctx = ServiceContext(Actor("crash writer", Role.ADMIN))
    rng = random.Random(seed)
    columns = [(c.id, c.name) for c in BoardColumn.select().order_by(BoardColumn.position)]
    ids = [task_id for (task_id,) in Task.select(Task.id).tuples()]
    _emit("started", tasks=len(ids))
    deadline = time.monotonic() + WRITER_LIFETIME
    for n in range(1_000_000):
        if os.getppid() != parent or time.monotonic() > deadline:
            return  # the test is gone: never write on forever
        op = rng.choices(("add", "move", "edit"), weights=(4, 3, 3))[0] if ids else "add"
        if op == "add":
            column_id, name = rng.choice(columns)
            title = f"s{seed} n{n}"
            _emit("intent", op=op, id=None, version=1, title=title, column=column_id)
            view = tasks.create_task(ctx, {"title": title, "board": BOARD, "column": name})
            ids.append(view.id)
        elif op == "move":
            current = tasks.get_task(rng.choice(ids))
            column_id = rng.choice([c for c, _ in columns if c != current.column_id])
            _emit(
                "intent",
                op=op,
                **_state(current) | {"version": current.version + 1, "column": column_id},
            )
            view = tasks.move_task(ctx, current.id, column_id, expected_version=current.version)
        else:
            current = tasks.get_task(rng.choice(ids))
            title = f"s{seed} e{n}"
            _emit(
                "intent",
                op=op,
                **_state(current) | {"version": current.version + 1, "title": title},
            )
            view = tasks.update_task(
                ctx, current.id, {"title": title}, expected_version=current.version
            )
        _emit("ack", op=op, **_state(view))


def serve(path: str) -> None:
    """The fork server: `run SEED` → a fresh writer process; EOF → exit."""
    import mpm_tui.services.tasks  # noqa: F401  (imported once, before any fork)

    _say("ready")
    while line := sys.stdin.readline():
        command, _, seed = line.strip().partition(" ")
        if command != "run":
            continue
        sys.stdout.flush()  # nothing buffered is copied into the child
        pid = os.fork()
        if pid == 0:
            code = 0
            try:
                write_until_killed(path, int(seed))
            except BaseException as exc:  # report it: the test fails on any error line
                _say(f"error {type(exc).__name__}: {exc}"[:1000])
                code = 1
            os._exit(code)
        _say(f"child {pid}")
        _, status = os.waitpid(pid, 0)
        _say(f"exited {pid} {os.waitstatus_to_exitcode(status)}")


# --- the test's side --------------------------------------------------------------


class WriterServer:
    """Drives `python -m tests.crash_writer DB` and reads its lines with timeouts."""

    def __init__(self, path: Path) -> None:
        self.process = subprocess.Popen(
            [sys.executable, "-m", "tests.crash_writer", str(path)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            cwd=REPO_ROOT,
            start_new_session=True,  # one process group: close() ends writer and server
        )
        self.lines: queue.Queue[str | None] = queue.Queue()
        threading.Thread(target=self._read, daemon=True).start()
        assert self.next_line(timeout=30) == "ready"

    def _read(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            if line.endswith("\n"):  # a line cut off by the kill was never acknowledged
                self.lines.put(line.rstrip("\n"))
        self.lines.put(None)

    def next_line(self, timeout: float = 10) -> str:
        line = self.lines.get(timeout=timeout)
        if line is None:
            raise AssertionError("the writer server ended unexpectedly")
        if line.startswith("error"):
            raise AssertionError(f"the writer failed: {line}")
        return line

    def start(self, seed: int) -> int:
        """Fork a writer; returns its pid (it may still be opening the database)."""
        assert self.process.stdin is not None
        self.process.stdin.write(f"run {seed}\n")
        self.process.stdin.flush()
        first = self.next_line()
        assert first.startswith("child "), first
        return int(first.split()[1])

    def lines_until(self, kind: str, count: int) -> Iterator[str]:
        """Yield lines until the `count`-th line of `kind` (it included)."""
        seen = 0
        while seen < count:
            line = self.next_line()
            seen += line.startswith(kind + " ")
            yield line

    def kill(self, pid: int) -> list[str]:
        """SIGKILL the writer; every line it printed before it died."""
        os.kill(pid, signal.SIGKILL)
        lines: list[str] = []
        while not (line := self.next_line()).startswith(f"exited {pid} "):
            lines.append(line)
        assert line == f"exited {pid} -{signal.SIGKILL}", line
        return lines

    def close(self) -> None:
        with suppress(ProcessLookupError):
            os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=10)


@dataclass(frozen=True)
class TaskState:
    version: int
    title: str
    column: int


def _task_state(record: dict[str, Any]) -> TaskState:
    return TaskState(record["version"], record["title"], record["column"])


@dataclass
class Ledger:
    """What the writers acknowledged, and what their last in-flight writes might have done."""

    acked: dict[int, TaskState] = field(default_factory=dict)
    """Each task's state after its last acknowledged write."""
    in_flight: dict[int, list[TaskState]] = field(default_factory=dict)
    """States a write cut off by a kill may have committed (or not), since the last ack."""
    acks: int = 0
    unacked_creates: int = 0

    def take(self, lines: list[str]) -> bool:
        """Read one writer's lines; True when it was killed in the middle of a write."""
        pending: dict[str, Any] | None = None
        for line in lines:
            kind, _, payload = line.partition(" ")
            if kind == "intent":
                pending = json.loads(payload)
            elif kind == "ack":
                record = json.loads(payload)
                self.acked[record["id"]] = _task_state(record)
                self.in_flight.pop(record["id"], None)
                self.acks += 1
                pending = None
        if pending is None:
            return False
        if pending["id"] is None:
            self.unacked_creates += 1
        else:
            self.in_flight.setdefault(pending["id"], []).append(_task_state(pending))
        return True

    def allowed(self, task_id: int) -> list[TaskState]:
        return [self.acked[task_id], *self.in_flight.get(task_id, [])]


if __name__ == "__main__":
    serve(sys.argv[1])
