"""The local search of tie-breakers (``scheduler.model.polish``): it scores schedules as the CP-SAT
model does, improves a roster solved in parts without losing coverage at any priority level or
breaking a rule, and never moves what is fixed or kept."""

from __future__ import annotations

import time
from collections import Counter

import pytest
from builders import post, roster, shift, volunteer
from test_scale import broken_rules

from benchmarks.quality import measure_quality
from scheduler import parts
from scheduler import solve as solve_module
from scheduler.example import generate_roster
from scheduler.model import cpsat, phases
from scheduler.model.polish import fair_half_hours, fill_open, polish, tie_break_value
from scheduler.model.problem import build_problem


def two_neighbours():
    """S1 at 东苑; V1 lives there (0 km), V2 at 西苑 (0.85 km): the nearer is V1."""
    data = roster(
        volunteers=[volunteer("V1"), volunteer("V2", community="西苑社区")],
        shifts=[shift("S1")],
    )
    return build_problem(data)


def test_a_nearer_free_volunteer_takes_the_shift_unless_fixed_or_kept():
    problem = two_neighbours()
    assert polish(problem, [(1, 0)]) == [(0, 0)]
    assert polish(problem, [(1, 0)], fixed=[(1, 0)]) == [(1, 0)]
    assert polish(problem, [(0, 0)], previous=[(1, 0)]) == [(1, 0)]


def test_an_open_slot_is_filled_by_handing_a_shift_on():
    """S1 (08-12, needs a doctor) is open; V1, the only doctor, serves S2 (10-14), which V2 can
    serve too. V1 moves to S1 and V2 takes S2: one slot more, none lost."""
    data = roster(
        volunteers=[volunteer("V1", skills=frozenset({"医生"})), volunteer("V2")],
        posts=[post("P1", required_skills=frozenset({"医生"})), post("P2")],
        shifts=[shift("S1", "P1", "08:00", "12:00"), shift("S2", "P2", "10:00", "14:00")],
    )
    problem = build_problem(data)
    names = {
        (v.volunteer_id, s.shift_id): (i, k)
        for i, v in enumerate(problem.volunteers)
        for k, s in enumerate(problem.shifts)
    }
    assert polish(problem, [names["V1", "S2"]]) == sorted([names["V1", "S1"], names["V2", "S2"]])


def test_an_open_slot_is_filled_by_a_chain_of_hand_overs():
    """S1 (08-12) needs a doctor and is open; V1, the only doctor, serves S2 (10-14) for
    traffic wardens, whom only V1 and V2 may serve; V2 serves S3 (12-16), which V3 may serve too.
    No single hand-over works (V1's S2 has no free heir); the chain does: V1 to S1, V2 to S2,
    V3 to S3. Three slots filled, none lost."""
    data = roster(
        volunteers=[
            volunteer("V1", skills=frozenset({"医生", "交通"})),
            volunteer("V2", skills=frozenset({"交通"})),
            volunteer("V3"),
        ],
        posts=[
            post("P1", required_skills=frozenset({"医生"})),
            post("P2", required_skills=frozenset({"交通"})),
            post("P3"),
        ],
        shifts=[
            shift("S1", "P1", "08:00", "12:00"),
            shift("S2", "P2", "10:00", "14:00"),
            shift("S3", "P3", "12:00", "16:00"),
        ],
    )
    problem = build_problem(data)
    names = {
        (v.volunteer_id, s.shift_id): (i, k)
        for i, v in enumerate(problem.volunteers)
        for k, s in enumerate(problem.shifts)
    }
    start = sorted([names["V1", "S2"], names["V2", "S3"]])
    assert polish(problem, start) == sorted(
        [names["V1", "S1"], names["V2", "S2"], names["V3", "S3"]]
    )


def chain_of_two():
    """S1 (08-12) needs a doctor: only V1, who serves S2 (10-14, drivers). V2, the other driver,
    serves S3 (12-16, counsellors), which V3 can serve too. Filling S1 takes a chain of two
    hand-overs: V1 to S1, V2 to S2, V3 to S3. Positions are roster order (V1 V2 V3, S1 S2 S3)."""
    data = roster(
        volunteers=[
            volunteer("V1", skills=frozenset({"医生", "驾驶"})),
            volunteer("V2", skills=frozenset({"驾驶", "心理"})),
            volunteer("V3", skills=frozenset({"心理"})),
        ],
        posts=[
            post("P1", required_skills=frozenset({"医生"})),
            post("P2", required_skills=frozenset({"驾驶"})),
            post("P3", required_skills=frozenset({"心理"})),
        ],
        shifts=[
            shift("S1", "P1", "08:00", "12:00"),
            shift("S2", "P2", "10:00", "14:00"),
            shift("S3", "P3", "12:00", "16:00"),
        ],
    )
    return build_problem(data), [(0, 1), (1, 2)]


def test_the_repair_fills_by_chains_and_never_moves_frozen_pairs():
    problem, start = chain_of_two()
    assert fill_open(problem, start) == [(0, 0), (1, 1), (2, 2)]
    assert fill_open(problem, start, frozen=[(1, 2)]) == start  # V2 may not let S3 go


def test_a_repaired_start_at_the_bound_needs_no_solver(monkeypatch):
    """The greedy start leaves S1 open; the repair fills it, every shift is full, so the
    coverage is proven without building a CP-SAT model."""
    problem, start = chain_of_two()
    monkeypatch.setattr(phases, "greedy_assignment", lambda problem, prefer: list(start))

    def no_model(problem):
        raise AssertionError("CP-SAT was asked")

    monkeypatch.setattr(cpsat, "ShiftModel", no_model)
    task = phases.PhaseTask(problem, 1.0, 0.0, 0.0, deadline=time.time() + 10)
    result = phases.solve_phases(task)
    assert result.optimal and len(result.chosen) == 3 and result.greedy_value == 2


def test_value_is_the_cpsat_tie_break_objective():
    """On the optimum of CP-SAT's tie-break phase for a small generated roster, the local
    search's evaluation gives CP-SAT's own objective value."""
    problem = build_problem(generate_roster(60, seed=2, days=2))
    model = cpsat.ShiftModel(problem)
    start = phases.greedy_assignment(problem)
    cpsat.protect_coverage(model, start)
    objective = cpsat.tie_break_expression(model, fair_half_hours(problem, start))
    result = cpsat.run(model, objective, work_limit=10, wall_limit=30, seed=0, workers=1)
    assert result.feasible and result.chosen
    assert tie_break_value(problem, result.chosen) == result.objective


def by_level(schedule) -> Counter:
    """Slots filled at each priority level and above."""
    roster_ = schedule.roster
    weights = [
        roster_.post_by_id[roster_.shift_by_id[a.shift_id].post_id].priority
        for a in schedule.assignments
    ]
    return Counter({level: sum(w >= level for w in weights) for level in range(1, 6)})


@pytest.fixture
def larger(monkeypatch):
    """Treat the roster as a large one: online shifts last, components split by street."""
    monkeypatch.setattr(parts, "SINGLE_MODEL_PAIRS", 0)
    monkeypatch.setattr(parts, "MAX_PART_PAIRS", 400)


@pytest.mark.parametrize("listed", [True, False], ids=["whole search", "per component"])
def test_tie_breakers_improve_a_roster_solved_in_parts(larger, monkeypatch, listed):
    """The same roster solved in parts without and with the local search (and without the
    relaxation's schedule, which would replace the parts' merged one): with it, coverage is
    at least as high at every priority level, no rule is broken, the tie-break objective is
    higher and no assignment is clearly improvable (a free volunteer eligible for that shift,
    liking it as much, lives more than 0.5 km nearer)."""
    if not listed:  # as a district: online shifts stay unlisted, one search per component
        monkeypatch.setattr(solve_module, "MIP_PAIRS", 0)
    data = generate_roster(300, seed=5)
    polished = solve_module.solve(data, time_limit=60)
    with monkeypatch.context() as patch:
        patch.setattr(phases, "polish", lambda problem, chosen, *rest, **options: chosen)
        patch.setattr(solve_module, "polish", lambda problem, chosen, *rest, **options: chosen)
        patch.setattr(solve_module, "_better_start", lambda problem, chosen, relaxed: chosen)
        plain = solve_module.solve(data, time_limit=60)
    assert all(by_level(polished)[k] >= by_level(plain)[k] for k in range(1, 6))
    assert broken_rules(data, polished) == []
    assert polished.tie_break_value > plain.tie_break_value
    assert measure_quality(plain).improvable > 0
    assert measure_quality(polished).improvable == 0
