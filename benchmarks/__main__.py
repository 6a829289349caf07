"""mpm's performance benchmarks (not part of the test suite).

    .venv/bin/python -m benchmarks [--sizes 100,1000,10000] [--presses 100]
                                   [--only board,timeline,workload,dashboard] [--seed 7]
                                   [--no-write]

Prints a table to stdout and writes `benchmarks/RESULTS.md` (with the machine
described). See RESULTS.md's "How we measure" for what each number means.
"""

from __future__ import annotations

import argparse
import sys
import time

from benchmarks.generate import workspace_db
from benchmarks.report import Row, load_average, machine, table, write_results
from benchmarks.runner import (
    SUITES,
    dashboard_summary,
    run_isolated,
    timeline_summary,
    workload_summary,
)


def _sizes(text: str) -> list[int]:
    try:
        sizes = [int(part.replace("_", "")) for part in text.split(",") if part.strip()]
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"sizes: whole numbers, comma-separated: {text!r}"
        ) from None
    if not sizes or min(sizes) < 10:
        raise argparse.ArgumentTypeError("sizes: at least one, each 10 or more")
    return sizes


def _suites(text: str) -> list[str]:
    chosen = [part.strip() for part in text.split(",") if part.strip()]
    unknown = [s for s in chosen if s not in SUITES]
    if unknown or not chosen:
        raise argparse.ArgumentTypeError(f"--only: one or more of {', '.join(SUITES)}")
    return chosen


def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks", description=__doc__.split("\n")[0]
    )
    parser.add_argument(
        "--sizes", type=_sizes, default=[100, 1000, 10000], help="tasks per workspace"
    )
    parser.add_argument(
        "--presses", type=int, default=100, help="timed key presses per interaction"
    )
    parser.add_argument("--only", type=_suites, default=list(SUITES), help=", ".join(SUITES))
    parser.add_argument("--seed", type=int, default=7, help="workspace generator seed")
    parser.add_argument("--no-write", action="store_true", help="do not write RESULTS.md")
    return parser.parse_args(argv)


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(sys.argv[1:] if argv is None else argv)
    rows: list[Row] = []
    notes: list[str] = []
    failures: list[str] = []
    load_at_start = load_average()
    log("\n".join(machine()))
    if "floor" in args.only:
        log("floor: near-empty app …")
        found, _ = run_isolated("floor", 0, args.seed, args.presses)
        rows += found
    timeline_rows: list[Row] = []
    timeline_notes: list[str] = []
    workload_rows: list[Row] = []
    workload_notes: list[str] = []
    dashboard_rows: list[Row] = []
    dashboard_notes: list[str] = []
    for suite, found_rows, found_notes in (
        ("board", rows, notes),
        ("timeline", timeline_rows, timeline_notes),
        ("workload", workload_rows, workload_notes),
        ("dashboard", dashboard_rows, dashboard_notes),
    ):
        if suite not in args.only:
            continue
        for size in args.sizes:
            started = time.perf_counter()
            _, generated = workspace_db(size, args.seed)
            took = time.perf_counter() - started
            log(
                f"{suite}: {size:,} tasks (workspace "
                + (f"generated in {took:.1f} s" if generated else "from the cache")
                + ") …"
            )
            try:
                found, more = run_isolated(suite, size, args.seed, args.presses)
            except RuntimeError as exc:
                failures.append(str(exc))
                log(f"  {exc}")
                continue
            found_rows += found
            found_notes += more
    timeline_notes += timeline_summary(timeline_rows)
    workload_notes += workload_summary(workload_rows)
    dashboard_notes += dashboard_summary(dashboard_rows)
    failed = [
        f"- FAILED: {f}"
        for f in failures
        if not f.startswith(("timeline", "workload", "dashboard"))
    ]
    failed_timeline = [f"- FAILED: {f}" for f in failures if f.startswith("timeline")]
    failed_workload = [f"- FAILED: {f}" for f in failures if f.startswith("workload")]
    failed_dashboard = [f"- FAILED: {f}" for f in failures if f.startswith("dashboard")]
    if rows:
        print(table(rows))
        print()
        print("\n".join(notes))
    if "timeline" in args.only:
        print()
        print("Timeline")
        print()
        print(table(timeline_rows) if timeline_rows else "(nothing measured)")
        print()
        print("\n".join([*timeline_notes, *failed_timeline]))
    if "workload" in args.only:
        print()
        print("Workload")
        print()
        print(table(workload_rows) if workload_rows else "(nothing measured)")
        print()
        print("\n".join([*workload_notes, *failed_workload]))
    if "dashboard" in args.only:
        print()
        print("Dashboard")
        print()
        print(table(dashboard_rows) if dashboard_rows else "(nothing measured)")
        print()
        print("\n".join([*dashboard_notes, *failed_dashboard]))
    if failed:
        print("\n".join(failed))
    if not args.no_write:
        command = "python -m benchmarks " + " ".join(argv if argv is not None else sys.argv[1:])
        path = write_results(
            command.strip(),
            rows,
            notes + failed,
            load_at_start,
            (timeline_rows, timeline_notes + failed_timeline) if "timeline" in args.only else None,
            (workload_rows, workload_notes + failed_workload) if "workload" in args.only else None,
            (dashboard_rows, dashboard_notes + failed_dashboard)
            if "dashboard" in args.only
            else None,
        )
        log(f"wrote {path}")
    # Missed targets are results, not errors: only a run that broke exits non-zero.
    return 1 if failures else 0


if __name__ == "__main__":
    raise SystemExit(main())
