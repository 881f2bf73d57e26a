"""End to end at four sizes: read the roster, solve, write the schedule; one table.

    python -m benchmarks.run                                   # all four sizes, median of 3
    python -m benchmarks.run --sizes community,street --repeat 1
    python -m benchmarks.run --sizes city --repeat 1 --workers 2

Rosters come from ``scheduler.example.generate_roster`` with fixed seeds and are cached as
workbooks under ``benchmarks/out/`` (gitignored). Each run is a fresh Python process (this file
with ``--one``), so its peak memory is honest: the resident memory of that process and every
process it starts (the pool solving parts), summed, sampled every 50 ms from /proc. The run reads
the workbook, solves with the size's time limit and writes the schedule workbook, as
``python -m scheduler solve`` does; it then runs the greedy baseline (``solver="greedy"``),
untimed, for the last column.

Columns: seconds to read, to build the eligible pairs (until the solver's first progress line),
to solve (the rest of ``solve``), to write, and in total from the process's launch (so Python's
start-up and imports count too); peak memory; slots filled of required;
the weighted coverage bound, what it is worth (``BoundKind``: proven, parts, lp, trivial) and
the gap to it; slots the greedy baseline fills; then what a coordinator sees beyond coverage
(``benchmarks.quality``, measured untimed after the run): the mean distance of offline
assignments, the clearly improvable assignments (a free eligible volunteer, liking the post as
much, lives more than 0.5 km nearer), the share of assignments matching 服务意向, and the busiest
volunteer's hours. The median run (by total seconds) of ``--repeat`` runs is shown.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "benchmarks" / "out"


@dataclass(frozen=True, slots=True)
class Size:
    name: str
    volunteers: int
    shifts_per_day: int
    seed: int
    time_limit: float  # seconds given to the solver (--time-limit)
    target: str


SIZES = {
    size.name: size
    for size in (
        Size("community", 100, 15, 1, 2.0, "< 2 s, proven optimal"),
        Size("street", 2_000, 300, 1, 6.0, "< 10 s, proven optimal"),
        Size("district", 30_000, 4_000, 1, 40.0, "< 60 s, gap < 0.5%"),
        Size("city", 300_000, 40_000, 1, 420.0, "< 10 min, < 8 GiB, gap < 1%"),
    )
}


def roster_path(size: Size) -> Path:
    """The size's roster workbook, generated and written once."""
    path = OUT / f"{size.name}_{size.volunteers}_{size.shifts_per_day}_{size.seed}.xlsx"
    if not path.exists():
        from scheduler.example import generate_roster
        from scheduler.roster.write import write_roster

        OUT.mkdir(parents=True, exist_ok=True)
        roster = generate_roster(
            size.volunteers, seed=size.seed, shifts_per_day=size.shifts_per_day
        )
        partial = path.with_suffix(".partial.xlsx")
        write_roster(roster, partial, "zh")
        partial.replace(path)
    return path


def one(path: Path, output: Path, time_limit: float, workers: int) -> dict:
    """One end-to-end run in this process (the child side of ``--one``)."""
    from benchmarks.quality import measure_quality
    from scheduler.report.schedule import write_schedule
    from scheduler.roster import read_roster
    from scheduler.solve import solve

    started = time.perf_counter()
    roster = read_roster(path)
    read = time.perf_counter()
    heard: list[float] = []
    schedule = solve(
        roster,
        time_limit=time_limit,
        workers=workers,
        progress=lambda message: heard.append(time.perf_counter()),
    )
    solved = time.perf_counter()
    write_schedule(schedule, output, "zh")
    written = time.perf_counter()
    finished = time.time()  # the parent adds the interpreter's start-up to the total
    greedy = solve(roster, time_limit=time_limit, solver="greedy")
    quality = measure_quality(schedule, schedule.eligibility)
    built = heard[0] if heard else read
    return dict(
        read=read - started,
        build=built - read,
        solve=solved - built,
        write=written - solved,
        finished=finished,
        filled=len(schedule.assignments),
        required=sum(shift.required for shift in roster.shifts),
        value=schedule.coverage_value,
        bound=schedule.coverage_bound,
        gap=schedule.gap,
        status=schedule.status.value,
        greedy=len(greedy.assignments),
        bound_kind=schedule.bound_kind.value,
        **quality.as_dict(),
    )


def tree_rss_kib(pid: int) -> int:
    """Resident memory of a process and all its descendants, in KiB (Linux /proc)."""
    total, stack = 0, [pid]
    while stack:
        current = stack.pop()
        try:
            with open(f"/proc/{current}/status") as status:
                for line in status:
                    if line.startswith("VmRSS:"):
                        total += int(line.split()[1])
            for task in os.listdir(f"/proc/{current}/task"):
                with open(f"/proc/{current}/task/{task}/children") as children:
                    stack.extend(int(child) for child in children.read().split())
        except (FileNotFoundError, ProcessLookupError, PermissionError):
            continue
    return total


def measure(size: Size, workers: int) -> dict:
    """One run in a fresh process, with the peak memory of its whole process tree."""
    path = roster_path(size)
    output = OUT / f"{size.name}_schedule.xlsx"
    command = [
        sys.executable,
        "-m",
        "benchmarks.run",
        "--one",
        str(path),
        str(output),
        str(size.time_limit),
        str(workers),
    ]
    launched = time.time()
    child = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.PIPE, text=True)
    peak = 0
    while child.poll() is None:
        peak = max(peak, tree_rss_kib(child.pid))
        time.sleep(0.05)
    out = child.stdout.read() if child.stdout else ""
    if child.returncode:
        raise SystemExit(f"{size.name}: the run failed (exit {child.returncode})")
    result = json.loads(out.strip().splitlines()[-1])
    result["peak_mib"] = peak / 1024
    result["total"] = result.pop("finished") - launched
    return result


def table(rows: list[tuple[Size, dict, int]]) -> str:
    head = (
        "| size | volunteers | shifts | read s | build s | solve s | write s | total s | peak RSS "
        "| filled | required | bound | bound kind | gap | status | greedy filled | mean km "
        "| improvable | preferred | busiest h | runs |"
    )
    lines = [head, "|" + "---|" * 21]
    for size, r, runs in rows:
        lines.append(
            f"| {size.name} | {size.volunteers:,} | {size.shifts_per_day:,} | {r['read']:.1f} "
            f"| {r['build']:.1f} | {r['solve']:.1f} | {r['write']:.1f} | {r['total']:.1f} "
            f"| {r['peak_mib'] / 1024:.2f} GiB | {r['filled']:,} | {r['required']:,} "
            f"| {r['bound']:,} | {r['bound_kind']} | {r['gap']:.3%} | {r['status']} "
            f"| {r['greedy']:,} | {r['mean_km']:.2f} | {r['improvable']:,} "
            f"| {r['preferred_share']:.1%} | {r['busiest_hours']:.1f} | {runs} |"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default=",".join(SIZES), help="comma-separated sizes")
    parser.add_argument("--repeat", type=int, default=3, help="runs per size; the median shown")
    parser.add_argument("--workers", type=int, default=2, help="processes for the parts")
    parser.add_argument("--one", nargs=4, metavar=("ROSTER", "OUTPUT", "LIMIT", "WORKERS"))
    args = parser.parse_args(argv)
    if args.one:
        path, output, limit, workers = args.one
        print(json.dumps(one(Path(path), Path(output), float(limit), int(workers))))
        return
    rows = []
    for name in args.sizes.split(","):
        size = SIZES[name.strip()]
        print(f"{size.name}: {size.volunteers:,} volunteers ({size.target})", file=sys.stderr)
        runs = []
        for k in range(args.repeat):
            runs.append(measure(size, args.workers))
            print(f"  run {k + 1}: {runs[-1]['total']:.1f} s", file=sys.stderr)
        median = statistics.median_low(sorted(run["total"] for run in runs))
        rows.append((size, next(run for run in runs if run["total"] == median), len(runs)))
    print(table(rows))


if __name__ == "__main__":
    main()
