"""Defective and hostile roster workbooks, built on the fly so no binary file is committed.

Each builder writes ``<defect>.xlsx`` into a folder and returns its path; ``HOSTILE`` maps the
defect's name to its builder. The base roster is small and clean (``scheduler check`` finds no
problem in it): 2 communities, 3 volunteers, 2 posts, 3 shifts, typed in Chinese as a coordinator
would type them in Excel. A builder changes one thing, either a cell (then the defect's place is
``PLACES[name]``: sheet, Excel row, column header) or the file's bytes (zip parts, XML).
"""

from __future__ import annotations

import copy
import datetime as dt
import io
import random
import re
import struct
import zipfile
from collections.abc import Callable
from pathlib import Path

import openpyxl
from openpyxl.styles import PatternFill

DAY = dt.datetime(2022, 11, 21)

COMMUNITIES = "社区"
VOLUNTEERS = "志愿者"
POSTS = "岗位"
SHIFTS = "班次"

BASE: dict[str, list[list]] = {
    COMMUNITIES: [
        ["社区", "街道", "区", "纬度", "经度"],
        ["东苑社区", "和平街道", "东城区", 39.90, 116.40],
        ["西苑社区", "和平街道", "东城区", 39.90, 116.41],
    ],
    VOLUNTEERS: [
        [
            "志愿者编号",
            "姓名",
            "联系电话",
            "所在社区",
            "专业资质",
            "通用培训",
            "岗位培训",
            "可服务时段",
            "每日最多小时",
            "服务意向",
            "健康状况",
            "意外保险",
            "纬度",
            "经度",
        ],
        ["V001", "张伟", "13800000001", "东苑社区", "医护", "是", "全部", "", 8, "核酸检测"]
        + ["健康", "是", None, None],
        ["V002", "李娜", "13800000002", "东苑社区", "", "是", "全部", "08:00-18:00", 6, ""]
        + ["健康", "是", None, None],
        ["V003", "王芳", "13800000003", "西苑社区", "驾驶", "是", "全部", "", None, ""]
        + ["健康", "是", None, None],
    ],
    POSTS: [
        ["岗位编号", "岗位名称", "服务类别", "所在社区", "区域类型", "所需资质", "线上岗位"]
        + ["高风险", "优先级", "纬度", "经度"],
        ["P01", "东苑核酸点", "核酸检测", "东苑社区", "防范区", "医护", "否", "否", 2, None, None],
        ["P02", "东苑门岗", "社区值守", "东苑社区", "防范区", "", "否", "否", 1, None, None],
    ],
    SHIFTS: [
        ["班次编号", "岗位编号", "日期", "开始时间", "结束时间", "需求人数"],
        ["S01", "P01", DAY, dt.time(8, 0), dt.time(12, 0), 1],
        ["S02", "P02", DAY, dt.time(13, 0), dt.time(17, 0), 2],
        ["S03", "P02", DAY, dt.time(18, 0), dt.time(22, 0), 1],
    ],
}

Sheets = dict[str, list[list]]


def base() -> Sheets:
    return copy.deepcopy(BASE)


def put(sheets: Sheets, sheet: str, row: int, header: str, value) -> None:
    """Set the cell of Excel ``row`` (the header is row 1) under ``header``."""
    rows = sheets[sheet]
    rows[row - 1][rows[0].index(header)] = value


def save(sheets: Sheets, path: Path, edit: Callable | None = None) -> Path:
    """Write ``sheets`` with openpyxl (dates and times as Excel values); ``edit`` may change the
    openpyxl workbook first (styles, hidden rows, merged cells)."""
    workbook = openpyxl.Workbook()
    workbook.remove(workbook.active)
    for name, rows in sheets.items():
        worksheet = workbook.create_sheet(name)
        for row in rows:
            worksheet.append(row)
        for cells in worksheet.iter_rows():
            for cell in cells:
                if isinstance(cell.value, str) and cell.value.startswith("="):
                    cell.data_type = "s"  # typed text, not a formula (openpyxl guesses one)
                elif isinstance(cell.value, dt.time):
                    cell.number_format = "hh:mm"
                elif isinstance(cell.value, dt.datetime):
                    cell.number_format = "yyyy-mm-dd"
    if edit is not None:
        edit(workbook)
    workbook.save(path)
    return path


def parts(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def write_zip(path: Path, contents: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in contents.items():
            archive.writestr(name, data)
    return path


def tamper(path: Path, **changes: Callable[[bytes], bytes] | bytes | None) -> Path:
    """Rewrite the zip at ``path``: each change (part name with / written as __) replaces a
    part's bytes, transforms them (a callable) or removes the part (None)."""
    contents = parts(path)
    for key, change in changes.items():
        name = key.replace("__", "/").replace("_DOT_", ".")
        if change is None:
            contents.pop(name, None)
        elif callable(change):
            contents[name] = change(contents[name])
        else:
            contents[name] = change
    return write_zip(path, contents)


def sheet_part(title: str) -> str:
    """The zip part of the sheet named ``title`` (openpyxl numbers them in creation order)."""
    return f"xl/worksheets/sheet{list(base()).index(title) + 1}.xml"


def patch_directory(
    path: Path, name: str, *, file_size: int | None = None, flags: int | None = None
):
    """Change what the zip directory declares about part ``name`` (local and central headers)."""
    data = bytearray(path.read_bytes())
    with zipfile.ZipFile(io.BytesIO(bytes(data))) as archive:
        info = archive.getinfo(name)
    local = info.header_offset
    central = next(
        at
        for at in (m.start() for m in re.finditer(re.escape(b"PK\x01\x02"), bytes(data)))
        if data[at + 46 : at + 46 + len(name)] == name.encode()
    )
    if file_size is not None:
        data[local + 22 : local + 26] = struct.pack("<I", file_size)
        data[central + 24 : central + 28] = struct.pack("<I", file_size)
    if flags is not None:
        data[local + 6 : local + 8] = struct.pack("<H", flags)
        data[central + 8 : central + 10] = struct.pack("<H", flags)
    path.write_bytes(bytes(data))
    return path


# --- the defects --------------------------------------------------------------------------------

HOSTILE: dict[str, Callable[[Path], Path]] = {}
# Defects confined to one cell: name -> (sheet, Excel row, column header) of the problem.
PLACES: dict[str, tuple[str, int, str]] = {}


def hostile(function: Callable[[Path], Path]) -> Callable[[Path], Path]:
    HOSTILE[function.__name__] = function
    return function


def cell_defect(name: str, sheet: str, row: int, header: str, value) -> None:
    """A workbook whose only problem is ``value`` at (sheet, row, header)."""

    def build(folder: Path) -> Path:
        sheets = base()
        put(sheets, sheet, row, header, value)
        return save(sheets, folder / f"{name}.xlsx")

    build.__name__ = name
    HOSTILE[name] = build
    PLACES[name] = (sheet, row, header)


def clean_roster(folder: Path) -> Path:
    return save(base(), folder / "clean_roster.xlsx")


# The file is not a workbook, or not one that may be opened.


@hostile
def empty_file(folder: Path) -> Path:
    path = folder / "empty_file.xlsx"
    path.write_bytes(b"")
    return path


@hostile
def text_file_named_xlsx(folder: Path) -> Path:
    path = folder / "text_file_named_xlsx.xlsx"
    path.write_text("志愿者编号,姓名\nV001,张伟\n", encoding="utf-8")
    return path


@hostile
def legacy_xls(folder: Path) -> Path:
    path = folder / "legacy_xls.xlsx"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504))
    return path


@hostile
def password_protected(folder: Path) -> Path:
    """Excel saves an encrypted .xlsx as an OLE2 file holding an EncryptedPackage stream."""
    path = folder / "password_protected.xlsx"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504) + b"EncryptedPackage")
    return path


@hostile
def empty_zip(folder: Path) -> Path:
    return write_zip(folder / "empty_zip.xlsx", {})


@hostile
def truncated_download(folder: Path) -> Path:
    path = clean_roster(folder)
    data = path.read_bytes()
    target = folder / "truncated_download.xlsx"
    target.write_bytes(data[: len(data) * 2 // 3])
    return target


@hostile
def word_document_renamed(folder: Path) -> Path:
    return write_zip(
        folder / "word_document_renamed.xlsx",
        {"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<document/>"},
    )


@hostile
def zip_of_other_files(folder: Path) -> Path:
    return write_zip(folder / "zip_of_other_files.xlsx", {"notes.txt": b"roster"})


@hostile
def zip_bomb_part(folder: Path) -> Path:
    """A 5 MiB part of zeros deflates about 1000 to 1."""
    path = save(base(), folder / "zip_bomb_part.xlsx")
    return tamper(path, xl__media__image1_DOT_png=bytes(5 << 20))


@hostile
def part_larger_than_declared(folder: Path) -> Path:
    """The sheet's XML holds more bytes than the zip directory says it does."""
    path = save(base(), folder / "part_larger_than_declared.xlsx")
    return patch_directory(path, sheet_part(VOLUNTEERS), file_size=100)


@hostile
def unpacked_size_over_limit(folder: Path) -> Path:
    path = save(base(), folder / "unpacked_size_over_limit.xlsx")
    return patch_directory(path, "xl/styles.xml", file_size=3 << 30)


@hostile
def too_many_parts(folder: Path) -> Path:
    contents = parts(save(base(), folder / "too_many_parts.xlsx"))
    contents.update({f"xl/media/part{index}.txt": b"x" for index in range(2_001)})
    return write_zip(folder / "too_many_parts.xlsx", contents)


@hostile
def two_parts_with_one_name(folder: Path) -> Path:
    """Which of two same-named parts a reader takes is up to the reader: refuse to guess."""
    path = save(base(), folder / "two_parts_with_one_name.xlsx")
    contents = parts(path)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in contents.items():
            archive.writestr(name, data)
        archive.writestr(sheet_part(VOLUNTEERS).upper(), contents[sheet_part(VOLUNTEERS)])
    return path


@hostile
def encrypted_zip_part(folder: Path) -> Path:
    path = save(base(), folder / "encrypted_zip_part.xlsx")
    return patch_directory(path, "xl/styles.xml", flags=0x1)


_LAUGHS = (
    '<?xml version="1.0"?>\n<!DOCTYPE lolz [<!ENTITY lol "lol">'
    + "".join(
        f'<!ENTITY lol{i} "{("&lol" + str(i - 1) + ";") * 10}">' for i in range(1, 10)
    ).replace("&lol0;", "&lol;")
    + "]>"
)


@hostile
def entity_bomb_in_shared_strings(folder: Path) -> Path:
    """The billion laughs: nine levels of ten entities each."""
    path = save(base(), folder / "entity_bomb_in_shared_strings.xlsx")
    strings = (
        '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="1" '
        'uniqueCount="1"><si><t>&lol9;</t></si></sst>'
    )
    return tamper(path, xl__sharedStrings_DOT_xml=(_LAUGHS + strings).encode())


@hostile
def external_entity_in_sheet(folder: Path) -> Path:
    path = save(base(), folder / "external_entity_in_sheet.xlsx")
    doctype = b'<!DOCTYPE worksheet [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
    return tamper(
        path,
        xl__worksheets__sheet2_DOT_xml=lambda xml: xml.replace(
            b"<worksheet", doctype + b"<worksheet", 1
        ),
    )


@hostile
def lowercase_doctype_in_workbook(folder: Path) -> Path:
    path = save(base(), folder / "lowercase_doctype_in_workbook.xlsx")
    return tamper(
        path,
        xl__workbook_DOT_xml=lambda xml: xml.replace(b"<workbook", b"<!doctype x><workbook", 1),
    )


@hostile
def utf16_sheet(folder: Path) -> Path:
    path = save(base(), folder / "utf16_sheet.xlsx")
    return tamper(
        path,
        xl__worksheets__sheet2_DOT_xml=lambda xml: xml.decode("utf-8").encode("utf-16"),
    )


@hostile
def value_in_the_last_cell_of_the_sheet(folder: Path) -> Path:
    """One value at XFD1048576: python-calamine would allocate the whole sheet and abort."""

    def edit(workbook):
        workbook[VOLUNTEERS]["XFD1048576"] = "x"

    return save(base(), folder / "value_in_the_last_cell_of_the_sheet.xlsx", edit)


@hostile
def cells_without_references_far_apart(folder: Path) -> Path:
    """Cells may omit r=: 20,000 of them in one row, and one row far below, is as wide."""
    path = save(base(), folder / "cells_without_references_far_apart.xlsx")
    wide = b"<row>" + b"<c><v>1</v></c>" * 20_000 + b"</row>"
    far = b'<row r="1048000"><c><v>1</v></c></row>'
    return tamper(
        path,
        xl__worksheets__sheet2_DOT_xml=lambda xml: xml.replace(
            b"</sheetData>", wide + far + b"</sheetData>", 1
        ),
    )


@hostile
def second_reference_on_a_cell(folder: Path) -> Path:
    """python-calamine takes the last r= of a cell: a second one can point anywhere."""
    path = save(base(), folder / "second_reference_on_a_cell.xlsx")
    return tamper(
        path,
        xl__worksheets__sheet2_DOT_xml=lambda xml: xml.replace(
            b'<c r="A2"', b'<c r="A2" r="XFD1048576"', 1
        ),
    )


@hostile
def closing_bracket_inside_an_attribute(folder: Path) -> Path:
    """A quoted '/>' makes a cell look empty to a careless scan; the reference after it counts."""
    path = save(base(), folder / "closing_bracket_inside_an_attribute.xlsx")
    return tamper(
        path,
        xl__worksheets__sheet2_DOT_xml=lambda xml: xml.replace(
            b'<c r="A2"', b'<c x="/>" r="XFD1048576"', 1
        ),
    )


# Read, with a warning or no effect at all.


@hostile
def macros(folder: Path) -> Path:
    path = save(base(), folder / "macros.xlsx")
    return tamper(path, xl__vbaProject_DOT_bin=b"\xd0\xcf\x11\xe0 Attribute VB_Name")


@hostile
def links_to_other_workbooks(folder: Path) -> Path:
    path = save(base(), folder / "links_to_other_workbooks.xlsx")
    link = b'<externalLink xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"/>'
    return tamper(path, xl__externalLinks__externalLink1_DOT_xml=link)


@hostile
def styled_cell_far_below(folder: Path) -> Path:
    def edit(workbook):
        workbook[VOLUNTEERS]["A1048000"].fill = PatternFill("solid", fgColor="FFFF00")

    return save(base(), folder / "styled_cell_far_below.xlsx", edit)


@hostile
def stray_value_far_below_in_an_extra_column(folder: Path) -> Path:
    def edit(workbook):
        workbook[VOLUNTEERS]["P1048000"] = "备注"

    return save(base(), folder / "stray_value_far_below_in_an_extra_column.xlsx", edit)


@hostile
def stray_value_far_below_in_the_id_column(folder: Path) -> Path:
    def edit(workbook):
        workbook[VOLUNTEERS]["A1048000"] = "V999"

    return save(base(), folder / "stray_value_far_below_in_the_id_column.xlsx", edit)


PLACES["stray_value_far_below_in_the_id_column"] = (VOLUNTEERS, 1_048_000, "姓名")


@hostile
def hidden_rows_and_columns(folder: Path) -> Path:
    """Rows 2 and 3 and column C hidden; the defect on row 4 is still called row 4."""
    sheets = base()
    put(sheets, VOLUNTEERS, 4, "通用培训", "也许")

    def edit(workbook):
        worksheet = workbook[VOLUNTEERS]
        worksheet.row_dimensions[2].hidden = True
        worksheet.row_dimensions[3].hidden = True
        worksheet.column_dimensions["C"].hidden = True

    return save(sheets, folder / "hidden_rows_and_columns.xlsx", edit)


PLACES["hidden_rows_and_columns"] = (VOLUNTEERS, 4, "通用培训")


@hostile
def extra_sheets_and_columns(folder: Path) -> Path:
    sheets = {"说明": [["请按模板填写"], ["联系人", "老王"]], **base()}
    for row in sheets[VOLUNTEERS]:
        row.append("备注" if row is sheets[VOLUNTEERS][0] else "随便写点")
    return save(sheets, folder / "extra_sheets_and_columns.xlsx")


@hostile
def title_banner_above_the_header(folder: Path) -> Path:
    """A merged title and a blank row above the header: data starts on Excel row 4."""
    sheets = base()
    put(sheets, SHIFTS, 3, "开始时间", "8点-12")  # the second data row: Excel row 5 below
    sheets[SHIFTS][0:0] = [["2022年11月 东苑社区志愿者排班"], [None]]

    def edit(workbook):
        workbook[SHIFTS].merge_cells("A1:F1")

    return save(sheets, folder / "title_banner_above_the_header.xlsx", edit)


PLACES["title_banner_above_the_header"] = (SHIFTS, 5, "开始时间")


@hostile
def full_width_headers_with_line_breaks(folder: Path) -> Path:
    sheets = base()
    sheets[VOLUNTEERS][0][0] = "志愿者\n编号"
    sheets[VOLUNTEERS][0][1] = "\u3000姓\u3000名\u3000"
    sheets[POSTS][0][0] = "岗位 编号\u200b"
    sheets[SHIFTS][0][1] = "Ｐｏｓｔ ＩＤ"
    sheets[SHIFTS][0][5] = "需求　人数"
    sheets[COMMUNITIES][0][3] = "纬　度"
    return save(sheets, folder / "full_width_headers_with_line_breaks.xlsx")


@hostile
def sheet_names_in_both_languages(folder: Path) -> Path:
    sheets = base()
    renamed = {VOLUNTEERS: "Volunteers", POSTS: "岗位", SHIFTS: "SHIFTS ", COMMUNITIES: "社区"}
    return save(
        {renamed[name]: rows for name, rows in sheets.items()},
        folder / "sheet_names_in_both_languages.xlsx",
    )


@hostile
def header_below_row_ten(folder: Path) -> Path:
    sheets = base()
    sheets[POSTS][0:0] = [[f"说明第{i}行"] for i in range(1, 11)]
    return save(sheets, folder / "header_below_row_ten.xlsx")


@hostile
def look_alike_names(folder: Path) -> Path:
    """Full-width digits, another letter case, ideographic spaces: the same names to a person."""
    sheets = base()
    sheets[COMMUNITIES].append(["1号院", "和平街道", "东城区", 39.90, 116.40])
    put(sheets, VOLUNTEERS, 4, "所在社区", "\u3000１号院")
    put(sheets, SHIFTS, 2, "岗位编号", "Ｐ０１")
    put(sheets, SHIFTS, 3, "岗位编号", "p02")
    return save(sheets, folder / "look_alike_names.xlsx")


# Structural problems of the contract.


@hostile
def missing_volunteers_sheet(folder: Path) -> Path:
    sheets = base()
    del sheets[VOLUNTEERS]
    return save(sheets, folder / "missing_volunteers_sheet.xlsx")


@hostile
def missing_required_column(folder: Path) -> Path:
    sheets = base()
    for row in sheets[VOLUNTEERS]:
        del row[5]  # 通用培训
    return save(sheets, folder / "missing_required_column.xlsx")


def _duplicate(name: str, sheet: str, row: int, header: str, value: str) -> None:
    cell_defect(name, sheet, row, header, value)


_duplicate("duplicate_volunteer_id", VOLUNTEERS, 3, "志愿者编号", "V001")
_duplicate("duplicate_post_id", POSTS, 3, "岗位编号", "P01")
_duplicate("look_alike_volunteer_id", VOLUNTEERS, 3, "志愿者编号", "Ｖ００１")  # full-width

# Problems confined to one row: the row is left out, the rest is planned.
cell_defect("bad_time", SHIFTS, 2, "开始时间", "8点半点")
cell_defect("bad_date", SHIFTS, 3, "日期", "2022-02-30")
cell_defect("time_fraction_in_date_column", SHIFTS, 3, "日期", 0.5)
cell_defect("unknown_category", POSTS, 2, "服务类别", "扫地")
cell_defect("bad_count", SHIFTS, 3, "需求人数", "两个")
cell_defect("negative_count", SHIFTS, 4, "需求人数", -2)
cell_defect("fractional_count", SHIFTS, 4, "需求人数", 1.5)
cell_defect("bad_window", VOLUNTEERS, 3, "可服务时段", "早上8点到")
cell_defect("bad_yes_no", VOLUNTEERS, 2, "通用培训", "也许")
cell_defect("bad_health", VOLUNTEERS, 2, "健康状况", "还行吧")
cell_defect("unknown_community", VOLUNTEERS, 4, "所在社区", "南苑社区")
cell_defect("latitude_out_of_range", COMMUNITIES, 3, "纬度", 95)
cell_defect("longitude_out_of_range", POSTS, 3, "经度", -200)
cell_defect("max_hours_over_eight", VOLUNTEERS, 2, "每日最多小时", 10)
cell_defect("max_hours_not_a_number", VOLUNTEERS, 3, "每日最多小时", "八小时")
cell_defect("negative_max_hours", VOLUNTEERS, 3, "每日最多小时", -1)
cell_defect("shift_names_unknown_post", SHIFTS, 4, "岗位编号", "P99")
cell_defect("id_lost_digits", VOLUNTEERS, 3, "志愿者编号", 110101199001011234.0)
cell_defect("phone_lost_digits", VOLUNTEERS, 2, "联系电话", 1.38000000012e17)
cell_defect("priority_out_of_range", POSTS, 3, "优先级", 7)
cell_defect("unknown_zone", POSTS, 3, "区域类型", "红区")
cell_defect("unknown_trained_category", VOLUNTEERS, 4, "岗位培训", "核酸检测、扫地")
cell_defect("blank_required_name", VOLUNTEERS, 3, "姓名", None)
cell_defect("duplicate_shift_id", SHIFTS, 4, "班次编号", "S01")
cell_defect("time_in_a_window_column", VOLUNTEERS, 2, "可服务时段", dt.time(8, 0))


@hostile
def date_times_where_dates_and_times_belong(folder: Path) -> Path:
    """Full date-times and a serial number in date and time columns: each read as meant."""
    sheets = base()
    put(sheets, SHIFTS, 2, "日期", dt.datetime(2022, 11, 21, 7, 45))  # the date part
    put(sheets, SHIFTS, 2, "开始时间", dt.datetime(2022, 11, 21, 9, 0))  # the time part: 09:00
    put(sheets, SHIFTS, 3, "开始时间", 44886 + 14 / 24)  # a date-time serial: 14:00

    def edit(workbook):
        workbook[SHIFTS]["D2"].number_format = "yyyy-mm-dd hh:mm"
        workbook[SHIFTS]["D3"].number_format = "General"

    return save(sheets, folder / "date_times_where_dates_and_times_belong.xlsx", edit)


FORMULA_TEXTS = ('=HYPERLINK("http://x.example","点我")', "+1+1", "-2+3", "@SUM(1,1)", "=1+1")


@hostile
def formula_like_text(folder: Path) -> Path:
    """Names and post names that Excel would run as formulas if written as typed."""
    sheets = base()
    for row, text in zip((2, 3, 4), FORMULA_TEXTS, strict=False):
        put(sheets, VOLUNTEERS, row, "姓名", text)
    put(sheets, POSTS, 2, "岗位名称", FORMULA_TEXTS[3])
    put(sheets, POSTS, 3, "岗位名称", FORMULA_TEXTS[4])
    return save(sheets, folder / "formula_like_text.xlsx")


# --- issue 13: values out of range, cells the library cannot hand over, renamed columns ---------

cell_defect("shift_dated_9999_12_31", SHIFTS, 3, "日期", dt.datetime(9999, 12, 31))
cell_defect("headcount_of_ten_to_the_twentieth", SHIFTS, 3, "需求人数", 1e20)
cell_defect("max_hours_of_ten_to_the_twentieth", VOLUNTEERS, 3, "每日最多小时", 1e20)
cell_defect("start_time_of_ten_to_the_twentieth", SHIFTS, 3, "开始时间", 1e20)


def _crafted_cell(name: str, sheet: str, cell: str, number_format: str, value: str) -> None:
    """A workbook whose ``cell`` holds ``value`` (text such as -inf that no spreadsheet program
    writes, put into the XML) under ``number_format``: the reader must not crash on it."""
    column = {"C": "日期", "D": "开始时间"}[cell[0]]

    def build(folder: Path) -> Path:
        sheets = base()
        put(sheets, sheet, int(cell[1:]), column, 21)

        def edit(workbook):
            workbook[sheet][cell].number_format = number_format

        path = save(sheets, folder / f"{name}.xlsx", edit)
        marker = f'<c r="{cell}" s="'.encode()

        def swap(xml: bytes) -> bytes:
            at = xml.index(marker)
            return xml[:at] + xml[at:].replace(b"<v>21</v>", f"<v>{value}</v>".encode(), 1)

        return tamper(path, **{sheet_part(sheet).replace("/", "__"): swap})

    build.__name__ = name
    HOSTILE[name] = build
    PLACES[name] = (sheet, int(cell[1:]), column)


_crafted_cell("date_cell_holding_minus_infinity", SHIFTS, "C3", "yyyy-mm-dd", "-inf")
_crafted_cell("date_cell_holding_nan", SHIFTS, "C3", "yyyy-mm-dd", "NaN")
_crafted_cell("date_cell_holding_ten_billion_days", SHIFTS, "C3", "yyyy-mm-dd", "1e10")
_crafted_cell("time_cell_holding_minus_infinity", SHIFTS, "D4", "hh:mm", "-inf")
_crafted_cell("twenty_one_typed_into_a_date_cell", SHIFTS, "C3", "yyyy-mm-dd", "21")


@hostile
def text_longer_than_any_cell(folder: Path) -> Path:
    """One availability text of 1 MB (crafted: Excel stops at 32,767 characters), random so it
    does not compress like a zip bomb."""
    sheets = base()
    put(sheets, VOLUNTEERS, 2, "可服务时段", "PLACEHOLDER")
    path = save(sheets, folder / "text_longer_than_any_cell.xlsx")
    draw = random.Random(13)
    long_text = bytes(draw.choices(b"0123456789:-~abcdefghijklmnopqrstuvwxyz", k=1 << 20))
    part = sheet_part(VOLUNTEERS).replace("/", "__")
    return tamper(path, **{part: lambda xml: xml.replace(b"PLACEHOLDER", long_text)})


def _settings(name: str, key: object, value: object) -> None:
    """A Settings sheet with one row, ``key`` and ``value``."""

    def build(folder: Path) -> Path:
        sheets = {**base(), "参数": [["参数", "值"], [key, value]]}
        return save(sheets, folder / f"{name}.xlsx")

    build.__name__ = name
    HOSTILE[name] = build
    PLACES[name] = ("参数", 2, "参数" if value in (4, 5) else "值")


_settings("setting_named_by_a_huge_number", 1e20, 5)
_settings("distance_setting_of_ten_to_the_twentieth", "最远距离公里", 1e20)
_settings("rest_of_a_year_between_shifts", "班次间隔分钟", 525_600)
cell_defect("district_of_ten_to_the_twentieth", COMMUNITIES, 3, "区", 1e20)


def _renamed(name: str, sheet: str, header: str, typed: str) -> None:
    """The column ``header`` of ``sheet`` headed ``typed`` instead."""

    def build(folder: Path) -> Path:
        sheets = base()
        rows = sheets[sheet]
        rows[0][rows[0].index(header)] = typed
        return save(sheets, folder / f"{name}.xlsx")

    build.__name__ = name
    HOSTILE[name] = build
    PLACES[name] = (sheet, 1, typed)


_renamed("health_column_headed_fever_check", VOLUNTEERS, "健康状况", "体温异常")
_renamed("availability_column_headed_free_hours", VOLUNTEERS, "可服务时段", "空闲时间段")
_renamed("max_hours_column_headed_daily_limit", VOLUNTEERS, "每日最多小时", "每人每天上限")
_renamed("insurance_column_headed_insured_or_not", VOLUNTEERS, "意外保险", "有无保险")
_renamed("high_risk_column_headed_dangerous_post", POSTS, "高风险", "危险岗位")
_renamed("district_column_headed_district_it_belongs_to", COMMUNITIES, "区", "所属区")
_renamed("health_column_headed_as_coordinators_write_it", VOLUNTEERS, "健康状况", "身体状况")


@hostile
def health_column_missing_outright(folder: Path) -> Path:
    sheets = base()
    for row in sheets[VOLUNTEERS]:
        del row[10]
    return save(sheets, folder / "health_column_missing_outright.xlsx")


@hostile
def no_volunteer_rows(folder: Path) -> Path:
    sheets = base()
    del sheets[VOLUNTEERS][1:]
    return save(sheets, folder / "no_volunteer_rows.xlsx")


_settings("daily_cap_setting_misspelt", "每日上限", 4)
