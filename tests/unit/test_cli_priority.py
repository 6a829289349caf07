"""`mpm matrix` and `mpm project set`: the priority matrix from the shell.

The workspace: Ann (admin), Vic (viewer); projects Easy Win 5×2 (active),
Big Bet 5×5 (on hold), Chore 3×3 (the default, planning), Old One 5×1
(cancelled, so not shown).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from mpm_tui.db.database import close_database, open_database
from mpm_tui.schemas.enums import Role
from mpm_tui.services import members, projects
from mpm_tui.services.context import Actor, ServiceContext
from tests.conftest import frozen_clock
from tests.unit.test_cli import file_dump, run

pytestmark = pytest.mark.usefixtures("frozen_cli_clock")


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    path = tmp_path / "w.db"
    open_database(path)
    try:
        ctx = ServiceContext(Actor("Set-up", Role.ADMIN), frozen_clock)
        members.create_member(ctx, {"name": "Ann Lee", "handle": "ann", "role": "admin"})
        members.create_member(ctx, {"name": "Vic Roe", "handle": "vic", "role": "viewer"})
        ann = ServiceContext(members.resolve_actor("ann", os_user=""), frozen_clock)
        for name, impact, effort, status in [
            ("Easy Win", 5, 2, "active"),
            ("Big Bet", 5, 5, "on_hold"),
            ("Chore", 3, 3, "planning"),
            ("Old One", 5, 1, "active"),
        ]:
            projects.create_project(
                ann,
                {
                    "name": name,
                    "impact": impact,
                    "effort": effort,
                    "status": status,
                    "owner": "Ann Lee",
                },
            )
        projects.set_status(ann, "Old One", "cancelled")
    finally:
        close_database()
    return path


def test_matrix_table_lists_the_quadrants_quick_wins_first(
    workspace: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run(capsys, "--db", workspace, "--user", "vic", "matrix")
    assert code == 0, err
    headings = [line for line in out.splitlines() if " · " in line and " — " in line]
    assert headings == [
        "★ Quick wins · 1 — impact 4–5 · effort 1–3 — do these first",
        "◆ Major projects · 1 — impact 4–5 · effort 4–5 — worth it: plan them well",
        "○ Fill-ins · 1 — impact 1–3 · effort 1–3 — when there is room",
        "✗ Reconsider / defer · 0 — impact 1–3 · effort 4–5 — cut, rethink or wait",
    ]
    assert "5×2            Easy Win  active  Ann Lee" in out
    assert "on hold" in out and "Old One" not in out


def test_matrix_markdown_and_json(workspace: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "--db", workspace, "matrix", "--format", "md")
    assert code == 0
    assert "## ★ Quick wins (1)" in out
    assert "| 5×5 | Big Bet | on hold | Ann Lee | — |" in out
    code, out, _ = run(capsys, "--db", workspace, "matrix", "--format", "json")
    document = json.loads(out)
    assert document["high_from"] == 4
    placed = {q["title"]: [p["name"] for p in q["projects"]] for q in document["quadrants"]}
    assert placed == {
        "Quick wins": ["Easy Win"],
        "Major projects": ["Big Bet"],
        "Fill-ins": ["Chore"],
        "Reconsider / defer": [],
    }
    chore = document["quadrants"][2]["projects"][0]
    assert (chore["impact"], chore["effort"], chore["status"], chore["version"]) == (
        3,
        3,
        "planning",
        1,
    )


def test_project_set_scores_and_moves(workspace: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(
        capsys, "--db", workspace, "--user", "ann", "project", "set", "chore", "--impact", "4"
    )
    assert (code, err) == (0, "")
    assert out == "project 'Chore': impact 4 × effort 3 (★ Quick wins)\n"
    code, out, _ = run(
        capsys, "--db", workspace, "--user", "ann", "project", "set", "Chore", "--effort", "5"
    )
    assert out == "project 'Chore': impact 4 × effort 5 (◆ Major projects)\n"
    _, out, _ = run(capsys, "--db", workspace, "matrix", "--format", "json")
    document = json.loads(out)
    assert [p["name"] for p in document["quadrants"][1]["projects"]] == ["Big Bet", "Chore"]


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (
            ("--user", "vic", "project", "set", "Chore", "--impact", "4"),
            "Vic Roe is a viewer and cannot edit projects; that needs the editor role",
        ),
        (
            ("--user", "ann", "project", "set", "Chore", "--impact", "6"),
            "project: impact: input should be less than or equal to 5 (got 6)",
        ),
        (
            ("--user", "ann", "project", "set", "Chore", "--effort", "lots"),
            "project: effort: input should be a valid integer",
        ),
        (
            ("--user", "ann", "project", "set", "Chore"),
            "project set: give what to change: --impact N, --effort N (each 1–5)",
        ),
        (("--user", "ann", "project", "set", "Chores", "--impact", "2"), "no project called"),
    ],
)
def test_project_set_refusals_change_nothing(
    workspace: Path, capsys: pytest.CaptureFixture[str], argv: tuple[str, ...], message: str
) -> None:
    before = file_dump(workspace)
    code, out, err = run(capsys, "--db", workspace, *argv)
    assert code != 0 and out == ""
    assert message in err
    assert "Traceback" not in err
    assert file_dump(workspace) == before
