"""Array indexes that answer "who may serve here?" for a whole city without a scan per pair.

``Eligibility`` (in ``scheduler.rules.eligibility``) applies the rules of
``scheduler.rules.single``, each a plain function of domain objects; this module only makes the
same answers fast. Three observations do it:

* **Nearby** depends on the home's place alone. Homes are held as arrays (coordinates,
  community, street and district numbers) in a grid of cells, so a post looks only at the cells
  around it and tests them all at once. Great-circle distances are computed with numpy; a home
  within a micrometre of the radius is re-tested with the scalar ``great_circle_km``, so the
  answer is exactly ``is_nearby``'s.
* **The post rules** (healthy, general training, post training, skills, insurance) read only five
  fields of a volunteer: their *static profile*. A city of 300,000 volunteers has a few thousand
  profiles, so each post's rules run once per profile, never once per volunteer; online posts (no
  distance limit) share one answer per kind of requirement instead of scanning everyone per post.
* **The shift rules** (availability, the daily cap) read only the availability windows and the
  personal cap: the *time profile*. Each time profile is tested once per shift time.

Positions are indexes into ``roster.volunteers``; every array of positions is in roster order.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable

import numpy as np

from scheduler.domain import Post, Roster, Shift, Volunteer
from scheduler.rules.geo import great_circle_km, haversine_km

BOUNDARY_KM = 1e-6  # a vectorised distance this close to the radius is re-tested exactly

StaticTest = Callable[[Volunteer], bool]


def static_profile(volunteer: Volunteer) -> tuple:
    """The fields the post rules read; volunteers with equal profiles pass the same posts."""
    return (
        volunteer.healthy,
        volunteer.general_training,
        frozenset(volunteer.trained_categories),  # frozen: a hand-built roster may pass a set
        frozenset(volunteer.skills),
        volunteer.insured,
    )


def requirement(post: Post) -> tuple:
    """The fields of a post the post rules read (with the settings, fixed per roster)."""
    return (post.category, frozenset(post.accepted_skills), post.high_risk)


class PositionIndex:
    """Home places, static and time profiles of a roster's volunteers, as arrays."""

    def __init__(self, roster: Roster, homes: list, cell_of: Callable):
        self.roster = roster
        self.lat = np.array([h.latitude if h.has_coordinates else np.nan for h in homes])
        self.lon = np.array([h.longitude if h.has_coordinates else np.nan for h in homes])
        self.has_coordinates = ~np.isnan(self.lat)
        self.names: dict[str, int] = {"": -1}
        self.community = self._numbers([h.community for h in homes])
        self.street = self._numbers([h.street for h in homes])
        self.district = self._numbers([h.district for h in homes])
        self.by_community = _groups(self.community)
        self.by_street = _groups(self.street)
        cells = [cell_of(h) if h.has_coordinates else None for h in homes]
        self.grid = _groups_of(cells)
        self.static_ids, self.static_first = _profiles(
            [static_profile(v) for v in roster.volunteers]
        )
        self.time_ids, self.time_first = _profiles(
            [
                (tuple(v.availability), _tuple(v.dated_availability), roster.daily_cap_minutes(v))
                for v in roster.volunteers
            ]
        )
        self._passing: dict[tuple, np.ndarray] = {}
        self._time_ok: dict[tuple, bool] = {}

    def _numbers(self, names: list[str]) -> np.ndarray:
        numbers = self.names
        return np.array([numbers.setdefault(name, len(numbers)) for name in names], dtype=np.int64)

    # --- nearby --------------------------------------------------------------------------------
    def nearby(self, place, limit_km: float, cells: list | None) -> np.ndarray:
        """Positions whose home is nearby ``place`` by exactly the rule of ``is_nearby``."""
        found = [self.by_community.get(self.names.get(place.community, -2), _EMPTY)]
        street = self.names.get(place.street, -2) if place.street else -2
        if street >= 0:
            found.append(self.by_street.get(street, _EMPTY))
        for cell in cells or ():
            found.append(self.grid.get(cell, _EMPTY))
        near = np.unique(np.concatenate(found)) if found else _EMPTY
        if not len(near):
            return near
        same = self.community[near] == self.names.get(place.community, -2)
        differ = np.zeros(len(near), dtype=bool)
        if place.district:
            district = self.district[near]
            differ = (district >= 0) & (district != self.names.get(place.district, -2))
        same_street = self.street[near] == street  # never, when the post has no known street
        if place.has_coordinates:
            both = self.has_coordinates[near]
            km = np.full(len(near), np.inf)
            km[both] = haversine_km(
                self.lat[near][both], self.lon[near][both], place.latitude, place.longitude
            )
            within = km <= limit_km
            close = np.abs(km - limit_km) <= BOUNDARY_KM
            for k in np.flatnonzero(close):
                i = near[k]
                within[k] = _exact_km(self.lat[i], self.lon[i], place) <= limit_km
            ok = np.where(both, within, same_street)
        else:
            ok = same_street
        return near[same | (~differ & ok)]

    def distances(self, positions: np.ndarray, place) -> np.ndarray:
        """Kilometres from each home to the place (NaN where a side has no coordinates)."""
        if not place.has_coordinates:
            return np.full(len(positions), np.nan)
        return haversine_km(
            self.lat[positions], self.lon[positions], place.latitude, place.longitude
        )

    # --- the rules by profile ------------------------------------------------------------------
    def passing(self, post: Post, test: StaticTest) -> np.ndarray:
        """Per static profile: does it pass every post rule of this kind of post? (cached)"""
        key = requirement(post)
        if key not in self._passing:
            self._passing[key] = np.array(
                [test(self.roster.volunteers[first]) for first in self.static_first],
                dtype=bool,
            )
        return self._passing[key]

    def shift_filter(self, positions: np.ndarray, shift: Shift, test: StaticTest) -> np.ndarray:
        """The positions whose time profile passes the shift rules for this shift's time."""
        if not len(positions):
            return positions
        profiles = self.time_ids[positions]
        wanted = np.unique(profiles)
        ok = np.zeros(int(wanted[-1]) + 1, dtype=bool)
        for profile in wanted.tolist():
            key = (profile, shift.date, shift.start, shift.end)
            if key not in self._time_ok:
                self._time_ok[key] = test(self.roster.volunteers[self.time_first[profile]])
            ok[profile] = self._time_ok[key]
        return positions[ok[profiles]]


_EMPTY = np.zeros(0, dtype=np.int64)


def _tuple(items) -> tuple | None:
    return None if items is None else tuple(items)


def _exact_km(latitude: float, longitude: float, place) -> float:
    return great_circle_km(float(latitude), float(longitude), place.latitude, place.longitude)


def _groups(numbers: np.ndarray) -> dict[int, np.ndarray]:
    """Positions by number, each group in roster order (-1 = unknown is left out)."""
    order = np.argsort(numbers, kind="stable")
    keys, starts = np.unique(numbers[order], return_index=True)
    bounds = [*starts.tolist(), len(order)]
    return {
        key: order[bounds[k] : bounds[k + 1]] for k, key in enumerate(keys.tolist()) if key >= 0
    }


def _groups_of(keys: list) -> dict[object, np.ndarray]:
    groups: dict[object, list[int]] = defaultdict(list)
    for i, key in enumerate(keys):
        if key is not None:
            groups[key].append(i)
    return {key: np.array(members, dtype=np.int64) for key, members in groups.items()}


def _profiles(keys: list[tuple]) -> tuple[np.ndarray, list[int]]:
    """A number per distinct key, in first-seen order, and the first position holding each."""
    numbers: dict[tuple, int] = {}
    first: list[int] = []
    ids = np.empty(len(keys), dtype=np.int64)
    for i, key in enumerate(keys):
        number = numbers.get(key)
        if number is None:
            number = numbers[key] = len(first)
            first.append(i)
        ids[i] = number
    return ids, first
