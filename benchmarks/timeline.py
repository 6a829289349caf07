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

import asyncio
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from benchmarks.generate import workspace_db
from benchmarks.harness import FrameClock, Press, Stats, bench_app
from benchmarks.queries import QueryCounter, same_queries, timed
from benchmarks.report import Row
from benchmarks.runner import (
    FIRST_FRAME_TARGET,
    latency_rows,
    schedule_target,
    size_label,
    timeline_key_target,
)

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


async def run_timeline(db_path: Path, presses: int) -> TimelineRun:
    """Measure the timeline of the workspace cached at `db_path` (a copy is used)."""
    from mpm_tui.screens.timeline import TimelineScreen
    from mpm_tui.services.timeline import load_timeline, schedule_of
    from mpm_tui.widgets.timeline_canvas import TimelineCanvas
    from mpm_tui.widgets.timeline_layout import build_rows, extent

    redraws: list[Redraw] = []
    recording = [False]
    async with bench_app(db_path, "timeline") as bench:
        clock = bench.clock
        queries = QueryCounter()
        counted = counting_redraws(TimelineCanvas, clock, redraws, recording)
        with queries.installed(), counted:
            queries.active = True
            async with bench.running():
                queries.active = False
                queries_screen = queries.count
                screen = bench.app.screen
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
        today = bench.ctx.today()
        load_times, _ = timed(load_timeline, REPEATS)
        schedule_times, schedule = timed(lambda: schedule_of(data, today), REPEATS)
        rows_times, _ = timed(lambda: build_rows(data, schedule, set()), REPEATS)
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
        first_frame=bench.first_frame,
        first_frame_from_start=bench.first_frame_from_start,
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


QUERIES = "queries per timeline load"
RELOAD_QUERIES = "queries per screen reload (r)"


def timeline_rows(size: int, seed: int, presses: int) -> tuple[list[Row], list[str]]:
    path, _ = workspace_db(size, seed)
    run = asyncio.run(run_timeline(path, presses))
    label = size_label(size)
    keys = timeline_key_target(size)
    drew = [r for r in run.redraws if r.lines]
    cached = len(run.redraws) - len(drew)
    span = f"{run.span[0]:%Y-%m-%d} → {run.span[1]:%Y-%m-%d}" if run.span else "no dates"
    notes = [
        f"- **{label}** (seed {seed}): {run.projects} projects in progress, "
        f"{run.tasks:,} tasks ({run.planned:,} dated), {run.milestones} milestones, "
        f"{run.dependencies:,} dependencies: {run.rows:,} rows from {span}; "
        f"{run.critical:,} tasks critical, {run.risks:,} risks; "
        f"{run.first_frame_from_start:.3f} s from `run_test()` entered to the first chart frame.",
        f"  Queries: {run.queries_load} per `load_timeline()`, {run.queries_screen} from "
        f"`run_test()` entered to the first chart frame, {run.queries_reload} for a reload (`r`).",
    ]
    if drew:
        heights = sorted({r.height for r in drew})
        widths = sorted({r.chart_width for r in drew})
        lines = sorted({r.lines for r in drew})
        rows_drawn = max(r.rows_drawn for r in drew)
        cells = max(r.cells for r in drew)
        notes.append(
            f"  Drawn: {len(drew)} canvas redraws during the timed keys, each "
            f"{'/'.join(map(str, lines))} `render_line` calls for a canvas "
            f"{'/'.join(map(str, heights))} lines high ({rows_drawn} chart rows at most "
            f"of {run.rows:,}); each chart row {cells} cells for a chart "
            f"{'/'.join(map(str, widths))} cells wide, whatever the span of dates"
            + (f"; {cached} more passes came from Textual's line cache" if cached else "")
            + "."
        )
    rows = [
        Row(
            label,
            "first frame (app up → chart drawn)",
            Stats.of([run.first_frame]),
            unit="s",
            target=FIRST_FRAME_TARGET,
            note="board's target",
        ),
        *(
            row
            for name, presses_of in (
                ("scroll time (l/h)", run.scroll),
                ("page time (L/H)", run.page),
                ("row focus (j/k)", run.row_moves),
                ("zoom (z)", run.zoom),
            )
            for row in latency_rows(
                label, name, presses_of, keys, drawn="chart frame", settled_if_later=True
            )
        ),
        Row(
            label,
            "canvas redraw (render_lines)",
            Stats.of([r.seconds for r in drew]) if drew else None,
            note=f"{len(drew)} redraws, part of the key → frame times above",
        ),
        Row(
            label,
            "lines rendered per canvas redraw",
            Stats.of([float(r.lines) for r in drew]) if drew else None,
            unit="lines",
            note=f"canvas {'/'.join(str(h) for h in sorted({r.height for r in drew}))} lines "
            f"high, {run.rows:,} rows",
        ),
        Row(
            label,
            "cells per chart row drawn",
            Stats.of([float(r.cells) for r in drew if r.rows_drawn]) if drew else None,
            unit="cells",
            note=f"chart {'/'.join(str(w) for w in sorted({r.chart_width for r in drew}))} "
            f"cells wide, dates {span}",
        ),
        Row(label, QUERIES, Stats.of([float(run.queries_load)]), unit="queries"),
        Row(
            label,
            RELOAD_QUERIES,
            Stats.of([float(run.queries_reload)]),
            unit="queries",
            note=f"{run.queries_screen} from start-up to the first chart frame",
        ),
        Row(
            label,
            "load_timeline() alone",
            Stats.of(run.load_times),
            note=f"{len(run.load_times)} runs",
        ),
        Row(
            label,
            "schedule_of() alone (critical path)",
            Stats.of(run.schedule_times),
            target=schedule_target(size),
            note=f"{len(run.schedule_times)} runs",
        ),
        Row(
            label,
            "build_rows() alone",
            Stats.of(run.rows_times),
            note=f"{len(run.rows_times)} runs",
        ),
    ]
    return rows, notes


def timeline_summary(rows: list[Row]) -> list[str]:
    """Whether the timeline's loads made the same number of queries at every size."""
    return same_queries(rows, ((QUERIES, "`load_timeline()`"), (RELOAD_QUERIES, "screen reload")))
