"""A fast greedy schedule: a complete warm start for CP-SAT, and a baseline to measure it against.

The coordinator's fixed assignments go first. Then shifts are filled most urgent first (priority,
then the fewest candidates per slot), each with the candidates who have the fewest other options
(when re-planning, the previous plan's pairs that still fit go first, in the same order; among
equals, those with fewer no-shows in the ``--history``);
a volunteer takes a shift only when ``Load`` says every rule between shifts still holds. Every rule
the model enforces holds here too, so the result is a valid schedule on its own.
"""

from __future__ import annotations

from collections.abc import Collection

from scheduler.model.problem import Problem
from scheduler.rules.between import Load


def greedy_assignment(
    problem: Problem, prefer: Collection[tuple[int, int]] = frozenset()
) -> list[tuple[int, int]]:
    """(volunteer, shift) positions of a valid schedule, deterministic for a given problem.
    Pairs in ``prefer`` (a plan being re-planned) are given first, wherever they still fit."""
    load = Load(problem.roster)
    chosen: list[tuple[int, int]] = []
    open_slots = [shift.required for shift in problem.shifts]
    taken = set(problem.fixed)
    for v, s in problem.fixed:
        load.add(problem.volunteers[v], problem.shifts[s])
        chosen.append((v, s))
        open_slots[s] -= 1
    distance = problem.distance_km
    options = {v: len(shifts) for v, shifts in problem.shifts_of.items()}
    order = sorted(
        range(len(problem.shifts)),
        key=lambda s: (
            -problem.weight(s),
            len(problem.candidates[s]) / problem.shifts[s].required,
            problem.shifts[s].begins,
        ),
    )
    kept = [sorted(v for v in problem.candidates[s] if (v, s) in prefer) for s in order]
    no_shows = {v: problem.roster.no_shows(problem.volunteers[v].volunteer_id) for v in options}
    ranked = [
        sorted(
            problem.candidates[s],
            key=lambda v: (options[v], distance.get((v, s), 0.0), no_shows.get(v, 0), v),
        )
        for s in order
    ]
    for volunteers in (kept, ranked):
        for s, candidates in zip(order, volunteers, strict=True):
            shift = problem.shifts[s]
            for v in candidates:
                if open_slots[s] == 0:
                    break
                if (v, s) in taken or load.broken_rule(problem.volunteers[v], shift) is not None:
                    continue
                load.add(problem.volunteers[v], shift)
                chosen.append((v, s))
                taken.add((v, s))
                open_slots[s] -= 1
    return chosen
