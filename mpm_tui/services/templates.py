"""Project templates: the catalogue, a project made from one, a project saved as one.

The catalogue is the built-in templates (`mpm_tui/data/templates/*.toml`) and
the user's own (`*.toml` in `paths().templates_dir`). A user template with the
name of a built-in replaces it. A user file that does not read or validate is
never raised: `list_templates` returns it as a `TemplateProblem` naming the
file and the field, and it is skipped. The format is described in
`mpm_tui.schemas.templates`.
"""

from __future__ import annotations

import difflib
import tomllib
from collections.abc import Iterator, Mapping
from datetime import date
from importlib import resources
from pathlib import Path
from typing import Any

import tomli_w

from mpm_tui.config import paths
from mpm_tui.db.database import db
from mpm_tui.logic.template_layout import lay_out
from mpm_tui.schemas.enums import Role
from mpm_tui.schemas.templates import (
    TEMPLATE_ROLES,
    Template,
    TemplateError,
    TemplateInfo,
    TemplateListing,
    TemplateProblem,
    display_path,
    parse_template,
)
from mpm_tui.schemas.views import ProjectView
from mpm_tui.services import activity, planning, projects, tasks
from mpm_tui.services.context import ServiceContext
from mpm_tui.services.errors import InvalidInput, NotFound
from mpm_tui.services.files import write_atomically
from mpm_tui.services.lookups import board_named, column_named, member_named
from mpm_tui.services.template_export import project_as_template
from mpm_tui.services.template_plans import check_launch

BUILT_IN = "built-in"
USER = "user"
OVERRIDE = "user (overrides built-in)"


# --- the catalogue ---------------------------------------------------------------------


def read_template(path: Path, text: str | None = None) -> Template:
    """The template in `path` (or `text` read from it); TemplateError says what is wrong."""
    try:
        if text is None:
            text = path.read_text(encoding="utf-8")
        data = tomllib.loads(text)
    except (OSError, UnicodeDecodeError) as exc:
        raise TemplateError(f"cannot read the file ({exc})") from None
    except tomllib.TOMLDecodeError as exc:
        raise TemplateError(f"not valid TOML: {exc}") from None
    return parse_template(data)


def _built_in_files() -> Iterator[tuple[Path, str]]:
    folder = resources.files("mpm_tui.data").joinpath("templates")
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        if entry.name.endswith(".toml"):
            yield Path(str(entry)), entry.read_text(encoding="utf-8")


def _user_files() -> list[Path]:
    folder = paths().templates_dir
    try:
        return sorted(p for p in folder.glob("*.toml") if not p.name.startswith("."))
    except OSError:
        return []


_Found = dict[str, tuple[Template, TemplateInfo]]


def _catalogue() -> tuple[_Found, list[TemplateProblem]]:
    """Every usable template by casefolded name, and the files that were skipped."""
    found: _Found = {}
    problems: list[TemplateProblem] = []
    for path, text in _built_in_files():
        try:
            template = read_template(path, text)
        except TemplateError as exc:  # a bug the test suite catches; still never a crash
            problems.append(TemplateProblem(path, exc.message))
            continue
        found[template.name.casefold()] = (template, _info(template, BUILT_IN, path))
    built_in = set(found)
    mine: dict[str, Path] = {}
    for path in _user_files():
        try:
            template = read_template(path)
        except TemplateError as exc:
            problems.append(TemplateProblem(path, exc.message))
            continue
        key = template.name.casefold()
        if key in mine:
            problems.append(
                TemplateProblem(
                    path, f"name: {template.name!r} is already the name of {mine[key].name}"
                )
            )
            continue
        mine[key] = path
        source = OVERRIDE if key in built_in else USER
        found[key] = (template, _info(template, source, path))
    return found, problems


def _info(template: Template, source: str, path: Path) -> TemplateInfo:
    return TemplateInfo(
        template.name, template.description, template.kind, len(template.tasks), source, path
    )


def list_templates() -> TemplateListing:
    """Every usable template by name, and the broken user files that were skipped."""
    ordered, problems = load_catalogue()
    return TemplateListing([info for _, info in ordered], problems)


def load_catalogue() -> tuple[list[tuple[Template, TemplateInfo]], list[TemplateProblem]]:
    """Every usable template with where it comes from (by name), and the skipped files:
    for a form that shows them all (one read of the files)."""
    found, problems = _catalogue()
    ordered = sorted(found.values(), key=lambda pair: pair[1].name.casefold())
    return ordered, problems


def find_template(name: str) -> tuple[Template, TemplateInfo]:
    """The template called `name` (any case) and where it comes from.

    NotFound names the known templates; a broken file of that name is
    reported as what is wrong with it (InvalidInput) instead.
    """
    found, problems = _catalogue()
    key = name.strip().casefold()
    if key in found:
        return found[key]
    for problem in problems:
        if problem.path.stem.casefold() == key:
            raise InvalidInput(f"template {name!r} cannot be used: {problem}")
    known = sorted(info.name for _, info in found.values())
    close = difflib.get_close_matches(name.strip(), known, n=1, cutoff=0.6)
    hint = f"did you mean {close[0]!r}? " if close else ""
    raise NotFound(f"no template called {name!r} ({hint}known: {', '.join(known)})")


def load_template(name: str) -> Template:
    return find_template(name)[0]


# --- a project from a template -----------------------------------------------------------


def _assignments(assign: Mapping[str, str | None]) -> dict[str, str]:
    """role → member name as given, roles checked, empty names dropped."""
    roles: dict[str, str] = {}
    for role, member in assign.items():
        key = role.strip().casefold()
        if key not in TEMPLATE_ROLES:
            raise InvalidInput(f"assign: {role!r} is not a role: {', '.join(TEMPLATE_ROLES)}")
        if member is not None and member.strip():
            roles[key] = member.strip()
    return roles


def create_from_template(
    ctx: ServiceContext,
    template: str,
    name: str,
    launch: date,
    assign: Mapping[str, str | None] | None = None,
    *,
    board: str | None = None,
) -> ProjectView:
    """A new project laid out from `template`, launching on `launch`.

    Every date is counted in working days from the launch (workspace holidays
    skipped); `assign` maps roles to members (a role left out: its tasks are
    unassigned; `owner` also owns the project). Each task goes into the first
    column of `board` (default: the first board) with its checklist, the role
    recorded as a collaborator role of its member, and its dependencies; then
    the milestones with their tasks, and the suggested KPIs. The project runs
    from its first task to the latest of launch, milestones and tasks.
    All or nothing, and an unknown member is refused before anything is written.
    """
    spec = load_template(template)
    roles = _assignments(assign or {})
    with db.atomic():
        ctx.require(Role.EDITOR, "create projects")
        people = {role: member_named(who).name for role, who in roles.items()}
        column = column_named(board_named(board), None)
        holidays = planning.holidays()
        check_launch(launch, holidays)
        plan = lay_out(spec, launch, holidays)
        project = projects.create_project(
            ctx,
            {
                "name": name,
                "description": spec.description,
                "kind": spec.kind,
                "channels": spec.channels,
                "owner": people.get("owner"),
                "start": plan.start,
                "end": plan.end,
            },
        )
        ids: dict[str, int] = {}
        # Soonest start first, so the column reads in the order work begins.
        for index in sorted(range(len(spec.tasks)), key=lambda i: (plan.tasks[i][0], i)):
            task, (start, due) = spec.tasks[index], plan.tasks[index]
            who = people.get(task.role)
            view = tasks.create_task(
                ctx,
                {
                    "title": task.title,
                    "project": project.name,
                    "board": column.board.name,
                    "column": column.name,
                    "description": task.description,
                    "owner": who,
                    "channel": task.channel or None,
                    "estimate_days": task.estimate,
                    "start": start,
                    "due": due,
                    "checklist": task.checklist,
                    "collaborators": (
                        [{"member": who, "role": task.role}] if who and task.role != "owner" else []
                    ),
                },
            )
            ids[task.title.casefold()] = view.id
        for task in spec.tasks:
            for before in task.after:
                tasks.add_dependency(ctx, ids[before.casefold()], ids[task.title.casefold()])
        for milestone, day in zip(spec.milestones, plan.milestones, strict=True):
            planning.add_milestone(
                ctx,
                project.name,
                {"name": milestone.name, "kind": milestone.kind, "date": day},
                after_tasks=tuple(ids[title.casefold()] for title in milestone.after),
            )
        for kpi in spec.kpis:
            planning.add_kpi(
                ctx,
                project.name,
                {
                    "name": kpi.name,
                    "stage": kpi.stage,
                    "is_kgi": kpi.kgi,
                    "parent": kpi.into,
                    "conversion_rate": kpi.rate,
                    "unit": kpi.unit,
                    "target": kpi.target,
                },
            )
        activity.record(
            ctx,
            "project",
            project.id,
            "template",
            f"laid out {project.name} from template {spec.name}: {len(spec.tasks)} tasks, "
            f"launch {launch}",
            after={"template": spec.name, "launch": launch, "assign": people},
        )
    return projects.get_project(project.name)


# --- a project saved as a template ---------------------------------------------------------


def template_file(path_name: str) -> Path:
    """Where `save_as_template` writes `path_name` (a plain file name, `.toml` optional)."""
    stem = path_name.strip().removesuffix(".toml").strip()
    if not stem or stem.startswith(".") or any(c in stem for c in '/\\:*?"<>|') or len(stem) > 80:
        raise InvalidInput(
            f"template name: {path_name!r} cannot be a file name: use letters, digits, "
            "spaces, '-' or '_' (at most 80 characters)"
        )
    return paths().templates_dir / f"{stem}.toml"


def save_as_template(
    ctx: ServiceContext, project: str, path_name: str, *, overwrite: bool = False
) -> Path:
    """Write `project` as a template file in the user's templates dir; its path.

    Offsets count from the project's launch milestone (its end date when it
    has none); roles come from the collaborator role each task's owner holds,
    `owner` for tasks of the project owner (see `template_export`). Nothing is
    written to the workspace; an existing file is kept unless `overwrite`.
    """
    source = projects.get_project(project)
    target = template_file(path_name)
    if target.exists() and not overwrite:
        raise InvalidInput(
            f"template name: {display_path(target)} already exists: "
            "choose another name, or overwrite it"
        )
    saved = project_as_template(source.name, target.stem, _roles_by_title(source.kind))
    header = (
        f"# Saved by mpm on {ctx.today()} from project {source.name!r}.\n"
        f"# Offsets are working days from {saved.anchor} ({saved.anchor_is}), offset 0.\n\n"
    )
    text = header + dump_template(saved.template)
    target.parent.mkdir(parents=True, exist_ok=True)
    write_atomically(target, text, shown=display_path(target))
    return target


def _roles_by_title(kind: str) -> dict[str, str]:
    """Task title → role in the template of this project type (for unassigned tasks)."""
    if not kind.strip():
        return {}
    found, _ = _catalogue()
    key = kind.strip().casefold()
    candidates = [t for t, _ in found.values() if key in {t.name.casefold(), t.kind.casefold()}]
    candidates.sort(key=lambda t: t.name.casefold() != key)
    if not candidates:
        return {}
    return {task.title.casefold(): task.role for task in candidates[0].tasks}


def dump_template(template: Template) -> str:
    """The template as TOML, in the order of the built-ins, empty fields left out."""
    data: dict[str, Any] = {"name": template.name, **template.model_dump(exclude_defaults=True)}
    for task in data["tasks"]:
        if float(task["estimate"]).is_integer():
            task["estimate"] = int(task["estimate"])
    return tomli_w.dumps(data)
