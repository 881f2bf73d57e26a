"""The planning problem in plain numbers: shifts, volunteers and the eligible pairs between them.

Built once from a roster with the eligibility rules; the greedy start, the CP-SAT model and the
explanations all read this, so "who may go here?" is answered in one place.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from itertools import repeat

import numpy as np

from scheduler.domain import Category, Post, Roster, RosterIssue, Shift, Volunteer
from scheduler.messages import msg
from scheduler.rules.between import Load
from scheduler.rules.catalogue import RULE
from scheduler.rules.eligibility import Eligibility


@dataclass(slots=True)
class Problem:
    roster: Roster
    eligibility: Eligibility
    shifts: list[Shift]
    volunteers: list[Volunteer]
    candidates: list[list[int]]  # per shift position: volunteer positions, roster order
    distance_km: dict[tuple[int, int], float] = field(default_factory=dict)  # offline pairs
    preferred: set[tuple[int, int]] = field(default_factory=set)  # (v, s) matching 服务意向
    shifts_of: dict[int, list[int]] = field(default_factory=dict)  # v -> its eligible shifts
    fixed: list[tuple[int, int]] = field(default_factory=list)  # kept whatever the objective
    fixed_issues: list[RosterIssue] = field(default_factory=list)  # fixed rows left out
    deferred: dict[int, int] = field(default_factory=dict)  # online s -> candidates not listed

    @property
    def pair_count(self) -> int:
        """The listed pairs: the model's assignment variables."""
        return sum(len(c) for c in self.candidates)

    @property
    def eligible_pairs(self) -> int:
        """Every eligible pair, listed or deferred."""
        return self.pair_count + sum(self.deferred.values())

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


def build_problem(
    roster: Roster, eligibility: Eligibility | None = None, *, defer_online: bool = False
) -> Problem:
    """Every volunteer-shift pair that passes every single-shift hard rule.

    ``defer_online`` leaves the candidates of online shifts unlisted (only counted, in
    ``Problem.deferred``): online posts are nearby for everyone, so in a city each would list
    tens of thousands of volunteers. ``scheduler.parts`` plans them last, from capped pools.
    """
    eligibility = eligibility or Eligibility(roster)
    shifts = sorted(roster.shifts, key=lambda s: (s.begins, s.shift_id))
    volunteers = list(roster.volunteers)
    position = {volunteer.volunteer_id: i for i, volunteer in enumerate(volunteers)}
    problem = Problem(roster, eligibility, shifts, volunteers, [])
    prefers = _preference_masks(volunteers)
    shifts_of: dict[int, list[int]] = defaultdict(list)
    for s, shift in enumerate(shifts):
        post = roster.post_by_id[shift.post_id]
        found = eligibility.candidate_positions(shift)
        if defer_online and post.online:
            problem.candidates.append([])
            problem.deferred[s] = len(found)
            continue
        chosen = found.tolist()
        problem.candidates.append(chosen)
        for v in chosen:
            shifts_of[v].append(s)
        if not post.online:
            kms = eligibility.distances(found, post)
            known = ~np.isnan(kms)
            problem.distance_km.update(
                zip(zip(found[known].tolist(), repeat(s)), kms[known].tolist(), strict=True)
            )
        liked = found[prefers[post.category][found]] if post.category in prefers else found[:0]
        problem.preferred.update(zip(liked.tolist(), repeat(s)))
    problem.shifts_of = dict(shifts_of)
    _check_fixed(problem, position)
    return problem


def _preference_masks(volunteers: list[Volunteer]) -> dict[Category, np.ndarray]:
    """Per category, which volunteers named it in 服务意向."""
    masks: dict[Category, np.ndarray] = {}
    for i, volunteer in enumerate(volunteers):
        for category in volunteer.preferences:
            if category not in masks:
                masks[category] = np.zeros(len(volunteers), dtype=bool)
            masks[category][i] = True
    return masks


def _check_fixed(problem: Problem, position: dict[str, int]) -> None:
    """Keep each fixed assignment that breaks no hard rule, in sheet order; explain the others."""
    roster = problem.roster
    shift_position = {shift.shift_id: s for s, shift in enumerate(problem.shifts)}
    load, given = Load(roster), defaultdict(int)
    for fixed in roster.fixed:
        volunteer = roster.volunteer_by_id.get(fixed.volunteer_id)
        shift = roster.shift_by_id.get(fixed.shift_id)
        if volunteer is None:
            why = msg("reason.fixed.unknown_volunteer", volunteer=fixed.volunteer_id)
        elif shift is None:
            why = msg("reason.fixed.unknown_shift", shift=fixed.shift_id)
        elif (
            broken := problem.eligibility.allows(volunteer, shift)
            or load.broken_rule(volunteer, shift)
        ) is not None:
            rule = RULE[broken].broken(roster, volunteer, shift)
            why = msg("reason.fixed.rule", volunteer=volunteer.volunteer_id, rule=rule)
        elif given[shift.shift_id] >= shift.required:
            why = msg("reason.fixed.full", shift=shift.shift_id, required=shift.required)
        else:
            load.add(volunteer, shift)
            given[shift.shift_id] += 1
            problem.fixed.append((position[volunteer.volunteer_id], shift_position[shift.shift_id]))
            continue
        problem.fixed_issues.append(
            RosterIssue(
                fixed.sheet,
                fixed.row,
                _assignment_columns(fixed.sheet),
                f"{fixed.volunteer_id} → {fixed.shift_id}",
                msg("reason.fixed.left_out", why=why),
            )
        )


def _assignment_columns(sheet: str) -> str:
    """The Fixed sheet's columns that make an assignment, in the language of its sheet name."""
    chinese = any("\u4e00" <= char <= "\u9fff" for char in sheet)
    return "志愿者编号 / 班次编号" if chinese else "volunteer_id / shift_id"
