"""The CP-SAT model: the only module that imports OR-Tools.

Variables exist only for eligible pairs (``Problem.candidates``), so the single-shift rules
(training, skills, health, insurance, nearby, availability) hold by construction. The rules between
shifts get one function each, called in order from ``ShiftModel.__init__``; the objective terms
follow. Coverage and the tie-breakers are solved in two phases (see ``scheduler.solve``) so a
tie-breaker can never cost a covered slot.
"""

from __future__ import annotations

from dataclasses import dataclass

from ortools.sat.python import cp_model

from scheduler.model.day_plans import conflicts, day_structure
from scheduler.model.problem import Problem

# Tie-break weights (phase 2), in units of 100 m of travel. See README "The objective".
PREFERENCE_BONUS = 10  # one honoured 服务意向 is worth 1 km less travel
PEAK_HALF_HOUR_PENALTY = 10  # half an hour off the busiest volunteer-day is worth 1 km


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
        # (volunteer, the day's shift positions, plan variables, plans as positions in that list)
        self.day_plans: list[tuple[int, list[int], list, tuple[tuple[int, ...], ...]]] = []
        self.peak = None  # half-hours of the busiest volunteer-day, once the tie-break asks for it
        add_headcount(self)
        add_day_limits(self)
        add_rest_across_days(self)
        self.coverage = coverage_expression(self)

    @property
    def plan_count(self) -> int:
        return sum(len(ys) for _, _, ys, _ in self.day_plans)

    def filled(self, s: int):
        return sum(self.x[v, s] for v in self.problem.candidates[s])

    def hint(self, chosen: list[tuple[int, int]]) -> None:
        """A complete hint: every x, and for each planned day the maximal plan holding its shifts
        (one exists because the chosen shifts are a feasible day)."""
        self.model.clear_hints()
        chosen_set = set(chosen)
        for pair, var in self.x.items():
            self.model.add_hint(var, pair in chosen_set)
        for v, day_shifts, ys, plans in self.day_plans:
            taken = {i for i, s in enumerate(day_shifts) if (v, s) in chosen_set}
            match = next((k for k, plan in enumerate(plans) if taken <= set(plan)), None)
            if not taken:
                match = None
            for k, y in enumerate(ys):
                self.model.add_hint(y, k == match)
        if self.peak is not None:
            self.model.add_hint(self.peak, _peak_half_hours(self.problem, chosen))


def add_headcount(m: ShiftModel) -> None:
    """Headcount: a shift never gets more volunteers than it asked for."""
    for s, volunteers in enumerate(m.problem.candidates):
        shift = m.problem.shifts[s]
        if len(volunteers) > shift.required:
            m.model.add(m.filled(s) <= shift.required)


def add_day_limits(m: ShiftModel) -> None:
    """One place at a time, the rest gap, and at most the daily cap (8 h or less) per day."""
    problem = m.problem
    rest = problem.roster.settings.min_rest_minutes
    for v in problem.shifts_of:
        cap = problem.roster.daily_cap_minutes(problem.volunteers[v])
        for day_shifts in problem.days_of(v).values():
            shifts = [problem.shifts[s] for s in day_shifts]
            structure = day_structure(shifts, cap, rest)
            xs = [m.x[v, s] for s in day_shifts]
            for clique in structure.cliques:
                m.model.add_at_most_one(xs[i] for i in clique)
            if structure.kind == "plans":
                ys = _add_plans(m, xs, structure.plans, f"{v}_{shifts[0].date.isoformat()}")
                m.day_plans.append((v, day_shifts, ys, structure.plans))
            elif structure.kind == "capped":
                m.model.add(sum(s.minutes * x for s, x in zip(shifts, xs, strict=True)) <= cap)


def _add_plans(m: ShiftModel, xs: list, plans: tuple[tuple[int, ...], ...], tag: str) -> list:
    """At most one maximal day plan per volunteer-day; a shift is taken only within the plan."""
    ys = [m.model.new_bool_var(f"plan_{tag}_{k}") for k in range(len(plans))]
    m.model.add_at_most_one(ys)
    for i, x in enumerate(xs):
        m.model.add(x <= sum(y for y, plan in zip(ys, plans, strict=True) if i in plan))
    return ys


def add_rest_across_days(m: ShiftModel) -> None:
    """One place at a time across midnight: a night shift and next morning's shift that overlap or
    break the rest gap are never both given to one volunteer."""
    problem = m.problem
    rest = problem.roster.settings.min_rest_minutes
    for v in problem.shifts_of:
        days = problem.days_of(v)
        dates = sorted(days)
        for earlier, later in zip(dates, dates[1:], strict=False):
            for a in days[earlier]:
                for b in days[later]:
                    if conflicts(problem.shifts[a], problem.shifts[b], rest):
                        m.model.add_at_most_one([m.x[v, a], m.x[v, b]])


def coverage_expression(m: ShiftModel):
    """Cover the posts, the most urgent first: each filled slot counts its post's priority."""
    return sum(m.problem.weight(s) * m.filled(s) for s in range(len(m.problem.shifts)))


def tie_break_expression(m: ShiftModel):
    """Among schedules of equal coverage: nearer homes, honoured preferences, a lighter peak day."""
    problem = m.problem
    travel = sum(units * m.x[pair] for pair, units in problem.distance_units.items() if units)
    liked = sum(m.x[pair] for pair in problem.preferred)
    peak = m.peak = m.model.new_int_var(0, 48, "peak_half_hours")
    for v in problem.shifts_of:
        for day_shifts in problem.days_of(v).values():
            load = sum(problem.shifts[s].minutes * m.x[v, s] for s in day_shifts)
            m.model.add(load <= 30 * peak)
    return PREFERENCE_BONUS * liked - travel - PEAK_HALF_HOUR_PENALTY * peak


def _peak_half_hours(problem: Problem, chosen: list[tuple[int, int]]) -> int:
    load: dict[tuple[int, object], int] = {}
    for v, s in chosen:
        key = (v, problem.shifts[s].date)
        load[key] = load.get(key, 0) + problem.shifts[s].minutes
    return -(-max(load.values(), default=0) // 30)


@dataclass(frozen=True, slots=True)
class SolverResult:
    chosen: list[tuple[int, int]]
    objective: int
    bound: int
    optimal: bool
    feasible: bool
    wall_seconds: float


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
        wall_seconds=solver.wall_time,
    )


def require_at_least(m: ShiftModel, expression, value: int) -> None:
    """Keep what phase 1 achieved while phase 2 optimises the tie-breakers."""
    m.model.add(expression >= value)
