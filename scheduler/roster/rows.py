"""Reading one row of a contract sheet, and comparing the names rows give.

``RowReader`` turns each unreadable cell into an issue at its place (sheet, Excel row, the column
as headed, the value as typed and cut) and gathers the row's problems into the reason the row is
left out; ``Spellings`` compares names in their normal form and hands on the first spelling.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from scheduler.domain import RosterIssue, Severity
from scheduler.messages import Message, msg, say
from scheduler.roster import values
from scheduler.roster.workbook import Table
from scheduler.text import normalise


@dataclass(frozen=True, slots=True)
class Problems:
    """The problems of one row, joined with the language's semicolon (they contain commas)."""

    items: tuple[Message, ...]

    def label(self, lang: str) -> str:
        return say("reader.problem_separator", lang).join(item.render(lang) for item in self.items)


class RowReader:
    """Reads the cells of one row, turning each unreadable cell into an issue at its place."""

    def __init__(self, table: Table, row: int, record: dict[str, object], issues: list):
        self.table, self.row, self.record, self.issues = table, row, record, issues
        self.problems: list[Message] = []
        self.failed: set[str] = set()

    def get(self, key: str, parse: Callable = values.text, **options):
        cell = self.record.get(key, "")
        try:
            return parse(cell, **options)
        except values.CellError as error:
            self.problem(key, error.message, cell)
            return None

    def problem(self, key: str, problem: Message, cell=None, severity=Severity.error) -> None:
        cell = self.record.get(key, "") if cell is None else cell
        shown, column = values.short(cell), self.table.header(key)
        self.issues.append(RosterIssue(self.table.name, self.row, column, shown, problem, severity))
        if severity is Severity.error:
            self.failed.add(key)
            self.problems.append(
                msg("reader.cell_problem", column=column, value=shown, problem=problem)
                if shown
                else msg("reader.cell_problem_blank", column=column, problem=problem)
            )

    def need(self, key: str, parse: Callable = values.text, **options):
        """A required cell: blank is its own problem ("fill it in"), else parsed like ``get``."""
        if values.is_blank(self.record.get(key, "")):
            self.problem(key, msg("reader.required_empty"))
            return None
        return self.get(key, parse, **options)

    def require(self, key: str, value):
        """Record a problem when a required cell is blank; pass the value through."""
        if value in ("", None) and key not in self.failed:
            self.problem(key, msg("reader.required_empty"))
        return value

    @property
    def ok(self) -> bool:
        return not self.problems

    def reason(self) -> Message:
        return msg(
            "reader.row_left_out",
            sheet=self.table.name,
            row=self.row,
            problems=Problems(tuple(self.problems)),
        )


class Spellings:
    """Names compared in their normal form (``text.normalise``): ``Ｖ1`` and ``V1``, ``东苑社区``
    and ``东苑社区\u3000`` are one name. Each is kept in the first spelling seen, so the names the
    roster hands on compare equal wherever they are compared later."""

    def __init__(self) -> None:
        self.first: dict[str, str] = {}
        self._keys: dict[str, str] = {}
        self.left_out: dict[str, Message] = {}  # normal form -> why its own row was left out

    def key(self, name: str) -> str:
        key = self._keys.get(name)
        if key is None:
            key = self._keys[name] = normalise(name)
        return key

    def add(self, name: str) -> str:
        """The spelling to use for ``name``: the first one seen of its normal form."""
        return self.first.setdefault(self.key(name), name)

    def get(self, name: str) -> str | None:
        """The known spelling of ``name``, or None when it is not known."""
        return self.first.get(self.key(name))

    def spelled(self, name: str | None) -> str | None:
        """The known spelling of ``name``, or ``name`` itself when it is not known (or empty)."""
        return (self.get(name) or name) if name else name
