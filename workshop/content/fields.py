"""Field types shared by the content and session models, each with an error an author can fix."""

from __future__ import annotations

import difflib
import re
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict
from pydantic_core import PydanticCustomError

from workshop.content.text import check_markup

Format = Literal["group", "one-on-one"]
FORMATS: tuple[str, ...] = ("group", "one-on-one")
Level = Literal["beginner", "intermediate", "advanced"]
LEVELS: tuple[str, ...] = ("beginner", "intermediate", "advanced")
Priority = Literal["required", "core", "elective"]
Depth = Literal["essential", "standard", "extended"]
PRIORITIES: tuple[str, ...] = ("required", "core", "elective")

_NAME = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_MODULE_ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*/[a-z0-9]+(?:-[a-z0-9]+)*$")
_VARIABLE = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")


def did_you_mean(word: str, choices: list[str] | tuple[str, ...]) -> str:
    """' Did you mean `x`?' when a close choice exists, else ''."""
    close = difflib.get_close_matches(str(word), list(choices), n=1, cutoff=0.6)
    return f"; did you mean '{close[0]}'?" if close else ""


def _text(value: str) -> str:
    if not value.strip():
        raise PydanticCustomError("empty_text", "is empty; write the text or remove the field")
    problem = check_markup(value)
    if problem:
        raise PydanticCustomError("bad_text", problem)
    return value


def _name(value: str) -> str:
    if not _NAME.match(value):
        raise PydanticCustomError(
            "bad_id", "'{value}' is not a valid id: use lower-case letters, digits and hyphens, "
            "e.g. 'search-audit'", {"value": value})
    return value


def _module_id(value: str) -> str:
    if not _MODULE_ID.match(value):
        raise PydanticCustomError(
            "bad_module_id", "'{value}' is not a module id: write <track>/<name>, "
            "e.g. 'core/why-now'", {"value": value})
    return value


def _variable(value: str) -> str:
    if not _VARIABLE.match(value):
        raise PydanticCustomError(
            "bad_variable", "'{value}' is not a variable name: use letters, digits and "
            "underscores, starting with a letter", {"value": value})
    return value


Text = Annotated[str, AfterValidator(_text)]
Name = Annotated[str, AfterValidator(_name)]
ModuleId = Annotated[str, AfterValidator(_module_id)]
VariableName = Annotated[str, AfterValidator(_variable)]


def _unique(values: tuple[Any, ...]) -> tuple[Any, ...]:
    seen: set[Any] = set()
    for value in values:
        if value in seen:
            raise PydanticCustomError("duplicate", "'{value}' is listed twice; list it once",
                                      {"value": value})
        seen.add(value)
    return values


Unique = AfterValidator(_unique)


class Model(BaseModel):
    """Frozen after loading; unknown keys are errors (reported with the closest known one)."""

    model_config = ConfigDict(frozen=True, extra="forbid")
