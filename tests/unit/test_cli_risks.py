"""`mpm risk list|add|set|remove`: the risk register from the shell.

The workspace is built through the services: Aurora Launch with three risks
(pricing 4 × 5 open, search cost 3 × 3 open, video 3 × 3 mitigated) and Beta
Fair with one (travel 3 × 2 open). Ann is an admin, Vic a viewer. Every refusal
exits 1 with one line and leaves the database file byte-for-byte as it was.
"""

from __future__ import annotations

import csv
import io
import json
from datetime import timedelta
from pathlib import Path

import pytest

from mpm_tui.db.database import close_database, open_database
from mpm_tui.db.models import Risk
from mpm_tui.schemas.enums import Role
from mpm_tui.services import members, projects, risks
from mpm_tui.services.context import Actor, ServiceContext
from tests.conftest import FROZEN_NOW, frozen_clock
from tests.unit.test_cli import file_dump, run

AURORA = "Aurora Launch"
BETA = "Beta Fair"


pytestmark = pytest.mark.usefixtures("frozen_cli_clock")


@pytest.fixture
def workspace(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    path = tmp_path / "w.db"
    open_database(path)
    try:
        ctx = ServiceContext(Actor("Set-up", Role.ADMIN), frozen_clock)
        members.create_member(ctx, {"name": "Ann Lee", "handle": "ann", "role": "admin"})
        members.create_member(ctx, {"name": "Vic Viewer", "handle": "vic", "role": "viewer"})
        projects.create_project(ctx, {"name": AURORA})
        projects.create_project(ctx, {"name": BETA})
        for minute, project, description, p, i, more in (
            (0, AURORA, "Pricing is late", 4, 5, {"owner": "ann", "response": "Two versions"}),
            (1, AURORA, "Search cost | high", 3, 3, {}),
            (2, AURORA, "Video overruns", 3, 3, {"status": "mitigated"}),
            (3, BETA, "Travel above budget", 3, 2, {"response": "Book refundable rooms"}),
        ):
            at = ServiceContext(ctx.actor, lambda m=minute: FROZEN_NOW + timedelta(minutes=m))
            data = {"description": description, "probability": p, "impact": i, **more}
            risks.add_risk(at, project, data)
    finally:
        close_database()
    return path


def mpm(capsys: pytest.CaptureFixture[str], db: Path, *argv: str) -> tuple[int, str, str]:
    return run(capsys, "--db", db, "--user", "ann", *argv)


def refused_cli(capsys: pytest.CaptureFixture[str], db: Path, *argv: str) -> str:
    """Run a command that must be refused: exit 1, nothing printed, nothing changed."""
    before = file_dump(db)
    code, out, err = mpm(capsys, db, *argv)
    assert (code, out) == (1, ""), err
    assert file_dump(db) == before
    assert err.startswith("mpm: error: ")
    return err.removeprefix("mpm: error: ").rstrip("\n")


def risk_row(db: Path, risk_id: int) -> tuple[object, ...] | None:
    open_database(db)
    try:
        row = Risk.get_or_none(Risk.id == risk_id)
        if row is None:
            return None
        owner = row.owner.name if row.owner else None
        return (row.description, row.probability, row.impact, row.response, owner, row.status)
    finally:
        close_database()


# --- list -------------------------------------------------------------------------------


def test_list_one_project_as_a_table(capsys: pytest.CaptureFixture[str], workspace: Path) -> None:
    code, out, err = mpm(capsys, workspace, "risk", "list", "aurora launch")
    assert (code, err) == (0, "")
    assert out.splitlines() == [
        "id  score  P  I  status     owner    description         response",
        "--  -----  -  -  ---------  -------  ------------------  ------------",
        "1   ▲ 20   4  5  open       Ann Lee  Pricing is late     Two versions",
        "2   ◆ 9    3  3  open       —        Search cost | high  —",
        "3   ◆ 9    3  3  mitigated  —        Video overruns      —",
        "",
        "score = probability × impact: ▲ high ≥15 · ◆ medium 8–14 · ○ low ≤7 · open risks first",
    ]


def test_list_every_project_open_only(capsys: pytest.CaptureFixture[str], workspace: Path) -> None:
    code, out, _ = mpm(capsys, workspace, "risk", "list", "--open")
    assert code == 0
    lines = out.splitlines()
    assert lines[0].split()[:3] == ["id", "project", "score"]
    assert [line.split()[0] for line in lines[2:5]] == ["1", "2", "4"]  # 20, 9, 6
    assert "Video overruns" not in out
    assert "Beta Fair" in lines[4]


def test_list_as_json_csv_and_markdown(capsys: pytest.CaptureFixture[str], workspace: Path) -> None:
    code, out, _ = mpm(capsys, workspace, "risk", "list", "--format", "json")
    assert code == 0
    listed = json.loads(out)
    assert [(r["id"], r["project"], r["score"], r["band"]) for r in listed] == [
        (1, AURORA, 20, "high"),
        (2, AURORA, 9, "medium"),
        (4, BETA, 6, "low"),
        (3, AURORA, 9, "medium"),
    ]
    assert listed[0]["owner"] == "Ann Lee"
    assert listed[0]["created_at"] == "2026-11-23T09:30:00"

    code, out, _ = mpm(capsys, workspace, "risk", "list", BETA, "--format", "csv")
    assert code == 0
    assert list(csv.reader(io.StringIO(out))) == [
        [
            "id",
            "project",
            "score",
            "band",
            "probability",
            "impact",
            "status",
            "owner",
            "description",
            "response",
        ],
        [
            "4",
            BETA,
            "6",
            "low",
            "3",
            "2",
            "open",
            "",
            "Travel above budget",
            "Book refundable rooms",
        ],
    ]

    code, out, _ = mpm(capsys, workspace, "risk", "list", AURORA, "--format", "md")
    assert code == 0
    assert out.splitlines()[:4] == [
        "| id | score | P | I | status | owner | description | response |",
        "| --- | --- | --- | --- | --- | --- | --- | --- |",
        "| 1 | ▲ 20 | 4 | 5 | open | Ann Lee | Pricing is late | Two versions |",
        "| 2 | ◆ 9 | 3 | 3 | open | — | Search cost \\| high | — |",
    ]


def test_list_of_an_unknown_project(capsys: pytest.CaptureFixture[str], workspace: Path) -> None:
    assert refused_cli(capsys, workspace, "risk", "list", "Gamma") == (
        "no project called 'Gamma' (known: Aurora Launch, Beta Fair)"
    )


# --- add, set, remove -------------------------------------------------------------------


def test_add(capsys: pytest.CaptureFixture[str], workspace: Path) -> None:
    code, out, err = mpm(
        capsys,
        workspace,
        *("risk", "add", BETA, "Stand arrives late", "--probability", "2", "--impact", "5"),
        *("--owner", "ann", "--response", "Ship a week early"),
    )
    assert (code, err) == (0, "")
    assert out == (
        "added risk #5 to Beta Fair: score ◆ 10 medium (probability 2 × impact 5), open, "
        "owner Ann Lee\n"
    )
    assert risk_row(workspace, 5) == (
        "Stand arrives late",
        2,
        5,
        "Ship a week early",
        "Ann Lee",
        "open",
    )


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (
            ("x", "--probability", "6", "--impact", "2"),
            "risk: probability: input should be less than or equal to 5 (got 6)",
        ),
        (
            ("x", "--probability", "0", "--impact", "2"),
            "risk: probability: input should be greater than or equal to 1 (got 0)",
        ),
        (
            ("x", "--probability", "two", "--impact", "2"),
            "risk: probability: input should be a valid integer, unable to parse string as an "
            "integer (got 'two')",
        ),
        (("  ", "--probability", "2", "--impact", "2"), "risk: description: must not be empty"),
        (
            ("x", "--probability", "2", "--impact", "2", "--owner", "Zed"),
            "risk: owner: no member called 'Zed' (known: Ann Lee, Vic Viewer)",
        ),
    ],
)
def test_bad_input_to_add_is_refused(
    capsys: pytest.CaptureFixture[str], workspace: Path, argv: tuple[str, ...], message: str
) -> None:
    assert refused_cli(capsys, workspace, "risk", "add", AURORA, *argv) == message


def test_set_changes_the_fields_given(capsys: pytest.CaptureFixture[str], workspace: Path) -> None:
    code, out, err = mpm(
        capsys,
        workspace,
        *("risk", "set", "1", "--impact", "2", "--status", "occurred", "--owner", "none"),
    )
    assert (code, err) == (0, "")
    assert out == (
        "risk #1 of Aurora Launch: score ◆ 8 medium (probability 4 × impact 2), occurred\n"
    )
    assert risk_row(workspace, 1) == ("Pricing is late", 4, 2, "Two versions", None, "occurred")
    mpm(capsys, workspace, "risk", "set", "1", "--description", "Price late", "--response", "")
    assert risk_row(workspace, 1) == ("Price late", 4, 2, "", None, "occurred")


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (
            ("1",),
            "risk set: give what to change: --description, --probability, --impact, "
            "--response, --owner, --status",
        ),
        (("1", "--impact", "9"), "risk: impact: input should be less than or equal to 5 (got 9)"),
        (
            ("1", "--status", "gone"),
            "risk: status: input should be 'open', 'mitigated', 'occurred' or 'closed' "
            "(got 'gone')",
        ),
        (("1", "--description", " "), "risk: description: must not be empty"),
        (("99", "--impact", "1"), "no risk with id 99"),
    ],
)
def test_bad_input_to_set_is_refused(
    capsys: pytest.CaptureFixture[str], workspace: Path, argv: tuple[str, ...], message: str
) -> None:
    assert refused_cli(capsys, workspace, "risk", "set", *argv) == message


def test_remove(capsys: pytest.CaptureFixture[str], workspace: Path) -> None:
    code, out, _ = mpm(capsys, workspace, "risk", "remove", "2")
    assert (code, out) == (0, "removed risk #2 of Aurora Launch: Search cost | high\n")
    assert risk_row(workspace, 2) is None
    assert refused_cli(capsys, workspace, "risk", "remove", "2") == "no risk with id 2"


def test_a_viewer_is_refused_every_write(
    capsys: pytest.CaptureFixture[str], workspace: Path
) -> None:
    for argv in (
        ("risk", "add", AURORA, "x", "--probability", "1", "--impact", "1"),
        ("risk", "set", "1", "--impact", "1"),
        ("risk", "remove", "1"),
    ):
        before = file_dump(workspace)
        code, out, err = run(capsys, "--db", workspace, "--user", "vic", *argv)
        assert (code, out) == (1, "")
        assert "Vic Viewer is a viewer and cannot" in err
        assert file_dump(workspace) == before
