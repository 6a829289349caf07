"""Roles hold at the command line: every write subcommand, run `--read-only` or by an
OS user who is not a member, exits 1 with one line on stderr and changes nothing.

The subcommands are read from the parser itself: a new one must be listed here,
as a write (with valid arguments on the demo workspace) or as read-only (with
why), or the classification test fails.
"""

from __future__ import annotations

import argparse
import shutil
import sqlite3
from collections.abc import Callable
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path

import pytest

from mpm_tui.cli.parser import build_parser
from tests.unit.test_cli import file_dump, run

pytestmark = pytest.mark.usefixtures("frozen_cli_clock")

Command = tuple[str, str | None]


def parser_commands() -> set[Command]:
    """(command, action) for every subcommand the parser knows; action None for a
    command without actions, or whose action is optional (`mpm board` opens the TUI)."""

    def subparsers(parser: argparse.ArgumentParser) -> argparse._SubParsersAction | None:
        for action in parser._actions:
            if isinstance(action, argparse._SubParsersAction):
                return action
        return None

    top = subparsers(build_parser())
    assert top is not None
    found: set[Command] = set()
    for name, parser in top.choices.items():
        sub = subparsers(parser)
        if sub is None or not sub.required:
            found.add((name, None))
        if sub is not None:
            found.update((name, action) for action in sub.choices)
    return found


def command_id(command: Command) -> str:
    return " ".join(part for part in command if part)


READ_ONLY: dict[Command, str] = {
    ("board", None): "opens the TUI (whose screens ask the services)",
    ("timeline", None): "opens the TUI",
    ("workload", None): "opens the TUI",
    ("dashboard", None): "opens the TUI",
    ("retro", None): "opens the TUI",
    ("present", None): "opens the TUI in presenter mode",
    ("info", None): "prints",
    ("export", None): "prints, or writes the user's own file",
    ("schedule", None): "prints",
    ("matrix", None): "prints",
    ("log", None): "prints",
    ("backup", None): "copies the workspace to a file: viewers may back up",
    ("retro", "export"): "prints, or writes the user's own file",
    ("retro", "list"): "prints",
    ("board", "list"): "prints",
    ("column", "list"): "prints",
    ("task", "list"): "prints",
    ("task", "show"): "prints",
    ("project", "list"): "prints",
    ("member", "list"): "prints",
    ("holiday", "list"): "prints",
    ("report", "workload"): "prints",
    ("timeoff", "list"): "prints",
    ("setting", "list"): "prints",
    ("kpi", "list"): "prints",
    ("budget", "list"): "prints",
    ("template", "list"): "prints",
    ("template", "show"): "prints",
    ("template", "save"): "writes a file in the user's own templates folder, not the workspace",
    ("risk", "list"): "prints",
    ("scope", "list"): "prints",
}


@dataclass(frozen=True)
class Demo:
    """Ids and names in the demo workspace, read with plain sqlite3."""

    path: Path
    folder: Path

    def one(self, sql: str) -> str:
        with closing(sqlite3.connect(self.path)) as con:
            return str(con.execute(sql).fetchone()[0])

    def todo_task(self) -> str:
        return self.one(
            "SELECT t.id FROM task t JOIN board_column c ON t.column_id = c.id "
            "JOIN project p ON t.project_id = p.id WHERE c.name = 'To Do' "
            "AND p.name = 'Aurora Launch' AND t.cancelled_at IS NULL ORDER BY t.id"
        )

    def kpi_csv(self) -> str:
        path = self.folder / "actuals.csv"
        path.write_text(f"date,kpi,value\n2026-11-20,{self.kgi()},3\n", encoding="utf-8")
        return str(path)

    def kgi(self) -> str:
        return self.one(
            "SELECT k.name FROM kpi k JOIN project p ON k.project_id = p.id "
            "WHERE p.name = 'Aurora Launch' AND k.parent_id IS NULL ORDER BY k.id"
        )

    def document(self) -> str:
        path = self.folder / "workspace.toml"
        path.write_text('format = "mpm-workspace"\nversion = 1\n', encoding="utf-8")
        return str(path)


Argv = Callable[[Demo], list[str]]
LAUNCH = ("--launch", "2027-01-06")
PROPOSED = "SELECT id FROM scope_change WHERE status = 'proposed'"


@dataclass(frozen=True)
class Write:
    argv: Argv
    admin_refusal: str = ""
    """What Maya (an admin) is told when the change cannot be made on the demo
    whatever the role ("" when she succeeds): the arguments are right either way."""


WRITES: dict[Command, Write] = {
    ("demo", None): Write(
        lambda d: ["demo"], "the database already holds a workspace"
    ),  # refused on any non-empty workspace; `--read-only` on an empty one is tested below
    ("import", None): Write(lambda d: ["import", d.document()], "is not empty"),
    ("board", "add"): Write(lambda d: ["board", "add", "Events"]),
    ("board", "rename"): Write(lambda d: ["board", "rename", "Agency Requests", "Agency"]),
    ("board", "remove"): Write(
        lambda d: ["board", "remove", "Marketing"], "only an empty board can be removed"
    ),
    ("column", "add"): Write(lambda d: ["column", "add", "Marketing", "Blocked"]),
    ("column", "rename"): Write(lambda d: ["column", "rename", "Marketing", "Review", "Check"]),
    ("column", "move"): Write(lambda d: ["column", "move", "Marketing", "Review", "left"]),
    ("column", "remove"): Write(
        lambda d: ["column", "remove", "Marketing", "Review"], "move them to another column"
    ),
    ("member", "set"): Write(lambda d: ["member", "set", "leo", "--capacity", "3"]),
    ("member", "deactivate"): Write(lambda d: ["member", "deactivate", "leo"]),
    ("member", "reactivate"): Write(
        lambda d: ["member", "reactivate", "leo"], "Leo Martins is already active"
    ),
    ("column", "set-limit"): Write(lambda d: ["column", "set-limit", "Marketing", "Review", "9"]),
    ("task", "add"): Write(lambda d: ["task", "add", "New", "--project", "Aurora Launch"]),
    ("task", "move"): Write(lambda d: ["task", "move", d.todo_task(), "In Progress"]),
    ("project", "add"): Write(lambda d: ["project", "add", "Gala"]),
    ("project", "new"): Write(
        lambda d: (["project", "new", "Winter news", "--template", "Newsletter", *LAUNCH])
    ),
    ("project", "status"): Write(lambda d: ["project", "status", "Aurora Launch", "on_hold"]),
    ("project", "close"): Write(
        lambda d: ["project", "close", "Aurora Launch"], "its retrospective is not complete"
    ),
    ("project", "set"): Write(lambda d: ["project", "set", "Aurora Launch", "--impact", "1"]),
    ("member", "add"): Write(lambda d: ["member", "add", "Zoe New"]),
    ("holiday", "add"): Write(lambda d: ["holiday", "add", "2027-02-03", "Off"]),
    ("holiday", "remove"): Write(
        lambda d: ["holiday", "remove", d.one("SELECT date FROM holiday ORDER BY date")]
    ),
    ("timeoff", "add"): Write(
        lambda d: ["timeoff", "add", "Leo Martins", "2027-03-01", "2027-03-02"]
    ),
    ("timeoff", "remove"): Write(
        lambda d: ["timeoff", "remove", d.one("SELECT MIN(id) FROM time_off")]
    ),
    ("setting", "set"): Write(lambda d: ["setting", "set", "workload.collaborator_share", "30%"]),
    ("kpi", "import"): Write(lambda d: ["kpi", "import", "Aurora Launch", d.kpi_csv()]),
    ("kpi", "set"): Write(lambda d: ["kpi", "set", "Aurora Launch", d.kgi(), "--target", "41"]),
    ("budget", "set"): Write(
        lambda d: ["budget", "set", "Aurora Launch", "print", "--planned", "900"]
    ),
    ("risk", "add"): Write(
        lambda d: ["risk", "add", "Aurora Launch", "Rain", "--probability", "2", "--impact", "3"]
    ),
    ("risk", "set"): Write(
        lambda d: ["risk", "set", d.one("SELECT MIN(id) FROM risk"), "--response", "watch"]
    ),
    ("risk", "remove"): Write(lambda d: ["risk", "remove", d.one("SELECT MIN(id) FROM risk")]),
    ("scope", "request"): Write(lambda d: ["scope", "request", "Aurora Launch", "one more banner"]),
    ("scope", "accept"): Write(lambda d: (["scope", "accept", d.one(PROPOSED), "--extend", "2"])),
    ("scope", "reject"): Write(lambda d: ["scope", "reject", d.one(PROPOSED)]),
    ("retro", "complete"): Write(
        lambda d: ["retro", "complete", "Aurora Launch", "--kind", "midpoint"],
        "something in every section",
    ),
}


def test_every_subcommand_is_classified() -> None:
    commands = parser_commands()
    unlisted = commands - WRITES.keys() - READ_ONLY.keys()
    assert not unlisted, f"add these to WRITES (with valid arguments) or READ_ONLY: {unlisted}"
    assert not (WRITES.keys() & READ_ONLY.keys())
    assert (WRITES.keys() | READ_ONLY.keys()) <= commands, "a listed command no longer exists"


@pytest.fixture
def demo(demo_template: Path, tmp_path: Path) -> Demo:
    """A private copy of the demo file, not opened by the test (the CLI opens it)."""
    path = tmp_path / "demo.db"
    shutil.copyfile(demo_template, path)
    return Demo(path, tmp_path)


def refused_in_one_line(
    capsys: pytest.CaptureFixture[str], db: Path, argv: list[str], *session: str
) -> str:
    before = file_dump(db)
    code, out, err = run(capsys, "--db", db, *session, *argv)
    assert (code, out) == (1, ""), err
    assert err.startswith("mpm: error: ") and err.count("\n") == 1, err
    assert "Traceback" not in err
    assert file_dump(db) == before
    return err


@pytest.mark.parametrize("command", sorted(WRITES, key=str), ids=command_id)
def test_a_read_only_session_is_refused_every_write(
    command: Command, demo: Demo, capsys: pytest.CaptureFixture[str]
) -> None:
    write = WRITES[command]
    err = refused_in_one_line(capsys, demo.path, write.argv(demo), "--user", "maya", "--read-only")
    assert (
        "Maya Chen is a viewer (read-only session) and cannot" in err or write.admin_refusal in err
    ), err


@pytest.fixture
def stranger(monkeypatch: pytest.MonkeyPatch) -> None:
    """The OS login is nobody the workspace knows."""
    from mpm_tui.cli import session

    monkeypatch.setattr(session, "os_user", lambda: "stranger")


@pytest.mark.usefixtures("stranger")
@pytest.mark.parametrize("command", sorted(WRITES, key=str), ids=command_id)
def test_an_os_user_who_is_not_a_member_is_refused_every_write(
    command: Command, demo: Demo, capsys: pytest.CaptureFixture[str]
) -> None:
    write = WRITES[command]
    err = refused_in_one_line(capsys, demo.path, write.argv(demo))
    assert (
        "stranger is a viewer (not a member of this workspace: use --user NAME) and cannot" in err
        or write.admin_refusal in err
    ), err


@pytest.mark.parametrize("command", sorted(WRITES, key=str), ids=command_id)
def test_an_admin_may_run_every_write(
    command: Command, demo: Demo, capsys: pytest.CaptureFixture[str]
) -> None:
    """The arguments above are valid: the refusals are about the role, nothing else."""
    write = WRITES[command]
    before = file_dump(demo.path)
    code, _, err = run(capsys, "--db", demo.path, "--user", "maya", *write.argv(demo))
    if write.admin_refusal:
        assert code == 1 and write.admin_refusal in err, err
        assert file_dump(demo.path) == before
    else:
        assert (code, err) == (0, ""), err
        assert file_dump(demo.path) != before


def test_read_only_import_and_demo_into_an_empty_workspace_write_nothing(
    demo: Demo, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Anyone may set up an empty workspace, but not in a read-only session."""
    exported = tmp_path / "demo.toml"
    assert run(capsys, "--db", demo.path, "export", "-o", exported)[0] == 0
    empty = tmp_path / "empty.db"
    assert run(capsys, "--db", empty, "info")[0] == 0  # creates the empty, migrated file
    for argv, doing in (
        (["import", str(exported)], "import a workspace"),
        (["demo"], "write the demo"),
    ):
        err = refused_in_one_line(capsys, empty, argv, "--read-only")
        assert "is a viewer" in err and f"cannot {doing}" in err, err
    code, out, err = run(capsys, "--db", empty, "import", exported)
    assert code == 0 and out.startswith("imported "), err
