"""The hard rules as records: each rule's check, its place in the funnel, its words and its fix.

``RULES`` is the one list of hard rules a volunteer can break: the single-shift rules in funnel
order (the order in which the explanations count who passes), then the rules between shifts in the
order ``Load.broken_rule`` tests them. Whoever needs a rule asks here: ``Eligibility`` builds its
funnel from the records, ``Load`` tests the rules between shifts through them, the explanations,
the standby list, the fixed assignments and ``verify`` take the rule's words from the record's
message keys. Reordering ``RULES`` is the one way to change the funnel.

A single-shift rule is ``bind(eligibility, post, shift)``, which gives the test of one volunteer
(True: allowed); ``scope`` says what it reads, so a rule of the volunteer alone is bound once, a
post rule once per post and a rule of the time once per shift, never once per pair. A rule between
shifts is ``bind(load)``, which gives ``test(volunteer, shift)``: may the volunteer take one more
shift, given what ``load`` holds? ``verify`` implements the rules between shifts again with its
own loops (it must not trust the code it checks) and takes only their words from here.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from enum import Enum, StrEnum
from functools import cache

from scheduler.domain import Roster, Shift, Volunteer, clock
from scheduler.messages import Message, Words, msg
from scheduler.roster.values import skill_label
from scheduler.rules.single import (
    fits_daily_cap,
    has_general_training,
    has_post_training,
    is_healthy,
    is_insured_if_needed,
    is_qualified,
)


class RuleKey(StrEnum):
    """A hard rule's name: also the value ``Eligibility.allows`` and ``Load.broken_rule`` give."""

    nearby = "nearby"
    healthy = "healthy"
    general_training = "general_training"
    post_training = "post_training"
    qualified = "qualified"
    insured = "insured"
    available = "available"
    daily_cap = "daily_cap"  # one shift longer than the volunteer's daily maximum
    overlap = "overlap"  # two shifts at once, or less rest between them than Settings ask
    day_total = "day_total"  # a day's shifts together past the daily maximum
    days_in_row = "days_in_row"
    weekly_hours = "weekly_hours"


class Scope(Enum):
    """What a rule reads: where it can be tested once for many pairs."""

    home = "home"  # the volunteer's home and the post's place
    volunteer = "volunteer"  # the volunteer alone
    post = "post"  # the volunteer and the post (its category, skills, risk)
    shift = "shift"  # the volunteer and the shift's time
    between = "between"  # the volunteer's other shifts


@dataclass(frozen=True, slots=True)
class HardRule:
    """One hard rule. ``words`` (what the volunteer breaks) and ``step`` (its name in a funnel)
    are message keys; a single-shift rule also has ``few`` (only n pass it), ``fix`` (what the
    coordinator can do) and ``idle`` (why a volunteer gets nothing); a rule between shifts has
    ``busy`` (n eligible volunteers are kept away by it)."""

    key: RuleKey
    scope: Scope
    bind: Callable[..., Callable]  # single: (eligibility, post, shift); between: (load)
    few: str = ""
    fix: str = ""
    idle: str = ""
    busy: str = ""

    @property
    def words(self) -> str:
        return f"rules.{self.key}"

    @property
    def step(self) -> str:
        return f"rules.{self.key}.step"

    @property
    def single(self) -> bool:
        return self.scope is not Scope.between

    @property
    def funnel_place(self) -> int:
        """The rule's place in the funnel: its position in ``RULES``."""
        return _PLACE[self.key]

    def passes(self, eligibility, volunteer: Volunteer, post, shift: Shift | None) -> bool:
        """Whether one volunteer keeps this single-shift rule for ``post`` (and ``shift``, for a
        rule of the shift's time); the funnel binds the rule once per post or shift instead."""
        return self.bind(eligibility, post, shift)(volunteer)

    def broken(self, roster: Roster, volunteer: Volunteer, shift: Shift) -> Message:
        """What the volunteer breaks, with the post, shift, time and figures concerned."""
        return msg(self.words, **rule_fields(roster, volunteer, shift))


def _single(key: RuleKey, scope: Scope, bind: Callable[..., Callable]) -> HardRule:
    few, fix, idle = f"reason.few.{key}", f"reason.fix.{key}", f"reason.idle.{key}"
    return HardRule(key, scope, bind=bind, few=few, fix=fix, idle=idle)


def _between(key: RuleKey, bind: Callable[..., Callable]) -> HardRule:
    return HardRule(key, Scope.between, bind=bind, busy=f"reason.busy.{key}")


def _post_training(eligibility, post, shift) -> Callable[[Volunteer], bool]:
    required = eligibility.settings.require_post_training
    return lambda volunteer: has_post_training(volunteer, post, required)


def _daily_cap(eligibility, post, shift: Shift) -> Callable[[Volunteer], bool]:
    cap = eligibility.roster.daily_cap_minutes
    return lambda volunteer: fits_daily_cap(volunteer, shift, cap(volunteer))


# A single-shift rule binds to (eligibility, post, shift) and gives a test of one volunteer: the
# plain function itself where it needs nothing more, so the funnel pays one call per volunteer.
RULES: tuple[HardRule, ...] = (
    _single(RuleKey.nearby, Scope.home, lambda e, post, shift: lambda v: e.nearby(v, post)),
    _single(RuleKey.healthy, Scope.volunteer, lambda e, post, shift: is_healthy),
    _single(RuleKey.general_training, Scope.volunteer, lambda e, post, shift: has_general_training),
    _single(RuleKey.post_training, Scope.post, _post_training),
    _single(RuleKey.qualified, Scope.post, lambda e, post, shift: lambda v: is_qualified(v, post)),
    _single(
        RuleKey.insured,
        Scope.post,
        lambda e, post, shift: lambda v: is_insured_if_needed(v, post),
    ),
    _single(RuleKey.available, Scope.shift, lambda e, post, shift: lambda v: e.available(v, shift)),
    _single(RuleKey.daily_cap, Scope.shift, _daily_cap),
    _between(RuleKey.overlap, lambda load: load.keeps_rest),
    _between(RuleKey.day_total, lambda load: load.within_day),
    _between(RuleKey.days_in_row, lambda load: load.within_days_in_row),
    _between(RuleKey.weekly_hours, lambda load: load.within_week),
)
RULE = {rule.key: rule for rule in RULES}
_PLACE = {rule.key: place for place, rule in enumerate(RULES)}
FUNNEL = tuple(rule for rule in RULES if rule.single)  # in funnel order
BETWEEN = tuple(rule for rule in RULES if not rule.single)


_SCOPE_ORDER = (Scope.home, Scope.volunteer, Scope.post, Scope.shift)
if [rule.scope for rule in FUNNEL] != sorted(
    (rule.scope for rule in FUNNEL), key=_SCOPE_ORDER.index
) or FUNNEL[0].key is not RuleKey.nearby:
    # Eligibility tests the rules grouped by scope (nearby from its index first): the funnel must
    # list them in that grouping, or the counts would follow another order than RULES.
    raise RuntimeError("RULES: single-shift rules must go home, volunteer, post, shift")


@cache
def scoped(scope: Scope) -> tuple[HardRule, ...]:
    """The single-shift rules of one scope, in funnel order."""
    return tuple(rule for rule in FUNNEL if rule.scope is scope)


def hours(minutes: float) -> str:
    """Hours as a person writes them: 4, 3.5, 2.25."""
    return f"{round(minutes / 60, 2):g}"


def span(shift: Shift) -> str:
    """``2022-11-21 08:00-12:00``: a shift's date and time."""
    return f"{shift.date.isoformat()} {clock(shift.start)}-{clock(shift.end)}"


def skills_words(accepted) -> Words:
    """A post's accepted skills in both languages, any one of them will do."""
    codes = sorted(accepted)
    return Words(
        "/".join(skill_label(code, "zh") for code in codes),
        "/".join(skill_label(code, "en") for code in codes),
    )


def place_words(community: str) -> Message | str:
    """Where a post is: its community, or 线上 / online."""
    return community or msg("rules.online")


def rule_fields(roster: Roster, volunteer: Volunteer, shift: Shift) -> dict[str, object]:
    """The figures every rule's words may name: post, place, distance, category, skills, shift,
    time, the volunteer's daily maximum, the shift's hours, rest and the multi-day limits."""
    post = roster.post_by_id[shift.post_id]
    settings = roster.settings
    return dict(
        post=post.post_id,
        place=place_words(post.community),
        km=settings.max_distance_km,
        category=post.category,
        skills=skills_words(post.accepted_skills),
        shift=shift.shift_id,
        span=span(shift),
        cap=hours(roster.daily_cap_minutes(volunteer)),
        hours=hours(shift.minutes),
        rest=settings.min_rest_minutes,
        days=settings.max_days_in_row,
        week=settings.max_hours_per_week,
    )
