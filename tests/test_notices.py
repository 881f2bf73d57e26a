"""Notices: the text each volunteer gets, the coordinator's template and its problems, the CSV."""

from __future__ import annotations

import csv
import datetime as dt
from dataclasses import replace

import openpyxl
import pytest
from click.testing import CliRunner

from scheduler.cli import cli
from scheduler.domain import Assignment, Schedule, Settings, SolveStatus
from scheduler.notice_template import template_problem
from scheduler.notices import notice_rows, notice_text
from scheduler.roster import read_roster
from scheduler.roster.write import write_roster
from tests.builders import DAY, post, roster, shift, volunteer

NEXT = DAY + dt.timedelta(days=1)


def two_shift_roster(**settings) -> object:
    """V1 serves P1 on 21 Nov (Monday) 08:00-12:00 and on 22 Nov 14:00-18:00; V2 has no phone."""
    return roster(
        volunteers=[volunteer("V1", name="张三", phone="13812345678"), volunteer("V2", phone="")],
        posts=[post("P1", name="1号门值守")],
        shifts=[
            shift("S1", start="08:00", end="12:00"),
            shift("S2", start="14:00", end="18:00", date=NEXT),
        ],
        settings=Settings(**settings),
    )


def schedule_of(data, *pairs: tuple[str, str]) -> Schedule:
    return Schedule(
        data,
        tuple(Assignment(s, v) for s, v in pairs),
        SolveStatus.feasible,
        len(pairs),
        len(pairs),
    )


def test_default_notice_says_who_when_where_what_and_whom_to_call():
    data = two_shift_roster(organizer="和平街道", contact="王老师 13900000000")
    v1 = data.volunteer_by_id["V1"]
    text = notice_text(data, v1, [data.shift_by_id["S1"], data.shift_by_id["S2"]], "zh")
    assert text == (
        "张三您好！感谢您参加和平街道防疫志愿服务，您的排班："
        "11月21日（周一）08:00-12:00，东苑社区，1号门值守（社区值守）；"
        "11月22日（周二）14:00-18:00，东苑社区，1号门值守（社区值守）。"
        "请提前 15 分钟到岗签到，佩戴口罩，做好个人防护。如有变动请联系 王老师 13900000000。"
    )
    english = notice_text(data, v1, [data.shift_by_id["S1"]], "en")
    assert english == (
        "Hello 张三, thank you for volunteering with 和平街道. Your shifts: "
        "Mon 21 Nov 08:00-12:00, 东苑社区, 1号门值守 (Community gate). "
        "Please arrive 15 minutes early to sign in, wearing a mask. "
        "If anything changes, contact 王老师 13900000000."
    )


def test_without_contact_or_early_arrival_the_notice_leaves_them_out():
    data = two_shift_roster(arrive_early_minutes=0)
    text = notice_text(data, data.volunteer_by_id["V1"], [data.shift_by_id["S1"]], "zh")
    assert "请准时到岗签到" in text and "联系" not in text and "感谢您参加社区防疫" in text


def test_a_template_in_chinese_with_full_width_braces_is_filled_in():
    template = "｛姓名｝：{班次}，提前{提前分钟}分钟。{{不变}} {organizer}"
    assert template_problem(template) is None
    data = two_shift_roster(notice_template=template, organizer="东苑")
    text = notice_text(data, data.volunteer_by_id["V1"], [data.shift_by_id["S1"]], "zh")
    shift_text = "11月21日（周一）08:00-12:00，东苑社区，1号门值守（社区值守）"
    assert text == f"张三：{shift_text}，提前15分钟。{{不变}} 东苑"


@pytest.mark.parametrize(
    ("template", "key"),
    [
        ("{姓名} {班次} {电话}", "notice.template_unknown"),
        ("{name} {shifts} {0}", "notice.template_unknown"),
        ("{name!r} {shifts}", "notice.template_unknown"),
        ("{name:>10} {shifts}", "notice.template_unknown"),
        ("{姓名} {班次", "notice.template_braces"),
        ("{姓名} 班次}", "notice.template_braces"),
        ("{姓名}您好，明天请来", "notice.template_no_shifts"),
    ],
)
def test_a_broken_template_is_named(template, key):
    assert template_problem(template).key == key


def test_a_broken_template_is_a_settings_problem_with_its_row_and_the_default_is_used(tmp_path):
    path = tmp_path / "roster.xlsx"
    write_roster(two_shift_roster(notice_template="{姓名} 请{到岗时间}到岗 {班次}"), path, "zh")
    data = read_roster(path)
    [issue] = [i for i in data.issues if i.column == "值"]
    assert issue.sheet == "参数" and issue.row is not None
    sheet = openpyxl.load_workbook(path)["参数"]
    assert sheet.cell(issue.row, 1).value == "通知模板"
    assert "{到岗时间}" in issue.text("zh") and "不是可用的空白处" in issue.text("zh")
    assert data.settings.notice_template == ""
    text = notice_text(data, data.volunteer_by_id["V1"], [data.shift_by_id["S1"]], "zh")
    assert text.startswith("张三您好！")


def test_rows_follow_the_first_shift_and_mask_only_when_asked():
    data = two_shift_roster()
    schedule = schedule_of(data, ("S2", "V2"), ("S1", "V1"), ("S2", "V1"))
    rows = notice_rows(schedule, "zh", mask=lambda phone: phone[:3] + "****")
    assert [(r["volunteer_id"], r["shifts"], r["hours"], r["shift_ids"]) for r in rows] == [
        ("V1", 2, 8.0, "S1、S2"),
        ("V2", 1, 4.0, "S2"),
    ]
    assert rows[0]["phone"] == "138****"


def test_solve_writes_the_sheet_masked_and_the_csv_whole(tmp_path):
    path, out, sms = tmp_path / "r.xlsx", tmp_path / "s.xlsx", tmp_path / "sms.csv"
    write_roster(
        replace(two_shift_roster(), shifts=(shift("S1", required=2),)),
        path,
        "zh",
    )
    args = ["solve", path, "-o", out, "--notices-csv", sms, "--mask-phones", "--time-limit", "5"]
    result = CliRunner().invoke(cli, [str(a) for a in args])
    assert result.exit_code == 0, result.output
    assert "已写出 1 条待发送通知" in result.output
    sheet = openpyxl.load_workbook(out)["通知"]
    values = list(sheet.iter_rows(values_only=True))
    assert values[0][:3] == ("志愿者编号", "姓名", "联系电话")
    assert {row[0]: row[2] for row in values[1:]} == {"V1": "138****5678", "V2": None}
    raw = sms.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    lines = list(csv.reader(raw.decode("utf-8-sig").splitlines()))
    assert lines[0] == ["手机号码", "短信内容"]
    assert lines[1][0] == "13812345678" and lines[1][1].startswith("张三您好！")
    assert len(lines) == 2  # V2 has no phone: in the sheet, not in the CSV


def test_help_says_the_csv_keeps_phones():
    result = CliRunner().invoke(cli, ["solve", "--help"])
    assert "--notices-csv" in result.output and "keeps them whole" in result.output
