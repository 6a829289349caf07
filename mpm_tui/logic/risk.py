"""Risk scoring: score = probability × impact, its band, and the register's order.

Pure Python, no database: the risks service, the project detail's register, the
CLI and the dashboard all rank and band risks with these functions.

Probability and impact are 1–5, so a score is 1–25. The bands, each with a
symbol so that colour is never the only cue:

- ▲ high: score 15 or more (3×5, 4×4, 4×5, 5×5): act now, review every week;
- ◆ medium: 8 to 14 (2×4, 3×3, 2×5, 3×4): keep an eye on it, have a response ready;
- ○ low: 7 or less (up to 2×3 and 1×5): note it.

The register's order (`register_key`): by status first — open, then occurred
(the risk has happened: it is an issue now, still being dealt with), then
mitigated (less likely or less harmful, but not gone), then closed; within a
status by score, highest first; equal scores by probability, highest first
(the likelier of two equally scored risks is the nearer one); then the oldest
first (it has waited longest), then by id.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from enum import StrEnum
from typing import Protocol, TypeVar

HIGH_FROM = 15
"""The lowest score of a high risk."""
MEDIUM_FROM = 8
"""The lowest score of a medium risk."""
SCALE = range(1, 6)
"""Probability and impact are whole numbers from 1 to 5."""

PROBABILITY_WORDS: dict[int, str] = {
    1: "rare",
    2: "unlikely",
    3: "possible",
    4: "likely",
    5: "almost certain",
}
IMPACT_WORDS: dict[int, str] = {
    1: "minimal",
    2: "minor",
    3: "moderate",
    4: "major",
    5: "severe",
}

STATUS_ORDER: tuple[str, ...] = ("open", "occurred", "mitigated", "closed")
"""Statuses in the register's order (an unknown status goes last)."""


class RiskBand(StrEnum):
    """How serious a score is; each band has a symbol so colour is never the only cue."""

    HIGH = "high"
    MEDIUM = "medium"
    LOW = "low"

    @property
    def symbol(self) -> str:
        return BAND_SYMBOLS[self]


BAND_SYMBOLS: dict[RiskBand, str] = {
    RiskBand.HIGH: "▲",
    RiskBand.MEDIUM: "◆",
    RiskBand.LOW: "○",
}

BAND_LEGEND = (
    f"▲ high ≥{HIGH_FROM} · ◆ medium {MEDIUM_FROM}–{HIGH_FROM - 1} · ○ low ≤{MEDIUM_FROM - 1}"
)
"""What the symbols mean, for a screen's legend and the CLI's."""


def risk_score(probability: int, impact: int) -> int:
    """Probability × impact (1–25)."""
    return probability * impact


def band_of(score: int) -> RiskBand:
    """The band of a score (the thresholds are inclusive: 15 is high, 8 medium, 7 low)."""
    if score >= HIGH_FROM:
        return RiskBand.HIGH
    if score >= MEDIUM_FROM:
        return RiskBand.MEDIUM
    return RiskBand.LOW


def score_text(score: int) -> str:
    """`▲ 20`, `◆  9`, `○  4`: the band's symbol and the score, right-aligned to two digits."""
    return f"{band_of(score).symbol} {score:>2}"


def status_rank(status: str) -> int:
    """0 for open, 1 occurred, 2 mitigated, 3 closed; anything else after them."""
    try:
        return STATUS_ORDER.index(status)
    except ValueError:
        return len(STATUS_ORDER)


class Ranked(Protocol):
    """What the register's order needs of a risk."""

    @property
    def id(self) -> int: ...
    @property
    def probability(self) -> int: ...
    @property
    def impact(self) -> int: ...
    @property
    def status(self) -> str: ...
    @property
    def created_at(self) -> datetime | None: ...


R = TypeVar("R", bound=Ranked)


def register_key(risk: Ranked) -> tuple[int, int, int, bool, datetime, int]:
    """Sort key of the register's order (see the module's docstring); a risk without a
    creation time counts as the newest of its score."""
    return (
        status_rank(risk.status),
        -risk_score(risk.probability, risk.impact),
        -risk.probability,
        risk.created_at is None,
        risk.created_at or datetime.min,
        risk.id,
    )


def register_order(risks: Iterable[R]) -> list[R]:
    """`risks` in the register's order."""
    return sorted(risks, key=register_key)
