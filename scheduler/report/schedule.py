"""The schedule workbook: Summary, Assignments, Unfilled, Volunteers, Hours and Issues.

Every volunteer and every shift of the roster appears: assigned, short with a reason, or left out
of planning with the row problem that kept it out. Knows nothing of the solver.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from scheduler.changes import compare, shift_words
from scheduler.domain import BoundKind, Schedule, SolveStatus
from scheduler.explain import Explainer
from scheduler.messages import say
from scheduler.notices import write_notices_sheet
from scheduler.report.sheets import (
    ASSIGNMENTS,
    CHANGES,
    HOURS,
    ISSUES,
    STANDBY,
    UNFILLED,
    VOLUNTEER_PLAN,
)
from scheduler.report.summary import write_summary
from scheduler.report.xlsx import COLUMN_KINDS, Formats, atomic_workbook, write_table
from scheduler.roster.sheets import issue_kind
from scheduler.rules.eligibility import Eligibility


@dataclass(frozen=True, slots=True)
class Figure:
    """One Summary line: ``key`` names it in the catalogue (``report.figure.<key>``) and is what
    the code tests (the short counts in red, the coverage in bold), never its text."""

    key: str
    value: object
    kind: str = "number"

    def label(self, lang: str) -> str:
        return say(f"report.figure.{self.key}", lang)


def mask_phone(phone: str) -> str:
    """138****5678: enough to tell people apart on a printed sheet, not enough to call them."""
    return phone[:3] + "****" + phone[-4:] if len(phone) >= 8 else phone


class ScheduleReport:
    """The rows of each sheet, computed once from a schedule."""

    def __init__(
        self, schedule: Schedule, lang: str = "zh", *, mask_phones: bool = False, standby: int = 3
    ):
        self.schedule, self.lang, self.mask = schedule, lang, mask_phones
        self.standby_size = standby
        self.roster = schedule.roster
        self.eligibility = schedule.eligibility or Eligibility(self.roster)
        self.explainer = Explainer(schedule, lang, self.eligibility)
        self.shortfalls = self.explainer.shortfalls()
        self.changes = compare(schedule, lang, self.eligibility)
        self._words: dict[str, str] = {}  # a city writes 是/否 or 线上 on 100,000 rows
        self._described: dict[str, str] = {}

    def say(self, key: str, **fields: object) -> str:
        """A ``report.*`` message in the workbook's language; a word without fields once."""
        if fields:
            return say(f"report.{key}", self.lang, **fields)
        if key not in self._words:
            self._words[key] = say(f"report.{key}", self.lang)
        return self._words[key]

    def _shift_cells(self, shift) -> dict:
        """The columns that place a shift, shared by Assignments, Unfilled and Standby."""
        post = self.roster.post_by_id[shift.post_id]
        return dict(
            date=shift.date,
            shift_id=shift.shift_id,
            post_id=post.post_id,
            post_name=post.name,
            category=post.category.label(self.lang),
            community=post.community or self.say("online"),
            start=shift.start,
            end=shift.end,
        )

    def _phone(self, volunteer) -> str:
        return mask_phone(volunteer.phone) if self.mask else volunteer.phone

    def _person_cells(self, volunteer, km: float | None) -> dict:
        return dict(
            volunteer_id=volunteer.volunteer_id,
            name=volunteer.name,
            phone=self._phone(volunteer),
            distance_km=None if km is None else round(km, 2),
        )

    def describe(self, shift) -> str:
        """A shift as a person names it: post, date and time, with the post's id (made once per
        shift: the Volunteers sheet names a shift for each of its people)."""
        if shift.shift_id not in self._described:
            words = shift_words(self.roster, shift.shift_id)
            self._described[shift.shift_id] = words.render(self.lang)
        return self._described[shift.shift_id]

    def assignment_rows(self) -> list[dict]:
        roster, rows = self.roster, []
        for a in self.schedule.assignments:
            shift = roster.shift_by_id[a.shift_id]
            post = roster.post_by_id[shift.post_id]
            volunteer = roster.volunteer_by_id[a.volunteer_id]
            km = self.eligibility.distance(volunteer, post)
            rows.append(
                self._shift_cells(shift)
                | self._person_cells(volunteer, km)
                | dict(zone=post.zone.label(self.lang), hours=shift.hours)
            )
        return rows

    def unfilled_rows(self) -> list[dict]:
        rows = []
        for gap in self.shortfalls:
            shift = gap.shift
            rows.append(
                self._shift_cells(shift)
                | dict(
                    required=shift.required,
                    assigned=gap.assigned,
                    shortfall=gap.shortfall,
                    reason=gap.reason,
                )
            )
        for rejected in self.roster.rejected_shifts:
            required = rejected.required if isinstance(rejected.required, int) else None
            post = self.roster.post_by_id.get(rejected.post_id)
            rows.append(
                dict(
                    date=rejected.date,
                    shift_id=rejected.shift_id,
                    post_id=rejected.post_id,
                    post_name=post.name if post else None,
                    category=post.category.label(self.lang) if post else None,
                    community=(post.community or self.say("online")) if post else None,
                    start=rejected.start,
                    end=rejected.end,
                    required=rejected.required,
                    assigned=0,
                    shortfall=required,
                    reason=self.explainer.rejected_reason(
                        rejected.reason_text(self.explainer.lang)
                    ),
                )
            )
        return rows

    def volunteer_rows(self) -> list[dict]:
        """志愿者安排: a row per volunteer with each shift spelt out (date, time, post), ready to
        send to them; the reason when they got nothing."""
        served: dict[str, list] = defaultdict(list)
        for a in self.schedule.assignments:
            served[a.volunteer_id].append(self.roster.shift_by_id[a.shift_id])
        rows = []
        for volunteer in self.roster.volunteers:
            shifts = sorted(served.get(volunteer.volunteer_id, []), key=lambda s: s.begins)
            rows.append(
                dict(
                    volunteer_id=volunteer.volunteer_id,
                    name=volunteer.name,
                    phone=self._phone(volunteer),
                    community=volunteer.community,
                    shifts=len(shifts),
                    hours=sum(s.hours for s in shifts),
                    plan="\n".join(self.describe(shift) for shift in shifts),
                    reason="" if shifts else self.explainer.idle_reason(volunteer),
                )
            )
        for rejected in self.roster.rejected_volunteers:
            rows.append(
                dict(
                    volunteer_id=rejected.volunteer_id or self.say("row", row=rejected.row),
                    name=rejected.name,
                    phone=self._phone(rejected),
                    community=rejected.community,
                    shifts=0,
                    hours=0,
                    reason=self.explainer.rejected_reason(
                        rejected.reason_text(self.explainer.lang)
                    ),
                )
            )
        return rows

    def hours_rows(self) -> list[dict]:
        ledger: dict[tuple, list] = defaultdict(list)
        for a in self.schedule.assignments:
            shift = self.roster.shift_by_id[a.shift_id]
            ledger[a.volunteer_id, shift.date].append(shift)
        separator = "、" if self.lang == "zh" else ", "
        rows = []
        for (volunteer_id, date), shifts in sorted(ledger.items()):
            posts = [self.roster.post_by_id[s.post_id] for s in shifts]
            categories = (p.category.label(self.lang) for p in posts)
            rows.append(
                dict(
                    volunteer_id=volunteer_id,
                    name=self.roster.volunteer_by_id[volunteer_id].name,
                    date=date,
                    hours=sum(s.hours for s in shifts),
                    posts=separator.join(dict.fromkeys(p.name for p in posts)),
                    categories=separator.join(dict.fromkeys(categories)),
                    organizer=self.roster.settings.organizer,
                )
            )
        return rows

    def hours_columns(self):
        """服务时长's columns: 组织单位 only when the Settings name one."""
        if self.roster.settings.organizer:
            return HOURS.columns
        return tuple(column for column in HOURS.columns if column.key != "organizer")

    def standby_rows(self) -> list[dict]:
        """替补: for each shift, who to call first when someone drops out."""
        rows = []
        for shift in sorted(self.roster.shifts, key=lambda s: (s.begins, s.shift_id)):
            for entry in self.explainer.standby(shift, self.standby_size):
                volunteer = entry.volunteer
                rows.append(
                    self._shift_cells(shift)
                    | self._person_cells(volunteer, entry.distance_km)
                    | dict(
                        rank=entry.rank,
                        preferred=self.say("yes" if entry.preferred else "no"),
                        hours=entry.hours,
                    )
                )
        return rows

    def issue_rows(self) -> list[dict]:
        return [
            dict(
                sheet=i.sheet,
                row=i.row,
                column=i.column,
                value=i.value,
                problem=i.problem_text(self.lang),
                severity=self.say(f"severity.{issue_kind(i)}"),
            )
            for i in self.roster.issues
        ]

    def figures(self) -> list[Figure]:
        """The coordinator's figures, in plain words, first on the Summary."""
        schedule, roster = self.schedule, self.roster
        required = sum(s.required for s in roster.shifts)
        filled = len(schedule.assignments)
        hours = sum(roster.shift_by_id[a.shift_id].hours for a in schedule.assignments)
        return [
            Figure("dates", self.dates_text(), "text"),
            Figure("status", self.result_text(), "text"),
            Figure("coverage", filled / required if required else 1.0, "percent"),
            Figure("filled", filled),
            Figure("required", required),
            Figure("short", required - filled),
            Figure("shifts", len(roster.shifts) + len(roster.rejected_shifts)),
            Figure("shifts_short", len(self.shortfalls) + len(roster.rejected_shifts)),
            Figure("volunteers", len(roster.volunteers) + len(roster.rejected_volunteers)),
            Figure("used", len({a.volunteer_id for a in schedule.assignments})),
            Figure("hours", round(hours, 1)),
            Figure("issues", len(roster.issues)),
            *(Figure(key, value) for key, value in schedule.quality),
            *self.change_figures(),
        ]

    def technical_figures(self) -> list[Figure]:
        """The solver's figures, for whoever looks after the program; a gap only against a bound
        that proves something (``BoundKind``), never against the trivial Σ priority × required."""
        schedule = self.schedule
        proven = schedule.bound_kind is not BoundKind.trivial
        return [
            Figure("solver_status", self.say(f"status.{schedule.status.value}"), "text"),
            Figure("weighted", schedule.coverage_value),
            Figure("bound", schedule.coverage_bound if proven else None),
            Figure("bound_kind", self.say(f"bound.{schedule.bound_kind.value}"), "text"),
            Figure("gap", schedule.gap, "percent")
            if proven
            else Figure("gap", self.say("bound.trivial"), "text"),
            Figure("greedy", schedule.greedy_value),
            Figure("tie_break", schedule.tie_break_value),
            Figure("pairs", schedule.pairs),
            Figure("seconds", round(schedule.seconds, 1)),
        ]

    def dates_text(self) -> str:
        """One date, or the first and last of several (a list of 28 dates fits no cell)."""
        dates = self.roster.dates
        if not dates:
            return "-"
        if len(dates) == 1:
            return dates[0].isoformat()
        first, last = dates[0].isoformat(), dates[-1].isoformat()
        return self.say("dates.range", first=first, last=last, days=len(dates))

    def result_text(self) -> str:
        """The outcome in a coordinator's words."""
        status = self.schedule.status
        if status in (SolveStatus.empty, SolveStatus.failed):
            return self.say(f"result.{status.value}")
        if not self.shortfalls and not self.roster.rejected_shifts:
            return self.say("result.full")
        return self.say("result.best" if status is SolveStatus.optimal else "result.good")

    def change_figures(self) -> list[Figure]:
        if self.schedule.previous is None:
            return []
        changes = self.changes
        return [
            Figure("kept", changes.kept),
            *(Figure(kind, changes.count(kind)) for kind in ("moved", "added", "dropped")),
        ]

    def change_rows(self) -> list[dict]:
        """变更: a row per change, with the person to phone and the shift concerned. A volunteer
        whose row now has a problem, or who left the roster, keeps the name and phone of their
        rejected row or of the previous schedule; a shift no longer planned keeps its post, date
        and time from the previous schedule."""
        roster = self.roster
        rejected = {r.volunteer_id: r for r in roster.rejected_volunteers if r.volunteer_id}
        rows = []
        for change in self.changes.changes:
            person = roster.volunteer_by_id.get(change.volunteer_id)
            person = person or rejected.get(change.volunteer_id) or change.planned
            shift = roster.shift_by_id.get(change.after or change.before)
            post = roster.post_by_id[shift.post_id] if shift else None
            was = change.planned if shift is None else None
            rows.append(
                dict(
                    change=self.say(f"change.{change.kind}"),
                    date=shift.date if shift else was and was.date,
                    post_name=post.name if post else was and was.post_name,
                    start=shift.start if shift else was and was.start,
                    end=shift.end if shift else was and was.end,
                    volunteer_id=change.volunteer_id,
                    name=person.name if person else "",
                    phone=self._phone(person) if person else "",
                    before=self._shift_text(change.before, change.planned),
                    after=self._shift_text(change.after),
                    reason=change.reason,
                )
            )
        return rows

    def _shift_text(self, shift_id: str, planned=None) -> str:
        shift = self.roster.shift_by_id.get(shift_id) if shift_id else None
        if shift is not None:
            return f"{self.describe(shift)} [{shift_id}]"
        words = shift_words(self.roster, shift_id, planned) if shift_id else shift_id
        return words if isinstance(words, str) else f"{words.render(self.lang)} [{shift_id}]"

    def write(self, path: Path) -> None:
        kinds = COLUMN_KINDS
        with atomic_workbook(path) as workbook:
            formats = Formats(workbook)

            def table(spec, rows, empty: str = "", **options) -> None:
                text = self.say(f"empty.{empty}") if empty else ""
                write_table(workbook, formats, spec, self.lang, rows, kinds, empty=text, **options)

            write_summary(workbook, formats, self)
            table(ASSIGNMENTS, self.assignment_rows(), "assignments")
            gaps = self.unfilled_rows()
            advice = self.say("unfilled.advice" if gaps else "empty.unfilled")
            table(UNFILLED, gaps, note=advice)  # verify reads every row: no line in the table
            table(VOLUNTEER_PLAN, self.volunteer_rows())
            table(HOURS, self.hours_rows(), "hours", columns=self.hours_columns())
            mask = mask_phone if self.mask else None
            write_notices_sheet(workbook, formats, self.schedule, self.lang, mask)
            if self.standby_size:
                table(STANDBY, self.standby_rows(), "standby")
            table(ISSUES, self.issue_rows(), "issues")
            if self.schedule.previous is not None:
                table(CHANGES, self.change_rows(), "changes")
            self._write_dates(table)

    def _write_dates(self, table) -> None:
        """One sheet per date when the plan spans several: the day's assignments, printable."""
        dates = self.roster.dates
        if len(dates) < 2:
            return
        rows = self.assignment_rows()
        for day in dates:
            mine = [row for row in rows if row["date"] == day]
            table(ASSIGNMENTS, mine, "assignments", name=day.isoformat())


def write_schedule(
    schedule: Schedule,
    path: Path,
    lang: str = "zh",
    *,
    mask_phones: bool = False,
    standby: int = 3,
) -> ScheduleReport:
    report = ScheduleReport(schedule, lang, mask_phones=mask_phones, standby=standby)
    report.write(path)
    return report
