"""Projects: create, edit, status changes, and the retro-before-close rule."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from mpm_tui.db.models import Activity, Project, Retrospective
from mpm_tui.schemas.enums import ProjectStatus, RetroStatus
from mpm_tui.services import members, projects, retros
from mpm_tui.services.context import ServiceContext
from mpm_tui.services.errors import InvalidInput, PermissionDenied, RuleViolation
from tests.conftest import FROZEN_NOW, dump_database, refused

CLOSE_REFUSED = (
    "project 'Launch' cannot be closed: its retrospective is not complete "
    "(write it and mark it complete first)"
)

FULL_RETRO: dict[str, Any] = {
    "held_on": date(2026, 11, 20),
    "participants": ("Ana", "Ben"),
    "items": (
        {"section": "went_well", "text": "Email open rate beat target"},
        {"section": "went_badly", "text": "Landing page was late"},
        {"section": "improvement", "text": "Start design a week earlier"},
        {"section": "action", "text": "Book designer for Q1", "owner": "Ana"},
    ),
}


def make_launch(ctx: ServiceContext, **fields: Any) -> None:
    projects.create_project(ctx, {"name": "Launch", **fields})


# --- create / update ------------------------------------------------------------


def test_create_project(db_path: Path, admin: ServiceContext, editor: ServiceContext) -> None:
    members.create_member(admin, {"name": "Ana"})
    view = projects.create_project(
        editor,
        {
            "name": "  Spring Launch ",
            "objective": "500 MQLs by March",
            "channels": ("email", " social "),
            "kind": "webinar",
            "owner": "ana",
            "start": date(2026, 11, 23),
            "end": date(2027, 1, 29),
            "impact": 4,
            "effort": 2,
        },
    )
    assert (view.name, view.status, view.owner, view.version) == (
        "Spring Launch",
        ProjectStatus.PLANNING,
        "Ana",
        1,
    )
    assert view.channels == ("email", "social")
    assert (view.start, view.end, view.impact, view.effort) == (
        date(2026, 11, 23),
        date(2027, 1, 29),
        4,
        2,
    )
    assert projects.get_project("spring launch") == view
    row = Project.get_by_id(view.id)
    assert (row.channels, row.created_at) == ("email,social", FROZEN_NOW)
    entry = Activity.get((Activity.entity == "project") & (Activity.entity_id == view.id))
    assert (entry.action, entry.actor_name, entry.summary) == (
        "create",
        "Test Editor",
        "created project Spring Launch",
    )
    assert json.loads(entry.after)["objective"] == "500 MQLs by March"


def test_update_project_bumps_version_and_logs_the_change(
    db_path: Path, editor: ServiceContext
) -> None:
    make_launch(editor, start=date(2026, 11, 23))
    view = projects.update_project(
        editor,
        "launch",
        {"objective": "1,000 leads", "end": date(2026, 12, 18), "channels": ("email",)},
        expected_version=1,
    )
    assert (view.objective, view.end, view.channels, view.version) == (
        "1,000 leads",
        date(2026, 12, 18),
        ("email",),
        2,
    )
    entry = (
        Activity.select()
        .where((Activity.entity == "project") & (Activity.action == "update"))
        .get()
    )
    assert entry.summary == "edited project Launch: channels, end, objective"
    assert json.loads(entry.before) == {"objective": "", "end": None, "channels": ""}
    assert json.loads(entry.after) == {
        "objective": "1,000 leads",
        "end": "2026-12-18",
        "channels": "email",
    }


def test_update_that_changes_nothing_is_a_no_op(db_path: Path, editor: ServiceContext) -> None:
    make_launch(editor, impact=4)
    before = dump_database()
    assert projects.update_project(editor, "Launch", {"impact": 4}).version == 1
    assert dump_database() == before


def test_set_status(db_path: Path, editor: ServiceContext) -> None:
    make_launch(editor)
    view = projects.set_status(editor, "Launch", "active")
    assert (view.status, view.version) == (ProjectStatus.ACTIVE, 2)
    entry = Activity.get(Activity.action == "status")
    assert entry.summary == "project Launch: planning → active"
    assert (json.loads(entry.before), json.loads(entry.after)) == (
        {"status": "planning"},
        {"status": "active"},
    )
    before = dump_database()
    assert projects.set_status(editor, "Launch", ProjectStatus.ACTIVE).version == 2
    assert dump_database() == before
    assert projects.set_status(editor, "Launch", "on_hold").status == ProjectStatus.ON_HOLD
    assert projects.set_status(editor, "Launch", "cancelled").status == ProjectStatus.CANCELLED


def test_unknown_status_is_refused(db_path: Path, editor: ServiceContext) -> None:
    make_launch(editor)
    refused(
        lambda: projects.set_status(editor, "Launch", "finished"),
        InvalidInput,
        "project: status: must be one of planning, active, on_hold, done, cancelled "
        "(got 'finished')",
    )


# --- closing needs a completed final retrospective --------------------------------


def test_close_without_retrospective_is_refused(db_path: Path, editor: ServiceContext) -> None:
    make_launch(editor, status="active")
    refused(lambda: projects.set_status(editor, "Launch", "done"), RuleViolation, CLOSE_REFUSED)
    assert projects.get_project("Launch").status == ProjectStatus.ACTIVE


def test_close_with_only_a_draft_retrospective_is_refused(
    db_path: Path, admin: ServiceContext, editor: ServiceContext
) -> None:
    members.create_member(admin, {"name": "Ana"})
    make_launch(editor, status="active")
    retros.create_retrospective(editor, "Launch", FULL_RETRO)
    refused(lambda: projects.set_status(editor, "Launch", "done"), RuleViolation, CLOSE_REFUSED)


def test_a_completed_midpoint_retrospective_does_not_close(
    db_path: Path, editor: ServiceContext
) -> None:
    make_launch(editor, status="active")
    midpoint = retros.create_retrospective(
        editor, "Launch", {**FULL_RETRO, "kind": "midpoint", "items": FULL_RETRO["items"][:3]}
    )
    retros.complete_retrospective(editor, midpoint)
    refused(lambda: projects.set_status(editor, "Launch", "done"), RuleViolation, CLOSE_REFUSED)


def test_close_after_completing_the_retrospective(
    db_path: Path, admin: ServiceContext, editor: ServiceContext
) -> None:
    members.create_member(admin, {"name": "Ana"})
    make_launch(editor, status="active")
    retro_id = retros.create_retrospective(editor, "Launch", FULL_RETRO)
    retros.complete_retrospective(editor, retro_id)
    retro = Retrospective.get_by_id(retro_id)
    assert (retro.status, retro.completed_at, retro.version) == (
        RetroStatus.COMPLETE.value,
        FROZEN_NOW,
        2,
    )
    view = projects.set_status(editor, "Launch", "done")
    assert (view.status, view.version) == (ProjectStatus.DONE, 2)


def test_new_project_cannot_start_done(db_path: Path, editor: ServiceContext) -> None:
    refused(
        lambda: projects.create_project(editor, {"name": "Launch", "status": "done"}),
        RuleViolation,
        "a new project cannot start as done: close it after its retrospective",
    )


@pytest.mark.parametrize(
    ("sections", "missing"),
    [
        ((), "what went well, what did not go well, improvements for next time"),
        (("went_well",), "what did not go well, improvements for next time"),
        (("went_well", "went_badly", "action"), "improvements for next time"),
        (("improvement", "action"), "what went well, what did not go well"),
    ],
)
def test_complete_retrospective_refused_with_an_empty_section(
    db_path: Path, editor: ServiceContext, sections: tuple[str, ...], missing: str
) -> None:
    make_launch(editor, status="active")
    items = [{"section": section, "text": f"something about {section}"} for section in sections]
    retro_id = retros.create_retrospective(editor, "Launch", {"items": items})
    refused(
        lambda: retros.complete_retrospective(editor, retro_id),
        InvalidInput,
        "a retrospective is complete only with something in every section; missing: " + missing,
    )
    refused(lambda: projects.set_status(editor, "Launch", "done"), RuleViolation, CLOSE_REFUSED)


# --- names and input ------------------------------------------------------------


@pytest.mark.parametrize("name", ["Launch", "launch", "  LAUNCH  "])
def test_duplicate_project_name_is_refused_case_insensitively(
    db_path: Path, editor: ServiceContext, name: str
) -> None:
    make_launch(editor)
    refused(
        lambda: projects.create_project(editor, {"name": name}),
        InvalidInput,
        f"project: name: a project called {name.strip()!r} already exists",
    )


@pytest.mark.parametrize("name", ["launch", "Launch"])
def test_rename_to_an_existing_name_is_refused(
    db_path: Path, editor: ServiceContext, name: str
) -> None:
    make_launch(editor)
    projects.create_project(editor, {"name": "Webinar"})
    refused(
        lambda: projects.update_project(editor, "Webinar", {"name": name}),
        InvalidInput,
        f"project: name: a project called {name!r} already exists",
    )


def test_rename_to_own_name_in_other_case_is_allowed(db_path: Path, editor: ServiceContext) -> None:
    make_launch(editor)
    assert projects.update_project(editor, "Launch", {"name": "LAUNCH"}).name == "LAUNCH"


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (
            {"name": "Launch", "impact": 7},
            "project: impact: input should be less than or equal to 5 (got 7)",
        ),
        (
            {"name": "Launch", "effort": 0},
            "project: effort: input should be greater than or equal to 1 (got 0)",
        ),
        ({"name": "   "}, "project: name: must not be empty"),
        ({"name": ""}, "project: name: must not be empty"),
        ({}, "project: name: is required"),
        (
            {"name": "Launch", "start": date(2026, 11, 20), "end": date(2026, 11, 1)},
            "project: end 2026-11-01 is before start 2026-11-20",
        ),
        ({"name": "Launch", "budget": 5}, "project: budget: is not a known field"),
    ],
)
def test_bad_project_input_names_the_field(
    db_path: Path, editor: ServiceContext, data: dict[str, Any], message: str
) -> None:
    refused(lambda: projects.create_project(editor, data), InvalidInput, message)


@pytest.mark.parametrize(
    ("patch", "message"),
    [
        ({"impact": 7}, "project: impact: input should be less than or equal to 5 (got 7)"),
        ({"name": ""}, "project: name: must not be empty"),
        ({"end": date(2026, 11, 1)}, "project: end 2026-11-01 is before start 2026-11-20"),
        ({"name": None}, "project: name: cannot be cleared"),
    ],
)
def test_bad_project_patch_names_the_field(
    db_path: Path, editor: ServiceContext, patch: dict[str, Any], message: str
) -> None:
    make_launch(editor, start=date(2026, 11, 20))
    refused(lambda: projects.update_project(editor, "Launch", patch), InvalidInput, message)


# --- permissions ----------------------------------------------------------------


def test_viewer_cannot_change_projects(
    db_path: Path, editor: ServiceContext, viewer: ServiceContext
) -> None:
    make_launch(editor)
    refused(
        lambda: projects.create_project(viewer, {"name": "Webinar"}),
        PermissionDenied,
        "Test Viewer is a viewer and cannot create projects; that needs the editor role",
    )
    refused(
        lambda: projects.update_project(viewer, "Launch", {"impact": 5}),
        PermissionDenied,
        "Test Viewer is a viewer and cannot edit projects; that needs the editor role",
    )
    refused(
        lambda: projects.set_status(viewer, "Launch", "active"),
        PermissionDenied,
        "Test Viewer is a viewer and cannot change project status; that needs the editor role",
    )
