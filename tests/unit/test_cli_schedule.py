"""`mpm schedule` and `mpm holiday`: the timeline's schedule, printed.

The workspace is built through the services; "today" is the frozen Monday
23 November 2026 for the services and for the CLI alike. Without holidays:

    #5 Old cleanup   due Fri Nov 20 (overdue), 1 day, no links
    #1 Brief         starts Mon Nov 23, 2 days         → Nov 23–24
    #2 Copy          after #1, 3 days                  → Nov 25–27
    #3 Design        after #1, 1 day                   → Nov 25, slack 2
    #4 Build page    after #2 and #3, 2 days           → Nov 30–Dec 1

The project, due to end Mon Nov 30, is projected to end Tue Dec 1: one
working day late. The milestone "Go live" on Fri Nov 27 waits for #4, so #4
must finish by Nov 27: #1, #2 and #4 run two days behind it (slack -2) and
#3 has none left (slack 0) — all four are critical.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from mpm_tui.db.database import close_database, open_database
from mpm_tui.db.models import Dependency
from mpm_tui.schemas.enums import Role
from mpm_tui.services import activity, boards, members, planning, projects, tasks
from mpm_tui.services.context import Actor, ServiceContext
from tests.conftest import frozen_clock
from tests.unit.test_cli import file_dump, run

PROJECT = "Launch"


pytestmark = pytest.mark.usefixtures("frozen_cli_clock")


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    path = tmp_path / "w.db"
    open_database(path)
    try:
        ctx = ServiceContext(Actor("Set-up", Role.ADMIN), frozen_clock)
        members.create_member(ctx, {"name": "Ann Lee", "handle": "ann", "role": "admin"})
        members.create_member(ctx, {"name": "Ben Ito", "handle": "ben", "role": "editor"})
        members.create_member(ctx, {"name": "Vic Viewer", "handle": "vic", "role": "viewer"})
        boards.create_board(
            ctx,
            {
                "name": "Main",
                "columns": [
                    {"name": "To Do"},
                    {"name": "Doing"},
                    {"name": "Done", "is_done": True},
                ],
            },
        )
        projects.create_project(
            ctx, {"name": PROJECT, "start": date(2026, 11, 23), "end": date(2026, 11, 30)}
        )
        projects.create_project(ctx, {"name": "Empty"})

        def add(title: str, **fields: object) -> int:
            return tasks.create_task(ctx, {"title": title, "project": PROJECT, **fields}).id

        brief = add("Brief", estimate_days=2, start=date(2026, 11, 23))
        copy = add("Copy", estimate_days=3)
        design = add("Design", estimate_days=1)
        build = add("Build page", estimate_days=1.5)
        add("Old cleanup", estimate_days=1, due=date(2026, 11, 20))
        for before, after in ((brief, copy), (brief, design), (copy, build), (design, build)):
            tasks.add_dependency(ctx, before, after)
        planning.add_milestone(
            ctx, PROJECT, {"name": "Go live", "date": date(2026, 11, 27)}, after_tasks=(build,)
        )
    finally:
        close_database()
    return path


def schedule_json(capsys: pytest.CaptureFixture[str], db: Path) -> dict:
    code, out, err = run(capsys, "--db", db, "schedule", PROJECT, "--format", "json")
    assert code == 0, err
    return json.loads(out)


def test_schedule_table_lists_every_task_in_start_order(
    workspace: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run(capsys, "--db", workspace, "schedule", "launch")
    assert code == 0, err
    lines = out.splitlines()
    assert lines[0].split("  ")[0:2] == ["id", "title"]
    for header in ("earliest start", "earliest finish", "latest start", "latest finish"):
        assert header in lines[0]
    assert lines[0].split()[-2:] == ["slack", "critical"]
    rows = [line.split() for line in lines[2:7]]
    assert rows == [
        ["5", "Old", "cleanup", "2026-11-20", "2026-11-20", "2026-12-01", "2026-12-01", "7", "no"],
        ["1", "Brief", "2026-11-23", "2026-11-24", "2026-11-19", "2026-11-20", "-2", "yes"],
        ["2", "Copy", "2026-11-25", "2026-11-27", "2026-11-23", "2026-11-25", "-2", "yes"],
        ["3", "Design", "2026-11-25", "2026-11-25", "2026-11-25", "2026-11-25", "0", "yes"],
        ["4", "Build", "page", "2026-11-30", "2026-12-01", "2026-11-26", "2026-11-27", "-2", "yes"],
    ]
    tail = lines[7:]
    assert tail == [
        "",
        "projected end: 2026-12-01 (end date 2026-11-30: 1 working day late)",
        "critical path: #1 → #3 → #2 → #4",
        "⚠ #1 Brief: not started, and its latest start Nov 19 has passed: "
        "what waits for it will be late",
        "⚠ #5 Old cleanup: overdue: was due Nov 20",
        "⚠ milestone Go live on Nov 27, but its tasks finish Dec 1 at the earliest",
        "⚠ projected to end Dec 1, after its end date Nov 30",
    ]


def test_schedule_json_has_the_same_numbers(
    workspace: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    doc = schedule_json(capsys, workspace)
    assert set(doc) == {
        "project",
        "start",
        "end",
        "projected_end",
        "critical_path",
        "tasks",
        "risks",
    }
    assert (doc["project"], doc["start"], doc["end"], doc["projected_end"]) == (
        PROJECT,
        "2026-11-23",
        "2026-11-30",
        "2026-12-01",
    )
    assert doc["critical_path"] == [1, 3, 2, 4]
    assert [t["id"] for t in doc["tasks"]] == [5, 1, 2, 3, 4]
    build = doc["tasks"][-1]
    assert build == {
        "id": 4,
        "title": "Build page",
        "earliest_start": "2026-11-30",
        "earliest_finish": "2026-12-01",
        "latest_start": "2026-11-26",
        "latest_finish": "2026-11-27",
        "slack": -2,
        "critical": True,
        "duration": 2,  # 1.5 days rounds up to whole days
    }
    assert [(t["id"], t["slack"], t["critical"]) for t in doc["tasks"]] == [
        (5, 7, False),
        (1, -2, True),
        (2, -2, True),
        (3, 0, True),
        (4, -2, True),
    ]
    assert doc["risks"] == [
        {
            "kind": "late_start",
            "message": "not started, and its latest start Nov 19 has passed: "
            "what waits for it will be late",
            "task": 1,
            "milestone": None,
        },
        {"kind": "overdue", "message": "overdue: was due Nov 20", "task": 5, "milestone": None},
        {
            "kind": "milestone",
            "message": "milestone Go live on Nov 27, but its tasks finish Dec 1 at the earliest",
            "task": None,
            "milestone": 1,
        },
        {
            "kind": "project_late",
            "message": "projected to end Dec 1, after its end date Nov 30",
            "task": None,
            "milestone": None,
        },
    ]


def test_schedule_of_an_unknown_project_suggests_one(
    workspace: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run(capsys, "--db", workspace, "schedule", "Lanch")
    assert code == 1
    assert out == ""
    assert err.strip() == "mpm: error: no project called 'Lanch' (did you mean 'Launch'?)"


def test_schedule_of_a_project_without_tasks(
    workspace: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run(capsys, "--db", workspace, "schedule", "Empty")
    assert (code, out.strip(), err) == (0, "project 'Empty' has no tasks to schedule", "")
    code, out, err = run(capsys, "--db", workspace, "schedule", "Empty", "--format", "json")
    assert code == 0, err
    doc = json.loads(out)
    assert (doc["tasks"], doc["critical_path"], doc["projected_end"]) == ([], [], None)

    ann = ("--db", workspace, "--user", "ann")
    code, _, err = run(capsys, *ann, "task", "add", "First step", "--project", "Empty")
    assert code == 0, err
    code, out, err = run(capsys, "--db", workspace, "schedule", "Empty")
    assert code == 0, err
    assert out.splitlines()[-3:] == [
        "projected end: 2026-11-23 (the project has no end date)",  # starts today
        "critical path: #6",
        "risks: none",
    ]


def test_schedule_with_a_dependency_cycle_is_one_clear_error(
    workspace: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # The services refuse cycles; a damaged database can still hold one.
    open_database(workspace)
    try:
        Dependency.create(predecessor=4, successor=1)
    finally:
        close_database()
    code, out, err = run(capsys, "--db", workspace, "schedule", PROJECT)
    assert code == 1
    assert out == ""
    assert "Traceback" not in err and len(err.strip().splitlines()) == 1
    assert err.startswith("mpm: error: cannot schedule 'Launch': dependencies form a cycle: #")
    assert "remove one of these dependencies" in err


def test_holiday_add_list_and_remove(workspace: Path, capsys: pytest.CaptureFixture[str]) -> None:
    ann = ("--db", workspace, "--user", "ann")
    code, out, err = run(capsys, *ann, "holiday", "add", "2026-12-24", "Christmas Eve")
    assert (code, out.strip()) == (0, "added holiday 2026-12-24 Christmas Eve"), err
    code, out, err = run(capsys, *ann, "holiday", "add", "+3d")  # Thursday 26 November
    assert (code, out.strip()) == (0, "added holiday 2026-11-26"), err
    code, out, err = run(capsys, *ann, "holiday", "add", "2026-12-24", "again")
    assert (code, out.strip()) == (0, "2026-12-24 is already a holiday"), err

    code, out, err = run(capsys, "--db", workspace, "holiday", "list")
    assert code == 0, err
    assert [line.split() for line in out.splitlines()[2:]] == [
        ["2026-11-26", "Thu", "—"],
        ["2026-12-24", "Thu", "Christmas", "Eve"],
    ]
    code, out, err = run(capsys, "--db", workspace, "holiday", "list", "--format", "json")
    assert json.loads(out) == [
        {"date": "2026-11-26", "name": ""},
        {"date": "2026-12-24", "name": "Christmas Eve"},
    ]

    code, out, err = run(capsys, *ann, "holiday", "remove", "2026-12-24")
    assert (code, out.strip()) == (0, "removed holiday 2026-12-24"), err
    before = file_dump(workspace)
    code, out, err = run(capsys, *ann, "holiday", "remove", "2026-12-25")
    assert code == 1
    assert err.strip() == "mpm: error: no holiday on 2026-12-25 (holidays: 2026-11-26)"
    assert file_dump(workspace) == before

    open_database(workspace)
    try:
        assert planning.list_holidays() == [(date(2026, 11, 26), "")]
        logged = [(a.actor, a.action, a.summary) for a in activity.list_activity(entity="holiday")]
    finally:
        close_database()
    assert sorted(logged) == [
        ("Ann Lee", "create", "holiday 2026-11-26"),
        ("Ann Lee", "create", "holiday 2026-12-24 Christmas Eve"),
        ("Ann Lee", "delete", "removed holiday 2026-12-24 Christmas Eve"),
    ]


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        pytest.param(
            ("--user", "ben", "holiday", "add", "2026-12-24"),
            "Ben Ito is an editor and cannot add holidays; that needs the admin role",
            id="editor-adds",
        ),
        pytest.param(
            ("--user", "vic", "holiday", "add", "2026-12-24"),
            "Vic Viewer is a viewer and cannot add holidays; that needs the admin role",
            id="viewer-adds",
        ),
        pytest.param(
            ("--user", "ben", "holiday", "remove", "2026-12-24"),
            "Ben Ito is an editor and cannot remove holidays; that needs the admin role",
            id="editor-removes",
        ),
        pytest.param(
            ("--user", "ann", "holiday", "add", "someday", "Whenever"),
            "--date: 'someday' is not a date",
            id="bad-date",
        ),
        pytest.param(
            ("--user", "ann", "holiday", "remove", "2026-13-01"),
            "--date: '2026-13-01' is not a date",
            id="bad-remove-date",
        ),
    ],
)
def test_holiday_changes_refused_change_nothing(
    workspace: Path, capsys: pytest.CaptureFixture[str], argv: tuple[str, ...], message: str
) -> None:
    code, _, err = run(capsys, "--db", workspace, "--user", "ann", "holiday", "add", "2026-12-24")
    assert code == 0, err
    before = file_dump(workspace)
    code, out, err = run(capsys, "--db", workspace, *argv)
    assert code == 1
    assert out == ""
    assert message in err
    assert len(err.strip().splitlines()) == 1, err
    assert file_dump(workspace) == before


def test_a_holiday_inside_the_span_moves_the_projected_end(
    workspace: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert schedule_json(capsys, workspace)["projected_end"] == "2026-12-01"
    code, _, err = run(
        capsys, "--db", workspace, "--user", "ann", "holiday", "add", "2026-11-26", "Thanksgiving"
    )
    assert code == 0, err
    code, out, err = run(capsys, "--db", workspace, "schedule", PROJECT)
    assert code == 0, err
    assert "projected end: 2026-12-02 (end date 2026-11-30: 2 working days late)" in out
    copy = next(line for line in out.splitlines() if line.startswith("2 "))
    assert copy.split()[2:4] == ["2026-11-25", "2026-11-30"]  # skips the holiday
    assert schedule_json(capsys, workspace)["projected_end"] == "2026-12-02"
