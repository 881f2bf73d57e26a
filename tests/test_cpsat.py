"""The CP-SAT model (``scheduler.model.cpsat``) agrees with the rules' own checks: rest across any
dates, and hints that belong to the model they are given to, however many models run at once."""

from __future__ import annotations

import datetime as dt
import threading
from pathlib import Path

from builders import DAY, roster, shift, volunteer

from scheduler.domain import Settings
from scheduler.model import cpsat
from scheduler.model.problem import build_problem
from scheduler.report.schedule import write_schedule
from scheduler.roster.reader import read_roster
from scheduler.roster.write import write_roster
from scheduler.solve import solve
from scheduler.verify import verify_schedule


def test_rest_gap_is_kept_between_shifts_two_dates_apart(tmp_path: Path):
    """One volunteer, a rest gap of 1,200 min: S1 22:00-06:00 on the 21st, S2 12:00-13:00 on the
    22nd, S3 00:00-04:00 on the 23rd. Every two of them are closer than the gap (S1-S3: 1,080
    min), so the optimum is one shift. The model once compared only neighbouring dates of the
    volunteer's list and gave S1 and S3, which ``verify`` rejects."""
    plan = roster(
        volunteers=[volunteer("V1")],
        shifts=[
            shift("S1", start="22:00", end="06:00"),
            shift("S2", start="12:00", end="13:00", date=DAY + dt.timedelta(days=1)),
            shift("S3", start="00:00", end="04:00", date=DAY + dt.timedelta(days=2)),
        ],
        settings=Settings(min_rest_minutes=1200),
    )
    roster_path, schedule_path = tmp_path / "roster.xlsx", tmp_path / "schedule.xlsx"
    write_roster(plan, roster_path, "en")
    data = read_roster(roster_path)
    schedule = solve(data, time_limit=5)
    write_schedule(schedule, schedule_path, "en")
    assert len(schedule.assignments) == 1 and schedule.status.value == "optimal"
    assert verify_schedule(data, schedule_path) == []


def _tie_break_model(end: str, count: int) -> cpsat.ShiftModel:
    """``count`` volunteers and shifts 08:00-``end``; volunteer i can take shift i."""
    plan = roster(
        volunteers=[volunteer(f"V{i}") for i in range(count)],
        shifts=[shift(f"S{i}", start="08:00", end=end) for i in range(count)],
    )
    model = cpsat.ShiftModel(build_problem(plan))
    cpsat.tie_break_expression(model, 0)
    return model


def _hinted(model: cpsat.ShiftModel) -> list[int]:
    return list(model.model.Proto().solution_hint.values)


def test_parts_hinted_on_threads_at_once_get_their_own_loads():
    """Two parts' models hinted side by side on threads with the same set of positions (pair
    (i, i) in both): one part's shifts last 8 h, the other's 1 h, so their derived load variables
    differ. A cache of loads shared by every model handed one part the other's loads."""
    long, short = _tie_break_model("16:00", 30), _tie_break_model("09:00", 30)
    chosen = frozenset((i, i) for i in range(30))
    expected = {}
    for model in (long, short):
        model.hint(list(chosen))
        expected[id(model)] = _hinted(model)
    assert expected[id(long)] != expected[id(short)]
    wrong = []

    def hint_often(model: cpsat.ShiftModel) -> None:
        for _ in range(50):
            model.hint(chosen)
            if _hinted(model) != expected[id(model)]:
                wrong.append(model)

    threads = [threading.Thread(target=hint_often, args=(m,)) for m in (long, short)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert wrong == []
