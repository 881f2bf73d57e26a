"""Messages of the common area: how a place in a workbook is named. See ``scheduler.messages``."""

MESSAGES: dict[str, tuple[str, str]] = {
    "where.row": ("第 {row} 行", "row {row}"),
    "where.column": ("{column} 列", "column {column}"),
    "where.separator": ("，", ", "),
    "where.located": ("{where}：{value}{problem}", "{where}: {value}{problem}"),
    "where.value": ("{value:q} ", "{value:q} "),
}
