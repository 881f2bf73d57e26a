"""The schedule workbook as coordinators see it: the Summary's tables and charts, shortfalls in
red, printing, the per-community workbooks with their sign-in sheets, and the terminal."""

from __future__ import annotations

import io
import zipfile

import openpyxl
import pytest
from builders import DAY, post, roster, shift, volunteer
from click.testing import CliRunner

from scheduler.cli import cli
from scheduler.domain import Category, Zone
from scheduler.messages import msg, say
from scheduler.progress import Progress
from scheduler.report.schedule import write_schedule
from scheduler.report.split import SIGN_IN_COLUMNS, file_stem, split_folder, unique_stems
from scheduler.roster.write import write_roster
from scheduler.solve import solve


def three_posts():
    """Three volunteers of 东苑社区 (西苑社区 is 0.85 km away, within reach):

    - S1 东苑 gate, prevention (priority 1), 08-12, needs 2
    - S2 西苑 disinfection, controlled (priority 2), 08-12, needs 2
    - S3 online publicity, 14-18, needs 1

    Three people for four morning slots: S2 (higher priority) gets 2, S1 gets 1, S3 gets 1.
    Filled 4 of 5: gate 1/2, disinfection 2/2, publicity 1/1.
    """
    return roster(
        [volunteer("V1"), volunteer("V2"), volunteer("V3")],
        [
            post("P1", name="东门值守"),
            post(
                "P2",
                name="楼道消杀",
                category=Category.disinfection,
                community="西苑社区",
                zone=Zone.controlled,
                priority=2,
            ),
            post("P3", name="政策热线", category=Category.policy_publicity, online=True),
        ],
        [
            shift("S1", "P1", required=2),
            shift("S2", "P2", required=2),
            shift("S3", "P3", start="14:00", end="18:00"),
        ],
    )


@pytest.fixture(scope="module")
def schedule():
    result = solve(three_posts(), time_limit=5)
    assert len(result.assignments) == 4
    return result


@pytest.fixture(scope="module", params=["zh", "en"])
def written(request, schedule, tmp_path_factory):
    path = tmp_path_factory.mktemp(request.param) / "schedule.xlsx"
    write_schedule(schedule, path, request.param)
    return path, request.param


def table(worksheet, heading: str) -> list[tuple]:
    """The rows under the header cell ``heading`` in column D, up to the first blank row."""
    for row in range(1, worksheet.max_row + 1):
        if worksheet.cell(row, 4).value == heading:
            break
    else:
        raise AssertionError(f"no table {heading}")
    rows = []
    for line in worksheet.iter_rows(min_row=row + 1, min_col=4, max_col=8, values_only=True):
        if line[0] is None:
            break
        rows.append(line)
    return rows


def test_summary_breaks_coverage_down_by_category_community_and_zone(written):
    path, lang = written
    workbook = openpyxl.load_workbook(path)
    summary = workbook.worksheets[0]
    assert summary.title == ("汇总" if lang == "zh" else "Summary")
    zh = lang == "zh"
    total = "合计" if zh else "total"
    by_category = table(summary, "服务类别" if zh else "category")
    assert by_category == [
        (Category.community_gate.label(lang), 2, 1, 1, 0.5),
        (Category.policy_publicity.label(lang), 1, 1, 0, 1.0),  # the categories' own order
        (Category.disinfection.label(lang), 2, 2, 0, 1.0),
        (total, 5, 4, 1, 0.8),
    ]
    by_community = table(summary, "所在社区" if zh else "community")
    assert by_community == [  # the worst first
        ("东苑社区", 2, 1, 1, 0.5),
        ("西苑社区", 2, 2, 0, 1.0),
        ("线上" if zh else "online", 1, 1, 0, 1.0),
        (total, 5, 4, 1, 0.8),
    ]
    by_zone = table(summary, "区域类型" if zh else "zone")
    assert by_zone == [
        (Zone.controlled.label(lang), 2, 2, 0, 1.0),
        (Zone.prevention.label(lang), 3, 2, 1, 2 / 3),
        (total, 5, 4, 1, 0.8),
    ]


def test_summary_keeps_its_figures_as_values(written):
    path, lang = written
    summary = openpyxl.load_workbook(path).worksheets[0]
    cells = [cell for row in summary.iter_rows() for cell in row if cell.value is not None]
    assert not [cell.coordinate for cell in cells if cell.data_type == "f"]  # no formulas
    figures = {row[0]: row[1] for row in summary.iter_rows(min_row=2, max_col=2, values_only=True)}
    coverage = "覆盖率（已安排/需求人次）" if lang == "zh" else "coverage (filled / required slots)"
    assert figures[coverage] == 0.8
    assert figures["缺口人次" if lang == "zh" else "slots short"] == 1


def test_summary_has_bar_charts_of_its_own_cells(written):
    path, lang = written
    with zipfile.ZipFile(path) as archive:
        charts = sorted(name for name in archive.namelist() if name.startswith("xl/charts/chart"))
        assert charts == ["xl/charts/chart1.xml", "xl/charts/chart2.xml"]
        xml = [archive.read(name).decode() for name in charts]
    sheet = "汇总" if lang == "zh" else "Summary"
    for chart in xml:
        assert "<c:barChart>" in chart
        assert f"{sheet}!$H$" in chart  # the coverage column of a table on the Summary
    assert f"{sheet}!$D$2:$D$4" in xml[0]  # three categories, the total left out


def test_shortfalls_stand_out(written):
    path, lang = written
    workbook = openpyxl.load_workbook(path)
    summary = workbook.worksheets[0]
    ranges = {str(rule.sqref) for rule in summary.conditional_formatting}
    assert "G2:G5" in ranges and "H2:H5" in ranges  # short and coverage of the category table
    unfilled = workbook["缺口" if lang == "zh" else "Unfilled"]
    headers = [cell.value for cell in unfilled[1]]
    letter = openpyxl.utils.get_column_letter(
        headers.index("缺口人数" if lang == "zh" else "shortfall") + 1
    )
    rules = [
        r for cf in unfilled.conditional_formatting for r in cf.rules if letter in str(cf.sqref)
    ]
    assert rules and rules[0].operator == "greaterThan" and rules[0].formula == ["0"]


def test_every_sheet_prints_on_a4_landscape_one_page_wide_with_its_header(written):
    path, _ = written
    for worksheet in openpyxl.load_workbook(path).worksheets:
        setup = worksheet.page_setup
        assert setup.orientation == "landscape", worksheet.title
        assert int(setup.paperSize) == 9
        assert setup.fitToWidth in (None, 1) and setup.fitToHeight == 0
        assert worksheet.sheet_properties.pageSetUpPr.fitToPage
        assert worksheet.freeze_panes == "A2"
        if worksheet.title not in ("汇总", "Summary"):
            assert worksheet.print_title_rows == "$1:$1"
            assert worksheet.auto_filter.ref.startswith("A1:")
        else:  # its header row belongs to the figures alone: page 2 does not repeat it
            assert worksheet.print_title_rows is None
            assert worksheet.print_area


# --- one workbook per community -----------------------------------------------------------


@pytest.fixture(scope="module")
def split_run(tmp_path_factory):
    folder = tmp_path_factory.mktemp("split")
    source = folder / "roster.xlsx"
    write_roster(three_posts(), source)
    output = folder / "reports" / "schedule.xlsx"
    result = CliRunner().invoke(
        cli,
        ["solve", str(source), "-o", str(output), "--time-limit", "5"]
        + ["--split-by", "community", "--mask-phones"],
    )
    assert result.exit_code == 0, result.output
    return output, result


def test_split_writes_a_workbook_per_community_and_one_for_online_posts(split_run):
    output, result = split_run
    folder = split_folder(output)
    assert folder == output.parent / "schedule_by_community"
    assert sorted(path.name for path in folder.iterdir()) == [
        "东苑社区.xlsx",
        "线上.xlsx",
        "西苑社区.xlsx",
    ]
    assert f"3 个带签到表的工作簿已写入 {folder}" in result.output
    east = openpyxl.load_workbook(folder / "东苑社区.xlsx")
    assert east.sheetnames == ["排班表", "签到表", "缺口"]  # its gap is listed too
    assignments = list(east["排班表"].iter_rows(min_row=2, values_only=True))
    assert {row[1] for row in assignments} == {"S1"}
    assert openpyxl.load_workbook(folder / "西苑社区.xlsx").sheetnames == ["排班表", "签到表"]


def test_sign_in_sheet_is_ready_to_print_and_sign(split_run):
    output, _ = split_run
    sheet = openpyxl.load_workbook(split_folder(output) / "东苑社区.xlsx")["签到表"]
    rows = list(sheet.iter_rows(values_only=True))
    title, when, header = rows[0][0], rows[1][0], rows[2]
    assert "东门值守" in title and "P1" in title
    assert DAY.isoformat() in when and "08:00-12:00" in when
    assert list(header) == [say(f"report.sign_in.{key}", "zh") for key in SIGN_IN_COLUMNS]
    assert header[-2:] == ("签名", "实际服务小时")
    person = rows[3]
    assert person[0] == 1 and person[1] in ("V1", "V2", "V3")
    assert person[3] == "138****0000"  # --mask-phones
    assert (person[4], person[5]) == ("08:00", "12:00")
    assert person[6] is None and person[7] is None  # left for the pen
    assert rows[4][1] == "（缺人）"  # the second place of S1 is still open
    assert rows[5][1] == rows[6][1] == "（备用）"
    assert sheet.row_dimensions[4].height >= 28  # room for handwriting
    assert sheet["A4"].border.left.style == "thin" and sheet["H4"].border.right.style == "thin"
    setup = sheet.page_setup
    assert setup.orientation == "portrait" and int(setup.paperSize) == 9
    assert sheet.sheet_properties.pageSetUpPr.fitToPage


def test_each_shift_of_a_community_starts_a_new_page(tmp_path, schedule):
    from scheduler.report.schedule import ScheduleReport
    from scheduler.report.split import write_by_community

    more = schedule.roster.shifts + (shift("S4", "P1", start="13:00", end="17:00"),)
    plan = solve(roster(schedule.roster.volunteers, schedule.roster.posts, more), time_limit=5)
    paths = write_by_community(ScheduleReport(plan, "en"), tmp_path / "out.xlsx")
    east = next(path for path in paths if path.stem == "东苑社区")
    sheet = openpyxl.load_workbook(east)["Sign-in"]
    breaks = [brk.id for brk in sheet.row_breaks.brk]
    assert len(breaks) == 1  # two shifts, one break between them
    assert "S4" not in str(sheet.cell(breaks[0] + 1, 1).value)
    assert "13:00-17:00" in sheet.cell(breaks[0] + 2, 1).value


@pytest.mark.parametrize(
    ("name", "stem"),
    [
        ("东苑社区", "东苑社区"),
        ('a/b\\c:d*e?f"g<h>i|j', "a_b_c_d_e_f_g_h_i_j"),
        ("  ..hidden.. ", "hidden"),
        ("", "_"),
        ("...", "_"),
        ("CON", "_CON"),
        ("com1.txt", "_com1.txt"),
        ("x" * 200, "x" * 80),
    ],
)
def test_community_names_become_safe_file_names(name, stem):
    assert file_stem(name) == stem


def test_file_names_stay_distinct_where_case_is_ignored():
    stems = unique_stems(["North", "north", "a/b", "a_b"])
    assert list(stems.values()) == ["North", "north-2", "a_b", "a_b-2"]


# --- the terminal ---------------------------------------------------------------------------


def test_progress_rewrites_one_line_on_a_terminal_and_leaves_nothing_behind():
    stream = io.StringIO()
    with Progress(stream=stream, live=True, time_limit=60, lang="en") as progress:
        progress("7494 eligible pairs")
        progress(msg("terminal.progress.coverage", value=800, bound=800))
    text = stream.getvalue()
    assert "\n" not in text
    assert text.count("\r") >= 3
    assert "coverage 800 of at most 800" in text and "(time limit 60s)" in text
    chinese = io.StringIO()
    with Progress(stream=chinese, live=True, time_limit=60) as progress:
        progress(msg("terminal.progress.coverage", value=800, bound=800))
    assert "加权覆盖 800，上界 800" in chinese.getvalue() and "（时限 60 秒）" in chinese.getvalue()
    assert text.endswith("\r") and text.rsplit("\r", 2)[-2].strip() == ""  # erased at the end


def test_progress_prints_plain_lines_to_a_file_and_nothing_when_quiet():
    stream = io.StringIO()
    with Progress(stream=stream, live=False) as progress:
        progress("first")
        progress.status("writing")  # live-only news
        progress("second")
    assert stream.getvalue() == "first\nsecond\n"
    quiet = io.StringIO()
    with Progress(stream=quiet, quiet=True, live=True) as progress:
        progress("first")
    assert quiet.getvalue() == ""


def test_solve_output_is_plain_when_not_a_terminal(split_run):
    _, result = split_run
    assert "\r" not in result.output
    assert "可选配对" in result.output  # the solver's news, one line each
    assert "缺人：社区值守 1 人（原因见“缺口”工作表）" in result.output


def test_a_plan_over_several_days_also_shows_coverage_by_date(tmp_path):
    later = DAY.replace(day=DAY.day + 1)
    plan = roster(
        [volunteer("V1")],
        [post("P1")],
        [shift("S1"), shift("S2", date=later, required=2)],
    )
    path = tmp_path / "week.xlsx"
    write_schedule(solve(plan, time_limit=5), path, "en")
    summary = openpyxl.load_workbook(path)["Summary"]
    assert table(summary, "date") == [
        (DAY.isoformat(), 1, 1, 0, 1.0),
        (later.isoformat(), 2, 1, 1, 0.5),
        ("total", 3, 2, 1, 2 / 3),
    ]


def test_long_reasons_get_rows_tall_enough_to_print():
    from scheduler.report.xlsx import text_lines

    assert text_lines("short", 20) == 1
    assert text_lines("缺" * 40, 22) == 4  # 80 columns of text, 20 to a line
    assert text_lines("one\ntwo", 60) == 2


def test_an_unwritable_split_folder_is_one_line_of_error(tmp_path):
    source = tmp_path / "roster.xlsx"
    write_roster(three_posts(), source)
    output = tmp_path / "schedule.xlsx"
    split_folder(output).write_text("a file where the folder should go")
    result = CliRunner().invoke(
        cli,
        ["solve", str(source), "-o", str(output), "--time-limit", "5", "--split-by", "community"],
    )
    assert result.exit_code == 1
    assert isinstance(result.exception, SystemExit) and "Traceback" not in result.output
    errors = [line for line in result.output.splitlines() if line.startswith("错误：")]
    assert len(errors) == 1 and "schedule_by_community" in errors[0]


def test_table_rows_written_as_xml_read_back_as_written(tmp_path):
    """The rows spliced into the sheet (``TableWorkbook``) hold each value as XlsxWriter would:
    dates as dates, times as times, numbers as numbers, text as text however it is spelt."""
    import datetime as dt

    from python_calamine import CalamineWorkbook

    from scheduler.domain import DAY as MIDNIGHT
    from scheduler.report.sheets import ASSIGNMENTS
    from scheduler.report.xlsx import (
        COLUMN_KINDS,
        MAX_CELL_CHARS,
        Formats,
        atomic_workbook,
        write_table,
    )

    texts = [" lead", "trail ", "a<b>&c", "bell\x07", "_x0041_", "two\nlines", "x" * 40_000]
    rows = [
        dict(
            date=dt.date(2026, 11, 30),
            shift_id=text,
            post_name=text,
            start=8 * 60,
            end=MIDNIGHT if k == 0 else 12 * 60,
            hours=4.26,
            distance_km=1.234,
            volunteer_id="007",
            name=None if k == 1 else "",
        )
        for k, text in enumerate(texts)
    ]
    path = tmp_path / "rows.xlsx"
    with atomic_workbook(path) as workbook:
        kinds = COLUMN_KINDS | {"post_name": "wrap"}
        write_table(workbook, Formats(workbook), ASSIGNMENTS, "en", rows, kinds)
    sheet = openpyxl.load_workbook(path)[ASSIGNMENTS.label("en")]
    assert sheet.dimensions == f"A1:N{len(rows) + 1}"
    assert sheet.auto_filter.ref == f"A1:N{len(rows) + 1}"
    assert sheet.freeze_panes == "A2"
    read = [[cell.value for cell in line] for line in sheet.iter_rows(min_row=2)]
    expected = [*texts[:-1], "x" * MAX_CELL_CHARS]
    assert {line[0] for line in read} == {dt.datetime(2026, 11, 30)}
    assert read[0][7] == dt.time(8, 0) and read[0][8] == "24:00" and read[1][8] == dt.time(12, 0)
    assert read[0][9] == 4.3 and read[0][13] == 1.234 and read[0][10] == "007"
    assert read[1][11] is None
    assert sheet["B2"].number_format == "@" and sheet["A2"].number_format == "yyyy-mm-dd"
    tall = {row for row, info in sheet.row_dimensions.items() if info.customHeight}
    assert tall == {7, 8}  # two lines; a text wider than the column
    # the reader the program uses (openpyxl leaves _xHHHH_ escapes in inline strings as they are)
    calamine = CalamineWorkbook.from_path(path).get_sheet_by_name(ASSIGNMENTS.label("en"))
    assert [line[1] for line in calamine.to_python()[1:]] == expected
