"""The command-line contract: one parser for people, scripts and tests."""

from __future__ import annotations

import argparse

from mpm_tui import __version__
from mpm_tui.cli.admin import board_admin_commands, column_admin_commands, member_admin_commands
from mpm_tui.cli.arguments import Parser, UsageError, format_option, whole_number
from mpm_tui.cli.backup import backup_commands
from mpm_tui.cli.parser_planning import (
    budget_commands,
    kpi_commands,
    matrix_commands,
    project_new,
    project_set,
    retro_commands,
    risk_commands,
    scope_commands,
    template_commands,
)

SCREENS = ("board", "timeline", "workload", "retro", "dashboard")


def _common(parser: argparse.ArgumentParser, *, top: bool) -> None:
    default = None if top else argparse.SUPPRESS
    parser.add_argument(
        "--db",
        metavar="PATH|URL",
        default=default,
        help="workspace database: a file path, sqlite:///PATH or postgresql://… "
        "(default: the config file's `db`, else workspace.db in the user data dir)",
    )
    parser.add_argument(
        "--user",
        metavar="NAME",
        default=default,
        help="act as this member (default: the member whose handle is your OS login)",
    )
    parser.add_argument(
        "--read-only",
        action="store_true",
        default=False if top else argparse.SUPPRESS,
        help="look, never change: every write is refused for this session",
    )


def build_parser() -> Parser:
    parser = Parser(
        prog="mpm",
        description="Marketing project management in the terminal. Without a command, "
        "opens the board.",
    )
    _common(parser, top=True)
    parser.add_argument(
        "--demo", action="store_true", help="open a fresh demo workspace in a temporary file"
    )
    parser.add_argument("--version", action="version", version=f"mpm {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=Parser)

    common = Parser(add_help=False)
    _common(common, top=False)

    for screen in SCREENS[1:]:
        if screen != "retro":  # `mpm retro` also has actions: `retro_commands`
            commands.add_parser(screen, parents=[common], help=f"open mpm on the {screen} screen")
    retro_commands(commands, common)
    _present_commands(commands, common)

    commands.add_parser(
        "demo",
        parents=[common],
        help="write the demo workspace into --db FILE (which must be empty)",
    )
    commands.add_parser("info", parents=[common], help="show the workspace, database and user")

    export = commands.add_parser(
        "export", parents=[common], help="write the whole workspace as one TOML document"
    )
    export.add_argument("-o", "--output", metavar="PATH", help="file to write (default: stdout)")
    imp = commands.add_parser(
        "import", parents=[common], help="load a TOML workspace document into an empty workspace"
    )
    imp.add_argument("path", metavar="PATH", help="the document, as written by `mpm export`")

    _board_commands(commands, common)
    _task_commands(commands, common)
    _project_commands(commands, common)
    _member_commands(commands, common)
    _schedule_commands(commands, common)
    _holiday_commands(commands, common)
    _report_commands(commands, common)
    _timeoff_commands(commands, common)
    _setting_commands(commands, common)
    kpi_commands(commands, common)
    budget_commands(commands, common)
    template_commands(commands, common)
    risk_commands(commands, common)
    scope_commands(commands, common)
    matrix_commands(commands, common)
    backup_commands(commands, common)
    _log_commands(commands, common)
    return parser


def _present_commands(commands: argparse._SubParsersAction, common: Parser) -> None:
    from mpm_tui.cli.present import interval_seconds

    present = commands.add_parser(
        "present",
        parents=[common],
        help="presenter mode for the weekly sync: board → timeline → workload → dashboard",
    )
    present.add_argument(
        "--interval",
        type=interval_seconds,
        metavar="SECONDS",
        help="move to the next screen by itself every SECONDS (p pauses; default: by hand)",
    )


def _task_commands(commands: argparse._SubParsersAction, common: Parser) -> None:
    task = commands.add_parser("task", parents=[common], help="list, add and move tasks")
    sub = task.add_subparsers(dest="action", metavar="ACTION", required=True, parser_class=Parser)
    listing = sub.add_parser("list", parents=[common], help="list open tasks")
    listing.add_argument("--board", help="only this board")
    listing.add_argument("--column", help="only this column (of --board, or the first board)")
    listing.add_argument("--owner", help="only tasks owned by this member")
    listing.add_argument("--project", help="only tasks of this project")
    format_option(listing)
    add = sub.add_parser("add", parents=[common], help="add a task")
    add.add_argument("title", metavar="TITLE")
    add.add_argument("--project", required=True, help="project name")
    add.add_argument("--board", help="board name (default: the first board)")
    add.add_argument("--column", help="column name (default: the board's first column)")
    add.add_argument(
        "--position", type=whole_number, help="slot in the column, 0 = top (default: end)"
    )
    add.add_argument("--owner", help="member who owns it")
    add.add_argument("--reviewer", help="member who signs it off")
    add.add_argument("--estimate", type=float, metavar="DAYS", help="estimate in working days")
    add.add_argument("--start", help="start date: 2026-12-01, +3d, fri, today …")
    add.add_argument("--due", help="due date: 2026-12-01, +3d, fri, today …")
    add.add_argument("--priority", choices=("low", "normal", "high", "urgent"))
    add.add_argument("--channel", help="channel tag, e.g. email")
    add.add_argument("--description", default="")
    format_option(add)
    move = sub.add_parser(
        "move", parents=[common], help="move a task to a column of its board (WIP limits apply)"
    )
    move.add_argument("id", type=whole_number, metavar="ID")
    move.add_argument("column", metavar="COLUMN")
    move.add_argument(
        "--position", type=whole_number, help="slot in the column, 0 = top (default: end)"
    )
    move.add_argument(
        "--reviewer", help="member who signs it off (needed to move into a review column)"
    )
    show = sub.add_parser("show", parents=[common], help="show one task")
    show.add_argument("id", type=whole_number, metavar="ID")
    format_option(show)


def _project_commands(commands: argparse._SubParsersAction, common: Parser) -> None:
    project = commands.add_parser("project", parents=[common], help="list, add and close projects")
    sub = project.add_subparsers(
        dest="action", metavar="ACTION", required=True, parser_class=Parser
    )
    format_option(sub.add_parser("list", parents=[common], help="list projects"))
    add = sub.add_parser("add", parents=[common], help="add a project")
    add.add_argument("name", metavar="NAME")
    add.add_argument("--owner")
    add.add_argument("--start", help="start date")
    add.add_argument("--end", help="end date")
    add.add_argument("--channels", help="comma-separated, e.g. email,social")
    add.add_argument("--status", choices=("planning", "active", "on_hold"), default="planning")
    add.add_argument("--description", default="")
    project_new(sub, common)
    status = sub.add_parser("status", parents=[common], help="change a project's status")
    status.add_argument("name", metavar="NAME")
    status.add_argument("status", choices=("planning", "active", "on_hold", "done", "cancelled"))
    close = sub.add_parser(
        "close", parents=[common], help="mark a project done (needs a complete retrospective)"
    )
    close.add_argument("name", metavar="NAME")
    project_set(sub, common)


def _member_commands(commands: argparse._SubParsersAction, common: Parser) -> None:
    member = commands.add_parser("member", parents=[common], help="list and add members")
    sub = member.add_subparsers(dest="action", metavar="ACTION", required=True, parser_class=Parser)
    format_option(sub.add_parser("list", parents=[common], help="list members"))
    add = sub.add_parser("add", parents=[common], help="add a member (admins)")
    add.add_argument("name", metavar="NAME")
    add.add_argument("--handle", help="OS login that maps to this member")
    add.add_argument("--role", choices=("viewer", "editor", "admin"), default="editor")
    add.add_argument(
        "--capacity",
        type=float,
        default=5.0,
        metavar="DAYS",
        help="working days per week (default 5)",
    )
    add.add_argument("--external", action="store_true", help="agency or vendor")
    add.add_argument("--org", help="organisation of an external member")
    member_admin_commands(sub, common)


def _board_commands(commands: argparse._SubParsersAction, common: Parser) -> None:
    """`mpm board` opens the board; `mpm board list|add` manage boards."""
    board = commands.add_parser(
        "board",
        parents=[common],
        help="open the board screen, or `board list|add` to manage boards",
    )
    sub = board.add_subparsers(dest="action", metavar="ACTION", required=False, parser_class=Parser)
    format_option(sub.add_parser("list", parents=[common], help="list boards"))
    add = sub.add_parser("add", parents=[common], help="add a board (admins)")
    add.add_argument("name", metavar="NAME")
    add.add_argument(
        "--columns",
        default="To Do,In Progress,Review,Done",
        help="comma-separated column names; the last is the done column "
        "(default: To Do,In Progress,Review,Done)",
    )
    board_admin_commands(sub, common)
    column = commands.add_parser("column", parents=[common], help="manage board columns")
    sub = column.add_subparsers(dest="action", metavar="ACTION", required=True, parser_class=Parser)
    limit = sub.add_parser("set-limit", parents=[common], help="set or clear a WIP limit (admins)")
    limit.add_argument("board", metavar="BOARD")
    limit.add_argument("column", metavar="COLUMN")
    limit.add_argument("limit", metavar="N|none")
    limit.add_argument(
        "--per-person",
        action="store_true",
        help="limit the cards one owner holds in the column instead of the column total",
    )
    column_admin_commands(sub, common)


def _schedule_commands(commands: argparse._SubParsersAction, common: Parser) -> None:
    schedule = commands.add_parser(
        "schedule",
        parents=[common],
        help="a project's critical path: dates, slack, projected end and risks",
    )
    schedule.add_argument("project", metavar="PROJECT", help="project name")
    format_option(schedule)


def _holiday_commands(commands: argparse._SubParsersAction, common: Parser) -> None:
    holiday = commands.add_parser(
        "holiday", parents=[common], help="list, add and remove workspace holidays"
    )
    sub = holiday.add_subparsers(
        dest="action", metavar="ACTION", required=True, parser_class=Parser
    )
    format_option(sub.add_parser("list", parents=[common], help="list holidays"))
    add = sub.add_parser("add", parents=[common], help="make a day a holiday (admins)")
    add.add_argument("date", metavar="DATE", help="2026-12-24, +3d, fri, today …")
    add.add_argument("name", metavar="NAME", nargs="?", default="", help="e.g. Christmas Eve")
    remove = sub.add_parser(
        "remove", parents=[common], help="make a holiday a working day again (admins)"
    )
    remove.add_argument("date", metavar="DATE", help="2026-12-24, +3d, fri, today …")


def _weeks(text: str) -> int:
    """--weeks: a whole number of weeks from 1 to 52."""
    try:
        weeks = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number of weeks") from None
    if not 1 <= weeks <= 52:
        raise argparse.ArgumentTypeError(f"{weeks} is outside 1–52")
    return weeks


def _report_commands(commands: argparse._SubParsersAction, common: Parser) -> None:
    report = commands.add_parser(
        "report", parents=[common], help="print a report for a quick look or an email"
    )
    sub = report.add_subparsers(dest="action", metavar="REPORT", required=True, parser_class=Parser)
    workload = sub.add_parser(
        "workload",
        parents=[common],
        help="each member's assigned days against capacity, week by week",
    )
    workload.add_argument(
        "--weeks", type=_weeks, default=8, metavar="N", help="how many weeks, 1–52 (default 8)"
    )
    workload.add_argument(
        "--from",
        dest="first",
        metavar="DATE",
        help="a day of the first week: 2026-12-01, +3d, mon, today … (default: today)",
    )
    workload.add_argument("--project", help="only work of this project")
    workload.add_argument("--board", help="only work on this board")
    workload.add_argument(
        "--team",
        choices=("all", "internal", "external"),
        default="all",
        help="which members (default: all, with unassigned work)",
    )
    workload.add_argument(
        "--format",
        choices=("table", "csv", "md", "json"),
        default="table",
        help="output format: table, csv, md (Markdown) or json (default: table)",
    )


def _timeoff_commands(commands: argparse._SubParsersAction, common: Parser) -> None:
    timeoff = commands.add_parser(
        "timeoff", parents=[common], help="list, record and remove members' time off"
    )
    sub = timeoff.add_subparsers(
        dest="action", metavar="ACTION", required=True, parser_class=Parser
    )
    listing = sub.add_parser("list", parents=[common], help="list recorded time off")
    listing.add_argument("--member", metavar="NAME", help="only this member's")
    format_option(listing)
    add = sub.add_parser(
        "add",
        parents=[common],
        help="record time off: it lowers the member's capacity (your own; admins anyone's)",
    )
    add.add_argument("member", metavar="MEMBER", help="name or handle")
    add.add_argument("start", metavar="START", help="first day away: 2026-12-07, +3d, mon …")
    add.add_argument("end", metavar="END", help="last day away (inclusive)")
    add.add_argument("--note", default="", help="e.g. Family holiday")
    remove = sub.add_parser(
        "remove", parents=[common], help="remove recorded time off (your own; admins anyone's)"
    )
    remove.add_argument(
        "id", type=whole_number, metavar="ID", help="as shown by `mpm timeoff list`"
    )


def _setting_commands(commands: argparse._SubParsersAction, common: Parser) -> None:
    setting = commands.add_parser(
        "setting", parents=[common], help="list and change workspace settings"
    )
    sub = setting.add_subparsers(
        dest="action", metavar="ACTION", required=True, parser_class=Parser
    )
    format_option(sub.add_parser("list", parents=[common], help="list settings and their values"))
    change = sub.add_parser("set", parents=[common], help="change a setting (admins)")
    change.add_argument("key", metavar="KEY", help="e.g. workload.collaborator_share")
    change.add_argument("value", metavar="VALUE", help="e.g. 0.25 or 25%%")


def _log_commands(commands: argparse._SubParsersAction, common: Parser) -> None:
    """`mpm log`: the activity log (cli/activity_log.py checks the values)."""
    log = commands.add_parser(
        "log", parents=[common], help="the activity log, newest first: who changed what, when"
    )
    log.add_argument("--task", metavar="ID", help="one card's history (its dependencies too)")
    log.add_argument(
        "--entity", metavar="KIND", help="one kind of record: task, project, kpi, risk, member …"
    )
    log.add_argument("--since", metavar="DATE", help="from this day on: 2026-11-16, -7d, mon …")
    log.add_argument("--limit", default="100", metavar="N", help="the newest N (default 100)")
    format_option(log)


__all__ = ["SCREENS", "Parser", "UsageError", "build_parser", "format_option"]
