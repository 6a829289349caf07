"""The risk register's service: the register's order read from the database, and every
write with its refusals, the database read back each time (the pure scoring, bands and
order are in test_risk_logic.py).

Aurora Launch and Beta Fair are built through the services; Ann Lee (handle
`ann`) and Bo Berg are members. A risk's creation time is the clock of the
context that added it, so the tests give each risk its own minute.
"""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path

import pytest

from mpm_tui.db.models import Activity, Risk
from mpm_tui.services import goals, members, planning, projects, risks
from mpm_tui.services.context import ServiceContext
from mpm_tui.services.errors import InvalidInput, NotFound, PermissionDenied
from tests.conftest import FROZEN_NOW, dump_database, refused

AURORA = "Aurora Launch"
BETA = "Beta Fair"


@pytest.fixture
def workspace(db_path: Path, admin: ServiceContext) -> None:
    members.create_member(admin, {"name": "Ann Lee", "handle": "ann"})
    members.create_member(admin, {"name": "Bo Berg"})
    projects.create_project(admin, {"name": AURORA})
    projects.create_project(admin, {"name": BETA})


def at(ctx: ServiceContext, minutes: int) -> ServiceContext:
    """`ctx` with its clock `minutes` after FROZEN_NOW."""
    return ServiceContext(ctx.actor, lambda: FROZEN_NOW + timedelta(minutes=minutes))


def add(
    ctx: ServiceContext, description: str, p: int, i: int, project: str = AURORA, **more: object
) -> int:
    data = {"description": description, "probability": p, "impact": i, **more}
    return risks.add_risk(ctx, project, data).id


def order(project: str | None = AURORA, **options: bool) -> list[str]:
    return [r.description for r in risks.list_risks(project, **options)]


def last_activity() -> Activity:
    return Activity.select().order_by(Activity.id.desc()).first()


# --- the register read from the database ----------------------------------------------


def test_list_risks_in_the_register_order(workspace: None, editor: ServiceContext) -> None:
    add(at(editor, 1), "Older tie", 3, 4)
    add(at(editor, 0), "Oldest tie", 3, 4)
    add(at(editor, 2), "Likelier tie", 4, 3)
    add(at(editor, 3), "Top", 5, 4)
    add(at(editor, 4), "Closed big", 5, 5, status="closed")
    add(at(editor, 5), "Happened", 2, 2, status="occurred")
    add(at(editor, 6), "Smaller", 1, 2)
    add(at(editor, 7), "Damped", 4, 4, status="mitigated")
    add(at(editor, 8), "Elsewhere", 5, 5, project=BETA)
    assert order() == [
        "Top",
        "Likelier tie",
        "Oldest tie",
        "Older tie",
        "Smaller",
        "Happened",
        "Damped",
        "Closed big",
    ]
    assert order(open_only=True) == ["Top", "Likelier tie", "Oldest tie", "Older tie", "Smaller"]
    everything = risks.list_risks()
    assert [r.description for r in everything][:2] == ["Elsewhere", "Top"]
    assert {r.project for r in everything} == {AURORA, BETA}
    # The project detail shows the same order, read in the same single query.
    detail = goals.project_detail(AURORA)
    assert [r.description for r in detail.risks] == order()
    assert order("aurora launch") == order()  # a name as people type it


def test_list_risks_of_an_unknown_project_is_refused(workspace: None) -> None:
    with pytest.raises(NotFound, match="no project called 'Nope'"):
        risks.list_risks("Nope")


# --- adding ---------------------------------------------------------------------------


def test_add_a_risk(workspace: None, editor: ServiceContext) -> None:
    view = risks.add_risk(
        editor,
        AURORA,
        {
            "description": "  Pricing is late  ",
            "probability": 4,
            "impact": 5,
            "response": "Prepare both versions",
            "owner": "ann",
        },
    )
    row = Risk.get_by_id(view.id)
    assert (row.description, row.probability, row.impact, row.response) == (
        "Pricing is late",
        4,
        5,
        "Prepare both versions",
    )
    assert (row.owner.name, row.status, row.created_at) == ("Ann Lee", "open", FROZEN_NOW)
    assert (view.owner, view.score, view.project, view.status) == ("Ann Lee", 20, AURORA, "open")
    entry = last_activity()
    assert (entry.entity, entry.entity_id, entry.action) == ("risk", view.id, "create")
    assert entry.actor_name == "Test Editor"
    assert json.loads(entry.after) == {
        "description": "Pricing is late",
        "probability": 4,
        "impact": 5,
        "response": "Prepare both versions",
        "owner": "Ann Lee",
        "status": "open",
    }


def test_planning_add_risk_still_returns_the_id(workspace: None, editor: ServiceContext) -> None:
    risk_id = planning.add_risk(editor, AURORA, {"description": "Old door", "status": "closed"})
    assert Risk.get_by_id(risk_id).status == "closed"


@pytest.mark.parametrize(
    ("data", "error", "message"),
    [
        (
            {"description": "x", "probability": 0},
            InvalidInput,
            "risk: probability: input should be greater than or equal to 1 (got 0)",
        ),
        (
            {"description": "x", "probability": 6},
            InvalidInput,
            "risk: probability: input should be less than or equal to 5 (got 6)",
        ),
        (
            {"description": "x", "impact": 6},
            InvalidInput,
            "risk: impact: input should be less than or equal to 5 (got 6)",
        ),
        ({"description": "   "}, InvalidInput, "risk: description: must not be empty"),
        (
            {"description": "x", "owner": "Zed"},
            NotFound,
            "risk: owner: no member called 'Zed' (known: Ann Lee, Bo Berg)",
        ),
        (
            {"description": "x", "status": "gone"},
            InvalidInput,
            "risk: status: input should be 'open', 'mitigated', 'occurred' or 'closed' "
            "(got 'gone')",
        ),
    ],
)
def test_bad_input_is_refused_naming_the_field(
    workspace: None,
    editor: ServiceContext,
    data: dict[str, object],
    error: type[Exception],
    message: str,
) -> None:
    refused(lambda: risks.add_risk(editor, AURORA, data), error, message)


def test_a_viewer_cannot_add_and_an_unknown_project_is_refused(
    workspace: None, viewer: ServiceContext, editor: ServiceContext
) -> None:
    refused(
        lambda: risks.add_risk(viewer, AURORA, {"description": "x"}),
        PermissionDenied,
        "Test Viewer is a viewer and cannot add risks; that needs the editor role",
    )
    refused(
        lambda: risks.add_risk(editor, "Gamma", {"description": "x"}),
        NotFound,
        "no project called 'Gamma' (known: Aurora Launch, Beta Fair)",
    )


# --- changing -------------------------------------------------------------------------


@pytest.fixture
def pricing(workspace: None, editor: ServiceContext) -> int:
    return add(editor, "Pricing is late", 4, 5, response="Prepare both", owner="Ann Lee")


def test_update_every_field(pricing: int, editor: ServiceContext) -> None:
    view = risks.update_risk(
        editor,
        pricing,
        {
            "description": "Pricing is very late",
            "probability": 2,
            "impact": 3,
            "response": "Ship without a price",
            "owner": "Bo Berg",
            "status": "mitigated",
        },
    )
    row = Risk.get_by_id(pricing)
    assert (row.description, row.probability, row.impact, row.response, row.status) == (
        "Pricing is very late",
        2,
        3,
        "Ship without a price",
        "mitigated",
    )
    assert row.owner.name == "Bo Berg"
    assert (view.score, view.owner, view.status) == (6, "Bo Berg", "mitigated")
    entry = last_activity()
    assert (entry.action, entry.entity_id) == ("update", pricing)
    assert entry.summary == (
        "risk #1 of Aurora Launch: description, impact, owner, probability, response, status"
    )
    assert json.loads(entry.before)["owner"] == "Ann Lee"
    assert json.loads(entry.after)["status"] == "mitigated"


def test_update_logs_only_what_changed_and_nothing_when_nothing_did(
    pricing: int, editor: ServiceContext
) -> None:
    risks.update_risk(editor, pricing, {"impact": 3, "probability": 4})
    entry = last_activity()
    assert (json.loads(entry.before), json.loads(entry.after)) == ({"impact": 5}, {"impact": 3})
    before = dump_database()
    risks.update_risk(editor, pricing, {"impact": 3, "description": " Pricing is late "})
    assert dump_database() == before


def test_owner_and_response_can_be_cleared(pricing: int, editor: ServiceContext) -> None:
    risks.update_risk(editor, pricing, {"owner": None, "response": None})
    row = Risk.get_by_id(pricing)
    assert (row.owner, row.response) == (None, "")
    risks.update_risk(editor, pricing, {"owner": "ann"})
    risks.update_risk(editor, pricing, {"owner": "  "})
    assert Risk.get_by_id(pricing).owner is None


@pytest.mark.parametrize(
    ("patch", "error", "message"),
    [
        ({"description": ""}, InvalidInput, "risk: description: must not be empty"),
        ({"description": None}, InvalidInput, "risk: description: cannot be cleared"),
        ({"probability": None}, InvalidInput, "risk: probability: cannot be cleared"),
        (
            {"probability": 0},
            InvalidInput,
            "risk: probability: input should be greater than or equal to 1 (got 0)",
        ),
        (
            {"impact": 6},
            InvalidInput,
            "risk: impact: input should be less than or equal to 5 (got 6)",
        ),
        ({"status": None}, InvalidInput, "risk: status: cannot be cleared"),
        (
            {"impact": 1, "owner": "Zed"},
            NotFound,
            "risk: owner: no member called 'Zed' (known: Ann Lee, Bo Berg)",
        ),
        ({"colour": "red"}, InvalidInput, "risk: colour: is not a known field"),
    ],
)
def test_bad_changes_are_refused_and_nothing_changes(
    pricing: int,
    editor: ServiceContext,
    patch: dict[str, object],
    error: type[Exception],
    message: str,
) -> None:
    refused(lambda: risks.update_risk(editor, pricing, patch), error, message)


def test_a_viewer_cannot_change_or_delete(pricing: int, viewer: ServiceContext) -> None:
    refused(
        lambda: risks.update_risk(viewer, pricing, {"impact": 1}),
        PermissionDenied,
        "Test Viewer is a viewer and cannot change risks; that needs the editor role",
    )
    refused(
        lambda: risks.adjust_risk(viewer, pricing, probability=-1),
        PermissionDenied,
        "Test Viewer is a viewer and cannot change risks; that needs the editor role",
    )
    refused(
        lambda: risks.delete_risk(viewer, pricing),
        PermissionDenied,
        "Test Viewer is a viewer and cannot delete risks; that needs the editor role",
    )


def test_an_unknown_risk_is_refused(workspace: None, editor: ServiceContext) -> None:
    refused(lambda: risks.update_risk(editor, 99, {"impact": 1}), NotFound, "no risk with id 99")
    refused(lambda: risks.delete_risk(editor, 99), NotFound, "no risk with id 99")
    refused(lambda: risks.adjust_risk(editor, 99, impact=1), NotFound, "no risk with id 99")
    with pytest.raises(NotFound, match="no risk with id 99"):
        risks.get_risk(99)


def test_adjust_steps_from_the_current_values(pricing: int, editor: ServiceContext) -> None:
    view = risks.adjust_risk(editor, pricing, probability=-1)
    assert (view.probability, view.impact) == (3, 5)
    view = risks.adjust_risk(editor, pricing, impact=-1)
    assert (Risk.get_by_id(pricing).probability, Risk.get_by_id(pricing).impact) == (3, 4)
    entry = last_activity()
    assert (json.loads(entry.before), json.loads(entry.after)) == ({"impact": 5}, {"impact": 4})


def test_adjust_past_the_scale_is_refused(pricing: int, editor: ServiceContext) -> None:
    refused(
        lambda: risks.adjust_risk(editor, pricing, probability=1, impact=1),
        InvalidInput,
        "risk: impact: already 5, the highest (1–5)",
    )
    risks.update_risk(editor, pricing, {"probability": 1})
    refused(
        lambda: risks.adjust_risk(editor, pricing, probability=-1),
        InvalidInput,
        "risk: probability: already 1, the lowest (1–5)",
    )


def test_a_status_change_moves_the_risk_down_the_register(
    workspace: None, editor: ServiceContext
) -> None:
    top = add(at(editor, 0), "Top", 5, 5)
    add(at(editor, 1), "Low", 1, 1)
    risks.update_risk(editor, top, {"status": "mitigated"})
    assert order() == ["Low", "Top"]
    risks.update_risk(editor, top, {"status": "open"})
    assert order() == ["Top", "Low"]


# --- deleting -------------------------------------------------------------------------


def test_delete_a_risk(pricing: int, editor: ServiceContext) -> None:
    risks.delete_risk(editor, pricing)
    assert Risk.get_or_none(Risk.id == pricing) is None
    entry = last_activity()
    assert (entry.action, entry.entity_id, entry.after) == ("delete", pricing, None)
    assert entry.summary == "deleted risk #1 of Aurora Launch: Pricing is late"
    assert json.loads(entry.before)["description"] == "Pricing is late"
    assert order() == []
