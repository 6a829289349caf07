"""Project templates: the file format, validated, and what the catalogue lists.

A template is a TOML file (the built-ins in `mpm_tui/data/templates/`, the
user's own in the config dir's `templates/`). Everything is measured in
working days from the launch date, which is working day 0:

- a task's `offset` is the working day it is **due** (-3: three working days
  before launch; 0: on launch day; 2: two working days after);
- it **starts** `ceil(estimate) - 1` working days before that, so a task of
  2 days with offset -3 runs on days -4 and -3;
- a task that waits for others (`after`, by title) must start after each of
  them is due — the file is refused otherwise, so the dates in the file are
  the dates you get;
- a milestone's `offset` is its day, on or after every task it waits for.

Errors name the field as `tasks[3].role` (entries counted from 1, in file
order) so the message points at the third `[[tasks]]` of the file.
"""

from __future__ import annotations

import difflib
import math
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any, NamedTuple

from pydantic import Field, StringConstraints, ValidationError, field_validator, model_validator

from mpm_tui.logic.schedule import ScheduleCycle, topological_order
from mpm_tui.schemas.inputs import Input, Name, Text, Title, describe_validation_error

TEMPLATE_ROLES = ("writer", "reviewer", "editor", "designer", "web", "social", "owner")
"""Who does a task. `owner` is the project owner; the others map to members."""

Offset = Annotated[int, Field(ge=-1000, le=1000)]
Words = Annotated[str, StringConstraints(strip_whitespace=True, max_length=120)]
ChecklistText = Annotated[
    str, StringConstraints(strip_whitespace=True, min_length=1, max_length=500)
]


def days_of(estimate: float) -> int:
    """Working days a task of this estimate occupies: 0.5 → 1, 2 → 2, 2.5 → 3."""
    return max(1, math.ceil(estimate - 1e-9))


def check_role(value: str) -> str:
    """`value` if it is one of TEMPLATE_ROLES, else a ValueError saying which are."""
    if value not in TEMPLATE_ROLES:
        raise ValueError(f"{value!r} is not one of {', '.join(TEMPLATE_ROLES)}")
    return value


class TemplateTask(Input):
    title: Title
    role: str
    estimate: Annotated[float, Field(gt=0, le=365)]
    """Working days of work (the design brief wants 1–3; bigger is flagged later)."""
    offset: Offset
    """The working day the task is due, counted from launch (0)."""
    after: tuple[Title, ...] = ()
    """Titles of tasks of this template it waits for."""
    checklist: tuple[ChecklistText, ...] = ()
    description: Text = ""
    channel: Words = ""

    @field_validator("role")
    @classmethod
    def _known_role(cls, value: str) -> str:
        return check_role(value)

    @property
    def days(self) -> int:
        return days_of(self.estimate)

    @property
    def start_offset(self) -> int:
        """The working day the task starts, counted from launch."""
        return self.offset - self.days + 1


class TemplateMilestone(Input):
    name: Name
    kind: Words = ""
    """planning_done, creative_done, setup_done, launch, midpoint, end or review."""
    offset: Offset
    after: tuple[Title, ...] = ()
    """Titles of the tasks that must be done for the milestone."""


class TemplateKpi(Input):
    """A suggested KPI: the KGI (`kgi`, with a `target`), a funnel stage that
    converts `into` a KPI listed before it at `rate`, or a KPI on its own."""

    name: Name
    stage: Words = ""
    kgi: bool = False
    target: Annotated[float, Field(ge=0)] | None = None
    into: Name | None = None
    rate: Annotated[float, Field(gt=0, le=1)] | None = None
    unit: Words = ""


class Template(Input):
    name: Name
    description: Text = ""
    kind: Words = ""
    """The project type projects made from it get, e.g. "webinar"."""
    channels: tuple[
        Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)], ...
    ] = ()
    tasks: tuple[TemplateTask, ...]
    milestones: tuple[TemplateMilestone, ...] = ()
    kpis: tuple[TemplateKpi, ...] = ()

    @model_validator(mode="after")
    def _consistent(self) -> Template:
        check_consistency(self)
        return self

    @property
    def roles(self) -> tuple[str, ...]:
        """The roles its tasks use, in TEMPLATE_ROLES order (for an assignment form)."""
        used = {task.role for task in self.tasks}
        return tuple(role for role in TEMPLATE_ROLES if role in used)

    def task_named(self, title: str) -> TemplateTask:
        key = title.casefold()
        return next(task for task in self.tasks if task.title.casefold() == key)


def _unknown(title: str, known: Sequence[str]) -> str:
    close = difflib.get_close_matches(title, known, n=1, cutoff=0.6)
    hint = f" (did you mean {close[0]!r}?)" if close else ""
    return f"{title!r} is not a task of this template{hint}"


def check_consistency(template: Template) -> None:
    """The checks that need the whole template: names, references, the dates."""
    if not template.tasks:
        raise ValueError("tasks: a template needs at least one task")
    titles = [task.title for task in template.tasks]
    index: dict[str, int] = {}
    for number, title in enumerate(titles):
        first = index.setdefault(title.casefold(), number)
        if first != number:
            raise ValueError(
                f"tasks[{number + 1}].title: {title!r} is also the title of tasks[{first + 1}]; "
                "titles must be unique (dependencies name tasks by title)"
            )
    edges: list[tuple[int, int]] = []
    for number, task in enumerate(template.tasks):
        for before in task.after:
            pred = index.get(before.casefold())
            if pred is None:
                raise ValueError(f"tasks[{number + 1}].after: {_unknown(before, titles)}")
            if pred == number:
                raise ValueError(f"tasks[{number + 1}].after: a task cannot wait for itself")
            edges.append((pred, number))
    try:
        topological_order(range(len(titles)), edges)
    except ScheduleCycle as cycle:
        loop = " → ".join(repr(titles[i]) for i in cycle.cycle)
        raise ValueError(f"tasks: the dependencies make a cycle: {loop}") from None
    for pred, number in edges:
        waiting, awaited = template.tasks[number], template.tasks[pred]
        if waiting.start_offset <= awaited.offset:
            days = waiting.days
            raise ValueError(
                f"tasks[{number + 1}].offset: {waiting.title!r} waits for {awaited.title!r} "
                f"(due at offset {awaited.offset}) but starts at offset {waiting.start_offset} "
                f"({days} day{'s' if days != 1 else ''} up to offset {waiting.offset}); "
                f"give it offset {awaited.offset + days} or later"
            )
    for number, milestone in enumerate(template.milestones):
        for title in milestone.after:
            pred = index.get(title.casefold())
            if pred is None:
                raise ValueError(f"milestones[{number + 1}].after: {_unknown(title, titles)}")
            due = template.tasks[pred].offset
            if milestone.offset < due:
                raise ValueError(
                    f"milestones[{number + 1}].offset: {milestone.name!r} (offset "
                    f"{milestone.offset}) waits for {title!r}, due at offset {due}; "
                    f"give it offset {due} or later"
                )
    kpis: set[str] = set()
    for number, kpi in enumerate(template.kpis):
        where = f"kpis[{number + 1}]"
        if kpi.kgi and kpi.into:
            raise ValueError(f"{where}.into: the KGI ends the funnel and converts into nothing")
        if kpi.into and kpi.target is not None:
            raise ValueError(
                f"{where}.target: a stage's target is worked back from the funnel; "
                "drop it (or drop `into`)"
            )
        if kpi.rate is not None and not kpi.into:
            raise ValueError(f"{where}.rate: a conversion rate needs `into`, the KPI it feeds")
        if kpi.into is not None and kpi.into.casefold() not in kpis:
            raise ValueError(f"{where}.into: {kpi.into!r} is not a KPI listed before this one")
        if kpi.name.casefold() in kpis:
            raise ValueError(f"{where}.name: {kpi.name!r} is listed twice")
        kpis.add(kpi.name.casefold())


def locate(loc: tuple[Any, ...]) -> str:
    """('tasks', 2, 'role') → `tasks[3].role`: entries counted from 1, as in the file."""
    text = ""
    for part in loc:
        if isinstance(part, int):
            text += f"[{part + 1}]"
        else:
            text += f".{part}" if text else str(part)
    return text


class TemplateError(ValueError):
    """A template that does not validate: `message` names the field and the problem."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def parse_template(data: dict[str, Any]) -> Template:
    """Validate a template read from TOML; TemplateError names the first bad field."""
    try:
        return Template.model_validate(data)
    except ValidationError as exc:
        raise TemplateError(describe_validation_error(exc, locate=locate)) from None


# --- what the catalogue lists ------------------------------------------------------


@dataclass(frozen=True)
class TemplateInfo:
    """One usable template. `source`: "built-in", "user", or "user (overrides built-in)"."""

    name: str
    description: str
    kind: str
    task_count: int
    source: str
    path: Path


def display_path(path: Path) -> str:
    """The path with the home directory shown as `~`, as people know their config dir."""
    try:
        return "~/" + path.relative_to(Path.home()).as_posix()
    except (ValueError, RuntimeError):
        return str(path)


@dataclass(frozen=True)
class TemplateProblem:
    """A template file that was skipped, and why (the field and the problem)."""

    path: Path
    message: str

    def __str__(self) -> str:
        return f"{display_path(self.path)}: {self.message}"


class TemplateListing(NamedTuple):
    """Every usable template, and the broken files that were skipped."""

    templates: list[TemplateInfo]
    problems: list[TemplateProblem]
