"""Board measurements: first frame, and key → frame for focus, carry and drop.

Each run opens a private copy of a generated workspace, starts the real
`MPMApp` headless with `run_test(size=(160, 45))`, acting as the workspace's
admin with the clock frozen at the generator's "now", and drives it with keys
through `benchmarks.harness.FrameClock`.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from pathlib import Path
from typing import ClassVar

from textual.app import App, ComposeResult
from textual.binding import Binding, BindingType
from textual.widgets import Footer, Header, Label

from benchmarks.generate import profile, workspace_db
from benchmarks.harness import SIZE, FrameClock, Heap, Press, Stats, bench_app, latencies
from benchmarks.queries import QueryCounter, same_queries
from benchmarks.report import Row
from benchmarks.runner import (
    DROP_TARGET,
    FIRST_FRAME_TARGET,
    KEY_TARGET,
    cpu_note,
    latency_rows,
    size_label,
)

FOCUS_CYCLE = ["j"] * 20 + ["l"] + ["k"] * 20 + ["l"] + ["j"] * 20 + ["l"] + ["k"] * 20 + ["h"] * 3
"""Down a column, across, up the next…, and back: 87 focus moves, then repeat."""
CARRY_ROUND = ["l", "l", "l", "h", "h", "h"]
"""Carried across every column of the main board and back (space before, escape after)."""
HOME = ["escape", "g", "h", "h", "h"]
"""Back to the first card of the first column, nothing carried (not counted)."""


@dataclass
class BoardRun:
    """Everything measured on one workspace."""

    cards: int
    columns: list[tuple[str, int, int | None]]  # name, cards, WIP limit
    first_frame: float  # app Mount → first frame with the board drawn
    first_frame_from_start: float  # run_test() entered → the same frame
    focus: list[Press]
    carry: list[Press]
    drop: list[Press]
    drops_done: int  # moves the board recorded (its undo stack): every drop must land
    keys: int  # every key pressed, timed or not
    heap_before: Heap  # after the first frame
    heap_after: Heap  # after the last key
    queries_screen: int  # run_test() entered → first board frame
    queries_load: int  # boards.board_view() alone, after the keys


def focus_keys(presses: int) -> list[tuple[str, bool]]:
    return [(FOCUS_CYCLE[i % len(FOCUS_CYCLE)], True) for i in range(presses)]


def carry_keys(presses: int) -> list[tuple[str, bool]]:
    keys: list[tuple[str, bool]] = []
    counted = 0
    while counted < presses:
        keys.append(("space", False))
        for key in CARRY_ROUND[: presses - counted]:
            keys.append((key, True))
            counted += 1
        keys.append(("escape", False))
    return keys


def drop_keys(presses: int) -> list[tuple[str, bool]]:
    """Pick up, carry one column right, drop (timed); then the same back to the left.

    To Do has no WIP limit and In Progress has room, so every drop is a real
    move written to the database; the card ends where it started.
    """
    keys: list[tuple[str, bool]] = []
    for n in range(presses):
        keys += [("space", False), ("l" if n % 2 == 0 else "h", False), ("space", True)]
    return keys


async def run_board(db_path: Path, presses: int) -> BoardRun:
    """Measure the board of the workspace cached at `db_path` (a copy is used)."""
    from mpm_tui.screens.board import BoardScreen
    from mpm_tui.services import boards
    from mpm_tui.widgets.board_canvas import BoardCanvas

    queries = QueryCounter()
    async with bench_app(db_path) as bench:
        clock = bench.clock
        with queries.installed(), clock.watching(BoardCanvas, lambda c: bool(c.columns)):
            queries.active = True
            async with bench.running():
                queries.active = False
                queries_screen = queries.count
                screen = bench.app.screen
                if not isinstance(screen, BoardScreen) or screen.board is None:
                    raise RuntimeError(f"expected the board screen, got {screen!r}")
                board = screen.board
                await clock.settle()
                heap_before = Heap.now()
                focus = await clock.run(focus_keys(presses))
                await clock.run([(k, False) for k in HOME])
                carry = await clock.run(carry_keys(presses))
                await clock.run([(k, False) for k in HOME])
                drop = await clock.run(drop_keys(presses))
                drops_done = len(screen.undo_stack)
                heap_after = Heap.now()
                queries_load, _ = queries.measure(lambda: boards.board_view(board.id))
    return BoardRun(
        cards=sum(len(c.cards) for c in board.columns),
        columns=[(c.name, len(c.cards), c.wip_limit) for c in board.columns],
        first_frame=bench.first_frame,
        first_frame_from_start=bench.first_frame_from_start,
        focus=focus,
        carry=carry,
        drop=drop,
        drops_done=drops_done,
        keys=clock.keys_pressed,
        heap_before=heap_before,
        heap_after=heap_after,
        queries_screen=queries_screen,
        queries_load=queries_load,
    )


class FloorApp(App[None]):
    """A near-empty app (Header, one Label, Footer): the harness's floor."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("j", "bump", "Bump")]

    def __init__(self) -> None:
        super().__init__()
        self.count = 0

    def compose(self) -> ComposeResult:
        yield Header()
        yield Label("pressed 0 times", id="count")
        yield Footer()

    def action_bump(self) -> None:
        self.count += 1
        self.query_one("#count", Label).update(f"pressed {self.count} times")


async def run_floor(presses: int) -> tuple[float, list[Press]]:
    """(Mount → first frame, key → frame presses) on the near-empty app."""
    app = FloorApp()
    clock = FrameClock(app)
    with clock.collecting():
        async with app.run_test(size=SIZE):
            frame = await clock.wait_for(lambda f: True)
            assert clock.mount_at is not None
            found = await clock.run([("j", True)] * presses)
    return frame.at - clock.mount_at, found


def floor_rows(size: int, seed: int, presses: int) -> tuple[list[Row], list[str]]:
    """The near-empty app (no workspace: `size` and `seed` are not used)."""
    first, found = asyncio.run(run_floor(presses))
    values, missing = latencies(found, "settled")
    label = "near-empty app"
    return [
        Row(label, "first frame (app up → drawn)", Stats.of([first]), unit="s"),
        Row(
            label,
            "key (j) → frame",
            Stats.of(values) if values else None,
            note=" · ".join(
                n
                for n in (
                    "harness floor",
                    cpu_note(found, "settled"),
                    f"{missing} keys drew no frame" if missing else "",
                )
                if n
            ),
        ),
    ], []


def board_rows(size: int, seed: int, presses: int) -> tuple[list[Row], list[str]]:
    """The board of the workspace of `size` tasks: first frame, focus, carry, drop."""
    path, _ = workspace_db(size, seed)
    run = asyncio.run(run_board(path, presses))
    label = size_label(size)
    prof = profile(size)
    columns = ", ".join(
        f"{name} {count}" + (f"/{limit}" if limit else "") for name, count, limit in run.columns
    )
    notes = [
        f"- **{label}** (seed {seed}): {prof.members} members, {prof.projects} projects; "
        f"main board {run.cards:,} cards ({columns}); "
        f"{run.first_frame_from_start:.3f} s from `run_test()` entered to the first board frame."
    ]
    grew = run.heap_after.objects - run.heap_before.objects
    leaked = {
        name: count - run.heap_before.detached.get(name, 0)
        for name, count in run.heap_after.detached.items()
        if count > run.heap_before.detached.get(name, 0)
    }
    notes.append(
        f"  Heap: {grew:+,} live objects over {run.keys} keys ({grew / run.keys:+,.0f} a key)"
        + (
            "; closed widgets still referenced: "
            + ", ".join(f"{name} +{count:,}" for name, count in sorted(leaked.items()))
            if leaked
            else ""
        )
        + "."
    )
    drop_note = "" if run.drops_done == presses else f"only {run.drops_done} drops landed"
    rows = [
        Row(
            label,
            "first frame (app up → board drawn)",
            Stats.of([run.first_frame]),
            unit="s",
            target=FIRST_FRAME_TARGET,
        ),
        *latency_rows(label, "focus move (j/k/h/l)", run.focus, KEY_TARGET),
        *latency_rows(label, "carry move (l/h)", run.carry, KEY_TARGET),
        *latency_rows(label, "drop + DB write (space)", run.drop, DROP_TARGET, drop_note),
        Row(
            label,
            BOARD_QUERIES,
            Stats.of([float(run.queries_load)]),
            unit="queries",
            note=f"{run.queries_screen} from start-up to the first board frame",
        ),
    ]
    return rows, notes


BOARD_QUERIES = "queries per board load (board_view())"


def board_summary(rows: list[Row]) -> list[str]:
    """Whether the board loaded in the same number of queries at every size."""
    return same_queries(rows, ((BOARD_QUERIES, "`board_view()`"),))
