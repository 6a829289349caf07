"""The prose of `benchmarks/RESULTS.md`: how each suite measures, and its targets.

Edit it here (never in RESULTS.md, which `python -m benchmarks` rewrites).
Each suite's section (`benchmarks.suites`) is: its targets, its table, its
notes, then how it is measured; `HOW` ends the file and covers the board and
what every suite shares.
"""

HOW = """\
## How we measure

- **Workspaces** come from `benchmarks/generate.py`: deterministic from the
  size and `--seed`, built as a workspace document and loaded with the
  workspace importer (so the data passes the same validation as `mpm import`).
  90 % of the tasks are on the main board *Marketing* (To Do / In Progress
  (WIP limit) / Review (WIP limit) / Done); the rest on two smaller boards.
  Members, projects, dependencies, milestones, checklists and comments scale
  with the size. Projects, task dates and milestones spread over about a year
  around "now" (eight months back, four ahead), tasks after those they depend
  on. Cached in `benchmarks/.cache/`; each run uses a fresh copy.
- **The app** is the real `MPMApp`, run in-process and headless
  (`App.run_test(size=(160, 45))`), acting as the workspace's admin, with the
  clock frozen at the generator's "now". Nothing in `mpm_tui` is changed:
  the hooks are set on the app instance and on `BoardCanvas.render_line`.
- **Key in**: the `events.Key` reaching `App.on_event` (keys are posted to the
  app's queue as the terminal driver does; `Pilot.press` is not used, its idle
  waits add a ~90 ms floor).
- **Frame out**: the end of `App._display` for a compositor update. The
  headless driver skips serialising frames, so the hook does the work a real
  terminal write does (`render_segments` into the escape-sequence string) and
  stamps after it; only the terminal's own I/O is left out.
- **board frame**: key in → the first frame in which the board canvas
  redrew, i.e. the frame that shows the moved cursor or card. This is what the
  targets are checked against.
- **all settled**: key in → the last frame the key caused (the detail line
  under the board and the footer update a frame or two later). After each key
  the harness waits until no frame has been written for 50 ms before the
  next key.
- **first frame**: the app's own `Mount` event (the app is up, the board
  screen not yet built) → the first frame in which the board canvas drew
  cards. Includes loading the board from the database.
- **Interactions**: focus moves cycle `j`×20, `l`, `k`×20, `l`, …; carried
  moves pick the top To Do card up (`space`, not timed), carry it `l l l h h h`
  across all four columns (timed) and put it back (`escape`, not timed);
  drops time the final `space` of `space l space` / `space h space` (To Do ↔
  In Progress), which writes the move to the database (`tasks.move_task`,
  shifting the positions below it in both columns) and patches the board in
  memory. Issue 3 sets no target for drops; the target shown is issue 9's
  (median ≤ 30 ms including the write).
- **Floor**: the same harness on a near-empty app (Header, a Label updated by
  a binding, Footer): the cost of Textual itself plus the harness.
- Percentiles: p95 is the nearest-rank 95th percentile; worst is the maximum.
  The first press of a run is included (it pays one-off style work).
- **Notes** per row: *CPU* is this process's CPU time in the same window
  (wall ≫ CPU means the machine was busy elsewhere); *GC* is garbage
  collection inside the window. Per workspace, *Heap* is the growth in live
  Python objects (after a full collection) from the first frame to the last
  key, and widgets already removed from the screen but still referenced.
- Each workspace size runs in its own Python process, so no run inherits
  warm caches or memory from another.
"""


TIMELINE_TARGETS = """\
Targets (the performance issue): the schedule (critical path method) ≤ 10 ms
at 1,000 tasks and ≤ 100 ms at 10,000; key → frame for the timeline median
≤ 25 ms, worst ≤ 60 ms at 1,000 tasks and ≤ 80 ms at 10,000; the same number
of queries per timeline load at every size. The issue sets no first-frame
target for the timeline: the board's 0.3 s is shown for comparison."""


TIMELINE_HOW = """\
### How the timeline is measured

- The same workspaces, app, harness and percentiles as the board (see *How
  we measure*), started in the timeline mode (`MPMApp(..., mode="timeline")`,
  the week zoom, 160 × 45). Every project of the generated workspaces is in
  progress, so the chart holds every task, milestone and project.
- **chart frame**: key in → the first frame in which the timeline canvas
  rendered lines; **all settled** as for the board (the detail line under the
  chart follows a row move a frame later).
- **first frame**: the app's `Mount` → the first frame with the chart drawn;
  includes `load_timeline()`, `schedule_of()` and `build_rows()`.
- **Interactions** (each timed key sequence starts from a known place, the
  moves there not timed): `g` (where the timeline starts), then `l`×40 `h`×40
  (a week a key) repeated; `g`, then `L L L H H H` (a screenful a key: the
  whole year and back); `t` `home`, then `j`×60 `k`×60 (past the screen's
  height, so the rows scroll; a bar off the chart scrolls time too); `home`,
  then `z` repeated (week → month → day → week).
- **Queries**: a counting wrapper on the database's `execute_sql` counts the
  statements of one `load_timeline()` call, of the start-up up to the first
  chart frame, and of a reload (`r`).
- **Alone**: `load_timeline()`, `schedule_of(data, today)` and
  `build_rows(data, schedule, set())` timed on their own after the app has
  closed (same process, same database), 7 runs each, a full garbage
  collection before each (collections the run itself sets off count); the
  median is compared with the target.
- **Only what is visible is drawn**: during the timed keys the canvas's
  `render_lines`, `render_line` and `_chart` are wrapped to count, for each
  redraw, the `render_line` calls (one per line of the canvas: the same at
  every size), the chart rows painted, and the cells of each chart row (the
  chart's width in cells, whatever the number of rows or the span of dates).
  *canvas redraw* is the time of one `render_lines` pass."""


WORKLOAD_TARGETS = """\
The workload issue's headline is the aggregation time, "50 members × 10,000
tasks × 26 weeks", with the same number of queries per load at every size.
It sets no key → frame target for the workload screen: the timeline's (median
≤ 25 ms, worst ≤ 60 ms at 1,000 tasks and ≤ 80 ms at 10,000) and the board's
first-frame 0.3 s are shown for comparison."""


WORKLOAD_HOW = """\
### How the workload is measured

- **Aggregation** (after the app has closed, same process, same database,
  25 runs each, a full garbage collection before each, as for the timeline's
  *alone* rows): `load_workload(today, 26)` end to end (the queries and
  `compute_workload`); the same with the workspace's collaborator share set to
  30 % (the generated workspaces keep the default 0, where collaborators carry
  nothing and their query is skipped); and `compute_workload` alone on the
  very inputs the service built (captured from one `load_workload` call).
  The generated workspaces have 20/50/200 members and only their open tasks
  count (about half are done), so where a workspace has 50 members or more,
  `compute_workload` is also timed on the headline's shape exactly: the first
  50 of its members and *every* task of the workspace as open work (owners
  and collaborators reassigned modulo 50), over the same 26 weeks. At 10,000
  tasks that row is the issue's headline number.
- **Queries**: the timeline's counting wrapper on `execute_sql`, for one
  `load_workload(today, 26)` call, for the start-up up to the first heatmap
  frame, and for one week shift (`]`: the activity check and a reload).
- **The screen**: the same app, harness, size (160 × 45) and percentiles as
  the board and the timeline, started in the workload mode
  (`MPMApp(..., mode="workload")`, 8 weeks loaded from this week).
  **heatmap frame**: key in → the first frame in which the heatmap
  (`WorkloadGrid`) rendered lines; **all settled**: → the last frame the key
  caused (the task panel beside or under the heatmap is filled for the new
  cell after the heatmap's frame). **first frame**: the app's `Mount` → the
  first frame with the heatmap drawn (includes `load_workload` for 8 weeks).
- **Interactions** (the moves back not timed): `home`, then `j` down the
  people (40 at most, past the screen's height where there are that many;
  then `home` again); `home` `t`, then `l` from the first loaded week to the
  last (7 keys, then `t`); `]` 8 times (a week later each, each a reload:
  the activity check, `load_workload` for 8 weeks, the heatmap and the panel
  redrawn), then `t` back to this week."""


DASHBOARD_TARGETS = """\
The dashboard issue asks for a constant number of queries whatever the
workspace's size; it sets no time target: the board's first-frame 0.3 s and the
timeline's key → frame (median ≤ 25 ms, worst ≤ 60 ms at 1,000 tasks and ≤ 80 ms
at 10,000) are shown for comparison."""


DASHBOARD_HOW = """\
### How the dashboard is measured

- **Load** (after the app has closed, same process, same database, 15 runs
  each, a full garbage collection before each): `load_dashboard(now)` end to
  end, and its parts: the project rows (`portfolio()`: the timeline's data,
  its schedule, the states, progress, KGIs, budgets), this week's workload
  (`loaded_members`), and the WIP, completions and top-risks panels.
- **Screen**: the app started in the dashboard mode at 160 × 45 (same harness
  as the board); queries counted from `run_test()` to the first frame with
  the portfolio table drawn, and for a reload (`r`); `j`/`k` move the table's
  cursor, timed key → frame."""


SWITCH_TARGETS = """\
Targets (the performance issue, "switching screens" among the key → frame
interactions): median ≤ 25 ms, worst ≤ 60 ms at 1,000 tasks and ≤ 80 ms at
10,000 (checked as worst < the bound, as everywhere here). A first visit is one
key, shown against the same target."""

SWITCH_HOW = """\
### How switching screens is measured

- The same app, harness and size as the board (see *How we measure*), started
  on the board; then the mode keys in a cycle, `2` (timeline) → `3`
  (workload) → `5` (dashboard) → `1` (board) → `2` …, `--presses` keys in all
  (100 by default). The retro (`4`) is left out: it shows one project at a
  time, with no data widget to wait for.
- **its first frame**: key in → the first frame written that shows the new
  screen (the screen `App._display` was given is of the new screen's class),
  whatever it holds: where a screen reads its data in a worker, this is the
  frame with its "Loading…" state.
- **data drawn**: key in → the first frame of the new screen in which its main
  widget (`BoardCanvas` with columns, `TimelineCanvas` with rows,
  `WorkloadGrid` with lines, the `#portfolio` table with rows) is shown and
  holds data as the frame is written (`benchmarks/screens.py`, asked of every
  frame after it is stamped). Where the data comes with the first frame, the
  two are the same.
- After each key the harness waits for the data frame (20 s at most), then for
  50 ms without a frame, before the next key.
- **first visit**: the first time a screen is shown in the app (its module
  imported, the screen built, its data read), one key each, in its own rows;
  **returns**: every later key (the screen already built; it reads again only
  if the data changed meanwhile). The note gives the median per screen and
  the CPU time of this process in the same window."""

STARTUP_TARGETS = """\
Targets (the performance issue): process start → first frame with the board
drawn ≤ 0.8 s at 1,000 tasks and ≤ 1.0 s at 10,000 (none at 100: the 1,000
one is shown). Textual's own floor here is about 0.45 s to import."""

STARTUP_HOW = """\
### How start-up is measured

- **In a real pseudo-terminal** (`benchmarks/pty_run.py`): the installed
  console script (`mpm` beside the interpreter; `python -m mpm_tui` where
  there is none) runs as `mpm --db <a fresh copy of the workspace> --user "Ada
  Admin"` on a pty of 160 × 45 set before the program starts, with
  `TERM=xterm-256color` and private config, data and cache folders. Nothing
  answers the terminal's queries. Its output is read as it comes, each read
  stamped.
- **board drawn**: the fork → the read that completed the title of the first
  card of the main board's first column (read from the database beforehand,
  its first 24 characters, e.g. `Write partner brief #7`; the note names it),
  escape sequences taken out of the output: no other part of the screen shows
  a card title, so the board's cards are painted. **first byte**: the fork →
  the first output (Textual setting the terminal up: the interpreter has
  started, everything imported before `App.run`, the database opened).
- Then `ctrl+q` (Textual's quit key); SIGTERM, then SIGKILL, if the process
  had not gone within 5 s; it is always reaped. The note says how each run
  ended.
- One warm-up, then 5 timed starts, each on its own fresh copy of the
  workspace: median, p95 (= worst of 5) and worst, the minimum in the note.
  The children get a private bytecode cache (`PYTHONPYCACHEPREFIX`, and
  `PYTHONDONTWRITEBYTECODE` unset), which the warm-up fills as an install
  does: *first start, nothing compiled yet* is that warm-up.
- **Imports** (once, on the 100-task workspace, with the warm bytecode
  cache): `python -X importtime -c "import mpm_tui.app"` (3 runs, the
  median total kept), and `python -X importtime <mpm> …` in the pty, its
  import lines read back from the terminal up to the first board frame:
  every module `mpm` imports before its board is on screen. *every import* is
  the sum of every module's own time (as `-X importtime` counts it, which
  adds a little to each); the tables list the top 10 by cumulative time
  (nesting shown by dots) and by own time."""

MEMORY_TARGETS = """\
Targets (the performance issue): peak RSS ≤ 120 MB at 1,000 tasks and ≤ 160 MB
at 10,000 (none at 100: the 1,000 one is shown)."""

MEMORY_HOW = """\
### How memory is measured

- Each screen in its own fresh process (`python -m benchmarks.memory MODE
  DB`): the same app and harness as the other suites (headless,
  `run_test(size=(160, 45))`, a private copy of the workspace) started on that
  mode, until the first frame with the screen's data drawn (as for switching
  screens) and 50 ms without a frame; then the process's peak resident set
  size, `getrusage(RUSAGE_SELF).ru_maxrss` (KiB on Linux; MB here are
  1,048,576 bytes). The note gives what was still resident at that moment.
- *every screen in turn*: the board, then `2`, `3`, `5` in one process, each
  waited for until its data is drawn: a session that has seen every screen.
- **near-empty app**: the harness's Header / Label / Footer app measured the
  same way: Python, Textual and the harness, the floor under every number."""
