"""Adding a task to a template: how a retrospective's lesson reaches the next project.

The task is written into the user's copy of the template. A built-in template
is copied into the user's templates folder first (the copy then overrides the
built-in of that name, as any user template does), so the package's files are
never touched and the change survives an upgrade.
"""

from __future__ import annotations

from pathlib import Path

from mpm_tui.schemas.enums import Role
from mpm_tui.schemas.templates import Template, TemplateTask, display_path
from mpm_tui.services.context import ServiceContext
from mpm_tui.services.errors import InvalidInput
from mpm_tui.services.files import write_atomically
from mpm_tui.services.templates import BUILT_IN, dump_template, find_template, template_file


def add_task_to_template(
    ctx: ServiceContext,
    template: str,
    title: str,
    *,
    description: str = "",
    role: str = "owner",
    estimate: float = 1.0,
    offset: int = 0,
) -> tuple[Template, Path]:
    """Append a task (by default: one day of the owner's, due on launch day) to
    `template`; the template as saved and its file. A title the template already
    has is refused, and nothing is written."""
    ctx.require(Role.EDITOR, "change templates")
    spec, info = find_template(template)
    if any(task.title.casefold() == title.strip().casefold() for task in spec.tasks):
        raise InvalidInput(f"template {spec.name!r} already has a task {title.strip()!r}")
    try:
        task = TemplateTask(
            title=title, role=role, estimate=estimate, offset=offset, description=description
        )
    except ValueError as exc:
        raise InvalidInput(f"template task: {exc}") from None
    updated = spec.model_copy(update={"tasks": (*spec.tasks, task)})
    target = template_file(spec.name) if info.source == BUILT_IN else info.path
    header = (
        f"# {spec.name}: a copy of the built-in template, with tasks added by mpm.\n\n"
        if info.source == BUILT_IN
        else ""
    )
    if info.source != BUILT_IN:
        header = leading_comments(info.path.read_text(encoding="utf-8"))
    target.parent.mkdir(parents=True, exist_ok=True)
    write_atomically(target, header + dump_template(updated), shown=display_path(target))
    return updated, target


def leading_comments(text: str) -> str:
    """The comment block a file starts with (kept when the file is rewritten; comments
    further down are not: the file is written again from the validated template)."""
    block: list[str] = []
    for line in text.splitlines():
        if not line.startswith("#"):
            break
        block.append(line)
    return "\n".join(block) + "\n\n" if block else ""
