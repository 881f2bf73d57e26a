"""Re-planning: what changed between the previous plan and the new one, and why.

An assignment of the previous plan is *kept* when the new plan has it, *moved* when its volunteer
serves another shift of the same date instead, *dropped* otherwise; a new assignment that is not the
destination of a move is *added*. Reasons come from the same rule functions the model uses.
"""

from __future__ import annotations

from dataclasses import dataclass

from scheduler.domain import Assignment, Schedule
from scheduler.rules.eligibility import RULE_WORDS, Eligibility

WORDS = {
    "gone_volunteer": (
        "志愿者已不在名单中（或其行有问题）",
        "the volunteer is no longer on the roster",
    ),
    "gone_shift": ("班次已取消或岗位已关闭（或其行有问题）", "the shift or its post is closed"),
    "reshuffled": (
        "为覆盖更多或更优先的班次而调整",
        "changed so that more or more urgent slots are covered",
    ),
    "added": ("新增安排", "newly assigned"),
}
KINDS = {"moved": ("调动", "moved"), "dropped": ("取消", "dropped"), "added": ("新增", "added")}


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
    pick = 0 if lang == "zh" else 1
    before, after = set(schedule.previous), set(schedule.assignments)
    new_by_day: dict[tuple[str, object], list[Assignment]] = {}
    for a in sorted(after - before, key=lambda a: (a.volunteer_id, a.shift_id)):
        day = roster.shift_by_id[a.shift_id].date
        new_by_day.setdefault((a.volunteer_id, day), []).append(a)
    changes = []
    for old in sorted(before - after, key=lambda a: (a.volunteer_id, a.shift_id)):
        reason = _why_dropped(old, eligibility, pick)
        shift = roster.shift_by_id.get(old.shift_id)
        destinations = new_by_day.get((old.volunteer_id, shift.date), []) if shift else []
        if destinations:
            new = destinations.pop(0)
            changes.append(Change("moved", old.volunteer_id, old.shift_id, new.shift_id, reason))
        else:
            changes.append(Change("dropped", old.volunteer_id, old.shift_id, "", reason))
    for waiting in new_by_day.values():
        for new in waiting:
            changes.append(
                Change("added", new.volunteer_id, "", new.shift_id, WORDS["added"][pick])
            )
    return ChangeSummary(len(before & after), tuple(changes))


def _why_dropped(old: Assignment, eligibility: Eligibility, pick: int) -> str:
    roster = eligibility.roster
    volunteer = roster.volunteer_by_id.get(old.volunteer_id)
    shift = roster.shift_by_id.get(old.shift_id)
    if volunteer is None:
        return WORDS["gone_volunteer"][pick]
    if shift is None:
        return WORDS["gone_shift"][pick]
    broken = eligibility.allows(volunteer, shift)
    if broken is not None:
        return RULE_WORDS[broken][pick]
    return WORDS["reshuffled"][pick]
