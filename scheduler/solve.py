"""``solve(roster) -> Schedule``: build the model, run it in phases, map the answer back.

1. **Coverage**: maximise the slots filled, each counting its post's priority, warm-started from
   the greedy schedule (fixed assignments included).
2. **Keep** (re-planning only): with coverage held at every priority level, keep as many of the
   previous plan's assignments as possible.
3. **Tie-breakers**: with coverage (and what was kept) held, optimise distance, preferences, the
   spread of hours and continuity on the same post, in the Settings' weights.

Each phase is warm-started from the one before, so it can only improve on it. If CP-SAT finds
nothing in time, the greedy schedule (valid by construction) is returned with the best bound known.

Time and determinism: the time limit is split into fixed budgets of CP-SAT's *deterministic* time,
so the same roster and options give the same schedule however busy the machine is. The wall clock
is only a safety net: no phase runs past the time limit, and a run cut by it (a machine far slower
than usual) is the one case that may differ. One worker is the default: it is deterministic by
construction and, with the full LP relaxation, faster on this model than a 2-thread portfolio.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable
from dataclasses import replace

from scheduler.domain import Assignment, Roster, Schedule, SolveStatus
from scheduler.model.greedy import greedy_assignment
from scheduler.model.problem import Problem, build_problem

COVERAGE_SHARE = 0.6  # of the time limit, as deterministic work
KEEP_SHARE = 0.15  # re-planning only; otherwise it goes to the tie-breakers
TIE_BREAK_SHARE = 0.15  # the rest is slack for reading, building and writing

Progress = Callable[[str], None]
Pairs = list[tuple[int, int]]


def coverage_of(problem: Problem, chosen: Pairs) -> int:
    return sum(problem.weight(s) for _, s in chosen)


def trivial_bound(problem: Problem) -> int:
    """Coverage if every shift got min(required, candidates): a bound that needs no solver."""
    return sum(
        problem.weight(s) * min(shift.required, len(problem.candidates[s]))
        for s, shift in enumerate(problem.shifts)
    )


def fair_half_hours(problem: Problem, chosen: Pairs) -> int:
    """The fair share: hours served spread over every volunteer who could serve, in half-hours."""
    minutes = sum(problem.shifts[s].minutes for _, s in chosen)
    return -(-minutes // (30 * max(len(problem.shifts_of), 1)))


def solve(
    roster: Roster,
    *,
    time_limit: float = 60.0,
    seed: int = 0,
    workers: int = 1,
    previous: tuple[Assignment, ...] | None = None,
    progress: Progress | None = None,
) -> Schedule:
    """The best schedule found within ``time_limit`` seconds, with CP-SAT's proven bound."""
    from scheduler.model import cpsat  # OR-Tools loads only when a solve is asked for

    say = progress or (lambda message: None)
    started = time.monotonic()
    problem = build_problem(roster)
    roster = replace(roster, issues=roster.issues + tuple(problem.fixed_issues))
    problem.roster = roster
    greedy = greedy_assignment(problem)
    greedy_value = coverage_of(problem, greedy)
    bound = trivial_bound(problem)
    say(f"{problem.pair_count} eligible pairs; greedy start fills {len(greedy)} slots")
    result = _Result(problem, started, greedy_value, previous)
    if problem.pair_count == 0:
        return result.schedule([], SolveStatus.empty, 0)

    def wall() -> float:
        return time_limit - (time.monotonic() - started)

    model = cpsat.ShiftModel(problem)
    first = cpsat.run(
        model,
        model.coverage,
        work_limit=time_limit * COVERAGE_SHARE,
        wall_limit=wall(),
        seed=seed,
        workers=workers,
        hint=greedy,
    )
    if not first.feasible or first.objective < greedy_value:
        say("the solver found nothing better than the greedy start in time")
        found = min(bound, first.bound) if first.feasible else bound
        return result.schedule(greedy, SolveStatus.feasible, found)
    bound = min(bound, first.bound)
    say(
        f"coverage {first.objective} of at most {bound}"
        + (" (proven optimal)" if first.optimal else "")
    )
    chosen = first.chosen
    cpsat.protect_coverage(model, chosen)
    cpsat.require_at_least(model, model.coverage, first.objective)

    kept_pairs = result.previous_pairs
    if kept_pairs and wall() > 0.1:
        keep = cpsat.keep_expression(model, kept_pairs)
        second = cpsat.run(
            model,
            keep,
            work_limit=time_limit * KEEP_SHARE,
            wall_limit=wall(),
            seed=seed,
            workers=workers,
            hint=chosen,
        )
        if second.feasible:
            chosen = second.chosen
            cpsat.require_at_least(model, keep, second.objective)
            say(f"kept {second.objective} of {len(kept_pairs)} previous assignments")

    tie_break = 0
    if wall() > 0.1:
        share = TIE_BREAK_SHARE + (0 if kept_pairs else KEEP_SHARE)
        objective = cpsat.tie_break_expression(model, fair_half_hours(problem, chosen))
        third = cpsat.run(
            model,
            objective,
            work_limit=time_limit * share,
            wall_limit=wall(),
            seed=seed,
            workers=workers,
            hint=chosen,
        )
        if third.feasible:
            chosen, tie_break = third.chosen, third.objective
    status = SolveStatus.optimal if first.optimal else SolveStatus.feasible
    return result.schedule(chosen, status, max(bound, coverage_of(problem, chosen)), tie_break)


class _Result:
    """Turns chosen (volunteer, shift) positions back into a Schedule of domain objects."""

    def __init__(self, problem: Problem, started: float, greedy_value: int, previous):
        self.problem, self.started, self.greedy_value = problem, started, greedy_value
        self.previous = tuple(previous) if previous is not None else None
        volunteer_at = {v.volunteer_id: i for i, v in enumerate(problem.volunteers)}
        shift_at = {s.shift_id: i for i, s in enumerate(problem.shifts)}
        self.previous_pairs = {
            (volunteer_at[a.volunteer_id], shift_at[a.shift_id])
            for a in self.previous or ()
            if a.volunteer_id in volunteer_at and a.shift_id in shift_at
        }

    def schedule(self, chosen: Pairs, status: SolveStatus, bound: int, tie_break: int = 0):
        problem = self.problem
        roster = problem.roster
        assignments = sorted(
            (
                Assignment(problem.shifts[s].shift_id, problem.volunteers[v].volunteer_id)
                for v, s in chosen
            ),
            key=lambda a: (roster.shift_by_id[a.shift_id].begins, a.shift_id, a.volunteer_id),
        )
        value = coverage_of(problem, chosen)
        return Schedule(
            roster=roster,
            assignments=tuple(assignments),
            status=status,
            coverage_value=value,
            coverage_bound=max(bound, value),
            seconds=time.monotonic() - self.started,
            tie_break_value=tie_break,
            greedy_value=self.greedy_value,
            pairs=problem.pair_count,
            previous=self.previous,
            quality=quality_totals(problem, chosen),
        )


def quality_totals(problem: Problem, chosen: Pairs) -> tuple[tuple[str, float], ...]:
    """The tie-break terms measured on a schedule, for the Summary (names as in the Settings)."""
    hours: dict[int, float] = {}
    served = set()
    for v, s in chosen:
        shift = problem.shifts[s]
        hours[v] = hours.get(v, 0.0) + shift.hours
        served.add((v, shift.post_id, shift.date))
    fair = fair_half_hours(problem, chosen) / 2
    return (
        ("distance_km", round(sum(problem.distance_km.get(pair, 0.0) for pair in chosen), 2)),
        ("preferences", sum(1 for pair in chosen if pair in problem.preferred)),
        ("peak_hours", max(hours.values(), default=0.0)),
        ("hours_above_fair", round(sum(max(0.0, h - fair) for h in hours.values()), 2)),
        (
            "same_post_days",
            sum(1 for v, post, day in served if (v, post, day + dt.timedelta(days=1)) in served),
        ),
    )
