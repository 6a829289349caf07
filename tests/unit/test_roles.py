"""Roles hold in the services, for every write: a viewer changes nothing, an editor
changes no admin-only thing (settings, holidays, members, boards, columns, limits,
imports).

Every public function of `mpm_tui.services` that takes the session (`ctx`) is
found by inspection and must be listed in role_writes.py: in `WRITES`, with how
to call it with valid arguments on the demo workspace and the least role it
needs, or in `READ_ONLY`, with why it needs no role. A new write function is
therefore tested (or the classification test fails) before it can ship without
a check.
"""

from __future__ import annotations

import importlib
import inspect
import pkgutil
import re
from datetime import date
from pathlib import Path

import pytest

import mpm_tui.services
from mpm_tui.config import paths
from mpm_tui.schemas.enums import Role
from mpm_tui.services import members
from mpm_tui.services.context import ServiceContext
from mpm_tui.services.errors import MpmError, PermissionDenied
from tests.conftest import dump_database
from tests.unit.role_writes import READ_ONLY, WRITES, Write


def _ctx_functions() -> set[str]:
    """'module.function' for every public service function with a `ctx` parameter."""
    found: set[str] = set()
    for info in pkgutil.iter_modules(mpm_tui.services.__path__):
        module = importlib.import_module(f"mpm_tui.services.{info.name}")
        for name, function in inspect.getmembers(module, inspect.isfunction):
            if name.startswith("_") or function.__module__ != module.__name__:
                continue
            if "ctx" in inspect.signature(function).parameters:
                found.add(f"{info.name}.{name}")
    return found


def test_every_service_function_taking_the_session_is_classified() -> None:
    found = _ctx_functions()
    unlisted = found - WRITES.keys() - READ_ONLY.keys()
    assert not unlisted, f"add these to WRITES (with a role test) or READ_ONLY: {unlisted}"
    assert not (WRITES.keys() & READ_ONLY.keys())
    assert (WRITES.keys() | READ_ONLY.keys()) <= found, "a listed function no longer exists"


REFUSAL = re.compile(
    r"^Test (?P<who>Viewer|Editor) is an? (?P<held>viewer|editor) and cannot [^;]+; "
    r"that needs the (?P<needed>editor|admin) role$"
)


def _templates() -> list[Path]:
    folder = paths().templates_dir
    return sorted(folder.iterdir()) if folder.exists() else []


def _assert_refused(write: Write, ctx: ServiceContext, admin: ServiceContext) -> None:
    if write.prepare is not None:
        write.prepare(admin)
    before, files = dump_database(), _templates()
    with pytest.raises(PermissionDenied) as refused:
        write.call(ctx)
    match = REFUSAL.match(str(refused.value))
    assert match, str(refused.value)
    assert match["held"] == ctx.actor.role.value
    assert match["needed"] == write.role.value
    assert dump_database() == before
    assert _templates() == files


@pytest.mark.parametrize("name", sorted(WRITES))
def test_a_viewer_is_refused_every_write_and_nothing_changes(
    name: str, demo_db: Path, viewer: ServiceContext, admin: ServiceContext
) -> None:
    _assert_refused(WRITES[name], viewer, admin)


ADMIN_ONLY = sorted(name for name, write in WRITES.items() if write.role == Role.ADMIN)


@pytest.mark.parametrize("name", ADMIN_ONLY)
def test_an_editor_is_refused_every_admin_write_and_nothing_changes(
    name: str, demo_db: Path, editor: ServiceContext, admin: ServiceContext
) -> None:
    _assert_refused(WRITES[name], editor, admin)


def test_the_admin_only_writes_are_the_ones_the_design_names() -> None:
    """Admins manage members, boards, columns, limits, settings, holidays and imports."""
    assert ADMIN_ONLY == [
        "boards.create_board",
        "boards.set_person_limit",
        "boards.set_wip_limit",
        "columns.add_column",
        "columns.move_column",
        "columns.remove_board",
        "columns.remove_column",
        "columns.rename_board",
        "columns.rename_column",
        "members.add_time_off",  # someone else's (one's own needs the editor role)
        "members.create_member",
        "members.remove_time_off",  # someone else's
        "planning.add_holiday",
        "planning.remove_holiday",
        "settings.set_setting",
        "team_admin.set_member_active",
        "team_admin.update_member",
        "workspace_import.import_document",
    ]


@pytest.mark.parametrize("name", sorted(WRITES))
def test_the_least_role_may_make_the_change(
    name: str, demo_db: Path, admin: ServiceContext, editor: ServiceContext
) -> None:
    """The arguments above are valid: the refusals are about the role, nothing else."""
    write = WRITES[name]
    if write.prepare is not None:
        write.prepare(admin)
    ctx = admin if write.role == Role.ADMIN else editor
    if write.actor is not None:
        ctx = ServiceContext(members.resolve_actor(write.actor(), os_user=""), editor.clock)
        assert ctx.actor.role == write.role
    before, files = dump_database(), _templates()
    if name == "workspace_import.import_document":
        # The one write whose valid target is an empty workspace: here the role
        # passes and the next check (the workspace is not empty) refuses.
        with pytest.raises(MpmError, match="the target workspace is not empty"):
            write.call(ctx)
        return
    write.call(ctx)
    if write.files:
        assert _templates() != files
    else:
        assert dump_database() != before


def test_an_editor_records_own_time_off_but_a_viewer_member_may_not(
    demo_db: Path, viewer: ServiceContext
) -> None:
    grace = members.resolve_actor("Grace Lindqvist", os_user="")  # a viewer member
    ctx = ServiceContext(grace, viewer.clock)
    leo = ServiceContext(members.resolve_actor("Leo Martins", os_user=""), viewer.clock)
    away = {"start": date(2027, 3, 1), "end": date(2027, 3, 2)}
    before = dump_database()
    with pytest.raises(PermissionDenied, match=r"that needs the editor role$"):
        members.add_time_off(ctx, {"member": "Grace Lindqvist", **away})
    assert dump_database() == before
    members.add_time_off(leo, {"member": "Leo Martins", **away})
    assert dump_database() != before
