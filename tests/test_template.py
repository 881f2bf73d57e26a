"""The blank roster template: instructions first, drop-downs and hints, and, filled in by hand
with the drop-downs' own words, a roster that `scheduler check` passes without a remark."""

from __future__ import annotations

import datetime as dt
import warnings

import openpyxl
import pytest
from click.testing import CliRunner

from scheduler.cli import cli
from scheduler.domain import Category, Community, FixedAssignment, Roster
from scheduler.roster import read_roster, template
from scheduler.roster.sheets import (
    AVAILABILITY,
    COMMUNITIES,
    FIXED,
    POSTS,
    ROSTER_SHEETS,
    SETTINGS,
    SHIFTS,
    VOLUNTEERS,
)
from scheduler.roster.template import INSTRUCTIONS, LISTS
from scheduler.roster.template_text import EXAMPLES
from scheduler.roster.write import write_roster

EMPTY = Roster(volunteers=(), posts=(), shifts=())


def blank(tmp_path, lang: str) -> openpyxl.Workbook:
    path = tmp_path / f"template-{lang}.xlsx"
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # XlsxWriter only warns when it drops a validation
        write_roster(EMPTY, path, lang)
    return openpyxl.load_workbook(path)


def validations(worksheet) -> dict[str, object]:
    """The validation of each column, by the column's header."""
    found = {}
    for rule in worksheet.data_validations.dataValidation:
        letter = str(rule.sqref).split(":")[0].rstrip("0123456789")
        found[worksheet[f"{letter}1"].value] = rule
    return found


def choices(rule, workbook: openpyxl.Workbook | None = None) -> list[str]:
    """The words of a drop-down list, typed into it or kept on the hidden lists sheet."""
    if rule.formula1.startswith(f"'{LISTS}'!"):
        cells = workbook[LISTS][rule.formula1.split("!")[1].replace("$", "")]
        return [row[0].value for row in cells]
    return rule.formula1.strip('"').split(",")


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_instructions_and_lists_sheets_are_not_mistaken_for_contract_sheets(lang):
    for name in (INSTRUCTIONS[lang], LISTS):
        assert not any(spec.matches(name) for spec in ROSTER_SHEETS), name


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_instructions_come_first_and_explain_every_column(tmp_path, lang):
    workbook = blank(tmp_path, lang)
    assert workbook.sheetnames[0] == INSTRUCTIONS[lang]
    assert workbook.active.title == INSTRUCTIONS[lang]
    text = "\n".join(
        str(cell)
        for row in workbook[INSTRUCTIONS[lang]].iter_rows(values_only=True)
        for cell in row
    )
    for spec in ROSTER_SHEETS:
        assert spec.label(lang) in text
        for column in spec.columns:
            assert column.label(lang) in text and column.zh in text
    # the empty-Communities trap: say to fill the sheet in or delete it
    assert ("删除" in text) if lang == "zh" else ("delete" in text)
    for example in ("1001", "P1", "S1", "2022-11-20"):
        assert example in text


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_column_has_a_hint_and_error_messages_are_on(tmp_path, lang):
    workbook = blank(tmp_path, lang)
    for spec in ROSTER_SHEETS:
        worksheet = workbook[spec.label(lang)]
        rules = validations(worksheet)
        assert set(rules) == {column.label(lang) for column in spec.columns}, spec.key
        for header, rule in rules.items():
            assert rule.showInputMessage and rule.prompt and rule.promptTitle == header
            assert rule.showErrorMessage
            assert str(rule.sqref).endswith("1048576")  # the whole column below the header
        assert worksheet.freeze_panes == "A2"
        assert worksheet.page_setup.orientation == "landscape"
        assert worksheet.print_title_rows == "$1:$1"


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_fixed_values_have_drop_downs(tmp_path, lang):
    workbook = blank(tmp_path, lang)
    volunteers = validations(workbook[VOLUNTEERS.label(lang)])
    posts = validations(workbook[POSTS.label(lang)])
    yes, no = template.YES_NO[lang]

    def label(spec, key):
        return spec.column(key).label(lang)

    category = posts[label(POSTS, "category")]
    assert category.type == "list"
    assert choices(category) == [template.contract_word(c, lang) for c in Category]
    assert category.errorStyle == "warning"  # 1-10 and the codes are read too
    assert choices(posts[label(POSTS, "zone")]) == template.zones(lang)
    for key in ("online", "high_risk"):
        assert choices(posts[label(POSTS, key)]) == [yes, no]
    for key in ("general_training", "insured"):
        assert choices(volunteers[label(VOLUNTEERS, key)]) == [yes, no]
    assert choices(volunteers[label(VOLUNTEERS, "healthy")]) == list(template.HEALTHY[lang])
    priority = posts[label(POSTS, "priority")]
    assert (priority.type, priority.formula1, priority.formula2) == ("whole", "1", "5")
    assert priority.errorStyle in (None, "stop")
    shifts = validations(workbook[SHIFTS.label(lang)])
    assert shifts[label(SHIFTS, "post_id")].formula1.startswith(f"'{POSTS.label(lang)}'!$A$2")


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_skill_and_category_lists_only_suggest(tmp_path, lang):
    """The contract allows other skill labels and several items (医护、驾驶): typing them must
    not be refused, so these drop-downs inform instead of stopping."""
    workbook = blank(tmp_path, lang)
    volunteers = validations(workbook[VOLUNTEERS.label(lang)])
    posts = validations(workbook[POSTS.label(lang)])
    skills = volunteers[VOLUNTEERS.column("skills").label(lang)]
    assert choices(skills) == template.skills(lang)
    assert skills.errorStyle == "information"
    assert posts[POSTS.column("required_skills").label(lang)].errorStyle == "information"
    for key in ("trained_categories", "preferences"):
        assert volunteers[VOLUNTEERS.column(key).label(lang)].errorStyle == "information"


def test_a_list_too_long_for_excel_moves_to_a_hidden_sheet(tmp_path, monkeypatch):
    monkeypatch.setattr(template, "LIST_LIMIT", 20)
    workbook = blank(tmp_path, "zh")
    assert workbook[LISTS].sheet_state == "hidden"
    skills = validations(workbook[VOLUNTEERS.zh])[VOLUNTEERS.column("skills").zh]
    assert skills.formula1.startswith(f"'{LISTS}'!$")
    assert skills.errorStyle == "information"
    kept = {value for row in workbook[LISTS].iter_rows(values_only=True) for value in row}
    assert set(template.skills("zh")) <= kept
    path = tmp_path / "filled.xlsx"
    fill(workbook, "zh")
    workbook.save(path)
    assert read_roster(path).issues == ()  # the hidden sheet is not mistaken for a roster sheet


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_columns_fit_their_chinese_headers_and_examples(tmp_path, lang):
    worksheet = blank(tmp_path, lang)[VOLUNTEERS.label(lang)]
    headers = [cell.value for cell in worksheet[1]]
    column = headers.index(VOLUNTEERS.column("availability").label(lang)) + 1
    letter = openpyxl.utils.get_column_letter(column)
    assert worksheet.column_dimensions[letter].width >= len("08:00-12:00、14:00-18:00")


def fill(workbook: openpyxl.Workbook, lang: str) -> None:
    """Type rows as a coordinator would: the examples, plus rows whose values are the
    drop-downs' own choices, one cell at a time, into every sheet."""
    examples = EXAMPLES[lang]
    volunteers = workbook[VOLUNTEERS.label(lang)]
    options = validations(volunteers)
    yes = choices(options[VOLUNTEERS.column("general_training").label(lang)], workbook)[0]
    healthy = choices(options[VOLUNTEERS.column("healthy").label(lang)], workbook)[0]
    skill = choices(options[VOLUNTEERS.column("skills").label(lang)], workbook)[-1]
    posts = workbook[POSTS.label(lang)]
    post_options = validations(posts)
    categories = choices(post_options[POSTS.column("category").label(lang)], workbook)
    zones = choices(post_options[POSTS.column("zone").label(lang)], workbook)
    community = examples["Communities"]["community"]
    rows = {
        VOLUNTEERS: [
            examples["Volunteers"],
            dict(
                volunteer_id="0002",
                name="李四",
                community=community,
                skills=skill,
                general_training=yes,
                trained_categories=categories[4],
                healthy=healthy,
                insured=yes,
            ),
        ],
        POSTS: [
            examples["Posts"],
            dict(
                post_id="P2",
                name="宣传热线",
                category=categories[4],
                zone=zones[0],
                online=yes,
                priority=4,
            ),
        ],
        SHIFTS: [
            examples["Shifts"],
            dict(post_id="P2", date=dt.date(2022, 11, 20), start=dt.time(14), end="18:00"),
        ],
        COMMUNITIES: [examples["Communities"]],
        AVAILABILITY: [examples["Availability"]],
        FIXED: [examples["Fixed"]],
    }
    rows[SHIFTS][1]["required"] = 1
    for spec, records in rows.items():
        worksheet = workbook[spec.label(lang)]
        for row, record in enumerate(records, start=2):
            for col, column in enumerate(spec.columns, start=1):
                value = record.get(column.key)
                if value not in (None, ""):
                    worksheet.cell(row, col, value)
    settings = workbook[SETTINGS.label(lang)]
    example = examples["Settings"]
    for row in range(2, settings.max_row + 1):
        if settings.cell(row, 1).value == example["key"]:
            settings.cell(row, 2, example["value"])


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_template_filled_in_by_hand_passes_check(tmp_path, lang):
    workbook = blank(tmp_path, lang)
    fill(workbook, lang)
    path = tmp_path / "filled.xlsx"
    workbook.save(path)
    result = CliRunner().invoke(cli, ["check", str(path), "--lang", "en"])
    assert result.exit_code == 0, result.output
    assert "No problems found." in result.output
    assert "2 volunteers, 2 posts, 2 shifts" in result.output
    roster = read_roster(path)
    assert roster.fixed[0].volunteer_id == "1001" and roster.fixed[0].shift_id == "S1"
    assert roster.volunteers[0].dated_availability is not None
    assert roster.settings.max_distance_km == 3


def test_a_template_with_the_communities_sheet_left_empty_passes_check(tmp_path):
    workbook = blank(tmp_path, "zh")
    fill(workbook, "zh")
    workbook[COMMUNITIES.zh].delete_rows(2)
    path = tmp_path / "filled.xlsx"
    workbook.save(path)
    assert read_roster(path).issues == ()


def test_fixed_assignments_are_written_and_read_back(tmp_path):
    from builders import post, shift, volunteer

    roster = Roster(
        volunteers=(volunteer("V1"),),
        posts=(post("P1"),),
        shifts=(shift("S1"),),
        communities=(Community("东苑社区"),),
        fixed=(FixedAssignment("V1", "S1"),),
    )
    path = tmp_path / "roster.xlsx"
    write_roster(roster, path, "en")
    assert FIXED.key in openpyxl.load_workbook(path).sheetnames
    read = read_roster(path)
    assert [(f.volunteer_id, f.shift_id) for f in read.fixed] == [("V1", "S1")]
    assert read.issues == ()


def test_template_command_writes_the_instructions(tmp_path):
    path = tmp_path / "t.xlsx"
    result = CliRunner().invoke(cli, ["template", str(path), "--lang", "en"])
    assert result.exit_code == 0, result.output
    assert openpyxl.load_workbook(path).sheetnames[0] == "Instructions"
