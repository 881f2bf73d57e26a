"""Messages of the common area: how a place in a workbook and a shift are named. See
``scheduler.messages``."""

MESSAGES: dict[str, tuple[str, str]] = {
    "where.row": ("第 {row} 行", "row {row}"),
    "where.column": ("{column} 列", "column {column}"),
    "where.separator": ("，", ", "),
    "where.located": ("{where}：{value}{problem}", "{where}: {value}{problem}"),
    "where.value": ("{value:q} ", "{value:q} "),
    # a shift as a person names it: the Volunteers sheet's plans, the Changes sheet, the reasons
    "shift.named": (
        "{post}（{post_id}）{date} {start}-{end}",
        "{post} ({post_id}) {date} {start}-{end}",
    ),
}
