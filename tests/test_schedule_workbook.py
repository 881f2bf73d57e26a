"""The schedule workbook's second pass (issue 11), each fix read back from a written workbook:
the Summary's two blocks and honest bound, Unfilled's columns and note, volunteers' shifts spelt
out, named changes, empty sheets that say so, sign-in pages only for shifts with people, number
formats, and the terminal's words (plurals, folders created, errors in the chosen language)."""

from __future__ import annotations

from dataclasses import replace

import openpyxl
import pytest
from builders import DAY, post, roster, shift, volunteer
from click.testing import CliRunner

from scheduler.cli import cli
from scheduler.domain import Assignment, BoundKind, Category, SolveStatus
from scheduler.messages import say
from scheduler.report.schedule import write_schedule
from scheduler.report.split import write_by_community
from scheduler.roster.write import write_roster
from scheduler.solve import solve


def small():
    """V1 and V2 of 东苑社区, V3 of 北苑社区 (5.6 km away: never nearby), one post P1 of 东苑:

    - S1 08:00-12:00 needs 2: V1, V2
    - S2 13:30-15:00 (1.5 h) needs 3: V1, V2, one short
    V3 stays idle. Filled 4 of 5, proven."""
    return roster(
        [
            volunteer("V1", phone="13812345678"),
            volunteer("V2"),
            volunteer("V3", community="北苑社区"),
        ],
        [post("P1", name="东门值守")],
        [shift("S1", required=2), shift("S2", start="13:30", end="15:00", required=3)],
    )


@pytest.fixture(scope="module")
def schedule():
    result = solve(small(), time_limit=5)
    assert len(result.assignments) == 4
    return result


def rows_of(sheet) -> list[dict]:
    """The sheet's rows as dicts keyed by header."""
    lines = list(sheet.iter_rows(values_only=True))
    return [dict(zip(lines[0], line, strict=False)) for line in lines[1:]]


def figures(sheet) -> dict[str, object]:
    """Column A's labels and column B's values of the Summary, in order."""
    return {row[0]: row[1] for row in sheet.iter_rows(min_col=1, max_col=2, values_only=True)}


@pytest.fixture(scope="module")
def zh(schedule, tmp_path_factory):
    path = tmp_path_factory.mktemp("zh") / "schedule.xlsx"
    write_schedule(schedule, path, "zh")
    return openpyxl.load_workbook(path)


def test_summary_puts_the_coordinators_figures_first_and_the_solvers_in_a_titled_block(zh):
    labels = list(figures(zh["汇总"]))
    technical = labels.index(say("report.technical", "zh"))
    for coordinator in ("排班结果", "覆盖率（已安排/需求人次）", "缺口人次", "服务总小时"):
        assert labels.index(coordinator) < technical
    for solver in ("求解状态", "加权覆盖上界", "与上界差距", "贪心初解加权覆盖", "可选配对数"):
        assert labels.index(solver) > technical
    assert labels[technical - 1] is None  # a blank row before the block
    assert figures(zh["汇总"])["排班结果"] == "已排到最多（已证明无法更多）"


def test_a_trivial_bound_shows_no_gap(schedule, tmp_path):
    unproven = replace(schedule, status=SolveStatus.feasible, bound_kind=BoundKind.trivial)
    for lang, words in (("zh", "界限未证明"), ("en", "bound not proven")):
        path = tmp_path / f"{lang}.xlsx"
        write_schedule(unproven, path, lang)
        sheet = openpyxl.load_workbook(path)[say("report.sheet.summary", lang)]
        values = figures(sheet)
        assert values[say("report.figure.gap", lang)] == words
        assert values[say("report.figure.bound", lang)] is None
        assert values[say("report.figure.bound_kind", lang)] == words


def test_short_figures_are_red_in_english_too(schedule, tmp_path):
    """The red marks key on the figure, not on its text, so they hold in either language."""
    for lang in ("zh", "en"):
        path = tmp_path / f"{lang}.xlsx"
        write_schedule(schedule, path, lang)
        sheet = openpyxl.load_workbook(path)[say("report.sheet.summary", lang)]
        rows = {row[0].value: row[0].row for row in sheet.iter_rows(min_col=1, max_col=1)}
        red = {str(rule.sqref) for rule in sheet.conditional_formatting}
        for key in ("short", "shifts_short", "coverage"):
            assert f"B{rows[say(f'report.figure.{key}', lang)]}" in red, (lang, key)


def test_summary_prints_without_repeated_rows_inside_its_print_area(zh):
    sheet = zh["汇总"]
    assert sheet.print_title_rows is None
    assert "!$A$1:" in sheet.print_area


def test_several_dates_are_one_short_range(tmp_path):
    days = [DAY.replace(day=DAY.day + n) for n in range(5)]
    data = roster(shifts=[shift(f"S{n}", date=day) for n, day in enumerate(days)])
    path = tmp_path / "week.xlsx"
    write_schedule(solve(data, time_limit=5), path, "zh")
    dates = figures(openpyxl.load_workbook(path)["汇总"])["排班日期"]
    assert dates == f"{days[0].isoformat()} 至 {days[-1].isoformat()}（5 天）"


def test_unfilled_names_community_and_category_next_to_the_count_and_reason(zh):
    sheet = zh["缺口"]
    headers = [cell.value for cell in sheet[1]]
    assert {"所在社区", "服务类别"} <= set(headers)
    assert headers[-2:] == ["缺口人数", "原因"]  # the count beside the reason
    (gap,) = rows_of(sheet)
    assert (gap["所在社区"], gap["服务类别"], gap["缺口人数"]) == ("东苑社区", "社区值守", 1)
    advice = say("report.unfilled.advice", "zh")
    assert advice in sheet.oddHeader.left.text  # said once, on top of every printed page
    assert advice not in gap["原因"]


def test_volunteers_sheet_spells_out_each_shift_with_the_phone(zh):
    people = {row["志愿者编号"]: row for row in rows_of(zh["志愿者安排"])}
    v1 = people["V1"]
    assert v1["联系电话"] == "13812345678"
    assert v1["具体安排"].splitlines() == [
        f"东门值守（P1）{DAY.isoformat()} 08:00-12:00",
        f"东门值守（P1）{DAY.isoformat()} 13:30-15:00",
    ]
    assert v1["服务小时"] == 5.5
    assert people["V3"]["具体安排"] is None and people["V3"]["原因"]


def test_numbers_are_written_as_people_read_them(zh):
    assignments = zh["排班表"]
    headers = [cell.value for cell in assignments[1]]
    km = assignments.cell(2, headers.index("距离公里") + 1)
    assert km.number_format == "0.00"
    hours = [row["服务小时"] for row in rows_of(zh["服务时长"])]
    assert all(round(value, 1) == value for value in hours)
    assert "组织单位" not in [cell.value for cell in zh["服务时长"][1]]  # none set


def test_organizer_column_appears_when_set(schedule, tmp_path):
    settings = replace(schedule.roster.settings, organizer="和平街道志愿者协会")
    named = replace(schedule, roster=replace(schedule.roster, settings=settings))
    path = tmp_path / "schedule.xlsx"
    write_schedule(named, path, "zh")
    rows = rows_of(openpyxl.load_workbook(path)["服务时长"])
    assert {row["组织单位"] for row in rows} == {"和平街道志愿者协会"}


def test_empty_sheets_say_so(zh, schedule, tmp_path):
    assert zh["替补"]["A2"].value == say("report.empty.standby", "zh")  # nobody else is nearby
    assert zh["输入问题"]["A2"].value == "未发现问题"
    full = replace(schedule, roster=replace(schedule.roster, shifts=schedule.roster.shifts[:1]))
    full = replace(full, assignments=tuple(a for a in full.assignments if a.shift_id == "S1"))
    path = tmp_path / "full.xlsx"
    write_schedule(full, path, "en")
    unfilled = openpyxl.load_workbook(path)["Unfilled"]
    assert unfilled.max_row == 1  # nothing below the header: verify reads every row
    assert "Every shift is filled" in unfilled.oddHeader.left.text


def test_changes_name_post_date_and_time(schedule, tmp_path):
    previous = (Assignment("S1", "V1"), Assignment("S1", "V3"))
    sick = replace(schedule.roster.volunteers[0], healthy=False)
    data = replace(schedule.roster, volunteers=(sick, *schedule.roster.volunteers[1:]))
    replanned = solve(data, time_limit=5, previous=previous)
    path = tmp_path / "replan.xlsx"
    write_schedule(replanned, path, "zh")
    changes = {row["志愿者编号"]: row for row in rows_of(openpyxl.load_workbook(path)["变更"])}
    dropped = changes["V1"]
    assert dropped["变更类型"] == "取消" and dropped["岗位名称"] == "东门值守"
    assert dropped["日期"].date() == DAY and dropped["开始时间"].hour == 8
    assert dropped["原班次"] == f"东门值守（P1）{DAY.isoformat()} 08:00-12:00 [S1]"


def test_sign_in_pages_only_for_shifts_with_people(tmp_path):
    data = roster(
        [volunteer("V1")],
        [post("P1", name="东门值守"), post("P2", name="楼道消杀", category=Category.disinfection)],
        [shift("S1"), shift("S2", "P2", start="08:00", end="12:00")],
    )
    result = solve(data, time_limit=5)
    output = tmp_path / "schedule.xlsx"
    report = write_schedule(result, output, "zh")
    (path,) = write_by_community(report, output)
    sheet = openpyxl.load_workbook(path)["签到表"]
    text = [str(cell.value) for row in sheet.iter_rows() for cell in row if cell.value]
    served = {a.shift_id for a in result.assignments}
    empty = "楼道消杀" if "S1" in served else "东门值守"
    assert not any(line.startswith(f"{empty}（") for line in text)  # no page of its own
    after = text[text.index("无人安排的班次（未打印签到页）：") + 1 :]
    assert [line for line in after if empty in line] == [
        f"· {empty}（{'P2' if empty == '楼道消杀' else 'P1'}）{DAY.isoformat()} 08:00-12:00"
    ]


# --- the terminal ---------------------------------------------------------------------------


def run(*args: object):
    return CliRunner().invoke(cli, [str(arg) for arg in args])


def test_english_plurals_are_right(tmp_path):
    path = tmp_path / "roster.xlsx"
    write_roster(roster(), path, "en")
    result = run("check", path, "--lang", "en")
    assert "1 volunteer, 1 post, 1 shift (1 slot) on 1 date" in result.output
    result = run("solve", path, "-o", tmp_path / "s.xlsx", "--lang", "en", "--time-limit", 5)
    assert "Filled 1 of 1 slot (100.0%); 1 volunteer used" in result.output


@pytest.mark.parametrize("command", ["example", "template"])
def test_example_and_template_create_the_folder(tmp_path, command):
    path = tmp_path / "new" / "folder" / "roster.xlsx"
    result = run(command, path, *(["--volunteers", 20] if command == "example" else []))
    assert result.exit_code == 0, result.output
    assert path.exists()


def test_errors_come_in_the_chosen_language(tmp_path):
    missing = tmp_path / "nowhere.xlsx"
    chinese = run("check", missing)
    assert chinese.exit_code == 1 and chinese.output.startswith("错误：")
    english = run("check", missing, "--lang", "en")
    assert english.exit_code == 1 and english.output.startswith("Error: ")


def test_a_shift_date_with_no_shift_is_said_in_chinese(tmp_path):
    path = tmp_path / "roster.xlsx"
    write_roster(roster(), path, "zh")
    result = run("solve", path, "-o", tmp_path / "s.xlsx", "--date", "2030-01-01")
    assert result.exit_code == 1
    assert "错误：名单中没有 2030-01-01 的班次" in result.output


def test_the_unexpected_error_line_follows_lang():
    from scheduler.cli import _lang

    assert _lang(["scheduler", "solve", "x.xlsx", "--lang", "en"]) == "en"
    assert _lang(["scheduler", "solve", "x.xlsx", "--lang=en"]) == "en"
    assert _lang(["scheduler", "solve", "x.xlsx"]) == "zh"
    assert _lang(["scheduler", "solve", "--lang", "fr"]) == "zh"


def test_a_previous_file_that_is_no_schedule_is_said_in_chinese(tmp_path):
    path = tmp_path / "roster.xlsx"
    write_roster(roster(), path, "zh")
    result = run("solve", path, "-o", tmp_path / "s.xlsx", "--previous", path)
    assert result.exit_code == 1
    assert "无法作为排班表读取：共 1 个问题" in result.output
    assert "没有排班表工作表：请给出本程序写出的排班表" in result.output


def test_the_status_line_fits_the_terminal_counting_chinese_as_two(monkeypatch):
    import io
    import os

    from scheduler.progress import Progress
    from scheduler.report.xlsx import display_width

    monkeypatch.setattr("shutil.get_terminal_size", lambda default: os.terminal_size((41, 24)))
    stream = io.StringIO()
    with Progress(stream=stream, live=True, time_limit=60) as progress:
        progress("缺" * 60)
    drawn = [part for part in stream.getvalue().split("\r") if part.strip()]
    assert drawn and all(display_width(part.rstrip()) <= 40 for part in drawn)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_unfilled_note_fits_an_excel_page_header(lang):
    """Excel drops a page header over 255 characters: the note must fit with its codes."""
    for key in ("report.unfilled.advice", "report.empty.unfilled"):
        assert len(f"&L&A\n{say(key, lang)}") <= 255


def test_the_status_line_never_calls_coverage_optimal_while_tie_breakers_run():
    heard = []
    solve(small(), time_limit=5, progress=heard.append)
    lines = [message.render("en") for message in heard]
    coverage = [line for line in lines if line.startswith("coverage")]
    assert coverage and all("next: distance, preferences and load" in line for line in coverage)
    assert not any("optimal" in line for line in lines)


def test_what_the_reader_assumed_is_on_the_summary(tmp_path):
    path = tmp_path / "roster.xlsx"
    write_roster(roster(), path, "zh")
    workbook = openpyxl.load_workbook(path)
    sheet = workbook["志愿者"]
    sheet.delete_cols([cell.value for cell in sheet[1]].index("健康状况") + 1)
    workbook.save(path)
    output = tmp_path / "schedule.xlsx"
    result = run("solve", path, "-o", output, "--time-limit", 5)
    assert result.exit_code == 0, result.output
    labels = list(figures(openpyxl.load_workbook(output)["汇总"]))
    title = labels.index(say("report.assumptions", "zh"))
    assert "健康状况" in labels[title + 1]
    assert title < labels.index(say("report.technical", "zh"))
