"""mpm's performance benchmarks (not part of the test suite).

    .venv/bin/python -m benchmarks [--sizes 100,1000,10000] [--presses 100]
                                   [--only floor,board,timeline,workload,dashboard,
                                           switch,startup,memory] [--seed 7]
                                   [--no-write]

Prints a table to stdout and writes `benchmarks/RESULTS.md` (with the machine
described). See RESULTS.md's "How we measure" for what each number means.
"""

from __future__ import annotations

import argparse
import sys
import time

from benchmarks.generate import workspace_db
from benchmarks.report import Row, Section, load_average, machine, table, write_results
from benchmarks.runner import run_isolated
from benchmarks.suites import SUITES, Suite, sections


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


def measure(suite: Suite, args: argparse.Namespace) -> tuple[list[Row], list[str], list[str]]:
    """(rows, notes, failures) of one suite at every size asked for."""
    rows: list[Row] = []
    notes: list[str] = []
    failures: list[str] = []
    for size in suite.sizes(args.sizes):
        if size:
            started = time.perf_counter()
            _, generated = workspace_db(size, args.seed)
            took = time.perf_counter() - started
            log(
                f"{suite.name}: {size:,} tasks (workspace "
                + (f"generated in {took:.1f} s" if generated else "from the cache")
                + ") …"
            )
        else:
            log(f"{suite.name}: without a workspace …")
        try:
            found, more = run_isolated(suite.name, size, args.seed, args.presses)
        except RuntimeError as exc:
            failures.append(str(exc))
            log(f"  {exc}")
            continue
        rows += found
        notes += more
    if suite.summary is not None:
        notes += suite.summary(rows)
    return rows, notes, failures


def main(argv: list[str] | None = None) -> int:
    args = parse_args(sys.argv[1:] if argv is None else argv)
    load_at_start = load_average()
    log("\n".join(machine()))
    results: dict[Section, tuple[list[Row], list[str]]] = {}
    broke = False
    for suite in SUITES.values():
        if suite.name not in args.only:
            continue
        rows, notes, failures = measure(suite, args)
        broke = broke or bool(failures)
        found, more = results.setdefault(suite.section, ([], []))
        found += rows
        more += notes + [f"- FAILED: {f}" for f in failures]
    for section, (rows, notes) in results.items():
        if section.heading:
            print()
            print(section.heading)
            print()
            print(table(rows) if rows else "(nothing measured)")
            print()
            print("\n".join(notes))
        elif rows or notes:
            print(table(rows) if rows else "(nothing measured)")
            print()
            print("\n".join(notes))
    if not args.no_write:
        command = "python -m benchmarks " + " ".join(argv if argv is not None else sys.argv[1:])
        path = write_results(
            command.strip(),
            [(section, results.get(section)) for section in sections()],
            load_at_start,
        )
        log(f"wrote {path}")
    # Missed targets are results, not errors: only a run that broke exits non-zero.
    return 1 if broke else 0


if __name__ == "__main__":
    raise SystemExit(main())
