"""Admins manage the team: roles, names and login handles, weekly capacity, who is active.

Every door (CLI, the Team and boards screen, scripts) goes through these, so the
rules hold the same way everywhere:

- admins only; each change is one transaction and one activity entry with the
  fields it changed, before → after;
- the workspace always keeps an active admin: demoting or deactivating the last
  one is refused (on PostgreSQL the admins' rows are locked while counted, so two
  admins demoting each other at once cannot both succeed);
- names and handles stay unique, case-insensitively, and a name never equals
  another member's handle (`--user NAME` finds a member by either);
- deactivating keeps everything the member did (activity, comments, retrospectives)
  and **keeps their open cards assigned to them**: someone leaving is offboarded at
  once, and who was doing what is not lost. The cards show whose they are until
  someone reassigns them (the board, the workload's `r`); the team screen counts
  them and the workload lists an inactive member while they still carry work.
  They leave the pickers (owner, reviewer, approver) and their next session is
  read-only. Reactivating restores them as they were.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from peewee import fn

from mpm_tui.db.database import db
from mpm_tui.db.models import BoardColumn, Member, Task
from mpm_tui.schemas.enums import Role
from mpm_tui.schemas.inputs import parse
from mpm_tui.schemas.team import MemberChangesIn
from mpm_tui.schemas.views import MemberView
from mpm_tui.services import activity
from mpm_tui.services.context import ServiceContext
from mpm_tui.services.errors import InvalidInput, RuleViolation
from mpm_tui.services.lookups import member_named
from mpm_tui.services.members import to_view

MANAGING = "manage members"
"""What a non-admin is told they cannot do here."""


def admin_refusal(ctx: ServiceContext) -> str:
    """Why this session cannot manage members ("" when it can)."""
    return ctx.refusal(Role.ADMIN, MANAGING)


@dataclass(frozen=True)
class MemberRow:
    """A member as the team screen lists them: with the open cards they own."""

    member: MemberView
    open_cards: int


@dataclass(frozen=True)
class MemberChange:
    """A member after a change, and the open cards they still own."""

    member: MemberView
    open_cards: int

    def describe(self) -> str:
        """What happened, in one line (the CLI prints it, the screen shows it)."""
        m = self.member
        if m.active:
            return f"{m.name} is active again ({m.role.value}, {m.capacity_days:g} days a week)"
        cards = plural(self.open_cards, "open card")
        if not self.open_cards:
            return f"deactivated {m.name}: no open cards; their history stays"
        return (
            f"deactivated {m.name}: their {cards} stay assigned to them until reassigned "
            "(board or workload, r); their history stays"
        )


def plural(count: int, noun: str) -> str:
    return f"{count} {noun}{'' if count == 1 else 's'}"


def _open_cards() -> Any:
    """Open cards: not cancelled, not in a done column."""
    return (
        Task.select(Task.owner, fn.COUNT(Task.id).alias("n"))
        .join(BoardColumn)
        .where(
            Task.cancelled_at.is_null()
            & (BoardColumn.is_done == False)  # noqa: E712
            & Task.owner.is_null(False)
        )
        .group_by(Task.owner)
    )


def open_cards(member_id: int) -> int:
    """How many open cards one member owns: one query."""
    row = _open_cards().where(Task.owner == member_id).first()
    return int(row.n) if row is not None else 0


def member_view(member: str) -> MemberView:
    """One member by name or handle (NotFound naming the known ones)."""
    return to_view(member_named(member))


def member_rows() -> list[MemberRow]:
    """Every member, active ones first (internal, then agencies and vendors, by name),
    with their open cards: two queries."""
    counts = {row.owner_id: int(row.n) for row in _open_cards()}
    query = Member.select().order_by(Member.active.desc(), Member.is_external, Member.name)
    return [MemberRow(to_view(row), counts.get(row.id, 0)) for row in query]


def _active_admins(*, other_than: int) -> int:
    """Active admins besides `other_than`; their rows locked on PostgreSQL until commit."""
    query = Member.select(Member.id).where(
        (Member.role == Role.ADMIN.value) & (Member.active == True) & (Member.id != other_than)  # noqa: E712
    )
    if getattr(db.obj, "for_update", False):
        query = query.for_update()
    return len(list(query))


def _keep_an_admin(row: Member, doing: str) -> None:
    """Refuse when `row` is the workspace's last active admin."""
    if row.role == Role.ADMIN.value and row.active and not _active_admins(other_than=row.id):
        raise RuleViolation(
            f"{row.name} is the last admin: make someone else an admin before you {doing}"
        )


def clash(text: str, *, field: str = "name", other_than: int | None = None) -> str:
    """Why `text` cannot be a member's name (or handle), or "": it is another
    member's name or handle (case-insensitively). The team screen asks before it
    offers the next step; the services refuse with it."""
    key = text.strip().casefold()
    if not key:
        return ""
    query = Member.select(Member.name, Member.handle).where(
        (fn.LOWER(Member.name) == key) | (fn.LOWER(Member.handle) == key)
    )
    if other_than is not None:
        query = query.where(Member.id != other_than)
    found = query.first()
    if found is None:
        return ""
    whose = "name" if found.name.casefold() == key else "handle"
    return f"member: {field}: {text.strip()!r} is already the {whose} of {found.name}"


def _check_unique(row: Member, *, name: str | None, handle: str | None) -> None:
    for field, value in (("name", name), ("handle", handle)):
        if value and (problem := clash(value, field=field, other_than=row.id)):
            raise InvalidInput(problem)


def update_member(
    ctx: ServiceContext, member: str, data: MemberChangesIn | dict[str, Any]
) -> MemberView:
    """Change a member's name, handle (`""` removes it), role or weekly capacity.

    Fields left out stay; a change to what it already is changes nothing (no entry)."""
    spec = parse(MemberChangesIn, data, where="member")
    if spec.empty:
        raise InvalidInput("member: nothing to change: give a role, handle, name or capacity")
    with db.atomic():
        ctx.require(Role.ADMIN, MANAGING)
        row = member_named(member)
        before = _fields(row)
        wanted = dict(before)
        if spec.name is not None:
            wanted["name"] = spec.name
        if spec.handle is not None:
            wanted["handle"] = spec.handle or None
        if spec.role is not None:
            wanted["role"] = spec.role.value
        if spec.capacity_days is not None:
            wanted["capacity_days"] = spec.capacity_days
        old, new = activity.changed_fields(before, wanted)
        if not new:
            return to_view(row)
        _check_unique(row, name=new.get("name"), handle=new.get("handle"))
        if "role" in new and new["role"] != Role.ADMIN.value:
            _keep_an_admin(row, f"make {row.name} {_article(new['role'])} {new['role']}")
        for field, value in new.items():
            setattr(row, field, value)
        row.save()
        activity.record(
            ctx,
            "member",
            row.id,
            "update",
            _summary(before["name"], old, new),
            before=old,
            after=new,
        )
    return to_view(row)


def set_member_active(ctx: ServiceContext, member: str, active: bool) -> MemberChange:
    """Deactivate (or reactivate) a member; see the module's note for what stays."""
    with db.atomic():
        ctx.require(Role.ADMIN, MANAGING)
        row = member_named(member)
        state = "active" if active else "inactive"
        if row.active == active:
            raise RuleViolation(f"{row.name} is already {state}")
        if not active:
            _keep_an_admin(row, f"deactivate {row.name}")
        row.active = active
        row.save()
        cards = open_cards(row.id)
        action = "reactivate" if active else "deactivate"
        activity.record(
            ctx,
            "member",
            row.id,
            action,
            f"{action}d {row.name}" + ("" if active else f" ({plural(cards, 'open card')} kept)"),
            before={"active": not active},
            after={"active": active},
        )
    return MemberChange(to_view(row), cards)


def _fields(row: Member) -> dict[str, Any]:
    return {
        "name": row.name,
        "handle": row.handle,
        "role": row.role,
        "capacity_days": row.capacity_days,
    }


def _article(word: str) -> str:
    return "an" if word[:1] in "aeiou" else "a"


def _summary(name: str, old: dict[str, Any], new: dict[str, Any]) -> str:
    parts = []
    for field, value in new.items():
        label = {"capacity_days": "capacity"}.get(field, field)
        parts.append(f"{label} {_shown(old[field])} → {_shown(value)}")
    return f"{name}: " + ", ".join(parts)


def _shown(value: object) -> str:
    if value is None:
        return "none"
    if isinstance(value, float):
        return f"{value:g}"
    return str(value)
