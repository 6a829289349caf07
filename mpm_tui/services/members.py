"""Members of the workspace: people and agencies, with a role and a capacity."""

from __future__ import annotations

from typing import Any

from peewee import fn

from mpm_tui.db.database import db
from mpm_tui.db.models import Member, TimeOff
from mpm_tui.schemas.enums import Role
from mpm_tui.schemas.inputs import MemberIn, TimeOffIn, parse
from mpm_tui.schemas.views import MemberView, TimeOffView
from mpm_tui.services import activity
from mpm_tui.services.context import Actor, ServiceContext
from mpm_tui.services.errors import InvalidInput, NotFound


def to_view(row: Member) -> MemberView:
    return MemberView(
        id=row.id,
        name=row.name,
        handle=row.handle,
        role=Role(row.role),
        capacity_days=row.capacity_days,
        is_external=row.is_external,
        organisation=row.organisation,
        active=row.active,
    )


def list_members(*, include_inactive: bool = False) -> list[MemberView]:
    query = Member.select().order_by(Member.is_external, Member.name)
    if not include_inactive:
        query = query.where(Member.active == True)  # noqa: E712
    return [to_view(row) for row in query]


def create_member(ctx: ServiceContext, data: MemberIn | dict[str, Any]) -> MemberView:
    """Add a member. Admins only, except the very first member of a new workspace."""
    spec = parse(MemberIn, data, where="member")
    with db.atomic():
        if Member.select().exists():
            ctx.require(Role.ADMIN, "add members")
        if Member.select().where(fn.LOWER(Member.name) == spec.name.casefold()).exists():
            raise InvalidInput(f"member: name: {spec.name!r} is already a member")
        if spec.handle and Member.select().where(Member.handle == spec.handle).exists():
            raise InvalidInput(f"member: handle: {spec.handle!r} is already taken")
        values = spec.model_dump()
        values["role"] = spec.role.value
        row = Member.create(**values, created_at=ctx.now())
        activity.record(ctx, "member", row.id, "create", f"added member {row.name}", after=values)
    return to_view(row)


def resolve_actor(user: str | None, *, os_user: str, read_only: bool = False) -> Actor:
    """Map `--user` (or the OS login) to the member a session acts as.

    - An empty workspace (no members yet) lets anyone set it up, as admin.
    - A known member acts with their role (viewer if `read_only` or deactivated).
    - An unknown OS user gets guest read-only access and is told why;
      an unknown `--user` name is an error (NotFound).
    """
    from mpm_tui.services.lookups import member_named

    if not Member.select().exists():
        who = user or os_user or "you"
        role = Role.VIEWER if read_only else Role.ADMIN
        return Actor(who, role, None, "setting up a new workspace")
    if user:
        row = member_named(user)
    else:
        row = Member.get_or_none(Member.handle == os_user) if os_user else None
        if row is None:
            return Actor(
                os_user or "guest",
                Role.VIEWER,
                None,
                "not a member of this workspace: use --user NAME",
            )
    role = Role(row.role)
    note = ""
    if not row.active:  # deactivated by an admin (services/team_admin.py): look only
        role, note = Role.VIEWER, "deactivated member"
    elif read_only and role != Role.VIEWER:
        role, note = Role.VIEWER, "read-only session"
    return Actor(row.name, role, row.id, note)


# --- time off ---------------------------------------------------------------------


def add_time_off(ctx: ServiceContext, data: TimeOffIn | dict[str, Any]) -> int:
    """Record an absence; it lowers the member's capacity in the workload.

    Editors record their own time off; admins anyone's.
    """
    from mpm_tui.services.lookups import member_named

    spec = parse(TimeOffIn, data, where="time off")
    with db.atomic():
        member = member_named(spec.member)
        if member.id != ctx.actor.member_id:
            ctx.require(Role.ADMIN, f"record time off for {member.name}")
        ctx.require(Role.EDITOR, "record time off")
        overlapping = TimeOff.get_or_none(
            (TimeOff.member == member) & (TimeOff.start <= spec.end) & (TimeOff.end >= spec.start)
        )
        if overlapping is not None:
            raise InvalidInput(
                f"time off: {member.name} is already away {overlapping.start} – "
                f"{overlapping.end} (#{overlapping.id}); remove it first or pick other dates"
            )
        row = TimeOff.create(member=member, start=spec.start, end=spec.end, note=spec.note)
        activity.record(
            ctx,
            "time_off",
            row.id,
            "create",
            f"time off for {member.name}: {spec.start} – {spec.end}",
            after=spec.model_dump(),
        )
    return row.id


def remove_time_off(ctx: ServiceContext, time_off_id: int) -> None:
    """Delete a recorded absence (the member themselves, or an admin)."""
    with db.atomic():
        row = TimeOff.get_or_none(TimeOff.id == time_off_id)
        if row is None:
            raise NotFound(f"no time off #{time_off_id} (see `mpm timeoff list`)")
        member = Member.get_by_id(row.member_id)
        if member.id != ctx.actor.member_id:
            ctx.require(Role.ADMIN, f"remove time off of {member.name}")
        ctx.require(Role.EDITOR, "remove time off")
        before = {"member": member.name, "start": row.start, "end": row.end, "note": row.note}
        row.delete_instance()
        activity.record(
            ctx,
            "time_off",
            time_off_id,
            "delete",
            f"removed time off of {member.name}: {before['start']} – {before['end']}",
            before=before,
        )


def list_time_off(*, member: str | None = None) -> list[TimeOffView]:
    """Recorded absences, earliest first (of one member when named)."""
    from mpm_tui.services.lookups import member_named

    query = TimeOff.select(TimeOff, Member.name).join(Member).order_by(TimeOff.start, Member.name)
    if member is not None:
        query = query.where(TimeOff.member == member_named(member).id)
    return [TimeOffView(row.id, row.member.name, row.start, row.end, row.note) for row in query]
