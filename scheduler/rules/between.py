"""What a volunteer has already taken, and whether one more shift still keeps every rule between
shifts: no overlap, the rest gap, the daily cap, days in a row and hours in any 7 days.

Used to build a valid greedy schedule and to check the coordinator's fixed assignments before they
reach the model. Pure Python: the CP-SAT model states the same rules as constraints
(``scheduler.model``), and ``scheduler.verify`` checks them again with its own loops.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from scheduler.domain import Roster, Shift, Volunteer


def conflicts(a: Shift, b: Shift, rest_minutes: int) -> bool:
    """Two shifts one person cannot both take: they overlap, or leave less than the rest gap."""
    return a.begins < b.ends + rest_minutes and b.begins < a.ends + rest_minutes


BROKEN_WORDS = {
    "overlap": "overlaps or comes too soon after another of the volunteer's shifts",
    "daily_cap": "would take the volunteer past their daily maximum hours",
    "days_in_row": "would make the volunteer serve more days in a row than max_days_in_row",
    "weekly_hours": "would take the volunteer past max_hours_per_week in 7 days",
}


class Load:
    """Shifts given so far, per volunteer, with the checks for adding one more."""

    def __init__(self, roster: Roster):
        self.roster = roster
        self.settings = roster.settings
        self.taken: dict[str, list[Shift]] = defaultdict(list)
        self.minutes: dict[tuple[str, dt.date], int] = defaultdict(int)

    def add(self, volunteer: Volunteer, shift: Shift) -> None:
        self.taken[volunteer.volunteer_id].append(shift)
        self.minutes[volunteer.volunteer_id, shift.date] += shift.minutes

    def remove(self, volunteer: Volunteer, shift: Shift) -> None:
        """Take a shift back (the local search moves assignments between volunteers)."""
        self.taken[volunteer.volunteer_id].remove(shift)
        self.minutes[volunteer.volunteer_id, shift.date] -= shift.minutes

    def broken_rule(self, volunteer: Volunteer, shift: Shift) -> str | None:
        """The first rule between shifts that one more shift would break, or None."""
        vid, rest = volunteer.volunteer_id, self.settings.min_rest_minutes
        if any(conflicts(shift, other, rest) for other in self.taken[vid]):
            return "overlap"
        if self.minutes[vid, shift.date] + shift.minutes > self.roster.daily_cap_minutes(volunteer):
            return "daily_cap"
        if self._too_many_days(vid, shift.date):
            return "days_in_row"
        if self._too_many_hours(vid, shift):
            return "weekly_hours"
        return None

    def _too_many_days(self, vid: str, date: dt.date) -> bool:
        limit = self.settings.max_days_in_row
        if limit is None:
            return False
        days = {s.date for s in self.taken[vid]} | {date}
        run, day = 1, date - dt.timedelta(days=1)
        while day in days:
            run, day = run + 1, day - dt.timedelta(days=1)
        day = date + dt.timedelta(days=1)
        while day in days:
            run, day = run + 1, day + dt.timedelta(days=1)
        return run > limit

    def _too_many_hours(self, vid: str, shift: Shift) -> bool:
        """Every 7-day window holding the new shift's date stays within the weekly limit."""
        limit = self.settings.max_hours_per_week
        if limit is None:
            return False
        for offset in range(7):
            first = shift.date - dt.timedelta(days=offset)
            last = first + dt.timedelta(days=6)
            inside = sum(s.minutes for s in self.taken[vid] if first <= s.date <= last)
            if inside + shift.minutes > round(limit * 60):
                return True
        return False
