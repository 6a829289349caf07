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
    label: str, name: str, presses: list[Press], target: Target | None, note: str = ""
) -> list[Row]:
    rows = []
    for which, suffix, tgt in (("first", "board frame", target), ("settled", "all settled", None)):
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


SUITES = ("floor", "board")
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
    else:
        raise SystemExit(f"unknown suite {suite!r}: one of {', '.join(SUITES)}")
    print(MARKER + json.dumps({"rows": [asdict(r) for r in rows], "notes": notes}))


if __name__ == "__main__":
    main(sys.argv[1:])
