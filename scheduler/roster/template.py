"""What makes a roster workbook easy to fill in: the instructions sheet and the drop-downs.

Every column of the contract gets a short meaning, its allowed values and an example (one example
row per sheet, the same volunteer, post and shift throughout, so the examples pass ``scheduler
check`` together). Columns with fixed values get a drop-down; list columns that take several items
or labels of one's own (skills, categories) get a *suggestion* list whose alert only informs, so
``医护、驾驶`` or a skill not in the list can still be typed. Every drop-down accepts what the
contract accepts: fixed-value lists warn rather than refuse, because the contract also reads
``√``, ``1`` or a category's number that a list cannot show.

The instructions sheet and the hidden lists sheet have names that match no contract sheet
(``Sheet.matches``), so the reader ignores them.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass

import xlsxwriter
from xlsxwriter.utility import xl_col_to_name

from scheduler.domain import Category, Zone
from scheduler.roster.sheets import (
    POSTS,
    ROSTER_SHEETS,
    SETTING_KEYS,
    SETTINGS,
    VOLUNTEERS,
    Sheet,
)
from scheduler.roster.template_text import (
    DOCS,
    EXAMPLES,
    NOTES,
    SETTING_DOCS,
    SETTING_HEADERS,
    SHEET_DOCS,
    TABLE_HEADERS,
)
from scheduler.roster.values import SKILL_ZH

INSTRUCTIONS = {"zh": "填写说明", "en": "Instructions"}
LISTS = "_lists"
LIST_LIMIT = 255  # characters Excel allows in a list typed into a validation
LAST_ROW = 1_048_575  # Excel's last row, zero-based

YES_NO = {"zh": ("是", "否"), "en": ("yes", "no")}
HEALTHY = {"zh": ("健康", "异常"), "en": ("yes", "no")}
ALL = {"zh": "全部", "en": "all"}

_REQUIRED_WORD = {"zh": ("必填", ""), "en": ("yes", "")}
_EXAMPLE_WORD = {"zh": "（留空）", "en": "(blank)"}
INSTRUCTION_WIDTHS = (18, 18, 7, 46, 52, 26)


def contract_word(item: Category | Zone, lang: str) -> str:
    """A category or zone as the roster contract writes it: the Chinese name, or in English the
    code (``nucleic_acid_testing``), not the display name the schedule shows."""
    return item.zh if lang == "zh" else item.value


def categories(lang: str) -> list[str]:
    return [contract_word(category, lang) for category in Category]


def skills(lang: str) -> list[str]:
    return [SKILL_ZH[code] if lang == "zh" else code for code in SKILL_ZH]


def zones(lang: str) -> list[str]:
    return [contract_word(zone, lang) for zone in Zone]


def setting_names(lang: str) -> list[str]:
    return [setting.zh if lang == "zh" else setting.key for setting in SETTING_KEYS]


def example_text(value: object) -> str:
    if value is None or value == "":
        return ""
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float):
        return f"{value:g}"
    return str(value)


class Lists:
    """Lists too long for a validation's own text, kept on one hidden sheet written at the end."""

    def __init__(self) -> None:
        self.columns: list[list[str]] = []

    def source(self, values: list[str]) -> list[str] | str:
        """The list itself when short enough, else a reference to its column on the hidden sheet."""
        if len(",".join(values)) <= LIST_LIMIT:
            return values
        self.columns.append(values)
        column = xl_col_to_name(len(self.columns) - 1)
        return f"='{LISTS}'!${column}$1:${column}${len(values)}"

    def write(self, workbook: xlsxwriter.Workbook) -> None:
        """Row by row, as the streaming (constant_memory) mode requires."""
        if not self.columns:
            return
        sheet = workbook.add_worksheet(LISTS)
        for row in range(max(len(values) for values in self.columns)):
            for col, values in enumerate(self.columns):
                if row < len(values):
                    sheet.write_string(row, col, values[row])
        sheet.hide()


def _reference(target: Sheet, key: str, lang: str) -> str:
    """A whole column of another sheet (below its header), for a drop-down of its identifiers."""
    column = xl_col_to_name(target.columns.index(target.column(key)))
    return f"='{target.label(lang)}'!${column}$2:${column}${LAST_ROW + 1}"


def _alerts(lang: str, kind: str) -> dict:
    """The error alert of a validation: 'warning' lets a coordinator keep the value."""
    zh = lang == "zh"
    words = {
        "list": (
            "不在下拉列表中",
            "这个值不在下拉列表中，程序可能读不懂。仍要保留请点“是”。",
            "Not in the list",
            "This value is not in the drop-down list and may not be understood. "
            "Keep it anyway with Yes.",
        ),
        "suggestion": (
            "提示",
            "列表之外的内容也可以填写；多项请用、分隔，如 医护、驾驶。",
            "Note",
            "Values outside the list are fine; separate several with commas.",
        ),
        "id": (
            "编号未找到",
            "这个编号不在对应工作表中，请核对。仍要保留请点“是”。",
            "Unknown number",
            "This number is not in the matching sheet yet. Keep it anyway with Yes.",
        ),
        "number": (
            "数值超出范围",
            "请填写范围内的数字（见单元格提示）。",
            "Out of range",
            "Type a number in the range shown in the cell's hint.",
        ),
        "when": (
            "日期或时间",
            "请写成 2022-11-20 或 08:00 的形式。仍要保留请点“是”。",
            "Date or time",
            "Write 2022-11-20 or 08:00. Keep it anyway with Yes.",
        ),
    }[kind]
    error_type = {"suggestion": "information", "number": "stop"}.get(kind, "warning")
    title, message = (words[0], words[1]) if zh else (words[2], words[3])
    return {"error_type": error_type, "error_title": title, "error_message": message}


@dataclass(frozen=True, slots=True)
class _Checks:
    """The validations of one template, in its language: each a dict of XlsxWriter options.
    A list too long for Excel goes to ``lists`` (the hidden sheet) when a column asks for it."""

    lang: str
    lists: Lists

    def listed(self, values: list[str], kind: str = "list") -> dict:
        """A drop-down: a warning for fixed values, an information for a suggestion list."""
        return {"validate": "list", "source": self.lists.source(values), **_alerts(self.lang, kind)}

    def yes_no(self) -> dict:
        return self.listed(list(YES_NO[self.lang]))

    def number(self, low: float, high: float | None, whole: bool = False) -> dict:
        """A range (a stop: the reader refuses anything else), open above when ``high`` is None."""
        kind = "integer" if whole else "decimal"
        bounds = (
            {"criteria": ">=", "value": low}
            if high is None
            else {"criteria": "between", "minimum": low, "maximum": high}
        )
        return {"validate": kind, **bounds, **_alerts(self.lang, "number")}

    def coordinates(self) -> dict[str, dict]:
        return {"latitude": self.number(-90, 90), "longitude": self.number(-180, 180)}

    def date(self) -> dict:
        """A date check (a warning: the reader also takes dates typed as text)."""
        low, high = dt.date(2000, 1, 1), dt.date(2099, 12, 31)
        return self._between("date", low, high)

    def time(self) -> dict:
        return self._between("time", dt.time(0, 0), dt.time(23, 59, 59))

    def _between(self, kind: str, low: object, high: object) -> dict:
        bounds = {"criteria": "between", "minimum": low, "maximum": high}
        return {"validate": kind, **bounds, **_alerts(self.lang, "when")}

    def ids(self, target: Sheet, key: str) -> dict:
        """A drop-down of the identifiers typed in another sheet's column."""
        source = _reference(target, key, self.lang)
        return {"validate": "list", "source": source, **_alerts(self.lang, "id")}


def _volunteer_checks(c: _Checks) -> dict[str, dict]:
    lang = c.lang
    return {
        "skills": c.listed(skills(lang), "suggestion"),
        "general_training": c.yes_no(),
        "trained_categories": c.listed([ALL[lang], *categories(lang)], "suggestion"),
        "max_hours": c.number(0, 8),
        "preferences": c.listed(categories(lang), "suggestion"),
        "healthy": c.listed(list(HEALTHY[lang])),
        "insured": c.yes_no(),
        **c.coordinates(),
    }


def _post_checks(c: _Checks) -> dict[str, dict]:
    lang = c.lang
    return {
        "category": c.listed(categories(lang)),
        "zone": c.listed(zones(lang)),
        "required_skills": c.listed(skills(lang), "suggestion"),
        "online": c.yes_no(),
        "high_risk": c.yes_no(),
        "priority": c.number(1, 5, whole=True),
        **c.coordinates(),
    }


def _shift_checks(c: _Checks) -> dict[str, dict]:
    return {
        "post_id": c.ids(POSTS, "post_id"),
        "date": c.date(),
        "start": c.time(),
        "end": c.time(),
        "required": c.number(1, None, whole=True),
    }


def _availability_checks(c: _Checks) -> dict[str, dict]:
    volunteer = c.ids(VOLUNTEERS, "volunteer_id")
    return {"volunteer_id": volunteer, "date": c.date(), "start": c.time(), "end": c.time()}


def _fixed_checks(c: _Checks) -> dict[str, dict]:
    volunteer, post = c.ids(VOLUNTEERS, "volunteer_id"), c.ids(POSTS, "post_id")
    return {"volunteer_id": volunteer, "post_id": post, "date": c.date(), "start": c.time()}


_CHECKS: dict[str, Callable[[_Checks], dict[str, dict]]] = {
    "Volunteers": _volunteer_checks,
    "Posts": _post_checks,
    "Shifts": _shift_checks,
    "Communities": _Checks.coordinates,
    "Availability": _availability_checks,
    "Settings": lambda c: {"key": c.listed(setting_names(c.lang))},
    "Fixed": _fixed_checks,
}


def rules(sheet: Sheet, lang: str, lists: Lists) -> dict[str, dict]:
    """XlsxWriter's validation options for each column of ``sheet`` that has one: a list for
    fixed values (a warning: other forms the contract reads may be kept), a suggestion list for
    free lists (an information: anything goes), a range for numbers (a stop: the reader would
    refuse anything else), a date or time check (a warning: text forms are read too). Only the
    sheet's own lists are built, so a long list reaches the hidden sheet once per column."""
    checks = _CHECKS.get(sheet.key)
    return checks(_Checks(lang, lists)) if checks else {}


def hint(sheet: Sheet, key: str, lang: str) -> tuple[str, str]:
    """The input message of a column: its header as title, meaning and values as text."""
    meaning, allowed = DOCS[sheet.key, key][lang]
    title = sheet.column(key).label(lang)
    return title[:32], f"{meaning}\n{allowed}"[:255]


def add_validations(worksheet, sheet: Sheet, lang: str, lists: Lists) -> None:
    """A drop-down or range check where the column has fixed values, and a hint on every column."""
    found = rules(sheet, lang, lists)
    for col, column in enumerate(sheet.columns):
        title, message = hint(sheet, column.key, lang)
        options = found.get(column.key, {"validate": "any"})
        options = options | {"input_title": title, "input_message": message}
        worksheet.data_validation(1, col, LAST_ROW, col, options)


def example_widths(sheet: Sheet, lang: str) -> dict[str, str]:
    """The example row's text per column, so the template's columns fit what people type."""
    row = EXAMPLES[lang].get(sheet.key, {})
    return {key: example_text(value) for key, value in row.items()}


def write_instructions(workbook: xlsxwriter.Workbook, lang: str) -> None:
    """The first sheet: how to fill in, then per sheet a table of columns and an example row."""
    sheet = workbook.add_worksheet(INSTRUCTIONS[lang])
    sheet.set_tab_color("#2F75B5")
    f = _instruction_formats(workbook)
    for col, width in enumerate(INSTRUCTION_WIDTHS):
        sheet.set_column(col, col, width)
    notes = NOTES[lang]
    sheet.set_row(0, 26)
    sheet.write_string(0, 0, notes[0], f["title"])
    row = 1
    for note in notes[1:]:
        sheet.write_string(row, 0, note, f["note"])
        row += 1
    for spec in ROSTER_SHEETS:
        row += 1
        purpose = SHEET_DOCS[spec.key][0 if lang == "zh" else 1]
        heading = f"{spec.label(lang)}（{spec.key if lang == 'zh' else spec.zh}）— {purpose}"
        sheet.write_string(row, 0, heading, f["heading"])
        row += 1
        for col, header in enumerate(TABLE_HEADERS[lang]):
            sheet.write_string(row, col, header, f["header"])
        row += 1
        example = EXAMPLES[lang][spec.key]
        for column in spec.columns:
            meaning, allowed = DOCS[spec.key, column.key][lang]
            required = _REQUIRED_WORD[lang][0 if column.required else 1]
            shown = example_text(example.get(column.key)) or _EXAMPLE_WORD[lang]
            other = column.key if lang == "zh" else column.zh
            cells = (column.label(lang), other, required, meaning, allowed, shown)
            _fit_row(sheet, row, cells)
            for col, text in enumerate(cells):
                style = f["required"] if col == 0 and column.required else f["cell"]
                sheet.write_string(row, col, text, style)
            row += 1
        if spec is SETTINGS:
            row = _write_setting_table(sheet, row + 1, lang, f)
    sheet.set_landscape()
    sheet.set_paper(9)
    sheet.fit_to_pages(1, 0)
    sheet.hide_gridlines(2)
    sheet.activate()


def _write_setting_table(sheet, row: int, lang: str, f: dict) -> int:
    for col, header in enumerate(SETTING_HEADERS[lang]):
        sheet.write_string(row, col, header, f["header"])
    row += 1
    for setting in SETTING_KEYS:
        name, other = (setting.zh, setting.key) if lang == "zh" else (setting.key, setting.zh)
        meaning = SETTING_DOCS[setting.key][0 if lang == "zh" else 1]
        default = setting.default
        if setting.key == "require_post_training":
            default = YES_NO[lang][0]
        cells = (name, other, default or "—", meaning)
        _fit_row(sheet, row, cells)
        for col, text in enumerate(cells):
            sheet.write_string(row, col, text, f["cell"])
        row += 1
    return row


def _fit_row(sheet, row: int, cells: tuple[str, ...]) -> None:
    """A row tall enough for its wrapped cells: LibreOffice and printing do not grow it."""
    lines = max(
        -(-_display_width(text) // (width - 1))
        for text, width in zip(cells, INSTRUCTION_WIDTHS, strict=False)  # tables of 4 or 6
    )
    if lines > 1:
        sheet.set_row(row, 15 * lines + 1)


def _display_width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(char) in "WF" else 1 for char in text)


def _instruction_formats(workbook: xlsxwriter.Workbook) -> dict:
    border = {"border": 1, "border_color": "#BFBFBF", "valign": "top", "text_wrap": True}
    return {
        "title": workbook.add_format({"bold": True, "font_size": 15, "font_color": "#1F4E78"}),
        "note": workbook.add_format({"font_size": 11}),
        "heading": workbook.add_format({"bold": True, "font_size": 12, "font_color": "#1F4E78"}),
        "header": workbook.add_format({**border, "bold": True, "bg_color": "#DDEBF7"}),
        "required": workbook.add_format({**border, "bold": True, "bg_color": "#F8CBAD"}),
        "cell": workbook.add_format(border),
    }
