"""Build a program: every session in its own folder, in parallel, then an overview and an index.

Sessions build in separate processes (`-j N`), started fresh ("spawn"), never forked from this
one: a forked child can inherit a lock some native library held at that moment and wait on it
forever. One that fails is reported with its error and the others still build. The overview
(program.html and .pdf) and index.html are written last, from what each session reported back.
"""

from __future__ import annotations

import multiprocessing
import time
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass, field
from pathlib import Path

from workshop.errors import ValidationFailed, WorkshopError, display_path
from workshop.overview import EVERYONE
from workshop.project import Overrides, Project, load


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


def build_one(program_file: Path, number: int, out_dir: Path, overrides: Overrides,
              split: bool) -> SessionReport:
    """Build session `number` of the program (run in a worker process, which loads the
    program again: it is valid, the parent checked it whole, and the libraries are cached)."""
    from workshop.build import build_loaded
    from workshop.plan import clock

    begin = time.perf_counter()
    item = load(program_file, overrides).sessions[number - 1]
    session, library = item.session, item.library
    report = SessionReport(number, item.slug, session.title, display_path(item.source))
    try:
        result = build_loaded(item, out_dir / item.slug, split)
    except ValidationFailed as exc:
        report.error = "\n".join(str(p) for p in exc.problems)
        return report
    except WorkshopError as exc:
        report.error = exc.format_message()
        return report
    blocks = item.agenda.blocks
    report.date = _date(session.date)
    report.start, report.end = clock(blocks[0].start), clock(blocks[-1].end)
    report.minutes = session.duration
    report.format = session.format
    report.departments = [library.department_name(d) for d in session.departments]
    report.audience = session.audience or ""
    report.participants = session.participants
    report.people = len(item.people or ())
    titles = dict(result.modules)  # with the session's values filled in
    report.modules = [(m.id, titles.get(m.id, m.title),
                       [library.department_name(d) for d in m.departments
                        if d in session.departments] or [EVERYONE])
                      for m in item.agenda.modules]
    report.files = [name for name in result.written if name != "manifest.json"]
    report.warnings = result.warnings
    report.seconds = time.perf_counter() - begin
    return report


def _date(date) -> str:
    from workshop.tailor import format_date

    return format_date(date)


def build_program(project: Project, out_dir: Path, overrides: Overrides, split: bool,
                  jobs: int, progress: Callable[[SessionReport, int, int], None]
                  ) -> list[SessionReport]:
    """Build every session of a loaded program (`jobs` at a time), then program.html/.pdf
    and index.html."""
    from workshop.build import prepare_out_dir

    prepare_out_dir(out_dir)
    count = len(project.sessions)
    reports: list[SessionReport] = []
    jobs = max(1, min(jobs, count))
    if jobs == 1:
        for item in project.sessions:
            report = build_one(project.file, item.number, out_dir, overrides, split)
            reports.append(report)
            progress(report, len(reports), count)
    else:
        spawn = multiprocessing.get_context("spawn")
        with ProcessPoolExecutor(max_workers=jobs, mp_context=spawn) as pool:
            futures = [pool.submit(build_one, project.file, item.number, out_dir, overrides,
                                   split) for item in project.sessions]
            for future in as_completed(futures):
                try:
                    report = future.result()
                except Exception as exc:  # a worker that died is one failure
                    raise WorkshopError(f"a session's build process stopped: {exc}") from None
                reports.append(report)
                progress(report, len(reports), count)
    reports.sort(key=lambda r: r.number)
    from workshop.overview import write_overview

    write_overview(project, reports, out_dir)
    return reports
