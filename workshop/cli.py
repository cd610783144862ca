"""The `workshop` command line: parse options, call one stage, show the result."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import click

from workshop import __version__

LIBRARY_OPTION = click.option(
    "--library", "-L", "libraries", multiple=True, metavar="DIR",
    type=click.Path(path_type=Path, file_okay=False),
    help="Extra module/exercise folder, layered over the built-in curriculum (repeatable).")


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "--version", "-V", prog_name="workshop")
def main() -> None:
    """Build executive social media literacy sessions: deck, agenda, guide and handouts.

    Start with `workshop new session.yaml --department legal --org "Acme"`, then
    `workshop build session.yaml`.
    """


def _library_for(libraries: tuple[Path, ...], department: str | None):
    """The layered library, and --department as the id of the department it names."""
    from workshop.content.library import load_library

    library = load_library(libraries)
    if department is None:
        return library, None
    dept = library.department_id(department)
    if dept is None:
        raise click.BadParameter(library.unknown_department(department),
                                 param_hint="--department")
    return library, dept


def _session_file(path: Path) -> Path:
    if not path.is_file():
        raise click.BadParameter(f"{path}: no such file", param_hint="SESSION")
    return path


# ---------------------------------------------------------------- validate


STRICT_OPTION = click.option(
    "--strict", is_flag=True,
    help="Programs: treat clashing bookings and repeated modules as errors, not warnings.")


@main.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path, exists=True))
@STRICT_OPTION
@LIBRARY_OPTION
def validate(paths: tuple[Path, ...], strict: bool, libraries: tuple[Path, ...]) -> None:
    """Check libraries (folders), session files and program files whole: every field, every
    file they name, every roster, and whether each session can be planned. Lists every
    problem found.

    With no PATHS, checks the built-in curriculum.
    """
    from workshop.content.library import load_library
    from workshop.errors import Problems, ValidationFailed, display_path
    from workshop.project import Overrides, load, program_report

    folders = tuple(libraries) + tuple(p for p in paths if p.is_dir())
    files = [p for p in paths if not p.is_dir()]
    problems = Problems()
    library = load_library(folders, problems)
    sessions = programs = 0
    notes: list[str] = []
    for file in files:
        try:
            project = load(file, Overrides(libraries=folders))
        except ValidationFailed as exc:
            problems.extend(exc.problems)
            continue
        if not project.program:
            sessions += 1
            continue
        programs += 1
        sessions += len(project.sessions)
        report = program_report(project)
        if strict:
            problems.extend(list(report.problems))
        else:
            for problem in report.problems:
                click.echo(f"warning: {problem}", err=True)
        if report.hours:
            notes.append(f"{display_path(file)}: hours per person: {report.hours_summary()}")
    problems.raise_if_any()
    counted = ""
    if files:
        counted = f", {sessions} session{'s' if sessions != 1 else ''}"
        if programs:
            counted += f" (in {programs} program{'s' if programs != 1 else ''})"
    click.echo(f"ok: {len(library.modules)} modules, {len(library.exercises)} exercises, "
               f"{len(library.departments)} departments{counted}")
    for note in notes:
        click.echo(note)


# ---------------------------------------------------------------- plan


@main.command("plan")
@click.argument("session", type=click.Path(path_type=Path, dir_okay=False))
@click.option("--json", "as_json", is_flag=True, help="Print the agenda as JSON.")
@click.option("--explain", is_flag=True, help="Say why each module was chosen, placed or dropped.")
@LIBRARY_OPTION
def plan_command(session: Path, as_json: bool, explain: bool,
                 libraries: tuple[Path, ...]) -> None:
    """Print the agenda a session file produces, with clock times."""
    from workshop.build import prepare
    from workshop.plan import clock
    from workshop.project import Overrides

    tailored = prepare(_session_file(session), Overrides(libraries=libraries))
    agenda = tailored.agenda
    titles = {m.module.id: m.module.title for m in tailored.modules}
    if as_json:
        click.echo(json.dumps(agenda.to_json(titles), indent=2, ensure_ascii=False))
        return
    s = tailored.session
    sector = f" · {tailored.values['sector']}" if s.sector else ""
    click.echo(f"{s.title} · {s.organization} · {s.format} · "
               f"{', '.join(tailored.department_names)}{sector}")
    for block in agenda.blocks:
        title = titles.get(block.id, block.title) if block.id else block.title
        click.echo(f"  {clock(block.start)}–{clock(block.end)}  {block.minutes:>3} min  "
                   f"{block.kind:<10}  {title}" + (f"  [{block.id}]" if block.id else ""))
    click.echo(f"Total: {agenda.total_minutes} minutes, {clock(agenda.blocks[0].start)}–"
               f"{clock(agenda.blocks[-1].end)}")
    shares = agenda.shares()
    own = " · ".join(f"{tailored.library.department_name(d)} {shares[f'own:{d}']:.0f}%"
                     for d in s.departments)
    click.echo(f"Time: own tracks {own} · opening and closing {shares['edges']:.0f}% · "
               f"open discussion {shares['filler']:.0f}% · breaks {shares['breaks']:.0f}%")
    from workshop.tailor import tailoring_variables

    for name, (users, searched) in tailoring_variables(agenda, s).items():
        click.echo(f"Tailor further: `variables: {{{name}: …}}` names it in "
                   f"{', '.join(users)}" + ("; the live searches that need it are left out "
                                            "until it is set" if searched else ""))
    if not explain:  # the explanation says what was dropped, and why
        for dropped in agenda.dropped:
            click.echo(f"Dropped: {dropped.id}: {dropped.reason}")
    if explain:
        click.echo("\nWhy:")
        for line in agenda.explanation:
            click.echo(f"  {line}")


# ---------------------------------------------------------------- build


@main.command()
@click.argument("file", type=click.Path(path_type=Path, dir_okay=False))
@click.option("-o", "--out", "out_dir", type=click.Path(path_type=Path),
              help="Output folder (default: build/<file name>/).")
@click.option("--template", type=click.Path(path_type=Path, dir_okay=False),
              help="A .pptx corporate template; overrides branding.template.")
@click.option("--templates", type=click.Path(path_type=Path, file_okay=False), metavar="DIR",
              help="Folder of print templates searched before the built-in ones; overrides "
                   "branding.templates.")
@click.option("--split", is_flag=True,
              help="With a roster: also one handouts PDF per person, in handouts/.")
@click.option("-j", "--jobs", type=click.IntRange(min=1), default=None, metavar="N",
              help="Programs: build N sessions at once (default: the number of CPUs).")
@STRICT_OPTION
@LIBRARY_OPTION
def build(file: Path, out_dir: Path | None, template: Path | None, templates: Path | None,
          split: bool, jobs: int | None, strict: bool, libraries: tuple[Path, ...]) -> None:
    """Build every output of a session, or of every session in a program file.

    The whole file is checked first, every session of a program included: nothing is
    written unless all of it is valid."""
    from workshop.build import build_loaded, default_out_dir
    from workshop.errors import ValidationFailed, display_path
    from workshop.project import Overrides, load, program_report

    overrides = Overrides(template, templates, tuple(libraries))
    project = load(_session_file(file), overrides)
    out_dir = out_dir or default_out_dir(file)
    if project.program:
        report = program_report(project)
        if strict and report.problems:
            raise ValidationFailed(list(report.problems))
        for problem in report.problems:
            click.echo(f"warning: {problem}", err=True)
        _build_program(project, out_dir, overrides, split, jobs)
        return
    result = build_loaded(project.sessions[0], out_dir, split)
    for warning in result.warnings:
        click.echo(f"warning: {warning}", err=True)
    for name in result.written:
        click.echo(f"wrote {display_path(result.out_dir / name)}")


def _build_program(project, out_dir: Path, overrides, split: bool,
                   jobs: int | None) -> None:
    import os

    from workshop.batch import build_program
    from workshop.errors import WorkshopError, display_path

    jobs = jobs or os.cpu_count() or 1
    bar = None
    interactive = sys.stdout.isatty()

    def progress(report, done: int, total: int) -> None:
        nonlocal bar
        status = "failed" if report.error else f"{len(report.files)} files, {report.seconds:.1f} s"
        if interactive:
            if bar is None:
                bar = click.progressbar(length=total, label="Building sessions",
                                        show_pos=True)
                bar.__enter__()
            bar.update(1)
            if report.error:
                click.echo(f"\n{report.slug}: {status}", err=True)
        else:
            click.echo(f"[{done}/{total}] {report.slug}: {status}")

    try:
        reports = build_program(project, out_dir, overrides, split, jobs, progress)
    finally:
        if bar is not None:
            bar.__exit__(None, None, None)
    failures = 0
    for report in reports:
        for warning in report.warnings:
            click.echo(f"warning: {report.slug}: {warning}", err=True)
        if report.error:
            failures += 1
            click.echo(f"error: {report.slug} ({report.source}):", err=True)
            for line in report.error.splitlines():
                click.echo(f"  {line}", err=True)
    click.echo(f"wrote {display_path(out_dir)}/index.html, program.pdf and program.ics "
               f"({len(reports)} sessions)")
    if failures:
        raise WorkshopError(f"{failures} session(s) failed; the other sessions were built")


# ---------------------------------------------------------------- new


SESSION_SCAFFOLD = """\
# Session file for the workshop toolkit. Build it with:
#   workshop build {file}
# Every field is explained in the README ("Session files"); `workshop schema session`
# prints a JSON Schema your editor can use to complete and check this file.

title: {title}
organization: {organization}
format: {format}                  # group | one-on-one
departments: [{departments}]      # known: {known}
duration: {duration}              # minutes, or "90m", "1h30m", "7:45", "7.5h"
{date}
start: "{start}"
{timezone}
{location}
{participants}
{facilitator}
{audience}
level: {level}                   # beginner | intermediate | advanced
modules: auto                     # or an ordered list of module ids (`workshop modules`)
# include: [core/show-and-tell]
# exclude: []
# breaks: {{every: 90, length: 15}}
# variables: {{competitor: Globex}}
# branding: {{logo: logo.png, primary_color: "#0B5FFF"}}
paper: {paper}                         # a4 | letter
"""


def _yaml_text(value: str) -> str:
    return json.dumps(value, ensure_ascii=False)


def _field(name: str, value: object, example: str, quote: bool = True) -> str:
    """A set field, or the field commented out with an example."""
    if value is None:
        return f"# {name}: {example}"
    return f"{name}: {_yaml_text(str(value)) if quote else value}"


@main.command()
@click.argument("file", type=click.Path(path_type=Path, dir_okay=False))
@click.option("--department", "-d", "departments", multiple=True, required=True,
              help="Department, by id or name (repeatable), e.g. legal, HR, sales, "
                   "leadership.")
@click.option("--format", "-f", "fmt", type=click.Choice(["group", "one-on-one"]),
              default="group", show_default=True)
@click.option("--duration", default="3h", show_default=True,
              help="e.g. 90, 90m, 1h30m, 7:45, 7.5h.")
@click.option("--org", "organization", required=True, help="The client organization.")
@click.option("--title", help="Session title (default: from the departments).")
@click.option("--date", type=click.DateTime(["%Y-%m-%d"]), help="Day of the session, YYYY-MM-DD.")
@click.option("--start", default="09:00", show_default=True, help="Start time, HH:MM.")
@click.option("--timezone", help="IANA time zone of the start time, e.g. Europe/London.")
@click.option("--location", help="Room, address or video link.")
@click.option("--participants", type=click.IntRange(1, 100_000), help="Expected number.")
@click.option("--facilitator", help="Who runs the session.")
@click.option("--audience", help="Who attends, e.g. 'General Counsel and team'.")
@click.option("--level", type=click.Choice(["beginner", "intermediate", "advanced"]),
              default="beginner", show_default=True)
@click.option("--paper", type=click.Choice(["a4", "letter"]), default="a4", show_default=True)
@click.option("--force", is_flag=True, help="Overwrite an existing file.")
@LIBRARY_OPTION
def new(file: Path, departments: tuple[str, ...], fmt: str, duration: str, organization: str,
        title: str | None, date: Any, start: str, timezone: str | None, location: str | None,
        participants: int | None, facilitator: str | None, audience: str | None, level: str,
        paper: str, force: bool, libraries: tuple[Path, ...]) -> None:
    """Write a commented session file that builds as it is."""
    from pydantic_core import PydanticCustomError

    from workshop.build import write_atomic
    from workshop.errors import WorkshopError, display_path
    from workshop.session import parse_clock, parse_duration, parse_timezone

    library = _library_for(libraries, None)[0]
    ids = []
    for text in departments:
        dept = library.department_id(text)
        if dept is None:
            raise click.BadParameter(library.unknown_department(text), param_hint="--department")
        ids.append(dept)
    ids = list(dict.fromkeys(ids))
    try:
        minutes = parse_duration(duration)
    except PydanticCustomError as exc:
        raise click.BadParameter(exc.message(), param_hint="--duration") from None
    try:
        start = parse_clock(start)
    except PydanticCustomError as exc:
        raise click.BadParameter(exc.message(), param_hint="--start") from None
    try:
        timezone = parse_timezone(timezone) if timezone is not None else None
    except PydanticCustomError as exc:
        raise click.BadParameter(exc.message(), param_hint="--timezone") from None
    if file.exists() and not force:
        raise WorkshopError(f"{display_path(file)} already exists: choose another name or "
                            "pass --force to overwrite it")
    names = [library.department_name(d) for d in ids]
    title = title or ("Social media for " + (names[0] if len(names) == 1 else
                                             ", ".join(names[:-1]) + " and " + names[-1]))
    text = SESSION_SCAFFOLD.format(
        file=file.name, title=_yaml_text(title), organization=_yaml_text(organization),
        format=fmt, departments=", ".join(ids), duration=_yaml_text(
            f"{minutes // 60}h{minutes % 60:02d}m" if minutes % 60 else f"{minutes // 60}h"),
        known=", ".join(sorted(library.departments)),
        date=_field("date", date.date().isoformat() if date else None, "2027-01-14", False),
        start=start, timezone=_field("timezone", timezone, "Europe/London"),
        location=_field("location", location, "Board room, 4th floor"),
        participants=_field("participants", participants, "12", False),
        facilitator=_field("facilitator", facilitator, "Jordan Lee"),
        audience=_field("audience", audience, "General Counsel and team"),
        level=level, paper=paper)
    if not file.parent.is_dir():
        raise WorkshopError(f"folder {display_path(file.parent)} does not exist")
    write_atomic(file, text.encode("utf-8"))
    click.echo(f"wrote {display_path(file)}; next: workshop plan {display_path(file)}")


# ---------------------------------------------------------------- listings


@main.command()
@click.option("--department", "-d", help="Only modules serving this department.")
@click.option("--format", "-f", "fmt", type=click.Choice(["group", "one-on-one"]),
              help="Only modules with this format.")
@click.option("--json", "as_json", is_flag=True, help="Print a JSON list.")
@LIBRARY_OPTION
def modules(department: str | None, fmt: str | None, as_json: bool,
            libraries: tuple[Path, ...]) -> None:
    """List the modules in the library and where each came from."""
    from workshop.errors import display_path

    library, department = _library_for(libraries, department)
    chosen = [m for m in library.modules.values()
              if (not department or m.serves(department)) and (not fmt or fmt in m.formats)]
    chosen.sort(key=lambda m: (m.track != "core", m.track, m.position != "opening",
                               m.position == "closing", m.order, m.id))
    if as_json:
        click.echo(json.dumps([{
            "id": m.id, "title": m.title, "summary": m.summary,
            "departments": list(m.departments), "formats": list(m.formats),
            "minutes": dict(m.minutes), "priority": m.priority, "level": m.level,
            "requires": list(m.requires), "exercises": list(m.exercise_ids),
            "library": library.layer_of(m), "file": display_path(m.file)} for m in chosen],
            indent=2, ensure_ascii=False))
        return
    for m in chosen:
        minutes = ", ".join(f"{f} {n}" for f, n in m.minutes.items())
        click.echo(f"{m.id:<36} {m.priority:<9} {m.level:<13} {minutes:<24} {m.title}"
                   f"  ({library.layer_of(m)})")
    click.echo(f"{len(chosen)} modules")


@main.command()
@click.option("--json", "as_json", is_flag=True, help="Print a JSON list.")
@LIBRARY_OPTION
def exercises(as_json: bool, libraries: tuple[Path, ...]) -> None:
    """List the exercises in the library."""
    from workshop.content.library import load_library
    from workshop.errors import display_path

    library = load_library(libraries)
    items = sorted(library.exercises.values(), key=lambda e: e.id)
    if as_json:
        click.echo(json.dumps([{
            "id": e.id, "title": e.title, "summary": e.summary, "formats": list(e.formats),
            "minutes": dict(e.minutes), "group_size": dict(e.group_size),
            "library": library.layer_of(e), "file": display_path(e.file)} for e in items],
            indent=2, ensure_ascii=False))
        return
    for e in items:
        minutes = ", ".join(f"{f} {n}" for f, n in e.minutes.items())
        click.echo(f"{e.id:<32} {minutes:<24} {e.title}  ({library.layer_of(e)})")
    click.echo(f"{len(items)} exercises")


@main.command()
@click.option("--department", "-d", help="Only the core modules and this department's.")
@click.option("-o", "--out", type=click.Path(path_type=Path, dir_okay=False),
              default=Path("catalog.pdf"), show_default=True,
              help="The file to write: .pdf, or .html for a web page.")
@click.option("--templates", type=click.Path(path_type=Path, file_okay=False, exists=True),
              metavar="DIR", help="Folder with your own catalog.html.j2 (see the README).")
@click.option("--paper", type=click.Choice(["a4", "letter"]), default="a4", show_default=True,
              help="Paper size of the PDF.")
@LIBRARY_OPTION
def catalog(department: str | None, out: Path, templates: Path | None, paper: str,
            libraries: tuple[Path, ...]) -> None:
    """Write a client-facing catalogue of the modules and exercises, by department."""
    from workshop.build import write_atomic
    from workshop.catalog import render_catalog
    from workshop.errors import WorkshopError, display_path

    library, department = _library_for(libraries, department)
    if not out.parent.is_dir():
        raise WorkshopError(f"folder {display_path(out.parent)} does not exist")
    write_atomic(out, render_catalog(library, department, out, templates, paper))
    click.echo(f"wrote {display_path(out)}")


@main.command()
@click.argument("kind", type=click.Choice(["module", "exercise", "session", "departments",
                                          "documents"]))
@click.option("-o", "--out", type=click.Path(path_type=Path, dir_okay=False),
              help="Write to a file instead of standard output.")
def schema(kind: str, out: Path | None) -> None:
    """Print the JSON Schema of a module, exercise, session or departments file, or of the
    data print templates receive (documents)."""
    from pydantic import BaseModel
    from pydantic.json_schema import models_json_schema

    from workshop.build import write_atomic
    from workshop.content.models import DepartmentsFile, Exercise, Module
    from workshop.render.documents.model import DOCUMENT_MODELS
    from workshop.session import Session

    if kind == "documents":
        refs, data = models_json_schema([(m, "serialization") for m in DOCUMENT_MODELS],
                                        ref_template="#/$defs/{model}")
        data["oneOf"] = [refs[(m, "serialization")] for m in DOCUMENT_MODELS]
        data["description"] = ("What print templates receive as `data` (Typst: "
                               "`load-data()`; screen templates: `data`). `document` says "
                               "which: a session's five documents, a program overview or "
                               "the catalogue.")
    else:
        models: dict[str, type[BaseModel]] = {
            "module": Module, "exercise": Exercise, "session": Session,
            "departments": DepartmentsFile}
        model = models[kind]
        data = model.model_json_schema()
    if "$ref" in data:  # a recursive model (exercise variants) comes back as a reference
        name = data.pop("$ref").rsplit("/", 1)[1]
        data = {**data["$defs"][name], "$defs": data["$defs"]}
    data = {"$schema": "", **data}
    data["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    data["title"] = "workshop print template data" if kind == "documents" else \
        f"workshop {kind} file"
    text = json.dumps(data, indent=2, ensure_ascii=False) + "\n"
    if out:
        write_atomic(out, text.encode("utf-8"))
    else:
        sys.stdout.write(text)


# ---------------------------------------------------------------- serve

LOCAL_HOSTS = ("127.0.0.1", "localhost", "::1")


@main.command()
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on. Anything but this machine needs an access token.")
@click.option("--port", type=click.IntRange(1, 65535), default=8765, show_default=True)
@click.option("--token", help="Access token for a non-local --host (default: a new one, "
                              "printed with the address).")
@click.option("--no-browser", is_flag=True, help="Do not open a browser window.")
def serve(host: str, port: int, token: str | None, no_browser: bool) -> None:
    """Design, build and download sessions in the browser, no YAML needed."""
    import secrets
    import webbrowser

    import uvicorn

    from workshop.web.app import Settings, create_app

    if host not in LOCAL_HOSTS:
        token = token or secrets.token_urlsafe(18)
    elif token is not None:
        raise click.BadParameter("a token is only needed when --host is not this machine",
                                 param_hint="--token")
    shown = f"[{host}]" if ":" in host else host
    address = f"http://{shown}:{port}/" + (f"?token={token}" if token else "")
    settings = Settings(token)
    click.echo(f"workshop serve: open {address}  (Ctrl+C to stop)")
    if not no_browser:
        webbrowser.open(address)
    try:
        uvicorn.run(create_app(settings), host=host, port=port, log_level="warning")
    finally:
        settings.close()


# ---------------------------------------------------------------- results


@main.group()
def results() -> None:
    """Answers from participants: collect the intake questionnaire online, feed it back."""


@results.command("report")
@click.argument("file", metavar="SESSION|PROGRAM", type=click.Path(path_type=Path,
                                                                    dir_okay=False))
@click.argument("answers", metavar="[EVALUATIONS.csv]", required=False,
                type=click.Path(path_type=Path, dir_okay=False))
@click.option("-o", "--out", type=click.Path(path_type=Path, file_okay=False),
              help="Output folder (default: build/<file name>/).")
def results_report(file: Path, answers: Path | None, out: Path | None) -> None:
    """Sum up evaluations: results.pdf, results.html and results.csv.

    For a session, name its evaluations file (or set `evaluations:` in it). For a program,
    each session's `evaluations:` is summed up in its folder, and the program's results
    compare the sessions side by side.
    """
    from workshop.build import default_out_dir, write_atomic
    from workshop.errors import Problem, ValidationFailed, WorkshopError, display_path
    from workshop.project import load
    from workshop.results.evaluation import Evaluations, read_evaluations
    from workshop.results.report import render_program_report, render_report, titles_of

    project = load(_session_file(file))
    if project.program and answers is not None:
        raise click.UsageError("a program's sessions name their own files: set "
                               "`evaluations:` on each session, and leave out EVALUATIONS.csv")
    found: dict[int, Evaluations] = {}
    problems: list[Problem] = []
    for loaded in project.sessions:
        source = answers or (Path(loaded.session.evaluations) if loaded.session.evaluations
                             else None)
        if source is None:
            continue
        try:
            found[loaded.number] = read_evaluations(source, titles_of(loaded))
        except ValidationFailed as exc:
            problems += exc.problems
    if problems:
        raise ValidationFailed(problems)
    if not found:
        raise WorkshopError(
            "no evaluations to report: name the file, e.g. `workshop results report "
            f"{display_path(file)} evaluations.csv`, or set `evaluations:` in the session"
            + ("s" if project.program else ""))
    if project.program:
        files = render_program_report(project, found)
    else:
        files = render_report(project.sessions[0], next(iter(found.values())))
    # Everything is made before anything is written.
    folder = out or default_out_dir(file)
    for name, data in files.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        write_atomic(folder / name, data)
        click.echo(f"wrote {display_path(folder / name)}")
    count = sum(len(e.answers) for e in found.values())
    click.echo(f"{count} evaluations from {len(found)} session{'s' if len(found) != 1 else ''}")


@results.command("import")
@click.argument("file", metavar="FILE.csv", type=click.Path(path_type=Path, dir_okay=False))
@click.option("--session", "session_file", required=True,
              type=click.Path(path_type=Path, dir_okay=False),
              help="The session the answers are for.")
@click.option("-o", "--out", type=click.Path(path_type=Path, dir_okay=False),
              help="Intake answers: also write them with our own column names, a clean copy "
                   "to keep beside the session.")
def results_import(file: Path, session_file: Path, out: Path | None) -> None:
    """Check a Microsoft Forms or Google Forms export against a session and say what it
    holds: intake answers or evaluations (told apart by their questions)."""
    from workshop.content.questions import normal
    from workshop.errors import display_path
    from workshop.project import load_session
    from workshop.roster import csv_rows

    loaded = load_session(_session_file(session_file))
    header = [normal(h) for h in csv_rows(file, "answers", "the questions of a form")[0][1]]
    if any(h.startswith(("each part of the session", "how likely are you")) for h in header):
        if out is not None:
            raise click.UsageError("-o copies intake answers; an evaluations export is read "
                                   "as it is")
        field = "evaluations"
        _import_evaluations(file, loaded)
    else:
        field = "intake"
        _import_intake(file, loaded, out)
    click.echo(f"To use it, add to {display_path(session_file)}:  {field}: "
               f"{display_path(out or file)}")


def _import_evaluations(file: Path, loaded: Any) -> None:
    from workshop.errors import display_path
    from workshop.results.evaluation import nps, read_evaluations
    from workshop.results.report import titles_of

    answers = read_evaluations(file, titles_of(loaded)).answers
    score = nps([a.recommend for a in answers if a.recommend is not None])
    click.echo(f"{display_path(file)}: {len(answers)} evaluations of "
               f"'{loaded.session.title}'" + (f", net promoter score {score[0]:+d}"
                                              if score else ""))


def _import_intake(file: Path, loaded: Any, out: Path | None) -> None:
    import csv
    import io

    from workshop.build import write_atomic
    from workshop.content.questions import COMFORT, CONCERNS, GOALS, INTAKE_COLUMNS, intake_header
    from workshop.errors import display_path
    from workshop.results.intake import read_intake

    session = loaded.session
    solo, org = session.format == "one-on-one", session.organization
    intake = read_intake(file, solo, org)
    click.echo(f"{display_path(file)}: {intake.count} intake answers for '{session.title}'")
    for which in ("concerns", "goals"):
        for text, n in intake.tally(which, org)[:3]:
            click.echo(f"  {which[:-1]}: {text} ({n} of {intake.count})")
    if not intake.shown:
        click.echo("  fewer than 3 answers: the deck will not show them (anonymity)")
    if out is None:
        return
    columns = intake_header(solo)
    rows = []
    for r in intake.responses:
        values = {INTAKE_COLUMNS["name"]: r.name, INTAKE_COLUMNS["role"]: r.role,
                  INTAKE_COLUMNS["department"]: r.department,
                  INTAKE_COLUMNS["goals"]: ";".join(c.shown(solo, org) for c in GOALS
                                                    if c.topic in r.goals),
                  INTAKE_COLUMNS["goal"]: r.goal,
                  INTAKE_COLUMNS["concerns"]: ";".join(c.shown(solo, org) for c in CONCERNS
                                                       if c.topic in r.concerns),
                  INTAKE_COLUMNS["worries"]: r.worries}
        values.update({f"{INTAKE_COLUMNS['comfort']} [{c.text}]": str(r.comfort[c.topic])
                       for c in COMFORT if c.topic in r.comfort})
        rows.append([values.get(c, "") for c in columns])
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerows([columns, *rows])
    write_atomic(out, buffer.getvalue().encode("utf-8"))
    click.echo(f"wrote {display_path(out)}")


@results.command("timings")
@click.argument("files", metavar="TIMINGS.csv...", nargs=-1, required=True,
                type=click.Path(path_type=Path, dir_okay=False))
@click.option("--format", "fmt", type=click.Choice(["group", "one-on-one"]),
              help="Only deliveries in this format.")
def results_timings(files: tuple[Path, ...], fmt: str | None) -> None:
    """Planned and actual minutes per module across deliveries; which run long or short."""
    from workshop.errors import Problem, ValidationFailed
    from workshop.results.timings import Run, drifts, read_timings

    runs: list[Run] = []
    problems: list[Problem] = []
    for file in files:
        try:
            runs += read_timings(file)
        except ValidationFailed as exc:
            problems += exc.problems
    if problems:
        raise ValidationFailed(problems)
    chosen = [r for r in runs if fmt is None or r.format in ("", fmt)]
    drift = drifts(chosen)
    by_module: dict[str, list[Run]] = {}
    for run in chosen:
        by_module.setdefault(run.module, []).append(run)
    click.echo(f"{'module':<48} {'runs':>4} {'planned':>8} {'actual':>7}  verdict")
    for module, done in sorted(by_module.items()):
        planned = sum(r.planned for r in done) / len(done)
        actual = sum(r.actual for r in done) / len(done)
        found = drift.get(module)
        verdict = ("too few runs to say" if len(done) < 3 else
                   f"runs {'long' if found.long else 'short'}: plan about "
                   f"{found.suggest(round(planned))} min" if found else "on time")
        click.echo(f"{module:<48} {len(done):>4} {planned:>8.0f} {actual:>7.0f}  {verdict}")


@results.command("form")
@click.argument("form", type=click.Choice(["intake", "evaluation"]))
@click.option("--session", "session_file", type=click.Path(path_type=Path, dir_okay=False),
              help="evaluation: the session whose modules the form rates (required).")
@click.option("--one-on-one", is_flag=True, help="The one-on-one wording (I, my; no "
                                                 "department question).")
@click.option("--organization", default="your organization", show_default=True,
              help="The name the boxes use ('Measuring what social media brings ...').")
@click.option("-o", "--out", type=click.Path(path_type=Path, dir_okay=False),
              help="Also write the CSV header to this file, to fill in by hand.")
def results_form(form: str, session_file: Path | None, one_on_one: bool, organization: str,
                 out: Path | None) -> None:
    """How to build the intake or evaluation form in Microsoft Forms or Google Forms, so
    that its export can be read back (intake: in a session; `results report`)."""
    import csv
    import io

    from workshop.build import write_atomic
    from workshop.content.questions import intake_header
    from workshop.errors import WorkshopError, display_path

    if form == "evaluation":
        header = _evaluation_form(session_file)
    else:
        header = intake_header(one_on_one)
        _intake_form(one_on_one, organization)
    if out is not None:
        if not out.parent.is_dir():
            raise WorkshopError(f"folder {display_path(out.parent)} does not exist")
        text = io.StringIO()
        csv.writer(text, lineterminator="\r\n").writerow(header)
        write_atomic(out, text.getvalue().encode("utf-8"))
        click.echo(f"wrote {display_path(out)}")


def _evaluation_form(session_file: Path | None) -> list[str]:
    from workshop.content.questions import (
        CONFIDENCE,
        EVALUATION_COLUMNS,
        EVALUATION_TEXTS,
        evaluation_header,
    )
    from workshop.project import load_session
    from workshop.results.report import titles_of

    if session_file is None:
        raise click.UsageError("the evaluation form rates the session's own modules: add "
                               "--session SESSION")
    titles = list(titles_of(load_session(_session_file(session_file))).values())
    c = EVALUATION_COLUMNS
    lines = [
        "Create these questions with these exact titles, then export the responses as CSV "
        "and run `workshop results report SESSION responses.csv`.", "",
        f"1. {c['modules']}  (Likert or grid, 1 to 5, 1 = not useful, 5 = very useful), "
        "one row per part:", *[f"     - {t}" for t in titles],
        f"2. {c['before']}  (Likert or grid, 1 to 5), one row each:",
        *[f"     - {s}" for s in CONFIDENCE],
        f"3. {c['now']}  (the same rows, 1 to 5)",
        f"4. {c['recommend']}  (0 to 10)",
        f"5. {c['clarity']}  (1 to 5)",
        f"6. {c['length']}  (1 = far too short, 5 = far too long)",
        *[f"{7 + i}. {c[k]}  (long text)" for i, k in enumerate(EVALUATION_TEXTS)],
        f"{7 + len(EVALUATION_TEXTS)}. Optional: {c['comments']} (long text, one per part), "
        f"{c['name']}, {c['department']}",
        "", "Or fill in a sheet by hand with the header -o writes."]
    click.echo("\n".join(lines))
    return evaluation_header(titles)


def _intake_form(one_on_one: bool, organization: str) -> None:
    from workshop.content.questions import (
        COMFORT,
        COMFORT_SCALE,
        CONCERNS,
        GOALS,
        INTAKE_COLUMNS,
        intake_header,
    )

    low, high = COMFORT_SCALE
    lines = [
        "Create these questions, with these exact titles (case and punctuation do not "
        "matter), then export the responses as CSV (Microsoft Forms: Open in Excel, save "
        "as CSV UTF-8; Google Forms: Responses, Download responses (.csv)).",
        "",
        f"1. {INTAKE_COLUMNS['name']}  (short text; optional, leave out for anonymous answers)",
        f"2. {INTAKE_COLUMNS['role']}  (short text; optional)",
    ]
    number = 3
    if not one_on_one:
        lines.append(f"{number}. {INTAKE_COLUMNS['department']}  (choice or short text; "
                     "optional)")
        number += 1
    lines.append(f"{number}. {INTAKE_COLUMNS['comfort']}  (Microsoft Forms: Likert; Google "
                 f"Forms: multiple-choice grid; columns {low} to {high}, "
                 f"{low} = not at all, {high} = completely), one row each:")
    lines += [f"     - {c.text}" for c in COMFORT]
    for key, choices in (("goals", GOALS), ("goal", ()), ("concerns", CONCERNS),
                         ("worries", ())):
        number += 1
        kind = "checkboxes, several answers allowed" if choices else "long text"
        lines.append(f"{number}. {INTAKE_COLUMNS[key]}  ({kind})" + (":" if choices else ""))
        lines += [f"     - {c.shown(one_on_one, organization)}" for c in choices]
    lines += ["", "Or fill in a sheet by hand with this header row (-o writes it):",
              ", ".join(intake_header(one_on_one))]
    click.echo("\n".join(lines))


# ---------------------------------------------------------------- template


@main.group()
def template() -> None:
    """Work with corporate PowerPoint templates."""


@template.command("inspect")
@click.argument("file", type=click.Path(path_type=Path, dir_okay=False, exists=True))
@click.option("--map", "mapping", multiple=True, metavar="LOGICAL=NAME",
              help="Try a layout mapping, as branding.layouts would set it (repeatable).")
def template_inspect(file: Path, mapping: tuple[str, ...]) -> None:
    """List a template's layouts and placeholders, and how each logical layout maps."""
    from workshop.render.deck.inspect import describe_template

    overrides = {}
    for item in mapping:
        if "=" not in item:
            raise click.BadParameter(f"'{item}' is not LOGICAL=NAME, e.g. content=\"Text Page\"",
                                     param_hint="--map")
        key, name = item.split("=", 1)
        overrides[key.strip()] = name.strip()
    click.echo(describe_template(file, overrides))
