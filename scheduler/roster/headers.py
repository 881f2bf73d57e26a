"""Every header accounted for, and the safety columns that must never go missing unnoticed.

A header the contract does not know is not read; it is reported (sheet, column letter, the
header as typed), with the missing contract column it resembles suggested. A **safety column**
is one whose absence silently decides a hard rule: blank health means healthy, blank
availability means all day, no personal maximum means 8 hours, no insurance column means nobody
insured, no post training or skills column means nobody trained or qualified, no required skills
means anyone qualifies, no high-risk or zone column changes which posts are risky, no district
lets volunteers serve across districts. When a safety column is missing:

- and a header of its sheet resembles it, that is a structural problem (the run stops, every such
  header listed): the coordinator most likely wrote the column under another name. Running again
  with ``--allow-missing COLUMN`` confirms the column really is absent;
- otherwise (or once confirmed) the roster carries one line that says what is assumed
  (``Roster.assumptions``), printed on the terminal and in the Summary sheet.

**The resemblance rule.** A header resembles a column when its comparable form (``header_key``)
contains one of the column's stems (a small synonyms table of the words coordinators use:
身体, 体温, 症状 for 健康状况; 空闲, 时段 for 可服务时段...) or when ``difflib``'s ratio against
one of the column's spellings is at least ``LIKENESS``: 0.5 for a header with Chinese characters
(half the characters shared in order, so 身体状况 resembles 健康状况), 0.75 for one without
(a Latin word of three letters shares half of them with too many others: nan and insurance).
Stems catch synonyms that share no character; the ratio catches slips and variants. A
suggestion names the most alike missing column.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from difflib import SequenceMatcher

from scheduler.domain import RosterIssue, Severity
from scheduler.messages import Message, msg
from scheduler.roster.sheets import (
    COMMUNITIES,
    POSTS,
    ROSTER_SHEETS,
    VOLUNTEERS,
    Column,
    Sheet,
    setting_named,
)
from scheduler.roster.workbook import Table
from scheduler.text import has_chinese, header_key

LIKENESS = 0.5
LATIN_LIKENESS = 0.75


@dataclass(frozen=True, slots=True)
class SafetyColumn:
    """A column whose absence decides a hard rule, what is then assumed, and its stems."""

    sheet: Sheet
    key: str
    assumption: str  # catalogue key of the one line said when the column is missing
    stems: tuple[str, ...]

    @property
    def column(self) -> Column:
        return self.sheet.column(self.key)


SAFETY_COLUMNS = (
    SafetyColumn(
        VOLUNTEERS,
        "healthy",
        "reader.assume_healthy",
        ("健康", "身体", "体温", "症状", "发热", "隔离", "异常", "health", "sick", "symptom"),
    ),
    SafetyColumn(
        VOLUNTEERS,
        "availability",
        "reader.assume_available",
        ("空闲", "有空", "时段", "时间", "服务时", "可服务", "avail", "time"),
    ),
    SafetyColumn(
        VOLUNTEERS,
        "max_hours",
        "reader.assume_max_hours",
        ("最多", "上限", "小时", "时长", "maxhours", "hourlimit"),
    ),
    SafetyColumn(VOLUNTEERS, "insured", "reader.assume_uninsured", ("保险", "保障", "insur")),
    SafetyColumn(
        VOLUNTEERS,
        "trained_categories",
        "reader.assume_untrained",
        ("岗位培训", "岗前", "posttrain"),
    ),
    SafetyColumn(
        VOLUNTEERS, "skills", "reader.assume_no_skills", ("资质", "技能", "专业", "skill")
    ),
    SafetyColumn(
        POSTS, "required_skills", "reader.assume_no_required_skills", ("资质", "技能", "skill")
    ),
    SafetyColumn(POSTS, "high_risk", "reader.assume_high_risk", ("风险", "危险", "risk")),
    SafetyColumn(POSTS, "zone", "reader.assume_zone", ("区域", "封控", "管控", "防范", "zone")),
    SafetyColumn(COMMUNITIES, "district", "reader.assume_district", ("区县", "行政区", "district")),
)


def safety_column(name: str) -> SafetyColumn | None:
    """The safety column a coordinator names (its key, Chinese name or an alias; in the sheet
    ``Sheet.column`` form ``志愿者.健康状况`` when two sheets share a name, as 纬度 would)."""
    sheet_name, _, column_name = name.rpartition(".")
    key = header_key(column_name)
    for safety in SAFETY_COLUMNS:
        if sheet_name and not safety.sheet.matches(sheet_name):
            continue
        if safety.column.matches(column_name) or header_key(safety.key) == key:
            return safety
    return None


def resembles(header: str, column: Column, stems: Iterable[str] = ()) -> bool:
    return likeness(header, column, stems) >= (LIKENESS if has_chinese(header) else LATIN_LIKENESS)


def likeness(header: str, column: Column, stems: Iterable[str] = ()) -> float:
    """How much ``header`` looks like ``column``: 1 when it holds a stem, else the best ratio."""
    key = header_key(header)
    if any(header_key(stem) in key for stem in stems):
        return 1.0
    return max(
        SequenceMatcher(None, key, header_key(spelling)).ratio()
        for spelling in (column.key, column.zh, *column.aliases)
    )


def _stems(sheet: Sheet, column: Column) -> tuple[str, ...]:
    return next((s.stems for s in SAFETY_COLUMNS if s.sheet is sheet and s.key == column.key), ())


def account(
    tables: dict[str, Table], allow_missing: Iterable[str] = ()
) -> tuple[list[RosterIssue], list[RosterIssue], list[Message]]:
    """(warnings, structural problems, assumptions) from the headers of every contract sheet.

    ``allow_missing`` names safety columns the coordinator confirms are absent; a name that is
    not a safety column is itself a structural problem (a typo there would confirm nothing)."""
    warnings: list[RosterIssue] = []
    structural: list[RosterIssue] = []
    assumptions: list[Message] = []
    allowed = set()
    for name in allow_missing:
        safety = safety_column(name)
        if safety is None and setting_named(name) is None:
            structural.append(_unknown_allowance(name))
        elif safety is None:
            continue  # a setting: the Settings sheet's reader takes it
        else:
            allowed.add((safety.sheet.key, safety.key))
    for spec in ROSTER_SHEETS:
        table = tables.get(spec.key)
        if table is None:
            continue
        missing = [column for column in spec.columns if column.key not in table.columns]
        for letter, header, repeated in table.unread:
            warnings.append(_unread(table, letter, header, repeated, missing))
        for safety in SAFETY_COLUMNS:
            if safety.sheet is not spec or safety.key in table.columns:
                continue
            alike = [
                (letter, header)
                for letter, header, repeated in table.unread
                if repeated is None and resembles(header, safety.column, safety.stems)
            ]
            if alike and (spec.key, safety.key) not in allowed:
                structural.extend(
                    _hidden(table, safety, letter, header) for letter, header in alike
                )
            else:
                assumptions.append(msg(safety.assumption, column=safety.column.zh))
    return warnings, structural, assumptions


def _unread(
    table: Table, letter: str, header: str, repeated: Column | None, missing: list[Column]
) -> RosterIssue:
    if repeated is not None:
        problem = msg("reader.header_repeated", column=table.header(repeated.key))
    else:
        scored = [
            (likeness(header, column, _stems(table.spec, column)), index, column)
            for index, column in enumerate(missing)
        ]
        best = max(scored, default=None, key=lambda item: (item[0], -item[1]))
        problem = (
            msg("reader.header_unread_like", column=best[2].zh)
            if best is not None and resembles(header, best[2], _stems(table.spec, best[2]))
            else msg("reader.header_unread")
        )
    return RosterIssue(table.name, None, letter, header, problem, Severity.warning)


def _hidden(table: Table, safety: SafetyColumn, letter: str, header: str) -> RosterIssue:
    problem = msg(
        "reader.safety_column_hidden",
        column=safety.column.zh,
        assumption=msg(safety.assumption, column=safety.column.zh),
    )
    return RosterIssue(table.name, None, letter, header, problem, structural=True)


def _unknown_allowance(name: str) -> RosterIssue:
    known = [f"{safety.column.zh}/{safety.key}" for safety in SAFETY_COLUMNS]
    problem = msg("reader.allow_missing_unknown", known=known)
    return RosterIssue("--allow-missing", None, "", name, problem, structural=True)
