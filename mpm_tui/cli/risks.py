"""`mpm risk list|add|set|remove`: the risk register from the shell.

`mpm risk list [PROJECT]` prints the register in its order (`services.risks`:
open risks first, highest probability × impact first, then occurred, mitigated
and closed ones), one project's or every project's; `--open` keeps the open
ones. Formats: an aligned table, CSV, GitHub Markdown and JSON. `add`, `set`
and `remove` go through the same services as the TUI: a viewer is refused, and
bad input (a probability of 0 or 6, an empty description, an unknown owner)
is refused naming the field, nothing written.
"""

from __future__ import annotations

import argparse
import csv
import io
from collections.abc import Sequence
from typing import Any

from mpm_tui.cli import output
from mpm_tui.logic.risk import BAND_LEGEND, score_text
from mpm_tui.schemas.goals import RiskView
from mpm_tui.services import risks
from mpm_tui.services.context import ServiceContext
from mpm_tui.services.errors import InvalidInput

LEGEND = f"score = probability × impact: {BAND_LEGEND} · open risks first"
FIELDS = ("id", "project", "score", "band", "probability", "impact", "status", "owner")
TEXTS = ("description", "response")


def _document(risk: RiskView) -> dict[str, Any]:
    return {
        "id": risk.id,
        "project": risk.project,
        "score": risk.score,
        "band": risk.band.value,
        "probability": risk.probability,
        "impact": risk.impact,
        "status": risk.status,
        "owner": risk.owner,
        "description": risk.description,
        "response": risk.response,
        "created_at": risk.created_at,
    }


def _rows(found: Sequence[RiskView], *, project: bool) -> tuple[list[str], list[list[Any]]]:
    """Headers and cells of the table and Markdown formats (no project column for one)."""
    headers = ["id", "score", "P", "I", "status", "owner", "description", "response"]
    rows = [
        [
            r.id,
            score_text(r.score),
            r.probability,
            r.impact,
            r.status,
            r.owner,
            r.description,
            r.response or None,
        ]
        for r in found
    ]
    if project:
        headers.insert(1, "project")
        for row, risk in zip(rows, found, strict=True):
            row.insert(1, risk.project)
    return headers, rows


def risks_table(found: Sequence[RiskView], *, project: bool) -> str:
    headers, rows = _rows(found, project=project)
    widths = {"project": 24, "owner": 20, "description": 50, "response": 50}
    return output.table(headers, rows, widths=widths) + "\n\n" + LEGEND


def _md(value: Any) -> str:
    return output.cell(value).replace("\\", "\\\\").replace("|", "\\|")


def risks_markdown(found: Sequence[RiskView], *, project: bool) -> str:
    headers, rows = _rows(found, project=project)
    lines = [
        "| " + " | ".join(headers) + " |",
        "|" + "|".join(" --- " for _ in headers) + "|",
        *("| " + " | ".join(_md(c) for c in row) + " |" for row in rows),
        "",
        LEGEND + ".",
    ]
    return "\n".join(lines)


def risks_csv(found: Sequence[RiskView]) -> str:
    """Every field of every risk, one row each (the full texts)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow([*FIELDS, *TEXTS])
    for risk in found:
        values = _document(risk)
        writer.writerow(["" if values[k] is None else values[k] for k in (*FIELDS, *TEXTS)])
    return out.getvalue()


def cmd_risk_list(ctx: ServiceContext, args: argparse.Namespace) -> int:
    found = risks.list_risks(args.project, open_only=args.open)
    if args.format == "json":
        text = output.to_json([_document(r) for r in found])
    elif args.format == "csv":
        text = risks_csv(found)
    elif args.format == "md":
        text = risks_markdown(found, project=args.project is None)
    else:
        text = risks_table(found, project=args.project is None)
    print(text, end="" if text.endswith("\n") else "\n")
    return 0


SET_FLAGS = ("description", "probability", "impact", "response", "owner", "status")


def _scale(text: str | None) -> int | str | None:
    """`--probability 4` as the number 4 (so a refusal says `got 6`, not `got '6'`); other
    text goes to the service as typed, which refuses it naming the field."""
    if text is not None and text.strip().lstrip("-").isdecimal():
        return int(text)
    return text


def _described(risk: RiskView) -> str:
    owner = f", owner {risk.owner}" if risk.owner else ""
    return (
        f"score {score_text(risk.score).replace('  ', ' ')} {risk.band.value} "
        f"(probability {risk.probability} × impact {risk.impact}), {risk.status}{owner}"
    )


def cmd_risk_add(ctx: ServiceContext, args: argparse.Namespace) -> int:
    data = {
        "description": args.description,
        "probability": _scale(args.probability),
        "impact": _scale(args.impact),
        "response": args.response,
        "owner": args.owner,
    }
    risk = risks.add_risk(ctx, args.project, {k: v for k, v in data.items() if v is not None})
    print(f"added risk #{risk.id} to {risk.project}: {_described(risk)}")
    return 0


def cmd_risk_set(ctx: ServiceContext, args: argparse.Namespace) -> int:
    patch: dict[str, Any] = {
        name: getattr(args, name) for name in SET_FLAGS if getattr(args, name) is not None
    }
    if not patch:
        raise InvalidInput(
            "risk set: give what to change: " + ", ".join(f"--{name}" for name in SET_FLAGS)
        )
    for name in ("probability", "impact"):
        if name in patch:
            patch[name] = _scale(patch[name])
    if "owner" in patch and patch["owner"].strip().casefold() in ("", "none"):
        patch["owner"] = None
    risk = risks.update_risk(ctx, args.id, patch)
    print(f"risk #{risk.id} of {risk.project}: {_described(risk)}")
    return 0


def cmd_risk_remove(ctx: ServiceContext, args: argparse.Namespace) -> int:
    risk = risks.get_risk(args.id)
    risks.delete_risk(ctx, args.id)
    print(f"removed risk #{risk.id} of {risk.project}: {output.cell(risk.description, 60)}")
    return 0


HANDLERS = {
    ("risk", "list"): cmd_risk_list,
    ("risk", "add"): cmd_risk_add,
    ("risk", "set"): cmd_risk_set,
    ("risk", "remove"): cmd_risk_remove,
}
