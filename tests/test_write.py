"""Writing roster workbooks: the contract's sheets, headers and cell forms, and the round trip."""

from __future__ import annotations

import dataclasses
import datetime as dt

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from scheduler.domain import (
    Category,
    Community,
    Post,
    Roster,
    Settings,
    Shift,
    TimeWindow,
    Volunteer,
    Zone,
)
from scheduler.example import generate_roster
from scheduler.roster import write
from scheduler.roster.reader import read_roster
from scheduler.roster.sheets import (
    AVAILABILITY,
    COMMUNITIES,
    FIXED,
    POSTS,
    SETTING_KEYS,
    SETTINGS,
    SHIFTS,
    VOLUNTEERS,
)
from scheduler.roster.template import INSTRUCTIONS, contract_word
from scheduler.roster.write import write_roster

DAY = dt.date(2022, 11, 21)
EMPTY = Roster(volunteers=(), posts=(), shifts=())


def small_roster() -> Roster:
    """Two volunteers, an offline and an online post, three shifts with every kind of end."""
    return Roster(
        volunteers=(
            Volunteer(
                "1001",
                "=HYPERLINK(1)",
                "东苑社区",
                phone="13800000000",
                skills=frozenset({"driving", "medical"}),
                general_training=True,
                trained_categories=frozenset(Category),
                availability=(TimeWindow(480, 720), TimeWindow(1200, 1920)),
                max_hours=6.0,
                preferences=frozenset({Category.supply_delivery, Category.community_gate}),
                insured=True,
                latitude=39.912345,
                longitude=116.401234,
            ),
            Volunteer("0042", "李四", "和平里社区", healthy=False),
        ),
        posts=(
            Post(
                "P1",
                "东门值守",
                Category.community_gate,
                "东苑社区",
                Zone.sealed,
                high_risk=True,
                priority=3,
            ),
            Post("P2", "心理疏导热线", Category.psychological_support, online=True, priority=5),
        ),  # fmt: skip
        shifts=(
            Shift("S1", "P1", DAY, 420, 660, 2),
            Shift("S2", "P1", DAY, 1320, 1800, 1),
            Shift("S3", "P2", DAY, 960, 1440, 3),
        ),
        communities=(
            Community("东苑社区", "安贞街道", "朝阳区", 39.91, 116.40),
            Community("和平里社区", "和平里街道", "东城区", 39.95, 116.42),
        ),
        settings=Settings(max_distance_km=2.5, require_post_training=False),
    )


def write_and_open(roster: Roster, tmp_path, lang: str) -> openpyxl.Workbook:
    path = tmp_path / f"roster-{lang}.xlsx"
    write_roster(roster, path, lang)
    return openpyxl.load_workbook(path)


def rows(workbook: openpyxl.Workbook, sheet, lang: str) -> list[dict[str, object]]:
    """The data rows of a sheet as {column key: value}."""
    worksheet = workbook[sheet.label(lang)]
    keys = [column.key for column in sheet.columns]
    return [dict(zip(keys, row, strict=False)) for row in worksheet.iter_rows(2, values_only=True)]


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_template_is_every_sheet_with_headers_only(tmp_path, lang):
    """Instructions first (a name no contract sheet matches), then every sheet the reader reads."""
    workbook = write_and_open(EMPTY, tmp_path, lang)
    sheets = (VOLUNTEERS, POSTS, SHIFTS, COMMUNITIES, AVAILABILITY, SETTINGS, FIXED)
    assert workbook.sheetnames == [INSTRUCTIONS[lang]] + [sheet.label(lang) for sheet in sheets]
    for sheet in sheets:
        worksheet = workbook[sheet.label(lang)]
        assert [cell.value for cell in worksheet[1]] == [c.label(lang) for c in sheet.columns]
        assert worksheet.freeze_panes == "A2"
        assert worksheet.auto_filter.ref.startswith("A1:")
        if sheet is not SETTINGS:
            assert worksheet.max_row == 1


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_settings_lists_every_key(tmp_path, lang):
    workbook = write_and_open(small_roster(), tmp_path, lang)
    found = {row["key"]: row["value"] for row in rows(workbook, SETTINGS, lang)}
    expected_keys = [s.zh if lang == "zh" else s.key for s in SETTING_KEYS]
    assert list(found) == expected_keys
    by_key = dict(zip([s.key for s in SETTING_KEYS], found.values(), strict=True))
    assert by_key["daily_cap_hours"] == 8
    assert by_key["max_distance_km"] == 2.5
    assert by_key["require_post_training"] == ("否" if lang == "zh" else "no")


def test_identifiers_and_phones_are_text_cells(tmp_path):
    workbook = write_and_open(small_roster(), tmp_path, "zh")
    worksheet = workbook[VOLUNTEERS.zh]
    ids = [worksheet.cell(row, 1) for row in (2, 3)]
    assert [(cell.value, cell.data_type) for cell in ids] == [("1001", "s"), ("0042", "s")]
    assert (worksheet.cell(2, 3).value, worksheet.cell(2, 3).data_type) == ("13800000000", "s")
    assert worksheet.cell(2, 1).number_format == "@"


def test_formula_like_text_stays_text(tmp_path):
    workbook = write_and_open(small_roster(), tmp_path, "en")
    cell = workbook[VOLUNTEERS.key].cell(2, 2)
    assert (cell.value, cell.data_type) == ("=HYPERLINK(1)", "s")


def test_dates_and_times_are_excel_values(tmp_path):
    workbook = write_and_open(small_roster(), tmp_path, "zh")
    worksheet = workbook[SHIFTS.zh]
    date, start, end = (worksheet.cell(2, column) for column in (3, 4, 5))
    assert date.is_date and date.number_format == "yyyy-mm-dd"
    assert date.value.date() == DAY
    assert start.is_date and start.number_format == "hh:mm" and start.value == dt.time(7, 0)
    assert end.value == dt.time(11, 0)
    assert worksheet.cell(3, 5).value == dt.time(6, 0)  # 22:00-06:00 ends the next day
    assert (worksheet.cell(4, 5).value, worksheet.cell(4, 5).data_type) == ("24:00", "s")


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        (
            "zh",
            dict(
                skills="医护、驾驶",
                general_training="是",
                trained_categories="全部",
                availability="08:00-12:00、20:00-08:00",
                max_hours=6,
                preferences="社区值守、物资配送",
                healthy="健康",
                insured="是",
            ),
        ),
        (
            "en",
            dict(
                skills="medical, driving",
                general_training="yes",
                trained_categories="all",
                availability="08:00-12:00, 20:00-08:00",
                max_hours=6,
                preferences="community_gate, supply_delivery",
                healthy="yes",
                insured="yes",
            ),
        ),
    ],
)
def test_volunteer_values_in_the_contract_forms(tmp_path, lang, expected):
    first, second = rows(write_and_open(small_roster(), tmp_path, lang), VOLUNTEERS, lang)
    assert {key: first[key] for key in expected} == expected
    assert (first["latitude"], first["longitude"]) == (39.912345, 116.401234)
    assert second["max_hours"] is None  # blank = 8
    assert second["healthy"] == ("异常" if lang == "zh" else "no")
    assert second["skills"] is None and second["latitude"] is None


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_post_values_in_the_contract_forms(tmp_path, lang):
    offline, online = rows(write_and_open(small_roster(), tmp_path, lang), POSTS, lang)
    yes, no = ("是", "否") if lang == "zh" else ("yes", "no")
    assert offline["category"] == contract_word(Category.community_gate, lang)
    assert offline["zone"] == ("封控区" if lang == "zh" else "sealed")
    assert (offline["high_risk"], offline["online"], offline["priority"]) == (yes, no, 3)
    assert online["community"] is None and online["required_skills"] is None
    assert (online["online"], online["high_risk"], online["priority"]) == (yes, no, 5)


def test_availability_sheet_only_when_some_volunteer_has_dated_windows(tmp_path):
    roster = small_roster()
    assert AVAILABILITY.zh not in write_and_open(roster, tmp_path, "zh").sheetnames
    dated = ((DAY, TimeWindow(1320, 1800)), (DAY + dt.timedelta(days=1), TimeWindow(0, 1440)))
    first = dataclasses.replace(roster.volunteers[0], dated_availability=dated)
    roster = dataclasses.replace(roster, volunteers=(first, *roster.volunteers[1:]))
    found = rows(write_and_open(roster, tmp_path, "en"), AVAILABILITY, "en")
    assert [(row["volunteer_id"], row["start"], row["end"]) for row in found] == [
        ("1001", dt.time(22, 0), dt.time(6, 0)),
        ("1001", dt.time(0, 0), "24:00"),
    ]


def test_communities_sheet_left_out_when_a_filled_roster_has_none(tmp_path):
    """The contract checks every community against that sheet whenever it exists."""
    roster = dataclasses.replace(small_roster(), communities=())
    assert COMMUNITIES.key not in write_and_open(roster, tmp_path, "en").sheetnames


def test_chinese_text_gets_a_wider_column(tmp_path):
    names = ("长" * 20, "x" * 20)
    volunteers = tuple(Volunteer(f"V{i}", name, "东苑社区") for i, name in enumerate(names))
    roster = dataclasses.replace(EMPTY, volunteers=volunteers)
    worksheet = write_and_open(roster, tmp_path, "zh")[VOLUNTEERS.zh]
    assert worksheet.column_dimensions["B"].width >= 40


def test_replaces_the_file_and_leaves_no_temporary_file(tmp_path):
    path = tmp_path / "roster.xlsx"
    path.write_bytes(b"old")
    write_roster(small_roster(), path)
    assert openpyxl.load_workbook(path).sheetnames[1] == VOLUNTEERS.zh
    assert [item.name for item in tmp_path.iterdir()] == ["roster.xlsx"]


def test_unknown_language_is_refused_before_writing(tmp_path):
    with pytest.raises(ValueError, match="lang"):
        write_roster(EMPTY, tmp_path / "roster.xlsx", "fr")
    assert not list(tmp_path.iterdir())


# --- round trip through the reader -------------------------------------------------------


def without_rows(items: tuple) -> tuple:
    return tuple(dataclasses.replace(item, row=0) for item in items)


def assert_same_roster(read: Roster, written: Roster) -> None:
    assert read.issues == ()
    assert without_rows(read.volunteers) == written.volunteers
    assert without_rows(read.posts) == written.posts
    assert without_rows(read.shifts) == written.shifts
    assert read.communities == written.communities
    assert read.settings == written.settings


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_round_trip_small_roster(tmp_path, lang):
    path = tmp_path / "roster.xlsx"
    write_roster(small_roster(), path, lang)
    assert_same_roster(read_roster(path), small_roster())


@pytest.mark.parametrize(("lang", "streaming"), [("zh", True), ("en", False)])
def test_round_trip_generated_roster_over_several_days(tmp_path, monkeypatch, lang, streaming):
    """Large rosters are streamed row by row (constant_memory); the file must read the same."""
    monkeypatch.setattr(write, "STREAMING_ROWS", 0 if streaming else 10**9)
    roster = generate_roster(150, seed=7, days=3)
    assert any(volunteer.dated_availability for volunteer in roster.volunteers)
    path = tmp_path / "roster.xlsx"
    write_roster(roster, path, lang)
    assert_same_roster(read_roster(path), roster)


def test_template_reads_back_as_an_empty_roster(tmp_path):
    path = tmp_path / "template.xlsx"
    write_roster(EMPTY, path)
    assert_same_roster(read_roster(path, require_rows=False), EMPTY)


_TEXT = st.text(alphabet="0123456789AZaz=+-@#东苑社区李四 ", min_size=1, max_size=8).map(
    lambda text: text.strip() or "0"
)
_MINUTE = st.integers(0, 24 * 60 - 1)


@st.composite
def windows(draw) -> TimeWindow:
    start = draw(_MINUTE)
    return TimeWindow(start, start + draw(st.integers(1, 24 * 60)))


@st.composite
def volunteers(draw, volunteer_id: str) -> Volunteer:
    coordinates = draw(st.none() | st.tuples(st.floats(-90, 90), st.floats(-180, 180)))
    if coordinates is not None:  # a spreadsheet keeps 15 digits: real coordinates have fewer
        coordinates = tuple(round(value, 6) for value in coordinates)
    latitude, longitude = coordinates or (None, None)
    return Volunteer(
        volunteer_id,
        draw(_TEXT),
        "东苑社区",
        phone=draw(st.from_regex(r"\A(0\d{2,3}\d{7,8}|1\d{10})?\Z")),  # leading 0s stay text
        skills=draw(st.frozensets(st.sampled_from(["medical", "it", "driving", "social_work"]))),
        general_training=draw(st.booleans()),
        trained_categories=draw(st.frozensets(st.sampled_from(list(Category)))),
        availability=tuple(draw(st.lists(windows(), max_size=3))),
        max_hours=draw(st.sampled_from([0.0, 2.5, 4.0, 8.0])),
        preferences=draw(st.frozensets(st.sampled_from(list(Category)), max_size=3)),
        healthy=draw(st.booleans()),
        insured=draw(st.booleans()),
        latitude=latitude,
        longitude=longitude,
    )


@st.composite
def rosters(draw) -> Roster:
    ids = draw(st.lists(_TEXT, min_size=1, max_size=4, unique=True))
    people = tuple(draw(volunteers(volunteer_id)) for volunteer_id in ids)
    zone = draw(st.sampled_from(list(Zone)))
    post = Post(
        "0012",
        draw(_TEXT),
        draw(st.sampled_from(list(Category))),
        "东苑社区",
        zone,
        high_risk=draw(st.booleans()),
        priority=draw(st.integers(1, 5)),
    )
    shifts = tuple(
        Shift(f"S{index}", "0012", DAY, window.start, window.end, draw(st.integers(1, 9)))
        # a whole-day shift (end == start) reads back with its warning: not a round trip
        for index, window in enumerate(
            draw(
                st.lists(windows().filter(lambda w: w.end - w.start < 1440), min_size=1, max_size=4)
            )
        )
    )
    return Roster(people, (post,), shifts, (Community("东苑社区"),))


@settings(
    max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(roster=rosters(), lang=st.sampled_from(["zh", "en"]))
def test_round_trip_any_roster(tmp_path, roster, lang):
    path = tmp_path / "roster.xlsx"
    write_roster(roster, path, lang)
    assert_same_roster(read_roster(path), roster)
