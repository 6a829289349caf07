"""Every benchmark suite, in the order they run: adding a suite is one entry here.

A suite's `rows(size, seed, presses)` runs in its own Python process
(`benchmarks.runner.run_isolated`), once per workspace size (once in all, with
size 0, for a suite that is not `sized`; once more first for a `baseline`),
and returns result rows and notes; its `summary`
(in the parent) adds notes over every size, e.g. whether the query counts
agree. Suites sharing a `Section` share one table in RESULTS.md.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from benchmarks import board, dashboard, memory, startup, switch, texts, timeline, workload
from benchmarks.report import Row, Section

Rows = Callable[[int, int, int], tuple[list[Row], list[str]]]


@dataclass(frozen=True)
class Suite:
    name: str
    """What `--only` calls it."""
    section: Section
    rows: Rows
    summary: Callable[[list[Row]], list[str]] | None = None
    sized: bool = True
    """Measured on each workspace size (False: once, no workspace)."""
    baseline: bool = False
    """Also run once before the sizes, with size 0: what does not depend on the
    workspace (the memory of a near-empty app, import times)."""

    def sizes(self, asked: list[int]) -> list[int]:
        """The sizes to run it at (0: the run without a workspace)."""
        if not self.sized:
            return [0]
        return [0, *asked] if self.baseline else list(asked)


RESULTS = Section("Results")
"""The floor and the board (how they are measured ends the file: `texts.HOW`)."""

SUITES: dict[str, Suite] = {
    suite.name: suite
    for suite in (
        Suite("floor", RESULTS, board.floor_rows, sized=False),
        Suite("board", RESULTS, board.board_rows, board.board_summary),
        Suite(
            "timeline",
            Section("Timeline", "Timeline", texts.TIMELINE_TARGETS, texts.TIMELINE_HOW),
            timeline.timeline_rows,
            timeline.timeline_summary,
        ),
        Suite(
            "workload",
            Section("Workload", "Workload", texts.WORKLOAD_TARGETS, texts.WORKLOAD_HOW),
            workload.workload_rows,
            workload.workload_summary,
        ),
        Suite(
            "dashboard",
            Section("Dashboard", "Dashboard", texts.DASHBOARD_TARGETS, texts.DASHBOARD_HOW),
            dashboard.dashboard_rows,
            dashboard.dashboard_summary,
        ),
        Suite(
            "switch",
            Section(
                "Switching screens",
                "Switching screens",
                texts.SWITCH_TARGETS,
                texts.SWITCH_HOW,
            ),
            switch.switch_rows,
        ),
        Suite(
            "startup",
            Section("Start-up", "Start-up", texts.STARTUP_TARGETS, texts.STARTUP_HOW),
            startup.startup_rows,
            baseline=True,
        ),
        Suite(
            "memory",
            Section("Memory", "Memory", texts.MEMORY_TARGETS, texts.MEMORY_HOW),
            memory.memory_rows,
            memory.memory_summary,
            baseline=True,
        ),
    )
}
"""By name, in the order they run (`--only` picks some)."""


def sections() -> list[Section]:
    """Every section once, in the order of its first suite."""
    return list(dict.fromkeys(suite.section for suite in SUITES.values()))
