"""Workload measurements: aggregation time, queries, first frame, key → frame.

The aggregation is the workload issue's headline ("50 members × 10,000 tasks
× 26 weeks"): `load_workload(today, 26)` end to end (its queries and
`compute_workload`), and `compute_workload` alone on the inputs the service
built, each timed `REPEATS` times with a full garbage collection before each.
The generated workspaces have 20/50/200 members, and only their open tasks
count; so where a workspace has at least 50 members, `compute_workload` is
also timed on the headline's shape exactly: 50 members and *every* task of
the workspace treated as open work (owners and collaborators reassigned
modulo 50), over 26 weeks.

The screen is measured as the timeline is (`benchmarks.timeline`): the real
`MPMApp` started in its workload mode headless with `run_test(size=(160,
45))`, acting as the workspace's admin with the clock frozen at the
generator's "now", keys driven through `benchmarks.harness.FrameClock` (key
event reaching the app → frame written), and the database's statements
counted with the timeline's `QueryCounter`.
"""

from __future__ import annotations

import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from benchmarks.generate import ADMIN, NOW, fresh_copy
from benchmarks.harness import FrameClock, Press
from benchmarks.timeline import QueryCounter, _timed

SIZE = (160, 45)
WEEKS = 26
"""The headline's horizon for the aggregation (the screen loads its own 8 weeks)."""
HEADLINE_MEMBERS = 50
SHARE = "0.3"
"""The collaborator share set (in the private copy) for the last measurement: the
generated workspaces keep the default, 0, where collaborators carry nothing and
`load_workload` skips reading them."""
REPEATS = 25
"""Runs of `load_workload` and `compute_workload` alone (median and p95 kept)."""
DOWN_RUN = 40
"""`j` presses from the first person before going back (`home`, not timed): past
the screen's height where there are that many people, so the rows scroll."""
SHIFT_RUN = 8
"""`]` presses (a week later each, a reload each) before going back (`t`, not timed)."""


@dataclass
class Inputs:
    """What `load_workload` hands `compute_workload`."""

    people: list[Any]
    work: list[Any]
    weeks: tuple[date, ...]
    holidays: list[date]
    share: float


@dataclass
class WorkloadRun:
    """Everything measured on one workspace."""

    members: int  # people the service passes to compute_workload
    shown: int  # people on the screen (active with capacity, or holding work)
    open_tasks: int  # tasks load_workload counts (open, in an open project)
    tasks: int  # every task of the workspace
    weeks_loaded: int  # weeks the screen loads
    weeks_visible: int  # of which visible at 160 columns
    panel_beside: bool  # the task panel beside the heatmap (else under it)
    lines: int  # heatmap body lines (group headings, people, unassigned)
    first_frame: float  # app Mount → first frame with the heatmap drawn
    first_frame_from_start: float  # run_test() entered → the same frame
    down: list[Press]
    right: list[Press]
    shift: list[Press]
    queries_screen: int  # run_test() entered → first heatmap frame
    queries_shift: int  # one `]` (the weeks a week later: a reload)
    queries_load: int  # load_workload(today, 26) alone
    queries_shared: int  # the same with collaborators carrying SHARE of each task
    load_times: list[float] = field(default_factory=list)
    compute_times: list[float] = field(default_factory=list)
    headline_times: list[float] = field(default_factory=list)  # 50 members × every task
    headline_tasks: int = 0
    shared_times: list[float] = field(default_factory=list)
    keys: int = 0


def _now() -> Any:
    return NOW


@contextmanager
def capturing_inputs(found: list[Inputs]) -> Iterator[None]:
    """Record the arguments of every `compute_workload` call `load_workload` makes."""
    import mpm_tui.services.workload as service

    original = service.compute_workload

    def recording(people: Any, work: Any, weeks: Any, *, holidays: Any = (), share: Any = 0.0):
        inputs = Inputs(list(people), list(work), tuple(weeks), list(holidays), share)
        found.append(inputs)
        return original(
            inputs.people, inputs.work, inputs.weeks, holidays=inputs.holidays, share=share
        )

    service.compute_workload = recording  # type: ignore[assignment]
    try:
        yield
    finally:
        service.compute_workload = original


def headline_inputs(inputs: Inputs, members: int = HEADLINE_MEMBERS) -> Inputs:
    """`members` of the workspace's people, and every task of the workspace (done
    ones too) as open work, owners and collaborators reassigned modulo `members`."""
    from mpm_tui.db.models import Task, TaskCollaborator
    from mpm_tui.logic.workload import Work
    from mpm_tui.services.raw import raw_rows, read_date

    people = inputs.people[:members]
    ids = [p.id for p in people]

    def member(who: int) -> int:
        return ids[who % len(ids)]

    helpers: dict[int, list[int]] = {}
    pairs = TaskCollaborator.select(TaskCollaborator.task, TaskCollaborator.member)
    for task_id, who in raw_rows(pairs):
        helpers.setdefault(task_id, []).append(member(who))
    work = [
        Work(
            tid,
            None if owner is None else member(owner),
            estimate,
            read_date(start),
            read_date(due),
            tuple(dict.fromkeys(helpers.get(tid, ()))),
        )
        for tid, owner, estimate, start, due in raw_rows(
            Task.select(Task.id, Task.owner, Task.estimate_days, Task.start, Task.due).order_by(
                Task.id
            )
        )
    ]
    return Inputs(people, work, inputs.weeks, inputs.holidays, inputs.share)


def _keys(run: list[str], back: list[str], presses: int) -> list[tuple[str, bool]]:
    """`run` timed, then `back` not timed, repeated until `presses` keys are timed."""
    keys: list[tuple[str, bool]] = []
    counted = 0
    while counted < presses:
        for key in run[: presses - counted]:
            keys.append((key, True))
            counted += 1
        keys += [(key, False) for key in back]
    return keys


async def run_workload(db_path: Path, presses: int) -> WorkloadRun:
    """Measure the workload of the workspace cached at `db_path` (a copy is used)."""
    from mpm_tui.app import MPMApp
    from mpm_tui.db.database import close_database, open_database
    from mpm_tui.db.models import Task
    from mpm_tui.logic.workload import compute_workload
    from mpm_tui.screens.workload import WorkloadScreen
    from mpm_tui.services import members, settings
    from mpm_tui.services.context import ServiceContext
    from mpm_tui.services.workload import SHARE_KEY, load_workload
    from mpm_tui.widgets.workload_grid import WorkloadGrid

    with tempfile.TemporaryDirectory(prefix="mpm-bench-") as tmp:
        open_database(fresh_copy(db_path, Path(tmp)))
        try:
            ctx = ServiceContext(members.resolve_actor(ADMIN, os_user=""), _now)
            app = MPMApp(ctx, workspace="benchmark", mode="workload", clock=_now)
            clock = FrameClock(app)
            queries = QueryCounter()
            drawn = clock.watching(WorkloadGrid, lambda grid: bool(grid.lines))
            with queries.installed(), drawn, clock.collecting():
                queries.active = True
                started = time.perf_counter()
                async with app.run_test(size=SIZE):
                    frame = await clock.wait_for(lambda f: f.marked)
                    assert clock.mount_at is not None
                    queries.active = False
                    queries_screen = queries.count
                    screen = app.screen
                    if not isinstance(screen, WorkloadScreen) or screen.view is None:
                        raise RuntimeError(f"expected the workload screen, got {screen!r}")
                    grid = screen.grid
                    if not grid.lines:
                        raise RuntimeError("the workload screen drew no heatmap")
                    await clock.settle()
                    rows = len(grid.selectable)
                    weeks_loaded = len(screen.view.weeks)
                    weeks_visible = grid.columns.weeks
                    panel_beside = screen.has_class("-wide")
                    lines = len(grid.lines)
                    await clock.run([("home", False)])
                    down_run = ["j"] * min(DOWN_RUN, max(1, rows - 1))
                    down = await clock.run(_keys(down_run, ["home"], presses))
                    await clock.run([("home", False), ("t", False)])
                    right_run = ["l"] * max(1, weeks_loaded - 1)
                    right = await clock.run(_keys(right_run, ["t"], presses))
                    await clock.run([("t", False)])
                    queries.count, queries.active = 0, True
                    await clock.run([("right_square_bracket", False)])
                    queries.active = False
                    queries_shift = queries.count
                    await clock.run([("t", False)])
                    shift_run = ["right_square_bracket"] * SHIFT_RUN
                    shift = await clock.run(_keys(shift_run, ["t"], presses))
                captured: list[Inputs] = []
                with capturing_inputs(captured):
                    queries_load, view = queries.measure(lambda: load_workload(ctx.today(), WEEKS))
            today = ctx.today()
            load_times, _ = _timed(lambda: load_workload(today, WEEKS), REPEATS)
            inputs = captured[0]

            def compute(on: Inputs) -> Any:
                return compute_workload(
                    on.people, on.work, on.weeks, holidays=on.holidays, share=on.share
                )

            compute_times, _ = _timed(lambda: compute(inputs), REPEATS)
            headline_times: list[float] = []
            headline_tasks = 0
            if len(inputs.people) >= HEADLINE_MEMBERS:
                headline = headline_inputs(inputs)
                headline_tasks = len(headline.work)
                headline_times, _ = _timed(lambda: compute(headline), REPEATS)
            tasks = Task.select().count()
            settings.set_setting(ctx, SHARE_KEY, SHARE)
            with queries.installed():
                queries_shared, _ = queries.measure(lambda: load_workload(today, WEEKS))
            shared_times, _ = _timed(lambda: load_workload(today, WEEKS), REPEATS)
        finally:
            close_database()
    return WorkloadRun(
        members=len(inputs.people),
        shown=len(view.people),
        open_tasks=len(view.tasks),
        tasks=tasks,
        weeks_loaded=weeks_loaded,
        weeks_visible=weeks_visible,
        panel_beside=panel_beside,
        lines=lines,
        first_frame=frame.at - clock.mount_at,
        first_frame_from_start=frame.at - started,
        down=down,
        right=right,
        shift=shift,
        queries_screen=queries_screen,
        queries_shift=queries_shift,
        queries_load=queries_load,
        queries_shared=queries_shared,
        load_times=load_times,
        compute_times=compute_times,
        headline_times=headline_times,
        headline_tasks=headline_tasks,
        shared_times=shared_times,
        keys=clock.keys_pressed,
    )
