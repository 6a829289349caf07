"""How the project detail words its numbers: KPI and budget rows, the overview, inputs.

User text goes into `Text`/`Content` as plain text, never as markup.
"""

from __future__ import annotations

from datetime import date

from rich.text import Text
from textual.content import Content

from mpm_tui.schemas.goals import BudgetView, KpiEntryView, KpiView, ProjectDetail
from mpm_tui.screens import short_date
from mpm_tui.services import goals

SPARKS = "▁▂▃▄▅▆▇█"
TREND_POINTS = 12


number = goals.format_amount
"""`50,000`, `2.5`, `—` for nothing: as the CLI prints amounts."""


attained = goals.format_share
"""Attainment or burn in whole percent, as the CLI prints it."""


def parse_number(text: str) -> float:
    """`1,234`, `1234.5`, ` 80 ` → a number (the CLI's rule); anything else:
    ValueError with a clear message."""
    value = goals.parse_number(text)
    if value is None:
        raise ValueError(f"{text.strip()!r} is not a number")
    return value


def parse_rate(text: str) -> float:
    """`30%` or `0.3` → 0.3 (the service refuses 0 and above 100 %)."""
    raw = text.strip()
    if raw.endswith("%"):
        return parse_number(raw[:-1]) / 100
    value = parse_number(raw)
    return value / 100 if value > 1 else value


def sparkline(entries: tuple[KpiEntryView, ...]) -> str:
    """The last dated actuals as bars, oldest first."""
    values = [entry.value for entry in entries[-TREND_POINTS:]]
    if not values:
        return ""
    top = max(values) or 1
    return "".join(SPARKS[min(len(SPARKS) - 1, int(v / top * (len(SPARKS) - 1)))] for v in values)


def attainment_text(fraction: float | None) -> Text:
    """`✓ 108%` met, `✗ 85%` missed (yellow when close, red below 80 %), `—` unmeasured."""
    if fraction is None:
        return Text("—", style="dim", justify="right")
    if fraction >= 1:
        return Text(f"✓ {attained(fraction)}", style="bold green", justify="right")
    style = "bold red" if fraction < 0.8 else "yellow"
    return Text(f"✗ {attained(fraction)}", style=style, justify="right")


def kpi_row(kpi: KpiView) -> tuple[Text, ...]:
    """KPI (indented up the funnel, ★ for the KGI), conversion, target, actual, attained, trend."""
    mark = "★ " if kpi.is_kgi else "  " * kpi.depth + ("↑ " if kpi.parent else "")
    name = Text(mark + kpi.name + (f" ({kpi.unit})" if kpi.unit else ""))
    if kpi.is_kgi:
        name.stylize("bold")
    converts = Text(
        f"{kpi.rate * 100:g}% → {kpi.parent}" if kpi.rate is not None and kpi.parent else "",
        style="dim",
    )
    state = attainment_text(kpi.attainment)
    return (
        name,
        converts,
        Text(number(kpi.target), justify="right"),
        Text(number(kpi.actual), justify="right"),
        state,
        Text(sparkline(kpi.entries), style="cyan"),
    )


def budget_row(line: BudgetView) -> tuple[Text, ...]:
    """Channel, planned, spent, left (⚠ overspent), burn as a bar and a percentage."""
    left = line.remainder
    left_text = Text(number(left), justify="right")
    if left < 0:
        left_text = Text(f"⚠ {number(left)}", style="bold red", justify="right")
    burn = line.burn
    if burn is None:
        burn_text = Text("—", style="dim")
    else:
        filled = min(10, round(burn * 10))
        bar = "█" * filled + "░" * (10 - filled)
        burn_text = Text(f"{bar} {attained(burn)}", style="red" if burn > 1 else "")
    return (
        Text(line.channel),
        Text(number(line.planned), justify="right"),
        Text(number(line.spent), justify="right"),
        left_text,
        burn_text,
        Text(line.note, style="dim"),
    )


def overview(detail: ProjectDetail, today: date) -> Content:
    """Objective, market, channels, dates, owner, status, progress and the retrospective."""
    project = detail.project
    dates = "no dates"
    if project.start or project.end:
        start = short_date(project.start, today) if project.start else "?"
        end = short_date(project.end, today) if project.end else "?"
        dates = f"{start} → {end}"
    retro = "not started — R writes it (a project closes only with a complete one)"
    finals = [r for r in detail.retros if r.kind == "final"]
    if finals:
        state = finals[0].status.value
        retro = f"{state} — R opens it" if state != "complete" else "✓ complete — R opens it"
    rows: list[tuple[str, str]] = [
        ("Objective", project.objective or "—"),
        ("Target market", project.target_market or "—"),
        ("Channels", ", ".join(project.channels) or "—"),
        ("Type", project.kind or "—"),
        ("Dates", dates),
        ("Owner", project.owner or "—"),
        ("Status", project.status.value.replace("_", " ")),
        ("Priority", f"impact {project.impact} × effort {project.effort}"),
        ("Tasks", f"{detail.tasks_done} done, {detail.tasks_open} open"),
        ("Retrospective", retro),
    ]
    parts: list[str | tuple[str, str]] = []
    for label, value in rows:
        parts += [(f"{label:<15}", "bold"), value, "\n"]
    if project.description:
        parts += ["\n", project.description]
    return Content.assemble(*parts)
