"""What the workload heatmap shows where: its lines and its columns (no drawing here).

Lines: a group heading per team (internal, then each agency or vendor),
the people under it, then the unassigned work. Columns: name, WIP, as many
weeks as fit (at least the cursor's), then the row's total and its
unscheduled work when the width allows all the weeks as well.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import NamedTuple

from mpm_tui.logic.workload import Cell, Person, Who, cell_text, format_days
from mpm_tui.schemas.workload import WorkloadView

NAME_MIN, NAME_MAX = 14, 24
WIP_WIDTH = 5
CELL_MIN = 8
TOTAL_TITLE = "Total"
UNSCHEDULED_TITLE = "No date"


class Line(NamedTuple):
    """One line of the heatmap body: a group heading, a person, or unassigned work."""

    kind: str  # "group" | "person" | "unassigned"
    who: Who
    label: str
    person: Person | None = None


def lines_of(view: WorkloadView) -> list[Line]:
    """Group headings and rows, in the order of `view.rows()`."""
    out: list[Line] = []
    group = None
    for person in view.people:
        heading = (
            f"External · {person.organisation}"
            if person.external and person.organisation
            else "External"
            if person.external
            else "Internal"
        )
        if heading != group:
            out.append(Line("group", None, heading))
            group = heading
        out.append(Line("person", person.id, person.name, person))
    if view.show_unassigned:
        out.append(Line("unassigned", None, "Unassigned"))
    return out


@lru_cache(maxsize=4096)
def cell_label(cell: Cell, *, capacity: bool = True) -> str:
    """`4.5/5 ◐`, or for unassigned work (no capacity) `3`; `·` when empty (memoised:
    a team's cells repeat, and every load and frame labels them again)."""
    if not capacity:
        return format_days(cell.assigned) if cell.tasks else "·"
    return f"{cell_text(cell)} {cell.band.symbol}"


@dataclass(frozen=True)
class Columns:
    """Widths of the heatmap's columns for one terminal width."""

    name: int
    cell: int
    weeks: int  # how many weeks are visible
    total: int  # 0: not shown
    unscheduled: int  # 0: not shown

    @property
    def wip(self) -> int:
        return WIP_WIDTH

    def week_x(self, index: int) -> int:
        """Left edge of the `index`-th visible week."""
        return self.name + self.wip + index * self.cell


@dataclass(frozen=True)
class Widths:
    """The widest content of a view's columns: measured once per load, not per frame."""

    name: int
    cell: int
    total: int
    weeks: int
    week_total_symbols: bool = True
    """Every week's total fits with its band symbol (else none shows one, for an even row)."""


def measure(view: WorkloadView) -> Widths:
    workload = view.workload
    count = len(workload.weeks)
    # A person's label is `cell_text` and its band symbol: two more than the text.
    widest = [workload.widest(w) + 2 for w in range(count) if view.people]
    widest += [len(cell_text(workload.week_total(w))) for w in range(count)]
    totals = [cell_label(workload.person_total(p.id)) for p in view.people]
    totals.append(cell_label(workload.grand_total()))
    cell = max([CELL_MIN, *(width + 2 for width in widest)])
    return Widths(
        name=max([NAME_MIN, *(len(p.name) + 3 for p in view.people)]),
        cell=cell,
        total=max([len(TOTAL_TITLE), *(len(text) for text in totals)]) + 2,
        weeks=count,
        week_total_symbols=all(
            len(cell_label(workload.week_total(w))) <= cell - 2 for w in range(count)
        ),
    )


def full_width(widths: Widths) -> int:
    """The width that shows every column: all the weeks, the total, the undated work."""
    columns = plan_columns(widths, 10_000)
    return columns.week_x(columns.weeks) + columns.total + columns.unscheduled


def plan_columns(widths: Widths, width: int) -> Columns:
    """Fit name, WIP, weeks, total and unscheduled columns into `width` cells."""
    count, cell, total = widths.weeks, widths.cell, widths.total
    name = max(NAME_MIN, min(NAME_MAX, widths.name, max(NAME_MIN, width // 4)))
    unscheduled = len(UNSCHEDULED_TITLE) + 2
    room = width - name - WIP_WIDTH
    if room >= count * cell + total + unscheduled:
        return Columns(name, cell, count, total, unscheduled)
    if room >= count * cell + total:
        return Columns(name, cell, count, total, 0)
    return Columns(name, cell, max(1, min(count, room // cell)), 0, 0)
