"""Splitting a problem (``scheduler.parts``): components share nobody, regions cover each shift and
volunteer once, and the combined bound (and the LP relaxation) is never below an exact optimum."""

from __future__ import annotations

import time

import pytest
from builders import COMMUNITIES, post, roster, shift, volunteer

from scheduler import parts
from scheduler.domain import BoundKind, Community
from scheduler.example import generate_roster
from scheduler.model.phases import PhaseTask, solve_phases
from scheduler.model.problem import build_problem
from scheduler.model.relaxation import coverage_relaxation
from scheduler.solve import solve

FAR = Community("南苑社区", "永定街道", "丰台区", 39.8000, 116.4000)  # ~11 km south of 东苑


def test_components_are_the_connected_groups_of_eligible_pairs():
    """V1 and V2 live by P1 (东苑), V3 by P2 (南苑, 11 km away): two components, and V4, who
    can serve nowhere, in none."""
    data = roster(
        volunteers=[
            volunteer("V1"),
            volunteer("V2"),
            volunteer("V3", community="南苑社区"),
            volunteer("V4", general_training=False),
        ],
        posts=[post("P1"), post("P2", community="南苑社区")],
        shifts=[shift("S1", "P1"), shift("S2", "P2"), shift("S3", "P1", "13:00", "17:00")],
        communities=(*COMMUNITIES, FAR),
    )
    problem = build_problem(data)
    found = parts.components(problem)
    named = [
        (
            sorted(problem.shifts[s].shift_id for s in part.shifts),
            sorted(problem.volunteers[v].volunteer_id for v in part.volunteers),
        )
        for part in found
    ]
    assert named == [(["S1", "S3"], ["V1", "V2"]), (["S2"], ["V3"])]
    assert all(part.whole for part in found)


def test_a_big_component_splits_into_regions_that_cover_it_once():
    data = generate_roster(300, seed=5)
    problem = build_problem(data, defer_online=True)
    (biggest, *_) = sorted(parts.components(problem), key=lambda p: -len(p.shifts))
    regions = parts.split(problem, biggest, limit=parts.pair_count(problem, biggest.shifts) // 3)
    assert len(regions) > 1 and not any(region.whole for region in regions)
    shifts = [s for region in regions for s in region.shifts]
    volunteers = [v for region in regions for v in region.volunteers]
    assert sorted(shifts) == sorted(biggest.shifts)
    assert sorted(volunteers) == sorted(biggest.volunteers)


@pytest.fixture
def larger(monkeypatch):
    """Treat the roster as a large one: online shifts last, components split by street."""
    monkeypatch.setattr(parts, "SINGLE_MODEL_PAIRS", 0)
    monkeypatch.setattr(parts, "MAX_PART_PAIRS", 300)


def exact_optimum(data) -> int:
    problem = build_problem(data)
    result = solve_phases(PhaseTask(problem, 20.0, 0.0, 0.0, deadline=time.time() + 60))
    assert result.optimal
    return result.value


def test_combined_and_lp_bounds_are_never_below_the_exact_optimum(larger):
    """A roster of 150 volunteers solved in parts (regions, border pass, online shifts last):
    the bound it reports, and the LP relaxation alone, are at least the optimum one exact model
    proves, and the coverage found at most that."""
    data = generate_roster(150, seed=3)
    optimum = exact_optimum(data)
    schedule = solve(data, time_limit=10)
    assert schedule.coverage_value <= optimum <= schedule.coverage_bound
    assert schedule.bound_kind in (BoundKind.parts, BoundKind.lp, BoundKind.mip, BoundKind.proven)
    problem = build_problem(data, defer_online=True)
    relaxed = coverage_relaxation(problem, parts.online_bound(problem), 10.0)
    assert relaxed is not None and optimum <= relaxed.bound
    full = build_problem(data)
    assert (
        optimum
        <= coverage_relaxation(full, 0, 10.0).bound
        < parts.online_bound(full)
        + sum(parts.shift_bound(full, s) for s in range(len(full.shifts)))
    )


def test_a_single_date_roster_in_parts_gets_the_exact_optimum_from_the_relaxation(larger):
    """On one date the relaxation leaves no rule out, so HiGHS's schedule is valid as it is: the
    roster solved in parts reaches the optimum one exact model proves, and says it is proven."""
    data = generate_roster(150, seed=3)
    optimum = exact_optimum(data)
    schedule = solve(data, time_limit=10)
    assert schedule.coverage_value == optimum == schedule.coverage_bound
    assert schedule.bound_kind is BoundKind.proven
