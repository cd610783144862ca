"""User-facing failures: each error knows its exit code and how to show itself."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import click


def display_path(path: str | os.PathLike[str] | None) -> str:
    """A path as the user would type it: relative to the working folder when below it."""
    if path is None:
        return "<input>"
    p = Path(path)
    try:
        return str(p.resolve().relative_to(Path.cwd().resolve()))
    except (ValueError, OSError):
        return str(p)


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with one input, located as precisely as we know."""

    file: str
    line: int = 0
    col: int = 0
    path: str = ""
    message: str = ""

    def __str__(self) -> str:
        where = self.file
        if self.line:
            where += f":{self.line}" + (f":{self.col}" if self.col else "")
        field = f" {self.path}:" if self.path else ""
        return f"{where}:{field} {self.message}"


class WorkshopError(click.ClickException):
    """A mistake in the user's input or environment; shown without a traceback, exit 1."""

    exit_code = 1

    def show(self, file=None) -> None:  # click's signature
        click.echo(f"error: {self.format_message()}", err=True)


class ValidationFailed(WorkshopError):
    """Every problem found in every file, sorted, then one summary line."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = sorted(set(problems))
        super().__init__(self.summary())

    def summary(self) -> str:
        files = {p.file for p in self.problems}
        n = len(self.problems)
        return (f"{n} problem{'s' if n != 1 else ''} in {len(files)} "
                f"file{'s' if len(files) != 1 else ''}")

    def show(self, file=None) -> None:  # click's signature
        for problem in self.problems:
            click.echo(str(problem), err=True)
        click.echo(self.summary(), err=True)


class FieldProblems(WorkshopError):
    """What is wrong with fields of a valid session that only planning finds (the time is
    too short, a required module is excluded): (field path, message) pairs. The load stage
    locates each in the file that wrote the field."""

    def __init__(self, items: list[tuple[tuple[str | int, ...], str]]) -> None:
        self.items = items
        super().__init__("; ".join(f"{'.'.join(map(str, path))}: {message}"
                                   for path, message in items))


class Problems:
    """Collects problems across files so that we can report all of them at once."""

    def __init__(self) -> None:
        self.items: list[Problem] = []

    def add(self, file: str | os.PathLike[str] | None, message: str, *, line: int = 0,
            col: int = 0, path: str = "") -> None:
        self.items.append(Problem(display_path(file), line, col, path, message))

    def extend(self, problems: list[Problem]) -> None:
        self.items.extend(problems)

    def __bool__(self) -> bool:
        return bool(self.items)

    def raise_if_any(self) -> None:
        if self.items:
            raise ValidationFailed(self.items)
