"""The priority matrix: impact × effort, four quadrants, an order inside each.

Impact and effort are scored 1–5 (a project starts at 3 × 3). A score counts
as *high* from 4 up: high means clearly above the middle, so the middle
score, 3, reads as low on both axes:

    impact 4–5, effort 1–3  →  Quick wins          (do these first)
    impact 4–5, effort 4–5  →  Major projects      (worth it; plan them)
    impact 1–3, effort 1–3  →  Fill-ins            (when there is room)
    impact 1–3, effort 4–5  →  Reconsider / defer  (cut, rethink or wait)

Why the default 3 × 3 lands in Fill-ins: a project nobody has scored yet must
neither jump the queue (Quick wins is the "do first" list, and a guess must
not be promoted there) nor be condemned (Reconsider is where work goes to be
cut). Fill-ins is the one quadrant that claims nothing: no great value, no
great cost. To leave it, someone has to say the project matters (impact 4+)
or costs a lot (effort 4+) — which is the conversation the matrix exists for.

Pure Python: no database, no terminal.
"""

from __future__ import annotations

from collections.abc import Iterable
from enum import Enum
from typing import Protocol, TypeVar

SCORES = range(1, 6)
"""The scale of impact and effort: 1 (least) to 5 (most)."""
DEFAULT_SCORE = 3
"""What a new project gets on both axes."""
HIGH_FROM = 4
"""A score counts as high from here up (4 and 5); 1–3 is low."""


class Quadrant(Enum):
    """The four quadrants, in the order to read them: quick wins first.

    The value is the title; the grid puts high impact on top and low effort
    on the left, so quick wins sit top-left and reconsider bottom-right."""

    QUICK_WIN = "Quick wins"
    MAJOR = "Major projects"
    FILL_IN = "Fill-ins"
    RECONSIDER = "Reconsider / defer"

    @property
    def title(self) -> str:
        return self.value

    @property
    def high_impact(self) -> bool:
        return self in (Quadrant.QUICK_WIN, Quadrant.MAJOR)

    @property
    def high_effort(self) -> bool:
        return self in (Quadrant.MAJOR, Quadrant.RECONSIDER)

    @property
    def row(self) -> int:
        """0: the top row (high impact), 1: the bottom row."""
        return 0 if self.high_impact else 1

    @property
    def column(self) -> int:
        """0: the left column (low effort), 1: the right column."""
        return 1 if self.high_effort else 0

    @property
    def symbol(self) -> str:
        """A mark per quadrant, so it is never told by colour alone."""
        return _SYMBOLS[self]

    @property
    def advice(self) -> str:
        """What to do with the projects in it, in a few words."""
        return _ADVICE[self]

    @property
    def rule(self) -> str:
        """Which scores land here, e.g. `impact 4–5 · effort 1–3`."""
        impact = f"{HIGH_FROM}–{SCORES[-1]}" if self.high_impact else f"1–{HIGH_FROM - 1}"
        effort = f"{HIGH_FROM}–{SCORES[-1]}" if self.high_effort else f"1–{HIGH_FROM - 1}"
        return f"impact {impact} · effort {effort}"

    @classmethod
    def at(cls, row: int, column: int) -> Quadrant:
        """The quadrant in grid cell (`row`, `column`), each 0 or 1."""
        for quadrant in cls:
            if quadrant.row == row and quadrant.column == column:
                return quadrant
        raise ValueError(f"no quadrant at row {row}, column {column}")

    def neighbour(self, rows: int, columns: int) -> Quadrant | None:
        """The quadrant `rows` down and `columns` right of this one (None off the grid)."""
        row, column = self.row + rows, self.column + columns
        if row not in (0, 1) or column not in (0, 1):
            return None
        return Quadrant.at(row, column)

    def next(self, step: int = 1) -> Quadrant:
        """The quadrant `step` places on in reading order, wrapping round (for tab)."""
        order = list(Quadrant)
        return order[(order.index(self) + step) % len(order)]


_SYMBOLS: dict[Quadrant, str] = {
    Quadrant.QUICK_WIN: "★",
    Quadrant.MAJOR: "◆",
    Quadrant.FILL_IN: "○",
    Quadrant.RECONSIDER: "✗",
}
_ADVICE: dict[Quadrant, str] = {
    Quadrant.QUICK_WIN: "do these first",
    Quadrant.MAJOR: "worth it: plan them well",
    Quadrant.FILL_IN: "when there is room",
    Quadrant.RECONSIDER: "cut, rethink or wait",
}


def check_score(value: int, axis: str) -> int:
    """`value` if it is on the 1–5 scale, else ValueError naming the axis."""
    if isinstance(value, bool) or not isinstance(value, int) or value not in SCORES:
        raise ValueError(f"{axis} must be a whole number from 1 to 5 (got {value!r})")
    return value


def quadrant(impact: int, effort: int) -> Quadrant:
    """Where a project scored `impact` × `effort` (each 1–5) belongs."""
    high_impact = check_score(impact, "impact") >= HIGH_FROM
    high_effort = check_score(effort, "effort") >= HIGH_FROM
    if high_impact:
        return Quadrant.MAJOR if high_effort else Quadrant.QUICK_WIN
    return Quadrant.RECONSIDER if high_effort else Quadrant.FILL_IN


class Scored(Protocol):
    """Anything with a name and the two scores (a project view, a test stub)."""

    @property
    def name(self) -> str: ...

    @property
    def impact(self) -> int: ...

    @property
    def effort(self) -> int: ...


S = TypeVar("S", bound=Scored)


def rank_key(impact: int, effort: int, name: str) -> tuple[int, int, str, str]:
    """The order inside a quadrant: the best return first (impact − effort,
    highest first), then the larger impact, then the name (case-insensitive)."""
    return (effort - impact, -impact, name.casefold(), name)


def place(items: Iterable[S]) -> dict[Quadrant, list[S]]:
    """Every quadrant (in reading order, empty ones too) with its items, best first."""
    placed: dict[Quadrant, list[S]] = {q: [] for q in Quadrant}
    for item in items:
        placed[quadrant(item.impact, item.effort)].append(item)
    for members in placed.values():
        members.sort(key=lambda item: rank_key(item.impact, item.effort, item.name))
    return placed
