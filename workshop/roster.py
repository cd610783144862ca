"""A roster of participants from a CSV file, as Excel and HR systems actually export them.

Columns: name and department (required), email and role (optional); other columns are
ignored. Handled quietly: a UTF-8 byte-order mark, ';' or tab as the delimiter, header names
in any case, department names instead of ids, blank rows. Errors, each with its row number:
a missing column, a row without a name or department, an unknown department (names and
aliases such as 'Human Resources' are understood), the same person
twice (same name and email), text that is not UTF-8. Two people who share a name but not an
email address are two people.
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from workshop.content.library import Library
from workshop.errors import Problem, ValidationFailed, display_path

MAX_BYTES = 20 * 1024 * 1024
MAX_PEOPLE = 100_000
REQUIRED = ("name", "department")
OPTIONAL = ("email", "role")
ALIASES = {"full name": "name", "participant": "name", "dept": "department",
           "e-mail": "email", "email address": "email", "job title": "role", "title": "role"}


@dataclass(frozen=True)
class Person:
    row: int  # the CSV row, for messages
    number: int  # the place on the roster, from 1: files are numbered by it
    name: str
    department: str  # a department id
    email: str = ""
    role: str = ""

    @property
    def slug(self) -> str:
        """A file name for this person, unique and in roster order: '0001-chloe-martin'."""
        return f"{self.number:04d}-{slugify(self.name) or 'participant'}"


def slugify(text: str, limit: int = 60) -> str:
    """'Chloé Martin' -> 'chloe-martin': safe in file names on every system."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower())[:limit].strip("-")


def _decode(path: Path, raw: bytes) -> str:
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        row = raw[: exc.start].count(b"\n") + 1
        raise ValidationFailed([Problem(
            display_path(path), row, 0, "",
            f"row {row} is not UTF-8 text (byte 0x{raw[exc.start]:02x}): in Excel use "
            "File > Save As > 'CSV UTF-8 (Comma delimited)'")]) from None


def _delimiter(header_line: str) -> str:
    counts = {d: header_line.count(d) for d in (",", ";", "\t")}
    return max(counts, key=lambda d: (counts[d], d == ","))


def csv_rows(path: Path, what: str, columns: str) -> list[tuple[int, list[str]]]:
    """The non-blank rows of a CSV file as spreadsheets export it, each with its row number
    (the header first). `what` names the file in messages ('roster'); `columns` says what its
    header should hold. Raises ValidationFailed for a file that is not CSV text."""
    shown = display_path(path)
    try:
        if path.stat().st_size > MAX_BYTES:
            raise ValidationFailed([Problem(shown, 0, 0, "", f"{what} is larger than "
                                            f"{MAX_BYTES // (1024 * 1024)} MB: split it")])
        raw = path.read_bytes()
    except FileNotFoundError:
        raise ValidationFailed([Problem(shown, 0, 0, "", f"{what} file not found")]) from None
    except IsADirectoryError:
        raise ValidationFailed([Problem(shown, 0, 0, "", f"{what} is a folder, expected a "
                                        ".csv file")]) from None
    if b"\x00" in raw[:4096]:
        raise ValidationFailed([Problem(shown, 0, 0, "", "this is not a CSV text file (it "
                                        "looks binary; an .xlsx?): in Excel use File > Save As "
                                        "> 'CSV UTF-8'")])
    text = _decode(path, raw)
    first = next((line for line in text.splitlines() if line.strip()), "")
    if not first:
        raise ValidationFailed([Problem(shown, 0, 0, "", f"{what} is empty: expected a header "
                                        f"row with {columns}")])
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(first))
    rows: list[tuple[int, list[str]]] = []
    try:
        for fields in reader:
            if any(f.strip() for f in fields):  # blank rows, common at the end, are skipped
                rows.append((reader.line_num, fields))
    except csv.Error as exc:
        raise ValidationFailed([Problem(shown, reader.line_num, 0, "",
                                        f"unreadable CSV: {exc}")]) from None
    return rows


def read_roster(path: Path, library: Library) -> list[Person]:
    """People in file order, departments resolved by `library` (ids, names, aliases, in any
    case). Raises ValidationFailed listing every problem."""
    shown = display_path(path)
    rows = csv_rows(path, "roster", "name, email, department, role")
    problems: list[Problem] = []
    header: list[str] | None = None
    people: list[Person] = []
    seen: dict[tuple[str, str], int] = {}
    for row, fields in rows:
        if header is None:
            header = [ALIASES.get(f.strip().casefold(), f.strip().casefold()) for f in fields]
            missing = [c for c in REQUIRED if c not in header]
            if missing:
                problems.append(Problem(shown, row, 0, "", (
                    f"the header has no {' or '.join(missing)} column (found: "
                    f"{', '.join(f.strip() for f in fields)}); the columns are name, "
                    "email, department, role")))
                break
            continue
        if len(people) >= MAX_PEOPLE:
            problems.append(Problem(shown, row, 0, "", f"more than {MAX_PEOPLE:,} people: "
                                    "split the roster"))
            break
        values = {column: (fields[i].strip() if i < len(fields) else "")
                  for i, column in enumerate(header)}
        person = _person(shown, row, len(people) + 1, values, library, problems)
        if person is None:
            continue
        key = (person.name.casefold(), person.email.casefold())
        if key in seen:
            problems.append(Problem(shown, row, 0, "name", (
                f"'{person.name}' is already on row {seen[key]}"
                + (" with the same email" if person.email else "")
                + ": remove the duplicate row")))
            continue
        seen[key] = row
        people.append(person)
    if header is not None and not people and not problems:
        problems.append(Problem(shown, 0, 0, "", "roster has a header but no people"))
    if problems:
        raise ValidationFailed(problems)
    return people


def _person(shown: str, row: int, number: int, values: dict[str, str], library: Library,
            problems: list[Problem]) -> Person | None:
    name, dept = values.get("name", ""), values.get("department", "")
    if not name:
        problems.append(Problem(shown, row, 0, "name", "no name on this row: add it or "
                                "delete the row"))
        return None
    if not dept:
        problems.append(Problem(shown, row, 0, "department", f"no department for '{name}': "
                                f"use one of {', '.join(library.departments)}"))
        return None
    dept_id = library.department_id(dept)
    if dept_id is None:
        problems.append(Problem(shown, row, 0, "department",
                                library.unknown_department(dept, f" for '{name}'")))
        return None
    return Person(row, number, name, dept_id, values.get("email", ""), values.get("role", ""))
