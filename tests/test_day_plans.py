"""A volunteer-day as the model sees it (``scheduler.model.day_plans``): maximal plans, the capped
fallback, and exactness against a brute force over every subset of small random days."""

from __future__ import annotations

import datetime as dt
import random
from itertools import combinations

from scheduler.domain import Shift
from scheduler.model.day_plans import (
    PLAN_LIMIT,
    conflicts,
    day_structure,
    interval_cliques,
    maximal_plans,
)

DAY = dt.date(2022, 11, 21)


def day(*spans: tuple[int, int]) -> list[Shift]:
    """Shifts of one date from (start, end) in hours."""
    return [
        Shift(f"S{k}", "P1", DAY, round(a * 60), round(b * 60), 1) for k, (a, b) in enumerate(spans)
    ]


def feasible(shifts: list[Shift], chosen: tuple[int, ...], cap: int, rest: int) -> bool:
    """The rules themselves: no two chosen shifts conflict, and the minutes fit the cap."""
    if sum(shifts[i].minutes for i in chosen) > cap:
        return False
    return not any(conflicts(shifts[i], shifts[j], rest) for i, j in combinations(chosen, 2))


def allowed(structure, chosen: tuple[int, ...], shifts: list[Shift], cap: int) -> bool:
    """What the model's constraints for this structure let through (integral points)."""
    picked = set(chosen)
    if any(len(picked & set(clique)) > 1 for clique in structure.cliques):
        return False
    if structure.kind == "plans":
        return not picked or any(picked <= set(plan) for plan in structure.plans)
    if structure.kind == "capped":
        return sum(shifts[i].minutes for i in chosen) <= cap
    return True


def test_three_four_hour_shifts_under_an_eight_hour_cap_give_three_plans():
    """08-12, 12-16, 16-20 with a cap of 8 h: any two, never all three."""
    shifts = day((8, 12), (12, 16), (16, 20))
    assert sorted(maximal_plans(shifts, 480, 0)) == [(0, 1), (0, 2), (1, 2)]
    assert day_structure(shifts, 480, 0).kind == "plans"


def test_rest_gap_turns_back_to_back_shifts_into_a_clique():
    """08-12 and 12-16 fit with no rest, but not with an hour of rest: a clique, no cap needed."""
    shifts = day((8, 12), (12, 16))
    assert day_structure(shifts, 480, 0).kind == "free"
    structure = day_structure(shifts, 480, 60)
    assert structure.kind == "cliques" and structure.cliques == ((0, 1),)


def test_too_many_plans_fall_back_to_cliques_and_a_linear_cap():
    """Twelve separate one-hour shifts under a six-hour cap have C(12, 6) = 924 maximal plans."""
    shifts = day(*[(h, h + 1) for h in range(6, 18)])
    assert maximal_plans(shifts, 360, 0) is None
    structure = day_structure(shifts, 360, 0)
    assert structure.kind == "capped" and structure.plans == ()
    assert len(list(combinations(range(12), 6))) > PLAN_LIMIT


def test_structure_is_exact_on_small_random_days():
    """On 300 random days of up to 7 shifts, a set of shifts passes the structure's constraints
    exactly when the rules allow it (and always when the fallback is used), and every plan is
    feasible and maximal. No shift is longer than the cap: eligibility leaves those out."""
    rng = random.Random(12)
    kinds = set()
    for _ in range(300):
        cap, rest = rng.choice((240, 360, 480)), rng.choice((0, 30, 120))
        spans = []
        for _ in range(rng.randint(1, 7)):
            start = rng.randrange(0, 40) / 2
            spans.append((start, min(start + rng.randint(1, cap // 30) / 2, 24)))
        shifts = day(*spans)
        structure = day_structure(shifts, cap, rest)
        kinds.add(structure.kind)
        n = len(shifts)
        for size in range(n + 1):
            for chosen in combinations(range(n), size):
                rules = feasible(shifts, chosen, cap, rest)
                model = allowed(structure, chosen, shifts, cap)
                assert model or not rules, (spans, cap, rest, chosen)
                if structure.kind != "capped":
                    assert model == rules, (spans, cap, rest, chosen)
        for plan in structure.plans:
            assert feasible(shifts, plan, cap, rest)
            assert not any(
                feasible(shifts, tuple(sorted((*plan, k))), cap, rest)
                for k in range(n)
                if k not in plan
            )
    assert {"free", "cliques", "plans"} <= kinds


def test_cliques_over_many_days_are_exactly_the_maximal_conflicting_sets():
    """On 100 random horizons of up to 30 shifts over four days (a night shift conflicts with
    the next morning under a long rest gap): every clique conflicts pairwise and is maximal,
    and every conflicting pair lies in one, so at most one per clique is the rule itself."""
    rng = random.Random(3)
    for _ in range(100):
        rest = rng.choice((0, 60, 600))
        shifts = []
        for k in range(rng.randint(2, 30)):
            start = rng.randrange(0, 4 * 48) * 30
            length = rng.randint(1, 16) * 30
            date = DAY + dt.timedelta(days=start // 1440)
            begin = start % 1440
            shifts.append(Shift(f"S{k}", "P1", date, begin, begin + length, 1))
        cliques = interval_cliques(shifts, rest)
        n = len(shifts)
        for clique in cliques:
            assert all(conflicts(shifts[i], shifts[j], rest) for i, j in combinations(clique, 2))
            assert not any(
                all(conflicts(shifts[k], shifts[i], rest) for i in clique)
                for k in range(n)
                if k not in clique
            )
        covered = {pair for clique in cliques for pair in combinations(sorted(clique), 2)}
        for i, j in combinations(range(n), 2):
            assert conflicts(shifts[i], shifts[j], rest) == ((i, j) in covered)
