"""Property: whatever the command line, `mpm` answers with an exit status, never a
traceback; and when it refuses (non-zero), the workspace is exactly as it was.

The arguments are drawn from the parser's own vocabulary (every subcommand, option
and choice) mixed with junk: names, ids and numbers out of range, bad dates, unicode,
`[markup]`. Each example runs on a fresh copy of the demo workspace, as its admin
(so a refusal is about the input, not the role). `--db` and `--demo` are left out
of the vocabulary: the database under test stays the copy, and a demo takes a
second to build. The TUI and the presenter are replaced by stubs (a command that
would open them returns 0).
"""

from __future__ import annotations

import argparse
import contextlib
import io
import itertools
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from mpm_tui.cli import main
from mpm_tui.cli.parser import build_parser
from tests.unit.test_cli import file_dump

pytestmark = pytest.mark.usefixtures("frozen_cli_clock")

LEFT_OUT = {"--db", "--demo"}


def _subparsers(parser: argparse.ArgumentParser) -> argparse._SubParsersAction | None:
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            return action
    return None


def commands() -> dict[tuple[str, ...], argparse.ArgumentParser]:
    """Every command path (`("task", "move")`, `("board",)`) and its parser."""
    top = build_parser()
    found: dict[tuple[str, ...], argparse.ArgumentParser] = {(): top}
    sub = _subparsers(top)
    assert sub is not None
    for name, parser in sub.choices.items():
        actions = _subparsers(parser)
        if actions is None or not actions.required:
            found[(name,)] = parser
        if actions is not None:
            found.update({(name, action): leaf for action, leaf in actions.choices.items()})
    return found


COMMANDS = commands()

NAMES = st.sampled_from(
    [
        "Aurora Launch",
        "Product Webinar",
        "Marketing",
        "In Progress",
        "Review",
        "Done",
        "Maya Chen",
        "maya",
        "leo",
        "email",
        "Newsletter",
        "Sales opportunities",
        "writer=leo",
        "email=100",
        "workload.collaborator_share",
    ]
)
JUNK = st.one_of(
    st.text(max_size=12),
    st.sampled_from(
        [
            "",
            "-",
            "--",
            "nan",
            "inf",
            "-inf",
            "1e309",
            "0.3",
            "30%",
            "150%",
            "none",
            "2026-12-01",
            "2026-02-30",
            "+3d",
            "-7d",
            "fri",
            "today",
            "9999-12-31",
            "0001-01-01",
            "[bold]x[/]",
            "[Q4] launch",
            "ünïcødé ✓ 漢字",
            "a" * 3000,
            "\x1b[31m",
        ]
    ),
)
NUMBERS = st.one_of(
    st.integers(-3, 130),
    st.sampled_from([2**31, 2**63 - 1, 2**63, 10**23, -(10**23)]),
).map(str)
VALUE = st.one_of(NAMES, NUMBERS, JUNK)


def _value(action: argparse.Action) -> st.SearchStrategy[str]:
    """A likely value for one argument: its choices, a number, a name, or junk."""
    if action.choices:
        return st.one_of(st.sampled_from([str(c) for c in action.choices]), VALUE)
    if action.type in (int, float):
        return st.one_of(NUMBERS, VALUE)
    return VALUE


@st.composite
def command_lines(draw: st.DrawFn) -> list[str]:
    """A real command, its arguments (each perhaps wrong or missing), some of its
    options with values, and sometimes a stray token: what a person might type."""
    path = draw(st.sampled_from(sorted(COMMANDS)))
    parser = COMMANDS[path]
    argv = list(path)
    options: list[argparse.Action] = []
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction) or action.dest == "help":
            continue
        if action.option_strings:
            if not set(action.option_strings) & LEFT_OUT:
                options.append(action)
        elif draw(st.integers(0, 9)):  # a positional, left out one time in ten
            argv.append(draw(_value(action)))
    for action in draw(st.lists(st.sampled_from(options), max_size=3)) if options else ():
        argv.append(draw(st.sampled_from(action.option_strings)))
        if action.nargs != 0:
            argv.append(draw(_value(action)))
    if not draw(st.integers(0, 4)):
        argv.insert(draw(st.integers(0, len(argv))), draw(VALUE))
    return argv


@pytest.fixture
def mpm(demo_template: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Any]:
    """Runs one command line on a fresh copy of the demo; checks the properties."""
    from mpm_tui.cli import present, session

    monkeypatch.setattr(session, "_open_tui", lambda *args: 0)
    monkeypatch.setattr(present, "open_presenter", lambda *args: 0)
    monkeypatch.chdir(tmp_path)  # files a command writes (export -o, backup) land here
    counter = itertools.count()

    def attempt(argv: list[str]) -> int:
        db = tmp_path / f"w{next(counter)}.db"
        shutil.copyfile(demo_template, db)
        before = file_dump(db)
        out, err = io.StringIO(), io.StringIO()
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            try:
                code = main(["--db", str(db), "--user", "maya", *argv])
            except SystemExit as exit_:  # --help, --version: argparse's own exit
                code = exit_.code if isinstance(exit_.code, int) else 0
        message = err.getvalue()
        assert "Traceback" not in message and "internal error" not in message, (argv, message)
        if code != 0:
            assert code in (1, 2), (argv, code, message)
            assert message.count("\n") == 1 and message.startswith("mpm"), (argv, message)
            assert file_dump(db) == before, f"{argv} was refused but wrote: {message}"
        return code

    yield attempt


# The fixture is set up once per test; each example works on its own copy.
@settings(max_examples=200, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(argv=command_lines())
@example(argv=["task", "show", "99999999999999999999999"])  # ids past 64 bits crashed (fixed)
@example(argv=["risk", "list", "99999999999999999999999"])  # so did project "names" like it
@example(argv=["project", "status", "²", "active"])  # and digits int() cannot read
@example(argv=["log", "--limit", "²"])
@example(argv=["info", "two\nlines"])  # an unknown argument's newline split the message
@example(argv=["kpi", "set", "Aurora Launch", "Deals won", "--target", "1e308"])  # the funnel
def test_any_command_line_answers_without_a_traceback_or_a_partial_write(
    argv: list[str], mpm: Any
) -> None:
    mpm(argv)


def test_the_command_lines_follow_the_parser() -> None:
    """A new subcommand or option is fuzzed too, with no list to update."""
    assert {("task", "move"), ("board",), ("retro", "complete"), ()} <= COMMANDS.keys()
    options = {s for parser in COMMANDS.values() for a in parser._actions for s in a.option_strings}
    assert {"--read-only", "--user", "--position", "--per-person"} <= options
