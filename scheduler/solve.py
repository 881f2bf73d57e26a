"""``solve(roster) -> Schedule``: build the problem, solve it whole or in parts, map it back.

A community or a street is one exact model (``scheduler.model.phases``: coverage, keep when
re-planning, tie-breakers). A district or a city is solved in parts (``scheduler.parts``): exact
components of the eligibility graph first, split into regions with a border pass when one is too
big, online shifts last on the capacity left. Parts run in this process, in ``workers`` local
processes, or on a Dask cluster (``dask``), and their answers are merged in a fixed order.

The bound is honest: the sum of valid bounds on disjoint sets of shifts (see ``parts.part_bound``
and ``parts.online_bound``) or, when lower, the relaxation of the whole coverage problem
(``scheduler.model.relaxation``: a HiGHS MIP up to ``MIP_PAIRS``, else the LP); the status is
"optimal" only when the coverage found equals it, and ``Schedule.bound_kind`` says which it is
(``_bound``). The MIP's schedule, made valid, replaces the merged parts' when it covers more
(``_better_start``): the parts lose slots at their borders that the whole problem does not.

Tie-breakers: a roster in exact components gets the local search of ``scheduler.model.polish``
in every part (then CP-SAT's tie-break phase where it pays); a larger one gets it once, on the
merged schedule after the border and online passes, so volunteers near a part's edge are compared
with everyone eligible and no pass fills less than it would have.

Time and determinism: the time limit is split into fixed budgets of CP-SAT's *deterministic*
time, and among parts in proportion to their pairs, so the same roster and options give the same
schedule however busy the machine is and whatever ``workers`` or cluster runs the parts. Each
part's CP-SAT uses one worker: deterministic by construction and, with the full LP relaxation,
faster on this model than a portfolio. The wall clock is only a safety net: no phase starts past
the time limit, and a run cut by it (a machine far slower than usual) is the one case that may
differ.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable
from dataclasses import replace

from scheduler import parts
from scheduler.domain import Assignment, BoundKind, Roster, Schedule, SolveStatus
from scheduler.messages import msg
from scheduler.model.greedy import greedy_assignment
from scheduler.model.phases import (
    MIN_PHASE_WORK,
    TIE_BREAK_PAIRS,
    PhaseResult,
    PhaseTask,
    coverage_of,
    solve_phases,
    trivial_bound,
)
from scheduler.model.polish import fair_half_hours, polish, tie_break_value
from scheduler.model.problem import Problem, build_problem
from scheduler.model.relaxation import MIP_PAIRS, Relaxation, coverage_relaxation
from scheduler.parallel import Runner, runner

COVERAGE_SHARE = 0.6  # of the time limit, as deterministic work
KEEP_SHARE = 0.15  # re-planning only; otherwise it goes to the tie-breakers
TIE_BREAK_SHARE = 0.15  # the rest is slack for reading, building and writing
SOLVERS = ("cpsat", "greedy")

Progress = Callable[[str], None]
Pairs = list[tuple[int, int]]

__all__ = ["SOLVERS", "coverage_of", "fair_half_hours", "solve", "trivial_bound"]


def solve(
    roster: Roster,
    *,
    time_limit: float = 60.0,
    seed: int = 0,
    workers: int = 1,
    previous: tuple[Assignment, ...] | None = None,
    progress: Progress | None = None,
    solver: str = "cpsat",
    dask: str | None = None,
) -> Schedule:
    """The best schedule found within ``time_limit`` seconds, with a proven bound on coverage.

    ``workers`` processes solve independent parts side by side (or the workers of the Dask
    cluster at ``dask``); ``solver="greedy"`` gives the greedy schedule alone, as a baseline.
    """
    if solver not in SOLVERS:
        raise ValueError(f"solver must be one of {', '.join(SOLVERS)}")
    say = progress or (lambda message: None)
    started, started_wall = time.monotonic(), time.time()
    problem = build_problem(roster, defer_online=True)
    if problem.deferred and problem.eligible_pairs <= parts.SINGLE_MODEL_PAIRS:
        problem = build_problem(roster, problem.eligibility)
    roster = replace(roster, issues=roster.issues + tuple(problem.fixed_issues))
    problem.roster = roster
    result = _Result(problem, started, previous)
    if problem.eligible_pairs == 0:
        return result.schedule([], SolveStatus.empty, 0, 0)
    plan = _Plan(problem, time_limit, seed, result.previous_pairs, solver == "cpsat", say)
    plan.deadline -= time.monotonic() - started  # the time limit counts from the call
    run = runner(workers, dask)
    try:
        chosen, bound, greedy_value = plan.solve(run)
        relaxed = None
        if solver == "cpsat" and not plan.whole_model:
            if problem.deferred and problem.eligible_pairs <= MIP_PAIRS:
                # Small enough to list every pair: the local search and the relaxation then see
                # the online shifts' every candidate, not the pools (positions are the same).
                problem = build_problem(roster, problem.eligibility)
                problem.roster = roster
                result.problem = problem
            value = coverage_of(problem, chosen)
            if value < bound and plan.in_parts:
                seconds = max(started_wall + time_limit - time.time(), 1.0)
                relaxed = coverage_relaxation(problem, parts.online_bound(problem), seconds)
            chosen = _better_start(problem, chosen, relaxed)
            if relaxed is not None:  # the bound the last line quotes: said where it comes from
                value = coverage_of(problem, chosen)
                bound_now = max(relaxed.bound, value)
                say(msg("terminal.progress.relaxation", value=value, bound=bound_now))
            if problem.deferred:  # a district or a city: the local search per component
                chosen = plan.polish_components(chosen)
            else:
                # Bounded by its count of candidates looked at; the wall clock only stops it on
                # a machine far slower than usual (twice the time limit), so a busy machine
                # gets the same schedule.
                deadline = started_wall + 2 * time_limit
                chosen = polish(problem, chosen, problem.fixed, result.previous_pairs, deadline)
    finally:
        run.close()
    tie_break = tie_break_value(problem, chosen)
    value = coverage_of(problem, chosen)
    bound, kind = _bound(problem, plan, value, bound, relaxed)
    status = SolveStatus.optimal if value >= bound else SolveStatus.feasible
    result.greedy_value = greedy_value
    return result.schedule(chosen, status, bound, tie_break, kind)


def _better_start(problem: Problem, chosen: Pairs, relaxed: Relaxation | None) -> Pairs:
    """The parts' schedule, or the relaxation's when it covers more once made valid.

    The relaxation leaves out the rules between dates and the fixed assignments, so its schedule
    is rebuilt by the greedy start with its pairs preferred: fixed assignments first, then its
    pairs wherever ``Load`` allows them, then the greedy fill of what is still open. On a single
    date nothing is dropped. Ties keep the parts' schedule."""
    if relaxed is None or not relaxed.chosen:
        return chosen
    rebuilt = greedy_assignment(problem, prefer=frozenset(relaxed.chosen))
    return rebuilt if coverage_of(problem, rebuilt) > coverage_of(problem, chosen) else chosen


def _bound(problem: Problem, plan: _Plan, value: int, bound: int, relaxed: Relaxation | None):
    """The best valid bound known and what it is worth (``BoundKind``).

    A roster in exact parts (one model, or components with nothing deferred) has CP-SAT's proven
    bound. A larger one has the parts' bound, or the relaxation of the whole problem
    (``scheduler.model.relaxation``, solved in the time left, a second at least) when that is
    lower: it is what gives "gap" a meaning there. A bound no better than every shift full is
    called trivial, unless the coverage meets it."""
    bound = max(bound, value)
    kind = BoundKind.parts if plan.in_parts else BoundKind.proven
    if relaxed is not None and relaxed.bound < bound:
        bound = max(relaxed.bound, value)
        kind = BoundKind.mip if relaxed.integral else BoundKind.lp
    if value >= bound:
        return bound, BoundKind.proven
    if bound >= trivial_bound(problem) + parts.online_bound(problem):
        return bound, BoundKind.trivial
    return bound, kind


class _Plan:
    """The stages of a solve and the bookkeeping between them."""

    def __init__(self, problem: Problem, time_limit, seed, previous, use_cpsat: bool, say):
        self.problem, self.time_limit, self.seed = problem, time_limit, seed
        self.previous, self.use_cpsat, self.say = previous, use_cpsat, say
        self.deadline = time.time() + time_limit
        self.size = problem.pair_count + parts.ONLINE_POOL * len(problem.deferred)
        self.decided: Pairs = list(problem.fixed)
        self.greedy = coverage_of(problem, self.decided)
        self.whole_model = False  # solved as one model: its phases polished it already
        self.in_parts = bool(problem.deferred)  # regions or deferred online shifts: see _bound
        self.bound = 0  # of the first stage's finished parts
        self.pending = 0  # trivial bound of its parts not finished yet
        self.runner = Runner()
        self.components: list[parts.Part] = []  # of the listed pairs, before any split

    def solve(self, run: Runner) -> tuple[Pairs, int, int]:
        """(chosen pairs, bound, greedy value) of the whole problem."""
        problem, self.runner = self.problem, run
        first = self.components = parts.components(problem)
        if problem.deferred:  # a larger roster: big components are split, the bound stays valid
            kept = sorted(self.previous)
            first = [piece for one in first for piece in parts.split(problem, one, None, kept)]
        if len(first) == 1 and first[0].whole and not problem.deferred:
            return self.whole()
        online = parts.online_bound(problem)
        news = msg("terminal.progress.parts", pairs=problem.eligible_pairs, parts=len(first))
        if online:
            news = msg("terminal.progress.online_last", parts=news, online=len(problem.deferred))
        self.say(news)
        self.pending = sum(parts.shift_bound(problem, s) for part in first for s in part.shifts)
        self.stage("parts", first, extra=online)
        bound = self.bound + online
        regions: dict[str, list[int]] = {}
        for part in first:
            if not part.whole:
                self.in_parts = True
                regions.setdefault(part.component, []).extend(part.shifts)
        border = [
            parts.border_part(problem, sorted(shifts), self.decided, f"{name}, border")
            for name, shifts in regions.items()
        ]
        self.stage("border", [part for part in border if part is not None], extra=online)
        online_part = parts.online_part(problem, self.decided)
        self.stage("online", [online_part] if online_part else [], extra=online)
        return self.decided, bound, self.greedy

    def polish_components(self, chosen: Pairs) -> Pairs:
        """The local search on every component of the listed pairs, side by side in the pool.

        Components share no listed shift, so a move (a free candidate taking a shift, two
        candidates swapping) never leaves one: searching each alone finds what one search over
        the whole roster would, except that the busiest volunteer and the fair share are each
        component's own. A volunteer's assignments outside the component (online shifts) and
        the coordinator's fixed assignments are pins; its other assignments are the start.
        Measured on the city (106,904 assignments, 1,250 parts): one search over the whole
        roster took 61-64 s in this process. Merged in component order, so the schedule does
        not depend on the workers."""
        problem = self.problem
        found = self.components
        inside = {s: k for k, part in enumerate(found) for s in part.shifts}
        own: list[Pairs] = [[] for _ in found]
        for v, s in chosen:
            if s in inside:
                own[inside[s]].append((v, s))
        outside = [(v, s) for v, s in chosen if s not in inside]
        fixed: list[Pairs] = [[] for _ in found]
        for v, s in problem.fixed:
            if s in inside:
                fixed[inside[s]].append((v, s))
        links: dict[int, parts.PartMap] = {}

        def tasks():
            for k, part in enumerate(found):
                sub, links[k] = parts.subproblem(problem, part, outside + fixed[k])
                v_at = {v: i for i, v in enumerate(links[k].volunteers)}
                s_at = {s: i for i, s in enumerate(links[k].shifts)}
                start = sorted({*sub.fixed, *((v_at[v], s_at[s]) for v, s in own[k])})
                task = self.part_task(sub, links[k])
                # The wall clock stops it only on a machine far slower than usual (twice the
                # time limit, as for one search): its own count of looks bounds it.
                yield replace(
                    task,
                    keep_work=0.0,
                    tie_break_work=0.0,
                    polish=True,
                    start=tuple(start),
                    deadline=self.deadline + self.time_limit,
                )

        polished: dict[int, Pairs] = {}
        every = max(1, len(found) // 20)
        for k, result in self.runner.run(solve_phases, tasks(), len(found)):
            polished[k] = links[k].back(result.chosen)
            if len(polished) % every == 0 or len(polished) == len(found):
                stage = msg("terminal.stage.parts")
                self.say(
                    msg(
                        "terminal.progress.tie_breakers",
                        stage=stage,
                        done=len(polished),
                        total=len(found),
                    )
                )
        return outside + [pair for k in range(len(found)) for pair in fixed[k] + polished[k]]

    def whole(self) -> tuple[Pairs, int, int]:
        """A roster that is one exact component is solved as one model, on its own problem."""
        task = replace(self.task(self.problem, 1.0), previous=frozenset(self.previous))
        result = solve_phases(task, self.say)
        self.whole_model = True
        return result.chosen, result.bound, result.greedy_value

    def task(self, problem: Problem, share: float) -> PhaseTask:
        """Budgets of deterministic time: ``share`` of the time limit, split among the phases."""
        keep = KEEP_SHARE if self.previous else 0.0
        work = self.time_limit * share
        return PhaseTask(
            problem,
            coverage_work=work * COVERAGE_SHARE,
            keep_work=work * keep,
            tie_break_work=work * (TIE_BREAK_SHARE + KEEP_SHARE - keep),
            deadline=self.deadline,
            seed=self.seed,
            use_cpsat=self.use_cpsat,
        )

    def stage(self, name: str, stage_parts: list[parts.Part], extra: int) -> None:
        """Solve one stage's parts on what is decided so far, then add their choices to it in
        part order. ``extra`` is the bound of the shifts no part of this stage covers.

        Coverage first for every part, then keep and tie-breakers for the parts whose budget
        allows them: a slow tie-break in one part can never starve another part's coverage. Every
        part gets the local search of ``scheduler.model.polish`` with its coverage; CP-SAT's
        tie-break phase only runs on parts of at most ``TIE_BREAK_PAIRS`` pairs (see
        ``scheduler.model.phases``)."""
        if not stage_parts:
            return
        fixed = list(self.decided)
        links: dict[int, parts.PartMap] = {}
        results: dict[int, PhaseResult] = {}
        polish: list[int] = []

        def tasks(indices: list[int], second: bool):
            for index in indices:
                sub, links[index] = parts.subproblem(self.problem, stage_parts[index], fixed)
                task = self.part_task(sub, links[index])
                if second:
                    first = results[index]
                    yield replace(task, start=tuple(first.chosen), start_bound=first.bound)
                    continue
                work = max(task.keep_work if task.previous else 0.0, task.tie_break_work)
                if work >= MIN_PHASE_WORK and sub.pair_count <= TIE_BREAK_PAIRS:
                    polish.append(index)
                yield replace(task, keep_work=0.0, tie_break_work=0.0)

        total, filled = len(stage_parts), len(fixed)
        every = max(1, total // 20)
        for index, result in self.runner.run(solve_phases, tasks(list(range(total)), False), total):
            results[index] = result
            filled += len(result.chosen) - len(links[index].pins)
            if name == "parts":
                part = stage_parts[index]
                self.pending -= sum(parts.shift_bound(self.problem, s) for s in part.shifts)
                self.bound += parts.part_bound(self.problem, part, links[index], result.bound)
            if len(results) % every == 0 or len(results) == total:
                self.say(
                    msg(
                        "terminal.progress.stage",
                        stage=msg(f"terminal.stage.{name}"),
                        done=len(results),
                        total=total,
                        filled=filled,
                        bound=self.bound + self.pending + extra,
                    )
                )
        greedy = {index: result.greedy_value for index, result in results.items()}
        done = 0
        for k, result in self.runner.run(solve_phases, tasks(polish, True), len(polish)):
            results[polish[k]], done = result, done + 1
            if done % max(1, len(polish) // 20) == 0 or done == len(polish):
                stage = msg(f"terminal.stage.{name}")
                self.say(
                    msg("terminal.progress.tie_breakers", stage=stage, done=done, total=len(polish))
                )
        for index in range(total):
            result, link = results[index], links[index]
            self.decided.extend(link.back(result.chosen))
            self.greedy += greedy[index] - link.pinned_weight

    def part_task(self, sub: Problem, link: parts.PartMap) -> PhaseTask:
        """A part's task. In a roster with deferred online shifts (a large one) the tie-breakers
        wait for the whole schedule: changing who is free before the border and online passes
        would change what they can fill, so only the final local search (which never lowers
        coverage) runs. CP-SAT's tie-break phase is left out there too: on the README's street
        example its 7 parts took 7.6 s for schedules the local search improves anyway."""
        task = self.task(sub, max(sub.pair_count, 1) / max(self.size, 1))
        if self.problem.deferred:
            task = replace(task, tie_break_work=0.0, polish=False)
        if not self.previous:
            return task
        v_at = {v: i for i, v in enumerate(link.volunteers)}
        s_at = {s: i for i, s in enumerate(link.shifts)}
        kept = frozenset((v_at[v], s_at[s]) for v, s in self.previous if v in v_at and s in s_at)
        return replace(task, previous=kept)


class _Result:
    """Turns chosen (volunteer, shift) positions back into a Schedule of domain objects."""

    def __init__(self, problem: Problem, started: float, previous):
        self.problem, self.started, self.greedy_value = problem, started, 0
        self.previous = tuple(previous) if previous is not None else None
        volunteer_at = {v.volunteer_id: i for i, v in enumerate(problem.volunteers)}
        shift_at = {s.shift_id: i for i, s in enumerate(problem.shifts)}
        self.previous_pairs = {
            (volunteer_at[a.volunteer_id], shift_at[a.shift_id])
            for a in self.previous or ()
            if a.volunteer_id in volunteer_at and a.shift_id in shift_at
        }

    def schedule(
        self,
        chosen: Pairs,
        status: SolveStatus,
        bound: int,
        tie_break: int = 0,
        kind: BoundKind = BoundKind.proven,
    ):
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
            pairs=problem.eligible_pairs,
            previous=self.previous,
            quality=quality_totals(problem, chosen),
            bound_kind=kind,
            eligibility=problem.eligibility,
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
