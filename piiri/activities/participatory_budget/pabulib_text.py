"""Rows of delimiter-separated text, as Pabulib's ``.pb`` files and spreadsheets' CSV write them.

Pabulib (pabulib.org/format): "Values are separated by a semicolon. If a field contains a
semicolon, it is enclosed in double quotes. Double quotes inside a field are escaped by doubling
them. Fields that do not contain special characters are left unquoted." A quoted field may also
hold a line break. Every row remembers the line it starts on, so that an error can name it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from piiri.domain.vocabulary import N_, DomainError

QUOTE = '"'


@dataclass(frozen=True)
class Row:
    """One row: its fields, and the line (from 1) it starts on."""

    line: int
    fields: tuple[str, ...]


def newline_of(text: str) -> str:
    """The line ending ``text`` uses: CRLF if its first line ends so, else LF."""
    end = text.find("\n")
    return "\r\n" if end > 0 and text[end - 1] == "\r" else "\n"


def read_rows(text: str, delimiter: str = ";") -> list[Row]:
    """Split ``text`` into rows of fields; blank lines are skipped, a byte-order mark is dropped.

    Raises DomainError naming the line of an unclosed quotation mark or of text after one.
    """
    lines = text.removeprefix("\ufeff").split("\n")
    rows: list[Row] = []
    at = 0
    while at < len(lines):
        first = at + 1
        line = lines[at].removesuffix("\r")
        at += 1
        if QUOTE not in line:
            if line.strip():
                rows.append(Row(first, tuple(line.split(delimiter))))
            continue
        fields, at = _quoted_row(lines, line, at, delimiter, first)
        rows.append(Row(first, fields))
    return rows


def _quoted_row(
    lines: list[str], line: str, at: int, delimiter: str, first: int
) -> tuple[tuple[str, ...], int]:
    """The fields of a row with quotation marks starting with ``line`` (line number ``first``);
    ``at`` is the index of the next line, which a quoted line break consumes. Returns the fields
    and the next index."""
    fields: list[str] = []
    pos = 0
    while True:
        if pos < len(line) and line[pos] == QUOTE:
            parts: list[str] = []
            pos += 1
            while True:
                close = line.find(QUOTE, pos)
                if close == -1:
                    # The field goes on past the end of the line.
                    if at >= len(lines):
                        raise DomainError(
                            N_("Line {line}: a quotation mark is not closed."), line=first
                        )
                    parts.append(line[pos:] + "\n")
                    line, pos, at = lines[at].removesuffix("\r"), 0, at + 1
                elif line[close + 1 : close + 2] == QUOTE:
                    parts.append(line[pos : close + 1])
                    pos = close + 2
                else:
                    parts.append(line[pos:close])
                    pos = close + 1
                    break
            fields.append("".join(parts))
            if pos == len(line):
                return tuple(fields), at
            if line[pos] != delimiter:
                raise DomainError(
                    N_("Line {line}: there is text after a closing quotation mark."), line=at
                )
            pos += 1
        else:
            end = line.find(delimiter, pos)
            if end == -1:
                fields.append(line[pos:])
                return tuple(fields), at
            fields.append(line[pos:end])
            pos = end + 1


def quote(value: str, delimiter: str = ";") -> str:
    """``value`` as a field: quoted only when it holds the delimiter, a quote or a line break."""
    if delimiter in value or QUOTE in value or "\n" in value or "\r" in value:
        return QUOTE + value.replace(QUOTE, QUOTE * 2) + QUOTE
    return value


def write_rows(rows: Iterable[Iterable[str]], newline: str = "\n", delimiter: str = ";") -> str:
    """The text of ``rows``, each ended by ``newline``."""
    return "".join(delimiter.join(quote(f, delimiter) for f in row) + newline for row in rows)
