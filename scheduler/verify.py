"""Checking a schedule workbook against its roster: every hard rule, re-derived from the rows.

A coordinator may edit a schedule by hand, and the tests need an oracle that shares nothing with
the model. So this module reads the schedule back as a person left it (zh or en sheets, dates and
times as Excel values or text) and checks each rule with its own plain loops over the rows. Only
the single-shift rules are shared, through ``Eligibility.allows``: they are plain functions of a
volunteer and a shift, the same ones the explanations use. Nothing here imports the model or the
solver, so a bug there cannot hide itself here.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass, replace
from itertools import combinations
from pathlib import Path

import click

from scheduler.domain import CATEGORY_ZH, DAY, Roster, Shift, Volunteer, clock, located
from scheduler.options import ALLOW_MISSING
from scheduler.report.sheets import ASSIGNMENTS, UNFILLED
from scheduler.roster import values
from scheduler.roster.reader import read_roster
from scheduler.roster.workbook import RosterError, Table, find_sheets, load_table, open_workbook
from scheduler.rules.eligibility import Eligibility

# Rule key of ``Eligibility.allows`` -> what the volunteer lacks, in plain words.
RULE_WORDS = {
    "nearby": (
        "is not nearby: post {post} is offline in {place}, and takes only volunteers of the same "
        "community or within {km:g} km"
    ),
    "healthy": "is unhealthy (健康状况 not healthy): nobody with symptoms is put on duty",
    "general_training": "has no general training (通用培训): nobody serves before passing it",
    "post_training": "has no post training for {category} ({category_zh}), which post {post} needs",
    "qualified": "lacks the required skill for post {post}: it needs one of {skills}",
    "insured": "is not insured for a high-risk post ({post}): it needs accident insurance",
    "available": "is not available at that time: shift {shift} runs {span}, outside their windows",
    "daily_cap": "has a daily maximum of {cap} h, shorter than shift {shift} ({hours} h)",
}


@dataclass(frozen=True, slots=True)
class Violation:
    """One broken rule of a schedule, located as a person sees it in Excel."""

    sheet: str
    row: int | None
    column: str
    value: str
    problem: str

    def text(self) -> str:
        return located(self.sheet, self.row, self.column, self.value, self.problem, "en")


@dataclass(frozen=True, slots=True)
class Placed:
    """An Assignments row naming a known shift and a known volunteer (repeats left out)."""

    row: int
    shift: Shift
    volunteer: Volunteer


def verify_schedule(roster: Roster, schedule_path: Path) -> list[Violation]:
    """Every hard rule the schedule at ``schedule_path`` breaks, in sheet and row order.

    Raises ``RosterError`` only when the file is not a readable workbook; a missing sheet or
    column is a violation like any other.
    """
    workbook = open_workbook(Path(schedule_path))
    names = find_sheets(workbook, (ASSIGNMENTS, UNFILLED))
    found: list[Violation] = []
    tables: dict[str, Table] = {}
    for spec in (ASSIGNMENTS, UNFILLED):
        if spec.key not in names:
            problem = f"required sheet is missing: a schedule has a sheet {spec.zh} or {spec.key}"
            found.append(Violation(spec.both(), None, "", "", problem))
            continue
        try:
            tables[spec.key] = load_table(workbook, names[spec.key], spec)
        except RosterError as error:
            found.extend(
                Violation(i.sheet, i.row, i.column, i.value, i.problem) for i in error.issues
            )
    assignments = tables.get(ASSIGNMENTS.key)
    if assignments is not None:
        placed, listed = _read_assignments(roster, assignments, found)
        found += _eligibility(roster, assignments, placed)
        found += _overlaps_and_rest(roster, assignments, placed)
        found += _daily_totals(roster, assignments, placed)
        found += _days_in_row(roster, assignments, placed)
        found += _weekly_hours(roster, assignments, placed)
        found += _headcounts(roster, assignments, listed)
        if UNFILLED.key in tables:
            counts = {shift_id: len(rows) for shift_id, rows in listed.items()}
            found += _unfilled(roster, tables[UNFILLED.key], counts)
    order = {table.name: index for index, table in enumerate(tables.values())}
    return sorted(found, key=lambda v: (order.get(v.sheet, -1), v.row or 0))


# --- reading rows ------------------------------------------------------------------------------
class _Row:
    """One row of a schedule sheet: reads cells and records violations at their place."""

    def __init__(self, table: Table, row: int, record: dict[str, object], found: list):
        self.table, self.row, self.record, self.found = table, row, record, found

    def has(self, key: str) -> bool:
        return key in self.table.columns

    def cell(self, key: str) -> object:
        return self.record.get(key, "")

    def flag(self, key: str, problem: str) -> None:
        column = self.table.header(key)
        self.found.append(
            Violation(self.table.name, self.row, column, _shown(self.cell(key)), problem)
        )

    def read(self, key: str, parse: Callable = values.text):
        """The parsed cell, or None (and a violation) when it cannot be read."""
        try:
            return parse(self.cell(key))
        except values.CellError as error:
            self.flag(key, str(error))
            return None

    def expect(self, key: str, parse: Callable, wanted, phrase: str, source="the roster"):
        """The cell, when its column exists, must read ``wanted``; ``phrase`` says what is right."""
        if not self.has(key):
            return
        if values.is_blank(self.cell(key)):
            self.flag(key, f"is empty: {phrase}")
            return
        value = self.read(key, parse)
        if value is not None and value != wanted:
            self.flag(key, f"does not match {source}: {phrase}")


def _shown(cell: object) -> str:
    if isinstance(cell, dt.datetime):
        return cell.isoformat(sep=" ") if cell.time() != dt.time() else cell.date().isoformat()
    if isinstance(cell, dt.time):
        return cell.strftime("%H:%M")
    try:
        return values.text(cell)
    except values.CellError:
        return str(cell)


def _span(shift: Shift) -> str:
    return f"{shift.date.isoformat()} {clock(shift.start)}-{clock(shift.end)}"


def _hours(minutes: int) -> str:
    return f"{round(minutes / 60, 2):g}"


def _agrees_with_shift(cells: _Row, shift: Shift) -> None:
    """The row's post, date, start and end are those of the roster's shift. Ends compare on the
    clock: an end at or before the start is the next day, as the contract reads it."""
    name = f"shift {shift.shift_id}"
    cells.expect("post_id", values.text, shift.post_id, f"{name} is of post {shift.post_id}")
    cells.expect("date", values.date, shift.date, f"{name} is on {shift.date.isoformat()}")
    cells.expect("start", values.time, shift.start, f"{name} starts at {clock(shift.start)}")
    cells.expect("end", _clock_minutes, shift.end % DAY, f"{name} ends at {clock(shift.end)}")


def _clock_minutes(cell: object) -> int:
    """A time cell as minutes on the clock face: 24:00 and 00:00 are the same end."""
    return values.time(cell) % DAY


def _read_assignments(roster: Roster, table: Table, found: list[Violation]):
    """The rows naming a known shift and a known volunteer, and the rows listed on each shift.

    The listed rows are what the sheet shows: a mistyped volunteer still fills a place (one
    mistake, one message), a repeated volunteer does not (the repeat is its own violation). A row
    of an unknown shift counts nowhere.
    """
    rejected_shifts = {r.shift_id: r.reason_text("en") for r in roster.rejected_shifts}
    rejected_volunteers = {r.volunteer_id: r.reason_text("en") for r in roster.rejected_volunteers}
    placed: list[Placed] = []
    listed: dict[str, list[int]] = defaultdict(list)
    first_row: dict[tuple[str, str], int] = {}
    for row, record in table.records():
        cells = _Row(table, row, record, found)
        shift_id = cells.read("shift_id")
        volunteer_id = cells.read("volunteer_id")
        if shift_id == "" and volunteer_id == "":
            continue  # no assignment: the line an empty sheet carries ("没有安排任何志愿者")
        shift = roster.shift_by_id.get(shift_id) if shift_id else None
        volunteer = roster.volunteer_by_id.get(volunteer_id) if volunteer_id else None
        if shift_id == "":
            cells.flag("shift_id", "is empty: name the shift of this assignment")
        elif shift_id in rejected_shifts and shift is None:
            cells.flag(
                "shift_id",
                f"is a shift the roster leaves out of planning ({rejected_shifts[shift_id]}): "
                "nobody can be assigned to it",
            )
        elif shift_id and shift is None:
            cells.flag("shift_id", "is not a shift of the roster: correct the shift number")
        if volunteer_id == "":
            cells.flag("volunteer_id", "is empty: name the volunteer of this assignment")
        elif volunteer_id in rejected_volunteers and volunteer is None:
            cells.flag(
                "volunteer_id",
                "is a volunteer the roster leaves out of planning "
                f"({rejected_volunteers[volunteer_id]}): they cannot be assigned",
            )
        elif volunteer_id and volunteer is None:
            cells.flag("volunteer_id", "is not a volunteer of the roster: correct the number")
        if shift is None:
            continue
        _agrees_with_shift(cells, shift)
        if not volunteer_id:
            continue
        if (shift_id, volunteer_id) in first_row:
            cells.flag(
                "volunteer_id",
                f"is on shift {shift_id} twice (also row {first_row[shift_id, volunteer_id]}): "
                "delete one of the rows",
            )
            continue
        first_row[shift_id, volunteer_id] = row
        listed[shift_id].append(row)
        if volunteer is not None:
            placed.append(Placed(row, shift, volunteer))
    return placed, listed


def _flag(table: Table, row: int, key: str, value: str, problem: str) -> Violation:
    return Violation(table.name, row, table.header(key), value, problem)


# --- the rules ---------------------------------------------------------------------------------
def _eligibility(roster: Roster, table: Table, placed: list[Placed]) -> list[Violation]:
    """Trained, qualified, healthy, nearby, insured, available, and the shift within their cap."""
    eligibility = Eligibility(roster)
    found = []
    for p in placed:
        broken = eligibility.allows(p.volunteer, p.shift)
        if broken is None:
            continue
        post = roster.post_by_id[p.shift.post_id]
        words = RULE_WORDS.get(broken, "breaks the rule " + broken)
        problem = words.format(
            post=post.post_id,
            place=post.community,
            km=roster.settings.max_distance_km,
            category=post.category.value,
            category_zh=CATEGORY_ZH[post.category],
            skills="/".join(sorted(post.accepted_skills)),
            shift=p.shift.shift_id,
            span=_span(p.shift),
            cap=_hours(roster.daily_cap_minutes(p.volunteer)),
            hours=_hours(p.shift.minutes),
        )
        found.append(_flag(table, p.row, "volunteer_id", p.volunteer.volunteer_id, problem))
    return found


def _by_volunteer(placed: list[Placed]) -> dict[str, list[Placed]]:
    grouped: dict[str, list[Placed]] = defaultdict(list)
    for p in placed:
        grouped[p.volunteer.volunteer_id].append(p)
    return grouped


def _overlaps_and_rest(roster: Roster, table: Table, placed: list[Placed]) -> list[Violation]:
    """One place at a time, with the Settings' rest between shifts: every pair of a volunteer's
    shifts, in absolute minutes so shifts past midnight and of other dates compare directly.
    Reported at the row of the shift that starts later."""
    rest = roster.settings.min_rest_minutes
    found = []
    for volunteer_id, shifts in _by_volunteer(placed).items():
        for a, b in combinations(shifts, 2):
            first, later = _in_time_order([a, b])
            gap = max(a.shift.begins, b.shift.begins) - min(a.shift.ends, b.shift.ends)
            other = f"shift {first.shift.shift_id} of row {first.row} ({_span(first.shift)})"
            here = f"shift {later.shift.shift_id} ({_span(later.shift)})"
            if gap < 0:
                problem = f"is on {here} and {other} at the same time: one place at a time"
            elif gap < rest:
                problem = (
                    f"has only {gap} min between {other} and {here}: "
                    f"at least {rest} min of rest are required"
                )
            else:
                continue
            found.append(_flag(table, later.row, "volunteer_id", volunteer_id, problem))
    return found


def _in_time_order(shifts: list[Placed]) -> list[Placed]:
    return sorted(shifts, key=lambda p: (p.shift.begins, p.row))


def _first_past(shifts: list[Placed], cap: int) -> Placed:
    """The shift with which the running total, in time order, first passes ``cap`` minutes."""
    running = 0
    for p in _in_time_order(shifts):
        running += p.shift.minutes
        if running > cap:
            return p
    raise ValueError("the shifts do not pass the cap")


def _daily_totals(roster: Roster, table: Table, placed: list[Placed]) -> list[Violation]:
    """At most the daily cap (8 h, the Settings' or the volunteer's own) across a day's shifts,
    each counted on its start date. Reported at the row of the shift that passes the cap; a single
    shift longer than the cap is the single-shift rule's to report."""
    days: dict[tuple[str, dt.date], list[Placed]] = defaultdict(list)
    for p in placed:
        days[p.volunteer.volunteer_id, p.shift.date].append(p)
    found = []
    for (volunteer_id, date), shifts in days.items():
        cap = roster.daily_cap_minutes(shifts[0].volunteer)
        total = sum(p.shift.minutes for p in shifts)
        if len(shifts) < 2 or total <= cap:
            continue
        at = _first_past(shifts, cap)
        names = ", ".join(p.shift.shift_id for p in _in_time_order(shifts))
        problem = (
            f"serves {_hours(total)} h on {date.isoformat()} (shifts {names}), "
            f"more than their daily maximum of {_hours(cap)} h"
        )
        found.append(_flag(table, at.row, "volunteer_id", volunteer_id, problem))
    return found


def _days_in_row(roster: Roster, table: Table, placed: list[Placed]) -> list[Violation]:
    """At most ``max_days_in_row`` dates in a row on duty (unset: no limit), each shift counted on
    its start date. Reported once per run, at the first row of the first day too many."""
    limit = getattr(roster.settings, "max_days_in_row", None)
    if limit is None:
        return []
    found = []
    for volunteer_id, shifts in _by_volunteer(placed).items():
        first_row: dict[dt.date, int] = {}
        for p in _in_time_order(shifts):
            first_row.setdefault(p.shift.date, p.row)
        days = sorted(first_row)
        start = 0
        for i, day in enumerate(days):
            if i and day - days[i - 1] != dt.timedelta(days=1):
                start = i
            if i - start == limit:
                problem = (
                    f"is on duty {limit + 1} days in a row ({days[start].isoformat()} to "
                    f"{day.isoformat()}): at most {limit} are allowed (max_days_in_row)"
                )
                found.append(_flag(table, first_row[day], "volunteer_id", volunteer_id, problem))
    return found


def _weekly_hours(roster: Roster, table: Table, placed: list[Placed]) -> list[Violation]:
    """At most ``max_hours_per_week`` in any 7 days in a row (unset: no limit), shifts counted on
    their start date. A window over the limit is reported at the row of the shift that passes it;
    the next window looked at starts after it, so one long stretch gives one message per week."""
    limit = getattr(roster.settings, "max_hours_per_week", None)
    if limit is None:
        return []
    cap, week = round(limit * 60), dt.timedelta(days=6)
    found = []
    for volunteer_id, shifts in _by_volunteer(placed).items():
        ordered = _in_time_order(shifts)
        clear_until = dt.date.min
        for first in sorted({p.shift.date for p in ordered}):
            if first <= clear_until:
                continue
            inside = [p for p in ordered if first <= p.shift.date <= first + week]
            total = sum(p.shift.minutes for p in inside)
            if total <= cap:
                continue
            problem = (
                f"serves {_hours(total)} h from {first.isoformat()} to "
                f"{(first + week).isoformat()}, more than the {limit:g} h allowed in 7 days "
                "(max_hours_per_week)"
            )
            at = _first_past(inside, cap)
            found.append(_flag(table, at.row, "volunteer_id", volunteer_id, problem))
            clear_until = first + week
    return found


def _headcounts(roster: Roster, table: Table, listed: dict[str, list[int]]) -> list[Violation]:
    """A shift never gets more volunteers than it asked for; reported at the first row too many."""
    found = []
    for shift_id, rows in listed.items():
        required = roster.shift_by_id[shift_id].required
        if len(rows) > required:
            problem = (
                f"shift {shift_id} has {len(rows)} volunteers but requires {required}: "
                f"remove {len(rows) - required}"
            )
            found.append(_flag(table, rows[required], "shift_id", shift_id, problem))
    return found


def _unfilled(roster: Roster, table: Table, counts: dict[str, int]) -> list[Violation]:
    """Unfilled lists exactly the shifts short of people, with the numbers of Assignments, plus
    the shifts the roster left out of planning (with nobody assigned)."""
    found: list[Violation] = []
    rejected = Counter(r.shift_id for r in roster.rejected_shifts)
    gap_row: dict[str, int] = {}
    for row, record in table.records():
        cells = _Row(table, row, record, found)
        shift_id = cells.read("shift_id")
        if shift_id is None:
            continue
        shift = roster.shift_by_id.get(shift_id)
        assigned = counts.get(shift_id, 0)
        if shift is not None and assigned < shift.required and shift_id not in gap_row:
            gap_row[shift_id] = row
            _agrees_with_shift(cells, shift)
            name, whole = f"shift {shift_id}", values.whole_number
            short = shift.required - assigned
            cells.expect("required", whole, shift.required, f"{name} requires {shift.required}")
            tally = f"{name} has {assigned} volunteer(s) in Assignments"
            cells.expect("assigned", whole, assigned, tally, "Assignments")
            cells.expect("shortfall", whole, short, f"{name} is {short} short", "Assignments")
        elif rejected[shift_id] > 0:
            rejected[shift_id] -= 1
            cells.expect(
                "assigned",
                values.whole_number,
                0,
                f"shift {shift_id} is left out of planning by the roster, so nobody is assigned",
                "the roster",
            )
        elif shift_id == "":
            cells.flag("shift_id", "is empty: name the shift that is short")
        elif shift_id in gap_row:
            cells.flag("shift_id", f"repeats the gap of row {gap_row[shift_id]}: delete one row")
        elif shift is not None:
            cells.flag(
                "shift_id",
                f"is full in Assignments ({assigned} of {shift.required} volunteers): "
                "it has no gap, delete this row",
            )
        else:
            cells.flag("shift_id", "is not a shift of the roster: correct the shift number")
    for shift in roster.shifts:
        assigned = counts.get(shift.shift_id, 0)
        if assigned < shift.required and shift.shift_id not in gap_row:
            problem = (
                f"shift {shift.shift_id} has {assigned} of {shift.required} volunteers in "
                f"Assignments but no row here: add it with shortfall {shift.required - assigned}"
            )
            found.append(
                Violation(table.name, None, table.header("shift_id"), shift.shift_id, problem)
            )
    for shift_id, missing in rejected.items():
        if missing > 0:
            problem = "is a shift the roster leaves out of planning but has no row here: add it"
            found.append(Violation(table.name, None, table.header("shift_id"), shift_id, problem))
    return found


# --- the command -------------------------------------------------------------------------------
class VerifyError(click.ClickException):
    """A workbook that cannot be read; click prints 'Error: ...' and exits 1."""


def _unreadable(what: str, path: Path, error: RosterError) -> VerifyError:
    if len(error.issues) == 1:
        issue = error.issues[0]
        problem = (
            issue.problem_text("en")
            if issue.sheet == path.name and not issue.row
            else issue.text("en")
        )
        return VerifyError(f"the {what} {path} cannot be read: {problem}")
    lines = [f"the {what} {path} cannot be read: {len(error.issues)} problem(s)"]
    lines += [f"  - {issue.text('en')}" for issue in error.issues]
    return VerifyError("\n".join(lines))


def _only(roster: Roster, date: dt.date) -> Roster:
    shifts = tuple(shift for shift in roster.shifts if shift.date == date)
    if not shifts:
        raise VerifyError(f"no shift of the roster is on {date.isoformat()}")
    return replace(roster, shifts=shifts)


@click.command("verify")
@click.argument("roster", type=click.Path(path_type=Path))
@click.argument("schedule", type=click.Path(path_type=Path))
@click.option(
    "--date",
    "only_date",
    type=click.DateTime(["%Y-%m-%d"]),
    help="Check only the shifts of this date (for a schedule made with solve --date).",
)
@click.option("--daily-cap", type=click.FloatRange(0, 8), help="Override Settings daily_cap_hours.")
@click.option("--max-distance", type=click.FloatRange(min=0), help="Override max_distance_km.")
@click.option("--rest-minutes", type=click.IntRange(min=0), help="Override min_rest_minutes.")
@click.option(
    "--post-training/--no-post-training", default=None, help="Override require_post_training."
)
@ALLOW_MISSING
@click.pass_context
def verify_command(
    context: click.Context,
    roster: Path,
    schedule: Path,
    only_date,
    daily_cap,
    max_distance,
    rest_minutes,
    post_training,
    allow_missing: tuple[str, ...],
) -> None:
    """Check SCHEDULE, a schedule workbook perhaps edited by hand, against ROSTER.

    Every hard rule is checked row by row; each violation is printed with its sheet and row.
    Give the same overrides as the solve that made the schedule. Exit code 1 when a rule is
    broken or a workbook cannot be read.
    """
    overrides = dict(
        daily_cap_hours=daily_cap,
        max_distance_km=max_distance,
        min_rest_minutes=rest_minutes,
        require_post_training=post_training,
    )
    try:
        data = read_roster(roster, overrides=overrides, allow_missing=allow_missing)
    except RosterError as error:
        raise _unreadable("roster", roster, error) from None
    if only_date is not None:
        data = _only(data, only_date.date())
    try:
        violations = verify_schedule(data, schedule)
    except RosterError as error:
        raise _unreadable("schedule", schedule, error) from None
    for violation in violations:
        click.echo(violation.text())
    if violations:
        click.echo(f"{len(violations)} violation(s)")
        context.exit(1)
    click.echo("No violations: the schedule keeps every hard rule.")
