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
            return f"{value * scale:.1f} {self.unit}" if self.unit == "ms" else f"{value:.3f} s"

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
  with the size. Cached in `benchmarks/.cache/`; each run uses a fresh copy.
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


def write_results(
    command: str, rows: list[Row], notes: list[str], load_at_start: str | None = None
) -> Path:
    text = "\n".join(
        [
            "# Benchmark results",
            "",
            "Written by `python -m benchmarks`; rerun it to refresh this file.",
            "",
            f"Command: `{command}`",
            "",
            "## Machine",
            "",
            *machine(load_at_start),
            "",
            "## Results",
            "",
            table(rows),
            "",
            *notes,
            "",
            HOW,
        ]
    )
    RESULTS.write_text(text, encoding="utf-8")
    return RESULTS
