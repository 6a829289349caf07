"""Result rows, the printed table, and `benchmarks/RESULTS.md`."""

from __future__ import annotations

import os
import platform
import sys
from dataclasses import dataclass
from datetime import datetime
from importlib.metadata import version
from pathlib import Path

from benchmarks.harness import Stats

RESULTS = Path(__file__).resolve().parent / "RESULTS.md"


@dataclass(frozen=True)
class Target:
    """A median and a worst case, in seconds (worst None: only the median counts)."""

    median: float
    worst: float | None = None

    def met(self, stats: Stats) -> bool:
        return stats.median <= self.median and (self.worst is None or stats.worst < self.worst)

    def describe(self, unit: float) -> str:
        text = f"median ≤ {self.median / unit:g}"
        return text + (f", worst < {self.worst / unit:g}" if self.worst is not None else "")


@dataclass(frozen=True)
class Row:
    workspace: str
    measure: str
    stats: Stats | None  # None: the measurement produced nothing (see note)
    unit: str = "ms"
    target: Target | None = None
    note: str = ""

    def cells(self) -> list[str]:
        scale = 1000.0 if self.unit == "ms" else 1.0
        if self.stats is None:
            return [self.workspace, self.measure, "—", "—", "—", "", "✗", self.note]

        def fmt(value: float) -> str:
            if self.unit == "ms":
                return f"{value * scale:.1f} ms"
            if self.unit == "s":
                return f"{value:.3f} s"
            return f"{value:,.0f} {self.unit}"  # a count: lines, queries

        single = self.stats.count == 1
        values = [fmt(self.stats.median)] + (
            ["", ""] if single else [fmt(self.stats.p95), fmt(self.stats.worst)]
        )
        target, mark = "", ""
        if self.target is not None:
            target = self.target.describe(1 / scale) + (" ms" if self.unit == "ms" else " s")
            mark = "✓" if self.target.met(self.stats) else "✗"
        return [self.workspace, self.measure, *values, target, mark, self.note]


HEADERS = ["workspace", "measurement", "median", "p95", "worst", "target", "ok", "note"]


def table(rows: list[Row]) -> str:
    """A Markdown table, aligned so that it also reads well on a terminal."""
    cells = [HEADERS, *(row.cells() for row in rows)]
    widths = [max(len(line[i]) for line in cells) for i in range(len(HEADERS))]

    def line(values: list[str]) -> str:
        return "| " + " | ".join(v.ljust(w) for v, w in zip(values, widths, strict=True)) + " |"

    rule = "|" + "|".join("-" * (w + 2) for w in widths) + "|"
    return "\n".join([line(cells[0]), rule, *(line(c) for c in cells[1:])])


def cpu_model() -> str:
    try:
        text = Path("/proc/cpuinfo").read_text(encoding="utf-8")
    except OSError:
        return platform.processor() or "unknown CPU"
    for raw in text.splitlines():
        key, _, value = raw.partition(":")
        if key.strip() in {"model name", "Model", "Hardware"}:
            return value.strip()
    return "unknown CPU"


def load_average() -> str:
    try:
        return ", ".join(f"{v:.2f}" for v in os.getloadavg())
    except OSError:
        return "unknown"


def machine(load_at_start: str | None = None) -> list[str]:
    """Facts about where the numbers were taken."""
    load = f"{load_at_start} at the start, " if load_at_start else ""
    return [
        f"- CPU: {os.cpu_count()} × {cpu_model()} ({platform.machine()})",
        f"- OS: {platform.system()} {platform.release()}",
        f"- Python {platform.python_version()} ({sys.implementation.name})",
        f"- Textual {version('textual')}, Rich {version('rich')}, Peewee {version('peewee')}",
        f"- Date: {datetime.now().astimezone().strftime('%Y-%m-%d %H:%M %Z')}",
        f"- Load average (1, 5, 15 min): {load}{load_average()} at the end "
        "(other processes on the machine skew the numbers: compare CPU with wall time)",
    ]


HOW = """\
## How we measure

- **Workspaces** come from `benchmarks/generate.py`: deterministic from the
  size and `--seed`, built as a workspace document and loaded with the
  workspace importer (so the data passes the same validation as `mpm import`).
  90 % of the tasks are on the main board *Marketing* (To Do / In Progress
  (WIP limit) / Review (WIP limit) / Done); the rest on two smaller boards.
  Members, projects, dependencies, milestones, checklists and comments scale
  with the size. Projects, task dates and milestones spread over about a year
  around "now" (eight months back, four ahead), tasks after those they depend
  on. Cached in `benchmarks/.cache/`; each run uses a fresh copy.
- **The app** is the real `MPMApp`, run in-process and headless
  (`App.run_test(size=(160, 45))`), acting as the workspace's admin, with the
  clock frozen at the generator's "now". Nothing in `mpm_tui` is changed:
  the hooks are set on the app instance and on `BoardCanvas.render_line`.
- **Key in**: the `events.Key` reaching `App.on_event` (keys are posted to the
  app's queue as the terminal driver does; `Pilot.press` is not used, its idle
  waits add a ~90 ms floor).
- **Frame out**: the end of `App._display` for a compositor update. The
  headless driver skips serialising frames, so the hook does the work a real
  terminal write does (`render_segments` into the escape-sequence string) and
  stamps after it; only the terminal's own I/O is left out.
- **board frame**: key in → the first frame in which the board canvas
  redrew, i.e. the frame that shows the moved cursor or card. This is what the
  targets are checked against.
- **all settled**: key in → the last frame the key caused (the detail line
  under the board and the footer update a frame or two later). After each key
  the harness waits until no frame has been written for 50 ms before the
  next key.
- **first frame**: the app's own `Mount` event (the app is up, the board
  screen not yet built) → the first frame in which the board canvas drew
  cards. Includes loading the board from the database.
- **Interactions**: focus moves cycle `j`×20, `l`, `k`×20, `l`, …; carried
  moves pick the top To Do card up (`space`, not timed), carry it `l l l h h h`
  across all four columns (timed) and put it back (`escape`, not timed);
  drops time the final `space` of `space l space` / `space h space` (To Do ↔
  In Progress), which writes the move to the database (`tasks.move_task`,
  shifting the positions below it in both columns) and patches the board in
  memory. Issue 3 sets no target for drops; the target shown is issue 9's
  (median ≤ 30 ms including the write).
- **Floor**: the same harness on a near-empty app (Header, a Label updated by
  a binding, Footer): the cost of Textual itself plus the harness.
- Percentiles: p95 is the nearest-rank 95th percentile; worst is the maximum.
  The first press of a run is included (it pays one-off style work).
- **Notes** per row: *CPU* is this process's CPU time in the same window
  (wall ≫ CPU means the machine was busy elsewhere); *GC* is garbage
  collection inside the window. Per workspace, *Heap* is the growth in live
  Python objects (after a full collection) from the first frame to the last
  key, and widgets already removed from the screen but still referenced.
- Each workspace size runs in its own Python process, so no run inherits
  warm caches or memory from another.
"""


TIMELINE_TARGETS = """\
Targets (the performance issue): the schedule (critical path method) ≤ 10 ms
at 1,000 tasks and ≤ 100 ms at 10,000; key → frame for the timeline median
≤ 25 ms, worst ≤ 60 ms at 1,000 tasks and ≤ 80 ms at 10,000; the same number
of queries per timeline load at every size. The issue sets no first-frame
target for the timeline: the board's 0.3 s is shown for comparison."""

TIMELINE_HOW = """\
### How the timeline is measured

- The same workspaces, app, harness and percentiles as the board (see *How
  we measure*), started in the timeline mode (`MPMApp(..., mode="timeline")`,
  the week zoom, 160 × 45). Every project of the generated workspaces is in
  progress, so the chart holds every task, milestone and project.
- **chart frame**: key in → the first frame in which the timeline canvas
  rendered lines; **all settled** as for the board (the detail line under the
  chart follows a row move a frame later).
- **first frame**: the app's `Mount` → the first frame with the chart drawn;
  includes `load_timeline()`, `schedule_of()` and `build_rows()`.
- **Interactions** (each timed key sequence starts from a known place, the
  moves there not timed): `g` (where the timeline starts), then `l`×40 `h`×40
  (a week a key) repeated; `g`, then `L L L H H H` (a screenful a key: the
  whole year and back); `t` `home`, then `j`×60 `k`×60 (past the screen's
  height, so the rows scroll; a bar off the chart scrolls time too); `home`,
  then `z` repeated (week → month → day → week).
- **Queries**: a counting wrapper on the database's `execute_sql` counts the
  statements of one `load_timeline()` call, of the start-up up to the first
  chart frame, and of a reload (`r`).
- **Alone**: `load_timeline()`, `schedule_of(data, today)` and
  `build_rows(data, schedule, set())` timed on their own after the app has
  closed (same process, same database), 7 runs each, a full garbage
  collection before each (collections the run itself sets off count); the
  median is compared with the target.
- **Only what is visible is drawn**: during the timed keys the canvas's
  `render_lines`, `render_line` and `_chart` are wrapped to count, for each
  redraw, the `render_line` calls (one per line of the canvas: the same at
  every size), the chart rows painted, and the cells of each chart row (the
  chart's width in cells, whatever the number of rows or the span of dates).
  *canvas redraw* is the time of one `render_lines` pass."""


WORKLOAD_TARGETS = """\
The workload issue's headline is the aggregation time, "50 members × 10,000
tasks × 26 weeks", with the same number of queries per load at every size.
It sets no key → frame target for the workload screen: the timeline's (median
≤ 25 ms, worst ≤ 60 ms at 1,000 tasks and ≤ 80 ms at 10,000) and the board's
first-frame 0.3 s are shown for comparison."""

WORKLOAD_HOW = """\
### How the workload is measured

- **Aggregation** (after the app has closed, same process, same database,
  25 runs each, a full garbage collection before each, as for the timeline's
  *alone* rows): `load_workload(today, 26)` end to end (the queries and
  `compute_workload`); the same with the workspace's collaborator share set to
  30 % (the generated workspaces keep the default 0, where collaborators carry
  nothing and their query is skipped); and `compute_workload` alone on the
  very inputs the service built (captured from one `load_workload` call).
  The generated workspaces have 20/50/200 members and only their open tasks
  count (about half are done), so where a workspace has 50 members or more,
  `compute_workload` is also timed on the headline's shape exactly: the first
  50 of its members and *every* task of the workspace as open work (owners
  and collaborators reassigned modulo 50), over the same 26 weeks. At 10,000
  tasks that row is the issue's headline number.
- **Queries**: the timeline's counting wrapper on `execute_sql`, for one
  `load_workload(today, 26)` call, for the start-up up to the first heatmap
  frame, and for one week shift (`]`: the activity check and a reload).
- **The screen**: the same app, harness, size (160 × 45) and percentiles as
  the board and the timeline, started in the workload mode
  (`MPMApp(..., mode="workload")`, 8 weeks loaded from this week).
  **heatmap frame**: key in → the first frame in which the heatmap
  (`WorkloadGrid`) rendered lines; **all settled**: → the last frame the key
  caused (the task panel beside or under the heatmap is filled for the new
  cell after the heatmap's frame). **first frame**: the app's `Mount` → the
  first frame with the heatmap drawn (includes `load_workload` for 8 weeks).
- **Interactions** (the moves back not timed): `home`, then `j` down the
  people (40 at most, past the screen's height where there are that many;
  then `home` again); `home` `t`, then `l` from the first loaded week to the
  last (7 keys, then `t`); `]` 8 times (a week later each, each a reload:
  the activity check, `load_workload` for 8 weeks, the heatmap and the panel
  redrawn), then `t` back to this week."""


def _sections(text: str) -> dict[str, str]:
    """The file's `## ` sections by title (each with its body, no trailing blank lines)."""
    found: dict[str, str] = {}
    title = None
    lines: list[str] = []
    for raw in [*text.splitlines(), "## "]:
        if raw.startswith("## "):
            if title is not None:
                found[title] = "\n".join(lines).rstrip()
            title, lines = raw[3:].strip(), [raw]
        elif title is not None:
            lines.append(raw)
    return found


DASHBOARD_TARGETS = """\
The dashboard issue asks for a constant number of queries whatever the
workspace's size; it sets no time target: the board's first-frame 0.3 s and the
timeline's key → frame (median ≤ 25 ms, worst ≤ 60 ms at 1,000 tasks and ≤ 80 ms
at 10,000) are shown for comparison."""

DASHBOARD_HOW = """\
### How the dashboard is measured

- **Load** (after the app has closed, same process, same database, 15 runs
  each, a full garbage collection before each): `load_dashboard(now)` end to
  end, and its parts: the project rows (`portfolio()`: the timeline's data,
  its schedule, the states, progress, KGIs, budgets), this week's workload
  (`loaded_members`), and the WIP, completions and top-risks panels.
- **Screen**: the app started in the dashboard mode at 160 × 45 (same harness
  as the board); queries counted from `run_test()` to the first frame with
  the portfolio table drawn, and for a reload (`r`); `j`/`k` move the table's
  cursor, timed key → frame."""


def _kept(previous: str, title: str) -> list[str]:
    """A section of the previous file, stamped with the command that wrote it."""
    body = _sections(previous).get(title)
    if body is None:
        return [f"## {title}", "", "Not measured yet.", ""]
    lines = body.splitlines()
    if not any(line.startswith("Command: ") for line in lines[1:4]):
        old = previous.splitlines()
        command = next((x for x in old if x.startswith("Command: ")), "")
        when = next((x.split(": ", 1)[1] for x in old if x.startswith("- Date: ")), "")
        load = next((x.split(": ", 1)[1] for x in old if x.startswith("- Load average")), "")
        load = load.split(" (other processes")[0]
        if command:
            stamp = ", ".join(part for part in (command, when) if part)
            lines[1:1] = ["", stamp + (f"; load average (1, 5, 15 min) {load}" if load else "")]
    return [*lines, ""]


def write_results(
    command: str,
    rows: list[Row],
    notes: list[str],
    load_at_start: str | None = None,
    timeline: tuple[list[Row], list[str]] | None = None,
    workload: tuple[list[Row], list[str]] | None = None,
    dashboard: tuple[list[Row], list[str]] | None = None,
) -> Path:
    """Write RESULTS.md: `rows`/`notes` are the floor and board results, `timeline`
    the timeline's, `workload` the workload's, `dashboard` the dashboard's. A section
    whose suites did not run this time (no rows, or `timeline`/`workload`/`dashboard`
    None) is kept as the previous file had it."""
    previous = RESULTS.read_text(encoding="utf-8") if RESULTS.exists() else ""
    stamp = f"Command: `{command}`, {datetime.now().astimezone().strftime('%Y-%m-%d %H:%M %Z')}" + (
        f"; load average (1, 5, 15 min) {load_at_start} at the start" if load_at_start else ""
    )
    board = (
        ["## Results", "", stamp, "", table(rows), "", *notes, ""]
        if rows
        else _kept(previous, "Results")
    )
    if timeline is not None:
        found, more = timeline
        chart = [
            "## Timeline",
            "",
            stamp,
            "",
            TIMELINE_TARGETS,
            "",
            table(found),
            "",
            *more,
            "",
            TIMELINE_HOW,
            "",
        ]
    else:
        chart = _kept(previous, "Timeline")
    if workload is not None:
        found, more = workload
        heatmap = [
            "## Workload",
            "",
            stamp,
            "",
            WORKLOAD_TARGETS,
            "",
            table(found),
            "",
            *more,
            "",
            WORKLOAD_HOW,
            "",
        ]
    else:
        heatmap = _kept(previous, "Workload")
    if dashboard is not None:
        found, more = dashboard
        portfolio = [
            "## Dashboard",
            "",
            stamp,
            "",
            DASHBOARD_TARGETS,
            "",
            table(found),
            "",
            *more,
            "",
            DASHBOARD_HOW,
            "",
        ]
    else:
        portfolio = _kept(previous, "Dashboard")
    text = "\n".join(
        [
            "# Benchmark results",
            "",
            "Written by `python -m benchmarks`; rerun it to refresh this file (with",
            "`--only`, the sections of the other suites are kept as they were).",
            "",
            "## Machine",
            "",
            *machine(load_at_start),
            "",
            *board,
            *chart,
            *heatmap,
            *portfolio,
            HOW,
        ]
    )
    RESULTS.write_text(text, encoding="utf-8")
    return RESULTS
