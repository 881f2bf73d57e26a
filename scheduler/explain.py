"""Why a shift stayed short, why a volunteer got nothing, and who could stand in.

The reasons come from the rule records of ``scheduler.rules.catalogue``, the same the model uses:
``Eligibility.funnel`` and the records' checks for the single-shift rules, ``Load.broken_rule`` for
the rules between shifts (overlap, rest gap, daily cap, days in a row, weekly hours); their words
are the records' message keys, rendered in the Explainer's language. So what the schedule says about
a gap is what the model actually saw, and the standby list never names someone who would break a
rule by stepping in.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from functools import cached_property

import numpy as np

from scheduler.domain import Post, Roster, Schedule, Shift, Volunteer, clock
from scheduler.messages import Message, msg, say
from scheduler.rules.between import Load
from scheduler.rules.catalogue import (
    FUNNEL,
    RULE,
    RuleKey,
    Scope,
    hours,
    place_words,
    scoped,
    skills_words,
)
from scheduler.rules.eligibility import Eligibility

ENOUGH_SHIFTS = 10  # an idle volunteer eligible for this many shifts is "10+": counting on is waste
SHOWN_POSTS = 3  # a short shift names this many of the posts that took its candidates
COUNTED_AT_ONCE = 4_000_000  # candidate positions concatenated per count (32 MB)


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


def _first_broken(steps, volunteer: Volunteer) -> RuleKey | None:
    """The first of these bound rules (funnel order) the volunteer breaks, or None."""
    for step in steps:
        if not step.test(volunteer):
            return step.key
    return None


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
        return dict(
            km=self.roster.settings.max_distance_km,
            category=post.category,
            skills=skills_words(post.accepted_skills),
            start=clock(shift.start),
            end=clock(shift.end),
            hours=hours(shift.minutes),
            place=place_words(post.community),
        )

    def shift_reason(self, shift: Shift) -> tuple[str, str]:
        """(binding step, text): the rule that left too few, with the funnel's counts and a fix.

        Short, because it stands on every row of the Unfilled sheet: the count short is in the
        column beside it and the advice that fits every gap (recruit, extend hours, priorities)
        is said once above the table, so the text keeps only what is particular to this shift."""
        short = shift.required - self.assigned[shift.shift_id]
        funnel = self.eligibility.funnel(shift)
        if funnel[-1][1] >= shift.required:
            binding, why = self._taken_reason(shift, funnel[-1][1])
        else:
            binding, count = next((key, n) for key, n in funnel if n < shift.required)
            rule, context = RULE[binding], self._context(shift)
            why = msg(
                "reason.binding",
                few=msg(rule.few, n=count, **context),
                fix=msg(rule.fix, k=short, **context),
            )
        funnel_text = say("reason.funnel", self.lang, steps=self._steps(funnel))
        return binding, say("reason.short", self.lang, why=why, funnel=funnel_text)

    def _steps(self, funnel: list[tuple[RuleKey, int]]) -> str:
        """The funnel's counts: the first step, then each rule that left fewer than the one
        before (a rule everybody passes adds a number and says nothing)."""
        kept = [step for i, step in enumerate(funnel) if i == 0 or step[1] < funnel[i - 1][1]]
        return " → ".join(
            say("reason.funnel.step", self.lang, label=msg(RULE[key].step), n=n) for key, n in kept
        )

    def _taken_reason(self, shift: Shift, eligible: int) -> tuple[str, Message]:
        """Enough volunteers pass every single-shift rule: say what keeps the others away now."""
        on_shift = self.serving.get(shift.shift_id, set())
        kinds: Counter = Counter()
        where: Counter = Counter()
        for volunteer in self.eligibility.candidates(shift):
            if volunteer.volunteer_id in on_shift:
                continue
            broken = self.load.broken_rule(volunteer, shift)
            kinds[broken] += 1
            if broken == RuleKey.overlap:
                for other in self.load.taken[volunteer.volunteer_id]:
                    if other.begins < shift.ends and shift.begins < other.ends:
                        where[other.post_id] += 1
                        break
        if kinds[None]:
            return "free", msg("reason.free", free=kinds[None])
        # the busy at another post last, so the posts that took them close the sentence
        order = sorted(kinds.most_common(), key=lambda item: item[0] == RuleKey.overlap)
        busy = [
            msg(RULE[key].busy, n=n, where=self._where(where) if key == RuleKey.overlap else "")
            for key, n in order
        ]
        return "taken", msg("reason.taken", n=eligible, busy=busy)

    def _where(self, where: Counter) -> Message | str:
        """The posts that took the candidates, highest priority first: the first three, and how
        many posts in all when there are more."""
        if not where:
            return ""
        posts = sorted(where, key=lambda p: (-self.roster.post_by_id[p].priority, -where[p], p))
        items = []
        for post_id in posts[:SHOWN_POSTS]:
            post = self.roster.post_by_id[post_id]
            items.append(
                msg(
                    "reason.taken.post",
                    name=post.name,
                    post=post_id,
                    priority=post.priority,
                    n=where[post_id],
                )
            )
        if len(posts) > SHOWN_POSTS:
            return msg("reason.taken.where_more", posts=items, n=len(posts))
        return msg("reason.taken.where", posts=items)

    @cached_property
    def _shifts_by_post(self) -> dict[str, list[Shift]]:
        by_post: dict[str, list[Shift]] = {}
        for shift in self.roster.shifts:
            by_post.setdefault(shift.post_id, []).append(shift)
        return by_post

    @cached_property
    def _nearby_posts(self) -> dict[int, list[Post]]:
        """Offline posts with shifts near the home of each volunteer eligible for no shift (by
        roster position; the others' reason needs no post), from the nearby index once per post
        (online posts are near everyone and are not stored per volunteer)."""
        index: dict[int, list[Post]] = {}
        unplaced = self._eligible_shifts == 0
        for post in self.roster.posts:
            if not post.online and post.post_id in self._shifts_by_post:
                near = self.eligibility.nearby_positions(post)
                for position in near[unplaced[near]].tolist():
                    index.setdefault(position, []).append(post)
        return index

    @cached_property
    def _online_posts(self) -> list[Post]:
        return [p for p in self.roster.posts if p.online and p.post_id in self._shifts_by_post]

    def idle_reason(self, volunteer: Volunteer) -> str:
        """Why a volunteer has no shift: the furthest funnel step they reach on any shift near
        them, or, when some shift would take them, that those shifts were filled by others.

        Whether some shift would take them comes from every shift's candidates, counted once
        for everybody (``_eligible_shifts``). For the others, the rules of the catalogue in
        funnel order, grouped by what they read: each rule of the volunteer alone is tested once,
        the post rules once per kind of post and static profile, the shift rules once per post
        and time profile (``Eligibility.profile_ids``), never once per volunteer and shift; the
        rules are those ``Eligibility`` bound once per post and per shift."""
        if not self.roster.shifts:
            return say("reason.idle.no_shifts", self.lang)
        position = self._positions[volunteer.volunteer_id]
        eligible = int(self._eligible_shifts[position])
        if eligible:
            held = self._held_back(volunteer, position)
            if held is not None:
                return self._said(f"reason.idle.{held}")
            return self._filled_by_others(min(eligible, ENOUGH_SHIFTS))
        posts = self._nearby_posts.get(position, [])
        if not posts and not self._online_posts:
            return self._said(RULE[RuleKey.nearby].idle)
        for rule in scoped(Scope.volunteer):
            if not rule.passes(self.eligibility, volunteer, None, None):
                return self._said(rule.idle)
        static_ids, time_ids = self.eligibility.profile_ids()
        profile = (int(static_ids[position]), int(time_ids[position]))
        furthest = max(
            scoped(Scope.post)[0].funnel_place,
            self._online_furthest(volunteer, profile),
            *(self._furthest(post, volunteer, profile) for post in posts),
        )
        return self._said(FUNNEL[furthest].idle)

    def _online_furthest(self, volunteer: Volunteer, profile: tuple[int, int]) -> int:
        """The furthest funnel place on the online posts: their post rules once per static
        profile, then their shifts once per time profile and set of online posts kept (a city
        has 170 online posts and tens of thousands of pairs of profiles, but few such sets)."""
        static, timing = profile
        by_static = self.__dict__.setdefault("_online_kept", {})
        if static not in by_static:
            broken = [0]
            kept = []
            for post in self._online_posts:
                rule = self._post_broken(post, volunteer, static)
                if rule is None:
                    kept.append(post)
                else:
                    broken.append(RULE[rule].funnel_place)
            by_static[static] = (max(broken), tuple(kept))
        broken_place, kept = by_static[static]
        reached = self.__dict__.setdefault("_online_reached", {})
        key = (tuple(post.post_id for post in kept), timing)
        if key not in reached:
            places = (self._shifts_furthest(post, volunteer, timing) for post in kept)
            reached[key] = max(places, default=0)
        return max(broken_place, reached[key])

    def _furthest(self, post: Post, volunteer: Volunteer, profile: tuple[int, int]) -> int:
        """The furthest funnel place a volunteer of these (static, time) profiles reaches on the
        post's shifts."""
        static, timing = profile
        broken = self._post_broken(post, volunteer, static)
        if broken is not None:
            return RULE[broken].funnel_place
        return self._shifts_furthest(post, volunteer, timing)

    def _post_broken(self, post: Post, volunteer: Volunteer, static: int) -> RuleKey | None:
        """The first post rule broken, once per kind of post and static profile (the
        volunteer's own rules come first and pass again)."""
        kept = self.__dict__.setdefault("_post_kept", {})
        kind = (post.category, post.accepted_skills, post.high_risk, static)
        if kind not in kept:
            steps = self._bound(("post", post.post_id), post, self.eligibility.post_rules)
            kept[kind] = _first_broken(steps, volunteer)
        return kept[kind]

    def _shifts_furthest(self, post: Post, volunteer: Volunteer, timing: int) -> int:
        """The furthest place on the post's shifts for one whose post rules pass: its shifts'
        rules once per post and time profile."""
        reached = self.__dict__.setdefault("_shift_reached", {})
        if (post.post_id, timing) not in reached:
            places = [0]
            for shift in self._shifts_by_post[post.post_id]:
                steps = self._bound(("shift", shift.shift_id), shift, self.eligibility.shift_rules)
                broken = _first_broken(steps, volunteer)
                if broken is not None:
                    places.append(RULE[broken].funnel_place)
            reached[post.post_id, timing] = max(places)
        return reached[post.post_id, timing]

    def _said(self, key: str) -> str:
        """A sentence without blanks, rendered once."""
        said = self.__dict__.setdefault("_said_once", {})
        if key not in said:
            said[key] = say(key, self.lang)
        return said[key]

    @cached_property
    def _eligible_shifts(self) -> np.ndarray:
        """For each volunteer (by roster position), the shifts they pass every single-shift rule
        for, counted from each shift's candidates at once: an idle volunteer with one was left
        out because others filled them, and only the rest need the rules walked one by one."""
        counts = np.zeros(len(self.roster.volunteers), dtype=np.int64)
        batch: list[np.ndarray] = []
        held = 0
        for shift in self.roster.shifts:
            positions = self.eligibility.candidate_positions(shift)
            batch.append(positions)
            held += len(positions)
            if held >= COUNTED_AT_ONCE:
                counts += np.bincount(np.concatenate(batch), minlength=len(counts))
                batch, held = [], 0
        if batch:
            counts += np.bincount(np.concatenate(batch), minlength=len(counts))
        return counts

    def _held_back(self, volunteer: Volunteer, position: int) -> RuleKey | None:
        """The rule between shifts that keeps an idle volunteer off every shift they are
        eligible for, or None when some shift would still take them. With nothing assigned,
        only the days and hours served before the roster (``--history``) can: the rules of
        days in a row and weekly hours, as ``Load`` (and so the model) applies them."""
        if not self.roster.served_minutes(volunteer.volunteer_id):
            return None
        kinds: Counter = Counter()
        for shift in self._shifts_of[position]:
            broken = self.load.broken_rule(volunteer, shift)
            if broken is None:
                return None
            kinds[broken] += 1
        held = kinds.most_common(1)[0][0] if kinds else None
        return held if held in (RuleKey.days_in_row, RuleKey.weekly_hours) else None

    @cached_property
    def _shifts_of(self) -> dict[int, list[Shift]]:
        """Each volunteer's eligible shifts, by roster position (asked only with a history)."""
        found: dict[int, list[Shift]] = {}
        for shift in self.roster.shifts:
            for position in self.eligibility.candidate_positions(shift).tolist():
                found.setdefault(position, []).append(shift)
        return found

    def _filled_by_others(self, eligible: int) -> str:
        """The idle reason of a volunteer eligible for shifts others filled (said once per
        count: a city has 200,000 idle volunteers and ten such sentences)."""
        said = self.__dict__.setdefault("_filled_said", {})
        if eligible not in said:
            shown = f"{ENOUGH_SHIFTS}+" if eligible >= ENOUGH_SHIFTS else eligible
            said[eligible] = say("reason.idle.full", self.lang, n=shown)
        return said[eligible]

    def _bound(self, key: tuple[str, str], item, bind):
        """The rules ``Eligibility`` bound to a post or shift, found again by its id (an id hashes
        faster than the whole post or shift, and idle reasons ask per volunteer)."""
        steps = self._bound_steps.get(key)
        if steps is None:
            steps = self._bound_steps[key] = bind(item)
        return steps

    @cached_property
    def _bound_steps(self) -> dict:
        return {}

    def rejected_reason(self, reason) -> str:
        return say("reason.idle.rejected", self.lang, reason=reason)

    def standby(self, shift: Shift, size: int) -> list[Standby]:
        """Up to ``size`` volunteers not on the shift who could take it without breaking any rule
        given what they already serve; fewest no-shows in the ``--history`` first (a standby is
        called at short notice), then nearest, then preference, then fewest hours.

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
                self._no_shows[positions],
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
    def _positions(self) -> dict[str, int]:
        """Each volunteer's roster position, by id."""
        return {v.volunteer_id: i for i, v in enumerate(self.roster.volunteers)}

    @cached_property
    def _hours(self) -> np.ndarray:
        """Hours already served, by roster position."""
        position = self._positions
        hours = np.zeros(len(self.roster.volunteers))
        for a in self.schedule.assignments:
            hours[position[a.volunteer_id]] += self.roster.shift_by_id[a.shift_id].hours
        return hours

    @cached_property
    def _no_shows(self) -> np.ndarray:
        """No-shows in the history (``--history``), by roster position."""
        roster = self.roster
        if not roster.served:
            return np.zeros(len(roster.volunteers), dtype=int)
        return np.array([roster.no_shows(v.volunteer_id) for v in roster.volunteers], dtype=int)

    def _prefers(self, category) -> np.ndarray:
        """Whether each volunteer (by roster position) named this category in 服务意向."""
        cache = self.__dict__.setdefault("_prefers_cache", {})
        if category not in cache:
            cache[category] = np.array(
                [category in v.preferences for v in self.roster.volunteers], dtype=bool
            )
        return cache[category]
