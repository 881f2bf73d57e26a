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
        "志愿者，K 列：“体温异常” 不读取，而工作表缺少 健康状况 列（没有 健康状况 列：所有志愿者按"
        "健康处理）：如果这一列就是 健康状况，请把表头改为 健康状况；如果确实没有这一列，请加上 "
        "--allow-missing 健康状况 再运行"
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
