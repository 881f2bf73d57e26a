"""What one volunteer can do in one day, described as tightly as the model can use it.

For a volunteer-day with eligible shifts E, the feasible sets of shifts are those with no two
shifts overlapping (rest gap included) and total minutes within the daily cap. That family is
closed under taking subsets, so its convex hull is {x <= sum of y_p over maximal plans p holding
the shift, sum of y_p <= 1}: one boolean per *maximal* day plan gives the model the exact hull of a
volunteer-day. Three cheaper cases come first:

* ``free``: every shift fits with every other and the cap: nothing to constrain;
* ``cliques``: the cap can never bind, so only overlaps matter; overlapping intervals form an
  interval graph, whose clique constraints are already exact;
* ``plans``: enumerate maximal plans, up to ``PLAN_LIMIT``;
* ``capped``: too many plans; cliques plus a linear cap (valid, looser).

This module is pure Python: the CP-SAT code turns a ``DayStructure`` into constraints.
"""

from __future__ import annotations

import heapq
from dataclasses import dataclass
from typing import Literal

from scheduler.domain import Shift
from scheduler.rules.between import conflicts

PLAN_LIMIT = 48
SEARCH_LIMIT = 4000  # nodes of the plan search before giving up on enumeration


@dataclass(frozen=True, slots=True)
class DayStructure:
    kind: Literal["free", "cliques", "plans", "capped"]
    cliques: tuple[tuple[int, ...], ...] = ()  # positions in the day's shift list
    plans: tuple[tuple[int, ...], ...] = ()


def interval_cliques(shifts: list[Shift], rest_minutes: int) -> list[tuple[int, ...]]:
    """Maximal sets of mutually conflicting shifts (each interval extended by the rest gap).

    Two shifts conflict exactly when their intervals [begins, ends + rest) overlap, so the
    conflicts form an interval graph: its maximal cliques are the shifts live at some start, and
    at most one per clique is the exact (and LP-integral) form of "one place at a time". A sweep
    over the starts finds them in O(n log n) plus their size, so a volunteer's whole horizon (600
    shifts on a dense month) costs no more than a day."""
    order = sorted(range(len(shifts)), key=lambda i: (shifts[i].begins, i))
    live: list[tuple[int, int]] = []  # (end of the extended interval, position), a heap
    cliques: list[tuple[int, ...]] = []
    grown = False  # a shift joined since the last clique was written down
    for i in order:
        while live and live[0][0] <= shifts[i].begins:
            if grown and len(live) > 1:
                cliques.append(tuple(sorted(k for _, k in live)))
            grown = False
            heapq.heappop(live)
        heapq.heappush(live, (shifts[i].ends + rest_minutes, i))
        grown = True
    if grown and len(live) > 1:
        cliques.append(tuple(sorted(k for _, k in live)))
    return cliques


def heaviest_compatible_minutes(shifts: list[Shift], rest_minutes: int) -> int:
    """The most minutes a set of mutually compatible shifts holds (weighted interval scheduling)."""
    order = sorted(shifts, key=lambda s: s.ends + rest_minutes)
    best = [0] * (len(order) + 1)
    for k, shift in enumerate(order, start=1):
        previous = 0
        for m in range(k - 1, 0, -1):
            if order[m - 1].ends + rest_minutes <= shift.begins:
                previous = best[m]
                break
        best[k] = max(best[k - 1], previous + shift.minutes)
    return best[-1]


def day_structure(shifts: list[Shift], cap_minutes: int, rest_minutes: int) -> DayStructure:
    """The tightest description of one volunteer-day that stays small (see the module notes)."""
    if len(shifts) <= 1:
        return DayStructure("free")
    cliques = interval_cliques(shifts, rest_minutes)
    if heaviest_compatible_minutes(shifts, rest_minutes) <= cap_minutes:
        return DayStructure("cliques", tuple(cliques)) if cliques else DayStructure("free")
    plans = maximal_plans(shifts, cap_minutes, rest_minutes)
    if plans is None:
        return DayStructure("capped", tuple(cliques))
    return DayStructure("plans", tuple(cliques), tuple(plans))


def maximal_plans(
    shifts: list[Shift], cap_minutes: int, rest_minutes: int
) -> list[tuple[int, ...]] | None:
    """All maximal feasible day plans, or None when there are more than ``PLAN_LIMIT``."""
    n = len(shifts)
    order = sorted(range(n), key=lambda i: shifts[i].begins)
    fits = [[not conflicts(shifts[i], shifts[j], rest_minutes) for j in range(n)] for i in range(n)]
    plans: list[tuple[int, ...]] = []
    nodes = 0

    def extendable(chosen: list[int], used: int) -> bool:
        return any(
            k not in chosen
            and used + shifts[k].minutes <= cap_minutes
            and all(fits[k][c] for c in chosen)
            for k in range(n)
        )

    def grow(position: int, chosen: list[int], used: int) -> bool:
        nonlocal nodes
        nodes += 1
        if nodes > SEARCH_LIMIT or len(plans) > PLAN_LIMIT:
            return False
        added = False
        for p in range(position, n):
            k = order[p]
            if used + shifts[k].minutes <= cap_minutes and all(fits[k][c] for c in chosen):
                added = True
                chosen.append(k)
                ok = grow(p + 1, chosen, used + shifts[k].minutes)
                chosen.pop()
                if not ok:
                    return False
        if not added and chosen and not extendable(chosen, used):
            plans.append(tuple(sorted(chosen)))
        return True

    if not grow(0, [], 0) or len(plans) > PLAN_LIMIT:
        return None
    return plans
