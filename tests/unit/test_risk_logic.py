"""Risk scoring, pure: score = probability × impact, the bands at their thresholds, and
the register's order with its ties (`mpm_tui.logic.risk`)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

import pytest

from mpm_tui.logic.risk import (
    BAND_LEGEND,
    RiskBand,
    band_of,
    register_order,
    risk_score,
    score_text,
    status_rank,
)
from mpm_tui.schemas.goals import RiskView
from tests.conftest import FROZEN_NOW


def test_the_score_is_probability_times_impact() -> None:
    assert risk_score(4, 5) == 20
    assert risk_score(1, 1) == 1
    assert RiskView(1, "x", 3, 4, "", None, "open").score == 12


@pytest.mark.parametrize(
    ("score", "band"),
    [
        (25, RiskBand.HIGH),
        (15, RiskBand.HIGH),  # 3×5: the lowest high
        (14, RiskBand.MEDIUM),
        (8, RiskBand.MEDIUM),  # 2×4: the lowest medium
        (7, RiskBand.LOW),
        (1, RiskBand.LOW),
    ],
)
def test_bands_at_their_thresholds(score: int, band: RiskBand) -> None:
    assert band_of(score) is band


def test_every_score_of_the_grid_has_one_band_with_a_symbol() -> None:
    bands = {band_of(p * i) for p in range(1, 6) for i in range(1, 6)}
    assert bands == set(RiskBand)
    assert [b.symbol for b in RiskBand] == ["▲", "◆", "○"]
    assert (score_text(20), score_text(9), score_text(4)) == ("▲ 20", "◆  9", "○  4")
    assert BAND_LEGEND == "▲ high ≥15 · ◆ medium 8–14 · ○ low ≤7"
    assert RiskView(1, "x", 4, 4, "", None, "open").band is RiskBand.HIGH


@dataclass(frozen=True)
class R:
    id: int
    probability: int
    impact: int
    status: str = "open"
    created_at: datetime | None = FROZEN_NOW


def ids(found: list[R]) -> list[int]:
    return [r.id for r in found]


def test_open_risks_first_by_score_then_the_other_statuses() -> None:
    found = register_order(
        [
            R(1, 5, 5, "closed"),
            R(2, 1, 2),
            R(3, 3, 3, "mitigated"),
            R(4, 4, 5),
            R(5, 2, 2, "occurred"),
            R(6, 5, 4, "occurred"),
            R(7, 1, 1, "mitigated"),
            R(8, 3, 4),
        ]
    )
    # open 20, 12, 2 · occurred 20, 4 · mitigated 9, 1 · closed 25
    assert ids(found) == [4, 8, 2, 6, 5, 3, 7, 1]
    assert [status_rank(s) for s in ("open", "occurred", "mitigated", "closed", "odd")] == [
        0,
        1,
        2,
        3,
        4,
    ]


def test_equal_scores_the_likelier_first_then_the_oldest_then_by_id() -> None:
    later = FROZEN_NOW + timedelta(days=1)
    found = register_order(
        [
            R(1, 2, 4, created_at=FROZEN_NOW),  # 8, probability 2
            R(2, 4, 2, created_at=later),  # 8, probability 4: before both 2×4
            R(3, 2, 4, created_at=FROZEN_NOW - timedelta(days=3)),  # older than #1
            R(4, 2, 4, created_at=None),  # no time: the newest of its score
            R(5, 2, 4, created_at=FROZEN_NOW),  # same time as #1: by id
        ]
    )
    assert ids(found) == [2, 3, 1, 5, 4]
