"""Headers: the words coordinators use are read, the rest are named, and a missing safety column
is never silent (``scheduler/roster/headers.py``)."""

from __future__ import annotations

from pathlib import Path

import hostile
import pytest

from scheduler.domain import Severity
from scheduler.roster import RosterError, read_roster
from scheduler.roster.headers import SAFETY_COLUMNS, resembles, safety_column
from scheduler.roster.sheets import POSTS, VOLUNTEERS


def renamed(folder: Path, sheet: str, header: str, typed: str) -> Path:
    sheets = hostile.base()
    sheets[sheet][0][sheets[sheet][0].index(header)] = typed
    return hostile.save(sheets, folder / "renamed.xlsx")


def read_clean(folder: Path):
    return read_roster(hostile.save(hostile.base(), folder / "clean.xlsx"))


NEW_ALIASES = (
    [
        (hostile.VOLUNTEERS, "健康状况", word)
        for word in ("身体状况", "健康情况", "身体情况", "健康状态", "是否健康", "health status")
    ]
    + [
        (hostile.VOLUNTEERS, "可服务时段", word)
        for word in ("空闲时间", "服务时间", "可用时间", "有空时间", "空闲时段", "available time")
    ]
    + [
        (hostile.VOLUNTEERS, "每日最多小时", word)
        for word in (
            "每天最多小时",
            "每天最多服务小时",
            "每日最多时长",
            "每天最多时长",
            "每日服务上限",
            "每日最长服务时间",
            "max hours",
        )
    ]
    + [
        (hostile.VOLUNTEERS, "意外保险", word)
        for word in ("是否投保", "意外险", "保险情况", "是否有保险")
    ]
    + [(hostile.VOLUNTEERS, "通用培训", word) for word in ("是否培训", "通用培训情况", "参加培训")]
    + [(hostile.VOLUNTEERS, "岗位培训", word) for word in ("已培训岗位", "岗位培训情况")]
    + [(hostile.POSTS, "所需资质", word) for word in ("所需技能", "需要资质")]
    + [(hostile.POSTS, "高风险", word) for word in ("是否高风险", "高风险岗位")]
)


@pytest.mark.parametrize(("sheet", "header", "typed"), NEW_ALIASES)
def test_the_words_coordinators_use_are_read_as_the_column(tmp_path, sheet, header, typed):
    roster = read_roster(renamed(tmp_path, sheet, header, typed))
    assert roster.issues == () and roster.assumptions == ()
    clean = read_clean(tmp_path)
    assert (roster.volunteers, roster.posts) == (clean.volunteers, clean.posts)


@pytest.mark.parametrize(
    ("header", "key"),
    [
        ("体温异常", "healthy"),  # yes means sick: never an alias, always a stop
        ("身体不适", "healthy"),
        ("近14天是否发热", "healthy"),
        ("空闲时间段", "availability"),
        ("能来的时间", "availability"),
        ("每人每天上限", "max_hours"),
        ("最多服务时长", "max_hours"),
        ("有无保险", "insured"),
        ("Healthy?", "healthy"),
    ],
)
def test_a_header_resembles_the_safety_column_coordinators_mean(header, key):
    safety = next(s for s in SAFETY_COLUMNS if s.sheet is VOLUNTEERS and s.key == key)
    assert resembles(header, safety.column, safety.stems)


@pytest.mark.parametrize("header", ["备注", "年龄", "性别", "notes", "nan", "紧急联系人"])
def test_an_ordinary_extra_header_resembles_no_safety_column(header):
    assert not any(resembles(header, s.column, s.stems) for s in SAFETY_COLUMNS)


def test_every_resembling_header_is_listed_in_the_stop(tmp_path):
    sheets = hostile.base()
    header = sheets[hostile.VOLUNTEERS][0]
    header[header.index("健康状况")] = "体温异常"
    header.append("身体不适")
    for row in sheets[hostile.VOLUNTEERS][1:]:
        row.append("")
    with pytest.raises(RosterError) as raised:
        read_roster(hostile.save(sheets, tmp_path / "two.xlsx"))
    assert [(i.sheet, i.column, i.value) for i in raised.value.issues] == [
        (hostile.VOLUNTEERS, "K", "体温异常"),
        (hostile.VOLUNTEERS, "O", "身体不适"),
    ]
    assert raised.value.issues[0].text("zh") == (
        "志愿者，K 列：“体温异常” 不读取，而工作表缺少 健康状况 列，所以没有排班：如果这一列就是 "
        "健康状况，请把表头改为 健康状况；如果确实没有这一列，请加上 --allow-missing 健康状况 "
        "再运行"
        "（那时将按“没有 健康状况 列：所有志愿者按健康处理”处理）"
    )


def test_allow_missing_accepts_the_key_the_chinese_name_or_sheet_and_column():
    assert safety_column("healthy").key == "healthy"
    assert safety_column("健康状况").key == "healthy"
    assert safety_column("岗位.高风险").sheet is POSTS
    assert safety_column("志愿者.高风险") is None
    assert safety_column("姓名") is None


def test_a_confirmed_missing_column_reads_with_its_assumption_and_names_the_header(tmp_path):
    path = renamed(tmp_path, hostile.VOLUNTEERS, "健康状况", "体温异常")
    roster = read_roster(path, allow_missing=["healthy"])
    assert [a.render("zh") for a in roster.assumptions] == [
        "没有 健康状况 列：所有志愿者按健康处理"
    ]
    (issue,) = roster.issues
    assert (issue.column, issue.value, issue.severity) == ("K", "体温异常", Severity.warning)
    assert issue.problem_text("en") == (
        "is not a column of the roster: it is not read; did you mean 健康状况?"
    )
    assert all(volunteer.healthy for volunteer in roster.volunteers)


def test_a_repeated_column_is_named_and_only_the_first_is_read(tmp_path):
    sheets = hostile.base()
    sheets[hostile.VOLUNTEERS][0].append("健康状况")
    for row in sheets[hostile.VOLUNTEERS][1:]:
        row.append("发热")
    roster = read_roster(hostile.save(sheets, tmp_path / "repeated.xlsx"))
    (issue,) = roster.issues
    assert (issue.column, issue.value) == ("O", "健康状况")
    assert issue.problem_text("zh") == "与 健康状况 列重复：只读取第一个 健康状况 列"
    assert all(volunteer.healthy for volunteer in roster.volunteers)


@pytest.mark.parametrize(
    ("header", "typed"),
    [
        ("健康状况", "健康状况（健康/异常）"),
        ("意外保险", "意外保险(是/否)"),
        ("可服务时段", "可服务时段【例：08:00-12:00】"),
        ("每日最多小时", "每日最多小时 [0-8]"),
    ],
)
def test_a_header_with_a_hint_in_brackets_is_its_column(tmp_path, header, typed):
    roster = read_roster(renamed(tmp_path, hostile.VOLUNTEERS, header, typed))
    assert roster.issues == () and roster.assumptions == ()
    assert roster.volunteers == read_clean(tmp_path).volunteers


def test_an_exact_header_wins_over_a_bracketed_one_which_is_a_repeat(tmp_path):
    sheets = hostile.base()
    sheets[hostile.VOLUNTEERS][0].append("健康状况（备注）")
    for row in sheets[hostile.VOLUNTEERS][1:]:
        row.append("发热")
    roster = read_roster(hostile.save(sheets, tmp_path / "hint.xlsx"))
    (issue,) = roster.issues
    assert (issue.column, issue.value) == ("O", "健康状况（备注）")
    assert issue.problem_text("zh") == "与 健康状况 列重复：只读取第一个 健康状况 列"
    assert all(volunteer.healthy for volunteer in roster.volunteers)


@pytest.mark.parametrize("phone", ["abc", "1381234", "23812345678", "138123456789"])
def test_a_phone_that_cannot_be_chinese_is_a_warning_and_the_row_is_planned(tmp_path, phone):
    sheets = hostile.base()
    hostile.put(sheets, hostile.VOLUNTEERS, 2, "联系电话", phone)
    roster = read_roster(hostile.save(sheets, tmp_path / "phone.xlsx"))
    (issue,) = roster.issues
    assert (issue.sheet, issue.row, issue.column, issue.value) == (
        hostile.VOLUNTEERS,
        2,
        "联系电话",
        phone,
    )
    assert issue.severity is Severity.warning
    assert issue.problem_text("zh").startswith("不像中国的电话号码")
    assert len(roster.volunteers) == len(read_clean(tmp_path).volunteers)


@pytest.mark.parametrize(
    "phone",
    [
        "138 1234 5678",
        "138-1234-5678",
        "+86 13812345678",
        "010-12345678",
        "0755-1234567",
        "010-12345678-123",
        "(010)12345678",
        "+86 10 12345678",
    ],
)
def test_the_ways_chinese_phones_are_written_pass(tmp_path, phone):
    sheets = hostile.base()
    hostile.put(sheets, hostile.VOLUNTEERS, 2, "联系电话", phone)
    assert read_roster(hostile.save(sheets, tmp_path / "phone.xlsx")).issues == ()


def test_a_shift_ending_when_it_starts_is_read_as_24_hours_with_a_warning(tmp_path):
    sheets = hostile.base()
    hostile.put(sheets, hostile.SHIFTS, 2, "结束时间", hostile.dt.time(8, 0))
    roster = read_roster(hostile.save(sheets, tmp_path / "day.xlsx"))
    (issue,) = roster.issues
    assert (issue.row, issue.column, issue.severity) == (2, "结束时间", Severity.warning)
    assert issue.problem_text("zh") == (
        "开始与结束时间相同，按 24 小时班次处理（超过每日 8 小时上限，没有人能上）"
    )
    assert roster.shifts[0].end - roster.shifts[0].start == 24 * 60


def test_a_settings_problem_says_the_default_is_used_as_written(tmp_path):
    from click.testing import CliRunner

    from scheduler.cli import cli

    sheets = hostile.base()
    sheets["设置"] = [["参数", "值"], ["每日上限小时", -1]]
    path = hostile.save(sheets, tmp_path / "settings.xlsx")
    result = CliRunner().invoke(cli, ["check", str(path)])
    assert result.exit_code == 0, result.output
    assert "[已用默认值]" in result.output and "使用默认值 8；" not in result.output
    assert "默认值 8" in result.output and "8.0" not in result.output
    assert "该行未参与排班" not in result.output


def test_the_issues_sheet_says_a_settings_problem_used_the_default(tmp_path):
    """The Issues sheet's 类型 agrees with the terminal's tag: no row was left out."""
    from click.testing import CliRunner
    from openpyxl import load_workbook

    from scheduler.cli import cli

    sheets = hostile.base()
    sheets["设置"] = [["参数", "值"], ["每日上限小时", -1]]
    path = hostile.save(sheets, tmp_path / "settings.xlsx")
    output = tmp_path / "schedule.xlsx"
    result = CliRunner().invoke(cli, ["solve", str(path), "-o", str(output), "--time-limit", "2"])
    assert result.exit_code == 0, result.output
    issues = load_workbook(output)["输入问题"]
    kinds = [row[-1] for row in issues.iter_rows(min_row=2, values_only=True) if row[0] == "设置"]
    assert kinds == ["错误（已用默认值）"]
