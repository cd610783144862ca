"""The session file: what a trainer writes, validated, with defaults and paths resolved."""

from __future__ import annotations

import datetime as dt
import difflib
import os
import re
from typing import Annotated, Any, Literal

from pydantic import Field, WithJsonSchema, field_validator
from pydantic_core import PydanticCustomError

from workshop.content.fields import Format, Level, Model, ModuleId, Unique, VariableName

OUTPUTS: tuple[str, ...] = ("deck", "agenda", "guide", "handouts", "intake", "evaluation")
Output = Literal["deck", "agenda", "guide", "handouts", "intake", "evaluation"]
MIN_DURATION, MAX_DURATION = 1, 16 * 60

DEFAULT_ACCENT = "#0B5FFF"  # the brand colour when a session names none
# What outputs are dated when neither SOURCE_DATE_EPOCH nor the session says: never the clock.
FIXED_EPOCH = dt.datetime(2024, 1, 1, tzinfo=dt.UTC)

_DURATION = re.compile(r"^\s*(?:(\d+(?:\.\d+)?)\s*h(?:ours?|rs?)?)?\s*"
                       r"(?:(\d+)\s*m(?:in(?:utes?|s)?)?)?\s*$", re.IGNORECASE)
_HOURS_MINUTES = re.compile(r"^\s*(\d{1,2}):([0-5]\d)\s*$")
_CLOCK = re.compile(r"^(\d{1,2}):(\d{2})$")
_COLOR = re.compile(r"^#[0-9A-Fa-f]{6}$")
_FORMAT_ALIASES = {"1:1": "one-on-one", "1-1": "one-on-one", "one-to-one": "one-on-one",
                   "1on1": "one-on-one", "coaching": "one-on-one", "workshop": "group"}


DURATION_HELP = "minutes as a number, or text such as '90m', '1h30m', '7:45', '7.5h' or '3h'"


def parse_duration(value: Any) -> int:
    """Minutes from 90, '90', '90m', '1h30m', '1:30', '7.5h' or '3h'."""
    if isinstance(value, bool):
        raise PydanticCustomError("duration", f"expected {DURATION_HELP}")
    minutes = None
    if isinstance(value, int):
        minutes = value
    elif (isinstance(value, float) and value.is_integer()) or \
            (isinstance(value, str) and value.strip().isdigit()):
        minutes = int(value)
    elif isinstance(value, str) and (match := _HOURS_MINUTES.match(value)):
        minutes = int(match.group(1)) * 60 + int(match.group(2))
    elif isinstance(value, str) and (match := _DURATION.match(value)) and any(match.groups()):
        hours, mins = match.groups()
        exact = float(hours or 0) * 60 + int(mins or 0)
        minutes = round(exact) if abs(exact - round(exact)) < 1e-9 else None
    if minutes is None:
        raise PydanticCustomError("duration", "'{value}' is not a duration: write "
                                  + DURATION_HELP, {"value": value})
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


def parse_timezone(value: Any) -> str:
    """An IANA time zone name ('Europe/Berlin'), checked against the zone database."""
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

    text = value.strip() if isinstance(value, str) else ""
    try:
        if text and "/" in text or text == "UTC":
            ZoneInfo(text)
            return text
    except (ZoneInfoNotFoundError, ValueError):
        pass
    zones = sorted(available_timezones())
    close = [z for z in zones if z.casefold() == text.casefold()] or \
        difflib.get_close_matches(text, zones, n=1, cutoff=0.6)
    examples = "an IANA name such as \"Europe/London\", \"America/New_York\" or \"UTC\""
    if close:
        raise PydanticCustomError("timezone", "'{value}' is not a time zone; did you mean "
                                  "'{close}'? It takes " + examples,
                                  {"value": value, "close": close[0]})
    raise PydanticCustomError("timezone", "'{value}' is not a time zone: write " + examples,
                              {"value": value})


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
    departments: Annotated[tuple[Annotated[str, Field(min_length=1, max_length=80)], ...],
                           Unique, Field(min_length=1)] = Field(
        description="Department ids or names as people write them ('legal', 'Legal', "
                    "'Human Resources'); `workshop validate` says which it knows.")
    sector: Annotated[tuple[Annotated[str, Field(min_length=1, max_length=80)], ...],
                      Unique] = Field(
        (), description="Optional: the industry (or industries) whose rules apply, by id or "
                        "name, e.g. 'financial services', 'healthcare', 'listed'; modules and "
                        "slides for that sector are then chosen, and come first.")
    duration: Annotated[int, WithJsonSchema({"anyOf": [
        {"type": "integer", "minimum": MIN_DURATION},
        {"type": "string", "pattern": r"^\s*(\d+(\.\d+)?\s*h\w*)?\s*(\d+\s*m\w*)?\s*$"},
        {"type": "string", "pattern": r"^\s*\d{1,2}:[0-5]\d\s*$"}]})] = Field(
        description="Minutes as a number, or '90m', '1h30m', '7:45', '7.5h', '3h'.")
    date: dt.date | None = None
    start: Annotated[str, WithJsonSchema({"type": "string", "pattern": r"^\d{1,2}:\d{2}$"})] = \
        "09:00"
    timezone: Annotated[str, WithJsonSchema({"type": "string", "examples": [
        "Europe/London", "America/New_York"]})] | None = Field(
        None, description="Where the clock times are (an IANA name such as 'Europe/Berlin'); "
                          "calendar files then carry the time zone.")
    location: Annotated[str, Field(min_length=1, max_length=200)] | None = Field(
        None, description="Where the session takes place: a room, an address or a video link.")
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
    outputs: Annotated[tuple[Output, ...], Unique, Field(min_length=1)] = (
        "deck", "agenda", "guide", "handouts", "intake", "evaluation")
    library: tuple[str, ...] = Field((), description="Extra module and exercise folders, "
                                                     "relative to this file.")
    roster: str | None = Field(None, description="A CSV of participants (name, email, "
                                                 "department, role) for personalized "
                                                 "handouts, or one deck per executive in 1:1.")

    intake: str | None = Field(
        None, description="A CSV of intake answers: a Microsoft Forms or Google Forms export "
                          "of the intake questionnaire, or a sheet with the header `workshop "
                          "results form intake` writes. The plan puts first what people asked "
                          "for and keeps short what everyone knows; the opening shows what "
                          "they said; the guide lists each executive's goals.")

    evaluations: str | None = Field(
        None, description="A CSV of the session's evaluations (a Forms export of the "
                          "evaluation form): `workshop results report` sums them up, for the "
                          "session or, in a program, for every session and the trend.")
    timings: str | None = Field(
        None, description="A CSV of how long modules really ran in past deliveries (module, "
                          "planned, actual; run mode records it): `plan --explain` flags the "
                          "modules that keep running long or short, with a suggested length.")

    @field_validator("format", mode="before")
    @classmethod
    def _format(cls, value: Any) -> Any:
        return _FORMAT_ALIASES.get(str(value).strip().lower(), value) \
            if isinstance(value, str) else value

    @field_validator("departments", "sector", mode="before")
    @classmethod
    def _one_department(cls, value: Any) -> Any:
        return [value] if isinstance(value, str) else value

    @field_validator("timezone", mode="before")
    @classmethod
    def _timezone(cls, value: Any) -> Any:
        return parse_timezone(value) if value is not None else None

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


def output_time(date: dt.date | None = None) -> dt.datetime:
    """The moment every output says it was made (the deck's properties, the PDFs' dates, the
    calendar's stamp): SOURCE_DATE_EPOCH when set, else midnight UTC of the session's `date`,
    else a fixed day. Never the wall clock, so the same inputs give the same bytes."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        return dt.datetime.fromtimestamp(int(epoch), tz=dt.UTC)
    if date is not None:
        return dt.datetime.combine(date, dt.time(), tzinfo=dt.UTC)
    return FIXED_EPOCH
