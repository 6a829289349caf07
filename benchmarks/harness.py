"""Frame timing for a Textual app run headless in-process (`App.run_test`).

What is timed, and where the stamps are taken (nothing in the app changes;
the hooks are set on the app instance, or on a widget class for the run):

- **key in**: the `events.Key` reaching `App.on_event` — the moment a real
  terminal driver's key would be dispatched by the app.
- **frame out**: the end of `App._display` for a compositor update. The
  headless driver skips serialising frames, so the hook does what a real
  terminal write does — `update.render_segments(console)` into the escape
  sequence string — and stamps after it. Only the terminal's own I/O is left
  out.
- **marked frame**: a frame during which a watched widget (the board canvas)
  rendered lines, i.e. the frame that shows what the key changed.
- **screen and data** of a frame: the class name of the screen the frame
  shows, and (with a `probe`) whether that screen's main widget held its
  data when the frame was written (`benchmarks.screens.data_drawn`).

`bench_app` is the set-up every app suite shares: a private copy of a cached
workspace opened, the real `MPMApp` on a mode acting as the workspace's admin
with the clock frozen at the generator's "now", a `FrameClock` on it, and
(`Bench.running`) the app run headless until its first drawn frame.

Keys are posted straight to the app's message queue (as the driver does),
not through `Pilot.press`, whose idle waits add a ~90 ms floor. After each
key the harness waits until no frame has been written for `quiet` seconds,
so a key's later frames are never mistaken for the next key's.
"""

from __future__ import annotations

import asyncio
import gc
import math
import statistics
import tempfile
import time
from collections.abc import AsyncIterator, Callable, Iterator
from contextlib import asynccontextmanager, contextmanager, suppress
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from textual import events
from textual._compositor import CompositorUpdate
from textual.app import App
from textual.screen import Screen
from textual.widget import Widget

from benchmarks.generate import ADMIN, NOW, fresh_copy

SIZE = (160, 45)
"""The terminal every app suite runs in (columns, lines)."""

KEY_CHARS = {
    "space": " ",
    "escape": "\x1b",
    "enter": "\r",
    "tab": "\t",
    "left_square_bracket": "[",
    "right_square_bracket": "]",
}


@dataclass(frozen=True)
class Frame:
    at: float
    """perf_counter() when the frame's bytes were ready for the terminal."""
    cpu: float
    """process_time() at the same moment: wall time minus this is time not running."""
    marked: bool
    """A watched widget rendered lines for this frame."""
    size: int
    """Characters in the terminal sequence."""
    screen: str = ""
    """Class name of the screen the frame shows."""
    data: bool = False
    """The clock's probe said the screen's main widget held its data (no probe: False)."""


@dataclass
class Press:
    """One key and the frames it caused."""

    key: str
    received: float | None = None
    received_cpu: float = 0.0
    frames: list[Frame] = field(default_factory=list)
    collections: list[tuple[float, float, int]] = field(default_factory=list)
    """Garbage collections after the key: (start, seconds, generation)."""

    def frame(self, which: str) -> Frame | None:
        """`first`: the first frame showing the change (a marked one, if any were);
        `settled`: the last frame written before the app went quiet."""
        if which == "first":
            marked = [f for f in self.frames if f.marked] or self.frames
            return marked[0] if marked else None
        return self.frames[-1] if self.frames else None

    def latency(self, which: str, *, cpu: bool = False) -> float | None:
        """Key in → that frame out, in wall-clock (or this process's CPU) seconds."""
        frame = self.frame(which)
        if frame is None or self.received is None:
            return None
        return frame.cpu - self.received_cpu if cpu else frame.at - self.received

    def gc_time(self, which: str) -> float:
        """Seconds of garbage collection between the key and that frame."""
        frame = self.frame(which)
        end = frame.at if frame is not None else float("inf")
        return sum(seconds for start, seconds, _ in self.collections if start < end)


@dataclass(frozen=True)
class Stats:
    count: int
    median: float
    p95: float
    worst: float

    @classmethod
    def of(cls, values: list[float]) -> Stats:
        ordered = sorted(values)
        p95 = ordered[max(0, math.ceil(0.95 * len(ordered)) - 1)]
        return cls(len(ordered), statistics.median(ordered), p95, ordered[-1])


@dataclass(frozen=True)
class Heap:
    """Live Python objects after a full collection, and closed widgets still alive."""

    objects: int
    detached: dict[str, int]

    @classmethod
    def now(cls) -> Heap:
        gc.collect()
        found = gc.get_objects()
        detached: dict[str, int] = {}
        for obj in found:
            if isinstance(obj, Widget) and obj._closed:
                name = type(obj).__name__
                detached[name] = detached.get(name, 0) + 1
        return cls(len(found), detached)


class FrameClock:
    """Stamps keys reaching an app and frames leaving it; drives keys one by one."""

    def __init__(
        self,
        app: App[Any],
        *,
        quiet: float = 0.05,
        timeout: float = 5.0,
        probe: Callable[[Screen[Any]], bool] | None = None,
    ) -> None:
        self.app = app
        self.quiet = quiet
        self.timeout = timeout
        self.probe = probe
        """Asked of each frame's screen once the frame is stamped (see `Frame.data`)."""
        self.frames: list[Frame] = []
        self.mount_at: float | None = None
        """When the app's own Mount event was dispatched: the app is up."""
        self._marked = False
        self._press: Press | None = None
        self._written = asyncio.Event()
        self._gc_started = 0.0
        self.keys_pressed = 0
        self._install()

    def _on_gc(self, phase: str, info: dict[str, int]) -> None:
        if phase == "start":
            self._gc_started = time.perf_counter()
        elif self._press is not None and self._press.received is not None:
            took = time.perf_counter() - self._gc_started
            self._press.collections.append((self._gc_started, took, info["generation"]))

    @contextmanager
    def collecting(self) -> Iterator[None]:
        """Record garbage collections against the key being timed."""
        gc.callbacks.append(self._on_gc)
        try:
            yield
        finally:
            gc.callbacks.remove(self._on_gc)

    # ------------------------------------------------------------------ hooks

    def _install(self) -> None:
        app = self.app
        on_event, display = app.on_event, app._display

        async def stamped_on_event(event: events.Event) -> None:
            if isinstance(event, events.Key) and self._press is not None:
                if self._press.received is None and event.key == self._press.key:
                    self._press.received = time.perf_counter()
                    self._press.received_cpu = time.process_time()
            elif isinstance(event, events.Mount) and self.mount_at is None:
                self.mount_at = time.perf_counter()
            await on_event(event)

        def timed_display(screen: Any, renderable: Any) -> None:
            display(screen, renderable)
            if renderable is None or app._batch_count:
                return
            if isinstance(renderable, CompositorUpdate):
                size = len(renderable.render_segments(app.console))
            else:
                size = len(app.console._render_buffer(app.console.render(renderable)))
            at, cpu = time.perf_counter(), time.process_time()
            data = self.probe(screen) if self.probe is not None else False
            frame = Frame(at, cpu, self._marked, size, type(screen).__name__, data)
            self._marked = False
            self.frames.append(frame)
            if self._press is not None and self._press.received is not None:
                self._press.frames.append(frame)
            self._written.set()

        app.on_event = stamped_on_event  # type: ignore[method-assign]
        app._display = timed_display  # type: ignore[method-assign]

    def mark(self) -> None:
        """Note that the watched widget is rendering (the next frame shows it)."""
        self._marked = True

    @contextmanager
    def watching(
        self, widget_class: type[Widget], when: Callable[[Any], bool] = lambda w: True
    ) -> Iterator[None]:
        """Mark frames in which `widget_class.render_line` ran (and `when(widget)`)."""
        original = widget_class.render_line
        clock = self

        def render_line(widget: Any, y: int) -> Any:
            if when(widget):
                clock.mark()
            return original(widget, y)

        widget_class.render_line = render_line  # type: ignore[method-assign, assignment]
        try:
            yield
        finally:
            widget_class.render_line = original  # type: ignore[method-assign]

    # ------------------------------------------------------------------ driving

    async def wait_for(self, predicate: Callable[[Frame], bool]) -> Frame:
        """The first frame (already written or to come) satisfying `predicate`."""
        deadline = time.perf_counter() + self.timeout
        seen = 0
        while True:
            for frame in self.frames[seen:]:
                if predicate(frame):
                    return frame
            seen = len(self.frames)
            self._written.clear()
            left = deadline - time.perf_counter()
            if left <= 0:
                raise TimeoutError(f"no matching frame within {self.timeout} s")
            with suppress(TimeoutError):
                await asyncio.wait_for(self._written.wait(), left)

    async def settle(self) -> None:
        """Wait until no frame has been written for `quiet` seconds."""
        deadline = time.perf_counter() + self.timeout
        while time.perf_counter() < deadline:
            self._written.clear()
            try:
                await asyncio.wait_for(self._written.wait(), self.quiet)
            except TimeoutError:
                return

    async def press(self, key: str, until: Callable[[Press], bool] | None = None) -> Press:
        """Post one key to the app, wait for its frames, return them timed.

        `until`: after the first frame, also wait (up to `timeout`) until it holds
        (a screen whose data arrives after a quiet spell). Call `settle()` first if
        the app may still be drawing.
        """
        press = self._press = Press(key)
        char = KEY_CHARS.get(key, key if len(key) == 1 else None)
        event = events.Key(key, char)
        event.set_sender(self.app)
        self._marked = False
        deadline = time.perf_counter() + self.timeout
        self.keys_pressed += 1
        self.app.post_message(event)
        while not press.frames and (left := deadline - time.perf_counter()) > 0:
            self._written.clear()
            try:
                await asyncio.wait_for(self._written.wait(), left)
            except TimeoutError:
                break
        while until is not None and not until(press):
            self._written.clear()
            if (left := deadline - time.perf_counter()) <= 0:
                break
            with suppress(TimeoutError):
                await asyncio.wait_for(self._written.wait(), left)
        await self.settle()
        self._press = None
        return press

    async def run(self, keys: list[tuple[str, bool]]) -> list[Press]:
        """Press each key; keep the timings of those flagged True."""
        kept = []
        await self.settle()
        for key, counted in keys:
            press = await self.press(key)
            if counted:
                kept.append(press)
        return kept


def latencies(
    presses: list[Press], which: str = "settled", *, cpu: bool = False
) -> tuple[list[float], int]:
    """Latencies in seconds (`first` or `settled`), and how many keys drew no frame."""
    values = [p.latency(which, cpu=cpu) for p in presses]
    found = [v for v in values if v is not None]
    return found, len(values) - len(found)


def _now() -> Any:
    return NOW


@dataclass
class Bench:
    """The real app on a private copy of a workspace, and the clock timing it."""

    app: Any  # MPMApp (imported with the app, not with this module)
    ctx: Any  # ServiceContext: the workspace's admin, "now" frozen
    clock: FrameClock
    started: float = 0.0
    """perf_counter() when `running()` entered `run_test()`."""
    first: Frame | None = None
    """The first frame `running()` waited for."""

    @asynccontextmanager
    async def running(
        self, ready: Callable[[Frame], bool] = lambda f: f.marked
    ) -> AsyncIterator[None]:
        """Run the app headless at `SIZE` until a frame is `ready` (by default the
        first marked one), garbage collections recorded against timed keys."""
        with self.clock.collecting():
            self.started = time.perf_counter()
            async with self.app.run_test(size=SIZE):
                self.first = await self.clock.wait_for(ready)
                if self.clock.mount_at is None:
                    raise RuntimeError("the app drew a frame before its Mount event")
                yield

    @property
    def first_frame(self) -> float:
        """The app's Mount → the first ready frame, in seconds."""
        assert self.first is not None and self.clock.mount_at is not None
        return self.first.at - self.clock.mount_at

    @property
    def first_frame_from_start(self) -> float:
        """`run_test()` entered → the first ready frame, in seconds."""
        assert self.first is not None
        return self.first.at - self.started


@asynccontextmanager
async def bench_app(
    db_path: Path, mode: str = "board", *, probe: Callable[[Screen[Any]], bool] | None = None
) -> AsyncIterator[Bench]:
    """A fresh copy of the workspace cached at `db_path` opened, and `MPMApp` on
    `mode` built on it (not yet running: `Bench.running()`); the database stays
    open until the block ends, for measurements after the app has closed."""
    from mpm_tui.app import MPMApp
    from mpm_tui.db.database import close_database, open_database
    from mpm_tui.services import members
    from mpm_tui.services.context import ServiceContext

    with tempfile.TemporaryDirectory(prefix="mpm-bench-") as tmp:
        open_database(fresh_copy(db_path, Path(tmp)))
        try:
            ctx = ServiceContext(members.resolve_actor(ADMIN, os_user=""), _now)
            # Live refresh off: its one query a second would land in the query counts.
            app = MPMApp(ctx, workspace="benchmark", mode=mode, clock=_now, live_refresh=None)
            yield Bench(app, ctx, FrameClock(app, probe=probe))
        finally:
            close_database()
