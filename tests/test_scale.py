"""Solving in parts: the same coverage as one model where parts are exact, a valid bound where they
are not, valid schedules always, and the same schedule whatever runs the parts.

The rosters are small so the single exact model proves its optimum in a second or two; the
larger-roster path (online shifts last, components split into regions, border pass) is forced on
them by lowering ``SINGLE_MODEL_PAIRS`` and ``MAX_PART_PAIRS``.
"""

from __future__ import annotations

import dataclasses
from collections import defaultdict
from pathlib import Path

import numpy as np
import pytest
from builders import COMMUNITIES, post, roster, shift, volunteer

from scheduler import parts
from scheduler import solve as solve_module
from scheduler.domain import Assignment, Community, FixedAssignment, Roster, Schedule, Settings
from scheduler.example import generate_roster
from scheduler.model.phases import PhaseTask, solve_phases
from scheduler.model.problem import build_problem
from scheduler.rules.between import Load
from scheduler.rules.eligibility import Eligibility
from scheduler.solve import solve


def broken_rules(data: Roster, schedule: Schedule) -> list[str]:
    """Every hard rule the schedule breaks, checked without the solver's code paths."""
    eligibility, load = Eligibility(data), Load(data)
    broken, filled = [], defaultdict(int)
    by_volunteer = defaultdict(list)
    for a in schedule.assignments:
        by_volunteer[a.volunteer_id].append(data.shift_by_id[a.shift_id])
        filled[a.shift_id] += 1
    for volunteer_id, shifts in sorted(by_volunteer.items()):
        volunteer_ = data.volunteer_by_id[volunteer_id]
        for one in sorted(shifts, key=lambda s: s.begins):
            rule = eligibility.allows(volunteer_, one) or load.broken_rule(volunteer_, one)
            if rule:
                broken.append(f"{volunteer_id} {one.shift_id}: {rule}")
            load.add(volunteer_, one)
    for shift_id, count in filled.items():
        if count > data.shift_by_id[shift_id].required:
            broken.append(f"{shift_id}: {count} volunteers")
    return broken


def offline_only(data: Roster) -> Roster:
    posts = tuple(p for p in data.posts if not p.online)
    kept = {p.post_id for p in posts}
    return dataclasses.replace(
        data, posts=posts, shifts=tuple(s for s in data.shifts if s.post_id in kept)
    )


@pytest.fixture(scope="module")
def city() -> Roster:
    """300 generated volunteers in 10 communities of 2 streets, scarce on purpose, over 2 days so
    a volunteer's days must stay in one part; offline only, and each street its own district, so
    the nearby rule never crosses them: two components (optimum 1068)."""
    data = offline_only(generate_roster(300, seed=4, days=2))
    communities = tuple(dataclasses.replace(c, district=c.street) for c in data.communities)
    return dataclasses.replace(data, communities=communities)


@pytest.fixture(params=["street", "district"])
def larger(monkeypatch, request):
    """Treat every roster as a large one: online shifts last, components split by street; as a
    district too, where the online shifts stay unlisted to the end and the local search runs
    once per component (``MIP_PAIRS``: no integer relaxation, no whole search)."""
    monkeypatch.setattr(parts, "SINGLE_MODEL_PAIRS", 0)
    monkeypatch.setattr(parts, "MAX_PART_PAIRS", 400)
    if request.param == "district":
        monkeypatch.setattr(solve_module, "MIP_PAIRS", 0)


def single_model(data: Roster, seconds: float = 20.0):
    """The whole roster as one exact CP-SAT model: the reference optimum."""
    import time

    problem = build_problem(data)
    task = PhaseTask(problem, seconds, 0.0, 0.0, deadline=time.time() + 60)
    return solve_phases(task)


def test_exact_components_reach_the_single_models_proven_optimum(city):
    reference = single_model(city)
    assert reference.optimal
    problem = build_problem(city)
    assert len(parts.components(problem)) > 1
    schedule = solve(city, time_limit=20)  # proven well before; room for a busy machine
    assert schedule.coverage_value == reference.value == 1068
    assert schedule.status.value == "optimal" and schedule.coverage_bound == reference.value
    assert broken_rules(city, schedule) == []


def test_split_parts_give_a_valid_bound_and_a_valid_schedule(larger):
    """With online shifts, regions and a border pass, the bound is still never below the proven
    optimum and the coverage never above it."""
    data = generate_roster(400, seed=6)
    reference = single_model(data)
    assert reference.optimal
    problem = build_problem(data, defer_online=True)
    pieces = [p for c in parts.components(problem) for p in parts.split(problem, c)]
    assert any(not piece.whole for piece in pieces) and problem.deferred
    schedule = solve(data, time_limit=10)
    assert schedule.coverage_value <= reference.value <= schedule.coverage_bound
    assert reference.value - schedule.coverage_value <= 0.05 * reference.value  # scarce, 15 parts
    assert broken_rules(data, schedule) == []


def test_online_bound_counts_every_eligible_volunteer_not_the_pool(larger, monkeypatch):
    monkeypatch.setattr(parts, "ONLINE_POOL", 1)
    data = generate_roster(200, seed=2)
    problem = build_problem(data, defer_online=True)
    online = [s for s in problem.deferred if problem.deferred[s] > 1]
    assert online
    assert parts.online_bound(problem) == sum(
        problem.weight(s) * min(problem.shifts[s].required, problem.deferred[s])
        for s in problem.deferred
    )
    schedule = solve(data, time_limit=5)
    assert schedule.coverage_value <= schedule.coverage_bound
    assert broken_rules(data, schedule) == []


def test_greedy_baseline_passes_the_verifier(tmp_path):
    from scheduler.report.schedule import write_schedule
    from scheduler.verify import verify_schedule

    data = generate_roster(300, seed=3)
    schedule = solve(data, solver="greedy")
    assert schedule.assignments and schedule.status.value in ("optimal", "feasible")
    assert broken_rules(data, schedule) == []
    path = Path(tmp_path) / "greedy.xlsx"
    write_schedule(schedule, path, "en")
    assert verify_schedule(data, path) == []


def test_unknown_solver_is_refused():
    with pytest.raises(ValueError, match="cpsat, greedy"):
        solve(roster(), solver="magic")


def test_same_schedule_with_one_or_two_processes(larger):
    data = generate_roster(300, seed=5)
    one = solve(data, time_limit=5, workers=1)
    two = solve(data, time_limit=5, workers=2)
    assert one.assignments == two.assignments
    assert (one.coverage_value, one.coverage_bound) == (two.coverage_value, two.coverage_bound)


def test_dask_cluster_gives_the_local_schedule(larger):
    distributed = pytest.importorskip("distributed")
    data = generate_roster(300, seed=5)
    local = solve(data, time_limit=5)
    with distributed.LocalCluster(
        n_workers=1, threads_per_worker=2, processes=False, dashboard_address=None
    ) as cluster:
        remote = solve(data, time_limit=5, dask=cluster.scheduler_address)
    assert remote.assignments == local.assignments
    assert remote.coverage_bound == local.coverage_bound


def test_fixed_and_previous_hold_across_regions(larger):
    """A volunteer fixed to a shift outside their home region keeps it, the shift's headcount
    counts them, and re-planning keeps the previous plan where it still holds."""
    data = generate_roster(400, seed=6)
    first = solve(data, time_limit=5)
    problem = build_problem(data, defer_online=True)
    pieces = [p for c in parts.components(problem) for p in parts.split(problem, c)]
    region = {s: k for k, piece in enumerate(pieces) for s in piece.shifts}
    home = {v: k for k, piece in enumerate(pieces) for v in piece.volunteers}
    taken = {(a.volunteer_id, a.shift_id) for a in first.assignments}
    cross = next(
        (problem.volunteers[v], problem.shifts[s])
        for s in sorted(region)
        for v in problem.candidates[s]
        if v in home
        and home[v] != region[s]
        and (problem.volunteers[v].volunteer_id, problem.shifts[s].shift_id) not in taken
    )
    fixed = FixedAssignment(cross[0].volunteer_id, cross[1].shift_id)
    pinned = dataclasses.replace(data, fixed=(fixed,))
    again = solve(pinned, time_limit=60, previous=first.assignments)  # room to keep
    assert Assignment(cross[1].shift_id, cross[0].volunteer_id) in again.assignments
    assert broken_rules(pinned, again) == []
    kept = set(first.assignments) & set(again.assignments)
    assert len(kept) >= 0.9 * len(first.assignments)


def test_multi_day_rules_hold_in_parts(larger):
    data = generate_roster(300, seed=8, days=3)
    data = dataclasses.replace(
        data, settings=Settings(max_days_in_row=2, max_hours_per_week=12, min_rest_minutes=60)
    )
    schedule = solve(data, time_limit=5)
    assert schedule.assignments and broken_rules(data, schedule) == []


def test_separate_districts_are_separate_parts():
    """Two districts side by side: the nearby rule never crosses them, so two exact parts."""
    east = Community("东苑社区", "和平街道", "东城区", 39.90, 116.40)
    west = Community("西苑社区", "和平街道", "西城区", 39.90, 116.41)
    data = roster(
        [volunteer("V1"), volunteer("V2", community="西苑社区")],
        [post("P1"), post("P2", community="西苑社区")],
        [shift("S1", "P1"), shift("S2", "P2")],
        communities=(east, west),
    )
    problem = build_problem(data)
    assert [(p.shifts, p.volunteers) for p in parts.components(problem)] == [
        ((0,), (0,)),
        ((1,), (1,)),
    ]
    schedule = solve(data, time_limit=5)
    assert len(schedule.assignments) == 2 and schedule.status.value == "optimal"


def test_index_matches_the_rule_functions():
    """The vectorised nearby and profile indexes give exactly the rule functions' answer, with
    coordinates missing on some communities and a radius that makes many borderline pairs."""
    data = generate_roster(700, seed=11)
    communities = tuple(
        dataclasses.replace(c, latitude=None, longitude=None) if k % 3 == 0 else c
        for k, c in enumerate(data.communities)
    )
    data = dataclasses.replace(
        data, communities=communities + COMMUNITIES, settings=Settings(max_distance_km=1.1)
    )
    fast, slow = Eligibility(data), Eligibility(data)
    for one in data.shifts[::3]:
        expected = [v for v in data.volunteers if slow.allows(v, one) is None]
        assert fast.candidates(one) == expected, one.shift_id
    for one in data.posts[::2]:
        near = [v for v in data.volunteers if slow.nearby(v, one)]
        assert fast.nearby_volunteers(one) == near, one.post_id
        positions = fast.post_positions(one)
        assert isinstance(positions, np.ndarray)
        assert [data.volunteers[i] for i in positions] == fast.eligible_for_post(one)


def test_cli_solver_greedy_writes_a_schedule(tmp_path):
    from click.testing import CliRunner

    from scheduler.cli import cli
    from scheduler.roster.write import write_roster

    source, output = tmp_path / "roster.xlsx", tmp_path / "schedule.xlsx"
    write_roster(generate_roster(60, seed=2), source, "en")
    result = CliRunner().invoke(
        cli,
        ["solve", str(source), "-o", str(output), "--solver", "greedy", "--workers", "2"]
        + ["--lang", "en"],
    )
    assert result.exit_code == 0, result.output
    assert output.exists() and "Filled" in result.output
