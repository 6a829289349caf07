"""Timeline measurements: first frame, key → frame, queries, schedule, visible-only drawing.

Each run opens a private copy of a generated workspace, starts the real
`MPMApp` in its timeline mode headless with `run_test(size=(160, 45))`, acting
as the workspace's admin with the clock frozen at the generator's "now", and
drives the chart with keys through `benchmarks.harness.FrameClock` (key event
reaching the app → next frame written, as for the board).

Besides the keys it counts the database queries of a timeline load (a
counting wrapper on the database's `execute_sql`), times `load_timeline()`,
`schedule_of()` and `build_rows()` alone, and counts what each canvas redraw
renders: `render_line` calls (one per line of the widget) and the cells of
each chart row (the chart's width) — the proof that only what is on screen is
drawn, whatever the number of rows or the span of dates.
"""

from __future__ import annotations

import gc
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from benchmarks.generate import ADMIN, NOW, fresh_copy
from benchmarks.harness import FrameClock, Press

SIZE = (160, 45)
SCROLL_CYCLE = ["l"] * 40 + ["h"] * 40
"""From where the timeline starts (`g`), 40 weeks later one week at a time, and back."""
PAGE_CYCLE = ["L", "L", "L", "H", "H", "H"]
"""Three screens later (the whole year at the week zoom) and back."""
ROW_CYCLE = ["j"] * 60 + ["k"] * 60
"""From the first row, 60 rows down (past the screen: the rows scroll) and back."""
ZOOM_CYCLE = ["z"]
"""week → month → day → week …"""
REPEATS = 7
"""Runs of `load_timeline`, `schedule_of` and `build_rows` alone (the median is kept)."""


async def _cold(clock: FrameClock, canvas: Any, keys: list[tuple[str, bool]]) -> list[Press]:
    """Press each key with the canvas's drawn rows forgotten first: the cycles
    come back to dates already seen, which the row cache would answer; a step
    to dates never seen is what is measured."""
    kept: list[Press] = []
    for key in keys:
        canvas._row_cache.clear()
        kept += await clock.run([key])
    return kept


@dataclass
class Redraw:
    """One `render_lines` pass of the canvas (one per frame that shows it)."""

    lines: int
    """`render_line` calls."""
    height: int
    """The canvas's height in lines."""
    rows_drawn: int
    """Chart rows painted (timeline rows, not header lines)."""
    cells: int
    """The most cells any chart row of the pass had."""
    chart_width: int
    seconds: float


@dataclass
class QueryCounter:
    """Counts the statements the database runs while `active`."""

    active: bool = False
    count: int = 0

    @contextmanager
    def installed(self) -> Iterator[QueryCounter]:
        from mpm_tui.db.database import db

        database = db.obj
        original = database.execute_sql

        def execute_sql(sql: str, params: Any = None, *args: Any, **kwargs: Any) -> Any:
            if self.active:
                self.count += 1
            return original(sql, params, *args, **kwargs)

        database.execute_sql = execute_sql
        try:
            yield self
        finally:
            del database.execute_sql

    def measure(self, run: Callable[[], Any]) -> tuple[int, Any]:
        """The queries `run()` made, and what it returned."""
        self.count, self.active = 0, True
        try:
            result = run()
        finally:
            self.active = False
        return self.count, result


@dataclass
class TimelineRun:
    """Everything measured on one workspace."""

    projects: int
    tasks: int
    planned: int  # tasks with a start or due date
    milestones: int
    dependencies: int
    rows: int  # rows of the chart, nothing folded
    span: tuple[date, date] | None  # first and last date the chart touches
    critical: int
    risks: int
    first_frame: float  # app Mount → first frame with the chart drawn
    first_frame_from_start: float  # run_test() entered → the same frame
    scroll: list[Press]
    page: list[Press]
    row_moves: list[Press]
    zoom: list[Press]
    redraws: list[Redraw]  # canvas passes during the timed keys
    queries_screen: int  # run_test() entered → first chart frame (start-up and the load)
    queries_reload: int  # the `r` key (reload)
    queries_load: int  # load_timeline() alone
    load_times: list[float] = field(default_factory=list)
    schedule_times: list[float] = field(default_factory=list)
    rows_times: list[float] = field(default_factory=list)
    keys: int = 0


def _now() -> Any:
    return NOW


def cycle_keys(cycle: list[str], presses: int) -> list[tuple[str, bool]]:
    return [(cycle[i % len(cycle)], True) for i in range(presses)]


@contextmanager
def counting_redraws(
    canvas_class: type[Any], clock: FrameClock, redraws: list[Redraw], recording: list[bool]
) -> Iterator[None]:
    """Count each canvas pass's lines and cells (and mark the frame as drawn).

    Replaces `render_lines`, `render_line` and `_chart` on the canvas class
    for the run (and removes the replacements after).
    """
    own = {name: canvas_class.__dict__.get(name) for name in ("render_lines", "render_line")}
    own["_chart"] = canvas_class.__dict__.get("_chart")
    render_lines, render_line, chart = (
        canvas_class.render_lines,
        canvas_class.render_line,
        canvas_class._chart,
    )
    current: list[Redraw] = []

    def counted_render_lines(canvas: Any, crop: Any) -> Any:
        started = time.perf_counter()
        current.append(Redraw(0, canvas.size.height, 0, 0, canvas.chart_width, 0.0))
        try:
            return render_lines(canvas, crop)
        finally:
            done = current.pop()
            done.seconds = time.perf_counter() - started
            if recording[0]:
                redraws.append(done)

    def counted_render_line(canvas: Any, y: int) -> Any:
        if canvas.rows:
            clock.mark()
        if current:
            current[-1].lines += 1
        return render_line(canvas, y)

    def counted_chart(canvas: Any, row: Any, index: int) -> Any:
        cells = chart(canvas, row, index)
        if current:
            current[-1].rows_drawn += 1
            current[-1].cells = max(current[-1].cells, len(cells))
        return cells

    canvas_class.render_lines = counted_render_lines
    canvas_class.render_line = counted_render_line
    canvas_class._chart = counted_chart
    try:
        yield
    finally:
        for name, value in own.items():
            if value is None:
                delattr(canvas_class, name)
            else:
                setattr(canvas_class, name, value)


def _timed(run: Callable[[], Any], repeats: int) -> tuple[list[float], Any]:
    """Seconds of each of `repeats` calls (the garbage of the one before collected first)."""
    times, result = [], None
    for _ in range(repeats):
        result = None
        gc.collect()
        started = time.perf_counter()
        result = run()
        times.append(time.perf_counter() - started)
    return times, result


async def run_timeline(db_path: Path, presses: int) -> TimelineRun:
    """Measure the timeline of the workspace cached at `db_path` (a copy is used)."""
    from mpm_tui.app import MPMApp
    from mpm_tui.db.database import close_database, open_database
    from mpm_tui.screens.timeline import TimelineScreen
    from mpm_tui.services import members
    from mpm_tui.services.context import ServiceContext
    from mpm_tui.services.timeline import load_timeline, schedule_of
    from mpm_tui.widgets.timeline_canvas import TimelineCanvas
    from mpm_tui.widgets.timeline_layout import build_rows, extent

    redraws: list[Redraw] = []
    recording = [False]
    with tempfile.TemporaryDirectory(prefix="mpm-bench-") as tmp:
        open_database(fresh_copy(db_path, Path(tmp)))
        try:
            ctx = ServiceContext(members.resolve_actor(ADMIN, os_user=""), _now)
            app = MPMApp(ctx, workspace="benchmark", mode="timeline", clock=_now)
            clock = FrameClock(app)
            queries = QueryCounter()
            counted = counting_redraws(TimelineCanvas, clock, redraws, recording)
            with queries.installed(), counted, clock.collecting():
                queries.active = True
                started = time.perf_counter()
                async with app.run_test(size=SIZE):
                    frame = await clock.wait_for(lambda f: f.marked)
                    assert clock.mount_at is not None
                    queries.active = False
                    queries_screen = queries.count
                    screen = app.screen
                    if not isinstance(screen, TimelineScreen) or not screen.canvas.rows:
                        raise RuntimeError(f"expected a drawn timeline, got {screen!r}")
                    await clock.settle()
                    queries.count, queries.active = 0, True
                    await clock.run([("r", False)])
                    queries.active = False
                    queries_reload = queries.count
                    recording[0] = True
                    await clock.run([("g", False)])
                    canvas = screen.canvas
                    scroll = await _cold(clock, canvas, cycle_keys(SCROLL_CYCLE, presses))
                    await clock.run([("g", False)])
                    page = await _cold(clock, canvas, cycle_keys(PAGE_CYCLE, presses))
                    await clock.run([("t", False), ("home", False)])
                    row_moves = await clock.run(cycle_keys(ROW_CYCLE, presses))
                    await clock.run([("home", False)])
                    zoom = await _cold(clock, canvas, cycle_keys(ZOOM_CYCLE, presses))
                    recording[0] = False
                    rows = len(screen.canvas.rows)
                    span = extent(screen.canvas.rows)
                queries_load, data = queries.measure(load_timeline)
            today = ctx.today()
            load_times, _ = _timed(load_timeline, REPEATS)
            schedule_times, schedule = _timed(lambda: schedule_of(data, today), REPEATS)
            rows_times, _ = _timed(lambda: build_rows(data, schedule, set()), REPEATS)
        finally:
            close_database()
    return TimelineRun(
        projects=len(data.projects),
        tasks=len(data.tasks),
        planned=sum(1 for t in data.tasks if t.start is not None or t.due is not None),
        milestones=len(data.milestones),
        dependencies=len(data.dependencies),
        rows=rows,
        span=span,
        critical=sum(1 for t in schedule.timings.values() if t.critical),
        risks=len(schedule.risks),
        first_frame=frame.at - clock.mount_at,
        first_frame_from_start=frame.at - started,
        scroll=scroll,
        page=page,
        row_moves=row_moves,
        zoom=zoom,
        redraws=redraws,
        queries_screen=queries_screen,
        queries_reload=queries_reload,
        queries_load=queries_load,
        load_times=load_times,
        schedule_times=schedule_times,
        rows_times=rows_times,
        keys=clock.keys_pressed,
    )
