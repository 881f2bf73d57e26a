"""``--history``: the days before the roster count for 最多连续天数, 每周最多小时, the balance and
the no-shows, in the model, the greedy start, the explanations and ``verify``."""

from __future__ import annotations

import datetime as dt
import shutil
from dataclasses import replace

import openpyxl
from click.testing import CliRunner

from scheduler.cli import cli
from scheduler.domain import Assignment, ServedDay, Settings
from scheduler.explain import Explainer
from scheduler.rules.between import Load
from scheduler.solve import solve
from tests.builders import DAY, post, roster, shift, volunteer

WEEK = [DAY + dt.timedelta(days=k) for k in range(7)]


def invoke(*args):
    return CliRunner().invoke(cli, [str(a) for a in args])


def daily_roster(day: dt.date, **settings):
    """One 4-hour gate shift a day. V1 lives in the post's community (0 km), V2 in the next one
    (0.85 km): with no other difference the model sends V1, the nearer."""
    return roster(
        volunteers=[volunteer("V1"), volunteer("V2", community="西苑社区")],
        posts=[post("P1")],
        shifts=[shift(f"S{day:%m%d}", date=day)],
        settings=Settings(**settings),
    )


def served(volunteer_id: str, *days: dt.date, minutes: int = 240, no_shows: int = 0):
    return tuple(ServedDay(volunteer_id, day, minutes, no_shows) for day in days)


def run_week(folder, *, history: bool) -> tuple[list[str], list]:
    """Seven daily runs (solve, sign-in sheets, record); returns who served each day, and what
    ``verify --history`` says of each day's schedule with the ledger as it was that morning."""
    from scheduler.roster.write import write_roster

    ledger, who, verdicts = folder / "ledger.xlsx", [], []
    for day in WEEK:
        path, out = folder / f"roster_{day}.xlsx", folder / f"schedule_{day}.xlsx"
        write_roster(daily_roster(day, max_days_in_row=5), path)
        extra = ["--history", ledger] if history and ledger.exists() else []
        result = invoke("solve", path, "-o", out, "--split-by", "community", "-q", *extra)
        assert result.exit_code == 0, result.output
        sheet = openpyxl.load_workbook(out)["排班表"]
        who.append(next(sheet.iter_rows(min_row=2, values_only=True))[10])
        if ledger.exists():
            morning = folder / f"ledger_{day}.xlsx"
            shutil.copy(ledger, morning)
            verdicts.append(invoke("verify", path, out, "--history", morning))
        signed = folder / f"schedule_{day}_by_community" / "东苑社区.xlsx"
        assert invoke("record", signed, "--ledger", ledger).exit_code == 0
    return who, verdicts


def test_a_week_of_daily_runs_keeps_days_in_a_row_only_with_history(tmp_path):
    without, with_history = tmp_path / "without", tmp_path / "with"
    without.mkdir(), with_history.mkdir()
    who, verdicts = run_week(without, history=False)
    assert who == ["V1"] * 7
    broken = [v.output for v in verdicts if v.exit_code == 1]
    assert len(broken) == 2  # days 6 and 7
    assert "连续在岗 6 天" in broken[0] and "其中 5 天在本次排班之前" in broken[0]
    assert "连续在岗 7 天" in broken[1]
    who, verdicts = run_week(with_history, history=True)
    assert who == ["V1"] * 5 + ["V2", "V1"]
    assert all(v.exit_code == 0 for v in verdicts), [v.output for v in verdicts]


def test_load_counts_days_and_hours_served_before_the_roster():
    data = replace(
        daily_roster(WEEK[5], max_days_in_row=5, max_hours_per_week=24),
        served=served("V1", *WEEK[:5]) + served("V2", WEEK[4], minutes=1260),
    )
    [v1, v2] = data.volunteers
    load = Load(data)
    assert load.broken_rule(v1, data.shifts[0]) == "days_in_row"
    assert load.broken_rule(v2, data.shifts[0]) == "weekly_hours"  # 21 h + 4 h > 24 h
    assert Load(replace(data, served=())).broken_rule(v1, data.shifts[0]) is None


def test_the_model_keeps_the_weekly_hours_with_history_and_explains_why():
    data = replace(
        daily_roster(WEEK[6], max_hours_per_week=20),
        served=served("V1", *WEEK[:5]),  # 20 h already
    )
    plan = solve(data, time_limit=5)
    assert plan.assignments == (Assignment(data.shifts[0].shift_id, "V2"),)
    alone = replace(data, volunteers=data.volunteers[:1])
    plan = solve(alone, time_limit=5)
    assert plan.assignments == ()
    reason = Explainer(plan, "en").shortfalls()[0].reason
    assert "max_hours_per_week" in reason


def test_an_idle_volunteer_kept_off_by_the_history_is_told_which_rule():
    """V1 is eligible for the shift but has served 20 h this week already: the Volunteers
    sheet says the weekly hours keep them off, not that others filled the shift. Without the
    history V1 (the nearer) serves, and V2 is told that others filled it."""
    data = replace(
        daily_roster(WEEK[6], max_hours_per_week=20),
        served=served("V1", *WEEK[:5]),
    )
    v1, v2 = data.volunteers
    plan = solve(data, time_limit=5)
    assert "max_hours_per_week" in Explainer(plan, "en").idle_reason(v1)
    plain = solve(replace(data, served=()), time_limit=5)
    assert plain.assignments == (Assignment(data.shifts[0].shift_id, "V1"),)
    assert "filled by others" in Explainer(plain, "en").idle_reason(v2)


def test_balance_counts_the_last_28_days():
    """V1 and V3 live in the post's community. V1 served 40 h three days ago: with the shift, V1
    would be 44 half-hours above the fair share (22 h), without it 36, so V3 serves (40 points).
    When V3 served those 40 h and V1 served them 29 days ago (not counted), V1 serves."""
    data = roster(volunteers=[volunteer("V1"), volunteer("V3")], shifts=[shift("S1", date=DAY)])
    three, old = DAY - dt.timedelta(days=3), DAY - dt.timedelta(days=29)
    recent = replace(data, served=served("V1", three, minutes=2400))
    assert [a.volunteer_id for a in solve(recent, time_limit=5).assignments] == ["V3"]
    aged = replace(data, served=served("V1", old, minutes=2400) + served("V3", three, minutes=2400))
    assert [a.volunteer_id for a in solve(aged, time_limit=5).assignments] == ["V1"]


def test_fewer_no_shows_win_among_equals_and_lead_the_standby_list():
    """V1 and V3 live in the post's community, V2 0.85 km away; all served 4 h two days ago, V1
    missed two shifts. V3 serves (equal otherwise); the standby list puts V2, who always came,
    before the nearer V1."""
    base = daily_roster(DAY)
    data = replace(base, volunteers=(*base.volunteers, volunteer("V3")))
    before = DAY - dt.timedelta(days=2)
    history = served("V1", before, no_shows=2) + served("V2", before) + served("V3", before)
    plan = solve(replace(data, served=history), time_limit=5)
    assert [a.volunteer_id for a in plan.assignments] == ["V3"]
    standby = Explainer(plan, "en").standby(plan.roster.shifts[0], 2)
    assert [s.volunteer.volunteer_id for s in standby] == ["V2", "V1"]
    plan = solve(data, time_limit=5)  # without history, the plain ranking: nearest first
    assert [
        s.volunteer.volunteer_id for s in Explainer(plan, "en").standby(plan.roster.shifts[0], 2)
    ][0] != "V2"


def test_a_history_overlapping_the_roster_is_refused(tmp_path):
    from scheduler.ledger import ServiceRecord, write_ledger
    from scheduler.roster.write import write_roster

    ledger, path = tmp_path / "ledger.xlsx", tmp_path / "roster.xlsx"
    write_ledger([ServiceRecord(DAY, "V1", "S1", 4.0)], ledger)
    write_roster(daily_roster(DAY), path)
    result = invoke("solve", path, "-o", tmp_path / "out.xlsx", "--history", ledger)
    assert result.exit_code == 1
    assert "不能作为历史台账" in result.output and DAY.isoformat() in result.output
    assert not (tmp_path / "out.xlsx").exists()
    checked = invoke("verify", path, tmp_path / "none.xlsx", "--history", ledger)
    assert checked.exit_code == 1 and "会被算两次" in checked.output


def test_history_reaches_every_part_of_a_roster_solved_in_parts():
    """Two communities 5.6 km apart are two exact components, each solved as its own part: the
    history still keeps V1 (东苑, five days served) off the sixth day, and V4 (北苑) too."""
    data = roster(
        volunteers=[
            volunteer("V1"),
            volunteer("V2", community="西苑社区"),
            volunteer("V4", community="北苑社区"),
            volunteer("V5", community="北苑社区"),
        ],
        posts=[post("P1"), post("P2", community="北苑社区")],
        shifts=[shift("S1", "P1", date=WEEK[5]), shift("S2", "P2", date=WEEK[5])],
        settings=Settings(max_days_in_row=5),
    )
    plan = solve(replace(data, served=served("V1", *WEEK[:5]) + served("V4", *WEEK[:5])))
    assert sorted(a.volunteer_id for a in plan.assignments) == ["V2", "V5"]


def test_a_roster_given_as_the_ledger_is_a_clear_message_not_a_crash(tmp_path):
    """solve --history, verify --history and record --ledger all read a ledger: a roster given
    instead says it is not a ledger (this once ended in a TypeError inside the message)."""
    from scheduler.roster.write import write_roster

    path = tmp_path / "roster.xlsx"
    write_roster(daily_roster(DAY), path)
    out = tmp_path / "out.xlsx"
    solved = invoke("solve", path, "-o", out, "--history", path)
    checked = invoke("verify", path, out, "--history", path)
    signed = tmp_path / "signed.xlsx"
    openpyxl.Workbook().save(signed)
    recorded = invoke("record", signed, "--ledger", path)
    for result in (solved, checked, recorded):
        assert result.exit_code == 1, result.output
        assert "没有“服务记录”（Records）工作表，不是服务台账" in result.output
        assert "意外问题" not in result.output and "TypeError" not in result.output
    assert not out.exists()


def test_a_field_may_be_called_key_or_lang():
    from scheduler.messages import msg, say

    assert "Records" in msg("record.not_a_ledger", sheet="服务记录", english="Records").render()
    assert msg("terminal.item", text="x", key="k", lang="l").render("en") == "  - x"
    assert say("terminal.item", "zh", text="y", key="k", lang="l") == "  - y"
