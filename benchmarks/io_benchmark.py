"""Reading and writing workbooks at scale: seconds and peak memory of each phase.

    python -m benchmarks.io_benchmark                      # 300,000 volunteers
    python benchmarks/io_benchmark.py --volunteers 30000   # quicker
    python -m benchmarks.io_benchmark --profile read       # cProfile of one phase, top 25

Each phase runs in a fresh Python process, so its peak resident memory (ru_maxrss) is its own:

- generate: ``generate_roster`` only (domain objects, no file);
- write roster: ``write_example`` (generate, then XlsxWriter);
- inspect: ``safety.inspect``, the look at zip and XML before any parser (part of read);
- read roster: ``read_roster`` (inspect, python-calamine, every cell checked);
- write schedule: the schedule workbook's three big sheets for this roster through the schedule
  writer (``report.xlsx``: ``atomic_workbook``, ``write_table``, the sheets' specs): Assignments
  with every slot filled (volunteers taken in turn: the volume of a full schedule, not a valid
  one), Unfilled with every shift, and Volunteers with every volunteer. The reasons are one fixed
  sentence: explaining them is not I/O, and ``write_schedule`` of an empty Schedule (every shift
  short, every volunteer idle, each with its reason) took 418 s for 30,000 volunteers, because
  ``Explainer.idle_reason`` checks every shift for each idle volunteer. ``--full-schedule`` adds
  that phase (``write_schedule`` of an empty Schedule) for comparison; keep the roster small.

The roster read back is handed to the schedule phases pickled; loading it is not timed, but its
memory is part of their peak.
"""

from __future__ import annotations

import argparse
import json
import pickle
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # run as a script: python benchmarks/io_benchmark.py
    sys.path.insert(0, str(ROOT))

PHASES = ("generate", "write roster", "inspect", "read roster", "write schedule")
FULL_SCHEDULE = "full schedule"
REASON = "（原因：此处为基准测试的固定文字 / a fixed sentence for the benchmark）"


def peak_rss_mb() -> float:
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / (1 << 20) if sys.platform == "darwin" else peak / 1024  # bytes vs KiB


def run_phase(phase: str, folder: Path, volunteers: int, seed: int) -> dict:
    """One phase in this process; what it measured, as a dict."""
    roster_path, pickled = folder / "roster.xlsx", folder / "roster.pickle"
    note = ""
    if phase == "generate":
        from scheduler.example import generate_roster

        started = time.perf_counter()
        roster = generate_roster(volunteers, seed=seed)
        seconds = time.perf_counter() - started
        note = f"{len(roster.volunteers):,} volunteers, {len(roster.shifts):,} shifts"
    elif phase == "write roster":
        from scheduler.example import write_example

        started = time.perf_counter()
        write_example(roster_path, volunteers=volunteers, seed=seed)
        seconds = time.perf_counter() - started
        note = f"{roster_path.stat().st_size / (1 << 20):.1f} MB file"
    elif phase == "inspect":
        from scheduler.roster import safety

        started = time.perf_counter()
        inspection = safety.inspect(roster_path)
        seconds = time.perf_counter() - started
        cells = max((r * c for r, c in inspection.part_extents.values()), default=0)
        note = f"largest sheet bound {cells:,} cells"
    elif phase == "read roster":
        from scheduler.roster import read_roster

        started = time.perf_counter()
        roster = read_roster(roster_path)
        seconds = time.perf_counter() - started
        note = f"{len(roster.volunteers):,} volunteers, {len(roster.issues)} issues"
        with pickled.open("wb") as handle:
            pickle.dump(roster, handle, protocol=pickle.HIGHEST_PROTOCOL)
    elif phase == "write schedule":
        with pickled.open("rb") as handle:
            roster = pickle.load(handle)
        output = folder / "schedule.xlsx"
        started = time.perf_counter()
        rows = write_schedule_tables(roster, output)
        seconds = time.perf_counter() - started
        note = f"{output.stat().st_size / (1 << 20):.1f} MB file, {rows:,} rows"
    elif phase == FULL_SCHEDULE:
        from scheduler.domain import Schedule, SolveStatus
        from scheduler.report.schedule import write_schedule

        with pickled.open("rb") as handle:
            roster = pickle.load(handle)
        output = folder / "full_schedule.xlsx"
        started = time.perf_counter()
        write_schedule(Schedule(roster, (), SolveStatus.empty, 0, 0), output)
        seconds = time.perf_counter() - started
        note = f"{output.stat().st_size / (1 << 20):.1f} MB file, empty schedule with reasons"
    else:
        raise ValueError(f"unknown phase {phase!r}")
    return {"phase": phase, "seconds": seconds, "peak_mb": peak_rss_mb(), "note": note}


def write_schedule_tables(roster, output: Path) -> int:
    """Assignments, Unfilled and Volunteers through the schedule writer; the rows written."""
    from scheduler.report.sheets import ASSIGNMENTS, UNFILLED, VOLUNTEER_PLAN
    from scheduler.report.xlsx import COLUMN_KINDS, Formats, atomic_workbook, write_table

    kinds = COLUMN_KINDS
    volunteers, posts = roster.volunteers, roster.post_by_id
    counts = [0, 0, 0]

    def assignments():
        turn = 0
        for shift in roster.shifts:
            post = posts[shift.post_id]
            for _ in range(shift.required):
                volunteer = volunteers[turn % len(volunteers)]
                turn += 1
                counts[0] += 1
                yield dict(
                    date=shift.date,
                    shift_id=shift.shift_id,
                    post_id=post.post_id,
                    post_name=post.name,
                    category=post.category.zh,
                    zone=post.zone.zh,
                    community=post.community or "线上",
                    start=shift.start,
                    end=shift.end,
                    hours=round(shift.hours, 2),
                    volunteer_id=volunteer.volunteer_id,
                    name=volunteer.name,
                    phone=volunteer.phone,
                    distance_km=1.25,
                )

    def unfilled():
        for shift in roster.shifts:
            counts[1] += 1
            yield dict(
                date=shift.date,
                shift_id=shift.shift_id,
                post_id=shift.post_id,
                post_name=posts[shift.post_id].name,
                start=shift.start,
                end=shift.end,
                required=shift.required,
                assigned=0,
                shortfall=shift.required,
                reason=REASON,
            )

    def plan():
        for volunteer in volunteers:
            counts[2] += 1
            yield dict(
                volunteer_id=volunteer.volunteer_id,
                name=volunteer.name,
                community=volunteer.community,
                shifts=0,
                hours=0,
                reason=REASON,
            )

    with atomic_workbook(output) as workbook:
        formats = Formats(workbook)
        write_table(workbook, formats, ASSIGNMENTS, "zh", assignments(), kinds)
        write_table(workbook, formats, UNFILLED, "zh", unfilled(), kinds)
        write_table(workbook, formats, VOLUNTEER_PLAN, "zh", plan(), kinds)
    return sum(counts)


def run_in_child(phase: str, folder: Path, volunteers: int, seed: int) -> dict:
    command = [
        sys.executable,
        str(Path(__file__).resolve()),
        "--child",
        phase,
        "--folder",
        str(folder),
        "--volunteers",
        str(volunteers),
        "--seed",
        str(seed),
    ]
    done = subprocess.run(command, capture_output=True, text=True, cwd=ROOT, check=False)
    if done.returncode != 0:
        raise SystemExit(f"phase {phase!r} failed:\n{done.stderr}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def profile(phase: str, folder: Path, volunteers: int, seed: int) -> None:
    import cProfile
    import pstats

    for before in PHASES[: PHASES.index(phase)]:  # what the phase needs, unprofiled
        if before in ("write roster", "read roster"):
            run_phase(before, folder, volunteers, seed)
    profiler = cProfile.Profile()
    profiler.runcall(run_phase, phase, folder, volunteers, seed)
    pstats.Stats(profiler).sort_stats("tottime").print_stats(25)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--volunteers", type=int, default=300_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--folder", type=Path, help="keep the workbooks here (default: temp)")
    parser.add_argument("--profile", choices=PHASES, help="cProfile one phase instead")
    parser.add_argument(
        "--full-schedule",
        action="store_true",
        help="also time write_schedule of an empty Schedule, reasons included (slow)",
    )
    parser.add_argument("--child", choices=(*PHASES, FULL_SCHEDULE), help=argparse.SUPPRESS)
    options = parser.parse_args(argv)
    if options.child:
        result = run_phase(options.child, options.folder, options.volunteers, options.seed)
        print(json.dumps(result))
        return
    with tempfile.TemporaryDirectory(prefix="io-benchmark-") as temporary:
        folder = options.folder or Path(temporary)
        folder.mkdir(parents=True, exist_ok=True)
        if options.profile:
            profile(options.profile, folder, options.volunteers, options.seed)
            return
        print(f"{options.volunteers:,} volunteers, seed {options.seed}, {sys.version.split()[0]}")
        print(f"{'phase':<16}{'seconds':>10}{'peak RSS MB':>14}  note")
        for phase in (*PHASES, FULL_SCHEDULE) if options.full_schedule else PHASES:
            result = run_in_child(phase, folder, options.volunteers, options.seed)
            print(
                f"{phase:<16}{result['seconds']:>10.1f}{result['peak_mb']:>14.0f}  "
                f"{result['note']}",
                flush=True,
            )


if __name__ == "__main__":
    main()
