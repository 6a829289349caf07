"""`mpm present [--interval SECONDS]`: the arguments, and what the app is opened with."""

from __future__ import annotations

from pathlib import Path

import pytest

from mpm_tui.cli import present
from mpm_tui.cli.parser import build_parser
from mpm_tui.schemas.enums import Role
from mpm_tui.services.context import Actor, ServiceContext
from tests.unit.test_cli import file_dump, run


@pytest.fixture
def opened(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, str, str, float | None]]:
    """Instead of running the TUI, note what it would be opened with."""
    calls: list[tuple[str, str, str, float | None]] = []

    def fake(ctx: ServiceContext, label: str, theme: str, interval: float | None) -> int:
        calls.append((ctx.actor.role.value, label, theme, interval))
        return 0

    monkeypatch.setattr(present, "open_presenter", fake)
    return calls


@pytest.mark.parametrize(
    ("value", "problem"),
    [
        ("0", "0 is not a positive number of seconds"),
        ("-5", "-5 is not a positive number of seconds"),
        ("0.0", "0.0 is not a positive number of seconds"),
        ("abc", "'abc' is not a number of seconds"),
        ("nan", "nan is not a positive number of seconds"),
        ("inf", "inf is not a positive number of seconds"),
    ],
)
def test_a_bad_interval_is_one_line_exit_2_and_opens_nothing(
    value: str,
    problem: str,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    opened: list[tuple[str, str, str, float | None]],
) -> None:
    db = tmp_path / "w.db"
    code, out, err = run(capsys, "--db", db, "present", "--interval", value)
    assert code == 2
    assert out == ""
    assert err.strip() == (
        f"mpm present: error: argument --interval: {problem} (see `mpm present --help`)"
    )
    assert opened == []
    assert file_dump(db) == {}  # not even created


def test_present_opens_the_app_presenting_with_the_interval(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    opened: list[tuple[str, str, str, float | None]],
) -> None:
    db = tmp_path / "w.db"
    assert run(capsys, "--db", db, "present", "--interval", "20")[0] == 0
    assert run(capsys, "present", "--db", db, "--interval", "1.5", "--read-only")[0] == 0
    assert run(capsys, "--db", db, "present")[0] == 0
    assert opened == [
        ("admin", "w.db", "textual-dark", 20.0),  # an empty workspace: set-up admin
        ("viewer", "w.db", "textual-dark", 1.5),  # --read-only
        ("admin", "w.db", "textual-dark", None),
    ]


def test_demo_combines_with_present_as_with_a_screen() -> None:
    args = build_parser().parse_args(["--demo", "present", "--interval", "30"])
    assert (args.demo, args.command, args.interval) == (True, "present", 30.0)
    args = build_parser().parse_args(["--demo", "workload"])
    assert (args.demo, args.command) == (True, "workload")


def test_open_presenter_builds_the_app_presenting_from_the_board(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from mpm_tui.app import MPMApp
    from mpm_tui.screens.presenter import PresentOptions

    built: list[MPMApp] = []
    monkeypatch.setattr(MPMApp, "run", lambda self: built.append(self))
    ctx = ServiceContext(Actor("Ann", Role.EDITOR))
    assert present.open_presenter(ctx, "w.db", "nord", 12.5) == 0
    (app,) = built
    assert app.present_options == PresentOptions(interval=12.5)
    assert (app.initial_mode, app.requested_theme, app.workspace) == ("board", "nord", "w.db")
