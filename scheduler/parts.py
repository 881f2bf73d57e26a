"""Splitting one city's problem into parts that can be solved on their own, and the bound on the
whole that their answers prove.

The nearby rule makes the problem local: a volunteer only ever meets the shifts of posts near
home (and, across districts, none). So the volunteer-shift eligibility graph falls apart into
connected **components** (union-find over the eligible pairs, over the whole horizon, so no
volunteer's dates are ever split: the multi-day rules stay inside one part). Components share no
volunteer and no shift, so solving each on its own loses nothing: the sum of their optima is the
optimum and the sum of their bounds is a bound.

Decisions, in order:

* **Small rosters keep one exact model.** Up to ``SINGLE_MODEL_PAIRS`` eligible pairs every shift,
  online ones included, is planned in exact components (usually one: online posts join everyone),
  so a community or a street gets a proven optimum when one exists.
* **Online shifts go last**, on larger rosters. An online post is nearby for everyone, so in a city
  each online shift has tens of thousands of candidates and glues the whole city into one
  component. They are planned after the offline parts, on what each volunteer has left, each from
  a pool of at most ``ONLINE_POOL`` candidates who can still take it (walked from a different
  starting point of the eligible list for each shift, so the pools spread over the city). Their
  bound stays honest: weight x min(required, every eligible volunteer), whoever is in the pool.
* **A component bigger than ``MAX_PART_PAIRS`` is split** into regions by the district, then the
  street, then the community of its posts. Each volunteer goes to the region of most of their
  eligible pairs, and a region is solved with its own volunteers only. A **border pass** then
  fills what is still open in that component with anyone eligible, the others' assignments held.
  The bound of a region counts what the volunteers from elsewhere could at most add
  (``foreign_slack``), so the sum stays a valid upper bound on the whole problem.

Already decided assignments (the coordinator's fixed ones in the first stage; everything merged so
far in the border and online stages) enter a part as *pins*: a pinned volunteer keeps that shift,
so every rule between shifts (overlaps, rest, daily cap, days in a row, weekly hours) sees what
they already do; a slot held by someone outside the part is taken off the shift's headcount.
"""

from __future__ import annotations

import dataclasses
from collections import Counter, defaultdict
from dataclasses import dataclass, field

import numpy as np

from scheduler.domain import Roster
from scheduler.model.problem import Problem
from scheduler.rules.between import Load
from scheduler.rules.eligibility import Eligibility

SINGLE_MODEL_PAIRS = 50_000  # eligible pairs up to which everything is planned exactly
MAX_PART_PAIRS = 6_000  # above it (in larger rosters), a component is split into regions
ONLINE_POOL = 40  # candidates per online shift in the last part (K)
POOL_STRIDE = 2_654_435_761  # Knuth's multiplier: spreads the pools' starting points

Pairs = list[tuple[int, int]]


@dataclass(frozen=True, slots=True)
class Part:
    """Shift and volunteer positions of the whole problem that are solved together."""

    name: str
    shifts: tuple[int, ...]
    volunteers: tuple[int, ...]
    whole: bool = True  # every candidate of its shifts is in it: its bound needs no slack
    pools: dict[int, list[int]] | None = None  # online shift -> its capped candidates
    component: str = ""  # a region: the name of the component it was split from

    @property
    def size(self) -> int:
        return len(self.shifts) + len(self.volunteers)


# --- the first stage: components, split into regions when too big -------------------------------


def components(problem: Problem, shifts: list[int] | None = None) -> list[Part]:
    """Connected components of the eligible pairs, ordered by their first shift."""
    n = len(problem.volunteers)
    parent = list(range(n + len(problem.shifts)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    wanted = range(len(problem.shifts)) if shifts is None else shifts
    for s in wanted:
        root = find(n + s)
        for v in problem.candidates[s]:
            other = find(v)
            if other != root:
                parent[other] = root
    members_s: dict[int, list[int]] = defaultdict(list)
    members_v: dict[int, list[int]] = defaultdict(list)
    for s in wanted:
        if problem.candidates[s]:
            members_s[find(n + s)].append(s)
    for v in sorted(problem.shifts_of):
        members_v[find(v)].append(v)
    roots = sorted(members_s, key=lambda root: members_s[root][0])
    return [
        Part(f"component {k + 1}", tuple(members_s[root]), tuple(members_v[root]))
        for k, root in enumerate(roots)
    ]


def pair_count(problem: Problem, shifts) -> int:
    return sum(len(problem.candidates[s]) for s in shifts)


def split(
    problem: Problem, part: Part, limit: int | None = None, previous: Pairs = ()
) -> list[Part]:
    """A component as it is, or its regions when it holds more than ``limit`` pairs.

    A volunteer joins the region of most of their eligible pairs or, when re-planning, of most
    of their ``previous`` assignments: so a region can keep a plan whose pairs crossed regions
    (the border pass and the tie-breakers put volunteers wherever is best)."""
    limit = MAX_PART_PAIRS if limit is None else limit
    if pair_count(problem, part.shifts) <= limit:
        return [part]
    groups = _regions(problem, list(part.shifts), limit, level=0)
    if len(groups) == 1:
        return [part]
    region_of = {s: r for r, (_, shifts) in enumerate(groups) for s in shifts}
    home: dict[int, list[int]] = defaultdict(list)
    held: dict[int, list[int]] = defaultdict(list)
    for v, s in previous:
        if s in region_of:
            held[v].append(s)
    for v in part.volunteers:
        count = Counter(region_of[s] for s in held.get(v) or problem.shifts_of[v])
        home[min(count, key=lambda r: (-count[r], r))].append(v)
    return [
        Part(
            f"{part.name}, {name}",
            tuple(shifts),
            tuple(home.get(r, ())),
            whole=False,
            component=part.name,
        )
        for r, (name, shifts) in enumerate(groups)
    ]


LEVELS = ("district", "street", "community")


def _regions(problem: Problem, shifts: list[int], limit: int, level: int) -> list:
    """(name, shifts) groups by district, then street, then community of the posts."""
    if level >= len(LEVELS) or pair_count(problem, shifts) <= limit:
        return [("", shifts)]
    roster = problem.roster
    groups: dict[str, list[int]] = defaultdict(list)
    for s in shifts:
        post = problem.post(s)
        community = roster.community_by_name.get(post.community)
        key = post.community if level == 2 else getattr(community, LEVELS[level], "")
        groups[key].append(s)
    if len(groups) == 1:
        return _regions(problem, shifts, limit, level + 1)
    found = []
    for key in sorted(groups, key=lambda k: groups[k][0]):
        for name, members in _regions(problem, groups[key], limit, level + 1):
            found.append((name or key or "-", members))
    return found


# --- turning a part into a problem of its own ---------------------------------------------------


@dataclass(slots=True)
class PartMap:
    """The way back from a part's own problem to the whole problem's positions."""

    shifts: list[int]  # whole-problem position of each of its shifts
    volunteers: list[int]
    pins: set[tuple[int, int]] = field(default_factory=set)  # its positions, already decided
    held_weight: int = 0  # coverage of pins on shifts outside the part (not the part's own)
    pinned_weight: int = 0  # coverage of every pin

    def back(self, chosen: Pairs) -> Pairs:
        """The chosen pairs that are new, in the whole problem's positions."""
        return [(self.volunteers[v], self.shifts[s]) for v, s in chosen if (v, s) not in self.pins]


def subproblem(problem: Problem, part: Part, decided: Pairs) -> tuple[Problem, PartMap]:
    """The part's shifts and volunteers as a Problem, ``decided`` pairs pinned (see the module)."""
    members = set(part.volunteers)
    own = set(part.shifts)
    holders: dict[int, list[int]] = defaultdict(list)
    held: dict[int, list[int]] = defaultdict(list)
    for v, s in decided:
        holders[s].append(v)
        if v in members and s not in own:
            held[s].append(v)
    rows: dict[int, tuple[list[int], int]] = {}
    for s in part.shifts:
        inside = [v for v in holders.get(s, ()) if v in members]
        outside = len(holders.get(s, ())) - len(inside)
        required = problem.shifts[s].required - outside
        if required <= len(inside) and not inside:
            continue
        pool = part.pools.get(s, []) if part.pools and s in part.pools else problem.candidates[s]
        candidates = sorted({*(v for v in pool if v in members), *inside})
        if candidates:
            rows[s] = (candidates, required)
    for s, volunteers in held.items():
        rows[s] = (sorted(volunteers), len(volunteers))
    shifts = sorted(rows)
    volunteers = sorted({v for candidates, _ in rows.values() for v in candidates})
    v_at = {v: i for i, v in enumerate(volunteers)}
    sub_shifts = []
    for s in shifts:
        shift = problem.shifts[s]
        required = rows[s][1]
        sub_shifts.append(shift if shift.required == required else _with_required(shift, required))
    roster = _sub_roster(problem.roster, [problem.volunteers[v] for v in volunteers], sub_shifts)
    sub = Problem(roster, Eligibility(roster), sub_shifts, list(roster.volunteers), [])
    shifts_of: dict[int, list[int]] = defaultdict(list)
    for i, s in enumerate(shifts):
        chosen = [v_at[v] for v in rows[s][0]]
        sub.candidates.append(chosen)
        for j, v in enumerate(rows[s][0]):
            shifts_of[chosen[j]].append(i)
            if (v, s) in problem.distance_km:
                sub.distance_km[chosen[j], i] = problem.distance_km[v, s]
            if (v, s) in problem.preferred:
                sub.preferred.add((chosen[j], i))
    sub.shifts_of = dict(shifts_of)
    s_at = {s: i for i, s in enumerate(shifts)}
    result = PartMap(shifts, volunteers)
    for v, s in decided:
        if v in members and s in s_at:
            pair = (v_at[v], s_at[s])
            result.pins.add(pair)
            result.pinned_weight += problem.weight(s)
            sub.fixed.append(pair)
            if s not in own:
                result.held_weight += problem.weight(s)
    sub.fixed.sort()
    return sub, result


def _with_required(shift, required: int):
    return dataclasses.replace(shift, required=max(required, 1))


def _sub_roster(roster: Roster, volunteers: list, shifts: list) -> Roster:
    """Only what the model reads: these volunteers, shifts and their posts, the settings, and
    the days these volunteers served before the roster (``--history``)."""
    post_ids = dict.fromkeys(shift.post_id for shift in shifts)
    ids = {volunteer.volunteer_id for volunteer in volunteers}
    return Roster(
        volunteers=tuple(volunteers),
        posts=tuple(roster.post_by_id[p] for p in post_ids),
        shifts=tuple(shifts),
        settings=roster.settings,
        served=tuple(day for day in roster.served if day.volunteer_id in ids),
    )


# --- bounds -------------------------------------------------------------------------------------


def shift_bound(problem: Problem, s: int, candidates: int | None = None) -> int:
    """weight x min(required, candidates): what one shift can add at most."""
    count = len(problem.candidates[s]) if candidates is None else candidates
    return problem.weight(s) * min(problem.shifts[s].required, count)


def part_bound(problem: Problem, part: Part, link: PartMap, sub_bound: int) -> int:
    """A valid bound on the coverage of the part's shifts in the whole problem.

    The part's own volunteers add at most ``sub_bound - held_weight`` (a whole schedule restricted
    to them is a schedule of the sub-problem); volunteers from elsewhere add at most
    weight x min(required, their number) per shift. Never more than the shifts' trivial bound.
    """
    trivial = sum(shift_bound(problem, s) for s in part.shifts)
    if part.whole:
        return min(trivial, sub_bound - link.held_weight)
    members = set(part.volunteers)
    slack = sum(
        shift_bound(problem, s, sum(1 for v in problem.candidates[s] if v not in members))
        for s in part.shifts
    )
    return min(trivial, sub_bound - link.held_weight + slack)


def online_bound(problem: Problem) -> int:
    return sum(shift_bound(problem, s, count) for s, count in problem.deferred.items())


# --- the later stages ---------------------------------------------------------------------------


def border_part(problem: Problem, part_shifts: list[int], decided: Pairs, name: str) -> Part | None:
    """The still open shifts of a split component with every candidate, to fill across regions."""
    filled = Counter(s for _, s in decided)
    open_shifts = [s for s in part_shifts if filled[s] < problem.shifts[s].required]
    if not open_shifts:
        return None
    volunteers = sorted({v for s in open_shifts for v in problem.candidates[s]})
    return Part(name, tuple(open_shifts), tuple(volunteers))


def online_part(problem: Problem, decided: Pairs, pool: int | None = None) -> Part | None:
    """The deferred online shifts with capped pools of volunteers who can still take them."""
    if not problem.deferred:
        return None
    pool = ONLINE_POOL if pool is None else pool
    roster, eligibility = problem.roster, problem.eligibility
    load = Load(roster)
    for v, s in decided:
        load.add(problem.volunteers[v], problem.shifts[s])
    fixed_on = defaultdict(list)
    for v, s in decided:
        if s in problem.deferred:
            fixed_on[s].append(v)
    order = sorted(
        problem.deferred,
        key=lambda s: (
            -problem.weight(s),
            problem.deferred[s] / problem.shifts[s].required,
            problem.shifts[s].begins,
            s,
        ),
    )
    pools: dict[int, list[int]] = {}
    for rank, s in enumerate(order):
        shift = problem.shifts[s]
        everyone = eligibility.candidate_positions(shift)
        pools[s] = _pool(problem, load, shift, everyone, rank, pool) + fixed_on.get(s, [])
    volunteers = sorted({v for members in pools.values() for v in members})
    return Part("online shifts", tuple(sorted(pools)), tuple(volunteers), pools=pools)


def _pool(problem: Problem, load: Load, shift, everyone: np.ndarray, rank: int, size: int):
    """Up to ``size`` eligible volunteers who can still take the shift, from a spread start."""
    if not len(everyone):
        return []
    start = rank * POOL_STRIDE % len(everyone)
    found: list[int] = []
    for chunk in (everyone[start:], everyone[:start]):
        for first in range(0, len(chunk), 4 * size):
            for v in chunk[first : first + 4 * size].tolist():
                if load.broken_rule(problem.volunteers[v], shift) is None:
                    found.append(v)
                    if len(found) == size:
                        return found
    return found
