"""`mpm --db postgresql://… demo`, then every read command prints exactly what it
prints for the same demo in an SQLite file; writes from the CLI work there too, and
`mpm backup` points to pg_dump.

The two demos are built on the tests' frozen clock, so the only difference allowed
is where the database is (`mpm info`'s first line).
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from mpm_tui.services import demo
from mpm_tui.services.context import ServiceContext
from tests.conftest import frozen_clock
from tests.pg_server import PgServer
from tests.unit.test_cli import run

pytestmark = pytest.mark.usefixtures("frozen_cli_clock")

PROJECT = "Aurora Launch"
READ_COMMANDS: list[list[str]] = [
    ["task", "list"],
    ["task", "list", "--format", "json"],
    ["task", "list", "--owner", "maya"],
    ["task", "show", "12"],
    ["project", "list"],
    ["member", "list"],
    ["board", "list"],
    ["column", "list"],
    ["timeoff", "list"],
    ["holiday", "list"],
    ["setting", "list"],
    ["matrix"],
    ["risk", "list"],
    ["log", "--limit", "40"],
    ["log", "--task", "12", "--format", "json"],
    ["log", "--entity", "retrospective", "--since", "2026-11-01"],
    ["retro", "list"],
    ["template", "list"],
    ["schedule", PROJECT],
    ["kpi", "list", PROJECT],
    ["budget", "list", PROJECT],
    ["scope", "list", PROJECT],
    ["risk", "list", PROJECT],
    ["retro", "export", "Product Webinar"],
    ["report", "workload", "--weeks", "6"],
    ["report", "workload", "--format", "json", "--team", "external"],
    ["export"],
]


@pytest.fixture
def frozen_demo(monkeypatch: pytest.MonkeyPatch) -> None:
    """`mpm demo` builds the workspace at the tests' "now" instead of the wall clock's."""
    build = demo.build_demo
    monkeypatch.setattr(
        demo, "build_demo", lambda ctx: build(ServiceContext(ctx.actor, frozen_clock))
    )


@pytest.fixture
def two_demos(
    demo_template: Path, pg_server: PgServer, pg_demo_template: str, tmp_path: Path
) -> Iterator[dict[str, str]]:
    """Private copies of the session's demo workspace (built at FROZEN_NOW) in an
    SQLite file and in a PostgreSQL database."""
    copy = tmp_path / "demo.db"
    shutil.copyfile(demo_template, copy)
    name = pg_server.create_database(pg_demo_template)
    yield {"sqlite": str(copy), "postgres": pg_server.url(name)}
    pg_server.drop_database(name)


def test_the_demo_command_writes_the_same_demo(
    frozen_demo: None,
    pg_fresh_url: str,
    two_demos: dict[str, str],
    capsys: pytest.CaptureFixture[str],
) -> None:
    """`mpm --db postgresql://… demo` on an empty database: the workspace exported
    from it is, to the byte, the SQLite demo's."""
    code, out, err = run(capsys, "--db", pg_fresh_url, "demo")
    assert (code, err) == (0, "")
    assert out == "wrote the demo workspace: 125 tasks on 2 boards\n"
    code, out, err = run(capsys, "--db", pg_fresh_url, "demo")
    assert code != 0
    assert err.strip() == (
        "mpm: error: demo: the database already holds a workspace: give a new file with --db FILE"
    )
    written = run(capsys, "--db", pg_fresh_url, "export")[1]
    assert written == run(capsys, "--db", two_demos["sqlite"], "export")[1]


def test_read_commands_print_the_same_on_both_backends(
    two_demos: dict[str, str], capsys: pytest.CaptureFixture[str]
) -> None:
    for command in READ_COMMANDS:
        printed = {}
        for backend, target in two_demos.items():
            code, out, err = run(capsys, "--db", target, "--user", "maya", *command)
            assert (code, err) == (0, ""), (backend, command)
            printed[backend] = out
        assert printed["postgres"] == printed["sqlite"], command
        assert printed["postgres"].strip(), command


def test_info_names_the_database(
    two_demos: dict[str, str], capsys: pytest.CaptureFixture[str]
) -> None:
    _, on_sqlite, _ = run(capsys, "--db", two_demos["sqlite"], "--user", "maya", "info")
    code, on_postgres, err = run(capsys, "--db", two_demos["postgres"], "--user", "maya", "info")
    assert (code, err) == (0, "")
    assert on_postgres.splitlines()[1:] == on_sqlite.splitlines()[1:]
    assert "open tasks: 125" in on_postgres


def test_writes_from_the_cli_land_the_same(
    two_demos: dict[str, str], capsys: pytest.CaptureFixture[str]
) -> None:
    """A few writes through the CLI, then the whole workspace exported: equal."""
    as_maya = ["--user", "maya"]
    writes = [
        [*as_maya, "task", "add", "Brief [v2]", "--project", PROJECT, "--owner", "leo"],
        [*as_maya, "task", "move", "126", "In Progress"],
        [*as_maya, "project", "status", PROJECT, "on_hold"],
        [*as_maya, "risk", "add", PROJECT, "Late copy", "--probability", "2", "--impact", "3"],
        ["--user", "grace", "task", "move", "126", "Done"],  # a viewer: refused
    ]
    outputs: dict[str, list[tuple[int, str, str]]] = {}
    for backend, target in two_demos.items():
        outputs[backend] = [run(capsys, "--db", target, *write) for write in writes]
    assert outputs["postgres"] == outputs["sqlite"]
    assert [code == 0 for code, _, _ in outputs["postgres"]] == [True] * 4 + [False]
    exported = {b: run(capsys, "--db", t, "export")[1] for b, t in two_demos.items()}
    assert exported["postgres"] == exported["sqlite"]
    assert "Brief [v2]" in exported["postgres"]


def test_backup_points_to_pg_dump(pg_fresh_url: str, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "--db", pg_fresh_url, "backup")
    assert code != 0
    assert out == ""
    assert "pg_dump" in err
    assert err.count("\n") == 1
