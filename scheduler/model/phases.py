"""The phases on one problem (the whole roster, or one part of it): greedy start, coverage, keep,
tie-breakers. Runs in this process, in a pool process or on a Dask worker: the task and its result
are plain picklable data, and nothing here depends on where or when it runs.

1. **Coverage**: maximise the slots filled, each counting its post's priority, warm-started from
   the greedy schedule (fixed assignments included). When re-planning, the pairs kept from the
   previous plan count too, below one slot of coverage (coverage x (previous + 1) + kept), so a
   part whose budget skips the keep phase does not drop the previous plan for an equal cover.
   The greedy start is first repaired by the local search's fill move (``polish.fill_open``:
   augmenting chains of hand-overs). When it then reaches the trivial bound (every shift gets
   min(required, candidates)) it is optimal and CP-SAT is not asked: on a dense month (50 people,
   935 shifts, 28 days) the repair fills every open slot in 0.05 s, where CP-SAT's coverage
   phase left 4 open after its whole budget.
2. **Keep** (re-planning only): with coverage held at every priority level, keep as many of the
   previous plan's assignments as possible.
3. **Tie-breakers**: with coverage (and what was kept) held, optimise distance, preferences, the
   spread of hours and continuity on the same post, in the Settings' weights: first the local
   search of ``scheduler.model.polish`` (linear in the pairs, any size), then, on a problem of at
   most ``TIE_BREAK_PAIRS`` pairs with the budget for it, CP-SAT warm-started from its result.
   Above that size CP-SAT's tie-break phase does not pay: on the benchmark street (18,357 pairs)
   it found nothing better than the local search's schedule in 50 s (9 units of deterministic
   time), while on the 400-volunteer sample (7,494 pairs) it proves the optimum in about 8 s,
   30% better than the local search alone.

Each phase is warm-started from the one before, so it can only improve on it. If CP-SAT finds
nothing in time, the greedy schedule (valid by construction) is kept with the best bound known.

A keep or CP-SAT tie-break phase whose budget is below ``MIN_PHASE_WORK`` is skipped: measured on
parts of a district (1,000-20,000 pairs), CP-SAT's presolve alone takes about that much
deterministic time, and stopped inside presolve it returns nothing, not even the complete hint.
The local search needs no such budget, so a city's many parts, each with a sliver of the time
limit, still get their tie-breakers.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass

from scheduler.messages import Message, msg
from scheduler.model.greedy import greedy_assignment
from scheduler.model.polish import fair_half_hours, fill_open, polish
from scheduler.model.problem import Problem

Pairs = list[tuple[int, int]]
MIN_PHASE_WORK = 0.5  # deterministic time below which a keep or tie-break phase is skipped
TIE_BREAK_PAIRS = 10_000  # CP-SAT's tie-break phase only up to this many pairs (see above)

__all__ = ["MIN_PHASE_WORK", "TIE_BREAK_PAIRS", "PhaseResult", "PhaseTask", "fair_half_hours"]


def coverage_of(problem: Problem, chosen: Pairs) -> int:
    return sum(problem.weight(s) for _, s in chosen)


def trivial_bound(problem: Problem) -> int:
    """Coverage if every shift got min(required, candidates): a bound that needs no solver."""
    return sum(
        problem.weight(s) * min(shift.required, len(problem.candidates[s]))
        for s, shift in enumerate(problem.shifts)
    )


@dataclass(frozen=True, slots=True)
class PhaseTask:
    """One problem to solve, with its budgets of CP-SAT deterministic time."""

    problem: Problem
    coverage_work: float
    keep_work: float
    tie_break_work: float
    deadline: float  # time.time() past which no phase may run: the wall-clock safety net
    seed: int = 0
    workers: int = 1
    previous: frozenset[tuple[int, int]] = frozenset()  # pairs of a plan being re-planned
    use_cpsat: bool = True  # False: the greedy schedule alone (the ``--solver greedy`` baseline)
    start: tuple[tuple[int, int], ...] | None = None  # coverage already solved: its schedule...
    start_bound: int = 0  # ...and its proven bound; the task then runs keep and tie-breakers only
    polish: bool = True  # False: no local search here (a part whose stage is followed by others)


@dataclass(frozen=True, slots=True)
class PhaseResult:
    chosen: Pairs
    value: int  # coverage of ``chosen``
    bound: int  # a proven upper bound on the problem's coverage
    greedy_value: int

    @property
    def optimal(self) -> bool:
        return self.value >= self.bound


def solve_phases(task: PhaseTask, say: Callable[[Message], None] | None = None) -> PhaseResult:
    """The best schedule of ``task.problem`` within its budgets, with a proven bound. ``say``
    hears progress as it happens (in this process only)."""
    problem = task.problem
    say = say or (lambda message: None)
    if task.start is not None:
        return _after_coverage(task, list(task.start), task.start_bound, 0, say)
    greedy = greedy_assignment(problem, prefer=task.previous)
    greedy_value = coverage_of(problem, greedy)
    bound = trivial_bound(problem)
    say(msg("terminal.progress.greedy", pairs=problem.pair_count, filled=len(greedy)))
    if not task.use_cpsat or problem.pair_count == 0:
        return PhaseResult(greedy, greedy_value, bound, greedy_value)
    start = fill_open(problem, greedy, {*problem.fixed, *(task.previous & set(greedy))})
    start_value = coverage_of(problem, start)
    if start_value > greedy_value:
        say(msg("terminal.progress.repaired", filled=len(start), more=len(start) - len(greedy)))
    if start_value >= bound:
        say(_then(task, msg("terminal.progress.greedy_best", value=start_value, bound=bound)))
        return _after_coverage(task, start, bound, greedy_value, say)
    from scheduler.model import cpsat  # OR-Tools loads only when a solve is asked for

    model = cpsat.ShiftModel(problem)
    scale = len(task.previous) + 1  # re-planning: coverage first, then the pairs kept
    objective = model.coverage
    if task.previous:
        objective = scale * model.coverage + cpsat.keep_expression(model, set(task.previous))
    first = cpsat.run(
        model,
        objective,
        work_limit=task.coverage_work,
        wall_limit=task.deadline - time.time(),
        seed=task.seed,
        workers=task.workers,
        hint=start,
    )
    value = coverage_of(problem, first.chosen)
    if not first.feasible or value < start_value or (value == start_value and not task.previous):
        say(msg("terminal.progress.no_better"))
        found = min(bound, first.bound // scale) if first.feasible else bound
        return _after_coverage(task, start, found, greedy_value, say, model)
    bound = min(bound, first.bound // scale)
    proven = value >= bound
    coverage = "terminal.progress.coverage_proven" if proven else "terminal.progress.coverage"
    say(_then(task, msg(coverage, value=value, bound=bound)))
    return _after_coverage(task, first.chosen, bound, greedy_value, say, model)


def _then(task: PhaseTask, done: Message) -> Message:
    """The coverage news, saying that the later phases still run when they do: the status line
    never calls a schedule optimal while its tie-breakers are still being chosen."""
    keeping = bool(task.previous) and task.keep_work >= MIN_PHASE_WORK
    if task.use_cpsat and (keeping or task.polish or task.tie_break_work >= MIN_PHASE_WORK):
        return msg("terminal.progress.next", done=done)
    return done


def _after_coverage(task: PhaseTask, chosen: Pairs, bound: int, greedy_value: int, say, model=None):
    """Keep and tie-breakers, with the coverage of ``chosen`` held at every priority level."""
    from scheduler.model import cpsat

    problem = task.problem
    keeping = bool(task.previous) and task.keep_work >= MIN_PHASE_WORK
    breaking_ties = task.tie_break_work >= MIN_PHASE_WORK and problem.pair_count <= TIE_BREAK_PAIRS
    if not keeping and not breaking_ties:
        chosen = _polished(task, chosen)
        return PhaseResult(chosen, coverage_of(problem, chosen), bound, greedy_value)

    def wall() -> float:
        return task.deadline - time.time()

    model = model or cpsat.ShiftModel(problem)
    cpsat.protect_coverage(model, chosen)
    cpsat.require_at_least(model, model.coverage, coverage_of(problem, chosen))

    kept_pairs = task.previous
    if keeping and wall() > 0.1:
        keep = cpsat.keep_expression(model, set(kept_pairs))
        second = cpsat.run(
            model,
            keep,
            work_limit=task.keep_work,
            wall_limit=wall(),
            seed=task.seed,
            workers=task.workers,
            hint=chosen,
        )
        if second.feasible:
            chosen = second.chosen
            cpsat.require_at_least(model, keep, second.objective)
            say(msg("terminal.progress.kept", kept=second.objective, of=len(kept_pairs)))

    chosen = _polished(task, chosen)
    if breaking_ties and wall() > 0.1:
        objective = cpsat.tie_break_expression(model, fair_half_hours(problem, chosen))
        third = cpsat.run(
            model,
            objective,
            work_limit=task.tie_break_work,
            wall_limit=wall(),
            seed=task.seed,
            workers=task.workers,
            hint=chosen,
        )
        if third.feasible:
            chosen = third.chosen
    value = coverage_of(problem, chosen)
    return PhaseResult(chosen, value, max(bound, value), greedy_value)


def _polished(task: PhaseTask, chosen: Pairs) -> Pairs:
    """The local search's improvement; fixed (pinned) pairs never move, previous ones return."""
    if not task.use_cpsat or not task.polish:
        return chosen
    problem = task.problem
    safety = task.deadline + task.coverage_work  # bounded by its own count (see polish)
    return polish(problem, chosen, problem.fixed, task.previous, deadline=safety)
