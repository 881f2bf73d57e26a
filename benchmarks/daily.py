"""Fourteen daily runs, without and with ``--history``: what the days before change.

    python -m benchmarks.daily                       # 200 volunteers, 14 days, seed 1
    python -m benchmarks.daily --volunteers 400 --days 14 --seeds 1,2,3

A roster from ``scheduler.example.generate_roster`` over 14 days, with Settings
最多连续天数 6 and 每周最多小时 40, is planned one day at a time, as a coordinator does every
morning: ``solve`` on that day's shifts (3 s per day). Then the day happens: every volunteer has a
no-show rate (one in six is unreliable: 30%, the rest 5%); one who turns up serves the shift's hours
times 0.75-1.1 (rounded to a quarter hour, at most an hour over, at most 8 a day, as
``scheduler record`` caps them). For each no-show the shift's standby list (3 names, as the 替补
sheet) is called in order, each answering with their own reliability. The day's records go into the
ledger, and the next morning's ``--history`` is the ledger so far (``history.served_days``), the
same functions ``scheduler record`` and ``solve --history`` use, without the workbooks in between.
The same random days (no-shows, hours, answers) are drawn for both modes from per-volunteer,
per-day seeds.

Reported per mode: violations of 最多连续天数 and 每周最多小时 across days (each day's plan against
the days actually served before it: what ``verify --history`` checks), the spread of hours served
over the 14 days among volunteers who served (mean, standard deviation, 90th percentile, maximum),
slots filled, and the standby hit rate (no-shows for which a standby came, of all no-shows; the
generated rosters are scarce on purpose, so many shifts have nobody left to list).
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import statistics
import time
from collections import defaultdict
from dataclasses import dataclass, replace

from scheduler.domain import Roster, Schedule
from scheduler.example import generate_roster
from scheduler.explain import Explainer
from scheduler.history import served_days
from scheduler.ledger import ServiceRecord, cap
from scheduler.solve import solve

MAX_DAYS_IN_ROW = 6
MAX_HOURS_PER_WEEK = 40.0
UNRELIABLE_SHARE = 1 / 6
NO_SHOW_RATE = {True: 0.30, False: 0.05}  # unreliable or not
STANDBY = 3


@dataclass(slots=True)
class Outcome:
    days_in_row: int = 0
    weekly_hours: int = 0
    filled: int = 0
    required: int = 0
    no_shows: int = 0
    standby_listed: int = 0  # no-shows whose shift had at least one standby
    standby_hits: int = 0
    seconds: float = 0.0
    hours: dict[str, float] | None = None


def simulate(roster: Roster, *, history: bool, seed: int, time_limit: float) -> Outcome:
    """Plan each date alone, draw what happened, record it; count what went wrong."""
    rng = random.Random(seed)
    unreliable = {v.volunteer_id: rng.random() < UNRELIABLE_SHARE for v in roster.volunteers}
    outcome, records = Outcome(), []
    for day in roster.dates:
        served = served_days(records)
        today = replace(
            roster,
            shifts=tuple(s for s in roster.shifts if s.date == day),
            served=served if history else (),
        )
        started = time.monotonic()
        plan = solve(today, time_limit=time_limit, seed=0)
        outcome.seconds += time.monotonic() - started
        outcome.filled += len(plan.assignments)
        outcome.required += sum(s.required for s in today.shifts)
        actual = replace(today, served=served)  # what really came before, whatever the plan knew
        outcome.days_in_row += _days_in_row(actual, plan)
        outcome.weekly_hours += _weekly_hours(actual, plan)
        new = _the_day(plan, unreliable, seed, outcome)
        records, _ = cap([*records, *new])
    hours: dict[str, float] = defaultdict(float)
    for record in records:
        hours[record.volunteer_id] += record.counted_hours
    outcome.hours = dict(hours)
    return outcome


def _draw(seed: int, volunteer_id: str, day: dt.date, what: str) -> random.Random:
    """The same draw for a volunteer on a day in both modes, whatever else happened."""
    return random.Random(f"{seed}/{volunteer_id}/{day.isoformat()}/{what}")


def _the_day(plan: Schedule, unreliable: dict, seed: int, outcome: Outcome) -> list:
    roster = plan.roster
    explainer = Explainer(plan, "en")
    records = []
    for a in plan.assignments:
        shift = roster.shift_by_id[a.shift_id]
        draw = _draw(seed, a.volunteer_id, shift.date, a.shift_id)
        if draw.random() < NO_SHOW_RATE[unreliable[a.volunteer_id]]:
            hours = 0.0
            outcome.no_shows += 1
            called = explainer.standby(shift, STANDBY)
            outcome.standby_listed += bool(called)
            for standby in called:
                answer = _draw(seed, standby.volunteer.volunteer_id, shift.date, "call")
                if answer.random() >= NO_SHOW_RATE[unreliable[standby.volunteer.volunteer_id]]:
                    outcome.standby_hits += 1
                    break
        else:
            hours = round(shift.hours * draw.uniform(0.75, 1.1) * 4) / 4
        records.append(
            ServiceRecord(
                shift.date,
                a.volunteer_id,
                a.shift_id,
                shift.hours,
                start=shift.start,
                end=shift.end,
                written_hours=hours,
                actual_hours=hours,
            )
        )
    return records


def _days_in_row(roster: Roster, plan: Schedule) -> int:
    """Volunteers of the plan whose run of days, ending today, is longer than allowed."""
    found = 0
    for volunteer_id in {a.volunteer_id for a in plan.assignments}:
        day, run = roster.dates[0], 1
        served = roster.served_minutes(volunteer_id)
        while day - dt.timedelta(days=run) in served:
            run += 1
        found += run > MAX_DAYS_IN_ROW
    return found


def _weekly_hours(roster: Roster, plan: Schedule) -> int:
    """Volunteers of the plan with more than the weekly hours in the 7 days ending today."""
    today: dict[str, int] = defaultdict(int)
    for a in plan.assignments:
        today[a.volunteer_id] += roster.shift_by_id[a.shift_id].minutes
    first = roster.dates[0] - dt.timedelta(days=6)
    found = 0
    for volunteer_id, minutes in today.items():
        before = sum(n for d, n in roster.served_minutes(volunteer_id).items() if d >= first)
        found += before + minutes > MAX_HOURS_PER_WEEK * 60
    return found


def spread(hours: dict[str, float]) -> tuple[float, float, float, float]:
    values = sorted(hours.values())
    p90 = values[min(len(values) - 1, int(0.9 * len(values)))]
    return statistics.mean(values), statistics.pstdev(values), p90, values[-1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--volunteers", type=int, default=200)
    parser.add_argument("--days", type=int, default=14)
    parser.add_argument("--seeds", default="1")
    parser.add_argument("--time-limit", type=float, default=3.0)
    args = parser.parse_args()
    print(
        "| seed | history | days-in-row violations | weekly-hours violations | filled | "
        "hours mean | std | p90 | max | volunteers used | no-shows | with a standby list | "
        "standby hit rate | solve s |"
    )
    print("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|")
    for seed in (int(s) for s in args.seeds.split(",")):
        roster = generate_roster(args.volunteers, seed=seed, days=args.days)
        settings = replace(
            roster.settings,
            max_days_in_row=MAX_DAYS_IN_ROW,
            max_hours_per_week=MAX_HOURS_PER_WEEK,
        )
        roster = replace(roster, settings=settings)
        for history in (False, True):
            result = simulate(roster, history=history, seed=seed, time_limit=args.time_limit)
            mean, std, p90, most = spread(result.hours)
            rate = result.standby_hits / result.no_shows if result.no_shows else 1.0
            print(
                f"| {seed} | {'with' if history else 'without'} | {result.days_in_row} | "
                f"{result.weekly_hours} | {result.filled} of {result.required} | {mean:.1f} | "
                f"{std:.1f} | {p90:.1f} | {most:.1f} | {len(result.hours)} | {result.no_shows} | "
                f"{result.standby_listed} | {rate:.0%} | {result.seconds:.0f} |",
                flush=True,
            )


if __name__ == "__main__":
    main()
