"""`mpm template list|show|save` and `mpm project new --template`, from the shell.

The workspace: the Marketing board, Ann Lee (admin) and Leo Martins (editor).
User templates go to the per-test config dir (MPM_CONFIG_DIR, set by the
conftest). Every refusal exits 1 with one line and leaves the database file as
it was.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from mpm_tui.config import paths
from mpm_tui.db.database import close_database, open_database
from mpm_tui.schemas.enums import Role
from mpm_tui.schemas.templates import display_path
from mpm_tui.services import boards, members
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
        boards.create_board(ctx, {"name": "Marketing"})
        members.create_member(ctx, {"name": "Ann Lee", "handle": "ann", "role": "admin"})
        members.create_member(ctx, {"name": "Leo Martins", "handle": "leo"})
    finally:
        close_database()
    return path


def mpm(capsys: pytest.CaptureFixture[str], db: Path, *argv: str) -> tuple[int, str, str]:
    return run(capsys, "--db", db, "--user", "ann", *argv)


def refused_cli(capsys: pytest.CaptureFixture[str], db: Path, *argv: str) -> str:
    before = file_dump(db)
    code, out, err = mpm(capsys, db, *argv)
    assert (code, out) == (1, ""), err
    assert file_dump(db) == before
    assert err.startswith("mpm: error: ")
    return err.removeprefix("mpm: error: ").rstrip("\n")


def user_template(file_name: str, text: str) -> Path:
    folder = paths().templates_dir
    folder.mkdir(parents=True, exist_ok=True)
    (folder / file_name).write_text(text, encoding="utf-8")
    return folder / file_name


MINI = """\
name = "mini"
description = "Two steps."
[[tasks]]
title = "Write"
role = "writer"
estimate = 2
offset = -1
[[tasks]]
title = "Send"
role = "owner"
estimate = 1
offset = 0
after = ["Write"]
[[milestones]]
name = "Sent"
kind = "launch"
offset = 0
after = ["Send"]
"""


def test_template_list(capsys: pytest.CaptureFixture[str], workspace: Path) -> None:
    code, out, err = mpm(capsys, workspace, "template", "list")
    assert (code, err) == (0, "")
    lines = out.splitlines()
    assert lines[0].split() == ["name", "tasks", "source", "description"]
    assert [line.split()[:3] for line in lines[2:]] == [
        ["ad-campaign", "18", "built-in"],
        ["case-study", "30", "built-in"],
        ["landing-page", "15", "built-in"],
        ["newsletter", "12", "built-in"],
        ["webinar", "19", "built-in"],
    ]


def test_template_list_reports_broken_user_templates_on_stderr(
    capsys: pytest.CaptureFixture[str], workspace: Path
) -> None:
    user_template("mini.toml", MINI)
    broken = user_template("launch.toml", MINI.replace('role = "owner"', 'role = "boss"'))
    code, out, err = mpm(capsys, workspace, "template", "list", "--format", "json")
    assert code == 0
    listed = json.loads(out)
    assert [(t["name"], t["tasks"], t["source"]) for t in listed][3] == ("mini", 2, "user")
    assert "launch" not in [t["name"] for t in listed]
    assert err == (
        f"mpm: warning: {display_path(broken)}: tasks[2].role: 'boss' is not one of "
        "writer, reviewer, editor, designer, web, social, owner (skipped)\n"
    )


def test_template_show(capsys: pytest.CaptureFixture[str], workspace: Path) -> None:
    user_template("mini.toml", MINI)
    code, out, err = mpm(capsys, workspace, "template", "show", "MINI")
    assert (code, err) == (0, "")
    path = paths().templates_dir / "mini.toml"
    assert out == (
        "mini: Two steps.\n"
        "  kind      —\n"
        "  channels  —\n"
        "  roles     writer, owner\n"
        f"  source    user ({display_path(path)})\n"
        "\n"
        "#  task   role    est  offset  after\n"
        "-  -----  ------  ---  ------  -----\n"
        "1  Write  writer  2    -1      —\n"
        "2  Send   owner   1    0       #1\n"
        "\n"
        "milestone  kind    offset  after\n"
        "---------  ------  ------  -----\n"
        "Sent       launch  0       #2\n"
        "\n"
        "offsets: working days from launch (0); a task is due on its offset\n"
    )
    code, out, _ = mpm(capsys, workspace, "template", "show", "newsletter", "--format", "json")
    document = json.loads(out)
    assert (document["name"], document["source"], len(document["tasks"])) == (
        "newsletter",
        "built-in",
        12,
    )
    assert document["kpis"][0] == {
        "name": "Trial sign-ups",
        "stage": "deal",
        "kgi": True,
        "target": 40.0,
        "into": None,
        "rate": None,
        "unit": "sign-ups",
    }


def test_project_new(capsys: pytest.CaptureFixture[str], workspace: Path) -> None:
    code, out, err = mpm(
        capsys,
        workspace,
        "project",
        "new",
        "December issue",
        "--template",
        "newsletter",
        "--launch",
        "2026-12-16",
        "--assign",
        "owner=ann",
        "--assign",
        "writer=Leo Martins",
    )
    assert (code, err) == (0, "")
    assert out == (
        "created project 'December issue' from template newsletter: 12 tasks in To Do "
        "on Marketing\n"
        "  start      2026-12-03\n"
        "  launch     2026-12-16\n"
        "  end        2026-12-23\n"
        "  owner      Ann Lee\n"
        "  unassigned reviewer, editor, designer, web, social\n"
    )
    code, out, _ = mpm(capsys, workspace, "task", "list", "--project", "December issue")
    assert out.count("December issue") == 12
    code, out, _ = mpm(capsys, workspace, "task", "list", "--owner", "leo", "--format", "json")
    assert {t["title"] for t in json.loads(out)} == {
        "Write the feature story",
        "Write the news items and call-to-action copy",
        "Write subject line and preview text options",
    }


def test_project_new_refusals(capsys: pytest.CaptureFixture[str], workspace: Path) -> None:
    new = ("project", "new", "X", "--template", "webinar")
    assert refused_cli(
        capsys, workspace, *new, "--launch", "2026-12-16", "--assign", "writer=Zed"
    ) == ("no member called 'Zed' (known: Ann Lee, Leo Martins)")
    assert refused_cli(capsys, workspace, *new, "--launch", "2026-12-16", "--assign", "writer") == (
        "--assign: 'writer' is not ROLE=MEMBER (e.g. writer=Leo)"
    )
    assert (
        refused_cli(
            capsys,
            workspace,
            *new,
            "--launch",
            "2026-12-16",
            "--assign",
            "web=ann",
            "--assign",
            "WEB=leo",
        )
        == "--assign: the role 'WEB' is given twice"
    )
    assert refused_cli(capsys, workspace, *new, "--launch", "someday") == (
        "--launch: 'someday' is not a date: "
        "use YYYY-MM-DD, +3d, +1w, +5wd, a weekday (fri) or today"
    )
    assert refused_cli(capsys, workspace, *new, "--launch", "2026-12-19") == (
        "launch: 2026-12-19 is a Saturday, not a working day (the next one is Mon 2026-12-21)"
    )
    assert refused_cli(
        capsys, workspace, "project", "new", "X", "--template", "podcast", "--launch", "mon"
    ) == (
        "no template called 'podcast' "
        "(known: ad-campaign, case-study, landing-page, newsletter, webinar)"
    )
    code, _, err = mpm(capsys, workspace, "project", "new", "X", "--launch", "mon")
    assert code == 2
    assert "the following arguments are required: --template" in err


def test_template_save_then_new_project_from_it(
    capsys: pytest.CaptureFixture[str], workspace: Path
) -> None:
    code, _, err = mpm(
        capsys,
        workspace,
        *("project", "new", "Spring", "--template", "landing-page", "--launch", "2026-12-16"),
    )
    assert (code, err) == (0, "")
    code, out, err = mpm(capsys, workspace, "template", "save", "spring", "my page")
    assert (code, err) == (0, "")
    path = paths().templates_dir / "my page.toml"
    assert out == f"saved project 'Spring' as template 'my page' (15 tasks): {display_path(path)}\n"
    code, out, _ = mpm(capsys, workspace, "template", "list")
    assert out.splitlines()[5].split()[:4] == ["my", "page", "15", "user"]

    assert refused_cli(capsys, workspace, "template", "save", "Spring", "my page") == (
        f"template name: {display_path(path)} already exists: choose another name, or overwrite it"
    )
    code, out, err = mpm(capsys, workspace, "template", "save", "Spring", "my page", "--overwrite")
    assert (code, err) == (0, "")

    code, out, err = mpm(
        capsys,
        workspace,
        *("project", "new", "Summer", "--template", "my page", "--launch", "2027-01-20"),
    )
    assert (code, err) == (0, "")
    assert out.startswith("created project 'Summer' from template my page: 15 tasks in To Do")
