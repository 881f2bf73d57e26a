"""What a volunteer has already taken, and whether one more shift still keeps every rule between
shifts: no overlap, the rest gap, the daily cap, days in a row and hours in any 7 days.

The rules themselves are records of ``scheduler.rules.catalogue`` (their order, their words);
``Load`` holds what they read. Used to build a valid greedy schedule and to check the coordinator's
fixed assignments before they reach the model. Pure Python: the CP-SAT model states the same rules
as constraints (``scheduler.model``), and ``scheduler.verify`` checks them again with its own
loops. The days served before the roster (``Roster.served``, from ``--history``) count for days
in a row and hours in 7 days.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from scheduler.domain import Roster, Shift, Volunteer
from scheduler.rules.catalogue import BETWEEN, RuleKey


def conflicts(a: Shift, b: Shift, rest_minutes: int) -> bool:
    """Two shifts one person cannot both take: they overlap, or leave less than the rest gap."""
    return a.begins < b.ends + rest_minutes and b.begins < a.ends + rest_minutes


BALANCE_DAYS = 28  # the balance tie-breaker counts the hours served this many days before


def recent_minutes(roster: Roster, volunteer_id: str, days: int = BALANCE_DAYS) -> int:
    """Minutes served in the ``days`` before the roster's first date (``--history``)."""
    first = roster.first_date
    if first is None or not roster.served_minutes(volunteer_id):
        return 0
    since = first - dt.timedelta(days=days)
    return sum(n for day, n in roster.served_minutes(volunteer_id).items() if day >= since)


class Load:
    """Shifts given so far, per volunteer, with the checks for adding one more."""

    def __init__(self, roster: Roster):
        self.roster = roster
        self.settings = roster.settings
        self.taken: dict[str, list[Shift]] = defaultdict(list)
        self.minutes: dict[tuple[str, dt.date], int] = defaultdict(int)
        self._tests = tuple((rule.key, rule.bind(self)) for rule in BETWEEN)  # in record order

    def add(self, volunteer: Volunteer, shift: Shift) -> None:
        self.taken[volunteer.volunteer_id].append(shift)
        self.minutes[volunteer.volunteer_id, shift.date] += shift.minutes

    def remove(self, volunteer: Volunteer, shift: Shift) -> None:
        """Take a shift back (the local search moves assignments between volunteers)."""
        self.taken[volunteer.volunteer_id].remove(shift)
        self.minutes[volunteer.volunteer_id, shift.date] -= shift.minutes

    def broken_rule(self, volunteer: Volunteer, shift: Shift) -> RuleKey | None:
        """The first rule between shifts that one more shift would break, or None."""
        for key, test in self._tests:
            if not test(volunteer, shift):
                return key
        return None

    def keeps_rest(self, volunteer: Volunteer, shift: Shift) -> bool:
        """No overlap, and the rest gap, with every shift taken so far (any date)."""
        rest = self.settings.min_rest_minutes
        return not any(
            conflicts(shift, other, rest) for other in self.taken[volunteer.volunteer_id]
        )

    def within_day(self, volunteer: Volunteer, shift: Shift) -> bool:
        """The start date's minutes stay within the volunteer's daily maximum."""
        total = self.minutes[volunteer.volunteer_id, shift.date] + shift.minutes
        return total <= self.roster.daily_cap_minutes(volunteer)

    def within_days_in_row(self, volunteer: Volunteer, shift: Shift) -> bool:
        return not self._too_many_days(volunteer.volunteer_id, shift.date)

    def within_week(self, volunteer: Volunteer, shift: Shift) -> bool:
        return not self._too_many_hours(volunteer.volunteer_id, shift)

    def _too_many_days(self, vid: str, date: dt.date) -> bool:
        limit = self.settings.max_days_in_row
        if limit is None:
            return False
        days = {s.date for s in self.taken[vid]} | {date} | self.roster.served_minutes(vid).keys()
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
        earlier = self.roster.served_minutes(vid)
        for offset in range(7):
            first = shift.date - dt.timedelta(days=offset)
            last = first + dt.timedelta(days=6)
            inside = sum(s.minutes for s in self.taken[vid] if first <= s.date <= last)
            inside += sum(minutes for day, minutes in earlier.items() if first <= day <= last)
            if inside + shift.minutes > round(limit * 60):
                return True
        return False
