"""Board measurements: first frame, and key → frame for focus, carry and drop.

Each run opens a private copy of a generated workspace, starts the real
`MPMApp` headless with `run_test(size=(160, 45))`, acting as the workspace's
admin with the clock frozen at the generator's "now", and drives it with keys
through `benchmarks.harness.FrameClock`.
"""

from __future__ import annotations

import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any, ClassVar

from textual.app import App, ComposeResult
from textual.binding import Binding, BindingType
from textual.widgets import Footer, Header, Label

from benchmarks.generate import ADMIN, NOW, fresh_copy
from benchmarks.harness import FrameClock, Heap, Press

SIZE = (160, 45)
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


def _now() -> Any:
    return NOW


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
    from mpm_tui.app import MPMApp
    from mpm_tui.db.database import close_database, open_database
    from mpm_tui.screens.board import BoardScreen
    from mpm_tui.services import members
    from mpm_tui.services.context import ServiceContext
    from mpm_tui.widgets.board_canvas import BoardCanvas

    with tempfile.TemporaryDirectory(prefix="mpm-bench-") as tmp:
        open_database(fresh_copy(db_path, Path(tmp)))
        try:
            ctx = ServiceContext(members.resolve_actor(ADMIN, os_user=""), _now)
            app = MPMApp(ctx, workspace="benchmark", clock=_now)
            clock = FrameClock(app)
            drawn = clock.watching(BoardCanvas, lambda canvas: bool(canvas.columns))
            with drawn, clock.collecting():
                started = time.perf_counter()
                async with app.run_test(size=SIZE):
                    frame = await clock.wait_for(lambda f: f.marked)
                    assert clock.mount_at is not None
                    screen = app.screen
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
        finally:
            close_database()
    return BoardRun(
        cards=sum(len(c.cards) for c in board.columns),
        columns=[(c.name, len(c.cards), c.wip_limit) for c in board.columns],
        first_frame=frame.at - clock.mount_at,
        first_frame_from_start=frame.at - started,
        focus=focus,
        carry=carry,
        drop=drop,
        drops_done=drops_done,
        keys=clock.keys_pressed,
        heap_before=heap_before,
        heap_after=heap_after,
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
