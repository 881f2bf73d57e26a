"""Who may serve on which shift: the single-shift rules applied to a whole roster.

``Eligibility`` runs the rules of ``scheduler.rules.single`` as a funnel (to explain a short shift)
and answers the same questions as arrays of roster positions (``scheduler.rules.index``) for the
model at city scale. Rules between shifts (overlap, rest gap, the daily cap across shifts, days in
a row, weekly hours) live in ``scheduler.rules.between`` (the model states them again as
constraints in ``scheduler.model``).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property

import numpy as np

from scheduler.domain import Post, Roster, Shift, Volunteer
from scheduler.rules.catalogue import FUNNEL, RuleKey, Scope, scoped
from scheduler.rules.geo import Place, distance_km
from scheduler.rules.index import PositionIndex, requirement
from scheduler.rules.single import is_available, is_nearby


@dataclass(frozen=True, slots=True)
class Step:
    """A rule of the catalogue bound to one post or shift: its key and a test of a volunteer."""

    key: RuleKey
    test: Callable[[Volunteer], bool]


class Eligibility:
    """The roster's eligibility; an index finds nearby volunteers without a full scan."""

    def __init__(self, roster: Roster):
        self.roster = roster
        self.settings = roster.settings
        self._static: dict[str, list[Volunteer]] = {}
        self._positions: dict[object, np.ndarray] = {}
        self._places: dict[tuple, Place] = {}
        self._rules: dict[object, tuple[Step, ...]] = {}
        self._availability: dict[tuple, bool] = {}

    # --- places -------------------------------------------------------------------------------
    def _community_place(self, name: str, latitude, longitude) -> Place:
        key = (name, latitude, longitude)
        if key not in self._places:
            self._places[key] = self._new_place(name, latitude, longitude)
        return self._places[key]

    def _new_place(self, name: str, latitude, longitude) -> Place:
        community = self.roster.community_by_name.get(name)
        if latitude is None and community is not None:
            latitude, longitude = community.latitude, community.longitude
        street = community.street if community else ""
        district = community.district if community else ""
        return Place(name, street, district, latitude, longitude)

    def home(self, volunteer: Volunteer) -> Place:
        return self._community_place(volunteer.community, volunteer.latitude, volunteer.longitude)

    def place(self, post: Post) -> Place:
        return self._community_place(post.community, post.latitude, post.longitude)

    def nearby(self, volunteer: Volunteer, post: Post) -> bool:
        """Online posts are nearby for everyone; offline ones follow ``is_nearby``."""
        if post.online:
            return True
        return is_nearby(self.home(volunteer), self.place(post), self.settings.max_distance_km)

    def distance(self, volunteer: Volunteer, post: Post) -> float | None:
        """Kilometres from home to an offline post (None when online or coordinates are missing)."""
        return None if post.online else distance_km(self.home(volunteer), self.place(post))

    # --- the funnel ----------------------------------------------------------------------------
    def post_rules(self, post: Post) -> tuple[Step, ...]:
        """The rules of the volunteer alone and of the volunteer and the post, in funnel order
        (made once per post)."""
        return self._remembered(post, self._post_rules)

    def _post_rules(self, post: Post) -> tuple[Step, ...]:
        rules = (*scoped(Scope.volunteer), *scoped(Scope.post))
        return tuple(self._bound(rule, post, None) for rule in rules)

    def _bound(self, rule, post: Post, shift: Shift | None) -> Step:
        return Step(rule.key, rule.bind(self, post, shift))

    def shift_rules(self, shift: Shift) -> tuple[Step, ...]:
        """The rules that depend on the shift's time (made once per shift)."""
        return self._remembered(shift, self._shift_rules)

    def _remembered(self, key, make: Callable) -> tuple[Step, ...]:
        try:
            found = self._rules.get(key)
        except TypeError:  # a hand-built post or shift holding a set: not hashable
            return make(key)
        if found is None:
            found = self._rules[key] = make(key)
        return found

    def _shift_rules(self, shift: Shift) -> tuple[Step, ...]:
        post = self.roster.post_by_id[shift.post_id]
        return tuple(self._bound(rule, post, shift) for rule in scoped(Scope.shift))

    def available(self, volunteer: Volunteer, shift: Shift) -> bool:
        """``is_available``, remembered per availability and shift time (many share both)."""
        key = (
            volunteer.availability,
            volunteer.dated_availability,
            shift.date,
            shift.start,
            shift.end,
        )
        try:
            found = self._availability.get(key)
        except TypeError:  # a hand-built volunteer with unhashable windows
            return is_available(volunteer, shift)
        if found is None:
            found = self._availability[key] = is_available(volunteer, shift)
        return found

    def funnel(self, shift: Shift) -> list[tuple[RuleKey, int]]:
        """How many volunteers pass each rule of ``FUNNEL`` in turn, starting from those nearby
        (the first rule, answered by the nearby index)."""
        post = self.roster.post_by_id[shift.post_id]
        remaining = self.nearby_volunteers(post)
        counts = [(FUNNEL[0].key, len(remaining))]
        for rule in self.steps(post, shift):
            remaining = [volunteer for volunteer in remaining if rule.test(volunteer)]
            counts.append((rule.key, len(remaining)))
        return counts

    def steps(self, post: Post, shift: Shift) -> tuple[Step, ...]:
        """Every single-shift rule after nearby, bound to this post and shift, in funnel order."""
        return (*self.post_rules(post), *self.shift_rules(shift))

    def candidates(self, shift: Shift) -> list[Volunteer]:
        """Every volunteer who passes every single-shift rule for this shift."""
        volunteers = self.roster.volunteers
        return [volunteers[i] for i in self.candidate_positions(shift).tolist()]

    def eligible_for_post(self, post: Post) -> list[Volunteer]:
        """Nearby volunteers passing every rule that does not depend on the shift (cached)."""
        if post.post_id not in self._static:
            volunteers = self.roster.volunteers
            self._static[post.post_id] = [volunteers[i] for i in self.post_positions(post).tolist()]
        return self._static[post.post_id]

    # --- the same answers as roster positions (arrays, for the model at scale) ----------------
    def post_positions(self, post: Post) -> np.ndarray:
        """Roster positions of ``eligible_for_post``; online posts of one kind share one array."""
        key = ("online", requirement(post)) if post.online else post.post_id
        if key not in self._positions:
            index = self._index
            rules = self.post_rules(post)
            passing = index.passing(post, lambda v: all(rule.test(v) for rule in rules))
            near = self.nearby_positions(post)
            self._positions[key] = near[passing[index.static_ids[near]]]
        return self._positions[key]

    def candidate_positions(self, shift: Shift) -> np.ndarray:
        """Roster positions of ``candidates(shift)``, ascending."""
        post = self.roster.post_by_id[shift.post_id]
        rules = self.shift_rules(shift)
        return self._index.shift_filter(
            self.post_positions(post), shift, lambda v: all(rule.test(v) for rule in rules)
        )

    def profile_ids(self) -> tuple[np.ndarray, np.ndarray]:
        """Each volunteer's static and time profile number, by roster position: volunteers alike
        in both keep or break the same single-shift rules of every post and shift."""
        return self._index.static_ids, self._index.time_ids

    def distances(self, positions: np.ndarray, post: Post) -> np.ndarray:
        """Kilometres from each position's home to an offline post (NaN when not known)."""
        return self._index.distances(positions, self.place(post))

    def allows(self, volunteer: Volunteer, shift: Shift) -> RuleKey | None:
        """The first rule this volunteer breaks for this shift, or None when none is broken."""
        post = self.roster.post_by_id[shift.post_id]
        if not self.nearby(volunteer, post):
            return RuleKey.nearby
        for rule in self.steps(post, shift):
            if not rule.test(volunteer):
                return rule.key
        return None

    # --- the nearby index ----------------------------------------------------------------------
    def nearby_volunteers(self, post: Post) -> list[Volunteer]:
        """All volunteers for whom the post is nearby, in roster order."""
        if post.online:
            return list(self.roster.volunteers)
        volunteers = self.roster.volunteers
        return [volunteers[i] for i in self.nearby_positions(post).tolist()]

    def nearby_positions(self, post: Post) -> np.ndarray:
        """Roster positions of ``nearby_volunteers``, ascending."""
        if post.online:
            return np.arange(len(self.roster.volunteers))
        place = self.place(post)
        cells = self._neighbour_cells(place) if place.has_coordinates else None
        return self._index.nearby(place, self.settings.max_distance_km, cells)

    @cached_property
    def _index(self) -> PositionIndex:
        return PositionIndex(self.roster, self._homes, self._cell)

    @cached_property
    def _homes(self) -> list[Place]:
        places: dict[tuple, Place] = {}  # one Place per distinct home, shared
        homes = []
        for volunteer in self.roster.volunteers:
            key = (volunteer.community, volunteer.latitude, volunteer.longitude)
            if key not in places:
                places[key] = self.home(volunteer)
            homes.append(places[key])
        return homes

    @cached_property
    def _cell_km(self) -> float:
        return max(self.settings.max_distance_km, 0.5)

    @cached_property
    def _east_km_per_degree(self) -> float:
        """Kilometres per degree of longitude at the roster's widest latitude, so projected
        east-west gaps never exceed true ones and a ±1 cell search misses nobody."""
        places = [*self._homes, *(self.place(post) for post in self.roster.posts)]
        widest = max((abs(p.latitude) for p in places if p.has_coordinates), default=0.0)
        return 111.320 * math.cos(math.radians(min(widest, 89.0)))

    def _cell(self, place: Place) -> tuple[int, int]:
        size = self._cell_km * 1.2  # margin for the flat projection
        y = place.latitude * 110.574
        x = place.longitude * self._east_km_per_degree
        return math.floor(x / size), math.floor(y / size)

    def _neighbour_cells(self, place: Place) -> list[tuple[int, int]]:
        cx, cy = self._cell(place)
        return [(cx + dx, cy + dy) for dx in (-1, 0, 1) for dy in (-1, 0, 1)]
