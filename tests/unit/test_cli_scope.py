"""`mpm scope list|request|accept|reject`: the scope-change log, printed and changed.

The workspace, built through the services: Launch (owner Olga) ends Fri 4 Dec
2026, has a Paid budget of 3,000 and two open tasks, Banner and Video. Ann is
an admin, Ed an editor, Vic a viewer. Today is Monday 23 November 2026. Every
refusal exits 1 with one line and leaves the database file as it was.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path

import pytest

from mpm_tui.db.database import close_database, open_database
from mpm_tui.db.models import BudgetLine, Project, ScopeChange, Task
from mpm_tui.schemas.enums import Role
from mpm_tui.services import boards, members, planning, projects, scope, tasks
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
        members.create_member(ctx, {"name": "Olga Owner", "handle": "olga"})
        members.create_member(ctx, {"name": "Ed Editor", "handle": "ed"})
        members.create_member(ctx, {"name": "Vic Viewer", "handle": "vic", "role": "viewer"})
        boards.create_board(ctx, {"name": "Marketing"})
        projects.create_project(
            ctx,
            {"name": "Launch", "owner": "Olga Owner", "end": date(2026, 12, 4), "status": "active"},
        )
        planning.set_budget_line(ctx, "Launch", {"channel": "Paid", "planned": 3000})
        for title in ("Banner", "Video"):
            tasks.create_task(ctx, {"title": title, "project": "Launch"})
        scope.request_change(ctx, "Launch", "Add a German page", "Sales", date(2026, 11, 20))
    finally:
        close_database()
    return path


def mpm(
    capsys: pytest.CaptureFixture[str], db: Path, *argv: str, user: str = "ann"
) -> tuple[int, str, str]:
    return run(capsys, "--db", db, "--user", user, *argv)


def refused_cli(capsys: pytest.CaptureFixture[str], db: Path, *argv: str, user: str = "ann") -> str:
    """Run a command that must be refused: exit 1, nothing printed, nothing changed."""
    before = file_dump(db)
    code, out, err = mpm(capsys, db, *argv, user=user)
    assert (code, out) == (1, ""), err
    assert file_dump(db) == before
    assert err.startswith("mpm: error: ")
    return err.removeprefix("mpm: error: ").rstrip("\n")


@contextmanager
def reading(db: Path) -> Iterator[None]:
    """The database open, to check what a command wrote."""
    open_database(db)
    try:
        yield
    finally:
        close_database()


def test_request_then_list(capsys: pytest.CaptureFixture[str], workspace: Path) -> None:
    assert refused_cli(capsys, workspace, "scope", "request", "launch", "More", "--on", "fri") == (
        "scope change: requested on: 2026-11-27 is in the future (record a request once it is made)"
    )
    code, out, err = mpm(
        capsys, workspace, "scope", "request", "launch", "Two more banners", "--on", "2026-11-19"
    )
    assert (code, err) == (0, "")
    assert out == (
        "recorded scope change #2 for Launch (proposed): Two more banners — requested by "
        "Ann Lee on 2026-11-19\n"
    )
    code, out, err = mpm(capsys, workspace, "scope", "list", "Launch")
    assert (code, err) == (0, "")
    assert out.splitlines() == [
        "id  requested   what               by       status      trade-off  approver  decided",
        "--  ----------  -----------------  -------  ----------  ---------  --------  -------",
        "2   2026-11-19  Two more banners   Ann Lee  ? proposed  —          —         —",
        "1   2026-11-20  Add a German page  Sales    ? proposed  —          —         —",
    ]


def test_accept_with_an_extension(capsys: pytest.CaptureFixture[str], workspace: Path) -> None:
    code, out, err = mpm(
        capsys, workspace, "scope", "accept", "1", "--extend", "5", "--approver", "olga"
    )
    assert (code, err) == (0, "")
    assert out == (
        "accepted scope change #1 for Launch: end date +5 working days (Dec 4 → Dec 11) "
        "(approved by Olga Owner)\n"
    )
    with reading(workspace):
        assert Project.get(Project.name == "Launch").end == date(2026, 12, 11)
    code, out, err = mpm(capsys, workspace, "scope", "list", "Launch", "--format", "json")
    change = json.loads(out)["changes"][0]
    assert change["status"] == "accepted" and change["extend_days"] == 5
    assert change["tradeoff_text"] == "end date +5 working days (Dec 4 → Dec 11)"
    assert change["approver"] == "Olga Owner"
    assert change["decided_at"] == "2026-11-23T09:30:00"


def test_accept_by_cutting_tasks(capsys: pytest.CaptureFixture[str], workspace: Path) -> None:
    code, out, err = mpm(
        capsys, workspace, "scope", "accept", "1", "--cut", "banner", "--cut", "#2"
    )
    assert (code, err) == (0, "")
    assert out == (
        "accepted scope change #1 for Launch: cut 2 tasks: Banner, Video (approved by Ann Lee)\n"
    )
    with reading(workspace):
        assert Task.select().where(Task.cancelled_at.is_null()).count() == 0
    code, out, _ = mpm(capsys, workspace, "task", "list", "--project", "Launch")
    assert "Banner" not in out and "Video" not in out


def test_accept_with_budget(capsys: pytest.CaptureFixture[str], workspace: Path) -> None:
    code, out, err = mpm(capsys, workspace, "scope", "accept", "1", "--budget", "paid=1,500")
    assert (code, err) == (0, "")
    assert (
        out == "accepted scope change #1 for Launch: budget +1,500 on Paid (approved by Ann Lee)\n"
    )
    with reading(workspace):
        assert BudgetLine.get(BudgetLine.channel == "Paid").planned == 4500


def test_reject_with_a_reason(capsys: pytest.CaptureFixture[str], workspace: Path) -> None:
    code, out, err = mpm(capsys, workspace, "scope", "reject", "1", "--reason", "not now")
    assert (code, err) == (0, "")
    assert out == "rejected scope change #1 for Launch (by Ann Lee): not now\n"
    code, out, err = mpm(capsys, workspace, "scope", "list", "Launch")
    assert "✗ rejected  reason: not now  Ann Lee   2026-11-23" in out
    with reading(workspace):
        assert ScopeChange.get_by_id(1).status == "rejected"


@pytest.mark.parametrize(
    ("argv", "user", "message"),
    [
        (
            ("accept", "1"),
            "ann",
            "trade-off: scope change #1 cannot be accepted without one: extend the end date, "
            "cut tasks or add budget",
        ),
        (
            ("accept", "1", "--extend", "0"),
            "ann",
            "trade-off: days: extend by 1 to 260 working days (got 0)",
        ),
        (
            ("accept", "1", "--budget", "paid"),
            "ann",
            "--budget: give CHANNEL=AMOUNT, e.g. ads=1500 (got 'paid')",
        ),
        (("accept", "1", "--cut", "Nope"), "ann", "tasks: 'Launch' has no task called 'Nope'"),
        (
            ("accept", "1", "--extend", "2"),
            "ed",
            "approver: Ed Editor cannot approve scope changes of 'Launch': only its owner "
            "(Olga Owner) or an admin can",
        ),
        (
            ("accept", "1", "--extend", "2", "--approver", "Zed"),
            "ann",
            "approver: no member called 'Zed' (known: Ann Lee, Ed Editor, Olga Owner, Vic Viewer)",
        ),
        (
            ("reject", "1"),
            "vic",
            "Vic Viewer is a viewer and cannot decide scope changes; that needs the editor role",
        ),
        (("reject", "7"), "ann", "no scope change with id 7"),
        (
            ("request", "Launch", "x", "--on", "someday"),
            "ann",
            "--on: 'someday' is not a date: use YYYY-MM-DD, +3d, +1w, +5wd, a weekday (fri) "
            "or today",
        ),
    ],
)
def test_refusals_change_nothing(
    capsys: pytest.CaptureFixture[str],
    workspace: Path,
    argv: tuple[str, ...],
    user: str,
    message: str,
) -> None:
    assert refused_cli(capsys, workspace, "scope", *argv, user=user) == message


def test_only_one_trade_off_at_a_time(capsys: pytest.CaptureFixture[str], workspace: Path) -> None:
    before = file_dump(workspace)
    code, _, err = mpm(capsys, workspace, "scope", "accept", "1", "--extend", "2", "--cut", "x")
    assert code == 2 and "not allowed with argument" in err
    assert file_dump(workspace) == before
