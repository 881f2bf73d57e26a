"""Why a shift stayed short and why a volunteer got nothing, in the coordinator's language.

The reasons come from the same rule functions the model uses (``Eligibility.funnel`` and
``Eligibility.allows``), so what the schedule says about a gap is what the model actually saw.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from scheduler.domain import Roster, Schedule, Shift, Volunteer, clock
from scheduler.eligibility import Eligibility
from scheduler.roster.values import skill_label

# Rule key -> (zh, en) wording of "N volunteers pass it"; {n} is the count after the rule.
PASS_WORDS = {
    "nearby": (
        "{n} 名志愿者住在附近（同社区或 {km:g} 公里内）",
        "{n} volunteers live nearby (same community or within {km:g} km)",
    ),
    "healthy": ("其中 {n} 名健康", "{n} of them are healthy"),
    "general_training": ("其中 {n} 名通过通用培训", "{n} passed the general training"),
    "post_training": (
        "其中 {n} 名通过{category}岗位培训",
        "{n} passed the {category} post training",
    ),
    "qualified": ("其中 {n} 名具备{skills}资质", "{n} hold {skills}"),
    "insured": ("其中 {n} 名有意外保险（高风险岗位）", "{n} are insured (high-risk post)"),
    "available": ("其中 {n} 名在 {start}-{end} 有空", "{n} are available {start}-{end}"),
    "daily_cap": ("其中 {n} 名每日可服务满 {hours:g} 小时", "{n} may serve {hours:g} h in a day"),
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
TAKEN_WORDS = (
    "{n} 名符合条件的志愿者中 {busy} 名已安排在同时段或已满当日时长（{where}）；"
    "请招募更多志愿者或调整优先级",
    "{busy} of {n} eligible volunteers already serve at the same time or are at their daily cap "
    "({where}); recruit more or change priorities",
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

    @property
    def shortfall(self) -> int:
        return self.shift.required - self.assigned


class Explainer:
    def __init__(self, schedule: Schedule, lang: str, eligibility: Eligibility | None = None):
        self.schedule, self.lang = schedule, lang
        self.roster: Roster = schedule.roster
        self.eligibility = eligibility or Eligibility(self.roster)
        self.assigned = Counter(a.shift_id for a in schedule.assignments)
        self.busy_with: dict[str, list[str]] = {}
        self.serving: dict[str, set[str]] = {}
        for a in schedule.assignments:
            self.busy_with.setdefault(a.volunteer_id, []).append(a.shift_id)
            self.serving.setdefault(a.shift_id, set()).add(a.volunteer_id)
        self._nearby_shifts: dict[str, list[Shift]] | None = None

    def shortfalls(self) -> list[Shortfall]:
        return [
            Shortfall(shift, self.assigned[shift.shift_id], self.shift_reason(shift))
            for shift in sorted(self.roster.shifts, key=lambda s: (s.begins, s.shift_id))
            if self.assigned[shift.shift_id] < shift.required
        ]

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

    def shift_reason(self, shift: Shift) -> str:
        """The binding rule with the funnel's counts, and what would fix it."""
        short = shift.required - self.assigned[shift.shift_id]
        context = self._context(shift)
        funnel = self.eligibility.funnel(shift)
        head = _pick(SHORT_WORDS, self.lang).format(k=short)
        eligible = funnel[-1][1]
        if eligible >= shift.required:
            return head + self._taken_reason(shift, eligible)
        steps, binding = [], funnel[-1][0]
        for key, count in funnel:
            steps.append(_pick(PASS_WORDS[key], self.lang).format(n=count, **context))
            if count < shift.required:
                binding = key
                break
        separator = "，" if self.lang == "zh" else ", "
        fix = _pick(FIX_WORDS[binding], self.lang).format(k=short, **context)
        end = "；" if self.lang == "zh" else "; "
        return head + separator.join(steps) + end + fix

    def _taken_reason(self, shift: Shift, eligible: int) -> str:
        candidates = self.eligibility.candidates(shift)
        on_shift = self.serving.get(shift.shift_id, set())
        elsewhere = Counter()
        for volunteer in candidates:
            if volunteer.volunteer_id in on_shift:
                continue
            for other in self.busy_with.get(volunteer.volunteer_id, ()):
                other_shift = self.roster.shift_by_id[other]
                if other_shift.date == shift.date:
                    elsewhere[other_shift.post_id] += 1
        busy = sum(
            1
            for v in candidates
            if v.volunteer_id not in on_shift and self.busy_with.get(v.volunteer_id)
        )
        where = "、".join(
            f"{self.roster.post_by_id[p].name} {n}" for p, n in elsewhere.most_common(3)
        )
        return _pick(TAKEN_WORDS, self.lang).format(n=eligible, busy=busy, where=where or "-")

    def nearby_shifts(self, volunteer: Volunteer) -> list[Shift]:
        """Shifts of posts near the volunteer's home (an index built once over all posts)."""
        if self._nearby_shifts is None:
            by_post: dict[str, list[Shift]] = {}
            for shift in self.roster.shifts:
                by_post.setdefault(shift.post_id, []).append(shift)
            self._nearby_shifts = {}
            for post in self.roster.posts:
                for near in self.eligibility.nearby_volunteers(post):
                    self._nearby_shifts.setdefault(near.volunteer_id, []).extend(
                        by_post.get(post.post_id, ())
                    )
        return self._nearby_shifts.get(volunteer.volunteer_id, [])

    def idle_reason(self, volunteer: Volunteer) -> str:
        """Why a volunteer has no shift: the rule that stopped them on the most promising shift."""
        if not self.roster.shifts:
            return _pick(IDLE_WORDS["no_shifts"], self.lang)
        shifts = self.nearby_shifts(volunteer)
        if not shifts:
            return _pick(IDLE_WORDS["nearby"], self.lang)
        order = [key for key in PASS_WORDS]
        furthest, eligible = 0, 0
        for shift in shifts:
            broken = self.eligibility.allows(volunteer, shift)
            if broken is None:
                eligible += 1
            else:
                furthest = max(furthest, order.index(broken))
        if eligible:
            return _pick(IDLE_WORDS["full"], self.lang).format(n=eligible)
        return _pick(IDLE_WORDS[order[furthest]], self.lang)

    def rejected_reason(self, reason: str) -> str:
        return _pick(IDLE_WORDS["rejected"], self.lang).format(reason=reason)
