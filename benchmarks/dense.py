"""A dense multi-day roster of the shape of Timefold's employee-scheduling LARGE demo data.

The shape, not the data: 50 people, four weeks, about 935 shifts of 8 hours at three locations
(the third with a night shift), each shift needing one skill (doctor or nurse, a few anaesthetics),
some dates unavailable per person, at least 10 hours of rest between shifts, at most one shift a
day (the 8-hour cap) and at most 6 days in a row. All 50 live in one community, so the whole
roster is one component spanning 28 days: the case that makes the first phase slow.

    python -m benchmarks.dense                 # write, solve with --time-limit 10, print a line
    python -m benchmarks.dense --seed 2 --time-limit 20
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import time

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
COMMUNITY = Community("医院社区", "医院街道", "医院区", 39.9, 116.4)
# (location, skill, start hour, end hour, how many of that shift a day)
DAILY = (
    ("门诊", "医生", 6, 14, 2),
    ("门诊", "护士", 6, 14, 4),
    ("门诊", "医生", 14, 22, 2),
    ("门诊", "护士", 14, 22, 3),
    ("重症", "医生", 6, 14, 2),
    ("重症", "护士", 6, 14, 3),
    ("重症", "医生", 14, 22, 2),
    ("重症", "护士", 14, 22, 3),
    ("重症", "麻醉", 22, 6, 1),
    ("重症", "护士", 22, 6, 2),
    ("儿科", "医生", 6, 14, 2),
    ("儿科", "护士", 6, 14, 3),
    ("儿科", "护士", 14, 22, 3),
    ("儿科", "医生", 14, 22, 2),
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
        skills = {"医生" if i % 5 < 2 else "护士"}
        if i % 10 == 0:
            skills.add("麻醉")
        away = set(rng.sample(range(DAYS), rng.randint(1, 4)))
        dated = tuple(
            (FIRST + dt.timedelta(days=day), TimeWindow(6 * 60, 1440 + 6 * 60))
            for day in range(DAYS)
            if day not in away
        )
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


def main(argv: list[str] | None = None) -> None:
    from scheduler.solve import solve

    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--time-limit", type=float, default=10.0)
    args = parser.parse_args(argv)
    roster = dense_roster(args.seed)
    started = time.perf_counter()
    schedule = solve(roster, time_limit=args.time_limit)
    print(
        f"dense seed {args.seed}: {len(schedule.assignments)}/{len(roster.shifts)} shifts, "
        f"{schedule.status.value} (bound {schedule.coverage_bound}, {schedule.bound_kind.value}), "
        f"{time.perf_counter() - started:.1f} s solving with --time-limit {args.time_limit:g}"
    )


if __name__ == "__main__":
    main()
