"""Build a program: every session in its own folder, in parallel, then an overview and an index.

Sessions build in separate processes (`-j N`), started fresh ("spawn"), never forked from this
one: a forked child can inherit a lock some native library held at that moment and wait on it
forever. One that fails is reported with its error and the others still build. The overview
(program.html and .pdf) and index.html are written last, from what each session reported back.
"""

from __future__ import annotations

import multiprocessing
import time
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from workshop.errors import WorkshopError, display_path
from workshop.overview import EVERYONE
from workshop.program import Program, ProgramSession, load_program


@dataclass(frozen=True)
class Options:
    libraries: tuple[Path, ...] = ()
    template: Path | None = None
    templates: Path | None = None
    split: bool = False


@dataclass
class SessionReport:
    """What a session's build tells the overview: its plan, its files, or its error."""

    number: int
    slug: str
    title: str
    source: str
    date: str = ""
    start: str = ""
    end: str = ""
    minutes: int = 0
    format: str = ""
    departments: list[str] = field(default_factory=list)
    audience: str = ""
    participants: int | None = None
    people: int = 0
    modules: list[tuple[str, str, list[str]]] = field(default_factory=list)  # id, title, depts
    files: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    error: str = ""
    seconds: float = 0.0


def _people_for(item: ProgramSession, program: Program, tailored):  # noqa: ANN001, ANN202
    """The roster for one session: its own, or the program's people in its departments."""
    from workshop.build import roster_people

    people = roster_people(tailored)
    if people is None:
        return None
    origin = item.session._origins.get("roster", (None,))[0]
    if origin is not None and Path(origin).resolve() == program.file:
        people = [p for p in people if p.department in item.session.departments]
    return people


def build_one(program_file: Path, number: int, out_dir: Path, options: Options) -> SessionReport:
    """Build session `number` of the program (run in a worker process)."""
    from workshop.build import write_outputs, prepare_loaded
    from workshop.errors import ValidationFailed
    from workshop.inputs import check_session
    from workshop.content.library import load_library
    from workshop.errors import Problems
    from workshop.plan import clock

    begin = time.perf_counter()
    program = load_program(program_file)
    item = program.sessions[number - 1]
    session = item.session
    report = SessionReport(number, item.slug, session.title, display_path(item.source))
    try:
        problems = Problems()
        library = load_library(tuple(options.libraries) + tuple(
            Path(ref) for ref in session.library), problems)
        check_session(session, library, problems)
        problems.raise_if_any()
        tailored = prepare_loaded(session, library, options.template, options.templates)
        people = _people_for(item, program, tailored)
        result = write_outputs(tailored, out_dir / item.slug, people, options.split)
    except ValidationFailed as exc:
        report.error = "\n".join(str(p) for p in exc.problems)
        return report
    except WorkshopError as exc:
        report.error = exc.format_message()
        return report
    blocks = tailored.agenda.blocks
    report.date = tailored.values["date"]
    report.start, report.end = clock(blocks[0].start), clock(blocks[-1].end)
    report.minutes = session.duration
    report.format = session.format
    report.departments = tailored.department_names
    report.audience = session.audience or ""
    report.participants = session.participants
    report.people = len(people or [])
    report.modules = [(m.module.id, m.module.title,
                       [library.department_name(d) for d in m.module.departments
                        if d in session.departments] or [EVERYONE])
                      for m in tailored.modules]
    report.files = [name for name in result.written if name != "manifest.json"]
    report.warnings = result.warnings
    report.seconds = time.perf_counter() - begin
    return report


def build_program(program_file: Path, out_dir: Path, options: Options, jobs: int,
                  progress: Callable[[SessionReport, int, int], None]) -> list[SessionReport]:
    """Build every session (`jobs` at a time), then program.html/.pdf and index.html."""
    program = load_program(program_file)  # every problem in every session, before any work
    from workshop.build import prepare_out_dir

    prepare_out_dir(out_dir)
    count = len(program.sessions)
    reports: list[SessionReport] = []
    jobs = max(1, min(jobs, count))
    if jobs == 1:
        for item in program.sessions:
            report = build_one(program_file, item.number, out_dir, options)
            reports.append(report)
            progress(report, len(reports), count)
    else:
        spawn = multiprocessing.get_context("spawn")
        with ProcessPoolExecutor(max_workers=jobs, mp_context=spawn) as pool:
            futures = [pool.submit(build_one, program_file, item.number, out_dir, options)
                       for item in program.sessions]
            for future in as_completed(futures):
                try:
                    report = future.result()
                except Exception as exc:  # noqa: BLE001 - a worker that died is one failure
                    raise WorkshopError(f"a session's build process stopped: {exc}") from None
                reports.append(report)
                progress(report, len(reports), count)
    reports.sort(key=lambda r: r.number)
    from workshop.overview import write_overview

    write_overview(program, reports, out_dir)
    return reports
