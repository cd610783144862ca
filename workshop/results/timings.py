"""How long modules really ran: the minutes facilitators recorded per block (run mode keeps
them, or a sheet typed after the day), compared with the plan across deliveries.

A timings file is a CSV with the columns `module` (its id, e.g. core/why-now), `planned` and
`actual` (whole minutes), and optionally `date` and `format` (group or one-on-one); other
columns are ignored. Errors name the row and the column.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from workshop.errors import Problem, ValidationFailed, display_path
from workshop.roster import csv_rows

COLUMNS = ("date", "module", "format", "planned", "actual")
MIN_DELIVERIES = 3  # fewer runs than this say nothing about a module
OFF_BY = 0.10  # a run 10% (and at least 3 minutes) off its plan ran long or short
MIN_MINUTES = 3


@dataclass(frozen=True)
class Run:
    row: int
    module: str
    planned: int
    actual: int
    format: str = ""
    date: str = ""


@dataclass(frozen=True)
class Drift:
    """A module that ran long (or short) in most of its deliveries."""

    module: str
    runs: int
    off: int  # runs that were off in that direction
    planned: float  # mean planned minutes
    actual: float  # mean actual minutes

    @property
    def long(self) -> bool:
        return self.actual > self.planned

    def suggest(self, minutes: int) -> int:
        """Today's `minutes` scaled as the deliveries ran, to the nearest 5."""
        return max(5, int(5 * round(minutes * self.actual / self.planned / 5)))


def read_timings(path: Path) -> list[Run]:
    shown = display_path(path)
    rows = csv_rows(path, "timings", ", ".join(COLUMNS))
    header_row, fields = rows[0]
    header = [f.strip().casefold() for f in fields]
    missing = [c for c in ("module", "planned", "actual") if c not in header]
    if missing:
        raise ValidationFailed([Problem(shown, header_row, 0, "", (
            f"the header has no {' or '.join(missing)} column (found: "
            f"{', '.join(f.strip() for f in fields)}); the columns are "
            + ", ".join(COLUMNS) + " (date and format optional)"))])
    where = {name: header.index(name) for name in COLUMNS if name in header}
    problems: list[Problem] = []
    runs: list[Run] = []
    for row, cells in rows[1:]:
        values = {name: (cells[i].strip() if i < len(cells) else "") for name, i in
                  where.items()}
        bad = False
        for name in ("planned", "actual"):
            text = values[name]
            if not text.isdigit() or not 0 < int(text) <= 24 * 60:
                problems.append(Problem(shown, row, where[name] + 1, name, (
                    f"'{text}' is not a number of minutes: write whole minutes, e.g. 45")))
                bad = True
        if not values["module"]:
            problems.append(Problem(shown, row, where["module"] + 1, "module",
                                    "no module id: write it as in `workshop modules`, e.g. "
                                    "core/why-now"))
            bad = True
        if values.get("format") and values["format"] not in ("group", "one-on-one"):
            problems.append(Problem(shown, row, where["format"] + 1, "format", (
                f"'{values['format']}' is not a format: write group or one-on-one, or leave "
                "it empty")))
            bad = True
        if not bad:
            runs.append(Run(row, values["module"], int(values["planned"]),
                            int(values["actual"]), values.get("format", ""),
                            values.get("date", "")))
    if problems:
        raise ValidationFailed(problems)
    return runs


def drifts(runs: list[Run], fmt: str | None = None) -> dict[str, Drift]:
    """Modules (of format `fmt`, when given) that ran long, or short, in at least two thirds
    of at least three deliveries, and by 10% on average."""
    by_module: dict[str, list[Run]] = {}
    for run in runs:
        if fmt is None or run.format in ("", fmt):
            by_module.setdefault(run.module, []).append(run)
    found: dict[str, Drift] = {}
    for module, done in by_module.items():
        if len(done) < MIN_DELIVERIES:
            continue
        planned = sum(r.planned for r in done) / len(done)
        actual = sum(r.actual for r in done) / len(done)

        def off(r: Run, sign: int) -> bool:
            gap = (r.actual - r.planned) * sign
            return gap >= MIN_MINUTES and gap >= OFF_BY * r.planned
        for sign in (1, -1):
            count = sum(1 for r in done if off(r, sign))
            if count * 3 >= 2 * len(done) and (actual - planned) * sign >= OFF_BY * planned:
                found[module] = Drift(module, len(done), count, planned, actual)
    return found


def explain(drift: Drift, minutes: int) -> str:
    """The line `plan --explain` gives a module that keeps running long or short."""
    way = "long" if drift.long else "short"
    return (f"{drift.module}: ran {way} in {drift.off} of {drift.runs} deliveries "
            f"({drift.actual:.0f} min for {drift.planned:.0f} planned on average): plan "
            f"about {drift.suggest(minutes)} min for today's {minutes}")
