"""`mpm scope …`: a project's scope-change log from the shell.

`mpm scope list` prints every change with its decision; `mpm scope request`
records one; `mpm scope accept` takes exactly one trade-off (`--extend N`
working days, `--cut TASK` as often as needed, or `--budget CHANNEL=AMOUNT`)
and an approver (by default the member running the command); `mpm scope
reject` closes one. The rules are the service's (`services.scope`).
"""

from __future__ import annotations

import argparse
from collections.abc import Callable, Sequence
from typing import Any

from mpm_tui.cli import output
from mpm_tui.logic.dates import DateParseError, parse_date
from mpm_tui.schemas.enums import Tradeoff
from mpm_tui.schemas.scope import STATUS_MARKS, ScopeEntry
from mpm_tui.services import goals, scope, scope_history
from mpm_tui.services.context import ServiceContext
from mpm_tui.services.errors import InvalidInput


def _document(project: str, entries: Sequence[ScopeEntry]) -> dict[str, Any]:
    return {
        "project": project,
        "changes": [
            {
                "id": e.id,
                "description": e.description,
                "requested_by": e.requested_by,
                "requested_on": e.requested_on,
                "status": e.status,
                "tradeoff": e.tradeoff,
                "tradeoff_text": e.tradeoff_text or None,
                "extend_days": e.extend_days,
                "cut_task_ids": list(e.cut_task_ids),
                "budget_channel": e.budget_channel,
                "budget_amount": e.budget_amount,
                "approver": e.approver,
                "decided_at": e.decided_at,
                "reason": e.reason or None,
            }
            for e in entries
        ],
    }


def cmd_scope_list(ctx: ServiceContext, args: argparse.Namespace) -> int:
    log = scope_history.scope_log(args.project)
    if args.format == "json":
        print(output.to_json(_document(log.project, log.entries)))
        return 0
    rows = [
        (
            e.id,
            e.requested_on,
            e.description,
            e.requested_by,
            STATUS_MARKS[e.status],
            e.tradeoff_text or (f"reason: {e.reason}" if e.reason else None),
            e.approver,
            e.decided_at.date() if e.decided_at else None,
        )
        for e in log.entries
    ]
    headers = ("id", "requested", "what", "by", "status", "trade-off", "approver", "decided")
    print(output.table(headers, rows, widths={"what": 40, "trade-off": 50, "by": 24}))
    return 0


def cmd_scope_request(ctx: ServiceContext, args: argparse.Namespace) -> int:
    on = None
    if args.on is not None:
        try:
            on = parse_date(args.on, ctx.today())
        except DateParseError as exc:
            raise InvalidInput(f"--on: {exc}") from None
    change_id = scope.request_change(ctx, args.project, args.description, args.by, on)
    entry = scope_history.get_change(change_id)
    print(
        f"recorded scope change #{entry.id} for {entry.project} (proposed): {entry.description} "
        f"— requested by {entry.requested_by} on {entry.requested_on}"
    )
    return 0


def _budget(text: str) -> tuple[str, float]:
    """`ads=1500` or `paid = 1,500.50` → (channel, amount)."""
    channel, sign, amount = text.rpartition("=")
    value = goals.parse_number(amount)
    if not sign or not channel.strip() or value is None:
        raise InvalidInput(f"--budget: give CHANNEL=AMOUNT, e.g. ads=1500 (got {text!r})")
    return channel.strip(), value


def _tradeoff(args: argparse.Namespace) -> dict[str, Any] | None:
    """The one trade-off given (argparse lets only one through), for the service to check."""
    if args.extend is not None:
        return {"kind": Tradeoff.EXTEND_DATE, "days": args.extend}
    if args.cut:
        return {"kind": Tradeoff.CUT_TASKS, "tasks": tuple(args.cut)}
    if args.budget is not None:
        channel, amount = _budget(args.budget)
        return {"kind": Tradeoff.ADD_BUDGET, "channel": channel, "amount": amount}
    return None


def _approver(ctx: ServiceContext, args: argparse.Namespace) -> str:
    return args.approver if args.approver is not None else ctx.actor.name


def cmd_scope_accept(ctx: ServiceContext, args: argparse.Namespace) -> int:
    entry = scope.accept_change(ctx, args.id, _tradeoff(args), _approver(ctx, args))
    print(
        f"accepted scope change #{entry.id} for {entry.project}: {entry.tradeoff_text} "
        f"(approved by {entry.approver})"
    )
    return 0


def cmd_scope_reject(ctx: ServiceContext, args: argparse.Namespace) -> int:
    entry = scope.reject_change(ctx, args.id, _approver(ctx, args), args.reason or "")
    reason = f": {entry.reason}" if entry.reason else ""
    print(f"rejected scope change #{entry.id} for {entry.project} (by {entry.approver}){reason}")
    return 0


HANDLERS: dict[tuple[str, str | None], Callable[[ServiceContext, argparse.Namespace], int]] = {
    ("scope", "list"): cmd_scope_list,
    ("scope", "request"): cmd_scope_request,
    ("scope", "accept"): cmd_scope_accept,
    ("scope", "reject"): cmd_scope_reject,
}
