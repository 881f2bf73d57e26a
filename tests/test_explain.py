"""Reasons for gaps and idle volunteers, the standby list and the hours ledger."""

from __future__ import annotations

import openpyxl
import pytest
from builders import post, roster, shift, volunteer

from scheduler.domain import Category, Settings, TimeWindow
from scheduler.explain import Explainer
from scheduler.report.schedule import write_schedule
from scheduler.solve import solve

FAR = "北苑社区"  # ~5.6 km from 东苑社区, another street


def reason(plan, lang="en") -> tuple[str, str]:
    """(binding step, text) of the only short shift."""
    (gap,) = Explainer(solve(plan, time_limit=5), lang).shortfalls()
    return gap.binding, gap.reason


BINDING_CASES = {
    "nearby": (
        dict(posts=[post(community=FAR)]),
        [
            "Only 0 volunteers live nearby (same community or within 3 km)",
            "recruit 1 volunteer near 北苑社区",
        ],
    ),
    "healthy": (
        dict(volunteers=[volunteer(healthy=False)]),
        ["Only 0 of those nearby are healthy"],
    ),
    "general_training": (
        dict(volunteers=[volunteer(general_training=False)]),
        ["Only 0 nearby passed the general training", "give the general training to 1 more"],
    ),
    "post_training": (
        dict(volunteers=[volunteer(trained_categories=frozenset({Category.disinfection}))]),
        ["Only 0 nearby passed the Community gate post training"],
    ),
    "qualified": (
        dict(posts=[post(required_skills=frozenset({"medical"}))]),
        ["Only 0 nearby hold medical", "recruit 1 volunteer with medical near 东苑社区"],
    ),
    "insured": (
        dict(volunteers=[volunteer(insured=False)], posts=[post(high_risk=True)]),
        ["Only 0 qualified nearby are insured", "insure 1 more volunteer nearby"],
    ),
    "available": (
        dict(volunteers=[volunteer(availability=(TimeWindow(13 * 60, 18 * 60),))]),
        [
            "Only 0 qualified are available 08:00-12:00",
            "ask 1 more volunteer to be available 08:00-12:00",
        ],
    ),
    "daily_cap": (
        dict(volunteers=[volunteer(max_hours=2)]),
        ["Only 0 qualified may serve 4 h in a day", "shorten or split the shift"],
    ),
}


@pytest.mark.parametrize("rule", list(BINDING_CASES))
def test_each_rule_in_turn_is_named_as_the_binding_one(rule):
    fields, phrases = BINDING_CASES[rule]
    binding, text = reason(roster(**fields))
    assert binding == rule
    for phrase in phrases:
        assert phrase in text
    assert text.endswith(")")  # the whole funnel follows, in parentheses
    if rule != "nearby":
        assert "(nearby 1 → " in text


def test_reason_in_chinese_names_the_skill_and_the_community():
    _, text = reason(roster(posts=[post(required_skills=frozenset({"medical"}))]), "zh")
    assert text.startswith("附近只有 0 名具备医护资质")
    assert "请在东苑社区附近招募 1 名具备医护资质的志愿者" in text


def test_candidates_taken_by_a_higher_priority_post_are_named():
    """One volunteer, two shifts at the same time; the priority-5 post wins (optimum 5), and the
    priority-1 shift's reason says where its only candidate went."""
    plan = roster(
        posts=[post("P1", priority=1), post("P2", name="核酸采样", priority=5)],
        shifts=[shift("S1", "P1"), shift("S2", "P2")],
    )
    binding, text = reason(plan)
    assert binding == "taken"
    assert "Of 1 eligible volunteer, 1 serves elsewhere at that time" in text
    assert "核酸采样 P2 (priority 5) ×1" in text


def test_a_reason_says_only_what_is_particular_to_its_shift():
    """The count short stands in its own column and the general advice above the table: the
    reason starts with the binding rule, and the funnel lists only the rules that left fewer."""
    plan = roster(posts=[post(required_skills=frozenset({"medical"}))])
    _, text = reason(plan)
    assert text.startswith("Only 0 nearby hold medical; recruit 1 volunteer with medical")
    assert text.endswith(" (nearby 1 → qualified 0)")
    _, taken = reason(
        roster(
            posts=[post("P1", priority=1), post("P2", name="核酸采样", priority=5)],
            shifts=[shift("S1", "P1"), shift("S2", "P2")],
        ),
        "zh",
    )
    assert "请招募更多" not in taken and "缺" not in taken


def test_the_posts_that_took_the_candidates_are_the_first_three_and_a_count():
    """Four volunteers taken by four priority-5 posts at the same time: three are named, and the
    reason says how many posts took them in all."""
    plan = roster(
        volunteers=[volunteer(f"V{i}") for i in range(1, 5)],
        posts=[post("P0", priority=1)] + [post(f"P{i}", priority=5) for i in range(1, 5)],
        shifts=[shift("S0", "P0")] + [shift(f"S{i}", f"P{i}") for i in range(1, 5)],
    )
    binding, text = reason(plan)
    assert binding == "taken"
    assert "(priority 5) ×1 and others, 4 posts in all (nearby 4)" in text
    _, zh = reason(plan, "zh")
    assert "（优先级 5）×1 等 4 个岗位（附近 4）" in zh
    assert zh.count("（优先级 5）") == 3


def test_candidates_at_their_daily_cap_are_counted():
    """Two 4-hour shifts and a third at another time: one volunteer serves 8 h, the third shift
    is short because the only candidate is at the daily cap."""
    plan = roster(
        shifts=[
            shift("S1", start="08:00", end="12:00"),
            shift("S2", start="12:00", end="16:00"),
            shift("S3", start="16:00", end="20:00"),
        ]
    )
    binding, text = reason(plan)
    assert binding == "taken" and "1 is at their daily maximum" in text


IDLE_CASES = {
    "no post near home": dict(volunteers=[volunteer("V1", community=FAR)]),
    "not healthy: not put on duty": dict(
        volunteers=[volunteer("V1"), volunteer("V2", healthy=False)]
    ),
    "general training not passed": dict(
        volunteers=[volunteer("V1"), volunteer("V2", general_training=False)]
    ),
    "not available when the posts nearby run": dict(
        volunteers=[volunteer("V1"), volunteer("V2", availability=(TimeWindow(1200, 1300),))]
    ),
    "eligible for 1 shift, all filled by others": dict(
        volunteers=[volunteer("V1"), volunteer("V2")]
    ),
}


@pytest.mark.parametrize("expected", list(IDLE_CASES))
def test_idle_volunteers_get_a_reason(expected):
    schedule = solve(roster(**IDLE_CASES[expected]), time_limit=5)
    explainer = Explainer(schedule, "en")
    idle = [
        v
        for v in schedule.roster.volunteers
        if v.volunteer_id not in {a.volunteer_id for a in schedule.assignments}
    ]
    assert [explainer.idle_reason(v) for v in idle] == [expected]


def test_standby_lists_only_those_who_could_step_in_nearest_first():
    """V1 serves; V2 lives next door (西苑, 0.85 km), V3 in the same community, V4 is busy at the
    same time on another post: the standby list is V3 then V2."""
    plan = roster(
        volunteers=[
            volunteer("V1"),
            volunteer("V2", community="西苑社区"),
            volunteer("V3"),
            volunteer("V4"),
        ],
        posts=[post("P1"), post("P2", priority=5)],
        shifts=[shift("S1", "P1"), shift("S2", "P2", required=2)],
    )
    schedule = solve(plan, time_limit=5)
    on_s1 = {a.volunteer_id for a in schedule.assignments if a.shift_id == "S1"}
    busy = {a.volunteer_id for a in schedule.assignments if a.shift_id == "S2"}
    standby = Explainer(schedule, "en").standby(schedule.roster.shift_by_id["S1"], 3)
    names = [entry.volunteer.volunteer_id for entry in standby]
    assert not set(names) & (on_s1 | busy)
    assert [entry.rank for entry in standby] == list(range(1, len(names) + 1))
    distances = [entry.distance_km or 0.0 for entry in standby]
    assert distances == sorted(distances)


def test_hours_ledger_and_masked_phones(tmp_path):
    plan = roster(
        volunteers=[volunteer("V1", phone="13812345678"), volunteer("V2", phone="13900001111")],
        shifts=[shift("S1"), shift("S2", start="13:00", end="15:30")],
        settings=Settings(organizer="和平街道志愿者协会"),
    )
    path = tmp_path / "s.xlsx"
    write_schedule(solve(plan, time_limit=5), path, "en", mask_phones=True)
    workbook = openpyxl.load_workbook(path)
    hours = list(workbook["Hours"].iter_rows(values_only=True))
    assert hours[0] == ("volunteer_id", "name", "date", "hours", "posts", "categories", "organizer")
    assert sum(row[3] for row in hours[1:]) == 6.5
    assert {row[6] for row in hours[1:]} == {"和平街道志愿者协会"}
    assert {row[5] for row in hours[1:]} == {"Community gate"}
    phones = [row[12] for row in workbook["Assignments"].iter_rows(min_row=2, values_only=True)]
    assert phones and all(p.startswith("13") and "****" in p for p in phones)
    standby = [row[9] for row in workbook["Standby"].iter_rows(min_row=2, values_only=True)]
    assert all("****" in p for p in standby)
