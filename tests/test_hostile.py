"""Defective and hostile workbooks through the command line: each gets a message that names its
place (sheet, Excel row, column; the file itself for a file that cannot be opened) and the exit
code the README promises. The workbooks are built by ``tests/hostile.py``, one per defect.
"""

from __future__ import annotations

import builtins
import io
import os
import time
from pathlib import Path

import hostile
import openpyxl
import pytest
from click.testing import CliRunner

from scheduler.cli import cli
from scheduler.roster import read_roster, safety
from scheduler.roster import write as roster_write
from scheduler.roster.sheets import VOLUNTEERS
from scheduler.roster.workbook import load_table, open_workbook
from scheduler.roster.write import write_roster


@pytest.fixture(scope="module")
def books(tmp_path_factory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("hostile")
    built = {name: build(folder) for name, build in hostile.HOSTILE.items()}
    built["clean_roster"] = hostile.clean_roster(folder)
    return built


def run(*args: object):
    """The command line in English: these tests read the messages' English words."""
    args = (args[0], "--lang", "en", *args[1:]) if args and args[0] in ("check", "solve") else args
    result = CliRunner().invoke(cli, [str(arg) for arg in args])
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result


def place(name: str) -> str:
    sheet, row, column = hostile.PLACES[name]
    return f"{sheet}, row {row}, column {column}:"


def test_there_are_at_least_forty_hostile_workbooks():
    assert len(hostile.HOSTILE) >= 40


def test_the_clean_roster_has_no_problem(books):
    result = run("check", books["clean_roster"])
    assert result.exit_code == 0
    assert "3 volunteers, 2 posts, 3 shifts" in result.output
    assert "No problems found." in result.output


# --- files that are refused before any parser opens them ------------------------------------

REFUSED = {
    "empty_file": "is empty: it is not a workbook",
    "text_file_named_xlsx": "is not an .xlsx workbook: open it in Excel or WPS and save it as",
    "legacy_xls": "is a legacy .xls or a password-protected workbook",
    "password_protected": "save it as .xlsx (Excel Workbook) without a password",
    "empty_zip": "is an empty zip archive, not a workbook",
    "truncated_download": "the end of the zip archive is missing",
    "word_document_renamed": "is a Word document, not an Excel workbook",
    "zip_of_other_files": "is a zip archive but not an Excel workbook",
    "zip_bomb_part": "part xl/media/image1.png is compressed 1,026 to 1 (at most 100 to 1",
    "part_larger_than_declared": "part xl/worksheets/sheet2.xml holds more data than it declares",
    "unpacked_size_over_limit": "would unpack to 3,072 MB, more than the 2,048 MB",
    "too_many_parts": "holds 2,013 parts, more than the 2,000",
    "encrypted_zip_part": "is encrypted: save it as .xlsx (Excel Workbook) without a password",
    "two_parts_with_one_name": "holds two parts named XL/WORKSHEETS/SHEET2.XML",
    "entity_bomb_in_shared_strings": "part xl/sharedStrings.xml declares a DTD or entities",
    "external_entity_in_sheet": "part xl/worksheets/sheet2.xml declares a DTD or entities",
    "lowercase_doctype_in_workbook": "part xl/workbook.xml declares a DTD or entities",
    "utf16_sheet": "part xl/worksheets/sheet2.xml is not UTF-8 XML as Excel writes it",
}


@pytest.mark.parametrize("name", sorted(REFUSED))
def test_a_file_that_must_not_be_parsed_is_refused_in_one_line(books, name):
    result = run("check", books[name])
    assert result.exit_code == 1
    lines = [line for line in result.output.splitlines() if f"{name}.xlsx:" in line]
    assert len(lines) == 1, result.output
    assert lines[0].startswith(f"  - {name}.xlsx: ")
    assert REFUSED[name] in lines[0]


def test_a_file_over_the_size_limit_is_refused(books, monkeypatch):
    monkeypatch.setattr(safety, "MAX_FILE_BYTES", 1024)
    result = run("check", books["clean_roster"])
    assert result.exit_code == 1
    assert "clean_roster.xlsx: is 0 MB, more than the 0 MB a roster workbook may be" in (
        result.output
    )


@pytest.mark.parametrize(
    "name",
    [
        "value_in_the_last_cell_of_the_sheet",
        "cells_without_references_far_apart",
        "second_reference_on_a_cell",
        "closing_bracket_inside_an_attribute",
    ],
)
def test_a_sheet_spanning_too_many_cells_is_refused_before_it_is_loaded(books, name):
    """python-calamine would allocate every cell of the rectangle and abort the process."""
    result = run("check", books[name])
    assert result.exit_code == 1
    assert "  - 志愿者: its cells span 1,048," in result.output
    assert "at most 33,554,432 can be read" in result.output


def test_a_huge_sheet_the_roster_does_not_use_is_not_refused(tmp_path):
    sheets = {"草稿": [["x"]], **hostile.base()}

    def edit(workbook):
        workbook["草稿"]["XFD1048576"] = "far away"

    path = hostile.save(sheets, tmp_path / "huge_unused_sheet.xlsx", edit)
    result = run("check", path)
    assert result.exit_code == 0
    assert "No problems found." in result.output


# --- read, with a warning or with no effect ---------------------------------------------------


@pytest.mark.parametrize(
    ("name", "warning"),
    [
        ("macros", "contains macros (vbaProject.bin): they are ignored and never run"),
        ("links_to_other_workbooks", "links to other workbooks (xl/externalLinks)"),
    ],
)
def test_macros_and_external_links_are_ignored_with_a_warning(books, name, warning):
    result = run("check", books[name])
    assert result.exit_code == 0
    assert f"  - [warning] {name}.xlsx: {warning}" in result.output
    assert run("check", "--strict", books[name]).exit_code == 1


NO_EFFECT = [
    "styled_cell_far_below",
    "stray_value_far_below_in_an_extra_column",
    "extra_sheets_and_columns",
    "full_width_headers_with_line_breaks",
    "sheet_names_in_both_languages",
    "hidden_rows_and_columns",
]


def planned(path: Path) -> tuple:
    roster = read_roster(path)
    return (
        tuple(
            (v.volunteer_id, v.community, v.availability, v.max_hours) for v in roster.volunteers
        ),
        tuple((p.post_id, p.category, p.zone, p.priority) for p in roster.posts),
        tuple((s.shift_id, s.post_id, s.date, s.required, s.end - s.start) for s in roster.shifts),
    )


@pytest.mark.parametrize("name", NO_EFFECT)
def test_formatting_hidden_rows_extra_sheets_and_odd_headers_change_nothing(books, name):
    if name == "hidden_rows_and_columns":  # carries one defect, to show its row number
        result = run("check", books[name])
        assert f'  - [row left out] {place(name)} "也许" is not yes or no' in result.output
        return
    result = run("check", books[name])
    assert result.exit_code == 0
    assert "3 volunteers, 2 posts, 3 shifts (4 slots)" in result.output
    if name == "extra_sheets_and_columns":  # the extra column is named, not read
        assert '  - [warning] 志愿者, column O: "备注" is not a column of the roster' in (
            result.output
        )
    else:
        assert "No problems found." in result.output
    assert planned(books[name]) == planned(books["clean_roster"])


def test_look_alike_names_are_the_same_name(books):
    result = run("check", books["look_alike_names"])
    assert result.exit_code == 0
    assert "No problems found." in result.output
    roster = read_roster(books["look_alike_names"])
    assert roster.volunteers[2].community == "1号院"
    assert [shift.post_id for shift in roster.shifts] == ["P01", "P02", "P02"]


def test_date_times_give_their_date_in_a_date_column_and_their_time_in_a_time_column(books):
    result = run("check", books["date_times_where_dates_and_times_belong"])
    assert result.exit_code == 0
    assert "No problems found." in result.output
    shifts = read_roster(books["date_times_where_dates_and_times_belong"]).shifts
    assert [(s.date.isoformat(), s.start) for s in shifts[:2]] == [
        ("2022-11-21", 9 * 60),
        ("2022-11-21", 14 * 60),
    ]


@pytest.mark.parametrize(
    "name", ["stray_value_far_below_in_an_extra_column", "styled_cell_far_below"]
)
def test_a_cell_far_below_costs_no_memory_and_little_time(books, name):
    started = time.perf_counter()
    workbook = open_workbook(books[name])
    table = load_table(workbook, hostile.VOLUNTEERS, VOLUNTEERS)
    assert len(table.rows) == 3  # empty rows after the roster are dropped
    assert time.perf_counter() - started < 20  # 1.5 s here; the old reader took 15 s and 650 MB


def test_a_stray_value_far_below_is_a_row_named_as_excel_numbers_it(books):
    name = "stray_value_far_below_in_the_id_column"
    result = run("check", books[name])
    assert result.exit_code == 0
    assert f"  - [row left out] {place(name)} is required but empty: fill it in" in result.output


# --- structural problems of the contract --------------------------------------------------------

STRUCTURAL = {
    "missing_volunteers_sheet": "  - 志愿者 (Volunteers): required sheet is missing",
    "missing_required_column": "  - 志愿者, row 1, column 通用培训 (general_training): required "
    "column is missing",
    "header_below_row_ten": "  - 岗位, column 岗位编号 (post_id): required column is missing (no "
    "header 岗位编号 or post_id in the first 10 rows)",
    "duplicate_volunteer_id": '  - 志愿者, row 3, column 志愿者编号: "V001" repeats the '
    "volunteer_id of row 2",
    "duplicate_post_id": '  - 岗位, row 3, column 岗位编号: "P01" repeats the post_id of row 2',
    "look_alike_volunteer_id": '  - 志愿者, row 3, column 志愿者编号: "Ｖ００１" repeats the '
    "volunteer_id of row 2",
}


@pytest.mark.parametrize("name", sorted(STRUCTURAL))
def test_a_structural_problem_stops_with_its_place(books, name):
    result = run("check", books[name])
    assert result.exit_code == 1
    assert "cannot be used" in result.output
    assert STRUCTURAL[name] in result.output


# --- problems confined to a row ---------------------------------------------------------------

ROW_PROBLEMS = {
    "bad_time": '"8点半点" is not a time (write 08:00)',
    "bad_date": '"2022-02-30" is not a day of the calendar',
    "time_fraction_in_date_column": '"0.5" is not a date (write 2022-11-20)',
    "unknown_category": '"扫地" is not one of the ten service categories',
    "bad_count": '"两个" is not a number',
    "negative_count": '"-2" must be a whole number of at least 1',
    "fractional_count": '"1.5" is not a whole number',
    "bad_window": '"早上8点到" is not a time window (write 08:00-12:00)',
    "bad_yes_no": '"也许" is not yes or no',
    "bad_health": '"还行吧" is not a health status',
    "unknown_community": '"南苑社区" is not in the Communities sheet',
    "latitude_out_of_range": '"95" is outside -90 to 90 degrees',
    "longitude_out_of_range": '"-200" is outside -180 to 180 degrees',
    "max_hours_not_a_number": '"八小时" is not a number',
    "negative_max_hours": '"-1" is negative: write 0 to 8 hours',
    "shift_names_unknown_post": '"P99" is not a post of the Posts sheet',
    "id_lost_digits": "is a number too long for Excel to keep every digit: format the column "
    "as text and retype it",
    "phone_lost_digits": "is a number too long for Excel to keep every digit: format the column "
    "as text and retype it",
    "priority_out_of_range": '"7" is outside 1 (lowest) to 5 (highest)',
    "unknown_zone": '"红区" is not a zone type',
    "unknown_trained_category": 'names "扫地", which is not one of the ten service categories',
    "blank_required_name": "is required but empty: fill it in",
    "duplicate_shift_id": '"S01" repeats the shift of row 2',
    "time_in_a_window_column": "is a single time, not a window",
    "title_banner_above_the_header": '"8点-12" is not a time (write 08:00)',
    "hidden_rows_and_columns": '"也许" is not yes or no',
}


@pytest.mark.parametrize("name", sorted(ROW_PROBLEMS))
def test_a_row_problem_names_sheet_row_and_column_and_the_run_goes_on(books, name):
    result = run("check", books[name])
    assert result.exit_code == 0
    assert f"  - [row left out] {place(name)} " in result.output
    line = next(line for line in result.output.splitlines() if place(name) in line)
    assert ROW_PROBLEMS[name] in line
    strict = run("check", "--strict", books[name])
    assert strict.exit_code == 1
    assert place(name) in strict.output


def test_max_hours_over_eight_is_a_warning_and_read_as_eight(books):
    result = run("check", books["max_hours_over_eight"])
    assert result.exit_code == 0
    expected = f'  - [warning] {place("max_hours_over_eight")} "10" is more than 8 hours a day'
    assert expected in result.output
    assert read_roster(books["max_hours_over_eight"]).volunteers[0].max_hours == 8


def test_solve_lists_a_row_problem_in_the_issues_sheet_at_its_place(books, tmp_path):
    output = tmp_path / "schedule.xlsx"
    result = run("solve", books["bad_time"], "--time-limit", "2", "-o", output, "--lang", "en")
    assert result.exit_code == 0
    issues = openpyxl.load_workbook(output)["Issues"]
    rows = [[cell.value for cell in row] for row in issues.iter_rows(min_row=2)]
    assert any(row[:4] == ["班次", 2, "开始时间", "8点半点"] for row in rows), rows


def test_solve_stops_on_a_hostile_file_without_writing(books, tmp_path):
    output = tmp_path / "schedule.xlsx"
    result = run("solve", books["entity_bomb_in_shared_strings"], "--time-limit", "2", "-o", output)
    assert result.exit_code == 1
    assert "entity_bomb_in_shared_strings.xlsx: part xl/sharedStrings.xml declares" in (
        result.output
    )
    assert not output.exists()


# --- writing safely -----------------------------------------------------------------------------


def test_openpyxl_parses_through_defusedxml():
    assert openpyxl.DEFUSEDXML is True


def test_openpyxl_refuses_entity_declarations(books):
    with pytest.raises(Exception, match="(?i)entit"):
        openpyxl.load_workbook(books["external_entity_in_sheet"])


def cells(path: Path) -> list:
    workbook = openpyxl.load_workbook(path)
    return [cell for sheet in workbook for row in sheet.iter_rows() for cell in row]


def assert_text_not_formulas(path: Path) -> None:
    found = {cell.value: cell.data_type for cell in cells(path) if cell.value is not None}
    assert "f" not in found.values(), "the workbook holds a formula"
    for text in hostile.FORMULA_TEXTS:
        assert found.get(text) == "s", (text, found.get(text))


def test_the_schedule_writes_formula_like_text_as_text(books, tmp_path):
    output = tmp_path / "schedule.xlsx"
    result = run("solve", books["formula_like_text"], "--time-limit", "2", "-o", output)
    assert result.exit_code == 0
    assert_text_not_formulas(output)


def test_the_roster_writer_writes_formula_like_text_as_text(books, tmp_path):
    output = tmp_path / "roster.xlsx"
    write_roster(read_roster(books["formula_like_text"]), output)
    assert_text_not_formulas(output)
    assert planned(output) == planned(books["formula_like_text"])


def leftovers(folder: Path, keep: set[str]) -> list[str]:
    return sorted(name for name in os.listdir(folder) if name not in keep)


def test_a_schedule_that_fails_midway_leaves_the_old_file_and_no_temporary(
    books, tmp_path, monkeypatch
):
    import scheduler.report.schedule as schedule_module

    roster = tmp_path / "roster.xlsx"
    roster.write_bytes(books["clean_roster"].read_bytes())
    output = tmp_path / "schedule.xlsx"
    output.write_bytes(b"yesterday's schedule")
    real, calls = schedule_module.write_table, []

    def failing(*args, **kwargs):
        calls.append(1)
        if len(calls) == 3:
            raise OSError(28, "No space left on device")
        return real(*args, **kwargs)

    monkeypatch.setattr(schedule_module, "write_table", failing)
    result = run("solve", roster, "--time-limit", "2", "-o", output)
    assert result.exit_code == 1
    assert "cannot write" in result.output and "No space left on device" in result.output
    assert len(calls) == 3
    assert output.read_bytes() == b"yesterday's schedule"
    assert leftovers(tmp_path, {"roster.xlsx", "schedule.xlsx"}) == []


def test_a_roster_that_fails_midway_leaves_the_old_file_and_no_temporary(
    books, tmp_path, monkeypatch
):
    output = tmp_path / "roster.xlsx"
    output.write_bytes(b"last week's roster")
    real, calls = roster_write._write_sheet, []

    def failing(*args, **kwargs):
        calls.append(1)
        if len(calls) == 2:
            raise OSError(28, "No space left on device")
        return real(*args, **kwargs)

    monkeypatch.setattr(roster_write, "_write_sheet", failing)
    with pytest.raises(OSError):
        write_roster(read_roster(books["clean_roster"]), output)
    assert output.read_bytes() == b"last week's roster"
    assert leftovers(tmp_path, {"roster.xlsx"}) == []


def test_the_roster_is_never_opened_for_writing(books, tmp_path, monkeypatch):
    roster = tmp_path / "roster.xlsx"
    roster.write_bytes(books["clean_roster"].read_bytes())
    roster.chmod(0o444)
    before = (roster.read_bytes(), roster.stat().st_mtime_ns)
    modes: list[str] = []
    real_open = builtins.open

    def spying_open(file, mode="r", *args, **kwargs):
        if Path(str(file)).name == roster.name:
            modes.append(mode)
        return real_open(file, mode, *args, **kwargs)

    monkeypatch.setattr(builtins, "open", spying_open)
    monkeypatch.setattr(io, "open", spying_open)  # what pathlib.Path.open calls
    result = run("solve", roster, "--time-limit", "2", "-o", tmp_path / "schedule.xlsx")
    monkeypatch.undo()
    assert result.exit_code == 0
    assert modes and all(set(mode) <= {"r", "b"} for mode in modes), modes
    assert (roster.read_bytes(), roster.stat().st_mtime_ns) == before


# --- issue 13: never loosen a rule silently, never crash ----------------------------------------

OUT_OF_RANGE = {
    "shift_dated_9999_12_31": '"9999-12-31" is not a date from 2000 to 2100',
    "twenty_one_typed_into_a_date_cell": '"1900-01-21" is not a date from 2000 to 2100',
    "date_cell_holding_nan": '"1899-12-30 00:00:00" is not a date from 2000 to 2100',
    "date_cell_holding_ten_billion_days": '"10000000000" is not a date',
    "headcount_of_ten_to_the_twentieth": '"100000000000000000000" is outside the range 1 to 1000',
    "start_time_of_ten_to_the_twentieth": '"100000000000000000000" is not a time of day',
    "district_of_ten_to_the_twentieth": "is a number too long for Excel to keep every digit",
    "setting_named_by_a_huge_number": "is a number too long for Excel to keep every digit",
    "distance_setting_of_ten_to_the_twentieth": "is outside the range 0 to 20000; the default 3 is",
}


@pytest.mark.parametrize("name", sorted(OUT_OF_RANGE))
def test_a_value_out_of_range_is_a_problem_at_its_place_that_says_the_range(books, name):
    result = run("check", books[name])
    assert result.exit_code == 0
    line = next(line for line in result.output.splitlines() if place(name) in line)
    assert OUT_OF_RANGE[name] in line


@pytest.mark.parametrize(
    "name", ["date_cell_holding_minus_infinity", "time_cell_holding_minus_infinity"]
)
def test_a_cell_the_spreadsheet_library_panics_on_leaves_its_row_out(books, name, capfd):
    """python-calamine panics (a pyo3 PanicException, not an Exception) converting the row; the
    sheet's XML tells which cell it was."""
    result = run("check", books[name])
    assert result.exit_code == 0
    assert f'  - [row left out] {place(name)} "-inf" cannot be read: a date or time cell' in (
        result.output
    )
    assert "panicked" not in capfd.readouterr().err  # Rust's own message is kept off the screen
    row = hostile.PLACES[name][1]
    shifts = read_roster(books[name]).shifts
    assert [shift.row for shift in shifts] == [r for r in (2, 3, 4) if r != row]


def test_a_row_that_cannot_be_read_is_placed_by_its_row_when_no_cell_tells(books, monkeypatch):
    """Cells written without their reference: the XML does not tell the cell, the row is said."""
    monkeypatch.setattr(safety, "unusable_numbers", lambda path, part, rows: {})
    result = run("check", books["date_cell_holding_minus_infinity"])
    assert result.exit_code == 0
    assert "  - [row left out] 班次, row 3: a cell of this row holds a value that cannot be" in (
        result.output
    )


def test_a_huge_personal_maximum_is_read_as_eight(books):
    roster = read_roster(books["max_hours_of_ten_to_the_twentieth"])
    assert roster.volunteers[1].max_hours == 8


def test_a_rest_of_a_year_is_read_as_one_day_with_a_warning(books):
    name = "rest_of_a_year_between_shifts"
    result = run("check", books[name])
    assert (
        f'  - [warning] {place(name)} "525600" is more than a day (1440 minutes): read as 1440'
        in (result.output)
    )
    assert read_roster(books[name]).settings.min_rest_minutes == 1440


def test_a_community_row_left_out_is_not_used(books):
    """Its district was read after the row was judged fine, and silently dropped."""
    roster = read_roster(books["district_of_ten_to_the_twentieth"])
    assert [community.name for community in roster.communities] == ["东苑社区"]
    assert [v.volunteer_id for v in roster.rejected_volunteers] == ["V003"]
    assert roster.rejected_volunteers[0].community == "西苑社区"
    (issue,) = [i for i in roster.issues if i.sheet == hostile.VOLUNTEERS]
    assert issue.problem_text("en").startswith(
        "names a community whose own row has a problem (社区 row 3: 区 "
    )


def test_a_text_longer_than_any_cell_is_refused_before_it_is_parsed(books):
    started = time.perf_counter()
    result = run("check", books["text_longer_than_any_cell"])
    assert result.exit_code == 1
    assert (
        "  - text_longer_than_any_cell.xlsx: part xl/worksheets/sheet2.xml holds a text of more "
        "than 256 KB, longer than the 32,767 characters an Excel cell holds"
    ) in result.output
    assert time.perf_counter() - started < 10


RENAMED_SAFETY_COLUMNS = {
    "health_column_headed_fever_check": ("体温异常", "健康状况"),
    "availability_column_headed_free_hours": ("空闲时间段", "可服务时段"),
    "max_hours_column_headed_daily_limit": ("每人每天上限", "每日最多小时"),
    "insurance_column_headed_insured_or_not": ("有无保险", "意外保险"),
    "high_risk_column_headed_dangerous_post": ("危险岗位", "高风险"),
    "district_column_headed_district_it_belongs_to": ("所属区", "区"),
}


@pytest.mark.parametrize("name", sorted(RENAMED_SAFETY_COLUMNS))
def test_a_renamed_safety_column_stops_the_run_until_the_coordinator_confirms(books, name):
    typed, column = RENAMED_SAFETY_COLUMNS[name]
    sheet = hostile.PLACES[name][0]
    solve = ("solve", books[name], "-o", books[name].with_suffix(".schedule.xlsx"))
    for args in (("check", books[name]), solve):
        result = run(*args)
        assert result.exit_code == 1
        assert f"  - {sheet}, column " in result.output
        assert f'"{typed}" is not read, and the sheet has no {column} column' in result.output
        assert f"run again with --allow-missing {column}" in result.output
    result = run("check", books[name], "--allow-missing", column)
    assert result.exit_code == 0, result.output
    assert f'"{typed}" is not a column of the roster: it is not read' in result.output
    assert f"  - no {column} column: " in result.output


def test_allow_missing_must_name_a_safety_column(books):
    result = run("check", books["clean_roster"], "--allow-missing", "备注")
    assert result.exit_code == 1
    assert '  - --allow-missing: "备注" is not a safety column that may be missing' in result.output


def test_the_words_coordinators_use_for_the_health_column_are_read(books):
    name = "health_column_headed_as_coordinators_write_it"
    result = run("check", books[name])
    assert result.exit_code == 0 and "No problems found." in result.output
    assert planned(books[name]) == planned(books["clean_roster"])


def test_a_safety_column_simply_missing_is_said_in_one_line(books, tmp_path):
    name = "health_column_missing_outright"
    result = run("check", books[name])
    assert result.exit_code == 0
    assert "  - no 健康状况 column: every volunteer is taken as healthy" in result.output
    output = tmp_path / "schedule.xlsx"
    result = run("solve", books[name], "-o", output, "--time-limit", 5, "--lang", "zh")
    assert result.exit_code == 0, result.output
    assert "  - 没有 健康状况 列：所有志愿者按健康处理" in result.output
    summary = openpyxl.load_workbook(output).worksheets[0]
    texts = [cell.value for row in summary.iter_rows() for cell in row if cell.value]
    assert "没有 健康状况 列：所有志愿者按健康处理" in texts


def test_a_roster_without_volunteers_stops_check_and_solve(books, tmp_path):
    for args in (("check",), ("solve", "-o", tmp_path / "out.xlsx")):
        result = run(args[0], books["no_volunteer_rows"], *args[1:])
        assert result.exit_code == 1
        assert "  - 志愿者: the roster has no volunteers: fill in the 志愿者 sheet" in result.output
    assert not (tmp_path / "out.xlsx").exists()


# --- paths that are not regular files ---------------------------------------------------------


def test_a_roster_that_is_a_named_pipe_is_refused_without_waiting(tmp_path):
    pipe = tmp_path / "roster.xlsx"
    os.mkfifo(pipe)
    for command in ("check", "solve"):
        result = run(command, pipe)
        assert result.exit_code == 1
        assert "  - roster.xlsx: is not a regular file (a pipe, a device" in result.output


def test_an_unreadable_roster_exits_one(books, monkeypatch):
    path = books["clean_roster"]
    opened = Path.open

    def refuse(self, *args, **kwargs):
        if self == path:
            raise PermissionError(13, "Permission denied", str(self))
        return opened(self, *args, **kwargs)

    monkeypatch.setattr(Path, "open", refuse)
    result = run("check", path)
    assert result.exit_code == 1
    assert "  - clean_roster.xlsx: cannot be opened (Permission denied)" in result.output


@pytest.mark.parametrize("kind", ["folder", "named pipe", "device"])
def test_an_output_that_is_not_a_regular_file_is_refused_by_the_name_given(books, tmp_path, kind):
    if kind == "folder":
        output = tmp_path / "reports"
        output.mkdir()
        lang, expected = "zh", f"{output} 是文件夹：请给出要写入的工作簿文件名"
    else:
        output = Path("/dev/null") if kind == "device" else tmp_path / "pipe.xlsx"
        if kind == "named pipe":
            os.mkfifo(output)
        lang, expected = "en", f"Error: {output} is not a regular file (a pipe, a device or"
    result = run("solve", books["clean_roster"], "-o", output, "--lang", lang)
    assert result.exit_code == 1
    assert expected in result.output.splitlines()[0], result.output
    assert not output.is_file()
    if kind != "device":
        assert list(output.parent.glob(".*")) == []  # no temporary file left behind


def test_a_schedule_with_nobody_assigned_keeps_every_rule(tmp_path):
    """Found by the fuzzer: the empty Assignments sheet's note line is no assignment."""
    sheets = hostile.base()
    for row in sheets[hostile.VOLUNTEERS][1:]:
        row[10] = "发热"
    roster = hostile.save(sheets, tmp_path / "everyone_unwell.xlsx")
    assert run("solve", roster, "-o", tmp_path / "schedule.xlsx", "-q").exit_code == 0
    result = run("verify", roster, tmp_path / "schedule.xlsx")
    assert result.exit_code == 0, result.output


def test_a_misspelt_safety_setting_stops_the_run_until_the_coordinator_confirms(books):
    """每日上限 for 每日上限小时: the cap of 4 hours would be silently 8."""
    name = "daily_cap_setting_misspelt"
    result = run("check", books[name])
    assert result.exit_code == 1
    assert (
        f'  - {place(name)} "每日上限" is not read, and the Settings sheet has no 每日上限小时'
        in (result.output)
    )
    result = run("check", books[name], "--allow-missing", "每日上限小时")
    assert result.exit_code == 0, result.output
    assert '"每日上限" is not a known setting: the row is ignored; did you mean 每日上限小时' in (
        result.output
    )
