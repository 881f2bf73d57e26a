"""Reading one cell: every value form of ROSTER_FORMAT.md, and the message for the rest."""

from __future__ import annotations

import datetime as dt

import pytest

from scheduler.domain import Category, TimeWindow, Zone
from scheduler.roster import values
from scheduler.roster.values import CellError

# --- identifiers -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        (1001.0, "1001"),  # a number cell: never "1001.0"
        (1001, "1001"),
        ("0042", "0042"),  # leading zeros typed as text are kept
        ("  0042\u3000", "0042"),
        (13800000000.0, "13800000000"),  # a phone number typed as a number
        (999999999999999.0, "999999999999999"),  # 15 digits: Excel keeps them all
        ("V-01", "V-01"),
        ("", ""),
        (None, ""),
    ],
)
def test_identifier_is_text(cell, expected):
    assert values.text(cell) == expected


@pytest.mark.parametrize("cell", [123456789012345678.0, 1.0e15])
def test_identifier_too_long_for_a_number_cell_says_format_as_text(cell):
    with pytest.raises(CellError, match="format the column as text"):
        values.text(cell)


# --- lists -------------------------------------------------------------------------------------


@pytest.mark.parametrize("separator", [",", "，", "、", ";", "；", "/", "\n", "\r\n", " , "])
def test_list_separators(separator):
    assert values.items(f"医护{separator}驾驶{separator}社工") == ["医护", "驾驶", "社工"]


def test_list_drops_empty_items():
    assert values.items("医护,,、 ;\n") == ["医护"]
    assert values.items("") == []


# --- yes/no ------------------------------------------------------------------------------------

YES_WORDS = ["yes", "y", "true", "1", "是", "有", "通过", "合格", "√", "✓", "YES", "True"]
NO_WORDS = ["no", "n", "false", "0", "否", "无", "未通过", "不合格", "×", "NO", "False"]


@pytest.mark.parametrize("word", YES_WORDS)
def test_yes_words(word):
    assert values.yes_no(word) is True


@pytest.mark.parametrize("word", NO_WORDS)
def test_no_words(word):
    assert values.yes_no(word) is False


@pytest.mark.parametrize(
    ("cell", "expected"), [(True, True), (False, False), (1.0, True), (0, False)]
)
def test_yes_no_from_boolean_and_number_cells(cell, expected):
    assert values.yes_no(cell) is expected


@pytest.mark.parametrize("cell", ["", None, " ", "\u3000"])
def test_blank_yes_no_is_no_unless_the_column_says_otherwise(cell):
    assert values.yes_no(cell) is False
    assert values.yes_no(cell, blank=True) is True


@pytest.mark.parametrize("cell", ["也许", "maybe", 2, "yes no"])
def test_other_yes_no_is_refused(cell):
    with pytest.raises(CellError, match="is not yes or no"):
        values.yes_no(cell)


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("健康", True),
        ("正常", True),
        ("yes", True),
        ("", True),  # blank = healthy
        ("异常", False),
        ("有症状", False),
        ("发热", False),
        ("隔离", False),
        ("no", False),
    ],
)
def test_healthy_words(cell, expected):
    assert values.healthy(cell) is expected


def test_unknown_health_word_is_refused_with_the_words_the_column_takes():
    with pytest.raises(CellError, match="is not a health status") as raised:
        values.healthy("还行吧")
    assert raised.value.message.render("zh") == (
        "不是健康状况（请填 健康、正常，或 异常、有症状、发热、隔离；空白表示健康）"
    )


# --- dates -------------------------------------------------------------------------------------

NOV_20 = dt.date(2022, 11, 20)


@pytest.mark.parametrize(
    "cell",
    [
        NOV_20,  # an Excel date
        dt.datetime(2022, 11, 20, 0, 0),
        dt.datetime(2022, 11, 20, 15, 30),
        44885.0,  # the serial number of 2022-11-20
        44885,
        "2022-11-20",
        "2022/11/20",
        "2022.11.20",
        "2022年11月20日",
        "2022-11-20 ",
        "２０２２－１１－２０",  # full-width
        "2022 年 11 月 20 日",
    ],
)
def test_date_forms(cell):
    assert values.date(cell) == NOV_20


def test_date_with_single_digit_month_and_day():
    assert values.date("2022/1/5") == dt.date(2022, 1, 5)


@pytest.mark.parametrize(
    ("cell", "message"),
    [
        ("2022-02-30", "is not a day of the calendar"),
        ("2022-13-01", "is not a day of the calendar"),
        ("20221120", "is not a date"),
        ("明天", "is not a date"),
        ("11/20/2022", "is not a date"),
        ("", "is not a date"),
        (-1, "is not a date"),
        (True, "is not a date"),
    ],
)
def test_invalid_dates(cell, message):
    with pytest.raises(CellError, match=message):
        values.date(cell)


# --- times -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("cell", "minutes"),
    [
        (dt.time(8, 30), 510),  # an Excel time
        (dt.datetime(2022, 11, 20, 8, 30), 510),
        (0.5, 720),  # a day fraction
        (0.0, 0),
        (1.0, 1440),
        (dt.timedelta(hours=8), 480),
        ("8:00", 480),
        ("08:00", 480),
        ("8:00:00", 480),
        ("8点", 480),
        ("8点30", 510),
        ("8点30分", 510),
        ("24:00", 1440),  # the end of the day
        ("00:00", 0),
        ("８：００", 480),  # full-width digits and colon
        (" 08:00\u3000", 480),
    ],
)
def test_time_forms(cell, minutes):
    assert values.time(cell) == minutes


@pytest.mark.parametrize(
    ("cell", "message"),
    [
        ("25:00", "is not a time of day"),
        ("24:01", "is not a time of day"),
        ("8:60", "is not a time of day"),
        ("abc", r"is not a time \(write 08:00\)"),
        ("8:00 am", "is not a time"),
        ("-1:00", "is not a time"),
        ("", "is not a time"),
        (1.5, "is not a time of day"),
        (-0.1, "is not a time of day"),
        (True, "is not a time"),
    ],
)
def test_bad_times(cell, message):
    with pytest.raises(CellError, match=message):
        values.time(cell)


# --- windows -----------------------------------------------------------------------------------


@pytest.mark.parametrize("separator", ["-", "~", "～", "—", "至", "到", " - ", "－", "–"])
def test_window_separators(separator):
    assert values.window(f"08:00{separator}12:00") == TimeWindow(480, 720)


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("22:00-06:00", TimeWindow(1320, 1800)),  # overnight: ends the next morning
        ("08:00-24:00", TimeWindow(480, 1440)),
        ("00:00-24:00", TimeWindow(0, 1440)),
        ("8点-12点30", TimeWindow(480, 750)),
        ("０８：００～１２：００", TimeWindow(480, 720)),
        ("08:00-08:00", TimeWindow(480, 1920)),  # end at the start: runs a whole day
    ],
)
def test_window_forms(cell, expected):
    assert values.window(cell) == expected


@pytest.mark.parametrize(
    ("cell", "message"),
    [
        ("08:00", "is not a time window"),
        ("08:00-", "is not a time window"),
        ("08:00-12:00-14:00", "is not a time window"),
        ("08:00-25:00", "is not a time window"),
        ("早上", "is not a time window"),
        ("morning", "is not a time window"),
        ("24:00-06:00", "starts at 24:00"),
    ],
)
def test_bad_windows(cell, message):
    with pytest.raises(CellError, match=message):
        values.window(cell)


def test_window_list_with_every_separator():
    found = values.windows("08:00-10:00、11:00-12:00/13:00-14:00\n15:00-16:00;17:00-18:00")
    assert [w.start // 60 for w in found] == [8, 11, 13, 15, 17]


def test_blank_window_list_is_empty_and_a_single_time_is_refused():
    assert values.windows("") == ()
    with pytest.raises(CellError, match="single time, not a window"):
        values.windows(dt.time(8, 0))


# --- categories --------------------------------------------------------------------------------


@pytest.mark.parametrize("category", list(Category))
def test_category_by_code_chinese_name_and_number(category):
    assert values.category(category.value) == category
    assert values.category(category.value.upper()) == category
    assert values.category(category.zh) == category
    assert values.category(category.number) == category
    assert values.category(str(category.number)) == category
    assert values.category(float(category.number)) == category  # 3.0 read from a number cell


@pytest.mark.parametrize("cell", ["扫地", "11", 0, 11, "", "nucleic"])
def test_unknown_category_is_refused_with_how_to_write_it(cell):
    with pytest.raises(CellError, match="is not one of the ten service categories.*1-10"):
        values.category(cell)


@pytest.mark.parametrize("word", ["all", "ALL", "全部", " 全部 "])
def test_all_in_trained_categories(word):
    assert values.categories(word, allow_all=True) == frozenset(Category)


def test_all_is_only_allowed_where_the_column_says():
    with pytest.raises(CellError, match='names "全部"'):
        values.categories("全部")


def test_category_list_mixes_forms():
    assert values.categories("1、物资配送, disinfection") == {
        Category.nucleic_acid_testing,
        Category.supply_delivery,
        Category.disinfection,
    }


def test_category_list_names_the_bad_item():
    with pytest.raises(CellError, match='names "扫地"'):
        values.categories("核酸检测、扫地")


# --- skills ------------------------------------------------------------------------------------

KNOWN_SKILLS = {
    "medical": ["医护", "医生", "护士", "医务人员", "医学"],
    "psychological": ["心理咨询", "心理咨询师", "心理"],
    "social_work": ["社会工作", "社工"],
    "emergency_rescue": ["应急救援"],
    "education": ["文化教育", "教师"],
    "it": ["网络技术", "信息技术"],
    "driving": ["驾驶", "驾照", "司机", "交通运输"],
    "mediation": ["调解", "矛盾调解"],
}


@pytest.mark.parametrize(
    ("label", "code"),
    [(label, code) for code, labels in KNOWN_SKILLS.items() for label in (code, *labels)],
)
def test_known_skill_labels_map_to_the_code(label, code):
    assert values.skill(label) == code
    assert values.skills(f" {label}\u3000") == {code}


def test_skill_code_variants():
    assert values.skills("Social Work、SOCIAL_WORK、ＩＴ") == {"social_work", "it"}


def test_unknown_skill_labels_are_kept_normalised():
    assert values.skills("摄影、 Photo  Graphy ,ＵＡＶ") == {"摄影", "photo graphy", "uav"}


# --- zones -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("封控区", Zone.sealed),
        ("管控区", Zone.controlled),
        ("防范区", Zone.prevention),
        ("sealed", Zone.sealed),
        (" Controlled ", Zone.controlled),
        ("PREVENTION", Zone.prevention),
        ("", None),  # blank: the caller applies the default
    ],
)
def test_zones(cell, expected):
    assert values.zone(cell) == expected


def test_unknown_zone_is_refused():
    with pytest.raises(CellError, match="is not a zone type"):
        values.zone("红区")


# --- full-width characters and ideographic spaces (NFKC) --------------------------------------


@pytest.mark.parametrize(
    ("parse", "cell", "expected"),
    [
        (values.text, "\u3000ＡＢ１２\u3000", "ＡＢ１２"),  # display form keeps the characters
        (values.yes_no, "\u3000是\u3000", True),
        (values.yes_no, "ＹＥＳ", True),
        (values.yes_no, "ｎｏ", False),
        (values.number, "４．５", 4.5),
        (values.whole_number, "３", 3),
        (values.category, "ｃｏｍｍｕｎｉｔｙ＿ｇａｔｅ", Category.community_gate),
        (values.category, "\u3000核酸检测\u3000", Category.nucleic_acid_testing),
        (values.zone, "ＳＥＡＬＥＤ", Zone.sealed),
        (values.skill, "ＩＴ", "it"),
        (values.time, "１２：３０", 750),
        (values.date, "２０２２年１１月２０日", NOV_20),
    ],
)
def test_full_width_and_ideographic_spaces(parse, cell, expected):
    assert parse(cell) == expected


def test_full_width_list_separators_and_spaces():
    assert values.items("医护，驾驶；社工\u3000、\u3000调解") == ["医护", "驾驶", "社工", "调解"]


# --- numbers and coordinates -------------------------------------------------------------------


@pytest.mark.parametrize(("cell", "message"), [("很多", "is not a number"), (True, "not a number")])
def test_bad_numbers(cell, message):
    with pytest.raises(CellError, match=message):
        values.number(cell)


def test_whole_number_refuses_fractions():
    with pytest.raises(CellError, match="is not a whole number"):
        values.whole_number(2.5)


def test_coordinates_in_range_blank_and_out_of_range():
    assert values.coordinate("39.9", limit=90) == 39.9
    assert values.coordinate("", limit=90) is None
    with pytest.raises(CellError, match="is outside -90 to 90 degrees"):
        values.coordinate(95, limit=90)


def test_a_cell_error_renders_in_the_language_of_the_message_it_is_part_of():
    from scheduler.messages import msg, say

    error = CellError(msg("reader.not_number"))
    assert say("where.located", "zh", where="x", value="", problem=error) == "x：不是数字"
    assert str(error) == "is not a number"
    assert str(CellError("is negative")) == "is negative"  # plain text: the same in both


def test_the_english_display_names_are_read_back_as_their_category_and_zone():
    from scheduler.domain import Category

    for kind in Category:
        assert values.category(kind.label("en")) is kind
        assert values.category(kind.value) is kind
        assert " " in kind.label("en") or kind.label("en").istitle()
    for zone in Zone:
        assert values.zone(zone.label("en")) is zone
    assert Category.nucleic_acid_testing.label("en") == "Nucleic acid testing"
    assert Zone.sealed.label("en") == "Sealed zone"
