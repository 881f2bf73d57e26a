"""The Summary sheet: the key figures, coverage by category, community and zone, and two charts.

Laid out for one look and one printed page: the figures in columns A-B, the coverage tables in
D-H (each headed by what it breaks down), the charts to their right. Every cell holds a value,
never a formula, so the numbers are the same in Excel, WPS and LibreOffice and in any program that
reads the file; the charts point at those cells. Shortfalls are red, full coverage green.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from scheduler.domain import Category, Post, Shift, Zone
from scheduler.messages import say
from scheduler.report.sheets import SUMMARY
from scheduler.report.xlsx import (
    LINE_HEIGHT,
    MAX_WIDTH,
    Formats,
    display_width,
    highlight_coverage,
    highlight_shortfall,
    set_up_printing,
    text_lines,
)

if TYPE_CHECKING:
    from scheduler.report.schedule import ScheduleReport

TABLE_COLUMN = 3  # D: the coverage tables start here, after the figures and a gap
CHART_COLUMN = 9  # J: the charts, after the tables and a gap
MOST_BARS = 30  # a chart of more communities is unreadable: the lowest 30 are shown
COUNTS = ("required", "filled", "short", "coverage")  # report.count.<key>: a table's columns
GROUPS = ("category", "zone", "date", "community")  # report.group.<key>; the longest table last
# Figures whose positive value is people missing, and the coverage figure: Figure.key, not text.
SHORT_FIGURES = frozenset({"short", "shifts_short"})
COVERAGE_FIGURE = "coverage"
NOTE_WIDTH = 50  # columns A and B together, about, for the height of a note across both


@dataclass(frozen=True, slots=True)
class Coverage:
    """Required and filled slots of one group of shifts."""

    name: str
    required: int
    filled: int

    @property
    def short(self) -> int:
        return self.required - self.filled

    @property
    def ratio(self) -> float:
        return self.filled / self.required if self.required else 1.0


def place(post: Post, lang: str) -> str:
    """Where a post's people serve: its community, or 线上/online for an online post."""
    return say("report.online", lang) if post.online or not post.community else post.community


def coverage_by(report: ScheduleReport, group: str) -> list[Coverage]:
    """Coverage per category, community, zone or date, in the order a coordinator reads them:
    categories and zones in their own order, dates in time, communities worst first."""
    roster, lang = report.roster, report.lang
    filled = Counter(a.shift_id for a in report.schedule.assignments)
    keys: dict[str, Callable[[Shift], object]] = {
        "category": lambda shift: roster.post_by_id[shift.post_id].category,
        "zone": lambda shift: roster.post_by_id[shift.post_id].zone,
        "community": lambda shift: place(roster.post_by_id[shift.post_id], lang),
        "date": lambda shift: shift.date,
    }
    required: Counter = Counter()
    done: Counter = Counter()
    for shift in roster.shifts:
        key = keys[group](shift)
        required[key] += shift.required
        done[key] += filled[shift.shift_id]
    if group in ("category", "zone"):
        order = list(Category if group == "category" else Zone)
        names = [key for key in order if key in required]
    else:
        names = sorted(required)
    rows = [Coverage(_name(key, lang), required[key], done[key]) for key in names]
    if group == "community":  # the worst first; online posts after the communities on a tie
        online = say("report.online", lang)
        rows.sort(key=lambda row: (row.ratio, -row.short, row.name == online))
    return rows


def _name(key: object, lang: str) -> str:
    if isinstance(key, Category | Zone):
        return key.label(lang)
    if hasattr(key, "isoformat"):
        return key.isoformat()
    return str(key)


def total(rows: list[Coverage], lang: str) -> Coverage:
    return Coverage(
        say("report.total", lang), sum(r.required for r in rows), sum(r.filled for r in rows)
    )


def write_summary(workbook, formats: Formats, report: ScheduleReport):
    """The Summary sheet, first in the workbook.

    Printed without repeated rows: its header row belongs to the figures alone, and repeating it
    put an empty 项目 | 数值 block on top of page 2. The print area ends at the charts."""
    sheet = workbook.add_worksheet(SUMMARY.label(report.lang))
    styles = _Styles(workbook)
    last_row = _write_figures(sheet, report, formats, styles)
    placed, table_end = _write_tables(sheet, report, formats, styles)
    chart_end = _insert_charts(workbook, sheet, report.lang, placed)
    sheet.freeze_panes(1, 0)
    set_up_printing(sheet, report.lang, repeat_header=False)
    sheet.print_area(0, 0, max(last_row, table_end, chart_end), CHART_COLUMN + 8)
    sheet.set_header(_page_header(report), {"margin": 0.25})
    sheet.activate()
    return sheet


def _write_figures(sheet, report: ScheduleReport, formats: Formats, styles: _Styles) -> int:
    """Columns A-B: the coordinator's figures a row each, the coverage in bold, shortfalls red;
    then, after a blank row, the titled block of the solver's figures. Returns the last row."""
    lang = report.lang
    for col, column in enumerate(SUMMARY.columns):
        sheet.write_string(0, col, column.label(lang), formats.header)
    label_width = display_width(SUMMARY.columns[0].label(lang))
    value_width = 12
    row = 0
    for row, figure in enumerate(report.figures(), start=1):
        key = figure.key == COVERAGE_FIGURE
        label_width = max(label_width, _write_label(sheet, row, figure, lang, styles, key))
        value_width = max(value_width, _write_figure(sheet, row, figure, styles))
        if figure.key in SHORT_FIGURES:
            highlight_shortfall(sheet, row, row, 1, formats)
        elif key:
            highlight_coverage(sheet, row, row, 1, formats)
    row = _write_assumptions(sheet, row, report, formats, styles)
    title_row = row + 2
    sheet.merge_range(title_row, 0, title_row, 1, say("report.technical", lang), formats.header)
    for row, figure in enumerate(report.technical_figures(), start=title_row + 1):
        label_width = max(label_width, _write_label(sheet, row, figure, lang, styles, False))
        value_width = max(value_width, _write_figure(sheet, row, figure, styles))
    widths = (min(label_width + 2, MAX_WIDTH), min(value_width + 2, 30))
    sheet.set_column(0, 0, widths[0])
    sheet.set_column(1, 1, widths[1])
    sheet.set_column(2, 2, 2)
    return row


def _write_assumptions(sheet, row: int, report: ScheduleReport, formats, styles) -> int:
    """What the reader assumed for a safety column the roster lacks (``Roster.assumptions``):
    under the figures, titled, one a line across A-B, since it changes what the figures mean.
    Returns the last row written."""
    assumptions = report.roster.assumptions
    if not assumptions:
        return row
    title = row + 2
    sheet.merge_range(title, 0, title, 1, say("report.assumptions", report.lang), formats.header)
    for line, assumption in enumerate(assumptions, start=title + 1):
        text = assumption.render(report.lang)
        sheet.merge_range(line, 0, line, 1, text, styles.note)
        sheet.set_row(line, LINE_HEIGHT * text_lines(text, NOTE_WIDTH) + 2)
    return title + len(assumptions)


def _write_label(sheet, row: int, figure, lang: str, styles: _Styles, bold: bool) -> int:
    label = figure.label(lang)
    sheet.write_string(row, 0, label, styles.total_text if bold else styles.text)
    return display_width(label)


def _write_tables(sheet, report: ScheduleReport, formats: Formats, styles: _Styles):
    """Columns D-H: the coverage tables one under the other; returns where each one's rows are
    and the row after the last table."""
    lang = report.lang
    groups = [group for group in GROUPS if group != "date" or len(report.roster.dates) > 1]
    row, name_width, placed = 0, 10, {}
    for group in groups:
        rows = coverage_by(report, group)
        if not rows:
            continue
        placed[group] = (row + 1, rows)
        heading = say(f"report.group.{group}", lang)
        row = _write_coverage(sheet, row, heading, rows, lang, formats, styles) + 1
        name_width = max([name_width, *(display_width(r.name) for r in rows)])
    sheet.set_column(TABLE_COLUMN, TABLE_COLUMN, min(name_width + 3, 28))
    sheet.set_column(TABLE_COLUMN + 1, TABLE_COLUMN + 4, 10)
    sheet.set_column(TABLE_COLUMN + 5, TABLE_COLUMN + 5, 2)
    return placed, row


def _insert_charts(workbook, sheet, lang: str, placed: dict) -> int:
    """Column J: coverage by category, and below it by community; returns the row they end at."""
    chart_row = 0
    for group in ("category", "community"):
        if group not in placed:
            continue
        first, rows = placed[group]
        shown = rows[:MOST_BARS]
        name = say(f"report.chart.{group}", lang)
        if len(rows) > MOST_BARS:
            name = say("report.chart.lowest", lang, n=MOST_BARS)
        chart = coverage_chart(workbook, sheet.name, first, shown, name)
        sheet.insert_chart(chart_row, CHART_COLUMN, chart, {"x_offset": 4, "y_offset": 4})
        chart_row += _rows_for(chart_height(len(shown))) + 1
    return chart_row


def _page_header(report: ScheduleReport) -> str:
    """The printed page's title: what, which dates, and for whom."""
    when = report.dates_text()
    title = say("report.title", report.lang)
    organizer = report.roster.settings.organizer
    text = f'&L&"-,Bold"&12{title}&"-,Regular"&10  {when}'
    if organizer:
        text += "&R" + organizer[:80].replace("&", "&&")  # & starts a code; Excel allows 255
    return text


def _write_figure(sheet, row: int, figure, styles: _Styles) -> int:
    """One figure's value in its own form; returns its display width."""
    value = figure.value
    if value is None or value == "":
        sheet.write_blank(row, 1, None, styles.figure_text)
        return 0
    if figure.kind == "percent" and isinstance(value, int | float):
        sheet.write_number(row, 1, value, styles.percent)
        return 6
    if isinstance(value, int | float) and not isinstance(value, bool):
        whole = float(value).is_integer()
        sheet.write_number(row, 1, value, styles.figure_int if whole else styles.figure_float)
        return len(f"{value:,.2f}")
    text = str(value)
    sheet.write_string(row, 1, text, styles.figure_text)
    return display_width(text)


def _write_coverage(sheet, row, heading, rows, lang, formats, styles) -> int:
    """One table at ``row``: header, a row per group, the total; returns the row after it."""
    col = TABLE_COLUMN
    counts = (say(f"report.count.{key}", lang) for key in COUNTS)
    for offset, text in enumerate((heading, *counts)):
        sheet.write_string(row, col + offset, text, formats.header)
    first = row + 1
    for row, line in enumerate([*rows, total(rows, lang)], start=first):
        last = row == first + len(rows)
        text, number, percent = (
            (styles.total_text, styles.total_number, styles.total_percent)
            if last
            else (styles.text, styles.number, styles.percent)
        )
        sheet.write_string(row, col, line.name, text)
        sheet.write_number(row, col + 1, line.required, number)
        sheet.write_number(row, col + 2, line.filled, number)
        sheet.write_number(row, col + 3, line.short, number)
        sheet.write_number(row, col + 4, line.ratio, percent)
    highlight_shortfall(sheet, first, row, col + 3, formats)
    highlight_coverage(sheet, first, row, col + 4, formats)
    return row + 1


def chart_height(bars: int) -> int:
    return 90 + 24 * max(bars, 3)


def _rows_for(pixels: int) -> int:
    return -(-pixels // 20)  # the default row is 20 pixels high


def bar_colour(ratio: float) -> str:
    """Green when covered, amber when nearly, red when far short."""
    if ratio >= 1:
        return "#70AD47"
    return "#F4B183" if ratio >= 0.75 else "#E46C5B"


def coverage_chart(workbook, sheet_name: str, first: int, rows: list[Coverage], title: str):
    """A horizontal bar per group, read from the table's cells, coloured by ``bar_colour``."""
    chart = workbook.add_chart({"type": "bar"})
    last = first + len(rows) - 1
    name_col, ratio_col = TABLE_COLUMN, TABLE_COLUMN + 4
    chart.add_series(
        {
            "name": title,
            "categories": [sheet_name, first, name_col, last, name_col],
            "values": [sheet_name, first, ratio_col, last, ratio_col],
            "points": [{"fill": {"color": bar_colour(row.ratio)}} for row in rows],
            "data_labels": {"value": True, "num_format": "0%", "font": {"size": 9}},
            "gap": 50,
        }
    )
    chart.set_title({"name": title, "name_font": {"size": 12, "bold": True}})
    chart.set_x_axis(
        {
            "min": 0,
            "max": 1.12,  # room for the label of a full bar
            "major_unit": 0.25,
            "num_format": "0%",
            "num_font": {"size": 9},
            "major_gridlines": {"visible": True, "line": {"color": "#D9D9D9"}},
        }
    )
    chart.set_y_axis({"reverse": True, "num_font": {"size": 9}})
    chart.set_legend({"none": True})
    chart.set_size({"width": 520, "height": chart_height(len(rows))})
    chart.set_chartarea({"border": {"color": "#BFBFBF"}})
    return chart


class _Styles:
    """The Summary's own formats: bordered table cells and a bold total row."""

    def __init__(self, workbook):
        cell = {"border": 1, "border_color": "#BFBFBF"}
        total = {**cell, "bold": True, "top": 2, "top_color": "#808080"}
        self.text = workbook.add_format(cell)
        self.number = workbook.add_format({**cell, "num_format": "#,##0"})
        self.percent = workbook.add_format({**cell, "num_format": "0.0%"})
        self.total_text = workbook.add_format(total)
        self.total_number = workbook.add_format({**total, "num_format": "#,##0"})
        self.total_percent = workbook.add_format({**total, "num_format": "0.0%"})
        self.figure_int = workbook.add_format({**cell, "num_format": "#,##0"})
        self.figure_float = workbook.add_format({**cell, "num_format": "#,##0.00"})
        self.figure_text = workbook.add_format({**cell, "align": "right", "text_wrap": True})
        self.note = workbook.add_format({**cell, "text_wrap": True, "valign": "top"})
