"""What a coordinator sees beyond coverage, measured on a finished schedule.

*Clearly improvable* (issue 12): an assignment for which another volunteer is eligible for that very
shift, serves 0 hours in the whole schedule (so every rule between shifts holds for them), matches
服务意向 at least as well, and lives more than ``NEARER_KM`` nearer. The Standby sheet lists at most
three such people per shift; this count looks at every eligible volunteer, so it is never lower.
Online posts have no distance and never count.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from scheduler.domain import Schedule
from scheduler.rules.eligibility import Eligibility

NEARER_KM = 0.5


@dataclass(frozen=True, slots=True)
class Quality:
    assignments: int
    mean_km: float  # over offline assignments
    improvable: int  # clearly improvable assignments
    preferred_share: float  # assignments matching the volunteer's 服务意向
    busiest_hours: float  # the busiest volunteer's hours over the horizon

    def as_dict(self) -> dict:
        return {name: getattr(self, name) for name in self.__slots__}


def measure_quality(schedule: Schedule, eligibility: Eligibility | None = None) -> Quality:
    roster = schedule.roster
    eligibility = eligibility or Eligibility(roster)
    position = {v.volunteer_id: i for i, v in enumerate(roster.volunteers)}
    serving = np.zeros(len(roster.volunteers), dtype=bool)
    hours: dict[str, float] = {}
    by_shift: dict[str, list[int]] = {}
    for a in schedule.assignments:
        serving[position[a.volunteer_id]] = True
        shift_hours = roster.shift_by_id[a.shift_id].hours
        hours[a.volunteer_id] = hours.get(a.volunteer_id, 0.0) + shift_hours
        by_shift.setdefault(a.shift_id, []).append(position[a.volunteer_id])
    kms, improvable, liked = [], 0, 0
    for shift_id, assigned in by_shift.items():
        shift = roster.shift_by_id[shift_id]
        post = roster.post_by_id[shift.post_id]
        likes = [post.category in roster.volunteers[v].preferences for v in assigned]
        liked += sum(likes)
        if post.online:
            continue
        free = eligibility.candidate_positions(shift)
        free = free[~serving[free]]
        free_km = np.nan_to_num(eligibility.distances(free, post), nan=np.inf)
        free_likes = np.array(
            [post.category in roster.volunteers[w].preferences for w in free.tolist()], dtype=bool
        )
        own = np.nan_to_num(eligibility.distances(np.array(assigned), post), nan=0.0)
        for km, like in zip(own.tolist(), likes, strict=True):
            kms.append(km)
            nearer = free_km < km - NEARER_KM
            if (nearer & free_likes).any() or (not like and nearer.any()):
                improvable += 1
    return Quality(
        assignments=len(schedule.assignments),
        mean_km=float(np.mean(kms)) if kms else 0.0,
        improvable=improvable,
        preferred_share=liked / max(len(schedule.assignments), 1),
        busiest_hours=max(hours.values(), default=0.0),
    )
