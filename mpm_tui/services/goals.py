"""Goals of a project: the KPI funnel, its actuals, the budget, and the project detail.

The funnel. A KPI with a `parent` is a stage that converts into that parent at
its `conversion_rate`; its target is worked back from the parent's: the
parent's target divided by the rate, rounded up to whole units
(`logic.funnel.stage_targets`). Only a KPI without a parent (the KGI, or a KPI
outside any funnel) has a target set by hand. Every change of a target or a
rate recomputes and stores the targets of all the stages above the changed
one, in the same transaction.

Actuals. A KPI's `actual` is what is entered: typed in (`set_kpi_actual`), or
worked out from its dated entries. Dated entries are counts (or amounts) per
day — leads on 2 March, say — so adding an entry (`add_kpi_entry`) or
importing a CSV of them (`kpi_import.import_kpi_actuals`) sets the KPI's
`actual` to the sum of all its entries; an entry for a day that already has one
replaces it. A typed actual stands until the next entry or import for that KPI.
"""

from __future__ import annotations

import difflib
import math
import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from datetime import date
from typing import Any, cast

from peewee import JOIN, SQL, Case, fn

from mpm_tui.db.database import db
from mpm_tui.db.models import (
    BudgetLine,
    Kpi,
    KpiEntry,
    Member,
    Milestone,
    Project,
    Retrospective,
    Task,
)
from mpm_tui.logic.funnel import FunnelError, FunnelStage, stage_targets
from mpm_tui.schemas.enums import RetroStatus, Role
from mpm_tui.schemas.goals import (
    BudgetView,
    KpiEntryView,
    KpiView,
    MilestoneView,
    ProjectDetail,
    RetroSummary,
)
from mpm_tui.services import activity
from mpm_tui.services.context import ServiceContext
from mpm_tui.services.errors import InvalidInput, NotFound, RuleViolation
from mpm_tui.services.lookups import as_id, project_named
from mpm_tui.services.projects import to_view
from mpm_tui.services.raw import raw_rows, read_date
from mpm_tui.services.risks import project_register

# --- numbers as people read them ---------------------------------------------------


def format_amount(value: float | None) -> str:
    """`50,000`, `12.5`, `—` for none: targets, actuals and money in messages and tables."""
    if value is None:
        return "—"
    if float(value).is_integer():
        return f"{int(value):,}"
    return f"{value:,.2f}".rstrip("0").rstrip(".")


def format_share(value: float | None) -> str:
    """Attainment or burn in whole percent, halves up: `104%`, 0.065 → `7%`, `—` for none."""
    if value is None:
        return "—"
    return f"{math.floor(round(value * 100, 6) + 0.5)}%"


def format_rate(rate: float | None) -> str:
    """`30%`, `2.5%`: a conversion rate, attainment or burn."""
    if rate is None:
        return "—"
    return f"{round(rate * 100, 2):g}%"


_PLAIN_NUMBER = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?")
_GROUPED_NUMBER = re.compile(r"[+-]?\d{1,3}(?:,\d{3})+(?:\.\d+)?")


def parse_number(text: str) -> float | None:
    """A plain number, or one with thousands separators (`1,234.5`); None otherwise."""
    text = text.strip()
    if _GROUPED_NUMBER.fullmatch(text):
        return float(text.replace(",", ""))
    return float(text) if _PLAIN_NUMBER.fullmatch(text) else None


def _check_amount(value: float, what: str) -> None:
    if not math.isfinite(value) or value < 0:
        raise InvalidInput(f"{what}: must be a number of 0 or more (got {value:g})")


# --- the funnel, worked out ---------------------------------------------------------


def funnel_order(kpis: Sequence[Kpi]) -> list[tuple[Kpi, int]]:
    """Each KPI with its depth: every chain from its root (the KGI first, then other
    roots by position), each stage after the one it converts into; a KPI caught in
    a parent cycle (only possible in a hand-made database) comes last, depth 0."""
    by_id = {k.id: k for k in kpis}
    feeders: dict[int, list[Kpi]] = defaultdict(list)
    roots: list[Kpi] = []
    for kpi in sorted(kpis, key=lambda k: (k.position, k.id)):
        if kpi.parent_id in by_id and kpi.parent_id != kpi.id:
            feeders[kpi.parent_id].append(kpi)
        else:
            roots.append(kpi)
    roots.sort(key=lambda k: (not k.is_kgi, k.position, k.id))
    order: list[tuple[Kpi, int]] = []
    seen: set[int] = set()
    for root in roots:
        stack = [(root, 0)]
        while stack:
            kpi, depth = stack.pop()
            if kpi.id in seen:
                continue
            seen.add(kpi.id)
            order.append((kpi, depth))
            stack.extend((f, depth + 1) for f in reversed(feeders[kpi.id]))
    order += [(k, 0) for k in sorted(kpis, key=lambda k: (k.position, k.id)) if k.id not in seen]
    return order


def _worked_back(kpi: Kpi, parent_target: float | None) -> float | None:
    """A stage's target from the target of the stage it converts into."""
    if parent_target is None or kpi.conversion_rate is None:
        return None
    try:
        [(_, target)] = stage_targets(parent_target, [FunnelStage(kpi.name, kpi.conversion_rate)])
    except FunnelError as exc:
        raise InvalidInput(str(exc)) from None
    return float(target)


def _recompute_above(
    kpis: Sequence[Kpi], changed: Kpi, *, itself: bool
) -> list[tuple[Kpi, float | None]]:
    """Store the targets of the stages above `changed` (and of `changed` itself when
    its rate changed); each row whose target changed, with its old target."""
    feeders: dict[int, list[Kpi]] = defaultdict(list)
    by_id = {k.id: k for k in kpis}
    for kpi in kpis:
        if kpi.parent_id in by_id:
            feeders[kpi.parent_id].append(kpi)
    queue = [changed] if itself else list(feeders[changed.id])
    touched: list[tuple[Kpi, float | None]] = []
    seen: set[int] = set()
    while queue:
        kpi = queue.pop(0)
        if kpi.id in seen:
            continue
        seen.add(kpi.id)
        target = _worked_back(kpi, by_id[kpi.parent_id].target)
        if target != kpi.target:
            touched.append((kpi, kpi.target))
            kpi.target = target
            Kpi.update(target=target).where(Kpi.id == kpi.id).execute()
        queue.extend(feeders[kpi.id])
    return touched


def recompute_funnel(kpi_id: int) -> list[str]:
    """Work the targets above one KPI out again (its own too, when it is a stage);
    for callers that change a KPI inside their own transaction (e.g. adding a stage).
    Returns the names of the KPIs whose target changed."""
    row = _kpi_row(kpi_id)
    kpis = project_kpis(row.project_id)
    changed = next(k for k in kpis if k.id == row.id)
    touched = _recompute_above(kpis, changed, itself=changed.parent_id is not None)
    return [k.name for k, _ in touched]


def _recomputed(
    touched: Sequence[tuple[Kpi, float | None]],
) -> tuple[dict[str, Any], dict[str, Any], str]:
    """The before/after of recomputed targets, and `; recomputed SQLs 150, …`."""
    before = {k.name: old for k, old in touched}
    after = {k.name: k.target for k, _ in touched}
    text = ", ".join(f"{k.name} {format_amount(k.target)}" for k, _ in touched)
    return before, after, f"; recomputed {text}" if text else ""


# --- reading ------------------------------------------------------------------------


def project_kpis(project_id: int) -> list[Kpi]:
    """A project's KPI rows, unordered (`funnel_order` sorts them): one query."""
    return list(Kpi.select().where(Kpi.project == project_id))


def _kpi_row(kpi_id: int) -> Kpi:
    row = (
        Kpi.select(Kpi, Project.name.alias("project_name"))
        .join(Project)
        .where(Kpi.id == kpi_id)
        .objects()
        .first()
    )
    if row is None:
        raise NotFound(f"no KPI with id {kpi_id}")
    return row


def _entries(project_id: int) -> dict[int, list[KpiEntryView]]:
    query = (
        KpiEntry.select(KpiEntry.kpi, KpiEntry.date, KpiEntry.value)
        .join(Kpi)
        .where(Kpi.project == project_id)
        .order_by(KpiEntry.kpi, KpiEntry.date)
    )
    found: dict[int, list[KpiEntryView]] = defaultdict(list)
    for kpi_id, day, value in raw_rows(query):
        found[kpi_id].append(KpiEntryView(cast(date, read_date(day)), float(value)))
    return found


def _kpi_views(kpis: Sequence[Kpi], entries: dict[int, list[KpiEntryView]]) -> tuple[KpiView, ...]:
    names = {k.id: k.name for k in kpis}
    return tuple(
        KpiView(
            id=k.id,
            name=k.name,
            stage=k.stage,
            is_kgi=k.is_kgi,
            unit=k.unit,
            parent=names.get(k.parent_id),
            rate=k.conversion_rate,
            target=k.target,
            actual=k.actual,
            entries=tuple(entries.get(k.id, ())),
            depth=depth,
        )
        for k, depth in funnel_order(kpis)
    )


def list_kpis(project: str) -> tuple[KpiView, ...]:
    """A project's KPIs in funnel order, with their dated entries: three queries."""
    project_id = project_named(project).id
    return _kpi_views(project_kpis(project_id), _entries(project_id))


def suggest(name: str, names: Sequence[str], what: str) -> str:
    """`(did you mean 'Leads'? KPIs: Deals, Leads)`: the end of a not-found message."""
    if not names:
        return f"(it has no {what} yet)"
    close = difflib.get_close_matches(name, names, n=1, cutoff=0.6)
    hint = f"did you mean {close[0]!r}? " if close else ""
    return f"({hint}{what}: {', '.join(names)})"


def kpi_named(project: str, name: str) -> KpiView:
    """A KPI of a project by name, case-insensitively."""
    project_name = project_named(project).name
    kpis = list_kpis(project)
    found = [k for k in kpis if k.name.casefold() == name.strip().casefold()]
    if len(found) == 1:
        return found[0]
    if found:
        raise InvalidInput(
            f"KPI {name!r} is ambiguous in project {project_name!r}: "
            + ", ".join(k.name for k in found)
        )
    names = [k.name for k in kpis]
    raise NotFound(
        f"no KPI {name.strip()!r} in project {project_name!r} {suggest(name, names, 'KPIs')}"
    )


def _budget_view(row: tuple[Any, ...]) -> BudgetView:
    line_id, channel, planned, spent, note = row
    return BudgetView(line_id, channel, float(planned), float(spent), note)


def _budget_query(project_id: int) -> Any:
    return (
        BudgetLine.select(
            BudgetLine.id, BudgetLine.channel, BudgetLine.planned, BudgetLine.spent, BudgetLine.note
        )
        .where(BudgetLine.project == project_id)
        .order_by(fn.LOWER(BudgetLine.channel), BudgetLine.id)
        .tuples()
    )


def list_budget(project: str) -> tuple[BudgetView, ...]:
    """A project's budget lines by channel name: two queries."""
    return tuple(_budget_view(row) for row in _budget_query(project_named(project).id))


def _no_budget_line(project: str, channel: str, channels: Iterable[str]) -> NotFound:
    names = sorted(channels, key=str.casefold)
    return NotFound(
        f"project {project!r} has no budget line {channel.strip()!r} "
        f"{suggest(channel.strip(), names, 'budget lines')}: plan it first"
    )


def budget_line_named(project: str, channel: str) -> BudgetView:
    """A project's budget line by channel, case-insensitively."""
    project_row = project_named(project)
    lines = [_budget_view(row) for row in _budget_query(project_row.id)]
    key = channel.strip().casefold()
    found = next((b for b in lines if b.channel.casefold() == key), None)
    if found is None:
        raise _no_budget_line(project_row.name, channel, (b.channel for b in lines))
    return found


def _project_with_owner(name_or_id: str | int) -> tuple[Project, str | None]:
    """One query (two for a name made of digits that is an id)."""
    query = (
        Project.select(Project, Member.name.alias("owner_name"))
        .join(Member, JOIN.LEFT_OUTER, on=(Project.owner == Member.id))
        .objects()
    )
    if isinstance(name_or_id, int):
        row = query.where(Project.id == name_or_id).first()
        if row is None:
            raise NotFound(f"no project with id {name_or_id}")
        return row, row.owner_name
    key = name_or_id.strip().casefold()
    row = query.where(fn.LOWER(Project.name) == key).first()
    if row is None and (row_id := as_id(key)) is not None:
        row = query.where(Project.id == row_id).first()
    if row is None:
        project_named(name_or_id)  # raises NotFound with a suggestion
        raise NotFound(f"no project called {name_or_id!r}")
    return row, row.owner_name


def project_detail(name_or_id: str | int) -> ProjectDetail:
    """Everything the project detail shows, in eight queries whatever the project's size:
    the project and its owner, KPIs, KPI entries, budget lines, milestones, risks with
    their owners, retrospectives and the task counts (the Scope tab reads its own log,
    `scope_history.scope_log`)."""
    row, owner_name = _project_with_owner(name_or_id)
    kpis = _kpi_views(project_kpis(row.id), _entries(row.id))
    budget = tuple(_budget_view(line) for line in _budget_query(row.id))
    milestones = tuple(
        MilestoneView(m_id, name, day, kind, reached_at is not None)
        for m_id, name, day, kind, reached_at in Milestone.select(
            Milestone.id, Milestone.name, Milestone.date, Milestone.kind, Milestone.reached_at
        )
        .where(Milestone.project == row.id)
        .order_by(Milestone.date, Milestone.id)
        .tuples()
    )
    risks = project_register(row.id)
    retros = tuple(
        RetroSummary(r_id, kind, RetroStatus(status), held_on)
        for r_id, kind, status, held_on in Retrospective.select(
            Retrospective.id, Retrospective.kind, Retrospective.status, Retrospective.held_on
        )
        .where(Retrospective.project == row.id)
        .order_by(Retrospective.id)
        .tuples()
    )
    done_count = fn.SUM(Case(None, [(Task.completed_at.is_null(False), 1)], 0))
    counts = (
        Task.select(fn.COUNT(SQL("*")), done_count)
        .where((Task.project == row.id) & Task.cancelled_at.is_null())
        .tuples()
        .first()
    )
    total, done = (int(counts[0] or 0), int(counts[1] or 0)) if counts else (0, 0)
    return ProjectDetail(
        project=to_view(row, owner_name),
        kpis=kpis,
        budget=budget,
        milestones=milestones,
        risks=risks,
        retros=retros,
        tasks_open=total - done,
        tasks_done=done,
    )


# --- editing the funnel -------------------------------------------------------------


def _after_change(project_id: int) -> tuple[KpiView, ...]:
    return _kpi_views(project_kpis(project_id), _entries(project_id))


def _change_and_recompute(
    ctx: ServiceContext,
    project: str,
    kpis: Sequence[Kpi],
    kpi: Kpi,
    field: str,
    value: float | None,
) -> None:
    """Store a KPI's target or rate, work the stages above it out again (always: that
    also repairs targets left stale by other doors) and record what changed, if anything."""
    before = getattr(kpi, field)
    if before != value:
        setattr(kpi, field, value)
        Kpi.update({getattr(Kpi, field): value}).where(Kpi.id == kpi.id).execute()
    touched = _recompute_above(kpis, kpi, itself=field == "conversion_rate")
    if before == value and not touched:
        return
    old, new, text = _recomputed(touched)
    if field == "target":
        change = f"target {format_amount(before)} → {format_amount(value)}"
    else:
        change = f"rate {format_rate(before)} → {format_rate(value)}"
    activity.record(
        ctx,
        "kpi",
        kpi.id,
        "update",
        f"KPI {kpi.name} of {project}: {change}{text}",
        before={field: before, "recomputed": old},
        after={field: value, "recomputed": new},
    )


def set_kpi_target(ctx: ServiceContext, kpi_id: int, target: float | None) -> tuple[KpiView, ...]:
    """Set the target of the KGI (or of a KPI outside a funnel) and work the stages
    above it out again. A stage's own target comes from the funnel: refused.
    Returns the project's KPIs in funnel order."""
    with db.atomic():
        ctx.require(Role.EDITOR, "change KPI targets")
        row = _kpi_row(kpi_id)
        if target is not None:
            _check_amount(target, f"KPI {row.name!r}: target")
        kpis = project_kpis(row.project_id)
        kpi = next(k for k in kpis if k.id == row.id)
        parent = next((k for k in kpis if k.id == kpi.parent_id), None)
        if parent is not None:
            raise RuleViolation(
                f"the target of KPI {kpi.name!r} comes from the funnel (it converts into "
                f"{parent.name!r} at {format_rate(kpi.conversion_rate)}): change the target "
                f"of {_root(kpi, kpis).name!r} or a conversion rate instead"
            )
        _change_and_recompute(ctx, row.project_name, kpis, kpi, "target", target)
        return _after_change(row.project_id)


def _root(kpi: Kpi, kpis: Sequence[Kpi]) -> Kpi:
    by_id = {k.id: k for k in kpis}
    seen = {kpi.id}
    while kpi.parent_id in by_id and kpi.parent_id not in seen:
        kpi = by_id[kpi.parent_id]
        seen.add(kpi.id)
    return kpi


def set_kpi_rate(ctx: ServiceContext, kpi_id: int, rate: float) -> tuple[KpiView, ...]:
    """Set the rate at which a stage converts into its parent (above 0, at most 1) and
    work its target and those of the stages above it out again."""
    with db.atomic():
        ctx.require(Role.EDITOR, "change conversion rates")
        row = _kpi_row(kpi_id)
        if not 0 < rate <= 1:  # also refuses NaN
            hint = f"; for {rate:g}% give {rate / 100:g}" if 1 < rate <= 100 else ""
            raise InvalidInput(
                f"conversion rate of {row.name!r} must be above 0 and at most 100% "
                f"(got {rate:g}{hint})"
            )
        kpis = project_kpis(row.project_id)
        kpi = next(k for k in kpis if k.id == row.id)
        if not any(k.id == kpi.parent_id for k in kpis):
            raise RuleViolation(
                f"KPI {kpi.name!r} does not convert into another KPI, so it has no "
                "conversion rate (set its target instead)"
            )
        _change_and_recompute(ctx, row.project_name, kpis, kpi, "conversion_rate", rate)
        return _after_change(row.project_id)


def set_kpi_actual(ctx: ServiceContext, kpi_id: int, actual: float | None) -> tuple[KpiView, ...]:
    """Type a KPI's actual (None clears it); it stands until the next dated entry."""
    with db.atomic():
        ctx.require(Role.EDITOR, "enter KPI actuals")
        row = _kpi_row(kpi_id)
        if actual is not None:
            _check_amount(actual, f"KPI {row.name!r}: actual")
        if row.actual != actual:
            Kpi.update(actual=actual).where(Kpi.id == row.id).execute()
            activity.record(
                ctx,
                "kpi",
                row.id,
                "update",
                f"KPI {row.name} of {row.project_name}: actual {format_amount(row.actual)} → "
                f"{format_amount(actual)}",
                before={"actual": row.actual},
                after={"actual": actual},
            )
        return _after_change(row.project_id)


def sum_into_actuals(kpi_ids: Iterable[int]) -> dict[int, float]:
    """Set each KPI's actual to the sum of its entries; the new actuals by KPI id."""
    ids = list(kpi_ids)
    sums = dict(
        KpiEntry.select(KpiEntry.kpi, fn.SUM(KpiEntry.value))
        .where(KpiEntry.kpi.in_(ids))
        .group_by(KpiEntry.kpi)
        .tuples()
    )
    for kpi_id in ids:
        Kpi.update(actual=float(sums.get(kpi_id) or 0)).where(Kpi.id == kpi_id).execute()
    return {kpi_id: float(sums.get(kpi_id) or 0) for kpi_id in ids}


def upsert_entries(rows: Sequence[tuple[int, date, float]]) -> None:
    """Store (KPI id, day, value) entries, a value for a day that has one replacing it."""
    for start in range(0, len(rows), 300):
        (
            KpiEntry.insert_many(
                rows[start : start + 300], fields=[KpiEntry.kpi, KpiEntry.date, KpiEntry.value]
            )
            .on_conflict(conflict_target=[KpiEntry.kpi, KpiEntry.date], preserve=[KpiEntry.value])
            .execute()
        )


def add_kpi_entry(ctx: ServiceContext, kpi_id: int, day: date, value: float) -> tuple[KpiView, ...]:
    """Record a KPI's value for one day (replacing that day's value); the KPI's actual
    becomes the sum of its entries."""
    with db.atomic():
        ctx.require(Role.EDITOR, "enter KPI actuals")
        row = _kpi_row(kpi_id)
        _check_amount(value, f"KPI {row.name!r}: value on {day}")
        old = KpiEntry.get_or_none((KpiEntry.kpi == row.id) & (KpiEntry.date == day))
        upsert_entries([(row.id, day, value)])
        actual = sum_into_actuals([row.id])[row.id]
        replaced = f" (was {format_amount(old.value)})" if old else ""
        activity.record(
            ctx,
            "kpi",
            row.id,
            "update" if old else "create",
            f"KPI {row.name} of {row.project_name}: {format_amount(value)} on {day}{replaced}, "
            f"actual {format_amount(actual)}",
            before={"date": day, "value": old.value if old else None, "actual": row.actual},
            after={"date": day, "value": value, "actual": actual},
        )
        return _after_change(row.project_id)


# --- budget ---------------------------------------------------------------------------


def set_budget_spent(ctx: ServiceContext, project: str, channel: str, spent: float) -> BudgetView:
    """Record what a channel has spent so far (its line must exist: plan it first)."""
    with db.atomic():
        ctx.require(Role.EDITOR, "change budgets")
        project_row = project_named(project)
        _check_amount(spent, f"budget {channel.strip()!r}: spent")
        lines = list(BudgetLine.select().where(BudgetLine.project == project_row))
        row = next((b for b in lines if b.channel.casefold() == channel.strip().casefold()), None)
        if row is None:
            raise _no_budget_line(project_row.name, channel, (b.channel for b in lines))
        if row.spent != spent:
            before = row.spent
            BudgetLine.update(spent=spent).where(BudgetLine.id == row.id).execute()
            activity.record(
                ctx,
                "budget_line",
                row.id,
                "update",
                f"budget {row.channel} for {project_row.name}: spent {format_amount(before)} → "
                f"{format_amount(spent)} of {format_amount(row.planned)}",
                before={"spent": before},
                after={"spent": spent},
            )
            row.spent = spent
        return BudgetView(row.id, row.channel, row.planned, row.spent, row.note)
