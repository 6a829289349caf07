"""Counting a load's database statements, and timing a load on its own.

Shared by the timeline, workload and dashboard suites: a screen must load what
it shows in the same number of queries at every workspace size.
"""

from __future__ import annotations

import gc
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from benchmarks.report import Row


@dataclass
class QueryCounter:
    """Counts the statements the database runs while `active`."""

    active: bool = False
    count: int = 0

    @contextmanager
    def installed(self) -> Iterator[QueryCounter]:
        from mpm_tui.db.database import db

        database = db.obj
        original = database.execute_sql

        def execute_sql(sql: str, params: Any = None, *args: Any, **kwargs: Any) -> Any:
            if self.active:
                self.count += 1
            return original(sql, params, *args, **kwargs)

        database.execute_sql = execute_sql
        try:
            yield self
        finally:
            del database.execute_sql

    def measure(self, run: Callable[[], Any]) -> tuple[int, Any]:
        """The queries `run()` made, and what it returned."""
        self.count, self.active = 0, True
        try:
            result = run()
        finally:
            self.active = False
        return self.count, result


def timed(run: Callable[[], Any], repeats: int) -> tuple[list[float], Any]:
    """Seconds of each of `repeats` calls (the garbage of the one before collected first)."""
    times, result = [], None
    for _ in range(repeats):
        result = None
        gc.collect()
        started = time.perf_counter()
        result = run()
        times.append(time.perf_counter() - started)
    return times, result


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
