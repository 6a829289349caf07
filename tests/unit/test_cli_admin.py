"""Admin commands from the shell: `member set|deactivate|reactivate`, `member list
--all`, `board rename|remove`, `column list|add|rename|move|remove`.

The workspace: Ann Lee (admin, handle ann), Ben Ito (editor, owns two open cards
in To Do), Vic Roe (viewer, handle vic); board Flow: To Do, Doing (WIP 2), Done;
board Empty with the default columns. Every refusal exits 1 with one line and
leaves the database file byte-for-byte as it was.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from mpm_tui.db.database import close_database, open_database
from mpm_tui.schemas.enums import Role
from mpm_tui.services import boards, members, projects, tasks
from mpm_tui.services.context import Actor, ServiceContext
from tests.conftest import frozen_clock
from tests.unit.test_cli import file_dump, run

pytestmark = pytest.mark.usefixtures("frozen_cli_clock")


@pytest.fixture
def workspace(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    path = tmp_path / "w.db"
    open_database(path)
    try:
        ctx = ServiceContext(Actor("Set-up", Role.ADMIN), frozen_clock)
        members.create_member(ctx, {"name": "Ann Lee", "handle": "ann", "role": "admin"})
        members.create_member(ctx, {"name": "Ben Ito", "role": "editor"})
        members.create_member(ctx, {"name": "Vic Roe", "handle": "vic", "role": "viewer"})
        boards.create_board(
            ctx,
            {
                "name": "Flow",
                "columns": [
                    {"name": "To Do"},
                    {"name": "Doing", "wip_limit": 2},
                    {"name": "Done", "is_done": True},
                ],
            },
        )
        boards.create_board(ctx, {"name": "Empty"})
        projects.create_project(ctx, {"name": "Launch"})
        for title in ("a1", "a2"):
            tasks.create_task(
                ctx, {"title": title, "board": "Flow", "project": "Launch", "owner": "Ben Ito"}
            )
    finally:
        close_database()
    return path


def mpm(
    capsys: pytest.CaptureFixture[str], db: Path, *argv: str, user: str = "ann"
) -> tuple[int, str, str]:
    return run(capsys, "--db", db, "--user", user, *argv)


def ok(capsys: pytest.CaptureFixture[str], db: Path, *argv: str) -> str:
    code, out, err = mpm(capsys, db, *argv)
    assert (code, err) == (0, ""), err
    return out


def refused_cli(
    capsys: pytest.CaptureFixture[str], db: Path, *argv: str, user: str = "ann", code: int = 1
) -> str:
    """A command that must be refused: exit `code`, nothing printed, nothing changed."""
    before = file_dump(db)
    status, out, err = mpm(capsys, db, *argv, user=user)
    assert (status, out) == (code, ""), err
    assert file_dump(db) == before
    assert err.startswith("mpm: error: ")
    assert err.count("\n") == 1
    return err.removeprefix("mpm: error: ").rstrip("\n")


def column_names(capsys: pytest.CaptureFixture[str], db: Path, board: str) -> list[str]:
    out = ok(capsys, db, "column", "list", board, "--format", "json")
    return [column["name"] for column in json.loads(out)]


# --- members ----------------------------------------------------------------------------


def test_member_set_changes_and_says_so(
    capsys: pytest.CaptureFixture[str], workspace: Path
) -> None:
    out = ok(
        capsys,
        workspace,
        "member",
        "set",
        "Ben Ito",
        "--role",
        "admin",
        "--handle",
        "ben",
        "--capacity",
        "3,5",
    )
    assert out == "Ben Ito: admin, handle ben, 3.5 days a week\n"
    out = ok(capsys, workspace, "member", "set", "ben", "--name", "Benjamin Ito", "--handle", "")
    assert out == "Benjamin Ito: admin, no handle, 3.5 days a week\n"
    assert ok(capsys, workspace, "member", "set", "Benjamin Ito", "--role", "admin") == (
        "Benjamin Ito: nothing changed\n"
    )
    found = json.loads(ok(capsys, workspace, "member", "list", "--format", "json"))
    ben = next(m for m in found if m["name"] == "Benjamin Ito")
    assert (ben["role"], ben["handle"], ben["capacity_days"]) == ("admin", None, 3.5)


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (
            ("Ann Lee", "--role", "editor"),
            "Ann Lee is the last admin: make someone else an admin before you make Ann Lee "
            "an editor",
        ),
        (("Ben Ito",), "member: nothing to change: give a role, handle, name or capacity"),
        (("Ben Ito", "--name", "vic"), "member: name: 'vic' is already the handle of Vic Roe"),
        (
            ("Ben Ito", "--capacity", "lots"),
            "--capacity: expected days per week, 0 to 7 (got 'lots')",
        ),
        (
            ("Ben Ito", "--capacity", "9"),
            "member: capacity_days: input should be less than or equal to 7 (got 9.0)",
        ),
        (("Bob", "--role", "admin"), "no member called 'Bob' (known: Ann Lee, Ben Ito, Vic Roe)"),
    ],
)
def test_member_set_refusals(
    capsys: pytest.CaptureFixture[str], workspace: Path, argv: tuple[str, ...], message: str
) -> None:
    assert refused_cli(capsys, workspace, "member", "set", *argv) == message


def test_member_set_bad_role_is_a_usage_error(
    capsys: pytest.CaptureFixture[str], workspace: Path
) -> None:
    before = file_dump(workspace)
    code, out, err = mpm(capsys, workspace, "member", "set", "Ben Ito", "--role", "boss")
    assert (code, out) == (2, "")
    assert err == (
        "mpm member set: error: argument --role: invalid choice: 'boss' (choose from "
        "'viewer', 'editor', 'admin') (see `mpm member set --help`)\n"
    )
    assert file_dump(workspace) == before


def test_deactivate_and_reactivate(capsys: pytest.CaptureFixture[str], workspace: Path) -> None:
    out = ok(capsys, workspace, "member", "deactivate", "Ben Ito")
    assert out == (
        "deactivated Ben Ito: their 2 open cards stay assigned to them until reassigned "
        "(board or workload, r); their history stays\n"
    )
    assert "Ben Ito" not in ok(capsys, workspace, "member", "list")
    listing = ok(capsys, workspace, "member", "list", "--all")
    assert "Ben Ito (inactive)" in listing
    owners = json.loads(ok(capsys, workspace, "task", "list", "--format", "json"))
    assert [t["owner"] for t in owners] == ["Ben Ito", "Ben Ito"]
    assert refused_cli(capsys, workspace, "member", "deactivate", "ben ito") == (
        "Ben Ito is already inactive"
    )
    assert ok(capsys, workspace, "member", "reactivate", "Ben Ito") == (
        "Ben Ito is active again (editor, 5 days a week)\n"
    )
    assert refused_cli(capsys, workspace, "member", "deactivate", "ann") == (
        "Ann Lee is the last admin: make someone else an admin before you deactivate Ann Lee"
    )


def test_a_deactivated_member_can_only_look(
    capsys: pytest.CaptureFixture[str], workspace: Path
) -> None:
    ok(capsys, workspace, "member", "set", "Vic Roe", "--role", "admin")
    ok(capsys, workspace, "member", "deactivate", "vic")
    assert refused_cli(capsys, workspace, "board", "rename", "Flow", "Main", user="vic") == (
        "Vic Roe is a viewer (deactivated member) and cannot change boards and columns; "
        "that needs the admin role"
    )


def test_members_are_managed_by_admins_only(
    capsys: pytest.CaptureFixture[str], workspace: Path
) -> None:
    for argv in (
        ("member", "set", "Ben Ito", "--role", "admin"),
        ("member", "deactivate", "Ben Ito"),
        ("member", "reactivate", "Ben Ito"),
    ):
        assert refused_cli(capsys, workspace, *argv, user="vic") == (
            "Vic Roe is a viewer and cannot manage members; that needs the admin role"
        )


# --- boards and columns -----------------------------------------------------------------


def test_column_list(capsys: pytest.CaptureFixture[str], workspace: Path) -> None:
    out = ok(capsys, workspace, "column", "list", "flow")
    assert out.splitlines() == [
        "board  #  column  WIP  per person  cards  kind",
        "-----  -  ------  ---  ----------  -----  ----",
        "Flow   1  To Do   —    —           2      —",
        "Flow   2  Doing   2    —           0      —",
        "Flow   3  Done    —    —           0      done",
    ]
    every = json.loads(ok(capsys, workspace, "column", "list", "--format", "json"))
    assert [(c["board"], c["position"]) for c in every][3:5] == [("Empty", 1), ("Empty", 2)]
    assert every[1] == {
        "board": "Flow",
        "position": 2,
        "name": "Doing",
        "wip_limit": 2,
        "person_limit": None,
        "cards": 0,
        "is_done": False,
        "is_review": False,
    }


def test_board_rename_and_remove(capsys: pytest.CaptureFixture[str], workspace: Path) -> None:
    assert ok(capsys, workspace, "board", "rename", "flow", "Main") == "board 'Main' (2 cards)\n"
    assert refused_cli(capsys, workspace, "board", "remove", "Main") == (
        "board 'Main' holds 2 cards: only an empty board can be removed"
    )
    assert ok(capsys, workspace, "board", "remove", "Empty") == "removed board 'Empty'\n"
    boards_now = json.loads(ok(capsys, workspace, "board", "list", "--format", "json"))
    assert [b["name"] for b in boards_now] == ["Main"]


def test_column_add_rename_move_remove(capsys: pytest.CaptureFixture[str], workspace: Path) -> None:
    assert ok(capsys, workspace, "column", "add", "Flow", "Review") == (
        "added column 'Review' at position 3; Flow: To Do → Doing → Review → Done\n"
    )
    assert ok(capsys, workspace, "column", "add", "Flow", "Backlog", "--position", "1") == (
        "added column 'Backlog' at position 1; Flow: Backlog → To Do → Doing → Review → Done\n"
    )
    assert ok(capsys, workspace, "column", "rename", "Flow", "backlog", "Ideas") == (
        "'Ideas' is column 1 of board 'Flow'\n"
    )
    assert ok(capsys, workspace, "column", "move", "Flow", "Ideas", "right") == (
        "'Ideas' is column 2 of board 'Flow': To Do → Ideas → Doing → Review → Done\n"
    )
    assert ok(capsys, workspace, "column", "move", "Flow", "Review", "1") == (
        "'Review' is column 1 of board 'Flow': Review → To Do → Ideas → Doing → Done\n"
    )
    assert ok(capsys, workspace, "column", "remove", "Flow", "ideas") == (
        "removed column 'Ideas'; Flow: Review → To Do → Doing → Done\n"
    )
    assert column_names(capsys, workspace, "Flow") == ["Review", "To Do", "Doing", "Done"]


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (
            ("column", "remove", "Flow", "To Do"),
            "column 'To Do' on board 'Flow' holds 2 cards: move them to another column first",
        ),
        (("column", "move", "Flow", "To Do", "left"), "'To Do' is already the leftmost column"),
        (
            ("column", "move", "Flow", "To Do", "up"),
            "place: expected left, right or a position from 1 (got 'up')",
        ),
        (
            ("column", "move", "Flow", "To Do", "7"),
            "position: must be a whole number from 1 (leftmost) to 3 (got 7)",
        ),
        (
            ("column", "add", "Flow", "QA", "--position", "first"),
            "--position: expected a whole number from 1 (got 'first')",
        ),
        (
            ("column", "add", "Flow", "doing"),
            "column: name: board 'Flow' already has a column 'Doing'",
        ),
        (
            ("column", "rename", "Flow", "Nope", "X"),
            "board 'Flow' has no column 'Nope' (known: To Do, Doing, Done)",
        ),
        (
            ("board", "rename", "Flow", "empty"),
            "board: name: a board called 'Empty' already exists",
        ),
        (("column", "list", "Nope"), "no board called 'Nope' (known: Flow, Empty)"),
    ],
)
def test_board_and_column_refusals(
    capsys: pytest.CaptureFixture[str], workspace: Path, argv: tuple[str, ...], message: str
) -> None:
    assert refused_cli(capsys, workspace, *argv) == message


def test_boards_are_shaped_by_admins_only(
    capsys: pytest.CaptureFixture[str], workspace: Path
) -> None:
    for argv in (
        ("board", "rename", "Flow", "Main"),
        ("board", "remove", "Empty"),
        ("column", "add", "Flow", "QA"),
        ("column", "rename", "Flow", "Doing", "WIP"),
        ("column", "move", "Flow", "Doing", "left"),
        ("column", "remove", "Flow", "Doing"),
    ):
        assert refused_cli(capsys, workspace, *argv, user="vic") == (
            "Vic Roe is a viewer and cannot change boards and columns; that needs the admin role"
        )
    assert column_names(capsys, workspace, "Flow") == ["To Do", "Doing", "Done"]
