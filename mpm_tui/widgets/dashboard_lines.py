"""What the dashboard says: the table's number cells, and each panel's lines,
headings and details.

Every line carries its meaning in a symbol or a word as well as in style; user
text (risk descriptions, task titles, names) goes into `Content` as plain
text, never as markup.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from rich.text import Text
from textual.content import Content
from textual.widgets.option_list import Option

from mpm_tui.logic.portfolio import SPARKS, ScheduleState, sparkline
from mpm_tui.logic.risk import score_text
from mpm_tui.schemas.enums import ProjectStatus
from mpm_tui.schemas.portfolio import (
    ColumnWip,
    CompletedTask,
    Completions,
    Dashboard,
    MemberLoad,
    TaskProgress,
    TopRisk,
)
from mpm_tui.services.goals import format_share

BAR_WIDTH = 8
"""Cells in a progress bar."""

STATUS_LABELS: dict[ProjectStatus, str] = {
    ProjectStatus.PLANNING: "○ planning",
    ProjectStatus.ACTIVE: "● active",
    ProjectStatus.ON_HOLD: "‖ on hold",
    ProjectStatus.DONE: "✓ done",
    ProjectStatus.CANCELLED: "✗ cancelled",
}
"""A symbol and a word per status, so it never rests on colour alone."""

STATE_STYLES: dict[ScheduleState, str] = {
    ScheduleState.LATE: "bold red",
    ScheduleState.AT_RISK: "bold yellow",
    ScheduleState.ON_TRACK: "green",
}
"""Schedule states in colour, beside their symbol and word."""


def short_day(day: date) -> str:
    return f"{day:%b} {day.day}"


# --- the table's number cells ---------------------------------------------------------


def progress_text(progress: TaskProgress) -> Text:
    """`42% ███░░░░░`: estimated days done, as a number and a bar."""
    share = progress.share
    if share is None:
        return Text("—", style="dim")
    filled = min(BAR_WIDTH, int(share * BAR_WIDTH + 1e-9))
    return Text.assemble(
        f"{progress.label:<5}", ("█" * filled, "cyan"), ("░" * (BAR_WIDTH - filled), "dim")
    )


def burn_text(burn: float | None) -> Text:
    """`62%`, `⚠ 104%` over the plan, `—` with nothing planned."""
    if burn is None:
        return Text("—", style="dim", justify="right")
    if burn > 1:
        return Text(f"⚠ {format_share(burn)}", style="bold red", justify="right")
    return Text(format_share(burn), justify="right")


def count_text(count: int, mark: str) -> Text:
    if not count:
        return Text("0", style="dim", justify="right")
    return Text(f"{mark} {count}", style="bold", justify="right")


# --- the panels' lines ----------------------------------------------------------------


def risk_option(risk: TopRisk, *, roomy: bool = False) -> Option:
    """`▲ 20  Pricing is not final … · Aurora Launch`: the score (probability × impact)
    and its band first; with room, the response and the owner on a second line."""
    parts: list[str | tuple[str, str]] = [
        (score_text(risk.score), "bold"),
        f"  {risk.description}",
        (f" · {risk.project}", "dim"),
    ]
    if roomy:
        owner = f" ({risk.owner})" if risk.owner else ""
        parts.append((f"\n      → {risk.response or 'no response yet'}{owner}", "dim"))
    return Option(Content.assemble(*parts), id=f"risk-{risk.id}")


def risks_heading(dashboard: Dashboard) -> Content:
    shown = len(dashboard.risks)
    count = dashboard.open_risks
    of = f"top {shown} of {count} open" if count > shown else f"{count} open"
    return Content.assemble(
        "Top risks", (f"  {of} · probability × impact · ▲ high ◆ medium ○ low", "dim")
    )


def load_option(load: MemberLoad, index: int) -> Option:
    """`▲ Alex Rivera  3/2 days  150%`: the band's symbol, then the numbers."""
    word = "over" if load.symbol == "▲" else "near"
    prompt = Content.assemble(
        (f"{load.symbol} ", "bold"),
        load.name,
        f"  {load.text} days  {load.percent}",
        (f"  {word}", "dim"),
    )
    return Option(prompt, id=f"load-{index}")


def load_heading(dashboard: Dashboard) -> Content:
    week = f"week of {short_day(dashboard.week)}" if dashboard.week else "this week"
    return Content.assemble("At or near capacity", (f"  {week} · ▲ over ◐ near", "dim"))


def wip_option(column: ColumnWip, width: int, index: int) -> Option:
    """`4/4 ●  Marketing › Review`: the count first (padded so the names line up),
    so a narrow panel never cuts it."""
    style = "bold" if column.at_limit or column.over_limit else ""
    prompt = Content.assemble(
        (column.label.ljust(width), style), "  ", f"{column.board} › {column.column}"
    )
    return Option(prompt, id=f"wip-{index}")


def wip_options(columns: Sequence[ColumnWip]) -> list[Option]:
    width = max((len(c.label) for c in columns), default=0)
    return [wip_option(column, width, index) for index, column in enumerate(columns)]


def wip_heading() -> Content:
    return Content.assemble("WIP per column", ("  cards/limit · ● at the limit ▲ over", "dim"))


def completed_option(task: CompletedTask) -> Option:
    """`Nov 19  Book booth space · Spring Trade Show`."""
    prompt = Content.assemble(
        (f"{short_day(task.completed_at.date()):<6}", "dim"),
        f"  {task.title}",
        (f" · {task.project}" if task.project else " · no project", "dim"),
    )
    return Option(prompt, id=f"done-{task.id}")


def completed_heading(completions: Completions) -> Content:
    count = completions.last_7_days
    return Content.assemble(
        "Completed", (f"  {count} task{'' if count == 1 else 's'} in the last 7 days", "dim")
    )


def completed_trend(completions: Completions) -> Content:
    """`▂▄▅▅▆█▇▃  49 in 8 weeks`: a bar per seven days, the last 7 days last."""
    weekly = completions.weekly
    return Content.assemble(
        (sparkline(weekly), "bold"),
        (f"  {sum(weekly)} in {len(weekly)} weeks · a bar a week, the last 7 days last", "dim"),
    )


CHART_HEIGHT = 4


def completed_chart(completions: Completions, height: int = CHART_HEIGHT) -> Content:
    """A bar chart of completions per week, `height` rows high, each bar with its count
    under it (the picture and the numbers: the last bar is the last 7 days)."""
    weekly = completions.weekly
    top = max(weekly, default=0)
    lines: list[str | tuple[str, str]] = []
    for level in range(height, 0, -1):
        cells = []
        for value in weekly:
            eighths = max(1, round(value / top * height * 8)) if value > 0 else 0
            fill = eighths - (level - 1) * 8
            char = "█" if fill >= 8 else SPARKS[fill - 1] if fill > 0 else " "
            cells.append(f" {char * 2}")
        lines.append(("".join(cells), "bold"))
        lines.append("\n")
    lines.append(("".join(f"{value:>3}" for value in weekly), "dim"))
    lines.append(
        (f"\n{sum(weekly)} in {len(weekly)} weeks · a bar a week, the last 7 days last", "dim")
    )
    return Content.assemble(*lines)


# --- the detail line under the table, for a highlighted panel line ------------------


def risk_detail(risk: TopRisk) -> Content:
    owner = f" · owner {risk.owner}" if risk.owner else ""
    response = f" · response: {risk.response}" if risk.response else " · no response yet"
    return Content.assemble(
        (f"{risk.project}: ", "bold"),
        f"{risk.description} (probability {risk.probability} × impact {risk.impact})",
        owner,
        response,
        (" · enter opens its risks", "dim"),
    )


def load_detail(load: MemberLoad) -> Content:
    return Content.assemble(
        (load.name, "bold"),
        f": {load.text} days of work against their capacity this week ({load.percent})",
        (" · enter opens the workload", "dim"),
    )


def wip_detail(column: ColumnWip) -> Content:
    limit = "no WIP limit" if column.limit is None else f"WIP limit {column.limit}"
    state = (
        " · over the limit" if column.over_limit else " · at the limit" if column.at_limit else ""
    )
    return Content.assemble(
        (f"{column.board} › {column.column}", "bold"),
        f": {column.count} card{'' if column.count == 1 else 's'}, {limit}{state}",
        (" · enter opens the board", "dim"),
    )


def completed_detail(task: CompletedTask) -> Content:
    return Content.assemble(
        (f"#{task.id} ", "bold"),
        task.title,
        f" · completed {short_day(task.completed_at.date())} {task.completed_at:%H:%M}",
        f" · {task.project}" if task.project else " · no project",
        (" · enter opens its project" if task.project else "", "dim"),
    )
