"""Workspace settings: values every member shares, kept in the database (admins set them).

User preferences (theme, keys) live in the config file (`mpm_tui.config`);
these are the team's rules, so everyone's numbers agree.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from mpm_tui.db.database import db
from mpm_tui.db.models import Setting
from mpm_tui.schemas.enums import Role
from mpm_tui.services import activity
from mpm_tui.services.context import ServiceContext
from mpm_tui.services.errors import InvalidInput, NotFound


def _fraction(text: str) -> float:
    """A number from 0 to 1, or a percentage such as `25%`."""
    raw = text.strip()
    try:
        value = float(raw[:-1]) / 100 if raw.endswith("%") else float(raw)
    except ValueError:
        raise ValueError(f"{text!r} is not a number (give 0.25 or 25%)") from None
    if not 0 <= value <= 1:
        raise ValueError(f"{text!r} is outside 0–1 (0 %–100 %)")
    return value


@dataclass(frozen=True)
class SettingSpec:
    key: str
    default: str
    parse: Callable[[str], float]
    help: str


KNOWN: dict[str, SettingSpec] = {
    spec.key: spec
    for spec in (
        SettingSpec(
            "workload.collaborator_share",
            "0",
            _fraction,
            "share of a task's estimate its collaborators carry together, split equally "
            "(the owner carries the rest); 0 = the owner carries it all",
        ),
    )
}


def _spec(key: str) -> SettingSpec:
    spec = KNOWN.get(key)
    if spec is None:
        raise NotFound(f"no setting {key!r} (settings: {', '.join(sorted(KNOWN))})")
    return spec


def get_setting(key: str) -> float:
    """The typed value of a known setting (its default when unset or unreadable)."""
    spec = _spec(key)
    row = Setting.get_or_none(Setting.key == key)
    try:
        return spec.parse(row.value if row is not None else spec.default)
    except ValueError:
        return spec.parse(spec.default)


def list_settings() -> list[tuple[str, str, str]]:
    """(key, value, help) of every known setting."""
    stored = {row.key: row.value for row in Setting.select().where(Setting.key.in_(list(KNOWN)))}
    return [(key, stored.get(key, spec.default), spec.help) for key, spec in sorted(KNOWN.items())]


def set_setting(ctx: ServiceContext, key: str, text: str) -> float:
    """Validate and store a setting (admins only); returns the typed value."""
    spec = _spec(key)
    try:
        value = spec.parse(text)
    except ValueError as exc:
        raise InvalidInput(f"setting {key}: {exc}") from None
    with db.atomic():
        ctx.require(Role.ADMIN, "change workspace settings")
        row = Setting.get_or_none(Setting.key == key)
        before = None if row is None else {"value": row.value}
        stored = f"{value:g}"
        if row is None:
            Setting.create(key=key, value=stored)
        else:
            row.value = stored
            row.save()
        activity.record(
            ctx,
            "setting",
            None,
            "update",
            f"{key} = {stored}",
            before=before,
            after={"value": stored},
        )
    return value
