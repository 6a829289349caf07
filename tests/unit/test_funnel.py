"""Funnel arithmetic: a KGI worked backwards through conversion rates."""

from __future__ import annotations

import pytest

from mpm_tui.logic.funnel import FunnelError, FunnelStage, attainment, stage_targets

EXAMPLE_STAGES = [
    FunnelStage("SQL", 0.30),
    FunnelStage("MQL", 0.40),
    FunnelStage("lead", 0.25),
    FunnelStage("visit", 0.02),
]


def test_the_example_funnel() -> None:
    """30 deals ← 100 SQL ← 250 MQL ← 1,000 leads ← 50,000 visits."""
    assert stage_targets(30, EXAMPLE_STAGES) == [
        ("SQL", 100),
        ("MQL", 250),
        ("lead", 1000),
        ("visit", 50000),
    ]


def test_targets_are_whole_numbers() -> None:
    for _, target in stage_targets(30, EXAMPLE_STAGES):
        assert type(target) is int


def test_float_noise_does_not_add_a_unit() -> None:
    # 21 / 0.35 is 60.00000000000001 in floating point: still 60, not 61.
    assert 21 / 0.35 > 60
    assert stage_targets(21, [FunnelStage("SQL", 0.35)]) == [("SQL", 60)]
    # 7 / 0.07 is 99.99999999999999: 100, not 99 (ceil is fine here, noise or not).
    assert stage_targets(7, [FunnelStage("x", 0.07)]) == [("x", 100)]


def test_partial_units_round_up() -> None:
    # 10 / 0.3 = 33.3 → 34; the next stage works from the rounded 34: 34 / 0.5 = 68
    # (not ceil(33.3 / 0.5) = 67).
    assert stage_targets(10, [FunnelStage("a", 0.3), FunnelStage("b", 0.5)]) == [
        ("a", 34),
        ("b", 68),
    ]
    assert stage_targets(1, [FunnelStage("a", 0.99)]) == [("a", 2)]


def test_rate_of_one_keeps_the_target() -> None:
    assert stage_targets(42, [FunnelStage("same", 1.0)]) == [("same", 42)]


def test_edge_goals() -> None:
    assert stage_targets(0, EXAMPLE_STAGES) == [("SQL", 0), ("MQL", 0), ("lead", 0), ("visit", 0)]
    assert stage_targets(30, []) == []
    assert stage_targets(2.5, [FunnelStage("a", 0.5)]) == [("a", 5)]


def test_zero_rate_is_refused_naming_the_stage() -> None:
    stages = [FunnelStage("SQL", 0.3), FunnelStage("MQL", 0.0), FunnelStage("lead", 0.25)]
    with pytest.raises(FunnelError) as info:
        stage_targets(30, stages)
    assert str(info.value) == ("conversion rate of 'MQL' must be above 0 and at most 100% (got 0)")
    assert isinstance(info.value, ValueError)


@pytest.mark.parametrize(("rate", "shown"), [(-0.1, "-0.1"), (1.5, "1.5")])
def test_out_of_range_rate_is_refused(rate: float, shown: str) -> None:
    with pytest.raises(FunnelError, match=rf"'visit'.*\(got {shown}\)"):
        stage_targets(30, [FunnelStage("visit", rate)])


def test_negative_goal_is_refused() -> None:
    with pytest.raises(FunnelError, match=r"^goal must not be negative \(got -1\)$"):
        stage_targets(-1, EXAMPLE_STAGES)


@pytest.mark.parametrize(
    ("actual", "target", "expected"),
    [
        (75, 100, 0.75),
        (120, 100, 1.2),
        (100, 100, 1.0),
        (0, 100, 0.0),
        (None, 100, None),
        (10, None, None),
        (None, None, None),
        (10, 0, None),  # no target: not measurable, not a division by zero
    ],
)
def test_attainment(actual: float | None, target: float | None, expected: float | None) -> None:
    result = attainment(actual, target)
    if expected is None:
        assert result is None
    else:
        assert result == pytest.approx(expected)
