"""A look at an .xlsx before any parser opens it: size, zip parts, XML declarations, sheet extent.

An .xlsx is a zip of XML parts. A hostile or broken one can exhaust memory in ways a reader cannot
recover from: a zip bomb (a small part that inflates to gigabytes), a part that holds more than it
declares, an entity bomb (``<!ENTITY`` expanding a billion times), or one cell far away, such as
``XFD1048576``, which makes the reader allocate the whole rectangle up to it (python-calamine
aborts the process on that). ``inspect`` reads only the zip directory and streams the XML parts
once through zlib, with a few byte searches per megabyte, and refuses the file with one line that
says what to do. Macros (``xl/vbaProject.bin``) and links to other workbooks (``xl/externalLinks``)
are never run or followed; they come back as warnings.

Limits, chosen so that a 300,000-volunteer roster passes with room to spare (``scheduler example
--volunteers 300000`` writes 31 MB that unpack to 282 MB in 14 parts, compressed at most 12 to 1,
the largest sheet 300,001 rows by 14 columns):

- ``MAX_FILE_BYTES`` 256 MiB for the file itself;
- ``MAX_PARTS`` 2,000 zip parts (a workbook has one or two dozen; each sheet, picture or comment
  block adds a few);
- ``MAX_UNPACKED_BYTES`` 2 GiB declared by all parts together, and no part may hold more than
  it declares;
- ``MAX_RATIO`` 100: a part over ``RATIO_GRACE_BYTES`` (1 MiB) unpacked may not be compressed
  more than 100 to 1 (Apache POI's default; real sheets stay below 20);
- no ``<!DOCTYPE`` or ``<!ENTITY`` in any XML part (Excel, WPS and LibreOffice never write one),
  and XML parts are UTF-8 as those programs write them;
- ``MAX_SHEET_CELLS`` 2**25 (33,554,432) cells in the rectangle from a sheet's first to its last
  cell with a value: every row Excel allows times 32 columns, about 1 GB while it is read. Styled
  but empty cells do not count. Only the sheets the reader loads are held to this
  (``Workbook.get_sheet_by_name``).
"""

from __future__ import annotations

import math
import re
import struct
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from defusedxml import ElementTree

from scheduler.messages import Message, msg

MiB = 1 << 20
MAX_FILE_BYTES = 256 * MiB
MAX_PARTS = 2_000
MAX_UNPACKED_BYTES = 2048 * MiB
MAX_RATIO = 100
RATIO_GRACE_BYTES = 1 * MiB
MAX_SHEET_CELLS = 1 << 25

_CHUNK = 1 * MiB  # unpacked bytes looked at in one step
_READ = 256 * 1024  # compressed bytes read in one step
_MAX_TAG = 64 * 1024  # a cell or row tag longer than this is not one a spreadsheet program wrote
# A cell holds at most 32,767 characters: 128 KiB in UTF-8, about 230 KiB with Excel's escapes
# (_x000D_). A longer text in a part of cells was not written by a spreadsheet program, and
# python-calamine would copy it into every cell that shares it (17 cells sharing one 50 MB string
# took 2.6 GB): such a file is refused before it is parsed. A text is measured in windows of
# TEXT_WINDOW bytes: one without a "<" is refused, so every text of twice that is.
TEXT_WINDOW = 256 * 1024
_CELL_PARTS = ("xl/sharedstrings.xml", "xl/worksheets/")
_EOCD = b"PK\x05\x06"
_EOCD64_LOCATOR = b"PK\x06\x07"
_EOCD64 = b"PK\x06\x06"
_LOCAL_HEADER = b"PK\x03\x04"
_STORED, _DEFLATED = 0, 8
_SHEET_MAP_PARTS = ("xl/workbook.xml", "xl/_rels/workbook.xml.rels")


class UnsafeWorkbook(ValueError):
    """The file is refused before parsing; ``message`` says why and what to do, in one line."""

    def __init__(self, message: Message):
        super().__init__(message)
        self.message = message

    def label(self, lang: str) -> str:
        return self.message.render(lang)

    def __str__(self) -> str:  # for logs and tests; people get label(lang)
        return self.label("en")


@dataclass(slots=True)
class Inspection:
    """What the look found: warnings to pass on, and each sheet's extent in cells."""

    warnings: list[Message] = field(default_factory=list)
    sheet_parts: dict[str, str] = field(default_factory=dict)  # sheet name -> part (lower case)
    part_extents: dict[str, tuple[int, int]] = field(default_factory=dict)  # part -> rows, cols

    def sheet_extent(self, name: str) -> tuple[int, int]:
        """(rows, columns) a reader allocates for sheet ``name``: an upper bound, exact when
        it is over the limit. A sheet whose part could not be told gets the largest of any part."""
        part = self.sheet_parts.get(name)
        if part is not None and part in self.part_extents:
            return self.part_extents[part]
        if part is not None:
            return (0, 0)
        return max(self.part_extents.values(), key=lambda e: e[0] * e[1], default=(0, 0))


def inspect(path: Path) -> Inspection:
    """Look at the .xlsx at ``path``; raise ``UnsafeWorkbook`` if no parser should open it."""
    path = Path(path)
    size = path.stat().st_size
    if size > MAX_FILE_BYTES:
        raise UnsafeWorkbook(
            msg("reader.file_too_big", size=size / MiB, limit=MAX_FILE_BYTES // MiB)
        )
    with path.open("rb") as handle:
        _check_directory_size(handle, size)
        try:
            archive = zipfile.ZipFile(handle)
        except (zipfile.BadZipFile, OSError, ValueError, EOFError) as error:
            raise UnsafeWorkbook(msg("reader.damaged_zip", error=str(error))) from None
        with archive:
            parts = archive.infolist()
            _check_parts(parts)
            inspection = Inspection(warnings=_warnings(parts))
            _check_kind({part.filename.lower() for part in parts})
            # The two small parts that say where the sheets are first, then every part
            # python-calamine may read: all XML, and the sheets wherever they are.
            first = [part for part in parts if part.filename.lower() in _SHEET_MAP_PARTS]
            for part in first:
                _scan(handle, part, cells=False)
            inspection.sheet_parts = _sheet_parts(archive, parts)
            sheets = set(inspection.sheet_parts.values())
            for part in parts:
                name = part.filename.lower()
                if part not in first and (_is_xml(name) or name in sheets):
                    extent = _scan(handle, part, cells=True)
                    if extent is not None:
                        inspection.part_extents[name] = extent
    return inspection


# --- the zip directory --------------------------------------------------------------------------


def _check_directory_size(handle, size: int) -> None:
    """Count the parts from the end record before ``zipfile`` builds an object for each."""
    tail_size = min(size, 22 + 0xFFFF)
    handle.seek(size - tail_size)
    tail = handle.read(tail_size)
    at = tail.rfind(_EOCD)
    if at < 0 or len(tail) - at < 22:
        raise UnsafeWorkbook(msg("reader.zip_end_missing"))
    entries, directory = struct.unpack("<HI", tail[at + 10 : at + 16])
    if entries == 0xFFFF or directory == 0xFFFFFFFF:  # Zip64: the real numbers are elsewhere
        locator = tail[at - 20 : at] if at >= 20 else b""
        if locator[:4] == _EOCD64_LOCATOR:
            (offset,) = struct.unpack("<Q", locator[8:16])
            handle.seek(offset)
            record = handle.read(56)
            if record[:4] == _EOCD64:
                entries, directory = struct.unpack("<QQ", record[32:48])
    if entries > MAX_PARTS or directory > MAX_PARTS * 4096:
        raise _too_many(entries)


def _too_many(count: int) -> UnsafeWorkbook:
    return UnsafeWorkbook(msg("reader.too_many_parts", count=count, limit=MAX_PARTS))


def _check_parts(parts: list[zipfile.ZipInfo]) -> None:
    if not parts:
        raise UnsafeWorkbook(msg("reader.empty_zip"))
    if len(parts) > MAX_PARTS:
        raise _too_many(len(parts))
    total = sum(part.file_size for part in parts)
    if total > MAX_UNPACKED_BYTES:
        raise UnsafeWorkbook(
            msg("reader.unpacks_too_big", size=total / MiB, limit=MAX_UNPACKED_BYTES // MiB)
        )
    seen: set[str] = set()
    for part in parts:
        name = part.filename.lower()  # python-calamine finds parts blind to letter case
        if name in seen:
            raise UnsafeWorkbook(msg("reader.two_parts", part=part.filename))
        seen.add(name)
        if part.flag_bits & 0x1:
            raise UnsafeWorkbook(msg("reader.encrypted"))
        if part.file_size > RATIO_GRACE_BYTES and (
            part.file_size > MAX_RATIO * max(part.compress_size, 1)
        ):
            ratio = part.file_size / max(part.compress_size, 1)
            raise UnsafeWorkbook(
                msg("reader.zip_bomb", part=part.filename, ratio=ratio, limit=MAX_RATIO)
            )


def _warnings(parts: list[zipfile.ZipInfo]) -> list[Message]:
    names = [part.filename.lower() for part in parts]
    found = []
    if any(name.rsplit("/", 1)[-1] == "vbaproject.bin" for name in names):
        found.append(msg("reader.macros"))
    if any(name.startswith("xl/externallinks/") for name in names):
        found.append(msg("reader.external_links"))
    return found


_OTHER_KINDS = (
    ("word/document.xml", "reader.kind_word"),
    ("ppt/presentation.xml", "reader.kind_powerpoint"),
    ("content.xml", "reader.kind_ods"),
    ("xl/workbook.bin", "reader.kind_xlsb"),
)


def _check_kind(names: set[str]) -> None:
    if "xl/workbook.xml" in names:
        return
    for marker, kind in _OTHER_KINDS:
        if marker in names:
            raise UnsafeWorkbook(msg("reader.other_kind", kind=msg(kind)))
    raise UnsafeWorkbook(msg("reader.not_excel_zip"))


def _is_xml(name: str) -> bool:
    return name.lower().endswith((".xml", ".rels", ".vml"))


# --- where the sheets are -----------------------------------------------------------------------


def _sheet_parts(archive: zipfile.ZipFile, parts: list[zipfile.ZipInfo]) -> dict[str, str]:
    """Sheet name -> its part, resolved the way python-calamine resolves it (case-blind, 'xl/').

    Both parts were scanned for DTDs already, and defusedxml refuses them anyway."""
    by_name = {part.filename.lower(): part for part in parts}
    try:
        workbook = ElementTree.fromstring(_small(archive, by_name, "xl/workbook.xml"))
        relations = ElementTree.fromstring(_small(archive, by_name, "xl/_rels/workbook.xml.rels"))
    except Exception:  # noqa: BLE001 - unreadable here means unreadable to calamine too
        return {}
    targets = {
        element.get("Id"): element.get("Target") or ""
        for element in relations.iter()
        if _local(element.tag) == "Relationship"
    }
    found = {}
    for element in workbook.iter():
        if _local(element.tag) != "sheet":
            continue
        ident = next((v for k, v in element.attrib.items() if _local(k) == "id"), None)
        target = targets.get(ident)
        if target is None or element.get("name") is None:
            continue
        if target.startswith("/xl/"):
            target = target[1:]
        elif not target.startswith("xl/"):
            target = "xl/" + target
        found[element.get("name")] = target.lower()
    return found


def _small(archive: zipfile.ZipFile, by_name: dict, name: str) -> bytes:
    part = by_name.get(name)
    if part is None or part.file_size > 64 * MiB:
        raise KeyError(name)
    return archive.read(part)


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


# --- streaming one part -------------------------------------------------------------------------


def _inflate(handle, part: zipfile.ZipInfo) -> Iterator[bytes]:
    """The part's bytes in chunks, counted against what it declares (not trusting the size)."""
    handle.seek(part.header_offset)
    header = handle.read(30)
    if len(header) < 30 or header[:4] != _LOCAL_HEADER:
        raise UnsafeWorkbook(msg("reader.damaged_zip_plain"))
    name_length, extra_length = struct.unpack("<HH", header[26:30])
    handle.seek(part.header_offset + 30 + name_length + extra_length)
    if part.compress_type not in (_STORED, _DEFLATED):
        raise UnsafeWorkbook(msg("reader.compression", part=part.filename))
    inflater = zlib.decompressobj(-15) if part.compress_type == _DEFLATED else None
    left, produced = part.compress_size, 0
    while left > 0 and not (inflater is not None and inflater.eof):
        data = handle.read(min(_READ, left))
        if not data:
            break
        left -= len(data)
        while data:
            if inflater is None:
                out, data = data, b""
            else:
                try:
                    out = inflater.decompress(data, _CHUNK)
                except zlib.error:
                    raise UnsafeWorkbook(msg("reader.part_damaged", part=part.filename)) from None
                data = inflater.unconsumed_tail
            produced += len(out)
            if produced > part.file_size:
                raise UnsafeWorkbook(msg("reader.part_overfull", part=part.filename))
            if out:
                yield out


# Cell tags as Excel, WPS, LibreOffice, openpyxl and XlsxWriter write them: <c r="A1" s="3" t="s">.
_PREFIX = rb"(?:[^\s<>/:!?\"'=]+:)?"
_CANONICAL_TAIL = rb'"(?: s="\d{1,9}+")?+(?: t="[A-Za-z]{1,12}+")?+/?>'
# A <c r="..."> outside A1:Z999999 or not in that layout (searched from the literal '<c r="').
_NOT_SMALL_REF = re.compile(rb'<c r="(?![A-Z]\d{1,6}+' + _CANONICAL_TAIL + rb")")
# Every cell tag is <c r="..."> in that layout, with any reference Excel allows.
_NOT_CANONICAL_CELL = re.compile(
    rb"<(?:[^\s<>/:!?\"'=]+:c|c(?! r=\"[A-Za-z]{1,3}\d{1,7}" + _CANONICAL_TAIL + rb"))[\s/>]"
)
_CANONICAL_REF = re.compile(rb'<c r="([A-Za-z]{1,3})(\d{1,7})"')
# Exact: every row and cell tag, quote-aware, as python-calamine's XML reader sees them.
_TAG = re.compile(
    rb"<(/?)" + _PREFIX + rb"(row|c)(?=[\s/>])((?:[^<>\"']|\"[^<\"]*\"|'[^<']*')*)(>?)"
)
_R_ATTRIBUTE = re.compile(rb"(?:^|\s)r\s*=\s*(?:\"([^\"]*)\"|'([^']*)')")
_REF = re.compile(rb"([A-Za-z]*)(\d+)")
_CELL_OR_ROW = re.compile(rb"<" + _PREFIX + rb"(?:row|c)(?=[\s/>])")


def _scan(handle, part: zipfile.ZipInfo, *, cells: bool) -> tuple[int, int] | None:
    """Check one part; for a sheet, return the (rows, columns) a reader allocates for its cells.

    The first pass bounds the extent by the largest row and column any cell names, styled ones
    included, cheaply; when that bound is over the limit a second pass takes every reference;
    when the cells are not written the usual way, or still over the limit, the exact pass replays
    python-calamine's positions and counts only cells with content."""
    if not cells:
        _stream(handle, part, None)
        return None
    extent = _stream(handle, part, _Quick(precise=False))
    if extent is not _EXACT and _over(extent):
        extent = _stream(handle, part, _Quick(precise=True))
    if extent is _EXACT or _over(extent):
        extent = _stream(handle, part, _Exact())
    return extent


def _over(extent: tuple[int, int] | None) -> bool:
    return extent is not None and extent[0] * extent[1] > MAX_SHEET_CELLS


_EXACT = (-1, -1)  # the cells need the exact pass


def _stream(handle, part: zipfile.ZipInfo, counter) -> tuple[int, int] | None:
    """Feed the part to ``counter`` in pieces that end before a tag's "<", so no tag is split."""
    carry = b""
    first = True
    long_text = _LongText() if part.filename.lower().startswith(_CELL_PARTS) else None
    for chunk in _inflate(handle, part):
        if first:
            _check_encoding(part, chunk)
            first = False
        if long_text is not None and long_text.found(chunk):
            raise UnsafeWorkbook(
                msg("reader.text_too_long", part=part.filename, kb=TEXT_WINDOW // 1024)
            )
        buffer = carry + chunk if carry else chunk
        cut = buffer.rfind(b"<")
        if cut < 0:
            cut = len(buffer)
        segment, carry = buffer[:cut], buffer[cut:]
        if len(carry) > _MAX_TAG:  # a long text, or a tag no spreadsheet program writes
            if _CELL_OR_ROW.match(carry):
                raise UnsafeWorkbook(
                    msg("reader.tag_too_long", part=part.filename, kb=_MAX_TAG // 1024)
                )
            segment, carry = buffer[: len(buffer) - 16], buffer[len(buffer) - 16 :]
        _check_declarations(part, segment)
        if counter is not None and counter.feed(segment) is _EXACT:
            return _EXACT
    _check_declarations(part, carry)
    if counter is None:
        return None
    if carry.endswith(b">") and counter.feed(carry) is _EXACT:
        return _EXACT
    return counter.extent()


# A cell with a number written the canonical way: <c r="C3" s="1"><v>-inf</v></c>.
_NUMBER_CELL = re.compile(
    rb'<c r="([A-Za-z]{1,3})(\d{1,7})"[^>]*>(?:<f[^>]*/>|<f[^>]*>[^<]*</f>)?<v>([^<]{1,40})</v>'
)
_LAST_DAY = 2958465  # Excel's last date, 9999-12-31


def unusable_numbers(
    path: Path, part_name: str, rows: set[int]
) -> dict[int, list[tuple[int, str]]]:
    """Row -> (0-based column, number as written) of the numbers in ``rows`` of a sheet part that
    no date, time or duration can be (not finite, or beyond Excel's last day): the cells that
    python-calamine could not hand over. Only cells written with their reference are found; an
    empty answer says nothing more than that."""
    found: dict[int, list[tuple[int, str]]] = {}
    with path.open("rb") as handle, zipfile.ZipFile(handle) as archive:
        part = next((p for p in archive.infolist() if p.filename.lower() == part_name), None)
        if part is None:
            return found
        carry = b""
        for chunk in _inflate(handle, part):
            buffer = carry + chunk
            cut = buffer.rfind(b"<c ")
            cut = len(buffer) if cut < 0 else cut
            _unusable(buffer[:cut], rows, found)
            carry = buffer[cut:] if len(buffer) - cut <= _MAX_TAG else b""
        _unusable(carry, rows, found)
    return found


def _unusable(segment: bytes, rows: set[int], found: dict) -> None:
    for letters, row, value in _NUMBER_CELL.findall(segment):
        if int(row) not in rows:
            continue
        try:
            number = float(value)
        except ValueError:
            continue
        if not math.isfinite(number) or abs(number) > _LAST_DAY:
            found.setdefault(int(row), []).append(
                (_column_number(letters) - 1, value.decode(errors="replace"))
            )


class _LongText:
    """Finds a text (bytes between two "<") of more than ``2 * TEXT_WINDOW`` bytes, and perhaps
    one a little shorter, with a few ``find`` calls per chunk."""

    def __init__(self) -> None:
        self.run = 0  # bytes since the last "<" of the chunks seen

    def found(self, chunk: bytes) -> bool:
        first = chunk.find(b"<")
        if first < 0:
            self.run += len(chunk)
            return self.run > 2 * TEXT_WINDOW
        if self.run + first > 2 * TEXT_WINDOW:
            return True
        for start in range(first, len(chunk), TEXT_WINDOW):
            if (
                start + TEXT_WINDOW <= len(chunk)
                and chunk.find(b"<", start, start + TEXT_WINDOW) < 0
            ):
                return True
        self.run = len(chunk) - chunk.rfind(b"<")
        return False


def _check_encoding(part: zipfile.ZipInfo, head: bytes) -> None:
    if head[:2] in (b"\xff\xfe", b"\xfe\xff") or b"\x00" in head[:4]:
        raise UnsafeWorkbook(msg("reader.not_utf8", part=part.filename))


def _check_declarations(part: zipfile.ZipInfo, segment: bytes) -> None:
    """Refuse <!DOCTYPE and <!ENTITY in any letter case (comments and CDATA are fine)."""
    at = segment.find(b"<!")
    while at >= 0:
        word = segment[at + 2 : at + 9].upper()
        if word.startswith((b"DOCTYPE", b"ENTITY")):
            raise UnsafeWorkbook(
                msg("reader.declarations", part=part.filename, word=word.decode(errors="replace"))
            )
        at = segment.find(b"<!", at + 2)


class _Quick:
    """An upper bound from the references cells carry, when every cell carries one.

    Coarse unless ``precise``: a piece whose cells all lie within A1:Z999999 (a roster's usual
    case, checked with two counts and one search) counts as 26 x 999,999 cells."""

    def __init__(self, *, precise: bool):
        self.precise = precise
        self.rows = self.columns = 0

    def feed(self, segment: bytes):
        tags = segment.count(b"<c")  # cells, and the odd <col>, <cfRule>... around sheetData
        if not tags:
            return None
        if (
            not self.precise
            and b":c" not in segment
            and segment.count(b'<c r="') == tags
            and _NOT_SMALL_REF.search(segment) is None
        ):
            self.rows, self.columns = max(self.rows, 999_999), max(self.columns, 26)
            return None
        if _NOT_CANONICAL_CELL.search(segment) is not None:
            return _EXACT
        references = _CANONICAL_REF.findall(segment)
        if references:
            letters, digits = zip(*references, strict=True)
            self.columns = max(self.columns, max(map(_column_number, set(letters))))
            self.rows = max(self.rows, max(map(int, set(digits))))
        return None

    def extent(self) -> tuple[int, int] | None:
        return (self.rows, self.columns) if self.columns else None


class _Exact:
    """python-calamine's own walk: a cell without ``r`` follows the previous one, ``</row>``
    moves to the next row; only cells with content (not ``<c .../>``) widen the range."""

    def __init__(self):
        self.row = self.column = 0
        self.box: list[int] | None = None  # first row, first column, last row, last column

    def feed(self, segment: bytes):
        for closing, name, attributes, end in _TAG.findall(segment):
            if not end:
                raise UnsafeWorkbook(msg("reader.malformed_tag"))
            empty = attributes.rstrip().endswith(b"/")
            if name == b"row":
                if closing:
                    self.row, self.column = self.row + 1, 0
                    continue
                ref = _attribute_r(attributes)
                place = _place(ref, row_only=True) if ref is not None else None
                if place is not None:
                    self.row = place[0]
                if empty:
                    self.row, self.column = self.row + 1, 0
            elif not closing:
                ref = _attribute_r(attributes)
                place = _place(ref) if ref is not None else (self.row, self.column)
                if place is None:
                    continue  # python-calamine refuses such a reference: nothing is allocated
                self.column = place[1] + 1
                if not empty:
                    self._widen(*place)
        return None

    def _widen(self, row: int, column: int) -> None:
        box = self.box
        if box is None:
            self.box = [row, column, row, column]
        else:
            box[0], box[1] = min(box[0], row), min(box[1], column)
            box[2], box[3] = max(box[2], row), max(box[3], column)

    def extent(self) -> tuple[int, int] | None:
        if self.box is None:
            return None
        first_row, first_column, last_row, last_column = self.box
        return (last_row - first_row + 1, last_column - first_column + 1)


def _attribute_r(attributes: bytes) -> bytes | None:
    found = _R_ATTRIBUTE.findall(attributes)
    if not found:
        return None
    double, single = found[-1]  # the last r= wins, as in python-calamine's attribute loop
    return double or single


def _place(ref: bytes, *, row_only: bool = False) -> tuple[int, int] | None:
    """0-based (row, column) of a reference such as ``AB12``; None when calamine would refuse it."""
    match = _REF.fullmatch(ref)
    if match is None or int(match.group(2)) == 0:
        return None
    letters = match.group(1)
    if not letters and not row_only:
        return None
    return int(match.group(2)) - 1, (_column_number(letters) - 1 if letters else 0)


def _column_number(letters: bytes) -> int:
    number = 0
    for letter in letters.upper():
        number = number * 26 + letter - 64
    return number
