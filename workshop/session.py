"""The session file: what a trainer writes, validated, with defaults and paths resolved."""

from __future__ import annotations

import datetime as dt
import os
import re
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import Field, PrivateAttr, WithJsonSchema, field_validator
from pydantic_core import PydanticCustomError

from workshop.content.fields import Format, Level, Model, ModuleId, Name, Unique, VariableName
from workshop.content.yamlfile import FieldPath, Located, format_path
from workshop.errors import Problem, display_path

OUTPUTS: tuple[str, ...] = ("deck", "agenda", "guide", "handouts", "intake", "evaluation")
Output = Literal["deck", "agenda", "guide", "handouts", "intake", "evaluation"]
MIN_DURATION, MAX_DURATION = 1, 16 * 60

DEFAULT_ACCENT = "#0B5FFF"  # the brand colour when a session names none
# What outputs are dated when neither SOURCE_DATE_EPOCH nor the session says: never the clock.
FIXED_EPOCH = dt.datetime(2024, 1, 1, tzinfo=dt.timezone.utc)

_DURATION = re.compile(r"^\s*(?:(\d+)\s*h)?\s*(?:(\d+)\s*m(?:in)?)?\s*$")
_CLOCK = re.compile(r"^(\d{1,2}):(\d{2})$")
_COLOR = re.compile(r"^#[0-9A-Fa-f]{6}$")
_FORMAT_ALIASES = {"1:1": "one-on-one", "1-1": "one-on-one", "one-to-one": "one-on-one",
                   "1on1": "one-on-one", "coaching": "one-on-one", "workshop": "group"}


def parse_duration(value: Any) -> int:
    """Minutes from 90, '90m', '1h30m' or '3h'."""
    if isinstance(value, bool):
        raise PydanticCustomError("duration", "expected minutes as a number, or text such as "
                                              "'90m', '1h30m' or '3h'")
    if isinstance(value, int):
        minutes = value
    elif isinstance(value, str) and (match := _DURATION.match(value)) and any(match.groups()):
        hours, mins = match.groups()
        minutes = int(hours or 0) * 60 + int(mins or 0)
    else:
        raise PydanticCustomError("duration", "'{value}' is not a duration: write minutes as a "
                                              "number, or text such as '90m', '1h30m' or '3h'",
                                  {"value": value})
    if not MIN_DURATION <= minutes <= MAX_DURATION:
        raise PydanticCustomError("duration", "{minutes} minutes is not a session length: use "
                                              "{low} minutes to {high} hours",
                                  {"minutes": minutes, "low": MIN_DURATION,
                                   "high": MAX_DURATION // 60})
    return minutes


def parse_clock(value: Any) -> str:
    match = _CLOCK.match(value) if isinstance(value, str) else None
    if not match or int(match.group(1)) > 23 or int(match.group(2)) > 59:
        raise PydanticCustomError("clock", "'{value}' is not a time of day: write it as \"HH:MM\" "
                                           "in quotes, e.g. \"09:00\" or \"13:30\"",
                                  {"value": value})
    return f"{int(match.group(1)):02d}:{match.group(2)}"


def _color(value: str) -> str:
    if not _COLOR.match(value):
        raise PydanticCustomError("color", "'{value}' is not a colour: write it as \"#RRGGBB\" "
                                           "in quotes, e.g. \"#0B5FFF\"", {"value": value})
    return value.upper()


class Breaks(Model):
    every: Annotated[int, Field(ge=0, le=240)] = Field(
        90, description="Minutes of content between breaks; 0 for no breaks.")
    length: Annotated[int, Field(ge=0, le=60)] = 15
    lunch: Annotated[int, Field(ge=0, le=120)] | None = Field(
        None, description="Minutes for a lunch break near the middle of the day; default 45 "
                          "for group sessions of 6 hours or more.")


class Branding(Model):
    template: str | None = Field(None, description="A .pptx whose layouts the deck uses.")
    logo: str | None = Field(None, description="PNG, JPEG or SVG shown on the title slide and in "
                                               "the header of every printed page.")
    primary_color: Annotated[str, WithJsonSchema({"type": "string", "pattern": _COLOR.pattern})] \
        = DEFAULT_ACCENT
    layouts: dict[str, str] = Field(default_factory=dict,
                                    description="Logical layout -> layout name in the template.")
    templates: str | None = Field(None, description="Folder of print (.typ) and screen (.j2) "
                                                    "templates that override the built-in "
                                                    "ones of the same name.")

    @field_validator("primary_color")
    @classmethod
    def _primary_color(cls, value: str) -> str:
        return _color(value)


class Session(Model):
    """One training session: who, how long, which departments, which outputs."""

    title: Annotated[str, Field(min_length=1, max_length=200)]
    organization: Annotated[str, Field(min_length=1, max_length=200)]
    format: Format = "group"
    departments: Annotated[tuple[Name, ...], Unique, Field(min_length=1)]
    duration: Annotated[int, WithJsonSchema({"anyOf": [
        {"type": "integer", "minimum": MIN_DURATION},
        {"type": "string", "pattern": r"^\s*(\d+\s*h)?\s*(\d+\s*m(in)?)?\s*$"}]})] = Field(
        description="Minutes as a number, or '90m', '1h30m', '3h'.")
    date: dt.date | None = None
    start: Annotated[str, WithJsonSchema({"type": "string", "pattern": r"^\d{1,2}:\d{2}$"})] = \
        "09:00"
    participants: Annotated[int, Field(ge=1, le=100_000)] | None = None
    facilitator: Annotated[str, Field(max_length=120)] | None = None
    audience: Annotated[str, Field(max_length=200)] | None = None
    level: Level = "beginner"
    modules: Annotated[tuple[ModuleId, ...], Unique, Field(min_length=1), WithJsonSchema({
        "anyOf": [{"const": "auto"}, {"type": "array", "items": {"type": "string"}}]})] | None \
        = Field(None, description="'auto', or an explicit ordered list of module ids.")
    include: Annotated[tuple[ModuleId, ...], Unique] = ()
    exclude: Annotated[tuple[ModuleId, ...], Unique] = ()
    breaks: Breaks | None = Field(None, description="Group default: every 90 minutes for 15; "
                                                    "one-on-one default: none. `false` for none.")
    variables: dict[VariableName, Annotated[str, Field(max_length=500)]] = Field(
        default_factory=dict, description="Values for {{ placeholders }} in content.")
    branding: Branding = Field(default_factory=Branding)
    paper: Literal["a4", "letter"] = "a4"
    outputs: Annotated[tuple[Output, ...], Unique, Field(min_length=1)] = OUTPUTS
    library: tuple[str, ...] = Field((), description="Extra module and exercise folders, "
                                                     "relative to this file.")
    roster: str | None = Field(None, description="A CSV of participants (name, email, "
                                                 "department, role) for personalized "
                                                 "handouts, or one deck per executive in 1:1.")

    _file: Path | None = PrivateAttr(None)
    _marks: dict = PrivateAttr(default_factory=dict)
    # In a program, each field may come from another file: key -> (file, marks, path prefix).
    _origins: dict = PrivateAttr(default_factory=dict)

    @field_validator("format", mode="before")
    @classmethod
    def _format(cls, value: Any) -> Any:
        return _FORMAT_ALIASES.get(str(value).strip().lower(), value) \
            if isinstance(value, str) else value

    @field_validator("departments", mode="before")
    @classmethod
    def _one_department(cls, value: Any) -> Any:
        return [value] if isinstance(value, str) else value

    @field_validator("duration", mode="before")
    @classmethod
    def _duration(cls, value: Any) -> int:
        return parse_duration(value)

    @field_validator("start", mode="before")
    @classmethod
    def _start(cls, value: Any) -> str:
        return parse_clock(value)

    @field_validator("modules", mode="before")
    @classmethod
    def _modules(cls, value: Any) -> Any:
        return None if value == "auto" else value

    @field_validator("breaks", mode="before")
    @classmethod
    def _breaks(cls, value: Any) -> Any:
        if value is False or value in ("none", "off", "no"):
            return {"every": 0, "length": 0, "lunch": 0}
        return value

    @field_validator("variables", mode="before")
    @classmethod
    def _variables(cls, value: Any) -> Any:
        # Numbers and dates are fine as values; they are shown as written.
        if isinstance(value, dict):
            return {k: (str(v) if isinstance(v, (int, float, dt.date)) and
                        not isinstance(v, bool) else v) for k, v in value.items()}
        return value

    # -- derived values

    @property
    def file(self) -> Path | None:
        return self._file

    @property
    def folder(self) -> Path:
        return self._file.parent if self._file else Path.cwd()

    def resolve(self, reference: str) -> Path:
        """A path named in the session file, relative to the file's folder."""
        return (self.folder / reference).resolve()

    @property
    def start_minutes(self) -> int:
        hours, minutes = self.start.split(":")
        return int(hours) * 60 + int(minutes)

    @property
    def effective_breaks(self) -> Breaks:
        if self.breaks is not None:
            if self.breaks.lunch is None:
                return self.breaks.model_copy(update={"lunch": self._default_lunch()})
            return self.breaks
        if self.format == "one-on-one":
            return Breaks(every=0, length=0, lunch=0)
        return Breaks(every=90, length=15, lunch=self._default_lunch())

    def _default_lunch(self) -> int:
        return 45 if self.format == "group" and self.duration >= 360 else 0

    def problem(self, path: FieldPath, message: str) -> Problem:
        """A problem with one of the session's fields, located in the file that set it."""
        file, marks, prefix = self._origins.get(path[0] if path else "",
                                                (self._file, self._marks, ()))
        located = Located(file or Path("<session>"), None, marks)
        line, col = located.where(prefix + tuple(path))
        return Problem(display_path(file), line, col, format_path(prefix + tuple(path)),
                       message)


def output_time(session: Session) -> dt.datetime:
    """The moment every output of `session` says it was made (the deck's properties, the PDFs'
    dates, the calendar's stamp): SOURCE_DATE_EPOCH when set, else midnight UTC of the session's
    date, else a fixed day. Never the wall clock, so the same inputs give the same bytes."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        return dt.datetime.fromtimestamp(int(epoch), tz=dt.timezone.utc)
    if session.date is not None:
        return dt.datetime.combine(session.date, dt.time(), tzinfo=dt.timezone.utc)
    return FIXED_EPOCH
