"""A program file: several sessions for one client, sharing organization, branding and library.

    title: Social media boot camp          # required
    organization: Acme Corp                # required, shared by every session
    branding: {...}; variables: {...}; library: [...]; paper: a4; level: ...;
    facilitator: ...; outputs: [...]; roster: people.csv   # shared defaults
    sessions:
      - file: sessions/leadership.yaml     # a session file; fields here override it
        date: 2027-01-14
      - title: Legal and HR                # or a session written inline
        departments: [legal, hr]
        duration: 6h
        date: 2027-01-15

Each session is the program's shared fields, then its file, then its entry; `variables` and
`branding` are merged key by key and `library` lists are joined. Paths are resolved against
the file that names them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any

from pydantic import Field

from workshop.content.fields import Model
from workshop.content.validation import problems_from, validate
from workshop.content.yamlfile import Located, YamlError, format_path, read_yaml
from workshop.errors import Problem, Problems, ValidationFailed, display_path
from workshop.roster import slugify
from workshop.session import Branding, Session

SHARED = ("organization", "facilitator", "branding", "variables", "library", "paper", "level",
          "outputs", "roster")
MAX_SESSIONS = 200


class ProgramFile(Model):
    """The fields of a program file itself; each session entry is checked as a session."""

    title: Annotated[str, Field(min_length=1, max_length=200)]
    organization: Annotated[str, Field(min_length=1, max_length=200)]
    facilitator: Annotated[str, Field(max_length=120)] | None = None
    branding: Branding | None = None
    variables: dict[str, str] = Field(default_factory=dict)
    library: tuple[str, ...] = ()
    paper: str | None = None
    level: str | None = None
    outputs: tuple[str, ...] | None = None
    roster: str | None = None
    sessions: Annotated[list[dict[str, Any]], Field(min_length=1, max_length=MAX_SESSIONS)]


@dataclass(frozen=True)
class ProgramSession:
    """One session of a program, validated, with where it came from."""

    number: int
    session: Session
    source: Path  # the file that defined it (a session file, or the program file)

    @property
    def slug(self) -> str:
        return f"{self.number:02d}-{slugify(self.session.title, 48) or 'session'}"


@dataclass(frozen=True)
class Program:
    title: str
    organization: str
    file: Path
    sessions: tuple[ProgramSession, ...]


def is_program(located: Located) -> bool:
    return isinstance(located.data, dict) and "sessions" in located.data


def _absolute(value: Any, folder: Path, field: str) -> Any:
    """Paths are relative to the file that names them; make them absolute before merging."""
    if value is None:
        return None
    if field == "library" and isinstance(value, list):
        return [str((folder / v).resolve()) if isinstance(v, str) else v for v in value]
    if field == "branding" and isinstance(value, dict):
        return {k: (str((folder / v).resolve()) if k in ("template", "logo", "templates")
                    and isinstance(v, str) else v) for k, v in value.items()}
    if field == "roster" and isinstance(value, str):
        return str((folder / value).resolve())
    return value


def _layer(base: dict[str, Any], over: dict[str, Any], folder: Path,
           origin: dict[str, tuple[Located, tuple]], located: Located, prefix: tuple) -> None:
    for key, value in over.items():
        value = _absolute(value, folder, key)
        if key in ("variables", "branding") and isinstance(value, dict) and \
                isinstance(base.get(key), dict):
            base[key] = {**base[key], **value}
        elif key == "library" and isinstance(value, list) and isinstance(base.get(key), list):
            base[key] = base[key] + value
        else:
            base[key] = value
        origin[key] = (located, prefix + (key,))


def load_program(file: Path) -> Program:
    """The program and each of its sessions, or ValidationFailed listing every problem."""
    problems = Problems()
    try:
        located = read_yaml(file)
    except YamlError as exc:
        raise ValidationFailed([exc.problem]) from None
    program, found = validate(ProgramFile, located, "program")
    if program is None:
        raise ValidationFailed(found)
    folder = file.resolve().parent
    shared_raw = {key: located.data[key] for key in SHARED if key in located.data}
    sessions: list[ProgramSession] = []
    for index, entry in enumerate(program.sessions):
        prefix = ("sessions", index)
        merged: dict[str, Any] = {}
        origin: dict[str, tuple[Located, tuple]] = {}
        _layer(merged, shared_raw, folder, origin, located, ())
        source = file.resolve()
        entry = dict(entry)
        reference = entry.pop("file", None)
        if reference is not None:
            if not isinstance(reference, str):
                problems.extend([located.problem(prefix + ("file",), "expected the path of a "
                                                 "session file")])
                continue
            source = (folder / reference).resolve()
            try:
                session_file = read_yaml(source)
            except YamlError as exc:
                problems.extend([exc.problem])
                continue
            if not isinstance(session_file.data, dict):
                problems.extend([session_file.problem((), "expected a session (a mapping of "
                                                      "fields such as 'title:')")])
                continue
            _layer(merged, session_file.data, source.parent, origin, session_file, ())
        _layer(merged, entry, folder, origin, located, prefix)
        session = _validate_session(merged, origin, located, prefix, problems)
        if session is not None:
            session._file = source
            session._origins = {key: (loc.file, loc.marks, where[:-1])
                                for key, (loc, where) in origin.items()}
            sessions.append(ProgramSession(index + 1, session, source))
    problems.raise_if_any()
    return Program(program.title, program.organization, file.resolve(), tuple(sessions))


def _validate_session(merged: dict[str, Any], origin: dict[str, tuple[Located, tuple]],
                      program: Located, prefix: tuple, problems: Problems) -> Session | None:
    """Validate the merged session; each problem points at the file and line that set it."""
    from pydantic import ValidationError

    try:
        return Session.model_validate(merged)
    except ValidationError as exc:
        synthetic = Located(program.file, merged, {})
        for problem in problems_from(exc, synthetic, Session):
            top = problem.path.split(".")[0].split("[")[0]
            source, where = origin.get(top, (program, prefix))
            rest = problem.path[len(top):]
            path = where + tuple(_parts(rest)) if top in origin else where + (top,)
            line, col = source.where(path)
            problems.extend([Problem(display_path(source.file), line, col,
                                     format_path(path), problem.message)])
    return None


def _parts(rest: str) -> list[Any]:
    parts: list[Any] = []
    for token in re.findall(r"\.([^.\[]+)|\[(\d+)\]", rest):
        parts.append(token[0] if token[0] else int(token[1]))
    return parts
