"""Tie-breakers at any size: a local search over a finished schedule that never loses coverage.

CP-SAT's tie-break phase fits a community. Above that it does not: a roster solved in parts had
no tie-break budget worth the name, and on a 2,000-volunteer street the phase spent its whole
budget without reaching obvious improvements (a free neighbour who wants the post standing by
while someone from 2 km away is sent). This search reaches them, linear in the eligible pairs:

* **fill**: an open slot of a listed shift gets a free eligible volunteer, or the end of a chain
  of hand-overs (a busy candidate takes it and hands a shift on, to someone who hands one on...,
  until a free volunteer takes the last): an augmenting path, as in a matching. Coverage only
  grows: on a dense month this closes the last slots CP-SAT's coverage phase leaves open in its
  budget, on a street solved in parts most of what the parts lost at their borders;
* **replace**: an assigned volunteer hands the shift to a free eligible one;
* **exchange**: two assigned volunteers swap shifts.

A move is made only when it raises the tie-break objective, evaluated exactly with the terms and
weights of the CP-SAT model (``tie_break_value``: kilometres, preferences, the busiest volunteer,
hours above the fair share, continuity on a post), and only when ``Load`` (the greedy start's
checks of every rule between shifts) allows it; the single-shift rules hold because only eligible
pairs are tried. Replace and exchange keep every shift's headcount, so coverage holds at every
priority level. The coordinator's fixed assignments and the pairs kept from a previous plan never
move. Deterministic: fixed orders, and a budget counted in candidates looked at, not in seconds
(the wall clock is only the safety net, as for CP-SAT).
"""

from __future__ import annotations

import time
from collections import Counter, defaultdict, deque
from collections.abc import Collection, Iterable

from scheduler.model.problem import Problem
from scheduler.rules.between import Load, recent_minutes

Pairs = list[tuple[int, int]]
# Passes over the schedule at most; a pass that finds nothing ends the search. Measured on the
# benchmark district (10,672 assignments): the first pass takes 4 s and brings the tie-break
# objective from -1,296,246 to -521,236, the second and third 4 s each for -489,460 and -480,969,
# and five more passes 8 s for the last 0.6%.
ROUNDS = 3
LOOKS_PER_PAIR = 30  # candidates looked at, per eligible pair, over the whole search
CHAIN_SHIFTS = 300  # shifts one augmenting chain's search visits at most (``_Search._chain``)
# Candidates looked at per eligible pair by ``fill_open`` (the repair of the greedy start). On
# dense months (seeds 1-30, 60 components) 2 fills 46 components, 5 fills 58, 10 all 60 (at most
# 0.9 s each); on a week of 400 volunteers, where CP-SAT does the rest, 10 costs about 3 s.
REPAIR_LOOKS_PER_PAIR = 10
NO_SHOW_WEIGHT = 1  # points per assignment per earlier no-show (``--history``): among equals


def fair_half_hours(problem: Problem, chosen: Iterable[tuple[int, int]]) -> int:
    """The fair share: hours served spread over every volunteer who could serve, in half-hours,
    with what they served in the 28 days before the roster (``--history``)."""
    minutes = sum(problem.shifts[s].minutes for _, s in chosen)
    minutes += sum(recent(problem, v) for v in problem.shifts_of)
    return -(-minutes // (30 * max(len(problem.shifts_of), 1)))


def recent(problem: Problem, v: int) -> int:
    """Minutes volunteer ``v`` served in the 28 days before the roster (``--history``)."""
    return recent_minutes(problem.roster, problem.volunteers[v].volunteer_id)


def no_shows(problem: Problem, v: int) -> int:
    """Volunteer ``v``'s no-shows in the history: each assignment of theirs costs this many
    times ``NO_SHOW_WEIGHT``, the last of the tie-breakers."""
    return problem.roster.no_shows(problem.volunteers[v].volunteer_id)


def _half_hours(minutes: int) -> int:
    return -(-minutes // 30)


def tie_break_value(problem: Problem, chosen: Pairs) -> int:
    """The CP-SAT model's tie-break objective (``cpsat.tie_break_expression``) on a schedule."""
    search = _Search(problem, chosen, set())
    value = sum(search.value(v) for v in search.held)
    return value - problem.roster.settings.weight_peak * search.top


def polish(
    problem: Problem,
    chosen: Pairs,
    fixed: Collection[tuple[int, int]] = (),
    previous: Collection[tuple[int, int]] = (),
    deadline: float | None = None,
) -> Pairs:
    """``chosen`` improved by fill, replace and exchange moves (see the module notes).

    ``fixed`` pairs never move. When re-planning, pairs of the ``previous`` plan come back first
    wherever a rule allows (into an open slot, or in place of a holder who was not in it), and
    then never move either: keeping the previous plan ranks above every tie-breaker."""
    search = _Search(problem, chosen, {*fixed, *(set(previous) & set(chosen))})
    for _ in range(2):  # a pair put back can free a volunteer another one needs
        search.restore(previous)
    budget = LOOKS_PER_PAIR * max(problem.pair_count, 1)
    touched: set[int] | None = None  # shifts worth another look; None: all of them
    moved_before: set[int] = set()
    for _ in range(ROUNDS):
        search.changed.clear()
        moved = search.fill(budget)
        search.set_fair(fair_half_hours(problem, search.pairs()))
        for v, s in search.movable():
            if search.looked > budget or (deadline is not None and time.time() > deadline):
                return search.pairs()
            if touched is not None and s not in touched and v not in moved_before:
                continue
            if s in search.held.get(v, ()):
                moved += search.replace(v, s) or search.exchange(v, s)
        if not moved:
            break
        # A pair can only improve after a move if one of its shift's candidates (or its own
        # volunteer) changed: the next round looks at those alone.
        moved_before = set(search.changed)
        touched = {s for w in moved_before for s in problem.shifts_of.get(w, ())}
    return search.pairs()


def fill_open(problem: Problem, chosen: Pairs, frozen: Collection[tuple[int, int]] = ()) -> Pairs:
    """``chosen`` with open slots filled by the fill move alone (augmenting chains of hand-overs,
    see the module notes), before any solver: weighted coverage only grows, and ``frozen`` pairs
    never move.

    A greedy schedule leaves slots open that a chain fills: on a dense month (50 people, 935
    shifts, 28 days) the greedy start leaves 1-24 open per component and this fills every one
    (seeds 1-30) in a fraction of a second, where CP-SAT's coverage phase still left 1-4 open
    after 10 units of deterministic time. It looks at ``REPAIR_LOOKS_PER_PAIR`` candidates per
    eligible pair at most, so on a roster where it finds little it costs little before CP-SAT
    takes over."""
    search = _Search(problem, chosen, set(frozen))
    search.fill(REPAIR_LOOKS_PER_PAIR * max(problem.pair_count, 1))
    return search.pairs()


class _Search:
    """The schedule being improved, with what the moves need to know about it."""

    def __init__(self, problem: Problem, chosen: Pairs, frozen: set[tuple[int, int]]):
        self.problem, self.frozen = problem, frozen
        self.settings = problem.roster.settings
        self.load = Load(problem.roster)
        self.held: dict[int, list[int]] = defaultdict(list)
        self.holders: list[set[int]] = [set() for _ in problem.shifts]
        for v, s in sorted(chosen):
            self.held[v].append(s)
            self.holders[s].add(v)
            self.load.add(problem.volunteers[v], problem.shifts[s])
        self.halves: Counter[int] = Counter()  # half-hours served -> volunteers serving them
        for shifts in self.held.values():
            self.halves[self._halves_of(shifts)] += 1
        self.top = max(self.halves, default=0)  # the busiest volunteer's half-hours
        self.fair = fair_half_hours(problem, chosen)
        self.values: dict[int, int] = {}  # person_value of what each volunteer holds now
        self.ranked: dict[int, list[tuple[int, int]]] = {}  # s -> (pair value, v), best first
        self.eligible: dict[int, set[int]] = {}
        self.pair_values: dict[tuple[int, int], int] = {}
        self.recents: dict[int, int] = {}
        self.looked = 0
        self.changed: set[int] = set()  # volunteers moved in this round

    def set_fair(self, fair: int) -> None:
        if fair != self.fair:
            self.fair = fair
            self.values.clear()

    def pairs(self) -> Pairs:
        return sorted((v, s) for v, shifts in self.held.items() for s in shifts)

    def movable(self) -> Pairs:
        return [pair for pair in self.pairs() if pair not in self.frozen]

    def _halves_of(self, shifts: Iterable[int]) -> int:
        return _half_hours(sum(self.problem.shifts[s].minutes for s in shifts))

    def pair_value(self, v: int, s: int) -> int:
        """What one assignment adds by itself: its preference, minus its kilometres and the
        volunteer's earlier no-shows; remembered for the pairs the moves weigh again and again
        (not for every candidate ranked once: a city has millions)."""
        found = self.pair_values.get((v, s))
        if found is None:
            found = self.pair_values[v, s] = self._pair_value(v, s)
        return found

    def _pair_value(self, v: int, s: int) -> int:
        settings, problem = self.settings, self.problem
        liked = settings.weight_preference if (v, s) in problem.preferred else 0
        km = round(settings.weight_distance * problem.distance_km.get((v, s), 0.0))
        return liked - km - NO_SHOW_WEIGHT * no_shows(problem, v)

    def recent(self, v: int) -> int:
        """``recent``, once per volunteer."""
        found = self.recents.get(v)
        if found is None:
            found = self.recents[v] = recent(self.problem, v)
        return found

    def candidates(self, s: int) -> list[tuple[int, int]]:
        """(pair value, volunteer) of every candidate of shift s, the best first."""
        if s not in self.ranked:
            found = [(self._pair_value(v, s), v) for v in self.problem.candidates[s]]
            self.ranked[s] = sorted(found, key=lambda item: (-item[0], item[1]))
        return self.ranked[s]

    def person_value(self, v: int, shifts: list[int]) -> int:
        """One volunteer's share of the objective: their pairs, hours above the fair share and
        days kept on the same post (the busiest volunteer's term is global: ``peak_change``)."""
        settings, problem = self.settings, self.problem
        served = {(problem.shifts[s].post_id, problem.shifts[s].date.toordinal()) for s in shifts}
        kept = sum(1 for post, day in served if (post, day + 1) in served)
        minutes = self.recent(v) + sum(problem.shifts[s].minutes for s in shifts)
        above = max(0, _half_hours(minutes) - self.fair)
        return (
            sum(self.pair_value(v, s) for s in shifts)
            - settings.weight_balance * above
            + settings.weight_continuity * kept
        )

    def value(self, v: int) -> int:
        if v not in self.values:
            self.values[v] = self.person_value(v, self.held.get(v, []))
        return self.values[v]

    def peak_change(self, changes: list[tuple[int, int]]) -> int:
        """How much the busiest volunteer's half-hours grow when loads change (old, new)."""
        top = self.top
        leaving = sum(1 for old, _ in changes if old == top)
        if self.halves[top] <= leaving:  # the busiest may be among them: look further down
            gone = Counter(old for old, _ in changes)
            top = max((h for h, n in self.halves.items() if n > gone[h]), default=0)
        return max(top, *(new for _, new in changes)) - self.top

    def gain(self, after: dict[int, list[int]]) -> int:
        """How much the objective gains when the volunteers in ``after`` hold those shifts."""
        gain = sum(self.person_value(v, shifts) - self.value(v) for v, shifts in after.items())
        changes = [
            (self._halves_of(self.held.get(v, [])), self._halves_of(shifts))
            for v, shifts in after.items()
        ]
        return gain - self.settings.weight_peak * self.peak_change(changes)

    def allows(self, v: int, s: int) -> bool:
        """Every rule between shifts holds when v takes s as well."""
        problem = self.problem
        return self.load.broken_rule(problem.volunteers[v], problem.shifts[s]) is None

    def can_serve(self, v: int, s: int) -> bool:
        if s not in self.eligible:
            self.eligible[s] = set(self.problem.candidates[s])
        return v in self.eligible[s]

    def move(self, v: int, removed: list[int], added: list[int]) -> None:
        problem = self.problem
        shifts = self.held[v]
        if shifts:
            self.halves[self._halves_of(shifts)] -= 1
        for s in removed:
            shifts.remove(s)
            self.holders[s].discard(v)
            self.load.remove(problem.volunteers[v], problem.shifts[s])
        for s in added:
            shifts.append(s)
            self.holders[s].add(v)
            self.load.add(problem.volunteers[v], problem.shifts[s])
        if shifts:
            self.halves[self._halves_of(shifts)] += 1
        self.top = max((h for h, n in self.halves.items() if n > 0), default=0)
        self.values.pop(v, None)
        self.changed.add(v)

    def restore(self, previous: Collection[tuple[int, int]]) -> None:
        """Previous pairs back wherever they fit, each then frozen (see ``polish``). When the
        volunteer is busy elsewhere, that shift is handed to a free candidate, so coverage
        never drops."""
        for v, s in sorted(set(previous) - self.frozen):
            if v in self.holders[s] or not self.can_serve(v, s):
                continue
            if self._put_back(v, s) is not None:
                continue
            for t in [t for t in self.held.get(v, []) if (v, t) not in self.frozen]:
                self.move(v, [t], [])
                displaced = self._put_back(v, s)
                if displaced is not None:
                    heir = next(
                        (
                            w
                            for _, w in self.candidates(t)
                            if w not in self.holders[t] and self.allows(w, t)
                        ),
                        None,
                    )
                    if heir is not None:
                        self.move(heir, [], [t])
                        break
                    self.frozen.discard((v, s))
                    self.move(v, [s], [])
                    if displaced >= 0:
                        self.move(displaced, [], [s])
                self.move(v, [], [t])

    def _put_back(self, v: int, s: int) -> int | None:
        """v takes s (frozen), into an open slot (-1) or in place of a movable holder (whom it
        returns); None when no rule allows it."""
        if len(self.holders[s]) < self.problem.shifts[s].required:
            if not self.allows(v, s):
                return None
            self.move(v, [], [s])
            self.frozen.add((v, s))
            return -1
        for u in sorted(self.holders[s]):
            if (u, s) in self.frozen:
                continue
            self.move(u, [s], [])
            if self.allows(v, s):
                self.move(v, [], [s])
                self.frozen.add((v, s))
                return u
            self.move(u, [], [s])
        return None

    def fill(self, budget: int) -> int:
        """Open slots of listed shifts, most urgent first, each by an augmenting chain, while
        fewer than ``budget`` candidates have been looked at."""
        problem, filled, dead = self.problem, 0, set()
        for s in sorted(range(len(problem.shifts)), key=lambda s: (-problem.weight(s), s)):
            while len(self.holders[s]) < problem.shifts[s].required and problem.candidates[s]:
                if self.looked > budget or not self._chain(s, dead):
                    break
                filled += 1
        return filled

    def _chain(self, s: int, dead: set[int]) -> bool:
        """Fill one open slot of ``s`` by the shortest chain of hand-overs that ends in a free
        volunteer: u1 drops t1 and takes s, u2 drops t2 and takes t1, ... and a volunteer with
        room takes the last shift. Coverage grows by s's priority and holds everywhere else.

        A breadth-first search over shifts (each at most once, at most ``CHAIN_SHIFTS`` of them;
        no volunteer twice on one chain, so each hand-over is checked on its own volunteer's
        load, which nothing else on the chain changes). When no chain ends in a free volunteer,
        the chain ending at the least urgent shift found is taken if that shift is less urgent
        than s: that slot stays open instead, and weighted coverage still grows. This is how an
        augmenting path raises a matching; on the README's street example it brings a greedy
        start from 3,451 to 3,491 weighted slots where single hand-overs stopped."""
        problem = self.problem
        came: dict[int, tuple[int, int] | None] = {s: None}  # t -> (shift, volunteer) it feeds
        queue, drop = deque([s]), None
        while queue and len(came) <= CHAIN_SHIFTS:
            need = queue.popleft()
            on_chain = self._chain_volunteers(came, need)
            for _, v in self.candidates(need):
                if v in self.holders[need] or v in on_chain:
                    continue
                self.looked += 1
                if self.allows(v, need):
                    self._hand_over(came, need, v)
                    return True
                for t in self.held.get(v, ()):
                    if t in came or t in dead or (v, t) in self.frozen:
                        continue
                    if not self._swaps(v, t, need):
                        continue
                    came[t] = (need, v)
                    queue.append(t)
                    if problem.weight(t) < problem.weight(drop if drop is not None else s):
                        drop = t
        if drop is None:
            dead.update(came)  # no chain from these shifts found a free volunteer: not again
            return False
        self._hand_over(came, drop, None)
        return True

    @staticmethod
    def _chain_volunteers(came: dict, shift: int) -> set[int]:
        moving = set()
        while came[shift] is not None:
            shift, v = came[shift]
            moving.add(v)
        return moving

    def _swaps(self, v: int, t: int, s: int) -> bool:
        """v, without t, can take s: every rule between shifts holds."""
        self.looked += 1
        volunteer, given = self.problem.volunteers[v], self.problem.shifts[t]
        self.load.remove(volunteer, given)
        fits = self.load.broken_rule(volunteer, self.problem.shifts[s]) is None
        self.load.add(volunteer, given)
        return fits

    def _hand_over(self, came: dict, last: int, v: int | None) -> None:
        """Make the chain ending at ``last``: ``v`` (if any) takes it, each holder moves up."""
        if v is not None:
            self.move(v, [], [last])
        while came[last] is not None:
            shift, holder = came[last]
            self.move(holder, [last], [shift])
            last = shift

    def replace(self, v: int, s: int) -> int:
        """Hand v's shift s to the free candidate who gains the most, if anyone gains.

        Candidates come best pair first, and a candidate gains at most their pair value plus
        ``slack`` (what v gains by letting go, continuity, the busiest volunteer's hours), so
        the scan stops at the first who cannot beat the best found."""
        settings = self.settings
        rest = [t for t in self.held[v] if t != s]
        own = self.person_value(v, rest) - self.value(v)
        peak = self._halves_of([s]) if self._halves_of(self.held[v]) == self.top else 0
        slack = own + 2 * settings.weight_continuity + settings.weight_peak * peak
        best, chosen = 0, None
        for value, w in self.candidates(s):
            if value + slack <= best:
                break
            self.looked += 1
            if w in self.holders[s] or not self.allows(w, s):
                continue
            gain = self.gain({v: rest, w: [*self.held.get(w, []), s]})
            if gain > best:
                best, chosen = gain, w
        if chosen is None:
            return 0
        self.move(v, [s], [])
        self.move(chosen, [], [s])
        return 1

    def exchange(self, v: int, s: int) -> int:
        """Swap v's shift s with a shift t of a candidate w of s, when both gain together.
        Only candidates at least as good for s as v are tried: a swap that is better for t is
        found from t's side. On a dense month (every pair as near) trying every swap whose
        kilometres and preferences tie cost seconds per pass for nothing."""
        mine = self.pair_value(v, s)
        better = []
        for value, w in self.candidates(s):
            if value < mine:
                break
            if w in self.holders[s] or not self.held.get(w):
                continue
            for t in self.held[w]:
                self.looked += 1
                if (w, t) in self.frozen or v in self.holders[t] or not self.can_serve(v, t):
                    continue
                pairs = value + self.pair_value(v, t) - mine - self.pair_value(w, t)
                if pairs <= 0:  # swaps for balance or continuity alone: not worth their cost
                    continue
                after = {
                    v: [x for x in self.held[v] if x != s] + [t],
                    w: [x for x in self.held[w] if x != t] + [s],
                }
                gain = self.gain(after)
                if gain > 0:
                    better.append((-gain, w, t))
        for _, w, t in sorted(better):
            unchanged = {v, w} - self.changed
            self.move(v, [s], [])
            self.move(w, [t], [])
            if self.allows(v, t) and self._then(w, s, v, t):
                return 1
            self.move(v, [], [s])
            self.move(w, [], [t])
            self.changed -= unchanged  # a swap tried and undone changes nobody
        return 0

    def _then(self, w: int, s: int, v: int, t: int) -> bool:
        """v has taken t; w takes s too, or v gives t back."""
        self.move(v, [], [t])
        if self.allows(w, s):
            self.move(w, [], [s])
            return True
        self.move(v, [t], [])
        return False
