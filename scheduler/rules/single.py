"""The hard rules that concern one volunteer and one shift, each a plain function.

The model creates variables only for pairs that pass all of them; the explanations run them in
funnel order to say which rule left a shift short; the verifier re-checks a finished schedule with
them. ``Eligibility`` (in ``scheduler.rules.eligibility``) applies them to a whole roster.
"""

from __future__ import annotations

from scheduler.domain import DAY, Post, Shift, TimeWindow, Volunteer
from scheduler.rules.geo import Place, distance_km


def is_nearby(home: Place, post: Place, max_distance_km: float) -> bool:
    """就近就便: same community; else, districts not known to differ and within the radius when both
    sides have coordinates, or in the same street when a side has none."""
    if home.community == post.community:
        return True
    if home.district and post.district and home.district != post.district:
        return False
    if home.has_coordinates and post.has_coordinates:
        return distance_km(home, post) <= max_distance_km
    return bool(home.street) and home.street == post.street


def is_healthy(volunteer: Volunteer) -> bool:
    """不让志愿者带病上岗: nobody with symptoms goes on duty."""
    return volunteer.healthy


def has_general_training(volunteer: Volunteer) -> bool:
    """不培训不上岗: the general training is passed."""
    return volunteer.general_training


def has_post_training(volunteer: Volunteer, post: Post, require_post_training: bool) -> bool:
    """The post (category) training is passed, where the coordinator requires it."""
    return not require_post_training or post.category in volunteer.trained_categories


def is_qualified(volunteer: Volunteer, post: Post) -> bool:
    """A post that needs a professional skill gets a volunteer holding any one of them."""
    accepted = post.accepted_skills
    return not accepted or not accepted.isdisjoint(volunteer.skills)


def is_insured_if_needed(volunteer: Volunteer, post: Post) -> bool:
    """A post with personal danger takes only volunteers covered by accident insurance."""
    return not post.high_risk or volunteer.insured


def merged(windows: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Windows that touch or overlap joined, so 08:00-12:00 and 12:00-18:00 hold 10:00-14:00."""
    joined: list[tuple[int, int]] = []
    for start, end in sorted(windows):
        if joined and start <= joined[-1][1]:
            joined[-1] = (joined[-1][0], max(joined[-1][1], end))
        else:
            joined.append((start, end))
    return joined


def absolute_windows(volunteer: Volunteer, shift: Shift) -> list[tuple[int, int]]:
    """The volunteer's windows near the shift's date, in absolute minutes."""
    if volunteer.dated_availability is not None:
        spans = [
            (day.toordinal() * DAY + w.start, day.toordinal() * DAY + w.end)
            for day, w in volunteer.dated_availability
        ]
    else:
        windows = volunteer.availability or (TimeWindow(0, DAY),)
        base = shift.date.toordinal() * DAY
        spans = [
            (base + offset + w.start, base + offset + w.end)
            for w in windows
            for offset in (-DAY, 0, DAY)
        ]
    return merged(spans)


def is_available(volunteer: Volunteer, shift: Shift) -> bool:
    """The shift starts and ends inside one of the volunteer's windows (blank = the whole day)."""
    if volunteer.dated_availability is None and not volunteer.availability:
        return True
    return any(
        start <= shift.begins and shift.ends <= end
        for start, end in absolute_windows(volunteer, shift)
    )


def fits_daily_cap(volunteer: Volunteer, shift: Shift, cap_minutes: int) -> bool:
    """The shift alone is not longer than the volunteer's daily cap."""
    return shift.minutes <= cap_minutes
