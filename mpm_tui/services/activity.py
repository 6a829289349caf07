"""The activity log: every write records who, when, what, before and after."""

from __future__ import annotations

import json
from datetime import date, datetime
from typing import Any

from peewee import fn

from mpm_tui.db.models import Activity
from mpm_tui.schemas.views import ActivityView
from mpm_tui.services.context import ServiceContext
from mpm_tui.services.errors import VersionConflict


def _json_default(value: object) -> str:
    if isinstance(value, date | datetime):
        return value.isoformat()
    return str(value)


def to_json(values: dict[str, Any] | None) -> str | None:
    if values is None:
        return None
    return json.dumps(values, default=_json_default, sort_keys=True, ensure_ascii=False)


def record(
    ctx: ServiceContext,
    entity: str,
    entity_id: int | None,
    action: str,
    summary: str,
    *,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
) -> None:
    """Append one entry; call inside the service's transaction."""
    Activity.create(
        at=ctx.now(),
        actor=ctx.actor.member_id,
        actor_name=ctx.actor.name,
        entity=entity,
        entity_id=entity_id,
        action=action,
        summary=summary,
        before=to_json(before),
        after=to_json(after),
    )


def changed_fields(before: dict[str, Any], after: dict[str, Any]) -> tuple[dict, dict]:
    """Only the keys whose value differs, for a compact before/after pair."""
    keys = [k for k in after if before.get(k) != after.get(k)]
    return {k: before.get(k) for k in keys}, {k: after[k] for k in keys}


def list_activity(
    *, entity: str | None = None, entity_id: int | None = None, limit: int = 200
) -> list[ActivityView]:
    """Newest first, optionally for one entity."""
    query = Activity.select().order_by(Activity.at.desc(), Activity.id.desc()).limit(limit)
    if entity is not None:
        query = query.where(Activity.entity == entity)
    if entity_id is not None:
        query = query.where(Activity.entity_id == entity_id)
    return [
        ActivityView(
            id=row.id,
            at=row.at,
            actor=row.actor_name,
            entity=row.entity,
            entity_id=row.entity_id,
            action=row.action,
            summary=row.summary,
        )
        for row in query
    ]


def check_version(entity: str, row: Any, expected_version: int | None) -> None:
    """Refuse a stale update: `row` (a task, project, retrospective…) changed since
    the caller read it at `expected_version` (None: no check)."""
    if expected_version is not None and row.version != expected_version:
        raise conflict(entity, row.id)


def conflict(entity: str, entity_id: int) -> VersionConflict:
    """The refusal for a stale update, naming who changed the record last and when."""
    last = (
        Activity.select(Activity.actor_name, Activity.at)
        .where((Activity.entity == entity) & (Activity.entity_id == entity_id))
        .order_by(Activity.at.desc(), Activity.id.desc())
        .first()
    )
    if last is None:
        return VersionConflict(entity, "someone else", "an unknown time")
    return VersionConflict(entity, last.actor_name, last.at.strftime("%H:%M"))


def latest_change() -> int:
    """A number that grows with every write to the workspace (the newest
    activity entry): a screen compares it to what it last read to know
    whether its data went stale while it was out of sight."""
    return Activity.select(fn.MAX(Activity.id)).scalar() or 0
