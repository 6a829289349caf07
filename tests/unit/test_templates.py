"""Project templates: the format, the catalogue, a project laid out from one, and back.

The workspace: the default Marketing board, Ann Lee (admin, the project
owner), Leo Martins (writer), Dee Designer and Wes Web. Launches are on
working days in December 2026; one test adds Monday 14 December as a holiday
and works the dates out by hand.
"""

from __future__ import annotations

import math
from collections import defaultdict
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import tomli_w

from mpm_tui.config import paths
from mpm_tui.db.models import (
    BoardColumn,
    ChecklistItem,
    Dependency,
    Kpi,
    Member,
    Milestone,
    MilestoneDependency,
    Project,
    Task,
    TaskCollaborator,
)
from mpm_tui.logic.template_layout import (
    DatedMilestone,
    DatedTask,
    lay_out,
    offsets_from_dates,
)
from mpm_tui.logic.workdays import WorkCalendar, is_working_day
from mpm_tui.schemas.templates import (
    TEMPLATE_ROLES,
    TemplateError,
    display_path,
    parse_template,
)
from mpm_tui.services import (
    boards,
    members,
    planning,
    projects,
    tasks,
    template_plans,
    template_tasks,
    templates,
)
from mpm_tui.services.context import ServiceContext
from mpm_tui.services.errors import (
    InvalidInput,
    NotFound,
    PermissionDenied,
    WipLimitReached,
)
from tests.conftest import refused, table_counts

BUILT_INS = ("ad-campaign", "case-study", "landing-page", "newsletter", "webinar")
LAUNCH = date(2026, 12, 16)  # a Wednesday
HOLIDAY = date(2026, 12, 14)  # the Monday before
EVERYONE = {
    "owner": "Ann Lee",
    "writer": "Leo Martins",
    "reviewer": "Ann Lee",
    "editor": "Leo Martins",
    "designer": "Dee Designer",
    "web": "Wes Web",
    "social": "Dee Designer",
}

SMALL: dict[str, Any] = {
    "name": "mini-launch",
    "description": "A small launch for the tests.",
    "kind": "launch",
    "channels": ["email"],
    "tasks": [
        {"title": "Brief", "role": "owner", "estimate": 1, "offset": -4, "checklist": ["Goal"]},
        {"title": "Copy", "role": "writer", "estimate": 2, "offset": -2, "after": ["Brief"]},
        {"title": "Send", "role": "owner", "estimate": 1, "offset": 0, "after": ["Copy"]},
        {"title": "Report", "role": "owner", "estimate": 0.5, "offset": 2, "after": ["Send"]},
    ],
    "milestones": [
        {"name": "Sent", "kind": "launch", "offset": 0, "after": ["Send"]},
        {"name": "Review", "kind": "review", "offset": 3},
    ],
    "kpis": [
        {"name": "Sign-ups", "stage": "deal", "kgi": True, "target": 40, "unit": "sign-ups"},
        {"name": "Clicks", "stage": "lead", "into": "Sign-ups", "rate": 0.08, "unit": "clicks"},
    ],
}


@pytest.fixture
def workspace(db_path: Path, admin: ServiceContext) -> Path:
    boards.create_board(admin, {"name": "Marketing"})
    for name in ("Ann Lee", "Leo Martins", "Dee Designer", "Wes Web"):
        members.create_member(admin, {"name": name})
    return db_path


def write_user_template(file_name: str, data: dict[str, Any] | str) -> Path:
    folder = paths().templates_dir
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / file_name
    text = data if isinstance(data, str) else tomli_w.dumps(data)
    path.write_text(text, encoding="utf-8")
    return path


def project_tasks(name: str) -> dict[str, Task]:
    project = Project.get(Project.name == name)
    return {t.title: t for t in Task.select().where(Task.project == project)}


def dependency_titles(name: str) -> set[tuple[str, str]]:
    by_id = {t.id: t.title for t in project_tasks(name).values()}
    return {
        (by_id[p], by_id[s])
        for p, s in Dependency.select(Dependency.predecessor, Dependency.successor).tuples()
        if p in by_id and s in by_id
    }


def collaborator_roles(task: Task) -> list[tuple[str, str]]:
    return [
        (c.member.name, c.role)
        for c in TaskCollaborator.select().where(TaskCollaborator.task == task)
    ]


# --- the built-in templates -----------------------------------------------------------


def test_the_built_in_templates_are_listed_and_valid(workspace: Path) -> None:
    listing = templates.list_templates()
    assert listing.problems == []
    assert [(t.name, t.source) for t in listing.templates] == [(n, "built-in") for n in BUILT_INS]
    counts = {t.name: t.task_count for t in listing.templates}
    assert 25 <= counts["case-study"] <= 30
    assert all(count >= 10 for count in counts.values())
    for info in listing.templates:
        template = templates.load_template(info.name)
        assert info.path.is_file() and info.path.parent.name == "templates"
        assert template.description and template.kind == info.name and template.channels
        assert {task.role for task in template.tasks} <= set(TEMPLATE_ROLES)
        # The design brief: tasks of 1–3 days each.
        assert all(1 <= task.estimate <= 3 for task in template.tasks), info.name
        assert all(task.checklist for task in template.tasks), info.name
        launches = [m for m in template.milestones if m.kind == "launch"]
        assert [m.offset for m in launches] == [0], info.name
        assert sum(k.kgi for k in template.kpis) == 1, info.name


def test_the_case_study_covers_writing_review_formatting_web_and_social(workspace: Path) -> None:
    template = templates.load_template("case-study")
    roles = [task.role for task in template.tasks]
    assert set(roles) == set(TEMPLATE_ROLES)
    after_launch = [task for task in template.tasks if task.offset > 0]
    assert {task.role for task in after_launch} >= {"social"}
    assert "Publish the case study" in [task.title for task in template.tasks]


@pytest.mark.parametrize("name", BUILT_INS)
def test_each_built_in_template_creates_a_project(
    workspace: Path, admin: ServiceContext, name: str
) -> None:
    planning.add_holiday(admin, HOLIDAY, "Team day")
    template = templates.load_template(name)
    view = templates.create_from_template(admin, name, f"Q1 {name}", LAUNCH, EVERYONE)
    assert (view.name, view.kind, view.owner) == (f"Q1 {name}", name, "Ann Lee")
    assert view.channels == template.channels

    found = project_tasks(view.name)
    assert len(found) == len(template.tasks)
    first = BoardColumn.get(BoardColumn.position == 0)
    calendar = WorkCalendar({HOLIDAY})
    for spec in template.tasks:
        task = found[spec.title]
        assert task.column_id == first.id
        assert is_working_day(task.start, {HOLIDAY}) and is_working_day(task.due, {HOLIDAY})
        assert calendar.number(task.due) - calendar.number(LAUNCH) == spec.offset
        assert calendar.between(task.start, task.due) == math.ceil(spec.estimate)
        assert task.estimate_days == spec.estimate
        member = EVERYONE[spec.role]
        assert task.owner.name == member
        expected = [] if spec.role == "owner" else [(member, spec.role)]
        assert collaborator_roles(task) == expected
        checklist = ChecklistItem.select().where(ChecklistItem.task == task)
        assert [c.text for c in checklist.order_by(ChecklistItem.position)] == list(spec.checklist)

    expected_deps = {(before, spec.title) for spec in template.tasks for before in spec.after}
    assert dependency_titles(view.name) == expected_deps
    by_id = {t.id: t for t in found.values()}
    for before, after in expected_deps:
        assert found[after].start > found[before].due

    project = Project.get(Project.name == view.name)
    milestones = {m.name: m for m in Milestone.select().where(Milestone.project == project)}
    assert len(milestones) == len(template.milestones)
    for spec in template.milestones:
        milestone = milestones[spec.name]
        assert (milestone.kind, calendar.number(milestone.date) - calendar.number(LAUNCH)) == (
            spec.kind,
            spec.offset,
        )
        links = MilestoneDependency.select().where(MilestoneDependency.milestone == milestone)
        assert sorted(by_id[link.task_id].title for link in links) == sorted(spec.after)
        assert all(milestone.date >= by_id[link.task_id].due for link in links)
    assert milestones[next(m.name for m in template.milestones if m.kind == "launch")].date == (
        LAUNCH
    )

    kpis = list(Kpi.select().where(Kpi.project == project).order_by(Kpi.position))
    assert [k.name for k in kpis] == [k.name for k in template.kpis]
    kgi = next(k for k in kpis if k.is_kgi)
    assert kgi.target == next(k.target for k in template.kpis if k.kgi)
    assert all(k.target is not None for k in kpis)  # the stages got theirs from the funnel

    dates = [d for t in found.values() for d in (t.start, t.due)]
    dates += [m.date for m in milestones.values()]
    assert view.start == min(t.start for t in found.values()) == min(dates)
    assert view.end == max([LAUNCH, *dates])


# --- the layout, by hand ------------------------------------------------------------------


def test_the_layout_counts_working_days_and_a_holiday_moves_dates(
    workspace: Path, admin: ServiceContext
) -> None:
    write_user_template("mini.toml", SMALL)
    templates.create_from_template(admin, "mini-launch", "Without holiday", LAUNCH, {})
    planning.add_holiday(admin, HOLIDAY, "Team day")
    templates.create_from_template(admin, "MINI-LAUNCH", "With holiday", LAUNCH, {})

    def dates(name: str) -> dict[str, tuple[date, date]]:
        return {title: (t.start, t.due) for title, t in project_tasks(name).items()}

    # Launch Wed 16 Dec. Working days back: Tue 15, Mon 14, Fri 11, Thu 10.
    assert dates("Without holiday") == {
        "Brief": (date(2026, 12, 10), date(2026, 12, 10)),  # -4
        "Copy": (date(2026, 12, 11), date(2026, 12, 14)),  # -3 (Fri) to -2 (Mon)
        "Send": (date(2026, 12, 16), date(2026, 12, 16)),  # 0
        "Report": (date(2026, 12, 18), date(2026, 12, 18)),  # +2, half a day is one day
    }
    # With Mon 14 a holiday: Tue 15, Fri 11, Thu 10, Wed 9.
    assert dates("With holiday") == {
        "Brief": (date(2026, 12, 9), date(2026, 12, 9)),
        "Copy": (date(2026, 12, 10), date(2026, 12, 11)),
        "Send": (date(2026, 12, 16), date(2026, 12, 16)),
        "Report": (date(2026, 12, 18), date(2026, 12, 18)),
    }
    with_holiday = projects.get_project("With holiday")
    assert (with_holiday.start, with_holiday.end) == (date(2026, 12, 9), date(2026, 12, 21))
    project = Project.get(Project.name == "With holiday")
    milestones = Milestone.select().where(Milestone.project == project).order_by(Milestone.date)
    assert [(m.name, m.date) for m in milestones] == [
        ("Sent", date(2026, 12, 16)),
        ("Review", date(2026, 12, 21)),  # +3: Thu 17, Fri 18, Mon 21
    ]


def test_lay_out_is_pure_and_refuses_a_launch_on_a_non_working_day() -> None:
    template = parse_template(SMALL)
    plan = lay_out(template, LAUNCH, {HOLIDAY})
    assert plan.tasks[1] == (date(2026, 12, 10), date(2026, 12, 11))
    assert (plan.start, plan.end) == (date(2026, 12, 9), date(2026, 12, 21))
    with pytest.raises(ValueError, match="not a working day"):
        lay_out(template, HOLIDAY, {HOLIDAY})


def test_a_launch_on_a_weekend_or_holiday_is_refused(
    workspace: Path, admin: ServiceContext
) -> None:
    planning.add_holiday(admin, HOLIDAY, "Team day")
    refused(
        lambda: templates.create_from_template(admin, "newsletter", "N", date(2026, 12, 19), {}),
        InvalidInput,
        "launch: 2026-12-19 is a Saturday, not a working day (the next one is Mon 2026-12-21)",
    )
    refused(
        lambda: templates.create_from_template(admin, "newsletter", "N", HOLIDAY, {}),
        InvalidInput,
        "launch: 2026-12-14 is a holiday, not a working day (the next one is Tue 2026-12-15)",
    )


# --- roles --------------------------------------------------------------------------------


def test_roles_map_to_members_and_an_unmapped_role_leaves_tasks_unassigned(
    workspace: Path, admin: ServiceContext
) -> None:
    write_user_template("mini.toml", SMALL)
    view = templates.create_from_template(
        admin, "mini-launch", "Owner only", LAUNCH, {"owner": "ann lee", "designer": ""}
    )
    assert view.owner == "Ann Lee"
    found = project_tasks("Owner only")
    assert {t: (task.owner.name if task.owner else None) for t, task in found.items()} == {
        "Brief": "Ann Lee",
        "Copy": None,  # writer: not assigned
        "Send": "Ann Lee",
        "Report": "Ann Lee",
    }
    assert all(collaborator_roles(task) == [] for task in found.values())

    view = templates.create_from_template(
        admin, "mini-launch", "Writer only", LAUNCH, {"Writer": "Leo Martins"}
    )
    assert view.owner is None
    found = project_tasks("Writer only")
    assert found["Copy"].owner.name == "Leo Martins"
    assert collaborator_roles(found["Copy"]) == [("Leo Martins", "writer")]
    assert [found[t].owner for t in ("Brief", "Send", "Report")] == [None, None, None]


def test_an_unknown_member_or_role_is_refused_before_anything_is_written(
    workspace: Path, admin: ServiceContext
) -> None:
    refused(
        lambda: templates.create_from_template(
            admin, "webinar", "W", LAUNCH, {"owner": "Ann Lee", "writer": "Zed"}
        ),
        NotFound,
        "no member called 'Zed' (known: Ann Lee, Dee Designer, Leo Martins, Wes Web)",
    )
    refused(
        lambda: templates.create_from_template(admin, "webinar", "W", LAUNCH, {"wrtier": "Leo"}),
        InvalidInput,
        "assign: 'wrtier' is not a role: writer, reviewer, editor, designer, web, social, owner",
    )


def test_an_unknown_template_is_refused_with_the_known_names(
    workspace: Path, admin: ServiceContext
) -> None:
    refused(
        lambda: templates.create_from_template(admin, "podcast", "P", LAUNCH, {}),
        NotFound,
        "no template called 'podcast' "
        "(known: ad-campaign, case-study, landing-page, newsletter, webinar)",
    )
    refused(
        lambda: templates.create_from_template(admin, "webinr", "P", LAUNCH, {}),
        NotFound,
        "no template called 'webinr' (did you mean 'webinar'? "
        "known: ad-campaign, case-study, landing-page, newsletter, webinar)",
    )


def test_a_failure_half_way_writes_nothing(workspace: Path, admin: ServiceContext) -> None:
    """The first column fills up at the fourth task: the project, the three tasks
    before it and their checklists all roll back."""
    boards.set_wip_limit(admin, "Marketing", "To Do", 3)
    error = refused(
        lambda: templates.create_from_template(admin, "newsletter", "N", LAUNCH, EVERYONE),
        WipLimitReached,
        "'To Do' on board 'Marketing' is at its WIP limit (3/3): finish or move a card out first",
    )
    assert isinstance(error, WipLimitReached)
    refused(
        lambda: templates.create_from_template(admin, "newsletter", "N", LAUNCH, {}, board="Ads"),
        NotFound,
        "no board called 'Ads' (known: Marketing)",
    )


def test_a_taken_project_name_and_a_viewer_are_refused(
    workspace: Path, admin: ServiceContext, viewer: ServiceContext
) -> None:
    projects.create_project(admin, {"name": "Spring"})
    refused(
        lambda: templates.create_from_template(admin, "newsletter", "spring", LAUNCH, {}),
        InvalidInput,
        "project: name: a project called 'spring' already exists",
    )
    refused(
        lambda: templates.create_from_template(viewer, "newsletter", "Other", LAUNCH, {}),
        PermissionDenied,
        "Test Viewer is a viewer and cannot create projects; that needs the editor role",
    )


def test_tasks_go_to_the_first_column_of_the_board_given(
    workspace: Path, admin: ServiceContext
) -> None:
    boards.create_board(
        admin, {"name": "Agency", "columns": [{"name": "Requested"}, {"name": "Delivered"}]}
    )
    templates.create_from_template(admin, "newsletter", "N", LAUNCH, {}, board="agency")
    assert {t.column for t in tasks.list_tasks(project="N")} == {"Requested"}
    assert {t.board for t in tasks.list_tasks(project="N")} == {"Agency"}


# --- user templates -----------------------------------------------------------------------


BROKEN_ROLE = 'name = "launch"\n' + "".join(
    f'[[tasks]]\ntitle = "Task {n}"\nrole = "{role}"\nestimate = 1\noffset = {n}\n'
    for n, role in ((1, "owner"), (2, "writer"), (3, "writter"))
)


def test_a_broken_user_template_is_reported_by_file_and_field_and_skipped(
    workspace: Path, admin: ServiceContext
) -> None:
    broken = write_user_template("launch.toml", BROKEN_ROLE)
    not_toml = write_user_template("draft.toml", 'name = "draft"\n[[tasks]\n')
    write_user_template("mini.toml", SMALL)
    listing = templates.list_templates()
    assert [(t.name, t.source) for t in listing.templates] == [
        ("ad-campaign", "built-in"),
        ("case-study", "built-in"),
        ("landing-page", "built-in"),
        ("mini-launch", "user"),
        ("newsletter", "built-in"),
        ("webinar", "built-in"),
    ]
    assert [(p.path, p.message) for p in listing.problems] == [
        (
            not_toml,
            "not valid TOML: Expected ']]' at the end of an array declaration "
            "(at line 2, column 8)",
        ),
        (
            broken,
            "tasks[3].role: 'writter' is not one of "
            "writer, reviewer, editor, designer, web, social, owner",
        ),
    ]
    assert str(listing.problems[1]) == f"{display_path(broken)}: {listing.problems[1].message}"
    refused(
        lambda: templates.create_from_template(admin, "launch", "L", LAUNCH, {}),
        InvalidInput,
        f"template 'launch' cannot be used: {listing.problems[1]}",
    )


def test_a_user_template_overrides_the_built_in_of_that_name(workspace: Path) -> None:
    write_user_template("my-newsletter.toml", {**SMALL, "name": "Newsletter"})
    info = next(t for t in templates.list_templates().templates if t.name == "Newsletter")
    assert (info.source, info.task_count) == ("user (overrides built-in)", 4)
    assert [t.title for t in templates.load_template("newsletter").tasks] == [
        "Brief",
        "Copy",
        "Send",
        "Report",
    ]
    write_user_template("again.toml", {**SMALL, "name": "newsletter"})
    problems = templates.list_templates().problems
    assert [(p.path.name, p.message) for p in problems] == [
        ("my-newsletter.toml", "name: 'Newsletter' is already the name of again.toml")
    ]


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"colour": "red"}, "colour: is not a known field"),
        ({"tasks": []}, "tasks: a template needs at least one task"),
        (
            {"tasks": [{**SMALL["tasks"][0], "estimate": 0}]},
            "tasks[1].estimate: input should be greater than 0 (got 0)",
        ),
        (
            {"tasks": [{**SMALL["tasks"][0], "offset": "soon"}]},
            "tasks[1].offset: input should be a valid integer, "
            "unable to parse string as an integer (got 'soon')",
        ),
        (
            {"tasks": [SMALL["tasks"][0], {**SMALL["tasks"][1], "after": ["Breif"]}]},
            "tasks[2].after: 'Breif' is not a task of this template (did you mean 'Brief'?)",
        ),
        (
            {"tasks": [{**SMALL["tasks"][0], "after": ["Copy"]}, *SMALL["tasks"][1:]]},
            "tasks: the dependencies make a cycle: 'Brief' → 'Copy' → 'Brief'",
        ),
        (
            {"tasks": [SMALL["tasks"][0], {**SMALL["tasks"][1], "offset": -3}]},
            "tasks[2].offset: 'Copy' waits for 'Brief' (due at offset -4) but starts at "
            "offset -4 (2 days up to offset -3); give it offset -2 or later",
        ),
        (
            {"tasks": [SMALL["tasks"][0], {**SMALL["tasks"][1], "title": " brief "}]},
            "tasks[2].title: 'brief' is also the title of tasks[1]; "
            "titles must be unique (dependencies name tasks by title)",
        ),
        (
            {"milestones": [{"name": "Sent", "offset": -1, "after": ["Send"]}]},
            "milestones[1].offset: 'Sent' (offset -1) waits for 'Send', due at offset 0; "
            "give it offset 0 or later",
        ),
        (
            {"kpis": [{"name": "Clicks", "into": "Sign-ups", "rate": 0.1}]},
            "kpis[1].into: 'Sign-ups' is not a KPI listed before this one",
        ),
        (
            {"kpis": [SMALL["kpis"][0], {**SMALL["kpis"][1], "target": 500}]},
            "kpis[2].target: a stage's target is worked back from the funnel; "
            "drop it (or drop `into`)",
        ),
    ],
)
def test_template_errors_name_the_field(change: dict[str, Any], message: str) -> None:
    with pytest.raises(TemplateError) as info:
        parse_template({**SMALL, **change})
    assert info.value.message == message


# --- save as template ---------------------------------------------------------------------


def relative_plan(name: str, launch: date) -> dict[str, Any]:
    """What a template keeps of a project: per task its estimate, its offsets from
    the launch, role, checklist; the dependencies; the milestones; the KPIs."""
    calendar = WorkCalendar(planning.holidays())
    zero = calendar.number(launch)
    found = project_tasks(name)
    by_id = {t.id: title for title, t in found.items()}
    project = Project.get(Project.name == name)
    milestones = Milestone.select().where(Milestone.project == project)
    links: dict[str, list[str]] = defaultdict(list)
    for m in milestones:
        for link in MilestoneDependency.select().where(MilestoneDependency.milestone == m):
            links[m.name].append(by_id[link.task_id])
    return {
        "tasks": {
            title: (
                t.estimate_days,
                calendar.number(t.start) - zero,
                calendar.number(t.due) - zero,
                [r for _, r in collaborator_roles(t)],
                [c.text for c in t.checklist.order_by(ChecklistItem.position)],
            )
            for title, t in found.items()
        },
        "dependencies": dependency_titles(name),
        "milestones": {
            m.name: (m.kind, calendar.number(m.date) - zero, sorted(links[m.name]))
            for m in milestones
        },
        "kpis": [
            (k.name, k.stage, k.is_kgi, k.parent.name if k.parent else None, k.target)
            for k in Kpi.select().where(Kpi.project == project).order_by(Kpi.position)
        ],
    }


def test_save_as_template_round_trip(workspace: Path, admin: ServiceContext) -> None:
    planning.add_holiday(admin, HOLIDAY, "Team day")
    templates.create_from_template(admin, "case-study", "Acme story", LAUNCH, EVERYONE)
    path = templates.save_as_template(admin, "acme story", "story")
    assert path == paths().templates_dir / "story.toml"
    text = path.read_text(encoding="utf-8")
    assert text.startswith(
        "# Saved by mpm on 2026-11-23 from project 'Acme story'.\n"
        "# Offsets are working days from 2026-12-16 (its launch milestone), offset 0.\n"
    )
    info = next(t for t in templates.list_templates().templates if t.name == "story")
    assert (info.source, info.task_count, info.kind) == ("user", 30, "case-study")
    saved, original = templates.load_template("story"), templates.load_template("case-study")
    assert saved.model_dump(exclude={"name", "tasks"}) == original.model_dump(
        exclude={"name", "tasks"}
    )
    # The same tasks, with their roles, checklists and dependencies (in start order).
    assert sorted(saved.tasks, key=lambda t: t.title) == sorted(
        original.tasks, key=lambda t: t.title
    )

    launch = date(2027, 2, 10)
    templates.create_from_template(admin, "story", "Beta story", launch, EVERYONE)
    assert relative_plan("Beta story", launch) == relative_plan("Acme story", LAUNCH)


def test_save_keeps_roles_of_unassigned_tasks_from_the_project_type(
    workspace: Path, admin: ServiceContext
) -> None:
    templates.create_from_template(admin, "webinar", "W", LAUNCH, {"writer": "Leo Martins"})
    templates.save_as_template(admin, "W", "w2")
    original = {t.title: t.role for t in templates.load_template("webinar").tasks}
    assert {t.title: t.role for t in templates.load_template("w2").tasks} == original


def test_save_refuses_to_overwrite_unless_asked(workspace: Path, admin: ServiceContext) -> None:
    templates.create_from_template(admin, "newsletter", "N", LAUNCH, {})
    path = templates.save_as_template(admin, "N", "mine.toml")
    path.write_text("# edited by hand\n", encoding="utf-8")
    with pytest.raises(InvalidInput) as info:
        templates.save_as_template(admin, "N", "mine")
    assert str(info.value) == (
        f"template name: {display_path(path)} already exists: choose another name, or overwrite it"
    )
    assert path.read_text(encoding="utf-8") == "# edited by hand\n"
    templates.save_as_template(admin, "N", "mine", overwrite=True)
    assert len(templates.load_template("mine").tasks) == 12
    with pytest.raises(InvalidInput, match="cannot be a file name"):
        templates.save_as_template(admin, "N", "../elsewhere")
    with pytest.raises(NotFound, match="no project called 'Nope'"):
        templates.save_as_template(admin, "Nope", "x")


def test_save_a_hand_made_project_counts_from_its_end_and_fixes_its_dates(
    workspace: Path, admin: ServiceContext
) -> None:
    """No launch milestone: offsets count from the end date (Fri 18 Dec). 'Post'
    starts on the day 'Draft' is due, so the template moves it a day later."""
    projects.create_project(admin, {"name": "Hand", "end": date(2026, 12, 18), "owner": "Ann Lee"})
    draft = tasks.create_task(
        admin,
        {
            "title": "Draft",
            "project": "Hand",
            "owner": "Leo Martins",
            "collaborators": [{"member": "Leo Martins", "role": "writer"}],
            "estimate_days": 1,
            "start": date(2026, 12, 16),
            "due": date(2026, 12, 16),
        },
    )
    post = tasks.create_task(
        admin,
        {
            "title": "Post",
            "project": "Hand",
            "owner": "Ann Lee",
            "estimate_days": 2,
            "start": date(2026, 12, 16),
            "due": date(2026, 12, 17),
        },
    )
    tasks.create_task(admin, {"title": "Someday", "project": "Hand"})
    tasks.add_dependency(admin, draft.id, post.id)
    path = templates.save_as_template(admin, "Hand", "hand")
    assert "from 2026-12-18 (its end date)" in path.read_text(encoding="utf-8")
    saved = templates.load_template("hand")
    assert [(t.title, t.role, t.estimate, t.offset, t.after) for t in saved.tasks] == [
        ("Draft", "writer", 1.0, -2, ()),
        ("Post", "owner", 2.0, 0, ("Draft",)),  # pushed: starts -1, the day after Draft
        ("Someday", "owner", 1.0, 0, ()),  # no dates: due on the anchor day
    ]
    assert Member.select().count() == 4  # nothing else was touched


def test_offsets_from_dates_is_pure() -> None:
    offsets = offsets_from_dates(
        [
            DatedTask(1, date(2026, 12, 9), date(2026, 12, 9)),
            DatedTask(None, date(2026, 12, 10), date(2026, 12, 11), (0,)),
            DatedTask(0.5, None, None, (1,)),
        ],
        [DatedMilestone(date(2026, 12, 10), (1,))],
        LAUNCH,
        {HOLIDAY},
    )
    assert offsets.tasks == [(1, -4), (2.0, -2), (0.5, -1)]
    assert offsets.milestones == [-2]  # not before the task it waits for


# --- before creating: the plan preview and suggested people ---------------------------------


def test_the_preview_is_the_plan_create_writes_and_writes_nothing(
    workspace: Path, admin: ServiceContext
) -> None:
    write_user_template("mini.toml", SMALL)
    planning.add_holiday(admin, HOLIDAY, "Team day")
    spec = templates.load_template("mini-launch")
    before = table_counts()
    preview = template_plans.preview_plan(spec, LAUNCH)
    assert table_counts() == before
    # The same dates as the hand-counted layout above: Wed 9 Dec to Mon 21 Dec.
    assert (preview.start, preview.end) == (date(2026, 12, 9), date(2026, 12, 21))
    assert (preview.tasks, preview.milestones, preview.kpis) == (4, 2, 2)
    assert preview.estimate_days == sum(task.estimate for task in spec.tasks)
    view = templates.create_from_template(admin, "mini-launch", "Previewed", LAUNCH, {})
    assert (view.start, view.end) == (preview.start, preview.end)
    with pytest.raises(InvalidInput, match="is a holiday, not a working day"):
        template_plans.preview_plan(spec, HOLIDAY)


def test_suggestions_come_from_the_latest_project_of_the_same_kind(
    workspace: Path, admin: ServiceContext
) -> None:
    spec = templates.load_template("newsletter")
    assert template_plans.suggested_assignments(spec) == {}  # nothing of its kind yet
    assert template_plans.suggested_assignments(spec, "Ann Lee") == {"owner": "Ann Lee"}
    templates.create_from_template(
        admin, "newsletter", "First issue", LAUNCH, {"writer": "Leo Martins", "designer": "Wes Web"}
    )
    templates.create_from_template(
        admin, "newsletter", "Second issue", date(2027, 1, 13), {"designer": "Dee Designer"}
    )
    # The latest newsletter had a designer and no writer: only what it had is proposed.
    assert template_plans.suggested_assignments(spec, "Ann Lee") == {
        "designer": "Dee Designer",
        "owner": "Ann Lee",
    }
    other = templates.load_template("webinar")
    assert template_plans.suggested_assignments(other) == {}


# --- a task added to a template (a retrospective's lesson) --------------------------------


def test_a_task_added_to_a_built_in_goes_into_a_user_copy(
    workspace: Path, admin: ServiceContext, viewer: ServiceContext
) -> None:
    built_in = templates.load_template("webinar")
    saved, path = template_tasks.add_task_to_template(
        admin, "Webinar", "Rehearse the demo twice", description="Lesson from Q3"
    )
    assert path == paths().templates_dir / "webinar.toml"
    again = templates.read_template(path)
    assert again == saved
    assert [t.title for t in again.tasks] == [
        *(t.title for t in built_in.tasks),
        "Rehearse the demo twice",
    ]
    assert templates.find_template("webinar")[1].source == templates.OVERRIDE
    assert path.read_text(encoding="utf-8").startswith("# webinar: a copy of the built-in")

    before = path.read_bytes()
    refused(
        lambda: template_tasks.add_task_to_template(admin, "webinar", "rehearse the DEMO twice"),
        InvalidInput,
        "template 'webinar' already has a task 'rehearse the DEMO twice'",
    )
    refused(
        lambda: template_tasks.add_task_to_template(viewer, "webinar", "Another"),
        PermissionDenied,
        "Test Viewer is a viewer and cannot change templates; that needs the editor role",
    )
    assert path.read_bytes() == before


def test_a_task_added_to_a_user_template_keeps_its_leading_comments(
    workspace: Path, admin: ServiceContext
) -> None:
    path = write_user_template(
        "mini.toml", "# Our small launch.\n# Owned by Ann.\n\n" + tomli_w.dumps(SMALL)
    )
    template_tasks.add_task_to_template(admin, "mini-launch", "Thank the partners", offset=2)
    text = path.read_text(encoding="utf-8")
    assert text.startswith("# Our small launch.\n# Owned by Ann.\n\n")
    added = templates.read_template(path).tasks[-1]
    assert (added.title, added.role, added.estimate, added.offset) == (
        "Thank the partners",
        "owner",
        1,
        2,
    )
