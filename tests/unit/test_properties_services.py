"""Property: a service given any input either does its work or refuses with an
`MpmError` (one clear message) — never another exception — and a refusal leaves
the workspace exactly as it was (no partial write).

The inputs are random dicts and values for the services people feed by typing:
tasks (create, edit, move), projects, budget lines, KPI values, retrospectives,
risks and scope requests. Each field gets either a plausible value (a real name,
a date, a number in range) or junk: None, the wrong type, huge or negative
numbers, NaN and infinity, long and unicode strings, `[markup]`, far dates.
Ids are drawn from the demo's range and a little past it (whole numbers that fit
the database: the CLI turns typed ids into numbers and checks them).

Each example runs inside a transaction that is rolled back afterwards, so every
example starts from the same demo workspace; a service's own transaction nests
inside it as a savepoint, so a partial write would still show in the dump.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from mpm_tui.db.database import db
from mpm_tui.services import goals, planning, projects, retros, risks, scope, tasks
from mpm_tui.services.context import ServiceContext
from mpm_tui.services.errors import MpmError
from tests.conftest import dump_database

MAX_ID = 2**63 - 1  # the largest whole number the database stores

TEXT = st.one_of(
    st.text(max_size=20),
    st.sampled_from(
        ["", "   ", "[bold]x[/]", "[Q4] launch", "ünïcødé ✓ 漢字 🚀", "\x00\x1b[31m", "a" * 25_000]
    ),
)
NAMES = st.sampled_from(
    [
        "Aurora Launch",
        "aurora launch",
        "Product Webinar",
        "Monthly Newsletter",
        "3",
        "Marketing",
        "Agency Requests",
        "To Do",
        "In Progress",
        "Review",
        "Done",
        "Maya Chen",
        "maya",
        "Leo Martins",
        "grace",
        "email",
        "paid",
        "Nobody",
    ]
)
INTS = st.one_of(
    st.integers(-3, 140), st.sampled_from([2**31, MAX_ID, -MAX_ID]), st.integers(-MAX_ID, MAX_ID)
)
FLOATS = st.one_of(
    st.floats(-10, 400), st.floats(allow_nan=True, allow_infinity=True), st.sampled_from([1e308])
)
DATES = st.one_of(
    st.dates(min_value=date(2026, 1, 1), max_value=date(2027, 12, 31)),
    st.dates(min_value=date(1, 1, 1), max_value=date(9999, 12, 31)),
)
SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    INTS,
    FLOATS,
    TEXT,
    NAMES,
    DATES,
    st.datetimes(min_value=datetime(1, 1, 1), max_value=datetime(9999, 12, 31)),
)
JUNK = st.one_of(
    SCALARS,
    st.lists(SCALARS, max_size=3),
    st.dictionaries(st.text(max_size=4), SCALARS, max_size=2),
)
IDS = st.one_of(st.integers(1, 8), st.integers(-2, 140), st.sampled_from([0, 2**31, MAX_ID]))

FIELDS: dict[str, st.SearchStrategy[Any]] = {
    "title": TEXT,
    "name": st.one_of(NAMES, TEXT),
    "description": TEXT,
    "objective": TEXT,
    "target_market": TEXT,
    "project": NAMES,
    "board": NAMES,
    "column": NAMES,
    "owner": NAMES,
    "reviewer": NAMES,
    "channel": NAMES,
    "channels": st.lists(st.one_of(NAMES, TEXT), max_size=3),
    "kind": st.sampled_from(["webinar", "final", "midpoint", ""]),
    "position": INTS,
    "estimate_days": FLOATS,
    "start": DATES,
    "due": DATES,
    "end": DATES,
    "date": DATES,
    "held_on": DATES,
    "priority": st.sampled_from(["low", "normal", "high", "urgent", "HIGH", "p1"]),
    "status": st.sampled_from(["planning", "active", "on_hold", "done", "cancelled", "open"]),
    "blocked": st.booleans(),
    "blocked_reason": TEXT,
    "impact": INTS,
    "effort": INTS,
    "probability": INTS,
    "response": TEXT,
    "planned": FLOATS,
    "spent": FLOATS,
    "note": TEXT,
    "target": FLOATS,
    "actual": FLOATS,
    "conversion_rate": FLOATS,
    "parent": NAMES,
    "is_kgi": st.booleans(),
    "unit": TEXT,
    "stage": TEXT,
    "participants": st.lists(NAMES, max_size=3),
    "checklist": st.lists(TEXT, max_size=2),
    "collaborators": st.lists(
        st.fixed_dictionaries({"member": NAMES, "role": st.sampled_from(["writer", "boss"])}),
        max_size=2,
    ),
}


def value(key: str) -> st.SearchStrategy[Any]:
    """Mostly a plausible value for the field, one time in four junk."""
    plausible = FIELDS[key]
    return st.one_of(plausible, plausible, plausible, JUNK)


def payload(*keys: str, required: tuple[str, ...] = ()) -> st.SearchStrategy[dict[str, Any]]:
    """The `required` fields (one left out now and then), some of the other `keys`,
    sometimes an unknown one."""
    chosen = st.tuples(
        st.permutations(required) if required else st.just([]),
        st.integers(0, 9),  # 0: leave the last required field out
        st.lists(st.sampled_from([*keys, "surprise"]), unique=True, max_size=4),
    ).map(lambda p: [*p[0][: len(p[0]) - (p[1] == 0)], *p[2]])
    return chosen.flatmap(
        lambda names: st.fixed_dictionaries(
            {key: value(key) if key in FIELDS else JUNK for key in names}
        )
    )


TASK = ("title", "project", "board", "column", "position", "description", "owner", "reviewer")
TASK += ("channel", "estimate_days", "start", "due", "priority", "blocked", "blocked_reason")
PROJECT = ("name", "description", "objective", "target_market", "channels", "kind", "owner")
PROJECT += ("start", "end", "status", "impact", "effort")


Spec = tuple[Callable[..., object], tuple[st.SearchStrategy[Any], ...], dict[str, Any]]

CALLS: dict[str, Spec] = {
    "tasks.create_task": (
        tasks.create_task,
        (payload(*TASK[1:], "checklist", "collaborators", required=("title", "project")),),
        {},
    ),
    "tasks.update_task": (
        tasks.update_task,
        (IDS, payload(*TASK)),
        {"expected_version": st.none() | INTS},
    ),
    "tasks.move_task": (
        tasks.move_task,
        (IDS, IDS, st.none() | INTS),
        {"reviewer": st.none() | NAMES | TEXT, "expected_version": st.none() | INTS},
    ),
    "projects.create_project": (
        projects.create_project,
        (payload(*PROJECT[1:], required=("name",)),),
        {},
    ),
    "projects.update_project": (
        projects.update_project,
        (NAMES, payload(*PROJECT)),
        {"expected_version": st.none() | INTS},
    ),
    "projects.set_status": (projects.set_status, (NAMES, value("status")), {}),
    "planning.set_budget_line": (
        planning.set_budget_line,
        (NAMES, payload("spent", "note", required=("channel", "planned"))),
        {},
    ),
    "planning.add_kpi": (
        planning.add_kpi,
        (
            NAMES,
            payload(
                "stage", "is_kgi", "parent", "conversion_rate", "target", "unit", required=("name",)
            ),
        ),
        {},
    ),
    "goals.set_kpi_target": (goals.set_kpi_target, (IDS, st.none() | FLOATS), {}),
    "goals.set_kpi_rate": (goals.set_kpi_rate, (IDS, FLOATS), {}),
    "goals.set_kpi_actual": (goals.set_kpi_actual, (IDS, st.none() | FLOATS), {}),
    "goals.add_kpi_entry": (goals.add_kpi_entry, (IDS, DATES, FLOATS), {}),
    "goals.set_budget_spent": (goals.set_budget_spent, (NAMES, NAMES | TEXT, FLOATS), {}),
    "retros.create_retrospective": (
        retros.create_retrospective,
        (NAMES, payload("kind", "held_on", "participants")),
        {},
    ),
    "retros.add_item": (
        retros.add_item,
        (IDS, st.sampled_from(["went_well", "action", "nope"]), TEXT),
        {"owner": st.none() | NAMES, "position": st.none() | INTS},
    ),
    "retros.edit_item": (retros.edit_item, (IDS, TEXT), {}),
    "retros.set_details": (
        retros.set_details,
        (IDS,),
        {"held_on": st.none() | DATES, "participants": st.lists(NAMES | TEXT, max_size=3) | TEXT},
    ),
    "retros.set_kpi_note": (retros.set_kpi_note, (IDS, IDS, TEXT), {}),
    "risks.add_risk": (
        risks.add_risk,
        (
            NAMES,
            payload(
                "response", "owner", "status", required=("description", "probability", "impact")
            ),
        ),
        {},
    ),
    "risks.update_risk": (
        risks.update_risk,
        (IDS, payload("description", "probability", "impact", "response", "owner", "status")),
        {},
    ),
    "scope.request_change": (
        scope.request_change,
        (NAMES, TEXT, st.none() | NAMES | TEXT, st.none() | DATES),
        {},
    ),
}


@st.composite
def service_calls(draw: st.DrawFn) -> tuple[str, tuple[Any, ...], dict[str, Any]]:
    """A service (by name) and the arguments it is called with after the session."""
    name = draw(st.sampled_from(sorted(CALLS)))
    _, args, kwargs = CALLS[name]
    return (
        name,
        tuple(draw(arg) for arg in args),
        {key: draw(kwarg) for key, kwarg in kwargs.items() if draw(st.booleans())},
    )


# The demo is opened once per test; each example rolls its own transaction back.
@settings(max_examples=400, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(call=service_calls())
@example(call=("goals.set_kpi_target", (10, 1e308), {}))  # the funnel overflowed (fixed)
def test_a_service_does_its_work_or_refuses_without_a_partial_write(
    call: tuple[str, tuple[Any, ...], dict[str, Any]], demo_db: Path, admin: ServiceContext
) -> None:
    name, args, kwargs = call
    with db.atomic() as outer:
        before = dump_database()
        try:
            CALLS[name][0](admin, *args, **kwargs)
        except MpmError as refusal:
            assert str(refusal) and "\n" not in str(refusal), (name, str(refusal))
            assert dump_database() == before, f"{name} refused ({refusal}) but wrote"
        outer.rollback()


def test_the_examples_start_from_the_demo(demo_db: Path, admin: ServiceContext) -> None:
    """The rollback really restores the workspace between examples."""
    before = dump_database()
    with db.atomic() as outer:
        tasks.create_task(admin, {"title": "x", "project": "Aurora Launch"})
        assert dump_database() != before
        outer.rollback()
    assert dump_database() == before
