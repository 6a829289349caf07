"""Who is acting and what time it is: passed into every service call.

Tests freeze the clock by passing `clock=lambda: datetime(...)`; the app and
the CLI use the real one.
"""

from __future__ import annotations

import getpass
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime

from mpm_tui.schemas.enums import Role
from mpm_tui.services.errors import PermissionDenied


def _system_clock() -> datetime:
    return datetime.now()


@dataclass(frozen=True)
class Actor:
    """The member a session acts as (`member_id` None: a guest or the set-up user)."""

    name: str
    role: Role
    member_id: int | None = None
    note: str = ""  # why this role, e.g. "not a member of this workspace"


@dataclass(frozen=True)
class ServiceContext:
    actor: Actor
    clock: Callable[[], datetime] = field(default=_system_clock)

    def now(self) -> datetime:
        """The current time, to the second (what the activity log stores)."""
        return self.clock().replace(microsecond=0)

    def today(self) -> date:
        return self.clock().date()

    def require(self, role: Role, doing: str) -> None:
        """Refuse unless the actor's role is at least `role`."""
        if self.actor.role.rank < role.rank:
            why = f" ({self.actor.note})" if self.actor.note else ""
            held = self.actor.role.value
            article = "an" if held[0] in "aeiou" else "a"
            raise PermissionDenied(
                f"{self.actor.name} is {article} {held}{why} and cannot {doing}; "
                f"that needs the {role.value} role"
            )

    def refusal(self, role: Role, doing: str) -> str:
        """What `require(role, doing)` would refuse with, or "" when it would pass:
        for screens that say up front why a key does nothing here."""
        try:
            self.require(role, doing)
        except PermissionDenied as refused:
            return str(refused)
        return ""

    def with_role(self, role: Role, note: str = "") -> ServiceContext:
        """The same session with a lowered (or raised) role, e.g. for --read-only."""
        actor = Actor(self.actor.name, role, self.actor.member_id, note or self.actor.note)
        return ServiceContext(actor, self.clock)


def os_user() -> str:
    """The login name of the process owner ("" when the OS will not say)."""
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return ""
