"""The CP-SAT model: the only module that imports OR-Tools.

Variables exist only for eligible pairs (``Problem.candidates``), so the single-shift rules
(training, skills, health, insurance, nearby, availability) hold by construction. The rules between
shifts get one function each, called in order from ``ShiftModel.__init__``; the objective terms
follow. Coverage, keeping a previous plan and the tie-breakers are solved in phases (see
``scheduler.solve``) so no later goal can cost what an earlier one achieved.

Every auxiliary variable is registered with ``derive`` together with the rule that computes its
value from a set of chosen pairs, so any valid schedule (the greedy one, a previous phase's) becomes
a complete hint: CP-SAT starts from a full solution instead of having to repair a partial one.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass

from ortools.sat.python import cp_model

from scheduler.model.day_plans import day_structure, interval_cliques
from scheduler.model.polish import NO_SHOW_WEIGHT
from scheduler.model.problem import Problem
from scheduler.rules.between import recent_minutes

Chosen = frozenset[tuple[int, int]]


class ShiftModel:
    """The assignment model of one problem; ``x[v, s]`` is 1 when volunteer v takes shift s."""

    def __init__(self, problem: Problem):
        self.problem = problem
        self.model = cp_model.CpModel()
        self.x: dict[tuple[int, int], cp_model.IntVar] = {
            (v, s): self.model.new_bool_var(f"x_{v}_{s}")
            for s, volunteers in enumerate(problem.candidates)
            for v in volunteers
        }
        self.derived: list[tuple[cp_model.IntVar, Callable[[Chosen], int]]] = []
        self._load: tuple[Chosen, dict[int, int]] | None = None  # see ``minutes_of``
        self.worked: dict[tuple[int, dt.date], cp_model.LinearExprT] = {}  # see ``_worked``
        add_headcount(self)
        add_one_place_at_a_time(self)
        add_day_limits(self)
        add_days_in_row(self)
        add_weekly_hours(self)
        add_fixed(self)
        self.coverage = coverage_expression(self)

    def derive(self, var: cp_model.IntVar, value_of: Callable[[Chosen], int]) -> cp_model.IntVar:
        """Register an auxiliary variable with the rule giving its value for chosen pairs."""
        self.derived.append((var, value_of))
        return var

    def minutes_of(self, chosen: Chosen) -> dict[int, int]:
        """Minutes each volunteer serves in ``chosen``. A hint asks this for every derived load
        variable, so the answer for the last set is kept (quadratic otherwise): on this model
        only, never shared between models, so parts solved side by side on threads never see
        each other's loads."""
        if self._load is None or self._load[0] is not chosen:
            load: dict[int, int] = defaultdict(int)
            for v, s in chosen:
                load[v] += self.problem.shifts[s].minutes
            self._load = (chosen, load)
        return self._load[1]

    def filled(self, s: int):
        return sum(self.x[v, s] for v in self.problem.candidates[s])

    def hint(self, chosen: list[tuple[int, int]]) -> None:
        """A complete hint: every x and every derived variable."""
        self.model.clear_hints()
        chosen_set = frozenset(chosen)
        for pair, var in self.x.items():
            self.model.add_hint(var, pair in chosen_set)
        for var, value_of in self.derived:
            self.model.add_hint(var, value_of(chosen_set))


def add_headcount(m: ShiftModel) -> None:
    """Headcount: a shift never gets more volunteers than it asked for."""
    for s, volunteers in enumerate(m.problem.candidates):
        shift = m.problem.shifts[s]
        if len(volunteers) > shift.required:
            m.model.add(m.filled(s) <= shift.required)


def add_day_limits(m: ShiftModel) -> None:
    """At most the daily cap (8 h or less) per day, where one place at a time does not already
    keep a volunteer under it (``add_one_place_at_a_time``)."""
    problem = m.problem
    rest = problem.roster.settings.min_rest_minutes
    for v in problem.shifts_of:
        cap = problem.roster.daily_cap_minutes(problem.volunteers[v])
        for day_shifts in problem.days_of(v).values():
            shifts = [problem.shifts[s] for s in day_shifts]
            structure = day_structure(shifts, cap, rest)
            if structure.kind == "plans":
                _add_plans(m, v, day_shifts, structure.plans)
            elif structure.kind == "capped":
                xs = [m.x[v, s] for s in day_shifts]
                m.model.add(sum(s.minutes * x for s, x in zip(shifts, xs, strict=True)) <= cap)


def _add_plans(m: ShiftModel, v: int, day_shifts: list[int], plans) -> None:
    """At most one maximal day plan per volunteer-day; a shift is taken only within the plan."""
    tag = f"{v}_{m.problem.shifts[day_shifts[0]].date.isoformat()}"

    def plan_of(chosen: Chosen) -> int | None:
        taken = {i for i, s in enumerate(day_shifts) if (v, s) in chosen}
        if not taken:
            return None
        return next((k for k, plan in enumerate(plans) if taken <= set(plan)), None)

    ys = [
        m.derive(m.model.new_bool_var(f"plan_{tag}_{k}"), lambda c, k=k: plan_of(c) == k)
        for k in range(len(plans))
    ]
    m.model.add_at_most_one(ys)
    for i, s in enumerate(day_shifts):
        m.model.add(m.x[v, s] <= sum(y for y, plan in zip(ys, plans, strict=True) if i in plan))


def add_one_place_at_a_time(m: ShiftModel) -> None:
    """One place at a time and the rest gap: of shifts that overlap or leave less than the rest
    gap between them, a volunteer takes at most one, on the same date or across dates (a night
    shift on day D conflicts with a shift early on day D+2 under a long rest gap).

    One constraint per maximal set of mutually conflicting shifts over the volunteer's whole
    horizon (``interval_cliques``): the conflicts form an interval graph, so these are exact and
    their LP relaxation is integral, where a constraint per conflicting pair (most of the 96,918
    constraints of a dense month's nurses) lets the LP spread a volunteer over three shifts at a
    half each."""
    problem = m.problem
    rest = problem.roster.settings.min_rest_minutes
    for v, shifts in problem.shifts_of.items():
        for clique in interval_cliques([problem.shifts[s] for s in shifts], rest):
            m.model.add_at_most_one(m.x[v, shifts[i]] for i in clique)


def _worked(m: ShiftModel, v: int, date: dt.date, day_shifts: list[int]):
    """1 when the volunteer serves on that date (built once, then reused).

    When no two of the day's shifts fit together (8-hour shifts under a 10-hour rest gap), that
    is the sum of the day's x: linear, no new variable, and as tight as it gets. Otherwise a
    boolean at least the sum over each set of mutually conflicting shifts, not merely at least
    each x: the LP can no longer rest a volunteer by spreading a day over three shifts."""
    if (v, date) in m.worked:
        return m.worked[v, date]
    shifts = [m.problem.shifts[s] for s in day_shifts]
    cliques = interval_cliques(shifts, m.problem.roster.settings.min_rest_minutes)
    xs = [m.x[v, s] for s in day_shifts]
    if len(xs) == 1 or (len(cliques) == 1 and len(cliques[0]) == len(xs)):
        m.worked[v, date] = sum(xs)
        return m.worked[v, date]
    var = m.derive(
        m.model.new_bool_var(f"works_{v}_{date.isoformat()}"),
        lambda c: any((v, s) in c for s in day_shifts),
    )
    for clique in cliques:
        m.model.add(sum(xs[i] for i in clique) <= var)
    apart = set(range(len(xs))).difference(*cliques)
    for i in sorted(apart):
        m.model.add_implication(xs[i], var)
    m.worked[v, date] = var
    return var


def add_days_in_row(m: ShiftModel) -> None:
    """长时间高负荷: nobody serves more than ``max_days_in_row`` calendar days in a row, the days
    already served before the roster (``--history``) included."""
    limit = m.problem.roster.settings.max_days_in_row
    if limit is None:
        return
    for v in m.problem.shifts_of:
        days = m.problem.days_of(v)
        served = served_before(m.problem, v).keys()
        for first in sorted(set(days) | set(served)):
            run = [first + dt.timedelta(days=k) for k in range(limit + 1)]
            if not all(day in days or day in served for day in run):
                continue
            planned = [_worked(m, v, day, days[day]) for day in run if day in days]
            if planned:
                room = max(limit - sum(day in served for day in run), 0)
                m.model.add(sum(planned) <= room)


def served_before(problem: Problem, v: int) -> dict[dt.date, int]:
    """Minutes the volunteer at position ``v`` served before the roster, by date."""
    return problem.roster.served_minutes(problem.volunteers[v].volunteer_id)


def add_weekly_hours(m: ShiftModel) -> None:
    """长时间高负荷: at most ``max_hours_per_week`` in any 7 consecutive days, the hours already
    served before the roster (``--history``) included."""
    limit = m.problem.roster.settings.max_hours_per_week
    if limit is None:
        return
    cap, week = round(limit * 60), dt.timedelta(days=6)
    problem = m.problem
    for v, shifts in problem.shifts_of.items():
        dates = {problem.shifts[s].date for s in shifts}
        earlier = served_before(problem, v)
        starts = dates | {day for day in earlier if dates and day >= min(dates) - week}
        for first in sorted(starts):
            inside = [s for s in shifts if first <= problem.shifts[s].date <= first + week]
            before = sum(n for day, n in earlier.items() if first <= day <= first + week)
            room = max(cap - before, 0)
            if sum(problem.shifts[s].minutes for s in inside) > room:
                m.model.add(sum(problem.shifts[s].minutes * m.x[v, s] for s in inside) <= room)


def add_fixed(m: ShiftModel) -> None:
    """The coordinator's fixed assignments (already checked against every hard rule) are kept."""
    for pair in m.problem.fixed:
        m.model.add(m.x[pair] == 1)


def coverage_expression(m: ShiftModel):
    """Cover the posts, the most urgent first: each filled slot counts its post's priority."""
    return sum(m.problem.weight(s) * m.filled(s) for s in range(len(m.problem.shifts)))


def protect_coverage(m: ShiftModel, chosen: list[tuple[int, int]]) -> None:
    """Later phases keep at least as many filled slots at each priority level and above, so no
    tie-breaker trades a covered slot for one of lower priority."""
    problem = m.problem
    levels = sorted({problem.weight(s) for s in range(len(problem.shifts))})
    for level in levels:
        achieved = sum(1 for _, s in chosen if problem.weight(s) >= level)
        if achieved:
            m.model.add(
                sum(m.filled(s) for s in range(len(problem.shifts)) if problem.weight(s) >= level)
                >= achieved
            )


def keep_expression(m: ShiftModel, previous: set[tuple[int, int]]):
    """Re-planning: how many of the previous plan's assignments the new plan keeps."""
    return sum(m.x[pair] for pair in previous if pair in m.x)


def tie_break_expression(m: ShiftModel, fair_half_hours: int):
    """Among schedules of equal coverage, in the Settings' weights: fewer kilometres from home,
    more preferences honoured, the busiest volunteer as light as possible, then the hours spread
    (half-hours above the fair share, counting the last 28 days of ``--history``), then volunteers
    kept on the same post on consecutive days; last, fewer no-shows in the history."""
    problem, settings = m.problem, m.problem.roster.settings
    travel = sum(
        round(settings.weight_distance * km) * m.x[pair]
        for pair, km in problem.distance_km.items()
        if round(settings.weight_distance * km)
    )
    liked = sum(m.x[pair] for pair in problem.preferred)
    horizon = 48 * max(len(problem.roster.dates), 1)
    peak = m.derive(
        m.model.new_int_var(0, horizon, "peak_half_hours"),
        lambda c: -(-max(m.minutes_of(c).values(), default=0) // 30),
    )
    above = []
    for v, shifts in problem.shifts_of.items():
        load = sum(problem.shifts[s].minutes * m.x[v, s] for s in shifts)
        m.model.add(load <= 30 * peak)
        recent = recent_minutes(problem.roster, problem.volunteers[v].volunteer_id)
        if recent + sum(problem.shifts[s].minutes for s in shifts) > 30 * fair_half_hours:
            over = m.derive(
                m.model.new_int_var(0, horizon + -(-recent // 30), f"above_fair_{v}"),
                lambda c, v=v, recent=recent: max(
                    0, -(-(recent + m.minutes_of(c).get(v, 0)) // 30) - fair_half_hours
                ),
            )
            m.model.add(recent + load <= 30 * (fair_half_hours + over))
            above.append(over)
    kept_on_post = continuity_terms(m)
    return (
        settings.weight_preference * liked
        - travel
        - settings.weight_peak * peak
        - settings.weight_balance * sum(above)
        + settings.weight_continuity * sum(kept_on_post)
        - NO_SHOW_WEIGHT * no_show_expression(m)
    )


def no_show_expression(m: ShiftModel):
    """Assignments weighted by the volunteer's no-shows in the history: among equals, the
    volunteers who turned up."""
    problem = m.problem
    return sum(
        problem.roster.no_shows(problem.volunteers[v].volunteer_id) * m.x[v, s]
        for v, shifts in problem.shifts_of.items()
        if problem.roster.no_shows(problem.volunteers[v].volunteer_id)
        for s in shifts
    )


def continuity_terms(m: ShiftModel) -> list:
    """A boolean per volunteer, post and pair of consecutive dates on which both days could be
    served at that post; 1 only when the volunteer serves the post on both days."""
    problem = m.problem
    terms = []
    for v, shifts in problem.shifts_of.items():
        by_post_day: dict[tuple[str, dt.date], list[int]] = defaultdict(list)
        for s in shifts:
            by_post_day[problem.shifts[s].post_id, problem.shifts[s].date].append(s)
        for (post_id, day), today in by_post_day.items():
            tomorrow = by_post_day.get((post_id, day + dt.timedelta(days=1)))
            if not tomorrow:
                continue
            both = m.derive(
                m.model.new_bool_var(f"same_post_{v}_{post_id}_{day.isoformat()}"),
                lambda c, v=v, a=today, b=tomorrow: (
                    any((v, s) in c for s in a) and any((v, s) in c for s in b)
                ),
            )
            m.model.add(both <= sum(m.x[v, s] for s in today))
            m.model.add(both <= sum(m.x[v, s] for s in tomorrow))
            terms.append(both)
    return terms


@dataclass(frozen=True, slots=True)
class SolverResult:
    chosen: list[tuple[int, int]]
    objective: int
    bound: int
    optimal: bool
    feasible: bool


def run(
    m: ShiftModel,
    objective,
    *,
    work_limit: float,
    wall_limit: float,
    seed: int,
    workers: int,
    hint: list[tuple[int, int]] | None = None,
) -> SolverResult:
    """Maximise ``objective`` and read the chosen pairs back.

    ``work_limit`` is CP-SAT's deterministic time (about a second of work on this machine when
    idle), so a run that stops on it gives the same answer however loaded the machine is;
    ``wall_limit`` is only the safety net behind it. The full LP relaxation
    (``linearization_level=2``) is what closes the gap on this model: measured on the 400-volunteer
    sample, one worker proves optimality in 2-4 s where the default settings stall at a 2% gap
    after 60 s with one or two workers.
    """
    m.model.maximize(objective)
    if hint is not None:
        m.hint(hint)
    solver = cp_model.CpSolver()
    solver.parameters.max_deterministic_time = max(work_limit, 0.05)
    solver.parameters.max_time_in_seconds = max(wall_limit, 0.1)
    solver.parameters.random_seed = seed
    solver.parameters.num_workers = max(workers, 1)
    solver.parameters.linearization_level = 2
    solver.parameters.symmetry_level = 4
    if workers > 1:
        solver.parameters.interleave_search = True  # deterministic with several workers
    status = solver.solve(m.model)
    feasible = status in (cp_model.OPTIMAL, cp_model.FEASIBLE)
    chosen = [pair for pair, var in m.x.items() if feasible and solver.boolean_value(var)]
    return SolverResult(
        chosen=chosen,
        objective=round(solver.objective_value) if feasible else 0,
        bound=round(solver.best_objective_bound) if feasible else 0,
        optimal=status == cp_model.OPTIMAL,
        feasible=feasible,
    )


def require_at_least(m: ShiftModel, expression, value: int) -> None:
    """Keep what an earlier phase achieved while a later one optimises something else."""
    m.model.add(expression >= value)
