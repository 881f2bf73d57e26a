"""The hours ledger: every shift served, planned and actual, kept across days in one workbook.

The ledger is what volunteers' certificates and the platform's records are built from
(客观登记服务时长), and what ``solve --history`` reads so that the days before a roster count.
Its ``服务记录 · Records`` sheet is the truth, one row per volunteer and shift (date, shift,
post, category, planned and actual hours, no-show, walk-in, capped, organising unit, source);
the totals sheets (per volunteer and day, volunteer, category, community and week) are derived
from it with pandas on every write, so a hand edit of a total is simply recomputed.

Decisions:

- A record's key is (date, shift_id, volunteer_id): recording the same sign-in sheet twice, or a
  corrected one, replaces the earlier line and never counts twice. Dates are part of the key
  because daily rosters often number their shifts from S1 every day.
- The hours a coordinator certifies are the actual hours only (``actual_hours``), and every
  total of the ledger sums those. A blank ``actual_hours`` means nobody filled it in: shown
  blank (never 0) and never counted as served. Only the rules of ``--history`` (days in a row,
  weekly hours) count the planned hours of a blank line (``counted_hours``): the person may well
  have served, and a rule against overwork errs on the safe side. Those hours appear once, on the
  per-day sheet, as 规则计入小时（未填写按计划）, never in a certified total.
- A blank or 0 on a planned shift is a no-show (``no_show``), as the sign-in sheet has no other
  way to say it; the totals also count the blank lines apart (未填写次数).
- Hours above the shift's length by more than ``TOLERANCE_HOURS`` are capped at that length plus
  the tolerance, and a volunteer's day at ``HARD_DAILY_CAP_HOURS`` (later shifts give way), so no
  one is certified more than 8 hours a day; the hours as written are kept in ``written_hours``,
  the line is marked ``capped`` and the problem is reported with its sheet and row.
- The workbook is written beside its target and renamed into place, like every writer here.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, replace
from pathlib import Path

from scheduler.domain import DAY, HARD_DAILY_CAP_HOURS, Category, RosterIssue
from scheduler.messages import Message, msg, say
from scheduler.roster import values
from scheduler.roster.sheets import Column, Sheet
from scheduler.roster.workbook import RosterError, find_sheets, load_table, open_workbook

TOLERANCE_HOURS = 1.0  # a volunteer who stays an hour longer than planned is believed

RECORDS = Sheet(
    "Records",
    "服务记录",
    (
        Column("date", "日期", True),
        Column("volunteer_id", "志愿者编号", True),
        Column("name", "姓名"),
        Column("shift_id", "班次编号", True),
        Column("post_id", "岗位编号"),
        Column("post_name", "岗位名称"),
        Column("category", "服务类别"),
        Column("community", "所在社区"),
        Column("start", "开始时间"),
        Column("end", "结束时间"),
        Column("planned_hours", "计划小时", True),
        Column("written_hours", "填写小时"),
        Column("actual_hours", "实际小时"),
        Column("no_show", "未到岗"),
        Column("walk_in", "临时顶岗"),
        Column("capped", "已截顶"),
        Column("organizer", "组织单位"),
        Column("source", "来源"),
    ),
    aliases=("服务台账", "ledger"),
)
_KINDS = {
    "date": "date",
    "start": "time",
    "end": "time",
    "volunteer_id": "text",
    "shift_id": "text",
    "post_id": "text",
}

_TOTAL_KINDS = {"first_date": "date", "last_date": "date", "week": "date", "posts": "wrap"}


@dataclass(frozen=True, slots=True)
class ServiceRecord:
    """One volunteer on one shift: what was planned and what the sign-in sheet says was served.

    ``sheet`` and ``row`` place the line it was read from, for problems (not written)."""

    date: dt.date
    volunteer_id: str
    shift_id: str
    planned_hours: float
    name: str = ""
    post_id: str = ""
    post_name: str = ""
    category: Category | None = None
    community: str = ""
    start: int | None = None
    end: int | None = None
    written_hours: float | None = None  # as written on the sign-in sheet; None = left blank
    actual_hours: float | None = None  # written_hours after the caps
    walk_in: bool = False
    capped: bool = False
    organizer: str = ""
    source: str = ""
    sheet: str = ""
    row: int | None = None

    @property
    def key(self) -> tuple[dt.date, str, str]:
        return (self.date, self.shift_id, self.volunteer_id)

    @property
    def no_show(self) -> bool:
        """Planned but blank or 0 on the sign-in sheet."""
        return self.planned_hours > 0 and not self.actual_hours

    @property
    def counted_hours(self) -> float:
        """What the rules of ``--history`` count: the actual hours where written, the planned ones
        otherwise (the safe side). Never certified: certificates use ``actual_hours`` only."""
        return self.planned_hours if self.actual_hours is None else self.actual_hours

    @property
    def shift_hours(self) -> float:
        if self.start is None or self.end is None:
            return self.planned_hours
        return (self.end - self.start) / 60


def cap(records: Iterable[ServiceRecord]) -> tuple[list[ServiceRecord], list[RosterIssue]]:
    """Apply both caps to every record (from its written hours, so capping twice changes nothing);
    a problem for each line newly capped that came from a sheet (``row`` set)."""
    problems: list[RosterIssue] = []
    by_day: dict[tuple[str, dt.date], list[ServiceRecord]] = defaultdict(list)
    for record in records:
        by_day[record.volunteer_id, record.date].append(record)
    capped: list[ServiceRecord] = []
    for day in by_day.values():
        day.sort(key=lambda r: (r.start if r.start is not None else DAY, r.shift_id))
        total = 0.0
        for record in day:
            actual, problem = _capped_hours(record, total)
            total += actual or 0.0
            record = replace(record, actual_hours=actual, capped=problem is not None)
            if problem is not None and record.row is not None:
                problems.append(_problem(record, problem))
            capped.append(record)
    return capped, problems


def _capped_hours(record: ServiceRecord, served: float) -> tuple[float | None, Message | None]:
    """The hours to record and why they are fewer than written (None: as written)."""
    written = record.written_hours
    if written is None:
        return None, None
    hours, key = written, None
    most = record.shift_hours + TOLERANCE_HOURS
    if hours > most:
        hours, key = most, "record.too_long"
    room = max(HARD_DAILY_CAP_HOURS - served, 0.0)
    if hours > room:
        hours, key = room, key or "record.over_day"
    if key is None:
        return written, None
    hours = round(hours, 2)
    return hours, msg(
        key, written=_hours(written), shift=_hours(record.shift_hours), hours=_hours(hours)
    )


def _hours(value: float) -> str:
    return f"{value:g}"


def _problem(record: ServiceRecord, problem: Message) -> RosterIssue:
    """A capped line, placed on the sign-in sheet it came from (so named by that sheet's column,
    实际服务小时, like every other problem of that sheet)."""
    from scheduler.report.split import SIGN_IN

    column = SIGN_IN.column("actual_hours")
    shown = "" if record.written_hours is None else _hours(record.written_hours)
    return RosterIssue(record.sheet, record.row, column.zh, shown, problem)


def merge(
    earlier: Iterable[ServiceRecord], recorded: Iterable[ServiceRecord]
) -> list[ServiceRecord]:
    """The ledger after ``recorded``, in ledger order: a line with a key already there replaces
    it."""
    merged = {record.key: record for record in earlier}
    merged.update((record.key, record) for record in recorded)
    return sorted(merged.values(), key=_order)


@dataclass(frozen=True, slots=True)
class Changes:
    """What recording did to the ledger's lines: new, changed, or the same as before."""

    added: int
    updated: int
    unchanged: int


def changes(
    earlier: Iterable[ServiceRecord], recorded: Iterable[tuple], ledger: Iterable[ServiceRecord]
) -> Changes:
    """Compare the recorded keys' lines in the new ``ledger`` (capped) with the ``earlier`` one:
    recording an unchanged workbook again changes nothing, and says so."""
    before = {record.key: _comparable(record) for record in earlier}
    after = {record.key: _comparable(record) for record in ledger}
    keys = set(recorded)
    added = sum(key not in before for key in keys)
    unchanged = sum(key in before and before[key] == after.get(key) for key in keys)
    return Changes(added, len(keys) - added - unchanged, unchanged)


def _comparable(record: ServiceRecord) -> ServiceRecord:
    """The record as the ledger keeps it (where it was read from in this run is not kept)."""
    return replace(record, sheet="", row=None)


def _order(record: ServiceRecord):
    return (record.date, record.start if record.start is not None else DAY, record.shift_id,
            record.volunteer_id)  # fmt: skip


# --- reading ----------------------------------------------------------------------------------


def read_records(path: Path) -> list[ServiceRecord]:
    """Every line of a ledger workbook; a RosterError lists each line that cannot be read (a
    ledger is rewritten on every ``record``, so a line it cannot read must never be dropped)."""
    path = Path(path)
    workbook = open_workbook(path)
    names = find_sheets(workbook, (RECORDS,))
    if RECORDS.key not in names:
        problem = msg("record.not_a_ledger", sheet=RECORDS.zh, english=RECORDS.key)
        raise RosterError([RosterIssue(path.name, None, "", "", problem, structural=True)])
    table = load_table(workbook, names[RECORDS.key], RECORDS)
    records, problems = [], []
    for row, cells in table.records():
        try:
            records.append(_record(cells, table.name, row))
        except values.CellError as error:
            problems.append(
                RosterIssue(table.name, row, "", "", msg("record.bad_ledger_line", problem=error))
            )
    if problems:
        raise RosterError(problems)
    return records


def _record(cells: dict[str, object], sheet: str, row: int) -> ServiceRecord:
    def text(key: str) -> str:
        return values.text(cells.get(key, ""))

    def optional(key: str, parse):
        cell = cells.get(key, "")
        return None if values.is_blank(cell) else parse(cell)

    start, end = optional("start", values.time), optional("end", values.time)
    if start is not None and end is not None and end <= start:
        end += DAY
    volunteer_id, shift_id = text("volunteer_id"), text("shift_id")
    if not volunteer_id or not shift_id:
        raise values.CellError(msg("record.ledger_missing_ids"))
    return ServiceRecord(
        date=values.date(cells["date"]),
        volunteer_id=volunteer_id,
        shift_id=shift_id,
        planned_hours=values.number(cells["planned_hours"]),
        name=text("name"),
        post_id=text("post_id"),
        post_name=text("post_name"),
        category=optional("category", values.category),
        community=text("community"),
        start=start,
        end=end,
        written_hours=optional("written_hours", values.number),
        actual_hours=optional("actual_hours", values.number),
        walk_in=values.yes_no(cells.get("walk_in", "")),
        capped=values.yes_no(cells.get("capped", "")),
        organizer=text("organizer"),
        source=text("source"),
        sheet=sheet,
    )


# --- writing ----------------------------------------------------------------------------------


def record_rows(records: Iterable[ServiceRecord], lang: str) -> list[dict[str, object]]:
    yes, no = say("report.yes", lang), say("report.no", lang)
    return [
        dict(
            date=r.date,
            volunteer_id=r.volunteer_id,
            name=r.name,
            shift_id=r.shift_id,
            post_id=r.post_id,
            post_name=r.post_name,
            category=r.category.label(lang) if r.category else "",
            community=r.community,
            start=r.start,
            end=r.end,
            planned_hours=r.planned_hours,
            written_hours=r.written_hours,
            actual_hours=r.actual_hours,
            no_show=yes if r.no_show else no,
            walk_in=yes if r.walk_in else no,
            capped=yes if r.capped else no,
            organizer=r.organizer,
            source=r.source,
        )
        for r in records
    ]


def write_ledger(records: list[ServiceRecord], path: Path, lang: str = "zh") -> None:
    """The ledger workbook: the records, then the totals per volunteer and day, volunteer,
    category, community and week (computed by ``scheduler.frames.ledger_totals``)."""
    from scheduler.frames import TOTALS, ledger_totals, records_frame
    from scheduler.report.xlsx import COLUMN_KINDS, Formats, atomic_workbook, write_table

    totals = ledger_totals(records_frame(records), lang)
    with atomic_workbook(Path(path)) as workbook:
        formats = Formats(workbook)
        write_table(workbook, formats, RECORDS, lang, record_rows(records, lang), _KINDS)
        for name, spec in TOTALS.items():
            write_table(workbook, formats, spec, lang, totals[name], COLUMN_KINDS | _TOTAL_KINDS)


def source_text(file: str, sheet: str, row: int | None, lang: str) -> str:
    """``东苑社区.xlsx · 签到表 · 第 5 行``: where a line was read, for a person to find it."""
    parts = [file, sheet] + ([say("where.row", lang, row=row)] if row else [])
    return " · ".join(parts)
