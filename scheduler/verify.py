"""Checking a schedule workbook against its roster: every hard rule, re-derived from the rows.

A coordinator may edit a schedule by hand, and the tests need an oracle that shares nothing with
the model. So this module reads the schedule back as a person left it (zh or en sheets, dates and
times as Excel values or text) and checks each rule with its own plain loops over the rows. Only
the single-shift rules are shared, through ``Eligibility.allows``: they are plain functions of a
volunteer and a shift, the same ones the explanations use. The rules between shifts are
implemented again here on purpose; only their words come from the catalogue. Nothing here imports
the model or the solver, so a bug there cannot hide itself here.

Only a broken hard rule is a violation (exit code 1). The Unfilled sheet's agreement with the
Assignments is checked too, but a mismatch there breaks no rule (a person deleted from the
Assignments by hand leaves a slot empty, which is allowed): those findings are *notes*, issues of
severity ``warning``, printed apart by the command and leaving the exit code 0.

A violation is a ``RosterIssue`` of the schedule workbook (sheet, Excel row, column, the value as
typed) whose problem is a catalogue ``Message``: ``scheduler verify --lang`` renders it. The
command itself is in ``scheduler.cli``; ``unreadable`` words its one error.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass, replace
from itertools import combinations
from pathlib import Path

from scheduler.domain import DAY, Roster, RosterIssue, Severity, Shift, Volunteer, clock
from scheduler.messages import Message, Words, msg, say
from scheduler.report.sheets import ASSIGNMENTS, UNFILLED
from scheduler.roster import values
from scheduler.roster.workbook import RosterError, Table, find_sheets, load_table, open_workbook
from scheduler.rules.catalogue import RULE, hours, span
from scheduler.rules.eligibility import Eligibility

ROSTER_SOURCE = msg("verify.source.roster")
ASSIGNMENTS_SHEET = Words(ASSIGNMENTS.zh, ASSIGNMENTS.key)


@dataclass(frozen=True, slots=True)
class Placed:
    """An Assignments row naming a known shift and a known volunteer (repeats left out)."""

    row: int
    shift: Shift
    volunteer: Volunteer


def verify_schedule(roster: Roster, schedule_path: Path) -> list[RosterIssue]:
    """Every hard rule the schedule at ``schedule_path`` breaks, in sheet and row order, and the
    notes on its Unfilled sheet (severity ``warning``: see ``is_note``).

    Raises ``RosterError`` only when the file is not a readable workbook; a missing sheet or
    column is a violation like any other (a note for the Unfilled sheet).
    """
    workbook = open_workbook(Path(schedule_path))
    names = find_sheets(workbook, (ASSIGNMENTS, UNFILLED))
    found: list[RosterIssue] = []
    notes: list[RosterIssue] = []
    tables: dict[str, Table] = {}
    for spec in (ASSIGNMENTS, UNFILLED):
        into = notes if spec is UNFILLED else found
        if spec.key not in names:
            problem = msg("verify.sheet_missing", zh=spec.zh, en=spec.key)
            into.append(RosterIssue(spec.both(), None, "", "", problem))
            continue
        try:
            tables[spec.key] = load_table(workbook, names[spec.key], spec)
        except RosterError as error:
            into.extend(error.issues)
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
            notes += _unfilled(roster, tables[UNFILLED.key], counts)
    found += [replace(note, severity=Severity.warning) for note in notes]
    order = {table.name: index for index, table in enumerate(tables.values())}
    return sorted(found, key=lambda v: (order.get(v.sheet, -1), v.row or 0))


def is_note(finding: RosterIssue) -> bool:
    """A finding that breaks no hard rule: printed apart, and the exit code stays 0."""
    return finding.severity is Severity.warning


def planned_dates(roster: Roster, schedule_path: Path) -> set[dt.date]:
    """The dates of the roster's shifts that the schedule's Assignments and Unfilled sheets name.

    A schedule made with ``solve --date`` names one date's shifts only; ``verify`` without
    ``--date`` then checks those dates instead of calling every other date's shifts missing.
    Empty when the workbook or a sheet cannot be read (``verify_schedule`` says why)."""
    try:
        workbook = open_workbook(Path(schedule_path))
        names = find_sheets(workbook, (ASSIGNMENTS, UNFILLED))
        tables = [load_table(workbook, names[s.key], s) for s in (ASSIGNMENTS, UNFILLED)]
    except (RosterError, KeyError):
        return set()
    dates = set()
    for table in tables:
        for _, record in table.records():
            shift = roster.shift_by_id.get(_shown(record.get("shift_id", "")))
            if shift is not None:
                dates.add(shift.date)
    return dates


# --- reading rows ------------------------------------------------------------------------------
class _Row:
    """One row of a schedule sheet: reads cells and records violations at their place."""

    def __init__(self, table: Table, row: int, record: dict[str, object], found: list):
        self.table, self.row, self.record, self.found = table, row, record, found

    def has(self, key: str) -> bool:
        return key in self.table.columns

    def cell(self, key: str) -> object:
        return self.record.get(key, "")

    def flag(self, key: str, problem: Message | str) -> None:
        column = self.table.header(key)
        self.found.append(
            RosterIssue(self.table.name, self.row, column, _shown(self.cell(key)), problem)
        )

    def read(self, key: str, parse: Callable = values.text):
        """The parsed cell, or None (and a violation) when it cannot be read."""
        try:
            return parse(self.cell(key))
        except values.CellError as error:
            self.flag(key, error.message)
            return None

    def expect(self, key: str, parse: Callable, wanted, what: Message, source=ROSTER_SOURCE):
        """The cell, when its column exists, must read ``wanted``; ``what`` says what is right."""
        if not self.has(key):
            return
        if values.is_blank(self.cell(key)):
            self.flag(key, msg("verify.empty", what=what))
            return
        value = self.read(key, parse)
        if value is not None and value != wanted:
            self.flag(key, msg("verify.differs", source=source, what=what))


def _shown(cell: object) -> str:
    if isinstance(cell, dt.datetime):
        return cell.isoformat(sep=" ") if cell.time() != dt.time() else cell.date().isoformat()
    if isinstance(cell, dt.time):
        return cell.strftime("%H:%M")
    try:
        return values.text(cell)
    except values.CellError:
        return str(cell)


def _agrees_with_shift(cells: _Row, shift: Shift) -> None:
    """The row's post, date, start and end are those of the roster's shift. Ends compare on the
    clock: an end at or before the start is the next day, as the contract reads it."""
    name = shift.shift_id
    post = msg("verify.shift_post", shift=name, post=shift.post_id)
    date = msg("verify.shift_date", shift=name, date=shift.date.isoformat())
    start = msg("verify.shift_start", shift=name, time=clock(shift.start))
    end = msg("verify.shift_end", shift=name, time=clock(shift.end))
    cells.expect("post_id", values.text, shift.post_id, post)
    cells.expect("date", values.date, shift.date, date)
    cells.expect("start", values.time, shift.start, start)
    cells.expect("end", _clock_minutes, shift.end % DAY, end)


def _clock_minutes(cell: object) -> int:
    """A time cell as minutes on the clock face: 24:00 and 00:00 are the same end."""
    return values.time(cell) % DAY


def _read_assignments(roster: Roster, table: Table, found: list[RosterIssue]):
    """The rows naming a known shift and a known volunteer, and the rows listed on each shift.

    The listed rows are what the sheet shows: a mistyped volunteer still fills a place (one
    mistake, one message), a repeated volunteer does not (the repeat is its own violation). A row
    of an unknown shift counts nowhere.
    """
    rejected_shifts = {r.shift_id: r.reason for r in roster.rejected_shifts}
    rejected_volunteers = {r.volunteer_id: r.reason for r in roster.rejected_volunteers}
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
            cells.flag("shift_id", msg("verify.no_shift"))
        elif shift_id in rejected_shifts and shift is None:
            why = rejected_shifts[shift_id]
            cells.flag("shift_id", msg("verify.rejected_shift", reason=why))
        elif shift_id and shift is None:
            cells.flag("shift_id", msg("verify.unknown_shift"))
        if volunteer_id == "":
            cells.flag("volunteer_id", msg("verify.no_volunteer"))
        elif volunteer_id in rejected_volunteers and volunteer is None:
            why = rejected_volunteers[volunteer_id]
            cells.flag("volunteer_id", msg("verify.rejected_volunteer", reason=why))
        elif volunteer_id and volunteer is None:
            cells.flag("volunteer_id", msg("verify.unknown_volunteer"))
        if shift is None:
            continue
        _agrees_with_shift(cells, shift)
        if not volunteer_id:
            continue
        if (shift_id, volunteer_id) in first_row:
            again = first_row[shift_id, volunteer_id]
            cells.flag("volunteer_id", msg("verify.twice", shift=shift_id, row=again))
            continue
        first_row[shift_id, volunteer_id] = row
        listed[shift_id].append(row)
        if volunteer is not None:
            placed.append(Placed(row, shift, volunteer))
    return placed, listed


def _flag(table: Table, row: int | None, key: str, value: str, problem: Message) -> RosterIssue:
    return RosterIssue(table.name, row, table.header(key), value, problem)


# --- the rules ---------------------------------------------------------------------------------
def _eligibility(roster: Roster, table: Table, placed: list[Placed]) -> list[RosterIssue]:
    """Trained, qualified, healthy, nearby, insured, available, and the shift within their cap."""
    eligibility = Eligibility(roster)
    found = []
    for p in placed:
        broken = eligibility.allows(p.volunteer, p.shift)
        if broken is not None:
            problem = RULE[broken].broken(roster, p.volunteer, p.shift)
            found.append(_flag(table, p.row, "volunteer_id", p.volunteer.volunteer_id, problem))
    return found


def _by_volunteer(placed: list[Placed]) -> dict[str, list[Placed]]:
    grouped: dict[str, list[Placed]] = defaultdict(list)
    for p in placed:
        grouped[p.volunteer.volunteer_id].append(p)
    return grouped


def _overlaps_and_rest(roster: Roster, table: Table, placed: list[Placed]) -> list[RosterIssue]:
    """One place at a time, with the Settings' rest between shifts: every pair of a volunteer's
    shifts, in absolute minutes so shifts past midnight and of other dates compare directly.
    Reported at the row of the shift that starts later."""
    rest = roster.settings.min_rest_minutes
    found = []
    for volunteer_id, shifts in _by_volunteer(placed).items():
        for a, b in combinations(shifts, 2):
            first, later = _in_time_order([a, b])
            gap = max(a.shift.begins, b.shift.begins) - min(a.shift.ends, b.shift.ends)
            pair = dict(
                shift=later.shift.shift_id,
                span=span(later.shift),
                other=first.shift.shift_id,
                row=first.row,
                other_span=span(first.shift),
            )
            if gap < 0:
                problem = msg("verify.same_time", **pair)
            elif gap < rest:
                problem = msg("verify.rest", gap=gap, rest=rest, **pair)
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


def _daily_totals(roster: Roster, table: Table, placed: list[Placed]) -> list[RosterIssue]:
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
        names = [p.shift.shift_id for p in _in_time_order(shifts)]
        problem = msg(
            "verify.day_total",
            total=hours(total),
            date=date.isoformat(),
            shifts=names,
            cap=hours(cap),
        )
        found.append(_flag(table, at.row, "volunteer_id", volunteer_id, problem))
    return found


def _days_in_row(roster: Roster, table: Table, placed: list[Placed]) -> list[RosterIssue]:
    """At most ``max_days_in_row`` dates in a row on duty (unset: no limit), each shift counted on
    its start date, the days served before the roster (``--history``) included. Reported once per
    run, at the first row of the first day too many."""
    limit = getattr(roster.settings, "max_days_in_row", None)
    if limit is None:
        return []
    found = []
    for volunteer_id, shifts in _by_volunteer(placed).items():
        first_row: dict[dt.date, int] = {}
        for p in _in_time_order(shifts):
            first_row.setdefault(p.shift.date, p.row)
        earlier = roster.served_minutes(volunteer_id)
        days = sorted(set(first_row) | set(earlier))
        start, reported = 0, False
        for i, day in enumerate(days):
            if i and day - days[i - 1] != dt.timedelta(days=1):
                start, reported = i, False
            if i - start >= limit and day in first_row and not reported:
                problem = msg(
                    "verify.days_in_row",
                    run=i - start + 1,
                    first=days[start].isoformat(),
                    last=day.isoformat(),
                    limit=limit,
                )
                before = sum(1 for d in days[start : i + 1] if d in earlier)
                if before:
                    problem = msg("history.days_before", problem=problem, days=before)
                found.append(_flag(table, first_row[day], "volunteer_id", volunteer_id, problem))
                reported = True
    return found


def _weekly_hours(roster: Roster, table: Table, placed: list[Placed]) -> list[RosterIssue]:
    """At most ``max_hours_per_week`` in any 7 days in a row (unset: no limit), shifts counted on
    their start date, the hours served before the roster (``--history``) included. A window over
    the limit is reported at the row of the shift that passes it; the next window looked at starts
    after it, so one long stretch gives one message per week."""
    limit = getattr(roster.settings, "max_hours_per_week", None)
    if limit is None:
        return []
    cap, week = round(limit * 60), dt.timedelta(days=6)
    found = []
    for volunteer_id, shifts in _by_volunteer(placed).items():
        ordered = _in_time_order(shifts)
        earlier = roster.served_minutes(volunteer_id)
        clear_until = dt.date.min
        for first in sorted({p.shift.date for p in ordered} | set(earlier)):
            if first <= clear_until:
                continue
            inside = [p for p in ordered if first <= p.shift.date <= first + week]
            before = sum(n for day, n in earlier.items() if first <= day <= first + week)
            total = sum(p.shift.minutes for p in inside) + before
            if total <= cap or not inside:
                continue
            problem = msg(
                "verify.weekly_hours",
                total=hours(total),
                first=first.isoformat(),
                last=(first + week).isoformat(),
                limit=limit,
            )
            if before:
                problem = msg("history.hours_before", problem=problem, hours=hours(before))
            at = _first_past(inside, cap - before)
            found.append(_flag(table, at.row, "volunteer_id", volunteer_id, problem))
            clear_until = first + week
    return found


def _headcounts(roster: Roster, table: Table, listed: dict[str, list[int]]) -> list[RosterIssue]:
    """A shift never gets more volunteers than it asked for; reported at the first row too many."""
    found = []
    for shift_id, rows in listed.items():
        required = roster.shift_by_id[shift_id].required
        if len(rows) > required:
            problem = msg(
                "verify.headcount",
                shift=shift_id,
                n=len(rows),
                required=required,
                extra=len(rows) - required,
            )
            found.append(_flag(table, rows[required], "shift_id", shift_id, problem))
    return found


def _unfilled(roster: Roster, table: Table, counts: dict[str, int]) -> list[RosterIssue]:
    """Unfilled lists exactly the shifts short of people, with the numbers of Assignments, plus
    the shifts the roster left out of planning (with nobody assigned)."""
    found: list[RosterIssue] = []
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
            _agrees_with_gap(cells, shift, assigned)
        elif rejected[shift_id] > 0:
            rejected[shift_id] -= 1
            nobody = msg("verify.shift_left_out", shift=shift_id)
            cells.expect("assigned", values.whole_number, 0, nobody)
        elif shift_id == "":
            cells.flag("shift_id", msg("verify.gap_empty"))
        elif shift_id in gap_row:
            cells.flag("shift_id", msg("verify.gap_repeat", row=gap_row[shift_id]))
        elif shift is not None:
            full = dict(sheet=ASSIGNMENTS_SHEET, n=assigned, required=shift.required)
            cells.flag("shift_id", msg("verify.gap_full", **full))
        else:
            cells.flag("shift_id", msg("verify.unknown_shift"))
    for shift in roster.shifts:
        assigned = counts.get(shift.shift_id, 0)
        if assigned < shift.required and shift.shift_id not in gap_row:
            problem = msg(
                "verify.gap_missing",
                shift=shift.shift_id,
                sheet=ASSIGNMENTS_SHEET,
                n=assigned,
                required=shift.required,
                short=shift.required - assigned,
            )
            found.append(_flag(table, None, "shift_id", shift.shift_id, problem))
    for shift_id, missing in rejected.items():
        if missing > 0:
            problem = msg("verify.left_out_missing")
            found.append(_flag(table, None, "shift_id", shift_id, problem))
    return found


def _agrees_with_gap(cells: _Row, shift: Shift, assigned: int) -> None:
    """An Unfilled row of a short shift: the shift's own cells, and the numbers of Assignments."""
    _agrees_with_shift(cells, shift)
    name, whole = shift.shift_id, values.whole_number
    short = shift.required - assigned
    required = msg("verify.shift_required", shift=name, n=shift.required)
    tally = msg("verify.shift_assigned", shift=name, n=assigned, sheet=ASSIGNMENTS_SHEET)
    gap = msg("verify.shift_short", shift=name, n=short)
    cells.expect("required", whole, shift.required, required)
    cells.expect("assigned", whole, assigned, tally, ASSIGNMENTS_SHEET)
    cells.expect("shortfall", whole, short, gap, ASSIGNMENTS_SHEET)


def unreadable(what: str, path: Path, error: RosterError, lang: str) -> str:
    """Why the roster or schedule (``what``) cannot be checked: its one problem on one line, or
    the list of them."""
    name = msg(f"verify.what.{what}")
    if len(error.issues) == 1:
        issue = error.issues[0]
        whole_file = issue.sheet == path.name and not issue.row
        problem = issue.problem_text(lang) if whole_file else issue.text(lang)
        return say("verify.unreadable", lang, what=name, path=path, problem=problem)
    lines = [say("verify.unreadable_many", lang, what=name, path=path, n=len(error.issues))]
    lines += [say("terminal.item", lang, text=issue.text(lang)) for issue in error.issues]
    return "\n".join(lines)
