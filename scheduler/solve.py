"""``solve(roster) -> Schedule``: build the model, run it in two phases, map the answer back.

Phase 1 maximises coverage (each filled slot counts its post's priority), warm-started from the
greedy schedule. Phase 2 keeps that coverage as a constraint and optimises the tie-breakers
(distance, preferences, the busiest day), warm-started from phase 1, so a tie-breaker can never
cost a covered slot. If CP-SAT finds nothing in time, the greedy schedule (valid by construction)
is returned with the best bound known.

Time and determinism: the time limit is split into fixed budgets of CP-SAT's *deterministic* time
(``PHASE_ONE_SHARE`` for coverage, ``PHASE_TWO_SHARE`` for the tie-breakers), so the same roster
and options give the same schedule however busy the machine is. The wall clock is only a safety
net: no phase runs past the time limit, and a run cut by it (a machine far slower than usual)
is the one case that may differ. One worker is the default: it is deterministic by construction
and, with the full LP relaxation, faster on this model than a 2-thread portfolio (README).
"""

from __future__ import annotations

import time
from collections.abc import Callable

from scheduler.domain import Assignment, Roster, Schedule, SolveStatus
from scheduler.model.greedy import greedy_assignment
from scheduler.model.problem import Problem, build_problem

PHASE_ONE_SHARE = 0.7  # of the time limit, as deterministic work, for coverage
PHASE_TWO_SHARE = 0.2  # for the tie-breakers; the rest is slack for building and writing

Progress = Callable[[str], None]


def coverage_of(problem: Problem, chosen: list[tuple[int, int]]) -> int:
    return sum(problem.weight(s) for _, s in chosen)


def trivial_bound(problem: Problem) -> int:
    """Coverage if every shift got min(required, candidates): a bound that needs no solver."""
    return sum(
        problem.weight(s) * min(shift.required, len(problem.candidates[s]))
        for s, shift in enumerate(problem.shifts)
    )


def solve(
    roster: Roster,
    *,
    time_limit: float = 60.0,
    seed: int = 0,
    workers: int = 1,
    progress: Progress | None = None,
) -> Schedule:
    """The best schedule found within ``time_limit`` seconds, with CP-SAT's proven bound."""
    from scheduler.model import cpsat  # OR-Tools loads only when a solve is asked for

    say = progress or (lambda message: None)
    started = time.monotonic()
    problem = build_problem(roster)
    greedy = greedy_assignment(problem)
    greedy_value = coverage_of(problem, greedy)
    bound = trivial_bound(problem)
    say(f"{problem.pair_count} eligible pairs; greedy start fills {len(greedy)} slots")
    if problem.pair_count == 0:
        return _schedule(problem, [], SolveStatus.empty, 0, 0, started, 0, greedy_value)

    model = cpsat.ShiftModel(problem)
    first = cpsat.run(
        model,
        model.coverage,
        work_limit=time_limit * PHASE_ONE_SHARE,
        wall_limit=time_limit - (time.monotonic() - started),
        seed=seed,
        workers=workers,
        hint=greedy,
    )
    if not first.feasible or first.objective < greedy_value:
        say("the solver found nothing better than the greedy start in time")
        return _schedule(
            problem,
            greedy,
            SolveStatus.feasible,
            greedy_value,
            min(bound, first.bound) if first.feasible else bound,
            started,
            0,
            greedy_value,
        )
    bound = min(bound, first.bound)
    say(
        f"coverage {first.objective} of at most {bound}"
        + (" (proven optimal)" if first.optimal else "")
    )

    chosen, tie_break = first.chosen, 0
    remaining = time_limit - (time.monotonic() - started)
    if remaining > 0.1:
        cpsat.require_at_least(model, model.coverage, first.objective)
        second = cpsat.run(
            model,
            cpsat.tie_break_expression(model),
            work_limit=time_limit * PHASE_TWO_SHARE,
            wall_limit=remaining,
            seed=seed,
            workers=workers,
            hint=first.chosen,
        )
        if second.feasible:
            chosen, tie_break = second.chosen, second.objective
    status = SolveStatus.optimal if first.optimal else SolveStatus.feasible
    value = coverage_of(problem, chosen)
    return _schedule(
        problem, chosen, status, value, max(bound, value), started, tie_break, greedy_value
    )


def _schedule(problem, chosen, status, value, bound, started, tie_break, greedy_value) -> Schedule:
    assignments = sorted(
        (
            Assignment(problem.shifts[s].shift_id, problem.volunteers[v].volunteer_id)
            for v, s in chosen
        ),
        key=lambda a: (problem.roster.shift_by_id[a.shift_id].begins, a.shift_id, a.volunteer_id),
    )
    return Schedule(
        roster=problem.roster,
        assignments=tuple(assignments),
        status=status,
        coverage_value=value,
        coverage_bound=bound,
        seconds=time.monotonic() - started,
        tie_break_value=tie_break,
        greedy_value=greedy_value,
        pairs=problem.pair_count,
    )
