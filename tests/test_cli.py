"""The command line through click's CliRunner: help, exit codes, messages and files written."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import openpyxl
import pytest
from builders import DAY, post, roster, shift, volunteer
from click.testing import CliRunner

from scheduler.cli import cli
from scheduler.domain import Roster
from scheduler.example import write_example
from scheduler.roster import read_roster
from scheduler.roster.write import write_roster

OUTPUT_SHEETS = {
    "zh": ["汇总", "排班表", "缺口", "志愿者安排", "服务时长", "通知", "替补", "输入问题"],
    "en": [
        "Summary",
        "Assignments",
        "Unfilled",
        "Volunteers",
        "Hours",
        "Notices",
        "Standby",
        "Issues",
    ],
}


def run(*args: object):
    return CliRunner().invoke(cli, [str(arg) for arg in args])


def assert_clean_failure(result, code: int = 1) -> None:
    """The exit code, an ``Error:`` line and never a traceback."""
    assert result.exit_code == code, result.output
    assert isinstance(result.exception, SystemExit)
    assert "Traceback" not in result.output


def short_roster() -> Roster:
    """Two shifts needing 3 people, one volunteer: one shift is filled, one stays short."""
    return roster(
        [volunteer("V1")],
        [post("P1")],
        [
            shift("S1", start="08:00", end="12:00"),
            shift("S2", start="08:00", end="12:00", required=2),
        ],
    )


@pytest.fixture
def roster_file(tmp_path) -> Path:
    path = tmp_path / "roster.xlsx"
    write_roster(short_roster(), path, "zh")
    return path


def test_every_command_has_help():
    assert cli.commands, "the group has commands"
    for name, command in cli.commands.items():
        result = run(name, "--help")
        assert result.exit_code == 0, name
        assert result.output.startswith(f"Usage: cli {name}")
        first_line = command.help and command.help.strip().splitlines()[0]
        assert first_line and " ".join(first_line.split()) in " ".join(result.output.split())


def test_group_help_lists_every_command():
    result = run("--help")
    assert result.exit_code == 0
    for name in cli.commands:
        assert name in result.output


def test_solve_with_unfilled_shifts_exits_zero(roster_file, tmp_path):
    output = tmp_path / "schedule.xlsx"
    result = run("solve", roster_file, "-o", output, "--time-limit", 5)
    assert result.exit_code == 0, result.output
    assert "已安排 1 / 3 人次" in result.output  # the terminal speaks Chinese by default
    assert f"排班表已写入 {output}" in result.output
    english_output = tmp_path / "schedule-en.xlsx"
    english = run("solve", roster_file, "-o", english_output, "--time-limit", 5, "--lang", "en")
    assert "Filled 1 of 3 slots" in english.output
    assert f"Schedule written to {english_output}" in english.output
    unfilled = list(openpyxl.load_workbook(output)["缺口"].iter_rows(min_row=2, values_only=True))
    assert len(unfilled) == 2  # one shift fully short (2), the other not filled at all (1)


def test_unusable_roster_exits_one_listing_every_problem(tmp_path):
    workbook = openpyxl.Workbook()
    workbook.active.title = "志愿者"
    workbook.active.append(["志愿者编号", "所在社区"])  # no 姓名, no 通用培训
    path = tmp_path / "broken.xlsx"
    workbook.save(path)
    for command in ("check", "solve"):
        out = ["-o", tmp_path / "out.xlsx"] if command == "solve" else []
        result = run(command, path, *out, "--lang", "en")
        assert_clean_failure(result)
        assert f"Error: {path} cannot be used: 4 problems" in result.output
        for needle in (
            "岗位 (Posts): required sheet is missing",
            "班次 (Shifts): required sheet is missing",
            "志愿者, row 1, column 姓名 (name): required column is missing",
            "志愿者, row 1, column 通用培训 (general_training): required column is missing",
        ):
            assert needle in result.output
    assert not (tmp_path / "out.xlsx").exists()


@pytest.mark.parametrize("command", ["check", "solve"])
def test_nonexistent_file_exits_one(tmp_path, command):
    result = run(command, tmp_path / "nowhere.xlsx", "--lang", "en")
    assert_clean_failure(result)
    assert "nowhere.xlsx: no such file" in result.output


def test_text_file_named_xlsx_exits_one(tmp_path):
    path = tmp_path / "roster.xlsx"
    path.write_text("志愿者编号,姓名\n1001,张三\n", encoding="utf-8")
    result = run("check", path, "--lang", "en")
    assert_clean_failure(result)
    assert "is not an .xlsx workbook" in result.output


@pytest.mark.parametrize(
    "args",
    [
        ("solve", "{roster}", "--lang", "fr"),
        ("template", "{out}", "--lang", "fr"),
        ("solve", "{roster}", "--time-limit", "0"),
        ("solve", "{roster}", "--daily-cap", "9"),
        ("solve", "{roster}", "--no-such-option"),
        ("check",),
        ("no-such-command",),
    ],
)
def test_usage_errors_exit_two(roster_file, tmp_path, args):
    args = [a.format(roster=roster_file, out=tmp_path / "t.xlsx") for a in args]
    result = run(*args)
    assert_clean_failure(result, code=2)
    assert "Usage:" in result.output
    assert not (tmp_path / "t.xlsx").exists()


def roster_with_a_row_problem(tmp_path) -> Path:
    path = tmp_path / "roster.xlsx"
    write_roster(short_roster(), path, "en")
    workbook = openpyxl.load_workbook(path)
    workbook["Shifts"]["D3"] = "25:00"  # S2's start
    workbook.save(path)
    return path


def test_row_problem_is_listed_but_not_fatal(tmp_path):
    path = roster_with_a_row_problem(tmp_path)
    result = run("check", path, "--lang", "en")
    assert result.exit_code == 0, result.output
    assert "1 problem; rows with errors are left out of planning" in result.output
    assert 'Shifts, row 3, column start: "25:00" is not a time of day' in result.output

    output = tmp_path / "schedule.xlsx"
    result = run("solve", path, "-o", output, "--time-limit", 5)
    assert result.exit_code == 0, result.output
    issues = list(openpyxl.load_workbook(output)["输入问题"].iter_rows(min_row=2, values_only=True))
    assert [row[:4] for row in issues] == [("Shifts", 3, "start", "25:00")]


@pytest.mark.parametrize("command", ["check", "solve"])
def test_strict_turns_a_row_problem_into_exit_one(tmp_path, command):
    path = roster_with_a_row_problem(tmp_path)
    output = tmp_path / "schedule.xlsx"
    out = ["-o", output] if command == "solve" else []
    result = run(command, path, "--strict", *out, "--lang", "en")
    assert_clean_failure(result)
    assert f"Error: {path} has problems (--strict): 1 problem" in result.output
    assert 'Shifts, row 3, column start: "25:00" is not a time of day' in result.output
    assert not output.exists()


def test_solve_never_overwrites_the_input(roster_file):
    before = roster_file.read_bytes()
    same_file = roster_file.parent / "." / roster_file.name
    for output in (roster_file, same_file):
        result = run("solve", roster_file, "-o", output, "--time-limit", 5)
        assert_clean_failure(result)
        assert "就是名单文件本身：请用 -o 指定另一个输出文件" in result.output
    assert roster_file.read_bytes() == before


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_unfilled_template_is_read_and_refused_only_for_being_empty(tmp_path, lang):
    """Every header of the template is known; with no volunteer and no shift there is nothing
    to plan, which is said (exit 1), not "No problems found"."""
    path = tmp_path / "template.xlsx"
    result = run("template", path, "--lang", lang)
    assert result.exit_code == 0, result.output
    written = {"zh": f"空白名单已写入 {path}", "en": f"Blank roster written to {path}"}
    assert written[lang] in result.output
    result = run("check", path, "--lang", "en")
    assert result.exit_code == 1, result.output
    problems = [line for line in result.output.splitlines() if line.startswith("  - ")]
    volunteers, shifts = ("志愿者", "班次") if lang == "zh" else ("Volunteers", "Shifts")
    assert problems == [
        f"  - {volunteers}: the roster has no volunteers: fill in the {volunteers} sheet",
        f"  - {shifts}: the roster has no shifts: fill in the {shifts} sheet",
    ]


def test_example_writes_a_roster_that_check_accepts(tmp_path):
    path = tmp_path / "example.xlsx"
    result = run("example", path, "--volunteers", 30, "--seed", 4)
    assert result.exit_code == 0, result.output
    assert f"含 30 名志愿者的示例名单已写入 {path}" in result.output
    result = run("check", path, "--strict")
    assert result.exit_code == 0, result.output
    assert "30 名志愿者" in result.output and "未发现问题。" in result.output


@pytest.mark.parametrize(("roster_lang", "out_lang"), [("zh", "en"), ("en", "zh")])
def test_end_to_end(tmp_path, roster_lang, out_lang):
    """A generated roster in one language solved into a schedule in the other: every shift and
    volunteer appears, sheets are named in the output language, and an independent check of the
    written schedule (scheduler.verify, when present) finds no broken rule."""
    path = tmp_path / f"roster-{roster_lang}.xlsx"
    write_example(path, volunteers=60, seed=3, lang=roster_lang)
    output = tmp_path / f"schedule-{out_lang}.xlsx"
    result = run("solve", path, "-o", output, "--lang", out_lang, "--time-limit", 5)
    assert result.exit_code == 0, result.output
    assert {"en": "status optimal", "zh": "已证明无法排得更多"}[out_lang] in result.output

    workbook = openpyxl.load_workbook(output)
    assert workbook.sheetnames == OUTPUT_SHEETS[out_lang]
    names = dict(zip(OUTPUT_SHEETS["en"], OUTPUT_SHEETS[out_lang], strict=True))
    data = read_roster(path)
    assignments = list(workbook[names["Assignments"]].iter_rows(min_row=2, values_only=True))
    unfilled = list(workbook[names["Unfilled"]].iter_rows(min_row=2, values_only=True))
    plan = list(workbook[names["Volunteers"]].iter_rows(min_row=2, values_only=True))
    listed = {row[1] for row in assignments} | {row[1] for row in unfilled}
    assert listed == {s.shift_id for s in data.shifts}
    assert {row[0] for row in plan} == {v.volunteer_id for v in data.volunteers}
    assert len(assignments) > 0 and len(unfilled) > 0  # the examples are scarce on purpose

    try:
        from scheduler.verify import verify_schedule
    except ImportError:
        return
    assert [v.text() for v in verify_schedule(data, output)] == []


def test_output_language_defaults_to_chinese(roster_file, tmp_path):
    output = tmp_path / "schedule.xlsx"
    result = run("solve", roster_file, "-o", output, "--time-limit", 5, "--quiet")
    assert result.exit_code == 0 and result.output == ""
    assert openpyxl.load_workbook(output).sheetnames == OUTPUT_SHEETS["zh"]


def test_command_line_options_override_settings(tmp_path):
    """One volunteer, two 4-hour shifts: optimum 2 slots under the 8-hour cap, 1 with
    --daily-cap 4."""
    path = tmp_path / "roster.xlsx"
    two = roster(
        shifts=[shift("S1", start="08:00", end="12:00"), shift("S2", start="13:00", end="17:00")]
    )
    write_roster(two, path, "en")
    for options, filled in (((), 2), (("--daily-cap", "4"), 1)):
        output = tmp_path / f"schedule-{filled}.xlsx"
        result = run("solve", path, "-o", output, "--time-limit", 5, "--lang", "en", *options)
        assert result.exit_code == 0, result.output
        assert f"Filled {filled} of 2 slots" in result.output


def rejected_shift_row(tmp_path) -> tuple:
    """The Unfilled row of shift S2 whose required cell is unreadable (its date and times are
    real Excel values)."""
    path = tmp_path / "roster.xlsx"
    write_roster(short_roster(), path, "en")
    workbook = openpyxl.load_workbook(path)
    workbook["Shifts"]["F3"] = "两个"
    workbook.save(path)
    output = tmp_path / "schedule.xlsx"
    assert run("solve", path, "-o", output, "--lang", "en", "--time-limit", 5).exit_code == 0
    rows = openpyxl.load_workbook(output)["Unfilled"].iter_rows(min_row=2, values_only=True)
    (row,) = [row for row in rows if row[1] == "S2"]
    return row


def test_rejected_shift_times_are_written_as_times(tmp_path):
    row = rejected_shift_row(tmp_path)
    assert row[6] in (dt.time(8, 0), "08:00") and row[7] in (dt.time(12, 0), "12:00")


def test_rejected_shift_date_is_written_as_a_date(tmp_path):
    row = rejected_shift_row(tmp_path)
    assert isinstance(row[0], dt.datetime) and row[0].date() == DAY
