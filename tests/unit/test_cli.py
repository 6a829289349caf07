"""The command line: one contract for people, scripts and tests.

Each bad input prints one clear line naming the field and the problem, exits
non-zero and leaves the database byte-for-byte as it was.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from mpm_tui.cli import main

BASE_DOC = """\
format = "mpm-workspace"
version = 1

[[members]]
id = 1
name = "Ann Lee"
handle = "ann"
role = "admin"

[[members]]
id = 2
name = "Ben Ito"
role = "editor"

[[boards]]
id = 1
name = "Main"

[[columns]]
id = 1
board = "Main"
name = "To Do"
position = 0

[[columns]]
id = 2
board = "Main"
name = "Doing"
position = 1
wip_limit = 1

[[columns]]
id = 3
board = "Main"
name = "Done"
position = 2
is_done = true

[[projects]]
id = 1
name = "[Q4] Launch"
status = "active"

[[tasks]]
id = 1
title = "Write brief"
project = "[Q4] Launch"
board = "Main"
column = "Doing"
owner = "Ann Lee"
estimate_days = 1.5
due = 2026-12-01

[[tasks]]
id = 2
title = "Design banner"
project = "[Q4] Launch"
board = "Main"
column = "To Do"
owner = "Ben Ito"
depends_on = [1]

[[tasks]]
id = 3
title = "Ship it"
project = "[Q4] Launch"
board = "Main"
column = "To Do"
depends_on = [2]
"""


def file_dump(path: Path) -> dict[str, list[tuple]]:
    """Every row of every table, read with plain sqlite3 (independent of mpm)."""
    if not path.exists():
        return {}
    con = sqlite3.connect(path)
    try:
        tables = [r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type='table'")]
        return {t: sorted(con.execute(f'SELECT * FROM "{t}"').fetchall(), key=repr) for t in tables}
    finally:
        con.close()


def run(capsys: pytest.CaptureFixture[str], *argv: str | Path) -> tuple[int, str, str]:
    code = main([str(a) for a in argv])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


@pytest.fixture
def workspace(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    """A database holding BASE_DOC."""
    doc = tmp_path / "base.toml"
    doc.write_text(BASE_DOC, encoding="utf-8")
    db = tmp_path / "w.db"
    code, out, err = run(capsys, "--db", db, "import", doc)
    assert code == 0, err
    assert "3 tasks" in out
    return db


def test_import_then_list_tasks_as_json(workspace: Path, capsys: pytest.CaptureFixture) -> None:
    import json

    code, out, _ = run(capsys, "--db", workspace, "task", "list", "--format", "json")
    assert code == 0
    listed = json.loads(out)
    assert [(t["id"], t["column"], t["position"]) for t in listed] == [
        (2, "To Do", 0),
        (3, "To Do", 1),
        (1, "Doing", 0),
    ]
    assert listed[0]["depends_on"] == [1]
    assert listed[0]["project"] == "[Q4] Launch"


def test_task_add_and_move_through_the_services(
    workspace: Path, capsys: pytest.CaptureFixture
) -> None:
    code, out, err = run(
        capsys,
        "--db",
        workspace,
        "--user",
        "ann",
        "task",
        "add",
        "Proofread",
        "--project",
        "[Q4] Launch",
        "--column",
        "To Do",
        "--position",
        "0",
        "--estimate",
        "0.5",
        "--due",
        "2026-12-04",
    )
    assert code == 0, err
    assert "#4" in out and "position 0" in out
    code, out, err = run(capsys, "--db", workspace, "--user", "ann", "task", "move", "4", "done")
    assert code == 0, err
    assert "moved #4 'Proofread' to Done" in out
    rows = file_dump(workspace)["task"]
    moved = next(r for r in rows if r[0] == 4)
    assert moved[4] == 3  # column_id of Done
    assert moved[-3] is not None  # completed_at set on entering Done


def test_per_person_limit_from_the_cli_refuses_a_second_card(
    workspace: Path, capsys: pytest.CaptureFixture
) -> None:
    ann = ("--db", workspace, "--user", "ann")
    code, out, err = run(capsys, *ann, "column", "set-limit", "Main", "Doing", "none")
    assert code == 0, err
    code, out, err = run(capsys, *ann, "column", "set-limit", "main", "doing", "1", "--per-person")
    assert (code, out.strip()) == (0, "Doing: per-person limit 1"), err
    # Ann already holds task 1 in Doing; Ben holds none there.
    code, out, err = run(
        capsys, *ann, "task", "add", "Mine", "--project", "[Q4] Launch", "--owner", "Ann Lee"
    )
    assert code == 0, err
    before = file_dump(workspace)
    code, out, err = run(capsys, *ann, "task", "move", "4", "Doing")
    assert code == 1
    assert "Ann Lee already holds 1 card in 'Doing' (the per-person limit is 1)" in err
    assert file_dump(workspace) == before
    code, out, err = run(capsys, *ann, "task", "move", "2", "Doing")
    assert code == 0, err


BAD_CLI = [
    pytest.param(
        ("task", "move", "2", "Doing"),
        1,
        "'Doing' on board 'Main' is at its WIP limit (1/1)",
        id="move-into-full-column",
    ),
    pytest.param(("task", "move", "99", "Done"), 1, "no task with id 99", id="unknown-task"),
    pytest.param(
        ("task", "move", "2", "Dne"),
        1,
        "has no column 'Dne' (did you mean 'Done'?)",
        id="unknown-column",
    ),
    pytest.param(
        ("task", "move", "2", "Done", "--position", "-1"),
        1,
        "--position: must be 0 or more",
        id="negative-position",
    ),
    pytest.param(
        ("task", "add", "X", "--project", "Nope"),
        1,
        "no project called 'Nope'",
        id="unknown-project",
    ),
    pytest.param(
        ("task", "add", "X", "--project", "[Q4] Launch", "--due", "someday"),
        1,
        "--due: 'someday' is not a date",
        id="bad-date",
    ),
    pytest.param(
        ("task", "add", "X", "--project", "[Q4] Launch", "--estimate", "two"),
        2,
        "argument --estimate: invalid float value: 'two'",
        id="non-number-estimate",
    ),
    pytest.param(
        (
            "task",
            "add",
            "X",
            "--project",
            "[Q4] Launch",
            "--start",
            "2026-12-05",
            "--due",
            "2026-12-01",
        ),
        1,
        "due 2026-12-01 is before start 2026-12-05",
        id="due-before-start",
    ),
    pytest.param(
        ("task", "add", "   ", "--project", "[Q4] Launch"),
        1,
        "task: title: must not be empty",
        id="empty-title",
    ),
    pytest.param(
        ("task", "add", "X", "--project", "[Q4] Launch", "--owner", "Zed"),
        1,
        "no member called 'Zed'",
        id="unknown-owner",
    ),
    pytest.param(
        ("column", "set-limit", "Main", "Doing", "lots"),
        1,
        "limit: expected a whole number or none (got 'lots')",
        id="bad-limit",
    ),
    pytest.param(
        ("column", "set-limit", "Main", "Doing", "0"),
        1,
        "WIP limit: must be a whole number from 1 to 999",
        id="zero-limit",
    ),
    pytest.param(("task", "frobnicate"), 2, "invalid choice: 'frobnicate'", id="bad-action"),
    pytest.param(("--bogus",), 2, "unrecognized arguments: --bogus", id="bad-flag"),
    pytest.param(
        ("project", "close", "[Q4] Launch"),
        1,
        "cannot be closed: its retrospective is not complete",
        id="close-without-retro",
    ),
]


@pytest.mark.parametrize(("argv", "status", "message"), BAD_CLI)
def test_bad_cli_input_is_one_clear_line_and_changes_nothing(
    workspace: Path,
    capsys: pytest.CaptureFixture,
    argv: tuple[str, ...],
    status: int,
    message: str,
) -> None:
    before = file_dump(workspace)
    code, _, err = run(capsys, "--db", workspace, "--user", "Ann Lee", *argv)
    assert code == status
    assert message in err
    assert len(err.strip().splitlines()) == 1, err
    assert "Traceback" not in err
    assert file_dump(workspace) == before


def test_unknown_os_user_is_a_guest_viewer_and_cannot_write(
    workspace: Path, capsys: pytest.CaptureFixture
) -> None:
    before = file_dump(workspace)
    code, _, err = run(capsys, "--db", workspace, "task", "move", "3", "Done")
    assert code == 1
    assert "not a member of this workspace: use --user NAME" in err
    assert file_dump(workspace) == before


def test_read_only_session_refuses_writes(workspace: Path, capsys: pytest.CaptureFixture) -> None:
    before = file_dump(workspace)
    code, _, err = run(
        capsys, "--db", workspace, "--user", "ann", "--read-only", "task", "move", "3", "Done"
    )
    assert code == 1
    assert "Ann Lee is a viewer (read-only session) and cannot move tasks" in err
    assert file_dump(workspace) == before


def _mutated(old: str, new: str) -> str:
    assert old in BASE_DOC
    return BASE_DOC.replace(old, new, 1)


BAD_IMPORTS = [
    pytest.param(
        "format = 'mpm-workspace'\nversion = 1\n[[tasks]\n", "not valid TOML", id="malformed-toml"
    ),
    pytest.param(
        _mutated('format = "mpm-workspace"', 'format = "trello"'),
        "format: expected \"mpm-workspace\" (got 'trello')",
        id="wrong-format",
    ),
    pytest.param(
        _mutated("version = 1", "version = 7"),
        "version: this mpm reads version 1 (got 7)",
        id="wrong-version",
    ),
    pytest.param(
        _mutated("estimate_days = 1.5", 'estimate_days = "two"'),
        "[[tasks]] #1 (id 1): estimate_days: input should be a valid number",
        id="wrong-type",
    ),
    pytest.param(
        _mutated('owner = "Ben Ito"', 'owner = "Bob"'),
        "[[tasks]] #2 (id 2): owner: no member 'Bob' in this document",
        id="unknown-member",
    ),
    pytest.param(
        _mutated('column = "Doing"', 'column = "Doign"'),
        "[[tasks]] #1 (id 1): column: board 'Main' has no column 'Doign'",
        id="unknown-column",
    ),
    pytest.param(
        _mutated("due = 2026-12-01", "due = 2026-12-01\ndepends_on = [3]"),
        "depends_on: dependency cycle",
        id="dependency-cycle",
    ),
    pytest.param(
        _mutated("id = 3\ntitle", "id = 2\ntitle"),
        "[[tasks]] #3 (id 2): duplicate id",
        id="duplicate-id",
    ),
    pytest.param(
        _mutated('role = "editor"', 'role = "boss"'),
        "[[members]] #2 (id 2): role: input should be 'viewer', 'editor' or 'admin'",
        id="bad-enum",
    ),
    pytest.param(
        _mutated("estimate_days = 1.5", "estimate_days = 1.5\ncolour = 'red'"),
        "[[tasks]] #1 (id 1): colour: is not a known field",
        id="unknown-field",
    ),
    pytest.param(
        _mutated('status = "active"', 'status = "done"'),
        "project '[Q4] Launch' is done but has no complete final retrospective",
        id="done-without-retro",
    ),
    pytest.param(
        _mutated("depends_on = [2]", "depends_on = [42]"),
        "[[tasks]] #3 (id 3): depends_on: no task with id 42",
        id="unknown-dependency",
    ),
    pytest.param(
        _mutated('title = "Ship it"', 'title = ""'),
        "[[tasks]] #3 (id 3): title: must not be empty",
        id="empty-title",
    ),
]


@pytest.mark.parametrize(("text", "message"), BAD_IMPORTS)
def test_bad_import_is_refused_whole(
    tmp_path: Path, capsys: pytest.CaptureFixture, text: str, message: str
) -> None:
    doc = tmp_path / "bad.toml"
    doc.write_text(text, encoding="utf-8")
    db = tmp_path / "empty.db"
    assert run(capsys, "--db", db, "info")[0] == 0  # an empty, migrated workspace
    before = file_dump(db)
    code, _, err = run(capsys, "--db", db, "import", doc)
    assert code == 1
    assert message in err
    assert str(doc) in err  # the file is named
    assert len(err.strip().splitlines()) == 1, err
    assert file_dump(db) == before


def test_import_of_a_missing_file_or_a_folder(
    tmp_path: Path, capsys: pytest.CaptureFixture
) -> None:
    db = tmp_path / "empty.db"
    code, _, err = run(capsys, "--db", db, "import", tmp_path / "nope.toml")
    assert code == 1 and "nope.toml: no such file" in err
    code, _, err = run(capsys, "--db", db, "import", tmp_path)
    assert code == 1 and "is a directory, not a workspace document" in err
    assert file_dump(db)["task"] == []


def test_import_into_a_workspace_that_is_not_empty(
    workspace: Path, tmp_path: Path, capsys: pytest.CaptureFixture
) -> None:
    doc = tmp_path / "base.toml"
    before = file_dump(workspace)
    code, _, err = run(capsys, "--db", workspace, "--user", "ann", "import", doc)
    assert code == 1
    assert "the target workspace is not empty" in err
    assert file_dump(workspace) == before


def test_db_that_is_not_a_database(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    junk = tmp_path / "notes.txt"
    junk.write_bytes(b"this is not sqlite" * 100)
    code, _, err = run(capsys, "--db", junk, "task", "list")
    assert code == 1
    assert "is not an mpm database" in err
    assert junk.read_bytes() == b"this is not sqlite" * 100


def test_db_in_a_missing_folder(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    code, _, err = run(capsys, "--db", tmp_path / "no" / "such" / "w.db", "task", "list")
    assert code == 1
    assert "does not exist" in err
    assert not (tmp_path / "no").exists()


def test_export_to_an_unwritable_place(
    workspace: Path, tmp_path: Path, capsys: pytest.CaptureFixture
) -> None:
    code, _, err = run(capsys, "--db", workspace, "export", "-o", tmp_path)
    assert code == 1 and "is a directory" in err
    code, _, err = run(capsys, "--db", workspace, "export", "-o", tmp_path / "x" / "y.toml")
    assert code == 1 and "cannot write" in err
