"""The results as files: JSON, a zip of CSV files (one per table) and an XLSX workbook (one sheet
per table), built from piiri/domain/results.py in memory.

Each file format is here and nowhere else; what the files hold is the domain's. Times are in the
workshop's time zone (``workshop_zone``): stored in UTC, shown and exported where the workshop is.
"""

from __future__ import annotations

import csv
import io
import json
import re
import zipfile
from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

from openpyxl import Workbook
from openpyxl.utils import get_column_letter

from piiri.domain.results import NamedTable, safe_rows

DEFAULT_TIME_ZONE = "Europe/Helsinki"
# A sheet name is at most 31 characters and may not hold these (Excel's own limits).
SHEET_NAME_LENGTH = 31
SHEET_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")
# Sheets' columns are widened to their longest cell, up to this many characters.
MAX_COLUMN_WIDTH = 60


def workshop_zone(name: str) -> ZoneInfo:
    """The workshop's zone; an unknown name (a zone database without it) falls back to the
    default rather than failing a download."""
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo(DEFAULT_TIME_ZONE)


def is_time_zone(name: str) -> bool:
    """Whether ``name`` is an IANA zone this machine knows (what the plan's form accepts)."""
    return name in available_timezones()


def json_bytes(document: Mapping[str, Any]) -> bytes:
    return json.dumps(document, ensure_ascii=False, indent=2).encode("utf-8")


def csv_text(rows: Sequence[Sequence[object]]) -> str:
    """CSV with a byte-order mark, so that spreadsheet programs read the UTF-8 (ä, ö, å)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerows(rows)
    return "\ufeff" + buffer.getvalue()


def csv_zip(tables: Sequence[NamedTable]) -> bytes:
    """A zip holding ``<name>.csv`` for every table (see results_tables for the names)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for named in tables:
            archive.writestr(f"{named.name}.csv", csv_text(safe_rows(named.table)))
    return buffer.getvalue()


def sheet_name(name: str, taken: set[str]) -> str:
    """``name`` as a legal sheet name, unique among ``taken`` (which it joins)."""
    base = SHEET_FORBIDDEN.sub("_", name)[:SHEET_NAME_LENGTH]
    candidate, n = base, 1
    while candidate.lower() in taken:
        n += 1
        suffix = f"~{n}"
        candidate = base[: SHEET_NAME_LENGTH - len(suffix)] + suffix
    taken.add(candidate.lower())
    return candidate


def xlsx(
    tables: Sequence[NamedTable], *, about: Sequence[tuple[str, object]], created: datetime
) -> bytes:
    """A workbook: a ``workshop`` sheet of ``about`` (key, value) rows and the list of sheets
    with each one's activity title, then one sheet per table, its header row frozen (a sheet
    holds only its table, so it sorts and filters as it is)."""
    book = Workbook()
    first = book.active
    assert first is not None
    first.title = "workshop"
    taken = {"workshop"}
    for key, value in about:
        first.append([key, _value(value)])
    names = [sheet_name(named.name, taken) for named in tables]
    first.append([])
    first.append(["sheet", "activity"])
    for name, named in zip(names, tables, strict=True):
        first.append([name, named.title])
    _fit(first)
    for name, named in zip(names, tables, strict=True):
        sheet = book.create_sheet(name)
        for row in safe_rows(named.table):
            sheet.append(row)
        sheet.freeze_panes = "A2"
        _fit(sheet)
    book.properties.created = created.replace(tzinfo=None)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _value(value: object) -> object:
    return value if isinstance(value, str | int | float) else str(value)


def _fit(sheet: Any) -> None:
    widths: dict[int, int] = {}
    for row in sheet.iter_rows():
        for cell in row:
            length = len(str(cell.value)) if cell.value is not None else 0
            widths[cell.column] = max(widths.get(cell.column, 0), length)
    for column, width in widths.items():
        sheet.column_dimensions[get_column_letter(column)].width = min(
            MAX_COLUMN_WIDTH, max(8, width + 2)
        )
