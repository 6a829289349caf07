"""The planning commands: retrospectives, KPIs, budgets, templates, scope changes,
risks and the priority matrix (split from `parser` to keep each module small)."""

from __future__ import annotations

import argparse

from mpm_tui.cli.arguments import Parser, format_option, whole_number


def retro_commands(commands: argparse._SubParsersAction, common: Parser) -> None:
    """`mpm retro` opens the retrospective editor; `mpm retro export|list|complete`."""
    retro = commands.add_parser(
        "retro",
        parents=[common],
        help="open the retrospective screen, or `retro export|list|complete`",
    )
    sub = retro.add_subparsers(dest="action", metavar="ACTION", required=False, parser_class=Parser)
    export = sub.add_parser(
        "export", parents=[common], help="write a project's retrospective as Markdown"
    )
    export.add_argument("project", metavar="PROJECT", help="project name")
    _retro_kind(export)
    export.add_argument(
        "--format", choices=("md",), default="md", help="output format: md (Markdown, the default)"
    )
    export.add_argument("-o", "--output", metavar="FILE", help="file to write (default: stdout)")
    listing = sub.add_parser(
        "list",
        parents=[common],
        help="the library: past retrospectives, searched and filtered, newest first",
    )
    listing.add_argument(
        "--search", metavar="TEXT", help="only those with an item or KPI note containing TEXT"
    )
    listing.add_argument("--channel", metavar="C", help="only projects with this channel")
    listing.add_argument("--kind", metavar="TYPE", help="only projects of this type, e.g. webinar")
    format_option(listing)
    complete = sub.add_parser(
        "complete",
        parents=[common],
        help="mark a project's retrospective complete (each section needs an item)",
    )
    complete.add_argument("project", metavar="PROJECT", help="project name")
    _retro_kind(complete)


def _retro_kind(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--kind",
        choices=("final", "midpoint"),
        default="final",
        help="the final retrospective (default) or the newest mid-point one",
    )


def kpi_commands(commands: argparse._SubParsersAction, common: Parser) -> None:
    kpi = commands.add_parser(
        "kpi", parents=[common], help="a project's KPI funnel: list it, set targets, import actuals"
    )
    sub = kpi.add_subparsers(dest="action", metavar="ACTION", required=True, parser_class=Parser)
    listing = sub.add_parser(
        "list", parents=[common], help="the funnel from the KGI up: target, actual, attainment"
    )
    listing.add_argument("project", metavar="PROJECT")
    format_option(listing)
    imp = sub.add_parser(
        "import",
        parents=[common],
        help="load dated actuals from a CSV file with the columns date,kpi,value (all or nothing)",
    )
    imp.add_argument("project", metavar="PROJECT")
    imp.add_argument("path", metavar="FILE.csv", help="e.g. an analytics or CRM export")
    change = sub.add_parser(
        "set",
        parents=[common],
        help="set the KGI's target, a stage's conversion rate or an actual; "
        "the stages above are worked out again",
    )
    change.add_argument("project", metavar="PROJECT")
    change.add_argument("kpi", metavar="KPI", help="the KPI's name")
    change.add_argument(
        "--target", metavar="N|none", help="target of the KGI or of a KPI outside a funnel"
    )
    change.add_argument(
        "--rate", metavar="R|R%%", help="conversion rate into the next stage: 0.3 or 30%%"
    )
    change.add_argument("--actual", metavar="N|none", help="the actual so far")


def budget_commands(commands: argparse._SubParsersAction, common: Parser) -> None:
    budget = commands.add_parser(
        "budget", parents=[common], help="a project's budget per channel: planned vs spent"
    )
    sub = budget.add_subparsers(dest="action", metavar="ACTION", required=True, parser_class=Parser)
    listing = sub.add_parser(
        "list", parents=[common], help="planned, spent, remainder and burn per channel"
    )
    listing.add_argument("project", metavar="PROJECT")
    format_option(listing)
    change = sub.add_parser(
        "set", parents=[common], help="plan a channel's budget or record what it spent"
    )
    change.add_argument("project", metavar="PROJECT")
    change.add_argument("channel", metavar="CHANNEL", help="e.g. email")
    change.add_argument("--planned", metavar="N", help="the budget planned for the channel")
    change.add_argument("--spent", metavar="N", help="what the channel has spent so far")
    change.add_argument("--note", metavar="TEXT", help="a note on the line")


def project_new(sub: argparse._SubParsersAction, common: Parser) -> None:
    new = sub.add_parser(
        "new",
        parents=[common],
        help="create a project from a template, laid out over working days from its launch",
    )
    new.add_argument("name", metavar="NAME")
    new.add_argument(
        "--template", required=True, metavar="T", help="template name (see `mpm template list`)"
    )
    new.add_argument(
        "--launch", required=True, metavar="DATE", help="launch day, a working day: 2026-12-01 …"
    )
    new.add_argument(
        "--assign",
        action="append",
        default=[],
        metavar="ROLE=MEMBER",
        help="who plays a role (writer, reviewer, editor, designer, web, social, owner); "
        "repeat for each role; a role left out leaves its tasks unassigned",
    )
    new.add_argument("--board", help="board whose first column gets the tasks (default: the first)")


def template_commands(commands: argparse._SubParsersAction, common: Parser) -> None:
    template = commands.add_parser(
        "template", parents=[common], help="project templates: list, show, save a project as one"
    )
    sub = template.add_subparsers(
        dest="action", metavar="ACTION", required=True, parser_class=Parser
    )
    format_option(
        sub.add_parser(
            "list", parents=[common], help="built-in and your own templates, with task counts"
        )
    )
    show = sub.add_parser(
        "show", parents=[common], help="a template's tasks, milestones and suggested KPIs"
    )
    show.add_argument("name", metavar="NAME")
    format_option(show)
    save = sub.add_parser(
        "save",
        parents=[common],
        help="write a project as a template file in your templates folder",
    )
    save.add_argument("project", metavar="PROJECT")
    save.add_argument("name", metavar="NAME", help="the template's name (and file name)")
    save.add_argument(
        "--overwrite", action="store_true", help="replace a template file of that name"
    )


def scope_commands(commands: argparse._SubParsersAction, common: Parser) -> None:
    scope = commands.add_parser(
        "scope",
        parents=[common],
        help="a project's scope changes: list, request, accept with a trade-off, reject",
    )
    sub = scope.add_subparsers(dest="action", metavar="ACTION", required=True, parser_class=Parser)
    listing = sub.add_parser(
        "list", parents=[common], help="every change of a project with its decision"
    )
    listing.add_argument("project", metavar="PROJECT")
    format_option(listing)
    request = sub.add_parser("request", parents=[common], help="record a change request")
    request.add_argument("project", metavar="PROJECT")
    request.add_argument("description", metavar="WHAT", help="what is added")
    request.add_argument("--by", metavar="NAME", help="who asked (default: you)")
    request.add_argument(
        "--on", metavar="DATE", help="when: 2026-11-20, yesterday, mon … (default: today)"
    )
    accept = sub.add_parser(
        "accept",
        parents=[common],
        help="accept a proposed change with exactly one trade-off, applied at once",
    )
    accept.add_argument("id", type=whole_number, metavar="ID", help="as shown by `mpm scope list`")
    tradeoff = accept.add_mutually_exclusive_group()
    tradeoff.add_argument(
        "--extend", type=whole_number, metavar="N", help="move the end date N working days later"
    )
    tradeoff.add_argument(
        "--cut",
        action="append",
        default=[],
        metavar="TASK",
        help="cancel an open task of the project (id or title); repeat for each",
    )
    tradeoff.add_argument(
        "--budget", metavar="CHANNEL=AMOUNT", help="add AMOUNT to the channel's planned budget"
    )
    accept.add_argument(
        "--approver", metavar="NAME", help="the project owner or an admin (default: you)"
    )
    reject = sub.add_parser("reject", parents=[common], help="reject a proposed change")
    reject.add_argument("id", type=whole_number, metavar="ID")
    reject.add_argument(
        "--approver", metavar="NAME", help="the project owner or an admin (default: you)"
    )
    reject.add_argument("--reason", metavar="TEXT", help="why, for the log")


def matrix_commands(commands: argparse._SubParsersAction, common: Parser) -> None:
    matrix = commands.add_parser(
        "matrix",
        parents=[common],
        help="print the priority matrix: the projects in play by impact × effort",
    )
    matrix.add_argument(
        "--format",
        choices=("table", "md", "json"),
        default="table",
        help="output format: table, md (Markdown) or json (default: table)",
    )


def project_set(sub: argparse._SubParsersAction, common: Parser) -> None:
    change = sub.add_parser(
        "set", parents=[common], help="score a project's impact and effort (the priority matrix)"
    )
    change.add_argument("name", metavar="NAME")
    change.add_argument("--impact", metavar="N", help="how much it matters, 1–5")
    change.add_argument("--effort", metavar="N", help="how much it costs, 1–5")


def risk_commands(commands: argparse._SubParsersAction, common: Parser) -> None:
    risk = commands.add_parser(
        "risk",
        parents=[common],
        help="the risk register: probability × impact, response, owner, status",
    )
    sub = risk.add_subparsers(dest="action", metavar="ACTION", required=True, parser_class=Parser)
    listing = sub.add_parser(
        "list",
        parents=[common],
        help="one project's risks, or every project's, open first by score (probability × impact)",
    )
    listing.add_argument("project", metavar="PROJECT", nargs="?", help="default: all projects")
    listing.add_argument("--open", action="store_true", help="only the open risks")
    listing.add_argument(
        "--format",
        choices=("table", "csv", "md", "json"),
        default="table",
        help="output format: table, csv, md (Markdown) or json (default: table)",
    )
    add = sub.add_parser("add", parents=[common], help="record a risk of a project")
    add.add_argument("project", metavar="PROJECT")
    add.add_argument("description", metavar="DESCRIPTION", help="what could go wrong")
    for name, default in (("probability", "how likely, 1–5"), ("impact", "how harmful, 1–5")):
        add.add_argument(f"--{name}", required=True, metavar="N", help=default)
    add.add_argument("--response", metavar="TEXT", help="what we do about it")
    add.add_argument("--owner", metavar="MEMBER", help="who watches it (name or handle)")
    change = sub.add_parser(
        "set", parents=[common], help="change a risk's fields (see `risk list`)"
    )
    change.add_argument("id", type=whole_number, metavar="ID")
    change.add_argument("--description", metavar="TEXT")
    change.add_argument("--probability", metavar="N", help="1–5")
    change.add_argument("--impact", metavar="N", help="1–5")
    change.add_argument("--response", metavar="TEXT", help="empty clears it")
    change.add_argument("--owner", metavar="MEMBER", help="name or handle; none clears it")
    change.add_argument("--status", metavar="STATUS", help="open, occurred, mitigated or closed")
    remove = sub.add_parser("remove", parents=[common], help="delete a risk from the register")
    remove.add_argument("id", type=whole_number, metavar="ID")
