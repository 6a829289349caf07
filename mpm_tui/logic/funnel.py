"""Funnel arithmetic: a KGI worked backwards through conversion rates.

A funnel is a chain: the KGI (e.g. 30 deals) at the bottom, each stage above
it converting into the next at a rate. The target of a stage is the target of
the stage below divided by the stage's conversion rate, rounded up to whole
units (you cannot have 0.4 of a lead).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass


class FunnelError(ValueError):
    """A funnel that cannot be computed (a zero or out-of-range rate)."""


@dataclass(frozen=True)
class FunnelStage:
    """One stage above the goal: its name and its rate into the stage below."""

    name: str
    rate: float


def stage_targets(goal: float, stages: Sequence[FunnelStage]) -> list[tuple[str, int]]:
    """Targets for each stage, nearest the goal first.

    `stages` is ordered from the goal upwards: for 30 deals with SQL→deal 30 %,
    MQL→SQL 40 %, lead→MQL 25 %, visit→lead 2 % pass
    [("SQL", .3), ("MQL", .4), ("lead", .25), ("visit", .02)] and get
    [("SQL", 100), ("MQL", 250), ("lead", 1000), ("visit", 50000)].
    """
    if goal < 0:
        raise FunnelError(f"goal must not be negative (got {goal})")
    targets: list[tuple[str, int]] = []
    needed = float(goal)
    for stage in stages:
        if not 0 < stage.rate <= 1:
            raise FunnelError(
                f"conversion rate of {stage.name!r} must be above 0 and at most 100% "
                f"(got {stage.rate:.4g})"
            )
        if not math.isfinite(needed / stage.rate):  # a goal near the float limit
            raise FunnelError(
                f"the target of {stage.name!r} would be too large: lower the goal ({goal:g})"
            )
        # Round away float noise first (21 / 0.35 is 60.00000000000001).
        needed = math.ceil(round(needed / stage.rate, 6))
        targets.append((stage.name, int(needed)))
    return targets


def attainment(actual: float | None, target: float | None) -> float | None:
    """Actual as a fraction of target (1.0 = met), None when not measurable."""
    if actual is None or target is None or target == 0:
        return None
    return actual / target
