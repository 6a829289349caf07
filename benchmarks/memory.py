"""Peak memory (RSS) after opening each screen, each in a fresh process.

`python -m benchmarks.memory MODE DB` starts the real `MPMApp` on `MODE`
(headless, 160×45, on a private copy of the workspace `DB`, as every app
suite does), waits for the first frame with the screen's data drawn, lets it
settle, and prints the process's peak resident set size
(`getrusage(RUSAGE_SELF).ru_maxrss`, KiB on Linux). `MODE` `all` opens the
board, then the timeline, the workload and the dashboard in one process (a
session that has seen every screen); `floor` runs the harness's near-empty
Textual app instead (no workspace): the baseline every number includes.
"""

from __future__ import annotations

import asyncio
import json
import resource
import subprocess
import sys
from pathlib import Path

from benchmarks.generate import workspace_db
from benchmarks.harness import SIZE, FrameClock, Press, Stats, bench_app
from benchmarks.report import Row, Target
from benchmarks.runner import MARKER, size_label
from benchmarks.screens import MODES, data_drawn

MB = 1024 * 1024
FLOOR = "near-empty app"
SESSION = ("timeline", "workload", "dashboard")
"""The keys of the `all` run, after the board: every screen with data, once."""


def memory_target(size: int) -> Target:
    """The performance issue: ≤ 120 MB at 1,000 tasks, ≤ 160 MB at 10,000."""
    return Target(120.0 if size <= 1000 else 160.0)


def peak_rss_kib() -> int:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def current_rss_kib() -> int:
    """Resident now (not the peak), from /proc; 0 where there is none."""
    try:
        pages = int(Path("/proc/self/statm").read_text().split()[1])
    except (OSError, IndexError, ValueError):
        return 0
    return pages * resource.getpagesize() // 1024


async def open_screen(db_path: Path, mode: str) -> None:
    """Start the app on `mode` (`all`: the board, then every other screen in turn)
    and return once the last screen's data is drawn and the app is quiet."""
    start = "board" if mode == "all" else mode
    async with bench_app(db_path, start, probe=data_drawn) as bench:
        clock = bench.clock
        clock.timeout = 30.0
        async with bench.running(ready=lambda f: f.data):
            await clock.settle()
            for name in SESSION if mode == "all" else ():
                screen = MODES[name].screen

                def arrived(press: Press, screen: str = screen) -> bool:
                    return any(f.screen == screen and f.data for f in press.frames)

                if not arrived(await clock.press(MODES[name].key, until=arrived)):
                    raise RuntimeError(f"the {name} drew no data")


async def open_floor() -> None:
    from benchmarks.board import FloorApp

    app = FloorApp()
    clock = FrameClock(app)
    async with app.run_test(size=SIZE):
        await clock.wait_for(lambda f: True)
        await clock.settle()


def measure(mode: str, db: str) -> tuple[int, int]:
    """(peak, current) RSS in KiB of a fresh process after opening `mode`."""
    args = [sys.executable, "-m", "benchmarks.memory", mode, db]
    done = subprocess.run(args, stdout=subprocess.PIPE, text=True, check=False)
    payload = next((x[len(MARKER) :] for x in done.stdout.splitlines() if x.startswith(MARKER)), "")
    if done.returncode != 0 or not payload:
        raise RuntimeError(f"memory of {mode} failed (exit {done.returncode})")
    data = json.loads(payload)
    return int(data["peak"]), int(data["current"])


def _mb(kib: int) -> float:
    return kib * 1024 / MB


def memory_rows(size: int, seed: int, presses: int) -> tuple[list[Row], list[str]]:
    """Peak RSS per screen at `size` tasks; size 0: the near-empty app (the floor)."""
    if size == 0:
        peak, current = measure("floor", "")
        note = f"Textual and the harness, no workspace · {_mb(current):.0f} MB resident after"
        return [Row(FLOOR, "peak RSS", Stats.of([_mb(peak)]), "MB", note=note)], []
    path, _ = workspace_db(size, seed)
    label = size_label(size)
    target = memory_target(size)
    shown = "" if size >= 1000 else "no target at this size: the 1,000 one is shown"
    rows = []
    for mode in [*MODES, "all"]:
        peak, current = measure(mode, str(path))
        what = "every screen in turn (1 → 2 → 3 → 5)" if mode == "all" else f"the {mode}"
        parts = [f"{_mb(current):.0f} MB resident after", shown]
        rows.append(
            Row(
                label,
                f"peak RSS, {what} opened",
                Stats.of([_mb(peak)]),
                "MB",
                target,
                " · ".join(n for n in parts if n),
            )
        )
    return rows, []


def memory_summary(rows: list[Row]) -> list[str]:
    """What each screen costs above the floor, at the largest size measured."""
    floor = next((r.stats.median for r in rows if r.workspace == FLOOR and r.stats), None)
    sized = [r for r in rows if r.workspace != FLOOR and r.stats]
    if floor is None or not sized:
        return []
    last = sized[-1].workspace
    above = ", ".join(
        f"{r.measure.removeprefix('peak RSS, ').removesuffix(' opened')} "
        f"+{r.stats.median - floor:.0f} MB"
        for r in sized
        if r.workspace == last and r.stats
    )
    return [f"- Above the near-empty app ({floor:.0f} MB) at {last}: {above}."]


def main(argv: list[str]) -> None:
    mode, db = argv[0], argv[1]
    if mode == "floor":
        asyncio.run(open_floor())
    else:
        if mode not in MODES and mode != "all":
            raise SystemExit(f"unknown screen {mode!r}: one of {', '.join(MODES)}, all, floor")
        asyncio.run(open_screen(Path(db), mode))
    print(MARKER + json.dumps({"peak": peak_rss_kib(), "current": current_rss_kib()}))


if __name__ == "__main__":
    main(sys.argv[1:])
