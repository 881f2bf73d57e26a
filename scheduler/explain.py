"""Why a shift stayed short, why a volunteer got nothing, and who could stand in.

The reasons come from the same rule functions the model uses: ``Eligibility.funnel`` and
``Eligibility.allows`` for the single-shift rules, ``Load.broken_rule`` for the rules between
shifts (overlap, rest gap, daily cap, days in a row, weekly hours). So what the schedule says about
a gap is what the model actually saw, and the standby list never names someone who would break a
rule by stepping in.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from functools import cached_property

import numpy as np

from scheduler.domain import Post, Roster, Schedule, Shift, Volunteer, clock
from scheduler.roster.values import skill_label
from scheduler.rules.between import Load
from scheduler.rules.eligibility import Eligibility
from scheduler.rules.single import (
    fits_daily_cap,
    has_general_training,
    has_post_training,
    is_available,
    is_healthy,
    is_insured_if_needed,
    is_qualified,
)

# Funnel step -> (zh, en) short label and the sentence used when the step is the binding one.
STEP_WORDS = {
    "nearby": ("附近", "nearby"),
    "healthy": ("健康", "healthy"),
    "general_training": ("通用培训", "general training"),
    "post_training": ("岗位培训", "post training"),
    "qualified": ("资质", "qualified"),
    "insured": ("保险", "insured"),
    "available": ("时段", "available"),
    "daily_cap": ("时长", "long enough day"),
    "free": ("空闲", "free"),
}
BINDING_WORDS = {
    "nearby": (
        "附近（同社区或 {km:g} 公里内）只有 {n} 名志愿者",
        "only {n} volunteers live nearby (same community or within {km:g} km)",
    ),
    "healthy": ("附近志愿者中只有 {n} 名健康", "only {n} of those nearby are healthy"),
    "general_training": (
        "附近只有 {n} 名通过通用培训",
        "only {n} nearby passed the general training",
    ),
    "post_training": (
        "附近只有 {n} 名通过{category}岗位培训",
        "only {n} nearby passed the {category} post training",
    ),
    "qualified": ("附近只有 {n} 名具备{skills}资质", "only {n} nearby hold {skills}"),
    "insured": (
        "附近只有 {n} 名符合条件者有意外保险（高风险岗位）",
        "only {n} qualified nearby are insured (high-risk post)",
    ),
    "available": (
        "只有 {n} 名符合条件者在 {start}-{end} 有空",
        "only {n} qualified are available {start}-{end}",
    ),
    "daily_cap": (
        "只有 {n} 名符合条件者每日可服务 {hours:g} 小时",
        "only {n} qualified may serve {hours:g} h in a day",
    ),
}
FIX_WORDS = {
    "nearby": ("请在{community}附近招募 {k} 名志愿者", "recruit {k} volunteers near {community}"),
    "healthy": ("请招募 {k} 名健康志愿者替补", "recruit {k} healthy volunteers as replacements"),
    "general_training": (
        "请安排附近 {k} 名志愿者参加通用培训",
        "give the general training to {k} more volunteers nearby",
    ),
    "post_training": (
        "请为附近 {k} 名志愿者安排{category}岗位培训",
        "give the {category} post training to {k} more volunteers nearby",
    ),
    "qualified": (
        "请在{community}附近招募 {k} 名具备{skills}资质的志愿者",
        "recruit {k} volunteers with {skills} near {community}",
    ),
    "insured": ("请为附近 {k} 名志愿者办理意外保险", "insure {k} more volunteers nearby"),
    "available": (
        "请联系 {k} 名志愿者在 {start}-{end} 服务",
        "ask {k} more volunteers to be available {start}-{end}",
    ),
    "daily_cap": ("请缩短或拆分该班次", "shorten or split the shift"),
}
SHORT_WORDS = ("缺 {k} 人：", "{k} short: ")
ENOUGH_SHIFTS = 10  # an idle volunteer eligible for this many shifts is "10+": counting on is waste
BUSY_WORDS = {
    "overlap": ("名同时段已在岗", "serve elsewhere at that time"),
    "daily_cap": ("名当日时长已满", "are at their daily maximum"),
    "days_in_row": ("名连续服务天数已达上限", "reached max_days_in_row"),
    "weekly_hours": ("名7天内服务时长已满", "reached max_hours_per_week"),
}
TAKEN_WORDS = (
    "符合条件的 {n} 名志愿者中 {busy}{where}；请招募更多志愿者、延长其服务时段或调整岗位优先级",
    "of {n} eligible volunteers, {busy}{where}; recruit more, ask some to extend their hours, "
    "or change post priorities",
)
FREE_WORDS = (
    "仍有 {free} 名符合条件的志愿者空闲，求解在时限内未用上；请延长 --time-limit",
    "{free} eligible volunteers are still free: the solver stopped before using them; "
    "raise --time-limit",
)
IDLE_WORDS = {
    "rejected": ("该行有问题，未参与排班：{reason}", "row problem, left out of planning: {reason}"),
    "nearby": ("附近没有岗位", "no post near home"),
    "healthy": ("健康状况异常，不安排上岗", "not healthy: not put on duty"),
    "general_training": ("未通过通用培训", "general training not passed"),
    "post_training": ("未通过附近岗位所需的岗位培训", "no post training for the posts nearby"),
    "qualified": ("附近岗位所需资质不符", "lacks the skills the posts nearby need"),
    "insured": (
        "附近岗位为高风险岗位，需意外保险",
        "posts nearby are high-risk and need insurance",
    ),
    "available": ("可服务时段内没有附近岗位的班次", "not available when the posts nearby run"),
    "daily_cap": ("每日最多小时少于附近班次时长", "daily maximum shorter than the shifts nearby"),
    "no_shifts": ("没有班次", "there are no shifts"),
    "full": (
        "可以上 {n} 个班次，但都已由他人补满",
        "eligible for {n} shifts, all filled by others",
    ),
}


def _pick(words: tuple[str, str], lang: str) -> str:
    return words[0] if lang == "zh" else words[1]


@dataclass(frozen=True, slots=True)
class Shortfall:
    shift: Shift
    assigned: int
    reason: str
    binding: str  # the funnel step that left too few: a rule key, or "taken" / "free"

    @property
    def shortfall(self) -> int:
        return self.shift.required - self.assigned


@dataclass(frozen=True, slots=True)
class Standby:
    """A volunteer who could step into a shift without breaking any rule, and why they rank."""

    shift: Shift
    rank: int
    volunteer: Volunteer
    distance_km: float | None
    preferred: bool
    hours: float


class Explainer:
    def __init__(self, schedule: Schedule, lang: str, eligibility: Eligibility | None = None):
        self.schedule, self.lang = schedule, lang
        self.roster: Roster = schedule.roster
        self.eligibility = eligibility or Eligibility(self.roster)
        self.assigned = Counter(a.shift_id for a in schedule.assignments)
        self.serving: dict[str, set[str]] = {}
        for a in schedule.assignments:
            self.serving.setdefault(a.shift_id, set()).add(a.volunteer_id)

    @cached_property
    def load(self) -> Load:
        """Every volunteer's assigned shifts, to test who could still take one more."""
        load = Load(self.roster)
        for a in self.schedule.assignments:
            load.add(
                self.roster.volunteer_by_id[a.volunteer_id], self.roster.shift_by_id[a.shift_id]
            )
        return load

    def shortfalls(self) -> list[Shortfall]:
        found = []
        for shift in sorted(self.roster.shifts, key=lambda s: (s.begins, s.shift_id)):
            if self.assigned[shift.shift_id] < shift.required:
                binding, reason = self.shift_reason(shift)
                found.append(Shortfall(shift, self.assigned[shift.shift_id], reason, binding))
        return found

    def _context(self, shift: Shift) -> dict:
        post = self.roster.post_by_id[shift.post_id]
        skills = "/".join(sorted(skill_label(code, self.lang) for code in post.accepted_skills))
        return dict(
            km=self.roster.settings.max_distance_km,
            category=post.category.label(self.lang),
            skills=skills,
            start=clock(shift.start),
            end=clock(shift.end),
            hours=shift.hours,
            community=post.community or ("线上" if self.lang == "zh" else "online"),
        )

    def shift_reason(self, shift: Shift) -> tuple[str, str]:
        """(binding step, text): the rule that left too few, with the funnel's counts and a fix."""
        short = shift.required - self.assigned[shift.shift_id]
        context = self._context(shift)
        funnel = self.eligibility.funnel(shift)
        head = _pick(SHORT_WORDS, self.lang).format(k=short)
        if funnel[-1][1] >= shift.required:
            binding, text = self._taken_reason(shift, funnel[-1][1])
            return binding, head + text + self._funnel_text(funnel)
        binding, count = next((key, n) for key, n in funnel if n < shift.required)
        end = "；" if self.lang == "zh" else "; "
        text = _pick(BINDING_WORDS[binding], self.lang).format(n=count, **context)
        fix = _pick(FIX_WORDS[binding], self.lang).format(k=short, **context)
        return binding, head + text + end + fix + self._funnel_text(funnel)

    def _funnel_text(self, funnel: list[tuple[str, int]]) -> str:
        steps = " → ".join(f"{_pick(STEP_WORDS[key], self.lang)} {n}" for key, n in funnel)
        return f"（{steps}）" if self.lang == "zh" else f" ({steps})"

    def _taken_reason(self, shift: Shift, eligible: int) -> tuple[str, str]:
        """Enough volunteers pass every single-shift rule: say what keeps the others away now."""
        on_shift = self.serving.get(shift.shift_id, set())
        kinds: Counter = Counter()
        where: Counter = Counter()
        for volunteer in self.eligibility.candidates(shift):
            if volunteer.volunteer_id in on_shift:
                continue
            broken = self.load.broken_rule(volunteer, shift)
            kinds[broken] += 1
            if broken == "overlap":
                for other in self.load.taken[volunteer.volunteer_id]:
                    if other.begins < shift.ends and shift.begins < other.ends:
                        where[other.post_id] += 1
                        break
        if kinds[None]:
            return "free", _pick(FREE_WORDS, self.lang).format(free=kinds[None])
        separator = "，" if self.lang == "zh" else ", "
        busy = separator.join(
            f"{n}{'' if self.lang == 'zh' else ' '}{_pick(BUSY_WORDS[key], self.lang)}"
            for key, n in kinds.most_common()
        )
        return "taken", _pick(TAKEN_WORDS, self.lang).format(
            n=eligible, busy=busy, where=self._where(where)
        )

    def _where(self, where: Counter) -> str:
        """The posts that took the candidates, highest priority first."""
        if not where:
            return ""
        posts = sorted(where, key=lambda p: (-self.roster.post_by_id[p].priority, -where[p], p))
        items = []
        for post_id in posts[:3]:
            post = self.roster.post_by_id[post_id]
            label = "优先级" if self.lang == "zh" else "priority"
            items.append(
                f"{post.name} {post_id}（{label} {post.priority}）×{where[post_id]}"
                if self.lang == "zh"
                else f"{post.name} {post_id} ({label} {post.priority}) ×{where[post_id]}"
            )
        return ("：" if self.lang == "zh" else ": ") + "、".join(items)

    @cached_property
    def _shifts_by_post(self) -> dict[str, list[Shift]]:
        by_post: dict[str, list[Shift]] = {}
        for shift in self.roster.shifts:
            by_post.setdefault(shift.post_id, []).append(shift)
        return by_post

    @cached_property
    def _nearby_posts(self) -> dict[str, list[Post]]:
        """Offline posts with shifts near each volunteer's home, from the nearby index once per
        post (online posts are near everyone and are not stored per volunteer)."""
        index: dict[str, list[Post]] = {}
        for post in self.roster.posts:
            if not post.online and post.post_id in self._shifts_by_post:
                for near in self.eligibility.nearby_volunteers(post):
                    index.setdefault(near.volunteer_id, []).append(post)
        return index

    @cached_property
    def _online_posts(self) -> list[Post]:
        return [p for p in self.roster.posts if p.online and p.post_id in self._shifts_by_post]

    def idle_reason(self, volunteer: Volunteer) -> str:
        """Why a volunteer has no shift: the furthest funnel step they reach on any shift near
        them, or, when some shift would take them, that those shifts were filled by others.

        The same rule functions as the funnel, applied in its order but grouped so each
        volunteer-only rule is tested once and each post rule once per post, not per shift."""
        if not self.roster.shifts:
            return _pick(IDLE_WORDS["no_shifts"], self.lang)
        posts = self._nearby_posts.get(volunteer.volunteer_id, []) + self._online_posts
        if not posts:
            return _pick(IDLE_WORDS["nearby"], self.lang)
        for key, rule in (("healthy", is_healthy), ("general_training", has_general_training)):
            if not rule(volunteer):
                return _pick(IDLE_WORDS[key], self.lang)
        order = list(BINDING_WORDS)
        furthest, eligible = order.index("post_training"), 0
        training = self.roster.settings.require_post_training
        cap = self.roster.daily_cap_minutes(volunteer)
        for post, shifts in self._post_groups(posts):
            post_steps = (
                ("post_training", has_post_training(volunteer, post, training)),
                ("qualified", is_qualified(volunteer, post)),
                ("insured", is_insured_if_needed(volunteer, post)),
            )
            broken = next((key for key, passed in post_steps if not passed), None)
            if broken is not None:
                furthest = max(furthest, order.index(broken))
                continue
            for shift in shifts:
                if not self._available(volunteer, shift):
                    furthest = max(furthest, order.index("available"))
                elif not fits_daily_cap(volunteer, shift, cap):
                    furthest = max(furthest, order.index("daily_cap"))
                else:
                    eligible += 1
            if eligible >= ENOUGH_SHIFTS:
                break
        if eligible:
            shown = f"{ENOUGH_SHIFTS}+" if eligible >= ENOUGH_SHIFTS else str(eligible)
            return _pick(IDLE_WORDS["full"], self.lang).format(n=shown)
        return _pick(IDLE_WORDS[order[furthest]], self.lang)

    def _post_groups(self, posts: list[Post]):
        """(a representative post, all their shifts) for posts alike in every post rule
        (category, accepted skills, risk): the rules then run once per group, not per post."""
        groups: dict[tuple, tuple[Post, list[Shift]]] = {}
        for post in posts:
            key = (post.category, post.accepted_skills, post.high_risk)
            if key not in groups:
                groups[key] = (post, [])
            groups[key][1].extend(self._shifts_by_post[post.post_id])
        return groups.values()

    def _available(self, volunteer: Volunteer, shift: Shift) -> bool:
        """``is_available``, remembered per availability pattern and shift time: thousands of
        volunteers share a handful of patterns."""
        key = (
            volunteer.availability,
            volunteer.dated_availability,
            shift.date,
            shift.start,
            shift.end,
        )
        cache = self._availability_cache
        if key not in cache:
            cache[key] = is_available(volunteer, shift)
        return cache[key]

    @cached_property
    def _availability_cache(self) -> dict:
        return {}

    def rejected_reason(self, reason: str) -> str:
        return _pick(IDLE_WORDS["rejected"], self.lang).format(reason=reason)

    def standby(self, shift: Shift, size: int) -> list[Standby]:
        """Up to ``size`` volunteers not on the shift who could take it without breaking any rule
        given what they already serve; nearest first, then preference, then fewest hours.

        Candidates are ranked with numpy (an online shift of a city has tens of thousands) and
        the rules between shifts are tested lazily, best first, until ``size`` are found."""
        on_shift = self.serving.get(shift.shift_id, set())
        post = self.roster.post_by_id[shift.post_id]
        positions = self.eligibility.candidate_positions(shift)
        if post.online:
            km = np.zeros(len(positions))
        else:
            km = np.nan_to_num(self.eligibility.distances(positions, post), nan=0.0)
        order = np.lexsort(
            (
                positions,
                self._hours[positions],
                ~self._prefers(post.category)[positions],
                np.round(km, 3),
            )
        )
        found = []
        for k in order:
            if len(found) == size:
                break
            volunteer = self.roster.volunteers[positions[k]]
            if volunteer.volunteer_id in on_shift:
                continue
            if self.load.broken_rule(volunteer, shift) is None:
                distance = None if post.online else self.eligibility.distance(volunteer, post)
                found.append(
                    Standby(
                        shift,
                        len(found) + 1,
                        volunteer,
                        distance,
                        post.category in volunteer.preferences,
                        float(self._hours[positions[k]]),
                    )
                )
        return found

    @cached_property
    def _hours(self) -> np.ndarray:
        """Hours already served, by roster position."""
        position = {v.volunteer_id: i for i, v in enumerate(self.roster.volunteers)}
        hours = np.zeros(len(self.roster.volunteers))
        for a in self.schedule.assignments:
            hours[position[a.volunteer_id]] += self.roster.shift_by_id[a.shift_id].hours
        return hours

    def _prefers(self, category) -> np.ndarray:
        """Whether each volunteer (by roster position) named this category in 服务意向."""
        cache = self.__dict__.setdefault("_prefers_cache", {})
        if category not in cache:
            cache[category] = np.array(
                [category in v.preferences for v in self.roster.volunteers], dtype=bool
            )
        return cache[category]
