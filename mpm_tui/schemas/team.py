"""Validated input of the admin changes: a member's role, name, handle and capacity,
a board's or a column's new name."""

from __future__ import annotations

from typing import Annotated

from pydantic import Field, StringConstraints, field_validator

from mpm_tui.schemas.enums import Role
from mpm_tui.schemas.inputs import Input, Name

Handle = Annotated[str, StringConstraints(strip_whitespace=True, max_length=64)]


class MemberChangesIn(Input):
    """What changes on a member; a field left out (None) stays as it is."""

    name: Name | None = None
    handle: Handle | None = None
    """The OS login that maps to the member; "" removes it."""
    role: Role | None = None
    capacity_days: Annotated[float, Field(ge=0, le=7)] | None = None
    """Working days per week, 0 to 7."""

    @field_validator("handle")
    @classmethod
    def _one_word(cls, value: str | None) -> str | None:
        if value is not None and len(value.split()) > 1:
            raise ValueError(f"a login has no spaces (got {value!r})")
        return value

    @property
    def empty(self) -> bool:
        return all(
            value is None for value in (self.name, self.handle, self.role, self.capacity_days)
        )


class NameIn(Input):
    """A new name for a board or a column."""

    name: Name
