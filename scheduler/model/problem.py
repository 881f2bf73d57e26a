"""The planning problem in plain numbers: shifts, volunteers and the eligible pairs between them.

Built once from a roster with the eligibility rules; the greedy start, the CP-SAT model and the
explanations all read this, so "who may go here?" is answered in one place.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from scheduler.domain import Post, Roster, Shift, Volunteer
from scheduler.eligibility import Eligibility

# Preference and distance are tie-breakers only; see README "The objective".
DISTANCE_UNIT_KM = 0.1


@dataclass(slots=True)
class Problem:
    roster: Roster
    eligibility: Eligibility
    shifts: list[Shift]
    volunteers: list[Volunteer]
    candidates: list[list[int]]  # per shift position: volunteer positions, roster order
    distance_units: dict[tuple[int, int], int] = field(default_factory=dict)  # (v, s) -> 100 m
    preferred: set[tuple[int, int]] = field(default_factory=set)  # (v, s) matching 服务意向
    shifts_of: dict[int, list[int]] = field(default_factory=dict)  # v -> its eligible shifts

    @property
    def pair_count(self) -> int:
        return sum(len(c) for c in self.candidates)

    def post(self, s: int) -> Post:
        return self.roster.post_by_id[self.shifts[s].post_id]

    def weight(self, s: int) -> int:
        """Coverage weight of one slot of shift ``s``: its post's priority (1-5)."""
        return self.post(s).priority

    def days_of(self, v: int) -> dict[object, list[int]]:
        """The volunteer's eligible shifts grouped by start date, each list sorted by start."""
        days: dict[object, list[int]] = defaultdict(list)
        for s in sorted(self.shifts_of.get(v, ()), key=lambda s: self.shifts[s].begins):
            days[self.shifts[s].date].append(s)
        return days


def build_problem(roster: Roster, eligibility: Eligibility | None = None) -> Problem:
    """Every volunteer-shift pair that passes every single-shift hard rule."""
    eligibility = eligibility or Eligibility(roster)
    shifts = sorted(roster.shifts, key=lambda s: (s.begins, s.shift_id))
    volunteers = list(roster.volunteers)
    position = {volunteer.volunteer_id: i for i, volunteer in enumerate(volunteers)}
    problem = Problem(roster, eligibility, shifts, volunteers, [])
    shifts_of: dict[int, list[int]] = defaultdict(list)
    for s, shift in enumerate(shifts):
        post = roster.post_by_id[shift.post_id]
        chosen = [position[v.volunteer_id] for v in eligibility.candidates(shift)]
        problem.candidates.append(chosen)
        for v in chosen:
            shifts_of[v].append(s)
            volunteer = volunteers[v]
            km = eligibility.distance(volunteer, post)
            if km is not None:
                problem.distance_units[v, s] = round(km / DISTANCE_UNIT_KM)
            if post.category in volunteer.preferences:
                problem.preferred.add((v, s))
    problem.shifts_of = dict(shifts_of)
    return problem
