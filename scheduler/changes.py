"""Re-planning: what changed between the previous plan and the new one, and why.

An assignment of the previous plan is *kept* when the new plan has it, *moved* when its volunteer
serves another shift of the same date instead, *dropped* otherwise; a new assignment that is not the
destination of a move is *added*. Reasons name the post, date and time of each shift concerned, and
a rule broken comes from the rule records (``scheduler.rules.catalogue``), with its figures.
"""

from __future__ import annotations

from dataclasses import dataclass

from scheduler.domain import Assignment, Roster, Schedule, clock
from scheduler.messages import Message, msg, say
from scheduler.rules.catalogue import RULE
from scheduler.rules.eligibility import Eligibility


@dataclass(frozen=True, slots=True)
class Change:
    kind: str  # moved, dropped, added
    volunteer_id: str
    before: str  # shift_id in the previous plan, or ""
    after: str  # shift_id in the new plan, or ""
    reason: str


@dataclass(frozen=True, slots=True)
class ChangeSummary:
    kept: int
    changes: tuple[Change, ...]

    def count(self, kind: str) -> int:
        return sum(1 for change in self.changes if change.kind == kind)


def compare(schedule: Schedule, lang: str, eligibility: Eligibility | None = None) -> ChangeSummary:
    """The changes from ``schedule.previous`` to ``schedule`` (empty when there is none)."""
    if schedule.previous is None:
        return ChangeSummary(0, ())
    roster = schedule.roster
    eligibility = eligibility or Eligibility(roster)
    before, after = set(schedule.previous), set(schedule.assignments)
    new_by_day: dict[tuple[str, object], list[Assignment]] = {}
    for a in sorted(after - before, key=lambda a: (a.volunteer_id, a.shift_id)):
        day = roster.shift_by_id[a.shift_id].date
        new_by_day.setdefault((a.volunteer_id, day), []).append(a)
    changes = []
    for old in sorted(before - after, key=lambda a: (a.volunteer_id, a.shift_id)):
        why = _why_dropped(old, eligibility)
        shift = roster.shift_by_id.get(old.shift_id)
        destinations = new_by_day.get((old.volunteer_id, shift.date), []) if shift else []
        was = _shift_words(roster, old.shift_id)
        if destinations:
            new = destinations.pop(0)
            now = _shift_words(roster, new.shift_id)
            reason = say("reason.change.moved", lang, before=was, after=now, why=why)
            changes.append(Change("moved", old.volunteer_id, old.shift_id, new.shift_id, reason))
        else:
            reason = say("reason.change.dropped", lang, before=was, why=why)
            changes.append(Change("dropped", old.volunteer_id, old.shift_id, "", reason))
    for waiting in new_by_day.values():
        for new in waiting:
            reason = say("reason.change.added", lang, after=_shift_words(roster, new.shift_id))
            changes.append(Change("added", new.volunteer_id, "", new.shift_id, reason))
    return ChangeSummary(len(before & after), tuple(changes))


def _shift_words(roster: Roster, shift_id: str) -> Message | str:
    """``核酸采样（P1）2022-11-21 08:00-12:00``, or the bare id of a shift no longer planned."""
    shift = roster.shift_by_id.get(shift_id)
    if shift is None:
        return shift_id
    post = roster.post_by_id[shift.post_id]
    return msg(
        "reason.change.shift",
        name=post.name,
        post=post.post_id,
        date=shift.date.isoformat(),
        start=clock(shift.start),
        end=clock(shift.end),
    )


def _why_dropped(old: Assignment, eligibility: Eligibility) -> Message:
    roster = eligibility.roster
    volunteer = roster.volunteer_by_id.get(old.volunteer_id)
    shift = roster.shift_by_id.get(old.shift_id)
    if volunteer is None:
        return msg("reason.change.gone_volunteer")
    if shift is None:
        return msg("reason.change.gone_shift", shift=old.shift_id)
    broken = eligibility.allows(volunteer, shift)
    if broken is not None:
        rule = RULE[broken].broken(roster, volunteer, shift)
        return msg("reason.change.rule", volunteer=volunteer.volunteer_id, rule=rule)
    return msg("reason.change.reshuffled")
