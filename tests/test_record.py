"""``scheduler record``: returned sign-in workbooks, re-saved by LibreOffice, into the ledger.

The schedule (no solver needed): on 21 Nov, shift S1 (P1, 08:00-12:00, 4 people) has V1, V2 and V3
planned and one place still missing; shift S2 (P1, 14:00-18:00) has V1. The returned sheet says:
V1 served 3.5 h of S1 (partial), V2 left blank (no-show), V3 wrote 12 h (too high: capped at
4 + 1 = 5), walk-in V9 李四 2 h on the missing line, V8 on a spare line without hours (a problem);
on S2, V1's printed line was overwritten with V7 (unknown: a problem, V1 is then a no-show).
"""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
from dataclasses import replace
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from scheduler.cli import cli
from scheduler.domain import Assignment, Schedule, SolveStatus
from scheduler.frames import read_ledger
from scheduler.report.schedule import ScheduleReport
from scheduler.report.split import write_by_community
from tests.builders import post, roster, shift, volunteer


def planned_schedule() -> Schedule:
    data = roster(
        volunteers=[volunteer(f"V{n}") for n in (1, 2, 3)],
        posts=[post("P1", name="东门值守")],
        shifts=[
            shift("S1", start="08:00", end="12:00", required=4),
            shift("S2", start="14:00", end="18:00"),
        ],
    )
    pairs = [("S1", "V1"), ("S1", "V2"), ("S1", "V3"), ("S2", "V1")]
    assignments = tuple(Assignment(s, v) for s, v in pairs)
    return Schedule(data, assignments, SolveStatus.feasible, 4, 5)


def fill(sheet, shift_id: str, line: int, *, volunteer_id=None, name=None, hours=None) -> int:
    """Write on line ``line`` of shift ``shift_id``'s block; returns its Excel row."""
    block = next(
        row
        for row in range(1, sheet.max_row + 1)
        if shift_id in [sheet.cell(row, col).value for col in range(1, 9)]
    )
    row = block + 1 + line  # the date line, the header, then the lines
    assert sheet.cell(row, 1).value == line
    if volunteer_id is not None:
        sheet.cell(row, 2).value = volunteer_id
    if name is not None:
        sheet.cell(row, 3).value = name
    if hours is not None:
        sheet.cell(row, 8).value = hours
    return row


def libreoffice_resave(path: Path, folder: Path) -> Path:
    """The workbook as LibreOffice writes it back (headless, its own profile)."""
    out = folder / "resaved"
    profile = (folder / "lo-profile").as_uri()
    subprocess.run(
        [shutil.which("soffice") or "soffice", f"-env:UserInstallation={profile}", "--headless"]
        + ["--convert-to", "xlsx", "--outdir", str(out), str(path)],
        check=True,
        capture_output=True,
        timeout=120,
    )
    return out / path.name


@pytest.fixture(scope="module")
def returned(tmp_path_factory) -> tuple[Path, dict[str, int]]:
    folder = tmp_path_factory.mktemp("signed")
    [path] = write_by_community(ScheduleReport(planned_schedule(), "zh"), folder / "plan.xlsx")
    workbook = openpyxl.load_workbook(path)
    sheet = workbook["签到表"]
    rows = {
        "partial": fill(sheet, "S1", 1, hours=3.5),
        "blank": fill(sheet, "S1", 2),
        "too_high": fill(sheet, "S1", 3, hours="12小时"),
        "walk_in": fill(sheet, "S1", 4, volunteer_id="V9", name="李四", hours=2),
        "no_hours": fill(sheet, "S1", 5, volunteer_id="V8", name="王五"),
        "unknown": fill(sheet, "S2", 1, volunteer_id="V7", hours=4),
    }
    signed = folder / "东苑社区.xlsx"
    workbook.save(signed)
    return libreoffice_resave(signed, folder), rows


def record(*args) -> object:
    return CliRunner().invoke(cli, ["record", *[str(a) for a in args]])


def test_record_reads_blank_partial_too_high_unknown_and_walk_in_lines(returned, tmp_path):
    signed, rows = returned
    ledger = tmp_path / "ledger.xlsx"
    result = record(signed, "--ledger", ledger, "--organizer", "和平街道")
    assert result.exit_code == 0, result.output
    assert "新增 5 行" in result.output and "未到岗 2 人次，临时顶岗 1 人次" in result.output
    frame = read_ledger(ledger).set_index(["shift_id", "volunteer_id"])
    assert frame.loc[("S1", "V1"), "actual_hours"] == 3.5
    assert not frame.loc[("S1", "V1"), "no_show"]
    blank = frame.loc[("S1", "V2")]
    assert blank["no_show"] and blank["counted_hours"] == 4.0  # planned hours still count
    too_high = frame.loc[("S1", "V3")]
    assert too_high["actual_hours"] == 5.0 and too_high["capped"]
    walk_in = frame.loc[("S1", "V9")]
    assert walk_in["walk_in"] and walk_in["name"] == "李四" and walk_in["planned_hours"] == 0
    assert walk_in["actual_hours"] == 2.0 and walk_in["category"] == "community_gate"
    assert frame.loc[("S2", "V1"), "no_show"]  # their line named someone else
    assert ("S1", "V8") not in frame.index and ("S2", "V7") not in frame.index
    assert set(frame["organizer"]) == {"和平街道"}
    where = f"{signed.name} · 签到表，第 {{}} 行"
    assert where.format(rows["too_high"]) + "，实际服务小时 列：“12”" in result.output
    assert where.format(rows["no_hours"]) + "，实际服务小时 列：" in result.output
    assert where.format(rows["unknown"]) + "，志愿者编号 列：“V7” 这位志愿者不在班次 S2" in (
        result.output
    )


def test_recording_twice_never_counts_twice(returned, tmp_path):
    signed, _ = returned
    ledger = tmp_path / "ledger.xlsx"
    assert record(signed, "--ledger", ledger).exit_code == 0
    first = read_ledger(ledger)
    again = record(signed, signed, "--ledger", ledger)
    assert again.exit_code == 0 and "新增 0 行，更新 0 行，5 行与台账相同未变" in again.output
    assert read_ledger(ledger).equals(first)
    workbook = openpyxl.load_workbook(ledger)
    assert workbook.sheetnames == [
        "服务记录",
        "每日时长",
        "志愿者合计",
        "类别合计",
        "社区合计",
        "周合计",
    ]
    by_id = {row[0]: row for row in workbook["志愿者合计"].iter_rows(min_row=2, values_only=True)}
    # shifts, no-shows, not filled in, walk-ins, planned and actual hours
    assert by_id["V1"][2:8] == (2, 1, 1, 0, 8, 3.5)
    days = list(workbook["每日时长"].iter_rows(min_row=2, values_only=True))
    v1 = next(row for row in days if row[0] == "V1")
    assert v1[3:10] == (2, 1, 1, 0, 8, 3.5, 7.5) and v1[10:12] == ("东门值守", "社区值守")


def test_a_day_above_eight_hours_is_capped_across_workbooks(tmp_path):
    schedule = planned_schedule()
    [path] = write_by_community(ScheduleReport(schedule, "en"), tmp_path / "plan.xlsx")
    workbook = openpyxl.load_workbook(path)
    fill(workbook["Sign-in"], "S1", 1, hours=5)
    fill(workbook["Sign-in"], "S2", 1, hours=4.5)
    workbook.save(path)
    ledger = tmp_path / "ledger.xlsx"
    result = record(path, "--ledger", ledger, "--lang", "en")
    assert result.exit_code == 0, result.output
    frame = read_ledger(ledger).set_index(["shift_id", "volunteer_id"])
    assert frame.loc[("S2", "V1"), "actual_hours"] == 3.0 and frame.loc[("S2", "V1"), "capped"]
    assert "4.5 hours written would take the day past 8 hours: recorded as 3" in result.output


def test_what_cannot_be_read_stops_with_nothing_recorded(tmp_path):
    ledger = tmp_path / "ledger.xlsx"
    roster_like = tmp_path / "other.xlsx"
    openpyxl.Workbook().save(roster_like)
    result = record(roster_like, "--ledger", ledger)
    assert result.exit_code == 1 and "不是签到工作簿" in result.output
    assert not ledger.exists()
    assert record(ledger, "--ledger", ledger).exit_code == 1  # not there: cannot be read


def test_schedule_frames_have_the_documented_columns():
    frames = planned_schedule().to_frames()
    assert list(frames["assignments"].columns)[:3] == ["date", "shift_id", "post_id"]
    shifts = frames["shifts"].set_index("shift_id")
    assert shifts.loc["S1", "shortfall"] == 1 and shifts.loc["S2", "assigned"] == 1
    volunteers = frames["volunteers"].set_index("volunteer_id")
    assert volunteers.loc["V1", "hours"] == 8.0


def test_history_sums_the_ledger_per_volunteer_and_day_and_refuses_overlapping_dates(tmp_path):
    from scheduler.history import overlap, served_days
    from scheduler.ledger import ServiceRecord

    day = planned_schedule().roster.shifts[0].date
    records = [
        ServiceRecord(day, "V1", "S1", 4.0, written_hours=3.5, actual_hours=3.5),
        ServiceRecord(day, "V1", "S2", 4.0),  # left blank: the planned hours count
        ServiceRecord(day, "V2", "S1", 4.0, written_hours=0, actual_hours=0),  # a no-show
        ServiceRecord(day, "V3", "S1", 4.0, written_hours=12, actual_hours=5, capped=True),
        ServiceRecord(day, "V3", "S2", 4.0),  # 5 + 4 planned: the day still counts 8 hours
    ]
    served = served_days(records)
    assert [(d.volunteer_id, d.minutes, d.no_shows) for d in served] == [
        ("V1", 450, 1),
        ("V2", 0, 1),
        ("V3", 480, 1),
    ]
    [problem] = overlap(tmp_path / "ledger.xlsx", served, [day])
    assert problem.structural and day.isoformat() in problem.text("zh")
    assert "重叠" in problem.text("zh") and overlap(tmp_path / "l.xlsx", served, []) == []


_ids = st.text(alphabet="AV0123456789东苑-", min_size=1, max_size=8).filter(
    lambda s: s.strip() == s
)
_hours = st.one_of(st.none(), st.sampled_from([0.0, 0.5, 2.0, 3.75, 4.0, 8.0]))


@st.composite
def ledger_records(draw) -> list:
    from scheduler.domain import Category
    from scheduler.ledger import ServiceRecord

    records = {}
    for _ in range(draw(st.integers(0, 6))):
        start = draw(st.integers(0, 47)) * 30
        written = draw(_hours)
        record = ServiceRecord(
            date=dt.date(2022, 11, 1) + dt.timedelta(days=draw(st.integers(0, 40))),
            volunteer_id=draw(_ids),
            shift_id=draw(_ids),
            planned_hours=draw(st.sampled_from([0.0, 2.0, 4.0])),
            name=draw(st.sampled_from(["", "张三", "=1+1"])),
            post_id=draw(st.sampled_from(["", "P1"])),
            category=draw(st.one_of(st.none(), st.sampled_from(list(Category)))),
            start=start,
            end=start + draw(st.sampled_from([60, 240, 600])),
            written_hours=written,
            actual_hours=written,
            walk_in=draw(st.booleans()),
            capped=draw(st.booleans()),
            organizer=draw(st.sampled_from(["", "和平街道"])),
        )
        records[record.key] = record
    return list(records.values())


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(records=ledger_records(), lang=st.sampled_from(["zh", "en"]))
def test_a_ledger_reads_back_as_written(tmp_path, records, lang):
    from scheduler.ledger import merge, read_records, write_ledger

    ordered = merge([], records)
    path = tmp_path / f"ledger_{lang}.xlsx"
    write_ledger(ordered, path, lang)
    back = [replace(r, sheet="") for r in read_records(path)]
    assert back == [replace(r, sheet="") for r in ordered]


def test_an_unknown_shift_and_unreadable_hours_are_placed_problems(tmp_path):
    [path] = write_by_community(ScheduleReport(planned_schedule(), "zh"), tmp_path / "plan.xlsx")
    workbook = openpyxl.load_workbook(path)
    sheet = workbook["签到表"]
    label = next(
        (row, col)
        for row in range(1, sheet.max_row + 1)
        for col in range(1, 9)
        if sheet.cell(row, col).value == "S2"
    )
    sheet.cell(*label).value = "S99"  # a block whose shift the schedule does not have
    bad = fill(sheet, "S1", 1, hours="四小时")
    no_id = fill(sheet, "S1", 4, hours=3)
    negative = fill(sheet, "S1", 3, hours=-2)
    workbook.save(path)
    result = record(path, "--ledger", tmp_path / "ledger.xlsx")
    assert result.exit_code == 0, result.output
    assert f"第 {label[0]} 行，班次编号 列：“S99” 这个班次不在本工作簿的排班表里" in result.output
    hint = "实际服务小时不是数字（只填数字，例如 4 或 2.5），本行按未填写记录"
    assert f"第 {bad} 行，实际服务小时 列：“四小时” {hint}" in result.output
    [line] = [line for line in result.output.splitlines() if "四小时" in line]
    assert line.count("例如") == 1  # one hint, not two
    assert f"第 {no_id} 行，实际服务小时 列：“3” 填了小时但没有志愿者编号" in result.output
    assert f"第 {negative} 行，实际服务小时 列：“-2” 实际服务小时不能是负数" in (result.output)
    frame = read_ledger(tmp_path / "ledger.xlsx").set_index(["shift_id", "volunteer_id"])
    assert frame.loc[("S1", "V1"), "no_show"]  # unreadable hours: recorded as left blank
    assert frame.loc[("S2", "V1"), "no_show"]  # planned, its block unreadable


def test_certified_hours_are_actual_hours_only_and_never_above_eight_a_day(tmp_path):
    """V1 writes 12 on S1 (capped to 5) and leaves S2 blank; V2 and V3 leave S1 blank. Every
    total sums the actual hours only (a blank stays blank, never 0 or planned); the planned hours
    of a blank line show once, per day, as what the rules count, and no day goes above 8."""
    [path] = write_by_community(ScheduleReport(planned_schedule(), "zh"), tmp_path / "plan.xlsx")
    workbook = openpyxl.load_workbook(path)
    fill(workbook["签到表"], "S1", 1, hours=12)
    workbook.save(path)
    ledger = tmp_path / "ledger.xlsx"
    result = record(path, "--ledger", ledger)
    assert result.exit_code == 0, result.output
    book = openpyxl.load_workbook(ledger)

    def table(name: str) -> list[dict]:
        rows = list(book[name].iter_rows(values_only=True))
        return [dict(zip(rows[0], row, strict=True)) for row in rows[1:]]

    [v1_day] = [row for row in table("每日时长") if row["志愿者编号"] == "V1"]
    assert v1_day["实际小时"] == 5 and v1_day["计划小时"] == 8
    assert v1_day["规则计入小时（未填写按计划）"] == 8  # 5 + 4 planned, within the 8-hour day
    volunteers = {row["志愿者编号"]: row for row in table("志愿者合计")}
    assert volunteers["V1"]["实际小时"] == 5 and volunteers["V1"]["未填写次数"] == 1
    assert volunteers["V2"]["实际小时"] is None and volunteers["V2"]["未到岗次数"] == 1
    for name in ("志愿者合计", "类别合计", "社区合计", "周合计"):
        assert not any("计入" in str(header) for header in table(name)[0]), name
    [week] = table("周合计")
    assert week["实际小时"] == 5 and week["未填写次数"] == 3
    frame = read_ledger(ledger)
    assert frame.groupby(["volunteer_id", "date"])["actual_hours"].sum().max() <= 8


def test_a_changed_line_is_counted_as_changed_and_the_rest_as_unchanged(tmp_path):
    [path] = write_by_community(ScheduleReport(planned_schedule(), "zh"), tmp_path / "plan.xlsx")
    ledger = tmp_path / "ledger.xlsx"
    assert record(path, "--ledger", ledger).exit_code == 0
    workbook = openpyxl.load_workbook(path)
    fill(workbook["签到表"], "S1", 2, hours=4)
    workbook.save(path)
    again = record(path, "--ledger", ledger)
    assert "新增 0 行，更新 1 行，3 行与台账相同未变" in again.output


def test_a_main_schedule_is_told_apart_from_a_sign_in_workbook(tmp_path):
    main = tmp_path / "schedule.xlsx"
    ScheduleReport(planned_schedule(), "zh").write(main)
    result = record(main, "--ledger", tmp_path / "ledger.xlsx")
    assert result.exit_code == 1
    assert "缺少 签到表 工作表" in result.output and "排班表、" not in result.output
    assert "solve --split-by community" in result.output and "_by_community" in result.output
