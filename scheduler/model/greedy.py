"""A fast greedy schedule: a complete warm start for CP-SAT, and a baseline to measure it against.

Shifts are filled most urgent first (priority, then the fewest candidates per open slot), each with
the candidates who have the fewest other options; a volunteer takes a shift only when it keeps their
day free of overlaps and rest-gap breaches and within their daily cap. Every rule the model
enforces holds here too, so the result is a valid schedule on its own.
"""

from __future__ import annotations

from collections import defaultdict

from scheduler.model.day_plans import conflicts
from scheduler.model.problem import Problem


def greedy_assignment(problem: Problem) -> list[tuple[int, int]]:
    """(volunteer, shift) positions of a valid schedule, deterministic for a given problem."""
    rest = problem.roster.settings.min_rest_minutes
    taken: dict[int, list[int]] = defaultdict(list)  # volunteer -> shifts given
    minutes: dict[tuple[int, object], int] = defaultdict(int)  # (volunteer, date) -> minutes
    options = {v: len(shifts) for v, shifts in problem.shifts_of.items()}
    order = sorted(
        range(len(problem.shifts)),
        key=lambda s: (
            -problem.weight(s),
            len(problem.candidates[s]) / problem.shifts[s].required,
            problem.shifts[s].begins,
        ),
    )
    chosen: list[tuple[int, int]] = []
    for s in order:
        shift = problem.shifts[s]
        open_slots = shift.required
        ranked = sorted(
            problem.candidates[s],
            key=lambda v: (options[v], problem.distance_units.get((v, s), 0), v),
        )
        for v in ranked:
            if open_slots == 0:
                break
            cap = problem.roster.daily_cap_minutes(problem.volunteers[v])
            if minutes[v, shift.date] + shift.minutes > cap:
                continue
            if any(conflicts(shift, problem.shifts[t], rest) for t in taken[v]):
                continue
            taken[v].append(s)
            minutes[v, shift.date] += shift.minutes
            chosen.append((v, s))
            open_slots -= 1
    return chosen
