"""Run one suite on one workspace, in a fresh process, and turn it into rows.

Each (suite, size) runs in its own Python process (`python -m
benchmarks.runner SUITE SIZE SEED PRESSES`), so no measurement inherits warm
caches, memory or a database connection from another.
"""

from __future__ import annotations

import asyncio
import json
import statistics
import subprocess
import sys
from dataclasses import asdict
from typing import Any

from benchmarks.harness import Press, Stats, latencies
from benchmarks.report import Row, Target

KEY_TARGET = Target(0.025, 0.060)
"""The issue's key → frame target: median ≤ 25 ms, worst < 60 ms."""
DROP_TARGET = Target(0.030)
"""Issue 9's target for a card drop including the database write: median ≤ 30 ms."""
FIRST_FRAME_TARGET = Target(0.3)
"""The issue's first-frame target: the board drawn within 0.3 s of the app being up."""
MARKER = "BENCH-JSON "


def _size_label(size: int) -> str:
    return f"{size:,} tasks"


def cpu_note(presses: list[Press], which: str) -> str:
    """The median CPU time this process spent in the same window (the rest is waiting),
    the first press when it was the slowest, and the longest garbage collection."""
    values, _ = latencies(presses, which, cpu=True)
    if not values:
        return ""
    parts = [f"CPU {statistics.median(values) * 1000:.1f} ms"]
    walls = [p.latency(which) or 0.0 for p in presses]
    if walls[0] == max(walls) and len(walls) > 1:
        parts.append(f"1st press {walls[0] * 1000:.0f} ms, then ≤ {max(walls[1:]) * 1000:.0f}")
    gc_max = max(p.gc_time(which) for p in presses)
    if gc_max >= 0.005:
        slowed = sum(p.gc_time(which) >= 0.005 for p in presses)
        parts.append(
            f"GC ≥ 5 ms in {slowed} of {len(presses)} presses (max {gc_max * 1000:.0f} ms)"
        )
    return " · ".join(parts)


def latency_rows(
    label: str,
    name: str,
    presses: list[Press],
    target: Target | None,
    note: str = "",
    drawn: str = "board frame",
    *,
    settled_if_later: bool = False,
) -> list[Row]:
    """Key → drawn frame (checked against `target`) and key → last frame; with
    `settled_if_later`, the second row only when some key drew a later frame."""
    rows = []
    kinds = [("first", drawn, target), ("settled", "all settled", None)]
    if settled_if_later and all(p.frame("first") is p.frame("settled") for p in presses):
        kinds.pop()
    for which, suffix, tgt in kinds:
        values, missing = latencies(presses, which)
        why = f"{missing} of {len(presses)} keys drew no frame" if missing else ""
        extra = note if which == "first" else ""
        rows.append(
            Row(
                label,
                f"{name} → {suffix}",
                Stats.of(values) if values else None,
                target=tgt,
                note=" · ".join(n for n in (cpu_note(presses, which), why, extra) if n),
            )
        )
    return rows


def floor_rows(presses: int) -> tuple[list[Row], list[str]]:
    from benchmarks.board import run_floor

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
    from benchmarks.board import run_board
    from benchmarks.generate import profile, workspace_db

    path, _ = workspace_db(size, seed)
    run = asyncio.run(run_board(path, presses))
    label = _size_label(size)
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
    ]
    return rows, notes


def timeline_key_target(size: int) -> Target:
    """The performance issue's target for scrolling the timeline: median ≤ 25 ms,
    worst ≤ 60 ms at 1,000 tasks and ≤ 80 ms at 10,000."""
    return Target(0.025, 0.060 if size <= 1000 else 0.080)


def schedule_target(size: int) -> Target:
    """The critical path method: ≤ 10 ms at 1,000 tasks, ≤ 100 ms at 10,000."""
    return Target(0.010 if size <= 1000 else 0.100)


QUERIES = "queries per timeline load"
RELOAD_QUERIES = "queries per screen reload (r)"


def timeline_rows(size: int, seed: int, presses: int) -> tuple[list[Row], list[str]]:
    from benchmarks.generate import workspace_db
    from benchmarks.timeline import run_timeline

    path, _ = workspace_db(size, seed)
    run = asyncio.run(run_timeline(path, presses))
    label = _size_label(size)
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


def same_queries(rows: list[Row], measures: tuple[tuple[str, str], ...]) -> list[str]:
    """For each (measure, what): its query counts by workspace, and whether they agree."""
    lines = []
    for measure, what in measures:
        counts = {
            r.workspace: int(r.stats.median) for r in rows if r.measure == measure and r.stats
        }
        if not counts:
            continue
        same = len(set(counts.values())) == 1
        listed = ", ".join(f"{n} at {workspace}" for workspace, n in counts.items())
        verdict = "the same at every size ✓" if same else "NOT the same at every size ✗"
        lines.append(f"- Queries per {what}: {listed}: {verdict}.")
    return lines


WORKLOAD_QUERIES = "queries per load_workload()"
WORKLOAD_SHARED_QUERIES = "queries per load_workload(), collaborators carry a share"
SHIFT_QUERIES = "queries per week shift (])"


def workload_rows(size: int, seed: int, presses: int) -> tuple[list[Row], list[str]]:
    from benchmarks.generate import workspace_db
    from benchmarks.workload import HEADLINE_MEMBERS, SHARE, WEEKS, run_workload

    path, _ = workspace_db(size, seed)
    run = asyncio.run(run_workload(path, presses))
    label = _size_label(size)
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
                ("shift weeks (]) + reload", run.shift),
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


DASHBOARD_QUERIES = "queries per load_dashboard()"
DASHBOARD_RELOAD_QUERIES = "queries per dashboard reload (r)"


def dashboard_rows(size: int, seed: int, presses: int) -> tuple[list[Row], list[str]]:
    from benchmarks.dashboard import REPEATS, run_dashboard
    from benchmarks.generate import workspace_db

    path, _ = workspace_db(size, seed)
    run = asyncio.run(run_dashboard(path, presses))
    label = _size_label(size)
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


SUITES = ("floor", "board", "timeline", "workload", "dashboard")
"""Measurement groups, in the order they run (`--only` picks some)."""


def _row_from(data: dict[str, Any]) -> Row:
    stats = Stats(**data["stats"]) if data["stats"] else None
    target = Target(**data["target"]) if data["target"] else None
    return Row(**{**data, "stats": stats, "target": target})


def run_isolated(suite: str, size: int, seed: int, presses: int) -> tuple[list[Row], list[str]]:
    """Run a suite in a fresh interpreter; its stderr passes through."""
    args = [sys.executable, "-m", "benchmarks.runner", suite, str(size), str(seed), str(presses)]
    done = subprocess.run(args, stdout=subprocess.PIPE, text=True, check=False)
    payload = next(
        (line[len(MARKER) :] for line in done.stdout.splitlines() if line.startswith(MARKER)),
        None,
    )
    if done.returncode != 0 or payload is None:
        raise RuntimeError(f"{suite} at size {size} failed (exit {done.returncode})")
    data = json.loads(payload)
    return [_row_from(r) for r in data["rows"]], data["notes"]


def main(argv: list[str]) -> None:
    suite, size, seed, presses = argv[0], *(int(a) for a in argv[1:4])
    if suite == "floor":
        rows, notes = floor_rows(presses)
    elif suite == "board":
        rows, notes = board_rows(size, seed, presses)
    elif suite == "timeline":
        rows, notes = timeline_rows(size, seed, presses)
    elif suite == "workload":
        rows, notes = workload_rows(size, seed, presses)
    elif suite == "dashboard":
        rows, notes = dashboard_rows(size, seed, presses)
    else:
        raise SystemExit(f"unknown suite {suite!r}: one of {', '.join(SUITES)}")
    print(MARKER + json.dumps({"rows": [asdict(r) for r in rows], "notes": notes}))


if __name__ == "__main__":
    main(sys.argv[1:])
