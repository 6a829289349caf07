"""`mpm retro export|list|complete`: retrospectives from the command line.

`mpm retro` alone opens the retrospective editor (see `session.run`).
"""

from __future__ import annotations

import argparse
import shlex
import sys
from collections.abc import Callable
from pathlib import Path

from mpm_tui.cli import output
from mpm_tui.schemas.enums import RetroKind, RetroStatus
from mpm_tui.schemas.retro import RetroHit, RetroView
from mpm_tui.services import retro_library, retros
from mpm_tui.services.context import ServiceContext
from mpm_tui.services.errors import NotFound
from mpm_tui.services.lookups import project_named


def _retro(project: str, kind: str) -> RetroView:
    found = retros.retrospective_of(project, kind)
    if found is None:
        name = project_named(project).name
        raise NotFound(
            f"project {name!r} has no {retros.kind_label(kind)} yet "
            "(write one in the retrospective editor: `mpm retro`)"
        )
    return found


def cmd_retro_export(ctx: ServiceContext, args: argparse.Namespace) -> int:
    retro = _retro(args.project, args.kind)
    text = retro_library.export_markdown(retro)
    if args.output:
        output.write_file(Path(args.output), text)
        print(
            f"exported the {retros.kind_label(retro.kind)} of {retro.project} to {args.output}",
            file=sys.stderr,
        )
    else:
        sys.stdout.write(text)
    return 0


def _first_match(hit: RetroHit) -> str | None:
    """The first matching item, else the first KPI whose root-cause note matched
    (neither for an empty retrospective when the search was only spaces)."""
    if hit.matches:
        return hit.matches[0].text
    if hit.kpi_matches:
        kpi = hit.kpi_matches[0]
        return f"KPI {kpi.name}: {kpi.note}"
    return None


def cmd_retro_list(ctx: ServiceContext, args: argparse.Namespace) -> int:
    hits = retro_library.search_retrospectives(
        args.search or "", channel=args.channel, project_kind=args.kind
    )
    if args.format == "json":
        print(output.to_json(hits))
        return 0
    counted = "matches" if args.search else "items"
    headers = ["id", "project", "type", "channels", "retro", "status", "held", counted]
    if args.search:
        headers.append("first match")
    rows = []
    for hit in hits:
        row = [
            hit.retro_id,
            hit.project,
            hit.project_kind or None,
            ", ".join(hit.channels) or None,
            "final" if hit.kind is RetroKind.FINAL else "mid-point",
            hit.status,
            hit.held_on,
            len(hit.matches) + len(hit.kpi_matches),
        ]
        if args.search:
            row.append(_first_match(hit))
        rows.append(row)
    if not rows:
        print("no retrospectives" + (" match" if args.search or args.channel or args.kind else ""))
        return 0
    print(output.table(headers, rows, widths={"first match": 60, "channels": 30}))
    return 0


def cmd_retro_complete(ctx: ServiceContext, args: argparse.Namespace) -> int:
    retro = _retro(args.project, args.kind)
    label = retros.kind_label(retro.kind)
    if retro.status is RetroStatus.COMPLETE:
        print(f"the {label} of {retro.project} is already complete")
        return 0
    retros.complete_retrospective(ctx, retro.id, expected_version=retro.version)
    follow = (
        f": `mpm project close {shlex.quote(retro.project)}` can close the project now"
        if retro.kind is RetroKind.FINAL
        else ""
    )
    print(f"the {label} of {retro.project} is complete{follow}")
    return 0


HANDLERS: dict[tuple[str, str | None], Callable[[ServiceContext, argparse.Namespace], int]] = {
    ("retro", "export"): cmd_retro_export,
    ("retro", "list"): cmd_retro_list,
    ("retro", "complete"): cmd_retro_complete,
}
