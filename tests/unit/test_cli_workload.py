"""`mpm report workload`, `mpm timeoff` and `mpm setting`: the workload, printed.

The workspace is built through the services; "today" is the frozen Monday
23 November 2026. Capacities: Ann 5, Ben 5 (internal), Eve 3 (Brightside,
external); Vic is a viewer with no capacity and holds no work (not shown).

    Ann   Brief   3 days, Mon 23 – Wed 25 Nov            → week 1: 3
    Ann   Copy    4 days, Thu 26 Nov – Tue 1 Dec         → week 1: 2, week 2: 2
    Ben   Design  2 days, due Fri 27 (Thu–Fri), Doing    → week 1: 2
    Ben   Plan    1.5 days, no dates                     → unscheduled 1.5
    Ben   Recap   1 day on Tue 1 Dec (project Other)     → week 2: 1
    Eve   Banner  2.7 days, Mon 30 Nov – Fri 4 Dec       → week 2: 2.7
    —     Ship    1 day, due Tue 24 Nov, nobody owns it  → unassigned, week 1: 1

So week 1: Ann 5/5 ▲, Ben 2/5 ○, Eve 0/3 ·, total 8/13 ○; week 2: Ann 2/5 ○,
Ben 1/5 ○, Eve 2.7/3 ◐ (90 %), total 5.7/13 ○. Ben holds one card in Doing,
whose per-person limit is 1: his WIP is `1 ●`.
"""

from __future__ import annotations

import csv
import functools
import io
import json
from datetime import date
from pathlib import Path

import pytest

from mpm_tui.db.database import close_database, open_database
from mpm_tui.schemas.enums import Role
from mpm_tui.services import boards, members, projects, settings, tasks
from mpm_tui.services.context import Actor, ServiceContext
from tests.conftest import frozen_clock
from tests.unit.test_cli import file_dump, run

WEEK1, WEEK2 = "Nov 23", "Nov 30"
nov = functools.partial(date, 2026, 11)
dec = functools.partial(date, 2026, 12)


pytestmark = pytest.mark.usefixtures("frozen_cli_clock")


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    path = tmp_path / "w.db"
    open_database(path)
    try:
        ctx = ServiceContext(Actor("Set-up", Role.ADMIN), frozen_clock)
        members.create_member(ctx, {"name": "Ann Lee", "handle": "ann", "role": "admin"})
        members.create_member(ctx, {"name": "Ben Ito", "handle": "ben", "role": "editor"})
        members.create_member(
            ctx, {"name": "Vic Viewer", "handle": "vic", "role": "viewer", "capacity_days": 0}
        )
        members.create_member(
            ctx,
            {
                "name": "Eve Stone",
                "handle": "eve",
                "capacity_days": 3,
                "is_external": True,
                "organisation": "Brightside",
            },
        )
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
        boards.set_person_limit(ctx, "Main", "Doing", 1)
        projects.create_project(ctx, {"name": "Launch"})
        projects.create_project(ctx, {"name": "Other"})

        def add(title: str, project: str = "Launch", **fields: object) -> None:
            tasks.create_task(ctx, {"title": title, "project": project, **fields})

        add("Brief", owner="Ann Lee", estimate_days=3, start=nov(23), due=nov(25))
        add("Copy", owner="Ann Lee", estimate_days=4, start=nov(26), due=dec(1))
        add("Design", owner="Ben Ito", estimate_days=2, due=nov(27), column="Doing")
        add("Plan", owner="Ben Ito", estimate_days=1.5)
        add("Recap", "Other", owner="Ben Ito", estimate_days=1, start=dec(1), due=dec(1))
        add("Banner", owner="Eve Stone", estimate_days=2.7, start=nov(30), due=dec(4))
        add("Ship", estimate_days=1, due=nov(24))
    finally:
        close_database()
    return path


def report(capsys: pytest.CaptureFixture[str], db: Path, *argv: str) -> str:
    code, out, err = run(capsys, "--db", db, "report", "workload", *argv)
    assert (code, err) == (0, "")
    return out


def table_cells(out: str) -> dict[str, dict[str, str]]:
    """The aligned table as {row name: {header: cell}}, cut at the dashes' columns."""
    lines = out.splitlines()
    rule = next(i for i, line in enumerate(lines) if line.startswith("---"))
    spans, at = [], 0
    for dashes in lines[rule].split("  "):
        spans.append((at, at + len(dashes)))
        at += len(dashes) + 2
    headers = [lines[rule - 1].ljust(at)[a:b].strip() for a, b in spans]
    found = {}
    for line in lines[rule + 1 :]:
        if not line:
            break
        cells = [line.ljust(at)[a:b].strip() for a, b in spans]
        found[cells[0]] = dict(zip(headers, cells, strict=True))
    return found


# --- the report -----------------------------------------------------------------------


def test_table_cells_are_the_hand_computed_numbers(
    workspace: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = report(capsys, workspace, "--weeks", "2")
    lines = out.splitlines()
    assert lines[0] == "Workload, 2 weeks: 2026-11-23 – 2026-12-04 · all work"
    assert lines[-2:] == [
        "Legend: · free ○ under ◐ near ≥85% ▲ over ≥100% - off",
        "WIP: cards in progress now, ● at a per-person limit, ▲ over one",
    ]
    rows = table_cells(out)
    assert list(rows) == ["Ann Lee", "Ben Ito", "Eve Stone · Brightside", "Unassigned", "Total"]
    header = ["Member", "WIP", WEEK1, WEEK2, "Total", "Unscheduled"]
    assert list(rows["Ann Lee"]) == header
    assert list(rows["Ann Lee"].values()) == ["Ann Lee", "0", "5/5 ▲", "2/5 ○", "7/10", ""]
    assert list(rows["Ben Ito"].values()) == ["Ben Ito", "1 ●", "2/5 ○", "1/5 ○", "3/10", "1.5"]
    assert list(rows["Eve Stone · Brightside"].values())[1:] == [
        "0",
        "0/3 ·",
        "2.7/3 ◐",
        "2.7/6",
        "",
    ]
    assert list(rows["Unassigned"].values())[1:] == ["", "1", "", "1", ""]
    assert list(rows["Total"].values())[1:] == ["1", "8/13 ○", "5.7/13 ○", "13.7/26", "1.5"]


def test_csv_has_one_row_per_member_and_week(
    workspace: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = report(capsys, workspace, "--weeks", "2", "--format", "csv")
    rows = list(csv.reader(io.StringIO(out)))
    assert rows[0] == [
        "member",
        "team",
        "organisation",
        "week",
        "assigned",
        "capacity",
        "utilisation",
        "band",
        "tasks",
        "wip",
        "unscheduled",
    ]
    assert rows[1:] == [
        ["Ann Lee", "internal", "", "2026-11-23", "5", "5", "100%", "over", "2", "0", "0"],
        ["Ann Lee", "internal", "", "2026-11-30", "2", "5", "40%", "under", "1", "0", "0"],
        ["Ben Ito", "internal", "", "2026-11-23", "2", "5", "40%", "under", "1", "1", "1.5"],
        ["Ben Ito", "internal", "", "2026-11-30", "1", "5", "20%", "under", "1", "1", "1.5"],
        [
            "Eve Stone",
            "external",
            "Brightside",
            "2026-11-23",
            "0",
            "3",
            "0%",
            "free",
            "0",
            "0",
            "0",
        ],
        [
            "Eve Stone",
            "external",
            "Brightside",
            "2026-11-30",
            "2.7",
            "3",
            "90%",
            "near",
            "1",
            "0",
            "0",
        ],
        ["Unassigned", "", "", "2026-11-23", "1", "", "", "", "1", "", "0"],
        ["Unassigned", "", "", "2026-11-30", "0", "", "", "", "0", "", "0"],
    ]


def test_markdown_is_a_github_table_with_heading_and_legend(
    workspace: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = report(capsys, workspace, "--weeks", "2", "--format", "md", "--project", "Launch")
    assert out.splitlines() == [
        "### Workload, 2 weeks: 2026-11-23 – 2026-12-04 · project Launch",
        "",
        "| Member | WIP | Nov 23 | Nov 30 | Total | Unscheduled |",
        "| --- | ---: | ---: | ---: | ---: | ---: |",
        "| Ann Lee | 0 | 5/5 ▲ | 2/5 ○ | 7/10 |  |",
        "| Ben Ito | 1 ● | 2/5 ○ | 0/5 · | 2/10 | 1.5 |",  # Recap is of project Other
        "| Eve Stone · Brightside | 0 | 0/3 · | 2.7/3 ◐ | 2.7/6 |  |",
        "| Unassigned |  | 1 |  | 1 |  |",
        "| **Total** | 1 | 8/13 ○ | 4.7/13 ○ | 12.7/26 | 1.5 |",
        "",
        "Legend: · free ○ under ◐ near ≥85% ▲ over ≥100% - off.  ",
        "WIP: cards in progress now, ● at a per-person limit, ▲ over one.",
    ]


def test_json_structure(workspace: Path, capsys: pytest.CaptureFixture[str]) -> None:
    doc = json.loads(report(capsys, workspace, "--weeks", "2", "--format", "json"))
    assert set(doc) == {
        "from",
        "weeks",
        "filter",
        "collaborator_share",
        "members",
        "unassigned",
        "totals",
    }
    assert doc["from"] == "2026-11-23"
    assert doc["weeks"] == ["2026-11-23", "2026-11-30"]
    assert doc["filter"] == {"project": None, "board": None, "team": "all"}
    assert doc["collaborator_share"] == 0
    assert [m["name"] for m in doc["members"]] == ["Ann Lee", "Ben Ito", "Eve Stone"]
    ben = doc["members"][1]
    assert {k: v for k, v in ben.items() if k != "weeks"} == {
        "id": 2,
        "name": "Ben Ito",
        "team": "internal",
        "organisation": None,
        "wip": 1,
        "wip_flag": "●",
        "unscheduled": 1.5,
        "total": {"assigned": 3.0, "capacity": 10.0},
    }
    eve = doc["members"][2]
    assert (eve["team"], eve["organisation"]) == ("external", "Brightside")
    assert eve["weeks"][1] == {
        "week": "2026-11-30",
        "assigned": 2.7,
        "capacity": 3.0,
        "utilisation": 0.9,
        "band": "near",
        "tasks": 1,
    }
    assert doc["members"][0]["weeks"][0]["band"] == "over"
    assert doc["unassigned"] == {
        "unscheduled": 0.0,
        "weeks": [
            {
                "week": "2026-11-23",
                "assigned": 1.0,
                "capacity": None,
                "utilisation": None,
                "band": None,
                "tasks": 1,
            },
            {
                "week": "2026-11-30",
                "assigned": 0.0,
                "capacity": None,
                "utilisation": None,
                "band": None,
                "tasks": 0,
            },
        ],
    }
    assert [(t["assigned"], t["capacity"], t["band"], t["tasks"]) for t in doc["totals"]] == [
        (8.0, 13.0, "under", 4),
        (5.7, 13.0, "under", 3),
    ]


def test_from_and_weeks_choose_the_columns(
    workspace: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = report(capsys, workspace, "--from", "2026-12-02", "--weeks", "3")  # a Wednesday
    assert out.splitlines()[0] == "Workload, 3 weeks: 2026-11-30 – 2026-12-18 · all work"
    rows = table_cells(out)
    assert list(rows["Ann Lee"])[2:5] == ["Nov 30", "Dec 7", "Dec 14"]
    assert list(rows["Ann Lee"].values())[2:5] == ["2/5 ○", "0/5 ·", "0/5 ·"]
    out = report(capsys, workspace, "--from", "+7d", "--weeks", "1", "--format", "csv")
    assert {row["week"] for row in csv.DictReader(io.StringIO(out))} == {"2026-11-30"}
    doc = json.loads(report(capsys, workspace, "--format", "json"))
    assert len(doc["weeks"]) == 8 and doc["from"] == "2026-11-23"  # the defaults


def test_external_team_leaves_out_internal_members_and_unassigned_work(
    workspace: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = report(capsys, workspace, "--weeks", "2", "--team", "external")
    assert out.splitlines()[0].endswith("· external members")
    rows = table_cells(out)
    assert list(rows) == ["Eve Stone · Brightside", "Total"]
    # The total adds up the rows shown: no unassigned day in week 1.
    assert list(rows["Total"].values())[2:5] == ["0/3 ·", "2.7/3 ◐", "2.7/6"]
    doc = json.loads(report(capsys, workspace, "--team", "external", "--format", "json"))
    assert [m["name"] for m in doc["members"]] == ["Eve Stone"]
    assert doc["unassigned"] is None
    out = report(capsys, workspace, "--team", "internal", "--format", "csv")
    assert {row["member"] for row in csv.DictReader(io.StringIO(out))} == {"Ann Lee", "Ben Ito"}


def test_unknown_project_is_one_clear_error(
    workspace: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run(capsys, "--db", workspace, "report", "workload", "--project", "Lanch")
    assert (code, out) == (1, "")
    assert err == "mpm: error: no project called 'Lanch' (did you mean 'Launch'?)\n"
    code, out, err = run(capsys, "--db", workspace, "report", "workload", "--board", "Nope")
    assert (code, out) == (1, "")
    assert err.startswith("mpm: error: no board called 'Nope'") and err.count("\n") == 1


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (("--weeks", "0"), "argument --weeks: 0 is outside 1–52"),
        (("--weeks", "53"), "argument --weeks: 53 is outside 1–52"),
        (("--weeks", "two"), "argument --weeks: 'two' is not a whole number of weeks"),
        (("--team", "agency"), "argument --team: invalid choice: 'agency'"),
        (("--format", "xml"), "argument --format: invalid choice: 'xml'"),
    ],
)
def test_bad_report_arguments_are_refused_by_the_parser(
    workspace: Path, capsys: pytest.CaptureFixture[str], argv: tuple[str, ...], message: str
) -> None:
    code, out, err = run(capsys, "--db", workspace, "report", "workload", *argv)
    assert (code, out) == (2, "")
    assert err.startswith("mpm report workload: error: " + message)
    assert err.count("\n") == 1


def test_bad_from_date_and_a_missing_report(
    workspace: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run(capsys, "--db", workspace, "report", "workload", "--from", "someday")
    assert (code, out) == (1, "")
    assert err.startswith("mpm: error: --from: 'someday' is not a date") and err.count("\n") == 1
    code, out, err = run(capsys, "--db", workspace, "report")
    assert code == 2
    assert "the following arguments are required: REPORT" in err and err.count("\n") == 1


# --- time off -----------------------------------------------------------------------


def test_timeoff_add_list_remove_and_the_capacity_follows(
    workspace: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    ann = ("--db", workspace, "--user", "ann")
    code, out, err = run(
        capsys, *ann, "timeoff", "add", "ben", "2026-12-02", "2026-12-03", "--note", "Dentist"
    )
    assert (code, err) == (0, "")
    assert out == "recorded time off #1 for Ben Ito: 2026-12-02 – 2026-12-03 (2 working days)\n"
    rows = table_cells(report(capsys, workspace, "--weeks", "2"))
    assert rows["Ben Ito"][WEEK2] == "1/3 ○"  # 5 days less two away
    assert rows["Total"][WEEK2] == "5.7/11 ○"

    ben = ("--db", workspace, "--user", "ben")
    code, out, err = run(capsys, *ben, "timeoff", "add", "Ben Ito", "mon", "+11d")  # Nov 30–Dec 4
    assert (code, err) == (
        1,
        "mpm: error: time off: Ben Ito is already away 2026-12-02 – "
        "2026-12-03 (#1); remove it first or pick other dates\n",
    )
    code, out, err = run(capsys, *ben, "timeoff", "add", "ben", "2026-12-24", "2026-12-28")
    assert (code, err) == (0, "")
    assert out == "recorded time off #2 for Ben Ito: 2026-12-24 – 2026-12-28 (3 working days)\n"

    code, out, err = run(capsys, "--db", workspace, "timeoff", "list")
    assert code == 0, err
    assert [line.split() for line in out.splitlines()[2:]] == [
        ["1", "Ben", "Ito", "2026-12-02", "2026-12-03", "2", "Dentist"],
        ["2", "Ben", "Ito", "2026-12-24", "2026-12-28", "3", "—"],
    ]
    code, out, err = run(
        capsys, "--db", workspace, "timeoff", "list", "--member", "ann", "--format", "json"
    )
    assert (code, json.loads(out)) == (0, [])
    code, out, err = run(capsys, "--db", workspace, "timeoff", "list", "--format", "json")
    assert json.loads(out)[0] == {
        "id": 1,
        "member": "Ben Ito",
        "start": "2026-12-02",
        "end": "2026-12-03",
        "working_days": 2,
        "note": "Dentist",
    }

    code, out, err = run(capsys, *ben, "timeoff", "remove", "1")
    assert (code, err) == (0, "")
    assert out == "removed time off #1 of Ben Ito: 2026-12-02 – 2026-12-03 (2 working days)\n"
    assert table_cells(report(capsys, workspace, "--weeks", "2"))["Ben Ito"][WEEK2] == "1/5 ○"
    code, out, err = run(capsys, *ben, "timeoff", "remove", "1")
    assert (code, err) == (1, "mpm: error: no time off #1 (see `mpm timeoff list`)\n")


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        pytest.param(
            ("--user", "ben", "timeoff", "add", "ann", "2026-12-02", "2026-12-03"),
            "Ben Ito is an editor and cannot record time off for Ann Lee; "
            "that needs the admin role",
            id="editor-for-someone-else",
        ),
        pytest.param(
            ("--user", "vic", "timeoff", "add", "vic", "2026-12-02", "2026-12-03"),
            "Vic Viewer is a viewer and cannot record time off; that needs the editor role",
            id="viewer-for-themselves",
        ),
        pytest.param(
            ("--user", "ann", "timeoff", "add", "ben", "2026-12-03", "2026-12-02"),
            "time off: end 2026-12-02 is before start 2026-12-03",
            id="end-before-start",
        ),
        pytest.param(
            ("--user", "ann", "timeoff", "add", "ben", "soon", "2026-12-02"),
            "--start: 'soon' is not a date",
            id="bad-date",
        ),
        pytest.param(
            ("--user", "ann", "timeoff", "add", "Bob", "2026-12-02", "2026-12-03"),
            "no member called 'Bob'",
            id="unknown-member",
        ),
        pytest.param(
            ("--user", "ben", "timeoff", "remove", "1"),
            "Ben Ito is an editor and cannot remove time off of Eve Stone; "
            "that needs the admin role",
            id="editor-removes-someone-elses",
        ),
    ],
)
def test_refused_time_off_changes_nothing(
    workspace: Path, capsys: pytest.CaptureFixture[str], argv: tuple[str, ...], message: str
) -> None:
    code, _, err = run(
        capsys,
        "--db",
        workspace,
        "--user",
        "eve",
        "timeoff",
        "add",
        "eve",
        "2026-12-07",
        "2026-12-08",
    )
    assert code == 0, err
    before = file_dump(workspace)
    code, out, err = run(capsys, "--db", workspace, *argv)
    assert (code, out) == (1, "")
    assert message in err
    assert err.count("\n") == 1, err
    assert file_dump(workspace) == before


# --- settings -------------------------------------------------------------------------


def _share(db: Path) -> float:
    open_database(db)
    try:
        return settings.get_setting("workload.collaborator_share")
    finally:
        close_database()


def test_setting_set_and_list(workspace: Path, capsys: pytest.CaptureFixture[str]) -> None:
    key = "workload.collaborator_share"
    code, out, err = run(capsys, "--db", workspace, "setting", "list")
    assert code == 0, err
    assert out.splitlines()[2].split()[:2] == [key, "0"]
    ann = ("--db", workspace, "--user", "ann")
    code, out, err = run(capsys, *ann, "setting", "set", key, "25%")
    assert (code, out, err) == (0, f"set {key} = 0.25 (was 0)\n", "")
    code, out, err = run(capsys, *ann, "setting", "set", key, "0.3")
    assert (code, out, err) == (0, f"set {key} = 0.3 (was 0.25)\n", "")
    code, out, err = run(capsys, "--db", workspace, "setting", "list", "--format", "json")
    assert code == 0, err
    [entry] = json.loads(out)
    assert (entry["key"], entry["value"]) == (key, "0.3")
    assert "collaborators" in entry["help"]
    assert _share(workspace) == 0.3
    out = report(capsys, workspace, "--weeks", "1")
    assert out.splitlines()[0].endswith("· all work · collaborators carry 30% of a task")
    assert json.loads(report(capsys, workspace, "--format", "json"))["collaborator_share"] == 0.3


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (
            ("--user", "ann", "setting", "set", "workload.collaborator_share", "1.5"),
            "setting workload.collaborator_share: '1.5' is outside 0–1 (0 %–100 %)",
        ),
        (
            ("--user", "ann", "setting", "set", "workload.collaborator_share", "abc"),
            "setting workload.collaborator_share: 'abc' is not a number (give 0.25 or 25%)",
        ),
        (
            ("--user", "ann", "setting", "set", "workload.share", "0.2"),
            "no setting 'workload.share' (settings: workload.collaborator_share)",
        ),
        (
            ("--user", "ben", "setting", "set", "workload.collaborator_share", "0.2"),
            "Ben Ito is an editor and cannot change workspace settings; that needs the admin role",
        ),
    ],
)
def test_refused_setting_changes_nothing(
    workspace: Path, capsys: pytest.CaptureFixture[str], argv: tuple[str, ...], message: str
) -> None:
    before = file_dump(workspace)
    code, out, err = run(capsys, "--db", workspace, *argv)
    assert (code, out, err) == (1, "", f"mpm: error: {message}\n")
    assert file_dump(workspace) == before
    assert _share(workspace) == 0


def test_markdown_escapes_pipes_in_names() -> None:
    from mpm_tui.cli.reports import workload_markdown
    from mpm_tui.logic.workload import Person, compute_workload
    from mpm_tui.schemas.workload import WorkloadView

    people = [Person(1, "Ann | Lee", 5.0, True, "A|B")]
    view = WorkloadView(compute_workload(people, [], [nov(23)]), show_unassigned=False)
    assert "| Ann \\| Lee · A\\|B | 0 | 0/5 · | 0/5 |  |" in workload_markdown(view).splitlines()


def test_workload_without_an_action_still_opens_the_screen() -> None:
    from mpm_tui.cli.parser import build_parser

    args = build_parser().parse_args(["workload"])
    assert (args.command, getattr(args, "action", None)) == ("workload", None)
    args = build_parser().parse_args(["report", "workload", "--weeks", "4", "--from", "mon"])
    assert (args.command, args.action, args.weeks, args.first) == ("report", "workload", 4, "mon")
