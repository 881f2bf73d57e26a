"""Re-planning: what changed between the previous plan and the new one, and why.

An assignment of the previous plan is *kept* when the new plan has it, *moved* when its volunteer
serves another shift of the same date instead (the previous schedule's date for a shift the roster
no longer plans), *dropped* otherwise; a new assignment that is not the destination of a move is
*added*. Reasons name the post, date and time of each shift concerned, and a rule broken comes
from the rule records (``scheduler.rules.catalogue``), with its figures.

A volunteer or shift whose roster row now has a problem is named by that problem (sheet, row,
column, value), not by a generic "no longer on the roster"; a shift the roster no longer plans is
named by what the previous schedule's row told the volunteer (``Assignment.planned``).
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from scheduler.domain import Assignment, PlannedRow, Roster, Schedule, clock
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
    planned: PlannedRow | None = None  # the previous schedule's row of ``before``, when read


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
        day = shift.date if shift else old.planned and old.planned.date
        destinations = new_by_day.get((old.volunteer_id, day), []) if day else []
        was = shift_words(roster, old.shift_id, old.planned)
        if destinations:
            new = destinations.pop(0)
            now = shift_words(roster, new.shift_id)
            reason = say("reason.change.moved", lang, before=was, after=now, why=why)
            moved = Change("moved", old.volunteer_id, old.shift_id, new.shift_id, reason)
            changes.append(replace(moved, planned=old.planned))
        else:
            reason = say("reason.change.dropped", lang, before=was, why=why)
            dropped = Change("dropped", old.volunteer_id, old.shift_id, "", reason, old.planned)
            changes.append(dropped)
    for waiting in new_by_day.values():
        for new in waiting:
            reason = say("reason.change.added", lang, after=shift_words(roster, new.shift_id))
            changes.append(Change("added", new.volunteer_id, "", new.shift_id, reason))
    return ChangeSummary(len(before & after), tuple(changes))


def shift_words(roster: Roster, shift_id: str, planned: PlannedRow | None = None) -> Message | str:
    """``核酸采样（P1）2022-11-21 08:00-12:00``: from the roster, else from the previous
    schedule's row, else the bare id. The one way a shift is named to a person (the Changes
    sheet's reasons and before/after, the Volunteers sheet's plans)."""
    shift = roster.shift_by_id.get(shift_id)
    if shift is not None:
        post = roster.post_by_id[shift.post_id]
        name, post_id, date = post.name, post.post_id, shift.date
        start, end = shift.start, shift.end
    elif planned is not None and None not in (planned.date, planned.start, planned.end):
        name, post_id, date = planned.post_name, planned.post_id, planned.date
        start, end = planned.start, planned.end
    else:
        return shift_id
    return msg(
        "shift.named",
        post=name,
        post_id=post_id,
        date=date.isoformat(),
        start=clock(start),
        end=clock(end),
    )


def _why_dropped(old: Assignment, eligibility: Eligibility) -> Message:
    """The volunteer's row problem, else the shift's row problem, else the rule now broken, else
    a reshuffle."""
    roster = eligibility.roster
    volunteer = roster.volunteer_by_id.get(old.volunteer_id)
    shift = roster.shift_by_id.get(old.shift_id)
    if volunteer is None:
        for rejected in roster.rejected_volunteers:
            if rejected.volunteer_id == old.volunteer_id:
                return msg("reason.change.rejected_volunteer", reason=rejected.reason)
        return msg("reason.change.gone_volunteer")
    if shift is None:
        for left_out in roster.rejected_shifts:
            if left_out.shift_id == old.shift_id:
                return msg("reason.change.rejected_shift", reason=left_out.reason)
        return msg("reason.change.gone_shift", shift=old.shift_id)
    broken = eligibility.allows(volunteer, shift)
    if broken is not None:
        rule = RULE[broken].broken(roster, volunteer, shift)
        return msg("reason.change.rule", volunteer=volunteer.volunteer_id, rule=rule)
    return msg("reason.change.reshuffled")


def previous_matches(roster: Roster, previous: tuple[Assignment, ...]) -> int:
    """How many of a previous schedule's assignments name a volunteer and a shift of this roster
    (rows with a problem count: they are still this roster's). ``solve --previous`` refuses a
    schedule when fewer than half do: it was made from another roster, and re-planning against it
    would report every assignment as dropped or added."""
    volunteers = {v.volunteer_id for v in roster.volunteers}
    volunteers |= {r.volunteer_id for r in roster.rejected_volunteers}
    shifts = {s.shift_id for s in roster.shifts} | {r.shift_id for r in roster.rejected_shifts}
    return sum(1 for a in previous if a.volunteer_id in volunteers and a.shift_id in shifts)
