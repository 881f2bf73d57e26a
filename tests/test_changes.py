"""Re-planning with ``solve --previous`` as a coordinator runs it: the Changes sheet names whom to
phone and why when a row now has a problem, and a schedule of another roster is refused."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import openpyxl
from builders import post, roster, shift, volunteer
from click.testing import CliRunner

from scheduler.cli import cli
from scheduler.report.sheets import ASSIGNMENTS, CHANGES, VOLUNTEER_PLAN
from scheduler.roster.sheets import SHIFTS, VOLUNTEERS, Sheet
from scheduler.roster.write import write_roster

DAYS = [dt.date(2022, 11, 21), dt.date(2022, 11, 22)]


def two_days():
    """Four volunteers with their own phones, one post, a morning shift each day for two."""
    volunteers = [volunteer(f"V{k}", phone=f"1380000000{k}") for k in range(4)]
    shifts = [shift(f"S{k}", "P1", required=2, date=day) for k, day in enumerate(DAYS)]
    return roster(volunteers=volunteers, posts=[post("P1")], shifts=shifts)


def solve_cli(roster_path: Path, output: Path, *options: str):
    args = ["solve", str(roster_path), "-o", str(output), "--time-limit", "5", "-q", *options]
    return CliRunner().invoke(cli, args)


def set_cell(path: Path, spec: Sheet, row_id: str, key: str, value) -> int:
    """Type ``value`` into column ``key`` of the zh row whose first cell is ``row_id``; its row."""
    book = openpyxl.load_workbook(path)
    sheet = book[spec.label("zh")]
    headers = [cell.value for cell in sheet[1]]
    column = headers.index(spec.column(key).label("zh")) + 1
    (row,) = [r for r in range(2, sheet.max_row + 1) if sheet.cell(r, 1).value == row_id]
    sheet.cell(row, column).value = value
    book.save(path)
    return row


def sheet_rows(path: Path, spec: Sheet) -> list[dict]:
    sheet = openpyxl.load_workbook(path, read_only=True)[spec.label("zh")]
    rows = list(sheet.iter_rows(values_only=True))
    return [dict(zip(rows[0], row, strict=False)) for row in rows[1:]]


def first_plan(tmp_path: Path) -> tuple[Path, Path, set[tuple[str, str]]]:
    """The roster, its first schedule and the (shift, volunteer) pairs of that schedule."""
    roster_path = tmp_path / "roster.xlsx"
    write_roster(two_days(), roster_path, "zh")
    first = tmp_path / "first.xlsx"
    assert solve_cli(roster_path, first).exit_code == 0
    pairs = {(row["班次编号"], row["志愿者编号"]) for row in sheet_rows(first, ASSIGNMENTS)}
    return roster_path, first, pairs


def test_a_volunteer_whose_row_now_has_a_problem_can_still_be_phoned(tmp_path):
    """Their row now reads 每日最多小时 "很多": each cancelled shift in 变更 keeps the name and
    phone (from the rejected row) and says the row's problem, not "no longer on the roster"; the
    志愿者安排 row keeps the phone."""
    roster_path, first, pairs = first_plan(tmp_path)
    who = sorted(v for _, v in pairs)[0]
    row = set_cell(roster_path, VOLUNTEERS, who, "max_hours", "很多")
    again = tmp_path / "again.xlsx"
    assert solve_cli(roster_path, again, "--previous", str(first)).exit_code == 0
    cancelled = [r for r in sheet_rows(again, CHANGES) if r["志愿者编号"] == who]
    assert cancelled and all(r["变更类型"] == "取消" for r in cancelled)
    phone = f"1380000000{who[1:]}"
    for change in cancelled:
        assert (change["姓名"], change["联系电话"]) == (f"志愿者{who}", phone)
        assert f"志愿者 第 {row} 行：每日最多小时 “很多”" in change["原因"], change["原因"]
        assert "不在名单中" not in change["原因"]
    (plan,) = [r for r in sheet_rows(again, VOLUNTEER_PLAN) if r["志愿者编号"] == who]
    assert plan["联系电话"] == phone


def test_a_cancelled_shift_whose_row_now_has_a_problem_keeps_its_date_post_and_time(tmp_path):
    """S0 now starts at "25:00": its cancelled assignments keep the date, post and time the
    previous schedule told the volunteers, and say the shift row's problem."""
    roster_path, first, pairs = first_plan(tmp_path)
    row = set_cell(roster_path, SHIFTS, "S0", "start", "25:00")
    again = tmp_path / "again.xlsx"
    assert solve_cli(roster_path, again, "--previous", str(first)).exit_code == 0
    gone = [r for r in sheet_rows(again, CHANGES) if r["原班次"] and "[S0]" in r["原班次"]]
    assert len(gone) == sum(1 for s, _ in pairs if s == "S0") > 0
    for change in gone:
        assert change["日期"] == dt.datetime(2022, 11, 21)
        assert (change["岗位名称"], change["开始时间"]) == ("岗位P1", dt.time(8, 0))
        assert change["原班次"] == "岗位P1（P1）2022-11-21 08:00-12:00 [S0]"
        assert f"班次 第 {row} 行：开始时间 “25:00”" in change["原因"], change["原因"]
        assert change["联系电话"]


def test_a_previous_schedule_of_another_roster_is_refused(tmp_path):
    """A schedule made from another roster (other ids) stops the re-plan with both files named
    and the counts; a schedule of this roster re-planned for one date is accepted."""
    roster_path, first, pairs = first_plan(tmp_path)
    other = roster(
        volunteers=[volunteer(f"W{k}") for k in range(4)],
        shifts=[shift(f"T{k}", required=2, date=day) for k, day in enumerate(DAYS)],
    )
    other_path = tmp_path / "other.xlsx"
    write_roster(other, other_path, "zh")
    result = solve_cli(other_path, tmp_path / "x.xlsx", "--previous", str(first))
    assert result.exit_code == 1
    assert (
        f"上次排班 {first} 的 {len(pairs)} 条安排中只有 0 条对应名单 {other_path} 中的志愿者和班次"
        in result.output
    )
    one_day = solve_cli(
        roster_path, tmp_path / "y.xlsx", "--previous", str(first), "--date", "2022-11-22"
    )
    assert one_day.exit_code == 0, one_day.output
