"""A week at a time: rules across dates, fixed assignments, re-planning, quality terms."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import openpyxl
import pytest
from builders import DAY, post, roster, shift, volunteer

from scheduler.changes import compare
from scheduler.domain import Assignment, Category, FixedAssignment, Settings
from scheduler.report.previous import read_assignments
from scheduler.report.schedule import write_schedule
from scheduler.roster import read_roster
from scheduler.roster.write import write_roster
from scheduler.solve import solve


def pairs(schedule) -> set[tuple[str, str]]:
    return {(a.shift_id, a.volunteer_id) for a in schedule.assignments}


def day(k: int) -> dt.date:
    return DAY + dt.timedelta(days=k)


def test_night_then_early_shift_within_rest_gap_is_refused():
    """Night 22:00-06:00 then 07:00-11:00 next day: 1 h apart, rest 2 h, so one volunteer takes
    only one of them (optimum 1)."""
    night, early = shift("N", start="22:00", end="06:00"), shift("E", start="07:00", date=day(1))
    plan = roster(shifts=[night, early], settings=Settings(min_rest_minutes=120))
    assert len(solve(plan, time_limit=5).assignments) == 1


def test_night_then_later_shift_after_rest_gap_is_allowed():
    """Same, but the day shift starts at 08:00: exactly 2 h of rest, both taken (optimum 2)."""
    night, later = shift("N", start="22:00", end="06:00"), shift("L", start="08:00", date=day(1))
    plan = roster(shifts=[night, later], settings=Settings(min_rest_minutes=120))
    assert len(solve(plan, time_limit=5).assignments) == 2


def test_max_days_in_row_holds_over_a_week():
    """One volunteer, a 4-hour shift each of 7 days, at most 3 days in a row: the best is 6 shifts
    (3 on, 1 off, 3 on), and no 4 consecutive dates are served."""
    shifts = [shift(f"S{k}", date=day(k)) for k in range(7)]
    schedule = solve(roster(shifts=shifts, settings=Settings(max_days_in_row=3)), time_limit=5)
    served = sorted(int(a.shift_id[1:]) for a in schedule.assignments)
    assert len(served) == 6
    assert not any(all(k + i in served for i in range(4)) for k in range(4))


def test_max_hours_per_week_caps_any_seven_days():
    """12 h a week and 4-hour shifts on 7 dates: 3 shifts (optimum 3)."""
    shifts = [shift(f"S{k}", date=day(k)) for k in range(7)]
    schedule = solve(roster(shifts=shifts, settings=Settings(max_hours_per_week=12)), time_limit=5)
    assert len(schedule.assignments) == 3


def test_fixed_assignment_survives_against_a_preferred_alternative():
    """V2 likes gate duty (a tie-breaker), but the coordinator fixed V1 on the shift: V1 serves."""
    plan = roster(
        volunteers=[
            volunteer("V1"),
            volunteer("V2", preferences=frozenset({Category.community_gate})),
        ],
    )
    assert pairs(solve(plan, time_limit=5)) == {("S1", "V2")}
    fixed = replace(plan, fixed=(FixedAssignment("V1", "S1", 2),))
    assert pairs(solve(fixed, time_limit=5)) == {("S1", "V1")}


def test_fixed_assignment_breaking_a_rule_is_reported_and_left_out():
    plan = replace(
        roster(volunteers=[volunteer("V1", healthy=False), volunteer("V2")]),
        fixed=(FixedAssignment("V1", "S1", 4, "固定安排"),),
    )
    schedule = solve(plan, time_limit=5)
    assert pairs(schedule) == {("S1", "V2")}
    (issue,) = schedule.roster.issues
    assert (issue.sheet, issue.row) == ("固定安排", 4)
    text = issue.problem_text("en")
    assert "volunteer V1 is unhealthy" in text and "left out" in text
    assert (
        issue.problem_text("zh")
        == "违反硬性规则：志愿者 V1 健康状况异常，不安排带病上岗；该固定安排未采用"
    )


def test_fixed_sheet_is_read_by_shift_id_or_by_post_date_and_start(tmp_path):
    plan = roster(volunteers=[volunteer("V1"), volunteer("V2")], shifts=[shift("S1", required=2)])
    path = tmp_path / "roster.xlsx"
    write_roster(plan, path, "zh")
    workbook = openpyxl.load_workbook(path)
    sheet = workbook.create_sheet("固定安排")
    sheet.append(["志愿者编号", "班次编号", "岗位编号", "日期", "开始时间"])
    sheet.append(["V1", "S1"])
    sheet.append(["V2", None, "P1", DAY, dt.time(8, 0)])
    sheet.append(["V2", None, "P1", DAY, dt.time(9, 0)])
    workbook.save(path)
    data = read_roster(path)
    assert [(f.volunteer_id, f.shift_id, f.row) for f in data.fixed] == [
        ("V1", "S1", 2),
        ("V2", "S1", 3),
    ]
    (issue,) = data.issues
    assert (issue.sheet, issue.row, issue.column) == ("固定安排", 4, "岗位编号")


def week_roster():
    """Six volunteers, two posts, two shifts a day for three days: enough for every slot."""
    volunteers = [volunteer(f"V{k}") for k in range(6)]
    posts = [post("P1"), post("P2", category=Category.disinfection)]
    shifts = [
        shift(f"{p}-{k}-{start}", p, start, end, required=1, date=day(k))
        for k in range(3)
        for p in ("P1", "P2")
        for start, end in (("08:00", "12:00"), ("13:00", "17:00"))
    ]
    return roster(volunteers=volunteers, posts=posts, shifts=shifts)


def test_replanning_after_three_fall_ill_changes_only_what_it_must(tmp_path):
    """After three volunteers fall ill, re-planning drops exactly their assignments and moves no
    one else more than needed; a from-scratch solve is free to change much more."""
    plan = week_roster()
    first = solve(plan, time_limit=5)
    path = tmp_path / "first.xlsx"
    write_schedule(first, path, "en")
    previous = read_assignments(path)
    assert set(previous) == set(first.assignments)
    ill = {"V0", "V1", "V2"}
    sick = replace(
        plan,
        volunteers=tuple(replace(v, healthy=v.volunteer_id not in ill) for v in plan.volunteers),
    )
    again = solve(sick, time_limit=5, previous=previous)
    lost = {a for a in previous if a.volunteer_id in ill}
    changes = compare(again, "en")
    assert changes.kept == len(set(previous) - lost)
    assert changes.count("dropped") + changes.count("moved") == len(lost)
    assert all(c.volunteer_id in ill for c in changes.changes if c.kind == "dropped")
    assert not any(a.volunteer_id in ill for a in again.assignments)
    scratch = solve(sick, time_limit=5)
    assert len(set(previous) & set(again.assignments)) >= len(
        set(previous) & set(scratch.assignments)
    )


def test_replanning_never_costs_coverage():
    """A previous plan that put V1 on the low-priority shift: V1 is the only one qualified for the
    urgent one, so re-planning moves V1 there (coverage first, keeping second)."""
    urgent = post("P2", priority=5, required_skills=frozenset({"medical"}))
    plan = roster(
        volunteers=[volunteer("V1", skills=frozenset({"medical"})), volunteer("V2", max_hours=0)],
        posts=[post("P1"), urgent],
        shifts=[shift("S1", "P1"), shift("S2", "P2")],
    )
    again = solve(plan, time_limit=5, previous=(Assignment("S1", "V1"),))
    assert pairs(again) == {("S2", "V1")}
    assert [c.kind for c in compare(again, "en").changes] == ["moved"]


def test_change_reasons_name_post_date_time_and_the_rule_in_both_languages():
    """V1 served S1 (岗位P1, 08:00-12:00) in the previous plan and falls ill: S1 goes to V2. Both
    changes name the post, date and time, not only the shift id; the drop names the rule."""
    plan = roster(volunteers=[volunteer("V1", healthy=False), volunteer("V2")])
    again = solve(plan, time_limit=5, previous=(Assignment("S1", "V1"),))
    (dropped, added) = compare(again, "en").changes
    assert (dropped.kind, dropped.before, added.kind, added.after) == (
        "dropped",
        "S1",
        "added",
        "S1",
    )
    assert dropped.reason == (
        "岗位P1 (P1) 2022-11-21 08:00-12:00 dropped: volunteer V1 is unhealthy "
        "(健康状况 not healthy): nobody with symptoms is put on duty"
    )
    assert added.reason == "newly assigned to 岗位P1 (P1) 2022-11-21 08:00-12:00"
    (dropped_zh, added_zh) = compare(again, "zh").changes
    assert dropped_zh.reason == (
        "取消 岗位P1（P1）2022-11-21 08:00-12:00：志愿者 V1 健康状况异常，不安排带病上岗"
    )
    assert added_zh.reason == "新增 岗位P1（P1）2022-11-21 08:00-12:00"


def test_changes_sheet_and_one_sheet_per_date(tmp_path):
    plan = week_roster()
    first = solve(plan, time_limit=5)
    again = solve(plan, time_limit=5, previous=first.assignments[:-1] + (Assignment("X", "V0"),))
    path = tmp_path / "again.xlsx"
    write_schedule(again, path, "en")
    names = openpyxl.load_workbook(path, read_only=True).sheetnames
    assert "Changes" in names
    assert [d.isoformat() for d in plan.dates] == names[-3:]


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_summary_shows_quality_totals(tmp_path, lang):
    path = tmp_path / "s.xlsx"
    write_schedule(solve(week_roster(), time_limit=5), path, lang)
    figures = [
        row[0] for row in openpyxl.load_workbook(path).worksheets[0].iter_rows(values_only=True)
    ]
    expected = "busiest volunteer's hours" if lang == "en" else "最忙志愿者服务小时"
    assert expected in figures


def test_tie_breakers_prefer_the_same_post_on_consecutive_days():
    """Two volunteers and one shift of the same post on each of two days; with the load terms
    switched off, continuity decides: one volunteer serves both days (1 same-post pair)."""
    plan = roster(
        volunteers=[volunteer("V1"), volunteer("V2")],
        shifts=[shift("D1", date=day(0)), shift("D2", date=day(1))],
        settings=Settings(weight_peak=0, weight_balance=0),
    )
    schedule = solve(plan, time_limit=5)
    assert len({a.volunteer_id for a in schedule.assignments}) == 1
    assert dict(schedule.quality)["same_post_days"] == 1
