"""The Settings sheet (key/value rows) and the command-line overrides on top of it."""

from __future__ import annotations

from scheduler.domain import HARD_DAILY_CAP_HOURS, RosterIssue, Settings, Severity
from scheduler.notice_template import template_problem
from scheduler.roster import values
from scheduler.roster.sheets import SETTING_KEYS, WHOLE_NUMBER_SETTINGS
from scheduler.roster.workbook import Table
from scheduler.text import header_key

TEXT_SETTINGS = frozenset({"organizer", "contact"})
_KEYS = {
    header_key(name): setting.key for setting in SETTING_KEYS for name in (setting.key, setting.zh)
}


def read_settings(table: Table | None, issues: list, overrides: dict[str, object]) -> Settings:
    """Settings from the sheet, then the command line's overrides (None means not given)."""
    raw: dict[str, tuple[object, int | None, str]] = {}
    if table is not None:
        for row, record in table.records():
            name = values.text(record.get("key", ""))
            key = _KEYS.get(header_key(name))
            if key is None:
                issues.append(
                    RosterIssue(
                        table.name,
                        row,
                        table.header("key"),
                        name,
                        "is not a known setting: the row is ignored (known: "
                        + ", ".join(f"{s.zh}/{s.key}" for s in SETTING_KEYS)
                        + ")",
                        Severity.warning,
                    )
                )
                continue
            raw[key] = (record.get("value", ""), row, table.header("value"))
    for key, value in overrides.items():
        if value is not None:
            raw[key] = (value, None, f"--{key.replace('_', '-')}")
    sheet = table.name if table is not None else "Settings"
    parsed = {
        key: _parse(key, *entry, sheet, issues)
        for key, entry in raw.items()
        if not values.is_blank(entry[0])
    }
    return Settings(**parsed)


def _parse(key: str, cell, row, column, sheet, issues):
    default = getattr(Settings(), key)
    place = sheet if row is not None else "command line"
    try:
        if key == "require_post_training":
            return values.yes_no(cell)
        if key in TEXT_SETTINGS:
            return values.text(cell)
        if key == "notice_template":
            return _notice_template(cell, row, column, place, issues)
        number = values.number(cell)
    except values.CellError as error:
        issues.append(
            RosterIssue(
                place, row, column, values.shown(cell), f"{error}; the default {default} is used"
            )
        )
        return default
    if key == "daily_cap_hours" and number > HARD_DAILY_CAP_HOURS:
        issues.append(
            RosterIssue(
                place,
                row,
                column,
                values.shown(cell),
                "may not exceed 8 hours a day: read as 8",
                Severity.warning,
            )
        )
        return HARD_DAILY_CAP_HOURS
    if number < 0:
        issues.append(
            RosterIssue(
                place,
                row,
                column,
                values.shown(cell),
                f"cannot be negative; the default {default} is used",
            )
        )
        return default
    if key == "max_days_in_row" and number < 1:
        issues.append(
            RosterIssue(
                place, row, column, values.shown(cell), "must be at least 1 day; no limit is used"
            )
        )
        return default
    return round(number) if key in WHOLE_NUMBER_SETTINGS else number


def _notice_template(cell, row, column, place, issues) -> str:
    """A template the notices can be written with, or blank (our own wording) after a problem."""
    text = values.text(cell)
    problem = template_problem(text)
    if problem is None:
        return text
    issues.append(RosterIssue(place, row, column, values.shown(cell), problem))
    return ""
