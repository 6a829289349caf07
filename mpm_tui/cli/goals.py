"""`mpm kpi …` and `mpm budget …`: a project's goals and money, from the shell.

`mpm kpi list` prints the funnel as the project detail shows it (the KGI, then
each stage that converts into the one before); `mpm kpi set` changes the
KGI's target, a stage's rate (0.3 or 30%) or an actual, and the stages above
are worked out again; `mpm kpi import` loads dated actuals from a CSV export,
all or nothing. `mpm budget list|set` keeps planned against spent per channel.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from mpm_tui.cli import output
from mpm_tui.schemas.goals import BudgetView, KpiView
from mpm_tui.services import goals, kpi_import, planning
from mpm_tui.services.context import ServiceContext
from mpm_tui.services.errors import InvalidInput, NotFound
from mpm_tui.services.lookups import project_named

amount = goals.format_amount
percent = goals.format_rate


share = goals.format_share


def _number(text: str | None, flag: str, *, clearable: bool = False) -> float | None:
    """A flag's number (`1234`, `1,234.5`); `none` clears where that makes sense."""
    if text is None:
        return None
    if clearable and text.strip().casefold() == "none":
        return None
    value = goals.parse_number(text)
    if value is None:
        also = " or none" if clearable else ""
        raise InvalidInput(f"--{flag}: {text!r} is not a number (give e.g. 1500{also})")
    if value < 0:  # checked before any write, so `kpi set` never half-applies
        raise InvalidInput(f"--{flag}: must be 0 or more (got {text.strip()})")
    return value


def _rate(text: str) -> float:
    """`0.3` or `30%`; the range is the service's to refuse (it names the KPI)."""
    raw = text.strip()
    value = goals.parse_number(raw[:-1] if raw.endswith("%") else raw)
    if value is None:
        raise InvalidInput(f"--rate: {text!r} is not a rate (give 0.3 or 30%)")
    return value / 100 if raw.endswith("%") else value


# --- kpi ------------------------------------------------------------------------------


def _kpi_label(kpi: KpiView) -> str:
    return f"{kpi.name} (KGI)" if kpi.is_kgi else kpi.name


def _kpi_document(project: str, kpis: Sequence[KpiView]) -> dict[str, Any]:
    return {
        "project": project,
        "kpis": [
            {
                "id": k.id,
                "name": k.name,
                "stage": k.stage,
                "is_kgi": k.is_kgi,
                "unit": k.unit,
                "converts_into": k.parent,
                "rate": k.rate,
                "target": k.target,
                "actual": k.actual,
                "attainment": k.attainment,
                "depth": k.depth,
                "entries": [{"date": e.date, "value": e.value} for e in k.entries],
            }
            for k in kpis
        ],
    }


def cmd_kpi_list(ctx: ServiceContext, args: argparse.Namespace) -> int:
    project = project_named(args.project).name
    kpis = goals.list_kpis(project)
    if args.format == "json":
        print(output.to_json(_kpi_document(project, kpis)))
        return 0
    rows = [
        (
            _kpi_label(k),
            k.parent,
            percent(k.rate),
            amount(k.target),
            amount(k.actual),
            share(k.attainment),
            k.unit or None,
        )
        for k in kpis
    ]
    headers = ("kpi", "converts into", "rate", "target", "actual", "attainment", "unit")
    print(output.table(headers, rows, widths={"kpi": 40, "converts into": 40}))
    return 0


def cmd_kpi_import(ctx: ServiceContext, args: argparse.Namespace) -> int:
    path = Path(args.path)
    count = kpi_import.import_kpi_actuals(ctx, args.project, path, source=args.path)
    touched = {row.kpi_id for row in kpi_import.read_kpi_csv(args.project, path, source=args.path)}
    names = [k.name for k in goals.list_kpis(args.project) if k.id in touched]
    project = project_named(args.project).name
    print(f"imported {count} actual{'s' if count != 1 else ''} into {project} ({', '.join(names)})")
    return 0


def cmd_kpi_set(ctx: ServiceContext, args: argparse.Namespace) -> int:
    if args.target is None and args.rate is None and args.actual is None:
        raise InvalidInput("kpi set: give --target, --rate or --actual")
    if args.target is not None and args.rate is not None:
        raise InvalidInput(
            "kpi set: give --target (the KGI, or a KPI outside a funnel) or --rate "
            "(a stage), not both"
        )
    target = _number(args.target, "target", clearable=True)
    rate = _rate(args.rate) if args.rate is not None else None
    actual = _number(args.actual, "actual", clearable=True)
    kpi = goals.kpi_named(args.project, args.kpi)
    before = {k.id: k.target for k in goals.list_kpis(args.project)}
    kpis: Sequence[KpiView] = ()
    # The call a rule may refuse goes first, so a refusal leaves everything as it was.
    if args.target is not None:
        kpis = goals.set_kpi_target(ctx, kpi.id, target)
    if rate is not None:
        kpis = goals.set_kpi_rate(ctx, kpi.id, rate)
    if args.actual is not None:
        kpis = goals.set_kpi_actual(ctx, kpi.id, actual)
    now = next(k for k in kpis if k.id == kpi.id)
    parts = []
    if rate is not None:
        parts.append(f"rate {percent(now.rate)}")
    parts.append(f"target {amount(now.target)}")
    if args.actual is not None:
        parts.append(f"actual {amount(now.actual)}")
        if now.attainment is not None:
            parts.append(f"attainment {share(now.attainment)}")
    print(f"{now.name}: " + ", ".join(parts))
    recomputed = [k for k in kpis if k.id != kpi.id and k.target != before.get(k.id)]
    if recomputed:
        print("recomputed: " + ", ".join(f"{k.name} {amount(k.target)}" for k in recomputed))
    return 0


# --- budget ---------------------------------------------------------------------------


def _burn(planned: float, spent: float) -> str | None:
    if not planned:
        return "unplanned" if spent else None
    text = share(spent / planned)
    return f"{text} over" if spent > planned else text


def _budget_document(project: str, lines: Sequence[BudgetView]) -> dict[str, Any]:
    planned = sum(b.planned for b in lines)
    spent = sum(b.spent for b in lines)
    return {
        "project": project,
        "lines": [
            {
                "id": b.id,
                "channel": b.channel,
                "planned": b.planned,
                "spent": b.spent,
                "remainder": b.remainder,
                "burn": b.burn,
                "note": b.note,
            }
            for b in lines
        ],
        "planned": planned,
        "spent": spent,
        "remainder": planned - spent,
        "burn": spent / planned if planned else None,
    }


def cmd_budget_list(ctx: ServiceContext, args: argparse.Namespace) -> int:
    project = project_named(args.project).name
    lines = goals.list_budget(project)
    if args.format == "json":
        print(output.to_json(_budget_document(project, lines)))
        return 0
    rows: list[tuple[Any, ...]] = [
        (
            b.channel,
            amount(b.planned),
            amount(b.spent),
            amount(b.remainder),
            _burn(b.planned, b.spent),
            b.note or None,
        )
        for b in lines
    ]
    if lines:
        planned = sum(b.planned for b in lines)
        spent = sum(b.spent for b in lines)
        total = ("Total", amount(planned), amount(spent), amount(planned - spent))
        rows.append((*total, _burn(planned, spent), None))
    headers = ("channel", "planned", "spent", "remainder", "burn", "note")
    print(output.table(headers, rows, widths={"channel": 30, "note": 40}))
    return 0


def cmd_budget_set(ctx: ServiceContext, args: argparse.Namespace) -> int:
    if args.planned is None and args.spent is None and args.note is None:
        raise InvalidInput("budget set: give --planned, --spent or --note")
    planned = _number(args.planned, "planned")
    spent = _number(args.spent, "spent")
    project = project_named(args.project).name
    if planned is None:  # only an existing line's spending or note changes
        line: BudgetView | None = goals.budget_line_named(project, args.channel)
    else:
        try:
            line = goals.budget_line_named(project, args.channel)
        except NotFound:
            line = None
    channel = line.channel if line else args.channel.strip()
    if line is not None and planned is None and args.note is None:
        line = goals.set_budget_spent(ctx, project, channel, spent or 0.0)
    else:
        old = line or BudgetView(0, channel, 0.0, 0.0, "")
        planning.set_budget_line(
            ctx,
            project,
            {
                "channel": channel,
                "planned": old.planned if planned is None else planned,
                "spent": old.spent if spent is None else spent,
                "note": old.note if args.note is None else args.note,
            },
        )
        line = goals.budget_line_named(project, channel)
    left = (
        f"{amount(line.remainder)} left"
        if line.remainder >= 0
        else f"overspent by {amount(-line.remainder)}"
    )
    burn = _burn(line.planned, line.spent)
    print(
        f"budget {line.channel} for {project}: spent {amount(line.spent)} of "
        f"{amount(line.planned)}" + (f" ({burn})" if burn else "") + f", {left}"
    )
    return 0


HANDLERS: dict[tuple[str, str | None], Callable[[ServiceContext, argparse.Namespace], int]] = {
    ("kpi", "list"): cmd_kpi_list,
    ("kpi", "import"): cmd_kpi_import,
    ("kpi", "set"): cmd_kpi_set,
    ("budget", "list"): cmd_budget_list,
    ("budget", "set"): cmd_budget_set,
}
