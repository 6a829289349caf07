"""The retrospective library and sharing: past retrospectives searched across
projects, and one retrospective exported as Markdown.

Both only read; writing a retrospective is `services.retros`'.
"""

from __future__ import annotations

from collections import defaultdict

from mpm_tui.db.models import Kpi, Project, RetroKpiNote, Retrospective
from mpm_tui.schemas.enums import RetroKind, RetroStatus
from mpm_tui.schemas.retro import RetroHit, RetroKpiRow, RetroView
from mpm_tui.services.goals import format_amount, format_share
from mpm_tui.services.projects import split_channels
from mpm_tui.services.retros import SECTION_TITLES, item_views

# --- the library --------------------------------------------------------------------------


def _noted(retro_ids: list[int], needle: str) -> dict[int, list[RetroKpiRow]]:
    """The KPI rows whose root-cause note contains `needle`, by retrospective, each
    in funnel (position) order: one query."""
    query = (
        RetroKpiNote.select(
            RetroKpiNote.retrospective,
            Kpi.id,
            Kpi.name,
            Kpi.unit,
            Kpi.target,
            Kpi.actual,
            RetroKpiNote.note,
        )
        .join(Kpi, on=(RetroKpiNote.kpi == Kpi.id))
        .where(RetroKpiNote.retrospective.in_(retro_ids))
        .order_by(Kpi.position, Kpi.id)
        .tuples()
    )
    found: dict[int, list[RetroKpiRow]] = defaultdict(list)
    for retro_id, kpi_id, name, unit, target, actual, note in query:
        if needle in note.casefold():
            found[retro_id].append(
                RetroKpiRow(
                    kpi_id=kpi_id, name=name, unit=unit, target=target, actual=actual, note=note
                )
            )
    return found


def search_retrospectives(
    text: str = "", *, channel: str | None = None, project_kind: str | None = None
) -> list[RetroHit]:
    """Past retrospectives, newest first (by date, undated last, then newest
    created), whose items or KPI notes contain `text` (any case), of projects
    with `channel` among their channels and of type `project_kind`. A hit's
    `matches` are the matching items (every item when `text` is empty; none
    when only a KPI note matched) and its `kpi_matches` the KPIs whose note
    matched (none when `text` is empty). Three queries whatever the library holds."""
    query = (
        Retrospective.select(
            Retrospective.id,
            Retrospective.kind,
            Retrospective.status,
            Retrospective.held_on,
            Project.name,
            Project.kind,
            Project.channels,
        )
        .join(Project)
        .order_by(Retrospective.held_on.desc(nulls="LAST"), Retrospective.id.desc())
        .tuples()
    )
    wanted_channel = channel.strip().casefold() if channel and channel.strip() else None
    wanted_kind = project_kind.strip().casefold() if project_kind and project_kind.strip() else None
    candidates = []
    for found in query:
        channels = split_channels(found[6])
        if wanted_channel is not None and wanted_channel not in {c.casefold() for c in channels}:
            continue
        if wanted_kind is not None and found[5].strip().casefold() != wanted_kind:
            continue
        candidates.append((found, channels))
    ids = [found[0] for found, _ in candidates]
    items = item_views(ids)
    needle = text.strip().casefold()
    noted = _noted(ids, needle) if needle and ids else {}
    hits = []
    for (retro_id, kind, status, held_on, name, project_type, _), channels in candidates:
        matches = tuple(item for item in items.get(retro_id, ()) if needle in item.text.casefold())
        kpi_matches = tuple(noted.get(retro_id, ()))
        if needle and not matches and not kpi_matches:
            continue
        hits.append(
            RetroHit(
                retro_id=retro_id,
                project=name,
                project_kind=project_type,
                channels=channels,
                kind=RetroKind(kind),
                status=RetroStatus(status),
                held_on=held_on,
                matches=matches,
                kpi_matches=kpi_matches,
            )
        )
    return hits


# --- sharing --------------------------------------------------------------------------------


def _number(value: float | None, unit: str) -> str:
    if value is None:
        return "—"
    text = format_amount(value)
    if not unit:
        return text
    return f"{text}{unit}" if unit == "%" else f"{text} {unit}"


def _cell(text: str) -> str:
    """User text made safe for one Markdown table cell."""
    return " ".join(text.split()).replace("|", "\\|")


def _bullet(text: str) -> str:
    """A bullet whose further lines stay inside it."""
    lines = text.strip().splitlines() or [""]
    return "\n".join([f"- {lines[0]}", *(f"  {line}" if line else "" for line in lines[1:])])


def export_markdown(retro: RetroView) -> str:
    """The retrospective as a Markdown document for sharing."""
    title = "Final retrospective" if retro.kind is RetroKind.FINAL else "Mid-point retrospective"
    status = retro.status.value
    if retro.status is RetroStatus.COMPLETE and retro.completed_at is not None:
        status += f" ({retro.completed_at:%Y-%m-%d})"
    lines = [
        f"# {title}: {retro.project}",
        "",
        f"- Date: {retro.held_on.isoformat() if retro.held_on else 'not set'}",
        f"- Participants: {', '.join(retro.participants) or '—'}",
        f"- Status: {status}",
        "",
        "## KPIs",
        "",
    ]
    if retro.kpis:
        lines += [
            "| KPI | Target | Actual | Attainment | Root cause |",
            "| --- | ---: | ---: | ---: | --- |",
        ]
        for kpi in retro.kpis:
            attainment = format_share(kpi.attainment)
            if kpi.missed:
                attainment += " (missed)"
            lines.append(
                f"| {_cell(kpi.name)} | {_number(kpi.target, kpi.unit)} "
                f"| {_number(kpi.actual, kpi.unit)} | {attainment} | {_cell(kpi.note) or '—'} |"
            )
    else:
        lines.append("No KPIs are set for this project.")
    for section, heading in SECTION_TITLES.items():
        lines += ["", f"## {heading}", ""]
        items = retro.section(section)
        if not items:
            lines.append("Nothing written.")
        for item in items:
            text = item.text
            if item.owner:
                text += f" (owner: {item.owner})"
            if item.task_id is not None:
                where = f" in {item.task_project}" if item.task_project else ""
                text += f" → task #{item.task_id}{where}"
            lines.append(_bullet(text))
    return "\n".join(lines) + "\n"
