"""Dashboard measurements: the load, its queries, its parts, first frame, key → frame.

`load_dashboard(now)` end to end (every query and the schedule of every
project in progress) is timed `REPEATS` times with a full garbage collection
before each, and so are its parts: the timeline's data and schedule with the
project states (`portfolio.portfolio`), this week's workload, and the other
team panels. The screen is measured as the timeline is (`benchmarks.timeline`):
the real `MPMApp` in its dashboard mode headless at 160×45, acting as the
workspace's admin on the generator's frozen "now"; the statements the
database runs are counted from `run_test()` to the first frame with the
portfolio table drawn, and for a reload (`r`); `j`/`k` move the table's cursor.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from benchmarks.generate import NOW, workspace_db
from benchmarks.harness import Press, Stats, bench_app
from benchmarks.queries import QueryCounter, same_queries, timed
from benchmarks.report import Row
from benchmarks.runner import FIRST_FRAME_TARGET, latency_rows, size_label, timeline_key_target

REPEATS = 15
"""Runs of `load_dashboard` and of each part (median and p95 kept)."""
CURSOR_RUN = 6
"""`j` presses, then as many `k`, repeated: the table's cursor moving."""


@dataclass
class DashboardRun:
    """Everything measured on one workspace."""

    projects: int  # rows of the dashboard (in progress and finished)
    active: int  # projects in progress: the table's rows
    first_frame: float  # app Mount → first frame with the table drawn
    first_frame_from_start: float  # run_test() entered → the same frame
    cursor: list[Press]
    queries_load: int  # load_dashboard() alone
    queries_screen: int  # run_test() entered → first frame with the table
    queries_reload: int  # one `r`
    load_times: list[float]
    projects_times: list[float]  # portfolio.portfolio: timeline, schedule, states, rows
    workload_times: list[float]  # this week's load (load_workload over one week)
    panels_times: list[float]  # WIP, completions and top risks
    keys: int = 0


async def run_dashboard(db_path: Path, presses: int) -> DashboardRun:
    """Measure the dashboard of the workspace cached at `db_path` (a copy is used)."""
    from textual.widgets import DataTable

    from mpm_tui.screens.dashboard import DashboardScreen
    from mpm_tui.services import portfolio, portfolio_team

    async with bench_app(db_path, "dashboard") as bench:
        clock = bench.clock
        queries = QueryCounter()
        drawn = clock.watching(DataTable, lambda table: table.row_count > 0)
        with queries.installed(), drawn:
            queries.active = True
            async with bench.running():
                queries.active = False
                queries_screen = queries.count
                screen = bench.app.screen
                if not isinstance(screen, DashboardScreen) or not screen.rows:
                    raise RuntimeError(f"expected the dashboard with projects, got {screen!r}")
                await clock.settle()
                queries.count, queries.active = 0, True
                await clock.run([("r", False)])
                queries.active = False
                queries_reload = queries.count
                steps = min(CURSOR_RUN, max(1, len(screen.rows) - 1))
                cycle = ["j"] * steps + ["k"] * steps
                keys = [(cycle[n % len(cycle)], True) for n in range(presses)]
                cursor = await clock.run(keys)
            queries_load, dashboard = queries.measure(lambda: portfolio.load_dashboard(NOW))
        today = NOW.date()
        load_times, _ = timed(lambda: portfolio.load_dashboard(NOW), REPEATS)
        projects_times, _ = timed(
            lambda: portfolio.portfolio(today, include_finished=True), REPEATS
        )
        workload_times, _ = timed(lambda: portfolio_team.loaded_members(today), REPEATS)

        def panels() -> Any:
            return (
                portfolio_team.column_wip(),
                portfolio_team.completions(NOW),
                portfolio_team.top_risks(),
            )

        panels_times, _ = timed(panels, REPEATS)
    return DashboardRun(
        projects=len(dashboard.rows),
        active=len(dashboard.active),
        first_frame=bench.first_frame,
        first_frame_from_start=bench.first_frame_from_start,
        cursor=cursor,
        queries_load=queries_load,
        queries_screen=queries_screen,
        queries_reload=queries_reload,
        load_times=load_times,
        projects_times=projects_times,
        workload_times=workload_times,
        panels_times=panels_times,
        keys=clock.keys_pressed,
    )


DASHBOARD_QUERIES = "queries per load_dashboard()"
DASHBOARD_RELOAD_QUERIES = "queries per dashboard reload (r)"


def dashboard_rows(size: int, seed: int, presses: int) -> tuple[list[Row], list[str]]:
    path, _ = workspace_db(size, seed)
    run = asyncio.run(run_dashboard(path, presses))
    label = size_label(size)
    notes = [
        f"- **{label}** (seed {seed}): {run.projects} projects ({run.active} in progress); "
        f"{run.first_frame_from_start:.3f} s from `run_test()` entered to the first frame "
        "with the portfolio table.",
        f"  Queries: {run.queries_load} per `load_dashboard()`, {run.queries_screen} from "
        f"`run_test()` entered to the first table frame, {run.queries_reload} for a reload (`r`).",
    ]
    runs = f"{REPEATS} runs"
    rows = [
        Row(label, "load_dashboard() (everything)", Stats.of(run.load_times), note=runs),
        Row(
            label,
            "  project rows (timeline, schedule, states)",
            Stats.of(run.projects_times),
            note=runs,
        ),
        Row(label, "  this week's load (load_workload)", Stats.of(run.workload_times), note=runs),
        Row(label, "  WIP, completions, top risks", Stats.of(run.panels_times), note=runs),
        Row(label, DASHBOARD_QUERIES, Stats.of([float(run.queries_load)]), unit="queries"),
        Row(
            label,
            DASHBOARD_RELOAD_QUERIES,
            Stats.of([float(run.queries_reload)]),
            unit="queries",
            note=f"{run.queries_screen} from start-up to the first table frame",
        ),
        Row(
            label,
            "first frame (app up → table drawn)",
            Stats.of([run.first_frame]),
            unit="s",
            target=FIRST_FRAME_TARGET,
            note="board's target",
        ),
        *latency_rows(
            label,
            "cursor (j/k)",
            run.cursor,
            timeline_key_target(size),
            drawn="table frame",
            settled_if_later=True,
        ),
    ]
    return rows, notes


def dashboard_summary(rows: list[Row]) -> list[str]:
    """Whether the dashboard's loads made the same number of queries at every size."""
    return same_queries(
        rows,
        (
            (DASHBOARD_QUERIES, "`load_dashboard()`"),
            (DASHBOARD_RELOAD_QUERIES, "dashboard reload (`r`)"),
        ),
    )
