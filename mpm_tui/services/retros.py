"""Retrospectives: what went well, what did not, improvements, actions."""

from __future__ import annotations

from typing import Any

from mpm_tui.db.database import db
from mpm_tui.db.models import RetroItem, Retrospective
from mpm_tui.schemas.enums import RetroStatus, Role
from mpm_tui.schemas.inputs import RetrospectiveIn, parse
from mpm_tui.services import activity
from mpm_tui.services.context import ServiceContext
from mpm_tui.services.errors import InvalidInput, NotFound
from mpm_tui.services.lookups import optional_member, project_named


def create_retrospective(
    ctx: ServiceContext, project: str, data: RetrospectiveIn | dict[str, Any]
) -> int:
    """Start a retrospective (one final per project) with its first items."""
    spec = parse(RetrospectiveIn, data, where="retrospective")
    with db.atomic():
        ctx.require(Role.EDITOR, "write retrospectives")
        project_row = project_named(project)
        if (
            spec.kind.value == "final"
            and Retrospective.select()
            .where((Retrospective.project == project_row) & (Retrospective.kind == "final"))
            .exists()
        ):
            raise InvalidInput(f"project {project_row.name!r} already has a final retrospective")
        row = Retrospective.create(
            project=project_row,
            kind=spec.kind.value,
            held_on=spec.held_on,
            participants=", ".join(spec.participants),
            created_at=ctx.now(),
        )
        positions: dict[str, int] = {}
        for item in spec.items:
            position = positions.get(item.section.value, 0)
            positions[item.section.value] = position + 1
            RetroItem.create(
                retrospective=row,
                section=item.section.value,
                text=item.text,
                position=position,
                owner=optional_member(item.owner),
            )
        activity.record(
            ctx,
            "retrospective",
            row.id,
            "create",
            f"{spec.kind.value} retrospective for {project_row.name}",
            after=spec.model_dump(mode="json"),
        )
    return row.id


def complete_retrospective(ctx: ServiceContext, retro_id: int) -> None:
    """Mark a retrospective complete: it needs at least one item in each of
    went well, went badly and improvements."""
    with db.atomic():
        ctx.require(Role.EDITOR, "complete retrospectives")
        row = Retrospective.get_or_none(Retrospective.id == retro_id)
        if row is None:
            raise NotFound(f"no retrospective with id {retro_id}")
        sections = {
            item.section
            for item in RetroItem.select(RetroItem.section).where(RetroItem.retrospective == row)
        }
        missing = [s for s in ("went_well", "went_badly", "improvement") if s not in sections]
        if missing:
            raise InvalidInput(
                "a retrospective is complete only with something in every "
                "section; missing: " + ", ".join(m.replace("_", " ") for m in missing)
            )
        row.status = RetroStatus.COMPLETE.value
        row.completed_at = ctx.now()
        row.version += 1
        row.save()
        activity.record(
            ctx,
            "retrospective",
            row.id,
            "complete",
            f"retrospective of {row.project.name} completed",
            before={"status": "draft"},
            after={"status": "complete"},
        )
