"""A bound on coverage for a roster solved in parts, and a second opinion on its schedule: the
whole coverage problem with the rules between dates left out, solved by HiGHS.

Parts prove bounds on their own shifts, but a region's bound must allow for every volunteer from
elsewhere and an online shift's for every eligible volunteer, so on a street solved in parts the
sum can be no better than the trivial bound (every shift full). The relaxation knows what those
volunteers can really give: x[v, s] for every listed pair, at most ``required`` per shift, and per
volunteer and date the interval cliques (overlap and rest) and the daily cap in minutes; the
weekly hours per 7-day window when the Settings limit them. Each of these holds for every valid
schedule, and dropping the others (rest across dates, days in a row, fixed assignments) only
loosens it, so its optimum, and any bound HiGHS proves on it, bounds the coverage of every valid
schedule. Online shifts left out of the listing (``Problem.deferred``) add weight x
min(required, eligible), as in ``scheduler.parts.online_bound``.

* Up to ``MIP_PAIRS`` listed pairs the x are 0/1 and HiGHS solves a MIP: its dual bound is far
  tighter than the LP's, and its best solution is a schedule the caller may repair and keep. On
  the README's street example (2,000 volunteers, 52,560 pairs, online listed) HiGHS proves the
  optimum, 3,535, in about 4 s; the LP says 3,584 and the parts' schedule had 3,359.
* Up to ``LP_PAIRS`` the LP relaxation alone (x in [0, 1]): on the benchmark district (210,735
  listed pairs) 2 s to build and 3 s to solve.
* Above that, nothing: the caller keeps the parts' bound.

The constraint matrix is built as sparse arrays (scipy) rather than row by row through a modelling
layer: building rows in Python was most of the LP's time on the district. HiGHS stops after
``MIP_NODES`` nodes, a budget in work so that a busy machine gets the same answer, or on
``seconds`` (the wall clock: the safety net, as for CP-SAT). Stopped early, its dual bound is
still valid and its best solution still a candidate.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from scheduler.model.day_plans import interval_cliques
from scheduler.model.problem import Problem

MIP_PAIRS = 100_000  # listed pairs up to which the relaxation keeps x integral (a MIP)
MIP_NODES = 1_000  # branch-and-bound nodes: the MIP's budget in work, not in seconds
LP_PAIRS = 400_000  # listed pairs above which no relaxation is built
Pairs = list[tuple[int, int]]


@dataclass(frozen=True, slots=True)
class Relaxation:
    bound: int  # an upper bound on weighted coverage, deferred online shifts included
    chosen: Pairs  # the MIP's best schedule (rules between dates unchecked); [] for the LP
    integral: bool  # the x were 0/1: a MIP's bound, not the LP's


class _Rows:
    """The constraint matrix, one row at a time, as the three arrays of a sparse matrix."""

    def __init__(self) -> None:
        self.rows: list[int] = []
        self.cols: list[int] = []
        self.coefs: list[int] = []
        self.upper: list[int] = []

    def add(self, columns: list[int], coefs: list[int] | None, upper: int) -> None:
        row = len(self.upper)
        self.rows.extend([row] * len(columns))
        self.cols.extend(columns)
        self.coefs.extend(coefs if coefs is not None else [1] * len(columns))
        self.upper.append(upper)

    def constraint(self, columns: int):
        from scipy.optimize import LinearConstraint
        from scipy.sparse import csr_array

        shape = (len(self.upper), columns)
        matrix = csr_array((self.coefs, (self.rows, self.cols)), shape=shape, dtype=float)
        return LinearConstraint(matrix, -np.inf, np.array(self.upper, dtype=float))


def coverage_relaxation(problem: Problem, deferred_bound: int, seconds: float) -> Relaxation | None:
    """The relaxation's bound (and, for a MIP, its schedule), or None when it is too big or
    HiGHS proves nothing in ``seconds``. scipy loads only here: a community never needs it."""
    from scipy.optimize import Bounds, milp

    if not 0 < problem.pair_count <= LP_PAIRS or seconds <= 0:
        return None
    pairs = [(v, s) for s, volunteers in enumerate(problem.candidates) for v in volunteers]
    column = {pair: k for k, pair in enumerate(pairs)}
    rows = _Rows()
    for s, volunteers in enumerate(problem.candidates):
        if len(volunteers) > problem.shifts[s].required:
            rows.add([column[v, s] for v in volunteers], None, problem.shifts[s].required)
    rest = problem.roster.settings.min_rest_minutes
    for v in problem.shifts_of:
        cap = problem.roster.daily_cap_minutes(problem.volunteers[v])
        for day in problem.days_of(v).values():
            shifts = [problem.shifts[s] for s in day]
            for clique in interval_cliques(shifts, rest):
                rows.add([column[v, day[i]] for i in clique], None, 1)
            if sum(shift.minutes for shift in shifts) > cap:
                rows.add([column[v, s] for s in day], [shift.minutes for shift in shifts], cap)
    _weekly_hours(problem, rows, column)
    integral = len(pairs) <= MIP_PAIRS
    weights = np.array([-problem.weight(s) for _, s in pairs], dtype=float)  # milp minimises
    result = milp(
        weights,
        integrality=np.full(len(pairs), 1 if integral else 0),
        bounds=Bounds(0, 1),
        constraints=[rows.constraint(len(pairs))] if rows.upper else [],
        options={"time_limit": max(seconds, 0.1), "node_limit": MIP_NODES, "presolve": True},
    )
    if integral:
        dual = getattr(result, "mip_dual_bound", None)
    else:  # an LP stopped early has no valid bound
        dual = result.fun if result.status == 0 else None
    if dual is None or not math.isfinite(dual):
        return None
    # HiGHS's tolerances: a value within 1e-6 of an integer counts as that integer.
    bound = math.floor(-dual + 1e-6) + deferred_bound
    chosen = []
    if integral and result.x is not None:
        chosen = [pair for pair, x in zip(pairs, result.x, strict=True) if x > 0.5]
    return Relaxation(bound, chosen, integral)


def _weekly_hours(problem: Problem, rows: _Rows, column: dict) -> None:
    """At most ``max_hours_per_week`` in any 7 consecutive days, where it can bind."""
    limit = problem.roster.settings.max_hours_per_week
    if limit is None:
        return
    cap = round(limit * 60)
    for v, shifts in problem.shifts_of.items():
        for first in sorted({problem.shifts[s].date for s in shifts}):
            inside = [s for s in shifts if 0 <= (problem.shifts[s].date - first).days <= 6]
            if sum(problem.shifts[s].minutes for s in inside) > cap:
                rows.add(
                    [column[v, s] for s in inside], [problem.shifts[s].minutes for s in inside], cap
                )
