"""Chinese by default, everywhere a coordinator looks: a roster full of defects through check,
solve (re-planning too) and verify with ``--lang zh`` leaves no English word on the terminal or in
the Issues, Unfilled, Volunteers and Changes sheets, apart from what is legitimately Latin: the
values the coordinator typed (quoted or in their own column), ids, paths and product names.

``english_words`` is the one helper that decides what counts as English. Where another area's
text is still English (its sentences are being moved into the catalogue in parallel), the case
is marked ``xfail(strict=True)`` with the area named: it fails loudly the day that area is done,
so the mark is removed then.
"""

from __future__ import annotations

import re
from pathlib import Path

import openpyxl
import pytest
from builders import post, roster, shift, volunteer
from click.testing import CliRunner

from scheduler.cli import cli
from scheduler.domain import Category
from scheduler.roster.write import write_roster

PRODUCT_NAMES = frozenset({"Excel", "WPS", "LibreOffice", "SCHEDULER_DEBUG"})
_QUOTED = re.compile(r"“[^”]*”|\"[^\"]*\"|(?<![A-Za-z])'[^']*'")  # not an apostrophe
_PATH = re.compile(r"\S*[/\\]\S*|\S+\.xlsx\b")
_WORD = re.compile(r"[A-Za-z][A-Za-z_'-]*[A-Za-z]")


def english_words(text: str, allowed: set[str] = frozenset()) -> list[str]:
    """The English words of ``text``: Latin words of two letters or more, outside quotes and
    paths, that are neither ids (a word with a digit: V1, P99, S00012) nor product names nor in
    ``allowed`` (the values typed in the roster, the option names)."""
    text = _PATH.sub(" ", _QUOTED.sub(" ", text))
    found = []
    for match in _WORD.finditer(text):
        word = match.group()
        end = match.end()
        if end < len(text) and text[end].isdigit():  # part of an id: P99, S00012
            continue
        if match.start() and text[match.start() - 1].isdigit():
            continue
        if word in PRODUCT_NAMES or word in allowed:
            continue
        found.append(word)
    return found


def test_the_helper_finds_english_and_leaves_latin_that_belongs():
    assert english_words("Filled 3 of 5 slots") == ["Filled", "of", "slots"]
    assert english_words("志愿者，第 3 行：“8am-noon” 不是时间段") == []
    assert english_words("V00012 和 P99 已写入 /tmp/x/schedule.xlsx，请用 Excel 或 WPS 打开") == []
    assert english_words("--strict 选项", allowed={"strict"}) == []
    assert english_words("the volunteer's 'x' hours") == ["the", "volunteer's", "hours"]


# --- a roster full of defects -----------------------------------------------------------------

TYPED = {"跳舞", "P99", "sleeping", "25:00", "两个", "8am-noon", "不知道", "10"}
TYPED |= {category.value for category in Category}  # codes the contract accepts in a cell
OPTIONS = {"lang", "zh", "strict"}


def defective_roster(folder: Path) -> Path:
    """Volunteers V1-V4 and posts P1-P2 (东苑社区), shifts S1-S4, then typed mistakes:

    - V2: 可服务时段 "8am-noon" and 健康状况 "不知道"; V3: 服务意向 "跳舞", 每日最多小时 10
    - P2: 服务类别 "sleeping"
    - S2 starts at "25:00", S3 names post "P99", S4 needs "两个"
    V4 is sick (发热), so some shifts stay short and V4 stays idle."""
    data = roster(
        [volunteer("V1"), volunteer("V2"), volunteer("V3"), volunteer("V4", healthy=False)],
        [post("P1", required_skills=frozenset()), post("P2", category=Category.disinfection)],
        [
            shift("S1", required=3),
            shift("S2", start="13:00", end="17:00"),
            shift("S3", start="13:00", end="17:00"),
            shift("S4", post_id="P2", start="18:00", end="20:00"),
        ],
    )
    path = folder / "名单.xlsx"
    write_roster(data, path, "zh")
    workbook = openpyxl.load_workbook(path)
    edits = {
        "志愿者": {("V2", "可服务时段"): "8am-noon", ("V2", "健康状况"): "不知道"},
        "岗位": {("P2", "服务类别"): "sleeping"},
        "班次": {
            ("S2", "开始时间"): "25:00",
            ("S3", "岗位编号"): "P99",
            ("S4", "需求人数"): "两个",
        },
    }
    edits["志愿者"] |= {("V3", "服务意向"): "跳舞", ("V3", "每日最多小时"): "10"}
    for name, cells in edits.items():
        sheet = workbook[name]
        headers = [cell.value for cell in sheet[1]]
        for (row_id, header), value in cells.items():
            row = next(r for r in range(2, sheet.max_row + 1) if sheet.cell(r, 1).value == row_id)
            sheet.cell(row, headers.index(header) + 1, value)
    workbook.save(path)
    return path


@pytest.fixture(scope="module")
def runs(tmp_path_factory) -> dict[str, object]:
    folder = tmp_path_factory.mktemp("language")
    path = defective_roster(folder)
    first, second = folder / "排班.xlsx", folder / "重排.xlsx"

    def run(*args):
        return CliRunner().invoke(cli, [str(arg) for arg in args])

    found = {
        "check": run("check", path, "--lang", "zh"),
        "solve": run("solve", path, "-o", first, "--lang", "zh", "--time-limit", 5),
    }
    workbook = openpyxl.load_workbook(path)  # V1 falls sick overnight: re-plan
    sheet = workbook["志愿者"]
    column = [cell.value for cell in sheet[1]].index("健康状况") + 1
    sheet.cell(2, column, "发热")
    workbook.save(path)
    found["replan"] = run(
        "solve", path, "-o", second, "--previous", first, "--lang", "zh", "--time-limit", 5
    )
    found["verify"] = run("verify", path, first)
    found["workbook"] = openpyxl.load_workbook(second)
    return found


def _terminal(result) -> str:
    return result.output


def _sheet(workbook, name: str, skip: tuple[str, ...] = ()) -> str:
    """The sheet's text, leaving out the columns that hold what the coordinator typed."""
    sheet = workbook[name]
    headers = [cell.value for cell in sheet[1]]
    keep = [index for index, header in enumerate(headers) if header not in skip]
    lines = []
    for row in sheet.iter_rows(values_only=True):
        lines.append(" ".join(str(row[i]) for i in keep if row[i] is not None))
    return "\n".join(lines)


def test_the_defects_are_there(runs):
    assert runs["check"].exit_code == 0, runs["check"].output
    assert runs["solve"].exit_code == 0, runs["solve"].output
    assert runs["replan"].exit_code == 0, runs["replan"].output
    issues = runs["workbook"]["输入问题"]
    assert issues.max_row >= 1 + 7  # every typed mistake is listed
    assert runs["workbook"]["变更"].max_row >= 2  # V1's shift changed hands


@pytest.mark.parametrize(
    "name",
    [
        "check",
        "solve",
        "replan",
        "verify",
    ],
)
def test_the_terminal_speaks_chinese(runs, name):
    assert english_words(_terminal(runs[name]), TYPED | OPTIONS) == []


@pytest.mark.parametrize(
    ("sheet", "skip"),
    [
        ("输入问题", ("值",)),
        ("缺口", ()),
        ("志愿者安排", ()),
        ("变更", ()),
    ],
)
def test_the_sheets_speak_chinese(runs, sheet, skip):
    assert english_words(_sheet(runs["workbook"], sheet, skip), TYPED) == []


def test_what_this_area_writes_is_chinese(runs):
    """The lines and labels of the terminal and report areas alone, here already: the terminal
    without its roster problems and solver news, every header, every figure label, every word
    of the Summary."""
    for name in ("check", "solve", "replan"):
        own = [line for line in runs[name].output.splitlines() if not line.startswith("  - ")]
        assert english_words("\n".join(own), TYPED | OPTIONS) == [], name
    workbook = runs["workbook"]
    for sheet in workbook.worksheets:
        assert english_words(sheet.title) == []
        headers = " ".join(str(cell.value) for cell in sheet[1] if cell.value is not None)
        assert english_words(headers) == [], sheet.title
    assert english_words(_sheet(workbook, "汇总")) == []
