"""The words of the workload: a cell (assigned days against capacity), its band and
symbol, and how the heatmap and the report print them. Pure Python.

`logic.workload` works the cells out; everything here is also importable from it.
"""

from __future__ import annotations

import math
from enum import StrEnum
from typing import NamedTuple

NEAR = 0.85
"""Utilisation from which a week is near capacity."""
OVER = 1.0
"""Utilisation from which a week is over capacity."""
_EPSILON = 1e-9


class Band(StrEnum):
    """How full a week is; each band has a symbol so colour is never the only cue."""

    OFF = "off"  # no capacity and nothing assigned (time off, a holiday week)
    FREE = "free"  # nothing assigned
    UNDER = "under"
    NEAR = "near"
    OVER = "over"

    @property
    def symbol(self) -> str:
        return BAND_SYMBOLS[self]


BAND_SYMBOLS: dict[Band, str] = {
    Band.OFF: "-",
    Band.FREE: "·",
    Band.UNDER: "○",
    Band.NEAR: "◐",
    Band.OVER: "▲",
}


BAND_LEGEND = "· free ○ under ◐ near ≥85% ▲ over ≥100% - off"
"""What the symbols mean, for the screen's legend and the report's."""


def band_of(assigned: float, capacity: float) -> Band:
    """The band of `assigned` days against `capacity` (the thresholds are inclusive)."""
    if assigned <= _EPSILON:
        return Band.FREE if capacity > _EPSILON else Band.OFF
    if capacity <= _EPSILON:
        return Band.OVER
    use = assigned / capacity + _EPSILON
    if use >= OVER:
        return Band.OVER
    if use >= NEAR:
        return Band.NEAR
    return Band.UNDER


class Load(NamedTuple):
    """Part of a task carried by one person (None: unassigned) in one week."""

    task: int
    days: float


class Cell(NamedTuple):
    """One person's (or a total's) week: assigned days against capacity."""

    assigned: float
    capacity: float
    tasks: int  # how many tasks at once

    @property
    def band(self) -> Band:
        return band_of(self.assigned, self.capacity)

    @property
    def utilisation(self) -> float | None:
        """assigned / capacity (None: no capacity)."""
        if self.capacity <= _EPSILON:
            return None
        return self.assigned / self.capacity


Who = int | None
"""A member id, or None for unassigned work."""


def format_days(days: float) -> str:
    """`4`, `4.5`, `0.3`: days to one decimal, halves up (4.25 → `4.3`), no trailing `.0`."""
    tenths = math.floor(days * 10 + 0.5 + _EPSILON)
    whole, tenth = divmod(tenths, 10)
    return f"{whole}" if not tenth else f"{whole}.{tenth}"


def cell_text(cell: Cell) -> str:
    """`4.5/5`: assigned over capacity, as the heatmap and the report print it."""
    return f"{format_days(cell.assigned)}/{format_days(cell.capacity)}"


def percent(cell: Cell) -> str:
    """Utilisation as `90%` (`-` without capacity, `∞` for work on no capacity)."""
    use = cell.utilisation
    if use is None:
        return "∞" if cell.assigned > _EPSILON else "-"
    return f"{use * 100:.0f}%"
