"""Task rules: positions, WIP and per-person limits, versions, dependencies, roles, log."""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest

from mpm_tui.db.models import Activity, BoardColumn, Dependency, Task
from mpm_tui.schemas.enums import Role
from mpm_tui.schemas.inputs import ColumnIn
from mpm_tui.schemas.views import TaskView
from mpm_tui.services import boards, members, tasks
from mpm_tui.services.context import Actor, ServiceContext
from mpm_tui.services.errors import (
    DependencyCycle,
    PermissionDenied,
    PersonLimitReached,
    VersionConflict,
    WipLimitReached,
)
from tests.conftest import FROZEN_NOW, dump_database

BOARD = "Marketing"

FOUR_COLUMNS = (
    ColumnIn(name="To Do"),
    ColumnIn(name="Doing"),
    ColumnIn(name="Review", is_review=True),
    ColumnIn(name="Done", is_done=True),
)


def acting(name: str, role: Role = Role.EDITOR, at: datetime = FROZEN_NOW) -> ServiceContext:
    """A session for `name` whose clock is frozen at `at`."""
    return ServiceContext(Actor(name, role, None), lambda: at)


def make_board(ctx: ServiceContext, columns: Sequence[ColumnIn] = FOUR_COLUMNS) -> dict[str, int]:
    """Create the board `BOARD`; return its column ids by name."""
    summary = boards.create_board(ctx, {"name": BOARD, "columns": tuple(columns)})
    view = boards.board_view(summary.id)
    assert view is not None
    return {column.name: column.id for column in view.columns}


def add(ctx: ServiceContext, title: str, column: str = "To Do", **fields: Any) -> TaskView:
    return tasks.create_task(ctx, {"title": title, "board": BOARD, "column": column, **fields})


def titles_in(column_id: int) -> list[str]:
    """Titles of the column's open cards, in board order (order key, then id)."""
    query = (
        Task.select(Task.title)
        .where((Task.column == column_id) & Task.cancelled_at.is_null())
        .order_by(Task.position, Task.id)
    )
    return [row.title for row in query]


def assert_positions_contiguous() -> None:
    """Every column's open cards have distinct order keys, and their views count
    slots 0..n-1 down the column in that order (what `get_task` says too)."""
    for column in BoardColumn.select():
        rows = list(
            Task.select(Task.id, Task.position)
            .where((Task.column == column.id) & Task.cancelled_at.is_null())
            .order_by(Task.position, Task.id)
        )
        keys = [row.position for row in rows]
        assert len(set(keys)) == len(keys), f"column {column.name!r}: keys {keys}"
        slots = [tasks.get_task(row.id).position for row in rows]
        assert slots == list(range(len(rows))), f"column {column.name!r}: {slots}"


def refused(action: Callable[[], object], error: type[Exception], message: str) -> Exception:
    """Run `action`, expect `error` with exactly `message`, and prove nothing changed."""
    before = dump_database()
    with pytest.raises(error) as info:
        action()
    assert str(info.value) == message
    assert dump_database() == before
    return info.value


def activity_for(task_id: int) -> list[Activity]:
    return list(
        Activity.select()
        .where((Activity.entity == "task") & (Activity.entity_id == task_id))
        .order_by(Activity.id)
    )


# --- creating -------------------------------------------------------------------


def test_create_appends_at_the_end_with_positions_from_zero(
    db_path: Path, admin: ServiceContext
) -> None:
    cols = make_board(admin)
    views = [add(admin, title) for title in ("A", "B", "C")]
    assert [v.position for v in views] == [0, 1, 2]
    assert [v.column for v in views] == ["To Do"] * 3
    assert [v.board for v in views] == [BOARD] * 3
    assert [v.version for v in views] == [1, 1, 1]
    assert titles_in(cols["To Do"]) == ["A", "B", "C"]


def test_create_at_a_position_shifts_the_cards_below(db_path: Path, admin: ServiceContext) -> None:
    cols = make_board(admin)
    for title in ("A", "B", "C"):
        add(admin, title)
    assert add(admin, "first", position=0).position == 0
    assert add(admin, "middle", position=2).position == 2
    assert add(admin, "far", position=99).position == 5  # clamped to the end
    assert titles_in(cols["To Do"]) == ["first", "A", "middle", "B", "C", "far"]
    assert_positions_contiguous()


def test_create_defaults_to_first_column_of_first_board(
    db_path: Path, admin: ServiceContext
) -> None:
    make_board(admin)
    view = tasks.create_task(admin, {"title": "  Plan webinar  "})
    assert (view.board, view.column, view.position, view.title) == (
        BOARD,
        "To Do",
        0,
        "Plan webinar",
    )
    assert view.created_at == FROZEN_NOW
    assert view.entered_column_at == FROZEN_NOW
    assert view.completed_at is None


def test_create_into_done_column_is_completed(db_path: Path, admin: ServiceContext) -> None:
    make_board(admin)
    assert add(admin, "Already shipped", column="Done").completed_at == FROZEN_NOW


# --- WIP limits -----------------------------------------------------------------

WIP_COLUMNS = (
    ColumnIn(name="To Do"),
    ColumnIn(name="Doing", wip_limit=2),
    ColumnIn(name="Done", is_done=True),
)
DOING_FULL = (
    "'Doing' on board 'Marketing' is at its WIP limit (2/2): finish or move a card out first"
)


def test_move_into_a_full_column_is_refused(db_path: Path, admin: ServiceContext) -> None:
    cols = make_board(admin, WIP_COLUMNS)
    add(admin, "one", column="Doing")
    add(admin, "two", column="Doing")
    waiting = add(admin, "three")
    error = refused(
        lambda: tasks.move_task(admin, waiting.id, cols["Doing"]), WipLimitReached, DOING_FULL
    )
    assert isinstance(error, WipLimitReached)
    assert (error.column, error.limit, error.count) == ("Doing", 2, 2)
    assert titles_in(cols["To Do"]) == ["three"]
    assert titles_in(cols["Doing"]) == ["one", "two"]


def test_move_by_column_name_into_a_full_column_is_refused(
    db_path: Path, admin: ServiceContext
) -> None:
    make_board(admin, WIP_COLUMNS)
    add(admin, "one", column="Doing")
    add(admin, "two", column="Doing")
    waiting = add(admin, "three")
    refused(lambda: tasks.move_task_to(admin, waiting.id, "doing"), WipLimitReached, DOING_FULL)


def test_create_into_a_full_column_is_refused(db_path: Path, admin: ServiceContext) -> None:
    make_board(admin, WIP_COLUMNS)
    add(admin, "one", column="Doing")
    add(admin, "two", column="Doing")
    refused(lambda: add(admin, "three", column="Doing"), WipLimitReached, DOING_FULL)
    refused(lambda: add(admin, "three", column="Doing", position=0), WipLimitReached, DOING_FULL)


def test_column_below_its_limit_takes_a_card(db_path: Path, admin: ServiceContext) -> None:
    cols = make_board(admin, WIP_COLUMNS)
    add(admin, "one", column="Doing")
    moved = tasks.move_task(admin, add(admin, "two").id, cols["Doing"])
    assert (moved.column, moved.position) == ("Doing", 1)


def test_reorder_within_a_full_column_is_allowed(db_path: Path, admin: ServiceContext) -> None:
    cols = make_board(admin, WIP_COLUMNS)
    add(admin, "one", column="Doing")
    two = add(admin, "two", column="Doing")
    moved = tasks.move_task(admin, two.id, cols["Doing"], 0)
    assert (moved.column, moved.position) == ("Doing", 0)
    assert titles_in(cols["Doing"]) == ["two", "one"]
    assert_positions_contiguous()


def test_moving_out_of_a_full_column_makes_room(db_path: Path, admin: ServiceContext) -> None:
    cols = make_board(admin, WIP_COLUMNS)
    one = add(admin, "one", column="Doing")
    add(admin, "two", column="Doing")
    tasks.move_task(admin, one.id, cols["Done"])
    assert add(admin, "three", column="Doing").position == 1
    assert titles_in(cols["Doing"]) == ["two", "three"]


# --- per-person limits ----------------------------------------------------------

PERSON_COLUMNS = (
    ColumnIn(name="To Do"),
    ColumnIn(name="Doing", person_limit=2),
    ColumnIn(name="Done", is_done=True),
)
ANA_FULL = "Ana already holds 2 cards in 'Doing' (the per-person limit is 2)"


@pytest.fixture
def person_board(db_path: Path, admin: ServiceContext) -> dict[str, int]:
    """Ana and Ben as members; Ana already holds two cards in Doing (limit 2)."""
    members.create_member(admin, {"name": "Ana"})
    members.create_member(admin, {"name": "Ben"})
    cols = make_board(admin, PERSON_COLUMNS)
    add(admin, "ana 1", column="Doing", owner="Ana")
    add(admin, "ana 2", column="Doing", owner="Ana")
    return cols


def test_person_limit_refuses_create(person_board: dict[str, int], admin: ServiceContext) -> None:
    error = refused(
        lambda: add(admin, "ana 3", column="Doing", owner="Ana"), PersonLimitReached, ANA_FULL
    )
    assert isinstance(error, PersonLimitReached)
    assert (error.member, error.column, error.limit) == ("Ana", "Doing", 2)


def test_person_limit_refuses_move(person_board: dict[str, int], admin: ServiceContext) -> None:
    waiting = add(admin, "ana 3", owner="Ana")
    refused(
        lambda: tasks.move_task(admin, waiting.id, person_board["Doing"]),
        PersonLimitReached,
        ANA_FULL,
    )


def test_person_limit_leaves_others_free(
    person_board: dict[str, int], admin: ServiceContext
) -> None:
    assert add(admin, "ben 1", column="Doing", owner="Ben").position == 2
    assert add(admin, "nobody's", column="Doing").position == 3
    moved = tasks.move_task(admin, add(admin, "ben 2", owner="Ben").id, person_board["Doing"])
    assert (moved.column, moved.position, moved.owner) == ("Doing", 4, "Ben")


def test_person_limit_singular_message(db_path: Path, admin: ServiceContext) -> None:
    members.create_member(admin, {"name": "Ana"})
    make_board(admin, (ColumnIn(name="To Do"), ColumnIn(name="Doing", person_limit=1)))
    add(admin, "ana 1", column="Doing", owner="Ana")
    refused(
        lambda: add(admin, "ana 2", column="Doing", owner="Ana"),
        PersonLimitReached,
        "Ana already holds 1 card in 'Doing' (the per-person limit is 1)",
    )


def test_person_limit_refuses_reassigning_a_card(
    person_board: dict[str, int], admin: ServiceContext
) -> None:
    bens = add(admin, "ben 1", column="Doing", owner="Ben")
    refused(
        lambda: tasks.update_task(admin, bens.id, {"owner": "Ana"}), PersonLimitReached, ANA_FULL
    )


# --- completion and positions across moves ---------------------------------------


def test_completed_at_set_on_done_and_cleared_on_the_way_back(
    db_path: Path, admin: ServiceContext
) -> None:
    cols = make_board(admin)
    task = add(admin, "Launch email")
    tuesday = datetime(2026, 11, 24, 14, 0)
    wednesday = datetime(2026, 11, 25, 10, 15)

    done = tasks.move_task(acting("Bea", at=tuesday), task.id, cols["Done"])
    assert done.completed_at == tuesday
    assert done.entered_column_at == tuesday

    reordered = tasks.move_task(acting("Bea", at=wednesday), task.id, cols["Done"], 0)
    assert reordered.completed_at == tuesday  # reordering inside Done keeps the date
    assert reordered.entered_column_at == tuesday

    back = tasks.move_task(acting("Bea", at=wednesday), task.id, cols["Doing"])
    assert back.completed_at is None
    assert back.entered_column_at == wednesday
    assert Task.get_by_id(task.id).completed_at is None


def test_positions_stay_contiguous_through_a_sequence_of_moves(
    db_path: Path, admin: ServiceContext
) -> None:
    cols = make_board(admin)
    members.create_member(admin, {"name": "Rita"})
    ids = {title: add(admin, title).id for title in "ABCDE"}
    steps: list[tuple[str, str, int | None, int]] = [
        # task, target column, requested position, expected position
        ("C", "Doing", None, 0),
        ("A", "Doing", 0, 0),
        ("E", "Doing", 1, 1),
        ("A", "Done", None, 0),
        ("E", "Doing", 99, 1),  # reorder, clamped to the end
        ("B", "Review", 5, 0),  # clamped in an empty column
        ("C", "To Do", 0, 0),
        ("D", "Done", 0, 0),
        ("A", "To Do", 1, 1),
        ("C", "To Do", 1, 1),  # reorder to below A
    ]
    for title, column, position, expected in steps:
        reviewer = "Rita" if column == "Review" else None
        view = tasks.move_task(admin, ids[title], cols[column], position, reviewer=reviewer)
        assert (view.column, view.position) == (column, expected), (title, column, position)
        assert_positions_contiguous()
    assert {name: titles_in(cols[name]) for name in cols} == {
        "To Do": ["A", "C"],
        "Doing": ["E"],
        "Review": ["B"],
        "Done": ["D"],
    }


def test_move_bumps_version(db_path: Path, admin: ServiceContext) -> None:
    cols = make_board(admin)
    task = add(admin, "A")
    assert tasks.move_task(admin, task.id, cols["Doing"], expected_version=1).version == 2
    assert tasks.move_task(admin, task.id, cols["Doing"], 0, expected_version=2).version == 3


# --- optimistic locking ---------------------------------------------------------


def test_stale_update_is_refused_naming_who_changed_it(
    db_path: Path, admin: ServiceContext, editor: ServiceContext
) -> None:
    make_board(admin)
    task = add(admin, "Brief")
    bea = acting("Bea Editor", at=datetime(2026, 11, 23, 11, 45))
    assert tasks.update_task(bea, task.id, {"title": "Brief v2"}, expected_version=1).version == 2

    error = refused(
        lambda: tasks.update_task(editor, task.id, {"title": "Brief v3"}, expected_version=1),
        VersionConflict,
        "this task was changed by Bea Editor at 11:45 — reloaded, try again",
    )
    assert isinstance(error, VersionConflict)
    assert (error.by, error.at) == ("Bea Editor", "11:45")
    assert tasks.get_task(task.id).title == "Brief v2"


def test_stale_move_is_refused(db_path: Path, admin: ServiceContext) -> None:
    cols = make_board(admin)
    task = add(admin, "Brief")
    tasks.update_task(acting("Bea"), task.id, {"priority": "high"})
    refused(
        lambda: tasks.move_task(admin, task.id, cols["Doing"], expected_version=1),
        VersionConflict,
        "this task was changed by Bea at 09:30 — reloaded, try again",
    )


def test_update_with_current_version_bumps_it(db_path: Path, admin: ServiceContext) -> None:
    make_board(admin)
    task = add(admin, "Brief")
    later = acting("Bea", at=datetime(2026, 11, 24, 8, 0))
    view = tasks.update_task(
        later,
        task.id,
        {"title": "Creative brief", "due": date(2026, 11, 27), "priority": "urgent"},
        expected_version=1,
    )
    assert (view.title, view.due, view.priority, view.version) == (
        "Creative brief",
        date(2026, 11, 27),
        "urgent",
        2,
    )
    assert Task.get_by_id(task.id).updated_at == datetime(2026, 11, 24, 8, 0)
    assert tasks.update_task(admin, task.id, {"title": "x"}, expected_version=2).version == 3


def test_update_that_changes_nothing_keeps_version_and_log(
    db_path: Path, admin: ServiceContext
) -> None:
    make_board(admin)
    task = add(admin, "Brief")
    before = dump_database()
    assert tasks.update_task(admin, task.id, {"title": "Brief"}).version == 1
    assert dump_database() == before


# --- delete ---------------------------------------------------------------------


def test_delete_closes_the_gap(db_path: Path, admin: ServiceContext) -> None:
    cols = make_board(admin)
    views = {title: add(admin, title) for title in "ABCD"}
    tasks.delete_task(admin, views["B"].id)
    assert titles_in(cols["To Do"]) == ["A", "C", "D"]
    assert [tasks.get_task(views[t].id).position for t in "ACD"] == [0, 1, 2]
    assert Task.get_or_none(Task.id == views["B"].id) is None
    assert_positions_contiguous()
    last = activity_for(views["B"].id)[-1]
    assert (last.action, last.summary) == ("delete", "deleted 'B'")
    assert json.loads(last.before)["title"] == "B"


def test_delete_removes_its_dependencies(db_path: Path, admin: ServiceContext) -> None:
    make_board(admin)
    a, b = add(admin, "A"), add(admin, "B")
    tasks.add_dependency(admin, a.id, b.id)
    tasks.delete_task(admin, a.id)
    assert Dependency.select().count() == 0
    assert tasks.get_task(b.id).depends_on == ()


# --- dependencies ---------------------------------------------------------------


def test_dependency_cycle_is_refused_listing_the_titles(
    db_path: Path, admin: ServiceContext
) -> None:
    make_board(admin)
    brief, draft, launch = add(admin, "Brief"), add(admin, "Draft"), add(admin, "Launch")
    tasks.add_dependency(admin, brief.id, draft.id)  # draft waits for brief
    tasks.add_dependency(admin, draft.id, launch.id)  # launch waits for draft
    error = refused(
        lambda: tasks.add_dependency(admin, launch.id, brief.id),
        DependencyCycle,
        "that dependency would make a cycle: "
        f"#{launch.id} Launch → #{brief.id} Brief → #{draft.id} Draft → #{launch.id} Launch",
    )
    assert isinstance(error, DependencyCycle)
    assert error.titles == [
        f"#{launch.id} Launch",
        f"#{brief.id} Brief",
        f"#{draft.id} Draft",
        f"#{launch.id} Launch",
    ]


def test_two_cycle_and_self_dependency_are_refused(db_path: Path, admin: ServiceContext) -> None:
    make_board(admin)
    a, b = add(admin, "A"), add(admin, "B")
    tasks.add_dependency(admin, a.id, b.id)
    refused(
        lambda: tasks.add_dependency(admin, b.id, a.id),
        DependencyCycle,
        f"that dependency would make a cycle: #{b.id} B → #{a.id} A → #{b.id} B",
    )
    refused(
        lambda: tasks.add_dependency(admin, a.id, a.id),
        DependencyCycle,
        f"that dependency would make a cycle: #{a.id} A → #{a.id} A",
    )


def test_duplicate_dependency_is_a_no_op(db_path: Path, admin: ServiceContext) -> None:
    make_board(admin)
    a, b = add(admin, "A"), add(admin, "B")
    tasks.add_dependency(admin, a.id, b.id)
    before = dump_database()
    tasks.add_dependency(admin, a.id, b.id)
    assert dump_database() == before
    assert Dependency.select().count() == 1
    assert tasks.get_task(b.id).depends_on == (a.id,)
    assert tasks.get_task(a.id).depends_on == ()


# --- permissions ----------------------------------------------------------------


ViewerCall = Callable[[ServiceContext, dict[str, int]], object]


@pytest.mark.parametrize(
    ("doing", "call"),
    [
        ("create tasks", lambda ctx, ids: add(ctx, "sneaky")),
        ("move tasks", lambda ctx, ids: tasks.move_task(ctx, ids["task"], ids["Doing"])),
        ("edit tasks", lambda ctx, ids: tasks.update_task(ctx, ids["task"], {"title": "x"})),
        ("delete tasks", lambda ctx, ids: tasks.delete_task(ctx, ids["task"])),
        (
            "add dependencies",
            lambda ctx, ids: tasks.add_dependency(ctx, ids["task"], ids["other"]),
        ),
    ],
)
def test_viewer_is_refused(
    db_path: Path, admin: ServiceContext, viewer: ServiceContext, doing: str, call: ViewerCall
) -> None:
    ids = make_board(admin)
    ids["task"] = add(admin, "Brief").id
    ids["other"] = add(admin, "Draft").id
    refused(
        lambda: call(viewer, ids),
        PermissionDenied,
        f"Test Viewer is a viewer and cannot {doing}; that needs the editor role",
    )


def test_editor_may_work_with_tasks(
    db_path: Path, admin: ServiceContext, editor: ServiceContext
) -> None:
    cols = make_board(admin)
    task = add(editor, "Brief")
    tasks.move_task(editor, task.id, cols["Doing"])
    tasks.update_task(editor, task.id, {"title": "Brief v2"})
    tasks.delete_task(editor, task.id)
    assert Task.select().count() == 0


# --- activity log ---------------------------------------------------------------


def test_activity_records_create_move_update_with_before_and_after(
    db_path: Path, admin: ServiceContext
) -> None:
    members.create_member(admin, {"name": "Ana"})
    cols = make_board(admin)
    task = add(
        admin,
        "Write brief",
        owner="Ana",
        channel="email",
        estimate_days=2,
        start=date(2026, 11, 24),
        due=date(2026, 11, 27),
        priority="high",
    )
    ana_id = members.list_members()[0].id
    bea = acting("Bea", at=datetime(2026, 11, 24, 10, 0))
    tasks.move_task(bea, task.id, cols["Doing"])
    tasks.update_task(bea, task.id, {"title": "Write the brief", "due": date(2026, 11, 30)})

    entries = activity_for(task.id)
    assert [(e.action, e.actor_name, e.at) for e in entries] == [
        ("create", "Test Admin", FROZEN_NOW),
        ("move", "Bea", datetime(2026, 11, 24, 10, 0)),
        ("update", "Bea", datetime(2026, 11, 24, 10, 0)),
    ]
    create, move, update = entries

    assert create.summary == "created 'Write brief' in To Do"
    assert create.before is None
    assert json.loads(create.after) == {
        "title": "Write brief",
        "description": "",
        "project_id": None,
        "column_id": cols["To Do"],
        "position": 0,
        "owner_id": ana_id,
        "reviewer_id": None,
        "channel": "email",
        "estimate_days": 2.0,
        "start": "2026-11-24",
        "due": "2026-11-27",
        "priority": "high",
        "blocked": False,
        "blocked_reason": "",
    }

    assert move.summary == "moved To Do → Doing: 'Write brief'"
    assert json.loads(move.before) == {"column": "To Do", "position": 0}
    assert json.loads(move.after) == {"column": "Doing", "position": 0}

    assert update.summary == "edited 'Write the brief': due, title"
    assert json.loads(update.before) == {"title": "Write brief", "due": "2026-11-27"}
    assert json.loads(update.after) == {"title": "Write the brief", "due": "2026-11-30"}


def test_reorder_is_logged_as_a_reorder(db_path: Path, admin: ServiceContext) -> None:
    cols = make_board(admin)
    add(admin, "A")
    b = add(admin, "B")
    tasks.move_task(admin, b.id, cols["To Do"], 0)
    entry = activity_for(b.id)[-1]
    assert (entry.action, entry.summary) == ("move", "reordered: 'B'")
    assert json.loads(entry.before) == {"column": "To Do", "position": 1}
    assert json.loads(entry.after) == {"column": "To Do", "position": 0}
