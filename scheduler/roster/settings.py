"""The Settings sheet (key/value rows) and the command-line overrides on top of it.

Every number has a range (``RANGES``): a value outside it is a problem that says the range, and
the default is used, except where the contract reads a value above the top as the top (the daily
cap as 8 hours, the rest between shifts as one day: the model compares every pair of a
volunteer's shifts that close, so a rest of a year must not reach it).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from difflib import get_close_matches

from scheduler.domain import HARD_DAILY_CAP_HOURS, RosterIssue, Settings, Severity
from scheduler.messages import Message, msg
from scheduler.notice_template import template_problem
from scheduler.roster import values
from scheduler.roster.sheets import SETTING_KEYS, WHOLE_NUMBER_SETTINGS, SettingKey, setting_named
from scheduler.roster.workbook import RosterError, Table
from scheduler.text import header_key

TEXT_SETTINGS = frozenset({"organizer", "contact"})
# Settings whose default is the loosest value (no rest, 8 hours, no limit of days or hours a week,
# the default distance): a row naming one of them misspelt would loosen a rule without a word,
# so it stops the run, as a misnamed safety column does (``headers``), unless --allow-missing.
SAFETY_SETTINGS = frozenset(
    {
        "daily_cap_hours",
        "min_rest_minutes",
        "max_days_in_row",
        "max_hours_per_week",
        "max_distance_km",
    }
)
MAX_REST_MINUTES = 24 * 60
MAX_WEIGHT = 1000  # points; the defaults are 5 to 100, and the objective must stay in range
RANGES: dict[str, tuple[float, float]] = {
    "daily_cap_hours": (0, HARD_DAILY_CAP_HOURS),
    "max_distance_km": (0, 20_000),  # half the Earth's circumference
    "min_rest_minutes": (0, MAX_REST_MINUTES),
    "max_days_in_row": (1, 366),
    "max_hours_per_week": (0, 7 * 24),
    "arrive_early_minutes": (0, 240),
    **{key: (0, MAX_WEIGHT) for key in WHOLE_NUMBER_SETTINGS if key.startswith("weight_")},
}
# Above the top, these are read as the top (with a warning) rather than refused.
_CAPPED = {"daily_cap_hours": "reader.daily_cap_over", "min_rest_minutes": "reader.rest_over"}


def read_settings(
    table: Table | None,
    issues: list,
    overrides: dict[str, object],
    allow_missing: Iterable[str] = (),
) -> Settings:
    """Settings from the sheet, then the command line's overrides (None means not given).

    A row whose name is unknown but close to a safety setting the sheet does not give is a
    structural problem unless ``allow_missing`` names that setting."""
    raw: dict[str, tuple[object, int | None, str, str]] = {}
    misspelt: list[tuple[int, str, SettingKey]] = []
    if table is not None:
        for row, record in table.records():
            found = _key(table, row, record.get("key", ""), issues, misspelt)
            if found is not None:
                raw[found] = (record.get("value", ""), row, table.header("value"), table.name)
        _refuse_misspelt(table, misspelt, raw, allow_missing)
    for key, value in overrides.items():
        if value is not None:
            raw[key] = (value, None, "", f"--{key.replace('_', '-')}")
    parsed = {
        key: _parse(key, *entry, issues)
        for key, entry in raw.items()
        if not values.is_blank(entry[0])
    }
    return Settings(**parsed)


def _refuse_misspelt(table: Table, misspelt: list, raw: dict, allow_missing: Iterable[str]):
    allowed = {setting_named(name) for name in allow_missing}
    problems = [
        RosterIssue(
            table.name,
            row,
            table.header("key"),
            values.short(name),
            msg("reader.setting_hidden", setting=setting.zh, name=setting.key),
            structural=True,
        )
        for row, name, setting in misspelt
        if setting.key in SAFETY_SETTINGS and setting.key not in raw and setting.key not in allowed
    ]
    if problems:
        raise RosterError(problems)


def _key(table: Table, row: int, cell, issues: list, misspelt: list) -> str | None:
    """The setting a row names; an unknown name is a warning that suggests the closest one."""
    try:
        name = values.text(cell)
    except values.CellError as error:
        issues.append(
            RosterIssue(table.name, row, table.header("key"), values.short(cell), error.message)
        )
        return None
    key = setting_named(name)
    if key is None:
        closest = _closest(name)
        problem = (
            msg("reader.setting_unknown_like", suggestion=f"{closest.zh}/{closest.key}")
            if closest is not None
            else msg("reader.setting_unknown", known=[f"{s.zh}/{s.key}" for s in SETTING_KEYS])
        )
        issues.append(
            RosterIssue(
                table.name, row, table.header("key"), values.short(name), problem, Severity.warning
            )
        )
        if closest is not None:
            misspelt.append((row, name, closest))
    return key


def _closest(name: str) -> SettingKey | None:
    """The setting ``name`` most looks like (``difflib`` ratio 0.6 on the comparable forms)."""
    spellings = {s.zh: s for s in SETTING_KEYS} | {s.key: s for s in SETTING_KEYS}
    close = get_close_matches(header_key(name), [header_key(w) for w in spellings], 1, 0.6)
    if not close:
        return None
    return next(s for w, s in spellings.items() if header_key(w) == close[0])


def _shown_default(default: object) -> object:
    if default is None:
        return msg("reader.no_limit")
    if isinstance(default, bool):
        return msg("report.yes" if default else "report.no")
    return whole(default)


def whole(number: object) -> object:
    """A whole float shown as the coordinator would write it: 8.0 -> 8."""
    return int(number) if isinstance(number, float) and number.is_integer() else number


def _parse(key: str, cell, row: int | None, column: str, sheet: str, issues: list):
    default = getattr(Settings(), key)
    shown_default = _shown_default(default)

    def report(problem: Message, severity: Severity = Severity.error) -> None:
        issues.append(RosterIssue(sheet, row, column, values.short(cell), problem, severity))

    try:
        if key == "require_post_training":
            return values.yes_no(cell)
        if key in TEXT_SETTINGS:
            return values.text(cell)
        if key == "notice_template":
            return _notice_template(cell, report)
        number = values.number(cell)
    except values.CellError as error:
        report(msg("reader.setting_default", problem=error.message, default=shown_default))
        return default
    low, high = RANGES[key]
    if number > high and key in _CAPPED:
        used = round(high) if key in WHOLE_NUMBER_SETTINGS else high
        report(
            msg("reader.setting_capped", problem=msg(_CAPPED[key]), used=whole(used)),
            Severity.warning,
        )
        return used
    if number < 0:
        report(
            msg(
                "reader.setting_default",
                problem=msg("reader.setting_negative"),
                default=shown_default,
            )
        )
        return default
    if key == "max_days_in_row" and number < 1:
        report(msg("reader.days_in_row_min"))
        return default
    if number > high:
        report(
            msg(
                "reader.setting_default",
                problem=values.out_of_range(low, high),
                default=shown_default,
            )
        )
        return default
    return round(number) if key in WHOLE_NUMBER_SETTINGS else number


def _notice_template(cell, report: Callable[[Message], None]) -> str:
    """A template the notices can be written with, or blank (our own wording) after a problem."""
    text = values.text(cell)
    problem = template_problem(text)
    if problem is None:
        return text
    report(problem)
    return ""
