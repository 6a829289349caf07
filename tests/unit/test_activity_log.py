"""The audit log: every write leaves an entry with who, when, which record and the
before/after values (only the changed fields for an update, `after` for a create,
`before` for a delete); and reading it back (filters, one card's history, names
for ids, a constant number of queries).

A small workspace built through the services on the frozen clock (Monday
2026-11-23 09:30): Ann Lee (admin) and Ben Ito (editor), one board (To Do,
Doing, Done), project Launch.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from playhouse.test_utils import count_queries

from mpm_tui.db.models import Activity
from mpm_tui.schemas.enums import Role
from mpm_tui.schemas.views import FieldChange
from mpm_tui.services import (
    activity,
    boards,
    goals,
    members,
    planning,
    projects,
    risks,
    settings,
    task_details,
    tasks,
)
from mpm_tui.services.context import Actor, ServiceContext
from mpm_tui.services.errors import InvalidInput
from tests.conftest import FROZEN_NOW, frozen_clock

Entry = tuple[str, str, int | None, str, dict[str, Any] | None, dict[str, Any] | None]
"""(actor, entity, entity id, action, before, after) as stored."""


@pytest.fixture
def ann(db_path: Path) -> ServiceContext:
    setup = ServiceContext(Actor("set-up", Role.ADMIN), frozen_clock)
    members.create_member(setup, {"name": "Ann Lee", "handle": "ann", "role": "admin"})
    ctx = ServiceContext(members.resolve_actor("Ann Lee", os_user=""), frozen_clock)
    members.create_member(ctx, {"name": "Ben Ito", "handle": "ben", "role": "editor"})
    boards.create_board(
        ctx, {"name": "Flow", "columns": [{"name": "To Do"}, {"name": "Doing"}, {"name": "Done"}]}
    )
    projects.create_project(ctx, {"name": "Launch"})
    return ctx


def ben() -> ServiceContext:
    return ServiceContext(members.resolve_actor("Ben Ito", os_user=""), frozen_clock)


def last() -> Entry:
    row = Activity.select().order_by(Activity.id.desc()).get()
    load: Callable[[str | None], Any] = lambda text: None if text is None else json.loads(text)  # noqa: E731
    return (
        row.actor_name,
        row.entity,
        row.entity_id,
        row.action,
        load(row.before),
        load(row.after),
    )


def test_each_write_leaves_who_what_and_before_after(ann: ServiceContext) -> None:
    """A walk through the writes of a week: each leaves exactly the entry it should."""
    entries = Activity.select().count()

    def logged(expected: Entry) -> None:
        nonlocal entries
        assert last() == expected
        assert Activity.select().count() == entries + 1  # one write, one entry
        entries += 1
        assert Activity.select().order_by(Activity.id.desc()).get().at == FROZEN_NOW

    task = tasks.create_task(
        ben(), {"title": "Brief", "project": "Launch", "owner": "Ben Ito", "due": "2026-11-30"}
    )
    actor, entity, entity_id, action, before, after = last()
    assert (actor, entity, entity_id, action, before) == (
        "Ben Ito",
        "task",
        task.id,
        "create",
        None,
    )
    assert after is not None
    assert (after["title"], after["due"], after["owner_id"]) == ("Brief", "2026-11-30", 2)
    entries += 1

    tasks.update_task(ben(), task.id, {"due": "2026-12-02", "estimate_days": 2})
    logged(
        (
            "Ben Ito",
            "task",
            task.id,
            "update",
            {"due": "2026-11-30", "estimate_days": None},
            {"due": "2026-12-02", "estimate_days": 2.0},
        )
    )
    doing = next(c for c in boards.board_view().columns if c.name == "Doing")  # type: ignore[union-attr]
    tasks.move_task(ben(), task.id, doing.id)
    logged(
        (
            "Ben Ito",
            "task",
            task.id,
            "move",
            {"column": "To Do", "position": 0},
            {"column": "Doing", "position": 0},
        )
    )
    item = task_details.add_checklist_item(ben(), task.id, "Draft")
    logged(("Ben Ito", "task", task.id, "checklist", None, {"text": "Draft", "done": False}))
    task_details.set_checklist_done(ben(), item, True)
    logged(("Ben Ito", "task", task.id, "checklist", {"done": False}, {"done": True}))
    task_details.add_collaborator(ben(), task.id, "Ann Lee", "writer")
    logged(
        ("Ben Ito", "task", task.id, "collaborator", None, {"member": "Ann Lee", "role": "writer"})
    )
    task_details.add_collaborator(ben(), task.id, "Ann Lee", "reviewer")
    logged(
        (
            "Ben Ito",
            "task",
            task.id,
            "collaborator",
            {"role": "writer"},
            {"member": "Ann Lee", "role": "reviewer"},
        )
    )

    project = projects.update_project(ann, "Launch", {"objective": "30 deals", "impact": 5})
    logged(
        (
            "Ann Lee",
            "project",
            project.id,
            "update",
            {"objective": "", "impact": 3},
            {"objective": "30 deals", "impact": 5},
        )
    )
    projects.set_status(ann, "Launch", "active")
    logged(
        ("Ann Lee", "project", project.id, "status", {"status": "planning"}, {"status": "active"})
    )

    kpi = planning.add_kpi(ann, "Launch", {"name": "Deals", "is_kgi": True, "target": 30})
    _, entity, entity_id, action, before, after = last()
    assert (entity, entity_id, action, before) == ("kpi", kpi, "create", None)
    assert after is not None and (after["name"], after["target"]) == ("Deals", 30)
    entries += 1
    goals.set_kpi_target(ann, kpi, 40)
    logged(
        (
            "Ann Lee",
            "kpi",
            kpi,
            "update",
            {"target": 30.0, "recomputed": {}},
            {"target": 40.0, "recomputed": {}},
        )
    )

    line = planning.set_budget_line(ann, "Launch", {"channel": "Email", "planned": 500})
    logged(
        (
            "Ann Lee",
            "budget_line",
            line,
            "create",
            None,
            {"channel": "Email", "planned": 500.0, "spent": 0.0, "note": ""},
        )
    )
    planning.set_budget_line(ann, "Launch", {"channel": "Email", "planned": 800, "note": "x"})
    logged(
        (
            "Ann Lee",
            "budget_line",
            line,
            "update",
            {"planned": 500.0, "note": ""},
            {"planned": 800.0, "note": "x"},
        )
    )
    planning.set_budget_line(ann, "Launch", {"channel": "Email", "planned": 800, "note": "x"})
    assert Activity.select().count() == entries  # nothing changed: nothing logged
    goals.set_budget_spent(ann, "Launch", "Email", 120)
    logged(("Ann Lee", "budget_line", line, "update", {"spent": 0.0}, {"spent": 120.0}))

    risk = risks.add_risk(ann, "Launch", {"description": "Late", "probability": 2, "impact": 4})
    entries += 1
    risks.update_risk(ann, risk.id, {"probability": 4, "owner": "Ben Ito"})
    logged(
        (
            "Ann Lee",
            "risk",
            risk.id,
            "update",
            {"probability": 2, "owner": None},
            {"probability": 4, "owner": "Ben Ito"},
        )
    )
    risks.delete_risk(ann, risk.id)
    _, entity, entity_id, action, before, after = last()
    assert (entity, entity_id, action, after) == ("risk", risk.id, "delete", None)
    assert before == {
        "description": "Late",
        "probability": 4,
        "impact": 4,
        "response": "",
        "owner": "Ben Ito",
        "status": "open",
    }
    entries += 1

    member = members.create_member(ann, {"name": "Cy Dow", "capacity_days": 3})
    _, entity, entity_id, action, before, after = last()
    assert (entity, entity_id, action, before) == ("member", member.id, "create", None)
    assert after is not None and (after["name"], after["capacity_days"]) == ("Cy Dow", 3.0)
    entries += 1

    column = boards.set_wip_limit(ann, "Flow", "Doing", 3)
    logged(("Ann Lee", "column", column.id, "update", {"wip_limit": None}, {"wip_limit": 3}))
    settings.set_setting(ann, "workload.collaborator_share", "25%")
    logged(("Ann Lee", "setting", None, "update", None, {"value": "0.25"}))

    tasks.delete_task(ben(), task.id)
    _, entity, entity_id, action, before, after = last()
    assert (entity, entity_id, action, after) == ("task", task.id, "delete", None)
    assert before is not None
    assert (before["title"], before["due"], before["column_id"]) == ("Brief", "2026-12-02", 2)
    entries += 1
    assert Activity.select().count() == entries


def test_a_refused_write_leaves_no_entry(ann: ServiceContext) -> None:
    viewer = ann.with_role(Role.VIEWER, "read-only session")
    before = Activity.select().count()
    with pytest.raises(Exception, match="cannot edit projects"):
        projects.update_project(viewer, "Launch", {"objective": "x"})
    assert Activity.select().count() == before


# --- reading the log back -------------------------------------------------------------------


def at(minutes: int) -> ServiceContext:
    actor = members.resolve_actor("Ben Ito", os_user="")
    return ServiceContext(actor, lambda: FROZEN_NOW + timedelta(minutes=minutes))


def test_the_log_reads_newest_first_with_names_for_ids(ann: ServiceContext) -> None:
    task = tasks.create_task(at(1), {"title": "Brief", "project": "Launch", "owner": "Ben Ito"})
    tasks.update_task(at(2), task.id, {"owner": "Ann Lee", "blocked": True})
    entries = activity.list_activity(limit=2)
    assert [(e.actor, e.what, e.action) for e in entries] == [
        ("Ben Ito", f"task #{task.id}", "update"),
        ("Ben Ito", f"task #{task.id}", "create"),
    ]
    assert entries[0].changes == (  # in the order stored: by name
        FieldChange("blocked", "no", "yes"),
        FieldChange("owner", "Ben Ito", "Ann Lee"),
    )
    created = {c.field: c for c in entries[1].changes}
    assert created["column"] == FieldChange("column", None, "To Do")  # the column's name
    assert created["project"].after == "Launch"
    assert "blocked" not in created and "reviewer" not in created  # empty: left out
    assert entries[0].changes[1].text() == "owner: Ben Ito → Ann Lee"
    assert created["title"].text() == "title: Brief"


def test_filters_by_kind_member_task_and_moment(ann: ServiceContext) -> None:
    first = tasks.create_task(at(1), {"title": "First"})
    second = tasks.create_task(at(2), {"title": "Second"})
    tasks.add_dependency(at(3), first.id, second.id)
    task_details.add_comment(at(4), first.id, "Go")
    projects.update_project(ann, "Launch", {"objective": "x"})

    def whats(**filters: Any) -> list[str]:
        return [f"{e.what} {e.action}" for e in activity.list_activity(**filters)]

    assert whats(task=first.id) == [
        f"task #{first.id} comment",
        f"dependency #{second.id} create",  # it is waited for: in its history too
        f"task #{first.id} create",
    ]
    assert whats(task=second.id) == [f"dependency #{second.id} create", f"task #{second.id} create"]
    assert whats(entity="project") == ["project #1 update", "project #1 create"]
    assert whats(actor="Ben Ito", since=FROZEN_NOW + timedelta(minutes=3)) == [
        f"task #{first.id} comment",
        f"dependency #{second.id} create",
    ]
    assert whats(actor="Nobody") == []


def test_a_page_costs_two_queries_however_many_entries(ann: ServiceContext) -> None:
    for n in range(30):
        tasks.create_task(at(n), {"title": f"T{n}", "owner": "Ben Ito", "project": "Launch"})
    with count_queries() as many:
        assert len(activity.list_activity(limit=activity.PAGE)) > 30
    with count_queries() as one:
        assert len(activity.list_activity(limit=1)) == 1
    assert many.count == one.count == 2


def test_the_card_detail_carries_its_history(ann: ServiceContext) -> None:
    task = tasks.create_task(at(1), {"title": "Brief"})
    tasks.update_task(at(2), task.id, {"title": "Brief v2"})
    detail = task_details.get_task_detail(task.id)
    assert [(e.action, e.summary) for e in detail.history] == [
        ("update", "edited 'Brief v2': title"),
        ("create", "created 'Brief' in To Do"),
    ]
    assert detail.history[0].changes == (FieldChange("title", "Brief", "Brief v2"),)


def test_kinds_and_members_to_filter_by(ann: ServiceContext) -> None:
    tasks.create_task(ben(), {"title": "Brief"})
    facets = activity.activity_facets()
    assert facets.kinds == ("board", "member", "project", "task")
    assert facets.actors == ("Ann Lee", "Ben Ito", "set-up")
    assert activity.entity_kind(" Budget-Line ") == "budget_line"
    with pytest.raises(InvalidInput, match=r"--entity: no kind of record 'car' \(kinds: board, "):
        activity.entity_kind("car")


@pytest.mark.parametrize(
    ("before", "after", "expected"),
    [
        ({"due": "2026-11-30"}, {"due": "2026-12-02"}, ["due: 2026-11-30 → 2026-12-02"]),
        (
            {"status": "proposed"},
            {"status": "accepted", "days": 3},
            ["status: proposed → accepted", "days: 3"],
        ),
        ({"kpi": "Leads", "note": ""}, {"kpi": "Leads", "note": "late"}, ["note: — → late"]),
        (None, {"text": "Go", "done": False, "position": 0}, ["text: Go", "position: 0"]),
        ({"predecessor": 4, "successor": 7}, None, ["predecessor: #4", "successor: #7"]),
        ({"at": "2026-11-23T09:30:00"}, {"at": None}, ["at: 2026-11-23 09:30 → —"]),
        (
            None,
            {"items": [{"text": "a"}], "kpis": {"Leads": {"actual": 5.0}}},
            ["items: (text a)", "kpis: Leads (actual 5)"],
        ),
    ],
)
def test_changes_in_words(
    before: dict[str, Any] | None, after: dict[str, Any] | None, expected: list[str]
) -> None:
    assert [c.text() for c in activity.describe_changes(before, after)] == expected


def test_an_unreadable_stored_value_is_shown_as_it_is(ann: ServiceContext) -> None:
    Activity.create(
        at=datetime(2026, 11, 23, 10), actor_name="import", entity="task", entity_id=99,
        action="update", summary="odd", before="not json", after="[1, 2]",
    )  # fmt: skip
    entry = activity.list_activity(limit=1)[0]
    assert [c.text() for c in entry.changes] == ["value: not json → 1, 2"]


def _entry(entry_id: int) -> None:
    Activity.insert(
        id=entry_id, at=FROZEN_NOW, actor_name="x", entity="task", action="update"
    ).execute()


def test_the_change_stamp_moves_when_an_entry_commits_below_the_newest_id(
    db_path: Path,
) -> None:
    """On PostgreSQL an id is taken when the row is written, not at commit: a
    transaction that took id 10 may commit after the one that took 11. The stamp
    screens poll must move then too, not only when the newest id does."""
    assert activity.latest_change() == 0
    _entry(11)
    seen = activity.latest_change()
    assert activity.change_id(seen) == 11
    _entry(10)  # committed after 11, below it
    later = activity.latest_change()
    assert later != seen and later > seen
    assert activity.change_id(later) == 11
    _entry(12)
    assert activity.latest_change() > later
    assert activity.change_id(activity.latest_change()) == 12
