"""The schedule workbook: Summary, Assignments, Unfilled, Volunteers, Hours and Issues.

Every volunteer and every shift of the roster appears: assigned, short with a reason, or left out
of planning with the row problem that kept it out. Knows nothing of the solver.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from scheduler.changes import KINDS, compare
from scheduler.domain import Schedule, Severity
from scheduler.explain import Explainer
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
from scheduler.rules.eligibility import Eligibility

STATUS_WORDS = {
    "optimal": ("最优（已证明）", "optimal (proven)"),
    "feasible": ("可行（未证明最优）", "feasible (not proven optimal)"),
    "empty": ("无可排班次", "nothing to plan"),
    "failed": ("未找到方案", "no schedule found"),
}


@dataclass(frozen=True, slots=True)
class Figure:
    zh: str
    en: str
    value: object
    kind: str = "number"


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
        self.eligibility = Eligibility(self.roster)
        self.explainer = Explainer(schedule, lang, self.eligibility)
        self.shortfalls = self.explainer.shortfalls()
        self.changes = compare(schedule, lang, self.eligibility)

    def _word(self, pair: tuple[str, str]) -> str:
        return pair[0] if self.lang == "zh" else pair[1]

    def _shift_cells(self, shift) -> dict:
        """The columns that place a shift, shared by Assignments, Unfilled and Standby."""
        post = self.roster.post_by_id[shift.post_id]
        return dict(
            date=shift.date,
            shift_id=shift.shift_id,
            post_id=post.post_id,
            post_name=post.name,
            start=shift.start,
            end=shift.end,
        )

    def _person_cells(self, volunteer, km: float | None) -> dict:
        return dict(
            volunteer_id=volunteer.volunteer_id,
            name=volunteer.name,
            phone=mask_phone(volunteer.phone) if self.mask else volunteer.phone,
            distance_km=None if km is None else round(km, 2),
        )

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
                | dict(
                    category=post.category.label(self.lang),
                    zone=post.zone.label(self.lang),
                    community=post.community or self._word(("线上", "online")),
                    hours=round(shift.hours, 2),
                )
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
            rows.append(
                dict(
                    date=rejected.date,
                    shift_id=rejected.shift_id,
                    post_id=rejected.post_id,
                    start=rejected.start,
                    end=rejected.end,
                    required=rejected.required,
                    assigned=0,
                    shortfall=required,
                    reason=self.explainer.rejected_reason(rejected.reason),
                )
            )
        return rows

    def volunteer_rows(self) -> list[dict]:
        served: dict[str, list] = defaultdict(list)
        for a in self.schedule.assignments:
            served[a.volunteer_id].append(self.roster.shift_by_id[a.shift_id])
        rows = []
        for volunteer in self.roster.volunteers:
            shifts = served.get(volunteer.volunteer_id, [])
            rows.append(
                dict(
                    volunteer_id=volunteer.volunteer_id,
                    name=volunteer.name,
                    community=volunteer.community,
                    shifts=len(shifts),
                    hours=round(sum(s.hours for s in shifts), 2),
                    reason="" if shifts else self.explainer.idle_reason(volunteer),
                )
            )
        for rejected in self.roster.rejected_volunteers:
            rows.append(
                dict(
                    volunteer_id=rejected.volunteer_id or f"row {rejected.row}",
                    name=rejected.name,
                    shifts=0,
                    hours=0,
                    reason=self.explainer.rejected_reason(rejected.reason),
                )
            )
        return rows

    def hours_rows(self) -> list[dict]:
        ledger: dict[tuple, list] = defaultdict(list)
        for a in self.schedule.assignments:
            shift = self.roster.shift_by_id[a.shift_id]
            ledger[a.volunteer_id, shift.date].append(shift)
        rows = []
        for (volunteer_id, date), shifts in sorted(ledger.items()):
            posts = [self.roster.post_by_id[s.post_id] for s in shifts]
            rows.append(
                dict(
                    volunteer_id=volunteer_id,
                    name=self.roster.volunteer_by_id[volunteer_id].name,
                    date=date,
                    hours=round(sum(s.hours for s in shifts), 2),
                    posts="、".join(dict.fromkeys(p.name for p in posts)),
                    categories="、".join(dict.fromkeys(p.category.label(self.lang) for p in posts)),
                    organizer=self.roster.settings.organizer,
                )
            )
        return rows

    def standby_rows(self) -> list[dict]:
        """替补: for each shift, who to call first when someone drops out."""
        rows = []
        yes_no = ("是", "否") if self.lang == "zh" else ("yes", "no")
        for shift in sorted(self.roster.shifts, key=lambda s: (s.begins, s.shift_id)):
            for entry in self.explainer.standby(shift, self.standby_size):
                volunteer = entry.volunteer
                rows.append(
                    self._shift_cells(shift)
                    | self._person_cells(volunteer, entry.distance_km)
                    | dict(
                        rank=entry.rank,
                        preferred=yes_no[0] if entry.preferred else yes_no[1],
                        hours=round(entry.hours, 2),
                    )
                )
        return rows

    def issue_rows(self) -> list[dict]:
        severity = {
            Severity.error: ("错误（该行未参与排班）", "error (row left out)"),
            Severity.warning: ("提示", "warning"),
        }
        return [
            dict(
                sheet=i.sheet,
                row=i.row,
                column=i.column,
                value=i.value,
                problem=i.problem_text(self.lang),
                severity=self._word(severity[i.severity]),
            )
            for i in self.roster.issues
        ]

    def figures(self) -> list[Figure]:
        schedule, roster = self.schedule, self.roster
        required = sum(s.required for s in roster.shifts)
        filled = len(schedule.assignments)
        used = len({a.volunteer_id for a in schedule.assignments})
        hours = sum(roster.shift_by_id[a.shift_id].hours for a in schedule.assignments)
        short_shifts = len(self.shortfalls) + len(roster.rejected_shifts)
        total_shifts = len(roster.shifts) + len(roster.rejected_shifts)
        dates = roster.dates
        return [
            Figure("排班日期", "dates", "、".join(d.isoformat() for d in dates) or "-", "text"),
            Figure(
                "覆盖率（已安排/需求人次）",
                "coverage (filled / required slots)",
                filled / required if required else 1.0,
                "percent",
            ),
            Figure("已安排人次", "filled slots", filled),
            Figure("需求人次", "required slots", required),
            Figure("缺口人次", "slots short", required - filled),
            Figure("班次总数", "shifts", total_shifts),
            Figure("有缺口的班次", "shifts short of people", short_shifts),
            Figure(
                "志愿者总数",
                "volunteers on the roster",
                len(roster.volunteers) + len(roster.rejected_volunteers),
            ),
            Figure("已安排志愿者", "volunteers used", used),
            Figure("服务总小时", "service hours", round(hours, 2)),
            Figure("求解状态", "solver status", self._word(STATUS_WORDS[schedule.status]), "text"),
            Figure(
                "加权覆盖（按优先级）", "weighted coverage (by priority)", schedule.coverage_value
            ),
            Figure("加权覆盖上界", "bound on weighted coverage", schedule.coverage_bound),
            Figure("与上界差距", "gap to the bound", schedule.gap, "percent"),
            Figure("贪心初解加权覆盖", "greedy start weighted coverage", schedule.greedy_value),
            Figure(
                "次要目标值（距离/意向/负荷）",
                "tie-break value (distance, preference, load)",
                schedule.tie_break_value,
            ),
            Figure("可选配对数", "eligible volunteer-shift pairs", schedule.pairs),
            Figure("求解秒数", "solve seconds", round(schedule.seconds, 2)),
            Figure("输入问题数", "input problems", len(roster.issues)),
            *self.quality_figures(),
            *self.change_figures(),
        ]

    def quality_figures(self) -> list[Figure]:
        words = {
            "distance_km": ("志愿者离家总距离（公里）", "total distance from home (km)"),
            "preferences": ("符合服务意向的安排", "assignments matching 服务意向"),
            "peak_hours": ("最忙志愿者服务小时", "busiest volunteer's hours"),
            "hours_above_fair": ("超出平均份额的小时合计", "hours above the fair share"),
            "same_post_days": ("连续两天同一岗位", "same post on consecutive days"),
        }
        return [Figure(*words[key], value) for key, value in self.schedule.quality]

    def change_figures(self) -> list[Figure]:
        if self.schedule.previous is None:
            return []
        changes = self.changes
        return [
            Figure("沿用原安排", "assignments kept", changes.kept),
            Figure("调动", "moved", changes.count("moved")),
            Figure("新增", "added", changes.count("added")),
            Figure("取消", "dropped", changes.count("dropped")),
        ]

    def change_rows(self) -> list[dict]:
        roster = self.roster
        rows = []
        for change in self.changes.changes:
            volunteer = roster.volunteer_by_id.get(change.volunteer_id)
            shift = roster.shift_by_id.get(change.after or change.before)
            rows.append(
                dict(
                    change=self._word(KINDS[change.kind]),
                    date=shift.date if shift else None,
                    volunteer_id=change.volunteer_id,
                    name=volunteer.name if volunteer else "",
                    before=change.before,
                    after=change.after,
                    reason=change.reason,
                )
            )
        return rows

    def write(self, path: Path) -> None:
        kinds = COLUMN_KINDS
        with atomic_workbook(path) as workbook:
            formats = Formats(workbook)
            write_summary(workbook, formats, self)
            write_table(workbook, formats, ASSIGNMENTS, self.lang, self.assignment_rows(), kinds)
            write_table(workbook, formats, UNFILLED, self.lang, self.unfilled_rows(), kinds)
            write_table(workbook, formats, VOLUNTEER_PLAN, self.lang, self.volunteer_rows(), kinds)
            write_table(workbook, formats, HOURS, self.lang, self.hours_rows(), kinds)
            mask = mask_phone if self.mask else None
            write_notices_sheet(workbook, formats, self.schedule, self.lang, mask)
            if self.standby_size:
                write_table(workbook, formats, STANDBY, self.lang, self.standby_rows(), kinds)
            write_table(workbook, formats, ISSUES, self.lang, self.issue_rows(), kinds)
            if self.schedule.previous is not None:
                write_table(workbook, formats, CHANGES, self.lang, self.change_rows(), kinds)
            self._write_dates(workbook, formats, kinds)

    def _write_dates(self, workbook, formats, kinds) -> None:
        """One sheet per date when the plan spans several: the day's assignments, printable."""
        dates = self.roster.dates
        if len(dates) < 2:
            return
        rows = self.assignment_rows()
        for day in dates:
            write_table(
                workbook,
                formats,
                ASSIGNMENTS,
                self.lang,
                [row for row in rows if row["date"] == day],
                kinds,
                name=day.isoformat(),
            )


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
