"""`mpm report …`: the numbers of a screen, printed for a quick look or a weekly email.

`mpm report workload` prints what the workload screen shows, from the same
`load_workload`: members down (internal, then external), weeks across, each
cell `assigned/capacity` and its band symbol. Formats: an aligned table,
GitHub Markdown, CSV (one row per member and week) and JSON.

Unassigned work has no capacity: its cells give the days alone, and its
capacity, utilisation and band are left empty (null in JSON). The `Total`
row adds up the rows shown, so it matches them under a `--team` filter too.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
from collections.abc import Callable, Sequence
from datetime import date, timedelta
from typing import Any

from mpm_tui.logic.workload import (
    BAND_LEGEND,
    Cell,
    Person,
    Who,
    cell_text,
    format_days,
    percent,
)
from mpm_tui.schemas.workload import Team, Wip, WorkloadFilter, WorkloadView
from mpm_tui.services.context import ServiceContext

UNASSIGNED = "Unassigned"
LEGEND = f"Legend: {BAND_LEGEND}"
WIP_LEGEND = "WIP: cards in progress now, ● at a per-person limit, ▲ over one"
CSV_HEADERS = (
    "member",
    "team",
    "organisation",
    "week",
    "assigned",
    "capacity",
    "utilisation",
    "band",
    "tasks",
    "wip",
    "unscheduled",
)


def cmd_report_workload(ctx: ServiceContext, args: argparse.Namespace) -> int:
    """Print the workload of `--weeks` weeks from the week holding `--from`."""
    from mpm_tui.cli.commands import _date  # commands imports this module for HANDLERS
    from mpm_tui.services.workload import load_workload

    first = date.fromisoformat(_date(args.first, "from", ctx) or ctx.today().isoformat())
    where = WorkloadFilter(args.project, args.board, Team(args.team))
    view = load_workload(first, args.weeks, where)
    render = {
        "table": workload_table,
        "md": workload_markdown,
        "csv": workload_csv,
        "json": workload_json,
    }[args.format]
    text = render(view)
    print(text, end="" if text.endswith("\n") else "\n")
    return 0


# --- the numbers, row by row ----------------------------------------------------


def week_label(monday: date) -> str:
    """`Nov 23`: a week's column header."""
    return f"{monday:%b} {monday.day}"


def heading(view: WorkloadView) -> str:
    """`Workload, 8 weeks: 2026-11-23 – 2027-01-15 · all work`."""
    weeks = view.weeks
    count = len(weeks)
    text = f"Workload, {count} week{'s' if count != 1 else ''}"
    if weeks:
        text += f": {weeks[0]} – {weeks[-1] + timedelta(days=4)}"
    text += f" · {view.filter.describe()}"
    if view.share > 0:
        text += f" · collaborators carry {view.share * 100:g}% of a task"
    return text


def row_name(view: WorkloadView, who: Who) -> str:
    """A member's name, `· organisation` for an external one; `Unassigned` for None."""
    if who is None:
        return UNASSIGNED
    person = _person(view, who)
    if person.external:
        return f"{person.name} · {person.organisation or 'external'}"
    return person.name


def total_cell(view: WorkloadView, week: int) -> Cell:
    """The rows shown in one week, added up (tasks: distinct tasks)."""
    loads = [load for who in view.rows() for load in view.workload.tasks_in(who, week)]
    capacity = sum(view.workload.cell(who, week).capacity for who in view.rows() if who is not None)
    return Cell(sum(load.days for load in loads), capacity, len({load.task for load in loads}))


def _person(view: WorkloadView, who: int) -> Person:
    return next(p for p in view.people if p.id == who)


def _wip(view: WorkloadView, who: Who) -> Wip | None:
    return None if who is None else view.wip.get(who, Wip())


def _mark(cell: Cell, who: Who) -> str:
    """`4.5/5 ◐`; unassigned work (no capacity) as its days alone, blank when none."""
    if who is None:
        return _blank_if_none(cell.assigned)
    return f"{cell_text(cell)} {cell.band.symbol}"


def _blank_if_none(days: float) -> str:
    """Days, blank when none (a table reads better without zeros)."""
    return format_days(days) if days > 1e-9 else ""


def _rows(view: WorkloadView) -> tuple[list[str], list[list[str]]]:
    """Headers and cells shared by the table and the Markdown."""
    count = len(view.weeks)
    headers = ["Member", "WIP", *(week_label(w) for w in view.weeks), "Total", "Unscheduled"]
    rows = []
    for who in view.rows():
        wip = _wip(view, who)
        total = view.workload.person_total(who)
        rows.append(
            [
                row_name(view, who),
                "" if wip is None else f"{wip.count} {wip.flag}".rstrip(),
                *(_mark(view.workload.cell(who, week), who) for week in range(count)),
                format_days(total.assigned) if who is None else cell_text(total),
                _blank_if_none(view.workload.unscheduled_days(who)),
            ]
        )
    totals = [total_cell(view, week) for week in range(count)]
    held = sum(wip.count for who in view.rows() if (wip := _wip(view, who)) is not None)
    grand = Cell(sum(c.assigned for c in totals), sum(c.capacity for c in totals), 0)
    rows.append(
        [
            "Total",
            str(held),
            *(f"{cell_text(cell)} {cell.band.symbol}" for cell in totals),
            cell_text(grand),
            _blank_if_none(sum(view.workload.unscheduled_days(who) for who in view.rows())),
        ]
    )
    return headers, rows


# --- formats ----------------------------------------------------------------------


def _aligned(headers: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    """The first column left-aligned, the numbers right-aligned (symbols line up)."""
    sizes = [max([len(h), *(len(r[i]) for r in rows)]) for i, h in enumerate(headers)]

    def line(cells: Sequence[str]) -> str:
        first, *rest = cells
        parts = [first.ljust(sizes[0]), *(c.rjust(s) for c, s in zip(rest, sizes[1:], strict=True))]
        return "  ".join(parts).rstrip()

    return "\n".join([line(headers), "  ".join("-" * s for s in sizes), *map(line, rows)])


def workload_table(view: WorkloadView) -> str:
    """Plain aligned text: a heading, the table and the legend."""
    headers, rows = _rows(view)
    return "\n".join([heading(view), "", _aligned(headers, rows), "", LEGEND, WIP_LEGEND])


def _md(text: str) -> str:
    return text.replace("\\", "\\\\").replace("|", "\\|")


def workload_markdown(view: WorkloadView) -> str:
    """A GitHub-flavoured Markdown table with a heading and the legend."""
    headers, rows = _rows(view)
    rows[-1][0] = "**Total**"

    def line(cells: Sequence[str]) -> str:
        return "| " + " | ".join(_md(c) for c in cells) + " |"

    rule = "|" + "|".join([" --- ", *(" ---: " for _ in headers[1:])]) + "|"
    return "\n".join(
        [
            f"### {_md(heading(view))}",
            "",
            line(headers),
            rule,
            *map(line, rows),
            "",
            LEGEND + ".  ",
            WIP_LEGEND + ".",
        ]
    )


def workload_csv(view: WorkloadView) -> str:
    """One row per (member, week), the numbers as the screen prints them."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_HEADERS)
    for who in view.rows():
        if who is None:
            member, team, organisation, wip = UNASSIGNED, "", "", ""
        else:
            person = _person(view, who)
            member = person.name
            team = Team.EXTERNAL.value if person.external else Team.INTERNAL.value
            organisation = person.organisation or ""
            wip = str(view.wip.get(who, Wip()).count)
        unscheduled = format_days(view.workload.unscheduled_days(who))
        for week, monday in enumerate(view.weeks):
            cell = view.workload.cell(who, week)
            measured = (
                ("", "", "")
                if who is None
                else (format_days(cell.capacity), percent(cell), cell.band.value)
            )
            writer.writerow(
                [
                    member,
                    team,
                    organisation,
                    monday.isoformat(),
                    format_days(cell.assigned),
                    *measured,
                    cell.tasks,
                    wip,
                    unscheduled,
                ]
            )
    return out.getvalue()


def _days(value: float) -> float:
    return round(float(value), 2)


def _week_json(monday: date, cell: Cell, *, measured: bool = True) -> dict[str, Any]:
    use = cell.utilisation if measured else None
    return {
        "week": monday.isoformat(),
        "assigned": _days(cell.assigned),
        "capacity": _days(cell.capacity) if measured else None,
        "utilisation": None if use is None else round(use, 3),
        "band": cell.band.value if measured else None,
        "tasks": cell.tasks,
    }


def workload_document(view: WorkloadView) -> dict[str, Any]:
    """The report as plain data (what `--format json` prints)."""
    weeks = view.weeks
    members = []
    for who in view.rows():
        if who is None:
            continue
        person = _person(view, who)
        wip = view.wip.get(who, Wip())
        total = view.workload.person_total(who)
        members.append(
            {
                "id": who,
                "name": person.name,
                "team": Team.EXTERNAL.value if person.external else Team.INTERNAL.value,
                "organisation": person.organisation,
                "wip": wip.count,
                "wip_flag": wip.flag,
                "unscheduled": _days(view.workload.unscheduled_days(who)),
                "total": {"assigned": _days(total.assigned), "capacity": _days(total.capacity)},
                "weeks": [
                    _week_json(monday, view.workload.cell(who, week))
                    for week, monday in enumerate(weeks)
                ],
            }
        )
    unassigned = None
    if None in view.rows():
        unassigned = {
            "unscheduled": _days(view.workload.unscheduled_days(None)),
            "weeks": [
                _week_json(monday, view.workload.cell(None, week), measured=False)
                for week, monday in enumerate(weeks)
            ],
        }
    return {
        "from": weeks[0].isoformat() if weeks else None,
        "weeks": [monday.isoformat() for monday in weeks],
        "filter": {
            "project": view.filter.project,
            "board": view.filter.board,
            "team": view.filter.team.value,
        },
        "collaborator_share": view.share,
        "members": members,
        "unassigned": unassigned,
        "totals": [_week_json(monday, total_cell(view, week)) for week, monday in enumerate(weeks)],
    }


def workload_json(view: WorkloadView) -> str:
    return json.dumps(workload_document(view), indent=2, ensure_ascii=False)


Handler = Callable[[ServiceContext, argparse.Namespace], int]
HANDLERS: dict[tuple[str, str | None], Handler] = {("report", "workload"): cmd_report_workload}
