"""Run one suite on one workspace, in a fresh process; what every suite's rows share.

Each (suite, size) runs in its own Python process (`python -m
benchmarks.runner SUITE SIZE SEED PRESSES`), so no measurement inherits warm
caches, memory or a database connection from another. The suites are listed
in `benchmarks.suites`; each module turns its measurements into `Row`s with
the helpers here (`latency_rows`, the targets).
"""

from __future__ import annotations

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


def size_label(size: int) -> str:
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


def timeline_key_target(size: int) -> Target:
    """The performance issue's target for scrolling the timeline: median ≤ 25 ms,
    worst ≤ 60 ms at 1,000 tasks and ≤ 80 ms at 10,000."""
    return Target(0.025, 0.060 if size <= 1000 else 0.080)


def schedule_target(size: int) -> Target:
    """The critical path method: ≤ 10 ms at 1,000 tasks, ≤ 100 ms at 10,000."""
    return Target(0.010 if size <= 1000 else 0.100)


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
        where = f"at size {size}" if size else "without a workspace"
        raise RuntimeError(f"{suite} {where} failed (exit {done.returncode})")
    data = json.loads(payload)
    return [_row_from(r) for r in data["rows"]], data["notes"]


def main(argv: list[str]) -> None:
    from benchmarks.suites import SUITES

    name, size, seed, presses = argv[0], *(int(a) for a in argv[1:4])
    suite = SUITES.get(name)
    if suite is None:
        raise SystemExit(f"unknown suite {name!r}: one of {', '.join(SUITES)}")
    rows, notes = suite.rows(size, seed, presses)
    print(MARKER + json.dumps({"rows": [asdict(r) for r in rows], "notes": notes}))


if __name__ == "__main__":
    main(sys.argv[1:])
