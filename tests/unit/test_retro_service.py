"""The retrospective editor's services: write one whole, complete it, close the
project; the library; the Markdown export.

The workspace: Ann Lee and Ben Ito (editors), one board, and three projects —
Spring Webinar (webinar; email, events; active, KPIs Registrations 400/500 and
Attendees 210/200), Autumn Webinar (webinar; email) and Brand Refresh (brand;
social). "Now" is the frozen Monday 23 November 2026, 09:30.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest
from playhouse.test_utils import count_queries

from mpm_tui.db.models import Task
from mpm_tui.schemas.enums import ProjectStatus, RetroKind, RetroSection, RetroStatus
from mpm_tui.schemas.retro import RetroItemView, RetroKpiRow, RetroView
from mpm_tui.services import (
    activity,
    boards,
    members,
    planning,
    projects,
    retro_library,
    retros,
    tasks,
)
from mpm_tui.services.context import ServiceContext
from mpm_tui.services.errors import (
    InvalidInput,
    NotFound,
    PermissionDenied,
    RuleViolation,
    VersionConflict,
)
from tests.conftest import FROZEN_NOW, dump_database, refused

WELL, BADLY, IMPROVE, ACTION = (
    RetroSection.WENT_WELL,
    RetroSection.WENT_BADLY,
    RetroSection.IMPROVEMENT,
    RetroSection.ACTION,
)
CLOSE_REFUSED = (
    "project 'Spring Webinar' cannot be closed: its retrospective is not complete "
    "(write it and mark it complete first)"
)
FROZEN = "the final retrospective of 'Spring Webinar' is complete: reopen it to change it"
STALE = "this retrospective was changed by Test Editor at 09:30 — reloaded, try again"


@pytest.fixture
def kpis(db_path: Path, admin: ServiceContext) -> tuple[int, int]:
    """The workspace; returns the ids of Spring Webinar's two KPIs."""
    members.create_member(admin, {"name": "Ann Lee", "handle": "ann"})
    members.create_member(admin, {"name": "Ben Ito", "handle": "ben"})
    boards.create_board(
        admin, {"name": "Main", "columns": [{"name": "To Do"}, {"name": "Done", "is_done": True}]}
    )
    projects.create_project(
        admin,
        {
            "name": "Spring Webinar",
            "kind": "webinar",
            "channels": ("email", "events"),
            "status": "active",
        },
    )
    projects.create_project(
        admin, {"name": "Autumn Webinar", "kind": "webinar", "channels": ("email",)}
    )
    projects.create_project(
        admin, {"name": "Brand Refresh", "kind": "brand", "channels": ("social",)}
    )
    registrations = planning.add_kpi(
        admin,
        "Spring Webinar",
        {"name": "Registrations", "unit": "people", "target": 500, "actual": 400},
    )
    attendees = planning.add_kpi(
        admin,
        "Spring Webinar",
        {"name": "Attendees", "unit": "people", "target": 200, "actual": 210},
    )
    planning.add_kpi(admin, "Autumn Webinar", {"name": "Signups", "target": 100, "actual": 50})
    return registrations, attendees


def write_full(ctx: ServiceContext, project: str = "Spring Webinar") -> RetroView:
    """A draft with two items going well and one in every other section."""
    retro = retros.ensure_retrospective(ctx, project)
    retros.add_item(ctx, retro.id, WELL, "Invitations worked")
    retros.add_item(ctx, retro.id, WELL, "The dry run caught the audio problem")
    retros.add_item(ctx, retro.id, BADLY, "The deck was finished late")
    retros.add_item(ctx, retro.id, IMPROVE, "Freeze the deck two days earlier")
    retros.add_item(ctx, retro.id, ACTION, "Add a deck-freeze milestone", owner="ann")
    return retros.get_retrospective(retro.id)


def actions(retro_id: int) -> list[str]:
    return [
        entry.action
        for entry in reversed(activity.list_activity(entity="retrospective", entity_id=retro_id))
    ]


# --- writing a whole retrospective, then closing -------------------------------------------


def test_write_a_whole_retrospective_complete_it_and_close_the_project(
    kpis: tuple[int, int], editor: ServiceContext
) -> None:
    registrations, attendees = kpis
    retro = retros.ensure_retrospective(editor, "Spring Webinar")
    assert (retro.project, retro.kind, retro.status, retro.version) == (
        "Spring Webinar",
        RetroKind.FINAL,
        RetroStatus.DRAFT,
        1,
    )
    assert (retro.items, retro.held_on, retro.participants) == ((), None, ())
    assert retros.ensure_retrospective(editor, "spring webinar").id == retro.id

    first = retros.add_item(editor, retro.id, WELL, "Invitations worked", expected_version=1)
    second = retros.add_item(editor, retro.id, "went_well", "Dry run", expected_version=2)
    top = retros.add_item(editor, retro.id, WELL, "  Brightside was quick  ", position=0)
    assert (top.text, top.position) == ("Brightside was quick", 0)
    badly = retros.add_item(editor, retro.id, BADLY, "Deck late\nno time for polish")
    improve = retros.add_item(editor, retro.id, IMPROVE, "Freeze the deck earlier")
    action = retros.add_item(editor, retro.id, ACTION, "Add a milestone", owner="ann")
    assert action.owner == "Ann Lee"

    retros.edit_item(editor, badly.id, "The deck was finished late")
    edited = retros.edit_item(editor, action.id, "Add a deck-freeze milestone", owner="Ben Ito")
    assert (edited.text, edited.owner) == ("Add a deck-freeze milestone", "Ben Ito")
    assert retros.move_item(editor, top.id, 5).position == 2  # clamped to the end
    assert retros.move_item(editor, second.id, -1).position == 0
    retros.delete_item(editor, first.id)
    retros.set_details(
        editor,
        retro.id,
        held_on=date(2026, 11, 20),
        participants=("ann", "Ben Ito", "Ann Lee"),
    )
    retros.set_kpi_note(editor, retro.id, registrations, "  Promotion started late ")

    view = retros.get_retrospective(retro.id)
    assert view.items == (
        RetroItemView(second.id, WELL, "Dry run", 0),
        RetroItemView(top.id, WELL, "Brightside was quick", 1),
        RetroItemView(badly.id, BADLY, "The deck was finished late", 0),
        RetroItemView(improve.id, IMPROVE, "Freeze the deck earlier", 0),
        RetroItemView(action.id, ACTION, "Add a deck-freeze milestone", 0, owner="Ben Ito"),
    )
    assert view.kpis == (
        RetroKpiRow(registrations, "Registrations", "people", 500, 400, "Promotion started late"),
        RetroKpiRow(attendees, "Attendees", "people", 200, 210, ""),
    )
    assert (view.kpis[0].attainment, view.kpis[0].missed, view.kpis[1].missed) == (0.8, True, False)
    assert (view.held_on, view.participants) == (date(2026, 11, 20), ("Ann Lee", "Ben Ito"))
    assert view.version == 14
    assert actions(retro.id) == [
        "create",
        *["item_add"] * 6,
        "item_edit",
        "item_edit",
        "item_move",
        "item_move",
        "item_delete",
        "details",
        "kpi_note",
    ]

    retros.complete_retrospective(editor, retro.id, expected_version=14)
    done = retros.get_retrospective(retro.id)
    assert (done.status, done.completed_at, done.version) == (RetroStatus.COMPLETE, FROZEN_NOW, 15)
    assert projects.set_status(editor, "Spring Webinar", "done").status is ProjectStatus.DONE


def test_closing_before_the_retrospective_is_complete_changes_nothing(
    kpis: tuple[int, int], editor: ServiceContext
) -> None:
    refused(
        lambda: projects.set_status(editor, "Spring Webinar", "done"), RuleViolation, CLOSE_REFUSED
    )
    write_full(editor)
    refused(
        lambda: projects.set_status(editor, "Spring Webinar", "done"), RuleViolation, CLOSE_REFUSED
    )
    assert projects.get_project("Spring Webinar").status is ProjectStatus.ACTIVE


def test_completing_with_an_empty_section_is_refused(
    kpis: tuple[int, int], editor: ServiceContext
) -> None:
    retro = retros.ensure_retrospective(editor, "Spring Webinar")
    retros.add_item(editor, retro.id, WELL, "Invitations worked")
    retros.add_item(editor, retro.id, ACTION, "Book the designer")
    refused(
        lambda: retros.complete_retrospective(editor, retro.id),
        InvalidInput,
        "a retrospective is complete only with something in every section; "
        "missing: what did not go well, improvements for next time",
    )


def test_completing_twice_changes_nothing(kpis: tuple[int, int], editor: ServiceContext) -> None:
    retro = write_full(editor)
    retros.complete_retrospective(editor, retro.id)
    before = dump_database()
    retros.complete_retrospective(editor, retro.id)
    assert dump_database() == before


def _operations(
    retro: RetroView, kpi: int
) -> dict[str, Callable[[ServiceContext, int | None], object]]:
    """Every edit of the editor, as (ctx, expected_version) → the call."""
    well = retro.section(WELL)[0].id
    return {
        "add": lambda ctx, v: retros.add_item(ctx, retro.id, WELL, "More", expected_version=v),
        "edit": lambda ctx, v: retros.edit_item(ctx, well, "Changed", expected_version=v),
        "move": lambda ctx, v: retros.move_item(ctx, well, 1, expected_version=v),
        "delete": lambda ctx, v: retros.delete_item(ctx, well, expected_version=v),
        "details": lambda ctx, v: retros.set_details(
            ctx, retro.id, held_on=date(2026, 11, 2), expected_version=v
        ),
        "note": lambda ctx, v: retros.set_kpi_note(ctx, retro.id, kpi, "Late", expected_version=v),
    }


EDITS = ("add", "edit", "move", "delete", "details", "note")


@pytest.mark.parametrize("edit", EDITS)
def test_a_complete_retrospective_cannot_change(
    kpis: tuple[int, int], editor: ServiceContext, edit: str
) -> None:
    retro = write_full(editor)
    retros.complete_retrospective(editor, retro.id)
    refused(lambda: _operations(retro, kpis[0])[edit](editor, None), RuleViolation, FROZEN)


@pytest.mark.parametrize("edit", EDITS)
def test_a_stale_version_is_refused(
    kpis: tuple[int, int], editor: ServiceContext, edit: str
) -> None:
    retro = write_full(editor)
    stale = retro.version - 1
    refused(lambda: _operations(retro, kpis[0])[edit](editor, stale), VersionConflict, STALE)
    _operations(retro, kpis[0])[edit](editor, retro.version)  # the fresh version passes
    assert retros.get_retrospective(retro.id).version == retro.version + 1


def test_completing_and_reopening_check_the_version(
    kpis: tuple[int, int], editor: ServiceContext
) -> None:
    retro = write_full(editor)
    refused(
        lambda: retros.complete_retrospective(editor, retro.id, expected_version=1),
        VersionConflict,
        STALE,
    )
    retros.complete_retrospective(editor, retro.id, expected_version=retro.version)
    refused(
        lambda: retros.reopen_retrospective(editor, retro.id, expected_version=retro.version),
        VersionConflict,
        STALE,
    )


def test_reopen_makes_it_editable_again_until_the_project_is_done(
    kpis: tuple[int, int], editor: ServiceContext
) -> None:
    retro = write_full(editor)
    retros.complete_retrospective(editor, retro.id)
    reopened = retros.reopen_retrospective(editor, retro.id)
    assert (reopened.status, reopened.completed_at) == (RetroStatus.DRAFT, None)
    retros.add_item(editor, retro.id, WELL, "Found later")
    refused(
        lambda: projects.set_status(editor, "Spring Webinar", "done"), RuleViolation, CLOSE_REFUSED
    )

    retros.complete_retrospective(editor, retro.id)
    projects.set_status(editor, "Spring Webinar", "done")
    refused(
        lambda: retros.reopen_retrospective(editor, retro.id),
        RuleViolation,
        "project 'Spring Webinar' is done: its final retrospective is the record that closed "
        "it and cannot be reopened (set the project back to active first)",
    )
    projects.set_status(editor, "Spring Webinar", "active")
    assert retros.reopen_retrospective(editor, retro.id).status is RetroStatus.DRAFT


def test_a_viewer_is_refused_everywhere_and_nothing_is_written(
    kpis: tuple[int, int], editor: ServiceContext, viewer: ServiceContext
) -> None:
    retro = write_full(editor)
    action = retro.section(ACTION)[0].id
    cannot = "Test Viewer is a viewer and cannot {}; that needs the editor role"
    for call in _operations(retro, kpis[0]).values():
        refused(
            lambda call=call: call(viewer, None),
            PermissionDenied,
            cannot.format("write retrospectives"),
        )
    refused(
        lambda: retros.ensure_retrospective(viewer, "Autumn Webinar"),
        PermissionDenied,
        cannot.format("write retrospectives"),
    )
    refused(
        lambda: retros.complete_retrospective(viewer, retro.id),
        PermissionDenied,
        cannot.format("complete retrospectives"),
    )
    refused(
        lambda: retros.item_to_task(viewer, action, "Autumn Webinar"),
        PermissionDenied,
        cannot.format("turn action items into tasks"),
    )
    retros.complete_retrospective(editor, retro.id)
    refused(
        lambda: retros.reopen_retrospective(viewer, retro.id),
        PermissionDenied,
        cannot.format("reopen retrospectives"),
    )
    # Reading needs no role: a viewer opens an existing retrospective.
    assert retros.ensure_retrospective(viewer, "Spring Webinar").id == retro.id
    assert retros.retrospective_of("Autumn Webinar") is None


def test_participants_must_be_members(kpis: tuple[int, int], editor: ServiceContext) -> None:
    retro = retros.ensure_retrospective(editor, "Spring Webinar")
    refused(
        lambda: retros.set_details(editor, retro.id, participants=("Ann Lee", "Ben Itto")),
        NotFound,
        "no member called 'Ben Itto' (did you mean 'Ben Ito'?)",
    )
    view = retros.set_details(editor, retro.id, participants="ben, ann,")
    assert view.participants == ("Ben Ito", "Ann Lee")
    cleared = retros.set_details(editor, retro.id, participants=(), held_on=None)
    assert (cleared.participants, cleared.held_on, cleared.version) == ((), None, 3)


def test_bad_input_is_refused_with_the_field(kpis: tuple[int, int], editor: ServiceContext) -> None:
    retro = write_full(editor)
    well = retro.section(WELL)[0].id
    refused(
        lambda: retros.add_item(editor, retro.id, WELL, "   "),
        InvalidInput,
        "retro item: text: must not be empty",
    )
    refused(
        lambda: retros.add_item(editor, retro.id, "went_sideways", "x"),
        InvalidInput,
        "retro item: section: input should be 'went_well', 'went_badly', 'improvement' or "
        "'action' (got 'went_sideways')",
    )
    refused(
        lambda: retros.add_item(editor, retro.id, WELL, "x", owner="Ann Lee"),
        InvalidInput,
        "retro item: owner: only action items have an owner",
    )
    refused(
        lambda: retros.edit_item(editor, well, "x", owner="Ann Lee"),
        InvalidInput,
        "retro item: owner: only action items have an owner",
    )
    refused(
        lambda: retros.add_item(editor, 999, WELL, "x"), NotFound, "no retrospective with id 999"
    )
    refused(
        lambda: retros.edit_item(editor, 999, "x"), NotFound, "no retrospective item with id 999"
    )
    other = planning.add_kpi(editor, "Brand Refresh", {"name": "Reach"})
    refused(
        lambda: retros.set_kpi_note(editor, retro.id, other, "x"),
        NotFound,
        f"project 'Spring Webinar' has no KPI with id {other}",
    )


def test_kpi_notes_are_written_replaced_and_removed(
    kpis: tuple[int, int], editor: ServiceContext
) -> None:
    registrations, _ = kpis
    retro = retros.ensure_retrospective(editor, "Spring Webinar")
    retros.set_kpi_note(editor, retro.id, registrations, "Promotion started late")
    retros.set_kpi_note(editor, retro.id, registrations, "Paid promotion started late")
    assert retros.get_retrospective(retro.id).kpis[0].note == "Paid promotion started late"
    before = dump_database()
    retros.set_kpi_note(editor, retro.id, registrations, " Paid promotion started late ")
    assert dump_database() == before  # the same note: nothing to write
    retros.set_kpi_note(editor, retro.id, registrations, "")
    view = retros.get_retrospective(retro.id)
    assert (view.kpis[0].note, view.version) == ("", 4)
    assert actions(retro.id) == ["create", "kpi_note", "kpi_note", "kpi_note"]


def test_moving_past_either_end_changes_nothing(
    kpis: tuple[int, int], editor: ServiceContext
) -> None:
    retro = write_full(editor)
    first, second = retro.section(WELL)
    before = dump_database()
    assert retros.move_item(editor, first.id, -3).position == 0
    assert retros.move_item(editor, second.id, 1).position == 1
    assert dump_database() == before
    assert retros.move_item(editor, second.id, -9).position == 0
    assert [i.text for i in retros.get_retrospective(retro.id).section(WELL)] == [
        second.text,
        first.text,
    ]


def test_a_midpoint_review_is_a_retrospective_of_its_own(
    kpis: tuple[int, int], editor: ServiceContext
) -> None:
    final = retros.ensure_retrospective(editor, "Spring Webinar")
    midpoint = retros.ensure_retrospective(editor, "Spring Webinar", RetroKind.MIDPOINT)
    assert midpoint.id != final.id
    assert midpoint.kind is RetroKind.MIDPOINT
    assert retros.retrospective_of("Spring Webinar", "midpoint") == midpoint
    assert retros.retrospective_of("Spring Webinar") == final


def test_reading_a_retrospective_costs_three_queries_whatever_it_holds(
    kpis: tuple[int, int], editor: ServiceContext
) -> None:
    empty = retros.ensure_retrospective(editor, "Brand Refresh")
    full = write_full(editor)
    retros.item_to_task(editor, full.section(ACTION)[0].id, "Autumn Webinar")
    with count_queries() as bare:
        retros.get_retrospective(empty.id)
    with count_queries() as whole:
        view = retros.get_retrospective(full.id)
    assert bare.count == whole.count == 3
    assert (len(view.items), len(view.kpis), view.section(ACTION)[0].task_project) == (
        5,
        2,
        "Autumn Webinar",
    )


# --- action items become tasks --------------------------------------------------------------


def test_an_action_item_becomes_a_task_of_another_project(
    kpis: tuple[int, int], editor: ServiceContext
) -> None:
    retro = write_full(editor)
    action = retro.section(ACTION)[0]
    retros.complete_retrospective(editor, retro.id)
    projects.set_status(editor, "Spring Webinar", "done")  # closing the loop comes after

    task_id = retros.item_to_task(editor, action.id, "autumn webinar", due=date(2026, 12, 4))
    task = tasks.get_task(task_id)
    assert (task.title, task.project, task.owner, task.due, task.column) == (
        "Add a deck-freeze milestone",
        "Autumn Webinar",
        "Ann Lee",  # the item's owner
        date(2026, 12, 4),
        "To Do",
    )
    assert Task.get_by_id(task_id).description == (
        "Add a deck-freeze milestone\n\nFrom the retrospective of Spring Webinar"
    )
    linked = retros.get_retrospective(retro.id).section(ACTION)[0]
    assert (linked.task_id, linked.task_project) == (task_id, "Autumn Webinar")
    assert actions(retro.id)[-1] == "item_to_task"

    refused(
        lambda: retros.item_to_task(editor, action.id, "Brand Refresh"),
        RuleViolation,
        f"this action item already became task #{task_id}",
    )


def test_the_task_takes_the_first_line_and_a_chosen_owner(
    kpis: tuple[int, int], editor: ServiceContext
) -> None:
    retro = retros.ensure_retrospective(editor, "Spring Webinar")
    text = "x" * 250 + "\nsecond line"
    item = retros.add_item(editor, retro.id, ACTION, text)
    task = tasks.get_task(retros.item_to_task(editor, item.id, "Brand Refresh", owner="ben"))
    assert (len(task.title), task.title[-2:], task.owner) == (200, "x…", "Ben Ito")
    assert Task.get_by_id(task.id).description.startswith(text + "\n\n")
    edited = retros.edit_item(editor, item.id, "Shorter")
    assert (edited.text, edited.task_id, edited.task_project) == (
        "Shorter",
        task.id,
        "Brand Refresh",
    )


def test_only_open_actions_of_other_projects_become_tasks(
    kpis: tuple[int, int], editor: ServiceContext
) -> None:
    retro = write_full(editor)
    well = retro.section(WELL)[0].id
    action = retro.section(ACTION)[0].id
    refused(
        lambda: retros.item_to_task(editor, well, "Autumn Webinar"),
        RuleViolation,
        "only action items become tasks: this item is under 'what went well'",
    )
    refused(
        lambda: retros.item_to_task(editor, action, "Spring Webinar"),
        RuleViolation,
        "an action item becomes a task of another project, not of 'Spring Webinar' itself: "
        "choose the project it should improve",
    )
    brand = write_full(editor, "Brand Refresh")
    retros.complete_retrospective(editor, brand.id)
    projects.set_status(editor, "Brand Refresh", "done")
    projects.set_status(editor, "Autumn Webinar", "cancelled")
    for name, status in (("Brand Refresh", "done"), ("Autumn Webinar", "cancelled")):
        refused(
            lambda name=name: retros.item_to_task(editor, action, name),
            RuleViolation,
            f"project {name!r} is {status}: choose a project that is still open",
        )
    refused(
        lambda: retros.item_to_task(editor, action, "Nowhere"),
        NotFound,
        "no project called 'Nowhere' (known: Autumn Webinar, Brand Refresh, Spring Webinar)",
    )


# --- the library ----------------------------------------------------------------------------


@pytest.fixture
def library(kpis: tuple[int, int], editor: ServiceContext) -> dict[str, int]:
    """Four retrospectives: their ids by a short name."""

    def retro(project: str, held: date | None, items: list[tuple[str, str]], **kw: Any) -> int:
        return retros.create_retrospective(
            editor,
            project,
            {"held_on": held, "items": [{"section": s, "text": t} for s, t in items], **kw},
        )

    ids = {
        "autumn": retro(
            "Autumn Webinar",
            date(2026, 10, 1),
            [("went_well", "The DECK freeze worked"), ("went_badly", "Few signups")],
        ),
        "spring": retro(
            "Spring Webinar",
            date(2026, 11, 20),
            [("went_badly", "The deck was late"), ("improvement", "Start promotion earlier")],
        ),
        "brand": retro("Brand Refresh", date(2026, 11, 20), [("went_well", "Clear brief")]),
        "midpoint": retro("Spring Webinar", None, [], kind="midpoint"),
    }
    signups = retros.get_retrospective(ids["autumn"]).kpis[0].kpi_id
    retros.set_kpi_note(editor, ids["autumn"], signups, "Budget was approved late")
    return ids


def hit_ids(hits: list[Any]) -> list[int]:
    return [hit.retro_id for hit in hits]


def test_the_library_lists_newest_first_with_every_item(library: dict[str, int]) -> None:
    hits = retro_library.search_retrospectives()
    # Same day: the later written first; undated last.
    assert hit_ids(hits) == [library[k] for k in ("brand", "spring", "autumn", "midpoint")]
    spring = hits[1]
    assert (spring.project, spring.project_kind, spring.channels) == (
        "Spring Webinar",
        "webinar",
        ("email", "events"),
    )
    assert (spring.kind, spring.status, spring.held_on) == (
        RetroKind.FINAL,
        RetroStatus.DRAFT,
        date(2026, 11, 20),
    )
    assert [m.text for m in spring.matches] == ["The deck was late", "Start promotion earlier"]


def test_the_library_searches_items_and_kpi_notes_in_any_case(library: dict[str, int]) -> None:
    hits = retro_library.search_retrospectives("  Deck ")
    assert hit_ids(hits) == [library["spring"], library["autumn"]]
    assert [[m.text for m in hit.matches] for hit in hits] == [
        ["The deck was late"],
        ["The DECK freeze worked"],
    ]
    assert [hit.kpi_matches for hit in hits] == [(), ()]
    by_note = retro_library.search_retrospectives("budget")
    assert (hit_ids(by_note), by_note[0].matches) == ([library["autumn"]], ())
    assert by_note[0].kpi_matches == (
        RetroKpiRow(
            kpi_id=by_note[0].kpi_matches[0].kpi_id,
            name="Signups",
            unit="",
            target=100,
            actual=50,
            note="Budget was approved late",
        ),
    )
    assert retro_library.search_retrospectives("nothing like this") == []


def test_a_hit_carries_the_kpi_notes_that_matched(
    library: dict[str, int], kpis: tuple[int, int], editor: ServiceContext
) -> None:
    registrations, attendees = kpis
    retros.set_kpi_note(editor, library["spring"], attendees, "Fewer came: the deck went out LATE")
    retros.set_kpi_note(editor, library["spring"], registrations, "Promotion started late")
    retros.set_kpi_note(editor, library["midpoint"], attendees, "On track")
    spring, autumn = retro_library.search_retrospectives("late")
    assert (spring.retro_id, autumn.retro_id) == (library["spring"], library["autumn"])
    assert [m.text for m in spring.matches] == ["The deck was late"]
    # Both notes, in funnel (position) order, not the order they were written in.
    assert [(k.name, k.note, k.missed) for k in spring.kpi_matches] == [
        ("Registrations", "Promotion started late", True),
        ("Attendees", "Fewer came: the deck went out LATE", False),
    ]
    assert [k.name for k in autumn.kpi_matches] == ["Signups"]
    # An empty search lists every item, and no KPI notes.
    assert all(hit.kpi_matches == () for hit in retro_library.search_retrospectives())
    assert hit_ids(retro_library.search_retrospectives("on track")) == [library["midpoint"]]


def test_the_library_filters_by_channel_and_project_type(library: dict[str, int]) -> None:
    assert hit_ids(retro_library.search_retrospectives(channel="EVENTS")) == [
        library["spring"],
        library["midpoint"],
    ]
    assert hit_ids(retro_library.search_retrospectives(project_kind="webinar")) == [
        library["spring"],
        library["autumn"],
        library["midpoint"],
    ]
    assert hit_ids(
        retro_library.search_retrospectives("deck", channel="email", project_kind="webinar")
    ) == [
        library["spring"],
        library["autumn"],
    ]
    assert retro_library.search_retrospectives(channel="social", project_kind="webinar") == []


def test_the_library_costs_the_same_queries_however_many_retrospectives(
    library: dict[str, int], editor: ServiceContext
) -> None:
    with count_queries() as few:
        retro_library.search_retrospectives("deck")
    for n in range(5):
        projects.create_project(editor, {"name": f"P{n}"})
        write_full(editor, f"P{n}")
    with count_queries() as many:
        hits = retro_library.search_retrospectives("deck")
    assert few.count == many.count == 3
    assert len(hits) == 7


# --- the Markdown export --------------------------------------------------------------------


def test_export_markdown_is_a_readable_document() -> None:
    item = RetroItemView
    retro = RetroView(
        id=1,
        project="Spring Webinar",
        project_id=1,
        kind=RetroKind.FINAL,
        status=RetroStatus.COMPLETE,
        held_on=date(2026, 11, 20),
        participants=("Ann Lee", "Ben Ito"),
        items=(
            item(1, WELL, "Invitations worked", 0),
            item(2, WELL, "The dry run\ncaught the audio problem", 1),
            item(3, BADLY, "The deck was late", 0),
            item(5, ACTION, "Add a deck-freeze milestone", 0, "Ann Lee", 12, "Autumn Webinar"),
            item(6, ACTION, "Review the budget", 1, None, None, None),
        ),
        kpis=(
            RetroKpiRow(1, "Registrations", "people", 500, 400, "Paid | organic split late"),
            RetroKpiRow(2, "Attendees", "", 200, 210.5),
            RetroKpiRow(3, "Open rate", "%", 40, None),
            RetroKpiRow(4, "Revenue", "EUR", 12500.25, 0),
        ),
        completed_at=datetime(2026, 11, 21, 16, 45),
        version=9,
    )
    assert retro_library.export_markdown(retro) == (
        "# Final retrospective: Spring Webinar\n"
        "\n"
        "- Date: 2026-11-20\n"
        "- Participants: Ann Lee, Ben Ito\n"
        "- Status: complete (2026-11-21)\n"
        "\n"
        "## KPIs\n"
        "\n"
        "| KPI | Target | Actual | Attainment | Root cause |\n"
        "| --- | ---: | ---: | ---: | --- |\n"
        "| Registrations | 500 people | 400 people | 80% (missed) | Paid \\| organic split late |\n"
        "| Attendees | 200 | 210.5 | 105% | — |\n"
        "| Open rate | 40% | — | — | — |\n"
        "| Revenue | 12,500.25 EUR | 0 EUR | 0% (missed) | — |\n"
        "\n"
        "## What went well\n"
        "\n"
        "- Invitations worked\n"
        "- The dry run\n"
        "  caught the audio problem\n"
        "\n"
        "## What did not go well\n"
        "\n"
        "- The deck was late\n"
        "\n"
        "## Improvements for next time\n"
        "\n"
        "Nothing written.\n"
        "\n"
        "## Action items\n"
        "\n"
        "- Add a deck-freeze milestone (owner: Ann Lee) → task #12 in Autumn Webinar\n"
        "- Review the budget\n"
    )


def test_export_markdown_of_a_bare_midpoint_draft() -> None:
    retro = RetroView(
        id=2,
        project="Aurora",
        project_id=3,
        kind=RetroKind.MIDPOINT,
        status=RetroStatus.DRAFT,
        held_on=None,
        participants=(),
        items=(),
        kpis=(),
        completed_at=None,
        version=1,
    )
    text = retro_library.export_markdown(retro)
    assert text.splitlines()[:9] == [
        "# Mid-point retrospective: Aurora",
        "",
        "- Date: not set",
        "- Participants: —",
        "- Status: draft",
        "",
        "## KPIs",
        "",
        "No KPIs are set for this project.",
    ]
    assert text.count("Nothing written.") == 4
