"""Validate located YAML data against a model; turn pydantic's errors into located, fixable
problems."""

from __future__ import annotations

import datetime as dt
import types
from typing import Annotated, Any, TypeVar, Union, get_args, get_origin

from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from workshop.content.fields import did_you_mean
from workshop.content.yamlfile import FieldPath, Located
from workshop.errors import Problem

M = TypeVar("M", bound=BaseModel)


def validate(model: type[M], located: Located, what: str,
             context: object = None) -> tuple[M | None, list[Problem]]:
    """The model for `located.data`, or None and every problem found in it; `context` is
    handed to the model's validators (a library file's Identity)."""
    data = located.data
    if data is None:
        return None, [located.problem((), f"file is empty; expected a {what} (a mapping of "
                                           f"fields such as 'title:')")]
    if not isinstance(data, dict):
        return None, [located.problem((), f"expected a {what} (a mapping of fields such as "
                                           f"'title:'), got {kind_of(data)}")]
    try:
        return model.model_validate(data, context=context), []
    except ValidationError as exc:
        return None, problems_from(exc, located, model)


def kind_of(value: Any) -> str:
    if value is None:
        return "nothing (an empty value)"
    if isinstance(value, bool):
        return f"{'true' if value else 'false'}"
    if isinstance(value, str):
        return f"the text '{value[:40]}'" if value else "empty text"
    if isinstance(value, (int, float)):
        return f"the number {value}"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, (dt.date, dt.datetime)):
        return f"the date {value}"
    return type(value).__name__


_EXPECTED = {
    "string_type": "text",
    "int_type": "a whole number",
    "int_parsing": "a whole number",
    "int_from_float": "a whole number",
    "float_type": "a number",
    "float_parsing": "a number",
    "bool_type": "true or false",
    "bool_parsing": "true or false",
    "list_type": "a list",
    "tuple_type": "a list",
    "dict_type": "a mapping",
    "model_type": "a mapping",
    "model_attributes_type": "a mapping",
    "date_type": "a date such as 2027-01-14",
    "date_parsing": "a date such as 2027-01-14",
    "date_from_datetime_parsing": "a date such as 2027-01-14",
}


def _message(error: ErrorDetails) -> str:
    kind, ctx, value = error["type"], error.get("ctx") or {}, error.get("input")
    if kind in _EXPECTED:
        return f"expected {_EXPECTED[kind]}, got {kind_of(value)}"
    if kind == "missing":
        return "required field is missing: add it"
    if kind == "literal_error":
        expected = ctx.get("expected", "")
        choices = [c.strip().strip("'") for c in expected.replace(" or ", ", ").split(",")]
        return f"'{value}' is not allowed; expected one of: {', '.join(choices)}" + \
            did_you_mean(str(value), choices)
    if kind == "union_tag_invalid":
        tags = [t.strip().strip("'") for t in ctx.get("expected_tags", "").split(",")]
        return (f"unknown {ctx.get('discriminator', 'kind').strip(chr(39))} '{ctx.get('tag')}'"
                f"{did_you_mean(str(ctx.get('tag')), tags)} expected one of: {', '.join(tags)}"
                ).replace("? expected", "? Expected").replace("' expected", "'; expected")
    if kind == "union_tag_not_found":
        return f"missing `{ctx.get('discriminator', 'kind').strip(chr(39))}:` saying what this is"
    if kind in ("too_short", "string_too_short"):
        if ctx.get("min_length") == 1:
            return "is empty; give at least one" + (" item" if kind == "too_short" else
                                                    " character")
        return f"needs at least {ctx.get('min_length')} items, has {ctx.get('actual_length')}"
    if kind in ("too_long", "string_too_long"):
        unit = "items" if kind == "too_long" else "characters"
        return f"has too many {unit}: at most {ctx.get('max_length')}; shorten it or split it"
    if kind in ("greater_than_equal", "greater_than", "less_than_equal", "less_than"):
        bound = {"greater_than_equal": "at least", "greater_than": "more than",
                 "less_than_equal": "at most", "less_than": "less than"}[kind]
        limit = next(iter(ctx.values()), "")
        return f"expected {bound} {limit}, got {value}"
    if kind == "string_pattern_mismatch":
        return f"'{value}' has the wrong form; expected a web address starting with https://"
    message = error.get("msg", "invalid value")
    return message.removeprefix("Value error, ").removeprefix("Assertion failed, ")


def problems_from(exc: ValidationError, located: Located, model: type[BaseModel]
                  ) -> list[Problem]:
    problems: list[Problem] = []
    for error in exc.errors(include_url=False):
        loc = tuple(error["loc"])
        path = _data_path(loc, located.data)
        if path is None:
            continue
        if error["type"] == "too_short" and _length(path, located.data) >= \
                (error.get("ctx") or {}).get("min_length", 0):
            continue  # pydantic counts only the items that validated; the item errors say more
        if error["type"] == "union_tag_invalid":
            path = path + ("kind",)
        if error["type"] == "extra_forbidden":
            key = str(loc[-1])
            known = _known_fields(model, loc[:-1])
            hint = did_you_mean(key, known) or (f"; known fields: {', '.join(known)}"
                                                if known else "")
            problems.append(located.problem(path, f"unknown field '{key}'{hint}"))
            continue
        problems.append(located.problem(path, _message(error)))
    return problems


def _length(path: FieldPath, data: Any) -> int:
    """How many items the file itself has at `path` (0 when it is not a list)."""
    node = data
    for part in path:
        try:
            node = node[part]
        except (KeyError, IndexError, TypeError):
            return 0
    return len(node) if isinstance(node, list) else 0


def _unwrap(annotation: Any) -> Any:
    while True:
        origin = get_origin(annotation)
        if origin is Annotated:
            annotation = get_args(annotation)[0]
        elif origin in (Union, types.UnionType):
            members = [a for a in get_args(annotation) if a is not type(None)]
            if len(members) != 1:
                return annotation
            annotation = members[0]
        else:
            return annotation


def _step(annotation: Any, part: Any) -> Any:
    """The type found one step further along an error location."""
    annotation = _unwrap(annotation)
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        field = annotation.model_fields.get(str(part))
        return field.annotation if field else None
    origin = get_origin(annotation)
    if origin in (tuple, list):
        return get_args(annotation)[0]
    if origin is dict:
        return get_args(annotation)[1]
    if origin in (Union, types.UnionType):
        for member in get_args(annotation):
            member = _unwrap(member)
            kind = getattr(member, "model_fields", {}).get("kind")
            if kind is not None and part in get_args(kind.annotation):
                return member
    return None


def _known_fields(model: type[BaseModel], loc: tuple[Any, ...]) -> list[str]:
    """The field names allowed at `loc`, for a 'did you mean' on an unknown key."""
    annotation: Any = model
    for part in loc:
        annotation = _step(annotation, part)
        if annotation is None:
            return []
    annotation = _unwrap(annotation)
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return list(annotation.model_fields)
    return []


def _data_path(loc: FieldPath, data: Any) -> FieldPath | None:
    """Pydantic's error location as a path into the file's data.

    Drops the discriminator tags pydantic inserts, and returns None for errors about fields a
    variant inherits from its base (the base's own error already reports them).
    """
    path: list[str | int] = []
    node: Any = data
    in_variant = False
    tag_seen_at: int | None = None
    for part in loc:
        if isinstance(node, dict) and node.get("kind") == part and tag_seen_at != id(node):
            tag_seen_at = id(node)  # pydantic names the union member by its tag, once per node
            continue
        in_dict = isinstance(node, dict) and part in node
        in_list = isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node)
        if in_dict or in_list:
            path.append(part)
            node = node[part]
        elif isinstance(node, dict) and isinstance(part, str) and "[" in part:
            continue  # a validator's name inside the location, e.g. 'function-before[...]'
        elif node is not None and not isinstance(node, (dict, list)):
            break  # a scalar a validator expanded (a bullet written as text): point at it
        else:
            if in_variant and isinstance(node, dict) and len(path) >= 2 \
                    and path[-2] == "variants":
                return None
            path.append(part)
            node = None
        if len(path) >= 2 and path[-2] == "variants":
            in_variant = True
    return tuple(path)
