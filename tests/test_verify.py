"""The schedule verifier: the solver's own schedules pass, and each hand edit that breaks a hard
rule is caught at the sheet, row and column where a coordinator would fix it.

Each tampering test solves a roster of one or two volunteers and a few shifts, small enough that
the schedule is known from the roster alone, edits one thing with openpyxl as a coordinator would
in Excel, and expects exactly the one violation it made (or none, for the case a rule allows).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import itertools
import re
from pathlib import Path

import openpyxl
import pytest
from builders import DAY, post, roster, shift, volunteer
from click.testing import CliRunner

from scheduler.cli import cli
from scheduler.domain import Category, Roster, RosterIssue, Settings, TimeWindow, Zone
from scheduler.example import generate_roster
from scheduler.report.schedule import write_schedule
from scheduler.report.sheets import ASSIGNMENTS, UNFILLED
from scheduler.roster.reader import read_roster
from scheduler.roster.sheets import SHIFTS, VOLUNTEERS, Sheet
from scheduler.roster.write import write_roster
from scheduler.rules.catalogue import RULE, RuleKey
from scheduler.rules.eligibility import Eligibility
from scheduler.solve import solve
from scheduler.verify import verify_schedule

DATA = Path(__file__).resolve().parent.parent / "data"
NEXT_DAY = DAY + dt.timedelta(days=1)
needs_settings = pytest.mark.skipif(
    not hasattr(Settings(), "max_hours_per_week"),
    reason="Settings has no max_days_in_row / max_hours_per_week",
)


def solved(tmp_path: Path, plan: Roster, lang: str = "en") -> tuple[Roster, Path]:
    """Write the roster, read it back (so rows are numbered), solve it, write the schedule."""
    roster_path = tmp_path / f"roster-{lang}.xlsx"
    write_roster(plan, roster_path, lang)
    data = read_roster(roster_path)
    schedule_path = tmp_path / f"schedule-{lang}.xlsx"
    write_schedule(solve(data, time_limit=5), schedule_path, lang)
    return data, schedule_path


SAVES = itertools.count(1)


class Edit:
    """A schedule workbook opened for hand edits; ``save`` writes a new file and returns it."""

    def __init__(self, path: Path, lang: str = "en"):
        self.path, self.lang = path, lang
        self.book = openpyxl.load_workbook(path)

    def sheet(self, spec: Sheet):
        return self.book[spec.label(self.lang)]

    def column(self, spec: Sheet, key: str) -> int:
        headers = [cell.value for cell in self.sheet(spec)[1]]
        return headers.index(spec.column(key).label(self.lang)) + 1

    def get(self, spec: Sheet, row: int, key: str):
        return self.sheet(spec).cell(row, self.column(spec, key)).value

    def set(self, spec: Sheet, row: int, key: str, value) -> None:
        self.sheet(spec).cell(row, self.column(spec, key)).value = value

    def rows(self, spec: Sheet, key: str, value: str) -> list[int]:
        sheet, col = self.sheet(spec), self.column(spec, key)
        return [row for row in range(2, sheet.max_row + 1) if sheet.cell(row, col).value == value]

    def row(self, spec: Sheet, key: str, value: str) -> int:
        (found,) = self.rows(spec, key, value)
        return found

    def append(self, spec: Sheet, **cells) -> int:
        sheet = self.sheet(spec)
        row = sheet.max_row + 1
        for key, value in cells.items():
            sheet.cell(row, self.column(spec, key)).value = value
        return row

    def copy_row(self, spec: Sheet, row: int) -> int:
        sheet = self.sheet(spec)
        sheet.append([cell.value for cell in sheet[row]])
        return sheet.max_row

    def save(self) -> Path:
        edited = self.path.with_name(f"edited-{next(SAVES)}-{self.path.name}")
        self.book.save(edited)
        return edited


@pytest.fixture(scope="module")
def one_shift(tmp_path_factory) -> dict[str, tuple[Roster, Path]]:
    """``roster()`` solved: V1 on S1 (08:00-12:00), Assignments row 2, nothing unfilled."""
    folder = tmp_path_factory.mktemp("one-shift")
    return {lang: solved(folder, roster(), lang) for lang in ("zh", "en")}


def located(found: list[RosterIssue]) -> list[tuple]:
    return [(v.sheet, v.row, v.column, v.value) for v in found]


# --- the solver's own schedules pass -------------------------------------------------------------
def rich_roster() -> Roster:
    """Every rule in play: skills, insurance, online and far posts, an overnight shift and one
    ending at 24:00, windows, a personal maximum, rest between shifts, shifts left short."""
    far = dict(community="北苑社区")
    return roster(
        volunteers=(
            *(volunteer(f"V{i}") for i in range(1, 6)),
            volunteer("V6", healthy=False),
            volunteer("V7", general_training=False),
            volunteer("V8", trained_categories=frozenset({Category.supply_delivery}), **far),
            volunteer("V9", availability=(TimeWindow(8 * 60, 12 * 60),)),
            volunteer("V10", max_hours=4),
            volunteer("V11", skills=frozenset({"medical"}), community="西苑社区"),
            volunteer("V12", insured=False, skills=frozenset({"medical"})),
        ),
        posts=(
            post("P1"),
            post(
                "P2",
                category=Category.nucleic_acid_testing,
                community="西苑社区",
                zone=Zone.sealed,
                high_risk=True,
                required_skills=frozenset({"medical"}),
                priority=3,
            ),
            post("P3", category=Category.psychological_support, online=True, community=""),
            post("P4", category=Category.supply_delivery, **far),
        ),
        shifts=(
            shift("S1", "P1", "08:00", "12:00", 2),
            shift("S2", "P1", "12:30", "16:30", 2),
            shift("S3", "P1", "22:00", "06:00", 1),
            shift("S4", "P2", "09:00", "13:00", 3),
            shift("S5", "P3", "20:00", "24:00", 1),
            shift("S6", "P4", "07:00", "11:00", 2, date=NEXT_DAY),
            shift("S7", "P1", "05:00", "08:00", 1, date=NEXT_DAY),
        ),
        settings=Settings(min_rest_minutes=60),
    )


def add_bad_rows(roster_path: Path, lang: str) -> None:
    """A shift of an unknown post and a volunteer with an unreadable cell: both left out."""
    book = openpyxl.load_workbook(roster_path)
    book[SHIFTS.label(lang)].append(["S9", "P9", DAY, "08:00", "12:00", 1])
    book[VOLUNTEERS.label(lang)].append(["V99", "坏行", "", "东苑社区", "", "maybe"])
    book.save(roster_path)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_solver_schedule_keeps_every_rule(tmp_path, lang):
    roster_path = tmp_path / "roster.xlsx"
    write_roster(rich_roster(), roster_path, lang)
    add_bad_rows(roster_path, lang)
    data = read_roster(roster_path)
    assert [r.shift_id for r in data.rejected_shifts] == ["S9"]
    assert [r.volunteer_id for r in data.rejected_volunteers] == ["V99"]
    schedule = solve(data, time_limit=5)
    path = tmp_path / "schedule.xlsx"
    write_schedule(schedule, path, lang)
    assert schedule.assignments and len(schedule.assignments) < sum(s.required for s in data.shifts)
    assert verify_schedule(data, path) == []


def test_a_schedule_full_of_defects_is_reported_in_chinese(tmp_path):
    """Every Assignments row handed to the wrong volunteer (each breaking another rule, unknown,
    left out or blank) and an Unfilled figure changed: ``verify`` in zh prints no English word
    apart from ids, typed values and the Settings keys it names."""
    roster_path = tmp_path / "roster.xlsx"
    write_roster(rich_roster(), roster_path, "zh")
    add_bad_rows(roster_path, "zh")
    data = read_roster(roster_path)
    path = tmp_path / "schedule.xlsx"
    write_schedule(solve(data, time_limit=5), path, "zh")
    edit = Edit(path, "zh")
    wrong = ["V6", "V7", "V8", "V9", "V10", "V11", "V12", "V99", "V404", None, "V1", "V1"]
    for row, who in zip(range(2, edit.sheet(ASSIGNMENTS).max_row + 1), wrong, strict=False):
        edit.set(ASSIGNMENTS, row, "volunteer_id", who)
    edit.set(UNFILLED, 2, "shortfall", 9)
    result = CliRunner().invoke(cli, ["verify", str(roster_path), str(edit.save())])
    assert result.exit_code == 1
    lines = result.output.splitlines()
    notes_at = next(i for i, line in enumerate(lines) if line.startswith("提示 "))
    violations, notes = lines[:notes_at], lines[notes_at + 1 : -1]
    assert len(violations) > 5 and lines[-1] == f"共 {len(violations)} 处违规"
    assert notes and all(line.startswith("  - 缺口") for line in notes), notes
    kinds = {line.split("”", 1)[1][:6] for line in violations + notes}
    assert len(kinds) == len(violations) + len(notes), lines  # each a different kind
    text = re.sub(r"“[^”]*”", "", result.output)
    text = re.sub(r"\b[VSP]\d+\b|\bmax_\w+|yes/no", "", text)  # ids, Settings keys, yes/no

    assert re.findall(r"[A-Za-z]+", text) == []


@needs_settings
def test_solver_schedule_over_a_week_keeps_every_rule(tmp_path):
    """A generated week with rest, a lower daily cap, days in a row and weekly hours all set."""
    plan = generate_roster(40, seed=3, days=7)
    limits = dict(min_rest_minutes=60, daily_cap_hours=6, max_days_in_row=3, max_hours_per_week=20)
    plan = dataclasses.replace(plan, settings=dataclasses.replace(plan.settings, **limits))
    roster_path = tmp_path / "roster.xlsx"
    write_roster(plan, roster_path, "zh")
    data = read_roster(roster_path)
    schedule = solve(data, time_limit=1)
    path = tmp_path / "schedule.xlsx"
    write_schedule(schedule, path, "zh")
    assert len({data.shift_by_id[a.shift_id].date for a in schedule.assignments}) == 7
    assert verify_schedule(data, path) == []


@pytest.fixture(scope="module")
def sample(tmp_path_factory):
    """data/sample_roster.xlsx (400 volunteers) solved once, written in both languages."""
    data = read_roster(DATA / "sample_roster.xlsx")
    schedule = solve(data, time_limit=5)
    folder = tmp_path_factory.mktemp("sample")
    for lang in ("zh", "en"):
        write_schedule(schedule, folder / f"{lang}.xlsx", lang)
    return data, schedule, folder


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_sample_roster_schedule_keeps_every_rule(sample, lang):
    data, schedule, folder = sample
    assert len(schedule.assignments) > 100
    assert verify_schedule(data, folder / f"{lang}.xlsx") == []


def test_sample_schedule_with_a_moved_volunteer_is_caught(sample):
    """Put the first row's volunteer on a shift at the same time: overlap at the later row."""
    data, _, folder = sample
    edit = Edit(folder / "en.xlsx")
    sheet = edit.sheet(ASSIGNMENTS)
    first = edit.get(ASSIGNMENTS, 2, "volunteer_id")
    start = edit.get(ASSIGNMENTS, 2, "start")
    same_time = next(
        row
        for row in range(3, sheet.max_row + 1)
        if edit.get(ASSIGNMENTS, row, "start") == start
        and edit.get(ASSIGNMENTS, row, "shift_id") != edit.get(ASSIGNMENTS, 2, "shift_id")
    )
    edit.set(ASSIGNMENTS, same_time, "volunteer_id", first)
    found = verify_schedule(data, edit.save())
    assert ("Assignments", same_time, "volunteer_id", first) in located(found)


def test_hand_typed_text_cells_are_read(tmp_path):
    """Ids typed as numbers, dates and times typed as text: still the same schedule."""
    data, path = solved(tmp_path, roster(volunteers=[volunteer("1001")]))
    edit = Edit(path)
    edit.set(ASSIGNMENTS, 2, "volunteer_id", 1001)
    edit.set(ASSIGNMENTS, 2, "date", "2022年11月21日")
    edit.set(ASSIGNMENTS, 2, "start", "8点")
    edit.set(ASSIGNMENTS, 2, "end", "12:00:00")
    assert verify_schedule(data, edit.save()) == []


# --- unknown and left-out rows -------------------------------------------------------------------
def test_unknown_volunteer(one_shift):
    """V1 on S1; the row is changed to V9, who is not on the roster."""
    data, path = one_shift["en"]
    edit = Edit(path)
    edit.set(ASSIGNMENTS, 2, "volunteer_id", "V9")
    (found,) = verify_schedule(data, edit.save())
    assert located([found]) == [("Assignments", 2, "volunteer_id", "V9")]
    assert "not a volunteer of the roster" in found.problem_text("en")


def test_unknown_shift(one_shift):
    """V1 on S1; a row for shift S9, which the roster does not have, is added below."""
    data, path = one_shift["en"]
    edit = Edit(path)
    row = edit.append(
        ASSIGNMENTS, date="2022-11-21", shift_id="S9", post_id="P1", volunteer_id="V1"
    )
    (found,) = verify_schedule(data, edit.save())
    assert located([found]) == [("Assignments", row, "shift_id", "S9")]
    assert "not a shift of the roster" in found.problem_text("en")


def test_shift_and_volunteer_left_out_of_planning_cannot_be_assigned(tmp_path):
    """S9 names an unknown post and V99 has an unreadable cell: the roster leaves both out."""
    roster_path = tmp_path / "roster.xlsx"
    write_roster(roster(shifts=[shift(required=2)]), roster_path, "en")
    add_bad_rows(roster_path, "en")
    data = read_roster(roster_path)
    schedule_path = tmp_path / "schedule.xlsx"
    write_schedule(solve(data, time_limit=5), schedule_path, "en")
    assert verify_schedule(data, schedule_path) == []
    edit = Edit(schedule_path)
    left_out_volunteer = 2
    edit.set(ASSIGNMENTS, left_out_volunteer, "volunteer_id", "V99")
    on_left_out_shift = edit.append(ASSIGNMENTS, shift_id="S9", post_id="P9", volunteer_id="V1")
    edit.set(ASSIGNMENTS, on_left_out_shift, "date", DAY)
    found = verify_schedule(data, edit.save())
    assert located(found) == [
        ("Assignments", left_out_volunteer, "volunteer_id", "V99"),
        ("Assignments", on_left_out_shift, "shift_id", "S9"),
    ]
    assert all("leaves out of planning" in v.problem_text("en") for v in found)


def test_left_out_shift_listed_in_unfilled_with_people_assigned(tmp_path):
    roster_path = tmp_path / "roster.xlsx"
    write_roster(roster(), roster_path, "en")
    add_bad_rows(roster_path, "en")
    data = read_roster(roster_path)
    schedule_path = tmp_path / "schedule.xlsx"
    write_schedule(solve(data, time_limit=5), schedule_path, "en")
    edit = Edit(schedule_path)
    row = edit.row(UNFILLED, "shift_id", "S9")
    edit.set(UNFILLED, row, "assigned", 1)
    (found,) = verify_schedule(data, edit.save())
    assert located([found]) == [("Unfilled", row, "assigned", "1")]


# --- single-shift rules --------------------------------------------------------------------------
SKILLED = dict(skills=frozenset({"medical"}))
RULES = {
    "nearby": ({}, dict(community="北苑社区"), {}, "is not nearby"),
    "healthy": ({}, dict(healthy=False), {}, "is unhealthy"),
    "general_training": ({}, dict(general_training=False), {}, "has no general training"),
    "post_training": (
        {},
        dict(trained_categories=frozenset({Category.disinfection})),
        {},
        "has no post training for Community gate",
    ),
    "qualified": (
        SKILLED,
        dict(skills=frozenset({"driving"})),
        dict(required_skills=frozenset({"medical"})),
        "lacks the required skill for post P1",
    ),
    "insured": ({}, dict(insured=False), dict(high_risk=True), "not insured for a high-risk post"),
    "available": (
        {},
        dict(availability=(TimeWindow(13 * 60, 18 * 60),)),
        {},
        "not available at that time",
    ),
    "daily_cap": ({}, dict(max_hours=3), {}, "daily maximum of 3 h, shorter than shift S1 (4 h)"),
}


@pytest.mark.parametrize("rule", RULES)
def test_single_shift_rule_broken_by_hand(tmp_path, rule):
    """V1 may serve S1 (08:00-12:00), V2 may not for this one reason; the row is given to V2."""
    v1, v2, post_fields, words = RULES[rule]
    plan = roster(
        volunteers=[volunteer("V1", **v1), volunteer("V2", **v2)], posts=[post(**post_fields)]
    )
    data, path = solved(tmp_path, plan)
    v2, s1 = data.volunteer_by_id["V2"], data.shift_by_id["S1"]
    assert Eligibility(data).allows(v2, s1) == rule  # the case is about this rule alone
    edit = Edit(path)
    assert edit.get(ASSIGNMENTS, 2, "volunteer_id") == "V1"
    edit.set(ASSIGNMENTS, 2, "volunteer_id", "V2")
    (found,) = verify_schedule(data, edit.save())
    assert located([found]) == [("Assignments", 2, "volunteer_id", "V2")]
    assert words in found.problem_text("en")


# --- rules between shifts ------------------------------------------------------------------------
def same_volunteer_on(edit: Edit, first: str, second: str) -> int:
    """Give the row of shift ``second`` to the volunteer of shift ``first``; return its row."""
    row = edit.row(ASSIGNMENTS, "shift_id", second)
    volunteer_id = edit.get(ASSIGNMENTS, edit.row(ASSIGNMENTS, "shift_id", first), "volunteer_id")
    edit.set(ASSIGNMENTS, row, "volunteer_id", volunteer_id)
    return row


@pytest.mark.parametrize(
    "first, second",
    [
        (shift("S1", start="08:00", end="12:00"), shift("S2", start="10:00", end="14:00")),
        (shift("S1", start="09:00", end="12:00"), shift("S2", start="08:00", end="13:00")),
        (shift("S1", start="22:00", end="06:00"), shift("S2", "P1", "05:00", "09:00", 1, NEXT_DAY)),
    ],
    ids=["partly", "inside", "across-midnight"],
)
def test_overlap(tmp_path, first, second):
    """V1 and V2 each take one of two shifts that overlap; S2's row is given to S1's volunteer."""
    plan = roster(volunteers=[volunteer("V1"), volunteer("V2")], shifts=[first, second])
    data, path = solved(tmp_path, plan)
    edit = Edit(path)
    same_volunteer_on(edit, "S1", "S2")
    found = verify_schedule(data, edit.save())
    later = edit.row(ASSIGNMENTS, "shift_id", max((first, second), key=lambda s: s.begins).shift_id)
    assert [(v.sheet, v.row, v.column) for v in found] == [("Assignments", later, "volunteer_id")]
    assert "at the same time" in found[0].problem_text("en")


@pytest.mark.parametrize(
    "second, broken",
    [
        (shift("S2", start="12:30", end="16:30"), True),
        (shift("S2", start="13:00", end="17:00"), False),
        (shift("S2", start="12:00", end="16:00"), True),
    ],
    ids=["30-min-gap", "60-min-gap-allowed", "back-to-back"],
)
def test_rest_gap(tmp_path, second, broken):
    """min_rest_minutes 60; S1 08:00-12:00 and S2 go to one volunteer."""
    plan = roster(
        volunteers=[volunteer("V1"), volunteer("V2")],
        shifts=[shift("S1"), second],
        settings=Settings(min_rest_minutes=60),
    )
    data, path = solved(tmp_path, plan)
    edit = Edit(path)
    row = same_volunteer_on(edit, "S1", "S2")
    found = verify_schedule(data, edit.save())
    if broken:
        assert [(v.sheet, v.row, v.column) for v in found] == [("Assignments", row, "volunteer_id")]
        assert "min of rest are required" in found[0].problem_text("en")
    else:
        assert found == []


def test_rest_gap_across_midnight_and_dates(tmp_path):
    """S1 20:00-02:00 counts on the 21st, S2 02:30-06:00 on the 22nd: 30 minutes apart."""
    plan = roster(
        volunteers=[volunteer("V1"), volunteer("V2")],
        shifts=[
            shift("S1", start="20:00", end="02:00"),
            shift("S2", "P1", "02:30", "06:00", 1, NEXT_DAY),
        ],
        settings=Settings(min_rest_minutes=60),
    )
    data, path = solved(tmp_path, plan)
    edit = Edit(path)
    row = same_volunteer_on(edit, "S1", "S2")
    (found,) = verify_schedule(data, edit.save())
    assert (found.sheet, found.row) == ("Assignments", row)
    assert "only 30 min between shift S1" in found.problem_text("en")


@pytest.mark.parametrize(
    "max_hours, settings, v1_shifts, row, words",
    [
        (8, Settings(), ("S1", "S2", "S3"), 4, "serves 10 h on 2022-11-21 (shifts S1, S2, S3)"),
        (7, Settings(), ("S1", "S2"), 3, "more than their daily maximum of 7 h"),
        (8, Settings(daily_cap_hours=6), ("S1", "S2"), 3, "daily maximum of 6 h"),
        (8, Settings(), ("S1", "S2"), None, ""),
    ],
    ids=["eight-hours", "own-maximum", "settings-cap", "exactly-eight-allowed"],
)
def test_daily_cap(tmp_path, max_hours, settings, v1_shifts, row, words):
    """S1 08:00-12:00, S2 13:00-17:00, S3 18:00-20:00; V1 gets ``v1_shifts``, V2 the rest."""
    plan = roster(
        volunteers=[volunteer("V1", max_hours=max_hours), volunteer("V2")],
        shifts=[
            shift("S1"),
            shift("S2", start="13:00", end="17:00"),
            shift("S3", start="18:00", end="20:00"),
        ],
        settings=settings,
    )
    data, path = solved(tmp_path, plan)
    edit = Edit(path)
    for shift_id in ("S1", "S2", "S3"):
        who = "V1" if shift_id in v1_shifts else "V2"
        edit.set(ASSIGNMENTS, edit.row(ASSIGNMENTS, "shift_id", shift_id), "volunteer_id", who)
    found = verify_schedule(data, edit.save())
    if row is None:
        assert found == []
    else:
        assert located(found) == [("Assignments", row, "volunteer_id", "V1")]
        assert words in found[0].problem_text("en")


def days_after(days: int) -> dt.date:
    return DAY + dt.timedelta(days=days)


@needs_settings
@pytest.mark.parametrize(
    "days, broken_row",
    [((0, 1, 2), 4), ((0, 1, 3), None), ((0, 1, 2, 3, 5, 6, 7), 4)],
    ids=["three-in-a-row", "break-allowed", "two-runs-one-too-long-each"],
)
def test_days_in_row(tmp_path, days, broken_row):
    """max_days_in_row 2; a 2-hour shift on each of ``days``, V1 and V2; all given to V1."""
    shifts = [shift(f"S{d}", start="08:00", end="10:00", date=days_after(d)) for d in days]
    plan = roster(
        volunteers=[volunteer("V1"), volunteer("V2")],
        shifts=shifts,
        settings=Settings(max_days_in_row=2),
    )
    data, path = solved(tmp_path, plan)
    edit = Edit(path)
    for row in range(2, 2 + len(days)):
        edit.set(ASSIGNMENTS, row, "volunteer_id", "V1")
    found = verify_schedule(data, edit.save())
    if broken_row is None:
        assert found == []
        return
    rows = [broken_row] + ([8] if len(days) > 3 else [])
    assert located(found) == [("Assignments", row, "volunteer_id", "V1") for row in rows]
    assert "3 days in a row (2022-11-21 to 2022-11-23)" in found[0].problem_text("en")


@needs_settings
@pytest.mark.parametrize(
    "days, broken_row", [((0, 3, 6), 4), ((0, 3, 7), None)], ids=["within-7-days", "spread"]
)
def test_weekly_hours(tmp_path, days, broken_row):
    """max_hours_per_week 10; a 4-hour shift on each of ``days``; all given to V1."""
    shifts = [shift(f"S{d}", date=days_after(d)) for d in days]
    plan = roster(
        volunteers=[volunteer("V1"), volunteer("V2")],
        shifts=shifts,
        settings=Settings(max_hours_per_week=10),
    )
    data, path = solved(tmp_path, plan)
    edit = Edit(path)
    for row in range(2, 2 + len(days)):
        edit.set(ASSIGNMENTS, row, "volunteer_id", "V1")
    found = verify_schedule(data, edit.save())
    if broken_row is None:
        assert found == []
    else:
        assert located(found) == [("Assignments", broken_row, "volunteer_id", "V1")]
        assert "serves 12 h from 2022-11-21 to 2022-11-27" in found[0].problem_text("en")


def test_headcount_exceeded(tmp_path):
    """S1 requires 1 and gets one of V1, V2; the other is added below."""
    data, path = solved(tmp_path, roster(volunteers=[volunteer("V1"), volunteer("V2")]))
    edit = Edit(path)
    row = edit.copy_row(ASSIGNMENTS, 2)
    other = {"V1": "V2", "V2": "V1"}[edit.get(ASSIGNMENTS, 2, "volunteer_id")]
    edit.set(ASSIGNMENTS, row, "volunteer_id", other)
    (found,) = verify_schedule(data, edit.save())
    assert located([found]) == [("Assignments", row, "shift_id", "S1")]
    assert "has 2 volunteers but requires 1" in found.problem_text("en")


def test_same_volunteer_twice_on_a_shift(tmp_path):
    """S1 requires 2 but only V1 exists: one row, one gap; the row is copied below."""
    data, path = solved(tmp_path, roster(shifts=[shift(required=2)]))
    edit = Edit(path)
    row = edit.copy_row(ASSIGNMENTS, 2)
    (found,) = verify_schedule(data, edit.save())
    assert located([found]) == [("Assignments", row, "volunteer_id", "V1")]
    assert "twice (also row 2)" in found.problem_text("en")


# --- the row agrees with the roster's shift ------------------------------------------------------
@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize(
    "key, value, words",
    [
        ("date", dt.datetime(2022, 11, 22), "shift S1 is on 2022-11-21"),
        ("post_id", "P2", "shift S1 is of post P1"),
        ("start", dt.time(9, 0), "shift S1 starts at 08:00"),
        ("end", "13:00", "shift S1 ends at 12:00"),
        ("start", None, "is empty: shift S1 starts at 08:00"),
        ("date", "tomorrow", "is not a date"),
    ],
)
def test_row_disagrees_with_the_roster_shift(one_shift, lang, key, value, words):
    data, path = one_shift[lang]
    edit = Edit(path, lang)
    edit.set(ASSIGNMENTS, 2, key, value)
    (found,) = verify_schedule(data, edit.save())
    assert (found.sheet, found.row, found.column) == (
        ASSIGNMENTS.label(lang),
        2,
        ASSIGNMENTS.column(key).label(lang),
    )
    assert words in found.problem_text("en")


def test_overnight_end_may_be_written_on_the_clock(tmp_path):
    """S1 22:00-06:00 ends the next day; 06:00 is right, 24:00 is wrong."""
    data, path = solved(tmp_path, roster(shifts=[shift(start="22:00", end="06:00")]))
    edit = Edit(path)
    edit.set(ASSIGNMENTS, 2, "end", "6:00")
    assert verify_schedule(data, edit.save()) == []
    edit.set(ASSIGNMENTS, 2, "end", "24:00")
    (found,) = verify_schedule(data, edit.save())
    assert (found.row, found.column, found.value) == (2, "end", "24:00")


# --- Unfilled agrees with Assignments ------------------------------------------------------------
@pytest.fixture(scope="module")
def gaps(tmp_path_factory) -> tuple[Roster, Path]:
    """V1 alone: S1 08:00-12:00 requires 2 (1 short), S2 13:00-17:00 requires 1 (full).

    Assignments: row 2 S1 V1, row 3 S2 V1. Unfilled: row 2 S1 required 2, assigned 1, shortfall 1.
    """
    plan = roster(shifts=[shift("S1", required=2), shift("S2", start="13:00", end="17:00")])
    return solved(tmp_path_factory.mktemp("gaps"), plan)


@pytest.mark.parametrize(
    "key, value, words",
    [
        ("assigned", 2, "does not match Assignments: shift S1 has 1 volunteer in Assignments"),
        ("shortfall", 2, "does not match Assignments: shift S1 is 1 short"),
        ("required", 3, "does not match the roster: shift S1 requires 2"),
        ("start", "09:00", "shift S1 starts at 08:00"),
    ],
)
def test_unfilled_numbers_disagree(gaps, key, value, words):
    data, path = gaps
    edit = Edit(path)
    assert edit.rows(UNFILLED, "shift_id", "S1") == [2]
    edit.set(UNFILLED, 2, key, value)
    (found,) = verify_schedule(data, edit.save())
    assert (found.sheet, found.row, found.column) == ("Unfilled", 2, key)
    assert words in found.problem_text("en")


def test_short_shift_missing_from_unfilled(gaps):
    data, path = gaps
    edit = Edit(path)
    edit.sheet(UNFILLED).delete_rows(2)
    (found,) = verify_schedule(data, edit.save())
    assert located([found]) == [("Unfilled", None, "shift_id", "S1")]
    assert "has 1 of 2 volunteers" in found.problem_text("en")


def test_deleted_assignment_leaves_a_gap_unfilled_does_not_show(gaps):
    data, path = gaps
    edit = Edit(path)
    edit.sheet(ASSIGNMENTS).delete_rows(edit.row(ASSIGNMENTS, "shift_id", "S2"))
    (found,) = verify_schedule(data, edit.save())
    assert located([found]) == [("Unfilled", None, "shift_id", "S2")]
    assert "add it with shortfall 1" in found.problem_text("en")


def test_unfilled_row_for_a_full_shift(gaps):
    data, path = gaps
    edit = Edit(path)
    row = edit.copy_row(UNFILLED, 2)
    edit.set(UNFILLED, row, "shift_id", "S2")
    found = verify_schedule(data, edit.save())
    assert located(found) == [("Unfilled", row, "shift_id", "S2")]
    assert "is full in Assignments (1 of 1 volunteers)" in found[0].problem_text("en")


def test_unfilled_row_repeated(gaps):
    data, path = gaps
    edit = Edit(path)
    row = edit.copy_row(UNFILLED, 2)
    (found,) = verify_schedule(data, edit.save())
    assert located([found]) == [("Unfilled", row, "shift_id", "S1")]


# --- workbook structure --------------------------------------------------------------------------
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_missing_unfilled_sheet_still_checks_assignments(one_shift, lang):
    data, path = one_shift[lang]
    edit = Edit(path, lang)
    del edit.book[UNFILLED.label(lang)]
    edit.set(ASSIGNMENTS, 2, "volunteer_id", "V9")
    found = verify_schedule(data, edit.save())
    assert [(v.sheet, v.row) for v in found] == [
        ("缺口 (Unfilled)", None),
        (ASSIGNMENTS.label(lang), 2),
    ]
    assert "required sheet is missing" in found[0].problem_text("en")


def test_missing_assignments_sheet_and_column(one_shift):
    data, path = one_shift["en"]
    edit = Edit(path)
    del edit.book[ASSIGNMENTS.key]
    (found,) = verify_schedule(data, edit.save())
    assert (found.sheet, found.row) == ("排班表 (Assignments)", None)
    edit = Edit(path)
    edit.sheet(ASSIGNMENTS).delete_cols(edit.column(ASSIGNMENTS, "volunteer_id"))
    (found,) = verify_schedule(data, edit.save())
    assert (found.sheet, found.column) == ("Assignments", "志愿者编号 (volunteer_id)")
    assert "required column is missing" in found.problem_text("en")


def test_violation_text_names_the_place_in_the_language():
    data = roster(volunteers=[volunteer("V2", healthy=False)])
    v2, s1 = data.volunteers[0], data.shifts[0]
    violation = RosterIssue(
        "排班表", 7, "志愿者编号", "V2", RULE[RuleKey.healthy].broken(data, v2, s1)
    )
    assert violation.text("en") == (
        '排班表, row 7, column 志愿者编号: "V2" is unhealthy (健康状况 not healthy): '
        "nobody with symptoms is put on duty"
    )
    assert (
        violation.text("zh") == "排班表，第 7 行，志愿者编号 列：“V2” 健康状况异常，不安排带病上岗"
    )


# --- the command ---------------------------------------------------------------------------------
def run(*args: str, lang: str = "en"):
    """``scheduler verify ARGS --lang LANG``, as a coordinator runs it."""
    return CliRunner().invoke(cli, ["verify", *map(str, args), "--lang", lang])


def test_command_passes_the_solver_schedule(one_shift):
    result = run(one_shift["zh"][1].with_name("roster-zh.xlsx"), one_shift["zh"][1])
    assert result.exit_code == 0, result.output
    assert result.output == "No violations: the schedule keeps every hard rule.\n"


def test_command_lists_violations_and_exits_1(one_shift):
    _, path = one_shift["en"]
    edit = Edit(path)
    edit.set(ASSIGNMENTS, 2, "volunteer_id", "V9")
    result = run(path.with_name("roster-en.xlsx"), edit.save())
    assert result.exit_code == 1
    lines = result.output.splitlines()
    assert lines[0].startswith('Assignments, row 2, column volunteer_id: "V9" is not a volunteer')
    assert lines[-1] == "1 violation"


def test_command_speaks_chinese_by_default(tmp_path):
    """V1 alone serves S1 08:00-12:00 and S2 12:30-16:30; with 60 minutes of rest asked for, the
    violation names both shifts, their times, the gap and the rest in Chinese."""
    plan = roster(shifts=[shift("S1"), shift("S2", start="12:30", end="16:30")])
    solved(tmp_path, plan, "zh")
    args = ["verify", str(tmp_path / "roster-zh.xlsx"), str(tmp_path / "schedule-zh.xlsx")]
    clean = CliRunner().invoke(cli, args)
    assert clean.output == "未发现违规：排班遵守所有硬性规则。\n"
    result = CliRunner().invoke(cli, [*args, "--rest-minutes", "60"])
    assert result.exit_code == 1
    first, last = result.output.splitlines()
    assert first.startswith("排班表，第 3 行，志愿者编号 列：“V1” 第 2 行的班次 S1")
    assert "（2022-11-21 08:00-12:00）与班次 S2（2022-11-21 12:30-16:30）之间只有 30 分钟" in first
    assert first.endswith("至少需要休息 60 分钟")
    assert last == "共 1 处违规"
    assert set(re.findall(r"[A-Za-z][\w-]*", result.output)) == {"V1", "S1", "S2"}


def test_command_overrides_like_solve(tmp_path):
    """V1 alone serves S1 08:00-12:00 and S2 12:30-16:30: fine, unless 60 minutes of rest."""
    plan = roster(shifts=[shift("S1"), shift("S2", start="12:30", end="16:30")])
    solved(tmp_path, plan)
    paths = (tmp_path / "roster-en.xlsx", tmp_path / "schedule-en.xlsx")
    assert run(*paths).exit_code == 0
    result = run(*paths, "--rest-minutes", "60")
    assert result.exit_code == 1
    assert "at least 60 min of rest" in result.output


def test_command_person_deleted_by_hand_is_a_note_not_a_violation(tmp_path):
    """A volunteer phoned in sick and was deleted from Assignments: the slot left empty breaks no
    rule, so the Unfilled sheet lacking the row is a note, printed apart, and the exit code is 0."""
    plan = roster(volunteers=[volunteer("V1"), volunteer("V2")], shifts=[shift(required=2)])
    _, schedule_path = solved(tmp_path, plan, "zh")
    edit = Edit(schedule_path, "zh")
    edit.sheet(ASSIGNMENTS).delete_rows(2)
    result = run(tmp_path / "roster-zh.xlsx", edit.save(), lang="zh")
    assert result.exit_code == 0, result.output
    assert result.output.splitlines() == [
        "提示 1 条（不违反硬性规则，不影响结果；“缺口”表与排班表不一致）：",
        "  - 缺口，班次编号 列：“S1” 班次 S1 在排班表中有 1/2 人，但此处没有该行：请补上，缺口 1",
        "未发现违规：排班遵守所有硬性规则。",
    ]


def test_command_date_option_checks_one_date(tmp_path):
    plan = roster(shifts=[shift("S1"), shift("S2", date=NEXT_DAY)])
    roster_path = tmp_path / "roster.xlsx"
    write_roster(plan, roster_path, "en")
    data = read_roster(roster_path)
    only = dataclasses.replace(data, shifts=data.shifts[:1])
    write_schedule(solve(only, time_limit=5), tmp_path / "day.xlsx", "en")
    alone = run(roster_path, tmp_path / "day.xlsx")  # the schedule's own date, said once
    assert alone.exit_code == 0
    assert alone.output.splitlines() == [
        "the schedule only names shifts of 2022-11-21: only these dates are checked (use --date "
        "for another date)",
        "No violations: the schedule keeps every hard rule.",
    ]
    assert run(roster_path, tmp_path / "day.xlsx", "--date", "2022-11-21").exit_code == 0
    result = run(roster_path, tmp_path / "day.xlsx", "--date", "2022-12-01")
    assert result.exit_code == 1
    assert "Error: no shift of the roster is on 2022-12-01" in result.output


def test_command_unreadable_schedule_is_one_line(tmp_path):
    write_roster(roster(), tmp_path / "roster.xlsx", "en")
    (tmp_path / "schedule.xlsx").write_text("not a workbook")
    result = run(tmp_path / "roster.xlsx", tmp_path / "schedule.xlsx")
    assert result.exit_code == 1
    assert result.output.count("\n") == 1
    assert result.output.startswith("Error: the schedule ")
    assert "is not an .xlsx workbook" in result.output
    assert isinstance(result.exception, SystemExit)


def test_command_unreadable_roster(tmp_path, one_shift):
    _, schedule = one_shift["en"]
    result = run(tmp_path / "missing.xlsx", schedule)
    assert result.exit_code == 1
    assert (
        result.output
        == f"Error: the roster {tmp_path / 'missing.xlsx'} cannot be read: no such file\n"
    )
    swapped = run(schedule, schedule.with_name("roster-en.xlsx"))  # the schedule is no roster
    assert swapped.exit_code == 1
    assert "required sheet is missing" in swapped.output
    assert isinstance(swapped.exception, SystemExit)


def test_command_has_help():
    result = run("--help")
    assert result.exit_code == 0
    assert "SCHEDULE" in result.output and "ROSTER" in result.output
