"""A fast greedy schedule: a complete warm start for CP-SAT, and a baseline to measure it against.

The coordinator's fixed assignments go first. Then shifts are filled most urgent first (priority,
then the fewest candidates per slot), each with the candidates who have the fewest other options;
a volunteer takes a shift only when ``Load`` says every rule between shifts still holds. Every rule
the model enforces holds here too, so the result is a valid schedule on its own.
"""

from __future__ import annotations

from scheduler.model.load import Load
from scheduler.model.problem import Problem


def greedy_assignment(problem: Problem) -> list[tuple[int, int]]:
    """(volunteer, shift) positions of a valid schedule, deterministic for a given problem."""
    load = Load(problem.roster)
    chosen: list[tuple[int, int]] = []
    open_slots = [shift.required for shift in problem.shifts]
    for v, s in problem.fixed:
        load.add(problem.volunteers[v], problem.shifts[s])
        chosen.append((v, s))
        open_slots[s] -= 1
    fixed = set(problem.fixed)
    options = {v: len(shifts) for v, shifts in problem.shifts_of.items()}
    order = sorted(
        range(len(problem.shifts)),
        key=lambda s: (
            -problem.weight(s),
            len(problem.candidates[s]) / problem.shifts[s].required,
            problem.shifts[s].begins,
        ),
    )
    for s in order:
        shift = problem.shifts[s]
        ranked = sorted(
            problem.candidates[s],
            key=lambda v: (options[v], problem.distance_km.get((v, s), 0.0), v),
        )
        for v in ranked:
            if open_slots[s] == 0:
                break
            if (v, s) in fixed or load.broken_rule(problem.volunteers[v], shift) is not None:
                continue
            load.add(problem.volunteers[v], shift)
            chosen.append((v, s))
            open_slots[s] -= 1
    return chosen
