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
counted with `benchmarks.queries.QueryCounter`.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from benchmarks.generate import workspace_db
from benchmarks.harness import Press, Stats, bench_app
from benchmarks.queries import QueryCounter, same_queries, timed
from benchmarks.report import Row
from benchmarks.runner import FIRST_FRAME_TARGET, latency_rows, size_label, timeline_key_target

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
"""`]` presses (a week later each, cut out of the window read around the weeks
shown; nearing its edge reads the next one in the background) before going back
(`t`, not timed)."""


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
    queries_shift: int  # one `]` (the weeks a week later, inside the window read: none)
    queries_load: int  # load_workload(today, 26) alone
    queries_shared: int  # the same with collaborators carrying SHARE of each task
    load_times: list[float] = field(default_factory=list)
    compute_times: list[float] = field(default_factory=list)
    headline_times: list[float] = field(default_factory=list)  # 50 members × every task
    headline_tasks: int = 0
    shared_times: list[float] = field(default_factory=list)
    keys: int = 0


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
    from mpm_tui.db.models import Task
    from mpm_tui.logic.workload import compute_workload
    from mpm_tui.screens.workload import WorkloadScreen
    from mpm_tui.services import settings
    from mpm_tui.services.workload import SHARE_KEY, load_workload
    from mpm_tui.widgets.workload_grid import WorkloadGrid

    async with bench_app(db_path, "workload") as bench:
        clock, ctx = bench.clock, bench.ctx
        queries = QueryCounter()
        drawn = clock.watching(WorkloadGrid, lambda grid: bool(grid.lines))
        with queries.installed(), drawn:
            queries.active = True
            async with bench.running():
                queries.active = False
                queries_screen = queries.count
                screen = bench.app.screen
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
        load_times, _ = timed(lambda: load_workload(today, WEEKS), REPEATS)
        inputs = captured[0]

        def compute(on: Inputs) -> Any:
            return compute_workload(
                on.people, on.work, on.weeks, holidays=on.holidays, share=on.share
            )

        compute_times, _ = timed(lambda: compute(inputs), REPEATS)
        headline_times: list[float] = []
        headline_tasks = 0
        if len(inputs.people) >= HEADLINE_MEMBERS:
            headline = headline_inputs(inputs)
            headline_tasks = len(headline.work)
            headline_times, _ = timed(lambda: compute(headline), REPEATS)
        tasks = Task.select().count()
        settings.set_setting(ctx, SHARE_KEY, SHARE)
        with queries.installed():
            queries_shared, _ = queries.measure(lambda: load_workload(today, WEEKS))
        shared_times, _ = timed(lambda: load_workload(today, WEEKS), REPEATS)
    return WorkloadRun(
        members=len(inputs.people),
        shown=len(view.people),
        open_tasks=len(view.tasks),
        tasks=tasks,
        weeks_loaded=weeks_loaded,
        weeks_visible=weeks_visible,
        panel_beside=panel_beside,
        lines=lines,
        first_frame=bench.first_frame,
        first_frame_from_start=bench.first_frame_from_start,
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


WORKLOAD_QUERIES = "queries per load_workload()"
WORKLOAD_SHARED_QUERIES = "queries per load_workload(), collaborators carry a share"
SHIFT_QUERIES = "queries per week shift (])"


def workload_rows(size: int, seed: int, presses: int) -> tuple[list[Row], list[str]]:
    path, _ = workspace_db(size, seed)
    run = asyncio.run(run_workload(path, presses))
    label = size_label(size)
    keys = timeline_key_target(size)
    share = f"{float(SHARE):.0%}"
    placed = "beside" if run.panel_beside else "under"
    notes = [
        f"- **{label}** (seed {seed}): {run.members} members ({run.shown} shown), "
        f"{run.open_tasks:,} open tasks of {run.tasks:,}; the screen loads {run.weeks_loaded} "
        f"weeks ({run.weeks_visible} visible at 160 columns), {run.lines} heatmap lines, the "
        f"task panel {placed} the heatmap; {run.first_frame_from_start:.3f} s from "
        "`run_test()` entered to the first heatmap frame.",
        f"  Queries: {run.queries_load} per `load_workload(today, {WEEKS})` "
        f"({run.queries_shared} with collaborators carrying {share}), {run.queries_screen} "
        f"from `run_test()` entered to the first heatmap frame, {run.queries_shift} for a "
        "week shift (`]`).",
    ]
    shape = f"{run.members} members × {run.open_tasks:,} open tasks × {WEEKS} weeks"
    rows = [
        Row(
            label,
            f"load_workload(today, {WEEKS}) (queries + compute)",
            Stats.of(run.load_times),
            note=f"{len(run.load_times)} runs · {shape}",
        ),
        Row(
            label,
            f"load_workload(today, {WEEKS}), collaborators carry {share}",
            Stats.of(run.shared_times),
            note=f"{len(run.shared_times)} runs · {shape}",
        ),
        Row(
            label,
            f"compute_workload() alone, {WEEKS} weeks",
            Stats.of(run.compute_times),
            note=f"{len(run.compute_times)} runs · {shape} (the service's own inputs)",
        ),
    ]
    if run.headline_times:
        rows.append(
            Row(
                label,
                f"compute_workload() alone, {HEADLINE_MEMBERS} members × every task",
                Stats.of(run.headline_times),
                note=f"{len(run.headline_times)} runs · {HEADLINE_MEMBERS} members × "
                f"{run.headline_tasks:,} tasks (all, done ones as open; owners modulo "
                f"{HEADLINE_MEMBERS}) × {WEEKS} weeks"
                + (" · the issue's headline" if run.headline_tasks == 10000 else ""),
            )
        )
    rows += [
        Row(label, WORKLOAD_QUERIES, Stats.of([float(run.queries_load)]), unit="queries"),
        Row(
            label,
            WORKLOAD_SHARED_QUERIES,
            Stats.of([float(run.queries_shared)]),
            unit="queries",
            note=f"collaborator share {share}",
        ),
        Row(
            label,
            SHIFT_QUERIES,
            Stats.of([float(run.queries_shift)]),
            unit="queries",
            note=f"{run.queries_screen} from start-up to the first heatmap frame",
        ),
        Row(
            label,
            "first frame (app up → heatmap drawn)",
            Stats.of([run.first_frame]),
            unit="s",
            target=FIRST_FRAME_TARGET,
            note="board's target",
        ),
        *(
            row
            for name, presses_of in (
                ("cursor down (j)", run.down),
                ("cursor right (l)", run.right),
                ("shift weeks (])", run.shift),
            )
            for row in latency_rows(
                label, name, presses_of, keys, drawn="heatmap frame", settled_if_later=True
            )
        ),
    ]
    return rows, notes


def workload_summary(rows: list[Row]) -> list[str]:
    """Whether the workload's loads made the same number of queries at every size."""
    return same_queries(
        rows,
        (
            (WORKLOAD_QUERIES, "`load_workload()`"),
            (WORKLOAD_SHARED_QUERIES, "`load_workload()` with a collaborator share"),
            (SHIFT_QUERIES, "week shift (`]`)"),
        ),
    )
