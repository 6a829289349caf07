"""Board filters and swimlanes: pure functions over a board already loaded."""

from __future__ import annotations

import subprocess
import sys
from dataclasses import replace
from typing import Any

import pytest

from mpm_tui.logic.board_filter import (
    BoardFilter,
    Lane,
    apply_filter,
    filter_options,
    swimlanes,
)
from mpm_tui.schemas.enums import Priority
from mpm_tui.schemas.views import BoardView, ColumnView, TaskView
from tests.conftest import FROZEN_NOW

AURORA, SEO, EXPO = "Aurora Launch", "SEO Content Push", "Spring Trade Show"
SAM, LEO, MAYA = "Sam Okafor", "Leo Martins", "Maya Chen"


def task(task_id: int, title: str, column: tuple[int, str], **fields: Any) -> TaskView:
    values: dict[str, Any] = {
        "project": None,
        "owner": None,
        "reviewer": None,
        "channel": None,
        "estimate_days": None,
        "start": None,
        "due": None,
        "priority": Priority.NORMAL,
        "blocked": False,
        "blocked_reason": "",
        "entered_column_at": FROZEN_NOW,
        "created_at": FROZEN_NOW,
        "completed_at": None,
    } | fields
    column_id, column_name = column
    return TaskView(
        id=task_id,
        title=title,
        board="Marketing",
        column=column_name,
        column_id=column_id,
        position=0,
        **values,
    )


TODO, DOING, REVIEW, DONE = (1, "To Do"), (2, "Doing"), (3, "Review"), (4, "Done")
CARDS = {
    1: task(1, "[Q4] launch email", TODO, project=AURORA, owner=SAM, channel="email"),
    2: task(
        2,
        "Write press release",
        TODO,
        project=AURORA,
        owner=LEO,
        reviewer=MAYA,
        channel="content",
        description="Embargoed until the big day",
    ),
    3: task(3, "Q4 budget", TODO),
    4: task(4, "Schema markup", DOING, project=SEO, owner=SAM, channel="seo", blocked=True),
    5: task(5, "Booth graphics", DOING, project=EXPO, channel="events", blocked=True),
    6: task(6, "Launch recap", DONE, project=AURORA, owner=MAYA, reviewer=SAM, channel="content"),
    7: task(7, "Keyword research", DONE, project=SEO, owner=LEO, channel="seo"),
}


def make_board() -> BoardView:
    def cards(column: tuple[int, str]) -> tuple[TaskView, ...]:
        return tuple(
            replace(card, position=index)
            for index, card in enumerate(c for c in CARDS.values() if c.column_id == column[0])
        )

    return BoardView(
        1,
        "Marketing",
        (
            ColumnView(1, "To Do", 0, None, None, False, False, cards(TODO)),
            ColumnView(2, "Doing", 1, 3, None, False, False, cards(DOING)),
            ColumnView(3, "Review", 2, 2, None, False, True, cards(REVIEW)),
            ColumnView(4, "Done", 3, None, None, True, False, cards(DONE)),
        ),
    )


def ids(board: BoardView) -> list[list[int]]:
    """Card ids column by column."""
    return [[card.id for card in column.cards] for column in board.columns]


# --- filtering --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("board_filter", "expected"),
    [
        pytest.param(BoardFilter(project="aurora launch"), [[1, 2], [], [], [6]], id="project"),
        pytest.param(BoardFilter(owner="SAM OKAFOR"), [[1], [4], [], []], id="owner"),
        pytest.param(BoardFilter(channel="Content"), [[2], [], [], [6]], id="channel"),
        pytest.param(
            BoardFilter(mine="sam okafor"), [[1], [4], [], [6]], id="mine: owner or reviewer"
        ),
        pytest.param(BoardFilter(mine=MAYA), [[2], [], [], [6]], id="mine: reviewer only"),
        pytest.param(BoardFilter(blocked_only=True), [[], [4, 5], [], []], id="blocked only"),
        pytest.param(BoardFilter(text="LAUNCH"), [[1, 2], [], [], [6]], id="text: title/project"),
        pytest.param(BoardFilter(text="embargoed"), [[2], [], [], []], id="text: description"),
        pytest.param(BoardFilter(text="okafor"), [[1], [4], [], []], id="text: owner not reviewer"),
        pytest.param(BoardFilter(text="events"), [[], [5], [], []], id="text: channel"),
        pytest.param(BoardFilter(text="aurora  email"), [[1], [], [], []], id="text: all words"),
        pytest.param(BoardFilter(text="launch zebra"), [[], [], [], []], id="text: no match"),
        pytest.param(BoardFilter(text="[Q4]"), [[1], [], [], []], id="text: [Q4] literally"),
        pytest.param(BoardFilter(text="q4"), [[1, 3], [], [], []], id="text: q4"),
        pytest.param(BoardFilter(text="email launch]"), [[], [], [], []], id="text: no regex"),
        pytest.param(BoardFilter(project="Aurora"), [[], [], [], []], id="project: whole name"),
        pytest.param(
            BoardFilter(project=SEO, owner=LEO), [[], [], [], [7]], id="project and owner"
        ),
        pytest.param(
            BoardFilter(mine=SAM, blocked_only=True), [[], [4], [], []], id="mine and blocked"
        ),
        pytest.param(
            BoardFilter(project=AURORA, channel="content", text="recap"),
            [[], [], [], [6]],
            id="project, channel and text",
        ),
    ],
)
def test_filter(board_filter: BoardFilter, expected: list[list[int]]) -> None:
    board = make_board()
    shown = apply_filter(board, board_filter)
    assert ids(shown) == expected
    assert board_filter.is_active
    # Every column stays, with its real count for the WIP header.
    assert [(c.id, c.name, c.wip_limit) for c in shown.columns] == [
        (c.id, c.name, c.wip_limit) for c in board.columns
    ]
    assert [c.card_total for c in shown.columns] == [3, 2, 0, 2]
    assert (shown.id, shown.name) == (board.id, board.name)


def test_filtered_columns_keep_counting_every_card() -> None:
    shown = apply_filter(make_board(), BoardFilter(owner=MAYA))
    doing = shown.columns[1]
    assert (len(doing.cards), doing.count, doing.wip_label) == (0, 2, "2/3")
    # Filtering again keeps the real totals, not the already filtered ones.
    again = apply_filter(shown, BoardFilter(owner=LEO))
    assert [c.card_total for c in again.columns] == [3, 2, 0, 2]
    assert ids(again) == [[], [], [], []]


def test_an_empty_filter_keeps_every_card() -> None:
    board = make_board()
    assert not BoardFilter().is_active
    assert not BoardFilter(text="   ", project="", owner=None).is_active
    assert BoardFilter().describe() == ""
    assert ids(apply_filter(board, BoardFilter())) == ids(board)


def test_filter_keeps_card_order() -> None:
    shown = apply_filter(make_board(), BoardFilter(text="r"))  # every card but "Q4 budget"
    assert [[c.position for c in col.cards] for col in shown.columns] == [
        [0, 1],
        [0, 1],
        [],
        [0, 1],
    ]


@pytest.mark.parametrize(
    ("board_filter", "described"),
    [
        (
            BoardFilter(project=AURORA, owner=SAM, text="launch", blocked_only=True),
            'project: Aurora Launch · owner: Sam Okafor · "launch" · blocked only',
        ),
        (BoardFilter(channel="email", mine=MAYA), "channel: email · mine: Maya Chen"),
        (BoardFilter(text="  [Q4]   launch "), '"[Q4] launch"'),
        (BoardFilter(blocked_only=True), "blocked only"),
    ],
)
def test_describe(board_filter: BoardFilter, described: str) -> None:
    assert board_filter.describe() == described


# --- swimlanes ---------------------------------------------------------------------


def lanes_as_ids(lanes: list[Lane]) -> list[tuple[str, str, list[list[int]]]]:
    return [
        (lane.key, lane.title, [[card.id for card in cards] for cards in lane.columns])
        for lane in lanes
    ]


def test_swimlanes_by_project_sorted_with_no_project_last() -> None:
    assert lanes_as_ids(swimlanes(make_board(), "project")) == [
        (AURORA, AURORA, [[1, 2], [], [], [6]]),
        (SEO, SEO, [[], [4], [], [7]]),
        (EXPO, EXPO, [[], [5], [], []]),
        ("", "No project", [[3], [], [], []]),
    ]


def test_swimlanes_by_owner_sorted_with_unassigned_last() -> None:
    assert lanes_as_ids(swimlanes(make_board(), "owner")) == [
        (LEO, LEO, [[2], [], [], [7]]),
        (MAYA, MAYA, [[], [], [], [6]]),
        (SAM, SAM, [[1], [4], [], []]),
        ("", "Unassigned", [[3], [5], [], []]),
    ]


def test_swimlanes_sort_names_case_insensitively() -> None:
    board = make_board()
    lower = replace(CARDS[3], owner="ann lee")
    columns = (replace(board.columns[0], cards=(*board.columns[0].cards[:2], lower)),)
    lanes = swimlanes(replace(board, columns=columns + board.columns[1:]), "owner")
    assert [lane.title for lane in lanes] == ["ann lee", LEO, MAYA, SAM, "Unassigned"]


def test_swimlanes_of_a_filtered_board_and_of_an_empty_one() -> None:
    shown = apply_filter(make_board(), BoardFilter(channel="seo"))
    assert lanes_as_ids(swimlanes(shown, "owner")) == [
        (LEO, LEO, [[], [], [], [7]]),
        (SAM, SAM, [[], [4], [], []]),
    ]
    nothing = apply_filter(make_board(), BoardFilter(text="zebra"))
    assert swimlanes(nothing, "project") == []


def test_swimlanes_by_something_else_is_refused() -> None:
    with pytest.raises(ValueError, match="swimlanes by 'channel': choose 'project' or 'owner'"):
        swimlanes(make_board(), "channel")  # type: ignore[arg-type]


# --- filter pickers ------------------------------------------------------------------


def test_filter_options_list_what_is_on_the_board() -> None:
    assert filter_options(make_board()) == {
        "projects": [AURORA, SEO, EXPO],
        "owners": [LEO, MAYA, SAM],
        "channels": ["content", "email", "events", "seo"],
    }
    assert filter_options(BoardView(1, "Empty")) == {"projects": [], "owners": [], "channels": []}


def test_board_filter_needs_no_database() -> None:
    """Pure logic: importing it loads neither the database layer nor Textual."""
    code = (
        "import sys, mpm_tui.logic.board_filter\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in "
        "{'peewee', 'textual', 'rich'} or m.startswith(('mpm_tui.db', 'mpm_tui.services'))))"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"
