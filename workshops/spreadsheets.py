"""Spreadsheet files in and out of the portal: what is read is bounded before it is parsed,
and what is written never starts a formula.

An upload is checked in the web request with work that does not grow with what the file
claims to hold: its size, the sizes an XLSX declares in its zip central directory (read by
`zipfile` without inflating anything), and a count of its rows (newlines of a CSV, the
`<dimension>` an XLSX declares at the top of its sheet). The worker then reads the rows with
the same cap, since a file may lie about its own dimension.
"""

import csv
import io
import re
import zipfile
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from .validators import validate_zip_archive

MB = 1024 * 1024
# More parts than any workbook a person saves: a zip of many tiny entries is refused unread.
MAX_XLSX_PARTS = 1000
# What is read of a worksheet's start to find its <dimension>: it comes before the rows.
SHEET_HEAD_BYTES = 64 * 1024
# Workbook and relationship parts larger than this are not read in the request.
SMALL_PART_BYTES = 1 * MB

_DIMENSION = re.compile(rb"<(?:\w+:)?dimension\s+ref=\"(?:[A-Z]+\d+:)?[A-Z]*(\d+)\"")
_ACTIVE_TAB = re.compile(rb"\bactiveTab=\"(\d+)\"")
_SHEET_IDS = re.compile(rb"<(?:\w+:)?sheet\b[^>]*?\br:id=\"([^\"]+)\"")
_RELATIONSHIP = re.compile(rb"<Relationship\b[^>]*>")
_ATTRIBUTE = re.compile(rb"(\w+)=\"([^\"]*)\"")

# A cell a spreadsheet would read as a formula (or a DDE command) starts with one of these.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


@dataclass(frozen=True)
class ImportLimits:
    max_rows: int
    max_upload_bytes: int
    max_uncompressed_bytes: int
    max_ratio: int


def import_limits() -> ImportLimits:
    return ImportLimits(
        max_rows=settings.PARTICIPANT_IMPORT_MAX_ROWS,
        max_upload_bytes=settings.PARTICIPANT_IMPORT_MAX_UPLOAD_MB * MB,
        max_uncompressed_bytes=settings.PARTICIPANT_IMPORT_MAX_UNCOMPRESSED_MB * MB,
        max_ratio=settings.PARTICIPANT_IMPORT_MAX_COMPRESSION_RATIO,
    )


def too_many_rows_error(limit: int) -> ValidationError:
    return ValidationError(
        ngettext_lazy(
            "The file has more than %(limit)d row. Split it into files of at most "
            "%(limit)d row each.",
            "The file has more than %(limit)d rows. Split it into files of at most "
            "%(limit)d rows each.",
            "limit",
        ),
        code="rows",
        params={"limit": limit},
    )


def _unreadable_xlsx() -> ValidationError:
    return ValidationError(
        _("This file is not an Excel workbook (.xlsx), or it is damaged."), code="xlsx"
    )


def xlsx_check_expansion(uploaded, *, name: str, limits: ImportLimits) -> None:
    """Refuse a workbook whose zip archive would inflate to something absurd, on what its
    central directory declares (the check every zip-based upload gets, with the import's
    limits)."""
    validate_zip_archive(
        uploaded,
        name=name,
        max_members=MAX_XLSX_PARTS,
        max_uncompressed_bytes=limits.max_uncompressed_bytes,
        max_ratio=limits.max_ratio,
    )


def _small_part(archive: zipfile.ZipFile, name: str) -> bytes | None:
    try:
        info = archive.getinfo(name)
    except KeyError:
        return None
    if info.file_size > SMALL_PART_BYTES:
        return None
    return archive.read(info)


def _active_sheet_name(archive: zipfile.ZipFile) -> str | None:
    """The part of the sheet Excel opens first, which is the one imported."""
    workbook = _small_part(archive, "xl/workbook.xml")
    relationships = _small_part(archive, "xl/_rels/workbook.xml.rels")
    if workbook is None or relationships is None:
        return None
    active = _ACTIVE_TAB.search(workbook)
    sheet_ids = _SHEET_IDS.findall(workbook)
    index = int(active.group(1)) if active else 0
    if index >= len(sheet_ids):
        return None
    for element in _RELATIONSHIP.findall(relationships):
        attributes = dict(_ATTRIBUTE.findall(element))
        if attributes.get(b"Id") == sheet_ids[index]:
            target = attributes.get(b"Target", b"").decode("utf-8", "replace")
            return target.lstrip("/") if target.startswith("/") else f"xl/{target}"
    return None


def xlsx_declared_rows(archive: zipfile.ZipFile) -> int | None:
    """The last row the active sheet says it uses, read from its first kilobytes; None when
    it does not say (the worker then counts while reading)."""
    try:
        name = _active_sheet_name(archive)
        if name is None:
            return None
        with archive.open(name) as sheet:
            head = sheet.read(SHEET_HEAD_BYTES)
    except Exception:  # damaged: the worker, reading it whole, says so
        return None
    found = _DIMENSION.search(head)
    return int(found.group(1)) if found else None


def csv_data_rows(content: bytes) -> int:
    """The rows of a CSV below its heading. Newlines are counted first (fast, and never
    fewer than the rows); only when they pass the cap are the records counted exactly, as
    a cell may hold a line break."""
    lines = content.count(b"\n") + (0 if content.endswith(b"\n") else 1)
    return lines - 1


def csv_exact_data_rows(content: bytes) -> int:
    text = io.StringIO(content.decode("utf-8-sig", errors="replace"), newline="")
    try:
        records = sum(1 for record in csv.reader(text) if any(cell.strip() for cell in record))
    except csv.Error:
        raise _unreadable_csv() from None
    return max(records - 1, 0)


def _unreadable_csv() -> ValidationError:
    return ValidationError(_("The file is not a readable CSV file."), code="csv")


def spreadsheet_check_upload(uploaded, *, file_format: str, limits: ImportLimits) -> None:
    """Refuse, with a message for the person who sent it, a file too large to import.

    Runs in the web request: its cost is bounded by the upload size cap, never by what the
    file claims to hold.
    """
    if uploaded.size > limits.max_upload_bytes:
        raise ValidationError(
            _("The file is larger than %(limit)d MB."),
            code="size",
            params={"limit": limits.max_upload_bytes // MB},
        )
    if file_format == "xlsx":
        xlsx_check_expansion(uploaded, name=uploaded.name, limits=limits)
        with zipfile.ZipFile(uploaded) as archive:
            declared = xlsx_declared_rows(archive)
        if declared is not None and declared - 1 > limits.max_rows:
            raise too_many_rows_error(limits.max_rows)
    elif file_format == "csv":
        uploaded.seek(0)
        content = uploaded.read()
        if csv_data_rows(content) > limits.max_rows and (
            csv_exact_data_rows(content) > limits.max_rows
        ):
            raise too_many_rows_error(limits.max_rows)
    uploaded.seek(0)


def spreadsheet_safe(value):
    """A cell value as text a spreadsheet shows and never runs: one that would start a
    formula gets a leading apostrophe (OWASP's advice for CSV injection)."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return f"'{value}"
    return value


def spreadsheet_cell(value):
    """A value as one cell of a CSV or XLSX file: blank for None, "a; b" for a list, and
    text that never starts a formula."""
    if value is None:
        return ""
    if isinstance(value, list | tuple):
        value = "; ".join(str(item) for item in value)
    return spreadsheet_safe(value)


class SpreadsheetExportMixin:
    """Mixed into every resource the portal exports, from the admin or from a public page:
    each value goes through `spreadsheet_cell()`, so that no CSV or XLSX file it writes holds
    a formula. `export(..., as_data=True)` keeps the values as they are (numbers, lists, None),
    for JSON."""

    def export_field(self, field, instance, **kwargs):
        value = super().export_field(field, instance, **kwargs)
        return value if kwargs.get("as_data") else spreadsheet_cell(value)


def spreadsheet_unescape(text: str) -> str:
    """The value before `spreadsheet_safe()`: a file exported by the portal imports back."""
    if text.startswith("'") and text[1:].startswith(FORMULA_START):
        return text[1:]
    return text


def _blank(values) -> bool:
    return all(value is None or (isinstance(value, str) and not value.strip()) for value in values)


def _csv_records(content: bytes):
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ValidationError(
            _("The file is not a CSV file in UTF-8. Save it again as “CSV UTF-8”."),
            code="encoding",
        ) from None
    try:
        yield from csv.reader(io.StringIO(text, newline=""))
    except csv.Error:
        raise _unreadable_csv() from None


def _xlsx_records(content: bytes, *, name: str, limits: ImportLimits):
    from openpyxl import load_workbook

    stream = io.BytesIO(content)
    # Checked again here: the worker trusts no check made elsewhere.
    xlsx_check_expansion(stream, name=name, limits=limits)
    try:
        workbook = load_workbook(stream, read_only=True, data_only=True)
        try:
            yield from workbook.active.iter_rows(values_only=True)
        finally:
            workbook.close()
    except ValidationError:
        raise
    except Exception:  # openpyxl raises anything from KeyError to a bad CRC
        raise _unreadable_xlsx() from None


def spreadsheet_dataset(content: bytes, *, name: str, file_format: str, limits: ImportLimits):
    """The rows of a CSV or of an XLSX's active sheet as a tablib Dataset (first row the
    headings, blank rows left out), read as a stream that stops past the row cap. `name` is
    the file's, for the messages."""
    import tablib

    records = (
        _xlsx_records(content, name=name, limits=limits)
        if file_format == "xlsx"
        else _csv_records(content)
    )
    dataset = tablib.Dataset()
    headers = None
    for values in records:
        if _blank(values):
            continue
        values = list(values)
        if headers is None:
            while values and (values[-1] is None or values[-1] == ""):
                values.pop()
            headers = ["" if value is None else str(value) for value in values]
            dataset.headers = headers
            continue
        if len(dataset) >= limits.max_rows:
            raise too_many_rows_error(limits.max_rows)
        width = len(headers)
        dataset.append((values + [None] * width)[:width])
    if headers is None or not len(dataset):
        raise ValidationError(_("The file has no rows to import below its headings."), code="empty")
    return dataset
