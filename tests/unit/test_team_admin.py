"""Admins manage members, boards and columns: every rule of `services.team_admin`
and `services.columns`, with the refusals word for word and nothing changed by them.

The workspace: Ann Lee (admin, handle ann), Ben Ito (editor, owns a1 a2 in To Do
and d1 in Done), Vic Roe (viewer); board Flow: To Do, Doing (WIP 2), Done; board
Empty with the default columns and no cards.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from playhouse.test_utils import count_queries

from mpm_tui.db.models import Activity, BoardColumn, Member, Task
from mpm_tui.schemas.enums import Role
from mpm_tui.services import boards, columns, members, projects, tasks, team_admin
from mpm_tui.services.context import Actor, ServiceContext
from mpm_tui.services.errors import InvalidInput, NotFound, PermissionDenied, RuleViolation
from tests.conftest import FROZEN_NOW, frozen_clock, refused


@pytest.fixture
def team(db_path: Path, admin: ServiceContext) -> ServiceContext:
    """The workspace above; returns Ann's session."""
    members.create_member(admin, {"name": "Ann Lee", "handle": "ann", "role": "admin"})
    members.create_member(admin, {"name": "Ben Ito", "role": "editor"})
    members.create_member(admin, {"name": "Vic Roe", "role": "viewer"})
    boards.create_board(
        admin,
        {
            "name": "Flow",
            "columns": [
                {"name": "To Do"},
                {"name": "Doing", "wip_limit": 2},
                {"name": "Done", "is_done": True},
            ],
        },
    )
    boards.create_board(admin, {"name": "Empty"})
    projects.create_project(admin, {"name": "Launch"})
    for title, column in (("a1", "To Do"), ("a2", "To Do"), ("d1", "Done")):
        tasks.create_task(
            admin,
            {
                "title": title,
                "board": "Flow",
                "column": column,
                "project": "Launch",
                "owner": "Ben Ito",
            },
        )
    return as_member("Ann Lee")


def as_member(name: str) -> ServiceContext:
    return ServiceContext(members.resolve_actor(name, os_user=""), frozen_clock)


def member(name: str) -> Member:
    return Member.get(Member.name == name)


def column_names(board: str) -> list[str]:
    return [c.name for c in columns.board_outline(board).columns]


def last_entry() -> Activity:
    return Activity.select().order_by(Activity.id.desc()).first()


# --- members ----------------------------------------------------------------------------


def test_role_change_is_logged_with_before_and_after(team: ServiceContext) -> None:
    view = team_admin.update_member(team, "ben ito", {"role": "admin"})
    assert view.role is Role.ADMIN
    assert member("Ben Ito").role == "admin"
    entry = last_entry()
    assert (entry.entity, entry.entity_id, entry.action, entry.actor_name) == (
        "member",
        view.id,
        "update",
        "Ann Lee",
    )
    assert entry.summary == "Ben Ito: role editor → admin"
    assert (json.loads(entry.before), json.loads(entry.after)) == (
        {"role": "editor"},
        {"role": "admin"},
    )
    assert entry.at == FROZEN_NOW


def test_the_last_admin_cannot_be_demoted(team: ServiceContext) -> None:
    refused(
        lambda: team_admin.update_member(team, "Ann Lee", {"role": "editor"}),
        RuleViolation,
        "Ann Lee is the last admin: make someone else an admin before you make Ann Lee an editor",
    )
    team_admin.update_member(team, "Ben Ito", {"role": "admin"})
    team_admin.update_member(team, "Ann Lee", {"role": "viewer"})  # now Ben is one
    assert member("Ann Lee").role == "viewer"


def test_an_inactive_admin_does_not_count(team: ServiceContext) -> None:
    team_admin.update_member(team, "Ben Ito", {"role": "admin"})
    team_admin.set_member_active(team, "Ben Ito", False)
    refused(
        lambda: team_admin.update_member(team, "Ann Lee", {"role": "editor"}),
        RuleViolation,
        "Ann Lee is the last admin: make someone else an admin before you make Ann Lee an editor",
    )


def test_rename_handle_and_capacity_in_one_change(team: ServiceContext) -> None:
    view = team_admin.update_member(
        team, "Ben Ito", {"name": "Benjamin Ito", "handle": "ben", "capacity_days": 3.5}
    )
    assert (view.name, view.handle, view.capacity_days) == ("Benjamin Ito", "ben", 3.5)
    entry = last_entry()
    assert (
        entry.summary == "Ben Ito: name Ben Ito → Benjamin Ito, handle none → ben, capacity 5 → 3.5"
    )
    assert json.loads(entry.before) == {"name": "Ben Ito", "handle": None, "capacity_days": 5.0}
    # An empty handle removes it; the member is then found by name only.
    team_admin.update_member(team, "ben", {"handle": ""})
    assert member("Benjamin Ito").handle is None


def test_names_and_handles_stay_unique(team: ServiceContext) -> None:
    refused(
        lambda: team_admin.update_member(team, "Ben Ito", {"name": "ann lee"}),
        InvalidInput,
        "member: name: 'ann lee' is already the name of Ann Lee",
    )
    refused(
        lambda: team_admin.update_member(team, "Ben Ito", {"handle": "ANN"}),
        InvalidInput,
        "member: handle: 'ANN' is already the handle of Ann Lee",
    )
    refused(
        lambda: team_admin.update_member(team, "Ben Ito", {"name": "Ann"}),
        InvalidInput,
        "member: name: 'Ann' is already the handle of Ann Lee",
    )
    # A member may change the case of their own name.
    assert team_admin.update_member(team, "Ben Ito", {"name": "BEN ITO"}).name == "BEN ITO"


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({}, "member: nothing to change: give a role, handle, name or capacity"),
        ({"name": "  "}, "member: name: must not be empty"),
        ({"handle": "b i"}, "member: handle: a login has no spaces (got 'b i')"),
        (
            {"capacity_days": 8},
            "member: capacity_days: input should be less than or equal to 7 (got 8)",
        ),
        (
            {"role": "boss"},
            "member: role: input should be 'viewer', 'editor' or 'admin' (got 'boss')",
        ),
        ({"colour": "red"}, "member: colour: is not a known field"),
    ],
)
def test_bad_changes_are_refused(
    team: ServiceContext, changes: dict[str, object], message: str
) -> None:
    refused(lambda: team_admin.update_member(team, "Ben Ito", changes), InvalidInput, message)


def test_an_unchanged_value_writes_nothing(team: ServiceContext) -> None:
    before = Activity.select().count()
    team_admin.update_member(team, "Ben Ito", {"role": "editor", "capacity_days": 5})
    assert Activity.select().count() == before


def test_only_admins_manage_members(team: ServiceContext) -> None:
    refused(
        lambda: team_admin.update_member(as_member("Ben Ito"), "Vic Roe", {"role": "editor"}),
        PermissionDenied,
        "Ben Ito is an editor and cannot manage members; that needs the admin role",
    )
    refused(
        lambda: team_admin.set_member_active(as_member("Vic Roe"), "Ben Ito", False),
        PermissionDenied,
        "Vic Roe is a viewer and cannot manage members; that needs the admin role",
    )
    assert team_admin.admin_refusal(team) == ""
    assert "cannot manage members" in team_admin.admin_refusal(as_member("Vic Roe"))


def test_an_unknown_member_is_named(team: ServiceContext) -> None:
    refused(
        lambda: team_admin.update_member(team, "Bob", {"role": "admin"}),
        NotFound,
        "no member called 'Bob' (known: Ann Lee, Ben Ito, Vic Roe)",
    )


def test_deactivate_keeps_history_and_open_cards(team: ServiceContext) -> None:
    ben = member("Ben Ito")
    change = team_admin.set_member_active(team, "Ben Ito", False)
    assert change.open_cards == 2  # a1, a2; d1 is done
    assert change.describe() == (
        "deactivated Ben Ito: their 2 open cards stay assigned to them until reassigned "
        "(board or workload, r); their history stays"
    )
    assert [t.owner for t in tasks.list_tasks(board="Flow")] == ["Ben Ito"] * 3
    assert Activity.select().where(Activity.actor == ben.id).count() == 0  # none of his
    entry = last_entry()
    assert (entry.action, entry.summary) == (
        "deactivate",
        "deactivated Ben Ito (2 open cards kept)",
    )
    assert (json.loads(entry.before), json.loads(entry.after)) == (
        {"active": True},
        {"active": False},
    )
    # Out of the pickers, in the team list (marked), read-only when he signs in.
    assert "Ben Ito" not in [m.name for m in members.list_members()]
    rows = {r.member.name: r for r in team_admin.member_rows()}
    assert (rows["Ben Ito"].member.active, rows["Ben Ito"].open_cards) == (False, 2)
    assert [r.member.name for r in team_admin.member_rows()][-1] == "Ben Ito"
    actor = members.resolve_actor("Ben Ito", os_user="")
    assert (actor.role, actor.note) == (Role.VIEWER, "deactivated member")
    # Reactivated: back as he was.
    change = team_admin.set_member_active(team, "Ben Ito", True)
    assert change.describe() == "Ben Ito is active again (editor, 5 days a week)"
    assert members.resolve_actor("Ben Ito", os_user="").role is Role.EDITOR


def test_a_deactivated_member_gets_no_new_work_but_keeps_what_they_have(
    team: ServiceContext,
) -> None:
    team_admin.set_member_active(team, "Ben Ito", False)
    a1 = next(t for t in tasks.list_tasks(board="Flow") if t.title == "a1")
    before = Task.select().count()
    gone = (
        "Ben Ito is deactivated: reactivate them first (mpm member reactivate) "
        "or choose someone else"
    )
    refused(
        lambda: tasks.create_task(team, {"title": "new", "board": "Flow", "owner": "Ben Ito"}),
        InvalidInput,
        gone,
    )
    assert Task.select().count() == before
    tasks.update_task(team, a1.id, {"owner": "Ann Lee"})
    refused(lambda: tasks.update_task(team, a1.id, {"owner": "ben ito"}), InvalidInput, gone)
    refused(
        lambda: projects.update_project(team, "Launch", {"owner": "Ben Ito"}), InvalidInput, gone
    )
    # What he already holds stays his, and saving it unchanged is no new work.
    a2 = next(t for t in tasks.list_tasks(board="Flow") if t.title == "a2")
    saved = tasks.update_task(team, a2.id, {"owner": "Ben Ito", "title": "a2 renamed"})
    assert (saved.owner, saved.title) == ("Ben Ito", "a2 renamed")
    assert tasks.move_task_to(team, a2.id, "Doing").owner == "Ben Ito"


def test_deactivating_the_last_admin_or_twice_is_refused(team: ServiceContext) -> None:
    refused(
        lambda: team_admin.set_member_active(team, "Ann Lee", False),
        RuleViolation,
        "Ann Lee is the last admin: make someone else an admin before you deactivate Ann Lee",
    )
    team_admin.set_member_active(team, "Vic Roe", False)
    refused(
        lambda: team_admin.set_member_active(team, "Vic Roe", False),
        RuleViolation,
        "Vic Roe is already inactive",
    )


def test_member_rows_count_open_cards_in_two_queries(team: ServiceContext) -> None:
    with count_queries() as counter:
        rows = team_admin.member_rows()
    assert counter.count == 2
    assert [(r.member.name, r.open_cards) for r in rows] == [
        ("Ann Lee", 0),
        ("Ben Ito", 2),
        ("Vic Roe", 0),
    ]


# --- boards -----------------------------------------------------------------------------


def test_rename_board(team: ServiceContext) -> None:
    summary = columns.rename_board(team, "flow", "Main")
    assert (summary.name, summary.task_count) == ("Main", 3)
    assert [b.name for b in boards.list_boards()] == ["Main", "Empty"]
    assert last_entry().summary == "renamed board 'Flow' → 'Main'"
    refused(
        lambda: columns.rename_board(team, "Main", "EMPTY"),
        InvalidInput,
        "board: name: a board called 'Empty' already exists",
    )
    refused(
        lambda: columns.rename_board(team, "Main", " "),
        InvalidInput,
        "board: name: must not be empty",
    )


def test_only_an_empty_board_is_removed(team: ServiceContext) -> None:
    refused(
        lambda: columns.remove_board(team, "Flow"),
        RuleViolation,
        "board 'Flow' holds 3 cards: only an empty board can be removed",
    )
    assert columns.remove_board(team, "empty") == "Empty"
    assert [b.name for b in boards.list_boards()] == ["Flow"]
    assert BoardColumn.select().count() == 3
    entry = last_entry()
    assert (entry.entity, entry.action) == ("board", "delete")
    assert json.loads(entry.before)["columns"] == ["To Do", "In Progress", "Review", "Done"]


def test_cancelled_cards_keep_a_board(team: ServiceContext) -> None:
    Task.delete().where(Task.title != "a1").execute()
    Task.update(cancelled_at=FROZEN_NOW).execute()
    refused(
        lambda: columns.remove_board(team, "Flow"),
        RuleViolation,
        "board 'Flow' holds 1 card (1 cut by scope changes, kept for history): "
        "only an empty board can be removed",
    )


# --- columns ----------------------------------------------------------------------------


def test_add_column_at_a_position_or_before_done(team: ServiceContext) -> None:
    added = columns.add_column(team, "Flow", "Review")
    assert (added.name, added.position, added.wip_limit) == ("Review", 3, None)
    assert column_names("Flow") == ["To Do", "Doing", "Review", "Done"]
    columns.add_column(team, "Flow", "Backlog", position=1)
    assert column_names("Flow") == ["Backlog", "To Do", "Doing", "Review", "Done"]
    positions = [
        c.position
        for c in BoardColumn.select().order_by(BoardColumn.position)
        if c.board.name == "Flow"
    ]
    assert positions == [0, 1, 2, 3, 4]
    entry = last_entry()
    assert entry.summary == "added column 'Backlog' to board 'Flow' at position 1"
    assert json.loads(entry.after) == {"board": "Flow", "name": "Backlog", "position": 1}
    columns.add_column(team, "Flow", "Archive", position=6)
    assert column_names("Flow")[-1] == "Archive"


def test_add_column_refusals(team: ServiceContext) -> None:
    refused(
        lambda: columns.add_column(team, "Flow", "doing"),
        InvalidInput,
        "column: name: board 'Flow' already has a column 'Doing'",
    )
    refused(
        lambda: columns.add_column(team, "Flow", "QA", position=5),
        InvalidInput,
        "position: must be a whole number from 1 (leftmost) to 4 (got 5)",
    )
    refused(
        lambda: columns.add_column(team, "Flow", "QA", position=0),
        InvalidInput,
        "position: must be a whole number from 1 (leftmost) to 4 (got 0)",
    )
    refused(
        lambda: columns.add_column(team, "Nope", "QA"),
        NotFound,
        "no board called 'Nope' (known: Flow, Empty)",
    )


def test_rename_column_keeps_its_cards_and_limits(team: ServiceContext) -> None:
    renamed = columns.rename_column(team, "Flow", "to do", "Backlog")
    assert (renamed.name, renamed.position, renamed.cards) == ("Backlog", 1, 2)
    assert [t.column for t in tasks.list_tasks(board="Flow")][:2] == ["Backlog", "Backlog"]
    assert last_entry().summary == "renamed column 'To Do' → 'Backlog' on board 'Flow'"
    refused(
        lambda: columns.rename_column(team, "Flow", "Backlog", "DONE"),
        InvalidInput,
        "column: name: board 'Flow' already has a column 'Done'",
    )
    # The same name on another board is fine.
    assert columns.rename_column(team, "Empty", "To Do", "Backlog").name == "Backlog"


def test_move_column_left_right_and_to_a_position(team: ServiceContext) -> None:
    columns.move_column(team, "Flow", "Doing", "left")
    assert column_names("Flow") == ["Doing", "To Do", "Done"]
    entry = last_entry()
    assert (entry.action, entry.summary) == ("move", "moved column 'Doing' of board 'Flow' 2 → 1")
    assert (json.loads(entry.before), json.loads(entry.after)) == (
        {"position": 2},
        {"position": 1},
    )
    columns.move_column(team, "Flow", "Doing", "right")
    assert column_names("Flow") == ["To Do", "Doing", "Done"]
    moved = columns.move_column(team, "Flow", "Done", 1)
    assert moved.position == 1
    assert column_names("Flow") == ["Done", "To Do", "Doing"]
    refused(
        lambda: columns.move_column(team, "Flow", "Done", "left"),
        RuleViolation,
        "'Done' is already the leftmost column",
    )
    refused(
        lambda: columns.move_column(team, "Flow", "Doing", "right"),
        RuleViolation,
        "'Doing' is already the rightmost column",
    )
    refused(
        lambda: columns.move_column(team, "Flow", "Doing", 4),
        InvalidInput,
        "position: must be a whole number from 1 (leftmost) to 3 (got 4)",
    )


@pytest.mark.parametrize(("text", "place"), [("left", "left"), (" Right ", "right"), ("2", 2)])
def test_parse_place(text: str, place: int | str) -> None:
    assert columns.parse_place(text) == place


def test_parse_place_refuses_anything_else() -> None:
    with pytest.raises(
        InvalidInput, match=r"place: expected left, right or a position from 1 \(got 'up'\)"
    ):
        columns.parse_place("up")


def test_only_an_empty_column_is_removed(team: ServiceContext) -> None:
    refused(
        lambda: columns.remove_column(team, "Flow", "To Do"),
        RuleViolation,
        "column 'To Do' on board 'Flow' holds 2 cards: move them to another column first",
    )
    assert columns.column_removal_problem("Flow", "Doing") == ""
    assert columns.remove_column(team, "Flow", "doing") == "Doing"
    assert column_names("Flow") == ["To Do", "Done"]
    assert [c.position for c in columns.board_outline("Flow").columns] == [1, 2]
    entry = last_entry()
    assert (entry.entity, entry.action) == ("column", "delete")
    assert json.loads(entry.before) == {
        "board": "Flow",
        "name": "Doing",
        "position": 2,
        "wip_limit": 2,
        "person_limit": None,
    }


def test_cancelled_cards_move_left_with_a_removed_column(team: ServiceContext) -> None:
    a1 = Task.get(Task.title == "a1")
    Task.update(cancelled_at=FROZEN_NOW).where(Task.id == a1.id).execute()
    tasks.move_task_to(team, Task.get(Task.title == "a2").id, "Doing")
    Task.update(column=BoardColumn.get(BoardColumn.name == "Doing").id).where(
        Task.id == a1.id
    ).execute()
    refused(
        lambda: columns.remove_column(team, "Flow", "Doing"),
        RuleViolation,
        "column 'Doing' on board 'Flow' holds 1 card: move them to another column first",
    )
    tasks.move_task_to(team, Task.get(Task.title == "a2").id, "To Do")
    columns.remove_column(team, "Flow", "Doing")
    assert Task.get_by_id(a1.id).column.name == "To Do"
    assert last_entry().summary == (
        "removed column 'Doing' from board 'Flow' (1 cancelled card moved to 'To Do')"
    )


def test_a_board_keeps_one_column(team: ServiceContext) -> None:
    for name in ("To Do", "In Progress", "Review"):
        columns.remove_column(team, "Empty", name)
    refused(
        lambda: columns.remove_column(team, "Empty", "Done"),
        RuleViolation,
        "'Done' is the only column of board 'Empty': a board needs one (remove the board instead)",
    )


def test_only_admins_shape_boards(team: ServiceContext) -> None:
    ben = as_member("Ben Ito")
    message = "Ben Ito is an editor and cannot change boards and columns; that needs the admin role"
    for change in (
        lambda: columns.rename_board(ben, "Flow", "Main"),
        lambda: columns.remove_board(ben, "Empty"),
        lambda: columns.add_column(ben, "Flow", "QA"),
        lambda: columns.rename_column(ben, "Flow", "Doing", "WIP"),
        lambda: columns.move_column(ben, "Flow", "Doing", "left"),
        lambda: columns.remove_column(ben, "Flow", "Doing"),
    ):
        refused(change, PermissionDenied, message)
    assert columns.structure_refusal(ben) == message
    assert columns.structure_refusal(team) == ""


def test_board_outlines_in_three_queries(team: ServiceContext) -> None:
    Task.update(cancelled_at=FROZEN_NOW).where(Task.title == "a1").execute()
    with count_queries() as counter:
        outlines = columns.board_outlines()
    assert counter.count == 3
    flow = outlines[0]
    assert [(c.position, c.name, c.wip_limit, c.cards, c.is_done) for c in flow.columns] == [
        (1, "To Do", None, 1, False),
        (2, "Doing", 2, 0, False),
        (3, "Done", None, 1, True),
    ]
    assert flow.cards == 2


def test_the_board_screen_falls_back_to_the_first_board(team: ServiceContext) -> None:
    """A board removed while shown: its screen shows the first board, not "no board"."""
    empty = next(b for b in boards.list_boards() if b.name == "Empty")
    columns.remove_board(team, "Empty")
    view = boards.board_view(empty.id)
    assert view is not None and view.name == "Flow"


def test_a_lone_admin_cannot_deactivate_themself(db_path: Path) -> None:
    """A new workspace's only member is its admin: it keeps them."""
    setup = ServiceContext(Actor("you", Role.ADMIN), frozen_clock)
    members.create_member(setup, {"name": "Ann Lee", "role": "admin"})
    refused(
        lambda: team_admin.set_member_active(setup, "Ann Lee", False),
        RuleViolation,
        "Ann Lee is the last admin: make someone else an admin before you deactivate Ann Lee",
    )
