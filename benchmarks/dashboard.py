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

import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from benchmarks.generate import ADMIN, NOW, fresh_copy
from benchmarks.harness import FrameClock, Press
from benchmarks.timeline import QueryCounter, _timed

SIZE = (160, 45)
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


def _now() -> Any:
    return NOW


async def run_dashboard(db_path: Path, presses: int) -> DashboardRun:
    """Measure the dashboard of the workspace cached at `db_path` (a copy is used)."""
    from textual.widgets import DataTable

    from mpm_tui.app import MPMApp
    from mpm_tui.db.database import close_database, open_database
    from mpm_tui.screens.dashboard import DashboardScreen
    from mpm_tui.services import members, portfolio, portfolio_team
    from mpm_tui.services.context import ServiceContext

    with tempfile.TemporaryDirectory(prefix="mpm-bench-") as tmp:
        open_database(fresh_copy(db_path, Path(tmp)))
        try:
            ctx = ServiceContext(members.resolve_actor(ADMIN, os_user=""), _now)
            app = MPMApp(ctx, workspace="benchmark", mode="dashboard", clock=_now)
            clock = FrameClock(app)
            queries = QueryCounter()
            drawn = clock.watching(DataTable, lambda table: table.row_count > 0)
            with queries.installed(), drawn, clock.collecting():
                queries.active = True
                started = time.perf_counter()
                async with app.run_test(size=SIZE):
                    frame = await clock.wait_for(lambda f: f.marked)
                    assert clock.mount_at is not None
                    queries.active = False
                    queries_screen = queries.count
                    screen = app.screen
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
            load_times, _ = _timed(lambda: portfolio.load_dashboard(NOW), REPEATS)
            projects_times, _ = _timed(
                lambda: portfolio.portfolio(today, include_finished=True), REPEATS
            )
            workload_times, _ = _timed(lambda: portfolio_team.loaded_members(today), REPEATS)

            def panels() -> Any:
                return (
                    portfolio_team.column_wip(),
                    portfolio_team.completions(NOW),
                    portfolio_team.top_risks(),
                )

            panels_times, _ = _timed(panels, REPEATS)
        finally:
            close_database()
    return DashboardRun(
        projects=len(dashboard.rows),
        active=len(dashboard.active),
        first_frame=frame.at - clock.mount_at,
        first_frame_from_start=frame.at - started,
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
