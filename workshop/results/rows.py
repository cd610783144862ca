"""What reading any export of answers shares: rows cut short, ratings, free text, the same
response twice."""

from __future__ import annotations

from workshop.errors import Problem

MAX_TEXT = 600  # characters of free text kept per answer
ID_COLUMNS = ("id", "respondent id", "response id")  # a form's own response number


def cut_short(shown: str, row: int, fields: list[str], header: list[str]) -> Problem | None:
    if len(fields) >= len(header):
        return None
    return Problem(shown, row, 0, "", (
        f"row {row} has {len(fields)} of the header's {len(header)} columns: the export was "
        "cut short or edited; export the responses again"))


def rating(cell: str, low: int, high: int) -> int | None:
    """The whole number at the start of `cell` ('4', '4 - agree') within low..high, else None."""
    number = cell.split()[0].rstrip(".:-") if cell.split() else ""
    return int(number) if number.isdigit() and low <= int(number) <= high else None


def text(value: str) -> str:
    """Free text as people typed it, on one line and kept short; shown as text, never
    markup."""
    words = " ".join(value.split())
    return words if len(words) <= MAX_TEXT else words[: MAX_TEXT - 1].rstrip() + "…"


class Responses:
    """The responses read so far, to find one given twice: by its form's response ID, else
    by name. Anonymous rows without an ID are never merged: two people may well give the
    same answers."""

    def __init__(self, shown: str) -> None:
        self.shown = shown
        self._seen: dict[tuple[str, str], int] = {}

    def repeated(self, row: int, response_id: str | None, name: str) -> Problem | None:
        key = ("id", response_id) if response_id else ("name", name.casefold()) if name \
            else None
        if key is None:
            return None
        if key in self._seen:
            what = "the same response id" if key[0] == "id" else f"the same name, '{name}'"
            return Problem(self.shown, row, 0, "", (
                f"row {row} repeats row {self._seen[key]} ({what}): delete the one to drop, "
                "usually the earlier"))
        self._seen[key] = row
        return None


def no_answers(shown: str, header_row: int) -> Problem:
    return Problem(shown, header_row, 0, "", (
        "no answers: the file has a header but no row answers a question"))
