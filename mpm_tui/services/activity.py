"""The activity log: every write records who, when, what, before and after."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from peewee import SQL, fn

from mpm_tui.db.models import Activity, BoardColumn, Member, Project
from mpm_tui.schemas.views import ActivityView, FieldChange
from mpm_tui.services.context import ServiceContext
from mpm_tui.services.errors import InvalidInput, VersionConflict


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


PAGE = 500
"""How many entries the activity screen reads at once (newest first)."""

NAMED_IDS: dict[str, tuple[str, str]] = {
    "owner_id": ("owner", "member"),
    "reviewer_id": ("reviewer", "member"),
    "author_id": ("author", "member"),
    "column_id": ("column", "column"),
    "project_id": ("project", "project"),
}
"""Stored ids shown by name: the field's label and the kind of record it points to."""
TASK_IDS = frozenset({"predecessor", "successor", "task"})
"""Fields holding a task's id, shown as `#12`."""

KNOWN_KINDS = (
    "board",
    "budget_line",
    "column",
    "dependency",
    "holiday",
    "kpi",
    "member",
    "milestone",
    "project",
    "retrospective",
    "risk",
    "scope_change",
    "setting",
    "task",
    "time_off",
)
"""The kinds of record the services log (`entity`), also before anything was logged."""

_ISO_MOMENT = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}")


def list_activity(
    *,
    entity: str | None = None,
    entity_id: int | None = None,
    task: int | None = None,
    actor: str | None = None,
    since: datetime | None = None,
    limit: int = 200,
) -> list[ActivityView]:
    """Newest first, filtered: one kind of record (and one id of it), one card's
    history (`task`: the card and its dependencies), one member (by the name
    logged), from a moment on. Two queries whatever the number of entries: the
    entries, and the names of the members, columns and projects they name by id."""
    query = (
        Activity.select(
            Activity.id,
            Activity.at,
            Activity.actor_name,
            Activity.entity,
            Activity.entity_id,
            Activity.action,
            Activity.summary,
            Activity.before,
            Activity.after,
        )
        .order_by(Activity.at.desc(), Activity.id.desc())
        .limit(limit)
    )
    if entity is not None:
        query = query.where(Activity.entity == entity)
    if entity_id is not None:
        query = query.where(Activity.entity_id == entity_id)
    if task is not None:
        query = query.where(_about_task(task))
    if actor is not None:
        query = query.where(Activity.actor_name == actor)
    if since is not None:
        query = query.where(Activity.at >= since)
    rows = [(row, _values(row.before), _values(row.after)) for row in query]
    names = _names([values for _, before, after in rows for values in (before, after)])
    return [
        ActivityView(
            id=row.id,
            at=row.at,
            actor=row.actor_name,
            entity=row.entity,
            entity_id=row.entity_id,
            action=row.action,
            summary=row.summary,
            changes=describe_changes(before, after, names),
            before=before,
            after=after,
        )
        for row, before, after in rows
    ]


def task_history(task_id: int, *, limit: int = 200) -> tuple[ActivityView, ...]:
    """What happened to one card, newest first: two queries (see `list_activity`)."""
    return tuple(list_activity(task=task_id, limit=limit))


def _about_task(task_id: int) -> Any:
    """Entries about a card: its own, and the dependencies it waits on or is waited
    for by (a dependency is logged under the waiting task; the other is in its values)."""
    waited_for = f'%"predecessor": {int(task_id)},%'
    return ((Activity.entity.in_(["task", "dependency"])) & (Activity.entity_id == task_id)) | (
        (Activity.entity == "dependency")
        & ((Activity.after**waited_for) | (Activity.before**waited_for))
    )


@dataclass(frozen=True)
class ActivityFacets:
    """What the log can be filtered by: the kinds of record in it and who wrote it."""

    kinds: tuple[str, ...]
    actors: tuple[str, ...]


def activity_facets() -> ActivityFacets:
    """The kinds of record and the members found in the log: two queries."""
    kinds = [k for (k,) in Activity.select(Activity.entity).distinct().tuples()]
    actors = [a for (a,) in Activity.select(Activity.actor_name).distinct().tuples()]
    return ActivityFacets(
        tuple(sorted(kinds, key=str.casefold)), tuple(sorted(actors, key=str.casefold))
    )


def entity_kind(text: str) -> str:
    """A kind of record as typed (`budget line`, `Budget-Line`) → as logged
    (`budget_line`); InvalidInput naming the kinds when it is none of them."""
    kind = "_".join(text.strip().casefold().replace("-", " ").split())
    known = sorted(set(KNOWN_KINDS) | set(activity_facets().kinds))
    if kind not in known:
        raise InvalidInput(
            f"--entity: no kind of record {text.strip()!r} (kinds: {', '.join(known)})"
        )
    return kind


# --- before/after as text -------------------------------------------------------------


def _values(stored: str | None) -> dict[str, Any] | None:
    """A stored before/after: its JSON object (a bare value, as {"value": …})."""
    if stored is None:
        return None
    try:
        loaded = json.loads(stored)
    except ValueError:
        return {"value": stored}
    return loaded if isinstance(loaded, dict) else {"value": loaded}


def _names(sides: list[dict[str, Any] | None]) -> dict[tuple[str, int], str]:
    """The names of the members, columns and projects `sides` hold ids of, in one
    query (made even when there are none, so a reader's query count stays fixed)."""
    wanted: dict[str, set[int]] = {"member": set(), "column": set(), "project": set()}
    for values in sides:
        for key, value in (values or {}).items():
            if key in NAMED_IDS and isinstance(value, int) and not isinstance(value, bool):
                wanted[NAMED_IDS[key][1]].add(value)
    query = (
        Member.select(SQL("'member'"), Member.id, Member.name)
        .where(Member.id.in_(sorted(wanted["member"])))
        .union_all(
            BoardColumn.select(SQL("'column'"), BoardColumn.id, BoardColumn.name).where(
                BoardColumn.id.in_(sorted(wanted["column"]))
            )
        )
        .union_all(
            Project.select(SQL("'project'"), Project.id, Project.name).where(
                Project.id.in_(sorted(wanted["project"]))
            )
        )
    )
    return {(kind, record_id): name for kind, record_id, name in query.tuples()}


def _is_empty(value: Any) -> bool:
    """Nothing worth listing on a create or delete: no value, no text, no, none."""
    return value is None or value is False or value == "" or value == [] or value == {}


def value_text(value: Any) -> str:
    """A stored value as a person reads it: `—` for none (or no text), yes/no, 2.5,
    lists joined."""
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        return f"{value:g}"
    if isinstance(value, list):
        parts = [f"({value_text(v)})" if isinstance(v, dict) else value_text(v) for v in value]
        return ", ".join(parts) or "—"
    if isinstance(value, dict):
        parts = [
            f"{k} ({value_text(v)})" if isinstance(v, dict) else f"{k} {value_text(v)}"
            for k, v in value.items()
        ]
        return ", ".join(parts) or "—"
    text = str(value)
    if _ISO_MOMENT.match(text):
        return text[:16].replace("T", " ")
    return text


def describe_changes(
    before: dict[str, Any] | None,
    after: dict[str, Any] | None,
    names: dict[tuple[str, int], str] | None = None,
) -> tuple[FieldChange, ...]:
    """The fields an entry changed, as text. An update lists the fields whose value
    differs (a field only on one side shows that side); a create lists what it set
    and a delete what was removed, leaving out the empty fields."""
    names = names or {}

    def label(key: str) -> str:
        return NAMED_IDS[key][0] if key in NAMED_IDS else key.replace("_", " ")

    def text(key: str, value: Any) -> str:
        if key in NAMED_IDS and isinstance(value, int) and not isinstance(value, bool):
            return names.get((NAMED_IDS[key][1], value), f"#{value}")
        if key in TASK_IDS and isinstance(value, int) and not isinstance(value, bool):
            return f"#{value}"
        return value_text(value)

    if before is None or after is None:
        one = after if after is not None else (before or {})
        return tuple(
            FieldChange(label(k), None, text(k, v))
            if after is not None
            else FieldChange(label(k), text(k, v), None)
            for k, v in one.items()
            if not _is_empty(v)
        )
    keys = [*after, *(k for k in before if k not in after)]
    return tuple(
        FieldChange(
            label(k),
            text(k, before[k]) if k in before else None,
            text(k, after[k]) if k in after else None,
        )
        for k in keys
        if before.get(k) != after.get(k) or (k in before) != (k in after)
    )


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


RECENT = 1024
"""How many of the newest entry ids `latest_change` counts (see there)."""
_STAMP = 2 * RECENT


def latest_change() -> int:
    """A number that grows with every committed write to the workspace: a screen
    compares it to what it last read to know whether its data went stale.

    Every write records an activity entry. On SQLite writers take turns, so
    entries commit in id order and the newest id would do; on PostgreSQL an id is
    taken when the row is written, not when it commits, so an entry can appear
    below the newest id after it. The count of entries among the newest `RECENT`
    ids catches that: the stamp is newest id × 2·RECENT + that count, one query
    over the primary key, and `change_id` gives the newest id back."""
    newest = fn.COALESCE(Activity.select(fn.MAX(Activity.id)), 0)
    row = (
        Activity.select(fn.COALESCE(fn.MAX(Activity.id), 0), fn.COUNT(Activity.id))
        .where(Activity.id > newest - RECENT)
        .tuples()
        .first()
    )
    top, recent = row if row is not None else (0, 0)
    return int(top) * _STAMP + int(recent)


def change_id(stamp: int) -> int:
    """The newest entry id when `latest_change()` returned `stamp`."""
    return stamp // _STAMP
