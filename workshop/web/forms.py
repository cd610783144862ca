"""The session form: what the browser sends, turned into a session file's fields, and the load
stage's problems turned back into messages beside the fields they concern."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from workshop.errors import Problem

TEXT_FIELDS = ("title", "organization", "duration", "start", "timezone", "location",
               "facilitator", "audience")
CHOICE_FIELDS = ("format", "level", "paper")
LIST_FIELDS = ("departments", "sector", "outputs", "include", "exclude")
VARIABLE = re.compile(r"^\s*([A-Za-z_][A-Za-z0-9_]*)\s*[:=]\s*(.*?)\s*$")


def session_data(form: Mapping[str, Any], lists: Mapping[str, list[str]],
                 uploads: Mapping[str, str]) -> dict[str, Any]:
    """A session file's fields from the form; empty fields are left out, so the session's
    defaults apply exactly as they would in a file. `uploads` maps template and logo to the
    names of the files this workspace holds."""
    data: dict[str, Any] = {}
    for name in TEXT_FIELDS + CHOICE_FIELDS:
        value = str(form.get(name, "")).strip()
        if value:
            data[name] = value
    for name in LIST_FIELDS:
        values = [v.strip() for v in lists.get(name, []) if v.strip()]
        if values:
            data[name] = values
    if str(form.get("date", "")).strip():
        data["date"] = str(form["date"]).strip()
    participants = str(form.get("participants", "")).strip()
    if participants:
        data["participants"] = int(participants) if participants.isdigit() else participants
    variables = {}
    for line in str(form.get("variables", "")).splitlines():
        match = VARIABLE.match(line)
        if match and match.group(2):
            variables[match.group(1)] = match.group(2)
    if variables:
        data["variables"] = variables
    branding: dict[str, Any] = {}
    color = str(form.get("primary_color", "")).strip()
    if color:
        branding["primary_color"] = color
    for name in ("template", "logo"):
        if uploads.get(name):
            branding[name] = uploads[name]
    layouts = {key[len("layout_"):]: str(value).strip() for key, value in form.items()
               if key.startswith("layout_") and str(value).strip()}
    if layouts and uploads.get("template"):
        branding["layouts"] = layouts
    if branding:
        data["branding"] = branding
    for name in ("roster", "intake", "timings"):
        if uploads.get(name):
            data[name] = uploads[name]
    return data


def form_values(data: Mapping[str, Any]) -> dict[str, Any]:
    """The form's values from a session file's fields (to open a saved session)."""
    values: dict[str, Any] = {}
    for name in TEXT_FIELDS + CHOICE_FIELDS + ("date", "participants"):
        if data.get(name) is not None:
            values[name] = str(data[name])
    for name in LIST_FIELDS:
        value = data.get(name)
        if isinstance(value, str):
            value = [value]
        if isinstance(value, list):
            values[name] = [str(v) for v in value]
    variables = data.get("variables")
    if isinstance(variables, dict):
        values["variables"] = "\n".join(f"{k}: {v}" for k, v in variables.items())
    branding = data.get("branding")
    if isinstance(branding, dict) and branding.get("primary_color"):
        values["primary_color"] = str(branding["primary_color"])
    if isinstance(branding, dict) and isinstance(branding.get("layouts"), dict):
        for logical, name in branding["layouts"].items():
            values[f"layout_{logical}"] = str(name)
    return values


def field_of(problem: Problem) -> str:
    """The form field a problem concerns: 'departments[1]' -> 'departments',
    'branding.logo' -> 'logo'; '' for problems with the whole file."""
    path = problem.path
    if path.startswith("branding."):
        return path.split(".")[1].split("[")[0]
    return re.split(r"[.\[]", path, maxsplit=1)[0] if path else ""


def by_field(problems: list[Problem]) -> dict[str, list[str]]:
    """Messages per field, as the command line would word them (without the file name)."""
    out: dict[str, list[str]] = {}
    for problem in problems:
        out.setdefault(field_of(problem), []).append(problem.message)
    return out
