"""A mutation fuzzer over a valid roster: nasty values in random cells never crash the program,
every problem is placed, and a schedule written from a roster that passes keeps every hard rule.

Hypothesis changes one to three cells of ``hostile.base()`` (any sheet, header row included) to
values from a pool of the worst a crafted or careless workbook holds, keeping each cell's number
format (a date cell stays a date cell). Non-finite numbers cannot be written by openpyxl, so they
are written as marker numbers and put into the XML afterwards.

Bounded for CI (``FUZZ_EXAMPLES``, default 10: a few seconds); a longer run is one command:
``SCHEDULER_FUZZ_EXAMPLES=500 PYTHONPATH=$PWD python3 -m pytest -q tests/test_fuzz.py``.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
from pathlib import Path

import hostile
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from scheduler.cli import cli
from scheduler.messages import Message
from scheduler.roster import RosterError, read_roster

FUZZ_EXAMPLES = int(os.environ.get("SCHEDULER_FUZZ_EXAMPLES", "10"))
# Numbers openpyxl cannot write, each put into the XML in place of its marker.
CRAFTED = {987654.25: "-inf", 987654.5: "NaN", 987654.75: "inf"}
NASTY = (
    *CRAFTED,
    1e20,
    -1e20,
    1e10,
    1e308,
    21,
    0,
    -1,
    0.5,
    1.5,
    2958466,
    110101199001011234.0,
    True,
    "9999-12-31",
    dt.datetime(9999, 12, 31),
    dt.datetime(1900, 1, 21),
    dt.time(23, 59),
    "x" * 40_000,
    "早" * 5000,
    "=1+1",
    '=HYPERLINK("http://x.example","点我")',
    "_x0001_控制字符",
    "\t\n",
    "\u202e",
    "\u200b",
    "24:00",
    "25:00",
    "08:00-",
    "22:00-06:00",
    "全部",
    "是",
    "否",
    "1e20",
    "NaN",
    "-inf",
    "１２",
    "",
    None,
)
SHEETS = tuple(hostile.BASE)
# Problems of a whole sheet or of its header row: placed by sheet (and column), not by row.
SHEET_PROBLEMS = frozenset(
    {
        "reader.header_unread",
        "reader.header_unread_like",
        "reader.header_repeated",
        "reader.safety_column_hidden",
        "reader.column_missing",
        "reader.sheet_missing",
        "reader.no_rows",
    }
)


@st.composite
def mutations(draw) -> list[tuple[str, int, int, object]]:
    """One to three (sheet, Excel row, column index, value) changes of the base roster."""
    found = []
    for _ in range(draw(st.integers(1, 3))):
        sheet = draw(st.sampled_from(SHEETS))
        rows = hostile.BASE[sheet]
        row = draw(st.integers(1, len(rows)))
        column = draw(st.integers(0, len(rows[0]) - 1))
        found.append((sheet, row, column, draw(st.sampled_from(NASTY))))
    return found


def build(folder: Path, changes: list[tuple[str, int, int, object]]) -> Path:
    sheets = hostile.base()
    for sheet, row, column, value in changes:
        sheets[sheet][row - 1][column] = value
    formats = {2: "yyyy-mm-dd", 3: "hh:mm", 4: "hh:mm"}

    def keep_formats(workbook):  # a date or time column keeps its format, whatever it holds
        for row in workbook[hostile.SHIFTS].iter_rows(min_row=2):
            for column, number_format in formats.items():
                row[column].number_format = number_format

    path = hostile.save(sheets, folder / "mutant.xlsx", keep_formats)

    def craft(xml: bytes) -> bytes:
        for marker, text in CRAFTED.items():
            xml = xml.replace(f"<v>{marker!r}</v>".encode(), f"<v>{text}</v>".encode())
        return xml

    return hostile.tamper(
        path, **{hostile.sheet_part(name).replace("/", "__"): craft for name in SHEETS}
    )


def run(*args: object):
    result = CliRunner().invoke(cli, [str(arg) for arg in args])
    assert result.exit_code in (0, 1), (args, result.output, result.exception)
    assert "Traceback" not in result.output
    assert "unexpected problem" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result


def placed(issue) -> bool:
    """A problem names its sheet, and its row unless it is about the file, a sheet or a header."""
    if not issue.sheet:
        return False
    if issue.row is not None or issue.sheet.endswith(".xlsx"):
        return True
    return isinstance(issue.problem, Message) and issue.problem.key in SHEET_PROBLEMS


@settings(
    max_examples=FUZZ_EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(changes=mutations())
def test_a_mutated_roster_never_crashes_and_a_schedule_from_it_keeps_every_rule(
    tmp_path_factory, changes
):
    folder = tmp_path_factory.mktemp("fuzz")
    roster = build(folder, changes)
    before = hashlib.sha256(roster.read_bytes()).hexdigest()
    result = run("check", roster)
    try:
        issues = read_roster(roster).issues
    except RosterError as error:
        issues = error.issues
        assert result.exit_code == 1
    assert all(placed(issue) for issue in issues), [issue.text("en") for issue in issues]
    if result.exit_code == 0:
        schedule = folder / "schedule.xlsx"
        solved = run("solve", roster, "-o", schedule, "--time-limit", 2, "-q")
        assert solved.exit_code == 0, solved.output
        verified = run("verify", roster, schedule)
        assert verified.exit_code == 0, verified.output
    assert hashlib.sha256(roster.read_bytes()).hexdigest() == before  # never modified
