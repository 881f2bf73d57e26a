"""The rule records: one per hard rule, each with its check, funnel place, words and fix, and every
user of a rule asking them (the funnel's order, ``Load``'s order, the words in both languages)."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest
from builders import DAY, post, roster, shift, volunteer

from scheduler.domain import FixedAssignment, Settings, TimeWindow
from scheduler.messages import CATALOGUE, say
from scheduler.rules.between import Load
from scheduler.rules.catalogue import BETWEEN, FUNNEL, RULE, RULES, RuleKey, Scope
from scheduler.rules.eligibility import Eligibility
from scheduler.solve import solve


def test_one_record_per_rule_key():
    assert [rule.key for rule in RULES] == list(RuleKey)
    assert set(RULE) == set(RuleKey)


@pytest.mark.parametrize("rule", RULES, ids=str)
def test_every_word_of_a_rule_is_in_the_catalogue(rule):
    keys = [rule.words, rule.step]
    keys += [rule.few, rule.fix, rule.idle] if rule.single else [rule.busy]
    for key in keys:
        assert key in CATALOGUE, key


def test_the_funnel_order_is_the_order_of_the_records():
    plan = roster()
    counts = Eligibility(plan).funnel(plan.shifts[0])
    assert [key for key, _ in counts] == [rule.key for rule in FUNNEL]
    assert [rule.funnel_place for rule in FUNNEL] == list(range(len(FUNNEL)))
    assert all(rule.scope is Scope.between for rule in BETWEEN)


# One volunteer, one 08:00-12:00 shift: each case breaks exactly one single-shift rule.
SINGLE_CASES = {
    RuleKey.nearby: dict(volunteers=[volunteer(community="北苑社区")]),
    RuleKey.healthy: dict(volunteers=[volunteer(healthy=False)]),
    RuleKey.general_training: dict(volunteers=[volunteer(general_training=False)]),
    RuleKey.post_training: dict(volunteers=[volunteer(trained_categories=frozenset())]),
    RuleKey.qualified: dict(posts=[post(required_skills=frozenset({"medical"}))]),
    RuleKey.insured: dict(volunteers=[volunteer(insured=False)], posts=[post(high_risk=True)]),
    RuleKey.available: dict(volunteers=[volunteer(availability=(TimeWindow(780, 1080),))]),
    RuleKey.daily_cap: dict(volunteers=[volunteer(max_hours=3)]),
}


def test_every_single_shift_rule_has_a_case():
    assert set(SINGLE_CASES) == {rule.key for rule in FUNNEL}


@pytest.mark.parametrize("key", list(SINGLE_CASES), ids=str)
def test_a_single_shift_rule_is_checked_and_worded_by_its_record(key):
    plan = roster(**SINGLE_CASES[key])
    (v,), (s,) = plan.volunteers, plan.shifts
    eligibility = Eligibility(plan)
    rule = RULE[key]
    assert eligibility.allows(v, s) is key
    assert not rule.passes(eligibility, v, plan.post_by_id[s.post_id], s)
    for lang in ("zh", "en"):
        assert rule.broken(plan, v, s).render(lang)  # every field the words name is given
        assert say(rule.idle, lang)


def two_shifts(first: tuple[str, str], second: tuple[str, str], days: int = 0, **settings):
    """V1 and shifts S1, S2 (S2 ``days`` later), with Settings changed as given."""
    return roster(
        shifts=[
            shift("S1", start=first[0], end=first[1]),
            shift("S2", start=second[0], end=second[1], date=DAY + dt.timedelta(days=days)),
        ],
        settings=dataclasses.replace(Settings(), **settings),
    )


BETWEEN_CASES = {
    RuleKey.overlap: two_shifts(("08:00", "12:00"), ("12:30", "16:00"), min_rest_minutes=60),
    RuleKey.day_total: two_shifts(("08:00", "13:00"), ("14:00", "18:00")),
    RuleKey.days_in_row: two_shifts(("08:00", "12:00"), ("08:00", "12:00"), 1, max_days_in_row=1),
    RuleKey.weekly_hours: two_shifts(
        ("08:00", "12:00"), ("08:00", "12:00"), 3, max_hours_per_week=6
    ),
}


def test_every_rule_between_shifts_has_a_case():
    assert set(BETWEEN_CASES) == {rule.key for rule in BETWEEN}


@pytest.mark.parametrize("key", list(BETWEEN_CASES), ids=str)
def test_a_rule_between_shifts_is_tested_in_record_order(key):
    plan = BETWEEN_CASES[key]
    (v,), (s1, s2) = plan.volunteers, plan.shifts
    load = Load(plan)
    assert load.broken_rule(v, s2) is None
    load.add(v, s1)
    assert load.broken_rule(v, s2) is key
    assert [rule.bind(load)(v, s2) for rule in BETWEEN] == [rule.key != key for rule in BETWEEN]


@pytest.mark.parametrize("key", list(BETWEEN_CASES), ids=str)
def test_a_fixed_assignment_left_out_names_the_rule_and_its_figures(key):
    """V1 is fixed on S1 and on S2; S2 breaks ``key`` and is left out with the record's words."""
    fixed = tuple(FixedAssignment("V1", s, row, "固定安排") for row, s in ((2, "S1"), (3, "S2")))
    plan = dataclasses.replace(BETWEEN_CASES[key], fixed=fixed)
    schedule = solve(plan, time_limit=5)
    (issue,) = schedule.roster.issues
    assert issue.row == 3 and issue.value == "V1 → S2"
    v, s2 = plan.volunteers[0], plan.shifts[1]
    words = RULE[key].broken(plan, v, s2)
    for lang in ("zh", "en"):
        assert words.render(lang) in issue.problem_text(lang)
        assert "S2" in issue.problem_text(lang)
