"""A bound on coverage for a roster solved in parts: the LP relaxation of the whole problem.

Parts prove bounds on their own shifts, but a region's bound must allow for every volunteer from
elsewhere and an online shift's for every eligible volunteer, so on a street solved in parts the
sum can be no better than the trivial bound (every shift full). The linear relaxation of the whole
coverage problem knows what those volunteers can really give: x[v, s] in [0, 1] for every listed
pair, at most ``required`` per shift, and per volunteer and date the interval cliques (overlap and
rest) and the daily cap in minutes; the weekly hours per 7-day window when the Settings limit
them. Each of these holds for every valid schedule, and dropping the others (rest across dates,
days in a row, fixed assignments) only loosens it, so its optimum is a valid upper bound. Online
shifts left out of the listing (``Problem.deferred``) add weight x min(required, eligible), as in
``scheduler.parts.online_bound``.

GLOP (``pywraplp``) solves it; the relaxation is only built up to ``LP_PAIRS`` listed pairs. On the
README's street example (2,000 volunteers, 42,544 listed pairs) it takes 1.8 s and bounds coverage
by 3,628 where the trivial bound says 4,162. The day-plan hull of the CP-SAT model (one variable
per maximal plan) tightens it only to 3,601 and takes 6.5 s, so the cliques and the cap it is.
"""

from __future__ import annotations

import math

from ortools.linear_solver import pywraplp

from scheduler.model.day_plans import interval_cliques
from scheduler.model.problem import Problem

LP_PAIRS = 400_000  # listed pairs above which no relaxation is built


def coverage_relaxation(problem: Problem, deferred_bound: int, seconds: float) -> int | None:
    """An upper bound on weighted coverage, or None when the LP is too big or not solved."""
    if problem.pair_count > LP_PAIRS or seconds <= 0:
        return None
    solver = pywraplp.Solver.CreateSolver("GLOP")
    if solver is None:
        return None
    settings = problem.roster.settings
    x = {
        (v, s): solver.NumVar(0.0, 1.0, "")
        for s, volunteers in enumerate(problem.candidates)
        for v in volunteers
    }
    for s, volunteers in enumerate(problem.candidates):
        if len(volunteers) > problem.shifts[s].required:
            solver.Add(sum(x[v, s] for v in volunteers) <= problem.shifts[s].required)
    for v in problem.shifts_of:
        cap = problem.roster.daily_cap_minutes(problem.volunteers[v])
        for day in problem.days_of(v).values():
            shifts = [problem.shifts[s] for s in day]
            for clique in interval_cliques(shifts, settings.min_rest_minutes):
                solver.Add(sum(x[v, day[i]] for i in clique) <= 1)
            if sum(shift.minutes for shift in shifts) > cap:
                used = sum(shift.minutes * x[v, s] for s, shift in zip(day, shifts, strict=True))
                solver.Add(used <= cap)
    _weekly_hours(problem, solver, x)
    solver.Maximize(sum(problem.weight(s) * var for (_, s), var in x.items()))
    solver.SetTimeLimit(max(1, int(seconds * 1000)))
    if solver.Solve() != pywraplp.Solver.OPTIMAL:
        return None
    # GLOP's tolerances: a value within 1e-6 of an integer counts as that integer.
    return math.floor(solver.Objective().Value() + 1e-6) + deferred_bound


def _weekly_hours(problem: Problem, solver, x) -> None:
    """At most ``max_hours_per_week`` in any 7 consecutive days, where it can bind."""
    limit = problem.roster.settings.max_hours_per_week
    if limit is None:
        return
    cap = round(limit * 60)
    for v, shifts in problem.shifts_of.items():
        for first in sorted({problem.shifts[s].date for s in shifts}):
            inside = [s for s in shifts if 0 <= (problem.shifts[s].date - first).days <= 6]
            if sum(problem.shifts[s].minutes for s in inside) > cap:
                solver.Add(sum(problem.shifts[s].minutes * x[v, s] for s in inside) <= cap)
