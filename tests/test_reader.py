"""Reading roster workbooks built here with openpyxl: the contract of ROSTER_FORMAT.md.

Each test starts from one small roster, typed in Chinese or in English, and changes only what it
is about. Messages are asserted with their place (sheet, Excel row, column as typed, value).
"""

from __future__ import annotations

import copy
import dataclasses
import datetime as dt
from pathlib import Path

import openpyxl
import pytest

from scheduler.domain import (
    Category,
    Community,
    Post,
    Roster,
    Settings,
    Severity,
    Shift,
    TimeWindow,
    Volunteer,
    Zone,
)
from scheduler.roster import RosterError, read_roster
from scheduler.rules.single import is_available

DAY = dt.date(2022, 11, 21)

SHEETS = {  # contract key -> (English, Chinese) sheet name
    "Volunteers": ("Volunteers", "志愿者"),
    "Posts": ("Posts", "岗位"),
    "Shifts": ("Shifts", "班次"),
    "Communities": ("Communities", "社区"),
    "Availability": ("Availability", "可服务时间"),
    "Settings": ("Settings", "参数"),
}
HEADERS = {  # contract key -> Chinese header; the English header is the key itself
    "Volunteers": {
        "volunteer_id": "志愿者编号",
        "name": "姓名",
        "phone": "联系电话",
        "community": "所在社区",
        "skills": "专业资质",
        "general_training": "通用培训",
        "trained_categories": "岗位培训",
        "availability": "可服务时段",
        "max_hours": "每日最多小时",
        "preferences": "服务意向",
        "healthy": "健康状况",
        "insured": "意外保险",
        "latitude": "纬度",
        "longitude": "经度",
    },
    "Posts": {
        "post_id": "岗位编号",
        "name": "岗位名称",
        "category": "服务类别",
        "community": "所在社区",
        "zone": "区域类型",
        "required_skills": "所需资质",
        "online": "线上岗位",
        "high_risk": "高风险",
        "priority": "优先级",
        "latitude": "纬度",
        "longitude": "经度",
    },
    "Shifts": {
        "shift_id": "班次编号",
        "post_id": "岗位编号",
        "date": "日期",
        "start": "开始时间",
        "end": "结束时间",
        "required": "需求人数",
    },
    "Communities": {
        "community": "社区",
        "street": "街道",
        "district": "区",
        "latitude": "纬度",
        "longitude": "经度",
    },
    "Availability": {
        "volunteer_id": "志愿者编号",
        "date": "日期",
        "start": "开始时间",
        "end": "结束时间",
    },
    "Settings": {"key": "参数", "value": "值"},
}


class Book:
    """A roster workbook to be: sheets of data rows whose columns follow ``HEADERS`` order."""

    def __init__(self, lang: str, tables: dict[str, list[list]]):
        self.lang = lang
        self.tables = tables
        self.names = {key: SHEETS[key][lang == "zh"] for key in SHEETS}
        self.headers = {
            key: [zh if lang == "zh" else column for column, zh in HEADERS[key].items()]
            for key in SHEETS
        }
        self.above: dict[str, list[list]] = {}  # rows above the header, per sheet
        self.extra_sheets: dict[str, list[list]] = {}

    def header(self, sheet: str, key: str) -> str:
        return self.headers[sheet][list(HEADERS[sheet]).index(key)]

    def put(self, sheet: str, row: int, key: str, value) -> None:
        """Set one cell; ``row`` counts data rows from 1."""
        self.tables[sheet][row - 1][list(HEADERS[sheet]).index(key)] = value

    def drop_column(self, sheet: str, key: str) -> None:
        index = list(HEADERS[sheet]).index(key)
        self.headers[sheet][index] = None
        for row in self.tables[sheet]:
            row[index] = None

    def save(self, path: Path) -> Path:
        workbook = openpyxl.Workbook()
        workbook.remove(workbook.active)
        for name, rows in self.extra_sheets.items():
            worksheet = workbook.create_sheet(name)
            for row in rows:
                worksheet.append(row)
        for key, rows in self.tables.items():
            worksheet = workbook.create_sheet(self.names[key])
            for row in self.above.get(key, []):
                worksheet.append(row)
            worksheet.append(self.headers[key])
            for row in rows:
                worksheet.append(row)
        workbook.save(path)
        return path


def base(lang: str) -> Book:
    """Two volunteers, three posts (sealed offline, online, controlled), three shifts."""
    zh = lang == "zh"

    def w(english: str, chinese: str) -> str:
        return chinese if zh else english

    sep = "、" if zh else ", "
    tables = {
        "Volunteers": [
            [
                "1001",
                "张三",
                "13800000001",
                "东苑社区",
                w("medical, driving", "医护、驾驶"),
                w("yes", "是"),
                w("all", "全部"),
                f"08:00-12:00{sep}14:00-18:00",
                6,
                w("community_gate", "社区值守"),
                w("yes", "健康"),
                w("yes", "是"),
                39.9001,
                116.4001,
            ],
            [
                1002,  # a number cell: read as "1002"
                "李四",
                None,
                "西苑社区",
                None,
                w("no", "否"),
                w(f"2{sep}supply_delivery", f"2{sep}物资配送"),
                None,
                None,
                None,
                w("no", "异常"),
                w("no", "否"),
                None,
                None,
            ],
        ],
        "Posts": [
            ["P1", "东门值守", w("community_gate", "社区值守"), "东苑社区", w("sealed", "封控区")]
            + [None] * 6,
            ["P2", "心理热线", w("psychological_support", "精神慰藉"), None, None, None]
            + [w("yes", "是"), None, 5, None, None],
            ["P3", "物资配送", 3, "西苑社区", w("controlled", "管控区"), w("driving", "驾驶")]
            + [None, w("no", "否"), None, 39.9, 116.41],
        ],
        "Shifts": [
            [None, "P1", DAY, dt.time(8, 0), dt.time(12, 0), 2],
            ["S2", "P2", "2022-11-21", "22:00", "06:00", 1],
            ["S3", "P3", "2022年11月21日", dt.time(14, 0), "24:00", 1.0],
        ],
        "Communities": [
            ["东苑社区", "和平街道", "东城区", 39.9, 116.4],
            ["西苑社区", "和平街道", "东城区", 39.9, 116.41],
        ],
        "Settings": [[w("max_distance_km", "最远距离公里"), 2.5]],
    }
    return Book(lang, copy.deepcopy(tables))


EXPECTED = Roster(
    volunteers=(
        Volunteer(
            "1001",
            "张三",
            "东苑社区",
            phone="13800000001",
            skills=frozenset({"medical", "driving"}),
            general_training=True,
            trained_categories=frozenset(Category),
            availability=(TimeWindow(480, 720), TimeWindow(840, 1080)),
            max_hours=6.0,
            preferences=frozenset({Category.community_gate}),
            healthy=True,
            insured=True,
            latitude=39.9001,
            longitude=116.4001,
            row=2,
        ),
        Volunteer(
            "1002",
            "李四",
            "西苑社区",
            trained_categories=frozenset({Category.community_gate, Category.supply_delivery}),
            healthy=False,
            row=3,
        ),
    ),
    posts=(
        Post(
            "P1",
            "东门值守",
            Category.community_gate,
            "东苑社区",
            Zone.sealed,
            high_risk=True,  # blank high_risk on an offline sealed post = yes
            priority=3,  # blank priority in a sealed zone = 3
            row=2,
        ),
        Post(
            "P2",
            "心理热线",
            Category.psychological_support,
            "",  # online: no community needed
            Zone.prevention,
            online=True,
            priority=5,
            row=3,
        ),
        Post(
            "P3",
            "物资配送",
            Category.supply_delivery,
            "西苑社区",
            Zone.controlled,
            required_skills=frozenset({"driving"}),
            priority=2,
            latitude=39.9,
            longitude=116.41,
            row=4,
        ),
    ),
    shifts=(
        Shift("P1@2022-11-21 08:00", "P1", DAY, 480, 720, 2, row=2),  # blank shift_id
        Shift("S2", "P2", DAY, 1320, 1800, 1, row=3),  # 22:00-06:00 ends the next day
        Shift("S3", "P3", DAY, 840, 1440, 1, row=4),  # 24:00 is the end of the day
    ),
    communities=(
        Community("东苑社区", "和平街道", "东城区", 39.9, 116.4),
        Community("西苑社区", "和平街道", "东城区", 39.9, 116.41),
    ),
    settings=Settings(max_distance_km=2.5),
)


def read(book: Book, tmp_path: Path, **options) -> Roster:
    return read_roster(book.save(tmp_path / f"roster-{book.lang}.xlsx"), **options)


def planning_part(roster: Roster) -> tuple:
    return (
        roster.volunteers,
        roster.posts,
        roster.shifts,
        roster.communities,
        roster.settings,
        roster.issues,
    )


def without_rows(roster: Roster) -> tuple:
    def strip(items):
        return tuple(dataclasses.replace(item, row=0) for item in items)

    return (strip(roster.volunteers), strip(roster.posts), strip(roster.shifts))


def errors(roster: Roster) -> list:
    return [issue for issue in roster.issues if issue.severity is Severity.error]


# --- one roster, either language ---------------------------------------------------------------


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_roster_reads_as_expected_in_either_language(tmp_path, lang):
    assert planning_part(read(base(lang), tmp_path)) == planning_part(EXPECTED)


def test_chinese_and_english_workbooks_give_the_same_roster(tmp_path):
    chinese = read(base("zh"), tmp_path)
    english = read(base("en"), tmp_path)
    assert planning_part(chinese) == planning_part(english)


def test_header_row_below_a_title_and_a_merged_banner(tmp_path):
    book = base("zh")
    for sheet in book.tables:
        book.above[sheet] = [["东苑社区志愿者排班表"], ["2022年11月21日", None, "填表人：王"]]
    path = book.save(tmp_path / "banner.xlsx")
    workbook = openpyxl.load_workbook(path)
    for sheet in book.tables:
        workbook[book.names[sheet]].merge_cells("A1:F1")
    workbook.save(path)
    roster = read_roster(path)
    assert without_rows(roster) == without_rows(EXPECTED)
    assert [v.row for v in roster.volunteers] == [4, 5]  # rows as Excel shows them
    assert [s.row for s in roster.shifts] == [4, 5, 6]


def test_headers_with_full_width_characters_spaces_line_breaks_and_case(tmp_path):
    book = base("en")
    book.headers["Volunteers"][:6] = [
        "ｖｏｌｕｎｔｅｅｒ＿ｉｄ",
        "\u3000Name\u3000",
        " PHONE ",
        "Commu-\nnity",
        "Skills",
        "General Training",
    ]
    book.headers["Posts"][:4] = ["POST_ID", "\u3000岗位名称", "服务\n类别", "所在社区\u3000"]
    book.headers["Shifts"][4:6] = ["Ｅｎｄ", "需求\n人数"]
    assert planning_part(read(book, tmp_path)) == planning_part(EXPECTED)


def test_sheet_names_in_either_language_mixed_and_in_any_case(tmp_path):
    book = base("zh")
    book.names.update(
        Volunteers="VOLUNTEERS ", Posts="\u3000岗位", Shifts="ｓｈｉｆｔｓ", Settings="Settings"
    )
    assert planning_part(read(book, tmp_path)) == planning_part(EXPECTED)


def test_header_row_below_the_tenth_row_is_not_found(tmp_path):
    book = base("en")
    book.above["Posts"] = [["notes"]] * 10
    issues = structural(book.save(tmp_path / "deep-header.xlsx"))
    assert [(i.sheet, i.row, i.column) for i in issues] == [
        ("Posts", None, "岗位编号 (post_id)"),
        ("Posts", None, "岗位名称 (name)"),
        ("Posts", None, "服务类别 (category)"),
        ("Posts", None, "所在社区 (community)"),
    ]
    assert "no header 岗位编号 or post_id in the first 10 rows" in issues[0].problem_text("en")


def test_extra_sheets_and_columns_are_not_read_and_each_extra_column_is_named(tmp_path):
    book = base("zh")
    book.extra_sheets = {"说明": [["请按模板填写"], ["志愿者编号", "姓名"]], "Sheet1": [[1, 2, 3]]}
    for sheet, rows in book.tables.items():
        book.headers[sheet].insert(1, "备注")
        for row in rows:
            row.insert(1, "随便写的")
    roster = read(book, tmp_path)
    unread = [issue for issue in roster.issues if issue.value == "备注"]
    assert {(issue.sheet, issue.row, issue.column) for issue in unread} == {
        (book.names[sheet], None, "B") for sheet in book.tables
    }
    assert all(issue.severity is Severity.warning for issue in unread)
    assert unread[0].text("zh").endswith("“备注” 这个表头不是名单的列，不读取")
    assert unread[0].text("en").endswith('"备注" is not a column of the roster: it is not read')
    roster = dataclasses.replace(roster, issues=tuple(i for i in roster.issues if i not in unread))
    assert planning_part(roster) == planning_part(EXPECTED)


def test_all_empty_rows_are_skipped_and_rows_still_counted(tmp_path):
    book = base("en")
    book.tables["Volunteers"].insert(1, [None] * 14)
    book.tables["Volunteers"].insert(2, ["", " ", "\u3000"] + [None] * 11)
    book.tables["Shifts"].insert(0, [None] * 6)
    roster = read(book, tmp_path)
    assert roster.issues == ()
    assert without_rows(roster) == without_rows(EXPECTED)
    assert [v.row for v in roster.volunteers] == [2, 5]
    assert [s.row for s in roster.shifts] == [3, 4, 5]


# --- settings and overrides --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("key", "value", "field", "expected"),
    [
        ("daily_cap_hours", 6, "daily_cap_hours", 6.0),
        ("每日上限小时", "6", "daily_cap_hours", 6.0),
        ("max_distance_km", 5, "max_distance_km", 5.0),
        ("最远距离公里", "1.5", "max_distance_km", 1.5),
        ("require_post_training", "no", "require_post_training", False),
        ("需要岗位培训", "否", "require_post_training", False),
        ("需要岗位培训", "是", "require_post_training", True),
        ("min_rest_minutes", 30, "min_rest_minutes", 30),
        ("班次间隔分钟", "45", "min_rest_minutes", 45),
        ("Daily Cap Hours", 4, "daily_cap_hours", 4.0),
    ],
)
def test_settings_sheet_keys_in_either_language(tmp_path, key, value, field, expected):
    book = base("en")
    book.tables["Settings"] = [[key, value]]
    roster = read(book, tmp_path)
    assert getattr(roster.settings, field) == expected
    assert roster.issues == ()


def test_blank_settings_are_the_defaults(tmp_path):
    book = base("zh")
    del book.tables["Settings"]
    assert read(book, tmp_path).settings == Settings()


def test_command_line_overrides_win_over_the_sheet(tmp_path):
    book = base("zh")
    book.tables["Settings"] = [
        ["每日上限小时", 6],
        ["最远距离公里", 2.5],
        ["需要岗位培训", "是"],
        ["班次间隔分钟", 30],
    ]
    overrides = dict(
        daily_cap_hours=4,
        max_distance_km=None,  # None: not given on the command line
        require_post_training=False,
        min_rest_minutes=0,
    )
    settings = read(book, tmp_path, overrides=overrides).settings
    assert settings == Settings(
        daily_cap_hours=4, max_distance_km=2.5, require_post_training=False, min_rest_minutes=0
    )


def test_daily_cap_above_eight_is_read_as_eight_with_a_warning(tmp_path):
    book = base("en")
    book.tables["Settings"] = [["max_distance_km", 2.5], ["daily_cap_hours", 10]]
    roster = read(book, tmp_path)
    assert roster.settings.daily_cap_hours == 8
    (issue,) = roster.issues
    assert (issue.sheet, issue.row, issue.column) == ("Settings", 3, "value")
    assert issue.severity is Severity.warning
    assert "may not exceed 8 hours a day: read as 8" in issue.problem_text("en")


def test_settings_issue_shows_the_value_as_excel_does(tmp_path):
    book = base("en")
    book.tables["Settings"] = [["daily_cap_hours", 10]]
    (issue,) = read(book, tmp_path).issues
    assert issue.value == "10"


def test_volunteer_max_hours_above_eight_is_read_as_eight_with_a_warning(tmp_path):
    book = base("zh")
    book.put("Volunteers", 1, "max_hours", 12)
    roster = read(book, tmp_path)
    assert roster.volunteer_by_id["1001"].max_hours == 8
    (issue,) = roster.issues
    assert (issue.sheet, issue.row, issue.column, issue.value) == (
        "志愿者",
        2,
        "每日最多小时",
        "12",
    )
    assert issue.severity is Severity.warning and "read as 8" in issue.problem_text("en")
    assert roster.rejected_volunteers == ()


def test_unknown_setting_is_a_warning_and_ignored(tmp_path):
    book = base("zh")
    book.tables["Settings"].append(["最长班次", 6])
    roster = read(book, tmp_path)
    assert roster.settings == EXPECTED.settings
    (issue,) = roster.issues
    assert (issue.sheet, issue.row, issue.column, issue.value) == ("参数", 3, "参数", "最长班次")
    assert issue.severity is Severity.warning
    assert "is not a known setting" in issue.problem_text("en")


# --- communities, availability, shifts and posts -----------------------------------------------


def test_without_a_communities_sheet_any_community_is_accepted(tmp_path):
    book = base("en")
    del book.tables["Communities"]
    book.put("Volunteers", 1, "community", "南苑社区")
    roster = read(book, tmp_path)
    assert roster.issues == () and roster.communities == ()
    assert roster.volunteer_by_id["1001"].community == "南苑社区"


def test_availability_sheet_replaces_the_column_for_that_volunteer(tmp_path):
    book = base("zh")
    book.tables["Availability"] = [
        ["1001", DAY, dt.time(9, 0), dt.time(17, 0)],
        ["1001", "2022-11-22", "22:00", "06:00"],
    ]
    roster = read(book, tmp_path)
    assert roster.issues == ()
    first, second = roster.volunteers
    assert first.dated_availability == (
        (DAY, TimeWindow(540, 1020)),
        (dt.date(2022, 11, 22), TimeWindow(1320, 1800)),
    )
    assert second.dated_availability is None  # no rows: the column (blank = all day) holds
    morning = Shift("M", "P1", DAY, 480, 720, 1)  # inside the column's 08:00-12:00 only
    midday = Shift("N", "P1", DAY, 600, 960, 1)  # inside the sheet's 09:00-17:00 only
    assert not is_available(first, morning)
    assert is_available(first, midday)


def test_availability_row_of_an_unknown_volunteer_is_a_warning(tmp_path):
    book = base("en")
    book.tables["Availability"] = [["9999", DAY, "08:00", "12:00"]]
    roster = read(book, tmp_path)
    (issue,) = roster.issues
    assert (issue.sheet, issue.row, issue.column, issue.value) == (
        "Availability",
        2,
        "volunteer_id",
        "9999",
    )
    assert issue.severity is Severity.warning and "not a volunteer" in issue.problem_text("en")


def test_availability_of_a_rejected_volunteer_is_not_called_unknown(tmp_path):
    book = base("en")
    book.put("Volunteers", 1, "general_training", "maybe")
    book.tables["Availability"] = [["1001", DAY, "08:00", "12:00"]]
    roster = read(book, tmp_path)
    assert not any("is not a volunteer" in issue.problem_text("en") for issue in roster.issues)


@pytest.mark.parametrize(
    ("start", "end", "expected_end"),
    [
        ("08:00", "12:00", 720),
        ("22:00", "06:00", 1800),  # before the start: the next day
        ("08:00", "08:00", 480 + 1440),  # at the start: the next day
        ("00:00", "24:00", 1440),
    ],
)
def test_shift_end_at_or_before_start_is_the_next_day(tmp_path, start, end, expected_end):
    book = base("en")
    book.tables["Shifts"] = [["X", "P1", DAY, start, end, 1]]
    (shift,) = read(book, tmp_path).shifts
    assert (shift.date, shift.end) == (DAY, expected_end)


def test_blank_shift_id_is_post_at_date_and_start(tmp_path):
    book = base("zh")
    book.tables["Shifts"] = [[None, "P3", "2022/11/22", "7点30", "9:00", 1]]
    (shift,) = read(book, tmp_path).shifts
    assert shift.shift_id == "P3@2022-11-22 07:30"


@pytest.mark.parametrize(
    ("zone", "online", "high_risk", "priority", "expected"),
    [
        ("封控区", None, None, None, (True, 3)),  # offline sealed: high risk by default
        ("封控区", "是", None, None, (False, 3)),  # online: never high risk by default
        ("封控区", None, "否", 5, (False, 5)),
        ("管控区", None, None, None, (False, 2)),
        ("防范区", None, None, None, (False, 1)),
        (None, None, None, None, (False, 1)),  # blank zone = prevention
        (None, None, "是", 1, (True, 1)),
        ("管控区", None, None, 4, (False, 4)),
    ],
)
def test_high_risk_and_priority_defaults(tmp_path, zone, online, high_risk, priority, expected):
    book = base("zh")
    for key, value in dict(
        zone=zone, online=online, high_risk=high_risk, priority=priority
    ).items():
        book.put("Posts", 1, key, value)
    post = read(book, tmp_path).post_by_id["P1"]
    assert (post.high_risk, post.priority) == expected


def test_online_post_without_community_is_fine_offline_is_not(tmp_path):
    book = base("en")
    book.put("Posts", 3, "community", None)
    roster = read(book, tmp_path)
    assert roster.post_by_id["P2"].community == ""
    assert "P3" not in roster.post_by_id
    issue, shift_issue = errors(roster)
    assert (issue.sheet, issue.row, issue.column) == ("Posts", 4, "community")
    assert "is required but empty" in issue.problem_text("en")
    assert (shift_issue.sheet, shift_issue.row, shift_issue.column) == ("Shifts", 4, "post_id")
    assert [s.shift_id for s in roster.rejected_shifts] == ["S3"]


@pytest.mark.parametrize(
    ("sheet", "key"),
    [
        ("Volunteers", "volunteer_id"),
        ("Volunteers", "name"),
        ("Volunteers", "community"),
        ("Posts", "name"),
        ("Shifts", "post_id"),
        ("Posts", "category"),
        ("Shifts", "date"),
        ("Shifts", "start"),
        ("Shifts", "end"),
        ("Shifts", "required"),
    ],
)
def test_blank_required_cell_says_it_is_required(tmp_path, sheet, key):
    book = base("zh")
    book.put(sheet, 1, key, None)
    roster = read(book, tmp_path)
    issue = errors(roster)[0]
    assert (issue.sheet, issue.row, issue.column, issue.value) == (
        book.names[sheet],
        2,
        book.header(sheet, key),
        "",
    )
    assert issue.problem_text("en") == "is required but empty: fill it in"
    rejected = roster.rejected_volunteers if sheet == "Volunteers" else roster.rejected_shifts
    assert [r.row for r in rejected] == [2]


# --- structural problems -----------------------------------------------------------------------


def structural(path: Path) -> list:
    with pytest.raises(RosterError) as raised:
        read_roster(path)
    assert all(issue.structural for issue in raised.value.issues)
    assert str(raised.value) == "\n".join(issue.text("en") for issue in raised.value.issues)
    return list(raised.value.issues)


def test_missing_required_sheet(tmp_path):
    book = base("zh")
    del book.tables["Shifts"]
    (issue,) = structural(book.save(tmp_path / "no-shifts.xlsx"))
    assert issue.sheet == "班次 (Shifts)"
    assert issue.problem_text("en") == "required sheet is missing: add a sheet named 班次 or Shifts"


def test_every_missing_sheet_is_listed(tmp_path):
    book = Book("en", {})
    book.extra_sheets = {"Sheet1": [["hello"]]}
    issues = structural(book.save(tmp_path / "empty-book.xlsx"))
    assert [issue.sheet for issue in issues] == [
        "志愿者 (Volunteers)",
        "岗位 (Posts)",
        "班次 (Shifts)",
    ]


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_two_missing_columns_are_both_reported(tmp_path, lang):
    book = base(lang)
    book.drop_column("Volunteers", "name")
    book.drop_column("Volunteers", "general_training")
    issues = structural(book.save(tmp_path / "missing-columns.xlsx"))
    sheet = "志愿者" if lang == "zh" else "Volunteers"
    assert [(i.sheet, i.row, i.column) for i in issues] == [
        (sheet, 1, "姓名 (name)"),
        (sheet, 1, "通用培训 (general_training)"),
    ]
    assert all("required column is missing" in issue.problem_text("en") for issue in issues)
    assert "no header 姓名 or name in row 1" in issues[0].problem_text("en")


def test_missing_sheet_and_missing_column_are_listed_together(tmp_path):
    book = base("en")
    del book.tables["Shifts"]
    book.drop_column("Posts", "category")
    issues = structural(book.save(tmp_path / "two-problems.xlsx"))
    assert {(i.sheet, i.column) for i in issues} == {
        ("班次 (Shifts)", ""),
        ("Posts", "服务类别 (category)"),
    }


def test_duplicate_volunteer_id_names_both_rows(tmp_path):
    book = base("zh")
    book.put("Volunteers", 2, "volunteer_id", 1001)  # a number cell equal to the text "1001"
    (issue,) = structural(book.save(tmp_path / "duplicate-volunteer.xlsx"))
    assert (issue.sheet, issue.row, issue.column, issue.value) == (
        "志愿者",
        3,
        "志愿者编号",
        "1001",
    )
    assert "repeats the volunteer_id of row 2" in issue.problem_text("en")


def test_duplicate_post_and_volunteer_ids_are_listed_together(tmp_path):
    book = base("en")
    book.put("Volunteers", 2, "volunteer_id", "1001")
    book.put("Posts", 3, "post_id", "P1")
    issues = structural(book.save(tmp_path / "duplicates.xlsx"))
    assert [(i.sheet, i.row, i.column, i.value) for i in issues] == [
        ("Volunteers", 3, "volunteer_id", "1001"),
        ("Posts", 4, "post_id", "P1"),
    ]
    assert "repeats the post_id of row 2" in issues[1].problem_text("en")


def test_duplicate_id_is_listed_with_a_missing_sheet(tmp_path):
    book = base("en")
    del book.tables["Shifts"]
    book.put("Volunteers", 2, "volunteer_id", "1001")
    issues = structural(book.save(tmp_path / "duplicate-and-missing.xlsx"))
    assert {(i.sheet, i.row) for i in issues} == {("班次 (Shifts)", None), ("Volunteers", 3)}


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        (b"", "is empty: it is not a workbook"),
        (b"volunteer_id,name\n1001,Zhang\n", "is not an .xlsx workbook: open it in Excel or WPS"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100, "is a legacy .xls"),
        (b"PK\x03\x04 not really a zip", "is not a readable .xlsx workbook"),
    ],
)
def test_unreadable_files(tmp_path, content, problem):
    path = tmp_path / "roster.xlsx"
    path.write_bytes(content)
    (issue,) = structural(path)
    assert issue.sheet == "roster.xlsx" and problem in issue.problem_text("en")


def test_missing_file(tmp_path):
    (issue,) = structural(tmp_path / "nowhere.xlsx")
    assert (issue.sheet, issue.problem_text("en")) == ("nowhere.xlsx", "no such file")


# --- row problems ------------------------------------------------------------------------------

ROW_PROBLEMS = [
    # sheet, data row, column key, value, problem
    ("Shifts", 1, "start", "25:00", "is not a time of day"),
    ("Shifts", 2, "end", "晚上", "is not a time"),
    ("Shifts", 1, "date", "2022-13-01", "is not a day of the calendar"),
    ("Shifts", 3, "date", "明天", "is not a date"),
    ("Shifts", 1, "required", "两个", "is not a number"),
    ("Shifts", 1, "required", 1.5, "is not a whole number"),
    ("Shifts", 1, "required", 0, "must be a whole number of at least 1"),
    ("Shifts", 2, "required", -2, "must be a whole number of at least 1"),
    ("Shifts", 2, "post_id", "P9", "is not a post of the Posts sheet"),
    ("Shifts", 1, "start", "24:00", "is the end of the day"),
    ("Volunteers", 1, "availability", "早上", "is not a time window"),
    ("Volunteers", 1, "general_training", "也许", "is not yes or no"),
    ("Volunteers", 2, "insured", "maybe", "is not yes or no"),
    ("Volunteers", 2, "healthy", "还行", "is not a health status"),
    ("Volunteers", 1, "community", "南苑社区", "is not in the Communities sheet"),
    ("Volunteers", 1, "latitude", 95, "is outside -90 to 90 degrees"),
    ("Volunteers", 1, "longitude", -181, "is outside -180 to 180 degrees"),
    ("Volunteers", 1, "max_hours", "很多", "is not a number"),
    ("Volunteers", 1, "max_hours", -1, "is negative"),
    ("Volunteers", 2, "name", None, "is required but empty"),
    ("Volunteers", 1, "trained_categories", "扫地", 'names "扫地", which is not one of the ten'),
    ("Volunteers", 1, "preferences", "11", 'names "11", which is not one of the ten'),
    ("Posts", 1, "category", "扫地", "is not one of the ten service categories"),
    ("Posts", 3, "community", "南苑社区", "is not in the Communities sheet"),
    ("Posts", 1, "zone", "红区", "is not a zone type"),
    ("Posts", 1, "priority", 6, "is outside 1 (lowest) to 5 (highest)"),
    ("Posts", 3, "latitude", 91, "is outside -90 to 90 degrees"),
    ("Posts", 1, "online", "不知道", "is not yes or no"),
]


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize(("sheet", "row", "key", "value", "problem"), ROW_PROBLEMS)
def test_row_problem_is_an_issue_at_its_place_and_the_row_is_rejected(
    tmp_path, lang, sheet, row, key, value, problem
):
    book = base(lang)
    book.put(sheet, row, key, value)
    roster = read(book, tmp_path)
    issue, *more = errors(roster)
    assert len(more) == (1 if sheet == "Posts" else 0)  # a bad post also rejects its shift
    shown = "" if value is None else str(value)
    where = (issue.sheet, issue.row, issue.column, issue.value)
    assert where == (book.names[sheet], row + 1, book.header(sheet, key), shown)
    assert problem in issue.problem_text("en")
    assert issue.text("en").startswith(f"{book.names[sheet]}, row {row + 1}, column ")

    prefix = f"{book.names[sheet]} row {row + 1}: {book.header(sheet, key)}"
    if sheet == "Volunteers":
        (rejected,) = roster.rejected_volunteers
        assert rejected.row == row + 1 and rejected.reason.render("en").startswith(prefix)
        assert rejected.volunteer_id == ["1001", "1002"][row - 1]
        assert rejected.volunteer_id not in roster.volunteer_by_id
        assert len(roster.volunteers) == 1 and len(roster.shifts) == 3
    elif sheet == "Shifts":
        (rejected,) = roster.rejected_shifts
        assert rejected.row == row + 1 and rejected.reason.render("en").startswith(prefix)
        assert problem in rejected.reason.render("en")
        assert len(roster.shifts) == 2 and len(roster.volunteers) == 2
    else:  # a bad post leaves its shifts out, each with the post's reason
        post_id = f"P{row}"
        assert post_id not in roster.post_by_id
        (rejected,) = roster.rejected_shifts
        assert rejected.post_id == post_id and rejected.row == row + 1
        assert "names a post whose own row has a problem" in rejected.reason.render("en")
        assert prefix in rejected.reason.render("en") and problem in rejected.reason.render("en")


def test_row_problem_counts_title_rows_and_keeps_headers_as_typed(tmp_path):
    book = base("en")
    book.names["Shifts"] = "shifts"
    book.headers["Shifts"][3] = "Start Time"
    book.above["Shifts"] = [["Shifts for 21 November"], []]
    book.tables["Shifts"].insert(1, [None] * 6)  # a blank row is still counted
    book.put("Shifts", 3, "start", "8点99")
    roster = read(book, tmp_path)
    (issue,) = errors(roster)
    problem = issue.problem_text("en")
    assert issue.text("en") == 'shifts, row 6, column Start Time: "8点99" ' + problem
    assert "is not a time of day" in issue.problem_text("en")
    (rejected,) = roster.rejected_shifts
    assert (rejected.shift_id, rejected.row, rejected.start) == ("S2", 6, "8点99")
    assert rejected.reason.render("en").startswith(
        'shifts row 6: Start Time "8点99": is not a time of day'
    )


def test_row_numbers_count_empty_rows_and_columns_before_the_table(tmp_path):
    book = base("en")
    book.above["Shifts"] = [[], []]
    book.put("Shifts", 2, "start", "25:00")
    path = book.save(tmp_path / "offset.xlsx")
    workbook = openpyxl.load_workbook(path)
    workbook["Shifts"].insert_cols(1, 2)  # the table starts in column C, row 3
    workbook.save(path)
    roster = read_roster(path)
    (issue,) = errors(roster)
    assert (issue.sheet, issue.row, issue.column, issue.value) == ("Shifts", 5, "start", "25:00")
    assert [s.row for s in roster.shifts] == [4, 6]


def test_header_with_a_line_break_is_named_on_one_line(tmp_path):
    book = base("zh")
    book.headers["Volunteers"][7] = "可服务\n时段"
    book.put("Volunteers", 1, "availability", "全天")
    (issue,) = errors(read(book, tmp_path))
    assert (issue.row, issue.column, issue.value) == (2, "可服务 时段", "全天")


def test_every_row_problem_of_a_workbook_is_listed(tmp_path):
    book = base("zh")
    book.put("Volunteers", 1, "general_training", "也许")
    book.put("Volunteers", 1, "max_hours", "很多")
    book.put("Shifts", 2, "start", "25:00")
    book.put("Shifts", 3, "required", 0)
    roster = read(book, tmp_path)
    assert [(i.sheet, i.row, i.column) for i in errors(roster)] == [
        ("志愿者", 2, "通用培训"),
        ("志愿者", 2, "每日最多小时"),
        ("班次", 3, "开始时间"),
        ("班次", 4, "需求人数"),
    ]
    (volunteer,) = roster.rejected_volunteers
    reason = volunteer.reason.render("en")
    assert "通用培训" in reason and "每日最多小时" in reason
    assert [s.shift_id for s in roster.rejected_shifts] == ["S2", "S3"]


def test_rejected_shift_without_a_readable_id_is_named_by_its_row(tmp_path):
    book = base("en")
    book.put("Shifts", 1, "date", "someday")
    (rejected,) = read(book, tmp_path).rejected_shifts
    assert rejected.shift_id == "Shifts#2"  # no id typed: the sheet and row, in no language
    assert (rejected.post_id, rejected.date, rejected.required) == ("P1", "someday", 2)


def test_identifier_too_long_for_a_number_cell_is_a_row_problem(tmp_path):
    book = base("en")
    book.put("Volunteers", 1, "volunteer_id", 110101199001011234)  # an ID card typed as a number
    roster = read(book, tmp_path)
    (issue,) = errors(roster)
    assert (issue.sheet, issue.row, issue.column) == ("Volunteers", 2, "volunteer_id")
    assert "format the column as text" in issue.problem_text("en")
    assert [r.row for r in roster.rejected_volunteers] == [2]
