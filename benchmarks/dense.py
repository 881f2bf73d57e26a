"""A dense multi-day roster of the shape of Timefold's employee-scheduling LARGE demo data.

The shape, not the data: 50 people, four weeks, about 935 shifts of 8 hours at three locations
(the third with a night shift), each shift needing one skill (doctor or nurse, a few anaesthetics;
labelled 医师 / 护师 / 麻醉, outside the contract's skill table, so a workbook keeps them apart),
some dates unavailable per person, at least 10 hours of rest between shifts, at most one shift a
day (the 8-hour cap) and at most 6 days in a row. All 50 live in one community, so the whole
roster is one component spanning 28 days: the case that makes the first phase slow.

    python -m benchmarks.dense                 # solve in this process, --time-limit 10, one line
    python -m benchmarks.dense --seed 2 --time-limit 20
    python -m benchmarks.dense --cli           # write the workbook, time the CLI end to end (x3)
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import statistics
import subprocess
import sys
import time
from pathlib import Path

from scheduler.domain import (
    Category,
    Community,
    Post,
    Roster,
    Settings,
    Shift,
    TimeWindow,
    Volunteer,
)

STAFF = 50
DAYS = 28
FIRST = dt.date(2026, 1, 5)  # a Monday
SHIFTS = 935
OUT = Path(__file__).resolve().parent / "out"
COMMUNITY = Community("医院社区", "医院街道", "医院区", 39.9, 116.4)
# (location, skill, start hour, end hour, how many of that shift a day)
DAILY = (
    ("门诊", "医师", 6, 14, 2),
    ("门诊", "护师", 6, 14, 4),
    ("门诊", "医师", 14, 22, 2),
    ("门诊", "护师", 14, 22, 3),
    ("重症", "医师", 6, 14, 2),
    ("重症", "护师", 6, 14, 3),
    ("重症", "医师", 14, 22, 2),
    ("重症", "护师", 14, 22, 3),
    ("重症", "麻醉", 22, 6, 1),
    ("重症", "护师", 22, 6, 2),
    ("儿科", "医师", 6, 14, 2),
    ("儿科", "护师", 6, 14, 3),
    ("儿科", "护师", 14, 22, 3),
    ("儿科", "医师", 14, 22, 2),
)


def dense_roster(seed: int = 1) -> Roster:
    """The roster: same seed, same roster."""
    rng = random.Random(seed)
    posts, shifts = [], []
    for k, (place, skill, start, _, _) in enumerate(DAILY):
        posts.append(
            Post(
                f"P{k + 1:02d}",
                f"{place}{skill}{start:02d}",
                Category.other,
                community=COMMUNITY.name,
                required_skills=frozenset({skill}),
                priority=2,
            )
        )
    slots = [(k, day) for day in range(DAYS) for k, row in enumerate(DAILY) for _ in range(row[4])]
    for n, (k, day) in enumerate(sorted(rng.sample(slots, min(SHIFTS, len(slots))))):
        _, _, start, end, _ = DAILY[k]
        finish = end * 60 if end > start else (end + 24) * 60
        date = FIRST + dt.timedelta(days=day)
        shifts.append(Shift(f"S{n + 1:04d}", posts[k].post_id, date, start * 60, finish, 1))
    volunteers = []
    for i in range(STAFF):
        skills = {"医师" if i % 5 < 2 else "护师"}
        if i % 10 == 0:
            skills.add("麻醉")
        away = set(rng.sample(range(DAYS), rng.randint(1, 4)))
        dated = tuple(window for day in range(DAYS) if day not in away for window in _day(day))
        volunteers.append(
            Volunteer(
                f"V{i + 1:03d}",
                f"员工{i + 1:03d}",
                COMMUNITY.name,
                skills=frozenset(skills),
                general_training=True,
                trained_categories=frozenset(Category),
                dated_availability=dated,
                insured=True,
            )
        )
    settings = Settings(min_rest_minutes=600, max_days_in_row=6)
    return Roster(
        volunteers=tuple(volunteers),
        posts=tuple(posts),
        shifts=tuple(shifts),
        settings=settings,
        communities=(COMMUNITY,),
    )


def _day(day: int) -> tuple[tuple[dt.date, TimeWindow], ...]:
    """Available from 06:00 to 06:00 the next morning, written as two windows that join (one
    24-hour window would read back as a shift of no length): the workbook says what this says."""
    date = FIRST + dt.timedelta(days=day)
    return (date, TimeWindow(6 * 60, 1440)), (date + dt.timedelta(days=1), TimeWindow(0, 6 * 60))


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--time-limit", type=float, default=10.0)
    parser.add_argument(
        "--cli",
        action="store_true",
        help="write the roster workbook and time `python -m scheduler solve` on it from outside",
    )
    parser.add_argument("--repeat", type=int, default=3, help="CLI runs; the median is shown")
    args = parser.parse_args(argv)
    roster = dense_roster(args.seed)
    if args.cli:
        end_to_end(roster, args.seed, args.time_limit, args.repeat)
        return
    from scheduler.solve import solve

    started = time.perf_counter()
    schedule = solve(roster, time_limit=args.time_limit)
    print(
        f"dense seed {args.seed}: {len(schedule.assignments)}/{len(roster.shifts)} shifts, "
        f"{schedule.status.value} (bound {schedule.coverage_bound}, {schedule.bound_kind.value}), "
        f"{time.perf_counter() - started:.1f} s solving with --time-limit {args.time_limit:g}"
    )


def end_to_end(roster: Roster, seed: int, time_limit: float, repeat: int) -> None:
    """What a coordinator waits for: a fresh ``python -m scheduler solve`` process reading the
    workbook, solving and writing the schedule, timed from its launch to its exit (the median
    of ``repeat`` runs), then the schedule checked with ``verify``'s rules."""
    from scheduler.report.sheets import ASSIGNMENTS
    from scheduler.roster.workbook import find_sheets, load_table, open_workbook
    from scheduler.roster.write import write_roster
    from scheduler.verify import is_note, verify_schedule

    OUT.mkdir(parents=True, exist_ok=True)
    path, output = OUT / f"dense_{seed}.xlsx", OUT / f"dense_{seed}_schedule.xlsx"
    write_roster(roster, path, "zh")
    command = [sys.executable, "-m", "scheduler", "solve", str(path), "-o", str(output)]
    command += ["--time-limit", f"{time_limit:g}"]
    seconds = []
    for run in range(repeat):
        started = time.perf_counter()
        subprocess.run(command, check=True, capture_output=True)
        seconds.append(time.perf_counter() - started)
        print(f"  run {run + 1}: {seconds[-1]:.1f} s (load average {os.getloadavg()[0]:.2f})")
    workbook = open_workbook(output)
    sheet = find_sheets(workbook, (ASSIGNMENTS,))[ASSIGNMENTS.key]
    table = load_table(workbook, sheet, ASSIGNMENTS)
    broken = [finding for finding in verify_schedule(roster, output) if not is_note(finding)]
    print(
        f"dense seed {seed}: {len(list(table.records()))}/{len(roster.shifts)} shifts, "
        f"{statistics.median(seconds):.1f} s end to end (median of {repeat}) with "
        f"--time-limit {time_limit:g}; verify: {len(broken)} broken rules"
    )


if __name__ == "__main__":
    main()
