"""What the board draws, as data: headers, card lines, slots for a carried card."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

import pytest
from rich.cells import cell_len

from mpm_tui.schemas.enums import Priority
from mpm_tui.schemas.views import ColumnView
from mpm_tui.widgets.board_layout import (
    Carry,
    LaneLayout,
    drop_position,
    fit,
    header_status,
    lane_cards,
    meta_parts,
    tag_parts,
    title_parts,
)
from tests.conftest import FROZEN_NOW
from tests.unit.test_board_filter import task

TODAY = FROZEN_NOW.date()
DOING = (2, "Doing")


def column(count: int, limit: int | None, *, shown: int | None = None) -> ColumnView:
    cards = tuple(task(i, f"t{i}", DOING) for i in range(count if shown is None else shown))
    return ColumnView(
        2,
        "Doing",
        1,
        limit,
        None,
        False,
        False,
        cards,
        card_total=count if shown is not None else None,
    )


def text(parts: list[tuple[str, str]]) -> str:
    return "".join(run for run, _ in parts)


@pytest.mark.parametrize(
    ("count", "limit", "shown", "expected"),
    [
        (3, None, None, "3 cards"),
        (1, None, None, "1 card"),
        (3, 4, None, "3/4 cards"),
        (4, 4, None, "4/4 ● full"),
        (5, 4, None, "5/4 ▲ over limit"),
        (5, 4, 2, "2 of 5/4 ▲ over limit"),
        (3, None, 1, "1 of 3 cards"),
    ],
)
def test_header_says_count_limit_and_state_in_words(
    count: int, limit: int | None, shown: int | None, expected: str
) -> None:
    assert text(header_status(column(count, limit, shown=shown))) == expected


def test_full_and_over_have_their_own_look() -> None:
    styles = {style for _, style in header_status(column(4, 4))}
    assert styles == {"board--header-full"}
    styles = {style for _, style in header_status(column(5, 4))}
    assert styles == {"board--header-over"}


def test_title_markers_are_symbols_not_only_colour() -> None:
    card = task(1, "Brief", DOING, blocked=True, priority=Priority.URGENT)
    assert text(title_parts(card)) == "⊘ ‼ Brief"
    assert text(title_parts(replace(card, blocked=False, priority=Priority.HIGH))) == "! Brief"
    assert text(title_parts(replace(card, blocked=False, priority=Priority.LOW))) == "Brief"


def test_meta_marks_overdue_checklist_and_stuck() -> None:
    card = task(
        1,
        "Brief",
        DOING,
        owner="Sam Okafor",
        due=TODAY - timedelta(days=3),
        checklist_done=2,
        checklist_total=5,
        entered_column_at=FROZEN_NOW - timedelta(days=9),
    )
    line = text(meta_parts(card, TODAY, FROZEN_NOW, 5, in_done=False))
    assert line == "Sam O. · ⚠Nov 20 · ☑2/5 · ◷9d"
    # Done cards are neither overdue nor stuck.
    assert text(meta_parts(card, TODAY, FROZEN_NOW, 5, in_done=True)) == "Sam O. · Nov 20 · ☑2/5"
    # Below the threshold: no stuck marker; another year is spelled out.
    fresh = replace(card, entered_column_at=FROZEN_NOW, due=date(2027, 1, 4), owner=None)
    assert text(meta_parts(fresh, TODAY, FROZEN_NOW, 5, in_done=False)) == (
        "unassigned · Jan 4 2027 · ☑2/5"
    )


def test_tags_join_project_and_channel() -> None:
    assert text(tag_parts(task(1, "x", DOING, project="[Q4] Launch", channel="email"))) == (
        "#[Q4] Launch · email"
    )
    assert tag_parts(task(1, "x", DOING)) == []


@pytest.mark.parametrize("width", [0, 1, 5, 8, 12, 30])
def test_fit_cuts_with_an_ellipsis_and_pads_to_the_width(width: int) -> None:
    parts = [("Write ", "a"), ("press release", "b")]
    fitted = fit(parts, width)
    assert sum(cell_len(run) for run, _ in fitted) == width
    if width < 19:
        assert text(fitted).endswith("…") or width == 0
    else:
        assert text(fitted).rstrip() == "Write press release"


def test_fit_counts_wide_characters_as_two_cells() -> None:
    fitted = fit([("広告キャンペーン", "")], 7)
    assert sum(cell_len(run) for run, _ in fitted) == 7


CARDS = [task(i, f"t{i}", DOING) for i in range(1, 5)]


def test_a_carried_card_shows_in_its_target_slot_and_not_at_home() -> None:
    lane = LaneLayout(None, [CARDS[:2], CARDS[2:]])
    carry = Carry(CARDS[0], 0, 0, 0, 1, 1)
    assert [c.id for c in lane_cards(lane, 0, carry, 0)] == [2]
    assert [c.id for c in lane_cards(lane, 1, carry, 0)] == [3, 1, 4]
    assert [c.id for c in lane_cards(lane, 1, None, 0)] == [3, 4]


def test_drop_position_without_lanes_is_the_slot() -> None:
    target = ColumnView(2, "Doing", 1, None, None, False, False, tuple(CARDS[2:]))
    lane = LaneLayout(None, [CARDS[:2], CARDS[2:]])
    assert drop_position(target, lane, 1, Carry(CARDS[0], 0, 0, 0, 1, 1)) == 1


def test_drop_position_in_a_lane_lands_next_to_the_lane_cards() -> None:
    """Column order t1 t2 t3 t4; the lane holds t2 and t4. A card dropped in the
    lane's slot 1 (above t4) takes t4's place in the column: position 3."""
    other = task(9, "t9", (1, "To Do"))
    target = ColumnView(2, "Doing", 1, None, None, False, False, tuple(CARDS))
    lane = LaneLayout("Sam", [[other], [CARDS[1], CARDS[3]]])
    assert drop_position(target, lane, 1, Carry(other, 0, 0, 0, 1, 1)) == 3
    assert drop_position(target, lane, 1, Carry(other, 0, 0, 0, 1, 0)) == 1
    assert drop_position(target, lane, 1, Carry(other, 0, 0, 0, 1, 2)) == 4
