"""The priority matrix's pure rules: where each score lands, and the order inside a quadrant."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from mpm_tui.logic.priority import (
    DEFAULT_SCORE,
    Quadrant,
    place,
    quadrant,
    rank_key,
)

Q, M, F, R = Quadrant.QUICK_WIN, Quadrant.MAJOR, Quadrant.FILL_IN, Quadrant.RECONSIDER

GRID = {
    # impact: quadrants for effort 1, 2, 3, 4, 5
    5: (Q, Q, Q, M, M),
    4: (Q, Q, Q, M, M),
    3: (F, F, F, R, R),
    2: (F, F, F, R, R),
    1: (F, F, F, R, R),
}
"""The whole 5 × 5 grid, written out so a changed threshold shows here."""


@pytest.mark.parametrize(("impact", "effort"), [(i, e) for i in range(1, 6) for e in range(1, 6)])
def test_every_cell_of_the_grid_is_placed(impact: int, effort: int) -> None:
    assert quadrant(impact, effort) is GRID[impact][effort - 1]


def test_the_grid_has_each_quadrant_in_its_corner() -> None:
    assert quadrant(5, 1) is Q  # the most for the least
    assert quadrant(5, 5) is M
    assert quadrant(1, 1) is F
    assert quadrant(1, 5) is R
    counts = {q: sum(row.count(q) for row in GRID.values()) for q in Quadrant}
    assert counts == {Q: 6, M: 4, F: 9, R: 6}


def test_boundaries_high_starts_at_four_on_both_axes() -> None:
    assert quadrant(4, 3) is Q and quadrant(3, 3) is F  # impact 3 → 4 crosses
    assert quadrant(4, 4) is M and quadrant(4, 3) is Q  # effort 3 → 4 crosses
    assert quadrant(3, 4) is R and quadrant(3, 3) is F


def test_an_unscored_project_is_a_fill_in_neither_promoted_nor_condemned() -> None:
    assert quadrant(DEFAULT_SCORE, DEFAULT_SCORE) is F


@pytest.mark.parametrize(
    ("impact", "effort", "message"),
    [
        (0, 3, "impact must be a whole number from 1 to 5 (got 0)"),
        (6, 3, "impact must be a whole number from 1 to 5 (got 6)"),
        (3, 0, "effort must be a whole number from 1 to 5 (got 0)"),
        (3, 9, "effort must be a whole number from 1 to 5 (got 9)"),
        (True, 3, "impact must be a whole number from 1 to 5 (got True)"),
    ],
)
def test_scores_off_the_scale_are_refused(impact: int, effort: int, message: str) -> None:
    with pytest.raises(ValueError) as info:
        quadrant(impact, effort)
    assert str(info.value) == message


def test_quadrants_read_quick_wins_first_and_sit_in_a_two_by_two_grid() -> None:
    assert [q.title for q in Quadrant] == [
        "Quick wins",
        "Major projects",
        "Fill-ins",
        "Reconsider / defer",
    ]
    assert [(q.row, q.column) for q in Quadrant] == [(0, 0), (0, 1), (1, 0), (1, 1)]
    assert Quadrant.at(1, 1) is R
    assert Q.rule == "impact 4–5 · effort 1–3"
    assert R.rule == "impact 1–3 · effort 4–5"
    assert len({q.symbol for q in Quadrant}) == 4  # told apart without colour


def test_neighbours_and_tab_order() -> None:
    assert Q.neighbour(0, 1) is M and Q.neighbour(1, 0) is F
    assert R.neighbour(0, -1) is F and R.neighbour(-1, 0) is M
    assert Q.neighbour(0, -1) is None and Q.neighbour(-1, 0) is None
    assert M.neighbour(0, 1) is None and F.neighbour(1, 0) is None
    assert [q.next() for q in Quadrant] == [M, F, R, Q]
    assert Q.next(-1) is R


@dataclass(frozen=True)
class Stub:
    name: str
    impact: int
    effort: int


def test_order_inside_a_quadrant_best_return_then_impact_then_name() -> None:
    items = [
        Stub("b major", 4, 4),
        Stub("Zeta", 5, 4),
        Stub("alpha", 5, 4),
        Stub("stretch", 4, 5),
        Stub("giant", 5, 5),
    ]
    placed = place(items)
    assert [s.name for s in placed[M]] == ["alpha", "Zeta", "giant", "b major", "stretch"]
    assert placed[Q] == [] and placed[F] == [] and placed[R] == []


def test_place_returns_every_quadrant_in_reading_order() -> None:
    items = [Stub("defer me", 1, 5), Stub("easy", 5, 1), Stub("chore", 2, 2), Stub("odd", 3, 4)]
    placed = place(items)
    assert list(placed) == [Q, M, F, R]
    assert [s.name for s in placed[Q]] == ["easy"]
    assert [s.name for s in placed[F]] == ["chore"]
    assert [s.name for s in placed[R]] == ["odd", "defer me"]  # −1 before −4


def test_rank_key_sorts_gap_then_impact_then_name() -> None:
    assert rank_key(5, 1, "x") < rank_key(4, 1, "a")  # gap 4 before gap 3
    assert rank_key(5, 2, "x") < rank_key(4, 1, "a")  # same gap: higher impact first
    assert rank_key(4, 1, "Apple") < rank_key(4, 1, "banana")  # then the name, any case
