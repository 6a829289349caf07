"""`mpm log [--task ID] [--entity KIND] [--since DATE] [--limit N]`: the activity log
from the shell, newest first, one line per entry.

The workspace is built through the services on the frozen clock (Monday
2026-11-23 09:30), each write a few minutes apart: Maya Chen (admin) sets up
board Flow and task #1 "Brief", then Ben Ito (editor) moves it, changes its due
date and adds task #2 waiting for it; a project edit two days earlier. Every
refusal exits 1 with one line and leaves the database file as it was.
"""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path

import pytest

from mpm_tui.db.database import close_database, open_database
from mpm_tui.schemas.enums import Role
from mpm_tui.services import boards, members, projects, tasks
from mpm_tui.services.context import Actor, ServiceContext
from tests.conftest import FROZEN_NOW
from tests.unit.test_cli import file_dump, run

pytestmark = pytest.mark.usefixtures("frozen_cli_clock")


def at(actor: Actor, minutes: int) -> ServiceContext:
    return ServiceContext(actor, lambda: FROZEN_NOW + timedelta(minutes=minutes))


@pytest.fixture
def workspace(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    path = tmp_path / "w.db"
    open_database(path)
    try:
        setup = at(Actor("Set-up", Role.ADMIN), -4000)
        members.create_member(setup, {"name": "Maya Chen", "handle": "maya", "role": "admin"})
        maya = members.resolve_actor("Maya Chen", os_user="")
        members.create_member(at(maya, -3999), {"name": "Ben Ito", "handle": "ben"})
        ben = members.resolve_actor("Ben Ito", os_user="")
        boards.create_board(
            at(maya, -3998),
            {"name": "Flow", "columns": [{"name": "To Do"}, {"name": "Doing"}, {"name": "Done"}]},
        )
        projects.create_project(at(maya, -3997), {"name": "Launch"})
        projects.update_project(at(maya, -2880), "Launch", {"objective": "30 deals"})
        brief = tasks.create_task(
            at(maya, -60), {"title": "Brief", "owner": "Ben Ito", "due": "2026-11-30"}
        )
        tasks.move_task_to(at(ben, -30), brief.id, "Doing")
        tasks.update_task(at(ben, -20), brief.id, {"due": "2026-12-02"})
        follow = tasks.create_task(at(ben, -10), {"title": "Follow-up"})
        tasks.add_dependency(at(ben, -5), brief.id, follow.id)
    finally:
        close_database()
    return path


def mpm(capsys: pytest.CaptureFixture[str], db: Path, *argv: str) -> tuple[int, str, str]:
    return run(capsys, "--db", db, "--user", "maya", *argv)


def test_one_card_newest_first_with_the_changed_fields(
    capsys: pytest.CaptureFixture[str], workspace: Path
) -> None:
    code, out, err = mpm(capsys, workspace, "log", "--task", "1")
    assert (code, err) == (0, "")
    assert out.splitlines() == [
        "2026-11-23 09:25  Ben Ito    dependency #2  create  'Follow-up' now waits for 'Brief'"
        " · predecessor: #1 · successor: #2",
        "2026-11-23 09:10  Ben Ito    task #1        update  edited 'Brief': due"
        " · due: 2026-11-30 → 2026-12-02",
        "2026-11-23 09:00  Ben Ito    task #1        move    moved To Do → Doing: 'Brief'"
        " · column: To Do → Doing",
        "2026-11-23 08:30  Maya Chen  task #1        create  created 'Brief' in To Do"
        " · column: To Do · due: 2026-11-30 · owner: Ben Ito · position: 0"
        " · priority: normal · title: Brief",
    ]


def test_every_entry_and_a_limit(capsys: pytest.CaptureFixture[str], workspace: Path) -> None:
    code, out, _ = mpm(capsys, workspace, "log")
    lines = out.splitlines()
    assert code == 0
    assert len(lines) == 10  # 2 members, board, project ×2, 2 tasks, move, edit, dependency
    assert lines[0].startswith("2026-11-23 09:25  Ben Ito  ")
    assert lines[-1].startswith("2026-11-20 14:50  Set-up     member #1      create  added member")
    code, out, _ = mpm(capsys, workspace, "log", "--limit", "2")
    assert out.splitlines()[1:] == [
        "2026-11-23 09:20  Ben Ito  task #2        create  created 'Follow-up' in To Do"
        " · column: To Do · position: 0 · priority: normal · title: Follow-up",
        "(the newest 2: --limit N shows more, --since DATE fewer)",
    ]


def test_one_kind_since_a_day(capsys: pytest.CaptureFixture[str], workspace: Path) -> None:
    code, out, _ = mpm(capsys, workspace, "log", "--entity", "project")
    assert code == 0
    assert [line[:45] for line in out.splitlines()] == [
        "2026-11-21 09:30  Maya Chen  project #1  upda",
        "2026-11-20 14:53  Maya Chen  project #1  crea",
    ]
    assert out.splitlines()[0].endswith(
        "edited project Launch: objective · objective: — → 30 deals"
    )
    code, out, _ = mpm(capsys, workspace, "log", "--since", "yesterday", "--entity", "Project")
    assert (code, out) == (0, "(no entries)\n")
    code, out, _ = mpm(capsys, workspace, "log", "--since", "sat")  # the last Saturday
    assert [line[:10] for line in out.splitlines()] == ["2026-11-23"] * 5 + ["2026-11-21"]


def test_json_keeps_the_values_as_recorded(
    capsys: pytest.CaptureFixture[str], workspace: Path
) -> None:
    argv = ["--task", "1", "--entity", "task", "--limit", "1", "--format", "json"]
    code, out, _ = mpm(capsys, workspace, "log", *argv)
    assert code == 0
    assert json.loads(out) == [
        {
            "id": 8,
            "at": "2026-11-23T09:10:00",
            "actor": "Ben Ito",
            "entity": "task",
            "entity_id": 1,
            "action": "update",
            "summary": "edited 'Brief': due",
            "before": {"due": "2026-11-30"},
            "after": {"due": "2026-12-02"},
        }
    ]


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (
            ["--task", "abc"],
            "mpm: error: --task: 'abc' is not a task id (a whole number, as `mpm task list` shows)",
        ),
        (["--task", "0"], "mpm: error: --task: '0' is not a task id"),
        (["--task", "42"], "mpm: error: --task: no task #42, and none in the log either"),
        (
            ["--since", "someday"],
            "mpm: error: --since: 'someday' is not a date: use YYYY-MM-DD, +3d, +1w, +5wd, "
            "a weekday (fri) or today",
        ),
        (["--since", "2026-02-30"], "mpm: error: --since: '2026-02-30' is not a date"),
        (["--entity", "car"], "mpm: error: --entity: no kind of record 'car' (kinds: board, "),
        (["--limit", "0"], "mpm: error: --limit: '0' is not a whole number from 1 to 100,000"),
        (["--limit", "ten"], "mpm: error: --limit: 'ten' is not a whole number"),
    ],
)
def test_bad_values_get_one_line_and_change_nothing(
    capsys: pytest.CaptureFixture[str], workspace: Path, argv: list[str], message: str
) -> None:
    before = file_dump(workspace)
    code, out, err = mpm(capsys, workspace, "log", *argv)
    assert (code, out) == (1, "")
    assert err.startswith(message)
    assert err.count("\n") == 1
    assert file_dump(workspace) == before


def test_a_deleted_task_keeps_its_history(
    capsys: pytest.CaptureFixture[str], workspace: Path
) -> None:
    open_database(workspace)
    try:
        tasks.delete_task(at(members.resolve_actor("Maya Chen", os_user=""), 1), 2)
    finally:
        close_database()
    code, out, _ = mpm(capsys, workspace, "log", "--task", "2", "--limit", "1")
    assert code == 0
    assert out.splitlines()[0] == (
        "2026-11-23 09:31  Maya Chen  task #2  delete  deleted 'Follow-up'"
        " · column: To Do · position: 0 · priority: normal · title: Follow-up"
    )
